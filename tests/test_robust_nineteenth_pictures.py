"""The nineteenth round, pictures: odd pictures through the public reading path (`read_picture`, `predict`)."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from PIL import ImageFile
from test_robust_eighteenth_pictures import _png16, _seven

from rowreader.picture import PictureError, read_picture_data


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


def _planar_tiff16(values: np.ndarray, deflate: bool = False, pages: int = 1) -> bytes:
    """A big-endian 16-bit RGB or RGBA TIFF of ``values`` whose colours lie in separate planes (one strip each),
    deflated or not, ``pages`` pages of it."""
    height, width, channels = values.shape
    planes = [values[:, :, band].astype(">u2").tobytes() for band in range(channels)]
    planes = [zlib.compress(plane) if deflate else plane for plane in planes]
    depths, data = struct.pack(f">{channels}H", *[16] * channels), b"".join(planes)
    size = 2 + 12 * (11 + (channels == 4)) + 4 + len(depths) + 8 * channels + len(data)  # one page's bytes
    file = b"MM\x00*" + struct.pack(">I", 8)
    for page in range(pages):
        depths_at = len(file) + 2 + 12 * (11 + (channels == 4)) + 4
        offsets_at, counts_at = depths_at + len(depths), depths_at + len(depths) + 4 * channels
        data_at = counts_at + 4 * channels
        tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, channels, depths_at)]
        tags += [(259, 3, 1, 8 if deflate else 1), (262, 3, 1, 2), (273, 4, channels, offsets_at)]
        tags += [(277, 3, 1, channels), (278, 4, 1, height), (279, 4, channels, counts_at), (284, 3, 1, 2)]
        tags += [(338, 3, 1, 2)] * (channels == 4) + [(339, 3, 1, 1)]
        file += struct.pack(">H", len(tags)) + b"".join(
            struct.pack(">HHI", tag, kind, count)
            + (struct.pack(">HH", value, 0) if kind == 3 and count == 1 else struct.pack(">I", value))
            for tag, kind, count, value in tags
        )
        file += struct.pack(">I", len(file) + 4 + size - (2 + 12 * len(tags) + 4) if page < pages - 1 else 0)
        starts = np.cumsum([data_at, *map(len, planes)])[:-1]
        file += depths + struct.pack(f">{channels}I", *map(int, starts))
        file += struct.pack(f">{channels}I", *map(len, planes)) + data
    return file


@pytest.mark.parametrize("pages", [1, 2])
@pytest.mark.parametrize("channels", [3, 4])
def test_a_16_bit_tiff_of_separate_planes_reads_as_its_8_bit_twin(channels, pages):
    """An uncompressed 16-bit colour TIFF whose colours lie in separate planes was read as noise (Pillow decodes
    each plane with an 8-bit raw mode): a 7 read as something else at a guess. Each plane is read whole now, the
    first page of two too (a 16-bit TIFF of two pages was read by its high bytes: 12-bit values a black page)."""
    grey = _seven(4095, 300)
    colour = [grey, grey, grey // 2]
    values = np.dstack(colour + [np.full(grey.shape, 65535)] * (channels == 4)).astype(np.uint16)
    twin = np.dstack([np.round(c * 255 / 4095) for c in colour]).astype(np.uint8)
    read = read_picture_data(_planar_tiff16(values, pages=pages))
    assert read.shape == (*grey.shape, channels)
    assert np.abs(read[..., :3] - twin / 255).max() < 0.002


def test_a_compressed_16_bit_tiff_of_separate_planes_is_refused_not_read_by_its_high_bytes():
    """Through libtiff, Pillow keeps a plane's high bytes only: a 12-bit scan's 4,096 shades were 16, and a 10-bit
    one's pale strokes vanished, without a word. It is refused, saying how to save it."""
    grey = _seven(1023, 900)
    with pytest.raises(PictureError, match=r"separate planes.*interleaved"):
        read_picture_data(_planar_tiff16(np.dstack([grey] * 3).astype(np.uint16), deflate=True))
