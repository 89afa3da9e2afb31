"""The sixty-first round, training3: a fine-tune's examples folder holding what a hostile user puts there.

Each odd entry is read as the very picture it holds, or skipped with a reason, and the digits' counts are those of
the good pictures alone (what `python -m training.fit --finetune BASE --examples DIR` teaches from).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from rowreader.example_folder import input_of, load_examples


def _three() -> np.ndarray:
    """A 28×28 dark 3-ish stroke on white: enough ink in one piece to be one digit."""
    image = np.full((28, 28), 255, np.uint8)
    image[5:8, 8:20] = 0
    image[12:15, 10:20] = 0
    image[20:23, 8:20] = 0
    image[5:23, 17:20] = 0
    return image


def test_odd_files_are_read_right_or_skipped_with_a_reason(tmp_path: Path) -> None:
    drawing = _three()
    for digit in range(10):
        (tmp_path / str(digit)).mkdir()
    Image.fromarray(drawing).save(tmp_path / "3" / "plain.png")
    for name in ("10", "-1", "٣"):  # no digit folder: its pictures are not read
        (tmp_path / name).mkdir()
        Image.fromarray(drawing).save(tmp_path / name / "x.png")
    (tmp_path / "3" / "loop").symlink_to(tmp_path / "3")  # a loop of links, never followed
    (tmp_path / "3" / "empty.png").write_bytes(b"")
    # 8-bit values in a 16-bit PNG (a converter that did not scale), a CMYK JPEG, an animated GIF of two frames
    Image.fromarray(drawing.astype(np.uint16)).save(tmp_path / "3" / "low16.png")
    Image.fromarray(drawing).convert("CMYK").save(tmp_path / "3" / "cmyk.jpg", quality=100)
    frames = [Image.fromarray(drawing).convert("P"), Image.fromarray(255 - drawing).convert("P")]
    frames[0].save(tmp_path / "3" / "moving.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)

    plain = input_of(tmp_path / "3" / "plain.png")
    for name in ("low16.png", "moving.gif"):  # the same pixels: the same input
        assert np.array_equal(input_of(tmp_path / "3" / name), plain), name
    assert np.abs(input_of(tmp_path / "3" / "cmyk.jpg") - plain).max() < 0.2  # JPEG's loss alone, not inverted

    found = load_examples(tmp_path)
    names = sorted(found.name_of(example) for example in found.examples)
    assert names == ["3/cmyk.jpg", "3/low16.png", "3/moving.gif", "3/plain.png"]
    skipped = sorted(Path(problem.split(": ")[0]).relative_to(tmp_path).as_posix() for problem in found.problems)
    assert skipped == sorted(["10", "-1", "٣", "3/loop", "3/empty.png"])
    assert "rename it 3" in " ".join(found.problems)  # the Arabic-Indic three is told apart, not read as 3
