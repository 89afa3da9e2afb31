"""The Models menu: the shipped model, your taught ones (newest first), the ones opened, the one compared with, and
the same list again to compare with."""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QFontMetrics
from PySide6.QtWidgets import QMenu

from gui.model_names import model_name, same_file
from gui.numbers import heldout_percent
from gui.opened_models import MAX_RECENT_MODELS, MOST_READ, Stamp, change_note, read_opened, stamp_of, write_opened
from gui.plain_text import plain_tip
from gui.taught_models import TAUGHT_MODELS, models_dir
from gui.workers import TaskRunner
from rowreader.checkpoint import CHECKPOINT_SUFFIX, CheckpointError, pretrained_path, read_metadata
from rowreader.paths import LOOPS_BACK
from rowreader.readable import readable
from rowreader.tensor_file import json_count

if TYPE_CHECKING:
    from gui.main_window import MainWindow


READ_WAIT_MS = 250  # how long an opening waits for the files' reading before it shows what is known without it
STILL_READING = "Still reading the model files…"  # the menu's first item until they are read
# that item once they are, the menu still open: taken away, every row below moved up under the pointer, and a click
# meant for one model chose the next
READ_NOW = "Model files read: listed as they are now"
# that item where the look found other models than the menu lists (it opened before any look had ended, or a teach
# ended meanwhile): theirs would come in above the rows, Compare with and Open model…, each moved down under the pointer
READ_AGAIN = "Model files read: open the menu again to list them"


@dataclass(frozen=True)
class _Asked:
    """What a look at the files needs of the menu and the window, taken on the window's thread as it begins: the look
    read the menu's list of opened models for their names, again for its items and again for Forget opened, while
    the window's thread may remember or forget one meanwhile (a model opened), a KeyError in the look or a list that
    disagrees with itself."""

    opened: tuple[tuple[Path, Stamp | None], ...]  # the opened models, newest first, each file as it was read
    current: Path | None  # the model in use
    compared: Path | None  # the model read beside
    compared_as: Stamp | None  # its file as it was read


@dataclass(frozen=True)
class _Look:
    """What the model files said at one look, read off the window's thread (:meth:`ModelsMenu._look_now`): the
    menu was filled on the window's thread, each ``stat`` and new header read there, and the window stood still for
    them (2.4 s for a 15.8 MB header; for good on a network mount that does not answer)."""

    choices: list[tuple[str, Path]]  # :meth:`ModelsMenu.choices`
    resolved: dict[Path, Path]  # each path listed, and the models in use and compared with, as its file resolves
    letting_go: list[Path]  # the opened models Forget opened offers: not the one in use
    named: dict[Path, str]  # :meth:`ModelsMenu._told_apart`


def _resolved(path: Path) -> Path:
    """``path`` resolved, or as it is where it cannot be (a loop of links, a NUL in its name): the model in use made a
    loop of links since it was read raised from the menu's look, and the menu listed nothing, "Still reading…" for
    good."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path


def _file_of(path: Path) -> tuple[int, int] | Path:
    """Which file ``path`` names, as :func:`gui.model_names.same_file` tells them: its device and inode (a hard link
    of another is that file), else its name resolved (a file gone, a link to nothing)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return _resolved(path)
    return info.st_dev, info.st_ino


def _one_each(opened: tuple[tuple[Path, Stamp | None], ...], listed: list[Path]) -> list[tuple[Path, Stamp | None]]:
    """``opened`` with the first entry of each file only, and none of a file ``listed`` already: a list edited by hand
    to name one file by two names (a link to it, another hard link of it, ``a/../a/m.safetensors``) showed it twice or
    more, each row choosing the same model; two hard links were two rows, and Forget opened of one forgot both; a link
    to the shipped model was "Opened: link.safetensors" below "Shipped model", both marked in use. Read off the
    window's thread (:func:`_file_of` looks at the files)."""
    seen = {_file_of(path) for path in listed}
    kept = []
    for path, stamp in opened:
        if (file := _file_of(path)) not in seen:
            seen.add(file)
            kept.append((path, stamp))
    return kept


def _a_file(path: Path) -> bool:
    """Whether ``path`` may be a model file: not where it is no file (a folder, a pipe, a link to nothing), and yes
    where it cannot be looked at (its folder not to be entered), listed to say why (:func:`_read_note`):
    ``Path.is_file`` raised for that, and the menu's look ended, "Still reading…" for good."""
    try:
        return path.is_file()
    except OSError:
        return True
    except ValueError:  # a NUL in its name: no file
        return False


def _menu_text(text: str) -> str:
    """``text`` as a menu item shows it: a model opened from ``R&D.safetensors`` was listed as "RD.safetensors",
    the D underlined and taken as the item's Alt key (Qt reads one ``&`` as the mark of that key)."""
    return text.replace("&", "&&")


def fit_the_screen(menu: QMenu, named: dict[QAction, str], width: int) -> None:
    """The models' items of ``menu`` (each with its text, ``named``) shortened in their middle where the menu would be
    wider than ``width`` px: a model opened from a file of 190 characters made the menu wider than a 1366×768 screen
    at 200 %, the name cut at its right edge (its end, what tells such names apart, unseen) and Open model's Ctrl+M
    out of sight. The whole path is each item's tooltip. Two cut alike are cut after what tells them apart
    (:func:`_cut_apart`)."""
    metrics = menu.fontMetrics()
    room = max((metrics.horizontalAdvance(text) for text in named.values()), default=0)
    # again while the menu is still wider and narrowing: it measures an item a pixel wider than its text, once cut
    # after what tells two apart (cut in the middle, their room to spare had hidden it)
    before = room
    while 0 < (over := menu.sizeHint().width() - width) < min(before, room):
        room, before = room - over, over
        shown = {act: metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room) for act, text in named.items()}
        alike = [act for act in shown if list(shown.values()).count(shown[act]) > 1]  # each of a pair, not the last
        for act in alike:
            shown[act] = _cut_apart(named[act], [text for text in named.values() if text != named[act]], metrics, room)
        for act, text in shown.items():
            act.setText(_menu_text(text))


def _place_of(menu: QMenu) -> int | None:
    """The row of ``menu`` the keys or the pointer are on, where it is open."""
    act = menu.activeAction()
    return menu.actions().index(act) if menu.isVisible() and act in menu.actions() else None


def _back_to(menu: QMenu, at: int | None) -> None:
    """``menu``'s row ``at`` (:func:`_place_of`) the one the keys are on again, where it still has it: a submenu's
    only where that is open (made the keys' row, it opens)."""
    acts = menu.actions()
    if at is not None and at < len(acts) and (acts[at].menu() is None or acts[at].menu().isVisible()):
        menu.setActiveAction(acts[at])


def _same_start(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` start with alike."""
    return next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))


def _cut_apart(text: str, others: list[str], metrics: QFontMetrics, room: int) -> str:
    """``text`` in ``room`` px, kept up to its first character that differs from the one of ``others`` most like it,
    its end after that as far as it fits: cut in their middle, two opened models told apart by the folders in the
    middle of their names (``…-seed-1-…/runs/rowreader.safetensors``, review20's :func:`told_apart`) read alike again.
    Where that much is wider than ``room``, it is cut in its middle too (``Opened: hand…-seed-1…``)."""
    tells = max((_same_start(text, other) for other in others), default=0) + 1
    head, rest = text[:tells], text[tells:]
    left = room - metrics.horizontalAdvance(head)
    if left >= metrics.horizontalAdvance("…" + rest[-1:]):
        return head + metrics.elidedText(rest, Qt.TextElideMode.ElideLeft, left)
    return metrics.elidedText(head, Qt.TextElideMode.ElideMiddle, room - metrics.horizontalAdvance("…")) + "…"


def unreadable_why(err: CheckpointError) -> str | None:
    """The system's reason where a model's file could not be read at all (its mode changed, its folder closed, a
    disk error), else None: its bytes are what is wrong. A model the user may not read was listed as "damaged",
    which invites deleting a sound file. A loop of links is said in the loader's words (:data:`LOOPS_BACK`)."""
    cause = err.__cause__
    while isinstance(cause, OSError):
        if cause.errno == errno.ELOOP:
            return LOOPS_BACK
        if cause.strerror:
            return cause.strerror
        cause = cause.__cause__
    return None


def _read_note(path: Path) -> tuple[dict, str]:
    """The held-out accuracies ``path`` records, and the note its menu item ends with where it cannot be read (its
    header alone is read): listed all the same, choosing it says why; it was listed like sound ones."""
    try:
        return read_metadata(path).get("heldout_accuracy") or {}, ""
    except CheckpointError as err:
        if why := unreadable_why(err):
            return {}, f" (cannot be read: {why})"
        if err.newer:  # sound: "damaged" invited deleting it
            return {}, " (written by a newer RowReader: update RowReader to read it)"
        # a model file emptied or replaced by a picture was "damaged", which invites deleting it as a broken model
        if kind := getattr(err, "kind", None):
            return {}, f" (not a model: {kind})"
        if err.reason:  # a header past RowReader's limits, a key named twice: in the loader's words, not "damaged"
            return {}, f" (cannot be read: {err.reason})"
        return {}, " (damaged: cannot be read)"


def told_apart(paths: list[Path]) -> dict[Path, str]:
    """Each of ``paths`` by its file name, or, where another shares it (less ``.safetensors``: :func:`_as_shown`), by
    as many of its last folders as tell the two apart: two training runs' models at fit's default
    ``runs/rowreader.safetensors`` were both "rowreader.safetensors" in the menu and in "Forgot …", which only a
    pointer resting on each could tell apart. As :func:`readable` shows each."""
    named = {}
    for path in paths:
        last = 1
        # one alike all the way up is in the same folder, told apart by the suffix alone: named by its whole path
        while last < len(path.parts) and any(
            _as_shown(o)[-last:] == _as_shown(path)[-last:] and _as_shown(o) != _as_shown(path) for o in paths
        ):
            last += 1
        named[path] = readable(str(Path(*path.parts[-last:])))
    return named


def _told_apart(asked: _Asked) -> dict[Path, str]:
    """The models the menu names by their files, the opened ones and the one compared with, :func:`told_apart`:
    told apart among the opened alone, one opened and one of its name from Compare with… were "Opened:
    rowreader.safetensors" and "Compared: letters/runs/rowreader.safetensors", the status bar likewise."""
    opened = [path for path, _ in asked.opened]
    compared = asked.compared
    beside = [] if compared is None or any(same_file(compared, p) for p in opened) else [compared]
    return told_apart([*opened, *beside])


def _as_shown(path: Path) -> tuple[str, ...]:
    """``path``'s parts, its file's without ``.safetensors``, as the status bar and the chart show it: told apart by
    file name alone, ``digits/rowreader.safetensors`` and ``letters/rowreader`` were both "rowreader" there."""
    return (*path.parts[:-1], path.name.removesuffix(CHECKPOINT_SUFFIX))


class ModelsMenu(QMenu):
    """Filled anew each time it opens (:meth:`fill`); remembers the models opened from outside the user's models
    folder, in the settings too, for the next start (:mod:`gui.opened_models`)."""

    def __init__(self, window: MainWindow, user_dir: Path) -> None:
        super().__init__("&Models", window)
        self._window = window
        self._user_dir = user_dir
        # a hand-edited list's shipped or taught model passed over, as _on_session passes them: listed twice
        remembered = read_opened(window.settings, MAX_RECENT_MODELS, self._elsewhere)
        self.opened: list[Path] = [path for path, _ in remembered]  # newest first, at most MAX_RECENT_MODELS
        self._stamps: dict[Path, Stamp | None] = dict(remembered)  # each file as it was when read
        # each file's note as its header gave it, by the file's state then: the menu is filled on every opening, on the
        # window's thread, and a file's header read each time (twice) held the window 12 s for a 16 MB one
        self._notes: dict[Path, tuple[tuple[int, ...], tuple[dict, str]]] = {}
        # the files are read on a pool of the menu's own (a read that never ends holds none of the loads' threads)
        self._reader = TaskRunner(self, max_threads=1)
        self._look: _Look | None = None  # the last look that ended
        self._looking = False  # a look is under way
        self._marked = False  # the menu shows a look marked as still being read: shown again when one ends
        self._rows: tuple[list[Path], bool] = ([], False)  # what the menu's rows are: :meth:`_rows_of` the look shown
        self._openings = 0  # how many times the menu was filled: which opening a look was begun by
        self.setToolTipsVisible(True)
        # made once, emptied by each fill: made anew on every opening, they outlived clear() (it deletes actions, not
        # submenus or groups), and a window opened all day held one more menu and ~7 objects per look at it
        self.compare = QMenu("&Compare with", self)
        self.compare.setToolTipsVisible(True)
        self.forgetting = QMenu("&Forget opened", self)  # an opened model off the list (its file left as it is)
        self.forgetting.setToolTipsVisible(True)
        self._group = QActionGroup(self)  # one model in use, a bullet
        self._compared = QActionGroup(self.compare)  # one at a time: lone checkable items drew empty boxes
        self.aboutToShow.connect(self.fill)
        window.session.subscribe(self._on_session)
        # looked at once now, so that the first opening has a list to show: one slower than the opening's wait showed
        # none, and its models came in above Compare with and Open model…, moving each down under the pointer
        self._begin()

    def _on_session(self, event: str) -> None:
        checkpoint = self._window.session.checkpoint
        if event == "model" and checkpoint is not None and checkpoint.path is not None:
            path = checkpoint.path
            if self._elsewhere(path):
                read, stamp = self._window.models.read_as  # its file just before it was read, where known
                stamp = stamp if read == path else stamp_of(path)  # else put in use by a teach: as it is now
                path = Path(os.path.abspath(path))  # as remembered: `--checkpoint m.safetensors` read from anywhere
                self._stamps[path] = stamp
                self._remember(newest=path)

    def _elsewhere(self, path: Path) -> bool:
        """Whether ``path`` is a model opened from elsewhere: not the shipped one, not one in the user's models folder
        (those the menu lists already)."""
        return path != pretrained_path() and path.parent != models_dir(self._user_dir)

    def _remember(self, newest: Path | None = None, gone: Path | None = None) -> None:
        """The opened models into the settings, for the next start: ``newest`` first, ``gone`` (forgotten) left out,
        the rest as the settings hold them now. Two windows open at once each wrote their own list, and the last to
        open a model wrote over the other's; each now reads what the other wrote since (the stamps of those gone off
        the list let go)."""
        settings = self._window.settings
        settings.sync()  # what another window wrote since this one read them
        # a file listed by one name and remembered by others too (a link to it): all go, or the next name came back
        held = [(p, stamp) for p, stamp in read_opened(settings, MOST_READ, self._elsewhere) if not same_file(p, gone)]
        if newest is not None:  # one file by another name (a link to it) too: listed twice, it took two places
            held = [(newest, self._stamps.get(newest)), *((p, stamp) for p, stamp in held if not same_file(p, newest))]
        held = held[:MAX_RECENT_MODELS]
        self.opened = [path for path, _ in held]
        self._stamps = dict(held)
        write_opened(settings, held)

    def _asked(self) -> _Asked:
        """What the menu and the window hold now, for a look at the files (on the window's thread)."""
        current = self._window.session.checkpoint.path if self._window.session.checkpoint else None
        other = self._window.comparison
        compared = other.checkpoint.path if other is not None and other.checkpoint is not None else None
        opened = tuple((path, self._stamps.get(path)) for path in self.opened)
        return _Asked(opened, current, compared, self._window.comparing.read_as)

    def forget(self, path: Path) -> None:
        """Take ``path`` off the models opened (Models ▸ Forget opened): the file itself is left as it is. Said and
        announced: the menu closed without a word, and a person who cannot see it could not tell it was done."""
        name = _told_apart(self._asked()).get(path, readable(path.name))  # as the menu named it
        self._remember(gone=path)
        # the model in use named anew: "b/m.safetensors" in the status bar, told apart from a/m.safetensors gone from
        # the menu, stayed so (a row read renamed it until live6's 99e977b7; now only the model's own events do)
        self._window.status.update()
        self._window.say(f"Forgot {name}: off the Models menu, its file left as it is")

    def name_of(self, path: Path | None, suffix: bool = True) -> str | None:
        """``path`` as the menu names it (:func:`told_apart`) where an opened or compared model shares its file name
        (as shown without ``.safetensors``, :func:`_as_shown`), else None (the name alone says which): choosing
        "Opened: digits/runs/rowreader.safetensors" announced "Now reading with rowreader.safetensors", the words its
        namesake's choice gave. Without ``suffix`` unless it alone tells the two apart: ``runs/rowreader`` and
        ``runs/rowreader.safetensors`` were both "…/runs/rowreader" in the status bar and the chart."""
        if path is None or same_file(path, pretrained_path()):
            return None
        others = [
            p
            for p in _told_apart(self._asked())
            if _as_shown(p)[-1:] == _as_shown(path)[-1:] and not same_file(p, path)
        ]
        if not others:
            return None
        named = told_apart([*others, path])
        short = named[path].removesuffix(CHECKPOINT_SUFFIX)
        alike = any(name.removesuffix(CHECKPOINT_SUFFIX) == short for other, name in named.items() if other != path)
        return named[path] if suffix or alike else short

    def _read_note(self, path: Path) -> tuple[dict, str]:
        """:func:`_read_note` of ``path``, read again only where its file changed since (or cannot be looked at)."""
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return _read_note(path)  # says why
        # ctime too: a copy kept its source's time and size (cp -p of another taught model), ctime no one sets
        state = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = self._notes.get(path)
        if known is None or known[0] != state:
            self._notes[path] = state, _read_note(path)
        return self._notes[path][1]

    def choices(self, asked: _Asked | None = None) -> list[tuple[str, Path]]:
        """(menu text, path) for the shipped model, your fine-tuned ones (newest first), opened ones, and the one
        compared with: as ``asked`` holds them (a look's), else as the window holds them now."""
        asked = asked or self._asked()
        choices: list[tuple[str, Path]] = []
        if _a_file(pretrained_path()):
            choices.append((model_name(pretrained_path()), pretrained_path()))
        # what is no file (a folder, a pipe, a link to nothing) is no model; a damaged file is listed, choosing it
        # says what is wrong with it
        taught = models_dir(self._user_dir).glob(TAUGHT_MODELS)
        files = sorted(filter(_a_file, taught), reverse=True)
        yours = files[:MAX_RECENT_MODELS]
        # the models in use and compared with, whatever their age: five newer files pushed the one in use out, and
        # the menu marked none and offered no way back to it
        by_file = {_resolved(path): path for path in files}
        for model in filter(None, (asked.current, asked.compared)):
            # one of the folder the list above passed over is listed here: deleted since (a file manager), marked,
            # saying why it cannot be chosen; renamed there (favourite.safetensors, no taught model's name), it was
            # listed nowhere, since the opened ones leave this folder to the list above
            ours = model.parent == models_dir(self._user_dir)
            path = by_file.get(_resolved(model), model if ours else None)
            if path is not None and path not in yours:
                yours.append(path)
        for path in yours:
            held, note = self._read_note(path)
            if held.get("before") is not None and held.get("after") is not None:
                # to 0.1 %, as the teach dialog says it: 99.3 % → 99.2 % read "99% → 99%", no change at all
                seen = held.get("learnt_before")  # taught again on them: not held out (training.finetune)
                again = f", {seen:,} taught before" if json_count(seen) and seen else ""
                note = f" (your examples {heldout_percent(held['before'])} → {heldout_percent(held['after'])}{again})"
            choices.append((f"Yours: {readable(path.stem)}{note}", path))
        # a file opened this session and deleted, moved, damaged or locked since is marked as a taught one is: its
        # folder removed, "Opened: m.safetensors" was listed like a sound model, choosing it the first word of it
        # one remembered from an earlier start and written again since (a training run, a copy over it) says so
        named = _told_apart(asked)
        one_each = _one_each(asked.opened, [path for _, path in choices])
        choices += [(f"Opened: {named[path]}{self._opened_note(path, stamp)}", path) for path, stamp in one_each]
        # the model read beside, when only ever compared (the seed model, a file from Compare with…): the README
        # says the Models menu switches to it, and it was not listed there
        other = asked.compared
        if other is not None and all(_resolved(other) != _resolved(path) for _, path in choices):
            # its file written over since (a copy to its name): listed like the model read beside, which it is not
            note = self._read_note(other)[1] or change_note(other, asked.compared_as)
            choices.append((f"Compared: {named.get(other, readable(other.name))}{note}", other))
        return choices

    def _opened_note(self, path: Path, stamp: Stamp | None) -> str:
        """What an opened model's item ends with: why it cannot be read, else whether it changed since it was read
        (``stamp``)."""
        return self._read_note(path)[1] or change_note(path, stamp)

    def _look_now(self, asked: _Asked) -> _Look:
        """The files looked at, on the menu's pool: :meth:`choices` and what :meth:`_show` asks of the files, as
        ``asked`` (never the menu's own lists, which the window's thread changes meanwhile)."""
        choices = self.choices(asked)
        current = asked.current
        resolved = {
            path: _resolved(path) for path in {*(p for _, p in choices), *filter(None, (current, asked.compared))}
        }
        listed = {path for _, path in choices}  # one of each file: a second name of one is not offered either
        letting_go = [
            path for path, _ in asked.opened if path in listed and (current is None or not same_file(path, current))
        ]
        return _Look(choices, resolved, letting_go, _told_apart(asked))

    def fill(self) -> None:
        """Just before the menu shows: the models as they are now (taught, deleted or replaced meanwhile), read on the
        menu's pool; where that takes over :data:`READ_WAIT_MS`, the menu shows the last look, marked, and is filled
        again when the reading ends (the files looked at once more: they may have changed since it began). A look
        still under way (a mount that does not answer) is not begun again, but one begun before this opening is not
        shown as fresh when it ends: the files are looked at once more."""
        # this opening: a look begun before it read the files as they were then (a model written over since was shown
        # with its old note when the last opening's look ended in this one)
        self._openings += 1
        if self._looking:
            self._show(self._look, fresh=False)
            return
        ended, box = self._begin()
        shown = ended.wait(READ_WAIT_MS / 1000) and bool(box)
        if shown:
            self._look = box[0]
        self._show(self._look, fresh=shown)

    def _begin(self) -> tuple[threading.Event, list[_Look]]:
        """A look at the files begun on the menu's pool by this opening (none yet: the window's start), shown where
        it ends in that opening, the menu open; the event is set as it ends, the list then holds it."""
        began = self._openings
        self._looking = True
        asked = self._asked()  # here, on the window's thread: the look reads nothing else of the menu's or window's
        ended = threading.Event()
        box: list[_Look] = []

        def look() -> _Look:
            try:
                box.append(self._look_now(asked))
            finally:
                ended.set()
            return box[0]

        def looked(found: _Look) -> None:
            self._look, self._looking = found, False
            if self._marked and self.isVisible():
                # begun as this opening, the window holding what it held then: shown (looked at again, a look as
                # slow ended the same way, and the menu read the files till it shut); else it may be old: again,
                # unless its rows are not the menu's (none shown, a model come or gone), which it keeps whatever is
                # found: it says to open it again, no new look begun for a list it would not show
                if self._rows_of(found) != self._rows or (began == self._openings and asked == self._asked()):
                    self._show(found, fresh=True)
                else:
                    self.fill()

        def failed(err: BaseException) -> None:
            self._looking = False
            raise err

        self._reader.run(look, looked, failed)
        return ended, box

    def _letting_go(self, look: _Look) -> list[Path]:
        """The opened models Forget opened offers from ``look``: not the model in use (forgotten, it left the menu
        marking none, and the next start read it again), nor one forgotten since the look began."""
        return [path for path in look.letting_go if path in self.opened]

    def _rows_of(self, look: _Look) -> tuple[list[Path], bool]:
        """What the menu's rows would be, made from ``look``: its models in order, and whether Forget opened is
        among them. Where an open menu's differ, a row would move under the pointer (:meth:`_show`)."""
        return [path for _, path in look.choices], bool(self._letting_go(look))

    def _show(self, look: _Look | None, fresh: bool) -> None:
        """The menu made from ``look`` (None: none has ended yet), marked as still being read unless ``fresh``."""
        refilled = self._marked and self.isVisible()  # filled in while open: each row stays where it was
        look = look or _Look([], {}, [], {})
        letting_go = self._letting_go(look)
        rows = self._rows_of(look)
        if refilled and rows != self._rows:
            # a model come or gone (the first look's, a teach ended) would move every row below it under the pointer,
            # so that a click meant for one model chose another: said instead
            self.actions()[0].setText(READ_AGAIN)
            self._marked = False
            return
        self._rows = rows
        # the rows the keys or the pointer were on, in the menu and an open submenu, each made anew below: the
        # highlight went, the next Down began at the top again, Enter chose nothing
        places = [(menu, _place_of(menu)) for menu in (self, self.compare, self.forgetting)] if refilled else []
        self.clear()
        self.compare.clear()
        self.forgetting.clear()
        self._marked = not fresh
        if not fresh or refilled:
            self.addAction(READ_NOW if fresh else STILL_READING).setEnabled(False)
        group = self._group
        current = self._window.session.checkpoint.path if self._window.session.checkpoint else None
        now = look.resolved.get(current) if current is not None else None
        named: dict[QAction, str] = {}
        choices = look.choices  # once: each header it reads, read again for Compare with, doubled the wait
        for text, path in choices:
            act = self.addAction(_menu_text(text))
            named[act] = text
            act.setCheckable(True)
            act.setChecked(now is not None and look.resolved[path] == now)
            act.setToolTip(plain_tip(str(path)))
            act.triggered.connect(lambda *_, p=path: self._window.open_model(p))
            group.addAction(act)
        # the same list again, to read with a second model beside the first (dashed in the chart): the taught
        # model against the one it was taught from, row by row, without hunting for its file
        self.addSeparator()
        compare = self.compare
        self.addMenu(compare)
        # the model read beside, checked as the one in use is above: nothing said which it was but the status bar
        other = self._window.comparison.checkpoint if self._window.comparison is not None else None
        compared = look.resolved.get(other.path) if other is not None and other.path is not None else None
        one = self._compared
        compared_named: dict[QAction, str] = {}
        for text, path in choices:
            seed = look.resolved[path] == compared and self._window.actions_.compare_seed.isChecked()  # marked below
            if (now is None or look.resolved[path] != now) and not seed:
                act = compare.addAction(_menu_text(text))
                compared_named[act] = text
                act.setCheckable(True)
                act.setChecked(look.resolved[path] == compared)
                act.setToolTip(plain_tip(str(path)))
                one.addAction(act)
                act.triggered.connect(lambda *_, p=path: self._window.compare_with(p))
        compare.addSeparator()
        actions = self._window.actions_
        for act in (actions.compare, actions.compare_seed, actions.stop_compare):
            compare.addAction(act)
        forget_named: dict[QAction, str] = {}
        if letting_go:  # remembered from start to start, so each can be let go of
            self.addMenu(self.forgetting)
            for path in letting_go:
                act = self.forgetting.addAction(_menu_text(look.named[path]))  # as the list above names them
                forget_named[act] = look.named[path]
                act.setToolTip(plain_tip(str(path)))
                act.triggered.connect(lambda *_, p=path: self.forget(p))
        self.addSeparator()
        self.addAction(self._window.actions_.open_model)
        for menu, at in places:
            _back_to(menu, at)
        width = self._window.screen().availableGeometry().width()
        fit_the_screen(self, named, width)
        fit_the_screen(compare, compared_named, width)
        fit_the_screen(self.forgetting, forget_named, width)
