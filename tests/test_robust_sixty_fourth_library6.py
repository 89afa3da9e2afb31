"""The sixty-fourth round's library6: the library as a Python user calls it, each test seen failing before its fix:
a reading flag held in a 0-d array or tensor pointed to ``.item()`` as every other flag is."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rowreader import to_mnist
from rowreader.pen import draw_ink_window, render_strokes

ITEM_HINT = " (an array or tensor: .item() gives its value)"
STROKES = [[[0, 0], [5, 9]]]
BLANK = np.zeros((28, 28), np.float32)


@pytest.mark.parametrize("held", [np.array(True), np.array([0]), torch.tensor(False)], ids=["0-d", "one", "tensor"])
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("normalise_strokes", lambda flag: to_mnist(BLANK, normalise_strokes=flag)),
        ("allow_small", lambda flag: to_mnist(BLANK, allow_small=flag)),
        ("antialias", lambda flag: render_strokes(STROKES, antialias=flag)),
        ("antialias", lambda flag: draw_ink_window(STROKES, 24, antialias=flag)),
    ],
    ids=["normalise_strokes", "allow_small", "render_strokes", "draw_ink_window"],
)
def test_a_reading_flag_held_in_an_array_is_pointed_to_item(name: str, call, held) -> None:
    """``to_mnist(image, allow_small=np.array(True))`` was "allow_small must be True or False, got array(True)", the
    ``.item()`` the other flags name (``caller_values.flag_refused``) unsaid; an array holding no flag gets no hint."""
    with pytest.raises(TypeError) as refused:
        call(held)
    assert str(refused.value).startswith(f"{name} must be True or False, got ")
    assert str(refused.value).endswith(ITEM_HINT)
    with pytest.raises(TypeError) as refused:
        call(np.array(2.5))
    assert not str(refused.value).endswith(ITEM_HINT)
