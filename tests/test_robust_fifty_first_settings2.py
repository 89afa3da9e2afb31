"""The fifty-first round of hostile testing, settings2: the app's settings file edited by hand, as a user edits it
(a line without "=", comments, a value saved in Latin-1, an unclosed section), then read by the app and written back
by Qt at the close, offscreen with pytest-qt in the app's own settings folder; Qt's INI reading of generated files
set beside what the app says it drops; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from gui.hand_edits import lost_lines
from gui.main_window import MainWindow

# as a user writes it: Qt's save keeps [scan], brush and the speed's section, and drops the rest
HAND_EDITED = (
    "; my settings: slow scan for the demo\n[scan]\nrows_per_second 3\nbrush=2 ; thick\n\n[models]\npath=caf\xe9\n"
).encode("latin-1")


@pytest.fixture
def conf(app_names) -> Iterator[Path]:
    """Where QSettings() reads and writes, a file of this test's own (see the forty-eighth round's newer-settings
    test: Qt fixes its folder at its first QSettings in a process), emptied of this test's files after it."""
    app_names.setApplicationName("RowReader-hand-edited")
    path = Path(QSettings().fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    yield path
    for made in path.parent.glob(f"{path.name}*"):
        made.rmdir() if made.is_dir() else made.unlink()


def test_a_hand_edited_settings_file_is_kept_before_qt_writes_over_it(qtbot, conf: Path) -> None:
    """A settings file edited by hand (a comment, `rows_per_second 3` without "=", "café" saved in Latin-1): the
    close's save wrote it back without them, and nothing was said. A copy of the file as written is kept beside it
    before the app can write, `RowReader.conf.hand-edited`, and the status bar says so once; a second start of the
    same file names that copy again, and an earlier copy of other bytes, or a folder, is never written over (`-3`
    then)."""
    earlier = conf.with_name(f"{conf.name}.hand-edited")
    earlier.write_bytes(b"[scan]\nrows_per_second 9\n")
    folder = conf.with_name(f"{conf.name}.hand-edited-2")
    folder.mkdir()
    conf.write_bytes(HAND_EDITED)
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
    qtbot.waitUntil(lambda: "RowReader-hand-edited.conf.hand-edited-3" in window.status.shown, timeout=5_000)
    window.close()
    copy = conf.with_name(f"{conf.name}.hand-edited-3")
    assert copy.read_bytes() == HAND_EDITED
    assert earlier.read_bytes() == b"[scan]\nrows_per_second 9\n"
    assert b"rows_per_second 3" not in conf.read_bytes()  # Qt's save, as before: the copy is what keeps it
    conf.write_bytes(HAND_EDITED)  # the same file again: its copy is there already
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
    qtbot.waitUntil(lambda: "hand-edited-3" in window.status.shown, timeout=5_000)
    window.close()
    assert sorted(p.name for p in conf.parent.glob(f"{conf.name}.hand*")) == [earlier.name, folder.name, copy.name]
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))  # as Qt wrote it: nothing
    qtbot.wait(200)
    assert "hand-edited" not in window.status.shown
    window.close()
    assert sorted(p.name for p in conf.parent.glob(f"{conf.name}.hand*")) == [earlier.name, folder.name, copy.name]


LINE = st.text(alphabet='ab=;[]" \xe9\\/%', max_size=8)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=5))
def test_every_line_qt_cannot_read_is_named_as_lost(lines: list[str]) -> None:
    """What Qt's INI reading calls a format error (a line without "=", an unclosed section) is among the lines
    :func:`lost_lines` names, so that no file Qt writes back shorter goes without its copy; and a file it names
    nothing in reads back, once Qt has saved it, as it read before."""
    data = "\n".join(lines).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "RowReader.conf")
        path.write_bytes(data)
        read = QSettings(str(path), QSettings.Format.IniFormat)
        before = {key: read.value(key) for key in read.allKeys()}
        if read.status() == QSettings.Status.FormatError:
            assert lost_lines(data), data
        read.setValue("zz/saved", "1")
        read.sync()
        again = QSettings(str(path), QSettings.Format.IniFormat)
        after = {key: again.value(key) for key in again.allKeys() if key != "zz/saved"}
        if not lost_lines(data):
            assert after == before, data


def test_a_read_only_settings_file_is_not_written_over(qtbot, conf: Path, capfd) -> None:
    """A settings file made read-only (`chmod a-w`, to keep a demo's speed for good): where the user may write
    anyway (root; Qt's save renames a new file over it, which the folder allows) the close wrote it over and made
    it writable again (0o644). It is now read, held in memory and left as it is, its mode too; stderr and the status
    bar say so at the start."""
    conf.write_bytes(b"[scan]\nrows_per_second=3\n")
    conf.chmod(0o444)
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
    assert window.settings.value("scan/rows_per_second") == "3"
    qtbot.waitUntil(lambda: "Settings cannot be saved" in window.status.shown, timeout=5_000)
    assert "is read-only" in window.status.shown
    window.settings.setValue("scan/rows_per_second", 12)
    window.close()
    assert conf.read_bytes() == b"[scan]\nrows_per_second=3\n"
    assert conf.stat().st_mode & 0o777 == 0o444
    assert f"{conf} is read-only: read, and left as it is" in capfd.readouterr().err
