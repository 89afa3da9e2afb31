"""The fifty-third round of hostile testing, speed4: the Models menu as it opens over model files that are slow to
read or do not answer. speed3 (fifty-second round) made a header read once, kept until its file changes; its first
reading, and every ``stat`` of the menu, were still on the window's thread: 2.4 s frozen for a 15.8 MB header at a
load of 10, and for good where a listed file does not answer (a FIFO named ``*.safetensors``, a hung network
mount). Each stall is measured on the window's event loop itself, by a timer's ticks."""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from pathlib import Path

from gui_window import open_shipped_window, opened_menu
from PySide6.QtCore import QPoint, QTimer

from gui import models_menu
from gui.models_menu import STILL_READING
from gui.opened_models import write_opened
from rowreader.checkpoint import CheckpointError, read_metadata
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_HEADER_VALUES

STALL_S = 0.5  # the longest the window may stand still as the menu opens (the reads wait 0.25 s at most)


def _many_dimensions(path: Path, dimensions: int, padded_to: int = 0) -> None:
    """A safetensors file at ``path`` of one tensor shaped ``[10, 1, 1, …]`` (``dimensions`` in all): speed3's
    hypo6 file, no RowReader model, its header ``2 × dimensions`` bytes (holding ``dimensions + 11`` values), or
    ``padded_to``."""
    header = '{"output.bias":{"dtype":"F32","shape":[10' + ",1" * (dimensions - 1) + '],"data_offsets":[0,40]}}'
    header = header.encode().ljust(padded_to)  # spaces after it, as safetensors pads a header
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(len(header).to_bytes(8, "little") + header + bytes(40))


def _longest_stall(qtbot, work, seconds: float) -> float:
    """The longest gap between the event loop's 10-ms ticks while ``work`` runs on it and ``seconds`` after."""
    ticks = [time.perf_counter()]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    QTimer.singleShot(50, work)
    qtbot.wait(int(seconds * 1000))
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(ticks))


def _texts(menu) -> list[str]:
    return [action.text() for action in menu.actions()]


def test_fifty_third_speed4_the_models_menu_opens_at_once_over_a_mount_that_does_not_answer(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """An opened model on a mount that does not answer (each ``stat`` there held until the test lets it go, 3 s at
    most, as a hung network mount holds it): the menu, filled on the window's thread, looked at it before it showed,
    the window standing still for as long (for good, on a mount that never answers). Now it shows within
    ``READ_WAIT_MS`` with what is known, marked as still being read, and is filled in when the reading ends."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    mount = tmp_path / "mount"
    far = mount / "far.safetensors"
    mount.mkdir()
    far.write_bytes(b"")
    menu = window.teaching.models_menu
    write_opened(window.settings, [(far, None)])
    menu._remember()  # as a start reads the list
    opened_menu(menu).hide()  # listed once: a row the open menu has (a model come since is said, not listed: menu6)
    answering = threading.Event()
    until = time.monotonic() + 3  # at the latest: on the code before, the window held till then
    for name in ("stat", "lstat"):
        looked = getattr(os, name)

        def hung(path, *args, looked=looked, **kwargs):
            if str(path).startswith(str(mount)):
                answering.wait(max(0.0, until - time.monotonic()))
            return looked(path, *args, **kwargs)

        monkeypatch.setattr(os, name, hung)
    try:
        stall = _longest_stall(qtbot, lambda: menu.popup(QPoint(0, 0)), 0.6)
        texts = _texts(menu)
    finally:
        answering.set()  # the mount answers at last
    assert stall < STALL_S, stall
    assert menu.isVisible() and texts[0] == STILL_READING, texts
    # filled in, the menu still open, once the reading ends
    qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=30_000)
    assert "Opened: far.safetensors (not a model: an empty file)" in _texts(menu)
    menu.hide()


def test_fifty_third_speed4_a_big_header_is_read_off_the_windows_thread(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A taught model whose header is 15.8 MB (7.9 million dimensions, speed3's file; 4 MB, the most a header may
    hold, since speed5): its first reading, on the window's thread, held the window for all of it (2.4 s at a load
    of 10). Now read on the menu's pool; the window
    still stands still while the C JSON parser holds Python's lock, not its own to give up: ~40 % of the reading
    at a load of 10, but nearly all of it on an idle machine (0.995 s of a 0.96-s reading on the clean-clone CI,
    where this test's bound of 0.75 × the reading failed). So what is asked: no reading on the window's thread,
    and the window held no longer than one reading (with the wait's 0.25 s), whatever the load."""
    user = tmp_path / "user"
    big = user / "models" / "mine-20261205-225000-abcd.safetensors"
    big.parent.mkdir(parents=True)
    big.write_bytes(b"")  # there as the window starts: a row the open menu has (a model come since is said: menu6)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    # speed3's file held 7.9 million; since speed5 a header may hold 4 MB at most, since header6 250,000 values
    # (refused, such a file is not parsed): the most a header may be, its values and its bytes
    _many_dimensions(big, MAX_HEADER_VALUES - 11, MAX_HEADER_BYTES)
    assert big.stat().st_size > MAX_HEADER_BYTES

    def read() -> float:
        start = time.perf_counter()
        with contextlib.suppress(CheckpointError):
            read_metadata(big)
        return time.perf_counter() - start

    one_read = min(read() for _ in range(2))
    readers: list[int] = []

    def read_where(path: Path) -> dict:
        readers.append(threading.get_ident())
        return read_metadata(path)

    monkeypatch.setattr(models_menu, "read_metadata", read_where)
    menu = window.teaching.models_menu
    stall = _longest_stall(qtbot, lambda: menu.popup(QPoint(0, 0)), one_read + 0.5)
    assert readers and threading.main_thread().ident not in readers
    assert stall < one_read + 0.25, (stall, one_read)
    qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=30_000)
    # a sound safetensors file, though no RowReader model: "damaged" until the fifty-fifth round (menu5)
    assert "Yours: mine-20261205-225000-abcd (not a model: a safetensors file of another program)" in _texts(menu)
    menu.hide()
