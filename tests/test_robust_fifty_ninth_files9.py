"""The fifty-ninth round of hostile testing, files9: files the app reads, lists and writes as they change under it
(an opened model made a loop of links since; an export onto a disk that fills, or into a digit's folder it may not
write) or by odd names (Help ▸ About). Each is said as the rest of the app says it: a loop as loading says it, not
in the system's words; a full disk with how to finish; a name as the menu shows it; a folder refused as an import
names it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from gui_window import open_shipped_window, started_from_settings
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from test_robust_fifty_third_kill6 import disk_holding_two, three_sevens

from gui.about import about_text
from gui.user_folder import EXAMPLES_FOLDER
from rowreader import example_store
from rowreader.checkpoint import load_checkpoint, pretrained_path, save_checkpoint
from rowreader.example_store import ExampleStore
from rowreader.readable import readable


def refuse_writes_in(monkeypatch, folder: Path, code: int = errno.EACCES) -> None:
    """Every write of an example into ``folder`` refused with ``code`` as the system says it: root writes anywhere,
    whatever the mode bits, so the refusal is made where the store writes (``atomic_write_files``)."""
    real = example_store.atomic_write_files

    def refused(files, **kwargs):
        if Path(files[0][0]).parent == folder:
            raise PermissionError(code, os.strerror(code), str(files[0][0]))
        return real(files, **kwargs)

    monkeypatch.setattr(example_store, "atomic_write_files", refused)


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


def test_fifty_ninth_files9_the_last_model_used_now_a_loop_of_links_is_not_gone(qtbot, tmp_path: Path) -> None:
    """The last model used, made a loop of links since (`ls` lists it), was said at the next start to be "gone", as a
    deleted one is: the user looks for a file that is there. Now the start says what stands there, as it does of a
    folder or a pipe in its place."""
    model = tmp_path / "other.safetensors"
    os.symlink(model.name, model)  # a link to itself
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("model/path", str(model))
    window = started_from_settings(qtbot, settings, tmp_path / "user")
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()
    assert said == (
        "The last model used, other.safetensors, is a link that loops back on itself, not a model file: "
        "reading with the shipped model"
    )
    assert window.session.checkpoint.path == pretrained_path()


def test_fifty_ninth_files9_an_export_the_disk_filled_says_how_to_finish_it(qtbot, tmp_path, mnist_test, monkeypatch):
    """An export whose disk filled at its third example said "…: No space left on device. Any examples written before
    this are in DIR." and not how to finish it, which an import the disk filled says (kill6) and the note of an export
    cut short by the close says: export there again, what is there already left alone. Said now, and true: the export
    again writes the one left and counts the two as there already."""
    user = tmp_path / "user"
    three_sevens(user / EXAMPLES_FOLDER, mnist_test)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    target = tmp_path / "stick"
    disk_holding_two(monkeypatch, target / "7")
    window.teaching.export_folder(target)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=20_000)
    monkeypatch.undo()
    title, message = window.last_error
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    assert title == "Could not export examples" and "No space left on device" in message
    assert "export there again to finish it (what is there already is left alone)" in message
    assert len(list((target / "7").glob("*.png"))) == 2
    window.last_error = None
    window.teaching.export_folder(target)
    qtbot.waitUntil(lambda: not window.tasks.busy and window.statusBar().currentMessage().startswith("Exported"))
    assert window.statusBar().currentMessage().startswith("Exported 1 example to ")
    assert window.statusBar().currentMessage().endswith("; 2 were there already, the same files")
    assert window.last_error is None


def test_fifty_ninth_files9_about_names_the_model_file_as_the_rest_of_the_app_does(qtbot, tmp_path: Path) -> None:
    """Help ▸ About's "File:" line showed the model's path raw, under its "Model in use:" line that shows the name as
    the app shows names: a name with a newline read "new line.safetensors" (rich text makes it a space), U+202E
    turned the rest of the line round ("…/srotnefas.live"), and a byte not UTF-8 was dropped ("caf.safetensors"),
    each a file that is not there. Now each is shown as the menu and the status bar show it."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for name, shown in (
        ("new\nline.safetensors", "new\\nline.safetensors"),
        ("\u202eevil.safetensors", "\\u202eevil.safetensors"),
        ("caf\udcff.safetensors", "caf\u00ff.safetensors"),
    ):
        model = tmp_path / name
        model.write_bytes(pretrained_path().read_bytes())
        window.open_model(model)
        qtbot.waitUntil(lambda m=model: not window.tasks.busy and window.session.checkpoint.path == m, timeout=20_000)
        text = about_text(window, width=4000)  # wide enough that no line is wrapped
        assert f"Model in use: {shown} (" in text
        assert f"File: {readable(str(tmp_path))}/{shown}<br>" in text
        assert not any(odd in text for odd in ("\n", "\u202e", "\udcff"))


def test_fifty_ninth_files9_about_shows_a_models_own_words_on_their_own_lines(qtbot, tmp_path: Path) -> None:
    """A model file is anyone's, and About showed its "dataset" and "date" raw: a U+202E in what it learnt from
    turned the rest of its line and the app's own "Made: …" line below round, and a newline ran its words into the
    next (rich text makes it a space). Now they are shown as names are, their control characters escaped, each line
    the app's."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    shipped = load_checkpoint(pretrained_path())
    model = tmp_path / "theirs.safetensors"
    save_checkpoint(
        model, shipped, {**shipped.metadata, "dataset": "MNIST\u202e + 40000 more\nMade: today", "date": "x\ny"}
    )
    window.open_model(model)
    qtbot.waitUntil(lambda: not window.tasks.busy and window.session.checkpoint.path == model, timeout=20_000)
    text = about_text(window, width=4000)
    assert "Learnt from: MNIST\\u202e + 40,000 more\\nMade: today<br>Made: x\\ny</p>" in text


def test_fifty_ninth_files9_an_export_into_a_digit_folder_it_may_not_write_writes_the_other_digits(
    tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """The folder exported to held a 3/ it may not write (another user's, made read-only): the export of 3s and 4s
    ended at its first 3, "cannot write to …/3: Permission denied", the 4s never written, where an import into such
    a folder names its pictures and copies the other digits. Now the 3s are named, each left out, and the 4s written;
    a disk that is full still ends it (the test above)."""
    store = ExampleStore(tmp_path / "examples")
    for digit in (3, 3, 4):
        store.add(digit, mnist_test[0][(mnist_test[1] == digit).nonzero()[0][len(list(store.root.glob(f"{digit}/*")))]])
    target = tmp_path / "shared"
    (target / "3").mkdir(parents=True)
    refuse_writes_in(monkeypatch, target / "3")
    done = store.export_folder(target)
    assert done.written == 1 and [p.name for p in (target / "4").glob("*.png")] == [store.load().examples[-1].path.name]
    assert sorted(done.skipped) == sorted(
        f"{target / '3' / e.path.name}: cannot write to {target / '3'}: Permission denied"
        for e in store.load().examples
        if e.label == 3
    )
