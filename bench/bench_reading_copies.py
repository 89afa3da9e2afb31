"""Reading several slightly moved copies of a digit at once: does averaging their beliefs read handwriting better?

A prototype measurement for issue 7 (real handwriting), not part of the app, the CLI or the library. The finished,
preprocessed 28×28 picture is read as K copies in one batch — shifted sideways, sheared, or (labelled apart, since
they move ink from one row to another) rotated or scaled — and after every row the K beliefs are averaged (the mean
of the probabilities by default; ``--average log``: the mean of the log-probabilities, renormalised). Within-row
copies keep the app's row-by-row reading honest: row r of every copy comes from row r of the drawing alone.

The sets are fixed in ``COPY_SETS`` before any full run: shears and rotations at half of training's ``--augment
strong`` ranges (shear ±0.3, rotation ±15°, uniform: half is the mean size of a distortion it trains on), sideways
shifts of the one pixel ``to_mnist`` rounds the centre of mass to, and a size 10 % either way (training varies the x/y
ratio, up to e^±0.25, not the size, which ``to_mnist`` fixes). Each set reads UNIPEN's test writers as
``bench_handwriting.py`` draws them (seed 0; rows 14 / 20 / 28, per class, and again with the canvas's 24-px brush),
a sample of UNIPEN's train writers (which the shipped model trained on: a second opinion only) and MNIST's test
digits, beside the plain reading (``plain``: one copy, as the app reads) in the same run; then the app's path is
timed: the NumPy stream at batch 1 against batch K, one thread.
Run: ``python bench/bench_reading_copies.py [--limit N] [--sets shift shear …] [--average probs|log]``.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_reading_copies"))

import os

# One BLAS/OpenMP thread for the whole run; these must be set before NumPy or torch is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import numpy as np  # noqa: E402

from bench_drawn import REPORT_ROWS, checkpoint_line  # noqa: E402
from bench_handwriting import (  # noqa: E402
    TARGET_ACCURACY,
    CanvasRanges,
    add_what_is_read,
    refuse_what_is_read,
    render,
    sample,
    test_split,
)
from rowreader import Checkpoint, load_checkpoint, load_mnist, load_pretrained  # noqa: E402
from rowreader.launch import CommandParser, say_error, starting  # noqa: E402
from rowreader.model import COLUMNS, ROWS  # noqa: E402
from rowreader.output import printing_results  # noqa: E402
from rowreader.pen import DEFAULT_PEN  # noqa: E402
from rowreader.unipen import load_unipen  # noqa: E402
from rowreader.whole_number import whole_number  # noqa: E402
from training.config import seed_argument  # noqa: E402
from training.interrupt import load_once_read  # noqa: E402

if TYPE_CHECKING:  # torch is imported once the command line is read: --help in a Python without it
    from rowreader.network import RowReader

PROG = "bench_reading_copies.py"
MNIST_FLOOR = 0.994  # … without MNIST test falling under this
MIDDLE = (ROWS - 1) / 2  # 13.5: the picture's middle row and column, which shears and rotations keep in place


@dataclass(frozen=True)
class Copy:
    """One transformed copy of the preprocessed picture, as ``grid_sample`` would draw it (bilinear, zeros outside).

    ``shift`` moves every row ``shift`` px to the right, ``shear`` row y by ``shear·(y − 13.5)`` px more: both act
    within rows. ``rotation`` (degrees, anticlockwise) and ``scale`` (about the middle) move ink between rows.
    """

    shift: float = 0.0
    shear: float = 0.0
    rotation: float = 0.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not self.within_rows and (self.shift or self.shear):  # one kind of copy at a time: kept simple
            raise ValueError("a copy that rotates or scales neither shifts nor shears")

    @property
    def within_rows(self) -> bool:
        """Whether row r of the copy comes from row r of the picture alone (what streaming needs)."""
        return self.rotation == 0 and self.scale == 1

    def name(self) -> str:
        parts = [f"{k} {v:+g}" for k, v in (("shift", self.shift), ("shear", self.shear), ("rot", self.rotation)) if v]
        return ", ".join(parts + ([f"scale {self.scale:g}"] if self.scale != 1 else [])) or "as drawn"


# Fixed before any full run (see the module's docstring): shears and rotations at half of training's `strong` ranges
# (training/config.py), shifts of the pixel to_mnist rounds the centre of mass to, sizes 10 % either way.
COPY_SETS: dict[str, tuple[Copy, ...]] = {
    "plain": (Copy(),),
    "shift": (Copy(), Copy(shift=-1), Copy(shift=1)),
    "shear": (Copy(), Copy(shear=-0.15), Copy(shear=0.15)),
    "shift+shear": (Copy(), Copy(shift=-1), Copy(shift=1), Copy(shear=-0.15), Copy(shear=0.15)),
    "rotate": (Copy(), Copy(rotation=-7.5), Copy(rotation=7.5)),  # between rows
    "rotate+scale": (Copy(), Copy(rotation=-7.5), Copy(rotation=7.5), Copy(scale=0.9), Copy(scale=1.1)),  # between rows
}


def transformed(images: np.ndarray, copy: Copy) -> np.ndarray:
    """``images`` (float32 ``[N, 28, 28]``) as ``copy`` draws them; a whole-pixel shift is exact, the identity too."""
    images = np.asarray(images, np.float32)
    if copy.within_rows:
        offsets = copy.shift + copy.shear * (np.arange(ROWS) - MIDDLE)  # px to the right, per row
        source = np.arange(COLUMNS)[None, :] - offsets[:, None]  # [rows, columns]: where each pixel comes from
        left = np.floor(source).astype(np.int64)
        frac = (source - left).astype(np.float32)
        padded = np.pad(images, ((0, 0), (0, 0), (1, 1)))  # column i at i + 1; a zero on either side
        rows = np.arange(ROWS)[:, None]

        def at(column: np.ndarray) -> np.ndarray:
            return padded[:, rows, np.clip(column, -1, COLUMNS) + 1]

        return (1 - frac) * at(left) + frac * at(left + 1)
    import torch
    import torch.nn.functional as F

    angle = math.radians(copy.rotation)
    cos, sin = math.cos(angle) / copy.scale, math.sin(angle) / copy.scale
    theta = torch.tensor([[cos, -sin, 0.0], [sin, cos, 0.0]]).expand(len(images), 2, 3)  # output → input
    x = torch.from_numpy(np.ascontiguousarray(images))[:, None]
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)[:, 0].numpy()


def average_beliefs(probs: np.ndarray, average: str) -> np.ndarray:
    """``[K, …, 10]`` beliefs of K copies → their mean (``"probs"``) or normalised geometric mean (``"log"``)."""
    if average == "probs":
        return probs.mean(axis=0)
    log = np.log(np.maximum(probs, np.finfo(np.float32).tiny)).mean(axis=0)
    out = np.exp(log - log.max(axis=-1, keepdims=True))
    return out / out.sum(axis=-1, keepdims=True)


def read_copies(
    reader: RowReader, images: np.ndarray, copies: Sequence[Copy], average: str = "probs", batch: int = 500
) -> np.ndarray:
    """The averaged beliefs after every row, float32 ``[N, 28, 10]``: each batch's K copies read as one batch."""
    import torch

    reader.eval()
    out = []
    with torch.inference_mode():
        for start in range(0, len(images), batch):
            chunk = images[start : start + batch]
            stacked = np.concatenate([transformed(chunk, c) for c in copies])
            logits = reader(torch.from_numpy(stacked).to(reader.device)).float().cpu()
            probs = torch.softmax(logits, dim=-1).numpy().reshape(len(copies), len(chunk), ROWS, -1)
            out.append(average_beliefs(probs, average))
    return np.concatenate(out)


@dataclass
class Reading:
    """One set's beliefs on every collection and what they took."""

    beliefs: dict[str, np.ndarray]  # collection → [N, 28, 10]
    seconds: float  # reading them all, one thread
    digits: int

    def accuracy(self, collection: str, labels: np.ndarray, row: int = ROWS) -> float:
        return float((self.beliefs[collection][:, row - 1].argmax(-1) == labels).mean())


def time_stream(checkpoint: Checkpoint, images: np.ndarray, copies: Sequence[Copy], rounds: int = 3) -> np.ndarray:
    """Seconds per row the app's path takes, copies made and beliefs averaged: a NumPy stream of batch K (batch 1,
    as the app reads, for one copy), one digit after another; the best of ``rounds`` passes per row."""
    stream = checkpoint.stream(None if len(copies) == 1 else len(copies))
    times = np.full((rounds, len(images), ROWS), np.inf)
    for k in range(rounds):
        for n, image in enumerate(images):
            stream.reset()
            started = time.perf_counter()
            stacked = np.stack([transformed(image[None], c)[0] for c in copies])
            made = time.perf_counter() - started  # the copies, counted in the first row's time
            for r in range(ROWS):
                t0 = time.perf_counter()
                probs = stream.feed(stacked[0, r] if len(copies) == 1 else stacked[:, r]).probs
                if len(copies) > 1:
                    probs.mean(axis=0)
                times[k, n, r] = time.perf_counter() - t0 + (made if r == 0 else 0.0)
    return times.min(axis=0)


@starting()  # a stop while the command line is read has done nothing, and says so
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = CommandParser(prog=PROG, description=__doc__.split("\n\n")[0])
    add_what_is_read(p)
    p.add_argument(
        "--seed", type=seed_argument, default=0, help="seed of the drawings and the train sample (default: %(default)s)"
    )
    sets = [name for name in COPY_SETS if name != "plain"]
    p.add_argument(  # given twice (`--sets shift --sets rotate`), the second list replaced the first: rotate alone
        "--sets",
        nargs="+",
        action="extend",
        choices=sets,
        metavar="SET",
        help="the sets of copies to read, beside the plain reading: "
        + "; ".join(f"{k}: {', '.join(c.name() for c in v)}" for k, v in COPY_SETS.items() if k != "plain")
        + " (default: all)",
    )
    p.add_argument(
        "--average",
        choices=("probs", "log"),
        default="probs",
        help="average the copies' probabilities, or their log-probabilities (default: %(default)s)",
    )
    p.add_argument(
        "--train-sample",
        type=whole_number(1),
        default=3000,
        metavar="N",
        help="how many UNIPEN train writers' digits to read as a second opinion (default: %(default)s)",
    )
    p.add_argument(
        "--limit",
        type=whole_number(1),
        metavar="N",
        help="a smoke run: only the first N digits of each collection (default: all)",
    )
    p.add_argument(
        "--time-digits",
        type=whole_number(1),
        default=100,
        metavar="N",
        help="digits the app's path is timed on, per set (default: %(default)s)",
    )
    args = p.parse_args(argv)
    args.sets = args.sets or sets  # extend's default is None: a default list would be added to, not replaced
    if len(set(args.sets)) != len(args.sets):  # each set read twice (minutes), its row printed twice
        p.error(f"--sets must be distinct, got {' '.join(args.sets)}")
    refuse_what_is_read(p, args)
    return args


def collections(args: argparse.Namespace) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The pictures (``to_mnist``'s, as the app reads them) and labels of each collection read."""
    digits = load_unipen(args.pen_dir)
    test = test_split(digits)[: args.limit]
    train = sample([d for d in digits if d.split == "train"], args.train_sample, args.seed)[: args.limit]
    mnist_x, mnist_y = load_mnist(args.data_dir, train=False)
    ranges = CanvasRanges()
    rendered = {
        "test": render(test, args.seed, ranges),
        "test 24 px": render(test, args.seed, ranges, pen=DEFAULT_PEN),
        "train": render(train, args.seed, ranges),
    }
    images = {name: r.images for name, r in rendered.items()}
    labels = {name: r.labels for name, r in rendered.items()}
    images["MNIST"] = mnist_x[: args.limit].astype(np.float32) / 255
    labels["MNIST"] = mnist_y[: args.limit].astype(np.int64)
    return images, labels


def print_results(readings: dict[str, Reading], labels: dict[str, np.ndarray]) -> None:
    """The table: every set beside the plain reading, its misreads as a ratio of the plain reading's."""
    plain = readings["plain"]
    print(
        f"\n{'set':>13} {'K':>2} {'test 14':>8} {'test 20':>8} {'test 28':>8} {'weakest':>11} {'24 px':>7}"
        f" {'train':>7} {'MNIST':>7} {'ms/digit':>9} {'misreads/plain (test, MNIST)':>29}"
    )
    for name, reading in readings.items():
        test = [reading.accuracy("test", labels["test"], row) for row in REPORT_ROWS]
        final = reading.beliefs["test"][:, -1].argmax(-1)
        per_class = [(float((final[labels["test"] == c] == c).mean()), c) for c in np.unique(labels["test"])]
        share, weakest = min(per_class)
        wrong = {k: int((reading.beliefs[k][:, -1].argmax(-1) != labels[k]).sum()) for k in ("test", "MNIST")}
        plain_wrong = {k: int((plain.beliefs[k][:, -1].argmax(-1) != labels[k]).sum()) for k in ("test", "MNIST")}
        ratios = ", ".join(f"{wrong[k]}/{plain_wrong[k]}" for k in ("test", "MNIST"))
        print(
            f"{name:>13} {len(COPY_SETS[name]):>2} {test[0]:>8.2%} {test[1]:>8.2%} {test[2]:>8.2%}"
            f" {f'{weakest}: {share:.2%}':>11} {reading.accuracy('test 24 px', labels['test 24 px']):>7.2%}"
            f" {reading.accuracy('train', labels['train']):>7.2%} {reading.accuracy('MNIST', labels['MNIST']):>7.2%}"
            f" {1000 * reading.seconds / reading.digits:>9.3f} {ratios:>29}"
        )
    print("\nthe test writers' digits after row 28, per class:")
    print(f"{'class':>7} {'digits':>6} " + " ".join(f"{name:>13}" for name in readings))
    for c in np.unique(labels["test"]):
        pick = labels["test"] == c
        shares = [float((r.beliefs["test"][pick, -1].argmax(-1) == c).mean()) for r in readings.values()]
        print(f"{c:>7} {int(pick.sum()):>6} " + " ".join(f"{s:>13.2%}" for s in shares))
    print(
        "\nmean belief in the right class, test writers (what the app shows), after rows "
        + " / ".join(map(str, REPORT_ROWS))
    )
    for name, reading in readings.items():
        truth = reading.beliefs["test"][np.arange(len(labels["test"])), :, labels["test"]]  # [N, 28]
        print(f"{name:>13} " + " / ".join(f"{truth[:, row - 1].mean():.4f}" for row in REPORT_ROWS))


@printing_results  # `| head` ends it quietly, `>&-` is refused
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_once_read(PROG, "torch")  # once the command line is read: its --help needs no torch
    import torch

    run_started = time.perf_counter()
    torch.set_num_threads(1)
    try:
        checkpoint: Checkpoint = load_checkpoint(args.checkpoint) if args.checkpoint else load_pretrained()
        images, labels = collections(args)
    except (FileNotFoundError, OSError, ValueError) as err:  # CheckpointError, Mnist/UnipenFileError: ValueErrors
        say_error(PROG, str(err))
        return 2
    print(checkpoint_line(checkpoint))
    print(
        "read: "
        + ", ".join(f"{name} {len(y):,}" for name, y in labels.items())
        + f" digits (UNIPEN drawn as bench_handwriting.py draws them, seed {args.seed}; train: a uniform sample);"
        f" beliefs averaged as {'probabilities' if args.average == 'probs' else 'log-probabilities'}"
    )
    reader = checkpoint.reader
    readings: dict[str, Reading] = {}
    for name in ["plain", *args.sets]:
        started = time.perf_counter()
        beliefs = {k: read_copies(reader, x, COPY_SETS[name], args.average) for k, x in images.items()}
        readings[name] = Reading(beliefs, time.perf_counter() - started, sum(len(x) for x in images.values()))
    print_results(readings, labels)

    # The app's path: the NumPy stream, one digit at a time, as the window reads a drawing row by row.
    timed = images["test"][: args.time_digits]
    print(f"\nthe app's path (NumPy stream, one thread, {len(timed)} test digits, best of 3 passes per row):")
    print(f"{'set':>13} {'K':>2} {'ms/digit':>9} {'µs/row p50':>11} {'p95':>7} {'ratio (p50)':>12}")
    plain_p50 = None
    for name in ["plain", *args.sets]:
        per_row = time_stream(checkpoint, timed, COPY_SETS[name])
        p50, p95 = np.percentile(per_row, [50, 95]) * 1e6
        plain_p50 = plain_p50 or p50
        print(
            f"{name:>13} {len(COPY_SETS[name]):>2} {1000 * per_row.sum(axis=1).mean():>9.3f} {p50:>11.1f}"
            f" {p95:>7.1f} {p50 / plain_p50:>11.2f}×"
        )

    winners = [
        name
        for name in args.sets
        if readings[name].accuracy("test", labels["test"]) >= TARGET_ACCURACY
        and readings[name].accuracy("MNIST", labels["MNIST"]) >= MNIST_FLOOR
    ]
    print(f"\nrun time: {time.perf_counter() - run_started:.1f} s")
    target = f"target ≥ {TARGET_ACCURACY:.1%} of the test writers' digits after row 28, MNIST ≥ {MNIST_FLOOR:.1%}"
    print(f"{target}: met by {', '.join(winners)}" if winners else f"{target}: MISSED by every set")
    return 0
