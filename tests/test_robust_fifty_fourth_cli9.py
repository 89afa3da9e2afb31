"""The fifty-fourth round's command lines (area cli9): the twins review29, cli8 and hypo8 left, each checked to fail
on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import constant_reader

from rowreader.checkpoint import save_checkpoint

ASKEW = "; did you mean the option --force? (it begins — (em dash), not two hyphens --)"


def _reader(folder: Path) -> str:
    """A small model file of its own, for a flag that reads one."""
    path = folder / "a.safetensors"
    save_checkpoint(path, constant_reader([0.1] * 10))
    return str(path)


@pytest.mark.parametrize("flag", ["--distill-from", "--start-from"])
def test_cli9_fit_names_the_option_a_checkpoint_not_found_is(tmp_path: Path, monkeypatch, capsys, flag) -> None:
    """review29 told `training.merge … b.safetensors —force` (an em dash pasted from a web page) the option meant,
    but its twins in training.fit, `--distill-from a.safetensors —force` and `--start-from —force`, still said
    "checkpoint not found: —force" alone."""
    from training.fit import main

    monkeypatch.chdir(tmp_path)
    given = [_reader(tmp_path), "—force"] if flag == "--distill-from" else ["—force"]
    assert main([flag, *given, "--out", str(tmp_path / "m.safetensors")]) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"python -m training.fit: error: checkpoint not found: —force{ASKEW}", error


def test_cli9_merge_names_an_askew_option_typed_first(tmp_path: Path, monkeypatch, capsys) -> None:
    """`training.merge —force --out m.safetensors a b`, the askew flag first, was argparse's "unrecognized arguments:
    a b" alone: —force had been taken for the one CHECKPOINT, and a b were left over."""
    from training.merge import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ended:
        main(["—force", "--out", "m.safetensors", "a", "b"])
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    said = "unrecognized arguments: a b; —force was read as a name, not an option: did you mean --force? (it"
    assert error == f"python -m training.merge: error: {said} begins — (em dash), not two hyphens --)", error


@pytest.mark.parametrize(
    ("words", "hint"),
    [
        (
            ["finetune"],
            "finetune is no command of rowreader's; --finetune is training.fit's, not rowreader's: "
            "python -m training.fit --finetune …",
        ),
        (["--epochs", "3"], "--epochs is training.fit's, not rowreader's: python -m training.fit --epochs 3 …"),
    ],
)
def test_cli9_rowreader_names_the_command_of_a_flag_given_for_a_command(monkeypatch, capsys, words, hint) -> None:
    """`rowreader finetune` and `rowreader --epochs 3` were argparse's "invalid choice: 'finetune'" ('3') alone,
    where `rowreader fit` and `rowreader predict --epochs 3` named the command meant."""
    from rowreader.cli import main

    monkeypatch.setattr("sys.argv", ["rowreader", *words])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("rowreader: error: argument COMMAND: invalid choice: "), error
    assert error.endswith(f"(choose from 'predict', 'evaluate', 'download'); {hint}"), error


@pytest.mark.parametrize("words", [["--epochs", "3"], ["--out", "d", "--epochs", "3", "src"]])
def test_cli9_unipen_convert_names_the_command_of_a_flag_of_fits(tmp_path: Path, monkeypatch, capsys, words) -> None:
    """`python -m training.unipen_convert --epochs 3` said "the following arguments are required: --out" alone,
    and with its --out and folder "unrecognized arguments: --epochs src", where training's other commands name
    training.fit's --epochs."""
    from training.unipen_convert import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("python -m training.unipen_convert: error: "), error
    assert error.endswith(
        "; --epochs is training.fit's, not training.unipen_convert's: python -m training.fit --epochs 3 …"
    ), error


def test_cli9_unipen_convert_names_the_option_a_source_not_found_is(tmp_path: Path, monkeypatch, capsys) -> None:
    """Merge's twin in training.unipen_convert: `--out d —force` (an em dash pasted) said "—force: no such folder;
    give the folder of a checkout of the release" alone, the option meant unsaid."""
    from training.unipen_convert import main

    monkeypatch.chdir(tmp_path)
    assert main(["--out", "d", "—force"]) == 2
    error = capsys.readouterr().err.strip()
    said = "—force: no such folder; give the folder of a checkout of the release"
    assert error == f"python -m training.unipen_convert: error: {said}{ASKEW}", error
    assert not (tmp_path / "d").exists()  # nothing made of --out
