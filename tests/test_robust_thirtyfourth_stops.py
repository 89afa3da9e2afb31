"""The thirty-fourth round of hostile testing, stops: what a command says when it is stopped (Ctrl-C, SIGTERM,
SIGHUP) while it starts, when its output's reader leaves, and with its stderr closed. The stops are real signals
sent to real child processes where the moment can be made certain (a module whose import waits on its stdin), and
in-process otherwise; each test failed on the code before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, stderr_lines

from rowreader import ReaderConfig, RowReader, save_checkpoint
from rowreader.launch import run_main
from training import merge, unipen_convert
from training.fit import main as fit_main

PROG = "prog"
NOTE = f"{PROG}: stopping once it has loaded (a few seconds)…"
# a command's module whose import lasts until the test says (a line on its stdin): torch's 7-16 s, made certain
WAITING_IMPORT = "import sys\nprint('importing', flush=True)\nsys.stdin.readline()\nmain = lambda argv=None: 0\n"
RUN = f"import sys\nfrom rowreader.launch import run_main\nsys.exit(run_main('waiting_import', {PROG!r}))\n"


def start_importing(tmp_path: Path, stderr_closed: bool = False) -> subprocess.Popen:
    """A child process in run_main, importing ``waiting_import`` (which waits); returned once the import has begun."""
    (tmp_path / "waiting_import.py").write_text(WAITING_IMPORT)

    def as_from_a_terminal() -> None:  # a background `pytest &` starts its children with Ctrl-C ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if stderr_closed:
            os.close(2)  # `2>&-`

    child = subprocess.Popen(
        [sys.executable, "-c", RUN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if stderr_closed else subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(tmp_path)])},
        preexec_fn=as_from_a_terminal,
        bufsize=0,  # unbuffered: a line read leaves the next in the pipe, where select sees it
    )
    assert child.stdout.readline() == b"importing\n"
    return child


@pytest.mark.skipif(os.name != "posix", reason="signals sent to a child process")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_stop_while_the_command_imports_is_said_at_once(tmp_path, signum):
    """A first stop while a command's module imports (torch: 7-16 s on 2 loaded cores) waits for the import to end,
    and said nothing until then: the user, seeing nothing, pressed again, which stops at once, inside the import.
    It says at once that the command stops once loaded (the import here still waiting), then the line it said."""
    child = start_importing(tmp_path)
    try:
        child.send_signal(signum)
        after_c = "\n" if signum == signal.SIGINT else ""  # the terminal's "^C" ends no line
        assert stderr_lines(child, 1 + len(after_c)) == f"{after_c}{NOTE}\n".encode()
        assert child.poll() is None  # said while the import still goes on
        out, err = child.communicate(b"\n", timeout=60)  # the import ends
    finally:
        child.kill()
    words = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    assert err.decode() == f"{PROG}: {words} while starting; nothing was done\n"  # no empty line between the two
    assert child.returncode == 128 + signum and out == b""


@pytest.mark.skipif(os.name != "posix", reason="signals sent to a child process")
def test_a_second_ctrl_c_after_the_note_stops_at_once_on_a_line_of_its_own(tmp_path):
    """Insisted on, the stop does not wait for the import; the terminal's second "^C" comes after the note's line."""
    child = start_importing(tmp_path)
    try:
        child.send_signal(signal.SIGINT)
        assert stderr_lines(child, 2) == f"\n{NOTE}\n".encode()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)  # no line on its stdin: the import never ends by itself
    finally:
        child.kill()
    assert err.decode() == f"\n{PROG}: interrupted while starting; nothing was done\n" and child.returncode == 130


@pytest.mark.skipif(os.name != "posix", reason="signals sent to a child process")
def test_a_stop_while_starting_with_stderr_closed_prints_nothing_on_stdout(tmp_path):
    """`rowreader predict --json … > out.json 2>&-`, stopped while starting: its line went to stdout (``print`` to
    a ``sys.stderr`` of None prints there), into the document. The note, written to stderr's descriptor, must not
    fail either."""
    child = start_importing(tmp_path, stderr_closed=True)
    try:
        child.send_signal(signal.SIGTERM)
        out, _ = child.communicate(b"\n", timeout=60)
    finally:
        child.kill()
    assert child.returncode == 143 and out == b""


# the app's start, its window's modules made to wait as torch's import does: the hold is the app's own, in its main
APP_WAITING = """import importlib.abc, importlib.util, sys
class Waiting(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        return importlib.util.spec_from_loader(name, self) if name in ("gui.app", "gui.main_window") else None
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        if module.__name__ == "gui.app":
            print("importing", flush=True)
            sys.stdin.readline()
        module.StopSignals = module.MainWindow = module.create_app = Anything()
class Anything:  # a window, an app: whatever is asked of it
    def __getattr__(self, name):
        return Anything()
    def __call__(self, *args, **kwargs):
        return Anything()
sys.meta_path.insert(0, Waiting())
sys.argv = ["rowreader-gui"]
from gui.__main__ import run
sys.exit(run())
"""


@pytest.mark.skipif(os.name != "posix", reason="signals sent to a child process")
def test_a_stop_while_the_apps_window_is_built_is_said_at_once(tmp_path):
    """The app's start holds a stop until its window is built (Qt's import: 30 s on a loaded machine), and said
    nothing until then, as the commands did while they imported."""
    child = subprocess.Popen(
        [sys.executable, "-c", APP_WAITING],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
        bufsize=0,
    )
    try:
        assert child.stdout.readline() == b"importing\n"
        child.send_signal(signal.SIGTERM)
        assert stderr_lines(child, 1) == b"rowreader-gui: stopping once it has loaded (a few seconds)\xe2\x80\xa6\n"
        assert child.poll() is None
        _, err = child.communicate(b"\n", timeout=60)
    finally:
        child.kill()
    assert err == b"rowreader-gui: stopped by SIGTERM while starting; nothing was done\n" and child.returncode == 143


def test_a_conversion_stopped_too_late_with_stderr_closed_keeps_its_line_off_stdout(monkeypatch, capsys):
    """`training.unipen_convert … 2>&-` stopped while its pair was written: "came while the files were written"
    was printed on stdout, over its report (``print(file=None)``)."""
    monkeypatch.setattr(sys, "stderr", None)
    unipen_convert.stopped_too_late(KeyboardInterrupt())
    assert capsys.readouterr().out == ""


@pytest.fixture
def folder(mnist_examples: Path) -> Path:
    """Two MNIST test digits of each class, as a user's examples folder (conftest's)."""
    return mnist_examples


@pytest.mark.skipif(os.name != "posix", reason="a pipe whose reader left")
@pytest.mark.parametrize("watched", [True, False], ids=["the pipe watched", "a line unwritten"])
def test_a_fine_tune_whose_json_reader_left_says_so_not_sigterm(
    tmp_path, tiny_base, folder, monkeypatch, capsys, watched
):
    """`training.finetune … --progress json | head -1`, or the app killed: the fine-tune saw its reader gone, sent
    ITSELF SIGTERM and said "stopped by SIGTERM; nothing was written", status 143, a signal nobody sent. It says
    what happened, status 1 (its --help's "what it prints cannot be written")."""
    if not watched:  # a loaded machine runs the watching thread late: the first line's failed write sees it
        import training.finetune

        monkeypatch.setattr(training.finetune, "stop_when_the_reader_leaves", lambda: None)
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    monkeypatch.setattr(sys, "stdout", os.fdopen(write, "w"))
    out = tmp_path / "mine.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--progress", "json"]
    fast = ["--train-samples", "64", "--batch-size", "16", "--eval-digits", "200", "--threads", "1"]
    status = fit_main([*args, *fast])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "SIGTERM" not in err and "going on without it" not in err  # it said so, then that it stopped
    assert f"the reader of its --progress json lines is gone (the program reading them ended); it stopped, and " \
        f"nothing was written to {out}" in err  # fmt: skip
    assert not out.exists()


def stop_right_after(monkeypatch, module: object, name: str) -> None:
    """``module.name`` patched to do its work, then be stopped by SIGTERM (the stop lands at once after it)."""
    real = getattr(module, name)

    def then_stopped(*args, **kwargs):
        done = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return done

    monkeypatch.setattr(module, name, then_stopped)


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_a_stop_as_the_merged_model_is_written_is_no_stop(tmp_path, tiny_base, monkeypatch, capsys):
    """A stop landing just after the merged model's rename said "training.merge: stopped by SIGTERM", status 143
    and no report, over a merged model written whole: a script took the merge for lost. It is said, and the merge
    ends as it does."""
    other = tmp_path / "other.safetensors"
    save_checkpoint(other, RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)), {"test_accuracy": 0.5})
    (tmp_path / "no-mnist").mkdir()
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))  # no curve: the merge in a second
    stop_right_after(monkeypatch, merge, "save_checkpoint")
    out = tmp_path / "merged.safetensors"
    status = run_main("training.merge", "training.merge", [str(tiny_base), str(other), "--out", str(out)])
    said = capsys.readouterr()
    assert status == 0, said.err
    assert "training.merge: SIGTERM came while the merged model was written; it was written whole first" in said.err
    assert "2 readers → " in said.out and out.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.safetensors", "merged.safetensors", "no-mnist",
                                                         "other.safetensors"]  # fmt: skip


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_a_stop_as_a_killed_conversions_temporaries_are_swept_is_no_stop(tmp_path, monkeypatch, capsys):
    """Once its pair is written, the converter sweeps a killed conversion's temporaries, then said it was complete
    (stops ignored from there): a stop during the sweep said "stopped by SIGTERM", 143, its report unprinted, over
    a conversion written whole."""
    source = tmp_path / "src"
    (source / "data/1a/xyz").mkdir(parents=True)
    (source / "include/xyz/data").mkdir(parents=True)
    segments = "".join(f'.SEGMENT CHARACTER {k} ? "{k}"\n' for k in range(3))
    (source / "data/1a/xyz/anna.dat").write_text(f".VERSION 1.0\n.INCLUDE xyz/data/anna.dat\n{segments}")
    pen = "".join(f".PEN_DOWN\n{k} 50\n{k + 5} 20\n.PEN_UP\n" for k in range(3))
    (source / "include/xyz/data/anna.dat").write_text(f".COORD X Y\n.WRITER_ID anna\n{pen}")
    stop_right_after(monkeypatch, unipen_convert, "remove_stale_temporaries")
    out = tmp_path / "out"
    status = run_main("training.unipen_convert", "training.unipen_convert", ["--out", str(out), str(source)])
    said = capsys.readouterr()
    assert status == 0, said.err
    assert "stopped" not in said.err and "sha256" in said.out
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "digits.jsonl.gz"]


@pytest.mark.skipif(os.name != "posix", reason="SIGINT sent to itself")
def test_a_stop_held_while_an_epoch_is_evaluated_is_said_at_once(tmp_path, monkeypatch, capfd):
    """Ctrl-C once an epoch's steps were done waited, without a word, for its evaluation and its save (26 s for 256
    units on 10,000 digits at load 11): pressed again, it stopped at once and the epoch was lost. It says at once
    that it stops once the epoch is saved; the run's last line follows on the next line, not after an empty one."""
    import training.fit

    real = training.fit.evaluate_epoch

    def pressed_then_evaluated(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # held: the epoch is evaluated and saved first
        return real(*args, **kwargs)

    monkeypatch.setattr(training.fit, "evaluate_epoch", pressed_then_evaluated)
    out = tmp_path / "r.safetensors"
    argv = ["--limit", "64", "--batch-size", "32", "--hidden", "8", "--epochs", "3", "--threads", "1"]
    argv += ["--out", str(out)]
    assert fit_main(argv) == 130
    err = capfd.readouterr().err
    note = "\nstopping once epoch 1 is evaluated and saved (seconds)…\ninterrupted at step 2; "
    assert note in err, err
    assert out.is_file()  # epoch 1 kept


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM and SIGHUP")
def test_two_stops_at_once_into_a_training_run_leave_no_race_traceback(monkeypatch):
    """SIGTERM and SIGHUP 20 ms apart, both come while torch computed: the first's handler set the other to SIG_IGN
    while it was pending, and Python said "OSError: Signal 15 ignored due to race condition" with a traceback over
    the run's line (a merge, 1 of 100 random stops). Both made pending here, then let in at once."""
    from rowreader.launch import Stopped
    from training.interrupt import signals_stop_the_run

    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: unraisable.append(str(u.exc_value)))
    both = {signal.SIGTERM, signal.SIGHUP}
    stopped = None
    try:
        with signals_stop_the_run():
            signal.pthread_sigmask(signal.SIG_BLOCK, both)
            # each sent to this thread, which blocks both: sent to the process, SIGTERM stopped the run first in two
            # of the fifty-third round's whole suites (never alone), as any thread not blocking it may take it at once
            for signum in both:
                signal.pthread_kill(threading.get_ident(), signum)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, both)  # both handled here, the lower number first
    except Stopped as err:
        stopped = err.signum
    signal.pthread_sigmask(signal.SIG_UNBLOCK, both)  # which runs the handlers of signals still pending
    assert stopped == signal.SIGHUP and unraisable == []
