"""The sixty-fifth round of hostile testing, teach19: the teach dialog and the belief it changes, in sight together
(docs/robustness.md). A teach changes no drawing, yet in a window filling a 1600×1000 screen its dialog hid the
belief chart's left half as it ran; kept clear of it, the smaller dialog grew at the end, its buttons moving."""

from __future__ import annotations

import pytest
from gui_window import settled, teach_over_the_drawing, window_without_model
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from test_gui_sixteenth import on_screen

from gui.main_window import MainWindow
from gui.screen_room import frame_room, grown_place, views_in_order
from gui.teach import TeachDialog

SCREEN = QRect(0, 0, 1600, 1000)
OUTCOME = "Taught in 1 min 12 s: the window now reads with out.safetensors, saved in your models folder."


def teach_in(qtbot, tmp_path, monkeypatch, size: tuple[int, int] | None) -> tuple[MainWindow, TeachDialog]:
    """A window of ``size`` (its least where None) at the top left of a 1600×1000 screen, and its teach dialog, opened
    as Ctrl+T opens it, its teach not started."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(SCREEN))
    window = window_without_model(qtbot, tmp_path, size=size)
    if size is None:
        window.resize(window.minimumSizeHint())
    window.move(0, 0)
    settled(qtbot, lambda: (window.canvas.width(), window.size()))
    dialog, _ = teach_over_the_drawing(qtbot, window, tmp_path)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog.frameGeometry)
    return window, dialog


def end_the_teach(qtbot, dialog: TeachDialog) -> None:
    """The teach's outcome, as a success says it: held-out and MNIST numbers, the three buttons."""
    run = dialog.process.run
    run.heldout = [(0, 0.62), (40, 0.91)]
    run.mnist_before, run.mnist_after, run.mnist_digits = 0.981, 0.979, 10_000
    dialog.finish(True, OUTCOME)
    settled(qtbot, dialog.frameGeometry)


@pytest.mark.parametrize(
    "size", [(1600, 1000), (1100, 720), None], ids=["filling the screen", "1100x720", "at its least"]
)
def test_the_drawing_the_bars_and_the_chart_stay_in_sight_as_a_teach_runs_and_ends(
    qtbot, tmp_path, monkeypatch, size
) -> None:
    """In a window filling a 1600×1000 screen the teach dialog lay over the belief chart (x 742–1252 of its
    742–1590, y 532–796 of 475–796): the belief a teach changes, hidden as it ran. Its frame (the window manager's
    title bar and border counted) now keeps clear of the drawing, the bars and the chart, opened and ended alike."""
    window, dialog = teach_in(qtbot, tmp_path, monkeypatch, size)
    views = views_in_order(window)[:3]

    def frame() -> QRect:
        return QRect(dialog.pos(), dialog.size() + frame_room(dialog))

    assert SCREEN.contains(frame()) and not any(frame().intersects(view) for view in views), (frame(), views)
    end_the_teach(qtbot, dialog)
    assert SCREEN.contains(frame()) and not any(frame().intersects(view) for view in views), (frame(), views)


def test_a_dialog_growing_keeps_its_right_edge_and_its_foot(qtbot, tmp_path, monkeypatch) -> None:
    """A teach dialog growing at its end (its outcome's lines) kept its left edge and its top: its buttons, right-
    aligned at its foot, went right and down, and "Compare both" came where Cancel had been (a click meant for Cancel
    compared both models). Where the screen has room and nothing more of the window is hidden, it grows leftwards
    and upwards: its bottom right corner, and Close with it, stays where it was."""
    _, dialog = teach_in(qtbot, tmp_path, monkeypatch, None)
    before = QRect(900, 300, 320 + frame_room(dialog).width(), 260 + frame_room(dialog).height())
    place, clear = grown_place(dialog, QSize(380, 300), before)
    grown = QRect(place, QSize(380, 300) + frame_room(dialog))
    assert clear and grown.bottomRight() == before.bottomRight(), (grown, before)


def test_close_comes_where_cancel_was_in_a_window_filling_the_screen(qtbot, tmp_path, monkeypatch) -> None:
    """A control: in a window filling a 1600×1000 screen the dialog opens, clear of the chart, as wide as the
    outcome's buttons in a row (375×258), grows upwards at the end (375×306), and Close lies where Cancel was."""
    _, dialog = teach_in(qtbot, tmp_path, monkeypatch, (1600, 1000))
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    end_the_teach(qtbot, dialog)
    shown = [b for b in (dialog.close_button, dialog.switch_back_button, dialog.compare_button) if b.isVisible()]
    assert [b.text() for b in shown if on_screen(b, b.rect()).intersects(cancel)] == ["Close"]


def test_a_dialog_at_the_screens_left_edge_is_not_said_clear_grown_rightwards(qtbot, tmp_path, monkeypatch) -> None:
    """At the screen's left edge (a 1100×720 window in a real window at 100 %), the dialog opened 319 px wide grew
    rightwards to 527 px at the end, counted clear as it hid no more of the drawing, bars or chart: "Switch back"
    came where Cancel had been. Grown so, its buttons move: not clear, so the chart gives way or it grows upwards."""
    _, dialog = teach_in(qtbot, tmp_path, monkeypatch, None)
    room = frame_room(dialog)
    before = QRect(0, 640, 320 + room.width(), 260 + room.height())  # below the window, at the screen's left edge
    place, clear = grown_place(dialog, QSize(380, 260), before)
    assert place.x() == 0 and not clear, (place, clear)
