"""The sixty-first round's review of leftovers7's, student4's and review51's merges (area review52), each test seen
failing on the code before its fix: an import's look for drawings' strokes without their pictures, which looked
through every picture of a folder for each sidecar."""

from __future__ import annotations

import time
from pathlib import Path

from rowreader.example_folder import LONE_SIDECAR, lone_sidecars


def test_a_folder_of_thousands_of_drawings_is_looked_through_in_well_under_a_second(tmp_path: Path) -> None:
    """3,000 drawings (a picture and its strokes each) in one digit's folder took 20 s before an import read a
    picture: each sidecar's picture was looked for among all 3,000 (2,000 here took 9 s); grouped by name once,
    0.04 s. The one sidecar without its picture is still the one named."""
    folder = tmp_path / "3"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:05d}.png").touch()
        (folder / f"{i:05d}.json").touch()
    (folder / "lost.json").touch()
    started = time.perf_counter()
    lines = lone_sidecars(tmp_path)
    assert time.perf_counter() - started < 1.0
    assert lines == [f"{folder / 'lost.json'}: {LONE_SIDECAR}"]
