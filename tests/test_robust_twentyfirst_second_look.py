"""The twenty-first round, a second look: what the round changed, attacked again (see docs/robustness.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from gui.app import APPLICATION, ORGANIZATION
from rowreader.example_store import ExampleStore
from rowreader.pen import CANVAS, draw_strokes
from rowreader.picture import read_picture
from rowreader.preprocess import normalise, to_mnist

REPO = Path(__file__).resolve().parents[1]
TEXT = "the reader reads a digit one row at a time and says what it believes after every row of pixels"


def _along(points: np.ndarray, step: float) -> np.ndarray:
    """Points every ``step`` px along the polyline ``points``."""
    length = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    at = np.arange(0, length[-1], step)
    return np.stack([np.interp(at, length, points[:, 0]), np.interp(at, length, points[:, 1])], 1)


def _seven() -> np.ndarray:
    """A 7's path on the canvas: its bar, then its stem."""
    c = CANVAS
    return np.array([[0.25 * c, 0.15 * c], [0.75 * c, 0.15 * c], [0.45 * c, 0.85 * c]])


def _zero() -> np.ndarray:
    """A 0's path on the canvas, an upright ellipse."""
    turn = np.linspace(0, 2 * np.pi, 400)
    return np.stack([CANVAS / 2 + 0.2 * CANVAS * np.sin(turn), CANVAS / 2 - 0.33 * CANVAS * np.cos(turn)], 1)


@pytest.mark.parametrize(("path", "pen", "pitch"), [(_seven, 4, 8), (_seven, 8, 24), (_zero, 6, 12), (_zero, 16, 32)])
def test_a_digit_drawn_in_dots_is_one_digit(tmp_path, path, pen, pitch):
    """A digit drawn in dots (a pen tapped along it), 12 to 45 of them, was "many small marks (a page of text? a
    screenshot?)": the window noted it, Ctrl+K refused to keep it and an examples folder skipped it. Text lies in
    lines, a digit's dots along its strokes: it is one digit, and kept."""
    dots = draw_strokes([point[None] for point in _along(path(), pitch)], pen)
    assert not normalise(dots, ink="dark").many_marks
    ExampleStore(tmp_path).add(7, dots)


def test_a_digit_drawn_in_dashes_is_one_digit():
    """A 7 and a 0 drawn in short dashes (8 px, 8 apart, a 4-px pen: 23 and 30 of them) were many small marks too."""
    for path in (_seven, _zero):
        points = _along(path(), 1)
        dashes = [points[start : start + 8] for start in range(0, len(points) - 1, 16)]
        assert not normalise(draw_strokes(dashes, 4), ink="dark").many_marks


def _pixel_art(digit: np.ndarray, square: int = 10, gap: int = 3) -> np.ndarray:
    """``digit`` (28×28, ink high) drawn in pixel art: a dark ``square`` for each inked pixel, ``gap`` px apart."""
    pitch = square + gap
    art = np.full((28 * pitch, 28 * pitch), 255, np.uint8)
    for y, x in zip(*np.nonzero(digit >= 128), strict=True):
        art[y * pitch : y * pitch + square, x * pitch : x * pitch + square] = 0
    return art


def test_a_digit_in_pixel_art_is_one_digit(tmp_path, mnist_test):
    """An MNIST digit drawn as pixel art, a square for each pixel, 3 px apart, was "many small marks (a page of
    text?)": all 10,000 test digits so. Its squares, all alike, close into one digit; a page of small text, whose
    letters are of many sizes, does not (2 and 3 lines of an 8-px font too)."""
    images, labels = mnist_test
    for digit in images[:20]:
        assert not normalise(_pixel_art(digit), ink="dark").many_marks
    ExampleStore(tmp_path).add(int(labels[0]), _pixel_art(images[0]))
    for lines in (2, 3):
        page = Image.new("L", (700, 40 + 12 * lines), 255)
        for line in range(lines):
            ImageDraw.Draw(page).text((10, 10 + 12 * line), TEXT, font=ImageFont.load_default(size=8), fill=0)
        assert normalise(np.asarray(page)).many_marks


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_a_tiff_file_turned_a_quarter_reads_as_its_png_twin(tmp_path, mnist_test, orientation):
    """An uncompressed TIFF not square, turned a quarter by its EXIF (5 to 8), opened by its name (predict, the
    window, an examples folder) was mapped from the file at its turned size, its sides swapped: read row by wrong row,
    noise 0.9 off its PNG twin. Read by name, and given as a PIL image twice, it reads as its twin."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    for side in (56, 2101):  # averaged or not
        picture = Image.fromarray(255 - mnist_test[0][3]).resize((side, side * 5 // 8))
        picture.save(tmp_path / "seven.png", exif=exif)
        picture.save(tmp_path / "seven.tif", exif=exif)
        twin = to_mnist(read_picture(tmp_path / "seven.png"))
        np.testing.assert_array_equal(to_mnist(read_picture(tmp_path / "seven.tif")), twin)
        with Image.open(tmp_path / "seven.tif") as opened:
            np.testing.assert_array_equal(to_mnist(opened), twin)
            np.testing.assert_array_equal(to_mnist(opened), twin)


# Makes the app's settings as the app does (its names, XDG_CONFIG_HOME as set), and prints why they cannot be saved.
MAKE_SETTINGS = textwrap.dedent(
    """
    from gui.app import create_app
    from gui.settings import app_settings, settings_trouble
    app = create_app()
    print(settings_trouble(app_settings()))
    """
)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes exist on POSIX systems only")
def test_a_named_pipe_for_settings_is_not_read(tmp_path):
    """A named pipe where the settings file goes was opened by Qt as the settings were made, and waited for a writer
    for ever: no window ever showed. It is not read, as an oversized file is not: the window starts clean and says
    why (in a process of its own, which hung)."""
    (tmp_path / ORGANIZATION).mkdir()
    pipe = tmp_path / ORGANIZATION / f"{APPLICATION}.conf"
    os.mkfifo(pipe)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", MAKE_SETTINGS], cwd=REPO, env=env, capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the settings were read from a named pipe, which waited for a writer for ever")
    said = (
        "RowReader.conf is a named pipe (FIFO), not a file: not read",
        f"{pipe} is a named pipe (FIFO), not a file: not read",
    )
    assert done.stdout.strip() == repr(said), done.stderr
    assert f"rowreader-gui: {pipe} is a named pipe (FIFO), not a file: not read" in done.stderr
