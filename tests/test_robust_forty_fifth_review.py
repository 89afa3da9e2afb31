"""The forty-fifth round of hostile testing, review: what the forty-fourth round and its last review commits changed
(the one socket probe of the app's start, the note of an export the window's close cut short, Stop pressed twice, a
teach's newest pictures), read for its edges and then tried as a user; each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from gui.__main__ import no_compositor, unreachable_display


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an abstract socket name is Linux's alone")
def test_a_busy_x_server_is_not_taken_for_none():
    """An X server listening at its abstract name (as Xorg and Xvfb do on Linux) whose queue was full was "no X server
    answers at $DISPLAY=:N (nothing listens on /tmp/.X11-unix/XN)", the app refused; it may answer, and is left to
    Qt."""
    number = 7000 + sum(map(ord, tempfile.mkdtemp())) % 2000  # a display number nothing else here uses
    with _busy_server(f"\0/tmp/.X11-unix/X{number}"):
        assert unreachable_display(f":{number}") is None
