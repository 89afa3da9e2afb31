"""The fifty-first round of hostile testing, review22: this round's later merges read with a hostile reviewer's eyes
(words2's one wording of each reason a picture is not read, outs's kinds of picture and model, the Models menu's
told-apart names, the teach dialog's Cancel), each claim tried on another state, a second call or an older file;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, PngImagePlugin
from test_robust_fifty_first_hypo4 import ruled_page
from test_robust_fifty_first_review21 import compared_with_a_namesake

from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.device import resolve_device
from rowreader.example_folder import load_example
from rowreader.own_png import KIND_KEY, SOFTWARE
from training import drawn

RULES_WORDS = "no digit found in its first frame (of 2): the page holds only printed rules, nothing written on them"


@pytest.mark.parametrize("suffix", [".tif", ".gif"])
def test_a_scan_whose_first_page_is_a_blank_ruled_page_is_said_to_hold_rules(suffix: str, tmp_path: Path, capsys):
    """words2 and hypo4 made a blank ruled page "no digit found: the page holds only printed rules, nothing written on
    them" to ``predict``, the app's Open and the examples folder, one wording; yet as the first page of a two-page
    scan (a TIFF, a GIF) all three said "no ink in its first frame (of 2)", its rules in plain sight, their ink the
    reason it is no digit. It now says the first frame holds only printed rules, and that only it is read."""
    page = Image.fromarray(ruled_page(400, 500, 30, 2, 0, 20, False, 0))
    path = tmp_path / f"ruled{suffix}"
    page.save(path, save_all=True, append_images=[Image.new("L", page.size, 255)])
    main(["predict", str(path)])
    out = capsys.readouterr().out
    assert f"{RULES_WORDS}; only a picture's first frame is read" in out, out
    with pytest.raises(PictureError, match=re.escape(RULES_WORDS)):
        load_picture_file(path)
    with pytest.raises(ValueError, match=re.escape(RULES_WORDS)):
        load_example(path, 3)


def test_a_scan_whose_first_page_is_blank_still_says_no_ink_in_it(tmp_path: Path, capsys) -> None:
    """What the rules' words leave as it was: a blank first page of two is "no ink in its first frame (of 2)"."""
    path = tmp_path / "blank.tif"
    blank = Image.new("L", (200, 200), 255)
    blank.save(path, save_all=True, append_images=[Image.fromarray(np.zeros((200, 200), np.uint8))])
    main(["predict", str(path)])
    assert (
        "no ink in its first frame (of 2): the picture is all one shade, nothing is drawn on it; "
        "only a picture's first frame is read"
    ) in capsys.readouterr().out


@pytest.mark.parametrize("present, words", [(1, "this machine has 1 CUDA device"), (2, "has 2 CUDA devices")])
def test_a_cuda_device_past_those_present_is_counted_in_words(monkeypatch, present: int, words: str) -> None:
    """words2 counted one singular wherever a count is shown (``output.counted``), yet ``--device cuda:1`` on a machine
    of one GPU said "but only 1 CUDA device(s) exist (0…0)" (words2's log saw it and left it: it needs a GPU to reach;
    torch's count is set here, as test_core_device's two_gpus sets it). It is counted: "has 1 CUDA device (0…0)"."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: present)
    with pytest.raises(RuntimeError) as refused:
        resolve_device(f"cuda:{present}")
    assert f"{words} (0…{present - 1})" in str(refused.value) and "(s)" not in str(refused.value), refused.value


def test_a_compared_model_named_alike_once_its_suffix_is_dropped_is_told_apart(qtbot, tmp_path: Path) -> None:
    """a11y6 and review21 told apart models that share a file name (``MainWindow.model_named``), yet the status bar
    and the chart name a model without its ``.safetensors``: ``digits/rowreader.safetensors`` read, and a copy saved
    as ``letters/rowreader`` (no suffix) compared, their file names differ, so neither was told apart, and the status
    bar said "rowreader.safetensors · … · vs rowreader (dashed)" beside the chart's "compared with rowreader" for
    either. Named alike where they are shown, they are now told apart there as the menu tells them."""
    first, second = tmp_path / "digits" / "rowreader.safetensors", tmp_path / "letters" / "rowreader"
    window = compared_with_a_namesake(qtbot, tmp_path, first, second)
    assert window.model_named(first) != window.model_named(second), window.model_named(second)
    assert window.timeline.comparison.name == "letters/rowreader"


def test_a_picture_of_ours_of_a_long_unknown_kind_is_refused_in_a_short_line(tmp_path: Path, capsys) -> None:
    """outs named the kind a picture of ours records ("RowReader picture") in the refusal to replace it, as the file
    holds it: a PNG marked RowReader's whose kind was 200 kB of text (a newer version's, or written by hand) made
    ``training.drawn`` refuse it in one line of 200,156 characters. The file is kept, the command refused before
    drawing, in a line a person can read: a long kind is cut."""
    path = tmp_path / "grid.png"
    marks = PngImagePlugin.PngInfo()
    marks.add_text("Software", SOFTWARE)
    marks.add_text(KIND_KEY, "a " + "very " * 40_000 + "long kind")
    Image.new("L", (8, 8), 255).save(path, pnginfo=marks)
    before = path.read_bytes()
    with pytest.raises(SystemExit) as refused:
        drawn.main([str(path)])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and path.read_bytes() == before
    assert "is a very very" in err and "not a grid of drawn digits; it is kept" in err and len(err) < 400, len(err)
