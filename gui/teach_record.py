"""A note in the models folder while a teach runs, so the next start can say that one did not finish.

Killed mid-teach (``kill -9``, a crash, a power cut), the app started again without a word of it: the user was left
to wonder whether the teach had written anything, and whether their examples had come through. The app now holds
``<taught model>.teaching`` (a few lines of JSON: when, from which model, on how many examples) and its lock for as
long as the fine-tune runs, and removes both when it ends, however it ends. A note whose lock nobody holds was left
by an app that did not live to remove it; the next start says so once (:class:`UnfinishedTeaches`) and removes it.
A note another running window holds is that window's teach, left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from gui.model_names import model_name
from gui.numbers import day_and_month
from gui.taught_models import TAUGHT_MODELS
from rowreader.atomic import LockHeld, atomic_write_bytes, drop_lock, lock_held, lock_path, take_lock
from rowreader.checkpoint import CheckpointError, read_metadata
from rowreader.example_folder import examples_named, recorded_count
from rowreader.json_text import parse_json
from rowreader.output import shortened
from rowreader.readable import readable

RECORD_FORMAT = "rowreader-teach-record"
SUFFIX = ".teaching"
MAX_RECORD_BYTES = 64 * 1024  # ours are a few hundred bytes; anything larger is not ours, and not read
# characters of the base model's name said: no file's name is longer (NAME_MAX, 255 bytes); the note may be edited
LONGEST_NAME = 255


class TeachRecord:
    """The note of one running teach: written (and locked) when it starts, removed by :meth:`close`."""

    def __init__(self, out: Path, base: Path, examples: int, kept: int = 0, copies: int = 0) -> None:
        """``examples``: how many it learns from, of the ``kept`` if more: ``copies`` of a drawing set aside, the
        rest older ones left out (of 3,000 kept, the newest 1,000)."""
        self.path = out.with_name(out.name + SUFFIX)
        self._lock: IO[str] | None = None
        self._folder: int | None = None  # the models folder itself, open, where the system can remove a file by it
        self._writing = threading.Lock()  # counted in the background, closed on the window's thread: one at a time
        with contextlib.suppress(OSError):  # no note is no harm: only the next start's word about a crash is lost
            self._lock = take_lock(self.path)  # first: a window starting meanwhile sees it held, never abandoned
            with contextlib.suppress(OSError):  # by the folder, not its name (see close); else by its name
                if os.unlink in os.supports_dir_fd:
                    self._folder = os.open(self.path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            started = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
            self._record = {"format": RECORD_FORMAT, "started": started, "base": str(base)}
            self.counted(examples, kept, copies)

    def counted(self, examples: int, kept: int, copies: int) -> None:
        """The note's counts, as in :meth:`__init__`: the window's estimate as the teach starts, then the fine-tune's
        own once it says what it read (its first line), as the dialog names them. The window counted copies over the
        whole folder, the fine-tune those it meets before its cap: older copies it leaves out were said to be set
        aside after a crash. Only while the note is held: written after :meth:`close`, it would outlive the teach."""
        with self._writing:
            if self._lock is None:
                return
            with contextlib.suppress(OSError):
                record = {**self._record, "examples": examples, "kept": kept, "copies": copies}
                atomic_write_bytes(self.path, json.dumps(record).encode())

    def close(self) -> None:
        """The teach ended (taught, failed, cancelled): the note goes, then its lock."""
        with self._writing:
            if self._lock is None:
                return
            if self._folder is not None:  # wherever the folder went
                _remove_in(self._folder, self.path.name, self._lock)
                os.close(self._folder)
                self._folder = None
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
            drop_lock(self.path, self._lock)
            self._lock = None


def _remove_in(folder: int, name: str, lock: IO[str]) -> None:
    """The note ``name`` and its lock (the one ``lock`` holds) removed from the open ``folder``, wherever it is now.
    Removed by their names, they were left in a models folder moved away while its teach ran (renamed in a shell);
    moved back, the next start said that teach "did not finish: RowReader ended while it ran", of one the window had
    seen end."""
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)
    held = lock_path(name).name
    with contextlib.suppress(OSError, ValueError):
        if os.path.samestat(os.fstat(lock.fileno()), os.stat(held, dir_fd=folder, follow_symlinks=False)):
            os.unlink(held, dir_fd=folder)


def _read(note: Path) -> dict:
    """The note's fields that are ours (missing or odd ones left out: the message then says less)."""
    with contextlib.suppress(OSError, ValueError):
        if note.is_file() and not note.is_symlink() and note.stat().st_size <= MAX_RECORD_BYTES:
            data = parse_json(note.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == RECORD_FORMAT:
                return data
    return {}


def _when(started: object) -> str:
    with contextlib.suppress(TypeError, ValueError):
        when = datetime.fromisoformat(str(started))
        return f" on {day_and_month(when)} at {when:%H:%M}"
    return ""


class UnfinishedTeaches:
    """The teaches that an app ended mid-way left noted in a models folder: one message each, their notes held (locked)
    until :meth:`said` removes them, or :meth:`let_go` leaves them whole for the next start. Removed as they were
    read, a window started minimized and closed unshown (its box waits to be on screen) lost the message for good.
    Held, a window starting meanwhile takes them for a running teach's and says nothing of them: said once."""

    def __init__(self, models: Path) -> None:
        self.messages: list[str] = []
        self._held: list[tuple[Path, IO[str]]] = []
        # a folder the note cannot be removed from (read-only) would have it said at every start, so not at all
        writable = models.is_dir() and os.access(models, os.W_OK)
        for note in sorted(models.glob(TAUGHT_MODELS + SUFFIX)) if writable else []:
            if lock_held(note):  # a running app's own teach
                continue
            try:
                handle = take_lock(note)
            except (LockHeld, OSError):
                continue
            # what is not a note of ours (a file of the user's named like one) is left as it is, unsaid: it was
            # deleted, and the start said a teach had not finished
            if record := _read(note):
                self.messages.append(_message(note, record))
                self._held.append((note, handle))
            else:
                drop_lock(note, handle)

    def said(self) -> None:
        """The messages were said: their notes go, then their locks."""
        for note, handle in self._held:
            with contextlib.suppress(OSError):
                note.unlink()
            drop_lock(note, handle)
        self._held.clear()

    def let_go(self) -> None:
        """Not said (the window closed first): the notes stay for the next start to say; only their locks go."""
        for note, handle in self._held:
            drop_lock(note, handle)
        self._held.clear()


def _on(count: object, kept: object, copies: object) -> str:
    """What a teach was on, as its dialog says it (:func:`examples_named`): " on your 30 examples", " on the newest
    1,000 of your 3,000 examples" (it was "on 3000 examples"), " on 20 drawings of your 25 examples (5 copies set
    aside)" (it was "the newest 20 of your 25": copies counted as older ones left out). A note without ``copies``
    (written before they were noted) has none. A count no folder could hold (:func:`recorded_count`: the note is a
    file anyone may edit) is left out."""
    if (count := recorded_count(count)) is None:
        return ""
    copies = recorded_count(copies) or 0
    older = max(kept - count - copies, 0) if (kept := recorded_count(kept)) is not None else 0
    return f" on {examples_named(count, copies, older)}"


def _message(note: Path, record: dict) -> str:
    """What the user is told of one teach that did not finish, every figure taken from its note or its files."""
    base = record.get("base")
    source = (
        # shortened: a base of 60,000 letters, hand-edited, opened the box 1.3-1.7 s late, its line past the box's edge
        f", from {shortened(readable(model_name(Path(base), suffix=True, in_text=True)), LONGEST_NAME)}"
        if isinstance(base, str) and base
        else ""
    )
    on = _on(record.get("examples"), record.get("kept"), record.get("copies"))
    head = f"The last teaching{_when(record.get('started'))}{source}{on} did not finish: RowReader ended while it ran."
    out = note.with_name(note.name.removesuffix(SUFFIX))
    examples = "Teaching only reads your examples: they are all as you left them."
    try:
        read_metadata(out)
    except (CheckpointError, OSError):
        done = "Nothing was written, and the model you used before stays as it was."
        return f"{head}\n\n{done} {examples}\n\nPress Ctrl+T to teach again."
    name = readable(out.stem)
    done = f"Its model was written just before, and is in the Models menu (Yours: {name})."
    return f"{head}\n\n{done} {examples}"
