"""The fifty-fourth round's command lines as a hostile user (area cli8), each checked to fail on the code before
its fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rowreader.cli import main
from rowreader.launch import _commands_in_child
from training.arguments import parse_args


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["predict", "--epochs", "3", "x.png"], "--epochs is training.fit's, not predict's: python -m training.fit "
         "--epochs 3 …"),
        (["evaluate", "--examples", "mine"], "--examples is training.fit's, not evaluate's: python -m training.fit "
         "--examples mine …"),
        (["download", "--Pen-Dir=u"], "did you mean --pen-dir?; --pen-dir is training.fit's and training.ship's, "
         "not download's: python -m training.fit --pen-dir u …"),
    ],
)  # fmt: skip
def test_a_training_flag_given_to_rowreader_names_the_training_command(words, said, capsys, monkeypatch) -> None:
    """`rowreader predict --epochs 3 x.png` was "unrecognized arguments: --epochs" alone: rowreader's commands knew
    one another's flags, never training's (rowreader imports no training, so they are asked of a child process)."""
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


def test_the_training_flags_are_never_asked_of_a_training_folder_where_it_runs(tmp_path: Path, capsys, monkeypatch):
    """The child that lists training's flags runs the training beside rowreader: `python -m` looks in the folder it
    runs in first, and a training/ of the user's own there (their project's) would have been run."""
    ran = tmp_path / "ran"
    (tmp_path / "training").mkdir()
    for name in ("__init__.py", "flag_table.py"):
        (tmp_path / "training" / name).write_text(f"open({str(ran)!r}, 'w').close()\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    _commands_in_child.cache_clear()  # asked here, not answered by an earlier test's child
    with pytest.raises(SystemExit):
        main(["predict", "--epochs", "3", "x.png"])
    assert "--epochs is training.fit's" in capsys.readouterr().err
    assert not ran.exists()


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--sure", "0.9"], "--sure is rowreader evaluate's, not training.fit's: rowreader evaluate --sure 0.9 …"),
        (["--ink=dark"], "--ink is rowreader predict's, not training.fit's: rowreader predict --ink dark …"),
    ],
)
def test_a_rowreader_flag_given_to_training_names_the_rowreader_command(words, said, capsys) -> None:
    """`python -m training.fit --sure 0.9` was "unrecognized arguments: --sure 0.9" alone, the flag evaluate's."""
    with pytest.raises(SystemExit) as ended:
        parse_args(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


def test_another_commands_flag_after_dashes_says_both_why_and_whose(tmp_path: Path, capsys, monkeypatch) -> None:
    """`rowreader predict x.png -- --sure` said "--sure: no such file" alone: true (after -- it is a name), but
    predict's own flag there was told to go before --, and evaluate's was not named at all."""
    from PIL import Image

    picture = tmp_path / "x.png"
    Image.new("L", (28, 28)).save(picture)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    assert main(["predict", "x.png", "--", "--sure"]) == 1
    said = capsys.readouterr().err
    assert (
        "--sure: no such file; the option --sure after -- is read as a file's name, and --sure is evaluate's, not "
        "predict's: rowreader evaluate --sure …" in said
    )


def _state(**changed: object) -> dict:
    """A training state's fields, as :func:`training.state.state_bytes` saves them, whole but for ``changed``."""
    import torch

    row = {"epoch": 1, "step": 8, "seconds": "0.1", "loss": "2.3", "lr": "0.001", "train_accuracy": "0.1"}
    fields = {
        "model": {"w": torch.zeros(2)},
        "optimizer": {},
        "scheduler": {},
        "cpu_rng": torch.zeros(4, dtype=torch.uint8),
        "aug_rng": torch.zeros(4, dtype=torch.uint8),
        "epoch": 1,
        "step": 8,
        "best": 0.5,
        "elapsed": 1.0,
        "train_seconds": 1.0,
        "config": {},
        "history": [row],
    }
    return {**fields, **changed}


@pytest.mark.parametrize(
    ("changed", "said"),
    [
        ({"epoch": 10**5000}, "a whole number longer than a training state holds"),
        ({"config": {"seed": 10**5000}}, "a whole number longer than a training state holds"),
        ({"best": __import__("fractions").Fraction(1, 2)}, "Python's fractions.Fraction"),  # a class's, named
    ],
)
def test_a_state_holding_what_torch_will_not_read_is_refused_in_words(tmp_path: Path, changed, said) -> None:
    """A hand-built state holding a whole number of over 4,300 digits (a seed "as long as you like") was refused
    in torch's paragraph: "Weights only load failed … Re-running `torch.load` with `weights_only` set to `False`
    will likely succeed, but it can result in arbitrary code execution … Unsupported operand 139", advice to run
    what a file holds; a class's object likewise ("use torch.serialization.add_safe_globals")."""
    import torch

    from training.state import load_state

    path = tmp_path / "m.state.pt"
    torch.save(_state(**changed), path)
    with pytest.raises(ValueError) as refused:
        load_state(path)
    message = str(refused.value)
    assert f"--resume: {path} is not a readable training state: it holds {said}" in message
    assert "weights_only" not in message and "safe_globals" not in message and "\n" not in message


def test_the_readmes_unipen_test_names_a_rebuilt_folder_as_one(tmp_path: Path, monkeypatch, capsys) -> None:
    """A UNIPEN folder rebuilt by the README's converter holds no README.md and another checksum (the 17 segments
    dropped by eye are kept). test_readme's check of the README against the folder said "the UNIPEN folder is needed
    by this test; not found at DIR", of a folder right there. It cannot pass (the published folder's README is what
    docs/unipen1a-data.md copies, and no rebuild has one), so it fails saying so, once all else is checked."""
    from tests.test_readme import test_what_the_readme_says_of_the_unipen_data_is_what_its_own_readme_says as check
    from tests.test_training_unipen_convert import PEN_DATA, label_file, release
    from training.unipen_convert import main as convert

    files = {
        "data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1", "3 3"),
        "include/xyz/data/anna.dat": PEN_DATA,
    }
    assert convert([str(release(tmp_path / "src", files)), "--out", str(tmp_path / "rebuilt")]) == 0
    capsys.readouterr()
    monkeypatch.setenv("ROWREADER_UNIPEN", str(tmp_path / "rebuilt"))
    with pytest.raises(pytest.fail.Exception) as failed:
        check()
    said = str(failed.value)
    assert f"the UNIPEN folder at {tmp_path / 'rebuilt'} is a rebuild" in said and "not found" not in said


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["fit", "--epochs", "3"], "fit is no command of rowreader's but training's own: python -m training.fit "
         "--epochs 3"),
        (["merge", "a b.safetensors"], "merge is no command of rowreader's but training's own: python -m "
         "training.merge 'a b.safetensors'"),
    ],
)  # fmt: skip
def test_a_training_command_given_to_rowreader_names_how_it_runs(words, said, capsys, monkeypatch) -> None:
    """`rowreader fit --epochs 3` (its console script is rowreader-fit) was "invalid choice: 'fit' (choose from
    'predict', 'evaluate', 'download')" alone."""
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


def test_a_rowreader_command_given_to_training_fit_names_how_it_runs(capsys) -> None:
    """`python -m training.fit evaluate --limit 5` was "unrecognized arguments: evaluate" alone."""
    with pytest.raises(SystemExit) as ended:
        parse_args(["evaluate", "--limit", "5"])
    assert ended.value.code == 2
    said = capsys.readouterr().err.rstrip()
    assert said.endswith("evaluate is a command of rowreader's, not training.fit's: rowreader evaluate --limit 5")
