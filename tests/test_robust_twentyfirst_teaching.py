"""The twenty-first round of hostile testing, teaching: "Teach it my handwriting" end to end (2 Dec 2026)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import TINY
from gui_window import reading_a_copy_of_the_shipped_model, teach_under_way

from rowreader import RowReader, save_checkpoint
from rowreader.checkpoint import pretrained_path


def test_a_model_whose_file_was_replaced_by_another_network_is_not_taught(qtbot, tmp_path: Path) -> None:
    """The window read with an opened model (the shipped one's weights, MNIST 99.41 %) whose file was then replaced by
    another network; Ctrl+T taught the file as it now was, without a word, and the window switched to the result: the
    dialog said "MNIST 9.30 % → 19.15 %" of a model nobody had read with. It is refused before anything starts."""
    model = tmp_path / "opened.safetensors"
    window = reading_a_copy_of_the_shipped_model(qtbot, tmp_path, model)
    save_checkpoint(model, RowReader(TINY), force=True)
    window.teaching.teach()
    qtbot.waitUntil(lambda: not window.teaching.preparing, timeout=20_000)
    assert window.teaching.process is None and window.teaching.dialog is None
    title, message = window.last_error
    assert title == "Nothing to teach"
    assert f"The file of the model in use, {model}, was replaced since it was opened" in message
    assert "(LSTM 2×24; the model in use: LSTM 256)" in message
    assert window.session.checkpoint.config.hidden_size == 256  # still reading with the model it had


def test_switch_back_to_a_model_whose_file_was_replaced_since_says_so(qtbot, tmp_path: Path) -> None:
    """The model taught from had its file replaced by another network while it was taught (or after); Switch back
    read the file as it then was and said "Now reading with opened.safetensors again, as before teaching" beside an
    LSTM 32 that read MNIST at 10 %. It says the file holds another model now and offers it no more; chosen in the
    Models menu, it is read (the user asked for that file), and the dialog says what it is."""
    model = tmp_path / "opened.safetensors"
    window = reading_a_copy_of_the_shipped_model(qtbot, tmp_path, model)
    teaching = window.teaching
    taught = teach_under_way(window, model, "mine-20261202-150000-abcdef.safetensors", heldout=[(0, 0.9), (2, 1.0)])
    shutil.copyfile(pretrained_path(), taught)
    save_checkpoint(model, RowReader(TINY), force=True)  # while it is taught
    teaching._taught(taught)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == taught and not window.tasks.busy, timeout=20_000)
    dialog = teaching.dialog
    teaching.switch_back()  # the dialog's Switch back
    assert dialog.status.text() == (
        "The model you had before teaching, opened.safetensors, was replaced (its file holds another model now): "
        f"still reading with {taught.name}."
    )
    assert dialog.switch_back_button.isHidden() and dialog.compare_button.isHidden()
    assert window.session.checkpoint.path == taught and not window.tasks.busy
    window.open_model(model)  # Models ▸ Opened: opened.safetensors
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    assert "as before teaching" not in dialog.status.text() and "and the window reads that" in dialog.status.text()
