"""The forty-ninth round of hostile testing, inkapp: which ink a picture is read as in the app and the CLI. Pictures
whose ink the border misjudges (a 0 drawn past every edge, with no note), inverted scans, grey paper, low contrast,
half dark and half light, and alpha-only ink were opened, dropped and pasted in the window (pytest-qt offscreen, then
a real one under Xvfb) and given to ``rowreader predict``; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import (
    errors_said,
    first_example_opened,
    open_shipped_window,
    picture_read,
    png_of,
    read_in_the_other_ink,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (the fixture: what a screen reader is told)

from gui.canvas_content import Content
from gui.image_io import normalise_picture
from gui.main_window import MainWindow
from rowreader.cli import main as cli_main
from rowreader.preprocess import normalise
from rowreader.stated_ink import ink_words


def _ring() -> np.ndarray:
    """A 0 drawn past every edge of the page, saved by another program (no note): its dark ink is all of the
    border, so the border takes it for light ink on dark paper."""
    ys, xs = np.indices((280, 280))
    grey = np.full((280, 280), 255, np.uint8)
    grey[((ys - 140) / 150.0) ** 2 + ((xs - 140) / 110.0) ** 2 > 1] = 0
    return grey


def test_the_app_can_read_an_opened_picture_in_the_other_ink(qtbot, tmp_path) -> None:
    """A picture the border misjudged (a 0 inked past every edge, no note) was read as light ink on dark paper: its
    white oval read as the digit. ``rowreader predict --ink dark`` read it right, but the app had no way to say the
    ink: File ▸ Read in the other ink (Ctrl+I) now reads the picture shown again in the other ink, and again flips
    back; the status line says which ink it was read in and why, in the CLI's words."""
    path = tmp_path / "ring.png"
    path.write_bytes(png_of(_ring()))
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    other = window.actions_.other_ink
    assert not other.isEnabled()  # nothing opened: nothing to read again
    window.pictures.open_image(path)
    picture_read(qtbot, window, "ring.png")
    assert "ring.png: read as light ink on dark paper (told from its pixels; Ctrl+I reads" in window.status.shown
    assert other.isEnabled() and other.shortcut().toString() == "Ctrl+I"
    read_in_the_other_ink(qtbot, window, "ring.png")
    expected = normalise(_ring(), ink="dark").image
    np.testing.assert_allclose(window.canvas.content.base.image, expected, atol=1e-6)
    said = window.status.shown
    assert "read as dark ink on light paper (as asked; Ctrl+I reads it as light ink)" in said, said
    second = window.canvas.content
    read_in_the_other_ink(qtbot, window, "ring.png")  # and back
    np.testing.assert_allclose(window.canvas.content.base.image, normalise(_ring(), ink="light").image, atol=1e-6)
    window.canvas.undo()  # each reading is one undoable step
    assert window.canvas.content is second


def test_a_pasted_picture_can_be_read_in_the_other_ink_and_a_drawing_is_never_replaced(qtbot, tmp_path) -> None:
    """A pasted picture (its bytes, no file behind it) had no way to be read in the other ink either: it now has,
    from the bytes pasted. Once a stroke is drawn over it, or another picture shown, there is nothing to read
    again (the command is off), so the drawing is never replaced by a re-reading."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    mime = QMimeData()
    mime.setData("image/png", png_of(_ring()))
    assert window.pictures.accept_mime(mime, "pasted")
    picture_read(qtbot, window, "pasted image")
    other = window.actions_.other_ink
    assert other.isEnabled()
    read_in_the_other_ink(qtbot, window, "pasted image")
    np.testing.assert_allclose(window.canvas.content.base.image, normalise(_ring(), ink="dark").image, atol=1e-6)
    rect = window.canvas.document_rect()
    window.canvas.draw_stroke([(rect.left() + 20, rect.top() + 20), (rect.left() + 60, rect.top() + 60)])
    assert not other.isEnabled()
    drawn = window.canvas.content
    other.trigger()  # a shortcut pressed anyway: nothing happens to the drawing
    qtbot.wait(50)
    assert window.canvas.content is drawn and not window.tasks.busy


def test_a_new_picture_is_read_by_its_own_pixels_again(qtbot, tmp_path) -> None:
    """The ink asked for belongs to one picture: the next one opened is told from its own pixels (an inverted scan
    read after a dark-on-white one, both right), never read in an ink asked for another picture, unsaid."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    (tmp_path / "ring.png").write_bytes(png_of(_ring()))
    one = np.zeros((280, 280), np.uint8)
    one[30:250, 130:150] = 255  # an inverted scan of a 1: light ink on dark paper
    (tmp_path / "scan.png").write_bytes(png_of(one))
    window.pictures.open_image(tmp_path / "ring.png")
    picture_read(qtbot, window, "ring.png")
    read_in_the_other_ink(qtbot, window, "ring.png")
    window.pictures.open_image(tmp_path / "scan.png")
    picture_read(qtbot, window, "scan.png")
    np.testing.assert_allclose(window.canvas.content.base.image, normalise(one).image, atol=1e-6)
    assert "scan.png: read as light ink on dark paper (told from its pixels;" in window.status.shown


@settings(max_examples=30, deadline=None)
@given(ink=st.sampled_from(["auto", "dark", "light"]), seed=st.integers(0, 2**32 - 1))
def test_the_app_reads_in_the_ink_asked_as_the_cli_does(ink: str, seed: int) -> None:
    """The app's reading of a picture in an ink asked is the library's (and so ``rowreader predict --ink``'s) and
    says it in the same words: one ``ink_words`` for both, the app naming its key where the CLI names its flag."""
    rng = np.random.default_rng(seed)
    grey = rng.integers(0, 256, (40, 40), dtype=np.uint8)
    grey[5:35, 18:22] = rng.choice([0, 255])
    try:
        shown = normalise_picture(grey, "x.png", ink=ink)  # type: ignore[arg-type]
    except ValueError:  # no digit in that ink: the library finds none either
        assert normalise(grey, ink=ink).image is None  # type: ignore[arg-type]
        return
    result = normalise(grey, ink=ink)  # type: ignore[arg-type]
    np.testing.assert_array_equal(shown.image, result.image)
    assert shown.read_in == result.read_in
    source = "asked" if ink != "auto" else "pixels"
    assert shown.ink_from == source
    assert ink_words(result.read_in, source).startswith(ink_words(result.read_in, source, "Ctrl+I").split(" (")[0])


def test_the_cli_and_app_say_the_same_words(capsys, tmp_path) -> None:
    """``rowreader predict`` and the app say the ink in one set of words: the CLI's line unchanged, the app's the
    same with its key in place of ``--ink``."""
    path = tmp_path / "ring.png"
    path.write_bytes(png_of(_ring()))
    assert cli_main(["predict", str(path)]) == 0
    line = "read as light ink on dark paper (told from its pixels; --ink dark reads it as dark ink)"
    assert line in capsys.readouterr().out
    assert ink_words("light", "pixels") == line
    assert ink_words("light", "pixels", "Ctrl+I") == line.replace("--ink dark", "Ctrl+I")
    assert ink_words("dark", "asked") == "read as dark ink on light paper (as --ink asked)"
    assert (
        ink_words("dark", "asked", "Ctrl+I")
        == "read as dark ink on light paper (as asked; Ctrl+I reads it as light ink)"
    )


def _seven_on(paper: int, ink: int, noise: float, seed: int) -> np.ndarray:
    """A photo of a 7 in ink of shade ``ink`` on grey paper of ``paper``, with the camera's Gaussian noise."""
    shade = np.zeros((300, 300))
    shade[60:80, 60:240] = 1.0  # its bar
    for row in range(80, 250):  # its stem, slanting left as it falls
        column = 230 - (row - 80) * 100 // 170
        shade[row, column - 10 : column + 10] = 1.0
    noisy = paper + shade * (ink - paper) + np.random.default_rng(seed).normal(0.0, noise, shade.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


@settings(max_examples=20, deadline=None)
@given(light=st.booleans(), paper=st.integers(80, 125), noise=st.floats(6.0, 10.0), seed=st.integers(0, 2**32 - 1))
def test_a_photo_of_grey_paper_is_read_in_its_inks_colour(light: bool, paper: int, noise: float, seed: int) -> None:
    """A photo of grey paper in dim light (a shade of 110 in 255, below the middle) with a camera's noise (σ 8)
    and dark ink was read as light ink: the border's shade guessed light ink, and the noise's brightest specks,
    within the paper's own grain, were taken for its strokes (a page of specks read, the 7 lost; ``--ink dark``
    read it right); chalk on a grey board above the middle, the same the other way round. Where the guessed ink
    reaches less than twice the paper's grain and the other ink further, the other is now tried first: it is
    read in its ink's colour, as ``--ink`` with that colour reads it."""
    photo = _seven_on(255 - paper, 235, noise, seed) if light else _seven_on(paper, 20, noise, seed)
    result = normalise(photo)
    assert result.read_in == ("light" if light else "dark")
    np.testing.assert_array_equal(result.image, normalise(photo, ink=result.read_in).image)


def test_a_kept_example_opened_can_be_read_in_the_other_ink(qtbot, tmp_path, announced) -> None:  # noqa: F811
    """An example opened from My examples says its ink (its RowReader note's) and can be read in the other ink as
    an opened file can: its file is read again, the example and its folder left as they were. Its words are read
    as said (whole), with its name and true label since a11y4 (the bar, 1180 px wide, shortens their middle)."""
    from rowreader.example_store import ExampleStore

    user = tmp_path / "user"
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[30:250, 130:150] = 0  # a 1 in dark ink, as Keep writes it
    example = ExampleStore(user / "examples").add(1, drawing)
    before = example.path.read_bytes()
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760), user_dir=user)
    first_example_opened(qtbot, window, 1)
    said = announced[-1]
    assert "(true label 1): read as dark ink on light paper (the picture's RowReader note says so; Ctrl+I" in said
    read_in_the_other_ink(qtbot, window)
    np.testing.assert_allclose(window.canvas.content.base.image, normalise(drawing, ink="light").image, atol=1e-6)
    assert announced[-1].endswith("read as light ink on dark paper (as asked; Ctrl+I reads it as dark ink)")
    assert example.path.read_bytes() == before


def scan_opened(qtbot, tmp_path: Path, grey: np.ndarray) -> tuple[MainWindow, Path, list[str], Content]:
    """``grey`` saved as scan.png, opened in the window and read: the window, the file, the errors it will say and
    the picture shown; the start of each check of a file changed under the app."""
    path = tmp_path / "scan.png"
    path.write_bytes(png_of(grey))
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    errors = errors_said(window)
    window.pictures.open_image(path)
    picture_read(qtbot, window, "scan.png")
    shown = window.canvas.content
    return window, path, errors, shown


def test_a_file_changed_since_it_was_opened_is_not_read_in_the_other_ink(qtbot, tmp_path) -> None:
    """Ctrl+I read the file again from its name: a scan saved over the opened one (a scanner writing scan.png
    anew) was shown in the other ink under the old one's name, a picture the user never opened read as if it were
    the one shown. A file changed since it was opened is now refused with an error that says so and how to read it
    as it now is; the picture shown stays."""
    window, path, errors, shown = scan_opened(qtbot, tmp_path, _ring())
    one = np.full((280, 280), 255, np.uint8)
    one[30:250, 130:150] = 0
    path.write_bytes(png_of(one))  # a new scan saved over it, larger
    window.actions_.other_ink.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "scan.png changed since it was opened: open it again (Ctrl+O)" in errors[0], errors
    assert window.canvas.content is shown
