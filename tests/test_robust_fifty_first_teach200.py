"""The fifty-first round of hostile testing, teach200: the teach dialog on small and scaled screens (200 % on a
1280×720 screen, offscreen with tests/fake_fine_tune.py standing in for the fine-tune): its outcome's buttons,
Compare both first, pressed where the dialog covers the window; each test was seen failing on the code before."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time

from fake_fine_tune import teaching_to_its_end
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen

import gui.model_loading
from gui.screen_room import views_in_order

SMALL_200 = QRect(0, 0, 640, 360)  # 1280×720 at 200 %


def _over_the_reading(dialog, window) -> list[int]:
    """How many px of the window's bars and chart (where a comparison shows) the dialog's frame covers."""
    frame = dialog.frameGeometry()
    return [frame.intersected(view).width() * frame.intersected(view).height() for view in views_in_order(window)[1:3]]


def _taught(qtbot, window, dialog) -> None:
    """Wait for the teach's outcome, the taught model read (a Compare both pressed before: test below)."""
    qtbot.waitUntil(lambda: not dialog.compare_button.isHidden() and not window.models.loading, timeout=20_000)


def test_compare_both_is_not_hidden_behind_the_dialog_that_offers_it(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """At 200 % on 1280×720 the finished teach dialog covered the whole window (window7 saw it in a real window), and
    the chart, where the comparison shows dashed, lay a scroll below the drawing: "Compare both" compared both out of
    sight. The chart is now scrolled into sight, and the dialog, with no place off it on that screen, closes."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: SMALL_200)
    window, dialog, _ = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, 0.0)
    _taught(qtbot, window, dialog)
    viewport = window.views_area.viewport()
    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    assert not shown.intersects(views_in_order(window)[2])  # the chart, a scroll below the drawing
    dialog.compare_button.click()
    qtbot.waitUntil(lambda: window.comparing.other is not None, timeout=20_000)
    chart = views_in_order(window)[2].intersected(shown)
    assert chart.height() >= min(shown.height(), window.timeline.height()) - 1, (chart, shown)
    assert not dialog.isVisible() or not dialog.frameGeometry().intersects(chart)
    assert window.statusBar().currentMessage().startswith("Comparing with"), window.statusBar().currentMessage()


def test_compare_both_moves_a_dialog_dragged_over_the_chart_aside_where_there_is_room(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """A dialog dragged over the chart (room beside it on a 1600×1000 screen) hid the comparison it offered; it
    now steps aside, open, its outcome still there to read."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, 1600, 1000))
    window, dialog, _ = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, 0.0)
    _taught(qtbot, window, dialog)
    dialog.move(views_in_order(window)[2].topLeft())
    assert any(_over_the_reading(dialog, window))
    dialog.compare_button.click()
    qtbot.waitUntil(lambda: window.comparing.other is not None, timeout=20_000)
    assert dialog.isVisible() and not any(_over_the_reading(dialog, window)), _over_the_reading(dialog, window)


def test_compare_both_pressed_while_the_taught_model_is_read_compares_both(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """Compare both is offered as the teach ends, while the taught model is still read (seconds for 200 MB; on a
    busy machine even for the shipped one): pressed then, the model taught from was loaded to compare before the
    taught one was in use, and was refused as "the shipped model is the model in use: choose another to compare
    with it"; nothing was compared. It now waits for the taught model, then compares the two."""
    slow = gui.model_loading.load_for_reading

    def slowly(path):  # the taught model read slowly, as a large one is
        if path is not None and path.name.startswith("mine-"):
            time.sleep(1.0)
        return slow(path)

    monkeypatch.setattr(gui.model_loading, "load_for_reading", slowly)
    window, dialog, _ = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, 0.0)
    qtbot.waitUntil(lambda: not dialog.compare_button.isHidden(), timeout=20_000)
    assert window.models.loading
    dialog.compare_button.click()
    qtbot.waitUntil(lambda: not window.models.loading and not window.tasks.busy, timeout=20_000)
    qtbot.waitUntil(lambda: window.comparing.other is not None, timeout=5_000)
    assert window.session.checkpoint.path == window.teaching.taught_model
    assert window.statusBar().currentMessage().startswith("Comparing with the shipped model"), (
        window.statusBar().currentMessage()
    )
