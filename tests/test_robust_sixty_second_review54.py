"""The sixty-second round's review54: a hostile review of window19's, marks10's and docs8's merges. Each test was seen
failing on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from rowreader.checkpoint import refused_model_file
from rowreader.pen import draw_strokes
from rowreader.preprocess import normalise


@pytest.mark.parametrize("length", range(1, 8))
def test_a_model_file_too_short_for_its_headers_length_is_refused_on_the_command_line(tmp_path, length: int) -> None:
    """A file of 1 to 7 bytes, shorter than the 8 that give a safetensors header's length, is cut short as plainly
    as one whose length runs past its end (refused as the line is read, status 2), yet it passed the command line's
    check: `gui.screenshot --checkpoint` made its window, then ended "no model: …", status 1."""
    path = tmp_path / "short.safetensors"
    path.write_bytes(b"garbage"[:length])
    why = refused_model_file("--checkpoint", path)
    said = f"not a readable safetensors file: header too small: the file holds {length} bytes"
    assert why == f"--checkpoint {path}: {said}"


def screenshot_run(tmp_path: Path, flag: str, name: str) -> subprocess.CompletedProcess[str]:
    """`gui.screenshot shot.png FLAG NAME` run in ``tmp_path`` (its home too), offscreen, as a user types it."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "gui.screenshot", "shot.png", flag, name],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=environ,
    )


def assert_screenshot_refuses(tmp_path: Path, flag: str, name: str, content: bytes) -> None:
    """`gui.screenshot shot.png FLAG NAME` with NAME holding ``content``: status 2 and the flag named as the line is
    read, no picture written (the window never made)."""
    (tmp_path / name).write_bytes(content)
    done = screenshot_run(tmp_path, flag, name)
    assert done.returncode == 2, done
    assert f"error: {flag} {name}: not a readable safetensors file" in done.stderr, done.stderr
    assert not (tmp_path / "shot.png").exists()


def test_the_screenshot_refuses_a_seven_byte_model_before_its_window(tmp_path) -> None:
    """The command itself: status 2 and the flag named, no picture written."""
    assert_screenshot_refuses(tmp_path, "--compare", "short.safetensors", b"garbage")


@pytest.mark.parametrize(("pen", "gap", "scale"), [(6, 1, 1.2), (6, 2, 0.8), (6, 2, 1.0), (8, 1, 1.2), (12, 1, 1.2)])
def test_a_four_in_two_strokes_its_stem_apart_is_read_whole(pen: float, gap: float, scale: float) -> None:
    """A 4 drawn in two strokes, its stem apart from the L and stopping ``gap`` pens above its bar: the L goes round
    the stem over half a turn, and since a C needed only half (marks10, for "( 2 )"), it was taken for a C round a 1
    and the L taken away: 7 of 405 such 4s at pens 4-16 read 1. A C alone goes round 0.6 again, two arcs half."""
    centre = np.array([140.0, 140.0])
    stem = 160 - pen - gap * pen
    strokes = [np.array([(145, 80), (100, 160), (175, 160)], float), np.array([(165, 110), (165, stem)], float)]
    strokes = [(points - centre) * scale + centre for points in strokes]
    whole, stem_alone = (normalise(draw_strokes(drawn, pen)).image for drawn in (strokes, strokes[1:]))
    assert whole is not None and stem_alone is not None
    assert np.count_nonzero(whole) > 1.5 * np.count_nonzero(stem_alone)  # the L is there
