"""How much does `training.fit`'s loop cost on top of the plainest possible training loop?

Both loops train the same model on the same batches (data on the device, Adam, every-row loss); the reference
has nothing else — no progress bar, no clipping, no schedule, no bookkeeping. They run alternately in this one
process, so machine load affects both alike. Prints samples/s of each and the fit loop's overhead (target ≤ 10 %),
then the cost of augmentation on top.

    python bench/bench_fit.py [--device cpu] [--steps 60] [--rounds 3]
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_fit"))

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rounds import MAX_ROUNDS, RoundsArgument, check_rounds
from rowreader.data import data_dir_help, load_mnist, refuse_mnist_folder
from rowreader.device import DEVICE_CHOICES, describe_device, device_argument, device_of_flag
from rowreader.launch import CommandParser, starting
from rowreader.model import ROWS
from rowreader.output import printing_results
from rowreader.paths import folder_argument
from rowreader.whole_number import BATCH_SIZES, whole_number
from training.config import FitConfig, whole_number_argument
from training.interrupt import load_once_read

if TYPE_CHECKING:  # torch is imported once the command line is read: --help in a Python without it
    import torch

# The fewest rounds whose median says something of the loops: each loop's samples/s is a ratio of times seconds
# apart, and one round on the shared 2-core machine read overheads of -83.9 %, -38.8 % and +5191.1 % (10 steps of 64).
FEWEST_ROUNDS = 3


def reference_loop(config: FitConfig, device: torch.device, images: torch.Tensor, labels: torch.Tensor) -> float:
    """The minimal loop: index a batch, forward, weighted every-row loss, backward, Adam step. Returns samples/s."""
    import torch
    import torch.nn.functional as F

    from training.run import fresh_reader
    from training.step import row_weights

    reader = fresh_reader(config, torch.Generator().manual_seed(0)).to(device).train()
    optimizer = torch.optim.Adam(reader.parameters(), lr=config.lr)
    weights = row_weights(config.loss, device)
    order = torch.randperm(len(images), device=device)
    steps = len(images) // config.batch_size
    start = time.perf_counter()
    for i in range(steps):
        idx = order[i * config.batch_size : (i + 1) * config.batch_size]
        logits = reader(images[idx].float() / 255)
        per_row = F.cross_entropy(logits.reshape(-1, 10), labels[idx].repeat_interleave(ROWS), reduction="none")
        loss = (per_row.view(-1, ROWS) * weights).sum(dim=1).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return steps * config.batch_size / (time.perf_counter() - start)


def fit_loop(config: FitConfig) -> float:
    """The real ``training.fit`` on the same subset; its own train-only samples/s (evaluation excluded). Each in a
    folder of its own: a run over the last one's checkpoint said, every round, that it replaced it."""
    from training.fit import fit

    try:
        with tempfile.TemporaryDirectory() as folder:
            return fit(replace(config, out=str(Path(folder) / "bench.safetensors")))["samples_per_second"]
    except KeyboardInterrupt as err:  # run_main's line ends with it: the run's own words named its removed folder
        err.left = "nothing is kept (its training.fit runs train in a temporary folder, removed with them)"  # type: ignore[attr-defined]
        raise


@printing_results  # `| head` ends it quietly, `>&-` is refused
def main(argv: list[str] | None = None) -> None:
    parser = CommandParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", type=device_argument, default="cpu", help=f"{DEVICE_CHOICES} (default: cpu)")
    parser.add_argument(
        "--steps", type=whole_number(1), default=60, help="training steps per measurement (default: 60)"
    )
    parser.add_argument(
        "--rounds",
        type=(rounds_read := RoundsArgument(FEWEST_ROUNDS)),  # 1 and 2 are refused in words of their own
        default=3,
        help=f"alternating measurements of each loop, {FEWEST_ROUNDS} to {MAX_ROUNDS}, the median taken (default: 3)",
    )
    parser.add_argument(
        "--batch-size",
        type=whole_number(*BATCH_SIZES),
        default=FitConfig.batch_size,
        help="images per step (default: %(default)s)",
    )
    parser.add_argument(
        "--threads",
        type=whole_number_argument("threads"),
        default=None,
        help="torch CPU threads (default: torch's choice)",
    )
    parser.add_argument(
        "--data-dir",
        type=folder_argument,
        metavar="DIR",
        help=data_dir_help(),
    )
    with starting():  # a stop while the command line is read has done nothing, and says so
        args = parser.parse_args(argv)
        if 1 <= args.rounds < FEWEST_ROUNDS:  # why 1 or 2 is too few; the range for any other count refused
            typed = (rounds_read.typed or str(args.rounds)).strip()  # `01` as typed, not 1: digits, a sign at most
            parser.error(
                f"--rounds {typed} measures each loop {'once' if args.rounds == 1 else 'twice'}: on a machine "
                "whose load comes and goes the overhead is then the load's (one round read -83.9 %, another "
                f"+5191.1 %); give {FEWEST_ROUNDS} or more, whose median is taken"
            )
        check_rounds(parser, args.rounds, FEWEST_ROUNDS, rounds_read.typed)
        refuse_mnist_folder(parser, args.data_dir, True, False)  # before torch: both splits, as training.fit reads
    load_once_read(parser.prog, "torch")  # once the command line is read: its --help needs no torch
    import torch

    from training.cores import check_threads

    n = args.steps * args.batch_size
    data_dir = None if args.data_dir is None else str(args.data_dir)
    try:  # each was a traceback: CUDA asked for without it, a --batch-size over FitConfig's bound, MNIST missing
        device = device_of_flag(args.device)
        base = FitConfig(device=args.device, epochs=1, batch_size=args.batch_size, augment="none", data_dir=data_dir)
        base = replace(base, threads=args.threads)  # checked as training checks it
        check_threads(args.threads)
        train_x, train_y = load_mnist(data_dir, train=True)
        # training.fit reads the test split as well: a damaged or missing one was its traceback after the first loop
        load_mnist(data_dir, train=False)
    except (ValueError, RuntimeError, FileNotFoundError) as err:  # MnistFileError is a ValueError
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    # before --limit is set to it: `--steps 10000000000` was "--limit must be a whole number from 1 to
    # 1,000,000,000, got 1280000000000", a flag the benchmark does not have
    if n > len(train_x):  # both loops ran on the 60,000 there are, under a heading of the steps asked for
        parser.error(
            f"--steps {args.steps} of --batch-size {args.batch_size} take {n:,} images, more than the {len(train_x):,} "
            f"MNIST training images; give --steps {len(train_x) // args.batch_size} or fewer"
        )
    base = replace(base, limit=n)
    if args.threads:
        torch.set_num_threads(args.threads)
    images = torch.from_numpy(train_x[:n].copy()).to(device)
    labels = torch.from_numpy(train_y[:n].astype("int64")).to(device)

    # untimed, one step: the process's first loop paid torch's one-time costs, and the reference always runs first
    # (`--rounds 1 --steps 2`: "overhead -76.4 %", the reference at a third of the fit loop's speed)
    reference_loop(base, device, images[: args.batch_size], labels[: args.batch_size])
    ref, plain, augmented = [], [], []
    for _ in range(args.rounds):
        ref.append(reference_loop(base, device, images, labels))
        plain.append(fit_loop(base))
        augmented.append(fit_loop(replace(base, augment="light")))
    r, p, a = (statistics.median(x) for x in (ref, plain, augmented))
    steps = f"{args.steps} step{'' if args.steps == 1 else 's'}"  # "1 steps" was printed, as bench_startup's "1 rounds"
    print(f"\ndevice: {describe_device(device)}; {steps} of {args.batch_size}, median of {args.rounds}")
    print(f"reference loop         {r:9.0f} samples/s   (the baseline)")
    overhead = f"overhead {100 * (r / p - 1):+.1f} % of the reference loop's time"  # each names its baseline
    print(f"training.fit (no aug)  {p:9.0f} samples/s   {overhead} (target ≤ 10 %)")
    print(f"training.fit (light)   {a:9.0f} samples/s   augmentation costs {100 * (p / a - 1):+.1f} % over no aug")
