"""The nineteenth round of hostile testing, the command lines: `rowreader` and training's commands used as a hostile
user would (a data folder that is no folder, ship's --also given what makes no stage, a torch CPU device with an
index, …)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import training.ship as ship
from rowreader.checkpoint import Checkpoint, load_checkpoint, load_pretrained, save_checkpoint
from rowreader.device import device_argument, resolve_device
from training.merge import main as merge_main

SEED = Path(__file__).resolve().parents[1] / "rowreader" / "pretrained" / "seed.safetensors"


def two_members(tmp_path: Path) -> list[str]:
    """Two readers of one shape (the seed model, and it with its output biases moved): merge refuses one twice."""
    seed = load_checkpoint(SEED)
    moved = {**seed.weights, "output.bias": seed.weights["output.bias"] + np.float32(0.01)}
    members = [tmp_path / "a.safetensors", tmp_path / "b.safetensors"]
    save_checkpoint(members[0], seed, {})
    save_checkpoint(members[1], Checkpoint(seed.config, moved), {})
    return [str(m) for m in members]


@pytest.mark.parametrize("data_dir", ["/dev/null", "empty", "a.safetensors"])
def test_merge_refuses_a_data_dir_it_cannot_read(data_dir, tmp_path, capsys, monkeypatch):
    """`training.merge A B --out X --data-dir /dev/null` (or a folder without MNIST, or a file) said "note: no MNIST
    test curve recorded", wrote X and exited 0: the curve asked for by name was quietly not made. Refused (status 2)
    before anything is written, naming --data-dir; without the flag a default folder lacking MNIST is still a note."""
    monkeypatch.chdir(tmp_path)
    members = two_members(tmp_path)
    (tmp_path / "empty").mkdir()
    if data_dir == "empty":
        assert merge_main([*members, "--out", "out/x.safetensors", "--data-dir", data_dir]) == 2
        err = capsys.readouterr().err
        assert "python -m training.merge: error: --data-dir: " in err and "leave --data-dir out" in err, err
    else:  # the forty-third round: a file given as the folder is refused as the command line is read
        with pytest.raises(SystemExit) as refused:
            merge_main([*members, "--out", "out/x.safetensors", "--data-dir", data_dir])
        err = capsys.readouterr().err
        assert refused.value.code == 2 and "training.merge: error: argument --data-dir: " in err, err
        assert ", not a folder" in err, err
    assert not (tmp_path / "out").exists()
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "empty"))
    assert merge_main([*members, "--out", "x.safetensors"]) == 0
    assert "note: no MNIST test curve recorded" in capsys.readouterr().out
    assert "test_accuracy" not in load_checkpoint(tmp_path / "x.safetensors").metadata


@pytest.mark.parametrize(
    ("also", "said"),
    [
        ("--help", "--also --help: --also's flags go to every stage's training.fit, whose --help lists them"),
        ("-h", "--also -h: "),
        ("--finetune base.safetensors --examples ex", "--also --finetune: ship trains the shipped model; a fine-tune"),
        ("--epochs x", "--also: the first stage's training.fit refuses it: argument --epochs: must be a whole number"),
        ("--distill-weight 0.5", "--also: the first stage's training.fit refuses it: --distill-weight only matters"),
    ],
)
def test_ship_refuses_what_also_cannot_give_a_stage_in_its_own_words(also, said, tmp_path, capsys, monkeypatch):
    """`ship --also=--help` printed training.fit's help and exited 0; `--also '--finetune …'` and any other flag
    training.fit refuses were refused in training.fit's words under its 25-line usage, a command not typed. Ship
    refuses them itself, one error line under its own usage, before any stage runs (a dry run too)."""
    monkeypatch.setattr("training.fit.main", lambda argv: pytest.fail("a stage ran"))
    with pytest.raises(SystemExit) as refused:
        ship.main(["--runs", str(tmp_path / "runs"), f"--also={also}"])
    out, err = capsys.readouterr()
    assert refused.value.code == 2 and out == "", out
    assert f"python -m training.ship: error: {said}" in err, err
    assert "usage: python -m training.ship" in err and "training.fit [-h]" not in err, err
    assert not (tmp_path / "runs").exists()


def test_a_torch_cpu_device_with_an_index_is_the_cpu():
    """`torch.device("cpu", 0)` (torch's own name for the CPU, `cpu:0`) was "unknown device 'cpu:0'"; torch ignores
    a CPU's index, and so does RowReader now, in the library and on the command line alike."""
    for device in (torch.device("cpu", 0), "cpu:0", "CPU:1"):
        assert resolve_device(device) == torch.device("cpu")
    assert device_argument("cpu:0") == "cpu:0"
    assert load_pretrained(device=torch.device("cpu", 0)).reader.output.weight.device == torch.device("cpu")


def test_a_variable_naming_a_file_is_named_in_the_error(tmp_path, monkeypatch, capsys):
    """`ROWREADER_DATA=notes.txt` (set long ago in a shell's profile) made `rowreader evaluate` say "notes.txt: is a
    file, not a folder", a name no command line held; so did $ROWREADER_UNIPEN for a run with pen digits. The error
    names the variable. A --data-dir given is named as typed, and a broken variable it overrides is not said in the
    place of its own error (a folder without MNIST was "$ROWREADER_DATA=~ann/x: … names no home folder")."""
    from rowreader.cli import main as rowreader_main
    from rowreader.unipen import unipen_file

    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    monkeypatch.setenv("ROWREADER_DATA", str(notes))
    monkeypatch.setenv("ROWREADER_UNIPEN", str(notes))
    assert rowreader_main(["evaluate", "--device", "cpu"]) == 1
    assert f"rowreader: error: $ROWREADER_DATA={notes}: is a file, not a folder" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match=r"not found: \$ROWREADER_UNIPEN=.*notes.txt is a file, not a folder"):
        unipen_file()
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        rowreader_main(["evaluate", "--device", "cpu", "--data-dir", str(notes)])
    assert refused.value.code == 2
    assert f"rowreader evaluate: error: argument --data-dir: {notes} is a file, not a folder" in capsys.readouterr().err
    monkeypatch.setenv("ROWREADER_DATA", "~no_such_user_here/mnist")
    assert rowreader_main(["evaluate", "--device", "cpu", "--data-dir", str(tmp_path)]) == 1
    assert f"MNIST files not found in {tmp_path}: t10k-images" in capsys.readouterr().err


def test_every_option_of_every_command_says_its_default_or_that_it_is_required():
    """The docs say every --help states each option's default, and a test held every option that takes a value to
    it, not a flag: `training.ship --dry-run`, `training.merge --force`, nine of the benchmarks' and the screenshot
    tools' flags said nothing of being off unless given (`rowreader`'s and training.fit's say "default: off"), and
    `merge --out`, `unipen_convert --out` nothing of being required."""
    import argparse

    from test_readme import COMMANDS, parser_of

    silent = []
    for command in sorted({name for name, _, _ in COMMANDS}):
        parser = parser_of(command)
        for action in parser._actions:
            if not action.option_strings or isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            text = parser.formatter_class(prog=parser.prog)._get_help_string(action) or ""
            if "default" not in text and "required" not in text:
                silent.append(f"{command} {action.option_strings[-1]}")
    assert not silent, silent


def test_the_converter_says_its_source_is_a_file_or_nothing(tmp_path, capsys):
    """`training.unipen_convert notes.txt --out DIR` and a mistyped source folder were both "… is not a checkout of
    GreenCappuccino/train_r01_v07: it needs data/1a/ and include/", as if a folder were there to look inside."""
    from training.unipen_convert import main as convert_main

    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        convert_main([str(notes), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and f"argument SOURCE_DIR: {notes} is a file, not a folder" in err, err
    assert convert_main([str(tmp_path / "typo"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "typo: no such folder;" in err and "not a checkout" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_training_output_on_a_full_disk_names_the_command_and_its_status_is_in_help():
    """`python -m training.merge --help > /dev/full` (and training.fit's, ship's, a benchmark's) said a bare
    "error: cannot write the output", where every other error line names its command, and ended with status 1,
    which training's --help never named (2 is its "output that cannot be used"). The line names the command, and
    every training command's --help gives status 1 for what it prints being lost."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "training.merge", "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(repo)},
            cwd=repo,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr == "python -m training.merge: error: cannot write the output: No space left on device\n"
    from training.interrupt import exit_status_help

    assert "1 when it stops as what it prints cannot be written" in exit_status_help()
