"""The forty-fifth round of hostile testing, review: what the forty-fourth round and its last review commits changed
(the one socket probe of the app's start, the note of an export the window's close cut short, Stop pressed twice, a
teach's newest pictures), read for its edges and then tried as a user; each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from gui_window import open_shipped_window

from gui.__main__ import no_compositor, unreachable_display
from gui.example_transfer import CUT_SHORT_FILES, cut_short_noted, cut_short_words, note_cut_short

CUT_SHORT_FILE = CUT_SHORT_FILES["export"]


@contextmanager
def _busy_server(address: str) -> Iterator[None]:
    """A server listening at the Unix socket ``address`` whose queue of connections not yet accepted is full, as a
    compositor's or an X server's is while it is busy: a further connection is refused for now (EAGAIN)."""
    with ExitStack() as held:
        server = held.enter_context(socket.socket(socket.AF_UNIX))
        server.bind(address)
        server.listen(0)
        for _ in range(64):  # the queue holds one connection at a backlog of 0; the loop ends at the first refusal
            client = held.enter_context(socket.socket(socket.AF_UNIX))
            client.setblocking(False)
            try:
                client.connect(address)
            except BlockingIOError:
                break
        else:
            pytest.fail("the server's queue never filled")
        yield


def test_a_busy_compositor_is_not_taken_for_none(tmp_path):
    """A Wayland compositor whose queue of new connections was full (busy) was said not to be there: "no Wayland
    compositor answers at … (nothing listens there)", and the app refused to start, status 2. The probe took only a
    timeout for "busy", where Linux refuses such a connection at once (EAGAIN, BlockingIOError); it is now "may
    answer", and the start goes on to Qt, as it does for one that accepts."""
    with tempfile.TemporaryDirectory(prefix="rr") as runtime, _busy_server(str(Path(runtime, "wayland-7"))):
        assert no_compositor("wayland", {"XDG_RUNTIME_DIR": runtime, "WAYLAND_DISPLAY": "wayland-7"}) is None


def _unused_display_number() -> int:
    """A display number whose abstract X socket nothing holds now: one fixed by the pid alone met a real server's
    now and then (an Xvfb another job started), and the test's own bind failed with EADDRINUSE, not its claim."""
    first = 7000 + os.getpid() % 2000  # two test runs start at two numbers
    for number in range(first, first + 200):
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.bind(f"\0/tmp/.X11-unix/X{number}")
            except OSError:
                continue
        return number
    pytest.fail(f"display numbers {first}–{first + 199} are all held")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an abstract socket name is Linux's alone")
def test_a_busy_x_server_is_not_taken_for_none():
    """An X server listening at its abstract name (as Xorg and Xvfb do on Linux) whose queue was full was "no X server
    answers at $DISPLAY=:N (nothing listens on /tmp/.X11-unix/XN)", the app refused; it may answer, and is left to
    Qt."""
    number = _unused_display_number()
    with _busy_server(f"\0/tmp/.X11-unix/X{number}"):
        assert unreachable_display(f":{number}") is None


def _words(folder: str, written: int) -> str:
    return cut_short_words("export", written, Path(folder))


def test_two_exports_cut_short_are_both_said_at_the_next_start(qtbot, tmp_path):
    """Two RowReader windows each exporting (to two sticks) as the session ended: each export's note was written over
    the other's, so the next start said one, and the other stick's folder was taken for whole, what the note is there
    to prevent. Each note is now kept after the one there, and the next start says each once."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    user.mkdir()  # an export's examples are in it
    note_cut_short(user, "export", _words("/media/a", 2))
    note_cut_short(user, "export", _words("/media/b", 5))
    window.status.start_notes.clear()
    window.teaching.say_cut_short()
    # said as one (the forty-seventh round's importleft), each whole in its tooltip (the bar's words are shorter)
    said = [note[2] for note in window.status.start_notes]
    assert len(said) == 1, said
    said = said[0].splitlines()[1:]
    assert said[0].startswith("Last time, the export to /media/a was cut short") and "2 examples" in said[0]
    assert said[1].startswith("Last time, the export to /media/b was cut short") and "5 examples" in said[1]
    for _, _, _, then in window.status.start_notes:  # each line goes once said (the forty-sixth round, notes)
        then()  # removed in the background (scale2: its lock may be waited for)
    qtbot.waitUntil(lambda: not (user / CUT_SHORT_FILE).exists(), timeout=5_000)


def test_a_cut_short_note_does_not_replace_a_file_not_ours(tmp_path):
    """The start leaves a file of the note's name that is not the app's (other words, not UTF-8) as it is, unread;
    the export's close wrote over it all the same. It is now left as it is there too (stderr said the words)."""
    (tmp_path / CUT_SHORT_FILE).write_text("some other words")
    note_cut_short(tmp_path, "export", _words("/media/a", 2))
    assert (tmp_path / CUT_SHORT_FILE).read_text() == "some other words"
    assert cut_short_noted(tmp_path, "export") is None


def test_a_cut_short_note_stays_until_the_window_has_said_it(qtbot, tmp_path):
    """The start removed the note as it read it, seconds before the status bar says it (after the start-up model's
    message): a window closed in between (started, then quit at once; a session ended) had said nothing, and the
    note was gone for good. It is now removed once said; a window closed before that leaves it for the next start."""
    user = tmp_path / "user"
    user.mkdir()
    note_cut_short(user, "export", _words("/media/a", 2))
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    assert not window.statusBar().currentMessage().startswith("Last time")
    window.close()
    assert cut_short_noted(user, "export") == [_words("/media/a", 2)]


def _as_another_user(probe: Callable[[], str | None]) -> str | None:
    """``probe()`` as a user who may not search a folder made 000: this one where it is not root, else (root may
    search any) a forked child that has become nobody (65534)."""
    if os.geteuid() != 0:
        return probe()
    reading, writing = os.pipe()
    if (child := os.fork()) == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(reading)
            os.setgid(65534)
            os.setuid(65534)
            os.write(writing, json.dumps(probe()).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading, "rb") as said:
        answer = said.read()
    assert os.waitpid(child, 0)[1] == 0
    return json.loads(answer)


def test_a_compositor_this_user_may_not_reach_is_not_said_to_be_absent():
    """`sudo -u ann python -m gui` in a Wayland session: $XDG_RUNTIME_DIR was the first user's (mode 700), the socket
    there could not be connected to (Permission denied), and the refusal said "nothing listens there" of a compositor
    that runs. It now says why the connection failed."""
    with tempfile.TemporaryDirectory(prefix="rr") as top:
        runtime = Path(top, "run")
        runtime.mkdir()
        os.chmod(top, 0o755)
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(runtime / "wayland-0"))
            server.listen(1)
            runtime.chmod(0)
            try:
                said = _as_another_user(lambda: no_compositor("wayland", {"XDG_RUNTIME_DIR": str(runtime)}))
            finally:
                runtime.chmod(0o700)
    assert said is not None
    assert "nothing listens" not in said, said
    assert "cannot connect there: Permission denied" in said, said


def test_a_note_saved_again_by_an_editor_is_still_ours(tmp_path):
    """A note opened in a text editor and saved again ends in a newline (CR LF on Windows): the start took it for
    not ours, never said it, and no later export's note could be kept beside it. Line ends are read as such."""
    (tmp_path / CUT_SHORT_FILE).write_bytes(_words("/media/a", 2).encode() + b"\r\n")
    note_cut_short(tmp_path, "export", _words("/media/b", 5))
    assert cut_short_noted(tmp_path, "export") == [_words("/media/a", 2), _words("/media/b", 5)]
