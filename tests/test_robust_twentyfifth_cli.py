"""The twenty-fifth round of hostile testing, the command line: the last round's leftovers in `rowreader` and the
checkpoint format (a file swapped between its check and its reading, names as typed, a picture piped in whole)."""

from __future__ import annotations

import os
import pathlib
import threading

import numpy as np
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from rowreader.cli import main
from rowreader.network import RowReader
from rowreader.output import one_line
from rowreader.picture import read_picture
from rowreader.picture_errors import PictureError


def _swapped_for_a_fifo(path: pathlib.Path, monkeypatch) -> None:
    """``path`` replaced by a FIFO the moment after each check of its name: ``Path.stat`` answers for the file as it
    was, as if the swap landed just after the check, while opening the name now waits for a writer."""
    was = path.stat()
    path.unlink()
    os.mkfifo(path)
    real = pathlib.Path.stat
    monkeypatch.setattr(pathlib.Path, "stat", lambda self, **kw: was if self == path else real(self, **kw))


def _within(seconds: float, read, fifo: pathlib.Path) -> str:
    """What ``read()`` raised, or "hung" (the FIFO then given a writer and closed, so the read ends and no thread is
    left behind)."""
    said: list[str] = []

    def run() -> None:
        try:
            read()
            said.append("read")
        except Exception as err:
            said.append(f"{type(err).__name__}: {err}")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # a reader waits: the open succeeds, the close is EOF
        thread.join(10)
        return "hung"
    return said[0]


def test_a_picture_swapped_for_a_fifo_after_its_check_is_refused_not_waited_on(tmp_path, monkeypatch):
    """``read_picture`` checked that the name was a regular file, then opened it by name (several times): a picture
    swapped for a FIFO in between hung `rowreader predict` for good (10 s here, then a writer was given). It opens
    the file once, without waiting, and asks the file it opened."""
    picture = tmp_path / "seven.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(picture)
    _swapped_for_a_fifo(picture, monkeypatch)
    said = _within(3, lambda: read_picture(str(picture)), picture)
    assert said.startswith(f"{PictureError.__name__}: is a named pipe (FIFO), not a regular file"), said


def test_the_frames_of_a_blank_picture_swapped_for_a_fifo_are_not_waited_on(tmp_path, monkeypatch):
    """A blank picture's frames are counted (``predict``'s "frames", the examples' and the app's words) by opening
    the name again: swapped for a FIFO by then, that opening hung too. Opened as a picture is read now: one frame."""
    from rowreader.picture_words import frame_count

    picture = tmp_path / "blank.gif"
    frames = [Image.new("L", (28, 28), 255 - i) for i in range(3)]  # alike, Pillow would save one frame
    frames[0].save(picture, save_all=True, append_images=frames[1:])
    assert frame_count(str(picture)) == 3
    _swapped_for_a_fifo(picture, monkeypatch)
    counted: list[int] = []
    assert _within(3, lambda: counted.append(frame_count(str(picture))), picture) == "read"
    assert counted == [1]


def test_a_checkpoint_swapped_for_a_fifo_after_its_check_is_refused_not_waited_on(tmp_path, monkeypatch):
    """The same of ``load_checkpoint`` (``predict --checkpoint``): it hung too."""
    model = tmp_path / "m.safetensors"
    save_checkpoint(model, RowReader(TINY))
    _swapped_for_a_fifo(model, monkeypatch)
    said = _within(3, lambda: load_checkpoint(str(model)), model)
    assert said == f"{CheckpointError.__name__}: {model}: is a named pipe (FIFO), not a regular file", said


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    form=st.sampled_from(["./{}", ".//{}", "{dir}//{}", "{dir}/./{}", "./sub/../{}", "{}"]),
    kind=st.sampled_from(["cut", "empty", "missing", "picture"]),
    command=st.sampled_from(["predict", "evaluate"]),
)
def test_a_checkpoint_is_named_as_it_was_typed(tmp_path, monkeypatch, capsys, form, kind, command):
    """``--checkpoint ./m.safetensors`` was named ``m.safetensors`` in its error line (pathlib folds the name),
    where a picture is named as typed: one rule now, the name as typed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir(exist_ok=True)
    model = tmp_path / "m.safetensors"
    model.unlink(missing_ok=True)
    if kind == "cut":
        model.write_bytes(b"hello")
    elif kind == "empty":
        model.write_bytes(b"")
    elif kind == "picture":
        Image.fromarray(np.zeros((28, 28), np.uint8)).save(model, format="PNG")
    typed = form.format("m.safetensors", dir=tmp_path)
    picture = tmp_path / "seven.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(picture)
    args = [command, "--checkpoint", typed, *([str(picture)] if command == "predict" else [])]
    assert main(args) == 1
    err = capsys.readouterr().err
    start = f"checkpoint not found: {one_line(typed)}" if kind == "missing" else f"{one_line(typed)}: "
    assert err.startswith(f"rowreader: error: {start}"), err


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(2**24, 2**25), piece=st.integers(1, 2**16))
def test_a_picture_piped_in_is_held_once(size, piece):
    """A picture piped into `predict -` near the 1 GiB it takes (1 GiB − 1 byte: 29.5 s and 2.1 GB at load 7) was
    held twice: its MiB pieces and their join, then the join and the first MiB added to it. Held once now (3.7 s
    and 1.1 GB), in a buffer that grows: the peak of Python's allocations while it is read stays near its size."""
    import io
    import sys
    import tracemalloc

    from rowreader.cli import read_stdin

    picture = io.BytesIO()
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(picture, format="PNG")
    sent = picture.getvalue() + bytes(range(256)) * (size // 256) + b"\x01" * (size % 256 + piece)
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(sent)))  # no descriptor: read as a pipe is, to its end
    real = sys.stdin
    try:
        # a read first, untraced: the first in a process imports Pillow's plugins (1.3-4.4 MB of code, as other
        # tests left the imports), which put a 16 MiB read over its bound where tests of `predict` had run before
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(picture.getvalue())))
        read_stdin()
        tracemalloc.start()
        sys.stdin = stdin
        tracemalloc.reset_peak()
        data = read_stdin()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        sys.stdin = real
        tracemalloc.stop()
    assert data == sent
    assert peak < 1.25 * len(sent) + 2**22, f"{peak:,} bytes held at most to read {len(sent):,}"
