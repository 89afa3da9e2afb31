"""The fourteenth round, pictures: files read by `rowreader predict`, the examples folder and the app alike."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import png_header
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gui import image_io
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError
from rowreader.picture_words import ONE_SHADE, frame_count


def _digit_page(size: int = 60) -> np.ndarray:
    """A dark 1 on white paper."""
    page = np.full((size, size), 255, np.uint8)
    page[size // 6 : size - size // 6, size // 2 - 2 : size // 2 + 3] = 0
    return page


@pytest.mark.parametrize("hidden", [True, False])
def test_an_apng_is_read_by_its_animation_not_by_a_default_image_outside_it(tmp_path, hidden):
    """An APNG whose default image is not part of its animation (a still for viewers that cannot animate) had
    that image read as its first frame: a blank one made a 7 every browser shows "no ink in its first frame (of
    3)". The animation's first frame is read, and counted as the first; a default image that is the animation's
    first frame is read as before."""
    digit = Image.fromarray(_digit_page())
    blank = Image.new("L", digit.size, 255)
    path = tmp_path / "anim.png"
    if hidden:
        blank.save(path, save_all=True, default_image=True, append_images=[digit, blank])
    else:
        digit.save(path, save_all=True, append_images=[blank, blank])
    assert frame_count(path) == (2 if hidden else 3)
    np.testing.assert_array_equal(read_picture(path), np.asarray(digit))
    np.testing.assert_array_equal(image_io.read_any_picture(path), np.asarray(digit))


def test_an_apng_whose_animation_is_cut_off_says_so(tmp_path):
    """The animation's frames come after the default image: a file cut off there is damaged, not a blank page."""
    digit = Image.fromarray(_digit_page())
    path = tmp_path / "anim.png"
    Image.new("L", digit.size, 255).save(path, save_all=True, default_image=True, append_images=[digit, digit])
    data = path.read_bytes()
    cut = Path(tmp_path / "cut.png")
    cut.write_bytes(data[: data.index(b"fdAT") + 20])
    with pytest.raises(ValueError, match="the file ends before the picture does"):
        read_picture(cut)


@pytest.mark.parametrize("name", ["anim.gif", "scan.tiff", "anim.png"])
def test_the_app_says_a_blank_first_frame_is_the_only_one_read_as_the_cli_does(tmp_path, name):
    """An animation or a two-page scan whose first frame is blank was "no digit found (the picture is blank or has
    no contrast)" in the app, opened or pasted, where `rowreader predict` says the later frames were not read."""
    digit = Image.fromarray(_digit_page())
    path = tmp_path / name
    Image.new("L", digit.size, 255).save(path, save_all=True, append_images=[digit])
    said = (
        "no ink in its first frame (of 2): the picture is all one shade, nothing is drawn on it; "
        "only a picture's first frame is read"
    )  # as predict says it
    with pytest.raises(PictureError, match=rf"^{name}: {re.escape(said)}$"):
        image_io.load_picture_file(path)
    data = path.read_bytes()
    with pytest.raises(PictureError, match=re.escape(f"pasted image: {said}")):
        image_io.normalise_picture(
            image_io.read_any_picture_data(data, "pasted image"), "pasted image", io.BytesIO(data)
        )
    blank = tmp_path / "blank.png"
    Image.new("L", digit.size, 255).save(blank)
    # a page of one shade says so, as predict says it (the fiftieth round: it was image_io.BLANK's "blank or has no
    # contrast")
    with pytest.raises(PictureError, match=re.escape(f"blank.png: no ink found: {ONE_SHADE}")):
        image_io.load_picture_file(blank)


SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn in Inkscape -->\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="white"/>'
    '<path d="M20 20 H80 L40 90" stroke="black" stroke-width="8" fill="none"/></svg>\n'
)


def test_an_svg_is_named_as_one_by_the_cli_and_read_by_the_app(tmp_path, capsys):
    """`rowreader predict seven.svg` said "not an image PIL can read", though the app opens the same file: it says
    what the file is and what to do, piped in too; the app reads it as a 7."""
    from rowreader.cli import main

    path = tmp_path / "seven.svg"
    path.write_text(SVG)
    assert main(["predict", str(path)]) == 1
    said = "an SVG drawing (vector graphics), which PIL cannot read: save it as a PNG first (the app opens SVG)"
    assert capsys.readouterr().err == f"rowreader: error: {path}: {said}\n"
    with pytest.raises(ValueError, match=re.escape(said)):
        read_picture_data(SVG.encode())
    picture = image_io.load_picture_file(path)
    assert picture.image.shape == (28, 28) and picture.image.max() > 0.5


CUT_OFF = "cannot read the image (the file ends before the picture does: cut off, as by a download or a copy that"


def _encoded(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(_digit_page()).convert("RGB" if kind == "JPEG" else "L").save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_a_picture_cut_off_says_so_in_words_in_the_cli_and_the_app(tmp_path, capsys, kind):
    """A JPEG cut off by a failed download was "cannot read the image (image file is truncated (0 bytes not
    processed))", Pillow's words, and a WebP "cannot read the image (could not create decoder object)"; the app
    said the same. Each says what happened, in both: a WebP's header gives its length, and one cut short, read whole
    as Pillow opens it, was still "a damaged WebP picture"."""
    from rowreader.cli import main

    data = _encoded(kind)
    path = tmp_path / f"cut.{kind.lower()}"
    path.write_bytes(data[: len(data) * 2 // 3])
    assert main(["predict", str(path)]) == 1
    assert CUT_OFF in capsys.readouterr().err
    with pytest.raises(PictureError, match=re.escape(f"cut.{kind.lower()}: {CUT_OFF}")):
        image_io.load_picture_file(path)


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["PNG", "JPEG", "GIF", "WEBP"]), share=st.floats(0.0, 0.999))
def test_any_cut_of_a_picture_is_read_whole_or_refused_in_words(kind, share):
    """Wherever a picture is cut, it is refused with a PictureError whose words are ours, not Pillow's jargon (a
    JPEG whose end marker alone is lost is still read, as every viewer reads it)."""
    data = _encoded(kind)
    cut = data[: int(len(data) * share)]
    try:
        read_picture_data(cut)
    except PictureError as err:
        assert "truncated" not in str(err) and "decoder object" not in str(err)


def test_too_large_tells_a_picture_refused_for_its_size_from_a_damaged_one(tmp_path):
    """The examples dock counted a 900-megapixel picture among "damaged file(s)"; it can tell them apart from the
    header alone (over MAX_PIXELS, over MAX_ROWS, or over Pillow's own bomb limit)."""
    sizes = {"900mp.png": (30_000, 30_000), "tall.png": (1, 2**17 + 1), "huge.png": (100_000, 100_000)}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(png_header(*size))
        assert too_large(tmp_path / name), name
        with pytest.raises(PictureError, match="this program reads"):
            read_picture(tmp_path / name)
    (tmp_path / "fine.png").write_bytes(png_header(11_000, 11_000))
    (tmp_path / "text.png").write_text("not a picture")
    for name in ("fine.png", "text.png", "gone.png"):
        assert not too_large(tmp_path / name), name
