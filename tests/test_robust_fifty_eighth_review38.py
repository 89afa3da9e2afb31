"""The fifty-eighth round of hostile testing, review38: teach15's merge read as a hostile reviewer (Esc's
"Stopping the teach", the aloud end after Esc, MNIST gone as a teach starts, a teach stopped then the window
closed); each test seen failing on the code before its fix, or on the branch it pins mutated away."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import SLOW_TEACH, open_shipped_window, open_teach_dialog, until
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from gui.main_window import MainWindow
from gui.teach_process import in_the_apps_words
from rowreader.checkpoint import pretrained_path
from rowreader.data import FILES, default_data_dir, mnist_files


def test_mnist_moved_into_a_folder_below_as_a_teach_starts_says_where_they_are_in_the_apps_words(
    tmp_path: Path,
) -> None:
    """MNIST's files moved into a folder inside its folder as a teach started: the fine-tune says where they are
    ("They are in …/sub: pass that folder (--data-dir / root=) or set $ROWREADER_DATA to it"), and teach15's
    app words put "Teach again (Ctrl+T): RowReader then offers to download them" over all of it. Ctrl+T then said
    "They are not on this computer" and offered 11 MB the folder below held. Where they are is kept, with the app's
    way to it ($ROWREADER_DATA is read as it starts), no flag or Python argument."""
    shared, below = default_data_dir(), tmp_path / "mnist" / "sub"
    below.mkdir(parents=True)
    for stem in FILES[True]:
        (below / f"{stem}.gz").symlink_to(shared / f"{stem}.gz")
    with pytest.raises(FileNotFoundError) as raised:
        mnist_files(tmp_path / "mnist", True)
    said = in_the_apps_words(str(raised.value))
    assert f"They are in {below}" in said, said
    assert said.endswith("set $ROWREADER_DATA to it, then start RowReader again."), said
    assert "offers to download" not in said, said
    assert not any(word in said for word in ("--", "root=", "download=True", "python -m", "`")), said


STOPPING = "Stopping the teach"


def test_esc_once_the_teachs_model_is_written_does_not_say_nothing_is_written(
    qtbot, tmp_path: Path, mnist_test
) -> None:
    """Esc once the fine-tune has said its model is written whole (its process only ending, nothing left to cancel):
    the teach goes on to its end, and the window reads with the taught model. "Stopping the teach: the model in use
    stays, nothing is written…" would say the opposite of what happens; the window says nothing of a stop. Pins
    teach15's ``run.written`` in ``_stopping_unseen`` (mutated away, this fails)."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    process.run.written = True  # its "done" line read: what a written model's process says before it ends
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert process.running and not process.cancelled and not dialog.isVisible()
    said = window.statusBar().currentMessage()
    assert not said.startswith(STOPPING), said


def test_esc_after_a_teach_ended_leaves_its_outcome_said(qtbot, tmp_path: Path, mnist_test) -> None:
    """Cancel, then Esc on the dialog saying "Cancelled. Still reading with …": the teach has ended, and the status
    bar keeps its outcome; "Stopping the teach" said then, of a teach stopped seconds ago, would stand over it for
    10 s. Pins teach15's ``running`` in ``_stopping_unseen`` (mutated away, this fails)."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    dialog.cancel_button.click()
    until(qtbot, lambda: not process.running and dialog.close_button.isVisible(), seconds=30)
    outcome = window.statusBar().currentMessage()
    assert outcome.startswith("Cancelled. Still reading with"), outcome
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == outcome


def test_mnist_in_a_folder_inside_the_apps_is_not_said_to_be_off_this_computer(qtbot, tmp_path: Path) -> None:
    """MNIST's four files in a folder inside the one the app reads (unpacked one level too deep): Ctrl+R and Ctrl+T
    asked "They are not on this computer (looked in …/mnist). Download them now? About 11 MB", of files right there,
    where the command line says "They are in …/mnist/sub". The offer says where they are, and how the app reads them
    from there ($ROWREADER_DATA, read as it starts); the download is still offered."""
    below = tmp_path / "mnist" / "sub"
    below.mkdir(parents=True)
    for stem in FILES[True] + FILES[False]:
        (below / f"{stem}.gz").symlink_to(default_data_dir() / f"{stem}.gz")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(pretrained_path(), settings=settings, data_root=tmp_path / "mnist", user_dir=tmp_path / "u")
    qtbot.addWidget(window)
    assert not window.mnist_offer.ensure("Teaching mixes your examples with MNIST's digits.", lambda: None)
    said = window.mnist_offer.question.text()
    assert "not on this computer" not in said, said
    assert f"They are in {below}, a folder inside {tmp_path / 'mnist'}: set $ROWREADER_DATA to it" in said, said
    assert "Download them now?" in said, said
