"""Other schools' marks on real pen digits: a flag on a plain 1, a slash through a 0, a bar across a 7."""

from __future__ import annotations

import numpy as np
import pytest

from training.config import FitConfig
from training.pen_augment import PenAugmentConfig, render_pen_digit
from training.pen_data import PenEpochs
from training.pen_styles import FLAG_DROP, FLAG_REACH, add_style_mark

RNG = np.random.default_rng


def vertical(top: float = 0.0, bottom: float = 100.0, x: float = 50.0) -> np.ndarray:
    return np.stack([np.full(11, x), np.linspace(top, bottom, 11)], axis=1)


def ring() -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, 40)
    return np.stack([50 + 30 * np.cos(angle), 50 + 45 * np.sin(angle)], axis=1)


def seven() -> list[np.ndarray]:
    return [np.array([[10.0, 0.0], [80.0, 0.0], [40.0, 100.0]])]


@pytest.mark.parametrize("drawn_upwards", [False, True])
def test_a_plain_one_gets_a_flag_in_the_same_stroke_up_to_its_top(drawn_upwards):
    stem = vertical()[::-1] if drawn_upwards else vertical()
    (flagged,) = add_style_mark([stem], 1, 1.0, RNG(0))
    assert np.array_equal(flagged[-11:], vertical())  # the stem, now drawn top-down after the flag
    start = flagged[0]
    assert FLAG_REACH[0] * 100 <= 50 - start[0] <= FLAG_REACH[1] * 100  # left of the top …
    assert FLAG_DROP[0] * 100 <= start[1] <= FLAG_DROP[1] * 100  # … and below it
    assert np.all(np.diff(flagged[:-10, 0]) > 0) and np.all(np.diff(flagged[:-10, 1]) < 0)  # a line up to the top


def test_ones_that_already_have_a_flag_or_a_base_are_left_as_written():
    with_base = [vertical(), np.array([[30.0, 100.0], [70.0, 100.0]])]
    assert add_style_mark(with_base, 1, 1.0, RNG(0)) is with_base
    wide = [np.array([[20.0, 20.0], [50.0, 0.0], [50.0, 100.0]])]  # a flag is already there
    assert add_style_mark(wide, 1, 1.0, RNG(0)) is wide


def test_a_zero_gets_a_slash_from_below_left_to_above_right_through_the_loop():
    marked = add_style_mark([ring()], 0, 1.0, RNG(1))
    assert len(marked) == 2 and np.array_equal(marked[0], ring())
    start, end = marked[1][0], marked[1][-1]
    assert start[0] < 50 < end[0] and start[1] >= 95 and end[1] <= 5  # reaches the loop's top and bottom


def test_a_seven_gets_a_short_bar_across_its_stem_near_the_middle():
    marked = add_style_mark(seven(), 7, 1.0, RNG(2))
    assert len(marked) == 2
    bar = marked[1]
    assert 40 <= bar[:, 1].mean() <= 65 and np.ptp(bar[:, 1]) <= 8  # near the middle, about level
    stem_x = 80 - 40 * bar[:, 1].mean() / 100  # where the stem is at that height
    assert bar[0, 0] < stem_x < bar[-1, 0]


def test_other_digits_and_a_zero_chance_change_nothing():
    strokes = [vertical()]
    assert add_style_mark(strokes, 4, 1.0, RNG(0)) is strokes
    assert add_style_mark(strokes, 1, 0.0, RNG(0)) is strokes
    marked = sum(add_style_mark(strokes, 1, 0.3, RNG(seed)) is not strokes for seed in range(400))
    assert 80 <= marked <= 160  # about 30 %


def test_renderings_carry_the_mark_only_with_a_label_and_a_chance():
    stem = [vertical()]
    plain = render_pen_digit(stem, PenAugmentConfig(), RNG(3))
    no_label = render_pen_digit(stem, PenAugmentConfig(styles=1.0), RNG(3))
    flagged = render_pen_digit(stem, PenAugmentConfig(styles=1.0), RNG(3), label=1)
    assert np.array_equal(plain, no_label)
    assert (flagged > 0.5).sum(axis=0).astype(bool).sum() > (plain > 0.5).sum(axis=0).astype(bool).sum() + 3


def test_pen_epochs_mark_their_ones(train_digits_module):
    ones = [d for d in train_digits_module if d.label == 1][:30]
    with (
        PenEpochs(ones, 30, 1, seed=0) as plain,
        PenEpochs(ones, 30, 1, 0, config=PenAugmentConfig(styles=1)) as marked,
    ):
        a, b = plain.epoch(0)[0], marked.epoch(0)[0]
    widths = [(img > 128).any(axis=1).sum(axis=-1) for img in (a, b)]  # inked columns per image
    assert (widths[1] > widths[0] + 2).sum() >= 5  # many of the plain 1s came out flagged, hence wider


@pytest.fixture(scope="module")
def train_digits_module(unipen):
    return [d for d in unipen if d.split == "train"]


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "0.3"])
def test_a_style_chance_outside_0_to_1_is_refused(bad):
    with pytest.raises(ValueError, match="styles"):
        PenAugmentConfig(styles=bad)
    with pytest.raises(ValueError, match="pen-styles"):
        FitConfig(pen_styles=bad)


def test_styles_without_pen_digits_are_refused():
    with pytest.raises(ValueError, match=r"--pen-styles .* needs --pen"):
        FitConfig(pen_styles=0.3)
    assert FitConfig(pen=0.4, pen_styles=0.3).pen_styles == 0.3
