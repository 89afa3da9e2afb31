"""Pen-digit augmentation and the per-epoch pen renderings: reproducible, varied, train writers only."""

from __future__ import annotations

import numpy as np
import pytest

from training.pen_augment import PenAugmentConfig, augment_strokes, render_pen_digit
from training.pen_data import PenEpochs, holdout_split, pen_per_epoch, refresh_epochs, render_plain


@pytest.fixture(scope="module")
def train_digits(unipen):
    return [d for d in unipen if d.split == "train"]


def test_same_seed_same_rendering_other_seed_another(train_digits):
    config = PenAugmentConfig()
    strokes = train_digits[123].strokes
    a = render_pen_digit(strokes, config, np.random.default_rng(5))
    b = render_pen_digit(strokes, config, np.random.default_rng(5))
    c = render_pen_digit(strokes, config, np.random.default_rng(6))
    assert a.shape == (28, 28) and a.dtype == np.float32 and a.min() >= 0 and a.max() <= 1
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_no_augmentation_keeps_the_glyph_shape(train_digits):
    still = PenAugmentConfig(jitter=0, trim=0, rotation_deg=0, slant=0, aspect=0)
    strokes = train_digits[7].strokes
    out = augment_strokes(strokes, still, np.random.default_rng(0))
    points, original = np.concatenate(out), np.concatenate(strokes).astype(np.float64)
    extent = original.max(axis=0) - original.min(axis=0)
    np.testing.assert_allclose(points.max(axis=0) - points.min(axis=0), extent / extent.max(), atol=1e-6)
    moved = augment_strokes(strokes, PenAugmentConfig(), np.random.default_rng(0))
    assert [len(s) for s in moved] != [len(s) for s in strokes] or not np.allclose(np.concatenate(moved), points)


@pytest.mark.parametrize(
    "field, value",
    [("jitter", -0.1), ("trim", 0.5), ("slant", float("nan")), ("pen", (0.5, 10.0)), ("size", (0.9, 0.4))],
)
def test_augment_config_refuses_nonsense(field, value):
    with pytest.raises(ValueError, match=field):
        PenAugmentConfig(**{field: value})


def test_per_epoch_share_and_refresh_schedule():
    assert pen_per_epoch(60_000, 0.3) == 25_714 and pen_per_epoch(512, 0.2) == 128 and pen_per_epoch(10, 0) == 0
    with pytest.raises(ValueError):
        pen_per_epoch(10, 1.0)
    slots = np.arange(9)
    assert refresh_epochs(slots, 0, 3).tolist() == [0] * 9
    # each epoch redraws a third of the slots, round-robin; reuse 1 redraws all
    for epoch in range(1, 7):
        changed = refresh_epochs(slots, epoch, 3) != refresh_epochs(slots, epoch - 1, 3)
        assert changed.sum() == 3
    assert refresh_epochs(slots, 5, 1).tolist() == [5] * 9


def test_epochs_are_reproducible_resumable_and_train_writers_only(train_digits, unipen):
    with pytest.raises(ValueError, match="'train' split"):
        PenEpochs(unipen[:50], 10, 2, seed=0)  # the file starts with test writers (aga/amywldrp)
    with PenEpochs(train_digits, 20, 2, seed=3) as pens:
        epochs = [pens.epoch(e) for e in range(3)]
    images, labels = epochs[0]
    assert images.shape == (20, 28, 28) and images.dtype == np.uint8 and labels.dtype == np.int64
    assert images.max(axis=(1, 2)).min() > 200  # every rendering has full-strength ink
    redrawn = [int((epochs[e][0] != epochs[e - 1][0]).any(axis=(1, 2)).sum()) for e in (1, 2)]
    assert redrawn == [10, 10]  # half of the renderings are new in every epoch
    # a fresh pool at epoch 2 (what --resume builds) holds exactly the same renderings
    with PenEpochs(train_digits, 20, 2, seed=3) as pens:
        again = pens.epoch(2)
    assert np.array_equal(again[0], epochs[2][0]) and np.array_equal(again[1], epochs[2][1])
    with PenEpochs(train_digits, 20, 2, seed=4) as pens:
        assert not np.array_equal(pens.epoch(0)[0], images)


def test_worker_processes_render_exactly_what_this_process_renders(train_digits):
    with PenEpochs(train_digits, 24, 3, seed=1, workers=0) as pens:
        here = [pens.epoch(e) for e in range(2)]
    with PenEpochs(train_digits, 24, 3, seed=1, workers=2) as pens:
        there = [pens.epoch(e) for e in range(2)]
    for (a, la), (b, lb) in zip(here, there, strict=True):
        assert np.array_equal(a, b) and np.array_equal(la, lb)


def test_holdout_takes_whole_persons_the_same_way_every_time(train_digits):
    kept, held = holdout_split(train_digits, 0.1)
    assert len(kept) + len(held) == len(train_digits)
    assert {d.person for d in kept}.isdisjoint({d.person for d in held})
    assert 0.1 * len(train_digits) <= len(held) < 0.2 * len(train_digits)
    assert [d.segment for d in holdout_split(train_digits, 0.1)[1]] == [d.segment for d in held]
    assert holdout_split(train_digits, 0.0) == (list(train_digits), [])
    images, labels = render_plain(held[:5])
    assert images.shape == (5, 28, 28) and images.dtype == np.uint8 and labels.tolist() == [d.label for d in held[:5]]
