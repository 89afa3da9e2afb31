"""The sixty-seventh round's live13: the app used as a person uses it, in a real window (Xvfb :93, openbox, xdotool),
each defect found there pinned here offscreen. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import gzip
import os

import pytest
from gui_window import open_shipped_window

from gui.demo import draw_digit


@pytest.mark.skipif(not hasattr(os, "pathconf"), reason="asks the file system for its longest name")
@pytest.mark.parametrize("letter", ["क्ष", "ไทย"], ids=["devanagari", "thai"])
def test_a_name_too_long_for_a_writes_temporary_is_said_in_bytes(qtbot, tmp_path, letter) -> None:
    """Saved as a Hindi name of 83 letters (249 bytes; the file system takes 255), Ctrl+S said "its name (87
    characters) is too long for this file system once a write's temporary name is made of it (22 more)": 87 of
    what, where the box beside it (a name of 304 bytes) says "names of 255 bytes at most"? Said in bytes, the
    limit's own unit."""
    window = open_shipped_window(qtbot, tmp_path, size=(1100, 720))
    draw_digit(window.canvas, "4")
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    name = letter * ((longest - 10) // len(letter.encode()))  # fits alone; with a write's 22 more, it does not
    path = tmp_path / f"{name}.png"
    with pytest.raises(OSError):
        window.saving.save_drawing(path)
    size = len(os.fsencode(path.name))
    assert size <= longest < size + 22
    _, message = window.last_error
    assert f"its name ({size:,} bytes) is too long for this file system" in message, message
    assert "characters)" not in message
    assert not list(tmp_path.glob("*.png"))  # nothing written


SEVEN = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<path d="M30 20 L70 20 L45 85" stroke="black" stroke-width="8" fill="none"/></svg>'
)


@pytest.mark.parametrize("kept", [12, 40, 80, 0.9], ids=["header", "40 bytes", "80 bytes", "nine tenths"])
def test_an_svgz_cut_short_is_said_cut_off(qtbot, tmp_path, kept) -> None:
    """A gzipped SVG whose copy did not finish was "not an image PIL can read" (its first 40 bytes, nothing unpacked
    yet to tell an SVG) or "not a readable image (Unable to read image data)" (80 of its 151), where a PNG cut short
    is said "the file ends before the picture does: cut off…". Said so, as the PNG is; a whole one is still read."""
    from gui.image_io import read_any_picture
    from rowreader.picture_errors import CUT_OFF, PictureError

    whole = gzip.compress(SEVEN)
    path = tmp_path / "seven.svgz"
    path.write_bytes(whole)
    assert read_any_picture(path).size  # read whole
    path.write_bytes(whole[: kept if isinstance(kept, int) else int(len(whole) * kept)])
    with pytest.raises(PictureError) as err:
        read_any_picture(path)
    assert str(err.value) == f"seven.svgz: cannot read the image ({CUT_OFF})"
