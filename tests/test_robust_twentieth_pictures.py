"""The twentieth round of hostile testing, pictures: a JPEG far larger than the reader needs is decoded at a
fraction of its size, a 16-bit grey picture averaged and turned reads as its 8-bit twin, an example of two digits
side by side is not taught as one, and any picture of any mode and depth is read or refused in words."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader import cli
from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore
from rowreader.picture import read_picture_data
from rowreader.picture_errors import PictureError
from rowreader.picture_words import side_by_side
from rowreader.preprocess import _unit, normalise, prereduce
from rowreader.skipped_files import skipped_kinds

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
        saved.append(_unit(prereduce(read_picture_data(buffer.getvalue()))))  # as to_mnist reads it
    np.testing.assert_allclose(saved[1], saved[0], atol=0.002)


def test_an_example_of_two_digits_is_skipped_as_predict_notes_it(tmp_path, mnist_test, capsys):
    """A "37" kept in 3/ was taught as a 3 without a word, where `rowreader predict` says that two marks were read as
    one. It is skipped, in predict's words (and the dock counts it so); the 1 beside it is read."""
    images, labels = mnist_test
    three, seven = (255 - images[np.flatnonzero(labels == digit)[0]] for digit in (3, 7))
    for digit, name, picture in (
        (3, "37.png", np.hstack([three, np.full((28, 14), 255, np.uint8), seven])),
        (1, "one.png", 255 - images[2]),
    ):
        (tmp_path / str(digit)).mkdir()
        Image.fromarray(picture).save(tmp_path / str(digit) / name)
    found = load_examples(tmp_path)
    assert [example.path.name for example in found.examples] == ["one.png"]
    assert found.problems == [f"{tmp_path / '3' / '37.png'}: {side_by_side(2)}"]
    assert skipped_kinds(found.problems) == "1 picture of digits side by side"  # whole, not "damaged"
    assert cli.main(["predict", str(tmp_path / "3" / "37.png")]) == 0
    assert f"note: {side_by_side(2)}" in capsys.readouterr().out


def test_a_drawing_of_two_digits_is_not_kept_as_one(tmp_path, mnist_test):
    """The app kept a drawing of two digits side by side (written, then skipped at every reading); it is refused
    before anything is written."""
    images, labels = mnist_test
    pair = np.kron(255 - np.hstack([images[0], np.zeros((28, 14), np.uint8), images[1]]), np.ones((4, 4), np.uint8))
    store = ExampleStore(tmp_path / "examples")
    with pytest.raises(ValueError, match=r"2 marks side by side.*draw one digit; nothing was kept"):
        store.add(int(labels[0]), pair)
    assert not store.root.exists()


# Pillow's modes and the formats that save each (as Pillow writes them); 16-bit colour is the earlier rounds' own.
SAVED_AS = {
    "1": ("PNG", "TIFF", "BMP", "GIF"),
    "L": ("PNG", "TIFF", "JPEG", "WEBP", "BMP", "GIF", "PPM"),
    "LA": ("PNG", "TIFF"),
    "P": ("PNG", "TIFF", "BMP", "GIF"),
    "RGB": ("PNG", "TIFF", "JPEG", "WEBP", "BMP", "PPM"),
    "RGBA": ("PNG", "TIFF", "WEBP"),
    "CMYK": ("TIFF", "JPEG"),
    "I;16": ("PNG", "TIFF", "PPM"),
    "I": ("TIFF",),
    "F": ("TIFF",),
    "LAB": ("TIFF",),
}


@st.composite
def saved_pictures(draw: st.DrawFn) -> bytes:
    """A picture of any mode, size (up to 2,100 rows: averaged) and values, saved in a format that holds its mode,
    perhaps turned by EXIF, perhaps cut short."""
    mode = draw(st.sampled_from(sorted(SAVED_AS)))
    kind = draw(st.sampled_from(SAVED_AS[mode]))
    height = draw(st.sampled_from([1, 2, 3, 17, 2100]))
    width = draw(st.integers(1, 40))
    seed = draw(st.integers(0, 2**32 - 1))
    image = Image.frombytes(
        mode, (width, height), np.random.default_rng(seed).bytes(len(Image.new(mode, (width, 1)).tobytes()) * height)
    )
    if mode == "F":  # any float: NaN, infinity, ±3e38
        image = Image.fromarray(np.nan_to_num(np.asarray(image), nan=np.nan if seed % 2 else 0.5).astype(np.float32))
    exif = Image.Exif()
    exif[0x0112] = draw(st.integers(1, 8))
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **({"exif": exif} if kind in ("PNG", "TIFF", "JPEG", "WEBP") else {}))
    data = buffer.getvalue()
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(saved_pictures())
def test_any_picture_of_any_mode_and_depth_reads_or_is_refused_in_words(data):
    """Hypothesis over pictures of every mode Pillow saves, 1 to 2,100 rows, random values (NaN among the floats),
    turned by EXIF and cut anywhere: each is read (and normalised) or refused as a ``PictureError``, nothing else."""
    try:
        values = read_picture_data(data)
    except PictureError:
        return
    try:
        normalise(values)
    except ValueError as err:  # only a float picture's NaN and infinities, in words
        assert "NaN or infinite" in str(err)
