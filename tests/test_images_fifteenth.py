"""The fifteenth round, pictures: odd files given to `rowreader predict` and opened, dropped or pasted in the app."""

from __future__ import annotations

import pytest

from gui import image_io
from rowreader.cli import main

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
