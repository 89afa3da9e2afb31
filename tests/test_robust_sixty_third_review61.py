"""The sixty-third round's review61: live5's and live6's drags tried as a hostile user would. A drag's row waits for
the event-loop pass's end (live6's ``MainWindow._seek_soon``); a key or an undo in the same pass came before it and was
undone by it. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from test_robust_sixty_third_live6 import LEFT, NONE, on_the_chart, send_pointer

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.checkpoint import pretrained_path
from rowreader.player import Mode


def _dragged_to_20_and_let_go(window: MainWindow) -> None:
    """A drag on the chart from row 5 to 10 to 20, let go, in one event-loop pass: row 20 still waits for its end."""
    chart, at = on_the_chart(window)
    send_pointer(chart, QEvent.Type.MouseButtonPress, at(5), LEFT, LEFT)
    send_pointer(chart, QEvent.Type.MouseMove, at(10), NONE, LEFT)
    send_pointer(chart, QEvent.Type.MouseMove, at(20), NONE, LEFT)
    send_pointer(chart, QEvent.Type.MouseButtonRelease, at(20), LEFT, NONE)


@pytest.mark.parametrize(
    ("key", "position", "mode"),
    [
        ("forward", 21, Mode.STEP),  # Right
        ("page_back", 13, Mode.STEP),  # PgUp: 7 rows back
        ("first", 0, Mode.STEP),  # Home
        ("live", 28, Mode.LIVE),  # End
        ("play", 20, Mode.SCAN),  # Space: played on from the row the drag left
    ],
)
def test_a_key_just_after_a_drag_acts_on_the_drags_row_and_stays(qtbot, tmp_path, key, position, mode) -> None:
    """A key pressed as a fast drag is let go, in the pass of its last moves (a busy window, 1,000 moves a second),
    acted on the row of the drag's first move, and then the drag's newest row came at the pass's end and undid it:
    Right ended on row 20 (not 21), Home on 20, End and Space paused on 20 (Live and the scan lost)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    _dragged_to_20_and_let_go(window)
    getattr(window.actions_, key).trigger()
    QApplication.processEvents()  # the pass's end: the drag's row went before the key, not after it
    assert (window.session.position, window.session.player.mode) == (position, mode)
    assert window._scan_timer.isActive() == (mode is Mode.SCAN)


def test_an_undo_just_after_a_drag_is_read_live(qtbot, tmp_path) -> None:
    """Ctrl+Z in the pass of a drag's last moves showed the drawing undone to in Live, and then the drag's row,
    waiting, paused it on row 20 of a drawing the drag was never on."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    draw_digit(window.canvas, "1")
    _dragged_to_20_and_let_go(window)
    window.canvas.undo()
    QApplication.processEvents()
    assert (window.session.position, window.session.player.mode) == (28, Mode.LIVE)


def test_the_model_in_use_is_named_anew_once_its_namesake_is_forgotten(qtbot, tmp_path) -> None:
    """Two copies opened, a/m.safetensors and b/m.safetensors, b in use: the status bar says "b/m.safetensors" to
    tell them apart. Models ▸ Forget opened a/m left it so; a row read named it anew until live6's 99e977b7 (a row
    shows the position alone), so it stayed "b/m…" however the rows were stepped. Now named as the menu names it."""
    window = open_shipped_window(qtbot, tmp_path, size=(1400, 760))
    first, second = tmp_path / "a" / "m.safetensors", tmp_path / "b" / "m.safetensors"
    for model in (first, second):
        model.parent.mkdir()
        model.write_bytes(pretrained_path().read_bytes())
        window.open_model(model)
        qtbot.waitUntil(lambda m=model: window.session.checkpoint.path == m and not window.tasks.busy, timeout=20_000)
    draw_digit(window.canvas, "4")
    window.session.player.seek(10)
    assert window.status.model_label.text().startswith("b/m.safetensors")
    window.teaching.models_menu.forget(first)
    window.session.player.seek(14)
    assert window.status.model_label.text().startswith("m.safetensors  ·  ")
