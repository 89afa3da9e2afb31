"""The files one training run writes: checked before any work, and locked for the run's whole duration.

A run writes a checkpoint (``--out``), its training state and a metrics CSV. Before anything is read or trained:
the three must be different files; each must be absent, or a file this program wrote (a RowReader checkpoint,
a training state, a metrics CSV with our header), unless ``--force``; and the run takes an exclusive lock beside
each of the three (:func:`run_lock`), so a second run writing any of them (the same ``--out``, or ``m.pt`` beside a
run of ``m.safetensors``: one state, one metrics CSV) stops at once instead of silently mixing both runs' files.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import errno
import hashlib
import json
import math
import os
import shutil
import stat
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

try:
    import resource  # POSIX: a process's limits (`ulimit`)
except ImportError:  # Windows sets no limit on a file's size
    resource = None  # type: ignore[assignment]

from rowreader.atomic import (
    LockHeld,
    check_writable,
    drop_lock,
    keep_lock,
    lock_path,
    refuse_long_name,
    remove_stale_temporaries,
    take_lock,
)
from rowreader.checkpoint import (
    CHECKPOINT_SUFFIX,
    METRICS_SUFFIX,
    TRAINING_STATE,
    TRAINING_STATE_SUFFIX,
    Checkpoint,
    CheckpointError,
    checkpoint_beside,
    cut_short,
    foreign_file_kind,
    is_checkpoint,
    is_shipped,
    load_checkpoint,
    past_the_header,
    read_metadata,
)
from rowreader.example_folder import NAMED_BY_PLACE, by_file_alone
from rowreader.json_text import shown
from rowreader.launch import CommandParser
from rowreader.model import ReaderConfig
from rowreader.output import MAX_KIND_SHOWN, counted, one_line, shortened
from rowreader.paths import file_sha256, link_target, regular_file
from training.arguments import checkpoint_named, refuse_named_twice
from training.config import MAX_MERGES, FitConfig
from training.metrics import COLUMNS


def state_path(checkpoint: Path) -> Path:
    """``runs/model.safetensors`` → ``runs/model.state.pt`` (:func:`training.state.state_path`, kept here apart from
    torch, which ``training.state`` imports: a merge's or a conversion's ``--help`` waited for it, or in a Python
    without torch said "needs PyTorch" instead of its help)."""
    return checkpoint.with_name(checkpoint.stem + TRAINING_STATE_SUFFIX)


def is_training_state(path: Path) -> bool:
    """:func:`training.state.is_training_state`, torch imported only for a zip, as every state is: a run refusing
    someone's file as --out (training.arguments' main, before torch) waited 2–3 s for it to say so."""
    if not zipfile.is_zipfile(path):
        return False
    from training.state import is_training_state

    return is_training_state(path)


class OutputError(OSError):
    """An output path that would destroy someone's file, or that another run is using; the message says which."""


def _metrics_rows(path: Path, rows: bool = True) -> list[dict[str, str]] | None:
    """The rows of the metrics CSV ``path`` (none read unless ``rows``), or None where it lacks our header; an
    :class:`OutputError` where it holds a row no run writes. The one reading of it, which takes the header as a
    spreadsheet saves it back too: a UTF-8 BOM (Excel's "CSV UTF-8"; refused as not ours) and semicolons or tabs
    (Excel where the decimal mark is a comma)."""
    with path.open("rb") as f:
        text = (f.read() if rows else f.readline(4096)).decode("utf-8-sig", "replace")
    lines = text.splitlines() or [""]
    delimiter = next((d for d in ",;\t" if lines[0].strip().split(d) == COLUMNS), None)
    if delimiter is None:
        return None
    try:
        return list(csv.DictReader(lines[1:], COLUMNS, delimiter=delimiter))
    except csv.Error as err:  # a cell over csv's 131,072 characters (a note pasted in, a quote never closed)
        raise OutputError(  # was a traceback: no run writes such a row, so it is no run's record to replace
            f"--metrics {path} has a metrics CSV's header but a row no run writes ({err}); give --metrics another "
            "name, or pass --force to replace it"
        ) from None


def _is_metrics_csv(path: Path) -> bool:
    return _metrics_rows(path, rows=False) is not None


def run_outputs(config: FitConfig) -> tuple[Path, Path, Path]:
    """A training run's three files: ``--out``, its training state and ``--metrics`` (by default beside --out)."""
    out = Path(config.out)
    metrics = Path(config.metrics) if config.metrics else out.with_name(out.stem + METRICS_SUFFIX)
    return out, state_path(out), metrics


def check_outputs(out: Path, state: Path, metrics: Path, force: bool, resuming: bool = False) -> None:
    """Refuse (OutputError) clashing paths and existing files that are not ours, unless ``force``.

    ``resuming``: ``--resume`` reads the checkpoint and the state, and its own checks say what is wrong with a
    damaged one; here a state cut short was "not written by RowReader training" and to be overwritten with --force.
    """
    roles = {"--out": out, "the training state": state, "--metrics": metrics}
    for role, path in roles.items():
        refuse_long_name(path)
        refuse_the_shipped_model(path, role)
    # the locks too: `--metrics OUT.lock --force` replaced the lock file, and a second run then locked the new one
    seen = {
        resolved(lock := lock_path(path), role, path): ("one of the run's lock files", lock)
        for role, path in roles.items()
    }
    for role, path in roles.items():
        key = resolved(path, role)
        if key in seen:
            other, named = seen[key]
            if named == path:
                raise OutputError(f"{role} and {other} are the same file ({path}); give them different names")
            # named apart (`--metrics m.csv`, a link to --out's): each said, and where they lead; "through a link"
            # only where one goes through one (`--metrics /abs/r`, `sub/../r` beside `--out r` were said to)
            link = ", through a link" if any(_goes_through_a_link(p) for p in (path, named)) else ""
            raise OutputError(
                f"{role} {path} and {other} {named} are the same file ({key}{link}); give them different names"
            )
        seen[key] = role, path
    refuse_a_models_name(metrics)
    ours = {"--out": is_checkpoint, "the training state": is_training_state, "--metrics": _is_metrics_csv}
    for role, path in roles.items():
        if not existing_output(path, role, force):
            continue
        if not force and not (resuming and role != "--metrics") and not ours[role](path):
            raise OutputError(_not_ours(path, role))
    if not force and metrics.is_symlink():
        refuse_a_metrics_link(out, metrics)
    if not force and not resuming:
        refuse_another_runs_state(out, state)
        if out.exists():
            refuse_another_kind(out, TRAINED)
    if not force:  # a resumed run writes its CSV anew from its state, over whatever --metrics names
        refuse_another_runs_metrics(out, metrics)


def link_said(path: Path, read: str | None = None) -> str:
    """Where the link ``path`` leads, for "PATH is a link to …, which holds …": its target, and, where that is a link
    too, where the chain ends. ``--out a``, a link to b, b to the model, said "a link to b, which holds a model …",
    though b holds no model but is a link itself."""
    # once (``read``: the caller's read): read again, a link replaced meanwhile was said as the first, followed as
    # the second, and one removed was a traceback ("No such file or directory")
    read = os.readlink(path) if read is None else read
    target = link_target(path, read)
    if not os.path.islink(os.path.join(os.path.dirname(path), read)):
        return target
    try:
        end = os.path.realpath(path, strict=True)
    except OSError as err:  # a → b → a "ended at a", as if a were a file that was not there
        if err.errno == errno.ELOOP:
            return f"{target} (itself a link: the links go round in a loop)"
        end = os.path.realpath(path)
    return one_line(f"{target} (itself a link: the links end at {end})")


def _not_ours(path: Path, role: str, by_training: bool = True) -> str:
    """Why the file at ``path``, which the run would write over as ``role``, is refused without --force. A link is
    said as one, and --force as replacing it: the link's target was described as the name typed, and "--force to
    overwrite it" read as writing over that target (the user's own file, which is kept). ``by_training``: a training
    run's words ("not written by RowReader training as …"), else a fine-tune's and a merge's ("not a RowReader
    checkpoint"), whose --out any checkpoint may be."""
    try:  # read once: found a link, then read as one, a link removed between was a traceback (FileNotFoundError)
        read = os.readlink(path)
    except OSError:  # no link (EINVAL), or none now
        read = None
    link = link_target(path, read) if read is not None else None
    leads = link_said(path, read) if read is not None else None
    named = f"{role} {path} is a link to {leads}, which is" if link else f"{role} {path} is"
    force = f"replace the link with a file of its own ({link} stays as it is)" if link else "write over it"
    # a state cut short (by a copy, a full disk) "was not written … as a training state (it is a run's training
    # state)"; a checkpoint cut short was "a file". A whole zip (someone's own torch.save) is not.
    if role == "the training state" and _cut_short_zip(path):
        return (f"{named} cut short or damaged (torch cannot read it whole, so --resume cannot go on from it); give "
                f"another --out, or pass --force to {force}")  # fmt: skip
    if role == "--out" and (why := cut_short(path)) is not None:  # was "not written by …: a file, …"
        return f"{named} a RowReader checkpoint cut short ({why}); give another --out, or pass --force to {force}"
    written = f"written by RowReader training as {_OUTPUT_NOUNS[role]}"
    unlike = f"was not {written}" if by_training else "is not a RowReader checkpoint"
    # what it is in brackets, a link's too: "a link to m.tar, a file, not a readable … bytes, not written by …" ran on
    said = f"is a link to {leads}, which {unlike}" if link else f"exists and {unlike}"
    force = force if link else "overwrite it"
    return f"{role} {path} {said} (it is {_what_it_is(path, role)}); choose another path, or pass --force to {force}"


def refuse_the_shipped_model(path: Path, role: str) -> None:
    """OutputError, before any work, where ``path`` (the ``role`` output) is a model shipped with RowReader (by any
    name or link), --force or not: save_checkpoint refuses it, but a fine-tune or a merge learnt so only at its end,
    its minutes of work lost. ``--force`` replaced it: training.fit wrote an epoch's model over it (the app and
    load_pretrained read it so mid-run) and its state and metrics CSV into the package beside it, and the seed model
    every comparison is made with was lost. A model is shipped by a copy made once it is checked (training.ship's
    last line), never by a run; ``save_checkpoint(…, force=True)`` is the library's deliberate way."""
    if is_shipped(path):
        raise OutputError(
            f"{role} {path} is a model shipped with RowReader (load_pretrained and the app read it); no run writes "
            "over it, --force or not: write to another file (in runs/, say), and copy a model there yourself once "
            "it is checked, as training.ship's last line says"
        )


_OUTPUT_NOUNS = {"--out": "a checkpoint", "the training state": "a training state", "--metrics": "a metrics CSV"}


def _what_it_is(path: Path, role: str) -> str:
    """The file at ``path``, in words ("a PNG picture", "a text file starting 'date,loss'"): "exists and was not
    written by RowReader training" alone left a user to guess which of their files was meant."""
    if is_checkpoint(path):
        return "a RowReader checkpoint"
    if is_training_state(path):
        return "a training state"
    kind = foreign_file_kind(path) or "an empty file"
    if kind == TRAINING_STATE:  # a whole zip named as a state: `torch.save(model.state_dict(), "m.state.pt")`
        return "a zip archive, as torch.save writes, that holds no run's training state"
    if role == "--metrics" and (edited := _header_edited(path)) is not None:
        return edited
    if kind == "a file" and role == "--out":  # nothing known by its start: why it is no checkpoint ("cut off?")
        try:
            read_metadata(path)
        except CheckpointError as err:
            return f"a file, {str(err).removeprefix(f'{path}: ')}"
    return kind


def _header_edited(path: Path) -> str | None:
    """Words for a metrics CSV whose header was edited (a column added, moved or taken out in a spreadsheet), None
    for any other file: it was "a text file starting 'epoch,step,seconds,loss,lr,...'", a run's own header's start,
    which left a student to guess what made it no run's."""
    try:
        with path.open("rb") as f:
            line = f.readline(4096).decode("utf-8-sig", "replace").strip()
    except OSError:  # a folder, a file unreadable: said as such by foreign_file_kind
        return None
    header = max((line.split(d) for d in ",;\t"), key=len)
    if header[0] != COLUMNS[0]:
        return None
    if extra := [c for c in header if c not in COLUMNS]:
        return f"a CSV with a run's metrics header but a column no run writes, {shown(extra[0])}"
    if lacking := [c for c in COLUMNS if c not in header]:
        return f"a CSV with a run's metrics header but without its column {shown(lacking[0])}"
    place = next((i for i, (c, ours) in enumerate(zip(header, COLUMNS, strict=False)) if c != ours), None)
    if place is None:  # every column in its place, and one again after them
        return f"a CSV with a run's metrics header but a column twice, {shown(header[len(COLUMNS)])}"
    moved = f"{shown(header[place])} where a run writes {shown(COLUMNS[place])}"
    return f"a CSV with a run's metrics header but its columns moved: {moved}"


def _cut_short_zip(path: Path) -> bool:
    """Whether ``path`` starts as a zip (as torch.save writes) but lacks a zip's end: a state cut short by a copy
    or a full disk. Someone's own whole torch file there was called cut short too."""
    return foreign_file_kind(path) == TRAINING_STATE and not zipfile.is_zipfile(path)


def refuse_a_models_name(metrics: Path) -> None:
    """OutputError where ``--metrics`` ends in .safetensors, the ending the app and the commands know a model by:
    `--out runs/a.safetensors --metrics runs/b.safetensors` (a name copied from --out) wrote the CSV as a model's
    file, which the app's Open model then offered as one and a later `--out runs/b.safetensors` refused as not a
    model. For a new file only: one there is named for what it is (a checkpoint, the run's --start-from), which says
    more, as "the same file" (`--metrics` = `--out`) does; --force does not pass it."""
    if not metrics.name.lower().endswith(CHECKPOINT_SUFFIX) or os.path.lexists(metrics):
        return
    stem = metrics.name[: -len(CHECKPOINT_SUFFIX)] or metrics.name
    instead = metrics.with_name(stem + METRICS_SUFFIX)
    raise OutputError(
        f"--metrics {metrics} ends in {CHECKPOINT_SUFFIX}, the ending of a model's file, so the app and the commands "
        f"would take the CSV for a model; give another name ({instead}, say)"
    )


def refuse_a_metrics_link(out: Path, metrics: Path) -> None:
    """OutputError where ``--metrics`` is a link to a metrics CSV (any other file is refused as not ours): each write
    replaces the link with a file of its own, so `--metrics L`, L a link to the run's own r.metrics.csv, took L for
    the CSV and left r.metrics.csv as the earlier run's, without a word. The file it leads to is named instead."""
    where = link_said(metrics)
    target = os.path.relpath(metrics.resolve())
    own = metrics.resolve() == out.with_name(out.stem + METRICS_SUFFIX).resolve()
    instead = f"leave --metrics out (--out {out} writes {target})" if own else f"give --metrics {target} itself"
    raise OutputError(
        f"--metrics {metrics} is a link to {where}, and this run would replace the link with a file of its own, "
        f"leaving {target} as it is (no run writes through a link); {one_line(instead)}, or pass --force to replace "
        "the link"
    )


def refuse_another_runs_metrics(out: Path, metrics: Path) -> None:
    """OutputError where ``metrics`` is a metrics CSV of ours that records another run than ``--out``'s: `--metrics
    a.metrics.csv` in a run of `--out b.safetensors` replaced run a's record of every epoch without a word, and so
    did `--metrics log.csv` of a run's CSV named otherwise (nothing said whose it was). Its own (``b.metrics.csv``)
    is replaced as the same --out's checkpoint is; so is one that records no saved epoch, or whose rows begin as
    those of the training state beside ``out`` (its run's record: the same command run again). A resumed run
    writes its CSV anew from its state, so it is checked too."""
    own = out.with_name(out.stem + METRICS_SUFFIX)
    if resolved(metrics, "--metrics") == resolved(own, "--out") or not metrics.is_file():
        return
    if (rows := _metrics_rows(metrics)) is None or _records_the_run_of(rows, out):
        return
    if not metrics.name.endswith(METRICS_SUFFIX):
        raise OutputError(
            f"--metrics {metrics} is the metrics CSV of another run (the epochs it records are not those of --out "
            f"{out}'s training state), and this run would write its own in its place; give --metrics another name, "
            "or pass --force to replace it"
        )
    stem = metrics.name.removesuffix(METRICS_SUFFIX)
    beside = Path(checkpoint_beside(metrics.with_name(stem + TRAINING_STATE_SUFFIX)))
    whose = f"{beside}'s run" if is_checkpoint(beside) else f"a run of --out {metrics.with_name(stem)}.…"
    raise OutputError(
        f"--metrics {metrics} is the metrics CSV of {whose}, and a run of --out {out} writes its own in its place; "
        "give --metrics another name, or pass --force to replace it"
    )


def _records_the_run_of(rows: list[dict[str, str]], out: Path) -> bool:
    """Whether the ``rows`` of a metrics CSV record no saved epoch (a header, or the steps of a run stopped in its
    first epoch: its own to replace when run again), or is the record of ``--out``'s run: its first row is the first
    row of the history in the training state beside ``out`` (a first row's seconds and loss are its run's own).
    Rows are compared by their values (:func:`_metrics_rows` reads a spreadsheet's save): a run's own CSV, opened
    and saved in a spreadsheet (a BOM, semicolons, decimal commas, LF line ends), was "the metrics CSV of another
    run" when the same command ran again or resumed, which its text no longer began as."""
    if not any(row.get("test_accuracy") for row in rows):
        return True
    state = state_path(out)
    try:
        from training.state import load_state

        history = load_state(state).history if is_training_state(state) else []
    except (OSError, ValueError):  # a damaged state records no run
        history = []
    return bool(history) and all(_same_value(rows[0].get(key), value) for key, value in history[0].items())


def _same_value(written: str | None, value: object) -> bool:
    """Whether a metrics CSV's field ``written`` holds ``value`` (a number as a spreadsheet may write it back)."""
    if written is None:
        return False
    try:
        return float(written.strip().replace(",", ".")) == float(str(value))
    except ValueError:
        return written.strip() == str(value).strip()


def refuse_another_runs_state(out: Path, state: Path) -> None:
    """OutputError where ``state`` is the training state of another ``--out`` of the same name: `--out m.pt` beside
    a run of `--out m.safetensors` (one ``m.state.pt``, one ``m.metrics.csv``) wrote over that run's state and
    metrics without a word, and its ``--resume`` was refused. The same ``--out`` says what it replaces."""
    if out.exists() or not state.is_file() or not is_training_state(state):
        return
    if is_checkpoint(beside := Path(checkpoint_beside(state))):  # a run's checkpoint, not this --out
        raise OutputError(
            f"{state} is the training state of {beside}'s run (--resume goes on with it there), and a run of --out "
            f"{out} writes its own in its place; give --out another name, or pass --force to replace it"
        )


def _too_many_links(path: Path) -> bool:
    """Whether the system gives up following the links from ``path`` (ELOOP): they loop, or are too many."""
    try:
        os.stat(path)
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


def existing_output(path: Path, role: str, force: bool = False) -> bool:
    """Whether the output ``path`` (for the ``role`` of messages) exists; OutputError where it exists as no regular
    file (a folder, a FIFO, a device) or as a link to nothing, which no --force may write over, and, unless
    ``force``, where its owner made it read-only."""
    if not path.exists() and not path.is_symlink():
        return False
    if not path.exists():  # a dangling link: "--out: --out not found", and the write would replace the link
        # a loop, or a chain longer than the system follows (40 links): "which does not exist" of a file that does
        which = "the system cannot follow (too many links)" if _too_many_links(path) else "does not exist"
        raise OutputError(
            f"{role} {path} is a link to {link_said(path)}, which {which}; remove the link or give another path"
        )
    try:
        regular_file(path)  # "a folder, not a file" (with the role: "not a --out")
    except OSError as err:
        raise OutputError(f"{role}: {err}; nothing is written over it (give another path)") from err
    if not force and _write_protected(path):
        raise OutputError(
            f"{role} {path} is read-only (mode {stat.S_IMODE(os.lstat(path).st_mode):o}), and this run would "
            "replace it; nothing was written: make it writable (chmod u+w), give another path, or pass --force to "
            "replace it"
        )
    if (owner := _kept_by_its_owner(path)) is not None:
        raise OutputError(
            f"{role} {path} belongs to another user (uid {owner}), and its folder's sticky bit (as /tmp's) lets only "
            "them replace it; choose another path (nothing was written)"
        )
    return True


def _write_protected(path: Path) -> bool:
    """Whether ``path`` is a file its owner may not write (`chmod 444`, a copy of a read-only original). A run's
    writes rename a new file over the old, which the old file's mode does not stop: a read-only checkpoint or metrics
    CSV was replaced without a word, writable again. A link is judged as a link (the run replaces the link, never its
    target)."""
    try:
        return not os.lstat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


def _kept_by_its_owner(path: Path) -> int | None:
    """The owner of ``path`` where a folder's sticky bit keeps this user from replacing it, else None. A run whose
    --out in /tmp was a classmate's checkpoint trained its epoch, then said "cannot save epoch 1 …: Operation not
    permitted; nothing was saved". Root may replace any (CAP_FOWNER); Windows has no such bit."""
    me = os.geteuid() if hasattr(os, "geteuid") else 0
    try:
        entry, folder = os.lstat(path), os.stat(path.parent)  # the rename replaces the entry: a link's own owner
    except OSError:
        return None
    kept = me != 0 and folder.st_mode & stat.S_ISVTX and me not in (entry.st_uid, folder.st_uid)
    return entry.st_uid if kept else None


def _goes_through_a_link(path: Path) -> bool:
    """Whether ``path`` is a link or names one of the folders on its way."""
    return any(p.is_symlink() for p in (path, *path.parents))


def resolved(path: Path, role: str, given: Path | None = None) -> Path:
    """``path`` resolved; one that goes through a link looping back on itself is refused (OSError) naming ``role``
    and the path as given (pathlib said only "Symlink loop from '/…/loop'")."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as err:  # RuntimeError up to Python 3.12, OSError (ELOOP) after
        raise OSError(
            f"{role} {given or path} goes through a link that loops back on itself; remove that link or give "
            "another path"
        ) from err


@contextlib.contextmanager
def run_lock(out: Path, flag: str = "--out") -> Iterator[Callable[[], None]]:
    """Hold ``<out>.lock`` while the body runs (:func:`rowreader.atomic.take_lock`, the one definition); an
    OutputError, in a run's words, if another run holds it, advising another ``flag`` (the option naming ``out``: a
    run of a free --out and a taken --metrics was told to choose another --out). Yields ``renew``, for each save to
    call first (:func:`rowreader.atomic.keep_lock`): an OutputError if the folder was made again and another run
    holds its lock."""
    try:
        handle = take_lock(out)
    except LockHeld as err:
        raise OutputError(
            f"another run is writing {out} (it holds {lock_path(out)}); wait for it to finish or choose another {flag}"
        ) from err

    def renew() -> None:
        nonlocal handle
        try:
            handle = keep_lock(out, handle)
        except LockHeld as err:
            raise OutputError(
                f"{out.parent} was removed or moved and made again while this run went on, and another run now "
                f"writes {out} there (it holds {lock_path(out)})"
            ) from err

    try:
        yield renew
    finally:
        drop_lock(out, handle)


# The outputs :func:`check_checkpoint_out` claimed for the run in progress (see :func:`claimed_outputs`).
_CLAIMED: contextvars.ContextVar[contextlib.ExitStack | None] = contextvars.ContextVar("claimed", default=None)


@contextlib.contextmanager
def claimed_outputs() -> Iterator[None]:
    """While the body runs, :func:`check_checkpoint_out` also locks the ``--out`` it checked, until the body ends.

    Two fine-tunes run by hand with one ``--out`` both ran, and the later silently replaced the other's model; a
    fine-tune locks its ``--out`` only once its inputs are read and ``--out`` checked (a lock taken earlier made
    ``--out``'s folders for a mistyped ``--examples``), which is inside the fine-tune, hence this hand-over."""
    with contextlib.ExitStack() as claimed:
        token = _CLAIMED.set(claimed)
        try:
            yield
        finally:
            _CLAIMED.reset(token)


@contextlib.contextmanager
def folders_made_for(outputs: Iterable[Path]) -> Iterator[None]:
    """While the body runs, the missing folders of ``outputs`` may be made; if it fails, those of them still empty
    go again (``rmdir`` takes only an empty folder: nothing written there is lost). A run that failed before
    writing (MNIST not found) left the folders of ``--out new/sub/m.safetensors``, or a first run's ``runs/``."""
    missing = {folder for path in outputs for folder in Path(path).absolute().parents if not folder.exists()}
    try:
        yield
    except BaseException:
        for folder in sorted(missing, key=lambda folder: len(folder.parts), reverse=True):  # the deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def weight_bytes(model: ReaderConfig) -> int:
    """The bytes of a reader's float32 weights: what its checkpoint holds, the training state three times over."""
    return 4 * sum(math.prod(shape) for shape in model.weight_shapes().values())


def check_room(
    out: Path, need: int, what: str, files: int = 1, largest: int | None = None, flag: str = "--out"
) -> None:
    """Refuse a run whose ``--out`` folder has less free space than ``need`` bytes, the least ``what`` takes, or
    fewer free inodes than the ``files`` it makes (each save goes through a temporary), or whose process may not
    write a file of ``largest`` bytes (the least its largest file takes; ``need`` by default). On a full disk a run
    trained its whole first epoch (minutes to hours), a fine-tune its steps, a merge read MNIST, before the save said
    so; on a disk of free bytes and no free inode, training still did, and under `ulimit -f` too ("File too large;
    nothing was saved"). A file system that gives no size (or no inode count) is not judged by it. ``flag``: the
    command's name for ``out``, which the refusal asks to choose anew."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0] if resource is not None else -1
    if limit != getattr(resource, "RLIM_INFINITY", -1) and limit < (largest := largest or need):
        raise OSError(
            f"this process may write no file over {limit / 1e3:,.0f} kB (its file-size limit: `ulimit -f` shows it in "
            f"blocks of 1,024 bytes), and the largest file it would write to {out.parent} takes at least "
            f"{largest / 1e3:,.0f} kB; raise the limit (`ulimit -f unlimited`) and run again (nothing was written)"
        )
    usage = shutil.disk_usage(out.parent)
    if usage.total and usage.free < need:
        raise OSError(
            f"no room in {out.parent} for {what}: {usage.free / 1e3:,.0f} kB free, at least {need / 1e3:,.0f} kB "
            f"needed; free some room or choose another {flag} (nothing was written)"
        )
    statvfs = getattr(os, "statvfs", None)  # not on Windows, where every run failed here as AttributeError
    inodes = statvfs(out.parent) if statvfs is not None else None
    if inodes is not None and inodes.f_files and inodes.f_favail < files:
        raise OSError(
            f"no room in {out.parent} for {what}: its file system can make {inodes.f_favail} more "
            f"{'file' if inodes.f_favail == 1 else 'files'} (too few "
            f"free inodes), and {files} are needed; delete some files there or choose another {flag} (nothing was "
            "written)"
        )


def refuse_inputs_as_out(out: Path, inputs: Iterable[tuple[Path, str]], role: str = "--out") -> None:
    """``out`` (the ``role`` output) may not be a checkpoint the run reads (``inputs``: each one's path and what it
    is, for the message)."""
    for path, what in inputs:
        if out.exists() and (leads_to := out.resolve()) == Path(path).resolve():
            # named apart (a link to the reader merged): "is one of the readers" said not which, nor through what
            apart = "" if out == Path(path) else f" ({path}: both lead to {leads_to})"
            raise OutputError(f"{role} {out} is {what}{apart}; write the result to a new file")


# what a fine-tune's and a merge's model records, by which each knows its own: the one kind of file it replaces
OWN_RECORD = {"a fine-tune's": "finetuned_from", "a merge's": "merged_from"}
TRAINED = "a training run's"  # any other checkpoint: training.fit's to replace, as it has always been


def check_checkpoint_out(out: Path, force: bool, inputs: Iterable[tuple[Path, str]] = (), own: str = "") -> None:
    """A run that writes one checkpoint (a fine-tune, a merge), checked before any work: ``out`` is none of its
    inputs, and is absent or a model this kind of run made (``own``, a key of :data:`OWN_RECORD`) unless ``force``,
    and its folder can be written. Inside :func:`claimed_outputs`, ``out`` is then locked against other runs until
    that ends, and the folders made for it go again if the body fails (:func:`folders_made_for`)."""
    refuse_long_name(out)
    refuse_the_shipped_model(out, "--out")
    refuse_inputs_as_out(out, inputs)
    # a folder, a FIFO or /dev/full was "not a RowReader checkpoint; choose another path or --force", and --force
    # then refused it too
    if existing_output(out, "--out", force) and not force and not is_checkpoint(out):
        # "exists and is not a RowReader checkpoint" alone left a picture or a note of the user's unnamed, where
        # training.fit's refusal of the same file says what it is
        raise OutputError(_not_ours(out, "--out", by_training=False))
    if not force:
        refuse_a_training_runs_checkpoint(out)
        if own and out.exists():
            refuse_another_kind(out, own)
    if (claimed := _CLAIMED.get()) is not None:  # a merge of two shapes left the `new dir/` made for its --out
        claimed.enter_context(folders_made_for([out]))
    check_writable(out)  # makes --out's folders
    if claimed is not None:
        claimed.enter_context(run_lock(out))
        # the lock is this run's, so a temporary of --out is a dead writer's: a merge killed while saving and run
        # again at once kept its model-sized temporary for good
        remove_stale_temporaries(out)


def refuse_another_kind(out: Path, own: str) -> None:
    """A fine-tune without ``--out`` wrote training.fit's default over the model a training run left there (hours of
    training, its state not beside it), a merge replaced a fine-tune's, and a training run either: each with a note
    alone. A run replaces only a model of its own kind (``own``: a key of :data:`OWN_RECORD`, or :data:`TRAINED`,
    any model neither records); any other is refused, unless --force."""
    try:
        metadata = read_metadata(out)
    except (CheckpointError, OSError, ValueError):  # not a model: the caller said what it is
        metadata = {}
    kind = next((kind for kind, record in OWN_RECORD.items() if record in metadata), TRAINED if metadata else "")
    if kind != own:
        # a link said as one, as _not_ours says it: "holds a model taught …, --force to replace it" read as writing
        # over the model it leads to, which --force keeps (the link is replaced)
        link = link_target(out) if out.is_symlink() else None
        held = f"is a link to {link_said(out)}, which holds" if link else "holds"
        force = f"replace the link with a file of its own ({link} stays as it is)" if link else "replace it"
        raise OutputError(
            f"--out {one_line(str(out))} {held} {_held_by_a_model(out) or 'a file'}, not {own}; nothing was written: "
            f"give another --out, or pass --force to {force}"
        )


def say_what_is_replaced(
    out: Path, what: str, *, when: str = "at its end", held: tuple[str, str] | None = None
) -> None:
    """A fine-tune over a model already at ``out`` (the model taught last week, given the same ``--out`` again)
    replaced it at its end without a word, where a training run over a run's checkpoint says so: said on stderr
    before any work, and a link is said to be replaced by a file, the model it points at kept. ``what``: the model
    that replaces it, "the fine-tuned model", "the merged model" (a merge over the GPU machine's s1, copied here
    without its state, replaced it without a word until the fortieth round) or "this run", replacing it ``when``.
    ``held``: what ``out`` holds in words and a hint to end the note with, where the caller knows better (a
    training run's epochs and --resume); by default the model's metadata says. One writer of the note for all
    three: training.fit's was a second copy of it until the forty-second round."""
    held_words, hint = held if held is not None else (_held_by_a_model(out), "")
    if out.is_symlink() and out.exists():
        target = link_target(out)
        which = f", which holds {held_words}" if held_words else ""
        print(f"note: {one_line(str(out))} is a link to {link_said(out)}{which}"
              f"; {what} replaces the link with a file of its own {when}, and {target} stays as it is{hint}",
              file=sys.stderr)  # fmt: skip
    elif held_words:
        print(f"note: {one_line(str(out))} holds {held_words}; {what} replaces it {when} (Ctrl-C before then keeps "
              f"it){hint}", file=sys.stderr)  # fmt: skip


def _held_by_a_model(out: Path) -> str:
    """What the model at ``out`` is, in words, from its metadata ("" where nothing readable is there: none, or not
    a model, which the caller refused or --force said so of)."""
    try:
        metadata = read_metadata(out)
    except (CheckpointError, OSError, ValueError):
        return ""
    taught = metadata.get("finetuned_from")
    examples = metadata.get("examples")
    if isinstance(taught, dict) and isinstance(examples, dict) and isinstance(examples.get("count"), int):
        base = shortened(Path(str(taught.get("path") or "a model")).name, MAX_KIND_SHOWN)  # 200 kB made one line
        return f"a model taught from {one_line(base)} on {examples['count']:,} examples"
    if isinstance(records := metadata.get("merged_from"), list) and records:  # it was "a RowReader model"
        return f"a merge of {counted(len(records), 'reader')}"
    if isinstance(trained := metadata.get("epochs_trained"), int):  # a training run's, its state elsewhere
        return f"a model training.fit trained for {counted(trained, 'epoch')}"
    return "a RowReader model"


def refuse_a_training_runs_checkpoint(out: Path) -> None:
    """A checkpoint with a training state beside it is a training run's, finished or to be resumed: a merge (or a
    fine-tune) to that ``--out`` replaced it without a word, the epochs trained gone, and the state was left beside
    a model it no longer fitted (``--resume`` then refused the run). OutputError unless ``--force``."""
    state = state_path(out)
    if out.is_file() and state.is_file() and is_training_state(state):
        raise OutputError(
            f"--out {out} is a training run's checkpoint ({state.name} beside it is that run's training state, "
            "which --resume goes on from); writing over it would lose that run; choose another path, or --force"
        )


def load_reader(path: Path, device: str | None = None) -> Checkpoint:
    """:func:`~rowreader.checkpoint.load_checkpoint` of a checkpoint the command reads (a start, a teacher, a base, a
    merged member); a run's training state given instead is named as one, with its checkpoint. ``--start-from
    m.state.pt`` (the "state" to start from) was "not a readable safetensors file … header too large"."""
    try:
        return load_checkpoint(path, device)
    except CheckpointError as err:
        if not is_training_state(path):
            raise
        raise CheckpointError(
            f"{path} is a run's training state (what --resume reads), not a checkpoint; give {checkpoint_beside(path)}"
        ) from err


def load_named(path: Path, parser: CommandParser, option: str = "") -> Checkpoint:
    """:func:`load_reader` of a checkpoint named on ``parser``'s command line, one not found said as training's
    command line says it before torch loads (:func:`~training.arguments.checkpoint_named`, ``option`` its flag)."""
    return load_reader(checkpoint_named(path, parser, option))


def checkpoint_source(checkpoint: Checkpoint) -> dict:
    """What a checkpoint records about another it was made from (a start, a teacher, a merged member): file name,
    SHA-256 and MNIST accuracy (on how many test digits, where it says: a reader of ``--limit 64`` recorded 0.0156 as
    if of all 10,000), and the examples it was taught (``taught``, :func:`taught_files`) where it was."""
    assert checkpoint.path is not None
    source = {
        "file": checkpoint.path.name,
        "sha256": file_sha256(checkpoint.path),
        "test_accuracy": checkpoint.accuracy,
    }
    if checkpoint.test_digits is not None:
        source["test_digits"] = checkpoint.test_digits
    if taught := taught_files(checkpoint.metadata):
        source |= {"taught": sorted(taught), "named": NAMED_BY_PLACE}
    return source


def are_the_recorded_files(paths: Iterable[str | Path], records: list) -> bool:
    """Whether ``paths`` are, in order, the files ``records`` (:func:`checkpoint_source`'s, or bare SHA-256s)
    name by their SHA-256: the inputs of a run whose folder was moved or copied since, found where they are now.
    OSError where one cannot be read."""
    return [file_sha256(path) for path in paths] == [r.get("sha256") if isinstance(r, dict) else r for r in records]


# What a run records at its end stands in its header at its longest, so that a run refused by nothing before its work
# is not refused at its save: a float's repr is at most 23 characters where it is not negative (``2.2…e-308``), a
# share rounded to n decimals at most n + 2 (``0.12345``).
LONGEST_NUMBER = 2.2250738585072014e-308


def longest_share(decimals: int) -> float:
    """A share in [0, 1] rounded to ``decimals`` places (≤ 15) whose JSON is as long as any such: ``0.1111``."""
    return float("0." + "1" * decimals)


def refuse_past_the_header(config: ReaderConfig, metadata: dict[str, Any], what: str, advice: str) -> None:
    """ValueError, before the work, if a checkpoint of a model of ``config`` recording ``metadata`` (what the run
    will record, its numbers at their longest) could not be saved: its header would pass what a header holds
    (:data:`rowreader.tensor_file.MAX_HEADER_BYTES` and ``MAX_HEADER_VALUES``;
    :func:`rowreader.checkpoint.past_the_header`, the save's own measure). ``what`` says what the metadata holds,
    ``advice`` what to do. Only names that alone passed it were refused so: a header whose names fit but whose rest
    (a command of long paths) tipped it over was refused at the save, after the whole run."""
    if (said := past_the_header(config, metadata)) is not None:
        raise ValueError(f"{what} {said}: {advice}; nothing was done")


def taught_in(sources: list[dict[str, Any]], whose: str) -> str:
    """The names of the examples ``sources`` (:func:`checkpoint_source`'s records of ``whose``) were taught, counted
    in words for :func:`refuse_past_the_header` ("" if none)."""
    names = sum(len(source.get("taught", ())) for source in sources)
    return f", with the names of the {names:,} examples {whose} were taught," if names else ""


MAX_LINE = 32  # models back through which taught_files follows a line recorded by an older version


def taught_files(metadata: dict[str, Any], depth: int = 0) -> set[str]:
    """The examples (``<digit>/<file>``) a model was taught, and every model before it in its line. Teach A from
    the shipped model, B from A, C from B: C counted only B's files, and an example A learnt that B's folder lacked
    (deleted, brought back later) was called unseen. A model records the line's files (``taught_before``); one
    taught by an older version, which kept only its own, is followed to its base while that is still the very file
    it was taught from (same SHA-256), at most :data:`MAX_LINE` models back.

    A model trained on (``--start-from``) or merged (``training.merge``) from a taught one holds what it was taught
    too: its record of that model lists them (``taught``, :func:`checkpoint_source`). Taught again on the same
    examples, such a model's "held-out" accuracy was read on drawings it had learnt, and nothing said so."""
    taught = set()
    for source in [metadata.get("start_from"), *_a_list(metadata.get("merged_from"))]:
        if isinstance(source, dict):
            taught |= _names(source.get("taught"), source)
    recorded = metadata.get("examples")
    recorded = recorded if isinstance(recorded, dict) else {}
    taught |= _names(recorded.get("files"), recorded)
    if isinstance(recorded.get("taught_before"), list):
        return taught | _names(recorded["taught_before"], recorded)
    base = metadata.get("finetuned_from")
    path, sha = (base.get("path"), base.get("sha256")) if isinstance(base, dict) else (None, None)
    if depth >= MAX_LINE or not isinstance(path, str) or not isinstance(sha, str):
        return taught
    with contextlib.suppress(OSError, ValueError):  # gone, unreadable, not a checkpoint (CheckpointError)
        before = read_metadata(path)  # its header, refused at once if the file is not a checkpoint
        if file_sha256(path) == sha:
            return taught | taught_files(before, depth + 1)
    return taught


def _a_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _names(files: Any, record: dict) -> set[str]:
    """The example names in a checkpoint's list of them (anything else in it ignored), each read as ``record`` (the
    dict holding the list) names them: by place (:data:`NAMED_BY_PLACE`), or by file alone as older versions did."""
    names = {name for name in files if isinstance(name, str)} if isinstance(files, list) else set()
    return names if record.get("named") == NAMED_BY_PLACE else {by_file_alone(name) for name in names}


def refuse_repeats(paths: list[Path], readers: list[Checkpoint]) -> None:
    """A reader named twice (or a copy of it) adds nothing to the mean of beliefs, only width and time: it is refused
    rather than silently doubling the reader's weight (in a merge, and among --distill-from's teachers, where `A A B`
    gave A two thirds of the lesson). A copy is told by its network and weights, not its bytes: one saved again with
    other metadata merged as a reader of its own (`a a-copy b`, a's beliefs two thirds of the mean)."""
    refuse_named_twice(paths)  # `a a`: "a is the same reader as a"
    first: dict[str, Path] = {}
    for path, reader in zip(paths, readers, strict=True):
        digest = weights_sha256(reader)
        if digest in first:
            same = "identical files" if file_sha256(path) == file_sha256(first[digest]) else "the same weights"
            raise ValueError(f"{path} is the same reader as {first[digest]} ({same}); give different readers")
        first[digest] = path
    refuse_a_member_twice(paths, readers)


def refuse_a_member_twice(paths: list[Path], readers: list[Checkpoint]) -> None:
    """A reader given beside a merge that holds it (`--distill-from t1 m123`), or two merges holding one reader
    (`merge m12 m13`), counts that reader twice in the mean, as a copy did: t1 was two thirds of the lesson, each of
    t2 and t3 a sixth, without a word. Members are known by the SHA-256s of their files, as a merge records them."""
    members = [_merged_files(reader.metadata) for reader in readers]
    if not any(members):
        return
    hashes = [file_sha256(path) for path in paths]  # once each: a teacher's file hashed once per other was n² reads
    for path, digest, held in zip(paths, hashes, members, strict=True):
        for other, within in zip(paths, members, strict=True):
            if other != path and (name := within.get(digest)) is not None:
                raise ValueError(f"{path} is one of the readers {other} merges ({name}): its beliefs would count twice "
                                 "in the mean; give the merge, or its readers, not both")  # fmt: skip
            if other != path and (shared := [within[s] for s in held if s in within]):
                its = "its" if len(shared) == 1 else "their"
                raise ValueError(f"{path} and {other} both merge {', '.join(sorted(shared))}: {its} beliefs would "
                                 "count twice in the mean; give readers that share none")  # fmt: skip


def _merged_files(metadata: object, depth: int = 0) -> dict[str, str]:
    """The readers a merge laid side by side, its members' own too (merges of merges), as file SHA-256 → name."""
    records = metadata.get("merged_from") if isinstance(metadata, dict) else None
    if depth >= MAX_MERGES or not isinstance(records, list):
        return {}
    found: dict[str, str] = {}
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("sha256"), str):
            found[record["sha256"]] = one_line(str(record.get("file")))
            found |= _merged_files(record, depth + 1)
    return found


def weights_sha256(reader: Checkpoint) -> str:
    """SHA-256 of a checkpoint's network (its config) and weights, whatever its metadata."""
    digest = hashlib.sha256(json.dumps(reader.config.to_dict(), sort_keys=True).encode())
    for name in sorted(reader.weights):
        weight = np.ascontiguousarray(reader.weights[name], np.float32)
        digest.update(f"{name}{weight.shape}".encode())
        digest.update(weight.tobytes())
    return digest.hexdigest()
