"""The fifty-first round of hostile testing, window7: this round's merged changes met in a real window as a user meets
them (Xvfb 1600x1000 and 1280x720, ``QT_SCALE_FACTOR=2``, openbox, xdotool, screenshots looked at): photos of digits
on ruled, squared, dashed and grey-ruled paper opened and pasted, the chart in the light and dark schemes, two models
of one file name opened and compared, the teach dialog at 200 %; each defect is reproduced here offscreen with
pytest-qt, and each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import open_teach_dialog, two_of_one_name
from test_gui_teach import done_at_once
from test_robust_fiftieth_review17 import opened_model

from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path


def test_the_teach_dialog_tells_apart_a_model_of_a_shared_file_name(qtbot, tmp_path: Path, mnist_test, monkeypatch):
    """With two opened models of one file name (``digits/runs/rowreader.safetensors`` and ``letters/runs/…``), told
    apart in the Models menu, the status bar and the chart, the teach dialog said "Starting from
    rowreader.safetensors, the model in use" and, done, "taught from rowreader.safetensors": which of the two was
    taught, only the menu's tooltip could say (seen so at 200 % in the real window). It names it as the menu does."""
    monkeypatch.setattr(TeachProcess, "start", done_at_once)
    window, _, second = two_of_one_name(qtbot, tmp_path)
    assert window.session.checkpoint.path == second
    dialog, _ = open_teach_dialog(qtbot, window, mnist_test, per_digit=2)
    assert "Starting from letters/runs/rowreader.safetensors, the model in use" in dialog.status.text()
    out = window.teaching.process.run.out
    qtbot.waitUntil(lambda: window.session.checkpoint.path == out, timeout=20_000)
    assert "taught from letters/runs/rowreader.safetensors" in dialog.status.text(), dialog.status.text()
    dialog.close()


def test_comparing_with_the_model_in_use_says_which_of_two_of_one_name(qtbot, tmp_path: Path) -> None:
    """Reading ``letters/runs/rowreader.safetensors`` beside an opened ``digits/runs/rowreader.safetensors``, Compare
    with… the one in use said "Loading rowreader.safetensors to compare…", then "rowreader.safetensors is the model in
    use: choose another": a user who meant the other could not tell which had been chosen. Both name it as the Models
    menu does."""
    window, _, second = two_of_one_name(qtbot, tmp_path)
    window.compare_with(second)
    assert window.statusBar().currentMessage() == "Loading letters/runs/rowreader.safetensors to compare…"
    said = "letters/runs/rowreader.safetensors is the model in use: choose another to compare with it"
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage(), timeout=20_000)
    assert window.comparison is None


def test_about_names_a_model_of_a_shared_file_name_as_the_menu_does(qtbot, tmp_path: Path) -> None:
    """Help ▸ About said "Model in use: rowreader.safetensors" (its comment: "named as the status bar and the Models
    menu name it", which said ``letters/runs/rowreader.safetensors``), and of a model taught from one of two opened
    models of one file name "Taught from rowreader.safetensors", which no other line told apart. Both are now named
    as the menu names them."""
    from gui.about import model_lines

    window, _, second = two_of_one_name(qtbot, tmp_path)
    assert model_lines(window)[0].startswith("Model in use: letters/runs/rowreader.safetensors ("), model_lines(window)
    taught = tmp_path / "mine.safetensors"
    shutil.copyfile(pretrained_path(), taught)
    opened_model(qtbot, window, taught)
    # what a taught model's file records of the model it was taught from (training.finetune writes it)
    window.session.checkpoint.metadata = {"finetuned_from": {"path": str(second)}}
    assert "Taught from letters/runs/rowreader.safetensors" in model_lines(window), model_lines(window)
