"""The sixty-sixth round, lead: the CI's failure of 7 Dec (one undo in two windows at once wrote a second copy), and
what the lead found trying the app and its commands (docs/robustness.md says what was tried)."""

import time

import pytest
from test_robust_twentyeighth_library import at_once, met_at
from test_robust_twentysixth_library import bar_of_ink

from rowreader import atomic, example_store
from rowreader.example_store import SIDECAR_SUFFIX, ExampleStore


def _sidecar_placed_late(monkeypatch, pause_s: float = 0.3) -> None:
    """Every writer pauses between placing a picture and placing its sidecar: the instant the CI's run met by
    chance (the other window's picture there, its sidecar not yet), made to last."""
    real = atomic._place_new

    def late(tmp, path):
        if str(path).endswith(SIDECAR_SUFFIX):
            time.sleep(pause_s)
        return real(tmp, path)

    monkeypatch.setattr(atomic, "_place_new", late)


def test_one_delete_undone_in_two_windows_while_the_first_is_between_its_renames_comes_back_once(tmp_path, monkeypatch):
    """The CI of fa17728f: the second undo found the name taken, looked, saw the picture and no sidecar yet, and wrote
    the example again under a new name (two copies of one drawing). It waits for the other's sidecar now."""
    store = ExampleStore(tmp_path)
    removed = store.remove(store.add(3, bar_of_ink()))
    met_at(monkeypatch, example_store, "_name_fits")
    _sidecar_placed_late(monkeypatch)
    back = at_once(lambda: ExampleStore(tmp_path).restore(removed), lambda: ExampleStore(tmp_path).restore(removed))
    assert [b.path for b in back] == [removed.path, removed.path], back
    assert {p.name for p in (tmp_path / "3").iterdir()} == {removed.path.name, removed.path.stem + ".json"}


def test_one_folder_exported_twice_while_the_first_is_between_its_renames_is_found_there_once(tmp_path, monkeypatch):
    """The export's twin of the undo above: the second export named the example "already exists, left as it is"."""
    store = ExampleStore(tmp_path / "examples")
    store.add(3, bar_of_ink())
    met_at(monkeypatch, example_store, "_name_fits")
    _sidecar_placed_late(monkeypatch)
    done = at_once(lambda: store.export_folder(tmp_path / "out"), lambda: store.export_folder(tmp_path / "out"))
    assert sorted((d.written, d.skipped, d.already_there) for d in done) == [(0, [], 1), (1, [], 0)], done


@pytest.mark.parametrize("left", ["alone", "beside another's sidecar"])
def test_a_picture_a_killed_writer_left_without_its_sidecar_is_waited_for_only_a_moment(tmp_path, monkeypatch, left):
    """A writer killed between its two renames, after the undo looked and before it wrote (its
    first look saw no file there), leaves the very picture
    without its sidecar for good: the undo waits at most ``PAIR_SETTLES_S`` for it, then writes the example under a
    new name; where another sidecar is there, not ours, it does not wait at all."""
    store = ExampleStore(tmp_path)
    removed = store.remove(store.add(3, bar_of_ink()))
    monkeypatch.setattr(example_store, "PAIR_SETTLES_S", 0.5)
    real = example_store._write_files

    def killed_writer_first(path, *files, **kwargs):
        if path == removed.path and not path.exists():  # once: the undo's own name
            path.write_bytes(removed.picture)
            if left != "alone":
                path.with_suffix(SIDECAR_SUFFIX).write_text('{"format": "another"}')
        return real(path, *files, **kwargs)

    monkeypatch.setattr(example_store, "_write_files", killed_writer_first)
    started = time.monotonic()
    back = store.restore(removed)
    waited = time.monotonic() - started
    assert back.path != removed.path and back.path.read_bytes() == removed.picture
    assert back.path.with_suffix(SIDECAR_SUFFIX).read_bytes() == removed.sidecar
    assert (0.5 <= waited < 3.0) if left == "alone" else waited < 0.5, waited


def test_a_file_dialog_tells_types_by_name_never_reading_a_file(qtbot, tmp_path):
    """Typing "/proc/" into the Save drawing dialog's name box (a real window, as root) froze the window for good:
    Qt's own icon provider read /proc/kmsg on the window's thread to tell its type, and that read waits for the
    kernel's next message. A dialog of the window tells types by names now: a file named "notes" holding a PNG is
    not a "PNG image" (Qt read it to say so), and "a digit.png" holding text is one."""
    from gui_window import shown
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView

    from gui.file_icons import NameOnlyIcons
    from gui.main_window import MainWindow

    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "notes").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "a digit.png").write_text("not a picture at all")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("files/last_dir", str(folder))
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    seen: dict[str, object] = {}

    def types(view: QTreeView) -> dict[str, str]:
        model, root = view.model(), view.rootIndex()
        rows = [(model.index(r, 0, root).data(), model.index(r, 2, root).data()) for r in range(model.rowCount(root))]
        return dict(rows)

    def look(polls: int = 0) -> None:  # in the dialog's own event loop; each look gives the listing time
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
        seen["provider"] = type(dialog.iconProvider())
        seen["types"] = types(dialog.findChild(QTreeView, "treeView"))
        if (len(seen["types"]) == 2 and all(seen["types"].values())) or polls == 400:
            dialog.reject()
        else:
            QTimer.singleShot(50, lambda: look(polls + 1))

    QTimer.singleShot(0, look)
    assert window.files.choose("Open image", "All files (*)") == ""
    assert seen["provider"] is NameOnlyIcons
    assert "PNG" not in seen["types"]["notes"] and "PNG" in seen["types"]["a digit.png"], seen
