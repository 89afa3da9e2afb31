"""The forty-seventh round of hostile testing, finetunecli: ``python -m training.fit --finetune BASE --examples DIR
--out OUT`` as a hostile researcher runs it (linked and oddly named digit folders, one drawing of each digit, a
thousand of one, pictures of every ink with and without this round's PNG ink note, FIFOs, a base cut short, OUT the
base or inside DIR, devices this machine lacks); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import torch
from test_robust_training import a_base_and_two_examples

import training.finetune as finetune_module
from rowreader import example_index
from rowreader.example_folder import file_key, load_examples
from rowreader.example_store import png_bytes
from rowreader.preprocess import normalise
from training.fit import main as fit_main
from training.replay import ReplayData


def _ringed_zero() -> np.ndarray:
    """A 0 drawn past every edge as a kept drawing is: its border all ink, so ``ink="auto"`` takes its paper for ink."""
    grey = np.full((64, 64), 255, np.uint8)
    grey[:6], grey[-6:], grey[:, :6], grey[:, -6:] = 0, 0, 0, 0
    yy, xx = np.mgrid[:64, :64]
    grey[(np.hypot(yy - 32, xx - 32) > 14) & (np.hypot(yy - 32, xx - 32) < 22)] = 0
    return grey


def test_an_index_written_before_the_ink_note_is_not_taken_for_a_drawing_that_states_its_ink(
    tmp_path, monkeypatch
) -> None:
    """The examples' index (the 28×28 inputs kept between runs) was of the same version after this round taught the
    reading of a picture its PNG ink note: a kept drawing inked round its border, indexed before as light ink on dark
    paper (its paper taught as the 0), was still taught so by ``--finetune --examples``, the note unread. An index
    written before the note is of another version now, and the drawing is read again, as drawn."""
    grey = _ringed_zero()
    root = tmp_path / "examples"
    (root / "0").mkdir(parents=True)
    path = root / "0" / "ring.png"
    path.write_bytes(png_bytes(grey, "dark"))
    as_drawn, as_before = normalise(grey, ink="dark").image, normalise(grey, ink="auto").image
    assert np.abs(as_drawn - as_before).max() > 0.5  # the two readings differ: the test can tell them apart
    with monkeypatch.context() as before_the_note:  # the index as the code before the note wrote it
        before_the_note.setattr(example_index, "INDEX_VERSION", 4)
        example_index.write_index(root, {path: (file_key(path, None), as_before)})
    (example,) = load_examples(root, index=True).examples
    np.testing.assert_allclose(example.image, as_drawn, atol=1e-6)


def a_thousand_digits(config) -> ReplayData:
    """1,000 MNIST-like digits to replay and to measure on: the teach's steps without MNIST's seconds of loading."""
    images = torch.randint(0, 256, (1000, 28, 28), generator=torch.Generator().manual_seed(0), dtype=torch.uint8)
    labels = torch.arange(1000) % 10
    return ReplayData(images, labels, images, labels, name="random digits")


def test_the_last_line_groups_the_mnist_digits_it_read(tmp_path, capsys, monkeypatch, tiny_reader) -> None:
    """``--finetune … --eval-digits 1000`` ended "MNIST test (1000 digits): …", where its start line groups its
    numbers ("the newest 103 of your 1,003 examples") and the app's summary of the same run says "(1,000 digits)".
    It says "MNIST test (1,000 digits)" now."""
    monkeypatch.setattr(finetune_module, "load_replay", a_thousand_digits)
    base = tmp_path / "base.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)
    argv = ["--finetune", base, "--examples", tmp_path / "examples", "--out", tmp_path / "mine.safetensors"]
    assert fit_main([*map(str, argv), "--train-samples", "16", "--batch-size", "16", "--eval-digits", "1000"]) == 0
    assert "MNIST test (1,000 digits): " in capsys.readouterr().out
