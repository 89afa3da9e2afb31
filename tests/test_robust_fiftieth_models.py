"""The fiftieth round of hostile testing, models: the models opened from elsewhere remembered from one start to the next
(a recent-files list in the app's settings: moved, deleted, damaged, foreign or changed files named so, never loaded
at a start, at most five, each to be forgotten), and models opened as a hostile user opens them (another network's
size, files written over, emptied or swapped by a picture, one file by two names); each test checked to fail on the
code before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from gui_window import open_shipped_window, opened_menu, started_from_settings
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow
from gui.models_menu import MAX_RECENT_MODELS
from gui.opened_models import OPENED_KEY, read_opened
from rowreader.checkpoint import CUT_SHORT_REMEDY, CheckpointError, pretrained_path, read_metadata

PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _opened(qtbot, window: MainWindow, model: Path) -> None:
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)


def _texts(window: MainWindow) -> list[str]:
    return [text for text, _ in window.teaching.models_menu.choices()]


def _a_window_that_opened(qtbot, tmp_path: Path, models: list[Path]) -> MainWindow:
    """The shipped window (settings in ``tmp_path``) that opened each of ``models`` (copies of the shipped one, made
    here) and went back to the shipped model."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for model in models:
        model.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pretrained_path(), model)
        _opened(qtbot, window, model)
    _opened(qtbot, window, pretrained_path())
    return window


def test_fiftieth_models_a_model_opened_is_in_the_models_menu_after_a_restart(qtbot, tmp_path: Path) -> None:
    """A model opened from elsewhere ("Opened: …" in the Models menu) was remembered for the session only: after a
    restart a user's own checkpoint was gone from the menu, to be hunted for again with Ctrl+M. It is now remembered
    in the settings, listed at the next start, newest first, and not read there (the shipped model, last used,
    reads)."""
    older, newer = tmp_path / "runs" / "older.safetensors", tmp_path / "dl" / "newer.safetensors"
    _a_window_that_opened(qtbot, tmp_path, [older, newer]).close()
    again = started_from_settings(qtbot, _settings(tmp_path), tmp_path / "user")
    assert again.session.checkpoint.path == pretrained_path()
    opened = [(text, path) for text, path in again.teaching.models_menu.choices() if text.startswith("Opened: ")]
    assert opened == [("Opened: newer.safetensors", newer), ("Opened: older.safetensors", older)]


def test_fiftieth_models_remembered_models_changed_gone_or_foreign_since_are_named_so(
    qtbot, tmp_path: Path, tiny_base: Path
) -> None:
    """Remembered models are looked at again at the next start, none read blindly: one written over since (another
    network saved to its name) says "(changed since it was opened)"; one deleted, why it cannot be read; one
    replaced by a picture or emptied said "(damaged: cannot be read)", which invites deleting it as a broken model,
    and now says what it is. Choosing the changed one reads it as it is now (24 units), and its note goes."""
    names = ("changed", "gone", "picture", "emptied", "sound")
    changed, gone, picture, emptied, sound = (tmp_path / "runs" / f"{name}.safetensors" for name in names)
    _a_window_that_opened(qtbot, tmp_path, [changed, gone, picture, emptied, sound]).close()
    changed.write_bytes(tiny_base.read_bytes())
    gone.unlink()
    picture.write_bytes(PNG)
    emptied.write_bytes(b"")
    again = started_from_settings(qtbot, _settings(tmp_path), tmp_path / "user")
    assert again.session.checkpoint.path == pretrained_path()
    texts = _texts(again)
    assert "Opened: sound.safetensors" in texts
    assert "Opened: emptied.safetensors (not a model: an empty file)" in texts
    assert "Opened: picture.safetensors (not a model: a PNG picture)" in texts
    assert "Opened: gone.safetensors (cannot be read: No such file or directory)" in texts
    assert "Opened: changed.safetensors (changed since it was opened)" in texts
    _opened(qtbot, again, changed)
    assert again.session.checkpoint.config.hidden_size == 24
    assert "Opened: changed.safetensors" in _texts(again)


def test_fiftieth_models_an_opened_model_can_be_forgotten(qtbot, tmp_path: Path) -> None:
    """Remembered for good, a model opened once by mistake would stay in the menu until four others pushed it out.
    Models ▸ Forget opened lists each; choosing one takes it off the menu, now and at the next start; its file is
    left as it is."""
    keep, drop = tmp_path / "keep.safetensors", tmp_path / "drop.safetensors"
    window = _a_window_that_opened(qtbot, tmp_path, [keep, drop])
    menu = window.teaching.models_menu
    opened_menu(menu)
    assert menu.forgetting.menuAction() in menu.actions()
    (item,) = [act for act in menu.forgetting.actions() if act.toolTip() == str(drop)]
    item.trigger()
    assert "Opened: drop.safetensors" not in _texts(window)
    assert drop.is_file()
    window.close()
    again = started_from_settings(qtbot, _settings(tmp_path), tmp_path / "user")
    assert [path for text, path in again.teaching.models_menu.choices() if text.startswith("Opened: ")] == [keep]


@given(
    size=st.one_of(st.integers(-5, 10**12), st.text(max_size=8)),
    entries=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), max_size=8),
)
def test_fiftieth_models_a_hand_edited_list_of_opened_models_reads_at_most_five_paths(
    tmp_path_factory, size: object, entries: list[tuple[str, str]]
) -> None:
    """The list as a hand-edited settings file may hold it (any size, any text for a path or a stamp) reads as at
    most MAX_RECENT_MODELS paths, each once, whatever is not a path dropped, and never raises."""
    settings = QSettings(str(tmp_path_factory.mktemp("hand") / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(f"{OPENED_KEY}/size", size)
    for index, (path, stamp) in enumerate(entries, start=1):
        settings.setValue(f"{OPENED_KEY}/{index}/path", path)
        settings.setValue(f"{OPENED_KEY}/{index}/stamp", stamp)
    found = read_opened(settings, MAX_RECENT_MODELS)
    paths = [path for path, _ in found]
    assert len(paths) <= MAX_RECENT_MODELS
    assert len(set(paths)) == len(paths)


def test_fiftieth_models_a_model_with_bytes_after_its_end_is_not_called_cut_off(tmp_path: Path) -> None:
    """A model file grown past its end (`truncate -s 2G m.safetensors`, a sparse 2 GB file; a download appended to
    it) was "not a readable safetensors file (truncated or foreign?): the header declares 1,606,184 bytes of tensor
    data, the file holds 2,147,479,272 (cut off?)": cut off, of a file 1,300 times longer than its model. It now
    says it is a RowReader checkpoint with bytes after its end, how many, and what to do; at once, none read."""
    model = tmp_path / "grown.safetensors"
    shutil.copyfile(pretrained_path(), model)
    os.truncate(model, 2 * 1024**3)
    with pytest.raises(CheckpointError) as refused:
        read_metadata(model)
    why = str(refused.value)
    assert "cut off" not in why and "truncated" not in why
    extra = 2 * 1024**3 - pretrained_path().stat().st_size
    assert f"a RowReader checkpoint with {extra:,} bytes after its end" in why
    assert CUT_SHORT_REMEDY in why


def test_fiftieth_models_one_file_opened_by_two_names_is_listed_once(qtbot, tmp_path: Path) -> None:
    """A model opened by its name, then by a link to it (`ln -s runs/m.safetensors best.safetensors`), was listed
    twice, "Opened: best.safetensors" and "Opened: m.safetensors", one model taking two of the five places (and
    remembered twice for the next start). It is listed once, by the name it was opened by last."""
    real = tmp_path / "runs" / "m.safetensors"
    link = tmp_path / "best.safetensors"
    window = _a_window_that_opened(qtbot, tmp_path, [real])
    link.symlink_to(real)
    _opened(qtbot, window, link)
    opened = [(text, path) for text, path in window.teaching.models_menu.choices() if text.startswith("Opened: ")]
    assert opened == [("Opened: best.safetensors", link)]
    assert [path for path, _ in read_opened(_settings(tmp_path), MAX_RECENT_MODELS)] == [link]


def test_fiftieth_models_the_last_model_used_changed_since_is_said_so_at_the_start(
    qtbot, tmp_path: Path, tiny_base: Path
) -> None:
    """The model last used is read again at the next start: written over meanwhile (a training run's next epoch to
    the same --out, another network of 24 units), it was read without a word, "Now reading with m.safetensors", as
    if it were the model the user had left. The start now says it changed since it was last read, and reads it as
    it is now; one unchanged is as before."""
    model = tmp_path / "runs" / "m.safetensors"
    window = _a_window_that_opened(qtbot, tmp_path, [model])
    _opened(qtbot, window, model)
    window.close()
    model.write_bytes(tiny_base.read_bytes())
    again = started_from_settings(qtbot, _settings(tmp_path), tmp_path / "user")
    assert again.session.checkpoint.path == model and again.session.checkpoint.config.hidden_size == 24
    said = again.statusBar().toolTip() or again.statusBar().currentMessage()
    assert said == "The last model used, m.safetensors, changed since it was last read: reading it as it is now"
    again.close()
    third = started_from_settings(qtbot, _settings(tmp_path), tmp_path / "user")
    assert (third.statusBar().toolTip() or third.statusBar().currentMessage()) == "Now reading with m.safetensors"


def test_fiftieth_models_the_model_compared_with_swapped_under_the_app_is_said_so(
    qtbot, tmp_path: Path, tiny_base: Path
) -> None:
    """A model compared with, its file then written over (another network of 24 units copied to its name), was
    still "Compared: other.safetensors" in the Models menu, like the model read beside, though choosing it reads
    another. It now says "(changed since it was opened)"; the model read beside is the one read then."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    other = tmp_path / "other.safetensors"
    shutil.copyfile(pretrained_path(), other)
    window.compare_with(other)
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    assert "Compared: other.safetensors" in _texts(window)
    other.write_bytes(tiny_base.read_bytes())
    assert "Compared: other.safetensors (changed since it was opened)" in _texts(window)
    assert window.comparison.checkpoint.config.hidden_size == 256


def test_fiftieth_models_an_opened_model_written_over_as_it_was_read_is_said_changed(
    qtbot, tmp_path: Path, tiny_base: Path, monkeypatch
) -> None:
    """An opened model's file was looked at (its size and time of change) only once it was in use, a moment after it
    was read: a training run writing its next epoch to that name in between was taken for the model read, and the
    menu never said it had changed. It is looked at just before it is read: such a model says "(changed since it
    was opened)"."""
    import gui.model_loading

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    model = tmp_path / "runs" / "m.safetensors"
    model.parent.mkdir()
    shutil.copyfile(pretrained_path(), model)
    read = gui.model_loading.load_for_reading

    def written_over_meanwhile(path):  # the next epoch's atomic write, right after this read
        checkpoint = read(path)
        (tmp_path / "next.safetensors").write_bytes(tiny_base.read_bytes())
        os.replace(tmp_path / "next.safetensors", model)
        return checkpoint

    monkeypatch.setattr(gui.model_loading, "load_for_reading", written_over_meanwhile)
    _opened(qtbot, window, model)
    assert window.session.checkpoint.config.hidden_size == 256
    assert "Opened: m.safetensors (changed since it was opened)" in _texts(window)
