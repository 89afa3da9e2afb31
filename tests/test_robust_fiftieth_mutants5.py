"""The fiftieth round of hostile testing, mutants5: one small change at a time (a comparison flipped, a constant moved
by one, a branch dropped, two arguments swapped) in the modules changed most recently (the line, speck and dot rules
of one digit, a fine-tune's batch shares, the status bar's taught-from accuracy, --resume's words for a finished run,
the picture checks, the lighting, the views' pixel phase), each run against the test files that name its module; each
test here kills a mutant that lived, and is checked to fail on it (or, for a fix, on the code before it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from gui.status_line import taught_from_reads
from rowreader.cli import main
from rowreader.example_folder import Example, ExampleSet
from rowreader.picture_words import too_small_words
from rowreader.preprocess import normalise
from training.config import FitConfig, apply_preset
from training.finetune import batch_shares


def _examples(*labels: int) -> ExampleSet:
    """An example set of these labels (pictures blank: the shares count labels only)."""
    blank = np.zeros((28, 28), np.float32)
    return ExampleSet([Example(Path(f"{i}.png"), label, blank) for i, label in enumerate(labels)])


@pytest.mark.parametrize(
    ("labels", "replay", "shares"),
    [((3, 3, 3), 0.75, (1, 31)), ((1, 2, 3, 4, 5), 0.75, (4, 28)), (tuple(range(10)), 0.75, (8, 24)),
     (tuple(range(10)), 0.0, (32, 0)), ((7,), 0.0, (3, 29)), ((0, 9), 0.5, (3, 29))],
)  # fmt: skip
def test_a_fine_tunes_batch_shares_count_the_digits_taught_not_their_examples(labels, replay, shares):
    """``batch_shares`` (the teach's, its start line's and its record's one answer) had no test of its own: counting
    every digit 0-9 (``n >= 0``: ``counts`` holds zeros) gave three 3s the eight places of ten digits, and a record
    "replayed" of --replay 0; the replay's share taken short by one lived too. Now each is held to its numbers."""
    config = replace(apply_preset(FitConfig(), "finetune"), replay=replay)  # batches of 32
    assert batch_shares(config, _examples(*labels)) == shares


@pytest.mark.parametrize("before", [True, False, -0.1, 1.5, float("nan"), "0.99", None, 10**400])
def test_a_taught_models_before_that_is_no_share_is_not_shown(before):
    """The status bar's "MNIST 99.40% → 99.35%" reads the "before" a taught model's file records (``mnist_eval``, a
    key no schema checks): a file whose ``"before"`` was JSON's ``true`` was shown as "MNIST 100.00% → …" (a bool
    is an int to Python), ``false`` as 0.00 %. Now only a real number in [0, 1] is read; the rest is None, the
    model's own accuracy shown alone. The range and the digits compared had no test either."""
    assert taught_from_reads({"mnist_eval": {"digits": 2000, "before": before}}, 2000) is None


def test_a_taught_models_before_is_read_only_for_the_same_digits():
    """The "before" is read where the file's count of digits is the count the model's accuracy was measured on."""
    metadata = {"mnist_eval": {"digits": 2000, "before": 0.994}}
    assert taught_from_reads(metadata, 2000) == 0.994
    assert taught_from_reads({"mnist_eval": {"digits": 2000, "before": 1}}, 2000) == 1.0
    assert taught_from_reads({"mnist_eval": {"digits": 2000, "before": 0}}, 2000) == 0.0
    assert taught_from_reads(metadata, 10000) is None
    assert taught_from_reads({"mnist_eval": [2000, 0.994]}, 2000) is None


def _frame(width: int, height: int, pen: int) -> np.ndarray:
    """A white 400² page with a black rectangle of ``width`` × ``height`` drawn ``pen`` px thick: a 0 written flat."""
    page = np.full((400, 400), 255, np.uint8)
    top, left = (400 - height) // 2, (400 - width) // 2
    page[top : top + height, left : left + width] = 0
    page[top + pen : top + height - pen, left + pen : left + width - pen] = 255
    return page


@settings(max_examples=30, deadline=None)
@given(width=st.integers(80, 360), pen=st.integers(2, 8), taller=st.integers(0, 30))
def test_ink_a_quarter_as_tall_as_wide_or_taller_is_read_flatter_is_a_line(width, pen, taller):
    """The line rule ("under 25% as tall as it is wide", as the refusal says) had no test at its edge: every line
    tested was a fifth as tall as wide or flatter, so the rule moved to 0.3 (a 0 written 0.28 as tall as wide
    refused as "a single line") or made ``<=`` lived. Now ink exactly a quarter as tall as wide and taller is read,
    and one pixel flatter is a line."""
    quarter = -(-width // 4)  # the least height not under a quarter of the width
    assert normalise(_frame(width, quarter + min(taller, width // 4), pen)).image is not None
    flat = normalise(_frame(width, quarter - 1, pen))
    assert flat.image is None and "a single line" in too_small_words(flat)


def _seven(gap: int, pen: int, inset: int = 0, slant: int = 115) -> np.ndarray:
    """A 7 on a white 400² page drawn as a hand does in two strokes: its bar, then its stem from ``inset`` px in from
    the bar's right end, begun ``gap`` px below the bar (the pen lifted), ``pen`` px thick."""
    picture = Image.new("L", (400, 400), 255)
    draw = ImageDraw.Draw(picture)
    draw.line([(110, 60), (290, 60)], fill=0, width=pen)
    draw.line([(290 - pen // 2 - inset, 60 + pen + gap), (290 - slant, 340)], fill=0, width=pen)
    return np.asarray(picture)


@settings(max_examples=30, deadline=None)
@given(gap=st.integers(2, 30), pen=st.integers(3, 14), inset=st.integers(0, 3), slant=st.integers(60, 160))
def test_a_sevens_bar_drawn_apart_from_its_stem_is_read_with_it(gap, pen, inset, slant):
    """Since lines beside a digit are taken away (a rule, an underline), a 7 whose bar was drawn apart from its stem,
    a few pixels of paper between them (the pen lifted, as a hand draws a 7 in two strokes), lost its bar: its stem
    alone was read, as a 1 at 100 % (a bar 6 px thick, 4 to 20 px above the stem). A line that ends where the rest's
    nearest ink, a stroke's end, begins is the digit's own stroke: the bar is kept, read from its top."""
    read = normalise(_seven(gap, pen, inset, slant))
    assert read.image is not None and read.placement.crop[0] <= 60 - pen // 2 + 1


def test_predict_reads_a_seven_drawn_in_two_strokes_as_a_seven(tmp_path, capsys):
    """`rowreader predict` of a 7 whose stem begins 4 px below its bar said "prediction: 1 (100.0%)"."""
    Image.fromarray(_seven(4, 6)).save(tmp_path / "seven.png")
    main(["predict", str(tmp_path / "seven.png")])
    assert "prediction: 7" in capsys.readouterr().out
