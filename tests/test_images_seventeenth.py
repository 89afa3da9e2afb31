"""The seventeenth round, pictures: files given to `rowreader predict` and the app, read as what they show."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.picture import read_picture
from rowreader.preprocess import to_mnist


def _seven(paper: int, ink: int) -> np.ndarray:
    """A 16-bit grey 7 of ``ink`` on ``paper``, 80 px square."""
    page = np.full((80, 80), paper, np.uint16)
    page[12:18, 15:65] = ink
    for row in range(18, 70):
        page[row, 60 - (row - 18) // 2 : 66 - (row - 18) // 2] = ink
    return page


@settings(max_examples=25, deadline=None)
@given(top=st.sampled_from([255, 1023, 4095, 16383, 65535]), ink_share=st.floats(0.0, 0.4), key=st.integers(0, 65535))
def test_a_16_bit_png_with_a_transparent_colour_reads_as_without_it(tmp_path_factory, top, ink_share, key):
    """A 16-bit grey PNG whose tRNS chunk marks a colour transparent that it does not use reads as the same PNG
    without it. Its alpha was 65,535 where opaque, which counts in the picture's range: a lab camera's 12-bit
    picture (0…4,095) so saved was read on the 16-bit scale, its white paper 6 % grey, "empty"."""
    seven = _seven(top, int(top * ink_share))
    key = key if key not in (top, int(top * ink_share)) else (key + 1) % 65536
    folder = tmp_path_factory.mktemp("keyed")
    Image.fromarray(seven).save(folder / "plain.png")
    Image.fromarray(seven).save(folder / "keyed.png", transparency=key)
    plain, keyed = to_mnist(read_picture(folder / "plain.png")), to_mnist(read_picture(folder / "keyed.png"))
    assert plain is not None and keyed is not None
    assert np.abs(plain - keyed).max() < 1e-5
