"""The sixty-second round, mutants17: mutation testing by hand of the sixty-first round's code and mutants16's
survivors. Each test here was seen failing on a mutant the round's tests let live, and passing on the code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_robust_sixty_first_window18 import (
    test_a_finished_teach_a_few_px_short_of_its_buttons_row_lays_them_in_a_row as finished_short_of_the_row,
)

from gui import teach
from rowreader.data import refuse_input
from rowreader.example_folder import LONE_SIDECAR, lone_sidecars
from rowreader.example_store import ExampleStore
from training.fit import main as fit_main


def _drawing(folder: Path, name: str, picture: bool = True) -> Path:
    """NAME.json, the strokes of a 3, in ``folder``, with its picture NAME.png unless not ``picture``."""
    folder.mkdir(parents=True, exist_ok=True)
    if picture:
        Image.fromarray(np.eye(28, dtype=np.uint8) * 255).save(folder / f"{name}.png")
    strokes = {"format": "rowreader-example", "version": 1, "label": 3, "strokes": []}
    (sidecar := folder / f"{name}.json").write_text(json.dumps(strokes))
    return sidecar


def test_a_sidecar_is_owned_by_a_picture_of_its_own_folder_only(tmp_path: Path) -> None:
    # 3/monday/a.json beside no a.png is lone, however many a.png its class folder holds elsewhere (3/a.png)
    _drawing(tmp_path / "3", "a")
    lone = _drawing(tmp_path / "3" / "monday", "a", picture=False)
    assert lone_sidecars(tmp_path) == [f"{lone}: {LONE_SIDECAR}"]


def test_a_hidden_folders_sidecars_are_not_named(tmp_path: Path) -> None:
    # an import reads no hidden folder (a file manager's .trash/): its strokes are none of the examples, nor lone
    _drawing(tmp_path / "3" / ".trash", "a", picture=False)
    assert lone_sidecars(tmp_path) == []


def test_lone_sidecars_are_named_in_order_of_their_names(tmp_path: Path) -> None:
    # the list of problems reads the same at each import, not in the file system's order
    names = ["k", "b", "x", "a", "m", "c", "z", "e"]
    for name in names:
        _drawing(tmp_path / "3", name, picture=False)
    assert lone_sidecars(tmp_path) == [f"{tmp_path / '3' / n}.json: {LONE_SIDECAR}" for n in sorted(names)]


def test_a_limit_of_thousands_says_its_test_digits_grouped(tmp_path: Path, capsys) -> None:
    # "the first 6000 of the 10,000" beside each other read as two kinds of number: grouped alike
    out = tmp_path / "tiny.safetensors"
    args = ["--limit", "1500", "--train-samples", "128", "--hidden", "8", "--augment", "none", "--out", str(out)]
    assert fit_main(args) == 0
    assert "tested on the first 1,500 of the 10,000 MNIST test digits (--limit)" in capsys.readouterr().out


def test_an_input_refused_before_torch_is_said_on_one_line(capsys) -> None:
    # a data folder's name holding a line break: the refusal is still one line of stderr, its break shown
    parser = ArgumentParser(prog="bench")

    def refuse(path: str) -> None:
        raise FileNotFoundError(f"{path} not found")

    with pytest.raises(SystemExit) as stopped:
        refuse_input(parser, refuse, "data\nsecond")
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and said.startswith("bench: error: data"), said


def test_a_link_to_nothing_named_as_a_flag_is_a_name(tmp_path: Path) -> None:
    # `training.ship dry-run` where dry-run is a link whose file is gone: a name all the same, as a file's is
    os.symlink(tmp_path / "gone", tmp_path / "dry-run")
    done = subprocess.run(
        [sys.executable, "-m", "training.ship", "dry-run"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert "no command word" not in done.stderr.splitlines()[-1], done.stderr


def test_a_finished_teach_a_whole_step_short_of_its_buttons_row_lays_them_in_a_row(qtbot, tmp_path, monkeypatch):
    # window18's dialog, the row 312 px offscreen, from 312 - WIDEN_STEP: a step short, not less, takes the row too
    finished_short_of_the_row(qtbot, tmp_path, monkeypatch, 312 - teach.WIDEN_STEP)


def test_an_import_of_a_digits_folder_holding_the_examples_in_a_hidden_folder_is_not_refused(tmp_path: Path) -> None:
    # FOLDER/3/.cache/examples: the reading walks no hidden folder, so the 3s are FOLDER/3's own and are imported
    _drawing(tmp_path / "source" / "3", "a")
    store = ExampleStore(tmp_path / "source" / "3" / ".cache" / "examples")
    assert len(store.import_folder(tmp_path / "source").added) == 1
