"""The fifty-first round of hostile testing, hypo5: properties hunted with Hypothesis over one picture file read
every way a user can read it: ``rowreader predict``, the app's File ▸ Open (``load_picture_file``), an examples
folder (``load_examples``) and the library's ``to_mnist`` of the picture opened with Pillow. Small pictures made
with Pillow (blank, one shade, faint, grainy, ruled, a drawn stroke, an MNIST test digit; PNG, JPEG, TIFF, GIF,
WebP; grey, colour, alpha, palette, 16-bit, one bit, several frames; a drawing saved by the app) must be read alike,
and alike twice; each test of a defect is checked to fail on the code before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.example_folder import load_examples
from rowreader.example_store import png_bytes
from rowreader.preprocess import to_mnist

KINDS = ["mnist", "blank", "shade", "faint", "grainy", "ruled", "stroke", "drawing"]
FORMATS = ["PNG", "JPEG", "TIFF", "GIF", "WEBP"]
MODES = ["L", "RGB", "RGBA", "LA", "P", "I;16", "1", "alpha ink", "keyed", "light ink"]


def _page(kind: str, height: int, width: int, seed: int, digits: np.ndarray | None = None) -> np.ndarray:
    """A grey page (uint8) of ``kind``: white paper, with or without something on it (``digits``: MNIST's)."""
    rng = np.random.default_rng(seed)
    page = np.full((height, width), 255, np.uint8)
    if kind == "mnist" and digits is not None:  # dark on white
        return np.asarray(Image.fromarray(255 - digits[seed]).resize((width, height), Image.Resampling.BILINEAR))
    if kind == "shade":
        page[:] = rng.integers(0, 256)
    elif kind == "faint":
        page[height // 3 : 2 * height // 3, width // 3 : 2 * width // 3] = 250
    elif kind == "grainy":
        page = np.clip(220 + rng.normal(0, 8, (height, width)), 0, 255).astype(np.uint8)
    elif kind == "ruled":
        page[5 : height - 2 : max(height // 6, 4), 2 : width - 2] = 0
    elif kind == "stroke":  # a 7 of two strokes
        page[height // 5 : height - height // 5, width // 2 - 1 : width // 2 + 2] = 0
        page[height // 5 : height // 5 + 2, width // 3 : width // 2 + 2] = 0
    elif kind == "drawing":  # a 0 drawn with the widest pen round past every edge, as the app saves it
        rows, cols = np.mgrid[:height, :width]
        page[np.hypot((rows - height / 2) / height, (cols - width / 2) / width) > 0.3] = 0
    return page


def _save(page: np.ndarray, kind: str, fmt: str, mode: str, frames: int, path: Path) -> bool:
    """``page`` saved at ``path`` as ``fmt`` in ``mode`` (``frames`` > 1: a black frame after it); False where
    Pillow cannot save that."""
    if kind == "drawing":  # the app's own PNG, its ink said in it
        path.write_bytes(png_bytes(page, "dark"))
        return True
    image = Image.fromarray(page, "L")
    if mode == "alpha ink":  # black everywhere, the digit in the alpha
        image = Image.merge("RGBA", [Image.new("L", image.size, 0)] * 3 + [Image.fromarray(255 - page)])
    elif mode == "keyed":  # a palette picture, its paper's colour transparent
        image = image.convert("P")
        image.info["transparency"] = int(np.asarray(image)[0, 0])
    elif mode == "light ink":
        image = Image.fromarray(255 - page, "L")
    elif mode == "I;16":
        image = Image.fromarray(page.astype(np.uint16) * 257)
    elif mode != "L":
        image = image.convert(mode)
    wanted = {"JPEG": ("L", "RGB"), "GIF": ("L", "P", "1"), "WEBP": ("RGB", "RGBA")}.get(fmt)
    if wanted and image.mode not in wanted:
        image = image.convert(wanted[-1] if "A" in image.mode or fmt != "WEBP" else "RGB")
    try:
        if frames > 1 and fmt != "JPEG":  # a JPEG holds one frame
            image.save(path, fmt, save_all=True, append_images=[Image.new(image.mode, image.size)])
        else:
            image.save(path, fmt)
    except (OSError, ValueError):  # a mode the format cannot hold
        return False
    return True


def _said(path: Path, capsys) -> list[str]:
    """What ``rowreader predict`` prints of ``path``."""
    main(["predict", str(path)])
    return capsys.readouterr().out.splitlines()


# capsys is read out after each command, and each example has its own folder
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(KINDS),
    fmt=st.sampled_from(FORMATS),
    mode=st.sampled_from(MODES),
    frames=st.integers(1, 2),
    height=st.integers(8, 60),
    width=st.integers(8, 60),
    seed=st.integers(0, 19),
)
@example(kind="drawing", fmt="PNG", mode="L", frames=1, height=90, width=90, seed=0)
@example(kind="mnist", fmt="GIF", mode="keyed", frames=2, height=60, width=40, seed=3)
@example(kind="grainy", fmt="TIFF", mode="I;16", frames=2, height=40, width=40, seed=0)
@example(kind="ruled", fmt="WEBP", mode="RGBA", frames=1, height=80, width=80, seed=0)
def test_a_picture_is_read_alike_by_predict_the_app_an_examples_folder_and_to_mnist(
    kind, fmt, mode, frames, height, width, seed, tmp_path_factory, capsys, mnist_test
):
    """One picture file, read by ``rowreader predict``, the app's Open, an examples folder and ``to_mnist`` of it
    opened with Pillow, is one reading: the same 28×28 input (so the same top class), or the same reason it is not
    read, and the same again a second time. A drawing the app saved with its 0 inked round every edge was read as
    drawn by the first three (its PNG says its ink), and ``to_mnist(Image.open(path))`` read its paper as the
    digit, every pixel of the input 1.0 off: ``to_mnist`` of a PIL image now takes the ink its file says, as
    reading the file does."""
    folder = tmp_path_factory.mktemp("examples")
    path = folder / "3" / f"picture.{fmt.lower()}"
    path.parent.mkdir()
    if not _save(_page(kind, height, width, seed, mnist_test[0]), kind, fmt, mode, frames, path):
        return
    main(["predict", "--json", str(path)])
    (result,) = json.loads(capsys.readouterr().out)
    lines = _said(path, capsys)
    assert _said(path, capsys) == lines  # read twice, read alike
    said = lines[-1].strip()  # why it was not read, where it was not
    examples = load_examples(folder)
    with Image.open(path) as opened:
        library = to_mnist(opened)
    try:
        opened_in_app = load_picture_file(path)
    except PictureError as err:
        assert result["prediction"] is None, err
        if not result["too_small"]:  # predict adds how to read it anyway (--allow-small)
            assert str(err) == f"{path.name}: {said}"
        assert library is None and len(examples) == 0
        assert str(examples.problems[0]).endswith(said.split("; not read, --allow-small")[0]), examples.problems
        return
    assert result["prediction"] is not None, said
    assert library is not None and np.array_equal(library, opened_in_app.image)
    assert np.array_equal(examples.arrays()[0][0], opened_in_app.image) if opened_in_app.note is None else True


@pytest.mark.parametrize("keep_open", [True, False])
def test_to_mnist_of_a_saved_drawing_reads_it_in_the_ink_its_file_says(keep_open, tmp_path, capsys):
    """``to_mnist(Image.open("digit.png"))`` of a drawing saved by the app, its 0 inked round every edge, took the
    paper for light ink and read it as the digit (each of the input's pixels 1.0 off what ``predict`` reads), though
    its docstring says a PIL image is read as a file is. It takes the ink the file says now; a copy of the image,
    which holds no note, is read by its pixels as before."""
    path = tmp_path / "digit.png"
    path.write_bytes(png_bytes(_page("drawing", 90, 90, 0), "dark"))
    read = load_picture_file(path).image
    with Image.open(path) as opened:
        library = to_mnist(opened if keep_open else opened.copy())
    assert np.array_equal(library, read) == keep_open


# a seeded sample of the pictures above, each opened in a real window (offscreen) as File ▸ Open does
OPENED = [
    ("drawing", "PNG", "L", 1, 90, 90, 0),
    ("mnist", "GIF", "keyed", 2, 60, 40, 3),
    ("mnist", "WEBP", "alpha ink", 1, 50, 50, 7),
    ("mnist", "TIFF", "I;16", 1, 40, 56, 11),
    ("grainy", "TIFF", "I;16", 2, 40, 40, 0),
    ("ruled", "PNG", "RGBA", 1, 80, 80, 0),
    ("faint", "JPEG", "L", 1, 60, 60, 0),
    ("stroke", "PNG", "light ink", 1, 8, 8, 0),
]


def _error_shown(window) -> bool:
    """Whether the window's error box is up."""
    return window.error_dialog is not None and window.error_dialog.isVisible()


def test_the_windows_open_reads_as_predict_does(qtbot, tmp_path, capsys, mnist_test):
    """File ▸ Open in the window (its worker, its canvas and session) gives ``rowreader predict``'s top class, or
    the same reason it reads nothing, in its error box and status bar, for each picture of a seeded sample."""
    from PySide6.QtCore import QSettings
    from test_gui_window import close_error, open_window

    from rowreader.checkpoint import pretrained_path

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, settings, pretrained_path())
    read = []
    for number, (kind, fmt, mode, frames, height, width, seed) in enumerate(OPENED):
        path = tmp_path / f"picture{number}.{fmt.lower()}"
        assert _save(_page(kind, height, width, seed, mnist_test[0]), kind, fmt, mode, frames, path)
        main(["predict", "--json", str(path)])
        (result,) = json.loads(capsys.readouterr().out)
        said = _said(path, capsys)[-1].strip()
        window.pictures.open_image(path)
        name = path.name
        qtbot.waitUntil(lambda: window.session.source == name or _error_shown(window), timeout=5_000)  # noqa: B023
        if result["prediction"] is None:
            title, message = close_error(window)
            assert message == f"{path.name}: {said}", (title, message)
            assert said in window.statusBar().currentMessage() + (window.statusBar().toolTip() or "")
        else:
            assert int(np.argmax(window.session.probabilities[-1])) == result["prediction"], kind
        read.append(result["prediction"])
    assert read.count(None) == 3, read  # both sides of the property met
