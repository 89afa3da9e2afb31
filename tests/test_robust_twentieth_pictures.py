"""The twentieth round of hostile testing, pictures: a JPEG far larger than the reader needs is decoded at a
fraction of its size, and a 16-bit grey picture averaged and turned reads as its 8-bit twin."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PIL import Image

from rowreader.picture import read_picture_data
from rowreader.preprocess import _prereduce, _unit

# Reads the picture named on its command line; prints the peak memory the reading added, in MB. VmHWM is this
# process's own (ru_maxrss is not: it keeps the parent's peak at the fork, pytest's hundreds of MB).
PEAK_OF_A_READING = textwrap.dedent(
    """
    import re, sys
    from rowreader.picture import read_picture
    def peak():
        with open("/proc/self/status") as status:
            return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1]) / 1024
    before = peak()
    read_picture(sys.argv[1])
    print(peak() - before)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/status is Linux's")
def test_a_jpeg_far_larger_than_read_is_decoded_at_a_fraction_of_its_size(tmp_path):
    """A JPEG is decoded whole by Pillow, four bytes a pixel for colour, to be averaged to 2,048 px at once: a
    progressive one of 11,585² took 960 MB. libjpeg decodes it at 1/2, 1/4 or 1/8 of its size where that divides
    the boxes it is averaged in (here 1/4: a 16-Mpx photo took 64 MB more than the reading's own, and 4 now)."""
    page = np.full((2048, 8192, 3), 240, np.uint8)
    page[300:1700, 3000:3200] = 20  # a 1
    Image.fromarray(page).save(tmp_path / "wide.jpg", quality=70)
    peak = subprocess.run(
        [sys.executable, "-c", PEAK_OF_A_READING, str(tmp_path / "wide.jpg")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert float(peak) < 24, peak


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_16_bit_grey_picture_averaged_and_turned_reads_as_its_8_bit_twin(orientation):
    """A 16-bit grey picture larger than the reader reads was turned by its EXIF and then averaged in boxes, an 8-bit
    one averaged and then turned: turned upside down (EXIF 3), the ragged last box of a picture of 2,101 rows lay
    at the other end, every row of boxes half a box from its 8-bit twin's (up to 0.67 apart of 1)."""
    eight = np.random.default_rng(orientation).integers(0, 256, (2101, 51), dtype=np.uint8)
    exif = Image.Exif()
    exif[0x0112] = orientation
    saved = []
    for values in (eight, eight.astype(np.uint16) * 257):
        buffer = io.BytesIO()
        Image.fromarray(values).save(buffer, format="PNG", exif=exif)
        saved.append(_unit(_prereduce(read_picture_data(buffer.getvalue()))))  # as to_mnist reads it
    np.testing.assert_allclose(saved[1], saved[0], atol=0.002)
