"""bench/school_marks.py: the marks bench_finetune's ``--habits`` gives every person's 0s, 1s and 7s."""

from __future__ import annotations

import numpy as np
import pytest

RNG = np.random.default_rng


@pytest.fixture(scope="module")
def marks(bench_module):
    return bench_module("school_marks")


def vertical(top: float = 0.0, bottom: float = 100.0, x: float = 50.0) -> np.ndarray:
    return np.stack([np.full(11, x), np.linspace(top, bottom, 11)], axis=1)


def ring() -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, 40)
    return np.stack([50 + 30 * np.cos(angle), 50 + 45 * np.sin(angle)], axis=1)


@pytest.mark.parametrize("drawn_upwards", [False, True])
def test_a_plain_one_gets_a_flag_in_the_same_stroke_up_to_its_top(marks, drawn_upwards):
    stem = vertical()[::-1] if drawn_upwards else vertical()
    (flagged,) = marks.add_style_mark([stem], 1, 1.0, RNG(0))
    assert np.array_equal(flagged[-11:], vertical())  # the stem, now drawn top-down after the flag
    start = flagged[0]
    assert marks.FLAG_REACH[0] * 100 <= 50 - start[0] <= marks.FLAG_REACH[1] * 100  # left of the top …
    assert marks.FLAG_DROP[0] * 100 <= start[1] <= marks.FLAG_DROP[1] * 100  # … and below it
    assert np.all(np.diff(flagged[:-10, 0]) > 0) and np.all(np.diff(flagged[:-10, 1]) < 0)  # a line up to the top


def test_ones_that_already_have_a_flag_or_a_base_are_left_as_written(marks):
    with_base = [vertical(), np.array([[30.0, 100.0], [70.0, 100.0]])]
    assert marks.add_style_mark(with_base, 1, 1.0, RNG(0)) is with_base
    wide = [np.array([[20.0, 20.0], [50.0, 0.0], [50.0, 100.0]])]  # a flag is already there
    assert marks.add_style_mark(wide, 1, 1.0, RNG(0)) is wide


def test_a_zero_gets_a_slash_from_below_left_to_above_right_through_the_loop(marks):
    marked = marks.add_style_mark([ring()], 0, 1.0, RNG(1))
    assert len(marked) == 2 and np.array_equal(marked[0], ring())
    start, end = marked[1][0], marked[1][-1]
    assert start[0] < 50 < end[0] and start[1] >= 95 and end[1] <= 5  # reaches the loop's top and bottom


def test_a_seven_gets_a_short_bar_across_its_stem_near_the_middle(marks):
    marked = marks.add_style_mark([np.array([[10.0, 0.0], [80.0, 0.0], [40.0, 100.0]])], 7, 1.0, RNG(2))
    assert len(marked) == 2
    bar = marked[1]
    assert 40 <= bar[:, 1].mean() <= 65 and np.ptp(bar[:, 1]) <= 8  # near the middle, about level
    stem_x = 80 - 40 * bar[:, 1].mean() / 100  # where the stem is at that height
    assert bar[0, 0] < stem_x < bar[-1, 0]


def test_other_digits_and_a_zero_chance_change_nothing(marks):
    strokes = [vertical()]
    assert marks.add_style_mark(strokes, 4, 1.0, RNG(0)) is strokes
    assert marks.add_style_mark(strokes, 1, 0.0, RNG(0)) is strokes
    marked = sum(marks.add_style_mark(strokes, 1, 0.3, RNG(seed)) is not strokes for seed in range(400))
    assert 80 <= marked <= 160  # about 30 %


def test_habits_give_every_test_person_their_marks_the_same_way_each_run(bench_module, unipen, monkeypatch):
    """--habits draws each person's marks from a generator seeded by their name: repeatable runs."""
    bench = bench_module("bench_finetune")
    few = [d for d in unipen if d.split == "test" and d.person in {"ibm/15", "gmd/alek"}]
    monkeypatch.setattr(bench, "load_unipen", lambda root, split: few)
    plain = {p.name: p for p in bench.render_people(None)}
    first, again = bench.render_people(None, habits=True), bench.render_people(None, habits=True)
    for person, same in zip(first, again, strict=True):
        assert np.array_equal(person.images, same.images) and np.array_equal(person.labels, plain[person.name].labels)
        changed = np.abs(person.images - plain[person.name].images).reshape(len(person.labels), -1).max(axis=1) > 0.1
        marked = np.isin(person.labels, [0, 1, 7])
        assert not changed[~marked].any()  # the other digits are drawn as written
        assert changed[marked].mean() > 0.5  # most 0s, 1s and 7s carry a mark (a 1 with a base keeps none)
