"""The thirty-seventh round of hostile testing, access: the app as a keyboard-only user, a screen-reader user, a user
who sees few colours or none and one who needs large text would try it, in a real window (Xvfb, openbox, xdotool,
screenshots looked at) and offscreen (the QAccessible tree, Tab chains, palettes' contrast, 1.5× and 2× fonts);
each defect found is checked offscreen and checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gui_window import exposed, open_shipped_window, shown, window_without_model
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QProgressBar, QScrollArea, QWidget

from gui.main_window import MainWindow
from gui.teach import TeachDialog
from gui.text_box import TextBox
from gui.theme import MIN_TEXT_CONTRAST, apply_color_scheme, contrast, legible_palette


def _pixels(widget: QWidget) -> np.ndarray:
    """The widget as drawn, an (h, w, 3) array of RGB."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, : image.width(), 2::-1].astype(int)


def _near(pixels: np.ndarray, color: QColor, within: int = 12) -> int:
    """How many pixels are within ``within`` (summed over the channels) of ``color``."""
    wanted = np.array([color.red(), color.green(), color.blue()])
    return int((np.abs(pixels - wanted).sum(axis=-1) <= within).sum())


def test_tab_frames_the_canvas_when_it_is_the_only_stop(qtbot, tmp_path: Path) -> None:
    """At a first start (My examples hidden, nothing else takes Tab) Tab left the keys on the canvas without a focus
    event, and so without the frame a Tab brings: pressed to see where the keys were, it showed nothing. Framed now,
    as when Tab comes back to it from the dock. (Inside the LSTM's float button is a Tab stop since the fiftieth
    round: the view hidden, by Ctrl+L, the canvas is the only stop again.)"""
    window = window_without_model(qtbot, tmp_path)
    window.heatmap_dock.hide()
    window.activateWindow()
    canvas = window.canvas
    canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    highlight = canvas.palette().color(QPalette.ColorRole.Highlight)
    assert _near(_pixels(canvas), highlight) < 50  # not framed before the Tab
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        QTest.keyClick(canvas, key)
        assert canvas.hasFocus()  # the only stop: the keys stay
        assert _near(_pixels(canvas), highlight) > 3 * canvas.document_rect().width()  # its four sides, save corners


def test_tab_into_an_examples_row_selects_its_thumbnail(qtbot, tmp_path: Path, mnist_examples: Path) -> None:
    """Tab from the canvas into My examples marked the row's first thumbnail as current (a faint line; a screen
    reader named it) but selected none, and Enter, Delete and Menu act on the selected one: each did nothing until
    an arrow was pressed. The thumbnail reached by Tab is selected, the row passed by Tab before it no longer."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path))
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.view.items()) == 20, timeout=20_000)
    window.teaching.dock.show()
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    QTest.keyClick(window.canvas, Qt.Key.Key_Tab)  # to Inside the LSTM's float button, a stop since the fiftieth round
    assert QApplication.focusWidget() is window.heatmap_dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    zeros = QApplication.focusWidget()
    assert zeros.accessibleName() == "Examples of 0"
    assert [item.data(Qt.ItemDataRole.UserRole).label for item in zeros.selectedItems()] == [0]
    with qtbot.waitSignal(panel.view.open_requested, timeout=5_000) as opened:
        QTest.keyClick(zeros, Qt.Key.Key_Return)
    assert opened.args[0].path == zeros.item(0).data(Qt.ItemDataRole.UserRole).path
    zeros.setFocus()
    QTest.keyClick(zeros, Qt.Key.Key_Tab)
    ones = QApplication.focusWidget()
    assert ones.accessibleName() == "Examples of 1"
    assert len(ones.selectedItems()) == 1 and not zeros.selectedItems()  # one example selected, as Up/Down leave it


def _bar_text_contrast(palette: QPalette, qtbot) -> float:
    """The contrast of a full progress bar's text ("step 40 of 40") with the bar under it, as drawn."""
    bar = QProgressBar()
    bar.setPalette(palette)
    bar.setFormat("step %v of %m")
    bar.setRange(0, 40)
    bar.setValue(40)
    shown(qtbot, bar, (400, 24))
    middle = _pixels(bar)[4:-4, 150:250].reshape(-1, 3)
    colours, counts = np.unique(middle, axis=0, return_counts=True)
    under = colours[counts.argmax()]
    text = middle[np.abs(middle - under).sum(axis=1).argmax()]
    return contrast(QColor(*map(int, under)), QColor(*map(int, text)))


def test_text_on_the_selection_colour_stands_out_for_reading(qtbot) -> None:
    """Fusion's light palette writes white on #308cc6, 3.7:1, under WCAG's 4.5:1 for text: the Keep dialog's chosen
    digit, a menu's item under the keys and the teach dialog's "step 35 of 40" (3.5:1 on the bar's lighter blue).
    The app's selection colour is moved in lightness until its text stands out 4.5:1 as drawn; the dark scheme's,
    7.6:1, is left as it is."""
    app = QApplication.instance()
    fusion_light = app.style().standardPalette()
    assert _bar_text_contrast(fusion_light, qtbot) < MIN_TEXT_CONTRAST  # as it was
    legible = legible_palette(fusion_light)
    assert legible is not None
    assert _bar_text_contrast(legible, qtbot) >= MIN_TEXT_CONTRAST
    hues = (palette.color(QPalette.ColorRole.Highlight).hue() for palette in (legible, fusion_light))
    assert abs(next(hues) - next(hues)) <= 2  # the same blue, darker (8-bit channels move its hue a little)
    assert legible_palette(legible) is None  # a palette that passes is left alone
    before = QPalette(app.palette())
    try:
        apply_color_scheme(app, "system")  # what the window is given, whatever the scheme
        applied = app.palette()
        highlight = applied.color(QPalette.ColorRole.Highlight)
        assert contrast(highlight, applied.color(QPalette.ColorRole.HighlightedText)) >= MIN_TEXT_CONTRAST
    finally:
        app.setPalette(before)


@pytest.mark.parametrize("where", ["shortcuts", "teach warnings"])
def test_a_text_area_reached_by_tab_is_framed(qtbot, tmp_path: Path, where: str) -> None:
    """Tab from the Close button of the Keyboard shortcuts box (and About) went to the text's scroll area, drawn
    without a frame: the keys (the arrows scroll it) were on nothing seen; so were they in the teach dialog's warnings.
    The area is framed in the highlight colour while it has them, drawn over its edge: nothing is laid out anew (a
    border 2 px wide made the finished teach dialog with a warning 604 px wide on a 683-px screen, past 560)."""
    window = window_without_model(qtbot, tmp_path)
    if where == "shortcuts":
        window.actions_.show_shortcuts()
        box = window.findChild(TextBox)
        exposed(qtbot, box)
        box.activateWindow()
        qtbot.waitUntil(box.close_button.hasFocus)
        QTest.keyClick(box.close_button, Qt.Key.Key_Tab)
    else:
        box = TeachDialog(window)
        box.warnings.setText("⚠ 3/scan.png could not be read: not a picture\n⚠ only one drawing of 7")
        box.warnings_area.show()
        shown(qtbot, box)
        box.warnings_area.setFocus(Qt.FocusReason.TabFocusReason)
    area = box.findChild(QScrollArea)
    qtbot.waitUntil(area.hasFocus)
    highlight = area.palette().color(QPalette.ColorRole.Highlight)
    assert _near(_pixels(area), highlight) > 2 * area.width()
    assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible()
    area.clearFocus()
    qtbot.waitUntil(lambda: not area.hasFocus())
    assert _near(_pixels(area), highlight) < area.width()  # the frame goes with the keys


def test_a_screen_reader_hears_the_chart_before_any_digit_is_decided(qtbot, tmp_path: Path) -> None:
    """The chart told a screen reader its title line alone, and the line is blank until a digit keeps 60 %: with
    rows 1–8 of a drawn 7 read (and on every unsure reading, and with nothing drawn) it said nothing at all, the
    empty chart and a chart of eight rows alike. It says what the plot shows now, as the rows come."""
    window = open_shipped_window(qtbot, tmp_path)
    chart = QAccessible.queryAccessibleInterface(window.timeline)

    def said() -> str:
        return chart.text(QAccessible.Text.Description)

    assert said() == "the belief after each row appears here"
    window.canvas.draw_stroke([(60.0, 50.0), (220.0, 50.0), (120.0, 250.0)])  # a 7, decided at row 9
    qtbot.waitUntil(lambda: said() == "7: decided at row 9")
    window.actions_.first.trigger()  # Home: before the first row
    assert said() == "no rows read yet"
    for row in range(1, 9):
        window.actions_.forward.trigger()
        assert said() == f"no digit decided after row {row}/28"
    window.actions_.forward.trigger()
    assert said() == "7: sure since row 9"


def test_a_screen_reader_on_the_canvas_hears_the_ways_in_without_a_mouse(qtbot, tmp_path: Path) -> None:
    """With the keys on the canvas a screen reader read its tooltip, the mouse's and the pen's ways alone ("Draw a
    digit with the mouse or a pen …"), to someone who cannot draw. It names the keys that bring a digit in and read
    it, each one a shortcut the window has."""
    window = window_without_model(qtbot, tmp_path)
    said = QAccessible.queryAccessibleInterface(window.canvas).text(QAccessible.Text.Description)
    shortcuts = {key.toString() for act in window.actions_.all for key in act.shortcuts()}
    for key in ("Ctrl+O", "Ctrl+V", "Ctrl+R", "Space"):
        assert key in said and key in shortcuts, (key, said)
