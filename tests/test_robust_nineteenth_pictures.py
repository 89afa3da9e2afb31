"""The nineteenth round, pictures: odd pictures through the public reading path (`read_picture`, `predict`)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFile
from test_robust_eighteenth_pictures import _png16, _seven

from rowreader.picture import read_picture_data


def test_a_16_bit_colour_png_is_decoded_once_for_each_byte_not_three_times(monkeypatch):
    """Pillow keeps 8 bits a channel, so a 16-bit colour PNG takes two decodings (high bytes, low bytes); looking
    for its EXIF loaded the picture a third time, whole, held beside the other two: an 8,000² PNG took 880 MB and
    three decodings (660 MB now)."""
    decodings = []
    load = ImageFile.ImageFile.load

    def counted(image):
        if image.tile:
            decodings.append(image.tile[0].args)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    grey = _seven(4095, 300)
    read = read_picture_data(_png16(np.dstack([grey, grey, grey]).astype(np.uint16)))
    assert len(decodings) == 2
    assert read.max() == pytest.approx(1.0)
