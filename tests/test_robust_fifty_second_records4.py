"""The fifty-second round of hostile testing, records4: what the project writes and reads back over time (a training
run's metrics CSV and checkpoint, two runs writing into one folder at once); each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO
from gui_window import shown
from PIL import Image
from PySide6.QtCore import QSettings
from stopped_runs import TINY

from gui.main_window import MainWindow
from training.files import run_lock
from training.fit import main


def test_two_runs_of_one_metrics_csv_are_told_to_choose_another_metrics(tmp_path: Path, capsys) -> None:
    """Two runs of different --outs and one --metrics: the second was refused "another run is writing log.csv …;
    wait for it to finish or choose another --out", though its --out was free already and another --out is refused
    alike. It is told to choose another --metrics; a clash of --out's own files still names --out."""
    log = tmp_path / "log.csv"
    with run_lock(log):  # the first run, writing its metrics into log.csv
        assert main([*TINY, "--out", str(tmp_path / "b.safetensors"), "--metrics", str(log)]) == 2
    said = capsys.readouterr().err
    assert f"another run is writing {log}" in said and "choose another --metrics" in said, said
    assert "--out" not in said.partition("another run is writing")[2], said
    with run_lock(tmp_path / "m.metrics.csv"):  # the CSV beside --out m: another --out is the way
        assert main([*TINY, "--out", str(tmp_path / "m.safetensors")]) == 2
    assert "choose another --out" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.safetensors")) and not list(tmp_path.glob("*.pt"))


def test_a_drawing_too_small_to_read_saved_over_one_does_not_keep_the_last_ones_input(qtbot, tmp_path: Path) -> None:
    """Save drawing of a 7, then of a dot (too small to be read: no 28×28 input) to the same name: digit.png became
    the dot, and digit-28x28.png stayed the 7's input beside it, the pair no longer one drawing's (as a save killed
    between them left it, which writing them together mended), the status bar saying "Saved digit.png" alone. The
    last drawing's input, ours, goes with the save; a 28×28 picture not ours is kept as before."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False))
    window.canvas.draw_stroke([(100, 60), (180, 60), (130, 220)])
    _, small = window.saving.save_drawing(tmp_path / "digit.png")
    assert small is not None and small.is_file()
    window.canvas.clear()
    window.canvas.draw_stroke([(140, 140), (141, 141)])  # a dot
    assert window.session.image is None
    _, small = window.saving.save_drawing(tmp_path / "digit.png")
    assert small is None and sorted(p.name for p in tmp_path.glob("digit*")) == ["digit.png"]
    said = window.statusBar().currentMessage()
    assert said.startswith("Saved digit.png") and "digit-28x28.png" in said, said
    theirs = tmp_path / "digit-28x28.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(theirs)  # the user's own, unmarked
    before = theirs.read_bytes()
    window.saving.save_drawing(tmp_path / "digit.png")
    assert theirs.read_bytes() == before


def _under_a_1_kib_file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


@pytest.mark.parametrize("buffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_evaluate_json_cut_short_by_a_file_limit_is_said_not_left_as_a_document(tmp_path: Path, buffered: str) -> None:
    """`evaluate --json --limit 100 > ev.json` under `ulimit -f 1` with PYTHONUNBUFFERED=1 (python -u, as many
    container images set it) wrote the first 1,024 of its 1,387 bytes and ended 0 without a word: unbuffered,
    Python's text layer drops what a short write leaves (buffered, the write error ended it in words, status 1).
    Each write is now written whole or its error said."""
    out = tmp_path / "ev.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": buffered}
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "rowreader", "evaluate", "--json", "--limit", "100"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=_under_a_1_kib_file_limit,
            timeout=120,
        )
    assert out.stat().st_size == 1024  # the document is longer: it cannot be whole
    assert done.returncode == 1 and "cannot write the output: File too large" in done.stderr, done.stderr
