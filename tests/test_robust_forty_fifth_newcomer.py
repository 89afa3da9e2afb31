"""The forty-fifth round of hostile testing, newcomer: a person who has never seen RowReader, on a fresh clone with its
own virtualenv made by the README's commands, does what the README says, then docs/the-app.md, docs/teaching.md and
docs/training.md: every command, example and flag's --help against the page that quotes it; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import rowreader
from training.arguments import parse_args
from training.finetune import copies_warning
from training.fit import main as fit_main


@pytest.mark.parametrize(
    ("typed", "words"), [("--hidden=0", "1 to 4,096, got '0'"), ("--layers=17", "1 to 16, got '17'")]
)
def test_a_network_flag_out_of_range_is_refused_as_every_count_is(typed, words, capsys):
    """`training.fit --hidden 0` said "--hidden must be an integer from 1 to 4096", where its `--epochs 0` and
    bench_stream's `--hidden 0` say "a whole number from 1 to 4,096": the one wording the forty-fifth round gave every
    count. ReaderConfig, which bounds the network, now says it in those words."""
    with pytest.raises(SystemExit) as stop:
        parse_args([typed])
    assert stop.value.code == 2
    flag = typed.split("=")[0]
    assert f"argument {flag}: must be a whole number from {words}" in capsys.readouterr().err


def test_training_finetune_prints_its_version_as_every_entry_point_does():
    """The README says `--version` prints the version "as every entry point's does (… training.fit and the other
    training commands …)", and `python -m training.finetune --help` lists `[--version]`; but `python -m
    training.finetune --version` said "error: the model to teach is missing", status 2. It now prints its version,
    status 0, before torch is loaded."""
    done = subprocess.run(
        [sys.executable, "-m", "training.finetune", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"python -m training.finetune {rowreader.__version__}\n"


def test_the_readme_says_a_teach_learns_each_drawing_once():
    """The forty-fifth round made a teach learn each drawing once (a copy set aside, counted, and said: "N copies of
    drawings taught once were set aside: a copy teaches nothing new"), and the dialog repeats that warning; the
    README's Teach it your handwriting still said a teach learns "the newest 100 examples of each digit", its list of
    what the dialog repeats silent on copies. It now says each drawing counts once, and that the copies are said."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    teach = " ".join(readme.split("## Teach it your handwriting")[1].split("\n## ")[0].split())
    said = copies_warning(2).split(": ")[-1]  # "a copy teaches nothing new"
    assert said in teach
    assert "newest 100 drawings of each digit" in teach


def test_copies_of_one_drawing_refused_are_not_said_to_be_taught_once(tmp_path, tiny_base, capsys):
    """docs/teaching.md: copies of one drawing alone are refused, nothing can be held out. Five copies of one 3 given
    to the command line's fine-tune first warned "4 copies of drawings taught once were set aside: a copy teaches
    nothing new", then refused them as "5 copies of one drawing": a drawing said to be taught by a run that taught
    nothing. Where the examples are too few to teach, the copies are said by the refusal alone."""
    three = np.zeros((28, 28), np.uint8)
    three[6:22, 10:18] = 255  # a block of ink: one drawing, whatever it reads as
    for i in range(5):
        (tmp_path / "examples" / "3").mkdir(parents=True, exist_ok=True)
        Image.fromarray(three).save(tmp_path / "examples" / "3" / f"copy{i}.png")
    argv = ["--finetune", str(tiny_base), "--examples", str(tmp_path / "examples")]
    assert fit_main([*argv, "--out", str(tmp_path / "mine.safetensors"), "--threads", "1"]) == 2
    err = capsys.readouterr().err
    assert "5 examples of one drawing; teaching needs at least two different drawings" in err
    assert "set aside" not in err
    assert not (tmp_path / "mine.safetensors").exists()
