"""``python -m training.fit``: train a row reader on MNIST, on CUDA or the CPU, and write a checkpoint.

The whole dataset sits on the training device as uint8 tensors; every step indexes a batch, converts it,
augments it there and runs one fused forward/backward — no per-sample Python. After each epoch the model is
evaluated after every row, and a checkpoint (weights + config + metadata) and a training state (optimizer,
scheduler, random generators) are written atomically, so Ctrl-C never loses more than the running epoch and
``--resume`` continues exactly where the last epoch ended.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    from rowreader.launch import run_main

    sys.exit(run_main("training.fit", "training.fit"))

import argparse
import contextlib
import json
import math
import os
import shlex
import signal
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from rowreader.atomic import atomic_write_files, check_writable
from rowreader.cells import cell_names
from rowreader.checkpoint import (
    Checkpoint,
    CheckpointError,
    check_weights_finite,
    checkpoint_bytes,
    read_metadata,
)
from rowreader.data import DamagedMnistFile, dataset_checksum, load_mnist
from rowreader.device import describe_device, resolve_device
from rowreader.evaluate import evaluate_curve
from rowreader.model import ROWS, ReaderConfig
from rowreader.network import RowReader
from rowreader.paths import file_sha256, keep_going_without_stdout, one_line, print_any_file_name
from rowreader.unipen import load_unipen, unipen_sha256
from training.augment import AUGMENTATIONS, augment
from training.config import LOSSES, PRESETS, TRAIN_LAYERS, FitConfig, apply_preset, flag
from training.drawn import drawn_dataset
from training.files import (
    check_outputs,
    check_room,
    checkpoint_source,
    claimed_outputs,
    load_reader,
    refuse_inputs_as_out,
    refuse_repeats,
    run_lock,
    weight_bytes,
)
from training.metrics import MetricsLog, accuracy_summary
from training.pen_augment import PenAugmentConfig
from training.pen_data import PenEpochs, PenWorkerLost, holdout_split, pen_per_epoch, render_plain
from training.state import TrainingState, load_state, state_bytes, state_path

REPORT_ROWS = (7, 14, 21)
DRAWN_SEED_OFFSET = 1000


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: further steps would only destroy the weights."""


def row_weights(loss: str, device: torch.device) -> torch.Tensor:
    """Per-row loss weights (sum 1): the last row only, or every row with weight ∝ row number.

    Weighting every row trains the running predictions the app shows, while leaning on later rows where the
    answer can actually be known.
    """
    if loss == "final":
        w = torch.zeros(ROWS, device=device)
        w[-1] = 1.0
        return w
    w = torch.arange(1, ROWS + 1, dtype=torch.float32, device=device)
    return w / w.sum()


def row_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy after every row, weighted per row (``row_weights``) and averaged over the batch."""
    per_row = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.repeat_interleave(ROWS), reduction="none")
    return (per_row.view(-1, ROWS) * weights).sum(dim=1).mean()


def distill_loss(
    logits: torch.Tensor, teacher_logits: torch.Tensor, weights: torch.Tensor, temperature: float
) -> torch.Tensor:
    """KL(teachers ‖ student) between beliefs softened by ``temperature``, after every row, weighted per row like
    ``row_loss`` and scaled by T² so its gradients keep their size at any temperature (Hinton et al., 2015).

    An ensemble reads better than any of its members (README, "The shipped model"), but it is wider and slower;
    learning its beliefs, second guesses included, passes part of that on to a reader of the usual width.
    """
    teacher = F.log_softmax(teacher_logits / temperature, dim=-1)
    student = F.log_softmax(logits / temperature, dim=-1)
    per_row = (teacher.exp() * (teacher - student)).sum(dim=-1)
    return (per_row * weights).sum(dim=1).mean() * temperature**2


def optimizer_step(loss: torch.Tensor, optimizer: torch.optim.Optimizer, clip_grad: float) -> None:
    """Back-propagate ``loss`` and update the parameters ``optimizer`` holds (clipped to ``clip_grad`` if > 0).

    Only the optimizer's parameters are clipped and stepped, so fine-tuning a subset of layers uses this too.
    """
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if clip_grad > 0:
        torch.nn.utils.clip_grad_norm_([p for g in optimizer.param_groups for p in g["params"]], clip_grad)
    optimizer.step()


def final_row_accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of the batch whose prediction after the last row is right (the seed's "Training Accuracy")."""
    return (logits[:, -1].argmax(-1) == labels).float().mean().item()


def build_reader(config: FitConfig, generator: torch.Generator) -> RowReader:
    """The configured reader with every weight drawn from ``generator`` (same seed → same weights anywhere)."""
    return RowReader(config.model).initialise(generator, config.init)


def make_scheduler(config: FitConfig, optimizer: torch.optim.Optimizer, total_steps: int):
    if config.schedule == "constant":
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0)
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=total_steps, pct_start=0.15)


def parse_args(argv: list[str] | None) -> FitConfig:
    d, fine_tune = FitConfig(), apply_preset(FitConfig(), "finetune")  # a fine-tune's defaults are its preset's
    p = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="python -m training.fit",
        description="Train a RowReader on MNIST and write a checkpoint. A preset sets a whole recipe; "
        "flags given explicitly override it.",
    )
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="recipe to start from (default: default, or finetune with --finetune)",
    )
    p.add_argument("--device", help=f"auto | cpu | cuda | cuda:N (default: {d.device})")
    p.add_argument("--epochs", type=int, help=f"passes over the training set (default: {d.epochs})")
    p.add_argument("--batch-size", type=int, help=f"images per step (default: {d.batch_size})")
    p.add_argument(
        "--lr", type=float, help=f"peak learning rate of Adam (default: {d.lr}; a fine-tune: {fine_tune.lr})"
    )
    p.add_argument("--cell", choices=cell_names(), help=f"recurrent cell (default: {d.model.cell})")
    p.add_argument("--hidden", type=int, help=f"recurrent units per layer (default: {d.model.hidden_size})")
    p.add_argument("--layers", type=int, help=f"stacked recurrent layers (default: {d.model.layers})")
    p.add_argument(
        "--loss",
        choices=LOSSES,
        help=f"train the last row only, or every row (default: {d.loss}; with --finetune, the base model's own)",
    )
    p.add_argument("--augment", choices=sorted(AUGMENTATIONS), help=f"distortion strength (default: {d.augment})")
    p.add_argument("--seed", type=int, help=f"random seed; same seed on CPU → same result (default: {d.seed})")
    p.add_argument("--data-dir", help="folder with the MNIST IDX files (default: $ROWREADER_DATA or the user cache)")
    p.add_argument("--download", action="store_true", default=None, help="fetch MNIST if missing (default: off)")
    p.add_argument("--out", help=f"checkpoint to write; training state goes beside it (default: {d.out})")
    p.add_argument(
        "--resume", action="store_true", default=None, help="continue from --out's saved state (default: off)"
    )
    p.add_argument(
        "--drawn", type=int, help=f"synthetic pen-drawn digits per class added to training (default: {d.drawn})"
    )
    p.add_argument(
        "--pen",
        type=float,
        metavar="SHARE",
        help="share of each epoch's samples that are renderings of UNIPEN's train writers' pen digits, "
        f"in [0, 0.95]; 0 = off (default: {d.pen})",
    )
    p.add_argument(
        "--pen-reuse", type=int, help=f"epochs each pen rendering is used before it is redrawn (default: {d.pen_reuse})"
    )
    p.add_argument(
        "--pen-holdout",
        type=float,
        metavar="SHARE",
        help="share of the train writers' pen digits (whole persons) kept out of training and read after every "
        f"epoch, to watch it on unseen writers (default: {d.pen_holdout})",
    )
    p.add_argument(
        "--pen-dir", help="folder with UNIPEN's digits.jsonl.gz (default: $ROWREADER_UNIPEN or the user cache)"
    )
    p.add_argument(
        "--pen-workers", type=int, help="processes that render pen digits ahead; 0 = none (default: cores − 1, 1 to 16)"
    )
    p.add_argument(
        "--start-from",
        metavar="CHECKPOINT",
        help="begin from this checkpoint's network and weights, with a fresh optimiser and --lr schedule "
        "(a second, gentler stage of training); default: from scratch",
    )
    p.add_argument(
        "--distill-from",
        nargs="+",
        metavar="CHECKPOINT",
        help="also learn the mean row-by-row beliefs of these readers, e.g. an ensemble (default: none)",
    )
    p.add_argument(
        "--distill-weight",
        type=float,
        help=f"share of the loss given to the teachers' beliefs, in [0, 1] (default: {d.distill_weight})",
    )
    p.add_argument(
        "--distill-temperature",
        type=float,
        help=f"softening of both beliefs before they are compared (default: {d.distill_temperature})",
    )
    p.add_argument("--limit", type=int, help="use only the first N train and test images (default: all)")
    p.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
    p.add_argument("--metrics", help="metrics CSV path (default: beside --out, <name>.metrics.csv)")
    p.add_argument(
        "--force",
        action="store_true",
        default=None,
        help="overwrite --out / --metrics even if they exist and were not written by training (default: off)",
    )
    p.add_argument(
        "--log-every", type=int, help=f"print batch accuracy every N steps, 0 = off (default: {d.log_every})"
    )
    tune = p.add_argument_group(
        "fine-tuning on a person's examples",
        "python -m training.fit --finetune BASE.safetensors --examples DIR --out OUT.safetensors",
    )
    tune.add_argument("--finetune", metavar="BASE", help="start from this checkpoint instead of from scratch")
    tune.add_argument("--examples", metavar="DIR", help="the examples: DIR/0/*.png … DIR/9/*.png, any picture")
    tune.add_argument(
        "--replay",
        type=float,
        help="share of each batch replayed from what the model learnt from, with examples of all ten digits; "
        f"with fewer digits the examples' share shrinks in proportion (default: {fine_tune.replay})",
    )
    tune.add_argument(
        "--train-layers", choices=sorted(TRAIN_LAYERS), help=f"layers that may change (default: {d.train_layers})"
    )
    tune.add_argument("--folds", type=int, help=f"cross-validation folds, 0 = none (default: {d.folds})")
    tune.add_argument(
        "--eval-digits", type=int, help=f"MNIST test digits read before and after (default: {fine_tune.eval_digits})"
    )
    tune.add_argument(
        "--train-samples",
        type=int,
        help=f"stop after this many samples (a fine-tune's default: {fine_tune.train_samples})",
    )
    tune.add_argument("--progress", choices=("bar", "json"), help="progress as a bar or JSON lines (default: bar)")
    args = vars(p.parse_args(argv))
    refuse_flags_that_do_nothing(p, args)
    preset = args.pop("preset") or ("finetune" if args["finetune"] else "default")
    if (preset == "finetune") != (args["finetune"] is not None):  # the other kind's recipe, silently misapplied
        if args["finetune"]:
            p.error(f"--preset {preset} trains from scratch; a fine-tune (--finetune) uses the finetune preset")
        p.error("--preset finetune is a fine-tune's recipe: give --finetune BASE --examples DIR with it")
    tuned = [flag(k) for k in ("distill_weight", "distill_temperature") if args[k] is not None]
    if tuned and not args["distill_from"]:  # silently ignored, it looked as if the run learnt from teachers
        verb = "matters" if len(tuned) == 1 else "matter"
        p.error(f"{' and '.join(tuned)} only {verb} with --distill-from, which was not given")
    if args["finetune"] and args["loss"] is None:
        args["loss"] = base_loss(args["finetune"])
    try:
        config = apply_preset(d, preset)
        return config.with_flags(**{k: v for k, v in args.items() if v is not None})
    except ValueError as err:
        p.error(str(err))
        raise  # unreachable: p.error exits


# Flags one kind of run reads and the other never looks at. Given to the other, they did nothing without a word:
# `--finetune … --limit 100` taught on everything, `--epochs 5` ran its 40 steps, `--hidden 64` kept the base's
# width, `--resume` started afresh; `--folds 5` or `--replay 0.5` on a training run changed nothing.
TRAINING_ONLY = ("epochs", "cell", "hidden", "layers", "drawn", "pen", "pen_reuse", "pen_holdout", "pen_workers",
                 "limit", "resume", "metrics", "log_every")  # fmt: skip
FINETUNE_ONLY = ("replay", "train_layers", "folds", "eval_digits", "progress")


def refuse_flags_that_do_nothing(parser: argparse.ArgumentParser, args: dict) -> None:
    """Exit (status 2) naming any flag given that the kind of run asked for (training or fine-tuning) ignores."""
    finetune = args["finetune"] is not None
    unused = [name for name in (TRAINING_ONLY if finetune else FINETUNE_ONLY) if args[name] is not None]
    if not unused:
        return
    flags = [flag(name) for name in unused]
    named = flags[0] if len(flags) == 1 else f"{', '.join(flags[:-1])} and {flags[-1]}"
    one = len(flags) == 1
    if finetune:
        parser.error(
            f"{named} {'does' if one else 'do'} nothing in a fine-tune (--finetune), which trains the base model's "
            f"own network for --train-samples samples; leave {'it' if one else 'them'} out"
        )
    parser.error(
        f"{named} only {'matters' if one else 'matter'} with --finetune BASE --examples DIR; "
        f"leave {'it' if one else 'them'} out of a training run"
    )


def base_loss(path: str) -> str | None:
    """The loss a model was trained with (its recorded recipe): a fine-tune keeps to it unless ``--loss`` is given.

    Teaching every row to a reader trained on its last row only undoes what it learnt: the seed model lost 7.6
    MNIST points to an every-row fine-tune of 30 examples, 1.5 to a last-row one. ``None`` (the preset's) when
    nothing usable is recorded; a file that cannot be read is reported later, where the model is loaded.
    """
    try:
        recipe = read_metadata(path).get("recipe")
    except CheckpointError:
        return None
    loss = recipe.get("loss") if isinstance(recipe, dict) else None
    return loss if loss in LOSSES else None


class Data(NamedTuple):
    """Both MNIST splits on the training device (uint8 images, int64 labels) and the training set's checksum."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    checksum: str


def load_data(config: FitConfig, device: torch.device) -> Data:
    """Both splits as uint8/int64 tensors on ``device``; exits with instructions if the files are missing."""
    train_x, train_y = load_mnist(config.data_dir, train=True, download=config.download)
    test_x, test_y = load_mnist(config.data_dir, train=False, download=config.download)
    if config.limit:
        train_x, train_y, test_x, test_y = (a[: config.limit] for a in (train_x, train_y, test_x, test_y))
    checksum = dataset_checksum(train_x, train_y)
    if config.drawn:
        # Seeded apart from bench_drawn's test set (seed 0), so the benchmark never sees a training digit.
        drawn_x, drawn_y = drawn_dataset(config.drawn, seed=DRAWN_SEED_OFFSET + config.seed)
        train_x = np.concatenate([train_x, np.round(drawn_x * 255).astype(np.uint8)])
        train_y = np.concatenate([train_y, drawn_y.astype(train_y.dtype)])
    tensors = (
        torch.from_numpy(train_x.copy()),
        torch.from_numpy(train_y.astype("int64")),
        torch.from_numpy(test_x.copy()),
        torch.from_numpy(test_y.astype("int64")),
    )
    return Data(*(t.to(device) for t in tensors), checksum)


def open_pen_data(config: FitConfig, base: int, device: torch.device) -> tuple[PenEpochs | None, dict, tuple]:
    """The pen renderings of every epoch (None when ``--pen 0``), what to record about them in the checkpoint,
    and the held-out writers' digits as (images, labels) tensors on ``device`` (empty without ``--pen-holdout``).

    Only the ``train`` writers are ever read: the ``test`` writers are the handwriting benchmark's yardstick.
    """
    if not config.pen:
        return None, {}, ()
    digits = load_unipen(config.pen_dir, split="train")
    assert {d.split for d in digits} == {"train"}, "pen training data must come from the train writers only"
    digits, held = holdout_split(digits, config.pen_holdout)
    assert not {d.person for d in digits} & {d.person for d in held}
    per_epoch = pen_per_epoch(base, config.pen)
    if per_epoch < 1:
        return None, {}, ()
    workers = config.pen_workers if config.pen_workers is not None else default_pen_workers()
    augment = PenAugmentConfig()
    pens = PenEpochs(digits, per_epoch, config.pen_reuse, config.seed, workers, augment)
    info = {
        "pen_sha256": unipen_sha256(config.pen_dir),
        "pen": {
            "data": "UNIPEN train_r01_v07 category 1a, train writers",
            "share": config.pen,
            "per_epoch": per_epoch,
            "reuse_epochs": config.pen_reuse,
            "digits": len(digits),
            "persons": len({d.person for d in digits}),
            "augment": asdict(augment),
        },
    }
    holdout: tuple = ()
    if held:
        images, labels = render_plain(held)
        holdout = (torch.from_numpy(images).to(device), torch.from_numpy(labels).to(device))
        info["pen"]["holdout"] = {"digits": len(held), "persons": len({d.person for d in held})}
    return pens, info, holdout


def fit(config: FitConfig, command: str = "python -m training.fit") -> dict:
    """Run training as configured and return the final summary (also written into the checkpoint).

    ``command`` is recorded in the checkpoint so anyone can see how a model was made. Before any data is read:
    the output files are checked (distinct; absent or ours unless ``force``) and locked against a second run.
    """
    out = Path(config.out)
    metrics_path = Path(config.metrics) if config.metrics else out.with_name(out.stem + ".metrics.csv")
    check_pen_workers(config.pen_workers)
    start = None if config.resume else start_checkpoint(config)  # an input: checked before any output is touched
    teachers = None if config.resume else load_teachers(config)  # inputs too; on --resume, the saved recipe's
    check_outputs(out, state_path(out), metrics_path, force=config.force, resuming=config.resume)
    outputs = (out, state_path(out), metrics_path)
    for path in outputs:  # the state's name is the longer one for an --out without suffix
        check_writable(path)
    with contextlib.ExitStack() as locks:
        # each file locked, not --out alone: runs with `--out m.safetensors` and `--out m.pt` (one m.state.pt and
        # m.metrics.csv), or two --outs and one --metrics, wrote each other's files at once
        for path in outputs:
            locks.enter_context(run_lock(path))
        return _train(config, command, out, metrics_path, start, teachers)


def _train(
    config: FitConfig,
    command: str,
    out: Path,
    metrics_path: Path,
    start: Checkpoint | None,
    teachers: list[Checkpoint] | None,
) -> dict:
    """The run, top to bottom: set up, then per epoch a pass over the data, an evaluation and a save."""
    device = resolve_device(config.device)  # fails at once for CUDA without CUDA
    if config.threads:
        torch.set_num_threads(config.threads)
    # Ctrl-C during the set-up (reading MNIST, starting the pen workers: seconds to minutes) ended the run without
    # a word, and a failed resume check left the pen workers running; both are handled below, as in training.
    pens: PenEpochs | None = None
    run: Run | None = None
    curve = None
    try:
        config, state = resume_config(config, out)
        if config.resume:  # the saved recipe's teachers, which must be the files the run began with
            teachers = load_teachers(config)
        distilled_from = [checkpoint_source(teacher) for teacher in teachers]
        if config.resume:
            check_same_teachers(out, distilled_from)
        if start is not None:
            config = replace(config, model=start.config)
        # the checkpoint's weights, and the state's with Adam's two moments
        check_room(out, 4 * weight_bytes(config.model), "an epoch's checkpoint and training state")
        data = load_data(config, device)
        # fails here, before any step, if the pen data is missing or damaged
        pens, pen_info, holdout = open_pen_data(config, len(data.train_x), device)
        started_from = None  # what the checkpoint records of --start-from's checkpoint, kept when resuming
        if state is not None:
            recorded = check_same_data(out, data.checksum, pen_info.get("pen_sha256"), config.recipe())
            started_from = recorded.get("start_from")
        n = len(data.train_x) + (pens.per_epoch if pens else 0)
        run = start_run(config, device, n, MetricsLog(metrics_path), state, pens, pen_info, holdout)
        if start is not None:
            run.reader.load_state_dict(start.build_reader(device).state_dict())
            started_from = checkpoint_source(start)
        run.started_from = started_from
        run.teachers = [teacher.build_reader(device).eval().requires_grad_(False) for teacher in teachers]
        run.distilled_from = distilled_from
        run.test_digits = len(data.test_y)
        print(
            f"training {config.preset!r} recipe on {describe_device(device)}: {n} images, "
            f"{config.epochs} epochs × {run.steps_per_epoch} steps of {config.batch_size}; "
            f"{config.model.cell} {config.model.hidden_size}×{config.model.layers}, loss {config.loss}, "
            f"augment {config.augment}"
            + (f", incl. {10 * config.drawn} drawn digits" if config.drawn else "")
            + (f", incl. {pens.per_epoch} UNIPEN pen renderings per epoch" if pens else "")
            + (f"; learning the beliefs of {len(teachers)} reader(s) too" if teachers else "")
        )
        while run.epoch < config.epochs and run.step < run.total_steps:
            last_batch = train_epoch(run, data)
            curve = evaluate_epoch(run, data, last_batch)
            save_epoch(run, out, curve, data.checksum, command)
    except KeyboardInterrupt:
        if run is None:
            print(f"\ninterrupted before training began; nothing was written to {out}", file=sys.stderr)
            raise
        # stopped between an epoch's end and its save (seconds for a large model): "no epoch had ended" stood
        # under that epoch's own line
        lost = f"epoch {run.epoch} was not saved (stopped before it was); " if run.epoch > run.saved_epochs else ""
        if run.saved_epochs:
            kept = (f"{lost}the last good checkpoint is kept: {out} (epoch {run.saved_epochs}; resume with the same "
                    "--out and --resume)")  # fmt: skip
        elif lost:
            kept = f"{lost}nothing was saved to {out}; start the run again"
        else:  # it said a checkpoint was kept and to --resume: there was none, or an earlier run's
            kept = f"no epoch had ended, so nothing was saved to {out}; start the run again"
        print(f"\ninterrupted at step {run.step}; {kept}", file=sys.stderr)
        raise
    except PenWorkerLost as err:  # it said concurrent.futures' words alone, nothing of what was saved
        raise PenWorkerLost(f"{err}; {run.kept() if run else 'nothing was saved'}") from err
    finally:
        if pens is not None:
            pens.close()  # stops the rendering workers
    if curve is None:
        raise RuntimeError("nothing to train: the saved state already covers every epoch; raise --epochs")
    summary = _metadata(run, curve, data.checksum, config.epochs, run.elapsed(), command)
    print(
        f"done: {accuracy_summary(curve, REPORT_ROWS)}; {summary['samples_per_second']:.0f} samples/s, "
        f"{summary['wall_seconds']:.0f} s → {out}"
    )
    return summary


# ---- the parts ------------------------------------------------------------------------------------------------


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
    saved_epochs: int = 0  # epochs whose checkpoint and training state are on disk
    teachers: list[RowReader] = field(default_factory=list)  # --distill-from's readers, frozen
    distilled_from: list[dict] = field(default_factory=list)  # their file names, SHA-256 and accuracy

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def kept(self) -> str:
        """What a run stopped by an error leaves on disk, for its message."""
        if self.saved_epochs:
            return f"epoch {self.saved_epochs}'s checkpoint and state are kept (--resume goes on from there)"
        return "nothing was saved"


def start_checkpoint(config: FitConfig) -> Checkpoint | None:
    """``--start-from``'s checkpoint, read and checked before any data is loaded or file written.

    Its network replaces the recipe's (a flag such as ``--hidden`` that disagrees is refused, not ignored).
    """
    if config.start_from is None:
        return None
    path = Path(config.start_from)
    start = load_reader(path)
    refuse_inputs_as_out(Path(config.out), [(path, "the --start-from checkpoint itself")])
    if config.model != ReaderConfig() and config.model != start.config:
        raise ValueError(
            f"--start-from {path} holds a {start.config} network; the flags ask for {config.model}: leave out "
            "--cell/--hidden/--layers (the start checkpoint decides the network)"
        )
    return start


def default_pen_workers() -> int:
    """One rendering process per core but the one that trains: at least one, at most 16 (each holds about 0.5 GB)."""
    return max(1, min(16, (os.cpu_count() or 2) - 1))


def check_pen_workers(workers: int | None) -> None:
    """Refuse more pen-rendering processes than cores: each imports torch and holds the pen data (about 0.5 GB),
    and they only render, so more than one a core gains nothing. `--pen-workers 64` on a 2-core laptop started
    64 of them, 30 GB, before anything was trained."""
    cores = os.cpu_count() or 1
    if workers is not None and workers > cores:
        raise ValueError(
            f"--pen-workers {workers} is more processes than this machine's {cores} cores (each holds about "
            f"0.5 GB and renders on one core); give at most {cores}, or leave it out for {default_pen_workers()}"
        )


def check_threads(threads: int | None) -> None:
    """Refuse more torch threads than cores: they only take turns. On this project's busy 2-core machine a tiny run
    (1,024 digits, 64 units) read 100–2,400 samples/s with 1 or 2 threads, 148 with 64 and 10 with 1,024
    (104 s for 8 steps); `--threads 1000` for 10 cost a run that much. The same bound as --pen-workers."""
    cores = os.cpu_count() or 1
    if threads is not None and threads > cores:
        raise ValueError(
            f"--threads {threads} is more than this machine's {cores} cores (more threads only take turns, and "
            f"slow training down: 10 samples/s with 1,024 on 2 cores); give at most {cores}, or leave it out"
        )


def load_teachers(config: FitConfig) -> list[Checkpoint]:
    """``--distill-from``'s readers, read and checked before any data is loaded or file written. Any width, cell
    or depth: only their beliefs after each row are learnt."""
    paths = [Path(p) for p in config.distill_from]
    refuse_inputs_as_out(Path(config.out), [(p, "one of the --distill-from readers") for p in paths])
    teachers = [load_reader(path) for path in paths]
    refuse_repeats(paths, [file_sha256(path) for path in paths])
    return teachers


def check_same_teachers(out: Path, teachers: list[dict]) -> None:
    """On ``--resume``: the teachers (``checkpoint_source`` records) must be the files the run began with (a changed
    file would teach the second half of the run something else, while the checkpoint still names the first)."""
    if not teachers:
        return
    recorded = read_metadata(out).get("distilled_from")
    recorded = [t.get("sha256") for t in recorded if isinstance(t, dict)] if isinstance(recorded, list) else None
    if recorded != [t["sha256"] for t in teachers]:
        raise ValueError(f"--resume: the --distill-from readers are not the files {out} was trained with; resume "
                         "with the same files")  # fmt: skip


def recipe_differences(recorded: object, recipe: dict) -> list[str]:
    """The settings of a training ``recipe`` (``FitConfig.recipe()``) that a recorded one (a checkpoint's metadata)
    gives another value, by name (``model.hidden_size``).

    Only what both know is compared, at every level: a run begun by an older version records fewer keys (its
    model without ``cell``, say), and each one added later was refused as "differing", for ``--resume`` and for
    ``training.ship``'s finished stages alike. What a training run never reads (the fine-tune's own settings and
    the preset's name, a label) is not compared: a new default for ``--replay`` refused every run made before it."""
    now = json.loads(json.dumps(recipe, default=vars))

    def differing(then: object, now: object, prefix: str) -> list[str]:
        if not (isinstance(then, dict) and isinstance(now, dict)):
            return [] if then == now else [prefix.removesuffix(".")]
        return [d for k in sorted(now.keys() & then.keys()) for d in differing(then[k], now[k], f"{prefix}{k}.")]

    if not isinstance(recorded, dict):
        return []
    unread = {*FINETUNE_ONLY, "preset"}
    return differing({k: v for k, v in recorded.items() if k not in unread}, now, "")


def check_same_data(out: Path, checksum: str, pen_sha256: str | None, recipe: dict) -> dict:
    """On ``--resume``: the checkpoint must be the one the training state's run wrote (its ``recipe``), and the data
    what the run began with, or its second half would learn from other data than its first while the checkpoint
    still names the first. The last checkpoint records the recipe and both checksums; its metadata is returned."""
    try:
        recorded = read_metadata(out)  # the metadata alone: no weight is read
    except (OSError, ValueError) as err:
        raise ValueError(f"--resume: {out} cannot be read to check the data it was trained on: {err}") from err
    # A state copied from another run beside this checkpoint went on training the other run and wrote it over this
    # one; a checkpoint with no recipe (a merged reader, a fine-tuned child) was written by no run at all.
    if not isinstance(recorded.get("recipe"), dict):
        raise ValueError(
            f"--resume: {out} records no training recipe (a merged reader, or not written by training.fit), so "
            f"{state_path(out)} cannot be its run's; resume needs the checkpoint and training state one run wrote"
        )
    differing = recipe_differences(recorded["recipe"], recipe)
    if differing:
        raise ValueError(
            f"--resume: {state_path(out)} and {out} are from different runs ({', '.join(differing)} differ); "
            "resume needs the checkpoint and training state one run wrote"
        )
    checks = (("MNIST training set", checksum, "dataset_sha256"), ("UNIPEN file", pen_sha256, "pen_sha256"))
    for what, now, key in checks:
        if recorded.get(key) != now:
            raise ValueError(
                f"--resume: the {what} differs from the one {out} was trained on "
                f"({key} {str(recorded.get(key))[:12]}… then, {str(now)[:12]}… now); resume with the same data"
            )
    return recorded


def resume_config(config: FitConfig, out: Path) -> tuple[FitConfig, TrainingState | None]:
    """With ``--resume``: the saved recipe (with this command's run settings) and the saved state."""
    if not config.resume:
        return config, None
    state = load_state(state_path(out))
    try:
        saved = FitConfig.from_dict(state.config)
    except (TypeError, ValueError) as err:
        raise ValueError(f"--resume: {state_path(out)} holds a damaged recipe ({err})") from err
    if state.epoch >= saved.epochs:
        raise ValueError(
            f"--resume: the run in {out} already finished all {saved.epochs} epochs of its recipe, and a "
            f"finished run is not extended (its learning-rate schedule was planned for {saved.epochs}); "
            "to train longer, start a new run with the --epochs you want and another --out"
        )
    differing = {k: v for k, v in config.recipe().items() if saved.recipe().get(k) != v and k != "preset"}
    if differing:
        print(f"note: resuming with the saved recipe; ignoring {sorted(differing)}", file=sys.stderr)
    return replace(saved, **{k: getattr(config, k) for k in FitConfig.RUN_FIELDS}), state


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
    cpu_gen = torch.Generator().manual_seed(config.seed)
    aug_gen = torch.Generator(device=device).manual_seed(config.seed + 1)
    reader = build_reader(config, cpu_gen).to(device)
    optimizer = torch.optim.Adam(reader.parameters(), lr=config.lr)
    steps_per_epoch = max(1, n // config.batch_size)
    total_steps = config.epochs * steps_per_epoch
    if config.train_samples:
        total_steps = min(total_steps, max(1, config.train_samples // config.batch_size))
    scheduler = make_scheduler(config, optimizer, total_steps)
    run = Run(config, device, reader, optimizer, scheduler, cpu_gen, aug_gen, log, steps_per_epoch, total_steps,
              row_weights(config.loss, device), pens, pen_info or {}, holdout)  # fmt: skip
    if state is None:
        log.start()
        return run
    try:
        reader.load_state_dict(state.model)
        optimizer.load_state_dict(state.optimizer)
        scheduler.load_state_dict(state.scheduler)
        cpu_gen.set_state(state.cpu_rng)
        aug_gen.set_state(state.aug_rng.to(aug_gen.get_state().device))
    except (RuntimeError, ValueError, KeyError, TypeError) as err:
        path = state_path(Path(config.out))
        raise ValueError(f"--resume: {path} does not fit its own recipe (damaged?): {err}") from err
    run.epoch, run.step, run.best, run.train_seconds = state.epoch, state.step, state.best, state.train_seconds
    run.saved_epochs = state.epoch
    run.started -= state.elapsed
    log.restore(state.history)
    print(f"resuming after epoch {run.epoch} (step {run.step}) from {state_path(Path(config.out))}")
    return run


def train_epoch(run: Run, data: Data) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One pass over the shuffled training set (fewer steps if ``train_samples`` ends the run sooner).

    Returns the last batch's loss, logits and labels, for the epoch's log line.
    """
    config, reader = run.config, run.reader
    reader.train()
    epoch_x, epoch_y = data.train_x, data.train_y
    if run.pens is not None:
        pen_x, pen_y = run.pens.epoch(run.epoch)
        epoch_x = torch.cat([data.train_x, torch.from_numpy(pen_x).to(run.device)])
        epoch_y = torch.cat([data.train_y, torch.from_numpy(pen_y).to(run.device)])
    order = torch.randperm(len(epoch_x), generator=run.cpu_gen).to(run.device)
    steps = min(run.steps_per_epoch, run.total_steps - run.step)
    bar = tqdm(total=steps * config.batch_size, unit="img", unit_scale=True, desc=f"epoch {run.epoch + 1}")
    loop_started = time.perf_counter()
    for i in range(steps):
        idx = order[i * config.batch_size : (i + 1) * config.batch_size]
        images = augment(epoch_x[idx].float() / 255, AUGMENTATIONS[config.augment], run.aug_gen)
        labels = epoch_y[idx]
        logits = reader(images)
        loss = row_loss(logits, labels, run.row_weights)
        if run.teachers:
            with torch.no_grad():
                taught = torch.stack([teacher(images) for teacher in run.teachers]).mean(dim=0)
            weight = config.distill_weight
            distilled = distill_loss(logits, taught, run.row_weights, config.distill_temperature)
            loss = (1 - weight) * loss + weight * distilled
        # Reading the loss waits for the device, so it is read every 10 steps, not every step: a
        # divergence is caught within 10 steps, long before the epoch's checkpoint could be written.
        check = i % 10 == 0 or i == steps - 1
        if check and not math.isfinite(loss_value := loss.item()):
            raise TrainingDiverged(
                f"loss became {loss_value} at step {run.step + 1}; try a lower --lr (now {config.lr})"
            )
        optimizer_step(loss, run.optimizer, config.clip_grad)
        run.scheduler.step()
        run.step += 1
        bar.update(len(idx))
        if check:
            bar.set_postfix(loss=f"{loss_value:.4f}", refresh=False)
        if config.log_every and run.step % config.log_every == 0:
            batch_acc = final_row_accuracy(logits, labels)
            bar.write(f"Step {run.step}, Minibatch Loss= {loss.item():.4f}, Training Accuracy= {batch_acc:.5f}")
            run.log.add(
                epoch=run.epoch + 1,
                step=run.step,
                seconds=run.elapsed(),
                loss=loss.item(),
                lr=run.scheduler.get_last_lr()[0],
                train_accuracy=batch_acc,
            )
    bar.close()
    run.train_seconds += time.perf_counter() - loop_started
    return loss, logits, labels


def evaluate_epoch(run: Run, data: Data, last_batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor]) -> np.ndarray:
    """Accuracy after every row on the test set, logged and printed; the epoch counts as done from here."""
    loss, logits, labels = last_batch
    curve = evaluate_curve(run.reader, data.test_x, data.test_y, run.device)
    run.epoch += 1
    run.best = max(run.best, float(curve[-1]))
    run.log.add(
        epoch=run.epoch,
        step=run.step,
        seconds=run.elapsed(),
        loss=loss.item(),
        lr=run.scheduler.get_last_lr()[0],
        train_accuracy=final_row_accuracy(logits, labels),
        test_curve=curve,
        write=False,  # written once the epoch is saved (save_epoch): the CSV claimed an epoch a full disk lost
    )
    print(f"epoch {run.epoch}: {accuracy_summary(curve, REPORT_ROWS)}, best {run.best:.4f} ({run.elapsed():.0f} s)")
    if run.holdout:  # unseen train-split writers' pen digits; the test writers stay untouched
        held_curve = evaluate_curve(run.reader, *run.holdout, run.device)
        run.pen_info["pen"]["holdout"]["accuracy_per_row"] = [round(float(a), 5) for a in held_curve]
        held_summary = accuracy_summary(held_curve, REPORT_ROWS).removeprefix("test ")
        print(f"  pen holdout ({len(run.holdout[1])} digits of unseen writers): {held_summary}")
    return curve


def save_epoch(run: Run, out: Path, curve: np.ndarray, checksum: str, command: str) -> None:
    """The checkpoint and the training state, written together (``atomic_write_files``): neither replaces its
    predecessor until both are on disk, so a full disk leaves the last epoch's pair as it was. Refused if a weight
    is not finite."""
    try:  # the loss is read before the last update: only the weights themselves can vouch for it
        check_weights_finite(run.reader.numpy_weights())
    except ValueError as err:
        run.log.unsaved()
        raise TrainingDiverged(
            f"{err} after epoch {run.epoch}; nothing was written for it. Try a lower --lr (now {run.config.lr})"
        ) from err
    elapsed = run.elapsed()
    state = TrainingState(
        model=run.reader.state_dict(),
        optimizer=run.optimizer.state_dict(),
        scheduler=run.scheduler.state_dict(),
        cpu_rng=run.cpu_gen.get_state(),
        aug_rng=run.aug_gen.get_state(),
        epoch=run.epoch,
        step=run.step,
        best=run.best,
        elapsed=elapsed,
        train_seconds=run.train_seconds,
        config=run.config.to_dict(),
        history=run.log.history,
    )
    metadata = _metadata(run, curve, checksum, run.epoch, elapsed, command)
    # The checkpoint first: a run stopped between the two renames has a checkpoint one epoch ahead of its state,
    # and --resume repeats that epoch; the other way round, a first epoch's state had no checkpoint to resume by.
    try:
        atomic_write_files([(out, checkpoint_bytes(run.reader, metadata)), (state_path(out), state_bytes(state))])
    except OSError as err:
        run.log.unsaved()  # the metrics CSV claims no epoch that was not saved
        where = err.filename or out
        raise OSError(f"cannot save epoch {run.epoch} to {where}: {err.strerror or err}; {run.kept()}") from err
    run.saved_epochs = run.epoch
    run.log.saved()


def _metadata(run: Run, curve: np.ndarray, checksum: str, epoch: int, elapsed: float, command: str) -> dict:
    config = run.config
    pen_info = run.pen_info
    pen = f" + {pen_info['pen']['per_epoch']} UNIPEN train-writer pen renderings per epoch" if pen_info else ""
    return {
        "test_accuracy": float(curve[-1]),
        "test_digits": run.test_digits,
        "accuracy_per_row": [round(float(a), 5) for a in curve],
        "recipe": config.recipe(),
        "epochs_trained": epoch,
        "steps": run.step,
        "wall_seconds": round(elapsed, 1),  # everything, evaluation and checkpoints included
        "train_seconds": round(run.train_seconds, 1),  # the optimisation steps alone
        "samples_per_second": run.step * config.batch_size / max(run.train_seconds, 1e-9),
        "device": describe_device(run.device),
        "dataset": "MNIST" + (f" + {10 * config.drawn} synthetic drawn digits" if config.drawn else "") + pen,
        "dataset_sha256": checksum,
        "command": command,
        **run.pen_info,
        **({"start_from": run.started_from} if run.started_from else {}),
        **({"distilled_from": run.distilled_from} if run.distilled_from else {}),
    }


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: stop like Ctrl-C, remembering which signal, for the exit status (128 + its number)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# SIGTERM is how `kill`, `timeout`, batch systems and service managers stop a run. Left to its default it ended
# the process on the spot: no word of the kept checkpoint, and the pen-rendering workers lived on, orphaned.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt_once(signum: int, frame: object) -> None:
    """Ctrl-C (or SIGTERM) stops training once; further ones are ignored while it saves and exits (no shutdown
    tracebacks)."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.stderr is None:  # `2>&-`: the progress bar's first write ended the run, no word possible (exit 1)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
    config = parse_args(argv)
    print_any_file_name()
    # Only where Ctrl-C is ours to handle: the main thread, with Python's default handlers in place.
    ours = threading.current_thread() is threading.main_thread()
    ours = ours and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ours = ours and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    if ours:
        for stop in STOP_SIGNALS:
            signal.signal(stop, _interrupt_once)
    command = shlex.join(["python", "-m", "training.fit", *argv])  # quoted: a path with a space stays one argument
    try:
        check_threads(config.threads)  # a training run and a fine-tune alike
        with keep_going_without_stdout(), claimed_outputs():  # `| head -3` lost an epoch; see claimed_outputs
            if config.finetune is not None:
                from training.finetune import run_finetune  # imports this module: load it only when asked

                run_finetune(config, command)
            else:
                fit(config, command=command)
    except KeyboardInterrupt as err:
        if config.finetune is not None:  # training says what it kept; a fine-tune ended without a word
            print(f"\ninterrupted; nothing was written to {config.out} (a fine-tune writes only at its end)",
                  file=sys.stderr)  # fmt: skip
        return 128 + getattr(err, "signum", signal.SIGINT)  # 130 for Ctrl-C, 143 for SIGTERM, as shells count
    except DamagedMnistFile as err:  # a download cut short: torchvision keeps the file, so say what to do
        if config.progress == "json":  # the app words its own remedy (Ctrl+T then offers the download)
            with contextlib.suppress(OSError, ValueError):
                print(json.dumps({"event": "error", "damaged_mnist": True, "message": str(err)}), flush=True)
        print(f"error: {err}; delete that file and run `rowreader download` to fetch it anew", file=sys.stderr)
        return 2
    except (FileNotFoundError, OSError, ValueError, RuntimeError) as err:
        print(f"error: {one_line(str(err))}", file=sys.stderr)
        return 2 if not isinstance(err, TrainingDiverged) else 3
    finally:
        if ours and signal.getsignal(signal.SIGINT) is _interrupt_once:  # not interrupted: as it was
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return 0
