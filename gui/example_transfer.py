"""Import and export the examples (Teach ▸ Import examples…, Export examples…, and the dock's buttons): a folder of
``0/`` … ``9/`` copied in or out in the background, the status bar saying how far it has come. While one runs, its
button (Stop) and menu entry (Stop importing, Stop exporting) stop it: each example copied is whole, no other begun.

A part of :class:`gui.teaching.Teaching`, whose ``__init__`` makes what it uses (declared at the top of
:class:`ExampleTransfer`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from gui import APP
from gui.cycle_pause import cycles_left_alone
from gui.examples_dock import EXPORT_WORDS, IMPORT_WORDS
from gui.file_dialogs import EXPORT_DIR_KEY
from gui.keeping import mend_blocking
from gui.workers import PROGRESS_MS, nothing_to_say
from rowreader.atomic import LockHeld, atomic_write_files, drop_lock, remove_stale_temporaries, take_lock
from rowreader.example_folder import ExamplesError
from rowreader.example_store import Exported, Imported
from rowreader.launch import command_name, say
from rowreader.output import NAMED_AMONG_MORE, NAMED_WHOLE, counted
from rowreader.readable import readable
from rowreader.skipped_files import skipped_kinds, some_of

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget

    from gui.examples_dock import ExamplesDock
    from gui.main_window import MainWindow
    from rowreader.example_store import ExampleStore


# per kind of transfer: its folder's preposition, what it did to an example, how to finish it, and why that is safe
CUT_SHORT = {
    "import": ("from", "copied", "import from there again to finish it", "what was copied is not copied twice"),
    "export": ("to", "written", "export there again to finish it", "what is there already is left alone"),
}

T = TypeVar("T")


def cut_short_words(kind: str, done: int, folder: Path) -> str:
    """The line on stderr for an import or export (``kind``) the window's close stopped between examples, ``done``
    of them whole: said as the app ends, and at the next start (:func:`note_cut_short`, :func:`last_time`)."""
    to, did, finish, safe = CUT_SHORT[kind]
    return (
        f"{SAID_AS}the {kind} {to} {folder} was cut short as the window closed: {counted(done, 'example')} {did}, "
        f"each whole, the rest not; {finish} ({safe})"
    )


def stuck_words(kind: str, folder: Path) -> str:
    """The line of an import or export (``kind``) still copying an example when the close's wait ran out (a stick
    that stopped answering, a hung network folder): the process ends without it, so its count is not known. An
    abandoned write leaves only its hidden temporary, which the next export there (an import's: the next reading of
    the examples) removes."""
    to, did, finish, safe = CUT_SHORT[kind]
    return (
        f"{SAID_AS}the {kind} {to} {folder} was cut short as the window closed, stuck copying an example: those {did} "
        f"before it are each whole, the rest not; {finish} ({safe})"
    )


def keep_stuck_words(digit: int) -> str:
    """The line of a keep (Ctrl+K) of a drawing of ``digit`` still writing when the close's wait ran out (a home
    folder on a hung network mount): the drawing went with the window, and nothing said so. Whether it was written
    is not known (an abandoned write leaves only its hidden temporary)."""
    return (
        f"{SAID_AS}the keep of a drawing of {digit} was cut short as the window closed, stuck writing it: it may not "
        "be among your examples; draw it again and keep it (Ctrl+K)"
    )


def killed_words(kind: str) -> tuple[str, str]:
    """(the status bar's words, the tooltip's) at the start after an import or export (``kind``) killed outright
    (:meth:`rowreader.example_store.ExampleStore.import_was_killed`, ``export_was_killed``): its folder and count
    are not known, as nothing of the app ran to note them."""
    _, did, finish, safe = CUT_SHORT[kind]
    again, of = {"import": ("import its folder", "into"), "export": ("export to its folder", "of")}[kind]
    bar = f"Last time, an {kind} was cut short as the app was ended outright: {again} again to finish it"
    whole = (
        f"Last time, an {kind} {of} your examples was cut short as the app was ended outright (killed, out of "
        f"memory, the computer stopped): the examples it {did} are each whole, the rest not; {finish} ({safe})"
    )
    return bar, whole


def teach_cut_short_words(step: int, steps: int) -> str:
    """The line on stderr for a teach the window's close cancelled at ``step`` of ``steps`` (none yet: 0): said as
    the app ends and at the next start, as an import's is. Quit mid-teach said nothing, and the next start read with
    the model it had, the person taking it for the taught one. Step 0 is before the first (the fine-tune reports
    then too): "at step 0 of 40" was said of it."""
    at = f"at step {step} of {steps}" if step else "before its first step"
    return (
        f"{SAID_AS}the teach was cancelled as the window closed ({at}): no model was written; "
        "teach again (Ctrl+T) to finish it"
    )


def last_time(line: str) -> tuple[str, str]:
    """(the status bar's words, the tooltip's) of a noted ``line`` at the next start. The bar shortens a long message
    in its middle, which took the count out of the whole line ("the import from /tmp/w45-big was cut short as the
    window closed…import from there again to finish it"): it says the count first and the folder by its name."""
    said = line.removeprefix(SAID_AS)
    whole = f"Last time, {said}"
    for kind, (to, did, finish, safe) in CUT_SHORT.items():
        count = r"([\d,]+) examples?(?:\(s\))?"  # "example(s)" as an older app noted it
        cut = rf"the {kind} {to} (.+) was cut short as the window closed: {count} {did}, each whole, "
        rest = re.escape(f"the rest not; {finish} ({safe})")
        if found := re.fullmatch(cut + rest, line.removeprefix(SAID_AS)):
            folder, done = found.groups()
            name, examples = Path(folder).name or folder, counted(int(done.replace(",", "")), "example")
            return (
                f"Last time, the window's close cut short an {kind}: {examples} {did} {to} {name}; {finish}",
                whole,
            )
        stuck = rf"the {kind} {to} (.+) was cut short as the window closed, stuck copying an example: those {did} "
        if found := re.fullmatch(stuck + "before it are each whole, " + rest, line.removeprefix(SAID_AS)):
            name = Path(found[1]).name or found[1]  # its count not known (:func:`stuck_words`)
            return (
                f"Last time, the window's close cut short an {kind} {to} {name}, stuck copying an example: "
                f"those {did} before it are whole; {finish}",
                whole,
            )
    if found := re.fullmatch(r"the keep of a drawing of (\d) was cut short as the window closed, stuck .*", said):
        # said whole, the bar cut its middle: "… was cut short as the window closed, … it: it may not be …"
        digit = found[1]
        return f"Last time, the window's close cut short a keep of a {digit}: draw it again and keep it (Ctrl+K)", whole
    return whole, whole  # not of these words (an older app's): said whole


def few_said(folder: Path, lines: list[str], heading: str) -> tuple[str, str]:
    """The words of the files (``PATH: why`` lines) an import from ``folder`` skipped or an export to it left alone,
    under ``heading``, and every one of them a line for the box's Show Details… ("" where the words name each). Named
    within ``folder``, which the message names: 50 damaged files were "Skipped 50 damaged file(s):" over ten of them
    by their whole paths, nothing said of the other 40. As the command line says them
    (:func:`rowreader.output.few_named`): a few each a line; more counted, the first named."""
    named = [readable(line.removeprefix(f"{folder}{os.sep}")) for line in lines]
    if len(named) <= NAMED_WHOLE:
        return f"{heading}:\n" + "\n".join(named), ""
    more = f"… and {len(named) - NAMED_AMONG_MORE:,} more (Show Details… names each)"
    return "\n".join([f"{heading}; the first {NAMED_AMONG_MORE}:", *named[:NAMED_AMONG_MORE], more]), "\n".join(named)


# how several cut short are done again: "teach again to finish them" said not how, where one alone says Ctrl+T
AGAIN = {"import": "import from their folders again", "export": "export to their folders again",
         "teach": "teach again (Ctrl+T)", "keep": "draw and keep them again (Ctrl+K)"}  # fmt: skip
NAMED_IN_SUMMARY = 10  # cut-short notes said whole in the tooltip of their summary; the rest counted


def cut_short_summary(kind: str, lines: list[str]) -> tuple[str, str]:
    """(the status bar's words, the tooltip's) of several noted ``lines`` of ``kind``, said as one at the next start:
    said in turn, 30 s each, 100 imports cut short by one logout held the bar for 50 minutes, longer than most
    sessions, the model's message and every later one waiting behind them."""
    plural = "teaches" if kind == "teach" else f"{kind}s"
    each = "each" if len(lines) <= NAMED_IN_SUMMARY else f"the first {NAMED_IN_SUMMARY}"
    words = f"Last time, closing windows cut short {len(lines):,} {plural} (the tooltip says {each}); "
    words += f"{AGAIN[kind]} to finish them"
    return words, f"{words}:\n" + some_of([last_time(line)[1] for line in lines], NAMED_IN_SUMMARY, "\n")


# how long after a stopped import (export) ends its button and entry let presses go: Stop pressed twice 0.3 s apart
# stopped the import, and the second press, on Import… again, opened the import dialog
STOPPED_GRACE_S = 1.0


# the note of an import, export or teach the window's close cut short, in the app's own folder, one per kind (all may
# run as it closes): stderr alone is not seen by a person who started the app from a menu, so the next start says it
# in the status bar, once, and removes it once said
CUT_SHORT_FILES = {kind: f"{kind}-cut-short.txt" for kind in (*CUT_SHORT, "teach", "keep")}
# a note's size past which the file is not ours, and not read: a folder's path and a count a line, ~250 bytes (8 kB
# took 41 notes of 100 windows' exports cut short by one logout, the other 59 lost without a word)
MAX_CUT_SHORT_BYTES = 256 * 1024


def note_cut_short(user_dir: Path, kind: str, words: str) -> None:
    """Keep ``words`` (:func:`cut_short_words`) of ``kind`` for the next start, a line after any note kept there
    already (two windows' exports cut short by one logout each wrote over the other's, and the next start said one),
    written whole or not at all. A file of that name not a note of ours is left as it is, as the start leaves it; a
    note not kept is said on stderr, with why (the cut itself is said there already), as the app ends."""
    path = user_dir / CUT_SHORT_FILES[kind]
    try:
        with _note_held(path):
            if (kept := _notes(path)) is None:
                why = "a file there is not this app's note; it is left as it is (move it, and later ones are kept)"
            elif len(data := "\n".join([*kept, words]).encode()) > MAX_CUT_SHORT_BYTES:
                why = f"the note there holds {MAX_CUT_SHORT_BYTES // 1024} kB already"
            else:
                atomic_write_files([(path, data)])
                return
    except OSError as err:  # a read-only folder, a full disk, the lock held past NOTE_WAIT_S
        why = err.strerror or str(err)
    say_noted(readable(f"not kept for the next start to say: {path}: {why}"))  # the app named as typed


def cut_short_noted(user_dir: Path, kind: str) -> list[str] | None:
    """The words :func:`note_cut_short` kept of ``kind``, a line for each import or export; None when there is none or
    it is damaged (a link, a folder, too large, not UTF-8 text of ours), which is left quietly as it is."""
    return _notes(user_dir / CUT_SHORT_FILES[kind]) or None


def cut_short_claimed(user_dir: Path, kind: str) -> tuple[list[str], IO[str] | None]:
    """The lines of ``kind``'s note this window is to say, and its claim on saying them (``<note>.saying.lock``, held
    until they are forgotten or the window closes, :func:`let_go`): two windows started at once each read the note,
    and both said it. A window whose start finds the claim held by another says nothing of it; the claim of one
    closed (or killed) before it said the note goes with it, the note whole for the next start. Unclaimed where no
    lock can be had (a file of bytes at its name, a file system without locks): said, as before."""
    if not cut_short_noted(user_dir, kind):  # none: no claim made (nor the app's folder with it)
        return [], None
    try:
        claim: IO[str] | None = take_lock(_claim_path(user_dir, kind))
    except LockHeld:
        return [], None
    except OSError:
        claim = None
    lines = cut_short_noted(user_dir, kind) or []  # read again, claimed: what the one before it said is gone
    if not lines:
        let_go(user_dir, kind, claim)
        return [], None
    return lines, claim


def let_go(user_dir: Path, kind: str, claim: IO[str] | None) -> None:
    """The claim :func:`cut_short_claimed` took given up (None: none held)."""
    if claim is not None:
        drop_lock(_claim_path(user_dir, kind), claim)


def _claim_path(user_dir: Path, kind: str) -> Path:
    """The path whose lock is the claim on saying ``kind``'s note (not the note's own lock, which a window adding its
    line as it closes waits for)."""
    return user_dir / f"{CUT_SHORT_FILES[kind]}.saying"


def forget_cut_short(user_dir: Path, kind: str, said: list[str]) -> None:
    """Remove the lines ``said`` of ``kind``'s note once the status bar has said them (removed as they were read at the
    start, a window closed before it said them lost them unsaid), one of each (two cuts alike are two); lines another
    window's close added since stay."""
    path = user_dir / CUT_SHORT_FILES[kind]
    with contextlib.suppress(OSError), _note_held(path):
        # each as often as said: two alike said of a note holding one raised ValueError at the second removal
        if (rest := _notes(path)) is None or Counter(said) - Counter(rest):
            return
        for line in said:
            rest.remove(line)
        if rest:
            atomic_write_files([(path, "\n".join(rest).encode())])
        else:
            path.unlink()


@contextlib.contextmanager
def _note_held(path: Path) -> Iterator[None]:
    """The note at ``path`` read and written again by one window alone while the body runs (``<path>.lock``,
    removed after): two windows closed by one logout each read the note, added a line and wrote it back, the later
    write over the earlier's, and the next start said one export of two (eight at once kept one or two lines).
    :class:`LockHeld` after :data:`NOTE_WAIT_S` of another's holding it.

    No lock where none can be had (a folder, a link or a file of bytes at its name, left as it is; a file system
    without locks): the note's own read and write go on unlocked. They failed quietly, so a note said at the start was
    never forgotten, said again at every start for good, and a close's was never written."""
    waited_until = time.monotonic() + NOTE_WAIT_S
    handle = None
    while handle is None:
        try:
            handle = take_lock(path)
        except LockHeld:
            if time.monotonic() > waited_until:
                raise
            time.sleep(0.01)
        except OSError:
            break
    try:
        remove_stale_temporaries(path)  # a window killed as it wrote the note left its temporary
        yield
    finally:
        if handle is not None:
            drop_lock(path, handle)


NOTE_WAIT_S = 2.0  # another window adds a line or removes those said: milliseconds


def _notes(path: Path) -> list[str] | None:
    """The lines of the note at ``path``, none where there is no file; None where it is not ours."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CUT_SHORT_BYTES:
            return None
        if not info.st_size:  # an empty file of ours holds nothing to lose (an editor's save on a full disk)
            return [] if info.st_uid == getattr(os, "geteuid", lambda: info.st_uid)() else None
        lines = path.read_bytes().decode().splitlines()  # an editor that saved it again ended it with a line end
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError):
        return None
    return lines if lines and all(line.startswith(SAID_AS) for line in lines) else None


SAID_AS = f"{APP}: "  # how a noted line begins, in the note: told apart from a file of other lines


def say_noted(words: str) -> None:
    """A line noted for the next start (``SAID_AS`` …), said on stderr now with the app named as typed: `python -m
    gui` closed mid-import said "rowreader-gui: the import … was cut short", then "python -m gui: interrupted"."""
    say(f"{command_name(APP)}: {words.removeprefix(SAID_AS)}")


def _forget_and_let_go(user_dir: Path, kind: str, said: list[str], claim: IO[str] | None) -> None:
    """:func:`forget_cut_short`, then the claim on saying the note given up: a window starting meanwhile says what
    is left, not the lines said."""
    try:
        forget_cut_short(user_dir, kind, said)
    finally:
        let_go(user_dir, kind, claim)


class ExampleTransfer:
    """Import examples from a folder, export them to one."""

    # What it uses of the Teaching it is a part of, all made in Teaching.__init__ (one place makes them; the parts
    # share them; tests/test_robust_thirtieth_structure.py keeps this list whole):
    window: MainWindow
    user_dir: Path
    store: ExampleStore
    panel: ExamplesDock
    dock: QDockWidget
    _import_read: SignalInstance  # (folder, stage, how many, in all), emitted from the import's thread
    _export_written: SignalInstance  # (folder, how many, in all), emitted from the export's thread
    transfer_stops: dict[str, list[threading.Event]]  # changed here: the stop of each import and export running
    import_action: QAction
    export_action: QAction
    _stopped_at: dict[str, float]  # changed here: per kind, when the last one stopped ended (monotonic)
    _saying: dict[str, IO[str] | None]  # changed here: per kind of note, this window's claim on saying it
    _unended: dict[object, Callable[[], None]]  # changed here: per transfer's stop (a keep's own key), its note

    def say_cut_short(self) -> None:
        """At the start: an import or export the last window's close cut short, said in the status bar once (its end
        said it only on stderr, which an app started from a menu never shows); the note goes once said, not before."""
        self.let_go_of_notes()  # (a second call: a test's)
        noted_kinds = set()
        for kind in CUT_SHORT_FILES:
            noted, self._saying[kind] = cut_short_claimed(self.user_dir, kind)
            if noted:  # after the model's message; removed once said
                noted_kinds.add(kind)
                words, whole = last_time(noted[0]) if len(noted) == 1 else cut_short_summary(kind, noted)
                then = functools.partial(self._forget_cut_short, kind, noted)
                self.window.status.start_notes.append((words, 30_000, whole, then))
        # one the close gave up on, stuck, leaves its lock too: said once, by its note
        for kind, killed in (("import", self.store.import_was_killed), ("export", self.store.export_was_killed)):
            if killed() and kind not in noted_kinds:
                bar, whole = killed_words(kind)
                self.window.status.start_notes.append((bar, 30_000, whole, None))

    def _forget_cut_short(self, kind: str, said: list[str]) -> None:
        """:func:`forget_cut_short` of the lines ``said`` in the background, the claim given up after: its lock, held
        by another window adding its line as it closes, is waited for up to :data:`NOTE_WAIT_S`, which froze the
        window for those 2 s as the bar said the note."""
        if kind not in self._saying:  # the window closed before its bar said it: left for the next start
            return
        forget = functools.partial(_forget_and_let_go, self.user_dir, kind, said, self._saying.pop(kind))
        self.window.tasks.run(forget, nothing_to_say, nothing_to_say)

    def let_go_of_notes(self) -> None:
        """At close: the notes this window had still to say are left to the next start (its claims given up)."""
        for kind in list(self._saying):
            let_go(self.user_dir, kind, self._saying.pop(kind))

    def _noting_a_cut(
        self,
        kind: str,
        folder: Path,
        stops: tuple[threading.Event, Callable[[], bool]],
        work: Callable[[Callable[[], bool]], T],
        done: Callable[[T], int],
    ) -> Callable[[], T]:
        """``work(stop)``, the import or export (``kind``) of ``folder``, said on stderr and noted for the next start
        when the window's close (Quit, SIGTERM, SIGHUP), not its Stop, cut it short (``stops``: Stop's event, and
        what the store asks): the window is gone, and a person took it for whole. ``done``: of its result, how many
        examples it copied whole. An import so cut said nothing, an export only on stderr."""
        asked, stop = stops
        cut: list[bool] = []
        ended = self._noted_if_given_up(asked, kind, readable(stuck_words(kind, folder)))

        def stop_noted() -> bool:
            if (now := stop()) and not asked.is_set():
                cut.append(True)
            return now

        def noted() -> T:
            try:
                with (
                    cycles_left_alone()
                ):  # the objects made per picture set off full collections: the window stood 0.2 s
                    result = work(stop_noted)
            finally:
                alone = ended.acquire(blocking=False)  # not: the close gave up on it, and noted it so
            if cut and alone:
                words = readable(cut_short_words(kind, done(result), folder))
                say_noted(words)
                note_cut_short(self.user_dir, kind, words)
            return result

        return noted

    def _noted_if_given_up(self, key: object, kind: str, words: str) -> threading.Lock:
        """``words`` of ``kind`` said and noted for the next start (:meth:`note_given_up`) where the close's wait
        runs out on a work (``key``); the lock returned is taken by whichever comes first, the work's end or the
        close giving up on it, so one work notes one line."""
        ended = threading.Lock()

        def given_up() -> None:
            if ended.acquire(blocking=False):
                say_noted(words)
                note_cut_short(self.user_dir, kind, words)

        self._unended[key] = given_up
        return ended

    def noting_a_stuck_keep(self, digit: int, keep: Callable[[], T]) -> Callable[[], T]:
        """``keep``, the write of a drawing of ``digit`` (Ctrl+K), noted for the next start where the close's wait
        runs out on it, as a stuck export is: the app ended without it, and the drawing went with the window
        unsaid."""
        key = object()
        ended = self._noted_if_given_up(key, "keep", keep_stuck_words(digit))

        def noted() -> T:
            try:
                return keep()
            finally:
                ended.acquire(blocking=False)
                self._unended.pop(key, None)

        return noted

    @property
    def importing(self) -> int:
        """Imports still copying: a teach started meanwhile learnt from part of them (TeachCommand asks)."""
        return len(self.transfer_stops["import"])

    def choose_import(self) -> None:
        """Import… (the dock's button, the Teach menu's entry), or Stop importing while an import runs: an import of
        5,000 examples (a minute and more) could be stopped only by closing the window."""
        if self.transfer_stops["import"]:
            self._stop("import")
        elif self._just_stopped("import"):
            return
        elif folder := self.window.files.choose_folder("Import examples from (FOLDER/0 … FOLDER/9)"):
            self.import_folder(Path(folder))

    def choose_export(self) -> None:
        """Export…, or Stop exporting while an export runs (minutes onto a USB stick). Its dialog starts in the last
        export's folder, else at home: it started where any dialog was last, after Compare with… in the package's
        pretrained/ folder."""
        if self.transfer_stops["export"]:
            self._stop("export")
        elif self._just_stopped("export"):
            return
        elif folder := self.window.files.choose_folder("Export your examples to", EXPORT_DIR_KEY):
            self.export_folder(Path(folder))

    def _begin(self, kind: str) -> tuple[threading.Event, threading.Event, Callable[[], bool]]:
        """A new import or export (``kind``): its stop (Stop, or the window's close), the store's answer to it (set
        once the store stopped short of its end), the function the store asks between examples; and the buttons'
        words while it runs. Stop pressed as the last example was copied said "Import stopped: 20 example(s)
        copied …; no other begun" of an import that copied every one."""
        asked, heeded = threading.Event(), threading.Event()
        self.transfer_stops[kind].append(asked)
        self._show_transfers()
        closing = self.window.tasks.stopping

        def stop() -> bool:
            if asked.is_set() or closing.is_set():
                heeded.set()  # the store stops at this answer: what it returns is not all
            return heeded.is_set()

        return asked, heeded, stop

    def note_given_up(self) -> None:
        """At close, once its wait ran out: each import, export and keep still writing is noted for the next start (the
        process ends without it, and an export stuck on a stick said nothing, the copy taken for whole)."""
        for given_up in list(self._unended.values()):
            given_up()

    def _end(self, kind: str, asked: threading.Event) -> None:
        self._unended.pop(asked, None)
        with contextlib.suppress(ValueError):
            self.transfer_stops[kind].remove(asked)
        if asked.is_set():
            self._stopped_at[kind] = time.monotonic()
        self._show_transfers()

    def _just_stopped(self, kind: str) -> bool:
        """Whether a stopped ``kind`` ended a moment ago: a press then is Stop's second, not a new import's first."""
        return time.monotonic() - self._stopped_at.get(kind, -STOPPED_GRACE_S) < STOPPED_GRACE_S

    def _stop(self, kind: str) -> None:
        for asked in self.transfer_stops[kind]:
            asked.set()
        self._show_transfers()
        self.window.say(f"Stopping the {kind} once the example it is copying is whole…", PROGRESS_MS)

    def _show_transfers(self) -> None:
        """The dock's Import… and Export… and the menu's entries say Stop while one of theirs runs."""
        for kind, words, action, button in (
            ("import", IMPORT_WORDS, self.import_action, self.panel.import_button),
            ("export", EXPORT_WORDS, self.export_action, self.panel.export_button),
        ):
            running = self.transfer_stops[kind]
            text, tip = words[bool(running)]
            stopping = bool(running) and all(asked.is_set() for asked in running)  # Stop pressed: until they end
            action.setEnabled(not stopping)
            button.setEnabled(not stopping)
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            self.panel.set_button_words(button, text, tip)

    def import_folder(self, folder: Path) -> None:
        def done(result: Imported) -> None:
            self._end("import", asked)
            added, problems, already, copies, kept = result
            self.panel.load_in_background(self.window.tasks)
            if added:
                self.window.room.bring_out(self.dock)  # as keeping does: an import showed nothing but a message
            # the bar names the folder by its name and ends with the count of pictures kept already, which a
            # shortened message keeps (its middle goes): the whole path cut the count out; the tooltip has it all
            # counted as the dock counts them: "Imported 5000 example(s)" beside "5,000 examples in …"
            # Stop importing: each copied whole, the rest not begun
            examples = counted(len(added), "example")
            did = f"Import stopped: {examples} copied" if heeded.is_set() else f"Imported {examples}"
            message, short = (f"{did} from {where}" for where in (shown, readable(folder.name)))
            if heeded.is_set():
                message, short = (f"{m}, each whole; no other begun" for m in (message, short))
            # 1,000 copies of one 3 imported were "Imported 1,000 example(s)", one drawing taught once. Said next to
            # the count copied: after the count kept already, "of them" read as of those, which were not copied
            if copies:
                words = (
                    f"; {copies:,} of them {'is a copy of another' if copies == 1 else 'are copies of one another'}"
                    " or of a drawing kept (a teach learns each drawing once)"
                )
                message, short = message + words, short + words
            if already and kept not in (None, already):  # 300 copies of one kept drawing: "300 were kept already"
                of, are = counted(kept, "picture"), "is a copy" if already == 1 else "are copies"
                message += (
                    f"; {counted(already, 'picture')} {are} of {of} already among your examples, not copied again"
                )
                short += f"; {already:,} {are} of {of} kept already"
            elif already:  # a folder imported twice: "Imported 0 example(s)" said nothing of why
                were = "was" if already == 1 else "were"
                message += f"; {counted(already, 'picture')} {were} already among your examples, not copied again"
                short += f"; {already:,} {were} kept already"
            elif not (added or problems or copies):  # an empty folder, or one of notes, said that alone too
                message += "; it holds no pictures in folders named 0–9 (FOLDER/0/*.png … FOLDER/9/*.png)"
                short += "; no pictures in folders named 0–9"
            # the count in the text too: as the dialog's title it was cut to "Imported 4 example(s) f…"; and what was
            # skipped, as the dock says it: a folder not named 0–9 was "Skipped 1 file(s)"
            if problems:
                skipped, every = few_said(folder, problems, f"Skipped {skipped_kinds(problems)}")
                self.window.report_error("Some files were skipped", f"{message}.\n\n{skipped}", every)
            else:
                self.window.say(short, 6000, tip=message)

        def failed(err: BaseException) -> None:
            # it may stop half-way (a disk full, a class folder that is a file): what was copied stays, and the
            # dock, which went on showing the folder as before the import, is read again
            self._end("import", asked)
            self.panel.load_in_background(self.window.tasks)
            # the folder in the way, or the reason: a digit's folder in the way is the library's to name, per file
            why = self.store.blocked() or str(err)
            # and how to finish it: a disk that filled 384 examples into 2,000 said only that those were kept
            finish, safe = CUT_SHORT["import"][2:]
            kept = "Any examples copied before this are kept: the dock shows them. "
            kept += f"Once that is mended, {finish} ({safe})."
            after = "Nothing was copied." if isinstance(err, ExamplesError) else kept  # refused before any copy
            self.window.report_error("Could not import examples", f"{why}\n\n{after}")

        if (blocked := self.store.blocked()) is not None:  # the examples folder is a file: "[Errno 20] Not a directory"
            copied = "nothing was copied."
            self.window.report_error("Could not import examples", mend_blocking(blocked, f": {copied}", copied))
            return
        if self.importing:  # the library's refusal said "in this window or another RowReader window": it is this one
            self.window.report_error(
                "Could not import examples",
                f"This window is importing into {readable(str(self.store.root))} already (the status bar says how far "
                "it has come): import again once it is done, or stop it (Stop importing, in My examples or the Teach "
                "menu).\n\nNothing was copied.",
            )
            return
        asked, heeded, stop = self._begin("import")
        # a name not UTF-8 as the app shows it: Qt dropped its bytes ("/tmp//src" said of /tmp/\xff\xfe/src)
        shown = readable(str(folder))
        self.window.status.say_progress(f"Importing examples from {shown}…", first=True)  # 3,000: a minute, no word

        def so_far(stage: str, count: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed while it ran: nobody to tell
                self._import_read.emit(folder, stage, count, total)

        def work(noted: Callable[[], bool]) -> Imported:
            return self.store.import_folder(folder, noted, so_far)

        self.window.tasks.run(
            self._noting_a_cut("import", folder, (asked, stop), work, lambda i: len(i.added)), done, failed
        )

    def _say_import_read(self, folder: Path, stage: str, count: int, total: int) -> None:
        """How far an import has come: the status bar said "Importing…" alone, and that for its first minute only."""
        if self.importing and count < total:
            shown = readable(str(folder))
            self.window.status.say_progress(f"Importing examples from {shown}… ({count:,} of {total:,} {stage})")

    def export_folder(self, folder: Path) -> None:
        def done(result) -> None:
            self._end("export", asked)
            written, skipped, already = result
            message = f"Exported {counted(written, 'example')} to {shown}"
            if heeded.is_set():  # Stop exporting: each written whole, the rest not begun
                message = (
                    f"Export stopped: {counted(written, 'example')} written to {shown}, each whole; no other begun"
                )
            if already:  # exported there before: they were each named "left alone", in a warning
                message += f"; {already:,} {'was' if already == 1 else 'were'} there already, the same files"
            if skipped:
                left, every = few_said(folder, skipped, f"Left {counted(len(skipped), 'file')} alone")
                self.window.report_error("Some files were left alone", f"{message}.\n\n{left}", every)
            else:
                self.window.say(message, 6000)

        def failed(err: BaseException) -> None:  # it may stop half-way, as an import may; refused, it wrote nothing
            self._end("export", asked)
            # and how to finish it, as an import's says: a disk that filled said only where those written were
            finish, safe = CUT_SHORT["export"][2:]
            written = f"Any examples written before this are in {shown}. Once that is mended, {finish} ({safe})."
            after = "Nothing was written." if isinstance(err, ExamplesError) else written
            self.window.report_error("Could not export examples", f"{err}\n\n{after}")

        asked, heeded, stop = self._begin("export")
        shown = readable(str(folder))  # as the import's
        self.window.status.say_progress(f"Exporting your examples to {shown}…", first=True)

        def so_far(count: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed while it ran: nobody to tell
                self._export_written.emit(folder, count, total)

        def work(noted: Callable[[], bool]) -> Exported:
            return self.store.export_folder(folder, noted, so_far)

        self.window.tasks.run(
            self._noting_a_cut("export", folder, (asked, stop), work, lambda e: e.written), done, failed
        )

    def _say_export_written(self, folder: Path, count: int, total: int) -> None:
        """How far an export has come: "Exporting…" alone, gone after its first minute, where 5,000 examples onto a
        USB stick take minutes."""
        shown = readable(str(folder))
        self.window.status.say_progress(f"Exporting your examples to {shown}… ({count:,} of {total:,} done)")
