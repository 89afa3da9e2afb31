"""The fifty-fifth round's review of the fifty-fourth's merges (area review30), each checked to fail on the code
before its fix."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QPoint

from gui import models_menu
from gui.models_menu import STILL_READING
from rowreader.checkpoint import pretrained_path


def test_predicts_pictures_named_like_training_flags_ask_training_once(monkeypatch, capsys) -> None:
    """rowreader asks a child (``python -m training.flag_table``) whose a flag is, as it imports no training; the lead
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
    assert len([command for command in children if "training.flag_table" in command]) <= 1, children


@pytest.mark.parametrize("words", [["digit.png"], ["--json", "seven.jpg"]])
def test_a_picture_named_without_predict_is_told_without_asking_training(monkeypatch, capsys, words) -> None:
    """`rowreader digit.png`, the newcomer's slip the README answers, asked training's child whether "digit.png" was
    a training command (`rowreader fit` is told it is training's) before it said to name predict: 3.0 s where the
    same refusal without the child took 1.5 (a load of 7.5), up to its 60-s timeout where training is slow to
    import. A word with a suffix is no training command: the picture's hint comes without the child."""
    from rowreader.cli import main
    from rowreader.launch import _commands_in_child

    _commands_in_child.cache_clear()  # asked here, not answered by an earlier test's child
    real, children = subprocess.run, []

    def counted(command, *args, **kwargs):
        children.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counted)
    monkeypatch.setattr("sys.argv", ["rowreader", *words])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.endswith(f"to read a picture, name the command first: rowreader predict {' '.join(words)}"), error
    assert children == []


@pytest.mark.parametrize("child", ["/nonexistent/python", "/bin/false", "/bin/echo"])
def test_a_refusal_is_said_whole_where_training_cannot_tell_whose_a_flag_is(monkeypatch, capsys, child) -> None:
    """Where the child that lists training's flags cannot run, fails or answers no JSON, the refusal is said as it
    would be without the hint, no traceback: that path ("nothing where the child cannot tell") was reached by no
    test, and made to raise, every test of the hints passed."""
    from rowreader.cli import main
    from rowreader.launch import _commands_in_child

    monkeypatch.setattr("sys.executable", child)
    monkeypatch.setattr("sys.argv", ["rowreader", "predict", "--epochs", "3", "x.png"])
    _commands_in_child.cache_clear()
    try:
        with pytest.raises(SystemExit) as ended:
            main(["predict", "--epochs", "3", "x.png"])
    finally:
        _commands_in_child.cache_clear()  # the next test's child answers anew
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == "rowreader predict: error: unrecognized arguments: --epochs", error  # 3 taken for a picture


def test_a_look_begun_by_the_last_opening_is_looked_at_again_when_it_ends_in_this_one(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The lead mended a Models menu that showed a model written over since with its old note (a look begun by the
    menu's last opening, ended while this one was open, taken for fresh: speed3's test, failed in the clean-clone
    CI), but no test held it: made to show such a look as fresh, every test of the menu passed. Here the look of
    the first opening reads the model, then is held till the menu has closed, the model has been emptied and the
    menu opened again: what it ends with is not shown as fresh, the files are looked at once more."""
    user = tmp_path / "user"
    model = user / "models" / "mine-20261206-050000-abcd.safetensors"
    model.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pretrained_path(), model)  # there as the window starts: a row the open menu has (menu6)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    menu = window.teaching.models_menu
    qtbot.waitUntil(lambda: not menu._looking, timeout=20_000)
    look, read, release = models_menu.ModelsMenu._look_now, threading.Event(), threading.Event()

    def held_once(self, asked):  # the files read, then held: a slow mount, a busy machine
        found = look(self, asked)
        if not read.is_set():
            read.set()
            release.wait(20)
        return found

    monkeypatch.setattr(models_menu.ModelsMenu, "_look_now", held_once)
    menu.popup(QPoint(0, 0))
    try:
        assert read.wait(20)
        menu.hide()
        model.write_bytes(b"")  # written over since that look read it
        menu.popup(QPoint(0, 0))
        assert menu.actions()[0].text() == STILL_READING  # the first look still under way
        release.set()
        qtbot.waitUntil(lambda: STILL_READING not in [a.text() for a in menu.actions()], timeout=20_000)
        listed = [a.text() for a in menu.actions() if a.toolTip() == str(model)]
    finally:
        release.set()
        menu.hide()
    assert listed == ["Yours: mine-20261206-050000-abcd (not a model: an empty file)"], listed
