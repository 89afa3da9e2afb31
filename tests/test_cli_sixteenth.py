"""The sixteenth round, the command lines: a stop while a command line is read, and the UNIPEN converter's
stops and closed pipes.

Each signal is sent by ``signal.raise_signal`` from inside the step it is to land in (a stand-in for one of the
command's own functions), which runs its Python handler before it returns: where it lands does not hang on the
machine's speed or load.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ReaderGone

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGTERM and raise_signal's delivery are POSIX's")


def run_with_a_stop_inside(
    tmp_path: Path, target: str, signum: int, command: str, argv: list[str], nth: int = 1
) -> subprocess.CompletedProcess:
    """``command`` (a ``python -c`` body that runs the command) in a fresh interpreter, where ``target``
    (``module.function``, or ``module.Class.method``) is replaced by one that sends ``signum`` to the process at its
    ``nth`` call, then does the work."""
    module, _, name = target.rpartition(".")
    script = "\n".join(
        [
            "import pkgutil, signal, sys",
            "signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal, whatever ours is",
            "signal.signal(signal.SIGTERM, signal.SIG_DFL)",
            f"module = pkgutil.resolve_name({module!r})",
            f"real = getattr(module, {name!r})",
            "calls = []",
            "def stand_in(*args, **kwargs):",
            "    calls.append(1)",
            f"    if len(calls) == {nth}:",
            f"        signal.raise_signal({int(signum)})",
            "    return real(*args, **kwargs)",
            f"setattr(module, {name!r}, stand_in)",
            f"sys.argv = {['x', *argv]!r}",
            command,
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )


@pytest.mark.parametrize(("signum", "words"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "stopped by SIGTERM")])
def test_a_stop_while_rowreader_reads_its_command_line_says_while_starting(tmp_path, signum, words):
    """Ctrl-C in the milliseconds `rowreader` read its command line said "rowreader: interrupted", as if a picture
    had been read (seen in the fourteenth and fifteenth rounds), and SIGTERM then ended it with status 143 and not
    a word (the import was SIGTERM's, the command line not). Both say it stopped while starting."""
    done = run_with_a_stop_inside(
        tmp_path,
        "rowreader.cli.options_end_after_the_command",
        signum,
        "import rowreader.__main__; sys.exit(rowreader.__main__.run())",
        ["predict", "x.png"],
    )
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.strip() == f"rowreader: {words} while starting; nothing was done"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("reading", [1, 2])
@pytest.mark.parametrize(("signum", "words"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "stopped by SIGTERM")])
def test_a_stop_while_training_reads_its_command_line_says_while_starting(tmp_path, signum, words, reading):
    """`python -m training.fit` reads its command line twice, before torch loads and after: a stop in either said
    "training.fit: interrupted" (or "stopped by SIGTERM") alone, where one while torch loads says "while
    starting"; nothing had been done. Both readings say so."""
    out = tmp_path / "m.safetensors"
    argv = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "8", "--out", str(out)]
    done = run_with_a_stop_inside(
        tmp_path,
        "training.arguments.refuse_flags_that_do_nothing",
        signum,
        # started as the rowreader-fit command is, under its name (the forty-fifth round: the name typed)
        "import training.__main__; sys.argv[0] = 'rowreader-fit'; sys.exit(training.__main__.run())",
        argv,
        nth=reading,
    )
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.strip() == f"rowreader-fit: {words} while starting; nothing was done"
    assert list(tmp_path.iterdir()) == []


PEN_DATA = ".COORD X Y\n.WRITER_ID anna\n.PEN_DOWN\n10 50\n10 20\n.PEN_UP\n"


def a_release(root: Path) -> Path:
    """The smallest release the UNIPEN converter reads: one label file with one digit, and its pen data."""
    for name, text in {
        "data/1a/xyz/anna.dat": '.VERSION 1.0\n.INCLUDE xyz/data/anna.dat\n.SEGMENT CHARACTER 0 ? "1"\n',
        "include/xyz/data/anna.dat": PEN_DATA,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="latin-1")
    return root


def test_the_unipen_converter_piped_to_head_ends_quietly(tmp_path, capsys, monkeypatch):
    """`python -m training.unipen_convert SRC --out DIR | head -1` ended in a BrokenPipeError traceback once the
    file was written; it ends quietly, status 141 (128 + SIGPIPE), the file written whole, as the other commands do."""
    from training.unipen_convert import main

    monkeypatch.setattr("sys.stdout", ReaderGone())
    assert main([str(a_release(tmp_path / "src")), "--out", str(tmp_path / "out")]) == 141
    monkeypatch.undo()
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["SHA256SUMS", "digits.jsonl.gz"]


@pytest.mark.parametrize(("signum", "words"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "stopped by SIGTERM")])
def test_a_stop_while_the_unipen_converter_reads_is_one_line(tmp_path, signum, words):
    """Ctrl-C while `python -m training.unipen_convert` read the release (minutes for the whole of it) was a
    page of traceback, and SIGTERM ended it without a word, though its --help promised "130 when stopped by
    Ctrl-C and 143 by SIGTERM"; each is one line and that status, nothing written."""
    source = a_release(tmp_path / "src")
    work = tmp_path / "work"
    work.mkdir()
    done = run_with_a_stop_inside(
        work,
        "training.unipen_format.read_label_file",
        signum,
        "import runpy; runpy.run_module('training.unipen_convert', run_name='__main__', alter_sys=True)",
        [str(source), "--out", str(work / "out")],
    )
    assert done.returncode == 128 + signum, done.stderr
    after_c = "\n" if signum == signal.SIGINT else ""  # after the terminal's "^C"
    assert done.stderr == f"{after_c}python -m training.unipen_convert: {words}\n"
    assert list(work.iterdir()) == []


def test_sigterm_while_merging_is_one_line_and_leaves_no_file(tmp_path):
    """SIGTERM while `python -m training.merge` worked (once torch had loaded) ended it on the spot: status 143,
    not a word, and a temporary of --out's left where it was killed while saving. It says it was stopped."""
    import torch

    from rowreader import ReaderConfig, RowReader, save_checkpoint

    for seed, name in enumerate(("a", "b")):
        reader = RowReader(ReaderConfig(hidden_size=4)).initialise(torch.Generator().manual_seed(seed), "pytorch")
        save_checkpoint(tmp_path / f"{name}.safetensors", reader)
    done = run_with_a_stop_inside(
        tmp_path,
        "training.merge.merge_readers",
        signal.SIGTERM,
        "from rowreader.launch import run_main; sys.exit(run_main('training.merge', 'training.merge'))",
        ["a.safetensors", "b.safetensors", "--out", "ab.safetensors"],
    )
    assert done.returncode == 143, done.stderr
    assert done.stderr == "training.merge: stopped by SIGTERM; nothing was written to ab.safetensors\n"  # 46th round
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.safetensors", "b.safetensors"]


def test_a_training_run_takes_the_commands_sigterm_handler_as_its_own():
    """`python -m training.finetune` leaves SIGTERM to run_main's handler (a stop each time it comes): training
    takes it over, so that a second SIGTERM while the run says what it kept is ignored, and puts it back after."""
    from rowreader.launch import stop_by_signal
    from training.interrupt import signals_stop_the_run

    before = signal.signal(signal.SIGTERM, stop_by_signal)
    try:
        with signals_stop_the_run():
            assert signal.getsignal(signal.SIGTERM) is not stop_by_signal
        assert signal.getsignal(signal.SIGTERM) is stop_by_signal
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_merge_does_not_write_over_a_training_runs_checkpoint(tmp_path, capsys):
    """`training.merge A B --out C` where C was a training run's checkpoint (finished, or stopped to be resumed)
    replaced it without a word: the epochs trained were gone, and C.state.pt was left beside a model it did not
    fit, so `--resume` refused the run. It is refused, naming the state; --force still writes over it."""
    from rowreader import ReaderConfig, RowReader, load_checkpoint, save_checkpoint
    from training.fit import main as fit_main
    from training.merge import main as merge_main

    run = tmp_path / "c.safetensors"
    tiny = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "8", "--threads", "1"]
    assert fit_main([*tiny, "--epochs", "1", "--pen-workers", "0", "--out", str(run)]) == 0
    before = run.read_bytes()
    for name in ("a", "b"):
        save_checkpoint(tmp_path / f"{name}.safetensors", load_checkpoint(run).reader if name == "a" else
                        RowReader(ReaderConfig(hidden_size=8)))  # fmt: skip
    capsys.readouterr()
    members = [str(tmp_path / "a.safetensors"), str(tmp_path / "b.safetensors")]
    assert merge_main([*members, "--out", str(run)]) == 2
    err = capsys.readouterr().err
    assert f"--out {run} is a training run's checkpoint (c.state.pt beside it" in err, err
    assert run.read_bytes() == before
    assert merge_main([*members, "--out", str(run), "--force"]) == 0
    assert load_checkpoint(run).config.hidden_size == 16


def test_a_second_ctrl_c_just_after_a_save_names_the_epoch_saved(tmp_path, capsys, monkeypatch):
    """A save holds the first Ctrl-C, not a second (a hung disk would hold the run for good). A second one landing
    between the save's last rename and the line that records it (seen, not changed, in the fifteenth round) said
    "nothing was saved … start the run again" of a checkpoint just written; it names that epoch, to --resume."""
    import training.saving
    from training.fit import main as fit_main
    from training.state import load_state

    real = training.saving.atomic_write_files

    def written_then_stopped(files):
        real(files)
        raise KeyboardInterrupt  # what the second Ctrl-C raises where it lands, the first one held

    monkeypatch.setattr(training.saving, "atomic_write_files", written_then_stopped)
    out = tmp_path / "m.safetensors"
    tiny = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "8", "--threads", "1"]
    assert fit_main([*tiny, "--epochs", "2", "--pen-workers", "0", "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert f"the last good checkpoint is kept: {out} (epoch 1; resume with the same --out" in err, err
    assert "nothing was saved" not in err
    assert load_state(tmp_path / "m.state.pt").epoch == 1


def test_limit_keeps_the_recipes_share_of_drawn_digits(tmp_path, capsys):
    """`--limit N` trained on N MNIST digits and every one of --drawn's: `training.ship --also '--limit 512
    --epochs 1'`, its --help's rehearsal, drew the shipped recipe's 6,000 digits and rendered pen digits in
    proportion to them, minutes a stage (seen, not changed, in the fifteenth round). The drawn digits shrink with
    MNIST's, the recipe's mix kept; the checkpoint says how many were trained on, and records the recipe asked for."""
    from rowreader import load_checkpoint
    from training.fit import main as fit_main

    out = tmp_path / "m.safetensors"
    tiny = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "8", "--threads", "1"]
    assert fit_main([*tiny, "--epochs", "1", "--drawn", "100", "--pen-workers", "0", "--out", str(out)]) == 0
    assert "incl. 10 drawn digits" in capsys.readouterr().out  # 100 × 64 / 60,000 a class: 1, not 100
    metadata = load_checkpoint(out).metadata
    assert metadata["dataset"] == "MNIST's first 64 training digits (--limit) + 10 synthetic drawn digits"
    assert metadata["recipe"]["drawn"] == 100 and metadata["recipe"]["limit"] == 64
