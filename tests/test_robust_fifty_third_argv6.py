"""The fifty-third round's command-line refusals (area argv6), each checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from rowreader.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from rowreader.cli import main
from rowreader.model import ReaderConfig
from rowreader.network import RowReader


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["predict", "--sure", "0.9", "x.png"], "--sure is evaluate's, not predict's: rowreader evaluate --sure 0.9 …"),
        (["predict", "--limit=5", "x.png"], "--limit is evaluate's, not predict's: rowreader evaluate --limit 5 …"),
        (["evaluate", "--ink", "dark"], "--ink is predict's, not evaluate's: rowreader predict --ink dark …"),
        (["download", "--json"], "--json is predict's and evaluate's, not download's: rowreader predict --json …"),
        (
            ["predict", "--Sure", "0.9", "x.png"],
            "did you mean --sure?; --sure is evaluate's, not predict's: rowreader evaluate --sure 0.9 …",
        ),
    ],
)
def test_a_flag_of_another_command_names_the_command_it_is_of(words, said, capsys, monkeypatch) -> None:
    """`predict --sure 0.9` was argparse's "unrecognized arguments: --sure" alone, the flag evaluate's."""
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("\u2014sure", "did you mean --sure? (it begins \u2014 (em dash), not two hyphens --)"),
        ("\u2013-sure", "did you mean --sure? (it begins \u2013- (en dash, hyphen-minus), not two hyphens --)"),
        ("-sure", "did you mean --sure? (it begins - (hyphen-minus), not two hyphens --)"),
        ("--sure\u00a0", "did you mean --sure? (it has a blank around it (no-break space))"),
    ],
)
def test_a_flag_pasted_askew_is_named_with_how_it_differs(word, said, capsys, monkeypatch) -> None:
    """`—sure` (an em dash a web page wrote), `-sure` and `--sure` with a no-break space after it were only
    "unrecognized arguments", the difference unseen; `--json ` was told "did you mean --json?", as typed."""
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    with pytest.raises(SystemExit) as ended:
        main(["evaluate", word, "0.9"])
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


def _reader(path: Path, seed: int) -> None:
    config = ReaderConfig(input_size=28, hidden_size=8)
    save_checkpoint(path, Checkpoint.from_reader(RowReader(config).initialise(torch.Generator().manual_seed(seed))))


@pytest.mark.parametrize("mnist", [True, False])
def test_a_merge_whose_output_cannot_be_written_says_what_it_wrote(mnist, tmp_path: Path, request) -> None:
    """`training.merge … > /dev/full` wrote the model and said "cannot write the output" alone, read as a failed
    merge; without MNIST its note's write failed first, "error: [Errno 28] No space left on device", status 2."""
    _reader(tmp_path / "a.safetensors", 0)
    _reader(tmp_path / "b.safetensors", 1)
    out = tmp_path / "m.safetensors"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1]), "HOME": str(tmp_path)}
    if mnist:
        request.getfixturevalue("mnist_test")  # there, or the test fails saying where it looked
    env["ROWREADER_DATA"] = os.environ["ROWREADER_DATA"] if mnist else str(tmp_path / "none")
    command = [sys.executable, "-m", "training.merge", "a.safetensors", "b.safetensors", "--out", out.name]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, cwd=tmp_path, env=env, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1, done.stderr
    if mnist:  # written, then the report lost
        assert done.stderr.endswith("; the merge is complete: the merged model is written whole, in m.safetensors\n")
        assert load_checkpoint(out).config.hidden_size == 16
    else:  # the note before the work lost: nothing written
        assert "cannot write the output: No space left on device; nothing was written to m.safetensors" in done.stderr
        assert not out.exists()


@pytest.mark.parametrize(
    ("module", "words", "said"),
    [
        ("merge", ["a", "b", "--out", "m.safetensors", "--epochs", "3"], "--epochs is training.fit's, not "
         "training.merge's: python -m training.fit --epochs 3 …"),
        ("ship", ["--dry-run", "--epochs", "3"], "--epochs is training.fit's, not training.ship's: python -m "
         "training.ship --also '--epochs 3' …"),
        ("fit", ["--dry-run"], "--dry-run is training.ship's, not training.fit's: python -m training.ship --dry-run …"),
        ("merge", ["a", "b", "--out", "m.safetensors", "\u2014force"], "did you mean --force? (it begins \u2014 (em "
         "dash), not two hyphens --)"),
    ],
)  # fmt: skip
def test_a_flag_of_another_training_command_names_the_command_it_is_of(module, words, said, capsys) -> None:
    """`training.merge … --epochs 3` and `training.ship --epochs 3` were only "unrecognized arguments: --epochs 3"
    (ship takes a stage's flags in --also), `training.fit --dry-run` only "unrecognized arguments: --dry-run"."""
    import training.arguments
    import training.merge
    import training.ship

    parse = {"merge": training.merge.main, "ship": training.ship.parse_args, "fit": training.arguments.parse_args}
    with pytest.raises(SystemExit) as ended:
        parse[module](words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["\u2014json"], "\u2014json: no such file; did you mean the option --json? (it begins \u2014 (em dash), not "
         "two hyphens --)"),
        (["--", "--json"], "--json: no such file; the option --json after -- is read as a file's name: put it "
         "before --"),
    ],
)  # fmt: skip
def test_an_option_read_as_a_pictures_name_is_said(words, said, tmp_path: Path, capsys, monkeypatch) -> None:
    """`predict —json x.png` and `predict -- --json x.png` were "—json: no such file" alone, the option meant."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    assert main(["predict", *words]) == 1
    assert capsys.readouterr().err.rstrip().endswith(said)
