"""The fifty-seventh round, pages9: what pages8's slanted rules cost a picture's reading, and blank pages turned."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from test_robust_fifty_sixth_pages8 import turned_page

from rowreader import lighting
from rowreader.preprocess import to_mnist


@pytest.fixture
def medians_read(monkeypatch) -> list[tuple[str, float]]:
    """Each strip's row medians ``lighting`` reads while a test runs: what was read (its pixels' hash) and along
    which slant."""
    read: list[tuple[str, float]] = []
    median_rows = lighting._median_rows

    def counted(blocks: np.ndarray, slant: float = 0.0) -> np.ndarray:
        read.append((hashlib.sha256(np.ascontiguousarray(blocks).tobytes()).hexdigest(), slant))
        return median_rows(blocks, slant)

    monkeypatch.setattr(lighting, "_median_rows", counted)
    return read


def grainy_blank_page(seed: int = 57) -> np.ndarray:
    """A photo of a blank page, 400 × 300 px, a camera's 1.5 % grain on it, as RGB bytes: no rules on it."""
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(235, 4, (300, 400, 3)), 0, 255).astype(np.uint8)


def test_the_medians_looked_at_for_rules_are_read_once(medians_read):
    """A page with no dark rules is looked at for light ones (a note app's dark mode): the same strips' medians
    along the same five slants were read again for them, 10 reads of this page's 20 a repeat (a grainy 2048 × 1536
    page's look for rules, 21.5 → 15.3 ms at a load of 7). They are kept for the second look."""
    assert to_mnist(grainy_blank_page()) is None
    assert medians_read, "no rule was looked for"
    assert len(set(medians_read)) == len(medians_read), f"{len(medians_read) - len(set(medians_read))} read again"


def drawing(side: int = 280) -> Image.Image:
    """A 7 drawn in black on white in the middle of a ``side``² picture, its margins bare: a drawing app's."""
    picture = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(picture)
    draw.line([(side * 0.35, side * 0.35), (side * 0.62, side * 0.35), (side * 0.45, side * 0.68)], fill=0, width=14)
    return picture


def test_a_drawing_with_bare_sides_is_not_searched_for_rules(medians_read):
    """A rule crosses the page, so it shows in the strips along both sides; a side all of one shade shows no band
    along any slant (each row's median lies among its pixels). A drawing's bare sides were read along each of the
    five slants, across and down, for dark rules and light (20 reads): pages8's slants took a 280² picture read
    with ink "auto" from 2 to 5–6 ms. It is read as before, and searched no longer."""
    assert to_mnist(drawing()) is not None
    assert medians_read == []


def dense_lift(gains: np.ndarray, lift: lighting.Lift, shown: np.ndarray) -> None:
    """pages8's lift of one rule: every row the rule spans, each pixel within the half-width raised."""
    at, half, paper, most = lift
    height = shown.shape[0]
    top = max(int(np.floor(at.min() - half)), 0)
    rows = slice(top, max(min(int(np.ceil(at.max() + half)) + 1, height), top))  # none, for a rule wholly above
    inside = np.abs(np.arange(rows.start, rows.stop)[:, None] - at[None, :]) <= half
    gain = np.clip(paper / np.maximum(shown[rows], 1e-6), 1.0, most) * inside
    np.maximum(gains[rows], gain, out=gains[rows])


@settings(max_examples=60, derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    centre=st.floats(-8, 48),
    slope=st.floats(-0.4, 0.4),
    half=st.floats(1.0, 4.5),
)
@example(seed=0, centre=-1.5, slope=0.0, half=1.5)  # a rule half past the top edge, its row 0 exactly half away
@example(seed=1, centre=20.0, slope=0.25, half=2.0)
def test_a_rule_is_lifted_exactly_where_it_was(seed, centre, slope, half):
    """Only the rows near a rule are lifted now (turned 10°, a 1000-px page's rule spans 180 rows, and lifting
    them all took 68 of its 212 ms): the gains are those lifting every row the rule spans gave, bit for bit,
    wherever it lies, past an edge too."""
    rng = np.random.default_rng(seed)
    shown = rng.uniform(0.3, 1.0, (40, 50))
    at = centre + slope * np.arange(50)
    lift = (at, half, rng.uniform(0.8, 1.0, 50), float(rng.uniform(1.2, 2.8)))
    before = rng.uniform(1.0, 1.5, shown.shape)
    sparse, dense = before.copy(), before.copy()
    lighting._raise_gains(sparse, lift, shown)
    dense_lift(dense, lift, shown)
    assert np.array_equal(sparse, dense)


@pytest.mark.parametrize(
    ("degrees", "squared", "at_least"), [((2, 6), False, 8), ((2, 6), True, 6), ((8, 12), False, 7)]
)
def test_a_blank_page_turned_is_not_read_in_colour_from_its_rules_edges(degrees, squared, at_least):
    """A blank page whose grey holds no ink once its rules are lifted is read again in colour (a red pen on green
    paper of its shade): the colour's ink was the farthest colour from the paper's, its rules' blue, and the
    rules' pixels made paper only after, the blue edges beside them and a JPEG's tinted blocks left as a digit
    (here 5 of 8 lined pages turned 2–6° "no digit", 4 of 8 squared, 5 of 8 lined turned 8–12°). The rules are
    made paper in the colour picture first, so its ink is looked for, and its grain measured, without them."""
    rng = np.random.default_rng(572)
    found = [to_mnist(turned_page(rng, degrees, squared, None)) for _ in range(8)]
    assert sum(out is None for out in found) >= at_least
