"""The eighteenth round, second look: the round's own new code (the printed box, the marks side by side, the 16-bit
colour pictures, the examples folder watched) attacked again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from rowreader.one_digit import marks_side_by_side, printed_box
from rowreader.preprocess import normalise


def _square_zero(pen: int, short: int, across: bool) -> np.ndarray:
    """A 0 drawn square on the app's 280-px canvas (light ink on black), ``pen`` px wide, with a slash from corner
    to corner inside it (``across``) or a bar down its middle, ending ``short`` px short of its sides."""
    picture = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((70, 40, 210, 240), outline=255, width=pen)
    inset = pen + short
    ends = (70 + inset, 240 - inset, 210 - inset, 40 + inset) if across else (140, 240 - inset, 140, 40 + inset)
    draw.line(ends, fill=255, width=pen)
    return np.asarray(picture, np.float32) / 255


@pytest.mark.parametrize("pen", [4, 8, 12])
@pytest.mark.parametrize(("short", "across"), [(0, True), (5, True), (0, False)])
def test_a_square_zero_with_a_slash_keeps_its_sides(pen, short, across):
    """A square 0 with a slash (or a bar) across it was taken for a printed box round a 1: its sides were taken
    away and it was read as a 1 at 100 %. Ink going from one line to the one facing it, or filling the inside
    corner to corner, is the digit's own: the 0 is read whole, its crop the square's."""
    import torch

    from rowreader import load_pretrained
    from rowreader.preprocess import to_mnist

    zero = _square_zero(pen, short, across)
    assert normalise(zero).placement.crop == (40, 70, 241, 211)
    with torch.no_grad():
        said = load_pretrained().reader.eval()(torch.from_numpy(to_mnist(zero)[None]))[0, -1].argmax().item()
    assert said == 0


def _inked_masks() -> st.SearchStrategy[np.ndarray]:
    """Random ink, some of it framed by a box of lines 1–4 px (a form's, or a square 0's)."""

    @st.composite
    def masks(draw: st.DrawFn) -> np.ndarray:
        height, width = draw(st.integers(1, 60)), draw(st.integers(1, 60))
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        inked = rng.random((height, width)) < draw(st.sampled_from([0.0, 0.02, 0.2, 0.8, 1.0]))
        if draw(st.booleans()):
            line = draw(st.integers(1, 4))
            inked[:line] = inked[-line:] = inked[:, :line] = inked[:, -line:] = True
        return inked

    return masks()


@settings(max_examples=300, deadline=None)
@given(inked=_inked_masks())
def test_any_inked_mask_keeps_ink_and_counts_a_mark(inked):
    """Whatever the ink, the box taken away leaves ink where there was a digit (or is all of it: an empty printed box,
    the fifty-second round's), and at least one mark is counted."""
    box = printed_box(inked)
    if box is not None:
        assert box.shape == inked.shape and ((inked & ~box).any() or box.all())
    if inked.any():
        assert marks_side_by_side(inked) >= 1
