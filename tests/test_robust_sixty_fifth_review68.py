"""The sixty-fifth round's review68: live9's ``reading_on`` and cli21's shell words, tried as a hostile user would.
Each test was seen failing on the code before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QApplication
from test_robust_sixty_fifth_live9 import seek_cut_short_at_row_9, window_at_home

from rowreader.model import ROWS
from rowreader.output import shell_word


def test_a_seek_cut_short_leaves_the_window_at_the_row_it_stopped_at(qtbot, tmp_path) -> None:
    """An observer that raised on row 9 of End after Home stopped the seek there: the views caught up as they painted,
    but the status line still said "row 0/28", Home and Step back stayed disabled (nothing to go back to, they said)
    and the row band sat above the drawing, until the next change. The window catches up in the next pass too."""
    window = window_at_home(qtbot, tmp_path)
    band_at_home = window.canvas.row_band
    seek_cut_short_at_row_9(window)
    QApplication.processEvents()
    assert window.session.position == 9
    assert window.status.position_label.text() == f"Paused  ·  row 9/{ROWS}"
    assert window.actions_.first.isEnabled() and window.actions_.back.isEnabled()
    assert window.canvas.row_band != band_at_home


# every C0 and C1 control, the bidirectional ones, ' and \ and bytes not UTF-8, beside letters of 2, 3 and 4 bytes
HOSTILE_NAMES = [
    *(f"{chr(c)}é.png" for c in (*range(1, 32), *range(127, 160))),
    "it's\\n\u2028\u202e€𝟘.png",
    *(os.fsdecode(bytes([byte]) + "é".encode()) for byte in range(0x80, 0x100)),
]


@pytest.mark.skipif(shutil.which("bash") is None, reason="$'…' is bash's (zsh's, ksh's) quoting")
@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_a_suggested_name_is_the_files_bytes_to_bash_in_any_locale(locale: str) -> None:
    """A C1 control (a UTF-8 name's U+0085) or U+202E was written `$'\\u0085'`, which bash makes the character only in
    a UTF-8 locale: under LANG=C (a container, a bare ssh) it gave back a backslash, a u and 0085, another name. They
    are written as their UTF-8 bytes, `$'\\xc2\\x85'`, which bash gives back in every locale."""
    words = " ".join(shell_word(name) for name in HOSTILE_NAMES)
    assert len(words.splitlines()) == 1
    env = {"PATH": os.environ["PATH"], "LC_ALL": locale}
    printed = subprocess.run(
        ["bash", "-c", f"printf '%s\\0' {words}"], capture_output=True, env=env, check=True, timeout=10
    ).stdout
    assert printed.split(b"\0")[:-1] == [os.fsencode(name) for name in HOSTILE_NAMES]


def test_a_refused_name_longer_than_any_path_is_quoted_as_a_short_one_is() -> None:
    """`training.merge --out` refuses a folder's name quoted as typed, 'a\\x1b/' for an ESC and 'a\\\\x1b/' for a
    backslash typed before x1b; longer than any path, its shortened ends went unquoted: both were said a\\x1b…, and a
    byte not UTF-8 went raw to the terminal (shown as U+FFFD). They are quoted as the whole name is."""
    from rowreader.paths import output_name_problem

    tail = "b" * 4200 + "\udcff/"
    escape, typed = output_name_problem("a\x1b" + tail), output_name_problem("a\\x1b" + tail)
    assert escape is not None and typed is not None
    assert "got 'a\\x1bbbb" in escape and "got 'a\\\\x1bbbb" in typed
    assert escape.endswith("bbb\\udcff/' (4,204 characters)")
    assert "\x1b" not in escape and "\udcff" not in escape
