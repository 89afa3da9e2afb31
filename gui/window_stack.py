"""Windows of the app open at once: each holds a numbered lock beside its settings for as long as it is open, so a
second window knows it is the second. Both restored one saved geometry and the second lay exactly over the first: it
looked as if nothing had opened, and dragging it away was the only way to find the first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings

WINDOW_STEP = 32  # px: each window open already moves a new one this far down and right (a title bar and more)
TRACKED = 8  # windows told apart: a ninth opens where the first did, as every window did before
GEOMETRY_KEY = "window/geometry"  # settings: where the first window was left (the others', numbered after it)


def geometry_key(slot: int) -> str:
    """Where the window of ``slot`` saves its place. One place for all: with the first window open (teaching, say),
    the second, closed and started again, stepped clear of the place it had itself saved, 32 px further down and
    right at each start (251,167 → 283,199 → 315,231 …). The second window's own place opens it where it was."""
    return GEOMETRY_KEY if slot == 0 else f"{GEOMETRY_KEY}-{slot}"


def window_slot(settings: QSettings) -> tuple[int, QLockFile | None]:
    """How many windows of these settings were open first (the lowest slot free), and the lock that holds this
    window's slot till it closes (unlocked then; a killed app's is taken over as stale). ``(0, None)`` where no
    lock can be made (a read-only settings folder): the window opens where it was saved, as before."""
    if not settings.fileName():  # settings with no file (a platform's registry): nowhere of ours to lock
        return 0, None
    folder = Path(settings.fileName()).parent
    for slot in range(TRACKED):
        lock = QLockFile(str(folder / f"window-{slot}.lock"))
        lock.setStaleLockTime(0)  # held for hours by a window open that long: stale only once its app is gone
        if lock.tryLock(0):
            return slot, lock
        if lock.error() != QLockFile.LockError.LockFailedError:  # not held by another window: no lock to be had
            return 0, None
    return 0, None
