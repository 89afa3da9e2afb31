"""The twenty-second round of hostile testing, the command line: `rowreader` on odd names, pictures, models and
outputs."""

from __future__ import annotations

import io
import shutil
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from conftest import png_chunk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import load_checkpoint, pretrained_path
from rowreader.cli import main
from rowreader.picture import read_picture
from rowreader.picture_errors import PictureError

# What a name may end with that pathlib drops, leaving the name of the file before it: "/", "//", "/.", "/./" …
FOLDER_ENDINGS = st.lists(st.sampled_from(["/", "/."]), min_size=1, max_size=3).map("".join)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
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


class _ReadsRecorded(io.BytesIO):
    """Standard input's bytes, the largest read asked of them kept: ``read(n)`` reserves n bytes before reading."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        self.largest = max(self.largest, size if size is not None and size >= 0 else len(self.getbuffer()))
        return super().read(size)


def test_a_picture_piped_in_is_read_a_mib_at_a_time(capsys, monkeypatch):
    """`predict - < noisy.png` (1.4 MB) asked standard input for the rest of 1 GiB in one read, which reserves it
    all first: a MemoryError under `ulimit -v 1200000`, where the same file named as IMAGE read in 90 MB. Its bytes
    are read a MiB at a time, to their end, and read as the file's are."""
    import json

    import numpy as np

    from rowreader.cli import STDIN_HEAD_BYTES

    noise = np.random.default_rng(7).integers(0, 256, (1100, 1100), dtype=np.uint8)
    noise[200:900, 500:560] = 0
    encoded = io.BytesIO()
    Image.fromarray(noise).save(encoded, "PNG")
    assert len(encoded.getvalue()) > STDIN_HEAD_BYTES  # past the first read, which looks at the head only
    piped = _ReadsRecorded(encoded.getvalue())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(piped))
    assert main(["predict", "--json", "-"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["file"] == "-" and result["prediction"] is not None
    assert piped.largest <= STDIN_HEAD_BYTES


def test_a_picture_too_large_for_the_memory_left_is_one_error_and_the_rest_are_read(capsys, tmp_path, monkeypatch):
    """Under `ulimit -v 700000`, an 11,000² PNG (1.6 MB) ended `predict --json seven.png big.png seven.png` in a
    MemoryError traceback: the third picture unread and the document left open (`json.loads`: "Expecting ','
    delimiter"). It is one line naming the picture, status 1, the others read and the document whole."""
    import json

    import rowreader.cli

    seven, big = tmp_path / "seven.png", tmp_path / "big.png"
    Image.new("L", (28, 28), 255).save(seven)
    Image.new("L", (28, 28), 255).save(big)
    real = rowreader.cli.read_picture_and_note

    def out_of_memory_for_big(path):
        if Path(path) == big:  # the name as typed (a str)
            raise MemoryError  # what Pillow raises when the decoded picture does not fit
        return real(path)

    monkeypatch.setattr(rowreader.cli, "read_picture_and_note", out_of_memory_for_big)
    assert main(["predict", "--json", str(seven), str(big), str(seven)]) == 1
    out, err = capsys.readouterr()
    assert [r["file"] for r in json.loads(out)] == [str(seven), str(seven)]
    assert err.splitlines() == [
        f"rowreader: error: {big}: not enough memory to read this picture (scale it down, or let the command use "
        "more memory)"
    ]


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(length=st.integers(256, 5000))
def test_a_checkpoint_name_too_long_for_the_system_is_one_error_line(capsys, tmp_path, length):
    """`--checkpoint` of a name longer than a file name may be (255 bytes) ended in three tracebacks: while the
    refusal ("File name too long") was being worded, `Path.is_dir` raised the same error again."""
    seven = tmp_path / "seven.png"
    Image.new("L", (28, 28), 255).save(seven)
    name = "m" * length
    assert main(["predict", "--checkpoint", name, str(seven)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"rowreader: error: {name}: cannot read this checkpoint: its name is {length:,} bytes long")


def peak_refusing(path, match: str) -> int:
    """The most memory Python held (bytes) while read_picture refused ``path`` with an error matching ``match``."""
    tracemalloc.start()
    try:
        with pytest.raises(PictureError, match=match):
            read_picture(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_png_whose_data_chunk_claims_gigabytes_is_refused_without_reading_them(capsys, tmp_path):
    """A PNG of 4 kB on disk (a sparse file) whose one IDAT chunk said it held 1.5 GB of zeros took 11 s and 3 GB of
    memory to be refused: the check that a PNG's data does not end early read the chunk whole, then Pillow's decoder
    held all of it before saying "broken data stream". Data that is no zlib stream is refused at its first piece."""
    claimed = 256 * 2**20
    path = tmp_path / "sparse.png"
    with path.open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)))
        file.write(struct.pack(">I", claimed) + b"IDAT")
        file.truncate(file.tell() + claimed + 4)  # zeros the file system need not store
    assert peak_refusing(path, r"^a damaged PNG picture: its compressed pixel data is broken \(zlib") < 16 * 2**20
    assert main(["predict", str(path)]) == 1
    assert "sparse.png: a damaged PNG picture" in capsys.readouterr().err


def test_libtiff_s_own_lines_are_kept_off_stderr_and_name_the_damage(capfd, tmp_path):
    """libtiff writes to stderr itself: a compressed TIFF whose data was damaged put "tempfile.tif: Using code not yet
    in table." (LZW; "PackBitsDecode: Not enough data for scanline 109." for PackBits) above predict's one error
    line, which said only "cannot read the image (decoder error -2)". The one line names the damage in libtiff's
    words."""
    import numpy as np

    noise = np.random.default_rng(3).integers(0, 256, (600, 600), dtype=np.uint8)
    noise[100:500, 280:320] = 0
    path = tmp_path / "scan.tif"
    Image.fromarray(noise).save(path, compression="tiff_lzw")
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 200] = b"\xff" * 200  # the pixel data; the directory, at the end, is whole
    path.write_bytes(bytes(data))
    assert main(["predict", str(path)]) == 1
    out, err = capfd.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"rowreader: error: {path}: a damaged TIFF picture (libtiff: ")
    assert "decoder error" not in line and "tempfile.tif" not in line


@pytest.mark.parametrize("kind", [b"zzZz", b"iCCP", b"tEXt"])
def test_a_png_whose_metadata_chunk_claims_gigabytes_is_refused_from_its_header(tmp_path, kind):
    """Pillow reads a PNG's chunk whole before it looks at it: a PNG of 4 kB on disk (a sparse file) whose one
    unknown chunk said it held 1.5 GB took 3 GB and 11 s to be called damaged (an ICC profile so: 4.4 GB and 22 s).
    The chunks' headers are walked first, and one over Pillow's own 64 MB for a PNG's text is refused at once."""
    claimed = 256 * 2**20
    path = tmp_path / "sparse.png"
    with path.open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)))
        file.write(struct.pack(">I", claimed) + kind)
        file.seek(claimed + 4, 1)  # zeros the file system need not store, then a whole picture's data
        file.write(png_chunk(b"IDAT", zlib.compress(b"\x00" * 29 * 28)) + png_chunk(b"IEND", b""))
    assert peak_refusing(path, rf"^a damaged PNG picture: its '{kind.decode()}' chunk says it holds") < 16 * 2**20
