"""Teach a trained reader one person's handwriting from a few examples, without forgetting everyone else's.

``python -m training.fit --finetune BASE.safetensors --examples DIR --out OUT.safetensors`` and the app's
"Teach it my handwriting" both land here. Each step takes one batch and the step of :mod:`training.step`
(``row_loss`` + ``optimizer_step``): part of the batch is the person's examples (augmented, so three drawings
of a 7 become many), the rest is *replay* of MNIST training digits and canvas-drawn digits (UNIPEN's train
writers where that data is at hand, else synthetic ones), which keeps the reader from drifting away from
everybody else's handwriting (training/replay.py).

How good is the result on this person's *next* digits? Accuracy on the examples it was trained on says
nothing, so the examples are split into ``folds`` and one extra model per fold is fine-tuned without that
fold, in lock-step with the real one (trained on everything). Every few steps each fold model reads the
examples it never saw; pooled, that is the cross-validated accuracy the chart shows: an honest estimate of
what the user will see, measured while it trains. The base model reads all examples first (it saw none),
so "before" and "after" are measured alike.
"""

# ruff: noqa: E402 (the command line is checked before torch's 5-second import: see says_what_to_teach)
from __future__ import annotations

import sys


def says_what_to_teach(argv: list[str]) -> bool:
    """Whether the command line names the model to teach (or asks for help or the version), else say what is
    missing on stderr.

    Defined before torch is imported: ``python -m training.finetune`` without ``--finetune`` said so only after
    torch's 5-second load. ``--version`` alone was refused so, where every other entry point prints it."""
    if any(arg in ("-h", "--help", "--version") or arg.split("=")[0] == "--finetune" for arg in argv):
        return True
    from rowreader.launch import say_error  # light: torch is not imported yet
    from rowreader.output import typed_command

    say_error(  # named as typed, as its usage is: it said "training.finetune: error: …", a command nobody types
        typed_command(),
        "the model to teach is missing: give --finetune BASE.safetensors --examples DIR --out OUT.safetensors (the "
        "same as python -m training.fit with them; --help lists every flag)",
    )
    return False


if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    if not says_what_to_teach(sys.argv[1:]):
        sys.exit(2)
    from rowreader.launch import run_main
    from training.interrupt import stop_from_the_start

    stop_from_the_start()  # SIGTERM and SIGHUP while torch loads, as training.fit's
    # the command line read first (--device tpu refused), before torch's seconds of loading, as training.fit's
    read = run_main("training.arguments", last=False)
    sys.exit(read or run_main("training.finetune"))

import contextlib
import copy
import dataclasses
import errno
import json
import os
import select
import shutil
import stat
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from rowreader.checkpoint import Checkpoint, save_checkpoint
from rowreader.data import MNIST_TEST_DIGITS
from rowreader.device import describe_device, device_of_flag
from rowreader.evaluate import evaluate_rows
from rowreader.example_folder import (
    NAMED_BY_PLACE,
    NEWEST_PER_DIGIT,
    SKIPPED,
    ExamplesError,
    ExampleSet,
    a_digit,
    class_folders,
    examples_named,
    load_examples,
    picture_count,
    picture_kinds,
)
from rowreader.json_text import json_file_name
from rowreader.model import CLASSES, ROWS
from rowreader.network import RowReader
from rowreader.output import counted, few_named, one_line, output_gone, warn
from rowreader.paths import file_sha256
from rowreader.skipped_files import skipped_lines
from training.augment import augment
from training.config import AUGMENTATIONS, PRESETS, TRAIN_LAYERS, FitConfig
from training.files import (
    LONGEST_NUMBER,
    OutputError,
    check_checkpoint_out,
    check_room,
    load_reader,
    longest_share,
    refuse_past_the_header,
    resolved,
    say_what_is_replaced,
    taught_files,
    weight_bytes,
)
from training.interrupt import READER_LEFT, nothing_left_to_stop, stop_as_the_reader_left
from training.progress import progress_bar
from training.replay import DRAWN_REPLAY, PEN_REPLAY, REPLAY_NAME, ReplayData, load_replay, no_replay
from training.step import optimizer_step, row_loss, row_weights

REPLAY_AUGMENT = "light"  # the replayed digits (MNIST's and the pen ones) get only the lighter distortion
EVAL_BATCH = 2000  # examples read at once (evaluate_curve's batch: the same numbers as its accuracy)
HELDOUT_EVALS = 8  # how many times during a run the fold models read their held-out examples (cheap: a few dozen)
MAX_MISREAD_LISTED = 100  # held-out examples read as another digit, named in the metadata (the rest counted)
# a digit of MNIST's a teach names as lost: this many of its digits fewer read right, and this share of them. Taught
# five drawings of one digit, of two, or three of each (33 teaches of 8 UNIPEN test writers, 6 Dec 2026), a digit fell
# by 2 (of 186) at most on the teach's 2,000 (0.59 points at most on all 10,000), but for ibm/15's 1s: 3 of 207 7s
# (1.95 points on the 10,000); docs/teaching.md, "Teaching only some digits"
LOST_NAMED = (3, 0.01)
# MNIST's accuracy a teach may lose before it is said plainly to have lost what the model knew: the tests' 20 MNIST
# examples taught to the shipped model cost it 0.2 points at --lr 3e-4 (a fine-tune's), 0.4 at 3e-3, 3 at 1e-2, 22 at
# 3e-2, and at --lr 10 93 points in 2 steps (99.00% → 6.00%, its 0s 100% → 0%), said among the numbers alone
FORGOT = 0.10


class FinetuneCancelled(Exception):
    """The caller asked to stop; nothing was written and the base model is untouched."""


@dataclass(frozen=True)
class Progress:
    """One report while fine-tuning: where it is and what it measured (``None``: not measured at this point)."""

    step: int
    steps: int
    seconds: float
    heldout: float | None = None  # cross-validated accuracy on the person's examples, pooled over folds
    mnist: float | None = None  # the fine-tuned model on the MNIST evaluation digits

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class FinetuneResult:
    reader: RowReader
    metadata: dict[str, Any] = field(default_factory=dict)


def make_folds(labels: np.ndarray, folds: int, seed: int, kinds: np.ndarray | None = None) -> np.ndarray:
    """Fold number per example, stratified: each digit's examples are dealt out over the folds in turn.

    Dealing continues where the previous digit stopped, so with 3 examples of each digit and 3 folds every
    fold holds one of each, and with fewer examples the folds still come out the same size (±1). Examples of
    one ``kind`` (:func:`picture_kinds`) are dealt together: a copy held out while its twin was taught was read
    back as if unseen, and the "held-out" accuracy of a doubled folder was its training accuracy.
    """
    rng = np.random.default_rng(seed)
    kinds = np.arange(len(labels)) if kinds is None else kinds
    fold_of = np.zeros(len(labels), np.int64)
    dealt = 0
    for digit in np.unique(labels):
        members = np.flatnonzero(labels == digit)
        dealing = rng.permutation(np.unique(kinds[members]))
        for turn, kind in enumerate(dealing):
            fold_of[members[kinds[members] == kind]] = (dealt + turn) % folds
        dealt += len(dealing)
    return fold_of


def examples_per_batch(config: FitConfig, digits_taught: int) -> int:
    """How many of a batch's digits are the person's examples: ``1 - replay`` of it when all ten digits are
    taught, and that share scaled to the digits taught when fewer are.

    Why scale: the examples are what the batch says "this shape is a 1" with. Four flagged 1s given a quarter
    of every batch, with no 7 of the person's beside them, taught the reader that 7-like shapes are 1s: 61 of
    MNIST's 10,000 digits went from 7 to 1 (−0.59 points). Each taught digit gets the share it would have in a
    full set, so teaching one digit presses no harder on it than teaching ten.
    """
    return max(1, round(config.examples_room() * min(digits_taught, 10) / 10))


def batch_shares(config: FitConfig, examples: ExampleSet) -> tuple[int, int]:
    """A fine-tune's batch as (the person's examples, digits replayed): one answer for the teach, its start line and
    its record, which each worked out apart whether it replayed (``--replay 0``, every digit taught: none)."""
    own = examples_per_batch(config, sum(n > 0 for n in examples.counts().values()))
    return own, config.batch_size - own


def newest_per_digit(config: FitConfig) -> int:
    """The most drawings of each digit a fine-tune learns from, its newest: ``--newest``, else the app's
    :data:`NEWEST_PER_DIGIT` (a constant no command line could change: a researcher could teach neither all of a
    folder of thousands nor fewer)."""
    return config.newest or NEWEST_PER_DIGIT


def some_older(left_out: int) -> str:
    """``load_examples(…, newest=)``'s count in words: "2 older examples"."""
    return counted(left_out, "older example")


def left_out_warning(left_out: int, newest: int = NEWEST_PER_DIGIT) -> str:
    """What is said of ``load_examples(…, newest=)``'s count: within the app's 110 characters a warning line keeps."""
    return f"taught the newest {newest:,} of each digit: {some_older(left_out)} left out (a teach draws a few hundred)"


def copies_warning(copies: int) -> str:
    """What is said of ``load_examples(…, newest=)``'s copies set aside (``ExampleSet.copies``), within the app's 110
    characters: 1,000 copies of one 3 were taught as 100 3s, the person's own left out, and not a word of them."""
    one = copies == 1
    some = "1 copy of a drawing" if one else f"{copies:,} copies of drawings"
    return f"{some} taught once {'was' if one else 'were'} set aside: a copy teaches nothing new"


def _trainable(reader: RowReader, layers: str) -> list[torch.nn.Parameter]:
    """Freeze everything but ``layers`` (a key of ``TRAIN_LAYERS``) and return what stays trainable."""
    wanted = {reader.cell.name if part == "recurrent" else part for part in TRAIN_LAYERS[layers]}
    chosen = []
    for name, module in reader.named_children():
        keep = name in wanted
        for p in module.parameters():
            p.requires_grad_(keep)
            if keep:
                chosen.append(p)
    return chosen


def last_logits(reader: RowReader, images: torch.Tensor) -> torch.Tensor:
    """``reader``'s logits after the last row of each of ``images``: ``[N, 10]``, read in eval mode (the mode it was
    in restored) and in ``evaluate_curve``'s batches, so the very numbers its accuracy counts. One reading serves
    both uses of it: the base's, the wrong-folder check and the held-out "before"; a fold model's, its held-out
    accuracy and the examples it misreads. Each was read twice, 7 s more before the first step at 10,000 examples."""
    was_training = reader.training
    reader.eval()
    try:
        with torch.inference_mode():
            parts = [reader(images[i : i + EVAL_BATCH])[:, -1] for i in range(0, len(images), EVAL_BATCH)]
    finally:
        reader.train(was_training)
    return torch.cat(parts) if parts else torch.zeros((0, CLASSES), device=images.device)


def _right(logits: torch.Tensor, labels: torch.Tensor) -> int:
    """How many of ``logits`` (:func:`last_logits`) read their label; a prediction holding NaN is wrong, as in
    ``evaluate_curve``."""
    return int(((logits.argmax(dim=-1) == labels) & ~logits.isnan().any(dim=-1)).sum())


def _heldout_logits(models: list[RowReader], fold_of: torch.Tensor, images: torch.Tensor) -> torch.Tensor:
    """Each example's :func:`last_logits` by the fold model that never trained on it."""
    read = torch.zeros((len(images), CLASSES), device=images.device)
    for fold, reader in enumerate(models):
        if (mask := fold_of == fold).any():
            read[mask] = last_logits(reader, images[mask])
    return read


def finetune_steps(config: FitConfig) -> int:
    """How many optimiser steps a fine-tune takes: ``train_samples`` images in batches, at least one."""
    return max(1, (config.train_samples or config.batch_size) // config.batch_size)


def finetune(
    base: Checkpoint,
    examples: ExampleSet,
    replay: ReplayData,
    config: FitConfig,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    base_logits: torch.Tensor | None = None,
    left_out: int = 0,
) -> FinetuneResult:
    """Fine-tune ``base`` on ``examples`` mixed with ``replay`` as ``config`` says; ``base`` is not changed.

    ``on_progress`` is called before the first step, after every step and at the end; ``should_stop`` is
    polled every step, and a ``True`` raises :class:`FinetuneCancelled`. ``base_logits``: the base's
    :func:`last_logits` of ``examples`` where the caller has read them already (:func:`run_finetune`, for the
    wrong-folder check), so that they are not read again for the held-out "before". ``left_out``: how many older
    examples the caller left out (``load_examples(…, newest=)``), recorded with the cap.
    """
    if not len(examples):
        raise ValueError("no examples to learn from")
    if base_logits is not None and tuple(base_logits.shape) != (len(examples), CLASSES):
        raise ValueError(
            f"base_logits must be [{len(examples)}, {CLASSES}], the base's reading of these examples, got "
            f"{list(base_logits.shape)}"
        )
    started = time.perf_counter()
    # read before the first step: after the last one, a base deleted meanwhile threw the whole run away ("No such
    # file") and one written anew was recorded as the new file's digest
    base_sha256 = file_sha256(base.path) if base.path else None
    report = on_progress or (lambda _: None)
    device = base.reader.device
    images_np, labels_np = examples.arrays()
    images, labels = torch.from_numpy(images_np).to(device), torch.from_numpy(labels_np).to(device)
    steps = finetune_steps(config)
    n_own, n_replay = batch_shares(config, examples)

    kinds = picture_kinds(images_np)
    folds = _folds(examples, config)
    fold_of = torch.from_numpy(make_folds(labels_np, folds, config.seed, kinds)).to(device) if folds else None
    # model i < folds learns without fold i; the last one learns from every example and is the result
    train_sets = [torch.nonzero(fold_of != f).flatten() for f in range(folds)] if fold_of is not None else []
    train_sets.append(torch.arange(len(labels), device=device))
    # each digit its share, whatever its count (examples_per_batch): drawn by example, 500 1s and one 7 drew the 7 in
    # 15 % of teaches, and then once
    draw_weights = [1 / torch.bincount(labels[own], minlength=10)[labels[own]].float() for own in train_sets]
    models, optimizers, generators = [], [], []
    for i, _ in enumerate(train_sets):
        reader = copy.deepcopy(base.reader).train()
        models.append(reader)
        optimizers.append(torch.optim.Adam(_trainable(reader, config.train_layers), lr=config.lr))
        # the result's draws depend on the seed alone, not on how many fold models run beside it
        seed = config.seed if i == len(train_sets) - 1 else config.seed + 1 + i
        generators.append(torch.Generator(device=device).manual_seed(seed))
    weights = row_weights(config.loss, device)
    own_augment, replay_augment = AUGMENTATIONS[config.augment], AUGMENTATIONS[REPLAY_AUGMENT]

    base.reader.eval()
    heldout_before = None
    if folds:
        base_logits = last_logits(base.reader, images) if base_logits is None else base_logits.to(device)
        heldout_before = _right(base_logits, labels) / len(labels)
    read_before = evaluate_rows(base.reader, replay.test_images, replay.test_labels)  # the curve and each answer
    mnist_before = float(read_before.curve[-1])
    report(Progress(0, steps, time.perf_counter() - started, heldout_before, mnist_before))
    heldout_curve = [(0, heldout_before)] if folds else []
    evaluated = set(_heldout_steps(steps))
    read = torch.zeros((0, CLASSES))  # the fold models' reading, at every evaluated step (the last step is one)
    for step in range(1, steps + 1):
        if should_stop is not None and should_stop():
            raise FinetuneCancelled(f"stopped at step {step} of {steps}; nothing was written")
        for reader, optimizer, gen, own, weight in zip(
            models, optimizers, generators, train_sets, draw_weights, strict=True
        ):
            pick = own[torch.multinomial(weight, n_own, replacement=True, generator=gen)]
            replay_images, replay_labels = replay.draw(n_replay, gen, device)
            batch = torch.cat([augment(images[pick], own_augment, gen), augment(replay_images, replay_augment, gen)])
            loss = row_loss(reader(batch), torch.cat([labels[pick], replay_labels]), weights)
            optimizer_step(loss, optimizer, config.clip_grad)
        heldout = None
        if folds and step in evaluated:  # the last step's reading names the misread examples too
            read = _heldout_logits(models[:-1], fold_of, images)
            heldout = _right(read, labels) / len(labels)
            heldout_curve.append((step, heldout))
        report(Progress(step, steps, time.perf_counter() - started, heldout))

    final = models[-1].eval()
    for p in final.parameters():
        p.requires_grad_(True)
    read_after = evaluate_rows(final, replay.test_images, replay.test_labels)
    curve, mnist_after = read_after.curve, float(read_after.curve[-1])
    heldout_after = heldout_curve[-1][1] if folds else None
    # which of them: held-out 93.3 % → 93.3 % said nothing of the two examples kept under the wrong digit
    misread = []
    if folds:
        read_as = read.argmax(dim=-1).cpu().numpy()
        misread = [
            {"file": examples.name_of(e), "label": e.label, "read_as": int(said)}
            for e, said in zip(examples.examples, read_as, strict=True)
            if said != e.label
        ]
    seconds = time.perf_counter() - started
    report(Progress(steps, steps, seconds, heldout_after, mnist_after))
    heldout = {"before": heldout_before, "after": heldout_after, "curve": heldout_curve, "misread": misread}
    mnist = {"before": mnist_before, "after": mnist_after, "per_row": [round(float(a), 5) for a in curve]}
    mnist["lost_most"] = lost_most(read_before.answers, read_after.answers, replay.test_labels.cpu().numpy())
    replay_data = {"name": replay.name, "digits": len(replay.test_labels)}
    metadata = _record(base, examples, config, base_sha256, heldout, mnist, replay_data, round(seconds, 1), left_out)
    return FinetuneResult(final, metadata)


def _record(
    base: Checkpoint,
    examples: ExampleSet,
    config: FitConfig,
    base_sha256: str | None,
    heldout: dict[str, Any],
    mnist: dict[str, Any],
    replay: dict[str, Any],
    wall_seconds: float,
    left_out: int = 0,
) -> dict[str, Any]:
    """What a model taught ``examples`` from ``base`` records: the one making of it, for the save and for the measure
    of its header before the teach (:func:`beyond_the_header`). ``heldout``: the fold models' accuracy before, after
    and along the way, and the examples they misread; ``mnist``: the MNIST accuracy before, after and per row
    (rounded); ``replay``: the replay data's name and its evaluation digits; ``left_out``: the older examples not
    taught (``load_examples(…, newest=)``)."""
    labels = [e.label for e in examples.examples]
    folds, steps = _folds(examples, config), finetune_steps(config)
    n_own, n_replay = batch_shares(config, examples)
    replayed = n_replay > 0
    return {
        "finetuned_from": {
            # absolute: given as rowreader/pretrained/…, the app's About box named it from wherever the app ran
            "path": os.path.abspath(base.path) if base.path else None,
            "sha256": base_sha256,
            "test_accuracy": base.accuracy,
        },
        "examples": {
            "count": len(labels),
            "per_digit": {str(d): n for d, n in examples.counts().items()},
            "files": [examples.name_of(e) for e in examples.examples],
            "newest_per_digit": _most_of_a_digit(examples, config),  # the newest: older ones left out
            "left_out": left_out,
            "copies_set_aside": examples.copies,  # copies of a drawing taught once (load_examples' newest)
            # what the base and the models before it learnt: a later teach from this one counts them taught before
            "taught_before": sorted(taught_files(base.metadata)),
            "named": NAMED_BY_PLACE,  # its names places in the digits' folders, as taught_files reads them
        },
        "heldout_accuracy": {
            "folds": folds,
            "before": heldout["before"],
            "after": heldout["after"],
            "curve": heldout["curve"],
            "misread": heldout["misread"][:MAX_MISREAD_LISTED],
            "misread_count": len(heldout["misread"]),
            "learnt_before": learnt_before(base, examples),  # not unseen by the fold models: the estimate reads high
        },
        "mnist_eval": {
            "digits": replay["digits"],
            "before": mnist["before"],
            "after": mnist["after"],
            "lost_most": mnist["lost_most"],
        },
        "test_accuracy": mnist["after"],
        "test_digits": replay["digits"],
        "accuracy_per_row": mnist["per_row"],
        "replay_data": replay["name"] if replayed else None,  # --replay 0, every digit taught: none
        # what the teach did: the base's network (a reader of 8 units recorded the default lstm 1×256), the folds made
        # and the digits read (--folds 50 of two drawings made 2, --eval-digits 50000 read 10,000: recorded as asked)
        "recipe": dataclasses.replace(
            config, model=base.config, folds=folds, eval_digits=replay["digits"] if config.eval_digits else None
        ).recipe(),
        "steps": steps,
        "batch": {"examples": n_own, "replay": n_replay},
        "wall_seconds": wall_seconds,
        "device": describe_device(base.reader.device),  # as a training run's: a GPU's teach was not told from a CPU's
        "dataset": f"{len(labels)} own examples" + (f" + {replay['name']} replay" if replayed else ", no replay"),
    }


def lost_most(before: np.ndarray, after: np.ndarray, labels: np.ndarray) -> dict[str, Any] | None:
    """The digit of MNIST's that a teach cost most, from each digit's answer before and after (``-1``: none), as
    ``{"digit", "before", "after"}`` (its shares read right), of the digits that lost :data:`LOST_NAMED` or more the
    one that lost the largest share; else None.
    A teach said MNIST's accuracy pooled alone: ibm/15's five 1s taught alone said "99.50% → 99.30%", its 7s 99.42 →
    97.47 % on all 10,000. Whether one digit or ten were taught does not tell it (three of each cost 1.85 points), so
    this is said after the teach, not warned of before it."""
    labels = np.asarray(labels, np.int64)
    of = np.bincount(labels, minlength=CLASSES)
    right = [np.bincount(labels[answers == labels], minlength=CLASSES) for answers in (before, after)]
    fewer = right[0] - right[1]
    share = np.divide(fewer, of, out=np.zeros(CLASSES), where=of > 0)
    # of those that lost enough: read on 100 digits, 2 of 6 0s lost hid 3 of 14 7s lost
    named = (fewer >= LOST_NAMED[0]) & (share >= LOST_NAMED[1])
    if not named.any():
        return None
    digit = int(np.where(named, share, -1).argmax())  # ties: the lowest digit
    return {"digit": digit, "before": float(right[0][digit] / of[digit]), "after": float(right[1][digit] / of[digit])}


def mnist_line(mnist: dict[str, Any]) -> str:
    """The command line's MNIST outcome (``mnist_eval``): "MNIST test (2,000 digits): 99.50% → 99.30%", and the digit
    it lost most (:func:`lost_most`), "; its 7s 100.00% → 98.55%", as the app's dialog says it."""
    digits = mnist["digits"]
    line = f"MNIST test ({digits:,} digit{'' if digits == 1 else 's'}): {mnist['before']:.2%} → {mnist['after']:.2%}"
    if (lost := mnist.get("lost_most")) is not None:
        line += f"; its {lost['digit']}s {lost['before']:.2%} → {lost['after']:.2%}"
    return line


def forgot_words(mnist: dict[str, Any]) -> str | None:
    """What a teach that lost :data:`FORGOT` or more of MNIST's accuracy (``mnist_eval``) says in words of the model
    it wrote, else None: the command line's :func:`forgot_line` and the app's dialog (the "done" line's ``forgot``)
    say these words, where the dialog said only the numbers (99.00% → 6.00%)."""
    # rounded: 99.00% → 89.00% of 2,000 digits is 0.0999… in floating point, and was not said
    if round(mnist["before"] - mnist["after"], 9) < FORGOT:
        return None
    return (
        f"the teach lost much of what the model knew (MNIST {mnist['before']:.2%} → {mnist['after']:.2%}): the model "
        "it wrote reads worse than its base"
    )


def forgot_line(mnist: dict[str, Any], lr: float, base: str) -> str | None:
    """:func:`forgot_words` on the command line, with what to do: keep reading with ``base``, or teach again at a
    lower rate where ``lr`` (the teach's) is above a fine-tune's own."""
    if (words := forgot_words(mnist)) is None:
        return None
    usual = PRESETS["finetune"]["lr"]
    advice = f", or teach again with a lower --lr (this one {lr:g}; a fine-tune's is {usual:g})" if lr > usual else ""
    return f"{words}; keep reading with {one_line(base)}{advice}"


def _most_of_a_digit(examples: ExampleSet, config: FitConfig) -> int:
    """The most drawings of one digit taught: the cap where it left older ones out, else the most there were. Two
    drawn 1s were recorded as "newest_per_digit: 100", the cap that cut nothing, as if 100 of a digit were taught."""
    if examples.cut:
        return newest_per_digit(config)
    return max(examples.counts().values(), default=0)


def _folds(examples: ExampleSet, config: FitConfig) -> int:
    """How many fold models estimate the held-out accuracy: none for one example (or copies of it), which cannot be
    split into training and held-out."""
    folds = min(config.folds, examples.different())
    return folds if folds >= 2 else 0


def _heldout_steps(steps: int) -> list[int]:
    """The steps after which the fold models read their held-out examples (:data:`HELDOUT_EVALS` of them)."""
    every = max(1, steps // HELDOUT_EVALS)
    return [step for step in range(1, steps + 1) if step % every == 0 or step == steps]


def beyond_the_header(
    base: Checkpoint, examples: ExampleSet, config: FitConfig, command: str, left_out: int = 0
) -> str | None:
    """Why a model taught ``examples`` from ``base`` could not be saved, if it could not: what it records
    (:func:`_record`, with ``command``), its numbers not yet measured at their longest, would pass what its header
    holds (:func:`training.files.refuse_past_the_header`). Its names of every example, those taught before along
    the base's line and up to :data:`MAX_MISREAD_LISTED` misread were measured so, and the rest (a command of long
    paths) was found only at the save: after the whole teach (11 minutes for 9,100 examples named with 245 control
    characters each, taught a second time)."""
    longest = sorted(examples.examples, key=lambda e: len(json.dumps(json.dumps(examples.name_of(e)))), reverse=True)
    folds, steps = _folds(examples, config), finetune_steps(config)
    misread = [{"file": examples.name_of(e), "label": e.label, "read_as": 0} for e in longest] if folds else []
    share = LONGEST_NUMBER if folds else None
    curve = [[step, LONGEST_NUMBER] for step in [0, *_heldout_steps(steps)]] if folds else []
    heldout = {"before": share, "after": share, "curve": curve, "misread": misread}
    mnist = {"before": LONGEST_NUMBER, "after": LONGEST_NUMBER, "per_row": [longest_share(5)] * ROWS}
    mnist["lost_most"] = {"digit": CLASSES - 1, "before": LONGEST_NUMBER, "after": LONGEST_NUMBER}
    replay = {"name": REPLAY_NAME.format(max(PEN_REPLAY, DRAWN_REPLAY, key=len)), "digits": MNIST_TEST_DIGITS}
    base_sha256 = "0" * 64 if base.path else None
    metadata = _record(base, examples, config, base_sha256, heldout, mnist, replay, LONGEST_NUMBER, left_out)
    before = len(metadata["examples"]["taught_before"])
    taught = f" and the {before:,} taught to the models it comes from" if before else ""
    try:
        refuse_past_the_header(
            base.config,
            metadata | {"command": command},
            f"the record of its command, recipe and the names of {len(examples):,} examples{taught}",
            "teach fewer examples or give them shorter names"
            + (", or teach a model taught fewer (the shipped one)" if before else ""),
        )
    except ValueError as err:
        return str(err).replace("nothing was done", "nothing was taught")
    return None


def learnt_before(base: Checkpoint, examples: ExampleSet) -> int:
    """How many of ``examples`` ``base`` was itself taught, or a model it was taught from (:func:`taught_files`).
    A model taught again on the examples it learnt (Ctrl+T twice) starts every fold model knowing the fold held
    out from it: its "held-out" accuracy was the accuracy on drawings it was taught, 100 % → 100 %, and nothing
    said so."""
    taught = taught_files(base.metadata)
    return sum(examples.taught_among(e, taught) for e in examples.examples) if taught else 0


def learnt_before_warning(seen: int) -> str:
    """What is said of :func:`learnt_before`'s count: within the app's 110 characters a warning line keeps whole."""
    return (
        f"{seen:,} of these examples {'was' if seen == 1 else 'were'} taught to the model it starts from: not unseen, "
        "so held-out accuracy reads high"
    )


def lone_digits(examples: ExampleSet) -> list[int]:
    """The digits taught with one drawing (copies count once): held out, it is read by a fold model taught none of
    that digit. 500 1s and one 7 said "99.4 % → 99.6 %", the 7 a five-hundredth of it, without a word."""
    drawings = Counter(label for label, _ in examples.drawings())
    return sorted(digit for digit, n in drawings.items() if n == 1)


def lone_digits_warning(digits: list[int]) -> str:
    """What is said of :func:`lone_digits`: within the app's 110 characters a warning line keeps whole. Runs of three
    or more digits are said as runs: ten digits listed one by one (one example of each, a newcomer's first teach) took
    it to 114 (nine digits: 111), and the dialog cut it mid-word ("the h…ut estimate")."""
    return f"only one drawing of {digit_runs(digits)}: the held-out estimate says little of how it reads your next ones"


def outweighing_warning(examples: ExampleSet) -> str | None:
    """What is said where one digit is most of the examples taught, ten times or more another digit taught beside
    it: the held-out accuracy weighs each example alike, so it is mostly that digit's. 100 1s and three of each other
    digit (a 1,000 kept) said "98.4 % → 100.0 %", two of the three 7s read as 1s before, each 7 under 1 % of it.
    A digit outweighed with one example is said by :func:`lone_digits_warning` alone: the dialog's five lines had no
    room for both beside four 7s kept among the 1s. Within the app's 110 characters a warning line keeps whole."""
    counts = {digit: n for digit, n in examples.counts().items() if n}
    most = max(counts, key=counts.__getitem__, default=None)
    if most is None or counts[most] * 2 <= len(examples):
        return None
    if not any(n > 1 and 10 * n <= counts[most] for digit, n in counts.items() if digit != most):
        return None
    return (
        f"{counts[most]:,} of the {len(examples):,} examples taught are {most}s: the held-out accuracy is mostly "
        f"how it reads {most}s"
    )


def digit_runs(digits: list[int]) -> str:
    """Sorted ``digits`` as a person writes them: "each digit", "0–3, 5–9", "1, 2, 4"."""
    if len(digits) == CLASSES:
        return "each digit"
    runs: list[list[int]] = []
    for digit in digits:
        if runs and digit == runs[-1][-1] + 1:
            runs[-1].append(digit)
        else:
            runs.append([digit])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(map(str, run)) for run in runs)


def in_the_examples(examples: Path, out: Path) -> bool:
    """Whether ``out`` lies in the examples folder, or in one of its digits' folders that is a link to elsewhere:
    ``--out DIR/3/x.png --force``, ``DIR/3`` a link to the 3s kept in another folder, wrote the model over a drawing."""
    inside = resolved(out, "--out").parents
    folders = [examples]
    with contextlib.suppress(ExamplesError):  # a layout refused is said as before, once the base model is loaded
        folders += class_folders(examples).values()
    return any(resolved(folder, "--examples") in inside for folder in folders)


def stop_when_the_reader_leaves() -> None:
    """``--progress json``: the lines are for a program (the app). When its end of the pipe closes (the app killed
    or crashed), stop as its Cancel stops the run, nothing written, and say so (:func:`stop_as_the_reader_left`,
    status 1): the fine-tune ran on alone, a core busy for 40 s while it loaded, to end in a broken-pipe error, or,
    its stderr still read, wrote a model nobody took.
    Only where stdout is a pipe that ``poll`` can watch (POSIX); a file or a terminal has no reader to leave.

    The pipe is watched through a descriptor of its own: a first line written after the reader left points
    descriptor 1 at the null device (``keep_going_without_output``), and a watch that began after that watched the
    null device, so the fine-tune ran to its end and wrote a model nobody took (a test with the watch begun late)."""
    try:
        if not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode) or not hasattr(select, "poll"):
            return
        fd = os.dup(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real stdout (replaced in tests, closed)
        return
    watch = select.poll()
    watch.register(fd, select.POLLERR)  # a pipe's writing end reports POLLERR once no reader is left

    def wait_then_stop() -> None:
        watch.poll()
        stop_as_the_reader_left()

    threading.Thread(target=wait_then_stop, name="stop when the reader leaves", daemon=True).start()


def unsaved(out: Path, err: OSError, need: int, seconds: float) -> str:
    """Why the fine-tuned model could not be written at the end, and what to do. A disk that filled while it was
    taught (its room is checked at the start) ended the run in "[Errno 28] No space left on device: '…'", in the
    app's dialog too, without a word of how much room it needs or that the fine-tune was lost."""
    why, remedy = err.strerror or str(err), "once that is mended, fine-tune again"
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        remedy = "free some room, then fine-tune again"
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(out.parent).free / 1e3
            why += f" ({free:,.0f} kB free of the {need / 1e3:,.0f} kB it needs: the disk filled while it was taught)"
    return f"cannot write the fine-tuned model {out}: {why}; its {seconds:.0f} s of fine-tuning are lost: {remedy}"


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What tells the file at ``path`` from one renamed over it since (its inode, time and size); None if absent."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


def run_finetune(config: FitConfig, command: str) -> None:
    """The command line's fine-tuning: check everything, fine-tune, write ``--out`` once, at the end.

    Progress goes to stdout as a bar (people) or JSON lines (``--progress json``, read by the app). Nothing is
    written before the last step, so Ctrl-C, SIGTERM (the app's Cancel) or a crash leave no file behind. Both
    signals stop it as they stop training, by ``training.fit.main``'s handler (exit 130 or 143): a handler of its
    own here made SIGTERM a plain Ctrl-C, exit 130.
    """
    assert config.finetune is not None and config.examples is not None
    READER_LEFT.clear()  # a run before this one's, in the same process (the tests), is not this run's
    if config.progress == "json":
        stop_when_the_reader_leaves()
    base_path, out = Path(config.finetune), Path(config.out)
    if in_the_examples(Path(config.examples), out):  # --force once wrote over an example picture
        raise OutputError(f"--out {out} is inside the examples folder {config.examples}; write the model elsewhere")
    device = device_of_flag(config.device)
    if config.threads:
        torch.set_num_threads(config.threads)
    # the inputs first, as training does: a mistyped --examples made --out's missing folders, then failed; but only
    # the examples' layout (no picture decoded) before --out is checked: a first reading of 10,000 examples took
    # minutes, then --out was refused (a file of the user's, a full disk)
    base = load_reader(base_path, device)
    nothing = ExamplesError(f"{config.examples}: no usable examples (expected DIR/0/*.png … DIR/9/*.png)")
    if not picture_count(config.examples):  # the layout, and no picture at all, said before --out's folders are made
        warn(skipped_lines(load_examples(config.examples).problems, config.list_all))  # an old/ holding the 3s
        raise nothing
    check_checkpoint_out(out, config.force, [(base_path, "the base model itself")], own="a fine-tune's")
    check_room(out, weight_bytes(base.config), "the fine-tuned model")
    say_what_is_replaced(out, "the fine-tuned model")
    # the newest of each digit alone are decoded: what was kept last is the handwriting as it is now, and the
    # misreadings just corrected
    cap = newest_per_digit(config)
    examples = load_examples(config.examples, index=True, newest=cap)
    left_out = examples.left_out
    newest = examples.cut  # the digits taught in part
    # a drawing in the wrong digit's folder, as the base reads it: two 7s among 198 1s were taught without a word. The
    # reading is the held-out "before"'s too (finetune's base_logits)
    base_logits = last_logits(base.reader, torch.from_numpy(examples.arrays()[0]).to(device))
    warnings = [left_out_warning(left_out, cap)] if left_out else []
    # copies alone are refused below, the refusal naming them ("5 examples of one drawing"): not "taught once" too
    warnings += [copies_warning(examples.copies)] if examples.copies and examples.different() >= 2 else []
    base_beliefs = torch.softmax(base_logits, -1).cpu().numpy()
    warnings += [one_line(w) for w in examples.kept_under_another_digit(base_beliefs, newest=newest)]
    if len(examples) and config.folds and (seen := learnt_before(base, examples)):
        warnings.append(learnt_before_warning(seen))
    if config.folds and (lone := lone_digits(examples)) and examples.different() >= 2:
        warnings.append(lone_digits_warning(lone))
    if config.folds and (outweighed := outweighing_warning(examples)) is not None:
        warnings.append(outweighed)
    # then files skipped, and pictures taught as two digits (the held-out accuracy stays below 100 %), which the app's
    # dock lists too: its dialog shows the first five lines and counts the rest, as the dock's where they are, and a
    # skipped file first hid "only one drawing of 7" there. One line each, as a name may hold an escape sequence; the
    # app shows them too (the "start" line), where they were only in stderr. On stderr, many are counted by kind
    clashes = [one_line(w) for w in examples.label_clashes()]
    many = f"{len(clashes):,} pictures are each kept under two digits or more (copied into the wrong digit's folder?)"
    said = few_named(clashes, many, "pictures kept under two digits", config.list_all)
    warn([*warnings, *skipped_lines(examples.problems, config.list_all), *said])
    warnings += [*(one_line(f"{SKIPPED}{p}") for p in examples.problems), *clashes]
    if not len(examples):
        raise nothing
    if (too_few := examples.too_few()) is not None:  # the app's rule too: before the replay data is read
        # only --newest 1 leaves too few by its cap (a digit cut to two or more keeps two drawings): "one example"
        # blamed a folder holding more, and advised three of each, which the cap would refuse alike
        advice = f": --newest {cap:,} left {some_older(left_out)} out; give a larger --newest" if left_out else ""
        raise ExamplesError(
            f"{config.examples}: {too_few}{advice or ' (three of each digit to learn is a good start)'}"
        )
    if (
        why := beyond_the_header(base, examples, config, command, left_out)
    ) is not None:  # before the teach: the save would refuse it
        raise ValueError(why)
    # --replay 0 with all ten digits taught: "mixed with MNIST …" was said of batches of the examples alone
    replayed = batch_shares(config, examples)[1] > 0
    replay = (load_replay(config) if replayed else no_replay(config)).to(device)  # no pen digits drawn for nothing
    json_lines = config.progress == "json"

    def emit(event: str, **data: Any) -> None:
        print(json.dumps({"event": event, **data}), flush=True)
        if output_gone() and event != "done":  # the app that reads these lines is gone: stop as its Cancel does
            stop_as_the_reader_left()

    counts = " ".join(f"{d}:{n}" for d, n in examples.counts().items() if n)
    if json_lines:
        # each apart: the app's dialog said "the newest 4 of your 9 examples" of 5 copies set aside, none older
        counted = {"left_out": left_out, "copies": examples.copies}
        emit("start", examples=len(examples), per_digit=examples.counts(), warnings=warnings, **counted)
    else:
        print(
            f"fine-tuning {one_line(base_path.name)} on {examples_named(len(examples), examples.copies, left_out)}; "
            f"per digit {counts}; {f'mixed with {replay.name}' if replayed else 'no replay'} on "
            f"{describe_device(device)}"
        )
    with contextlib.nullcontext() if json_lines else progress_bar(total=finetune_steps(config), unit="step") as bar:

        def on_progress(p: Progress) -> None:
            if json_lines:
                emit("progress", **p.to_dict())
            elif bar is not None and not p.step:
                # its clock from here: the readings before the first step (the base's, of the examples and MNIST) are
                # no step's, and taken for one, at step 1 the bar said 5:16 left of a run 25 s from its end (load 9)
                bar.reset()
            elif bar is not None and p.step > bar.n:
                bar.update(p.step - bar.n)
                if p.heldout is not None:
                    bar.set_postfix(heldout=f"{p.heldout:.3f}", refresh=False)

        result = finetune(base, examples, replay, config, on_progress, base_logits=base_logits, left_out=left_out)
    result.metadata["command"] = command
    before = file_identity(out)
    try:
        save_checkpoint(out, result.reader, result.metadata, force=config.force)
        nothing_left_to_stop()
    except OSError as err:
        if err.errno is None:  # a refusal in words of its own (a file not ours there)
            raise
        raise OSError(unsaved(out, err, weight_bytes(base.config), result.metadata["wall_seconds"])) from err
    except KeyboardInterrupt as err:
        # a stop taken as the model was renamed into place (SIGHUP, the terminal closed, as it was written) said
        # "nothing was written to OUT", the whole model there: the model written is said (training.fit's handler)
        err.written = file_identity(out) != before  # type: ignore[attr-defined]
        raise
    summary = {k: result.metadata[k] for k in ("heldout_accuracy", "mnist_eval", "wall_seconds")}
    if json_lines:
        forgot = {"forgot": words} if (words := forgot_words(summary["mnist_eval"])) is not None else {}
        emit("done", **json_file_name(str(out), "out"), **summary, **forgot)  # "out_bytes" too where not UTF-8
    else:
        held, mnist = summary["heldout_accuracy"], summary["mnist_eval"]
        if held["folds"]:
            seen = f" ({learnt_before_warning(held['learnt_before'])})" if held["learnt_before"] else ""
            print(
                f"your held-out examples ({held['folds']}-fold cross-validated): "
                f"{held['before']:.1%} → {held['after']:.1%}{seen}"
            )
        else:
            print("your held-out examples: no estimate (--folds 0)")
        for misread in held.get("misread", []):  # kept under the wrong digit, or drawn unlike the rest
            print(f"  read as another digit: {one_line(misread['file'])} as {a_digit(misread['read_as'])}")
        if (more := held["misread_count"] - len(held["misread"])) > 0:  # 100 named of 180 read as if that were all
            print(f"  and {more:,} more read as another digit (the first {len(held['misread'])} are named above)")
        print(mnist_line(mnist))
        if (forgot := forgot_line(mnist, config.lr, base_path.name)) is not None:
            print(forgot)
        print(f"done in {summary['wall_seconds']:.1f} s → {one_line(str(out))}")


def main(argv: list[str] | None = None) -> int:
    """``python -m training.finetune --finetune BASE --examples DIR --out OUT``: the same as ``python -m training.fit``
    with those flags. As a module it loaded torch for 5 s, then did nothing, exit status 0, not a word."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not says_what_to_teach(argv):
        return 2
    from training.fit import main as fit_main  # fit imports this module: imported here, once both are loaded

    return fit_main(argv)
