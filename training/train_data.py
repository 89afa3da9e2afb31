"""The data a training run reads: MNIST (with ``--drawn``'s synthetic digits) on the training device, and the
UNIPEN pen renderings of ``--pen`` with the held-out writers of ``--pen-holdout``."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from typing import NamedTuple

import numpy as np
import torch

from rowreader.data import dataset_checksum, default_data_dir, load_mnist
from rowreader.json_text import shown
from rowreader.output import counted, one_line, warn
from rowreader.unipen import unipen_file, unipen_sha256, unlike_its_sums
from training.config import FitConfig
from training.cores import default_pen_workers
from training.drawn import drawn_dataset
from training.pen_augment import PenAugmentConfig
from training.pen_data import PenEpochs, holdout_split, pen_per_epoch, render_plain, train_writers_digits

DRAWN_SEED_OFFSET = 1000
DRAWN_DIGITS = " synthetic drawn digits"  # how a checkpoint's "dataset" names them, after their number


class Data(NamedTuple):
    """Both MNIST splits on the training device (uint8 images, int64 labels) and the training set's checksum."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    checksum: str
    drawn: int = 0  # the synthetic drawn digits among train_x (all classes)
    drawn_sha256: str | None = None  # theirs (another version may draw them otherwise), None without any
    test_sha256: str | None = None  # the test digits', which every epoch's accuracy is of (--resume compares)
    test_there: int = 0  # the test digits the files hold: --limit keeps the first of them (len(test_y))


def load_data(config: FitConfig, device: torch.device, new_run: bool = True) -> Data:
    """Both splits as uint8/int64 tensors on ``device``; FileNotFoundError, saying where it looked and how to get
    them, if the files are missing (the run ends on it, status 2). ``new_run``: a run not resumed, whose ``--limit``
    past MNIST's training digits is refused (:func:`refuse_a_limit_past_the_digits`)."""
    train_x, train_y = load_mnist(config.data_dir, train=True, download=config.download)
    test_x, test_y = load_mnist(config.data_dir, train=False, download=config.download)
    folder = config.data_dir or default_data_dir()
    if len(train_x) < len(test_x):  # both pairs swapped: it trained on the 10,000 and "tested" on the 60,000
        raise ValueError(
            f"the training files hold {counted(len(train_x), 'digit')} and the test files {len(test_x):,} in "
            f"{folder}; "
            "MNIST's training set is the larger (60,000 to 10,000): are train-* and t10k-* swapped?"
        )
    if new_run:  # before --drawn's digits are drawn (minutes for the shipped recipe's) and the pen data opened
        refuse_a_limit_past_the_digits(config, len(train_x), folder)
    per_class = drawn_per_class(config.drawn, config.limit, len(train_x))
    test_there = len(test_x)
    if config.limit:
        train_x, train_y, test_x, test_y = (a[: config.limit] for a in (train_x, train_y, test_x, test_y))
    check_held_out(train_x, test_x, folder)
    checksum, drawn_sha256, test_sha256 = dataset_checksum(train_x, train_y), None, dataset_checksum(test_x, test_y)
    if per_class:
        # Seeded apart from bench_drawn's test set (seed 0), so the benchmark never sees a training digit.
        drawn_x, drawn_y = drawn_dataset(per_class, seed=DRAWN_SEED_OFFSET + config.seed)
        drawn_x, drawn_y = np.round(drawn_x * 255).astype(np.uint8), drawn_y.astype(train_y.dtype)
        drawn_sha256 = dataset_checksum(drawn_x, drawn_y)
        train_x, train_y = np.concatenate([train_x, drawn_x]), np.concatenate([train_y, drawn_y])
    tensors = (
        torch.from_numpy(train_x.copy()),
        torch.from_numpy(train_y.astype("int64")),
        torch.from_numpy(test_x.copy()),
        torch.from_numpy(test_y.astype("int64")),
    )
    return Data(*(t.to(device) for t in tensors), checksum, 10 * per_class, drawn_sha256, test_sha256, test_there)


def refuse_a_limit_past_the_digits(config: FitConfig, mnist: int, folder: object) -> None:
    """ValueError where ``--limit`` is more than the ``mnist`` training digits in ``folder``: `--limit 100000`
    trained on MNIST's 60,000 and recorded a limit of 100,000 in its recipe, one that cut nothing."""
    if config.limit is not None and config.limit > mnist:
        raise ValueError(
            f"--limit {config.limit:,} is more than the {mnist:,} MNIST training digits in {one_line(str(folder))}: "
            f"the run would train on all of them and record a limit of {config.limit:,}; give --limit {mnist:,} or "
            "less, or leave it out to train on all"
        )


def drawn_per_class(drawn: int, limit: int | None, mnist: int) -> int:
    """The drawn digits per class a run adds to its ``mnist`` training digits: ``--drawn``'s, or under ``--limit``
    as many in proportion (at least one where any are asked for), so that a smoke test keeps the recipe's mix.

    `training.ship --also '--limit 512 --epochs 1'`, the rehearsal its --help offers, drew the shipped recipe's
    6,000 digits and rendered pen digits in proportion to them (about 4,000 a stage): minutes a stage, not a
    rehearsal's seconds, for 512 MNIST digits."""
    if not drawn or not limit or limit >= mnist:
        return drawn
    return max(1, min(drawn, math.ceil(drawn * limit / mnist)))


def check_held_out(train_x: np.ndarray, test_x: np.ndarray, folder: object) -> None:
    """Refuse test digits that are also training digits (more than 1 % of them): the test accuracy a run records
    is of unseen digits. MNIST's two sets share no image; train-* files copied from t10k-* trained on every digit
    the run was then measured on, and recorded it as a test accuracy."""
    test = {image.tobytes() for image in test_x}
    seen = {key for image in train_x if (key := image.tobytes()) in test}
    shared = sum(image.tobytes() in seen for image in test_x)
    if shared > len(test_x) // 100:
        raise ValueError(
            f"{shared:,} of the {len(test_x):,} test digits {'is' if shared == 1 else 'are'} also in the training set "
            f"in {folder}, so the test accuracy would not be of unseen digits: are the train-* files copies of the "
            "t10k-* ones?"
        )


def open_pen_data(
    config: FitConfig,
    base: int,
    device: torch.device,
    held_read: int | None = None,
    same_file: Callable[[str], None] | None = None,
) -> tuple[PenEpochs | None, dict, tuple]:
    """The pen renderings of every epoch (None when ``--pen 0``), what to record about them in the checkpoint,
    and the held-out writers' digits as (images, labels) tensors on ``device`` (empty without ``--pen-holdout``).
    ``held_read``: how many of them a resumed run read after each epoch (its checkpoint's), else ``--limit``'s first
    N: a run begun before ``--limit`` cut them read all of them, and resumed it read fewer, its accuracy of others.
    ``same_file``: on ``--resume``, given the file's SHA-256 once it is read, before its holdout is judged (raises
    where it is not the run's file).

    Only the ``train`` writers are ever read: the ``test`` writers are the handwriting benchmark's yardstick.
    """
    if not config.pen:
        return None, {}, ()
    per_epoch = pen_per_epoch(base, config.pen)
    if per_epoch < 1:  # the run trained on MNIST alone, its recipe recording the --pen asked for
        raise ValueError(
            f"--pen {config.pen} of an epoch of {counted(base, 'image')} is not one pen rendering; raise --pen (or "
            "--limit)"
        )
    digits = train_writers_digits(config.pen_dir)
    assert {d.split for d in digits} == {"train"}, "pen training data must come from the train writers only"
    sha256 = unipen_sha256(config.pen_dir)
    if same_file is not None:
        same_file(sha256)
    if held_read is not None and held_read > len(digits):  # 10**30 was "the run read 1,000,…,000 held-out pen
        # digits …, and this version holds out 142": the version blamed, where no run of this very file reads more
        # digits than its train writers drew
        raise ValueError(
            f"--resume: the run's pen.holdout.digits holds {shown(held_read)}, more than the "
            f"{counted(len(digits), 'digit')} the train writers of {unipen_file(config.pen_dir)} drew (edited by "
            "hand?); put back the checkpoint the run wrote, or start the run again without --resume"
        )
    digits, held = holdout_split(digits, config.pen_holdout)
    assert not {d.person for d in digits} & {d.person for d in held}
    if not digits:  # "pen training digits must all be from the 'train' split, got []", where all of them were
        persons = len({d.person for d in held})
        raise ValueError(
            f"--pen-holdout {config.pen_holdout} holds out every train writer of {unipen_file(config.pen_dir)} "
            f"({counted(persons, 'person')}), leaving no pen digit to train on; lower it, "
            "or give the whole file"
        )
    # --limit's first N, as of the test digits (a smoke run drew and read all 1,208 every epoch); resumed, the run's
    # own number, checked before the pen workers start
    read = held[: config.limit if held_read is None else held_read]
    if held_read is not None and not 0 < held_read == len(read):
        raise ValueError(
            f"--resume: the run read {counted(held_read, 'held-out pen digit')} after each epoch, and this version "
            f"holds out {counted(len(held), 'digit')} of {unipen_file(config.pen_dir)} for its --pen-holdout "
            f"{config.pen_holdout}; resume with the version and UNIPEN file that began the run, or start the run again "
            "without --resume"
        )
    workers = config.pen_workers if config.pen_workers is not None else default_pen_workers()
    augment = PenAugmentConfig()
    if (changed := unlike_its_sums(unipen_file(config.pen_dir), sha256)) is not None:
        warn([changed])
    pens = PenEpochs(digits, per_epoch, config.pen_reuse, config.seed, workers, augment)
    info = {
        "pen_sha256": sha256,
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
        images, labels = render_plain(read)
        holdout = (torch.from_numpy(images).to(device), torch.from_numpy(labels).to(device))
        persons = len({d.person for d in held})
        info["pen"]["holdout"] = {"digits": len(read), "persons": persons, "held_out": len(held)}
    return pens, info, holdout
