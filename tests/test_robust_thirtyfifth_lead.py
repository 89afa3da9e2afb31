"""The thirty-fifth round of hostile testing, lead: what the round's merge and its helpers' runs showed."""

from __future__ import annotations

from pathlib import Path

from gui_window import settled, teach_beside_the_bars
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from gui.teach import TeachDialog
from gui.teach_process import TeachProcess

SCREEN = QRect(0, 0, 683, 384)  # 1366×768 at 200 %


def test_a_teach_without_warnings_on_a_short_screen_asks_qt_for_no_negative_size(
    qtbot, qtlog, tmp_path: Path, monkeypatch
):
    """The thirty-fourth round's warnings area gives way on a short screen; with no warning at all its label's
    height for a width is -1, which was set as the area's largest height: Qt printed "QWidget::setMaximumSize:
    (/QScrollArea) Negative sizes (-1,…) are not possible" on the app's stderr at every finished teach there."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SCREEN)
    dialog, process = teach_beside_the_bars(qtbot, tmp_path)
    process._apply({"event": "start", "examples": 30, "warnings": []})
    process._apply({"event": "progress", "step": 0, "steps": 40, "heldout": 0.9, "mnist": 0.9945})
    process._apply({"event": "progress", "step": 40, "steps": 40, "heldout": 0.967, "mnist": 0.9935})
    misread = [{"file": f"1/x{k}.png", "read_as": 7} for k in range(3)]
    process._apply({"event": "done", "heldout_accuracy": {"misread": misread}, "mnist_eval": {"digits": 2000}})
    dialog.finish(True, "Done: now reading with mine-20261204-000000-a81823.safetensors (Models menu to switch).")
    settled(qtbot, lambda: (dialog.size(), dialog.chart.geometry()))
    negative = [record.message for record in qtlog.records if "Negative sizes" in record.message]
    assert not negative, negative


def test_once_its_steps_are_done_the_dialog_says_it_checks_and_writes_not_that_it_learns(qtbot, tmp_path: Path):
    """After the last step the fine-tune reads 2,000 MNIST digits with the taught model and writes it (about 2 s in
    the real window, longer under load) while the dialog said "Learning from your 30 examples… step 40 of 40", as if
    stuck on its last step; it says what it does."""
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    dialog.attach(process)
    process._apply({"event": "start", "examples": 30, "warnings": []})
    process._apply({"event": "progress", "step": 39, "steps": 40, "heldout": 0.9, "mnist": 0.9945})
    assert dialog.status.text().startswith("Learning from your 30 examples… step 39 of 40;"), dialog.status.text()
    process._apply({"event": "progress", "step": 40, "steps": 40, "heldout": 0.967})
    status = dialog.status.text()
    assert "Learning" not in status and "checking it on the MNIST digits and writing it" in status, status
    assert status.endswith("held-out accuracy 96.7%"), status
