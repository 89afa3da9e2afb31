"""The fifty-second round of hostile testing, review24: the fifty-first round's later merges (records3, outs,
settings2, hypo5, teach200, a11y6, leftovers6) read as a hostile reviewer, each claim tried just past its edges. Here:
settings2's copy of a hand-edited settings file, given a file saved "UTF-8 with BOM" and a value ending in a
backslash, read by the app at its start offscreen with pytest-qt and by Qt's own INI reading; each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import json
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QSettings

import rowreader.cli
from gui.hand_edits import lost_lines
from gui.main_window import MainWindow
from rowreader.cli import main


@pytest.fixture
def conf(app_names) -> Iterator[Path]:
    """Where QSettings() reads and writes, a file of this test's own, emptied of this test's files after it (as
    settings2's tests do: Qt fixes its folder at its first QSettings in a process)."""
    app_names.setApplicationName("RowReader-review24")
    path = Path(QSettings().fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    yield path
    for made in path.parent.glob(f"{path.name}*"):
        made.rmdir() if made.is_dir() else made.unlink()


def _qt_keeps(data: bytes) -> dict[str, object]:
    """What Qt's INI reading makes of ``data``, once it has saved it back (what the user has after a close)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "RowReader.conf")
        path.write_bytes(data)
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        settings.setValue("zz/saved", "1")
        settings.sync()
        again = QSettings(str(path), QSettings.Format.IniFormat)
        return {key: again.value(key) for key in again.allKeys() if key != "zz/saved"}


# a user's folder written the Windows way, and the next line a setting of its own
GOES_ON = b"[models]\nfolder=D:\\digits\\\n[scan]\nrows_per_second=3\n"


def test_a_value_ending_in_a_backslash_loses_the_next_line_and_a_copy_is_kept(qtbot, conf: Path) -> None:
    """`folder=D:\\digits\\` then `[scan]` and `rows_per_second=3`: Qt reads a line's last backslash as escaping its
    end, the next line read into the value, so the scan's section was gone at the first close (the speed put in
    [models], `folder="D:\\digits[scan]"`), yet :func:`lost_lines` named nothing and no copy was kept, settings2's
    promise broken without a word. The line that goes on is named lost, and the copy kept."""
    assert "scan/rows_per_second" not in _qt_keeps(GOES_ON)  # what Qt does, as the fix reads it
    assert lost_lines(GOES_ON) == ["folder=D:\\digits\\"]
    assert lost_lines(b"[a]\nk=C:\\\\\nbrush=3\n") == []  # an escaped backslash ends the line: Qt keeps both
    assert lost_lines(b"[a]\nk=C:\\ \nbrush=3\n") == []  # a backslash before a space escapes the space
    conf.write_bytes(GOES_ON)
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
    qtbot.waitUntil(lambda: "RowReader-review24.conf.hand-edited" in window.status.shown, timeout=5_000)
    window.close()
    assert conf.with_name(f"{conf.name}.hand-edited").read_bytes() == GOES_ON


BOM = b"\xef\xbb\xbf[scan]\nrows_per_second=3\n"


def test_a_settings_file_saved_with_a_bom_is_read_and_no_copy_is_made(qtbot, conf: Path) -> None:
    """A settings file saved by an editor as "UTF-8 with BOM": Qt skips the BOM and keeps every line, yet
    :func:`lost_lines` named its first line lost ("\\ufeff[scan]", the BOM unseen), so a copy was made and the
    status bar said `Lines … cannot keep ("[scan]")`, a line Qt keeps. Nothing is named, no copy made, nothing
    said, and the setting is read."""
    assert _qt_keeps(BOM) == {"scan/rows_per_second": "3"}
    assert lost_lines(BOM) == []
    assert lost_lines(b"\xef\xbb\xbf; mine\n[scan]\n") == ["; mine"]  # a comment after it is still lost
    conf.write_bytes(BOM)
    window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
    assert window.settings.value("scan/rows_per_second") == "3"
    qtbot.wait(200)
    assert "hand-edited" not in window.status.shown
    window.close()
    assert not list(conf.parent.glob(f"{conf.name}.hand*"))


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_evaluate_json_stopped_between_loading_and_its_head_writes_a_whole_document(
    capsys, monkeypatch, signum, status
) -> None:
    """records3 and leftovers6 gave `evaluate --json` a whole document for a stop while loading (`{}`) and one from
    its head on, yet the lines between (the digits counted, `--limit` applied) lay outside both handlers: a stop
    there (as the MNIST test digits were counted in words) left stdout empty, `json.loads` failing, and stderr a bare
    "interrupted". It is written `{}` and said as a stop before the results, as on either side of it."""
    real = rowreader.cli.counted

    def stopping(count: int, noun: str, *args: object, **kwargs: object) -> str:
        if noun == "MNIST test digit":
            signal.raise_signal(signum)
        return real(count, noun, *args, **kwargs)

    monkeypatch.setattr(rowreader.cli, "counted", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == status
    assert json.loads(out) == {}
    assert "before the results were written; the document holds no results" in err
