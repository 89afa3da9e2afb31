"""The forty-eighth round of hostile testing, review9: the forty-seventh round's library and training changes read
with a hostile reviewer's eyes (a checkpoint cut short told from its first bytes, the skipped cache writes, the
ICO/CUR and QOI checks, the stated ink, "did you mean FILE?", --resume's refusals), each suspicion tried on a file or
argument made to break it; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import struct
import tarfile
from pathlib import Path

import pytest
from conftest import peak_memory
from PIL import Image
from stopped_runs import TINY, stopped_after_one_epoch
from test_robust_forty_seventh_picsleft import png_cursor

import training.fit as fit_module
from gui.image_io import read_any_picture_data
from rowreader.atomic import take_lock
from rowreader.checkpoint import CUT_SHORT_REMEDY, CheckpointError, load_checkpoint, pretrained_path, refused_model_file
from rowreader.example_folder import load_examples
from rowreader.own_png import refuse_a_file_not_ours, write_own_png
from rowreader.paths import regular_file
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PNG_SIGNATURE, PictureError, UnknownFormat
from rowreader.picture_limits import png_chunk_too_long
from rowreader.skipped_files import skipped_kinds
from training.state import state_path


def test_a_tar_of_a_whole_model_is_not_called_a_checkpoint_cut_short(tmp_path):
    """`tar cf model.tar model.safetensors` (a whole model, as it is often passed on) given as --checkpoint was "a
    RowReader checkpoint cut short, not a whole model …; copy it again whole from where it came": the cut-short check
    looked for the header's words anywhere in the file's first 64 KiB, and a tar holds the whole header at byte 512.
    A file begins as a checkpoint of ours only where its header does, at byte 8; the tar is no longer called ours."""
    model = tmp_path / "model.safetensors"
    model.write_bytes(pretrained_path().read_bytes())
    archive = tmp_path / "model.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(model, arcname=model.name)
    with pytest.raises(CheckpointError) as loading:
        load_checkpoint(archive)
    said = str(loading.value)
    assert "cut short, not a whole model" not in said and CUT_SHORT_REMEDY not in said, said
    assert said.startswith(f"{archive}: not a readable safetensors file"), said
    assert refused_model_file("--checkpoint", archive) == f"--checkpoint {said}"


def test_a_lock_left_by_a_killed_run_is_not_offered_as_the_model(tmp_path):
    """A run killed outright (`kill -9`) before its first save leaves only ``runs/quick.safetensors.lock``, the empty
    file it held (the OS frees the lock; nothing removes the file). `rowreader evaluate --checkpoint
    runs/quick.safetensors` then said "checkpoint not found: …; did you mean runs/quick.safetensors.lock?": an empty
    lock file offered as the model. A lock file is never what a name was meant to be; the model's name is still found
    beside one."""
    runs = tmp_path / "runs"
    model = runs / "quick.safetensors"
    take_lock(model).close()  # held, then let go without removing it, as `kill -9` leaves it
    assert (runs / "quick.safetensors.lock").is_file()
    with pytest.raises(FileNotFoundError) as missing:
        regular_file(model, "checkpoint")
    assert str(missing.value) == f"checkpoint not found: {model}", str(missing.value)
    model.write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"; did you mean .*quick\.safetensors\?$"):
        regular_file(runs / "quick", "checkpoint")


SPARSE_CHUNK = 200 * 2**20  # a tEXt chunk of 200 MB, sparse (a few kB on disk): Pillow reads such a chunk whole


def _long_webp(path: Path) -> Path:
    """A small WebP followed by a sparse run of nothing to 300 MB at ``path`` (Pillow reads a WebP whole)."""
    out = io.BytesIO()
    Image.new("L", (28, 28), 255).save(out, "WEBP")
    with path.open("wb") as file:
        file.write(out.getvalue())
        file.truncate(300 * 2**20)
    return path


def _png_with_a_long_chunk(path, head) -> None:
    """An icon's header and directory (``head`` of its PNG's length), then a 32 × 32 PNG whose tEXt chunk says it
    holds :data:`SPARSE_CHUNK` bytes, written sparse."""
    out = io.BytesIO()
    Image.new("L", (32, 32), 255).save(out, "PNG")
    png = out.getvalue()
    with path.open("wb") as file:
        file.write(head(len(png) + 12 + SPARSE_CHUNK) + png[:33] + struct.pack(">I4s", SPARSE_CHUNK, b"tEXt") + b"a\0")
        file.seek(SPARSE_CHUNK - 2 + 4, io.SEEK_CUR)  # the text, then its CRC: zeros, never written
        file.write(png[33:])


def _ico_head(png_length: int) -> bytes:
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, png_length, 22)


def _icns_head(png_length: int) -> bytes:
    return b"icns" + struct.pack(">I", 16 + png_length) + b"ic07" + struct.pack(">I", 8 + png_length)


@pytest.mark.parametrize("head", [_ico_head, _icns_head], ids=["ICO", "ICNS"])
def test_a_png_inside_an_icon_is_checked_as_a_png_file_is(tmp_path, head):
    """A PNG whose tEXt chunk says it holds 1 GB (a sparse file of 8 kB on disk) is refused from its chunks' headers
    (0.15 s, 50 MB): Pillow reads such a chunk whole. The same PNG inside an ICO icon went to Pillow unchecked and
    `rowreader predict` took 3.9 s and 3.0 GB to call it "a damaged ICO icon" (200 MB here: 600 MB); an ICNS the
    same. An icon's PNG is now walked as a PNG file is, and refused unread in the PNG's words."""
    path = tmp_path / "big.icon"
    _png_with_a_long_chunk(path, head)
    with peak_memory() as peak, pytest.raises(PictureError) as refused:
        read_picture(path)
    said = str(refused.value)
    assert f"its 'tEXt' chunk says it holds {SPARSE_CHUNK:,} bytes, more than the 64 MB" in said, said
    assert peak.bytes < 2**23, peak.bytes


def test_a_cursor_is_read_for_its_png_only_where_one_begins(tmp_path):
    """A CUR cursor's directory may say its picture is up to 64 MB long: `cursor_png` read all of it into memory, then
    looked whether it began as a PNG. A cursor of 22 bytes on disk (a sparse file) whose picture said 60 MB of zeros
    took 61 MB to be called one PIL cannot read. The PNG's signature is now read first, and nothing more where there
    is none."""
    length = 60 * 2**20
    path = tmp_path / "zeros.cur"
    with path.open("wb") as file:
        file.write(struct.pack("<HHH", 0, 2, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, length, 22))
        file.truncate(22 + length)
    with peak_memory() as peak, pytest.raises(PictureError, match="a CUR cursor that PIL cannot read"):
        read_picture(path)
    assert peak.bytes < 2**23, peak.bytes


class _CountedReads(io.BytesIO):
    """A file in memory that counts its reads: how much of it a check walked."""

    reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        return super().read(size)


def test_the_pngs_of_an_icon_are_walked_once_where_their_chunks_meet():
    """An icon's PNGs are walked for a chunk too long (this round's third fix); a hostile ICO of 300 PNGs, each one's
    first chunk stepping over the next ones to one shared chain of 3,000 empty chunks, walked that chain once for each
    (900,000 reads; 65,535 PNGs and a million chunks, a file of 13 MB, would be 6.5e10). The PNGs are now walked
    together in the file's order, each chunk read once however many PNGs reach it."""
    pngs, chain = 300, 3_000
    base = 6 + 16 * pngs
    directory = b"".join(struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, 16, base + 16 * k) for k in range(pngs))
    stepping = b"".join(PNG_SIGNATURE + struct.pack(">I4s", 16 * (pngs - k) - 16, b"skIp") for k in range(pngs))
    empty = struct.pack(">I4s", 0, b"ruBy") + bytes(4)  # its CRC unchecked here
    icon = _CountedReads(struct.pack("<HHH", 0, 1, pngs) + directory + stepping + bytes(4) + empty * chain)
    assert png_chunk_too_long(icon) is None
    assert icon.reads < 2 * (pngs + chain), icon.reads


def test_resume_beside_a_picture_in_the_checkpoints_place_does_not_call_it_cut_short(tmp_path, capsys, monkeypatch):
    """A run stopped after epoch 1, a PNG then saved over its checkpoint (a wrong Save As…): `--resume` said the state
    "holds epoch 1 of a run whose checkpoint, m.safetensors, is cut short (…a header of 727,905,341,920,923,785
    bytes…): put a whole copy of it back there", for any file whose first 8 bytes say more than it holds (a tar of
    the whole model too), as the library's words ("a PNG picture, not a model checkpoint") were passed over. Only a
    checkpoint of ours cut short is called so (rowreader.checkpoint.cut_short, as --out's check asks); the PNG is
    named as one."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    whole = out.read_bytes()
    Image.new("L", (28, 28)).save(out, "PNG")
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cut short" not in err and "put a whole copy of it back there" not in err, err
    assert f"{out}: a PNG picture, not a model checkpoint" in err, err
    out.write_bytes(whole[:100])  # ours, cut short: said as before
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    assert (
        f"{state_path(out)} holds epoch 1 of a run whose checkpoint, {out}, is cut short (" in capsys.readouterr().err
    )


def test_a_link_to_a_file_not_ours_says_what_it_is_in_brackets_as_a_file_does(tmp_path, capsys):
    """`--out m.safetensors`, m a link to a tar of a model (a file whose start says nothing), was refused as "--out
    m.safetensors is a link to m.tar, a file, not a readable safetensors file (truncated or foreign?): the file is
    cut short or damaged: … 1,617,920 bytes, not written by RowReader training as a checkpoint; …": the description
    ran on into the refusal, which then read as a part of it. A link is now refused as a file is, the description in
    brackets after it: "is a link to m.tar, which was not written by RowReader training as a checkpoint (it is …)"."""
    archive = tmp_path / "m.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(pretrained_path(), arcname="m.safetensors")
    link = tmp_path / "m.safetensors"
    link.symlink_to(archive.name)
    assert fit_module.main([*TINY, "--out", str(link)]) == 2
    err = capsys.readouterr().err
    said = (
        f"--out {link} is a link to m.tar, which was not written by RowReader training as a checkpoint (it is a file, "
    )
    assert said in err, err
    assert err.rstrip().endswith(
        "; choose another path, or pass --force to replace the link with a file of its own (m.tar stays as it is)"
    ), err


def test_a_picture_refused_for_its_metadata_is_counted_as_damaged_without_reading_it(tmp_path):
    """`predict` refuses a PNG whose tEXt chunk says 1 GB (sparse, 8 kB on disk) from its chunks' headers in 0.15 s
    at 50 MB; but an examples folder holding it (My examples, an import, `--finetune --examples`) counted its skipped
    files by asking `too_large`, which had Pillow open the file to read its size, and Pillow reads such a chunk whole:
    4.8 s and 3.0 GB to say "1 damaged file(s)" (the same PNG in an ICO 2.9 s, 3.1 GB; 200 MB each here). `too_large`
    now refuses unopened what the picture reader refuses unopened: damaged, not too large."""
    (tmp_path / "3").mkdir()
    _png_with_a_long_chunk(tmp_path / "3" / "text.png", lambda length: b"")
    _png_with_a_long_chunk(tmp_path / "3" / "icon.png", _ico_head)  # an icon named as a PNG
    found = load_examples(tmp_path)
    assert len(found.problems) == 2, found.problems
    with peak_memory() as peak:
        kinds = skipped_kinds(found.problems)
    assert kinds == "2 damaged files", kinds
    assert peak.bytes < 2**23, peak.bytes


def test_a_webp_longer_than_any_read_is_counted_too_large_without_reading_it(tmp_path):
    """A WebP of 1.5 GB (a small picture, then a sparse run of nothing) is refused by `predict` from its length, as
    PIL reads a WebP whole; the examples' count of skipped files had PIL open it to learn its size: 7.1 s and 3.0 GB
    (300 MB here) to call it "damaged". It is counted as too large, as its refusal says, unread."""
    path = _long_webp(tmp_path / "long.webp")
    with peak_memory() as peak:
        assert too_large(path)
    assert peak.bytes < 2**23, peak.bytes


def test_a_file_at_a_grids_out_is_judged_ours_without_pillow_reading_it_whole(tmp_path):
    """`python -m training.drawn --out NAME` (and bench_handwriting's --save-errors) refuses to write over a file that
    is not a PNG it made, which it told by having Pillow open the file: a sparse WebP of 1.5 GB at that name took 6.0 s
    and 3.0 GB to be kept (Pillow reads a WebP whole as it opens it), a PNG whose tEXt said 1 GB 2.8 s and 3.0 GB, the
    ICO of the same 4.0 s (300 and 200 MB here). Only a PNG can be ours: anything else is kept unread, and a PNG's
    chunks are walked first, as the picture reader walks them; a grid of ours is still replaced."""
    webp = _long_webp(tmp_path / "long.webp")
    text = tmp_path / "text.png"
    _png_with_a_long_chunk(text, lambda length: b"")
    icon = tmp_path / "icon.png"
    _png_with_a_long_chunk(icon, _ico_head)
    for path in (webp, text, icon):
        with peak_memory() as peak, pytest.raises(FileExistsError, match="is not a picture RowReader made"):
            refuse_a_file_not_ours(path)
        assert peak.bytes < 2**23, (path.name, peak.bytes)
    grid = tmp_path / "grid.png"
    write_own_png(grid, Image.new("L", (28, 28)))
    write_own_png(grid, Image.new("L", (28, 28), 255))  # its own grid, replaced
    assert Image.open(grid).getpixel((0, 0)) == 255


def test_a_cursor_whose_png_is_damaged_is_called_damaged_and_not_handed_to_qt(capfd):
    """A CUR's PNG is read by the PNG reader (the forty-seventh round); one damaged (here its IHDR's width changed, its
    CRC then wrong) was "a CUR cursor that PIL cannot read (damaged, or of a kind it does not read)", which the app
    hands to Qt, whose libpng wrote "libpng error: IHDR: CRC error" to stderr itself: of 50 cursors made so by 1–4
    random bytes in their PNG, 33 put such a line there. A cursor whose PNG the PNG reader refuses is now "a damaged
    CUR cursor", with the PNG's words, and Qt is not asked."""
    damaged = png_cursor()
    damaged[22 + 8 + 8 + 3] ^= 0x01  # its PNG's IHDR: the width's last byte
    with pytest.raises(PictureError, match=r"^a damaged CUR cursor: its PNG picture: ") as refused:
        read_picture_data(bytes(damaged))
    assert not isinstance(refused.value, UnknownFormat)
    capfd.readouterr()
    with pytest.raises(PictureError, match="a damaged CUR cursor"):
        read_any_picture_data(bytes(damaged), "pasted")
    assert capfd.readouterr().err == ""


def test_an_icns_jpeg_2000_picture_pillow_would_read_whole_is_refused_from_its_length(tmp_path):
    """Pillow reads an ICNS icon's JPEG 2000 picture whole, as long as its entry says: a 32 × 32 one followed by a
    sparse gigabyte (1 kB on disk) was read by `predict` in 2.8 s at 1.0 GB, to say "no ink found". An icon's picture
    is at most 1,024² pixels; one whose entry holds more than the 64 MB a picture's metadata may take here is refused
    from the icon's entries, unread (200 MB here)."""
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (255, 255, 255)).save(out, "JPEG2000")
    length = 8 + 200 * 2**20
    path = tmp_path / "big.icns"
    with path.open("wb") as file:
        file.write(b"icns" + struct.pack(">I", 8 + length) + b"icp5" + struct.pack(">I", length) + out.getvalue())
        file.truncate(8 + length)
    with peak_memory() as peak, pytest.raises(PictureError, match="JPEG 2000 picture of 209,715,200 bytes") as refused:
        read_picture(path)
    assert "more than the 64 MB" in str(refused.value), str(refused.value)
    assert peak.bytes < 2**23, peak.bytes
