"""The fifteenth round, pictures: odd files given to `rowreader predict` and opened, dropped or pasted in the app."""

from __future__ import annotations

import re
import struct

import pytest

from gui import image_io
from rowreader.cli import main
from rowreader.picture import read_picture_data

NOT_READ = "not an image PIL can read"


@pytest.mark.parametrize("opened", ["file", "pasted"])
def test_a_text_file_named_png_is_worded_alike_in_the_cli_and_the_app(tmp_path, capsys, opened):
    """A text file named .png was "not an image PIL can read" in the CLI and "not a readable image (Unsupported
    image format)" in the app, which hands a format Pillow does not know to Qt. Where Qt does not know it either,
    the app says what the CLI says."""
    path = tmp_path / "notes.png"
    path.write_text("a shopping list, not a picture\n")
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err == f"rowreader: error: {path}: {NOT_READ}\n"
    with pytest.raises(image_io.PictureError) as caught:
        if opened == "file":
            image_io.read_picture(path)
        else:
            image_io.read_picture_data(path.read_bytes(), "pasted image")
    assert str(caught.value) == f"{'notes.png' if opened == 'file' else 'pasted image'}: {NOT_READ}"


HEIC = struct.pack(">I", 24) + b"ftypheic" + bytes(4) + b"mif1heic" + bytes(200)  # an iPhone photo's first bytes
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("IMG_0042.HEIC", HEIC, "a HEIC photo (HEIF, an iPhone's usual format), which PIL cannot read: save or share"),
        ("scan.pdf", PDF, "a PDF document, not a picture: export its page as a PNG or JPEG first"),
    ],
)
def test_a_phone_photo_in_heic_and_a_scan_in_pdf_are_named_in_the_cli_and_the_app(tmp_path, capsys, name, data, said):
    """An iPhone's photo (HEIC, its usual format) and a scanner's PDF were "not an image PIL can read" in the CLI
    and "not a readable image (Unsupported image format)" in the app, as if they were not pictures at all: each
    is named, with what to do, in both; pasted too."""
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"rowreader: error: {path}: {said}")
    with pytest.raises(image_io.PictureError, match=f"^{re.escape(name)}: {re.escape(said)}"):
        image_io.read_picture(path)
    with pytest.raises(ValueError, match=f"^{re.escape(said)}"):
        read_picture_data(data)
