"""The fifty-fifth round's command lines (area cli10): where cli8, cli9, review29 and hypo8 left them, each test seen
failing on the code before its fix; every line a hint names is given back to its command and accepted."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest
from gui_window import constant_reader

from rowreader.checkpoint import save_checkpoint
from rowreader.cli import build_parser
from rowreader.cli import main as rowreader_main
from training.arguments import parse_args


def _refusal(capsys, words: list[str]) -> str:
    """rowreader's one line of refusal of ``words`` (status 2)."""
    with pytest.raises(SystemExit) as ended:
        rowreader_main(words)
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("rowreader"), error
    return error


def _accepted_by_rowreader(line: str) -> None:
    """``line`` (``rowreader …``, its ``…`` dropped) is a command line rowreader's parser takes."""
    words = shlex.split(line.removesuffix(" …"))
    assert words[0] == "rowreader", line
    build_parser().parse_args(words[1:])  # a refusal exits: the test fails there


def test_a_flag_of_evaluates_before_a_picture_name_is_not_sent_to_predict(capsys) -> None:
    """`rowreader --sure 0.9 x` (0.9 has a suffix, so it was taken for a picture) was told "name the command first:
    rowreader predict --sure 0.9 x", itself refused ("--sure is evaluate's, not predict's"). Predict's line is
    named only where predict takes every option typed; else whose the option is."""
    error = _refusal(capsys, ["--sure", "0.9", "x"])
    line = "rowreader evaluate --sure 0.9 …"
    assert error.endswith(f"; --sure is evaluate's, not rowreader's: {line}"), error
    assert "rowreader predict" not in error, error
    _accepted_by_rowreader(line)
    kept = _refusal(capsys, ["--json", "x.png"])  # predict's own flag: its line, as before
    assert kept.endswith("name the command first: rowreader predict --json x.png"), kept
    _accepted_by_rowreader("rowreader predict --json x.png")


def test_a_training_flag_typed_as_rowreaders_command_names_the_words_after_it(tmp_path: Path, capsys) -> None:
    """`rowreader finetune b.safetensors --examples d` named "python -m training.fit --finetune …", the base and
    the examples typed after it dropped."""
    base, examples = tmp_path / "b.safetensors", tmp_path / "d"
    save_checkpoint(base, constant_reader([0.1] * 10))
    examples.mkdir()
    error = _refusal(capsys, ["finetune", str(base), "--examples", str(examples)])
    words = ["--finetune", str(base), "--examples", str(examples)]
    assert error.endswith(
        f"--finetune is training.fit's, not rowreader's: python -m training.fit {shlex.join(words)} …"
    )
    parse_args([*words, "--out", str(tmp_path / "mine.safetensors")])  # the line, its --out added, is accepted
    valueless = _refusal(capsys, ["finetune", "--examples", str(examples)])  # no base: not --finetune --examples
    assert valueless.endswith("not rowreader's: python -m training.fit --finetune …"), valueless


def test_an_option_typed_as_an_options_value_is_not_said_to_follow_dashes(tmp_path: Path, monkeypatch, capsys) -> None:
    """`training.fit --start-from=--force` was told "the option --force after -- is read as a file's name: put it
    before --", a -- never typed: an option's value is a flag's name only when typed after its =."""
    from training.fit import main

    monkeypatch.chdir(tmp_path)
    for flag in ("--start-from", "--distill-from"):
        assert main([f"{flag}=--force", "--out", str(tmp_path / "m.safetensors")]) == 2
        error = capsys.readouterr().err.strip()
        said = f"the option --force typed after {flag}= is read as its value: give --force apart, and {flag} a file"
        assert error == f"python -m training.fit: error: checkpoint not found: --force; {said}", error


def test_every_unknown_word_of_a_refusal_is_named(capsys) -> None:
    """`predict --presut --pen x --preset` said "did you mean --preset?; --preset is training.fit's …" alone: --pen
    (training.fit's too) unsaid, and which word the "did you mean" was of unsaid. Each flag meant is named once."""
    error = _refusal(capsys, ["predict", "--presut", "--pen", "x", "--preset"])
    assert error.endswith(
        "unrecognized arguments: --presut --pen --preset; --presut: did you mean --preset?; --preset is "
        "training.fit's, not predict's: python -m training.fit --preset …; --pen is training.fit's, not "
        "predict's: python -m training.fit --pen x …"
    ), error
    both = _refusal(capsys, ["predict", "--epochs", "3", "--sure", "0.9", "x.png"])
    assert both.endswith(
        "; --epochs is training.fit's, not predict's: python -m training.fit --epochs 3 …; --sure is evaluate's, "
        "not predict's: rowreader evaluate --sure 0.9 …"
    ), both
    _accepted_by_rowreader("rowreader evaluate --sure 0.9")
    parse_args(["--epochs", "3", "--pen", "0.3"])
    mistyped = _refusal(capsys, ["evaluate", "--jsn", "--lim=5"])  # each named as typed, its value left out
    assert mistyped.endswith("--jsn --lim=5; --jsn: did you mean --json?; --lim: did you mean --limit?"), mistyped


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_writes_a_log_a_line_per_update(tmp_path: Path, capsys) -> None:
    """`python -m training.fit … > log 2>&1` wrote each epoch's bar as one line of carriage returns, hundreds of
    updates in it (`cat -A log`: "^Mepoch 1:   0%|… ^Mepoch 1:   4%|…"): off a terminal each update is a line of its
    own, at most one each LOG_SECONDS; on a terminal the bar is drawn over itself as before."""
    from training.fit import main as fit_main
    from training.progress import progress_bar

    log, terminal = io.StringIO(), _Terminal()
    for stream in (log, terminal):
        with progress_bar(total=3, file=stream, mininterval=0, unit="step") as bar:
            for _ in range(3):
                bar.update(1)
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and len(lines) == 4, lines  # 0, 1, 2 and 3 of 3
    assert [line.split("|")[0] for line in lines] == ["  0%", " 33%", " 67%", "100%"], lines
    assert terminal.getvalue().count("\r") >= 4, terminal.getvalue()
    argv = [
        "--limit",
        "256",
        "--epochs",
        "1",
        "--hidden",
        "8",
        "--threads",
        "1",
        "--out",
        str(tmp_path / "m.safetensors"),
    ]
    assert fit_main(argv) == 0
    err = capsys.readouterr().err
    bar = [line for line in err.splitlines() if line.startswith("epoch 1:")]
    assert "\r" not in err and 1 <= len(bar) <= 3 and "| 256/256 [" in bar[-1], err


TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "16", "--threads", "1", "--epochs", "2"]


@pytest.mark.parametrize("past", ["history", "epoch"])
def test_a_state_past_its_own_run_is_damaged(tmp_path: Path, monkeypatch, capsys, past) -> None:
    """A run's training state at epoch 1 of 2, a row of its history edited to epoch 10**600, was resumed, and the
    row written back to the metrics CSV; its epoch edited so was "already finished all 2 epochs". No run saves a
    row past its state's epoch, nor an epoch past its recipe's: each is refused as damage, nothing written."""
    import torch

    import training.fit
    from training.fit import main as fit_main
    from training.state import state_path

    out = tmp_path / "m.safetensors"
    real, epochs = training.fit.train_epoch, []

    def stopped_in_the_second(run, data):
        epochs.append(run.epoch)
        if len(epochs) == 2:
            raise KeyboardInterrupt
        return real(run, data)

    with monkeypatch.context() as patched:
        patched.setattr(training.fit, "train_epoch", stopped_in_the_second)
        assert fit_main([*TINY, "--out", str(out)]) == 130
    saved = torch.load(state_path(out), weights_only=True)
    damage = {"history": [{**saved["history"][0], "epoch": 10**600}]} if past == "history" else {"epoch": 10**600}
    torch.save({**saved, **damage}, state_path(out))
    metrics = out.with_name("m.metrics.csv").read_bytes()
    capsys.readouterr()
    assert fit_main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"python -m training.fit: error: --resume: {state_path(out)} is damaged: "), err
    assert "0" * 600 not in err and out.with_name("m.metrics.csv").read_bytes() == metrics
