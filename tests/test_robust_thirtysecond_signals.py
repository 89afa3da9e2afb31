"""The thirty-second round of hostile testing, signals: a stop (Ctrl-C, SIGTERM, SIGHUP) landing at a random moment,
between two steps that must go together. Each test makes the stop land at the bad moment itself (a call patched to
raise KeyboardInterrupt just after it did its work), so none depends on timing; each failed on the code before its
fix. The fuzzer that found them (stops sent at random moments to the commands) is described in docs/robustness.md."""

from __future__ import annotations

import io
import signal
import sys
import threading

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader import Checkpoint, ReaderConfig, RowReader, atomic
from rowreader.launch import STOP_SIGNALS, run_main
from rowreader.session import DigitSession

# ---- a stream's calls ---------------------------------------------------------------------------------------------

CALLS = {
    "feed": lambda s: s.feed(np.zeros(28, np.float32)),
    "reset": lambda s: s.reset(),
    "rewind": lambda s: s.rewind(0),
    "copy": lambda s: s.copy(),
    "history": lambda s: s.history(),
}


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(call=st.sampled_from(sorted(CALLS)), rows=st.integers(0, 5))
def test_a_stop_just_after_a_stream_call_marked_it_in_use_leaves_the_stream_usable(tiny_reader, call, rows):
    """13 of 1,000 Ctrl-Cs into a notebook's loop feeding rows left the stream refusing every later call, "this
    stream is being read in another thread", in a program of one thread: the stop landed after the call had marked
    the stream in use, before its ``try`` began, so nothing ever marked it free. (Ctrl-C is raised at a call's
    return; here the marking call raises it, as that one would.)"""
    stream = tiny_reader.stream()
    for _ in range(rows):
        stream.feed(np.full(28, 0.5, np.float32))
    in_use = type(stream._in_use)
    real_enter = in_use.enter

    def stopped_after(self, change: bool) -> None:
        real_enter(self, change)
        raise KeyboardInterrupt

    in_use.enter = stopped_after
    try:
        with pytest.raises(KeyboardInterrupt):
            CALLS[call](stream)
    finally:
        in_use.enter = real_enter
    stream.reset()  # this thread goes on
    stream.feed(np.zeros(28, np.float32))
    elsewhere: list[object] = []
    worker = threading.Thread(target=lambda: elsewhere.append(stream.copy().feed(np.zeros(28, np.float32))))
    worker.start()
    worker.join()
    assert len(elsewhere) == 1, "another thread was refused"


# ---- a stop while a command's module imports ---------------------------------------------------------------------

# A compiled module's import that meets the stop words it as its own failure, as numpy's did ("PyCapsule_Import could
# not import module 'datetime'", from a Ctrl-C inside it); its lines after the stop still run, as a C import's do.
COMPILED_IMPORT = """
import signal
try:
    signal.raise_signal(signal.{signal})
except KeyboardInterrupt:
    raise ImportError('PyCapsule_Import could not import module "datetime"') from None
IMPORTED_WHOLE = True

def main(argv=None):
    raise AssertionError("main ran after a stop")
"""


@pytest.mark.parametrize("stop", [s.name for s in STOP_SIGNALS])
def test_a_stop_inside_a_commands_import_is_a_stop_not_the_imports_failure(tmp_path, monkeypatch, capsys, stop):
    """SIGINT or SIGHUP 0.3 s into `rowreader predict` (numpy importing) ended it with numpy's "PyCapsule_Import could
    not import module 'datetime'", a page of traceback and status 1; inside torch's import, pybind11 aborted Python
    ("terminate called after throwing an instance of 'pybind11::error_already_set'", status 134). The stop waits
    for the import, then ends the start in one line."""
    name = f"compiled_import_{stop.lower()}"
    (tmp_path / f"{name}.py").write_text(COMPILED_IMPORT.format(signal=stop))
    monkeypatch.syspath_prepend(str(tmp_path))
    status = run_main(name, "prog", [], last=False)
    assert status == 128 + getattr(signal, stop)
    assert capsys.readouterr().err.strip().endswith("while starting; nothing was done")
    assert sys.modules[name].IMPORTED_WHOLE


# ---- a write's temporary -----------------------------------------------------------------------------------------


def test_a_stop_inside_fdopen_leaves_no_temporary_beside_the_file_written(tmp_path, monkeypatch):
    """`python -m training.merge` (whose save holds no stop) stopped as its write's temporary was opened left the
    empty hidden ``.NAME.<hex>.tmp`` beside ``--out``, until a later run there found it a minute old."""
    target = tmp_path / "merged.safetensors"

    def stopped_inside(fd: int, mode: str) -> io.BufferedWriter:
        open(fd, mode).close()  # as io.open does when a step after making its raw file fails
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fdopen", stopped_inside)
    with pytest.raises(KeyboardInterrupt):
        atomic.atomic_write_bytes(target, b"weights")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---- a session's change ------------------------------------------------------------------------------------------


def _session(seed: int = 0) -> DigitSession:
    torch.manual_seed(seed)
    session = DigitSession(Checkpoint.from_reader(RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2))))
    session.set_image(np.random.default_rng(seed).random((28, 28), dtype=np.float32))
    return session


def _beliefs(session: DigitSession, rows: int) -> np.ndarray:
    session.seek(rows)
    return np.array([prediction.probs for prediction in session.predictions])


def test_a_stop_just_after_a_change_was_marked_leaves_the_session_to_every_thread():
    """2 of 500 Ctrl-Cs into a loop of seeks left the session marked as changing for good: every other thread's change,
    and later this thread's own, said "this session is being changed in another thread". The stop here lands at the
    first line run once the change is marked (a trace function raises it there, as a signal's handler would)."""
    session = _session()
    guard = session._changes

    def stop_once_marked(frame, event, arg):
        if event == "line" and guard._changing is not None and not fired:
            fired.append(frame.f_code.co_name)
            raise KeyboardInterrupt
        return stop_once_marked

    fired: list[str] = []
    sys.settrace(stop_once_marked)
    try:
        with pytest.raises(KeyboardInterrupt):
            session.seek(0)
    finally:
        sys.settrace(None)
    assert fired, "the stop did not land"
    elsewhere: list[BaseException] = []

    def seek_there() -> None:
        try:
            session.seek(3)
        except BaseException as err:
            elsewhere.append(err)

    worker = threading.Thread(target=seek_there)
    worker.start()
    worker.join()
    assert elsewhere == [], f"another thread was refused after a stop in {fired[0]}"
    session.seek(5)  # this thread goes on too


def test_a_stop_just_after_a_seek_rewound_leaves_the_session_where_its_stream_is():
    """A Ctrl-C just after a seek back had rewound the stream, before the session noted its new position, left the
    stream at row 3 and the session at 28: `seek(10)` then said "can rewind to 0…3 rows, not 10" for good."""
    session, fresh = _session(), _session()
    stream = session._stream
    real_rewind = stream.rewind

    def stopped_after(rows: int) -> None:
        real_rewind(rows)
        del stream.rewind  # one stop
        raise KeyboardInterrupt

    stream.rewind = stopped_after
    with pytest.raises(KeyboardInterrupt):
        session.seek(3)
    assert session.position == stream.rows_read
    np.testing.assert_array_equal(_beliefs(session, 10), _beliefs(fresh, 10))


def test_a_stop_before_a_new_model_reads_leaves_no_beliefs_of_the_old_one():
    """`set_checkpoint` stopped after it took the new model's stream, before the stream read a row, kept the old
    model's 28 beliefs beside a stream that had read none: `seek(3)` said "can rewind to 0…0 rows, not 3"."""
    session, other = _session(0), _session(1)

    def stopped_at_once(keep: int = 0) -> None:
        raise KeyboardInterrupt

    session._reread = stopped_at_once
    try:
        with pytest.raises(KeyboardInterrupt):
            session.set_checkpoint(other.checkpoint)
    finally:
        del session._reread
    assert session.position == 0 and len(session.predictions) == 0
    other.set_image(session.image)
    np.testing.assert_array_equal(_beliefs(session, 3), _beliefs(other, 3))
