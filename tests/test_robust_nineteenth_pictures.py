"""The nineteenth round, pictures: odd pictures through the public reading path (`read_picture`, `predict`)."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from PIL import ImageFile
from test_robust_eighteenth_pictures import grey_seven, png16

from rowreader.picture import read_picture_data
from rowreader.picture_errors import PictureError, UnknownFormat


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
    grey = grey_seven(4095, 300)
    read = read_picture_data(png16(np.dstack([grey, grey, grey]).astype(np.uint16)))
    assert len(decodings) == 2
    assert read.max() == pytest.approx(1.0)


def tiff16(values: np.ndarray, deflate: bool = False, pages: int = 1, planar: bool = True) -> bytes:
    """A big-endian 16-bit TIFF of ``values`` (grey + alpha, RGB or RGBA; the last of 2 or 4 an alpha), its colours
    in separate planes (one strip each) or interleaved (one strip), deflated or not, ``pages`` pages of it."""
    height, width, channels = values.shape
    strips = [values[:, :, band] for band in range(channels)] if planar else [values]
    strips = [zlib.compress(s.astype(">u2").tobytes()) if deflate else s.astype(">u2").tobytes() for s in strips]
    data, count = b"".join(strips), len(strips)
    depths = struct.pack(f">{channels}H", *[16] * channels) if channels > 2 else b""  # two fit in their entry
    arrays = 8 * count if count > 1 else 0  # the strips' offsets and lengths, where one entry cannot hold them
    entries = 10 + (channels in (2, 4)) + (count > 1)
    file = b"MM\x00*" + struct.pack(">I", 8)
    for page in range(pages):
        depths_at = len(file) + 2 + 12 * entries + 4
        offsets_at, counts_at, data_at = (depths_at + len(depths) + step for step in (0, arrays // 2, arrays))
        starts = np.cumsum([data_at, *map(len, strips)])[:-1]

        def short(value: int) -> bytes:
            return struct.pack(">HH", value, 0)

        def long(value: int) -> bytes:
            return struct.pack(">I", value)

        tags = [(256, 4, 1, long(width)), (257, 4, 1, long(height))]
        tags += [(258, 3, channels, long(depths_at) if depths else struct.pack(">HH", 16, 16))]
        tags += [(259, 3, 1, short(8 if deflate else 1)), (262, 3, 1, short(2 if channels > 2 else 1))]
        tags += [(273, 4, count, long(offsets_at if count > 1 else data_at)), (277, 3, 1, short(channels))]
        tags += [(278, 4, 1, long(height)), (279, 4, count, long(counts_at if count > 1 else len(data)))]
        tags += [(284, 3, 1, short(2))] * (count > 1) + [(338, 3, 1, short(2))] * (channels in (2, 4))
        tags += [(339, 3, 1, short(1))]
        file += struct.pack(">H", len(tags)) + b"".join(struct.pack(">HHI", *tag[:3]) + tag[3] for tag in tags)
        last = page == pages - 1
        file += struct.pack(">I", 0 if last else depths_at + len(depths) + arrays + len(data))
        file += depths + (struct.pack(f">{count}I", *map(int, starts)) if arrays else b"")
        file += (struct.pack(f">{count}I", *map(len, strips)) if arrays else b"") + data
    return file


@pytest.mark.parametrize("pages", [1, 2])
@pytest.mark.parametrize("channels", [3, 4])
def test_a_16_bit_tiff_of_separate_planes_reads_as_its_8_bit_twin(channels, pages):
    """An uncompressed 16-bit colour TIFF whose colours lie in separate planes was read as noise (Pillow decodes
    each plane with an 8-bit raw mode): a 7 read as something else at a guess. Each plane is read whole now, the
    first page of two too (a 16-bit TIFF of two pages was read by its high bytes: 12-bit values a black page)."""
    grey = grey_seven(4095, 300)
    colour = [grey, grey, grey // 2]
    values = np.dstack(colour + [np.full(grey.shape, 65535)] * (channels == 4)).astype(np.uint16)
    twin = np.dstack([np.round(c * 255 / 4095) for c in colour]).astype(np.uint8)
    read = read_picture_data(tiff16(values, pages=pages))
    assert read.shape == (*grey.shape, channels)
    assert np.abs(read[..., :3] - twin / 255).max() < 0.002


def test_a_compressed_16_bit_tiff_of_separate_planes_is_refused_not_read_by_its_high_bytes():
    """Through libtiff, Pillow keeps a plane's high bytes only: a 12-bit scan's 4,096 shades were 16, and a 10-bit
    one's pale strokes vanished, without a word. It is refused, saying how to save it."""
    grey = grey_seven(1023, 900)
    with pytest.raises(PictureError, match=r"separate planes.*interleaved"):
        read_picture_data(tiff16(np.dstack([grey] * 3).astype(np.uint16), deflate=True))


def test_a_16_bit_grey_tiff_with_an_alpha_is_named_as_a_kind_pil_cannot_read_not_as_damaged():
    """GIMP's 16-bit grey picture with an alpha, saved as a TIFF, is whole, but Pillow has no mode for it: it was
    "a damaged TIFF picture". It is named (and, as a format Pillow cannot read, handed to Qt by the app)."""
    grey = grey_seven(4095, 300)
    data = tiff16(np.dstack([grey, np.full(grey.shape, 65535)]).astype(np.uint16), planar=False)
    with pytest.raises(UnknownFormat, match=r"^a TIFF of 16-bit grey with an alpha \(2 samples a pixel\), a kind"):
        read_picture_data(data)
    with pytest.raises(PictureError, match="damaged TIFF"):  # one cut inside its directory is damaged
        read_picture_data(data[:40])
