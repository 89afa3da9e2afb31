"""How well a checkpoint reads synthetic pen-drawn digits, against real MNIST test digits in the same run.

The app's users draw on a canvas; MNIST was scanned from paper. ``training.drawn`` fakes canvas drawings (stroke
templates for the common ways of writing each digit, random affine, jitter, pen width) and passes them through
``to_mnist`` exactly as the GUI does. This script reads as many of them as it reads balanced MNIST test digits
(the baseline) and prints accuracy after rows 14/20/28, per-class accuracy, the confusion matrix, the weakest
drawing styles and the ratio drawn/MNIST. Run: ``python bench/bench_drawn.py [--checkpoint FILE]``.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_drawn"))

import os

# One BLAS/OpenMP thread for the whole run; these must be set before NumPy or torch is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import numpy as np  # noqa: E402

from rowreader import Checkpoint, CheckpointError, MnistFileError, load_checkpoint, load_mnist, load_pretrained  # noqa: E402
from rowreader.checkpoint import refuse_model_file  # noqa: E402
from rowreader.data import data_dir_help, refuse_mnist_folder  # noqa: E402
from rowreader.launch import CommandParser, say_error, starting  # noqa: E402
from rowreader.output import one_line, printing_results  # noqa: E402
from rowreader.paths import folder_argument, path_argument  # noqa: E402
from rowreader.whole_number import whole_number  # noqa: E402
from training.config import seed_argument  # noqa: E402
from training.drawn import drawn_set  # noqa: E402
from training.interrupt import load_once_read  # noqa: E402

if TYPE_CHECKING:  # torch is imported once the command line is read: --help in a Python without it
    from rowreader.network import RowReader

PROG = "bench_drawn.py"
REPORT_ROWS = (14, 20, 28)  # 1-based: "after row 14" is the prediction once the top half has been read
WEAKEST_STYLES = 8


def predict_rows(reader: RowReader, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """The class predicted after every row: int64 ``[N, 28]`` for float images ``[N, 28, 28]`` in [0, 1]."""
    import torch

    reader.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            batch = torch.from_numpy(np.ascontiguousarray(images[start : start + batch_size], np.float32))
            out.append(reader(batch.to(reader.device)).argmax(dim=-1).cpu().numpy())
    return np.concatenate(out)


def print_accuracy_after_rows(
    name: str, rows: np.ndarray, labels: np.ndarray, mnist_rows: np.ndarray, mnist_labels: np.ndarray
) -> None:
    """A table of the accuracy after each of ``REPORT_ROWS``: the set called ``name`` beside MNIST, and their
    ratio and difference (``rows``, ``mnist_rows``: the predictions of :func:`predict_rows`)."""
    curve = (rows == labels[:, None]).mean(axis=0)
    mnist_curve = (mnist_rows == mnist_labels[:, None]).mean(axis=0)
    ratio = f"{name}/MNIST"
    width = len(ratio) + 1
    print(f"\n{'after row':>10} {name:>8} {'MNIST':>8} {ratio:>{width}} {'difference':>11}")
    for row in REPORT_ROWS:
        d, m = curve[row - 1], mnist_curve[row - 1]
        ratio = f"{d / m:>{width}.3f}" if m else f"{'–':>{width}}"  # "nan" where MNIST read none right (a tiny model)
        print(f"{row:>10} {d:>8.2%} {m:>8.2%} {ratio} {100 * (d - m):>+10.2f}pt")


def print_accuracy_by_pen_ratio(title: str, pen_ratios: np.ndarray, correct: np.ndarray) -> None:
    """The accuracy in each quartile of pen width / digit height: whether thin or heavy strokes are read worse.

    A quartile can be empty (many equal ratios at its edge): it is left out, not a crash on an empty minimum.
    """
    quartile = np.searchsorted(np.quantile(pen_ratios, [0.25, 0.5, 0.75]), pen_ratios)
    print(f"\n{title}")
    for q in range(4):
        pick = quartile == q
        if pick.any():
            print(f"  {pen_ratios[pick].min():.3f}–{pen_ratios[pick].max():.3f}: {correct[pick].mean():.2%}")


def balanced_mnist(per_class: int, root: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_class`` MNIST test digits of each class (float [0, 1]), so both sets weigh classes alike."""
    images, labels = load_mnist(root, train=False)
    picks = [np.flatnonzero(labels == c)[:per_class] for c in range(10)]
    fewest = min(range(10), key=lambda c: len(picks[c]))
    if len(picks[fewest]) < per_class:  # it said "fewer than N digits of some class", not which or how many
        raise ValueError(
            f"MNIST's test split holds {len(picks[fewest])} digits of class {fewest}, fewer than --per-class "
            f"{per_class}; give --per-class {len(picks[fewest])} or fewer"
        )
    idx = np.sort(np.concatenate(picks))
    return images[idx].astype(np.float32) / 255, labels[idx]


def confusion(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """``[10, 10]`` counts: row = true class, column = predicted class."""
    return np.bincount(labels.astype(np.int64) * 10 + predicted, minlength=100).reshape(10, 10)


def format_confusion(matrix: np.ndarray) -> str:
    head = "true\\pred " + "".join(f"{c:>6}" for c in range(10))
    rows = [f"{t:>9} " + "".join(f"{v:>6}" if v else f"{'.':>6}" for v in matrix[t]) for t in range(10)]
    return "\n".join([head, *rows])


@starting()  # a stop while the command line is read has done nothing, and says so
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = CommandParser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--checkpoint", type=path_argument, metavar="FILE", help="checkpoint to test (default: the shipped model)"
    )
    p.add_argument(
        "--per-class", type=whole_number(1), default=200, help="drawn and MNIST digits per class (default: %(default)s)"
    )
    p.add_argument("--seed", type=seed_argument, default=0, help="seed of the drawn set (default: %(default)s)")
    p.add_argument(
        "--data-dir",
        type=folder_argument,
        metavar="DIR",
        help=data_dir_help(),
    )
    args = p.parse_args(argv)
    refuse_model_file(p, args.checkpoint)  # its own checks first; before torch (3 s)
    refuse_mnist_folder(p, args.data_dir, False)
    return args


def checkpoint_line(checkpoint: Checkpoint) -> str:
    """Which model a bench reads, and the MNIST accuracy its training recorded, as a percentage on how many digits
    (it printed the raw share, "0.5116666666666667", and "None" for a model that recorded none)."""
    name = one_line(str(checkpoint.path or "pretrained"))
    if checkpoint.accuracy is None:
        return f"checkpoint: {name} (no MNIST test accuracy recorded)"
    digits = checkpoint.test_digits or 10_000
    return f"checkpoint: {name} (recorded MNIST test accuracy: {checkpoint.accuracy:.2%} on {digits:,} digits)"


@printing_results  # `| head` ends it quietly (on checkpoint_line it was a traceback); `>&-` is refused
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_once_read(PROG, "torch")  # once the command line is read: its --help needs no torch
    import torch

    torch.set_num_threads(1)
    try:
        checkpoint: Checkpoint = load_checkpoint(args.checkpoint) if args.checkpoint else load_pretrained()
        mnist_x, mnist_y = balanced_mnist(args.per_class, args.data_dir)
    except (OSError, CheckpointError, MnistFileError, ValueError) as err:  # OSError: a pipe, a folder, …
        say_error(PROG, str(err))  # "bench_drawn.py: error: …", as its refused flags are said (it was a bare "error:")
        return 2
    print(checkpoint_line(checkpoint))

    drawn = drawn_set(args.per_class, args.seed)
    print(
        f"drawn set: {len(drawn.labels)} digits, seed {args.seed}, generated in {drawn.seconds:.1f} s "
        f"({len(drawn.labels) / drawn.seconds:.0f} digits/s on one thread)"
    )

    reader = checkpoint.reader
    drawn_rows = predict_rows(reader, drawn.images)
    mnist_rows = predict_rows(reader, mnist_x)
    print_accuracy_after_rows("drawn", drawn_rows, drawn.labels, mnist_rows, mnist_y)
    # which digits: training, `rowreader evaluate` and bench_handwriting each read other MNIST digits
    print(f"(MNIST: the first {args.per_class} test digits of each class, {len(mnist_y):,} in all)")

    final = drawn_rows[:, -1]
    per_class = [(final[drawn.labels == c] == c).mean() for c in range(10)]
    mnist_final = mnist_rows[:, -1]
    mnist_class = [(mnist_final[mnist_y == c] == c).mean() for c in range(10)]
    print(f"\nper class after row 28:\n{'class':>10} {'drawn':>8} {'MNIST':>8}")
    for c in range(10):
        print(f"{c:>10} {per_class[c]:>8.2%} {mnist_class[c]:>8.2%}")

    print("\nconfusion matrix of the drawn set after row 28:")
    print(format_confusion(confusion(drawn.labels, final)))

    styles = sorted(set(drawn.styles.tolist()))
    style_acc = sorted(
        ((final[drawn.styles == s] == int(s[0])).mean(), int((drawn.styles == s).sum()), s) for s in styles
    )
    print(f"\nweakest drawing styles (of {len(styles)}):")
    for acc, n, style in style_acc[:WEAKEST_STYLES]:
        print(f"  {acc:>7.2%}  of {n:>4}  {style}")

    print_accuracy_by_pen_ratio(
        "accuracy by pen width / digit height (quartiles; MNIST-like strokes are about 0.1):",
        drawn.pen_ratios,
        final == drawn.labels,
    )
    return 0
