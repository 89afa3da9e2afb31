"""Per-row latency of `RowStream.feed` at batch 1 on the CPU, against the natural PyTorch way to do the same.

The baseline carries the state (`(h, c)` of an LSTM) through the reader's own torch module (`nn.LSTM`, `nn.GRU`)
one row at a time, with its other modules: input Linear → recurrent step → output Linear → softmax, under
`torch.inference_mode` on one thread. Both sides take a NumPy row and hand back NumPy probabilities, as the GUI
needs. The two take turns in blocks of images, so that a busy machine slows both alike, and their outputs are
compared. Run: `python bench/bench_stream.py`.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_stream"))

import os

# One BLAS/OpenMP thread for the whole run; these must be set before NumPy or torch is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import numpy as np  # noqa: E402

from rowreader import CheckpointError, ReaderConfig, load_checkpoint, load_pretrained  # noqa: E402
from rowreader.checkpoint import refuse_model_file  # noqa: E402
from rowreader.launch import CommandParser, starting  # noqa: E402
from rowreader.model import MAX_WIDTH  # noqa: E402
from rowreader.output import one_line, printing_results  # noqa: E402
from rowreader.paths import path_argument  # noqa: E402
from rowreader.whole_number import whole_number  # noqa: E402
from training.interrupt import load_once_read  # noqa: E402

# torch is imported once the command line is read (--help in a Python without it), each baseline's where it is used
if TYPE_CHECKING:
    import torch

    from rowreader.network import RowReader

TARGET_P50_US = 20.0
TARGET_SPEEDUP = 10.0


class TorchRowBaseline:
    """Feed rows through the reader's own ``input``/recurrent/``output`` modules, carrying the state by hand."""

    def __init__(self, reader: RowReader) -> None:
        self.reader = reader.eval()
        self.reset()

    def reset(self) -> None:
        self.state: torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None = None

    def feed(self, row: np.ndarray) -> np.ndarray:
        """One ``[28]`` row in [0, 1] → class probabilities ``[10]`` after it."""
        import torch

        r, cfg = self.reader, self.reader.config
        with torch.inference_mode():
            x = (torch.from_numpy(row).view(1, 1, -1) - cfg.pixel_mean) / cfg.pixel_std
            out, self.state = r.recurrent(r.input(x), self.state)
            return torch.softmax(r.output(out[:, -1]), dim=-1)[0].numpy()


def torch_name(reader: RowReader) -> str:
    """The reader's torch module, ``LSTM`` or ``GRU``: the baselines' (a GRU model was a traceback here, the
    baselines reading ``reader.lstm``), and the name the output gives them."""
    return type(reader.recurrent).__name__


class TorchCellBaseline(TorchRowBaseline):
    """For context only: the same step with ``nn.LSTMCell`` (``nn.GRUCell``) per layer, which skips ``nn.LSTM``'s
    per-call setup."""

    def __init__(self, reader: RowReader) -> None:
        import torch

        cfg = reader.config
        self.cells = []
        for layer in range(cfg.layers):
            cell = getattr(torch.nn, f"{torch_name(reader)}Cell")(
                cfg.input_size if layer == 0 else cfg.hidden_size, cfg.hidden_size
            )
            with torch.no_grad():
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(cell, name).copy_(getattr(reader.recurrent, f"{name}_l{layer}"))
            self.cells.append(cell.eval())
        super().__init__(reader)

    def reset(self) -> None:
        self.states: list[torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None] = [None] * len(self.cells)

    def feed(self, row: np.ndarray) -> np.ndarray:
        import torch

        r, cfg = self.reader, self.reader.config
        with torch.inference_mode():
            x = r.input((torch.from_numpy(row).view(1, -1) - cfg.pixel_mean) / cfg.pixel_std)
            for layer, cell in enumerate(self.cells):
                state = self.states[layer] = cell(x, self.states[layer])
                x = state[0] if isinstance(state, tuple) else state  # an LSTM's (h, c), a GRU's h
            return torch.softmax(r.output(x), dim=-1)[0].numpy()


# each path reads 28 rows of every image, a few seconds a thousand images; what the three read is kept, as float64
# probabilities, to be compared (67 MB at 10,000)
MAX_IMAGES = 10_000


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    us = np.asarray(samples_ns, dtype=np.float64) / 1000.0
    return float(np.percentile(us, 50)), float(np.percentile(us, 99))


def _reader(checkpoint: Path | None, hidden: int | None) -> tuple[RowReader, str]:
    import torch

    from rowreader.network import RowReader

    if hidden is not None:
        torch.manual_seed(0)
        return RowReader(ReaderConfig(hidden_size=hidden)).eval(), "randomly initialised model"
    if checkpoint is not None:
        return load_checkpoint(checkpoint).reader, str(checkpoint)
    try:
        return load_pretrained().reader, "shipped pretrained model"
    except CheckpointError as err:  # missing, or damaged: it said "no pretrained model found" of a damaged one too
        torch.manual_seed(0)
        return RowReader(ReaderConfig()).eval(), f"randomly initialised default model ({one_line(str(err))})"


def run(reader: RowReader, images: int, warmup: int, block: int = 25, seed: int = 0) -> dict[str, float]:
    """Time ``images`` × 28 rows through every path (after ``warmup`` untimed images); return the statistics.

    The paths take turns in blocks of ``block`` images: long enough for each to run from its own warm caches,
    as it would in an app that does only this, short enough that all see the same machine load.
    """
    rng = np.random.default_rng(seed)
    # Realistic rows: mostly background with some ink, like a digit being drawn.
    data = (rng.random((warmup + images, 28, 28)) > 0.8).astype(np.float32)
    stream = reader.stream()
    baselines = {"baseline": TorchRowBaseline(reader), "cell": TorchCellBaseline(reader)}
    times: dict[str, list[int]] = {name: [] for name in ("stream", *baselines)}
    probs = {name: np.zeros((len(data), 28, 10)) for name in times}
    clock = time.perf_counter_ns
    for start in range(0, len(data), block):
        for name in times:
            path = stream if name == "stream" else baselines[name]
            feed, samples, out = path.feed, times[name], probs[name]
            for n in range(start, min(start + block, len(data))):
                path.reset()
                for r, row in enumerate(data[n]):
                    t0 = clock()
                    result = feed(row)
                    t1 = clock()
                    if n >= warmup:
                        samples.append(t1 - t0)
                    out[n, r] = result.probs if name == "stream" else result
    stats = {}
    for name, samples in times.items():
        stats[f"{name}_p50"], stats[f"{name}_p99"] = _percentiles(samples)
    stats["max_diff"] = max(float(np.abs(probs["stream"] - probs[name]).max()) for name in baselines)
    return stats


@printing_results  # `| head` ends it quietly, `>&-` is refused
def main(argv: list[str] | None = None) -> int:
    parser = CommandParser(description=__doc__)  # each help says its default: the formatter said it twice
    model = parser.add_mutually_exclusive_group()  # --hidden with --checkpoint timed the random model alone
    model.add_argument(
        "--checkpoint", type=path_argument, default=None, help="model to time (default: the shipped one)"
    )
    model.add_argument(
        "--hidden",
        type=whole_number(1, MAX_WIDTH),  # ReaderConfig's bound
        default=None,
        help="time a random model of this width instead of the checkpoint (default: the checkpoint)",
    )
    parser.add_argument(
        "--images",
        type=whole_number(1, MAX_IMAGES),
        default=500,
        help="timed images of 28 rows each, 1 to 10,000 (default: 500)",
    )
    parser.add_argument(
        "--warmup", type=whole_number(0, MAX_IMAGES), default=20, help="untimed images first, 0 to 10,000 (default: 20)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed (default: off)")
    with starting():  # a stop while the command line is read has done nothing, and says so
        # `--images 1000000000000` was a NumPy traceback ("Unable to allocate 5.57 PiB"), 10**8 an hour of swapping
        args = parser.parse_args(argv)
        refuse_model_file(parser, args.checkpoint)  # before torch (3 s)
    load_once_read(parser.prog, "torch")  # once the command line is read: its --help needs no torch
    import torch

    torch.set_num_threads(1)
    try:
        reader, source = _reader(args.checkpoint, args.hidden)
    except (OSError, CheckpointError) as err:  # a missing or damaged --checkpoint was a traceback
        parser.exit(2, f"{parser.prog}: error: {one_line(str(err))}\n")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cfg = reader.config
    print(f"model: {one_line(str(source))} (hidden {cfg.hidden_size}, layers {cfg.layers})")
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; torch {torch.__version__}, numpy {np.__version__}")
    r = run(reader, args.images, args.warmup)
    speedup50 = r["baseline_p50"] / r["stream_p50"]
    speedup99 = r["baseline_p99"] / r["stream_p99"]
    print(f"rows timed: {args.images * 28} per path, batch 1, 1 thread")
    module = f"nn.{torch_name(reader)}"
    cell50, cell99 = r["cell_p50"], r["cell_p99"]
    for label, p50, p99, note in (
        ("stream.feed", r["stream_p50"], r["stream_p99"], ""),
        (f"torch {module}", r["baseline_p50"], r["baseline_p99"], ""),
        (f"torch {module}Cell", cell50, cell99, "   (context, not the target's baseline)"),
    ):
        print(f"{label:19s} p50 {p50:8.1f} µs   p99 {p99:8.1f} µs{note}")
    # each ratio names its baseline: the first line said "speed-up" alone
    print(f"{'speed-up':19s} p50 {speedup50:8.1f} ×    p99 {speedup99:8.1f} ×    vs {module} (the target's baseline)")
    cell_up50, cell_up99 = cell50 / r["stream_p50"], cell99 / r["stream_p99"]
    print(f"{'speed-up':19s} p50 {cell_up50:8.1f} ×    p99 {cell_up99:8.1f} ×    vs {module}Cell")
    print(f"largest probability difference stream vs baselines: {r['max_diff']:.2e}")
    ok = r["stream_p50"] <= TARGET_P50_US and speedup50 >= TARGET_SPEEDUP and r["max_diff"] <= 1e-5
    verdict = "met" if ok else "MISSED"
    print(f"targets (p50 ≤ {TARGET_P50_US:g} µs, ≥ {TARGET_SPEEDUP:g}× faster, diff ≤ 1e-5): {verdict}")
    return 1 if args.check and not ok else 0
