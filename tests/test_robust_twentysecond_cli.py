"""The twenty-second round of hostile testing, the command line: `rowreader` on odd names, pictures, models and
outputs."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import load_checkpoint, pretrained_path
from rowreader.cli import main
from rowreader.picture import PictureError, read_picture

# What a name may end with that pathlib drops, leaving the name of the file before it: "/", "//", "/.", "/./" …
FOLDER_ENDINGS = st.lists(st.sampled_from(["/", "/."]), min_size=1, max_size=3).map("".join)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(end=FOLDER_ENDINGS)
def test_a_file_named_with_a_slash_after_it_is_refused_not_read(capsys, tmp_path, end):
    """`rowreader predict seven.png/` read seven.png (pathlib drops the slash) where `cat seven.png/` says "Not a
    directory", and `--checkpoint m.safetensors/` read the model: each is refused with the command line (status 2,
    nothing read), and the library's readers refuse such a name too."""
    seven = tmp_path / "seven.png"
    Image.new("L", (28, 28), 255).save(seven)
    model = shutil.copy(pretrained_path(), tmp_path / "m.safetensors")
    for file, words in ((seven, [f"{seven}{end}"]), (model, ["--checkpoint", f"{model}{end}", str(seven)])):
        with pytest.raises(SystemExit) as stop:
            main(["predict", *words])
        out, err = capsys.readouterr()
        assert stop.value.code == 2 and out == ""
        assert f"{file}{end}: a name ending in / names a folder, but {file} is a file: drop the /" in err
    with pytest.raises(PictureError, match="a name ending in / names a folder"):
        read_picture(f"{seven}{end}")
    with pytest.raises(NotADirectoryError, match="a name ending in / names a folder"):
        load_checkpoint(f"{model}{end}")
    assert read_picture(str(seven)).shape == (28, 28)  # the name as it is still reads


def _dot_then_seven(path):
    """An animation of a digit drawn stroke by stroke, as a handwriting app exports it: its first frame a dot."""
    from PIL import ImageDraw

    dot, seven = Image.new("L", (112, 112), 255), Image.new("L", (112, 112), 255)
    ImageDraw.Draw(dot).ellipse((50, 20, 53, 23), fill=0)
    ImageDraw.Draw(seven).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    dot.save(path, save_all=True, append_images=[seven], duration=100)


def test_a_first_frame_too_small_to_read_says_only_the_first_frame_is_read(capsys, tmp_path, monkeypatch):
    """An animation whose first frame holds only a dot was "the mark is too small to be a digit …: crop the picture
    to the digit", with no word of its other frames (`--json`: no "frames"), where a blank first frame says that only
    the first frame is read: it says so too, from a file and from standard input."""
    import io
    import json

    gif = tmp_path / "drawn.gif"
    _dot_then_seven(gif)
    assert main(["predict", str(gif)]) == 0
    out = capsys.readouterr().out
    assert "the mark in its first frame (of 2) is too small to be a digit: only a picture's first frame is read" in out
    assert "crop the picture" not in out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(gif.read_bytes())))
    assert main(["predict", "--json", str(gif), "-"]) == 0
    for result in json.loads(capsys.readouterr().out):
        assert result["too_small"] is True and result["frames"] == 2 and result["prediction"] is None
