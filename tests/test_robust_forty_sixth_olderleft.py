"""The forty-sixth round of hostile testing, olderleft: the older leftovers of earlier rounds (a teach's newest
pictures dated in the future, its cap of 100 a digit no command line could change, a teach again, Qt's settings
temporaries after a kill), each reproduced and decided; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import time

import pytest
from gui_window import keep_examples, open_shipped_window, start_teaching
from test_robust_forty_second_scale import FAST, examples_kept

from gui.teach_process import TeachProcess
from rowreader import save_checkpoint
from rowreader.checkpoint import load_checkpoint, pretrained_path, read_metadata
from rowreader.example_folder import newest_first
from rowreader.example_store import ExampleStore
from training.fit import main as fit_main


def test_a_command_line_teach_takes_how_many_of_each_digit_it_learns_from(tmp_path, tiny_base, capsys):
    """A teach learns from the newest 100 drawings of each digit, a constant no flag could change: a researcher
    teaching a folder of thousands from the command line could not teach them all, nor fewer. ``--newest N`` (1 to
    100,000, said in its help) sets it; the model records it and the warning names it."""
    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {4: 3, 7: 2})
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *FAST, "--folds", "0"]
    assert fit_main([*argv, "--newest", "2"]) == 0
    said = capsys.readouterr()
    examples = read_metadata(out)["examples"]
    assert set(examples["files"]) == {f"4/{p.name}" for p in kept[4][-2:]} | {f"7/{p.name}" for p in kept[7]}
    assert examples["newest_per_digit"] == 2 and examples["left_out"] == 1
    assert "taught the newest 2 of each digit: 1 older example left out" in said.err


@pytest.mark.parametrize("given", ["0", "100001", "-3", "all"])
def test_newest_out_of_its_range_is_refused_before_anything_is_read(tmp_path, tiny_base, capsys, given):
    """``--newest`` outside 1–100,000 (or not a number) is a refused command line, status 2, saying the range;
    nothing is read or written."""
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(tiny_base), "--examples", str(tmp_path / "none"), "--out", str(out)]
    with pytest.raises(SystemExit) as stopped:
        fit_main([*argv, "--newest", given])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--newest" in err and ("1 to 100,000" in err or "whole number" in err)
    assert not out.exists()


def test_newest_is_said_in_the_help_and_refused_on_a_training_run(capsys):
    """The help states ``--newest``'s range and default; a training run, which reads no examples, refuses it as it
    refuses ``--folds``."""
    with pytest.raises(SystemExit):
        fit_main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--newest N" in help_text and "1–100,000" in help_text and "default: 100" in help_text
    with pytest.raises(SystemExit) as stopped:
        fit_main(["--newest", "5"])
    assert stopped.value.code == 2
    assert "--newest only matters with --finetune" in capsys.readouterr().err


def test_a_teach_says_which_model_it_starts_from_and_a_second_builds_on_the_first(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """A teach fine-tunes the model in use, so Ctrl+T pressed again after a teach teaches the taught model, not the
    shipped one: nothing in its dialog said which model it started from (only "loading the model", and "Done: now
    reading with mine-….safetensors"), so a person could not tell a second teach built on the first. The dialog
    names it as it starts and at its end: "Starting from the shipped model, the model in use", "taught from …"."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # it runs until the test says it ended
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=3)
    names = []
    for _ in range(2):
        dialog = start_teaching(window, qtbot)
        names.append(dialog.status.text())
        out = teaching.process.run.out
        out.parent.mkdir(parents=True, exist_ok=True)
        save_checkpoint(out, load_checkpoint(pretrained_path()), {"examples": {"count": 30, "files": []}})
        teaching.process.succeeded.emit(out)  # the teach ends
        qtbot.waitUntil(lambda out=out: teaching.taught_model == out and not window.tasks.busy, timeout=20_000)
        names.append(dialog.status.text())
    first = names[1].split("now reading with ")[1].split(",")[0]
    assert names[0].startswith("Starting from the shipped model, the model in use:")
    assert "taught from the shipped model (Models menu to switch)." in names[1]
    assert names[2].startswith(f"Starting from {first}, the model in use:")
    assert f", taught from {first} (Models menu to switch)." in names[3]


def test_a_picture_written_while_the_clock_was_ahead_is_not_the_newest_for_ever(tmp_path):
    """A teach's newest pictures are by their files' times, no later than when each came to this disk (its change
    time): a picture dated forward by a camera or a copy is taken as new when it came. One written while the
    clock itself ran ahead (set to 2031 by mistake, then put right; a network disk whose server's clock is ahead)
    has both times ahead of now, and stayed the newest at every teach until that date came, before every example
    kept since. A time more than a day ahead of now is no time: such a picture is ranked after those whose time
    is known (among themselves by name, which begins with when it was kept). ``now_ns`` is the clock's reading;
    here it reads two days behind the disk's, as after the clock was put right."""
    store = ExampleStore(tmp_path / "examples")
    older, ahead = examples_kept(store, {3: 2})[3]
    ahead.write_bytes(ahead.read_bytes())  # written now: its change time is the disk's now
    day = 86_400 * 10**9
    behind = time.time_ns() - 2 * day  # the clock as it reads once put right: two days behind that write
    os.utime(older, ns=(behind - day, behind - day))  # kept before, by the clock put right
    assert newest_first([older, ahead], now_ns=behind) == [older, ahead]
    assert newest_first([older, ahead]) == [ahead, older]  # by today's clock both are in the past: the later first


def test_a_model_of_a_long_name_taught_keeps_the_teach_dialog_within_its_screen(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """The model a teach starts from, named in its dialog (above), may be any file a person opened: one named with
    190 letters unbroken made the dialog as wide as that word (2,203 px at 200 %, on a screen of 800). It is shortened
    in its middle there, as the dialog's other file names are."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # it runs until the test says it ended
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=3)
    base = tmp_path / ("m" * 180 + ".safetensors")
    base.write_bytes(pretrained_path().read_bytes())
    window.open_model(base)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == base and not window.tasks.busy, timeout=20_000)
    dialog = start_teaching(window, qtbot)
    room = dialog.screen().availableGeometry().width()
    assert "m" * 180 not in dialog.status.text() and dialog.minimumSizeHint().width() < room
    out = teaching.process.run.out
    out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(out, load_checkpoint(pretrained_path()), {"examples": {"count": 30, "files": []}})
    teaching.process.succeeded.emit(out)  # the teach ends
    qtbot.waitUntil(lambda: teaching.taught_model == out and not window.tasks.busy, timeout=20_000)
    assert ", taught from mmm" in dialog.status.text() and dialog.minimumSizeHint().width() < room
