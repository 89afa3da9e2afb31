"""The forty-second round of hostile testing, windowkill: the app in a real window (Xvfb, openbox, xdotool) as a person
uses it, killed (SIGKILL, SIGTERM, SIGHUP) at swept times during Ctrl+K, Delete and Undo, a teach, an export and an
import and while switching models, then started again; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import window_without_model
from PySide6.QtWidgets import QFileDialog

from rowreader.checkpoint import pretrained_path


def test_the_export_dialog_opens_in_the_last_export_folder_not_where_any_dialog_was(qtbot, tmp_path, monkeypatch):
    """Teach ▸ Export examples… opened in the folder the last dialog of any kind had used: after Compare with… the
    package's own ``pretrained/`` folder, after Open image a folder of scans. It opens in the folder the last export
    went to, else in the home folder; the other dialogs go on starting where any of them chose last."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    window = window_without_model(qtbot, tmp_path)
    started: list[str] = []
    answers = iter([pretrained_path().parent, *(tmp_path / name for name in ("stick", "scans", "stick", "scans"))])

    def dialog(parent, title, start, *rest):
        started.append(start)
        answer = str(next(answers))
        return (str(Path(answer, "model.safetensors")), "") if rest else answer

    for folder in ("stick", "scans"):
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(dialog))
    monkeypatch.setattr(window.teaching, "export_folder", lambda folder: None)  # only the dialogs are looked at
    monkeypatch.setattr(window.teaching, "import_folder", lambda folder: None)
    window.files.choose("Compare with", "")  # a model in the package's pretrained/ chosen in it
    window.teaching.choose_export()  # never exported: the home folder (it was pretrained/), the stick chosen
    window.teaching.choose_import()  # an export's folder is any dialog's last, as before; scans/ chosen
    window.teaching.choose_export()  # the last export's folder, not the import's
    (tmp_path / "stick").rmdir()  # unplugged: home again
    window.teaching.choose_export()
    assert started == [str(home), str(home), str(tmp_path / "stick"), str(tmp_path / "stick"), str(home)]
    assert window.files.last_dir() == str(tmp_path / "scans")  # the other dialogs start where any chose last
