"""The fourteenth round, pictures: files read by `rowreader predict`, the examples folder and the app alike."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gui import image_io
from rowreader.picture import frame_count, read_picture


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
    np.testing.assert_array_equal(image_io.read_picture(path), np.asarray(digit))


def test_an_apng_whose_animation_is_cut_off_says_so(tmp_path):
    """The animation's frames come after the default image: a file cut off there is damaged, not a blank page."""
    digit = Image.fromarray(_digit_page())
    path = tmp_path / "anim.png"
    Image.new("L", digit.size, 255).save(path, save_all=True, default_image=True, append_images=[digit, digit])
    data = path.read_bytes()
    cut = Path(tmp_path / "cut.png")
    cut.write_bytes(data[: data.index(b"fdAT") + 20])
    with pytest.raises(ValueError, match="truncated"):
        read_picture(cut)


@pytest.mark.parametrize("name", ["anim.gif", "scan.tiff", "anim.png"])
def test_the_app_says_a_blank_first_frame_is_the_only_one_read_as_the_cli_does(tmp_path, name):
    """An animation or a two-page scan whose first frame is blank was "no digit found (the picture is blank or has
    no contrast)" in the app, opened or pasted, where `rowreader predict` says the later frames were not read."""
    digit = Image.fromarray(_digit_page())
    path = tmp_path / name
    Image.new("L", digit.size, 255).save(path, save_all=True, append_images=[digit])
    said = "no ink in its first frame (of 2; only the first frame of a picture is read)"
    with pytest.raises(image_io.PictureError, match=rf"^{name}: {re.escape(said)}$"):
        image_io.load_picture_file(path)
    data = path.read_bytes()
    with pytest.raises(image_io.PictureError, match=re.escape(f"pasted image: {said}")):
        image_io.normalise_picture(image_io.read_picture_data(data, "pasted image"), "pasted image", io.BytesIO(data))
    blank = tmp_path / "blank.png"
    Image.new("L", digit.size, 255).save(blank)
    with pytest.raises(image_io.PictureError, match=re.escape(f"blank.png: {image_io.BLANK}")):
        image_io.load_picture_file(blank)
