"""The fiftieth round of hostile testing, review18: the round's latest merges and the lead's own changes read with a
hostile reviewer's eyes (the Esc that closes a tooltip, the disk's free room in words, ...), each defect shown by a
test that failed on the code before its fix."""

from __future__ import annotations

import errno
import shutil

import pytest

from rowreader import atomic


def test_esc_clears_the_drawing_under_a_tooltip_the_person_never_opened(qtbot, tmp_path):
    """The lead's Esc closed any tooltip showing before it cleared: the pointer resting on the toolbar's Clear
    button (its tooltip "Clear the canvas (undoable)" shown by Qt) made Esc and Delete do nothing but hide that
    tooltip, the drawing kept, nothing said. Only the status bar in full that Shift+F1 opened is closed first; a
    tooltip a resting pointer shows leaves Esc as Clear."""
    from gui_window import open_shipped_window
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QToolTip

    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "tools")
    button = toolbar.widgetForAction(window.actions_.clear)
    QToolTip.showText(button.mapToGlobal(QPoint(4, 4)), window.actions_.clear.toolTip(), button)
    assert QToolTip.isVisible()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.canvas.is_empty()
    QToolTip.hideText()


@pytest.mark.parametrize(
    ("free", "said"),
    [
        (999_999_999, "1.0 GB"),
        (9_960_000_000, "10 GB"),
        (999_600, "1.0 MB"),
        (999_700_000, "1.0 GB"),
        (400, "400 bytes"),
    ],
)
def test_the_free_room_is_said_in_the_unit_its_rounded_number_belongs_to(tmp_path, monkeypatch, free, said):
    """atomic._amount picked its unit before rounding: 999,999,999 bytes free was "1,000 MB", 9.96 GB "10.0 GB"
    (one decimal for a number of two digits), 999,600 bytes "1,000 kB", and a disk with 400 bytes left "0 kB
    free, too little for it", none free said where some was. The number is rounded, then its unit taken; under a
    kilobyte, the bytes."""
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(atomic.shutil, "disk_usage", lambda _: usage._replace(free=free))
    words = atomic.unwritten(tmp_path / "grid.png", OSError(errno.ENOSPC, "No space left on device"))
    assert f"its disk is full ({said} free, too little for it)" in words or "takes no more files" in words


def test_an_example_kept_while_my_examples_is_the_tab_behind_the_maps_comes_into_sight(qtbot, tmp_path):
    """window5 brought a dock shown again by its command to the front of its tabs, but keeping an example (Ctrl+K)
    shows My examples by another way (``dock.show()``, "the row of the new example is scrolled into a laid-out
    view"): with My examples the tab behind "Inside the LSTM", a dock already shown, nothing moved, and the example
    kept was out of sight. Every showing of a dock that means it to be seen makes it the front tab."""
    from gui_window import open_shipped_window, settled
    from PySide6.QtWidgets import QTabBar

    from gui.demo import draw_digit

    window = open_shipped_window(qtbot, tmp_path, size=(1100, 720), user_dir=tmp_path / "mine")
    examples, maps = window.teaching.dock, window.heatmap_dock
    examples.show()
    maps.show()
    window.tabifyDockWidget(examples, maps)
    maps.raise_()

    def front() -> tuple[str, ...]:
        return tuple(bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.count())

    qtbot.waitUntil(lambda: front() == ("Inside the LSTM",))
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)
    qtbot.waitUntil(lambda: window.teaching.panel.view.rows[7][1].count() == 1, timeout=10_000)
    assert settled(qtbot, front, polls=20) == ("My examples",)
