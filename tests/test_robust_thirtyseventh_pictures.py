"""The thirty-seventh round of hostile testing, pictures: the picture readers' size and frame budgets checked before
decoding (a WebP's canvas and frames, read by PIL through libwebp's animation decoder), libtiff's messages handed to
the thread decoding without moving the process's stderr, and the library's torch names without torch; each test
checked to fail on the code before its fix. The files are crafted from headers: none is decoded whole.
"""

from __future__ import annotations

import io
import os
import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from test_core_no_torch import run_fresh

from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError
from rowreader.picture_limits import MAX_WEBP_CHUNKS, MAX_WEBP_FRAMES, MAX_WEBP_PIXELS, check_webp

REPO = Path(__file__).resolve().parents[1]


# ---- a WebP's canvas and frames -----------------------------------------------------------------------------------


def _seven(size: int = 16) -> Image.Image:
    picture = Image.new("L", (size, size), 255)
    ImageDraw.Draw(picture).line([(2, 2), (size - 3, 2), (size // 2, size - 3)], fill=0, width=max(1, size // 8))
    return picture


def animated_webp(width: int, height: int, frames: int = 2) -> bytes:
    """An animated WebP of ``frames`` frames of 16 × 16 whose VP8X header says its canvas is ``width`` × ``height``
    (144 bytes for two frames); every frame after the second is the second again."""
    pictures = [_seven(), Image.new("L", (16, 16), 0)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "WEBP", save_all=True, append_images=pictures[1:], lossless=True)
    data = bytearray(buffer.getvalue())
    at = data.index(b"VP8X")
    data[at + 12 : at + 18] = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    last = data.rindex(b"ANMF")
    body = bytes(data[12:]) + bytes(data[last:]) * (frames - 2)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def _still_webp(kind: str, width: int, height: int) -> bytes:
    """A still WebP, lossless (VP8L) or lossy (VP8), whose bitstream's header says it is ``width`` × ``height``."""
    buffer = io.BytesIO()
    _seven().save(buffer, "WEBP", lossless=kind == "VP8L")
    data = bytearray(buffer.getvalue())
    assert data[12:16] == kind.encode().ljust(4)
    if kind == "VP8L":
        bits = int.from_bytes(data[21:25], "little") & ~((1 << 28) - 1)
        data[21:25] = (bits | (width - 1) | (height - 1) << 14).to_bytes(4, "little")
    else:
        data[26:30] = width.to_bytes(2, "little") + height.to_bytes(2, "little")
    return bytes(data)


def test_an_animated_webp_whose_canvas_says_88_megapixels_is_refused_from_its_header(tmp_path: Path) -> None:
    """PIL reads every WebP through libwebp's animation decoder, 16 bytes a canvas pixel: a WebP of 144 bytes whose
    canvas says 3,145,756 × 28 (88 Mpx, under the 2²⁷ pixels other pictures may hold) took 7.7 to 13 s and 1.4 GB
    to be read as a blank page. Its header is refused in milliseconds, by the reader `predict`, the app's Open and
    the examples folder share, and the examples dock counts it as too large, not damaged."""
    path = tmp_path / "banner.webp"
    path.write_bytes(animated_webp(3_145_756, 28))
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError, match=r"a WebP of 3145756×28 pixels, more than the 16,777,216 a WebP may hold"):
        read_picture(path)
    assert time.process_time() - started < 1
    assert too_large(path)


@pytest.mark.parametrize("kind", ["VP8X", "VP8L", "VP8"])
def test_every_kind_of_webp_over_its_pixels_is_refused_before_pil_opens_it(kind: str) -> None:
    """An animated canvas (VP8X) and a still picture's own header (lossless VP8L, lossy VP8) alike: 6,000² is under
    the 2²⁷ pixels, over the 2²⁴ a WebP may hold (a still WebP of 8,192² took 1,063 MB)."""
    data = animated_webp(6000, 6000) if kind == "VP8X" else _still_webp(kind, 6000, 6000)
    with pytest.raises(PictureError, match=r"a WebP of 6000×6000 pixels, more than the 16,777,216"):
        read_picture_data(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 2**24), height=st.integers(1, 2**24))
def test_a_webp_canvas_is_refused_exactly_where_it_holds_too_many_pixels(width: int, height: int) -> None:
    """Any canvas a VP8X header can say: over the WebP's pixels it is refused naming its size, before PIL opens it;
    within them it is not refused for its pixels (a small one is read: those near the limit take 550 MB)."""
    data = animated_webp(width, height)
    if width * height > MAX_WEBP_PIXELS:
        with pytest.raises(PictureError, match=f"a WebP of {width}×{height} pixels, more than the 16,777,216"):
            read_picture_data(data)
    elif width * height <= 1024**2 and min(width, height) >= 16:  # a canvas smaller than its frames: damaged
        assert read_picture_data(data).ndim == 3  # RGBA, or RGB (over 2,048 a side: averaged down)
    else:
        check_webp(io.BytesIO(data))


def test_a_webp_of_more_frames_than_read_is_refused_from_its_chunks() -> None:
    """libwebp indexes every frame as PIL opens a WebP, though only the first is read: 5 million frames of 16 × 16
    (250 MB) took 973 MB and 2.8 s, and the 1 GiB a WebP could be four times that. Past 65,536 frames the file is
    refused from its chunks' headers; 65,536 are read."""
    assert read_picture_data(animated_webp(16, 16, MAX_WEBP_FRAMES)).shape[:2] == (16, 16)
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError, match=r"an animated WebP of more than 65,536 frames .*save its first frame"):
        read_picture_data(animated_webp(16, 16, MAX_WEBP_FRAMES + 1))
    assert time.process_time() - started < 1


def test_a_webp_of_more_chunks_than_any_holds_is_refused_from_their_headers() -> None:
    """libwebp indexes every chunk of an extended WebP, and PIL looks through them for its metadata: 10 million empty
    chunks of an unknown kind before a still picture (80 MB) took 64 s and 496 MB to be read. Past a chunk for each
    of 65,536 frames and 16 others, the file is refused from their headers; 65,552 are read."""
    data = animated_webp(16, 16)
    at = data.index(b"ANIM")

    def with_empty_chunks(count: int) -> bytes:
        body = data[12:at] + b"zzzz\0\0\0\0" * count + data[at:]
        return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body

    assert read_picture_data(with_empty_chunks(MAX_WEBP_CHUNKS - 3)).shape[:2] == (16, 16)  # ANIM and two frames
    with pytest.raises(PictureError, match=r"a damaged WebP picture: more than 65,552 chunks follow its header"):
        read_picture_data(with_empty_chunks(MAX_WEBP_CHUNKS - 2))


def test_a_webp_longer_than_its_pixels_could_take_is_refused_from_its_length(tmp_path: Path) -> None:
    """A WebP is read whole as PIL opens it: one of 1,000,000,202 bytes (a sparse file, under the 1 GiB any picture
    could take) took 1.9 GB and 13.6 s to be read. No WebP of 2²⁴ pixels takes 16 bytes a pixel: past 256 MiB it is
    refused from its length, as an AVIF is past 1 GiB."""
    path = tmp_path / "seven.webp"
    _seven(112).save(path, "WEBP")
    assert read_picture(path).shape[:2] == (112, 112)
    with path.open("r+b") as file:
        file.truncate(2**28 + 1)  # sparse: nothing written
    with peak_memory() as peak, pytest.raises(PictureError, match=r"of 268,435,457 bytes, more than the 0.25 GiB"):
        read_picture(path)
    assert peak.bytes < 20 * 2**20


def test_the_apps_open_names_the_file_and_the_limit_of_a_webp_too_large(tmp_path: Path) -> None:
    """The app's Open (and a drop) reads with the same reader: its error box names the file and the limit."""
    from gui.image_io import load_picture_file

    path = tmp_path / "sticker.webp"
    path.write_bytes(animated_webp(16, 16, MAX_WEBP_FRAMES + 1))
    with pytest.raises(PictureError, match=r"^sticker\.webp: an animated WebP of more than 65,536 frames"):
        load_picture_file(path)


def _seven_svg(side: int) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" viewBox="0 0 100 100">'
        '<rect width="100" height="100" fill="white"/><path d="M25 20 H75 L45 85" stroke="black" stroke-width="9" '
        'fill="none"/></svg>'
    ).encode()


def test_an_svg_larger_than_the_input_reads_is_drawn_at_that_size(tmp_path: Path) -> None:
    """The app reads an SVG with Qt (Pillow knows none): one of 11,000² (under the 2²⁷ pixels) was drawn whole, then
    copied twice as RGBA, 1.45 GB and 3.8 to 8.3 s. It is drawn at the 2,048 px a side ``to_mnist`` reads (0.2 s,
    119 MB), and its input is within 0.02 of the same drawing's at 1,000² (0.014 at most against drawn whole)."""
    from gui.image_io import load_picture_file, read_any_picture

    (tmp_path / "large.svg").write_bytes(_seven_svg(11_000))
    (tmp_path / "small.svg").write_bytes(_seven_svg(1_000))
    with peak_memory() as peak:
        assert read_any_picture(tmp_path / "large.svg").shape == (2048, 2048, 4)
    assert peak.bytes < 64 * 2**20
    large, small = load_picture_file(tmp_path / "large.svg"), load_picture_file(tmp_path / "small.svg")
    assert np.abs(large.image - small.image).max() < 0.02


def _icon_around(picture: bytes, kind: str) -> bytes:
    """An icon whose one entry holds ``picture``: an ICO's saying 16 × 16, or an ICNS's of 1,024² (``ic10``)."""
    if kind == "ICO":
        return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(picture), 22) + picture
    entry = b"ic10" + struct.pack(">I", 8 + len(picture)) + picture
    return b"icns" + struct.pack(">I", 8 + len(entry)) + entry


@pytest.mark.parametrize(("kind", "inside"), [("ICO", "PNG"), ("ICO", "BMP"), ("ICNS", "PNG"), ("ICNS", "J2K")])
def test_an_icon_whose_picture_says_more_pixels_than_read_is_refused_before_pil_decodes_it(kind: str, inside: str):
    """PIL decodes an ICO's largest picture as it opens the file, and an ICNS's as it loads it, their size from the
    icon's directory (256 or 1,024 at most): an ICO saying 16 × 16 around an RGBA PNG of 13,000² (3 MB) took 2.8 s
    and 683 MB to be refused (under PIL's own bomb limit of 179 million pixels, over the 134 million read), an ICNS
    3.8 s and 683 MB to be called "not one of the allowed sizes". The pictures' own headers are read first; icons of
    several sizes are still read."""
    if inside == "PNG":
        header = struct.pack(">IIBBBBB", 13_000, 13_000, 8, 6, 0, 0, 0)
        picture = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\0" * 68
    elif inside == "BMP":  # a bitmap's header: its height counts the mask too
        picture = struct.pack("<IiiHHIIiiII", 40, 13_000, 26_000, 1, 32, 0, 0, 0, 0, 0, 0) + b"\0" * 64
    else:  # a JPEG 2000 codestream's SIZ: the canvas, less its offset
        picture = b"\xff\x4f\xff\x51\x00\x29\x00\x00" + struct.pack(">IIII", 13_100, 13_000, 100, 0) + b"\0" * 64
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError, match=r"^13000×13000 pixels is more than the 134,217,728 this program reads"):
        read_picture_data(_icon_around(picture, kind))
    assert time.process_time() - started < 1
    buffer = io.BytesIO()
    _seven(1024 if kind == "ICNS" else 256).convert("RGBA").save(buffer, kind, sizes=[(16, 16), (32, 32), (256, 256)])
    assert read_picture_data(buffer.getvalue()).shape == ((1024, 1024, 4) if kind == "ICNS" else (256, 256, 4))


# ---- counting frames --------------------------------------------------------------------------------------------


def _blank_gif(side: int, frames: int) -> bytes:
    """A blank GIF of ``side``² whose ``frames`` frames are 1 × 1 (crafted: the same frame's blocks repeated)."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "GIF", save_all=True, append_images=[Image.new("L", (16, 16), 254)])
    data = bytearray(buffer.getvalue())
    data[6:10] = struct.pack("<HH", side, side)
    frame = (
        b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00\x02\x02\x44\x01\x00"
    )
    return bytes(data[:-1]) + frame * (frames - 2) + b"\x3b"


@pytest.mark.parametrize("kind", ["GIF", "PNG"])
def test_counting_an_animations_frames_decodes_none_of_them(kind: str, monkeypatch) -> None:
    """The words for a blank first frame ("no ink in its first frame (of 100 or more …)") count the frames: Pillow's
    seek draws every frame of a GIF or an APNG it passes onto the whole canvas, so a blank GIF of 11,000² holding a
    thousand 1 × 1 frames took 120 s and 1.15 GB in the app's Open to say so (3.7 s and 439 MB now, the reading of
    its first frame). A GIF's frames are counted from its blocks, an APNG's from its acTL chunk: no frame decoded."""
    from PIL import ImageFile

    from rowreader.picture_words import frame_count

    if kind == "GIF":
        data, expected = _blank_gif(300, 1000), 100
    else:
        buffer = io.BytesIO()
        frames = [Image.new("L", (300, 300), 255 - i % 2) for i in range(5)]
        frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
        data, expected = buffer.getvalue(), 5
    loads = []
    real = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: loads.append(1) or real(image))
    assert frame_count(io.BytesIO(data)) == expected
    assert loads == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frames=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12), st.integers(0, 255)), min_size=1, max_size=7),
    comment=st.binary(max_size=600),
    palettes=st.booleans(),
)
def test_a_gifs_frames_are_counted_as_pillow_counts_them_none_decoded(frames, comment: bytes, palettes: bool) -> None:
    """Frames of any size, place and colour, a comment of any length (data blocks), each frame's own palette or
    none: the count from the blocks is Pillow's ``n_frames``, and no frame is decoded for it."""
    from PIL import ImageFile

    from rowreader.picture_words import frame_count

    pictures = [Image.new("P" if palettes else "L", (w, h), shade) for w, h, shade in frames]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], comment=comment, optimize=False)
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        expected = image.n_frames
    loads, real = [], ImageFile.ImageFile.load
    ImageFile.ImageFile.load = lambda image: loads.append(1) or real(image)  # put back below, whatever happens
    try:
        assert frame_count(io.BytesIO(buffer.getvalue())) == expected
    finally:
        ImageFile.ImageFile.load = real
    assert loads == []


# ---- libtiff's messages -------------------------------------------------------------------------------------------


def _packbits_cut(size: int = 200) -> bytes:
    """A PackBits TIFF whose strip is garbled: libtiff says "PackBitsDecode: Not enough data for scanline 0." as
    Pillow decodes it."""
    picture = np.full((size, size), 255, np.uint8)
    picture[size // 4 : 3 * size // 4, size // 2 - 10 : size // 2 + 10] = 0
    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, "TIFF", compression="packbits")
    tiff = bytearray(buffer.getvalue())
    with Image.open(io.BytesIO(bytes(tiff))) as image:
        start, length = image.tag_v2[273][0], image.tag_v2[279][0]
    for at in range(start + 10, start + length - 10, 7):
        tiff[at] = 0x80 if at % 2 else 0x7F
    return bytes(tiff)


def test_a_line_another_thread_writes_while_a_tiff_decodes_reaches_stderr_then(capfd, monkeypatch) -> None:
    """libtiff's lines were kept off stderr by pointing the process's stderr at a file while a TIFF decoded: another
    thread's lines went there too, some given back only after the decoding and some lost (1 or 2 in 2 of 11 runs of
    200 readings). libtiff's handlers now hand its messages to the thread decoding: stderr stays where it is, and a
    line written meanwhile is on it at once."""
    import rowreader.picture as picture

    real, seen = picture.load_as_stored, []

    def with_a_line_written_meanwhile(image: Image.Image) -> None:
        writer = threading.Thread(target=os.write, args=(2, b"a line of another thread\n"))
        writer.start()
        writer.join()
        seen.append(capfd.readouterr().err)
        real(image)

    monkeypatch.setattr(picture, "load_as_stored", with_a_line_written_meanwhile)
    with pytest.raises(PictureError, match=r"a damaged TIFF picture \(libtiff: PackBitsDecode: Not enough data"):
        read_picture_data(_packbits_cut())
    assert seen == ["a line of another thread\n"]
    assert capfd.readouterr().err == ""  # libtiff's own line is the error's, not stderr's


def test_a_stop_while_a_tiff_decodes_leaves_stderr_and_libtiffs_later_lines_where_they_were(capfd, monkeypatch):
    """A stop (Ctrl-C) inside a TIFF's decoding once could leave stderr in libtiff's temporary file for good (the
    thirty-second round). stderr is never moved now; after the stop, libtiff's lines of a picture read elsewhere on
    this thread (Pillow used directly) reach stderr as libtiff writes them, not a list nobody reads."""
    import rowreader.picture as picture

    before = os.fstat(2)
    during = []

    def stopped(image: Image.Image) -> None:
        during.append(os.fstat(2))
        raise KeyboardInterrupt

    monkeypatch.setattr(picture, "load_as_stored", stopped)
    with pytest.raises(KeyboardInterrupt):
        read_picture_data(_packbits_cut())
    assert [(s.st_dev, s.st_ino) for s in during] == [(before.st_dev, before.st_ino)]
    with pytest.raises(OSError), Image.open(io.BytesIO(_packbits_cut())) as image:
        image.load()
    assert "PackBitsDecode: Not enough data for scanline 0.\n" in capfd.readouterr().err


# ---- the library's torch names without torch ----------------------------------------------------------------------

WITHOUT_TORCH = """
import sys
sys.modules["torch"] = None  # as an install without torch: `import torch` fails naming it
import rowreader
from rowreader.picture import read_picture_data
for call in ("from rowreader import RowReader", "import rowreader.evaluate", "rowreader.resolve_device()",
             "rowreader.load_pretrained(device='cpu')", "rowreader.load_pretrained().reader"):
    try:
        exec(call)
    except ImportError as err:
        print(call, "|", type(err).__name__, "|", err.name, "|", err)
    else:
        print(call, "| imported")
model = rowreader.load_pretrained()
print("read", model.stream().feed_image(rowreader.to_mnist(read_picture_data(open("seven.png", "rb").read())))[-1].top)
"""


def test_the_librarys_torch_names_say_they_need_pytorch_and_how_to_install_it(tmp_path: Path) -> None:
    """Without torch, ``from rowreader import RowReader``, ``import rowreader.evaluate``, ``resolve_device()``,
    ``load_pretrained(device=…)`` and ``.reader`` raised Python's "No module named 'torch'", as if the library were
    broken. Each says what needs PyTorch, that reading does not, and the pip command for this Python; the error is
    still a ModuleNotFoundError naming torch (the commands' one line knows it), and reading still reads."""
    _seven(112).save(tmp_path / "seven.png")
    *failures, read = run_fresh(WITHOUT_TORCH, tmp_path).splitlines()
    assert len(failures) == 5
    for line in failures:
        _call, kind, name, words = line.split(" | ")
        assert (kind, name) == ("ModuleNotFoundError", "torch"), line
        assert "needs PyTorch (torch), which is not installed in this Python" in words, line
        assert "reading digits does not" in words and "-m pip install 'torch<2.15'" in words, line
    assert read.startswith("read ")
