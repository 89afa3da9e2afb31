"""The fifty-first round of hostile testing, focus2: where the keys go when the app turns off or hides, by itself,
the control that has them (the teach dialog's Cancel as its model is written or as it stops, a model's name cut to
fit a narrow screen)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fake_fine_tune import teaching_to_its_end
from gui_window import open_shipped_window, open_teach_dialog, opened_menu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from gui.models_menu import fit_the_screen
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path


def test_cancel_turned_off_as_the_model_is_written_hands_the_keys_on(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """The teach's model written, the dialog turns Cancel off (nothing left to cancel) with the keys on it: they went
    nowhere (``QApplication.focusWidget()`` None) until the process ended and Close took them, a screen reader silent,
    Tab finding nothing. They now go to the dialog's status line, which says what is happening, and stay in the dialog
    (Tab and Esc act there) until Close takes them."""
    _, dialog, process = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, linger_s=1.5)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)  # Space is the window's Play where it is not
    dialog.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not dialog.cancel_button.isEnabled(), timeout=10_000)
    assert process.running and "written" in dialog.status.text()
    assert QApplication.focusWidget() is dialog.status
    qtbot.keyClick(dialog.status, Qt.Key.Key_Tab)  # nothing else in the dialog takes Tab yet: the keys stay in it
    assert QApplication.focusWidget().window() is dialog
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=20_000)
    assert QApplication.focusWidget() is dialog.close_button


# a fine-tune that takes a second to stop, as the real one may take Cancel's grace
SLOW_TO_STOP = """
import signal, sys, time
signal.signal(signal.SIGTERM, lambda *_: (time.sleep(1.0), sys.exit(143)))
time.sleep(30)
"""


def test_cancel_pressed_by_its_keys_hands_them_on(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """Space on Cancel turns it off while the fine-tune stops (up to Cancel's grace, 3 s): the keys went nowhere till
    it ended. They now go to the status line, which says it is stopping, and Close takes them at the end."""
    monkeypatch.setattr(TeachProcess, "start", lambda self: self.process.start(sys.executable, ["-c", SLOW_TO_STOP]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    qtbot.waitUntil(lambda: process.running, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)  # Space is the window's Play where it is not
    dialog.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Space)
    assert process.running and not dialog.cancel_button.isEnabled()
    assert QApplication.focusWidget() is dialog.status
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=10_000)
    assert QApplication.focusWidget() is dialog.close_button


def test_two_told_apart_models_stay_apart_when_cut_to_fit_a_narrow_screen(qtbot, tmp_path: Path) -> None:
    """Two opened models of one file name, told apart by their folders (review20), on a screen too narrow for the
    Models menu: ``fit_the_screen`` cut each in its middle, just where the folders differ, and the two items (in the
    menu, Compare with and Forget opened) read alike again. Each cut now keeps what tells it from the others."""
    # a folder name of 233 characters (of 255 allowed), its seed in the middle: wider than a 1600-px screen too
    head = "handwriting-experiment-2026-12-05-on-the-laptop-learning-rate-0.001-momentum-0.9-warmup-200-steps"
    tail = "hidden-256-layers-2-batch-64-dropout-0.1-weight-decay-0.0001-augment-shift-2px-rotate-10deg-kept"
    first, second = (tmp_path / f"{head}-seed-{seed}-{tail}" / "runs" / "rowreader.safetensors" for seed in (1, 2))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for model in (first, second):
        model.parent.mkdir(parents=True)
        shutil.copyfile(pretrained_path(), model)
        window.open_model(model)
        qtbot.waitUntil(lambda m=model: window.session.checkpoint.path == m and not window.tasks.busy, timeout=20_000)
    window.open_model(pretrained_path())  # both offered in Compare with, and in Forget opened
    qtbot.waitUntil(
        lambda: window.session.checkpoint.path == pretrained_path() and not window.tasks.busy, timeout=20_000
    )
    menu = window.teaching.models_menu
    opened_menu(menu)
    width = window.screen().availableGeometry().width()

    def models(shown: QMenu) -> list[str]:  # the two opened models' items, by their tooltip (the whole path)
        return [act.text() for act in shown.actions() if act.toolTip().startswith(str(tmp_path / head))]

    assert all("…" in text for text in models(menu)), models(menu)  # cut to fit: the test is about the cut
    for shown in (menu, menu.compare, menu.forgetting):
        texts = models(shown)
        assert "seed-2" in texts[0] and "seed-1" in texts[1], texts  # newest first; Forget opened's as opened
        assert shown.sizeHint().width() <= width


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.text(alphabet="ab-/.", min_size=20, max_size=90),
    st.lists(st.text(alphabet="ab-/.", min_size=1, max_size=8), min_size=2, max_size=4, unique=True),
    st.text(alphabet="ab-/.", min_size=20, max_size=90),
    st.integers(250, 700),
)
def test_names_cut_to_fit_stay_apart(qapp, head: str, middles: list[str], tail: str, width: int) -> None:
    """However alike the names (differing anywhere: here only in their middle, ``head``/``tail`` alike), at any width
    of screen, each item cut to fit is told from the others, and the menu is no wider than the screen."""
    menu = QMenu()
    named = {menu.addAction(head + middle + tail): head + middle + tail for middle in middles}
    fit_the_screen(menu, named, width)
    shown = [act.text() for act in named]
    assert len(set(shown)) == len(shown), shown
    assert menu.sizeHint().width() <= width, shown
