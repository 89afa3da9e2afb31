"""Does teaching the reader a person's handwriting help that person, and what does it cost everyone else?

People are simulated with the ``test`` writers of UNIPEN 1a (no one the shipped model was trained on): each
digit is drawn as the app's canvas would hold it (``rowreader.pen``: round pen of the canvas's default width or
``--brush``, 190 px tall) and read through ``to_mnist``. The checkpoint reads every person's digits; the persons it
misreads most are taken (plus a few others, to see that teaching does not hurt someone it already reads well). For
each of them and each k, k drawings per digit become the examples, the library's ``finetune`` (the code the app and
``python -m training.fit --finetune`` run, with the ``finetune`` preset) teaches the checkpoint, and the
person's *other* digits are read before and after. MNIST test is read before (the baseline, same process) and
after every fine-tune, and so are all the other test persons' digits ("others Δ": what teaching one person
does to everybody else's pen-drawn digits).

Run: ``python bench/bench_finetune.py [--checkpoint FILE] [--hardest 8] [--others 2] [--k 1 3 5]``;
``--all`` takes every person with enough digits; ``--cv`` also runs the app's 3-fold cross-validation for k = 3
and compares its estimate with the accuracy on the person's other digits; ``--habits`` gives every person
another school's 0s, 1s and 7s (slashed, flagged, crossed): people who write in a way the model never learnt,
which is what teaching is for. ``--save-left PNG`` (with one ``--k``) draws the hardest persons' unseen digits still
misread after teaching, as docs/teach-left.png is made, the run's numbers in the picture (text chunk "RowReader run").
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_finetune"))

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass, fields, replace  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, NamedTuple  # noqa: E402

import numpy as np  # noqa: E402

PROG = "bench_finetune.py"  # each refusal starts "bench_finetune.py: error: …", as every command's does
from PIL import Image, ImageDraw  # noqa: E402

from bench_drawn import predict_rows  # noqa: E402
from rowreader import load_checkpoint, load_mnist, load_pretrained, to_mnist  # noqa: E402
from rowreader.atomic import check_writable, unwritten  # noqa: E402
from rowreader.checkpoint import refused_model_file  # noqa: E402
from rowreader.data import data_dir_help, mnist_folder  # noqa: E402
from rowreader.example_folder import Example, ExampleSet  # noqa: E402
from rowreader.json_text import shown  # noqa: E402
from rowreader.launch import CommandParser, as_typed, say_error, starting  # noqa: E402
from rowreader.needs_torch import torch_unloadable  # noqa: E402
from rowreader.output import name_said, one_line, printing_results  # noqa: E402
from rowreader.own_png import RUN_KEY, refuse_a_file_not_ours, write_own_png  # noqa: E402
from rowreader.paths import folder_argument, output_file_argument, path_argument  # noqa: E402
from rowreader.pen import DEFAULT_PEN, brush_argument, render_strokes  # noqa: E402
from rowreader.pen import MAX_PEN as MAX_BRUSH  # noqa: E402
from rowreader.pen import MIN_PEN as MIN_BRUSH  # noqa: E402
from rowreader.unipen import load_unipen, pen_dir_help, unipen_file  # noqa: E402
from rowreader.whole_number import whole_number  # noqa: E402
from school_marks import add_style_mark  # noqa: E402
from training.arguments import fit_parser, numbers_as_typed  # noqa: E402
from training.config import FitConfig, apply_preset, flag, seed_argument  # noqa: E402
from training.files import folders_made_for  # noqa: E402
from training.interrupt import load_once_read  # noqa: E402

if TYPE_CHECKING:  # torch is imported once the command line is read: --help in a Python without it
    from rowreader.network import RowReader
    from training.replay import ReplayData

LEFT = "a grid of the digits left misread"  # what --save-left's picture is (rowreader.own_png.KIND_KEY)
MIN_DIGITS = 20  # a person needs this many digits to leave some unseen after taking k examples per class


@dataclass
class Person:
    name: str
    images: np.ndarray  # float32 [N, 28, 28]
    labels: np.ndarray  # int64 [N]
    base_errors: int = 0


def render_people(root: str | None, habits: bool = False, brush: float = DEFAULT_PEN) -> list[Person]:
    """Every test person's digits, drawn as on the canvas with a ``brush``-px brush and normalised as the app does.

    ``habits``: each person writes every 0, 1 and 7 with another school's mark (``school_marks``), the
    marks' shapes drawn from a generator seeded by the person's name, so a run is repeatable.
    """
    by_person: dict[str, list[tuple[np.ndarray, int]]] = defaultdict(list)
    marks: dict[str, np.random.Generator] = {}
    for digit in load_unipen(root, split="test"):
        strokes = digit.strokes
        if habits:
            rng = marks.setdefault(digit.person, np.random.default_rng(zlib.crc32(digit.person.encode())))
            strokes = add_style_mark(strokes, digit.label, 1.0, rng)
        image = to_mnist(render_strokes(strokes, brush), ink="dark")
        if image is not None:
            by_person[digit.person].append((image, digit.label))
    return [
        Person(name, np.stack([i for i, _ in items]), np.array([label for _, label in items], np.int64))
        for name, items in sorted(by_person.items())
    ]


def final_predictions(reader: RowReader, images: np.ndarray) -> np.ndarray:
    """The class each image is read as after its last row, read as every bench reads (``predict_rows``)."""
    return predict_rows(reader, images)[:, -1]


def true_belief(reader: RowReader, images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The belief in each image's true digit after its last row (what --save-left's record gives of a misread)."""
    import torch

    reader.eval()
    with torch.no_grad():
        logits = reader(torch.from_numpy(np.ascontiguousarray(images, np.float32)).to(reader.device))[:, -1]
    return torch.softmax(logits, dim=-1).cpu().numpy()[np.arange(len(labels)), labels]


def split(
    person: Person, k: int, rng: np.random.Generator, digits: Sequence[int] = range(10)
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of up to k examples of each of ``digits`` (always leaving one of a digit unseen) and of the rest."""
    train = []
    for digit in digits:
        members = rng.permutation(np.flatnonzero(person.labels == digit))
        train += list(members[: min(k, len(members) - 1)])
    train_idx = np.sort(np.array(train, np.int64))
    return train_idx, np.setdiff1d(np.arange(len(person.labels)), train_idx)


def fewer_than_k(taught_labels: np.ndarray, k: int, digits: Sequence[int]) -> str:
    """The digits of which fewer than ``k`` were taught (a person who wrote only ``k`` of a digit gives all but one),
    as "k = 5: only 3 of 7, 0 of 9", else "": the row said k = 5 of a person taught 3 of some digit."""
    counts = np.bincount(taught_labels, minlength=10)
    short = [f"{counts[d]} of {d}" for d in digits if counts[d] < k]
    return f"k = {k}: only {', '.join(short)}" if short else ""


def as_examples(person: Person, idx: np.ndarray) -> ExampleSet:
    return ExampleSet([Example(Path(f"{person.name}/{i}.png"), int(person.labels[i]), person.images[i]) for i in idx])


# The FitConfig fields this bench's fine-tunes read (``finetune`` and ``load_replay``). Any other was taken, printed
# as "recipe changed", and did nothing: `--set metrics=log.csv` wrote no log, `--set out=m.safetensors` no model.
SETTABLE = (
    "augment", "batch_size", "clip_grad", "data_dir", "download", "folds", "loss", "lr", "pen_dir", "replay", "seed",
    "train_layers", "train_samples",
)  # fmt: skip


def recipe_setting(text: str) -> tuple[str, object, str]:
    """``FIELD=VALUE`` for one FitConfig field: (the field, the value parsed as JSON where it can be (numbers), else
    text, the value as typed). What is refused is named shortened and as typed, as a refused choice is: 4,100
    characters were said whole; `lr=-1e3`, refused by FitConfig, was "got -1000.0"."""
    field_name, _, value = text.partition("=")
    if not value:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {shown(text)}; --set takes {', '.join(SETTABLE)}")
    if field_name not in {f.name for f in fields(FitConfig)}:  # `learning_rate=1e-3`, `train-samples=2560`
        raise argparse.ArgumentTypeError(
            f"{as_typed(shown(field_name))} is no setting of the finetune preset; --set takes {', '.join(SETTABLE)}"
        )
    if field_name not in SETTABLE:
        raise argparse.ArgumentTypeError(
            f"{field_name} is not read by this bench's fine-tunes (they write no file and run on one CPU thread); "
            f"--set takes {', '.join(SETTABLE)}"
        )
    if (read := number_reader(field_name)) is not None:  # as training.fit reads its flag: JSON refused `lr=1.`
        try:
            return field_name, read(value), value
        except argparse.ArgumentTypeError as err:
            raise argparse.ArgumentTypeError(f"{flag(field_name)}: {err}") from None
    try:
        return field_name, json.loads(value), value
    except json.JSONDecodeError:
        return field_name, value, value


def number_reader(field_name: str) -> Callable[[str], object] | None:
    """training.fit's reader of the number flag that sets ``field_name``, or None (no such flag). `--set lr=1.`,
    `lr=+1` and `lr=1_000` were "--lr must be a finite number" (JSON reads none of them), where `training.fit --lr 1.`
    and `--lr +1` train and `--lr 1_000` is told to drop the separator."""
    action = fit_parser()._option_string_actions.get(flag(field_name))
    read = None if action is None else action.type
    return read if getattr(read, "__name__", "") in ("count", "float") else None


def settings(given: list[tuple[str, object, str]]) -> dict[str, object]:
    """``--set``'s fields and values, the last given of each."""
    return {field: value for field, value, _ in given}


@starting()  # a stop while the command line is read has done nothing, and says so (it said "interrupted" alone)
def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, FitConfig]:
    """The bench's settings and the fine-tune recipe (the ``finetune`` preset with ``--set``'s changes).

    Exits 2 on a setting that cannot be measured: each was a traceback late, or a run that meant nothing, after
    minutes of rendering and reading.
    """
    p = CommandParser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", type=path_argument, help="model to teach (default: the shipped one)")
    p.add_argument("--hardest", type=whole_number(0), default=8, help="persons the model misreads most (default: 8)")
    p.add_argument(
        "--others", type=whole_number(0), default=2, help="persons picked at random among the rest (default: 2)"
    )
    p.add_argument("--all", action="store_true", help="every person with enough digits (default: off)")
    p.add_argument("--k", type=whole_number(1), nargs="+", action="extend", help="examples per digit (default: 1 3 5)")
    p.add_argument("--cv", action="store_true", help="also check the app's 3-fold estimate at k = 3 (default: off)")
    p.add_argument(
        "--digits",
        type=whole_number(0, 9),
        nargs="+",
        action="extend",
        help="the digits the person teaches, e.g. --digits 1 for someone teaching only their 1s (default: all ten)",
    )
    p.add_argument(
        "--habits",
        action="store_true",
        help="every person flags their 1s, slashes their 0s and crosses their 7s (bench/school_marks.py): "
        "people with a habit the model lacks (default: as they wrote)",
    )
    p.add_argument(
        "--brush",
        type=brush_argument,
        default=DEFAULT_PEN,
        metavar="PX",
        help=f"the brush the persons draw with, {MIN_BRUSH:g} to {MAX_BRUSH:g} canvas pixels; 28 was the canvas's "
        f"default before 2 Dec 2026, as the docs' tables of 30 Nov were drawn (default: {DEFAULT_PEN:g}, the canvas's)",
    )
    p.add_argument(
        "--seed",
        type=seed_argument,
        default=0,
        help="seed of the persons picked at random and of each person's split into taught and unseen digits "
        "(default: 0)",
    )
    p.add_argument("--data-dir", type=folder_argument, help=data_dir_help())
    # named as training.fit and bench_handwriting.py name it (it was --unipen here)
    p.add_argument("--pen-dir", type=folder_argument, help=pen_dir_help())
    p.add_argument(
        "--save-left",
        type=output_file_argument,
        metavar="PNG",
        help="draw the hardest persons' unseen digits still misread after teaching into this PNG file; needs one --k "
        "(default: none drawn)",
    )
    p.add_argument(
        "--set",
        type=recipe_setting,
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="change one setting of the finetune preset, e.g. --set lr=1e-3 --set replay=0.5 (default: none)",
    )
    args = p.parse_args(argv)
    # given twice (`--k 3 --k 5`), the second list replaced the first; extend's default is None, as a default list
    # would be added to
    args.k, args.digits = args.k or [1, 3, 5], args.digits or list(range(10))
    if len(set(args.k)) != len(args.k):  # every person taught and measured twice: minutes for a repeated row
        p.error(f"--k must be distinct, got {' '.join(map(str, args.k))}")
    if args.cv and 3 not in args.k:  # it taught everyone, then printed no estimate and said nothing of why
        p.error(f"--cv checks the 3-fold estimate at k = 3, which --k {' '.join(map(str, args.k))} does not teach")
    if len(set(args.digits)) != len(args.digits):
        p.error(f"--digits must be distinct, got {' '.join(map(str, args.digits))}")
    if not args.all and args.hardest + args.others == 0:
        p.error("no person to teach: give --hardest or --others above 0, or --all")
    if args.save_left is not None:
        if args.save_left.suffix.lower() != ".png":
            p.error(f"--save-left draws a PNG: give a file name ending in .png, got {name_said(str(args.save_left))}")
        if len(args.k) != 1:
            p.error(f"--save-left draws the digits left at one k, got --k {' '.join(map(str, args.k))}")
        if args.hardest == 0:
            p.error("--save-left draws the hardest persons' digits, and --hardest is 0")
    try:
        data_dir, pen_dir = (None if path is None else str(path) for path in (args.data_dir, args.pen_dir))
        config = replace(apply_preset(FitConfig(), "finetune"), data_dir=data_dir, eval_digits=None, folds=0)
        config = replace(config, **{"pen_dir": pen_dir, **settings(args.set)})  # --set pen_dir=… wins
        # FitConfig asks it of a recipe with a --finetune base, which this one, given its persons' models, has not:
        # `--set batch_size=1` was a traceback at the first fine-tune, after half a minute of rendering
        config.examples_room()
    except ValueError as err:
        typed = {field: text for field, _, text in args.set}
        said = numbers_as_typed(str(err), typed, settings(args.set))  # a range refused: "argument --lr: must …"
        p.error(
            f"argument --set: {said.removeprefix('argument ')}" if said.startswith("argument ") else f"--set: {said}"
        )
    return args, config


def choose_people(ranked: list[Person], args: argparse.Namespace) -> list[Person]:
    """The ``--hardest`` persons of ``ranked`` (most misread first) and ``--others`` picked at random among the
    rest, seeded by ``--seed``; every one of them with ``--all``."""
    if args.all:
        return ranked
    rest = ranked[args.hardest :]
    rng = np.random.default_rng(args.seed)
    others = [rest[i] for i in sorted(rng.choice(len(rest), min(args.others, len(rest)), replace=False))]
    return ranked[: args.hardest] + others


class Outcome(NamedTuple):
    """One fine-tune on one person's k examples per digit, as the summary needs it."""

    person: str
    errors_before: int  # on the person's unseen digits
    errors_after: int
    mnist_delta: float  # MNIST test accuracy after minus before, in points
    seconds: float  # the fine-tune's time
    others_delta: float  # the other persons' digits, accuracy after minus before, in points; NaN: none but theirs


def print_summary(results: dict[int, list[Outcome]], hardest: set[str], ks: list[int]) -> None:
    """Per k: the hardest persons' errors before and after, and every run's MNIST and other persons' change."""
    print("\n* = among the persons the model misreads most. Summary over them (errors on their unseen digits):")
    for k in ks:
        if not results[k]:
            print(f"k = {k}: nothing taught, no person having two drawings of a taught digit")
            continue
        rows = [r for r in results[k] if r.person in hardest]
        cuts = [1 - r.errors_after / r.errors_before for r in rows if r.errors_before]
        deltas = [r.mnist_delta for r in results[k]]
        others = [r.others_delta for r in results[k] if not np.isnan(r.others_delta)]  # NaN: no one else
        errors = (
            f"errors {sum(r.errors_before for r in rows)} → {sum(r.errors_after for r in rows)}, "
            f"mean cut per person {f'{np.mean(cuts):.0%}' if cuts else '– (none misread)'} (target at k = 3: ≥ 50 %); "
            if rows  # `--hardest 0` said "errors 0 → 0, mean cut – (none misread)" of persons it never chose
            else "no person among the hardest (--hardest 0); "
        )
        print(
            f"k = {k}: {errors}"
            f"MNIST Δ over all runs mean {np.mean(deltas):+.2f}, worst {min(deltas):+.2f} points (target ≥ −0.30); "
            + (
                f"the other persons' digits Δ mean {np.mean(others):+.2f}, worst {min(others):+.2f} points; "
                if others
                else "no other person's digits; "
            )
            + f"fine-tune {np.mean([r.seconds for r in results[k]]):.1f} s"
        )


class Left(NamedTuple):
    """One unseen digit still misread after teaching: whose, its true digit, what the taught model reads, and the
    belief in the true digit the model gave before teaching and gives after."""

    person: str
    truth: int
    read: int
    image: np.ndarray  # float32 [28, 28], ink 1
    belief_before: float
    belief_after: float


def left_grid(left: list[Left], columns: int = 6) -> Image.Image:
    """The digits as the model read them (28×28, 4× and dark on white), captioned true → read and the person; with
    none, a line that says so (an earlier run's picture does not stay under the name)."""
    cell, caption, gap = 112, 28, 8
    if not left:
        note = Image.new("L", (2 * cell, caption), 255)
        ImageDraw.Draw(note).text((2, 2), "no digit left misread", fill=0)
        return note
    rows = -(-len(left) // columns)
    grid = Image.new("L", (min(columns, len(left)) * (cell + gap) - gap, rows * (cell + caption + gap) - gap), 255)
    draw = ImageDraw.Draw(grid)
    for n, digit in enumerate(left):
        x, y = (n % columns) * (cell + gap), (n // columns) * (cell + caption + gap)
        seen = Image.fromarray((255 - digit.image * 255).round().astype(np.uint8), "L")
        grid.paste(seen.resize((cell, cell), Image.Resampling.NEAREST), (x, y))
        draw.rectangle((x, y, x + cell - 1, y + cell - 1), outline=160)
        draw.text((x + 2, y + cell + 1), f"{digit.truth} read as {digit.read}", fill=0)
        draw.text((x + 2, y + cell + 14), digit.person, fill=0)
    return grid


@printing_results  # `| head` ends it quietly, `>&-` is refused; a full disk is one line
def main(argv: list[str] | None = None) -> int:
    args, config = parse_args(argv)

    try:  # the inputs, each a traceback before (the UNIPEN file's after the model and MNIST were read)
        # the picture's missing folders, made by check_writable's look, go again if an input is refused
        with folders_made_for([args.save_left] if args.save_left is not None else []):
            if args.save_left is not None:  # before minutes of teaching, as bench_handwriting.py's --save-errors
                refuse_a_file_not_ours(args.save_left, LEFT)
                check_writable(args.save_left)
            # before torch, as the other benchmarks' refuse_model_file: a missing model waited 3-5 s for it
            if args.checkpoint is not None and (why := refused_model_file("--checkpoint", args.checkpoint)):
                raise ValueError(why)
            mnist_folder(args.data_dir)  # `ROWREADER_DATA=notes.txt` too: said before torch, not after
            unipen_file(args.pen_dir)  # `ROWREADER_UNIPEN=notes.txt` as well: it was said after torch, 6 s
            load_once_read(PROG, "torch")  # once the command line is read: its --help needs no torch
            import torch

            from training.finetune import batch_shares, finetune
            from training.replay import load_replay, no_replay

            torch.set_num_threads(1)
            started = time.perf_counter()
            checkpoint = load_checkpoint(args.checkpoint) if args.checkpoint else load_pretrained()

            @cache
            def replay_of(replayed: bool) -> ReplayData:
                """The replay of a teach that draws from it or not, read once each, as a teach needs it: at ``--set
                replay=0``, all ten digits taught, the MNIST pool was read and the pen replay drawn for nothing
                (as the command's ``--replay 0`` did before training4's fix). The fine-tunes read one test digit:
                the bench reads MNIST itself, for the table."""
                data = load_replay(config) if replayed else no_replay(config)
                return replace(data, test_images=data.test_images[:1], test_labels=data.test_labels[:1])

            # the replay the teaches will likely draw from, read here, so a missing file is said before the teaching
            replay = replay_of(config.replay > 0 or len(args.digits) < 10)
            mnist_x, mnist_y = load_mnist(args.data_dir, train=False)
    except (OSError, ValueError) as err:  # CheckpointError and MnistFileError are ValueErrors
        if torch_unloadable(err):  # no input of the command line's: run_main's line, as every command's
            raise
        say_error(PROG, str(err))
        return 2
    if args.set:
        print("recipe changed from the finetune preset: " + ", ".join(f"{k}={v}" for k, v, _ in args.set))
    mnist_x = mnist_x.astype(np.float32) / 255
    mnist_before = float((final_predictions(checkpoint.reader, mnist_x) == mnist_y).mean())

    people = [q for q in render_people(args.pen_dir, args.habits, args.brush) if len(q.labels) >= MIN_DIGITS]
    if not people:  # their digits were joined below: "need at least one array to concatenate"
        say_error(PROG, f"no UNIPEN test person has {MIN_DIGITS} digits or more drawn with a {args.brush:g}-px brush")
        return 2
    for person in people:
        person.base_errors = int((final_predictions(checkpoint.reader, person.images) != person.labels).sum())
    ranked = sorted(people, key=lambda q: -q.base_errors / len(q.labels))
    chosen = choose_people(ranked, args)
    hardest = {q.name for q in ranked[: args.hardest]}
    # everybody's digits, to see what teaching one person does to the others' pen-drawn digits
    everyone = np.concatenate([q.images for q in people])
    everyone_labels = np.concatenate([q.labels for q in people])
    owner = np.concatenate([np.full(len(q.labels), q.name) for q in people])
    right_before = final_predictions(checkpoint.reader, everyone) == everyone_labels
    print(
        f"{one_line(checkpoint.path.name) if checkpoint.path else 'model'}: MNIST test {mnist_before:.2%}; "
        f"{len(people)} UNIPEN test persons with ≥ {MIN_DIGITS} digits drawn with a {args.brush:g}-px brush"
        f"{' (their 0s slashed, 1s flagged, 7s crossed)' if args.habits else ''}"
        f"{'' if len(args.digits) == 10 else ', teaching only their ' + ' '.join(map(str, args.digits))} "
        f"({sum(len(q.labels) for q in people)} digits, {sum(q.base_errors for q in people)} misread); "
        f"rendering took {time.perf_counter() - started:.0f} s; replayed while teaching: {replay.name}"
    )
    header = f"{'person':22s} {'digits':>6s} {'k':>2s} {'unseen':>6s} {'errors before':>13s} {'after':>5s} {'cut':>5s}"
    print(f"\n{header} {'MNIST Δ':>8s} {'others Δ':>8s} {'fine-tune':>9s}")
    results: dict[int, list[Outcome]] = defaultdict(list)
    cv_rows = []
    left: list[Left] = []  # the hardest persons' unseen digits still misread after teaching (one k)
    for person in chosen:
        for k in args.k:
            train_idx, test_idx = split(person, k, np.random.default_rng(args.seed), args.digits)
            if not len(train_idx):  # `--digits 3` and someone who wrote one 3: a traceback after minutes of teaching
                tag = "*" if person.name in hardest else " "
                print(
                    f"{tag}{person.name:21s} {len(person.labels):6d} {k:2d}   nothing to teach: no more than one "
                    f"drawing of {' or '.join(map(str, args.digits))}, and one is always left unseen",
                    flush=True,
                )
                continue
            examples = as_examples(person, train_idx)
            unseen, truth = person.images[test_idx], person.labels[test_idx]
            wrong_before = final_predictions(checkpoint.reader, unseen) != truth
            replay = replay_of(batch_shares(config, examples)[1] > 0)  # a digit not taught is replayed
            t = time.perf_counter()
            result = finetune(checkpoint, examples, replay, config)
            seconds = time.perf_counter() - t
            read_after = final_predictions(result.reader, unseen)
            wrong_after = read_after != truth
            if person.name in hardest and args.save_left is not None:
                still = np.flatnonzero(wrong_after)
                beliefs = (
                    true_belief(model, unseen[still], truth[still]) for model in (checkpoint.reader, result.reader)
                )
                left += [
                    Left(person.name, int(truth[i]), int(read_after[i]), unseen[i], float(b), float(a))
                    for i, b, a in zip(still, *beliefs, strict=True)
                ]
            before, after = int(wrong_before.sum()), int(wrong_after.sum())
            taught = np.isin(truth, args.digits)
            mnist_after = float((final_predictions(result.reader, mnist_x) == mnist_y).mean())
            delta = (mnist_after - mnist_before) * 100
            others = owner != person.name
            others_delta = np.nan  # the only person: no one else's digits (they were read, none, as a crash)
            if others.any():
                right_after = final_predictions(result.reader, everyone[others]) == everyone_labels[others]
                others_delta = (right_after.mean() - right_before[others].mean()) * 100
            cut = f"{1 - after / before:5.0%}" if before else "    –"
            tag = "*" if person.name in hardest else " "
            notes = [
                f"taught digits {wrong_before[taught].sum()} → {wrong_after[taught].sum()}, "
                f"others {wrong_before[~taught].sum()} → {wrong_after[~taught].sum()}"
                if len(args.digits) < 10
                else "",
                fewer_than_k(person.labels[train_idx], k, args.digits),
            ]
            print(
                f"{tag}{person.name:21s} {len(person.labels):6d} {k:2d} {len(test_idx):6d} {before:13d} {after:5d} "
                f"{cut} {delta:+7.2f}p {'–' if np.isnan(others_delta) else f'{others_delta:+.2f}p':>8s} {seconds:8.1f}s"
                + "".join(f"   {note}" for note in notes if note),
                flush=True,
            )
            results[k].append(Outcome(person.name, before, after, delta, seconds, others_delta))
            if args.cv and k == 3:
                cv = finetune(checkpoint, examples, replay, replace(config, folds=3)).metadata["heldout_accuracy"]
                cv_rows.append((person.name, cv["after"], 1 - after / len(test_idx)))

    print_summary(results, hardest, args.k)
    if args.save_left is not None:
        (k,) = args.k
        rows = [r for r in results[k] if r.person in hardest]
        record = {
            "model": checkpoint.path.name if checkpoint.path else "model",
            "brush": args.brush,
            "habits": args.habits,
            "digits": args.digits,
            "seed": args.seed,
            "set": settings(args.set),
            "k": k,
            "hardest": [r.person for r in rows],
            "errors": [sum(r.errors_before for r in rows), sum(r.errors_after for r in rows)],
            # each digit left: whose, true digit, read as, belief in the true digit before and after teaching
            "left": [[d.person, d.truth, d.read, round(d.belief_before, 4), round(d.belief_after, 4)] for d in left],
        }
        try:
            write_own_png(args.save_left, left_grid(left), {RUN_KEY: json.dumps(record)}, LEFT)
        except OSError as err:
            say_error(PROG, unwritten(args.save_left, err))
            return 1
        print(f"\n{len(left)} digits still misread drawn into {one_line(str(args.save_left))}")
    if cv_rows:
        print("\nThe app's 3-fold estimate vs the truth (accuracy on the unseen digits), k = 3:")
        for name, estimate, truth in cv_rows:
            print(f"  {name:22s} estimate {estimate:.1%}   unseen digits {truth:.1%}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0
