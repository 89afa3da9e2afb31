"""The forty-seventh round of hostile testing, tidy: one definition of each thing and true docs. The app's picture
readers (``gui.image_io``) and the library's shared their names and each had a ``PictureError``; the docs' commands
are run as written on a fresh clone; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui import image_io
from rowreader.picture import PictureError

# An SVG cut off by a download: Pillow knows no SVG, so the app hands it to Qt, whose reader refuses it.
CUT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" he'


@pytest.mark.parametrize("opened", ["file", "pasted"])
def test_a_picture_qt_refuses_is_caught_as_the_librarys_picture_error(tmp_path: Path, opened: str) -> None:
    """The app's readers raised their own ``PictureError``, a class of the library's name that the library's did
    not catch: ``except rowreader.picture.PictureError`` let a damaged SVG Qt refused, opened or pasted, through.
    There is one ``PictureError`` now: the app raises the library's, its message naming the file as before."""
    path = tmp_path / "cut.svg"
    path.write_bytes(CUT_SVG)
    with pytest.raises(PictureError) as caught:
        if opened == "file":
            image_io.read_any_picture(path)
        else:
            image_io.read_any_picture_data(CUT_SVG, "pasted image")
    name = "cut.svg" if opened == "file" else "pasted image"
    assert str(caught.value).startswith(f"{name}: not a readable image (")
