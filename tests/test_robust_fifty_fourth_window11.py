"""The fifty-fourth round of hostile testing, window11: the app in a real window (Xvfb, openbox, xdotool, Qt's gtk3
theme, Fusion, scaled 1.5× and 2×, small screens), each state screenshot and looked at; each defect found is checked
offscreen (grabbed pixels, the palette's contrast) and checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import window_without_model
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.theme import MIN_TEXT_CONTRAST, contrast

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
    qtbot.waitExposed(dock)
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
