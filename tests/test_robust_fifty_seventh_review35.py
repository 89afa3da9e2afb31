"""The fifty-seventh round, review35: a fresh reading of light3's, a11y8's, marks5's and mutants12's merges.

light3's ``qt_refused`` judges the installed PySide6 against the pin ``qt_requirement`` reads from the project's
metadata; the pin was found only where it began with ``<`` or ``>``. ``packaging`` would say the same in fewer lines,
but the light install has none (pip keeps its own copy private; none of numpy, pillow, safetensors, tqdm or
PySide6-Essentials requires it), so the hand parser stays and is checked here against the pins pyproject could hold.
"""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPalette

from gui.state_heatmap import StateHeatmap
from gui.theme import contrast
from rowreader.checkpoint import load_pretrained
from rowreader.needs_torch import QT_PACKAGE, install_words, qt_refused, qt_requirement
from rowreader.output import shell_word
from rowreader.session import DigitSession


def _installed_with(tmp_path, monkeypatch, requirement: str) -> None:
    """The project's metadata, as setuptools writes it, first on the path, its Qt pin ``requirement``."""
    info = tmp_path / "rowreader-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rowreader\nVersion: 0.0.1\nRequires-Dist: numpy>=1.24\n"
        f"Requires-Dist: {requirement}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))


@pytest.mark.parametrize(
    "pin",
    [
        "PySide6-Essentials!=6.12.0,>=6.7",  # setuptools sorts the clauses: the natural pin for '6.12.0 aborts'
        "PySide6-Essentials==6.11.3",
        "pyside6_essentials<6.12,>=6.7",  # the name as pip matches it, any case, - or _
    ],
)
def test_a_qt_pin_not_starting_with_lt_or_gt_is_still_the_pin(tmp_path, monkeypatch, pin):
    """A pin of ``!=`` first, or ``==``, was not found: the app let 6.12.0 start, and the install it named was the bare
    package, which pip resolves to the newest, the Qt that aborts."""
    _installed_with(tmp_path, monkeypatch, pin)
    assert qt_requirement() == pin
    assert qt_refused("6.12.0") is not None
    assert f"pip install {shell_word(pin)}`" in install_words("the app", "PySide6")


def test_another_package_named_like_qt_is_not_taken_for_qts(tmp_path, monkeypatch):
    """Another package whose name begins like Qt's is not its pin; where nothing names Qt, the bare package. It held
    before the fix too: it pins that the name is matched whole, not as a prefix."""
    _installed_with(tmp_path, monkeypatch, "PySide6-Essentials-extra>=9")
    assert qt_requirement() == QT_PACKAGE
    assert qt_refused("6.12.0") is None


# a palette whose maps' fill, halfway between Base and Window, rounds to 8 bits away from the shade a11y8 measured
ROUNDED_AWAY = {
    "Base": "#6aa214",
    "Window": "#0d0597",
    "Text": "#a3e6c8",
    "WindowText": "#a0cc20",
    "Highlight": "#20a2e9",
}


def _ground_and_most_contrast(image: QImage, rect: QRectF) -> tuple[QColor, float]:
    """The commonest pixel of ``image`` in ``rect`` (the fill) and the largest contrast from it of any pixel there
    (the words' or the bars' own colour)."""
    r = rect.toAlignedRect() & image.rect()
    pixels = [image.pixel(x, y) for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom())]
    ground = QColor.fromRgb(max(set(pixels), key=pixels.count))
    return ground, max(contrast(QColor.fromRgb(p), ground) for p in set(pixels))


def _maps(qtbot, session: DigitSession) -> StateHeatmap:
    maps = shown(qtbot, StateHeatmap(session), (900, 220))
    palette = maps.palette()
    for role, colour in ROUNDED_AWAY.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    maps.setPalette(palette)
    return maps


def test_the_maps_note_and_bars_stand_out_from_their_fill_as_painted(qtbot) -> None:
    """a11y8 measured the maps' note (4.5:1) and the Δ belief strip's bars (3:1) against their fill unrounded, but
    the fill is painted in 8-bit channels: under this palette the note came to 4.47:1 and the bars to 2.98:1 as
    drawn (of 20,000 random palettes, 272 notes and 606 strips fell short so)."""
    empty = _maps(qtbot, DigitSession())
    _, hidden, _, _ = empty._layout()
    note = QRectF(hidden.center().x() - 60, hidden.center().y() - 6, 120, 12)  # the middle of its words
    assert _ground_and_most_contrast(empty.grab().toImage(), note)[1] >= 4.5

    session = DigitSession(load_pretrained())
    image = np.zeros((28, 28), np.float32)
    image[5:8, 8:20], image[8:24, 16:19] = 1.0, 1.0  # a 7
    session.set_image(image)
    session.seek(14)
    maps = _maps(qtbot, session)
    assert maps.change.max() > 0.1  # a bar a tenth of the strip wide or more
    strip = maps._layout()[0].adjusted(2, 2, -2, -2)  # inside its frame
    assert _ground_and_most_contrast(maps.grab().toImage(), strip)[1] >= 3.0
