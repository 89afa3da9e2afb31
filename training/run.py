"""A run's changing parts — the reader, Adam, the schedule, the random generators, the counters — begun fresh from
the seed (or ``--start-from``'s checkpoint), or restored whole from a saved training state for ``--resume``."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from rowreader.checkpoint import Checkpoint
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from rowreader.output import counted, one_line
from training.arguments import fit_parser
from training.config import PRESETS, FitConfig
from training.files import load_named
from training.metrics import MetricsLog
from training.pen_data import PenEpochs
from training.state import (
    TrainingState,
    check_epoch,
    check_moments,
    check_optimizer,
    check_schedule,
    state_path,
)
from training.step import row_weights


@dataclass
class Run:
    """What a run changes as it goes — the model, the optimiser, the generators, the counters — saved whole with
    every epoch's checkpoint as the training state, so ``--resume`` continues exactly where the epoch ended."""

    config: FitConfig
    device: torch.device
    reader: RowReader
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    cpu_gen: torch.Generator
    aug_gen: torch.Generator
    log: MetricsLog
    steps_per_epoch: int
    total_steps: int
    row_weights: torch.Tensor
    pens: PenEpochs | None = None  # UNIPEN renderings joined to each epoch's data (--pen)
    pen_info: dict = field(default_factory=dict)  # what the checkpoint records about them
    holdout: tuple = ()  # held-out train-split writers' pen digits (images, labels), read after every epoch
    epoch: int = 0  # epochs finished
    step: int = 0
    best: float = 0.0
    train_seconds: float = 0.0  # the optimisation steps alone
    started: float = field(default_factory=time.perf_counter)  # moved back by the time earlier sessions took
    started_from: dict | None = None  # --start-from's checkpoint: file name, SHA-256, accuracy
    test_digits: int = 0  # the MNIST test digits every epoch is evaluated on (fewer than 10,000 with --limit)
    test_sha256: str | None = None  # and their checksum, which --resume compares
    mnist_digits: int = 0  # the MNIST training digits trained on (--limit's first N, or all)
    drawn_digits: int = 0  # the synthetic drawn digits trained on (fewer than --drawn's with --limit)
    drawn_sha256: str | None = None  # and their checksum, which --resume compares
    saved_epochs: int = 0  # epochs whose checkpoint and training state are on disk
    checkpoint_alone: int = 0  # an epoch whose checkpoint, not its state, went in place (stopped between the two)
    teachers: list[RowReader] = field(default_factory=list)  # --distill-from's readers, frozen
    distilled_from: list[dict] = field(default_factory=list)  # their file names, SHA-256 and accuracy
    resumed_with: list[str] = field(default_factory=list)  # the --resume commands that went on with the run
    devices: list[str | None] = field(default_factory=list)  # each leg's device where resumed (recorded_devices)
    renew_locks: Sequence[Callable[[], None]] = ()  # each output's lock held on before a save (training.files.run_lock)
    last_rate: float = 0.0  # the learning rate the last step took (set by each step: no state needs it)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def next_rate(self) -> float:
        """The metrics' ``lr``: the rate the next step takes, and once the run's last step is taken, the rate that
        step took. torch's one-cycle schedule stepped past its end gives a rate off it, rising again (1.57e-4 after 8
        steps whose last took 1.2e-8): a plot of the rate turned up at the run's very end."""
        return self.scheduler.get_last_lr()[0] if self.step < self.total_steps else self.last_rate

    def kept(self, out: Path) -> str:
        """What a run stopped by an error leaves on disk, for its message."""
        if self.saved_epochs and (gone := self._gone(out)):
            return gone
        if self.saved_epochs:
            return f"epoch {self.saved_epochs}'s checkpoint and state are kept (--resume goes on from there)"
        return "nothing was saved"

    def _gone(self, out: Path) -> str | None:
        """What became of the saved epoch's pair, where it is no longer at ``out``: its folder removed (or moved)
        while the run went on was "epoch 1's checkpoint and state are kept (--resume goes on from there)"."""
        if out.is_file() and state_path(out).is_file():
            return None
        return (
            f"epoch {self.saved_epochs}'s checkpoint and state are no longer in {one_line(str(out.parent))} (removed "
            "or moved while the run went on), so nothing of this run is kept there"
        )

    def kept_when_interrupted(self, out: Path) -> str:
        """What Ctrl-C leaves on disk, for its message: the last saved epoch, or that nothing was saved."""
        if self.saved_epochs and (gone := self._gone(out)):
            return gone
        shown = one_line(str(out))  # a name is printed escaped: an escape sequence in it reached the terminal
        if self.checkpoint_alone:  # "nothing was saved", or "epoch 1" of a file holding epoch 2
            return self._parted(out)
        # stopped between an epoch's end and its save (seconds for a large model): "no epoch had ended" stood
        # under that epoch's own line
        lost = f"epoch {self.epoch} was not saved (stopped before it was); " if self.epoch > self.saved_epochs else ""
        if self.saved_epochs:
            return (f"{lost}the last good checkpoint is kept: {shown} (epoch {self.saved_epochs}; resume with the same "
                    "--out and --resume)")  # fmt: skip
        if lost:
            return f"{lost}nothing was saved to {shown}; start the run again"
        # it said a checkpoint was kept and to --resume: there was none, or an earlier run's
        return f"no epoch had ended, so nothing was saved to {shown}; start the run again"

    def _parted(self, out: Path) -> str:
        """A second stop between a save's two renames: the epoch's checkpoint at ``out``, the state still the epoch
        before's (which ``--resume`` goes on from, that epoch trained again), or none."""
        shown, state = one_line(str(out)), one_line(str(state_path(out)))
        parted = (f"epoch {self.checkpoint_alone}'s checkpoint is in {shown}, but not its training state (stopped "
                  "again between the two); ")  # fmt: skip
        if not self.saved_epochs:
            return parted + "so the run cannot be resumed: start it again without --resume"
        again = f"epoch {self.checkpoint_alone} trained again"
        return f"{parted}--resume goes on from epoch {self.saved_epochs}'s state in {state}, {again}"


def fresh_reader(config: FitConfig, generator: torch.Generator) -> RowReader:
    """The configured reader with every weight drawn from ``generator`` (same seed → same weights anywhere); not
    ``Checkpoint.build_reader``, which builds one holding a checkpoint's weights."""
    return RowReader(config.model).initialise(generator, config.init)


def make_scheduler(
    config: FitConfig, optimizer: torch.optim.Optimizer, total_steps: int
) -> torch.optim.lr_scheduler.LRScheduler:
    """The recipe's learning rate over the run's ``total_steps`` (``FitConfig.schedule``, which only a preset sets:
    no flag does): one cycle (from ``--lr``/25 up to ``--lr`` over the first 15 %, then a cosine decay; Adam's β1
    moves the other way, 0.95 → 0.85 → 0.95, torch's default), or ``--lr`` throughout (the seed's and a fine-tune's)."""
    if config.schedule == "constant":
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0)
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=total_steps, pct_start=0.15)


def start_checkpoint(config: FitConfig) -> Checkpoint | None:
    """``--start-from``'s checkpoint, read and checked before any data is loaded or file written.

    Its network replaces the recipe's: what the recipe sets (a flag such as ``--hidden``, or the seed preset's
    network) that disagrees is refused, not ignored. Only what it sets is compared: ``--hidden 768`` from a merge of
    three 256-unit readers (its input 384 wide, a width no flag sets) was refused as "its own, lstm 1×768: the
    recipe's lstm 1×768 cannot be trained from it".
    """
    if config.start_from is None:
        return None
    path = Path(config.start_from)
    start = load_named(path, fit_parser(), "--start-from")
    unset, own = vars(ReaderConfig()), vars(start.config)
    if differ := [f"{k} {v} (its own {own[k]})" for k, v in vars(config.model).items() if v not in (unset[k], own[k])]:
        by = f"--preset {config.preset}" if "model" in PRESETS.get(config.preset, {}) else "--cell/--hidden/--layers"
        raise ValueError(
            f"--start-from {path} decides the network (its own, {start.config.shape()}): the recipe's "
            f"{', '.join(differ)} cannot be trained from it; leave out {by}"
        )
    return start


def read_checkpoints(config: FitConfig) -> list[tuple[Path, str]]:
    """The checkpoints a run reads (``--start-from``'s, ``--distill-from``'s), each with what it is, for messages."""
    start = [(Path(config.start_from), "the --start-from checkpoint itself")] if config.start_from else []
    return start + [(Path(path), "one of the --distill-from readers") for path in config.distill_from]


def start_run(
    config: FitConfig,
    device: torch.device,
    n: int,
    log: MetricsLog,
    state: TrainingState | None,
    pens: PenEpochs | None = None,
    pen_info: dict | None = None,
    holdout: tuple = (),
) -> Run:
    """A fresh model, optimiser and schedule drawn from the seed, or all of them restored from ``state``."""
    if n < config.batch_size:  # one step of all n, counted as a whole batch: "1 steps of 65536", samples/s ×1000
        raise ValueError(
            f"--batch-size {config.batch_size} is more than the {counted(n, 'training image')} of an epoch; give "
            f"--batch-size {n} or less"
        )
    cpu_gen = torch.Generator().manual_seed(config.seed)
    aug_gen = torch.Generator(device=device).manual_seed(config.seed + 1)
    reader = fresh_reader(config, cpu_gen).to(device)
    optimizer = torch.optim.Adam(reader.parameters(), lr=config.lr)
    steps_per_epoch = n // config.batch_size
    total_steps = config.epochs * steps_per_epoch
    if config.train_samples:
        total_steps = min(total_steps, config.train_samples // config.batch_size)
    scheduler = make_scheduler(config, optimizer, total_steps)
    run = Run(config, device, reader, optimizer, scheduler, cpu_gen, aug_gen, log, steps_per_epoch, total_steps,
              row_weights(config.loss, device), pens, pen_info or {}, holdout)  # fmt: skip
    if state is None:
        log.start()
        return run
    try:
        reader.load_state_dict(state.model)
        check_optimizer(state.optimizer, optimizer)
        optimizer.load_state_dict(state.optimizer)
        check_moments(optimizer, state.step)
        check_schedule(state.scheduler, scheduler.state_dict(), state.step)
        check_epoch(state.epoch, state.step, steps_per_epoch, total_steps)
        scheduler.load_state_dict(state.scheduler)
        cpu_gen.set_state(state.cpu_rng)
        aug_gen.set_state(state.aug_rng.to(aug_gen.get_state().device))
    except (RuntimeError, ValueError, KeyError, TypeError) as err:
        path = state_path(Path(config.out))
        raise ValueError(f"--resume: {path} does not fit its own recipe (damaged?): {err}") from err
    # last, after every check of what the run goes on from: a row of epoch 10**600 was resumed and written back
    if any(row.get("epoch", 0) > state.epoch for row in state.history):
        path = state_path(Path(config.out))
        raise ValueError(f"--resume: {path} is damaged: its history holds a row past its epoch, {state.epoch}")
    run.epoch, run.step, run.best, run.train_seconds = state.epoch, state.step, state.best, state.train_seconds
    run.saved_epochs = state.epoch
    run.started -= state.elapsed
    log.restore(state.history)
    print(f"resuming after epoch {run.epoch} (step {run.step}) from {one_line(str(state_path(Path(config.out))))}")
    return run
