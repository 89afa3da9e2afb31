"""Rebuild ``digits.jsonl.gz`` (UNIPEN train_r01_v07, category 1a) from a checkout of the public release.

Why: the training data must be reproducible by anyone who has the source repository (GitHub
``GreenCappuccino/train_r01_v07``) but not this project's data folder. This applies the rules written down in
docs/unipen1a-data.md, the data folder's README: which segments are digits, which are dropped and why, how the
glyphs are turned (y down, each in its own bounding box) and how writers are split into ``train`` and ``test``.

    python -m training.unipen_convert SOURCE_DIR --out DIR

SOURCE_DIR holds ``data/1a/<contributor>/**/*.dat`` (the label files) and ``include/`` (what they include). DIR
gets ``digits.jsonl.gz`` and ``SHA256SUMS``, both written atomically, and never over files that are not a
previous output (a ``digits.jsonl.gz`` whose checksum its ``SHA256SUMS`` lists). The gzip stream is written
byte for byte as the published file was (level 9, no name, no time), so equal data give an equal checksum.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C or SIGTERM, while reading or writing, is one line
    from rowreader.launch import run_main

    sys.exit(run_main("training.unipen_convert"))

import contextlib
import gzip
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rowreader.atomic import LockHeld, atomic_write_files, holding_lock, lock_path, remove_stale_temporaries
from rowreader.launch import (
    STDOUT_CLOSED,
    CommandParser,
    command_name,
    ignore_stops,
    say,
    say_error,
    starting,
    stop_name,
    stops_held,
)
from rowreader.output import counted, name_text, print_any_file_name, quiet_broken_pipe, silence_stdout
from rowreader.paths import file_in_the_way, file_sha256, folder_argument, not_a_folder, what_is_there
from rowreader.pen import checked_strokes
from rowreader.unipen import FILE_NAME, SPLITS, SUMS_NAME, person_of, read_sums
from training.arguments import kin_of, rowreaders_commands
from training.files import folders_made_for
from training.interrupt import exit_status_help
from training.unipen_format import LabelFile, Number, Point, UnipenSourceError, read_label_file, segment_ink

TEST_SHARE = 0.2  # persons go to test, in the order of their key's SHA-256, while it holds fewer than this share
# gmd/kast.dat holds a copy of gmd/alek.dat's pen data from this component on: whose hand it is, is uncertain.
COPIED_PEN_DATA = {"data/1a/gmd/kast.dat": 9440}
# The published file also dropped 17 segments by eye ("reviewed source defects": several digits in one segment,
# corrupted pen data, a '%' sign, ...). The data README counts them by reason but does not name them, so they are
# not known here: a rebuild keeps them, and its checksum then differs from the published one. Name them as
# (source, segment) pairs here once known.
KNOWN_BAD: frozenset[tuple[str, str]] = frozenset()
# The published file's checksum (the README's): a rebuild is told whether it made that very file.
PUBLISHED_SHA256 = "00d4d0023af766a60b1935f4417441a384fdae1c35abc41a42c3b73f8d8f5e18"

DUPLICATE = "exact duplicate of an earlier glyph (copied pen data)"
IBM_BOXED = "ibm per-box normalised coordinates (ink starts at exactly (0,0))"
COPIED = "gmd/kast.dat components >= 9440 hold a copy of gmd/alek.dat pen data: writer uncertain"
SINGLE_POINT = 'ink is a single point (placeholder "0 0" components)'
REVIEWED = "reviewed source defect (KNOWN_BAD)"
NOT_A_DIGIT = "label is not a single digit 0-9"
NO_INK = "no pen-down ink"


@dataclass
class Conversion:
    """The digits kept, in output order, and the number of segments dropped per reason."""

    records: list[dict]
    dropped: Counter[str]


def label_files(source: Path) -> list[tuple[str, Path]]:
    """(the name the output gives it, its path) of every category 1a label file, sorted by that name."""
    root = source / "data" / "1a"
    # a file, or a name that is nothing, was "not a checkout …: it needs data/1a/ and include/"
    if (blocking := file_in_the_way(source)) is not None:
        raise FileNotFoundError(f"{not_a_folder(blocking)}; give the folder of a checkout of the release")
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such folder; give the folder of a checkout of the release")
    if not root.is_dir() or not (source / "include").is_dir():
        raise FileNotFoundError(
            f"{source} is not a checkout of GreenCappuccino/train_r01_v07: it needs data/1a/ and include/"
        )
    found = []
    for path in root.glob("*/**/*.dat"):
        if path.is_file():
            found.append((path.relative_to(source).as_posix(), path))
        elif not path.is_dir():  # a broken link or a pipe was skipped, its digits missing from the output unsaid
            raise UnipenSourceError(path, None, f"is {what_is_there(path)}, not a label file to read")
    if not found:
        raise FileNotFoundError(f"no label files (*.dat) under {root}")
    return sorted(found)


def glyph(strokes: list[list[Point]]) -> list[list[list[Number]]]:
    """Strokes with y turned to point down and the bounding box moved to (0, 0): ``[max_y - y, x - min_x]``.

    The tablets store y pointing up; rendered as stored, 7s have their bar at the bottom. Floats (none in 1a)
    keep one decimal."""
    min_x = min(x for stroke in strokes for x, _ in stroke)
    max_y = max(y for stroke in strokes for _, y in stroke)

    def tidy(value: Number) -> Number:
        return value if isinstance(value, int) else round(value, 1)

    return [[[tidy(x - min_x), tidy(max_y - y)] for x, y in stroke] for stroke in strokes]


def ibm_boxed(strokes: list[list[Point]]) -> bool:
    """Whether an ibm glyph is one of the per-box normalised ones: its ink starts at exactly (0, 0), i.e. its
    bounding box does. ibm files interleave them with glyphs in page coordinates (hundreds of units from the
    origin), each after its own ``.START_BOX``; the box-normalised ones are rescaled to thousands of units and lie
    on both axes."""
    return min(x for stroke in strokes for x, _ in stroke) == 0 and min(y for stroke in strokes for _, y in stroke) == 0


def convert_file(name: str, label_file: LabelFile, seen: set[str], dropped: Counter[str]) -> list[dict]:
    """The kept digits of one label file, in segment order; ``seen`` (glyphs kept so far) and ``dropped`` grow.

    A segment is dropped for the first of these that holds: its label is no digit, it has no pen-down ink, it is
    ibm's box-normalised, it lies in gmd/kast.dat's copy of alek.dat, its ink is one point, it is in KNOWN_BAD, it
    equals point for point (after the move to its bounding box) a glyph kept before it. Files are taken in sorted
    order, so the first of two copies is the one kept (alek.dat's own glyphs before kast.dat's copies)."""
    contributor = name.split("/")[2]
    if label_file.writer_id is None:
        raise UnipenSourceError(label_file.path, None, "its pen data have no .WRITER_ID")
    records = []
    for segment in label_file.segments:
        strokes = segment_ink(label_file, segment)  # checked first: a damaged delineation is an error, not a drop
        first_component = int(re.match(r"\d+", segment.delineation).group())
        reason = None
        if segment.label not in tuple("0123456789"):
            reason = NOT_A_DIGIT
        elif not strokes:
            reason = NO_INK
        elif contributor == "ibm" and ibm_boxed(strokes):
            reason = IBM_BOXED
        elif name in COPIED_PEN_DATA and first_component >= COPIED_PEN_DATA[name]:
            reason = COPIED
        elif len({tuple(point) for stroke in strokes for point in stroke}) == 1:  # "0 0", or a pen resting on it
            reason = SINGLE_POINT
        elif (name, segment.delineation) in KNOWN_BAD:
            reason = REVIEWED
        if reason is None:
            ink = glyph(strokes)
            try:  # the loader's own check: a glyph 1e39 units wide was written, and the whole file then refused
                checked_strokes(ink, np.float32)
            except (TypeError, ValueError) as err:
                raise UnipenSourceError(segment.path, segment.line, f"segment {segment.delineation}: {err}") from None
            key = json.dumps(ink, separators=(",", ":"))
            if key in seen:
                reason = DUPLICATE
            else:
                seen.add(key)
        if reason is not None:
            dropped[reason] += 1
            continue
        records.append(
            {
                "label": int(segment.label),
                "writer": f"{contributor}/{label_file.writer_id}",
                "contributor": contributor,
                "source": name,
                "segment": segment.delineation,
                "split": "",  # set by writer_split, once all digits are known
                "strokes": ink,
            }
        )
    return records


def writer_split(records: Iterable[dict]) -> dict[str, str]:
    """Person → "train" or "test": persons in the order of their key's SHA-256 go to test while it holds fewer
    than 20 % of all digits. The key is the writer, except ibm's ``rSS-WW`` (session SS of writer WW): ``ibm/WW``,
    so no person has digits in both splits."""
    counts = Counter(person_of(record["writer"]) for record in records)
    total, in_test, split = sum(counts.values()), 0, {}
    for person in sorted(counts, key=lambda key: hashlib.sha256(key.encode()).hexdigest()):
        split[person] = "test" if in_test < TEST_SHARE * total else "train"
        in_test += counts[person] if split[person] == "test" else 0
    return split


def convert(source: Path) -> Conversion:
    """Every kept digit of the release at ``source``, with its split, in sorted ``source`` then segment order."""
    records: list[dict] = []
    seen: set[str] = set()
    dropped: Counter[str] = Counter()
    for name, path in label_files(source):
        records += convert_file(name, read_label_file(path, source / "include"), seen, dropped)
    split = writer_split(records)
    for record in records:
        record["split"] = split[person_of(record["writer"])]
    return Conversion(records, dropped)


def gzipped_lines(records: Iterable[dict]) -> bytes:
    """The JSON lines, gzipped as the published file is (level 9, no file name, time 0): equal data, equal bytes."""
    text = "".join(json.dumps(record, separators=(",", ":")) + "\n" for record in records)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(text.encode("utf-8"))
    return buffer.getvalue()


def _unlisted(out: Path) -> set[str]:
    """The checksums of ``digits.jsonl.gz`` in the SHA256SUMS temporaries in ``out``: a conversion killed between
    its two renames left its file in place and its SHA256SUMS as a temporary, and the same command, ``--force`` or
    not, then refused its own output as "not an earlier output of this converter", for good."""
    unfinished = re.compile(rf"\.{re.escape(SUMS_NAME)}\.[0-9a-f]{{16}}\.tmp")
    try:
        names = [name for name in os.listdir(out) if unfinished.fullmatch(name)]
    except OSError:
        return set()
    return {digest for name in names if (digest := (read_sums(out / name) or {}).get(FILE_NAME)) is not None}


def previousread_sums(out: Path) -> dict[str, str]:
    """The checksums in ``out/SHA256SUMS`` (kept, with ours replaced), after making sure that what is there may be
    replaced: a ``digits.jsonl.gz`` only if SHA256SUMS lists its very checksum (an untouched earlier output), a
    SHA256SUMS only if it is one. Anything else is someone's file, and nothing is written (OSError)."""
    # mkdir said only "[Errno 17] File exists"; /dev/full or a FIFO was "a file", and a file above --out went unnamed
    if (blocking := file_in_the_way(out)) is not None:
        raise NotADirectoryError(f"{not_a_folder(blocking)}: --out names the folder to write {FILE_NAME} into")
    data, sums_path = out / FILE_NAME, out / SUMS_NAME
    sums = read_sums(sums_path) if sums_path.exists() else {}
    if sums is None:  # a named pipe there was waited on for good, before any reading
        what = "not" if sums_path.is_file() else f"{what_is_there(sums_path)}, not"
        raise OSError(f"{sums_path} is {what} a SHA256SUMS file; it is left as it is and nothing is written")
    ours = data.is_file() and not data.is_symlink() and file_sha256(data) in {sums.get(FILE_NAME), *_unlisted(out)}
    if (data.exists() or data.is_symlink()) and not ours:
        raise OSError(
            f"{data} exists and is not an earlier output of this converter (its checksum is not the one "
            f"{SUMS_NAME} lists); it is left as it is and nothing is written: move it, or choose another --out"
        )
    return sums


def write_output(out: Path, records: list[dict], force: bool = False) -> str:
    """Write ``out/digits.jsonl.gz`` and ``out/SHA256SUMS`` together, atomically; the new file's SHA-256.

    An earlier output that differs is replaced only with ``force``: a partial checkout converted into the folder
    training reads put its 1 digit in place of the release's 15,003, without a word."""
    out.mkdir(parents=True, exist_ok=True)
    sums = previousread_sums(out)
    data = gzipped_lines(records)
    now = hashlib.sha256(data).hexdigest()
    # what would be replaced is the file there, not what SHA256SUMS lists: killed between its two renames, this very
    # conversion left its file beside the older listing, and running it again was refused as "another conversion",
    # naming the older checksum, with --force for a remedy
    then = file_sha256(out / FILE_NAME) if (out / FILE_NAME).is_file() else None
    if not force and then not in (None, now):
        raise OSError(
            f"{out / FILE_NAME} holds another conversion (sha256 {then[:12]}…), and this one, of "
            f"{counted(len(records), 'digit')}, would replace it; it is left as it is: pass --force to replace it, "
            "or choose another --out"
        )
    sums[FILE_NAME] = now
    listing = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    try:
        with stops_held():  # Ctrl-C between the two renames parted the pair: a new file its SHA256SUMS did not list
            atomic_write_files([(out / FILE_NAME, data), (out / SUMS_NAME, listing.encode())])
            # complete: a stop from now on (the terminal closed as the report was printed, or as the temporaries
            # of a killed conversion were swept below) said "stopped by SIGHUP", 129, over its files written whole
            ignore_stops()
    except KeyboardInterrupt as err:  # held until both were in place (or insisted on, a second time, mid-write)
        if file_sha256(out / FILE_NAME) != now or (read_sums(out / SUMS_NAME) or {}).get(FILE_NAME) != now:
            raise
        stopped_too_late(err)
    except OSError as err:  # a full disk said "[Errno 28] No space left on device: '…/digits.jsonl.gz'", of that file
        kept = (file_sha256(out / FILE_NAME) if (out / FILE_NAME).is_file() else None) == then
        if err.filename is None or not kept:
            raise
        kept_words = f"nothing is replaced (the earlier {FILE_NAME} and {SUMS_NAME} in {out} are as they were)"
        raise OSError(
            f"cannot write {err.filename}: {err.strerror}; {kept_words if then else 'nothing is written'}"
        ) from err
    for name in (FILE_NAME, SUMS_NAME):  # a killed conversion's, now written anew (the converter's lock is ours)
        remove_stale_temporaries(out / name)
    return sums[FILE_NAME]


def stopped_too_late(err: KeyboardInterrupt) -> None:
    """A stop held while the conversion was written, which came once nothing was left to stop: it said "stopped by
    SIGTERM" (status 143, the report unprinted) over a conversion written whole, so a script took it for lost."""
    say(  # stderr closed (2>&-): the report still says it was written
        f"{command_name('training.unipen_convert')}: {stop_name(err)} came while the files were written; they were "
        "written whole first, and the conversion is complete"
    )


def report(conversion: Conversion) -> str:
    """Counts per split and per reason dropped, as printed."""
    records = conversion.records
    lines = []
    for split in SPLITS:
        mine = [r for r in records if r["split"] == split]
        persons, writers = len({person_of(r["writer"]) for r in mine}), len({r["writer"] for r in mine})
        # it said "3 digits of 1 persons (1 writer IDs)"
        lines.append(
            f"{split}: {counted(len(mine), 'digit')} of {counted(persons, 'person')} ({counted(writers, 'writer ID')})"
        )
    dropped = sum(conversion.dropped.values())
    # "dropped 0:" announced reasons that never came
    said = f"dropped {dropped:,}:" if dropped else "dropped none"
    lines.append(f"kept {len(records):,} of {counted(len(records) + dropped, 'segment')}; {said}")
    lines += [f"  {count:5,}  {reason}" for reason, count in conversion.dropped.most_common()]
    return "\n".join(lines)


def not_published() -> str:
    """Why a rebuild is not the published file: said where its checksum is, since no rebuild can be while the
    segments the published file dropped by eye are unnamed (and one more test digit moves a writer to train)."""
    why = (
        f"the {len(KNOWN_BAD)} segments named in KNOWN_BAD"
        if KNOWN_BAD
        else "the 17 segments the published file dropped by eye are not named (KNOWN_BAD), so they are kept"
    )
    return (
        f"the file below is not the published file (sha256 {PUBLISHED_SHA256[:12]}…): {why}; the split may then "
        "differ too (docs/data.md, Rebuilding the file)"
    )


@contextlib.contextmanager
def converting_into(out: Path) -> Iterator[None]:
    """Hold ``out/digits.jsonl.gz.lock`` (:func:`rowreader.atomic.holding_lock`) while the body converts into
    ``out``; OSError at once if another converter holds it. Two converters of two checkouts into one --out both
    read for minutes and both wrote: the later one's file stayed, and the other said it had written its own, or
    the second's check of the earlier output ran before the first had written it (no --force asked for)."""
    with contextlib.ExitStack() as lock:
        try:
            lock.enter_context(holding_lock(out / FILE_NAME))
        except LockHeld as err:
            raise OSError(
                f"another converter is writing into {out} (it holds {lock_path(out / FILE_NAME)}); wait for it to "
                "finish, or choose another --out"
            ) from err
        except OSError as err:  # a read-only --out said "[Errno 30] Read-only file system: '…/digits.jsonl.gz.lock'"
            raise OSError(f"cannot write into {out}: {err.strerror or err}; nothing is written") from err
        yield


@quiet_broken_pipe  # `| head -1` was a BrokenPipeError traceback, after the file was written
def main(argv: list[str] | None = None) -> int:
    parser = CommandParser(
        prog="python -m training.unipen_convert",
        description="Rebuild digits.jsonl.gz (UNIPEN train_r01_v07, category 1a) from a checkout of the release.",
        epilog=exit_status_help(
            stopped=" (a stop that comes while the files are written waits for them: the conversion is complete, "
            "status 0)"
        ),
    )
    parser.add_argument(
        "source", type=folder_argument, metavar="SOURCE_DIR", help="a checkout of GreenCappuccino/train_r01_v07"
    )
    parser.add_argument(
        "--out",
        type=folder_argument,
        required=True,
        metavar="DIR",
        help="the folder for digits.jsonl.gz and SHA256SUMS (required)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier conversion in --out that differs from this one (default: off, it is kept)",
    )
    # `--epochs 3` was "required: --out" alone, where training's other commands name training.fit's --epochs
    parser.kin, parser.far = kin_of("training.unipen_convert"), rowreaders_commands
    with starting():
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    print_any_file_name()
    if sys.stdout is None:  # `>&-`: it converted, wrote both files and exited 0 with its report and checksum unsaid
        say_error(parser.prog, STDOUT_CLOSED)
        return 1
    try:
        previousread_sums(args.out)  # refuse a foreign file before minutes of reading
        with folders_made_for([args.out / FILE_NAME]), converting_into(args.out):
            conversion = convert(args.source)
            if not conversion.records:  # it wrote an empty file, which the loader refuses ("holds no digits")
                print(report(conversion))
                raise ValueError(f"no segment of {args.source} was kept as a digit; nothing is written")
            digest = write_output(args.out, conversion.records, args.force)  # stops are ignored once it is written
    except (OSError, ValueError) as err:
        # a SOURCE_DIR not found that is an option pasted askew (`—force`, an em dash) says which, as merge's does
        hint = parser.operand_hint(str(args.source), [str(args.source)]) if isinstance(err, FileNotFoundError) else ""
        say_error(parser.prog, f"{err}{hint}")  # as its refused flags are said
        return 2
    written = name_text(str(args.out / FILE_NAME))
    try:
        print(report(conversion))
        if digest != PUBLISHED_SHA256:  # the README said "compare it", and a newcomer did, in vain
            print(not_published())  # above the checksum: scripts read the last line for the file written
        print(f"{written}: sha256 {digest}")  # a newline in --out split it in two
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left: quietly, status 141 (quiet_broken_pipe)
        raise
    except OSError as err:  # `> /dev/full` said only "cannot write the output", of a conversion written whole
        silence_stdout()
        say_error(
            parser.prog,
            f"cannot write the output ({err.strerror or err}); the conversion is written whole, in "
            f"{written} and its {SUMS_NAME}",
        )
        return 1
    return 0
