"""The fifty-eighth round, review36: the round's first merges (files8, light4, pages10) read as a hostile reviewer."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from conftest import shipped_model_says
from PIL import Image

from rowreader.example_folder import load_examples
from rowreader.lighting import RULE_FRINGE, away_from_rules
from rowreader.needs_torch import QT, qt_unloadable
from rowreader.picture_words import NO_DIGIT_HEADS
from rowreader.preprocess import normalise, to_mnist
from rowreader.skipped_files import skipped_kinds


def small_digit_on_ruled_page(
    digit: np.ndarray, side: int, size: int, at: tuple[int, int], squared: bool, seed: int
) -> np.ndarray:
    """A ``side``-px photo of paper ruled (or ``squared``) in blue-grey every 28 px, ``digit`` (an MNIST one)
    written on it ``size`` px tall at ``at`` (top, left) in a dark pen, with a camera's 1.5 % grain."""
    rgb = np.full((side, side, 3), 240.0)
    first = 13 if squared else 17
    rgb[first::28] = (170, 190, 215)
    if squared:
        rgb[:, first::28] = (170, 190, 215)
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BILINEAR))[..., None] / 255.0
    spot = np.s_[at[0] : at[0] + size, at[1] : at[1] + size]
    rgb[spot] = rgb[spot] * (1 - ink) + np.array((30, 30, 60)) * ink
    rgb += np.random.default_rng(seed).normal(0, 1.5, rgb.shape)
    return np.clip(rgb, 0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("index", "side", "size", "at", "squared"),
    [(2174, 420, 33, (381, 334), True), (8396, 256, 20, (171, 139), False)],
)
def test_a_small_digit_in_a_dark_pen_over_a_pages_rules_is_read(mnist_test, index, side, size, at, squared):
    """pages10 told a blank ruled page's ink (what is left of its rules lifted) from a digit by how many pixels
    stand out away from the rules: a small digit written over them in a dark pen has few there (a 3 of 33 px on a
    420-px squared page, 7), and was "only printed rules", though read right before. Ink darker than any printed
    rule (``lighting.MIN_RULE_SHADE``) is no rule's remains: none of 160 blank pages had a pixel so dark."""
    page = small_digit_on_ruled_page(mnist_test[0][index], side, size, at, squared, seed=index)
    read = normalise(page)
    assert read.image is not None and not read.rules_only
    assert shipped_model_says([to_mnist(page)])[0] == mnist_test[1][index]


@pytest.mark.parametrize("words", NO_DIGIT_HEADS)
def test_a_note_whose_words_are_another_kinds_is_counted_once(tmp_path, words):
    """files8 counted a note saved as 1/note.png among "files that are not pictures"; its line quotes how the note
    starts, and a note starting with a blank picture's words ("todo: the mark") was counted as one too, the
    damaged files then one fewer ("-1 damaged files" where there were none). Each file is counted once, as what it
    is."""
    for digit in range(10):
        (tmp_path / str(digit)).mkdir()
    (tmp_path / "1" / "note.png").write_text(f"todo: {words.strip()} later")
    (tmp_path / "2" / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # a PNG cut short: damaged
    problems = load_examples(tmp_path).problems
    assert len(problems) == 2
    assert skipped_kinds(problems) == "1 damaged file and 1 file that is not a picture"


def test_the_rules_fringe_costs_no_more_across_than_down():
    """pages10 widened a ruled page's rules (asked of every ruled page read since) down, then across through the
    transposed view: across, each shift read and wrote the page a column at a time, 3–6 times the cost of the same
    shifts down (a 2048² page's fringe 141–152 ms at a load of 12; 26–48 ms grown across by slices of its rows).
    Timed against the shifts done down twice, in turn with them; best of nine, in this process's CPU time: by the
    clock on the wall, a waiting turn on a shared core counts, and under four busy processes on two cores the ratio
    came to 1.15–2.31 (review39), over the bound once in eight; in CPU time, 1.20–1.61 (the old code's 3.3–4.2)."""
    rules = np.zeros((2048, 2048), dtype=bool)
    rules[10::40] = rules[:, 10::40] = True

    def down_twice() -> float:
        wide = np.pad(rules, RULE_FRINGE, constant_values=True)
        for _ in range(2):
            grown = wide.copy()
            for shift in range(1, RULE_FRINGE + 1):
                grown[shift:] |= wide[:-shift]
                grown[:-shift] |= wide[shift:]
            wide = grown
        return (~wide).mean()  # as the fringe's share is asked

    def took(work: Callable[[], object]) -> float:
        start = time.process_time()
        work()
        return time.process_time() - start

    times = [(took(lambda: away_from_rules(rules)), took(down_twice)) for _ in range(9)]
    fringe, down = (min(each) for each in zip(*times, strict=True))
    assert fringe < 2.2 * down, (fringe, down)


def test_only_qts_own_compiled_parts_are_said_to_be_qts():
    """light4 says in one line that Qt cannot load a compiled part, where the loader failed on one of PySide6's
    own; another package's part failing (here numpy's, named by path) keeps its own traceback, not said to be Qt's:
    that branch was reached by no test."""
    qt_folder = Path(importlib.util.find_spec(QT).origin).parent
    own = ImportError("libEGL.so.1: cannot open shared object file", path=str(qt_folder / "QtGui.abi3.so"))
    said = qt_unloadable(own)
    assert said is not None and said.startswith(f"Qt ({QT}, in {qt_folder}) cannot load QtGui.abi3.so: libEGL.so.1")
    other = ImportError("libEGL.so.1: cannot open shared object file", path=np.__file__)
    assert qt_unloadable(other) is None
    assert qt_unloadable(ImportError("no path given")) is None
