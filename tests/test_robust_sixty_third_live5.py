"""The sixty-third round's live5: pen moves lost while drawing fast, found in a real window (Xvfb :97, openbox,
xdotool at 125 Hz, 1 kHz and in bursts). Each test was seen failing on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.demo import draw_digit

# A QApplication whose start does what Qt's X11 platform does as it starts (qxcbintegration.cpp, Qt 6:
# ``qApp->setAttribute(Qt::AA_CompressHighFrequencyEvents, true)`` in QXcbIntegration's constructor). The tests run
# offscreen, whose platform leaves the attribute alone, so the X11 start is played here.
X11_START = """
import gui.app
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

MERGE = Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents
MERGE_PEN = Qt.ApplicationAttribute.AA_CompressTabletEvents


class X11Started(QApplication):
    def __init__(self, argv):
        super().__init__(argv)
        QApplication.setAttribute(MERGE, True)


gui.app.QApplication = X11Started
gui.app.create_app([])
print(QApplication.testAttribute(MERGE), QApplication.testAttribute(MERGE_PEN))
"""


def test_pen_moves_are_not_merged_where_the_platform_merges_them_as_it_starts() -> None:
    """Drawn fast in a real window (X11), the pen's moves were merged before the canvas saw them, whatever the app
    asked: it turned Qt's merging off before the QApplication existed, and Qt's X11 platform turned it on again as it
    started. Drawn at 1,000 moves a second, 9 of 60 moves reached the canvas (all 60 now), a 0 of 90 moves was a dot
    and a zig-zag a line. The merging is turned off once the QApplication exists, a pen's as before."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", X11_START], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_a_fast_drag_to_a_row_goes_to_the_newest_row_once_a_pass(qtbot, tmp_path) -> None:
    """With every move kept, a right-drag up and down the drawing at 1,500 moves a second fell behind the pointer,
    216 ms and growing: each queued move went to its row (a rewind, or rows read, and every view shown again) before
    the next was looked at. The first goes at once, then the newest once per event-loop pass, and the drag ends on
    the row under the pointer."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    canvas = window.canvas
    draw_digit(canvas, "1")
    player = window.session.player
    seeks: list[int] = []
    seek = player.seek
    player.seek = lambda rows: (seeks.append(rows), seek(rows))[1]  # type: ignore[method-assign]
    rect = canvas.document_rect()
    ys = [rect.top() + rect.height() * (0.2 + 0.6 * ((i * 7) % 40) / 40) for i in range(60)]  # down, up, down
    right, none = Qt.MouseButton.RightButton, Qt.MouseButton.NoButton
    x = rect.center().x()

    def send(kind: QEvent.Type, y: float, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        at = QPointF(x, y)
        QApplication.sendEvent(
            canvas, QMouseEvent(kind, at, canvas.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier)
        )

    send(QEvent.Type.MouseButtonPress, ys[0], right, right)
    for y in ys[1:]:  # as a burst of queued moves comes: one after another, nothing else run between
        send(QEvent.Type.MouseMove, y, none, right)
    assert len(seeks) == 1  # the press's
    qtbot.waitUntil(lambda: len(seeks) == 2)
    send(QEvent.Type.MouseButtonRelease, ys[-1], right, none)
    last = window.session.placement.row_at((ys[-1] - rect.top()) * 280 / rect.width()) + 1
    assert seeks[-1] == last and window.session.position == last
    QApplication.processEvents()
    assert len(seeks) == 2
