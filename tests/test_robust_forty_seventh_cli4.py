"""The forty-seventh round of hostile testing, cli4: `rowreader predict` / `evaluate` / `download` and `python -m
rowreader` as a hostile user after this round's changes ("did you mean" for a name not found, the PNG ink note, the
picture checks): many files at once, a folder, a pattern matching nothing, names with newlines, escapes and bytes
that are not UTF-8, standard input of garbage and of nothing, every --ink, --json beside the text; each test is
checked to fail on the code before its fix."""

from __future__ import annotations

import struct

import pytest
from PIL import Image

from rowreader import cli


@pytest.mark.parametrize(
    ("typed", "there", "said"),
    [
        ("nine.A\\b", "nine.a\\b.png", "'nine.a\\b.png'"),  # a backslash: name_text's escapes would double it
        ("my Seven", "my seven.png", "'my seven.png'"),  # a space: the shell splits it unquoted
        ("eight", "eight.p\x1b[2Jng", "$'eight.p\\x1b[2Jng'"),  # an escape: \x1b printed, itself a name
    ],
)
def test_did_you_mean_names_the_file_as_a_shell_reads_it_back(typed, there, said, tmp_path, monkeypatch, capsys):
    """ "did you mean FILE?" wrote the file's name bare: beside `nine.a\\b.png`, `predict 'nine.A\\b'` was told
    "nine.A\\\\b: no such file; did you mean nine.a\\b.png?" (the name typed escaped, the one meant not: its
    backslash read as an escape), `my seven.png` came unquoted, to be split by the shell it is typed into, and a
    name holding ESC came out as "\\x1b", a name of four characters. The file meant is now written as one shell
    word, as predict's other "did you mean" (a name split at its spaces) writes it: 'my seven.png', $'…'."""
    monkeypatch.chdir(tmp_path)
    Image.new("L", (28, 28), 255).save(tmp_path / "one.png")
    (tmp_path / "one.png").rename(tmp_path / there)
    assert cli.main(["predict", typed]) == 1
    assert f"no such file; did you mean {said}?" in capsys.readouterr().err


def test_a_folder_of_eps_and_png_is_not_sent_to_its_eps_files(tmp_path, monkeypatch, capsys) -> None:
    """`rowreader predict scans`, a folder of two EPS files and a PNG, said "name them: rowreader predict scans/*.eps
    scans/*.png": the EPS first, as the most common, and every one of them then refused ("an EPS (PostScript) file,
    a program Ghostscript would run, so it is not read"). The hint names only the endings of pictures this program
    reads, as it already left out the PDFs Pillow writes and never reads: `scans/*.png`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scans").mkdir()
    for name in ("p0.eps", "p1.eps", "seven.png"):
        Image.new("L", (28, 28), 255).save(tmp_path / "scans" / name)
    assert cli.main(["predict", "scans"]) == 1
    assert capsys.readouterr().err.rstrip().endswith("name them: rowreader predict scans/*.png")


def _metafile() -> bytes:
    """A placeable Windows metafile (WMF) of 28×28, which Pillow opens and, but on Windows, cannot draw."""
    head = struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, 28, 28, 96, 0)
    checksum = 0
    for at in range(0, len(head), 2):
        checksum ^= struct.unpack("<H", head[at : at + 2])[0]
    return head + struct.pack("<H", checksum) + struct.pack("<HHHIHIH", 1, 9, 0x300, 20, 0, 0, 0) + bytes(6)


def test_a_folder_of_metafiles_is_not_sent_to_what_cannot_be_drawn_here(tmp_path, monkeypatch, capsys) -> None:
    """A folder of two .wmf drawings and a PNG was told "name them: rowreader predict wm/*.wmf wm/*.png", and each
    WMF then failed "cannot read the image (cannot find loader for this WMF file)": Pillow opens a metafile but
    draws one only on Windows. Where it cannot, the hint leaves .wmf and .emf out: `wm/*.png`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wm").mkdir()
    for name in ("a.wmf", "b.wmf"):
        (tmp_path / "wm" / name).write_bytes(_metafile())
    Image.new("L", (28, 28), 255).save(tmp_path / "wm" / "seven.png")
    drawn = cli.main(["predict", "wm/a.wmf"]) == 0  # on Windows only
    capsys.readouterr()
    assert cli.main(["predict", "wm"]) == 1
    named = "wm/*.wmf wm/*.png" if drawn else "wm/*.png"
    assert capsys.readouterr().err.rstrip().endswith(f"name them: rowreader predict {named}")


def test_a_metafile_pillow_cannot_draw_says_what_it_is(tmp_path, capsys) -> None:
    """`rowreader predict drawing.wmf` said "cannot read the image (cannot find loader for this WMF file)": Pillow's
    words, which name no way out. Where Pillow cannot draw a metafile (but on Windows), it is now named as one and
    the user told to save it as a PNG, as an EPS is."""
    (tmp_path / "drawing.wmf").write_bytes(_metafile())
    assert cli.main(["predict", str(tmp_path / "drawing.wmf")]) == 1  # the project runs on Linux and macOS
    assert (
        capsys.readouterr()
        .err.rstrip()
        .endswith(
            "drawing.wmf: a Windows metafile (WMF or EMF), a drawing Pillow draws only on Windows, so it is not read; "
            "save it as a PNG first"
        )
    )
