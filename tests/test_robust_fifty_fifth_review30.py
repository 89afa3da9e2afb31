"""The fifty-fifth round's review of the fifty-fourth's merges (area review30), each checked to fail on the code
before its fix."""

from __future__ import annotations

import subprocess


def test_predicts_pictures_named_like_training_flags_ask_training_once(monkeypatch, capsys) -> None:
    """rowreader asks a child (``python -m training.arguments``) whose a flag is, as it imports no training; the lead
    cached the answer per parser, but predict builds a parser for each picture not found, so `rowreader predict --
    --epochs --lr --finetune` started a child for each (0.7 s apiece: six such names took 4.3 s where one took 0.8).
    One child answers them all, and each still names training.fit's flag."""
    from rowreader.cli import main

    real, children = subprocess.run, []

    def counted(command, *args, **kwargs):
        children.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counted)
    names = ["--epochs", "--lr", "--finetune"]
    monkeypatch.setattr("sys.argv", ["rowreader", "predict", "--", *names])
    assert main(["predict", "--", *names]) == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == len(names), said
    for name, line in zip(names, said, strict=True):
        assert line.startswith(f"rowreader: error: {name}: no such file; the option {name} after -- is read"), line
        assert f"{name} is training.fit's, not predict's: python -m training.fit {name}" in line, line
    assert len([command for command in children if "training.arguments" in command]) <= 1, children
