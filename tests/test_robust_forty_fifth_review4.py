"""The forty-fifth round of hostile testing, review4: a hostile review of this round's last merges (polish, dock,
scale2: the words for copies set aside, a model's name mid-sentence, the maps docked beside, the work moved off the
window's thread), each defect fixed; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

import numpy as np
import pytest
from gui_window import (
    keep_examples,
    open_shipped_window,
    reading_a_copy_of_the_shipped_model,
    settled,
    start_teaching,
    unfinished_teaches,
)
from PySide6.QtCore import QSettings, Qt
from test_robust_forty_fifth_dock import WIDE_ENOUGH, on_screen, window_on_screen

from gui.taught_models import models_dir
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path

REPO = Path(__file__).resolve().parents[1]


def test_a_teach_killed_with_copies_kept_is_not_said_to_have_left_older_ones_out(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """The note of a teach cut short counted copies among the older examples left out: 20 different drawings and 5
    copies of one 3 kept, the app killed mid-teach, the next start said "The last teaching … on the newest 20 of your
    25 examples did not finish", where the dialog says "20 drawings of your 25 examples (5 copies set aside)" and
    nothing was left out for being older. The note holds the copies, and says them as the dialog does
    (``examples_named``, one definition)."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # killed before it said anything
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store = window.teaching.store
    keep_examples(store, mnist_test, per_digit=2)
    images, labels = mnist_test
    three = np.kron(255 - images[np.flatnonzero(labels == 3)[0]], np.ones((10, 10), np.uint8))
    for _ in range(5):  # the first 3 kept again, five times: copies of one drawing
        store.add(3, three)
    start_teaching(window, qtbot)
    window.teaching.record._lock.close()  # the app killed: the OS frees its lock, the note stays
    (said,) = unfinished_teaches(models_dir(tmp_path / "user"))
    assert " on 20 drawings of your 25 examples (5 copies set aside) did not finish" in said, said
    assert "newest" not in said, said


def test_a_remembered_model_gone_is_named_on_one_line_as_every_model_is(qtbot, tmp_path):
    """The start's "The last model used, <name>, is gone: reading with the shipped model" named the settings' model
    by its raw file name, where every other sentence naming a model shows it as ``model_name`` and ``readable`` do: a
    name holding a right-to-left mark (U+202E) turned the rest of the line around, one holding a tab or a newline
    broke it. Now its control characters are escaped, as in every other name shown."""
    from gui_window import started_from_settings

    gone = tmp_path / "mine\u202egnp.safetensors"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("model/path", str(gone))
    window = started_from_settings(qtbot, settings, tmp_path / "user")
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()
    assert said.startswith("The last model used, mine\\u202egnp.safetensors, is gone"), said
    assert "\u202e" not in said


def test_a_model_opened_is_named_on_one_line_while_it_loads(qtbot, tmp_path):
    """ "Loading model <name>…", said while a model opened loads, named it by its raw file name: a file named with a
    newline (``a\\nb.safetensors``, which Linux allows) put the message on two lines of the status bar. Now the name is
    shown as every model's is (``readable``)."""
    window = reading_a_copy_of_the_shipped_model(qtbot, tmp_path, tmp_path / "first.safetensors")
    odd = tmp_path / "a\nb.safetensors"
    shutil.copyfile(pretrained_path(), odd)
    window.models.open(odd)
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()
    assert "\n" not in said and "a\\nb.safetensors" in said, said
    qtbot.waitUntil(lambda: window.session.checkpoint.path == odd, timeout=10_000)


def test_the_fine_tunes_preset_refused_names_only_its_own(monkeypatch, capsys):
    """`python -m training.finetune --help` offers one preset, ``{finetune}``, "the only one it takes"; a preset
    mistyped (``--preset fast``) was refused with "choose from 'default', 'finetune', 'seed', 'shipped'", and the
    user who then chose ``shipped`` was refused again ("trains from scratch"). The refusal now names only the one
    it takes, as its help does."""
    from training.arguments import parse_args

    monkeypatch.setattr(sys, "argv", [str(REPO / "training" / "finetune.py")])
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", ModuleSpec("training.finetune", None))  # as -m sets
    for preset in ("fast", "shipped"):
        with pytest.raises(SystemExit) as stop:
            parse_args(["--preset", preset, "--finetune", "BASE", "--examples", "DIR", "--out", "x.safetensors"])
        said = capsys.readouterr().err.splitlines()[-1]
        assert stop.value.code == 2 and said.startswith("python -m training.finetune: error:"), said
        assert said.endswith(f"invalid choice: '{preset}' (choose from 'finetune')"), said


def test_the_maps_floated_for_my_examples_hidden_then_shown_after_it_closed_dock_beside(
    qtbot, tmp_path, monkeypatch
) -> None:
    """At 200 % on a 1600×1000 screen, the maps docked beside the views by Ctrl+L, My examples shown floats them for
    room (the dock round); hidden then (Ctrl+L), My examples closed, and shown again (Ctrl+L), they came back floating
    over the belief chart (431×124 px over its 403×150), where the room beside the views was back: only their being
    shown as My examples closed docked them beside again. Shown by Ctrl+L, they dock beside where that fits."""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, WIDE_ENOUGH["1600x1000@2"])
    maps, examples, ctrl_l = window.heatmap_dock, window.teaching.dock, window.actions_.show_state
    ctrl_l.trigger()
    examples.show()
    qtbot.waitUntil(maps.isFloating)
    ctrl_l.trigger()  # hidden, floating
    examples.hide()
    qtbot.wait(20)
    ctrl_l.trigger()  # shown again
    settled(qtbot, lambda: (window.geometry(), on_screen(maps)))
    assert maps.isVisible() and not maps.isFloating()
    assert window.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not on_screen(maps).intersects(on_screen(window.timeline))
    assert WIDE_ENOUGH["1600x1000@2"].contains(window.frameGeometry())
