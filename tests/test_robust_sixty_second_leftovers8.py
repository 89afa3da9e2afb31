"""The sixty-second round's leftovers (area leftovers8), each test seen failing on the code before its fix: values
a float16 holds said as Python's float writes them; a teach that lost what its base knew said on the command line
but not in the app's dialog; `-habits` refused as `-h` given 'abits', the word typed unsaid; an --out linking to a
link said to be a link to a model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from test_robust_sixty_second_cli17 import few_replay_digits, taught_model

from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from rowreader import load_pretrained
from rowreader.checkpoint import pretrained_path
from rowreader.cli import build_parser
from rowreader.evaluate import evaluate_rows
from rowreader.stream import decided_at
from training.files import OutputError, check_checkpoint_out, say_what_is_replaced
from training.fit import main as fit_main


def test_a_float16_rows_pixels_are_said_as_given() -> None:
    """A float16 row holding 1.2 was "got 0…1.2002": an f-string writes a NumPy float through Python's float."""
    row = np.zeros(28, np.float16)
    row[3] = 1.2
    with pytest.raises(ValueError, match=r"got 0…1\.2$"):
        load_pretrained().stream().feed(row)


@pytest.mark.parametrize("as_tensor", [False, True])
def test_float16_images_evaluated_are_said_as_given(as_tensor: bool) -> None:
    """evaluate_rows of float16 images from -0.3 to 1.2 said "got -0.300049…1.2002", a tensor's as its array's."""
    images = np.zeros((2, 28, 28), np.float16)
    images[0, 0, 0], images[1, 0, 0] = 1.2, -0.3
    given = torch.from_numpy(images) if as_tensor else images
    with pytest.raises(ValueError, match=r"\(ink = 1\), got -0\.3…1\.2$"):
        evaluate_rows(load_pretrained(), given, np.array([1, 2]))


def test_float16_beliefs_refused_are_said_as_given() -> None:
    """decided_at of float16 beliefs up to 1.3 said "got 0.0999756…1.2998"."""
    beliefs = np.full((28, 10), 0.1, np.float16)
    beliefs[0, 0] = 1.3
    with pytest.raises(ValueError, match=r"got 0\.1…1\.3 summing to "):
        decided_at(beliefs)


def test_a_short_flag_given_a_value_is_said_as_typed(capsys) -> None:
    """`rowreader predict -habits` was "argument -h/--help: takes no value (given 'abits')": -habits, typed, unsaid;
    `-hsure` means --sure, and is told so."""
    for word, then in (("-habits", "give -h alone, or leave it out"), ("-hsure", "did you mean --sure?")):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["predict", word, "x.png"])
        said = capsys.readouterr().err.strip().splitlines()[-1]
        assert said.endswith(
            f"argument -h/--help: takes no value ('{word}' was read as -h given '{word[2:]}'): {then}"
        ), said


def test_an_out_linking_to_a_link_says_where_the_links_end(tmp_path: Path, capsys) -> None:
    """`--out a`, a → b → the model, said "a link to b, which holds a model …", though b is itself a link."""
    taught = taught_model(tmp_path)
    (tmp_path / "b.safetensors").symlink_to(taught.name)
    (out := tmp_path / "a.safetensors").symlink_to("b.safetensors")
    ends = f"b.safetensors (itself a link: the links end at {taught.resolve()})"
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(out, force=False, own="a merge's")
    assert f"a.safetensors is a link to {ends}, which holds a model taught from base.safetensors" in str(refused.value)
    say_what_is_replaced(out, "the merged model")
    assert f"is a link to {ends}, which holds a model taught from base.safetensors" in capsys.readouterr().err
    taught.unlink()  # a chain to nothing
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(out, force=False, own="a merge's")
    assert f"a.safetensors is a link to {ends}, which does not exist" in str(refused.value)


def test_the_teach_dialog_says_a_teach_lost_what_the_model_knew(
    qtbot, tmp_path, mnist_examples, capsys, monkeypatch
) -> None:
    """A teach at `--lr 10` (99.00% → 6.00% of MNIST) is said on the command line to have lost much of what the model
    knew; the app's dialog, from the same teach's "done" line, said its numbers alone."""
    few_replay_digits(monkeypatch)
    out = tmp_path / "mine.safetensors"
    words = ["--finetune", str(pretrained_path()), "--examples", str(mnist_examples), "--out", str(out), "--lr", "10"]
    fast = ["--train-samples", "32", "--batch-size", "16", "--eval-digits", "100", "--threads", "1", "--folds", "0"]
    assert fit_main([*words, *fast, "--replay", "0", "--progress", "json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    process = TeachProcess(pretrained_path(), mnist_examples, out)
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    dialog.attach(process)
    for event in events:
        process._apply(event)
    dialog.finish(True, "Done")
    lines = dialog.summary.text().splitlines()
    assert lines[1].startswith("MNIST test (100 digits): 99.00% → "), lines
    assert lines[2].startswith("The teach lost much of what the model knew (MNIST 99.00% → "), lines
    assert lines[2].endswith("): the model it wrote reads worse than its base."), lines
