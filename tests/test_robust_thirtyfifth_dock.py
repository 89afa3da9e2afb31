"""The thirty-fifth round of hostile testing, dock: the app at 200 % on a 1024×600 screen (Xvfb, QT_SCALE_FACTOR=2,
openbox, xdotool), with 1366×768 at 2 and 1280×720 at 1.5 to check nothing regressed; each defect found there checked
offscreen (the screen's free area set as the real one's) and checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import settled, window_without_model
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen

from gui.example_rows import THUMB, show_row
from gui.screen_room import FRAME_ROOM
from rowreader.example_store import ExampleStore

SMALL = QRect(0, 0, 512, 300)  # 1024×600 at 200 %: 252 px free for the window itself


def test_the_window_with_my_examples_fits_a_1024x600_screen_at_200_percent(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1024×600 screen, My examples shown, the window was 299 px tall of the 252 free, its status bar
    past the screen's bottom: the dock's least height (its rows' 70 px, the message, Import, Export and Teach one under
    the other: 198 px) held it. Teach now goes under Import and Export, side by side at their words' width, and the
    rows give way to the first row's thumbnails: the window fits, every button whole and in the dock."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SMALL)
    window = window_without_model(qtbot, tmp_path)
    window.teaching.dock.show()
    panel = window.teaching.panel
    settled(qtbot, lambda: (window.size(), panel.geometry(), panel.teach_button.geometry()))
    assert window.height() <= SMALL.height() - FRAME_ROOM.height(), window.size()
    assert window.width() <= SMALL.width() - FRAME_ROOM.width(), window.size()
    assert window.statusBar().geometry().bottom() < window.height()
    buttons = (panel.import_button, panel.export_button, panel.teach_button)
    for button in buttons:  # whole: as wide as its words, inside the dock
        assert panel.rect().contains(button.geometry()), (button.text(), button.geometry(), panel.size())
        words = button.fontMetrics().horizontalAdvance(button.text())
        assert button.width() > words, (button.text(), button.width(), words)
    assert panel.import_button.geometry().top() == panel.export_button.geometry().top()
    assert panel.teach_button.geometry().top() > panel.import_button.geometry().bottom()
    assert panel.scroll.height() >= THUMB + 10, panel.scroll.height()  # the first row's thumbnails in sight


def test_a_wide_dock_keeps_its_buttons_in_one_row(qtbot, tmp_path) -> None:
    """Where the dock has room (the first window, 1100 px), Import, Export and Teach stay side by side, each at
    its own size, Teach at the right: a larger screen is as before."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 720))
    window.teaching.dock.show()
    panel = window.teaching.panel
    settled(qtbot, lambda: (window.size(), panel.geometry(), panel.teach_button.geometry()))
    tops = {button.geometry().top() for button in (panel.import_button, panel.export_button, panel.teach_button)}
    assert len(tops) == 1, tops  # one row: Teach beside Import and Export
    assert panel.import_button.width() == panel.import_button.sizeHint().width()
    assert panel.teach_button.geometry().right() > panel.width() - 12, (panel.teach_button.geometry(), panel.width())


def test_a_row_shown_at_the_rows_least_height_shows_its_thumbnails_whole(
    qtbot, tmp_path, monkeypatch, mnist_test
) -> None:
    """With the rows at their least (the window above), a kept 7 scrolled to was centred: its strip (62 px with room
    for its own scroll bar) in an area of 48, its top 13 px (9 of the thumbnail's 40) above the area, the empty room
    under it in sight (in the real window, a kept 1's upper half gone). A strip taller than the area shows its
    thumbnails."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SMALL)
    images, labels = mnist_test
    store = ExampleStore(tmp_path / "mine" / "examples")
    for digit in (1, 7):
        store.add(digit, np.kron(255 - images[np.flatnonzero(labels == digit)[0]], np.ones((10, 10), np.uint8)))
    window = window_without_model(qtbot, tmp_path)
    window.teaching.dock.show()
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 2, timeout=10_000)
    settled(qtbot, lambda: (window.size(), panel.scroll.viewport().size()))
    strip = panel.view.rows[7][1]
    show_row(panel.scroll, strip)
    top = strip.mapTo(panel.scroll.viewport(), QPoint(0, 0)).y()
    assert top >= 0 and top + strip.frameWidth() + 3 + THUMB <= panel.scroll.viewport().height(), (
        top,
        panel.scroll.viewport().height(),
    )


def test_the_download_mnist_box_fits_a_1024x600_screen_at_200_percent(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1024×600 screen, Ctrl+T without MNIST asked "MNIST digits needed" in a box 256 px wide (Qt wraps
    at half the screen) and taller than the screen: its Download and Cancel buttons below the bottom edge. Its lines
    are made as wide as the screen allows, and the box lies on the screen, its buttons in sight."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SMALL)
    window = window_without_model(qtbot, tmp_path)
    window.data_root = Path("/home/me/.cache/rowreader/mnist")  # as long as a real one: none there
    window.mnist_offer.ensure("Teaching mixes your examples with MNIST's digits, so that it forgets nothing.", print)
    box = window.mnist_offer.question
    assert box is not None and box.isVisible()
    qtbot.waitUntil(lambda: box.height() > 0)
    assert box.height() <= SMALL.height() - FRAME_ROOM.height(), box.size()
    assert SMALL.contains(box.frameGeometry()), box.frameGeometry()
    box.reject()
