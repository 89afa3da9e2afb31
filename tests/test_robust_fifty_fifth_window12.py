"""The fifty-fifth round of hostile testing, window12: the app in a real window (Xvfb, openbox, xdotool), digits
drawn, models switched, examples kept and deleted, the teach dialog opened and the window sized to its least, each
state screenshot and looked at; each defect found is checked offscreen and checked to fail on the code before its
fix."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from belief_lines import peaked
from gui_window import shown, window_without_model
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleFactory, QToolTip

from gui.__main__ import build_parser, qt_words
from gui.timeline import BeliefTimeline, Comparison
from rowreader import example_folder
from rowreader.example_folder import load_example
from rowreader.example_store import ExampleStore
from rowreader.session import DigitSession


def _point(chart: BeliefTimeline, at: QPointF) -> None:
    """The pointer moved to ``at`` on ``chart``, no button held."""
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, at, at, none, none, Qt.KeyboardModifier.NoModifier))


def test_pointing_at_the_charts_title_says_the_title_alone(qtbot) -> None:
    """Pointed at, the chart's title line (shortened in the smallest chart, comparing) showed its whole in a
    tooltip and, beside it, the read-out box of the row under the pointer's x: two things said of one spot, and a row
    the pointer was above, not on. On the title, the tooltip alone; a step down, on the plot, the row's read-out."""
    name = "mine-2026-12-06-0155-a1b2c3d4e5"
    chart = shown(qtbot, BeliefTimeline(DigitSession()), BeliefTimeline.MINIMUM_SIZE)
    chart.probabilities = peaked({7: (9, 0.99, 0.0)})
    chart.decided_at = 9
    chart.set_comparison(Comparison(name, peaked({7: (12, 0.99, 0.0)}), 12))
    on_title = QPointF(chart.width() / 2, chart.fontMetrics().height() / 2)
    _point(chart, on_title)
    assert (chart.hover_row, chart.hover_readers, chart.readout()) == (None, [], "")
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, on_title.toPoint(), chart.mapToGlobal(QPoint(0, 0))))
    assert QToolTip.isVisible() and name in QToolTip.text()  # the title's own tooltip still shows
    QToolTip.hideText()
    on_plot = QPointF(on_title.x(), chart.plot_rect().center().y())
    _point(chart, on_plot)
    assert chart.hover_row == chart.row_at(on_plot.x()) and chart.readout().startswith("after row ")


def _one() -> np.ndarray:
    """A one-stroke 1 on the app's 280×280 canvas, dark ink on white."""
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[60:220, 130:150] = 0
    return drawing


def _zero() -> np.ndarray:
    """A ring, a 0, on the app's 280×280 canvas."""
    y, x = np.mgrid[:280, :280]
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[np.abs(np.hypot((y - 140) / 90, (x - 140) / 60) - 1) < 0.15] = 0
    return drawing


@pytest.mark.parametrize("then", ["move", "delete and undo"])
def test_an_example_written_over_in_place_then_moved_shows_its_new_picture(tmp_path, then: str) -> None:
    """A kept 1 written over in place with a 0 (an editor's save), then moved to the 0s (or deleted and brought back)
    in the seconds before the dock read the folder again: the moved example kept the 1's input, its thumbnail the old
    picture, and it was remembered under the new file's key, so that no later reading mended it (the teach's count
    of drawings read it as the 1 too). Its input is the picture's as it is now, then and at the next reading."""
    store = ExampleStore(tmp_path / "mine")
    kept = store.add(1, _one())
    store.load()
    zero = ExampleStore(tmp_path / "other").add(0, _zero())
    with open(kept.path, "r+b") as picture:  # in place: the same file, its bytes the 0's
        picture.write(zero.path.read_bytes())
        picture.truncate()
    now = store.relabel(kept, 0) if then == "move" else store.restore(store.remove(kept))
    fresh = load_example(now.path, now.label).image
    assert np.array_equal(fresh, zero.image) and not np.array_equal(fresh, kept.image)
    assert np.array_equal(now.image, fresh)
    (read,) = store.load().examples
    assert np.array_equal(read.image, fresh)


def test_an_example_written_over_with_a_blank_page_is_not_moved(tmp_path) -> None:
    """Written over in place with what no longer reads (a blank page), a move is refused, its files where they were:
    moved with the old input, the 1's, it would have been taught as the digit it was moved to."""
    store = ExampleStore(tmp_path / "mine")
    kept = store.add(1, _one())
    store.load()
    blank = ExampleStore(tmp_path / "other").add(1, _one()).path  # a PNG like it, then made blank
    with open(kept.path, "r+b") as picture:
        Image.new("L", (280, 280), 255).save(blank)
        picture.write(blank.read_bytes())
        picture.truncate()
    with pytest.raises(ValueError, match="nothing was moved"):
        store.relabel(kept, 7)
    assert kept.path.is_file() and not (tmp_path / "mine" / "7").exists()


def test_an_example_moved_unchanged_is_not_decoded_again(tmp_path, monkeypatch) -> None:
    """The input shown is kept where the files are as read (decoding on the window's thread took 20–50 ms a move)."""
    store = ExampleStore(tmp_path / "mine")
    kept = store.add(1, _one())
    store.load()
    decoded = []
    monkeypatch.setattr(example_folder, "input_of", lambda path: decoded.append(path) or kept.image)
    moved = store.relabel(kept, 7)
    assert decoded == [] and np.array_equal(moved.image, kept.image)


def _menu_open(qtbot, window) -> None:
    """The Models menu open, as a click on its title opens it."""
    menu = window.teaching.models_menu
    window.menuBar().setActiveAction(menu.menuAction())
    qtbot.waitUntil(menu.isVisible)
    assert QApplication.activePopupWidget() is menu


def test_the_windows_shortcuts_are_heard_while_a_menu_is_open(qtbot, tmp_path) -> None:
    """Qt gives an open menu the keys: with the Models menu open, Ctrl+T did nothing, nor Ctrl+M, which that menu
    shows beside Open model…, nor a greyed item's key that says why it is greyed. A key of the window's with Ctrl
    closes the menus and does what it does with them closed; the menu's own keys stay the menu's."""
    window = window_without_model(qtbot, tmp_path)
    menu, shown_before = window.teaching.models_menu, window.heatmap_dock.isVisible()
    _menu_open(qtbot, window)
    QTest.keyClick(menu, Qt.Key.Key_Down)  # the menu's own: it stays open
    QTest.keyClick(menu, Qt.Key.Key_Escape)  # closes the menu alone, the drawing not cleared by Clear's Esc
    assert not menu.isVisible()
    _menu_open(qtbot, window)
    QTest.keyClick(menu, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # View ▸ Inside the LSTM
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert QApplication.activePopupWidget() is None
    assert window.heatmap_dock.isVisible() != shown_before
    _menu_open(qtbot, window)
    said = []
    window.statusBar().messageChanged.connect(said.append)
    QTest.keyClick(menu, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # greyed Read in the other ink
    assert not menu.isVisible() and any("Not read in the other ink" in words for words in said), said


@pytest.mark.parametrize("words", [["-style", "Fusion"], ["-style=fusion"], ["--style", " FUSION"]])
def test_qts_own_style_option_is_taken_and_handed_to_qt(words: list[str]) -> None:
    """`python -m gui -style Fusion`, a Qt app's habit, was refused ("unrecognized arguments: -style Fusion"): Qt was
    given no word. Qt's -style is taken, checked, and handed to Qt as Qt names the style."""
    style = build_parser().parse_args(words).style
    assert qt_words(style) == [*sys.argv[:1], "-style", "Fusion"]
    assert qt_words(None) == sys.argv[:1]


def test_a_style_qt_has_not_is_refused_with_the_styles_there() -> None:
    """Qt warned of a style it has not on stderr and went on in the desktop's: refused, the styles there named."""
    there = QStyleFactory.keys()
    with pytest.raises(ValueError, match="no style 'Aqua' here: choose from ") as refused:
        qt_words("Aqua")
    assert all(style in str(refused.value) for style in there)
