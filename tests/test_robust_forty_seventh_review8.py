"""The forty-seventh round of hostile testing, review8: the round's late merges read with a hostile reviewer's eyes
(the PNG text chunk naming a drawing's ink and its readers, the settings' read_flag and read_path, "did you mean"
and --resume FILE), each suspected defect proved by a test that failed on the code before its fix."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from rowreader.cli import main as cli_main
from rowreader.example_store import png_bytes
from rowreader.picture import read_picture_data_and_note
from rowreader.stated_ink import INK_KEY, stated_ink
from training.arguments import parse_args


def _one(dark_on_light: bool) -> np.ndarray:
    """A bold 1, dark ink on white paper or (inverted) white on black."""
    grey = np.full((280, 280), 255, np.uint8)
    grey[30:250, 130:150] = 0
    return grey if dark_on_light else 255 - grey


def _png(grey: np.ndarray, said: str | None) -> bytes:
    """``grey`` as a PNG whose text chunk says ``said``, as another program writes it (or keeps it)."""
    info = PngImagePlugin.PngInfo()
    if said is not None:
        info.add_text(INK_KEY, said)
    buffer = io.BytesIO()
    Image.fromarray(grey, mode="L").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _predicted(tmp_path, name: str, data: bytes, capsys) -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data)
    code = cli_main(["predict", "--json", str(path)])
    out, err = capsys.readouterr()
    if code != 0:
        return code, err.replace(name, "NAME")
    result = json.loads(out)
    result = result[0] if isinstance(result, list) else result
    return code, f"{result['prediction']} {result['probability']}"


def test_a_saved_drawing_inverted_elsewhere_is_read_by_its_pixels(tmp_path, capsys) -> None:
    """A saved drawing (its chunk saying dark ink) inverted by a program that keeps text chunks (ImageMagick's
    ``-negate``) still said "dark": ``rowreader predict`` read its black paper as the digit, where the same pixels
    without the chunk were read right. The chunk now names the pixels it was written with; on others it says
    nothing, and the picture is read by its border as any other."""
    saved = Image.open(io.BytesIO(png_bytes(_one(True), "dark")))
    kept = saved.info[INK_KEY]  # what an editor keeping the text chunks writes back
    inverted = _one(False)
    assert _predicted(tmp_path, "kept.png", _png(inverted, kept), capsys) == _predicted(
        tmp_path, "plain.png", _png(inverted, None), capsys
    )


@settings(max_examples=30, deadline=None)
@given(said=st.sampled_from(["dark", "light", "light 0", "dark " + "0" * 64]), dark=st.booleans())
def test_a_chunk_rowreader_did_not_write_says_nothing(said, dark) -> None:
    """A picture RowReader did not write whose chunk says "light" (or "dark") was read as it said: white paper
    read as ink. Only the chunk RowReader writes, naming these very pixels, is taken; any other leaves "auto"."""
    grey = _one(dark)
    assert stated_ink(*read_picture_data_and_note(_png(grey, said))[::-1]) == "auto"


def test_a_drawing_of_ours_still_says_its_ink() -> None:
    """The chunk RowReader writes is still read (with the pixels, from bytes or a file), and an ink asked for wins."""
    grey = _one(True)
    data = png_bytes(grey, "dark")
    picture, note = read_picture_data_and_note(data)
    assert stated_ink(note, picture) == "dark"
    assert stated_ink(note, grey, "light") == "light"
    assert stated_ink(note, 255 - grey) == "auto"


@pytest.mark.parametrize(
    "words", [["--out", "runs/quick", "--resume", "runs/quick"], ["--out", "q.pt", "--epochs", "2", "--resume", "q.pt"]]
)
def test_a_file_after_resume_is_named_so_where_out_named_it_too(words, capsys) -> None:
    """`--out runs/quick --resume runs/quick` (the run named twice, as a newcomer types it) was "unrecognized
    arguments: runs/quick": the word's first place, --out's value, was looked at, not its place after --resume. It is
    now told that --resume takes no file, as the file alone after --resume is."""
    with pytest.raises(SystemExit) as refused:
        parse_args(words)
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert f"--resume takes no file: it continues the run that --out names (--resume --out {words[-1]})" in err, err
