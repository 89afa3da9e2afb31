"""The fifty-fourth round of hostile testing, window11: the app in a real window (Xvfb, openbox, xdotool, Qt's gtk3
theme, Fusion, scaled 1.5× and 2×, small screens), each state screenshot and looked at; each defect found is checked
offscreen (grabbed pixels, the palette's contrast) and checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from belief_lines import peaked
from gui_window import exposed, shown, window_without_model
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QToolButton, QToolTip, QVBoxLayout, QWidget

from gui.examples_dock import _MessageLine
from gui.state_heatmap import CELL_TITLE, HIDDEN_TITLES, StateHeatmap
from gui.theme import MIN_CONTRAST, MIN_TEXT_CONTRAST, _dark_palette, contrast
from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession

# Qt's gtk3 theme's palettes as measured in the real window (Adwaita and Adwaita:dark): the window, its text, and
# the text of a window not in front, which the theme dims: 2.87:1 and 4.06:1
GTK3 = {"adwaita": ("#faf9f8", "#000000", "#929595"), "adwaita-dark": ("#323232", "#ffffff", "#919190")}


def _gtk3(window: str, text: str, behind: str) -> QPalette:
    """A palette as Qt's gtk3 theme hands it over: ``text`` on ``window``, ``behind`` for a window not in front."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, QColor(window))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(role, QColor(text))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.WindowText, QColor(behind))
    return palette


@pytest.mark.parametrize("theme", sorted(GTK3))
def test_a_floating_panel_not_in_front_writes_its_titles_legibly(
    qtbot, tmp_path: Path, following: QApplication, theme: str
) -> None:
    """Under Qt's gtk3 theme a window not in front writes its text in the theme's dimmer shade, 2.87:1 on Adwaita,
    and Fusion draws a floating panel (My examples, Inside the LSTM) so whenever the main window is in front: its
    titles were all but unreadable. Grabbed, the darkest (lightest) pixel of "Δ belief" must stand out 4.5:1, and the
    shade must still be the theme's dimmer one, a window behind still told apart."""
    window_colour, text, behind = GTK3[theme]
    following.setPalette(_gtk3(window_colour, text, behind))
    window = window_without_model(qtbot, tmp_path)
    dock = window.heatmap_dock
    dock.setFloating(True)
    exposed(qtbot, dock)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert dock.palette().currentColorGroup() == QPalette.ColorGroup.Inactive  # drawn as a window behind
    image, back = dock.grab().toImage(), QColor(window_colour)
    title = [image.pixelColor(x, y) for x in range(0, 80) for y in range(0, 16)]  # "Δ belief"
    assert max(contrast(pixel, back) for pixel in title) >= MIN_TEXT_CONTRAST
    palette = following.palette()
    front, behind_now = (
        palette.color(g, QPalette.ColorRole.WindowText)
        for g in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    )
    assert contrast(behind_now, back) < contrast(front, back)  # still the theme's dimmer shade


def _tip_at(qtbot, chart: QWidget, at: QPoint) -> str:
    """What ``chart``'s tooltip says with the pointer resting at ``at`` ("" where it shows none)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3_000)  # Qt hides one 300 ms after it is asked
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, at, chart.mapToGlobal(at)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_the_charts_title_shortened_keeps_its_whole_as_a_tooltip(qtbot) -> None:
    """In the smallest chart, comparing with a taught model of a long name, the title line read "7: decided at row 9
    ┄ mine-2…d4e5: 7 at row 12" and the title "Belief over rows" was left out, and pointing at it showed nothing:
    only a screen reader had the whole. Pointed at, shortened, it is whole in a tooltip; whole as shown, none."""
    name = "mine-2026-12-06-0155-a1b2c3d4e5"
    chart = shown(qtbot, BeliefTimeline(DigitSession()), BeliefTimeline.MINIMUM_SIZE)
    chart.probabilities = peaked({7: (9, 0.99, 0.0)})
    chart.decided_at = 9
    chart.set_comparison(Comparison(name, peaked({7: (12, 0.99, 0.0)}), 12))
    on_title = QPoint(chart.width() // 2, chart.fontMetrics().height() // 2)
    assert name not in chart.title_line(7, ROWS, chart.fontMetrics())  # shortened as drawn
    tip = _tip_at(qtbot, chart, on_title)
    assert tip.split("\n") == ["Belief over rows", "7: decided at row 9", f"┄ {name}: 7 at row 12"]
    assert _tip_at(qtbot, chart, QPoint(chart.width() // 2, chart.height() // 2)) == ""  # the plot: the read-out's
    chart.resize(900, 300)
    qtbot.waitUntil(lambda: chart.width() == 900)
    assert _tip_at(qtbot, chart, on_title) == ""  # whole as drawn: nothing to add
    QToolTip.hideText()


def test_the_maps_titles_shortened_keep_their_whole_as_a_tooltip(qtbot) -> None:
    """Inside the LSTM floated (or beside My examples), the hidden map's title was "hidden state h": what its
    columns are, "(units by row of largest change)", was gone, and pointing at it showed nothing. Pointed at,
    shortened, each map's title is whole in a tooltip; whole as shown, none."""
    heatmap = shown(qtbot, StateHeatmap(DigitSession()), StateHeatmap.MINIMUM_SIZE)
    _, (hidden, shortened), (cell, cell_shown) = heatmap.titles()
    assert (shortened, cell_shown) != (HIDDEN_TITLES[0], CELL_TITLE)
    assert _tip_at(qtbot, heatmap, hidden.center().toPoint()) == HIDDEN_TITLES[0]
    assert _tip_at(qtbot, heatmap, cell.center().toPoint()) == CELL_TITLE
    assert _tip_at(qtbot, heatmap, QPoint(5, heatmap.height() - 5)) == ""  # not a title
    heatmap.resize(1400, heatmap.height())
    qtbot.waitUntil(lambda: heatmap.titles()[1][1] == HIDDEN_TITLES[0])
    for where, _ in heatmap.titles():
        assert _tip_at(qtbot, heatmap, where.center().toPoint()) == ""  # whole as drawn: nothing to add
    QToolTip.hideText()


def test_my_examples_count_and_folder_stay_on_one_line_at_every_width(qtbot) -> None:
    """At 150 % on a 1280×720 screen My examples floated said "1 example in /tmp/ho…" and, on a second line,
    "xamples": the line was shortened to the label's width in whole pixels (207 px of 207), but laid out in
    fractions (207.2 px), so its last word wrapped. Offscreen "12 examples in /home/ann/.local/share/RowReader/
    examples" wrapped so at seven widths from 193 to 366 px. At every width it is one line, as the label lays it out."""
    host = QWidget()
    QVBoxLayout(host).addWidget(label := _MessageLine())
    shown(qtbot, host, (400, 120))
    for width in range(150, 501):
        host.resize(width, 120)
        label.setText("12 examples in /home/ann/.local/share/RowReader/examples")
        assert label.heightForWidth(label.width()) == label.heightForWidth(10_000), (width, QLabel.text(label))


@pytest.mark.parametrize("scheme", ["the app's dark", "adwaita-dark"])
def test_the_toolbars_more_button_is_seen_on_a_dark_palette(
    qtbot, tmp_path: Path, following: QApplication, scheme: str
) -> None:
    """At 200 % on a 1024×768 screen under Adwaita-dark the toolbar's » (Speed, Play and the rest behind it) was
    Qt's fixed #353637 on #333333, and on the app's own dark scheme 1.25:1 on #202124: a button no one could see.
    Grabbed in a narrow window, each toolbar's » stands out 3:1 from the toolbar, WCAG's least for a control."""
    following.setPalette(_dark_palette() if scheme == "the app's dark" else _gtk3(*GTK3["adwaita-dark"]))
    window = window_without_model(qtbot, tmp_path, size=(560, 600))
    for bar in (window.actions_.toolbar, window.actions_.files_toolbar):
        more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        qtbot.waitUntil(more.isVisible)
        image, back = more.grab().toImage(), bar.palette().color(QPalette.ColorRole.Window)
        drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
        assert max(contrast(pixel, back) for pixel in drawn) >= MIN_CONTRAST, bar.objectName()


@pytest.mark.parametrize("scheme", ["the app's dark", "adwaita-dark"])
def test_the_panels_float_and_close_buttons_are_seen_on_a_dark_palette(
    qtbot, tmp_path: Path, following: QApplication, scheme: str
) -> None:
    """On the app's dark scheme Inside the LSTM's float button stood out 2.37:1 and its close button 2.99:1 (under
    Adwaita-dark 2.0:1 here, 2.3:1 and 2.4:1 in the real window): Fusion's fixed grey, under WCAG's 3:1 for a
    control. Docked, floated and docked again (Qt gives the buttons its own icons each time), each stands out 3:1."""
    following.setPalette(_dark_palette() if scheme == "the app's dark" else _gtk3(*GTK3["adwaita-dark"]))
    window = window_without_model(qtbot, tmp_path)
    dock = window.heatmap_dock
    for floating in (False, True, False):
        dock.setFloating(floating)
        qtbot.waitUntil(lambda floating=floating: dock.isFloating() == floating)
        for name in ("qt_dockwidget_floatbutton", "qt_dockwidget_closebutton"):
            image, back = (
                dock.findChild(QAbstractButton, name).grab().toImage(),
                dock.palette().color(QPalette.ColorRole.Window),
            )
            drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
            assert max(contrast(pixel, back) for pixel in drawn) >= MIN_CONTRAST, (name, floating)
