"""The fifty-first round of hostile testing, outs2: what the app and the tools may replace, after this round's outs
helper. The app's writers (Save drawing, Export…, Keep, the settings, the examples' index, a teach's model) given a
name that holds a file not their own, offscreen with pytest-qt; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from conftest import load_bench
from gui_window import shown
from PIL import Image
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return shown(qtbot, MainWindow(settings=settings, load_model=False))


def test_save_drawing_keeps_a_users_own_28x28_picture_beside_the_drawing(window, tmp_path):
    """Save drawing writes NAME.png and NAME-28x28.png; the file dialog asks only about NAME.png, and any 28×28
    picture at NAME-28x28.png counted as the input saved there before: a user's own 28×28 icon or MNIST sample was
    replaced without a word. Now the input is marked as RowReader's (its kind, "a drawing's 28×28 input"), only such a
    file is replaced, and any other is kept byte for byte, the status bar saying why."""
    theirs = tmp_path / "digit-28x28.png"
    sample = np.zeros((28, 28), np.uint8)
    sample[4:24, 12:16] = 255  # an MNIST-like 1 of the user's own
    Image.fromarray(sample).save(theirs)
    before = theirs.read_bytes()
    window.canvas.draw_stroke([(100, 60), (180, 60), (130, 220)])
    path, small = window.saving.save_drawing(tmp_path / "digit.png")
    assert path.is_file() and small is None and theirs.read_bytes() == before
    said = window.statusBar().currentMessage()
    assert "digit-28x28.png is not marked as a 28×28 input RowReader saved, so it was left as it is" in said
    theirs.unlink()
    _, small = window.saving.save_drawing(tmp_path / "digit.png")  # free: written, and marked
    assert small == theirs and Image.open(small).info.get("RowReader picture") == "a drawing's 28×28 input"
    window.canvas.draw_stroke([(60, 100), (220, 100)])
    _, small = window.saving.save_drawing(tmp_path / "digit.png")  # its own: replaced with the new input
    assert small == theirs and np.asarray(Image.open(small)).tobytes() != sample.tobytes()
    np.testing.assert_array_equal(np.asarray(Image.open(small)), np.round(window.session.image * 255))


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.png")))
def test_each_picture_in_docs_records_its_kind_so_no_other_command_replaces_it(name, tmp_path, capsys):
    """The pictures in docs/ were made before pictures recorded their kind: marked as RowReader's and of no kind,
    each counted as any command's own, and ``python -m training.drawn docs/screenshot.png`` (a path mistyped in the
    checkout) replaced the app's picture with a grid of digits, ``--save-left`` of bench_finetune a window's. Each now
    records the kind of the command that makes it (its pixels and its run's numbers unchanged), and another command's
    output of that name is refused, the picture kept byte for byte."""
    from gui import screenshot, teach_screenshot
    from rowreader.own_png import KIND_KEY
    from training.drawn import GRID
    from training.drawn import main as drawn_main

    picture = DOCS / name
    copy = tmp_path / name
    copy.write_bytes(picture.read_bytes())
    with pytest.raises(SystemExit) as refused:
        drawn_main([str(copy), "--per-class", "1"])
    assert copy.read_bytes() == picture.read_bytes() and refused.value.code == 2
    with Image.open(picture) as opened:
        kind = opened.info.get(KIND_KEY)
    window = teach_screenshot.TAUGHT if name in teach_screenshot.PICTURES else screenshot.APP  # kinds2: each its own
    assert kind == (load_bench("bench_finetune").LEFT if name == "teach-left.png" else window)
    assert f"is {kind} RowReader made, not {GRID}; it is kept" in capsys.readouterr().err
