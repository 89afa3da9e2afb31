"""The fiftieth round of hostile testing, docks2: the window's docks as window5 (this round) saw and left them, a
panel's menu item chosen where the panel is the tab behind the other, and the window's settings written at 100 %
and read at 200 %; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import settled, window_without_model
from PySide6.QtWidgets import QTabBar


def _front_tab(window) -> list[str]:
    """The names on the front tab of each tab group of the window's docks."""
    return [bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.count()]


@pytest.mark.parametrize("behind", ["My examples", "Inside the LSTM"])
def test_a_panels_command_brings_the_tab_behind_to_the_front(qtbot, tmp_path, behind):
    """Teach ▸ My examples chosen while My examples was the tab behind "Inside the LSTM" hid it (it counted as shown,
    and the command hides what is shown): nothing changed in sight, and a second choice brought it forward; Ctrl+L on
    the maps behind My examples the same. A panel out of sight behind a tab is brought to the front by its command,
    not hidden."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 720))
    examples, maps = window.teaching.dock, window.heatmap_dock
    examples.show()
    window.tabifyDockWidget(maps, examples)
    dock, other = (examples, maps) if behind == "My examples" else (maps, examples)
    other.raise_()
    qtbot.waitUntil(lambda: _front_tab(window) == [other.windowTitle()])
    dock.toggleViewAction().trigger()
    assert settled(qtbot, lambda: tuple(_front_tab(window)), polls=10) == (behind,)
    assert not dock.isHidden() and dock.toggleViewAction().isChecked()
    assert not dock.visibleRegion().isEmpty()
    dock.toggleViewAction().trigger()  # in front now: the command hides it, as before
    qtbot.waitUntil(dock.isHidden)
