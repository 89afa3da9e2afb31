"""The forty-seventh round of hostile testing, mutants2: the mutants the forty-sixth round left living, and more made
in the library (number_text, skipped_files, stream, preprocess, checkpoint, pen) and in training (the fit, the
fine-tune, the metrics), each run against the test files that name its module; each test here kills a mutant that
lived, and is checked to fail on it."""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from test_robust_eighteenth_pictures import _seven
from test_robust_nineteenth_pictures import _tiff16

from rowreader.cli import main
from rowreader.pen import brush_argument

SHIPPED = Path(__file__).resolve().parents[1] / "rowreader" / "pretrained" / "rowreader.safetensors"


def test_a_picture_piped_in_is_not_called_the_model_in_a_file_named_dash(tmp_path, monkeypatch, capsys):
    """`predict -` of a picture PIL cannot read (a 16-bit grey TIFF with an alpha) piped in, in a folder that holds a
    model saved as ``./-``: the hint "it is a RowReader model: give it as --checkpoint -" was about the file, not what
    was piped in (the mutant without ``path != STDIN`` said it). What was piped in is named, and no model."""
    shutil.copy(SHIPPED, tmp_path / "-")
    monkeypatch.chdir(tmp_path)
    grey = _seven(4095, 300)
    sent = _tiff16(np.dstack([grey, np.full(grey.shape, 65535)]).astype(np.uint16), planar=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(sent))))
    assert main(["predict", "-"]) == 1
    said = capsys.readouterr().err
    assert "a TIFF of 16-bit grey with an alpha" in said
    assert "checkpoint" not in said


def test_a_decimal_comma_at_the_least_a_flag_takes_is_told_the_number_not_the_range():
    """`--brush 4,0` (4, the narrowest pen) is told "a decimal is written with a point: 4.0", the number it takes;
    the mutant that held a flag's least beyond its range (``low < value``) told the range instead, as if 4 were
    refused. Just below the least, the range is said."""
    with pytest.raises(argparse.ArgumentTypeError, match=r"\(a decimal is written with a point: 4\.0\)$"):
        brush_argument("4,0")
    with pytest.raises(argparse.ArgumentTypeError, match=r"\(a number from 4 to 64; a decimal is written with a"):
        brush_argument("3,99")
