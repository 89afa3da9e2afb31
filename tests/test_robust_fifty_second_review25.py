"""The fifty-second round, review25: this round's merges read as a hostile reviewer, their claims tried at their
edges (an unbuffered stdout buffered anew by ``rowreader.output``, ``first_sure`` and ``evaluate --sure``)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rowreader import cli

REPO = Path(__file__).resolve().parents[1]


def _digit(path: Path) -> Path:
    """A 28×28 picture of a stroke, dark on light: enough for predict to read and answer."""
    pixels = np.full((28, 28), 255, np.uint8)
    pixels[4:24, 12:16] = 0
    Image.fromarray(pixels).save(path)
    return path


def test_predict_json_under_pythonunbuffered_keeps_its_order_with_stderr(tmp_path: Path) -> None:
    """``PYTHONUNBUFFERED=1 rowreader predict --json a.png nope.png b.png > out 2>&1`` (Docker images set it; -u is
    asked for to see output as it is made): stdout, buffered anew by line so that a short write is not dropped, held
    the first result (a JSON result ends no line) while nope.png's error went out, so the error came before the
    result it follows and a reader of the pipe saw no result until 8 kB were there. Unbuffered, each write goes out
    whole at once, in the order written."""
    a, b = _digit(tmp_path / "a.png"), _digit(tmp_path / "b.png")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    with (tmp_path / "out.txt").open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "rowreader", "predict", "--json", str(a), "nope.png", str(b)],
            stdout=out,
            stderr=out,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
    text = (tmp_path / "out.txt").read_text()
    assert done.returncode == 1, text
    error = text.index("error: nope.png: no such file")
    assert text.index(f'"file": "{a}"') < error < text.index(f'"file": "{b}"'), text[:200]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0%", "'0%' is a percentage; --sure takes a belief above 0 and at most 1"),
        ("150%", "'150%' is a percentage; --sure takes a belief above 0 and at most 1"),
        ("-5 %", "'-5 %' is a percentage; --sure takes a belief above 0 and at most 1"),
        ("90%", "is a belief, not a percentage: '90%' is --sure 0.9"),
    ],
)
def test_sure_given_as_a_percentage_out_of_range_is_told_so(typed: str, words: str) -> None:
    """``evaluate --sure 90%`` is told "is --sure 0.9", this round's student3 fix; ``--sure 0%`` and ``--sure 150%``,
    percentages too, were told only argparse's "invalid float value: '150%'", the very words that fix replaced: the
    number read is a percentage, and the range a belief takes is said."""
    parser = cli.build_parser()
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()) as err:
        parser.parse_args(["evaluate", "--sure", typed])
    assert stopped.value.code == 2
    assert f"argument --sure: {words}" in err.getvalue(), err.getvalue()
    assert "invalid float value" not in err.getvalue()
