"""Marks other schools teach, put on real pen digits: a flag on a plain 1, a slash through a 0, a bar on a 7.

bench_finetune's ``--habits`` uses them to simulate the people teaching is for. UNIPEN's writers learnt to
write in the USA, mostly: their 1 is a plain stroke, their 0 is open, their 7 is bare, and the shipped reader
learnt from them and MNIST. Much of the world writes a 1 with a long up-stroke (which such a reader takes for a
7), crosses the 7 to tell it from that 1 and slashes the 0; on other collections those were the systematic
misreads. Giving a test writer these marks on *every* 0, 1 and 7 makes a person with a habit the model lacks,
drawn with that writer's own hand: exactly the case where a few examples should fix many digits.

(These marks were also tried as a training augmentation, ``--pen-styles``, commit 63f58a9: it cost more than
it gained and was removed; see docs/shipped-model.md.) Shapes are in the glyph's own units, y down; every choice is
drawn from ``rng``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FLAG_REACH = (0.15, 0.45)  # how far left of the top the flag starts, in glyph heights
FLAG_DROP = (0.08, 0.35)  # how far below the top it starts, in glyph heights
PLAIN_ONE_WIDTH = 0.25  # a 1 narrower than this share of its height has no flag or base yet


def _line(start: np.ndarray, end: np.ndarray, points: int = 8) -> np.ndarray:
    return start + np.linspace(0.0, 1.0, points)[:, None] * (end - start)


def _flag_one(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> list[np.ndarray] | None:
    """The 1 with its flag, drawn in the same movement as the stem: up to the top, then down."""
    if len(strokes) != 1 or len(strokes[0]) < 2:
        return None
    stem = np.asarray(strokes[0], np.float64)
    lo, hi = stem.min(axis=0), stem.max(axis=0)
    height = hi[1] - lo[1]
    if height <= 0 or (hi[0] - lo[0]) > PLAIN_ONE_WIDTH * height:
        return None
    if stem[0, 1] > stem[-1, 1]:  # written bottom-up: the flag comes after the stem
        stem = stem[::-1]
    top = stem[0]
    start = top + np.array([-rng.uniform(*FLAG_REACH), rng.uniform(*FLAG_DROP)]) * height
    return [np.concatenate([_line(start, top)[:-1], stem])]


def _slash_zero(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """The 0 with a stroke from below left to above right, reaching a little past the loop."""
    points = np.concatenate(strokes).astype(np.float64)
    lo, hi = points.min(axis=0), points.max(axis=0)
    size = hi - lo
    over = rng.uniform(0.0, 0.15, 2) * size
    start = np.array([lo[0] - over[0], hi[1] + over[1]]) + rng.uniform(0.0, 0.2) * size * [1, 0]
    end = np.array([hi[0] + over[0], lo[1] - over[1]]) - rng.uniform(0.0, 0.2) * size * [1, 0]
    return [*strokes, _line(start, end)]


def _cross_seven(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """The 7 with a short bar across its stem, a little above or below the middle."""
    points = np.concatenate(strokes).astype(np.float64)
    lo, hi = points.min(axis=0), points.max(axis=0)
    width, height = hi - lo
    y = lo[1] + rng.uniform(0.45, 0.6) * height
    near = np.abs(points[:, 1] - y) < 0.06 * height
    x = float(points[near, 0].mean()) if near.any() else float((lo[0] + hi[0]) / 2)
    half = rng.uniform(0.15, 0.3) * max(width, 0.5 * height)
    return [*strokes, _line(np.array([x - half, y]), np.array([x + half, y + rng.uniform(-0.04, 0.04) * height]))]


def add_style_mark(
    strokes: Sequence[np.ndarray], label: int, chance: float, rng: np.random.Generator
) -> Sequence[np.ndarray]:
    """``strokes`` with, at probability ``chance``, the mark other schools give a ``label`` of 0, 1 or 7.

    Other digits, and 1s that already have a flag or base, come back as they were.
    """
    if label not in (0, 1, 7) or rng.random() >= chance:  # a chance of 0 or less: never, as random() is >= 0
        return strokes
    if label == 1:
        return _flag_one(strokes, rng) or strokes
    return _slash_zero(strokes, rng) if label == 0 else _cross_seven(strokes, rng)


if __name__ == "__main__":  # `python bench/school_marks.py --help` did nothing, status 0, as if it had run
    import sys

    print(
        "school_marks.py is a module, not a command: it adds the marks other schools teach (a flag on a 1, a slash "
        "through a 0, a bar on a 7) to pen digits. `python bench/bench_finetune.py --habits` uses it; see that "
        "command's --help.",
        file=sys.stderr,
    )
    sys.exit(2)  # as for a command line refused: nothing was done
