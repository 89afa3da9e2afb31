"""The twenty-first round of hostile testing, teaching: "Teach it my handwriting" end to end (2 Dec 2026)."""

from __future__ import annotations

from pathlib import Path

from conftest import TINY
from gui_window import reading_a_copy_of_the_shipped_model

from rowreader import RowReader, save_checkpoint


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
    assert "(LSTM 24; the model in use: LSTM 256)" in message
    assert window.session.checkpoint.config.hidden_size == 256  # still reading with the model it had
