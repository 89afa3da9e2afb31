"""The fifty-ninth round of hostile testing, files9: files the app reads and lists as they change under it (an
opened model made a loop of links since). Each is said in the words loading it says, not the system's."""

from __future__ import annotations

import os
from pathlib import Path

from gui_window import open_shipped_window
from PySide6.QtWidgets import QMessageBox

from rowreader.checkpoint import pretrained_path


def test_fifty_ninth_files9_an_opened_model_now_a_loop_of_links_is_listed_in_the_loaders_words(
    qtbot, tmp_path: Path
) -> None:
    """An opened model whose file became a link that loops back on itself was listed "(cannot be read: Too many levels
    of symbolic links)", the system's words, while choosing it says the link "loops back on itself" and what to do.
    Now the menu says the loader's words too; the model in use stays."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    model = tmp_path / "other.safetensors"
    model.write_bytes(pretrained_path().read_bytes())
    window.open_model(model)
    qtbot.waitUntil(lambda: not window.tasks.busy and window.session.checkpoint.path == model, timeout=20_000)
    window.open_model(pretrained_path())
    qtbot.waitUntil(
        lambda: not window.tasks.busy and window.session.checkpoint.path == pretrained_path(), timeout=20_000
    )
    model.unlink()
    os.symlink(model.name, model)  # a link to itself
    choices = {path: text for text, path in window.teaching.models_menu.choices()}
    assert choices[model] == "Opened: other.safetensors (cannot be read: goes through a link that loops back on itself)"
    window.last_error = None
    window.open_model(model)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    assert "goes through a link that loops back on itself" in window.last_error[1]
    assert window.session.checkpoint.path == pretrained_path()
