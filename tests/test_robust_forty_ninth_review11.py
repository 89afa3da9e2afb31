"""The forty-ninth round of hostile testing, review11: the forty-eighth round's changes read with a hostile reviewer's
eyes (training's refusals of part of a step, the ink notes read with the pixels, the checkpoint's metadata order, the
icon and cursor walks); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import stat
import struct
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from conftest import hand_made_png

from rowreader.atomic import lock_file, remove_stale_temporaries_in
from rowreader.example_index import index_is_current, index_path, read_index, write_index
from rowreader.picture import read_picture
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PNG_SIGNATURE, PictureError
from rowreader.picture_limits import cursor_png
from training import arguments


@pytest.mark.parametrize(
    "typed",
    [["--batch-size", "128"], ["--train-samples", "100000"], ["--train-samples", "100000", "--batch-size", "128"]],
)
def test_the_seed_recipe_typed_as_it_is_is_its_recipe(typed: list[str]) -> None:
    """`--preset seed --batch-size 128` (the preset's own batch, typed) was refused as "--train-samples 100,000 (the
    seed preset's) is not a whole number of steps of --batch-size 128", though `--preset seed` alone runs that very
    recipe: a value typed equal to the preset's changes nothing, so it is refused no more than the preset is."""
    config = arguments.parse_args(["--preset", "seed", *typed], starting=False)
    assert (config.train_samples, config.batch_size) == (100_000, 128)


def test_the_seed_recipe_with_another_batch_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """What the refusal is for stays: another --batch-size under the seed's 100,000 samples is part of a step."""
    with pytest.raises(SystemExit) as exited:
        arguments.parse_args(["--preset", "seed", "--batch-size", "64"], starting=False)
    assert exited.value.code == 2
    assert "not a whole number of steps of --batch-size 64" in capsys.readouterr().err


def _index_of(root: Path) -> dict:
    """A real index of one example under ``root``, written and read back as the dock does."""
    key = (1, 2, 3, 4, 5, 6)
    entries = {root / "7" / "a.png": (key, np.full((28, 28), 0.5, np.float32))}
    write_index(root, entries)
    return entries


def _swap_for_a_pipe_once_looked_at(path: Path) -> Callable[..., None]:
    """A profile hook that, the first time the process looks at a file (``os.lstat``, ``os.stat``, ``os.fstat``),
    puts a named pipe where ``path`` was: a swap between a check and a read, made at the very instant it can hurt."""
    looks = {"lstat", "stat", "fstat"}
    done = []

    def hook(frame: object, event: str, arg: object) -> None:
        if event == "c_return" and not done and getattr(arg, "__name__", "") in looks:
            done.append(True)
            path.unlink()
            os.mkfifo(path)

    return hook


def test_an_index_swapped_for_a_pipe_after_its_check_is_not_waited_on(tmp_path: Path, monkeypatch) -> None:
    """The forty-eighth round's ``cached_file`` checked the index by its name (``lstat``) and handed the name to
    ``np.load``, which opened it again: a named pipe swapped in between was waited on for a writer, for good (the
    dock's reading held, as the round's own fix of the checkpoint's looks says of this very swap). The index is now
    opened once, without waiting, and what was opened is asked: the pipe put at its name after the first look is
    never waited on, and read as no index (a pipe seen at the first look is not opened at all: test_core_examples)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    entries = _index_of(root)
    found: list[dict] = []

    def read() -> None:
        sys.setprofile(_swap_for_a_pipe_once_looked_at(index_path(root)))
        try:
            found.append(read_index(root))
        finally:
            sys.setprofile(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(3)
    waited = reader.is_alive()
    if waited:  # free the reader: a writer's end opened and closed gives it an end of file
        os.close(os.open(index_path(root), os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
    assert not waited, "the index's reading waited on a named pipe swapped in after its check"
    assert stat.S_ISFIFO(os.lstat(index_path(root)).st_mode), "the swap was made"
    assert found == [{}] and entries  # the pipe is no index: nothing read from it, nothing trusted


def test_an_index_that_is_one_array_is_no_index(tmp_path: Path, monkeypatch) -> None:
    """An index file holding one array (``np.save``'s ``.npy``, a damaged or foreign cache) made ``np.load`` give an
    array, and ``with`` of it raised TypeError out of ``read_index`` and ``index_is_current``, documented as empty and
    False for what cannot be trusted: the dock's reading and a teach's (``--examples``) ended in a traceback. Now it is
    no index, as any other file not written there."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    entries = _index_of(root)
    with open(index_path(root), "wb") as file:
        np.save(file, np.zeros(3))
    assert read_index(root) == {}
    assert not index_is_current(root, entries)


def test_replay_digits_cached_as_one_array_are_drawn_again(tmp_path: Path, monkeypatch) -> None:
    """The same of a teach's replay digits: a cache file of one array was a TypeError out of ``load_replay``, the
    teach ended at its start; it is now drawn again and kept in its place, as any cache that does not read back."""
    from training.replay import _cached_digits

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "rowreader" / "replay-test.npz"
    cache.parent.mkdir(parents=True)
    with open(cache, "wb") as file:
        np.save(file, np.zeros(3))
    images, labels = np.zeros((2, 28, 28), np.uint8), np.array([3, 4], np.int64)
    got = _cached_digits(cache.name, 2, lambda: (images, labels))
    assert np.array_equal(got[0], images) and np.array_equal(got[1], labels)
    assert np.array_equal(_cached_digits(cache.name, 2, lambda: pytest.fail("drawn again"))[1], labels)


def test_a_cursor_whose_png_says_fewer_bytes_than_its_signature_is_not_read_to_its_end(tmp_path: Path) -> None:
    """Unguarded: ``cursor_png``'s least length (a PNG's 8-byte signature) could go and no test noticed, though
    without it an entry saying 4 bytes read ``file.read(4 - 8)``, the whole rest of the file (here a sparse 100 MB)
    as the cursor's PNG. Such a cursor is damaged, and said to be."""
    path = tmp_path / "arrow.cur"
    with path.open("wb") as file:
        file.write(b"\0\0\2\0\1\0" + struct.pack("<BBBBHHII", 32, 32, 0, 0, 0, 0, 4, 22) + PNG_SIGNATURE)
        file.truncate(100 * 2**20)
    assert cursor_png(path) is None
    with pytest.raises(PictureError, match="CUR cursor"):  # its PNG's 100 MB of empty chunks, walked, refused
        read_picture(path)


def test_nine_lone_digits_are_said_as_a_run_within_the_dialogs_line() -> None:
    """Unguarded: ``digit_runs`` could say no run at all and no test noticed, though nine lone digits listed one by
    one took the warning to 111 characters, past the 110 the teach dialog keeps whole."""
    from training.finetune import digit_runs, lone_digits_warning

    assert digit_runs([0, 1, 3, 4, 5, 7]) == "0, 1, 3–5, 7"
    assert len(warning := lone_digits_warning(list(range(9)))) <= 110
    assert warning.startswith("only one drawing of 0–8:")


def test_a_dead_writers_temporary_of_a_new_name_goes_at_once_a_live_ones_stays(tmp_path: Path) -> None:
    """Unguarded: ``remove_stale_temporaries_in`` could keep the minute's wait (the round made every sweep of it take
    a dead writer's temporary at any age) and no test noticed: an export run again at once after one was killed left
    that one's hidden temporaries for good. One that a live writer holds locked still stays."""
    dead, live = tmp_path / ".a.png.0123456789abcdef.tmp", tmp_path / ".b.png.fedcba9876543210.tmp"
    dead.write_bytes(b"half a picture")
    live.write_bytes(b"being written")
    with live.open("rb") as held:
        assert lock_file(held.fileno())
        remove_stale_temporaries_in(tmp_path)
    assert not dead.exists() and live.exists()


def test_a_qoi_cut_off_is_damaged_not_too_large_as_its_reading_says(tmp_path: Path) -> None:
    """The round's ``check_qoi`` went into ``too_large`` ahead of every check the picture reader makes first: a QOI
    of 5,000² pixels cut off after its header, which reading calls "cannot read the QOI picture … cut off", was
    counted among an examples folder's "picture(s) too large" (25 M pixels, over a QOI's 16.8 M). ``too_large`` now
    asks in the reader's order, what it calls damaged first; a whole QOI over the MiB a QOI may take is too large."""
    cut = tmp_path / "cut.qoi"
    cut.write_bytes(b"qoif" + struct.pack(">II", 5000, 5000) + b"\4\0" + bytes(100))
    with pytest.raises(PictureError, match="cut off"):
        read_picture(cut)
    assert too_large(cut) is False
    whole = tmp_path / "long.qoi"
    whole.write_bytes(b"qoif" + struct.pack(">II", 1000, 1000) + b"\4\0" + bytes(2**20 + 8))
    with pytest.raises(PictureError, match="a QOI of 1,048,598 bytes"):
        read_picture(whole)
    assert too_large(whole) is True


def test_a_cursor_whose_png_is_too_large_is_too_large_not_damaged(tmp_path: Path) -> None:
    """The round wrapped every refusal of a CUR's PNG as "a damaged CUR cursor: its PNG picture: …", a PNG saying
    20,000² pixels too: a whole cursor was called damaged ("a damaged CUR cursor: its PNG picture: 400,000,000 pixels
    is more than …"), and ``too_large`` (which never looked inside a cursor) said False, so an examples folder
    counted it among its damaged files. A cursor's pictures are now checked as an ICO's are, before its PNG is read:
    too large, in the words every picture too large gets ("20000×20000 pixels is more than …"), and counted so."""
    ihdr = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 0, 0, 0, 0)
    png = hand_made_png(ihdr, zlib.compress(bytes(100)))
    path = tmp_path / "huge.cur"
    path.write_bytes(b"\0\0\2\0\1\0" + struct.pack("<BBBBHHII", 0, 0, 0, 0, 0, 0, len(png), 22) + png)
    with pytest.raises(PictureError) as refused:
        read_picture(path)
    assert str(refused.value).startswith("20000×20000 pixels is more than the 134,217,728"), str(refused.value)
    assert too_large(path) is True
