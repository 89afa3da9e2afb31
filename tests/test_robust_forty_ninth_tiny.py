"""The forty-ninth round of hostile testing, tiny: pictures with almost nothing in them (1 × 1, 2 × 1, 1 × N, a dot
in 3 × 3 and 28 × 28, a speck in a big picture, a faint smudge, a page all ink, a float TIFF of 0…0.001, a hairline)
through ``rowreader predict`` (text and ``--json``), the app's Open and paste, and the examples folder; each test is
checked to fail on the code before its fix."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from PIL import Image

from gui.image_io import PictureError, load_picture_file, normalise_picture
from rowreader.cli import main as cli_main
from rowreader.example_folder import load_example
from rowreader.one_digit import MIN_DIGIT_PIXELS


def _speck(shape: tuple[int, int], at: tuple[slice, slice]) -> np.ndarray:
    """A white picture of ``shape`` with black ink at ``at``."""
    grey = np.full(shape, 255, np.uint8)
    grey[at] = 0
    return grey


# Pictures whose ink spans fewer than MIN_DIGIT_PIXELS pixels: each was read as an 8 at 44.5 % (the 28 × 28 one was
# told to crop the picture to the digit).
SPECKS = {
    "2x1": np.array([[0, 255]], np.uint8),
    "1x2": np.array([[0], [255]], np.uint8),
    "2x2": _speck((2, 2), np.s_[:1, :1]),
    "3x3": _speck((3, 3), np.s_[1:2, 1:2]),
    "4x4": _speck((4, 4), np.s_[1:3, 1:3]),
    "9x9": _speck((9, 9), np.s_[3:6, 2:6]),
    "28x28": _speck((28, 28), np.s_[14:15, 14:15]),
    "1x50": _speck((1, 50), np.s_[:, 10:14]),
}


def _predict(capsys, path, *options: str) -> tuple[int, str]:
    status = cli_main(["predict", *options, str(path)])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("name", SPECKS)
def test_a_speck_of_a_few_pixels_is_no_digit_and_says_so(capsys, tmp_path, name) -> None:
    """A 2 × 1 picture of one black pixel (and a dot in a 2 × 2, 3 × 3, 4 × 4 or 9 × 9 picture) was read as an 8 at
    44.5 % by ``predict``, opened or pasted in the app and taken as an example; a pixel in a 28 × 28 picture was told
    to crop the picture to the digit, which no crop mends. Ink spanning under MIN_DIGIT_PIXELS pixels is too small,
    in words of its own, everywhere; ``--allow-small`` still reads it."""
    path = tmp_path / f"{name}.png"
    Image.fromarray(SPECKS[name]).save(path)
    words = f"too small to be a digit: its ink spans under {MIN_DIGIT_PIXELS} pixels"
    status, out = _predict(capsys, path, "--json")
    result = json.loads(out)[0]
    assert status == 0 and (result["prediction"], result["too_small"], result["empty"]) == (None, True, False)
    status, out = _predict(capsys, path)
    said = out.split("\n", 1)[1]  # the lines after the file's name
    assert status == 0 and words in said and "crop" not in said and "--allow-small reads it anyway" in said
    with pytest.raises(PictureError, match=words) as opened:
        load_picture_file(path)
    assert "crop" not in str(opened.value)
    with pytest.raises(PictureError, match=words):  # pasted: no file to count frames in
        normalise_picture(SPECKS[name], "pasted")
    with pytest.raises(ValueError, match=words):
        load_example(path, 8)
    status, out = _predict(capsys, path, "--json", "--allow-small")
    assert status == 0 and json.loads(out)[0]["prediction"] is not None


def test_a_small_digit_on_a_big_page_is_still_told_to_crop(capsys, tmp_path) -> None:
    """A mark of MIN_DIGIT_PIXELS or more on a page it spans under 4 % of is a digit a crop makes readable: it is
    still told so (only the speck's words are new)."""
    page = np.full((600, 600), 255, np.uint8)
    page[300:318, 300:303] = 0  # a 1, 18 px tall: 3 % of the page
    path = tmp_path / "page.png"
    Image.fromarray(page).save(path)
    status, out = _predict(capsys, path)
    assert status == 0 and "crop the picture to the digit" in out


def _faint_pictures(tmp_path) -> dict[str, object]:
    """A smudge one grey level off white, and a float TIFF of a 1 whose values lie in 0…0.001 (Pillow gives them
    as they are, mode F: read as 0…1, a black page whose 1 is a thousandth lighter)."""
    smudge = np.full((200, 200), 255, np.uint8)
    smudge[40:160, 95:105] = 254
    Image.fromarray(smudge).save(tmp_path / "smudge.png")
    faint = np.zeros((100, 100), np.float32)
    faint[20:80, 45:55] = 0.001
    Image.fromarray(faint, "F").save(tmp_path / "faint.tif")
    return {"smudge.png": "0.4 %", "faint.tif": "0.1 %"}


def test_a_faint_picture_says_its_marks_are_too_faint_not_that_it_is_empty(capsys, tmp_path) -> None:
    """A smudge one grey level off white, and a float TIFF whose 1 lies at 0.001 on 0, were "no ink found: the image
    is empty" in ``predict`` and "blank" in the app: something is there, fainter than a mark must stand out. Each
    says how far its shades lie apart and that this is too faint, in ``predict``, the app's Open and the examples
    folder (in the same words since words2); a page of one shade is still empty."""
    for name, spread in _faint_pictures(tmp_path).items():
        words = re.escape(f"its shades differ by {spread} at most, too faint to read (a mark stands out from the")
        status, out = _predict(capsys, tmp_path / name)
        assert status == 0 and re.search(f"no ink found: {words}", out), out
        with pytest.raises(PictureError, match=f"no ink found: {words}"):
            load_picture_file(tmp_path / name)
        with pytest.raises(ValueError, match=f"no ink found: {words}"):
            load_example(tmp_path / name, 1)
    Image.fromarray(np.full((50, 50), 255, np.uint8)).save(tmp_path / "blank.png")
    assert "no ink found: the picture is all one shade" in _predict(capsys, tmp_path / "blank.png")[1]


@pytest.mark.parametrize("side", [100, 500])
def test_a_dot_is_not_told_to_crop_the_picture_to_the_digit(capsys, tmp_path, side) -> None:
    """A round dot (a pen's press, a full stop) spanning a tenth of a picture was "too small to be a digit …: crop the
    picture to the digit": cropped so, the dot was read as a digit (a 0 at 93.3 % for the 500-px one's crop). A dot
    says it is a dot, no digit, and is not told to crop, in ``predict`` and the app's Open; ``--allow-small``
    still reads it."""
    ys, xs = np.indices((side, side))
    page = np.where(np.hypot(ys - side / 2, xs - side / 2) < side / 20, 0, 255).astype(np.uint8)
    path = tmp_path / "dot.png"
    Image.fromarray(page).save(path)
    status, out = _predict(capsys, path)
    said = out.split("\n", 1)[1]  # the lines after the file's name (its folder's is the test's, "…_crop0")
    assert status == 0 and "too small to be a digit: a dot" in said and "crop" not in said, out
    with pytest.raises(PictureError, match="too small to be a digit: a dot") as opened:
        load_picture_file(path)
    assert "crop" not in str(opened.value)
    assert json.loads(_predict(capsys, path, "--json", "--allow-small")[1])[0]["prediction"] is not None
