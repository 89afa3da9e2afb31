"""What a fine-tune replays beside a person's examples, so the reader keeps everyone else's handwriting: a fixed
pool of MNIST training digits, the MNIST test digits it is checked on, and pen digits drawn as on the canvas
(UNIPEN's train writers where that data is at hand, else synthetic ones), drawn once and kept in the user cache.

training/finetune.py teaches with it (:class:`ReplayData`, made by :func:`load_replay`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import torch

from rowreader import pen as pen_renderer
from rowreader.atomic import cached_npz, write_cache
from rowreader.data import load_mnist, user_cache_dir
from rowreader.output import warn
from rowreader.preprocess import PREPROCESS_VERSION
from rowreader.unipen import unipen_file, unipen_sha256, unlike_its_sums
from training import drawn, pen_augment
from training.config import FitConfig
from training.pen_data import render_plain, train_writers_digits

# This share of the replayed digits are pen digits drawn as on the canvas: UNIPEN's train writers', where that data
# is at hand, so the reader keeps the styles of the people it learnt from, not MNIST's alone; else synthetic ones.
PEN_REPLAY_SHARE = 0.4  # as in the shipped preset's training mix
PEN_REPLAY_DIGITS = 1000  # rendered once (a few seconds), then read from the user cache
PEN_REPLAY_SEED = 3000  # which train-writer digits are replayed: fixed, so the cache is one file per data set
PEN_REPLAY, DRAWN_REPLAY = "UNIPEN train writers' pen digits", "synthetic drawn digits"  # replayed beside MNIST's
REPLAY_NAME = "MNIST + {}"
NO_REPLAY = "no replay"  # the name of a replay that holds no digit to draw


@dataclass(frozen=True)
class ReplayData:
    """What keeps the reader general: digits replayed in every batch, and digits it is checked on."""

    train_images: torch.Tensor  # uint8 [N, 28, 28]
    train_labels: torch.Tensor  # int64 [N]
    test_images: torch.Tensor  # uint8 [M, 28, 28], a fixed subset of MNIST test (or all of it)
    test_labels: torch.Tensor
    name: str = "MNIST"
    # uint8 [P, 28, 28]: UNIPEN train writers' digits where the data is here, else synthetic drawn ones
    # (:func:`load_replay` always gives one or the other); None replays MNIST alone
    pen_images: torch.Tensor | None = None
    pen_labels: torch.Tensor | None = None

    def draw(self, count: int, gen: torch.Generator, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """``count`` replay digits as floats in [0, 1] with labels: a ``PEN_REPLAY_SHARE`` of them pen digits."""
        if not count:  # a batch that replays nothing: no digit drawn, the generator untouched, a pool of none enough
            return self.train_images[:0].float(), self.train_labels[:0]
        if not len(self.train_labels):  # not torch's "random_ expects 'from' to be less than 'to'"
            raise ValueError(f"{count} replay digits asked of {self.name}, which holds none")
        n_pen = round(count * PEN_REPLAY_SHARE) if self.pen_labels is not None else 0
        mnist = torch.randint(len(self.train_labels), (count - n_pen,), generator=gen, device=device)
        images, labels = [self.train_images[mnist]], [self.train_labels[mnist]]
        if n_pen:
            pen = torch.randint(len(self.pen_labels), (n_pen,), generator=gen, device=device)
            images.append(self.pen_images[pen])
            labels.append(self.pen_labels[pen])
        return torch.cat(images).float() / 255, torch.cat(labels)

    def to(self, device: torch.device) -> ReplayData:
        moved = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return ReplayData(**{k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in moved.items()})


def load_replay(config: FitConfig, pool: int = 20_000) -> ReplayData:
    """MNIST training digits to replay (a fixed random ``pool`` of them), the test digits to check on
    (:func:`no_replay`'s), and — where UNIPEN is found (``--pen-dir``, ``$ROWREADER_UNIPEN`` or the user cache) —
    its train writers' pen digits, else as many synthetic canvas digits.
    """
    train_x, train_y = load_mnist(config.data_dir, train=True, download=config.download)
    chosen = np.random.default_rng(config.seed).choice(len(train_x), min(pool, len(train_x)), replace=False)
    pen, pen_name = pen_replay(config.pen_dir), PEN_REPLAY
    if pen is None:  # a fresh install: synthetic canvas digits stand in for the real ones (measured: docs/teaching.md)
        pen, pen_name = drawn_replay(), DRAWN_REPLAY
    return dataclasses.replace(
        no_replay(config),
        train_images=torch.from_numpy(train_x[chosen]),
        train_labels=torch.from_numpy(train_y[chosen].astype(np.int64)),
        name=REPLAY_NAME.format(pen_name),
        pen_images=torch.from_numpy(pen[0]),
        pen_labels=torch.from_numpy(pen[1]),
    )


def no_replay(config: FitConfig) -> ReplayData:
    """The MNIST test digits a fine-tune is checked on, and no digit to replay: what a fine-tune whose batches replay
    nothing reads (``--replay 0``, every digit taught: ``training.finetune.batch_shares``). It read the pool and drew
    the 1,000 pen digits all the same: the first such teach of a session took 49 s, 35 s without (docs/teaching.md).

    The test digits are the first ``eval_digits`` of a fixed shuffle of MNIST test (every class in proportion),
    so runs with the same setting compare on the same digits.
    """
    test_x, test_y = load_mnist(config.data_dir, train=False, download=config.download)
    test_order = np.random.default_rng(0).permutation(len(test_x))[: config.eval_digits or len(test_x)]
    none = torch.zeros((0, 28, 28), dtype=torch.uint8), torch.zeros(0, dtype=torch.int64)
    test = torch.from_numpy(test_x[test_order]), torch.from_numpy(test_y[test_order].astype(np.int64))
    return ReplayData(*none, *test, name=NO_REPLAY)


def pen_replay(pen_dir: str | None, count: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """``count`` UNIPEN train-writer digits drawn as on the canvas (uint8 images, labels), or None without UNIPEN.

    Rendering takes seconds, so the result is kept in the user cache under the data file's checksum.
    """
    count = count or PEN_REPLAY_DIGITS
    try:
        checksum = unipen_sha256(pen_dir)
    except FileNotFoundError:
        return None
    if (changed := unlike_its_sums(unipen_file(pen_dir), checksum)) is not None:  # as training.fit --pen says it
        warn([changed])

    def draw() -> tuple[np.ndarray, np.ndarray]:
        digits = train_writers_digits(pen_dir)
        chosen = np.random.default_rng(PEN_REPLAY_SEED).choice(len(digits), min(count, len(digits)), replace=False)
        return render_plain([digits[i] for i in sorted(chosen)])

    # named by the data, the pen's code (its default width among it), the count and the preprocessing's version: a
    # change to any of them draws anew (the default brush went 28 → 24 px, and teaching replayed the 28-px drawings)
    name = f"pen-replay-{checksum[:16]}-{_sources_sha256(pen_renderer)[:16]}-{count}-p{PREPROCESS_VERSION}.npz"
    return _cached_digits(name, count, draw)


def drawn_replay(count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``count`` synthetic canvas digits (``training/drawn.py``, every class alike) where UNIPEN is not at hand.

    A fresh install has MNIST (once downloaded) but not the pen data, and replaying MNIST alone taught less:
    on the 8 hardest UNIPEN test persons, 3 examples a digit cut their errors by 13 %, against 23 % with real
    pen digits replayed and 23 % with these (MNIST worst −0.20, −0.23 and −0.18 points). Kept in the user cache
    under the generator's own source, so a change to it draws anew.
    """
    count = count or PEN_REPLAY_DIGITS
    source = _sources_sha256(drawn, pen_augment, pen_renderer)  # drawn trims its strokes with pen_augment's

    def draw() -> tuple[np.ndarray, np.ndarray]:
        images, labels = drawn.drawn_dataset(-(-count // 10), PEN_REPLAY_SEED)  # per class, rounded up
        return np.round(images[:count] * 255).astype(np.uint8), labels[:count].astype(np.int64)

    return _cached_digits(f"drawn-replay-{source[:16]}-{count}-p{PREPROCESS_VERSION}.npz", count, draw)


def _sources_sha256(*modules: ModuleType) -> str:
    """The SHA-256 of these modules' source: what a cache of digits they drew is named by, so that it is drawn anew
    when their code changes."""
    return hashlib.sha256(b"".join(Path(str(module.__file__)).read_bytes() for module in modules)).hexdigest()


def _cached_digits(
    name: str, count: int, draw: Callable[[], tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """Read ``name`` from the user cache if it holds what ``draw`` would make, else draw and keep it.

    A cache file that does not read back as expected is simply drawn again; a read-only cache costs the next run
    the same few seconds, nothing else.
    """
    cache = user_cache_dir() / name
    with contextlib.suppress(OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        # a file of ``count`` digits at most (np.savez: 784 bytes an image, 8 a label, and its headers); not a named
        # pipe, which np.load waited on for good, holding the teach at its start
        with cached_npz(cache, count * (28 * 28 + 8) + 64 * 1024) as saved:
            images, labels = saved["images"], saved["labels"]
        # fewer than ``count`` when the data holds fewer digits: the name fixes the data, so that is all of them
        # (one number in either, not a list, was len()'s TypeError: the teach ended at its start, every time)
        n = len(labels) if labels.ndim == 1 else 0
        fits = 1 <= n <= count and images.shape == (n, 28, 28) and images.dtype == np.uint8
        if fits and labels.dtype == np.int64 and ((labels >= 0) & (labels <= 9)).all():
            return images, labels
    images, labels = draw()
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez(buffer, images=images, labels=labels)
        write_cache(cache, buffer.getvalue())
    return images, labels
