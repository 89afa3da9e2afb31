"""The forty-ninth round of hostile testing, review13: this round's library and training changes read with a hostile
reviewer's eyes (the per-format memory limits, the speck and dot words, the LUMA grey, the two-runs refusal), each
suspected defect proved by a test that fails on the code before its fix."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from rowreader.cli import main as cli_main
from rowreader.picture import read_picture
from rowreader.picture_limits import MAX_DECODED_BYTES, check_decoded_size, decoded_bytes
from rowreader.preprocess import MAX_INPUT_SIDE
from training.resume import checkpoint_behind
from training.state import TrainingState


def jpeg_said(width: int, height: int, progressive: bool) -> Image.Image:
    """A white RGB JPEG whose frame header says ``width`` × ``height``, opened (its header only is read)."""
    saved = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(saved, "JPEG", progressive=progressive)
    data = bytearray(saved.getvalue())
    frame = data.find(b"\xff\xc2" if progressive else b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, height, width)
    return Image.open(io.BytesIO(bytes(data)))


@pytest.mark.parametrize(
    ("width", "height", "progressive"),
    [(9504, 6336, True), (8688, 5792, True), (10000, 7000, False), (10000, 7000, True)],
)
def test_a_camera_jpeg_whose_boxes_are_odd_is_drafted_not_refused(width: int, height: int, progressive: bool) -> None:
    """A camera's JPEG of 50 to 70 MP (Sony's 9,504 × 6,336 and Canon's 8,688 × 5,792 saved progressive, or one of
    10,000 × 7,000) was refused as "would take about 336 to 467 MB to read ... scale it down first": its boxes' side
    (5) no JPEG scale divides, so it was decoded whole, where one of 8,192 × 5,464 was decoded at a quarter. Now a
    JPEG too large to decode whole is decoded at the largest scale that fits the limit, and read."""
    image = jpeg_said(width, height, progressive)
    check_decoded_size(image)
    assert image.size[0] < width and image.size[1] < height
    assert decoded_bytes(image, (width, height)) <= MAX_DECODED_BYTES


def test_a_jpeg_that_fits_whole_is_decoded_whole() -> None:
    """A JPEG whose boxes' side is odd and that fits the limit whole is still decoded at its own size (its reading
    unchanged): only one that would be refused is drafted at a scale its boxes do not share."""
    image = jpeg_said(6000, 4000, True)
    check_decoded_size(image)
    assert image.size == (6000, 4000)


def test_a_progressive_photo_of_61_mp_is_read(tmp_path: Path) -> None:
    """End to end: a progressive JPEG of 9,504 × 6,336 (a 61-MP camera's size) holding a 7 was refused by `rowreader
    predict`; now it is decoded at half its size and read, averaged to under MAX_INPUT_SIDE."""
    picture = Image.new("L", (9504, 6336), 255)
    ImageDraw.Draw(picture).line([(4000, 1500), (5500, 1500), (4300, 5000)], fill=0, width=300)
    path = tmp_path / "photo.jpg"
    picture.save(path, progressive=True, quality=85)
    pixels = read_picture(path)
    assert max(pixels.shape[:2]) <= MAX_INPUT_SIDE
    assert pixels.min() < 64 < 192 < pixels.max()


def test_a_blank_page_in_uneven_light_is_not_told_its_shades_differ_by_under_1_percent(capsys, tmp_path: Path) -> None:
    """A blank page photographed in uneven light (its shades 100 to 160 of 255, 24 % apart) was "no ink found: its
    shades differ by 0.9 % at most, too faint to read": the spread was measured once the light was evened, not on the
    picture's shades it names. Now it is measured on the picture's own shades: this page is called empty."""
    page = np.tile(np.linspace(100, 160, 256).astype(np.uint8)[:, None], (1, 256))
    Image.fromarray(page).save(path := tmp_path / "page.png")
    status = cli_main(["predict", str(path)])
    out = capsys.readouterr().out
    assert status == 0 and "no ink found" in out and "too faint" not in out and "0.9 %" not in out, out


# Digits of the smallest pixel fonts, 3 × 5 (one_digit.MIN_DIGIT_PIXELS' own example), "#" for ink.
PIXEL_FONT = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "4": ["#.#", "#.#", "###", "..#", "..#"],
    "7": ["###", "..#", "..#", ".#.", ".#."],
}


@pytest.mark.parametrize("digit", sorted(PIXEL_FONT))
def test_a_digit_of_a_3_by_5_pixel_font_is_read(capsys, tmp_path: Path, digit: str) -> None:
    """The speck refusal's edge had no test: MIN_DIGIT_PIXELS raised from 5 to 7 passed every test, and would have
    called a legible 3 × 5 pixel-font digit (in a 9 × 9 picture) "a speck, no digit to read". Each is read as itself."""
    page = np.full((9, 9), 255, np.uint8)
    for row, line in enumerate(PIXEL_FONT[digit]):
        page[2 + row, 3 : 3 + len(line)] = [0 if c == "#" else 255 for c in line]
    Image.fromarray(page).save(path := tmp_path / f"{digit}.png")
    status = cli_main(["predict", str(path)])
    out = capsys.readouterr().out
    assert status == 0 and f"prediction: {digit} (" in out, out


def _state_at(epoch: int, step: int) -> TrainingState:
    """A training state at ``epoch`` and ``step``: all checkpoint_behind reads of one."""
    rng = torch.zeros(1)
    return TrainingState({}, {}, {}, rng, rng, epoch, step, 0.0, 0.0, 0.0, {}, [])


@pytest.mark.parametrize(
    ("epoch", "step", "behind"),
    [(3, 30, True), (3, 10, False), (1, 30, False), (1, 10, False)],
)
def test_a_checkpoint_is_behind_its_state_only_in_both_epochs_and_steps(
    tmp_path: Path, epoch: int, step: int, behind: bool
) -> None:
    """The two-runs refusal's rule had no test of its own: dropping either half of "behind in both epochs and steps"
    passed every test, so a state whose epoch alone (or step alone) was ahead would be called a later run's
    checkpoint. Each half is now held: only a checkpoint behind in both is refused."""
    said = checkpoint_behind(tmp_path / "m.safetensors", {"epochs_trained": 1, "steps": 10}, _state_at(epoch, step))
    assert (said is not None) == behind, said
    if behind:
        assert said.startswith(f"{tmp_path / 'm.safetensors'} holds epoch 1 of the run, behind ")
