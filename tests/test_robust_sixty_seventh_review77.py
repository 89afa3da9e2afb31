"""The sixty-seventh round's review77: live13's SVGZ cut short and the lead's SVGZ named to `predict`, reviewed by
breaking them. Each defect's test was seen failing on the code before its fix."""

from __future__ import annotations

import gzip

import pytest

from rowreader.picture import read_picture_data_and_note
from rowreader.picture_errors import CUT_OFF, PictureError, SvgDrawing

SEVEN = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<path d="M30 20 L70 20 L45 85" stroke="black" stroke-width="8" fill="none"/></svg>'
)
WHOLE = gzip.compress(SEVEN, mtime=0)
# A whole SVGZ damaged past its head: a flipped bit is found only by gzip's check (its CRC or length) at the end.
DAMAGED = {
    "crc": WHOLE[:-8] + b"\0\0\0\0" + WHOLE[-4:],
    "length": WHOLE[:-4] + b"\0\0\0\0",
    "middle": WHOLE[:60] + bytes([WHOLE[60] ^ 0xFF]) + WHOLE[61:],
}


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_an_svgz_damaged_past_its_head_is_still_named_an_svg_to_predict(damage) -> None:
    """`rowreader predict` of an SVGZ whose last bytes were damaged said "not an image PIL can read": zlib's check
    failed at the end and threw away the head it had unpacked, ``<svg`` and all. Named as the drawing it is."""
    with pytest.raises(SvgDrawing):
        read_picture_data_and_note(DAMAGED[damage])


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_an_svgz_damaged_past_its_head_is_said_damaged_in_the_app(qtbot, damage) -> None:
    """The app said such an SVGZ "not an image PIL can read", as if it were no picture of a kind it opens; now Qt's
    words for a damaged SVGZ, as for a damaged SVG ("Error while inflating gzip file: incorrect data check")."""
    from gui.image_io import read_any_picture_data

    with pytest.raises(PictureError) as err:
        read_any_picture_data(DAMAGED[damage], "seven.svgz")
    said = str(err.value)
    assert "PIL" not in said, said
    assert said.startswith("seven.svgz: not a readable image (") and "Error while inflating gzip file" in said, said


def test_an_svgz_cut_at_every_length_is_said_cut_off_or_read(qtbot) -> None:
    """Cut at each of its 2 to 151 bytes, an SVGZ is said cut off (2 to 141 here) or read as the whole one is (Qt
    draws it once the SVG's text is whole, its gzip end not needed): never another error, never a crash."""
    from gui.image_io import read_any_picture_data

    whole = read_any_picture_data(WHOLE, "seven.svgz")
    said = set()
    for kept in range(2, len(WHOLE) + 1):
        try:
            assert (read_any_picture_data(WHOLE[:kept], "seven.svgz") == whole).all(), kept
            said.add("read")
        except PictureError as err:
            assert str(err) == f"seven.svgz: cannot read the image ({CUT_OFF})", (kept, str(err))
            said.add("cut off")
    assert said == {"read", "cut off"}


def test_an_svgz_cut_before_its_svg_is_said_cut_off_to_predict() -> None:
    """`rowreader predict` of an SVGZ cut in its first 51 of 151 bytes (nothing unpacked yet to tell an SVG by) said
    "not an image PIL can read", where the app says it cut off (live13's fix was the app's alone). Said cut off too;
    cut later, it is named the SVG drawing it is; 0 or 1 byte tells no gzip."""
    said = {}
    for kept in range(len(WHOLE) + 1):
        try:
            read_picture_data_and_note(WHOLE[:kept])
        except PictureError as err:
            said.setdefault(type(err).__name__ + ": " + str(err), []).append(kept)
    cut = said.pop(f"PictureError: cannot read the image ({CUT_OFF})")
    drawing = said.pop(next(words for words in said if words.startswith("SvgDrawing")))
    assert cut == list(range(2, cut[-1] + 1)) and drawing == list(range(cut[-1] + 1, len(WHOLE) + 1))
    assert list(said.values()) == [[0, 1]], said


def test_predict_of_an_svgz_cut_short_on_standard_input_is_said_cut_off() -> None:
    """`predict - < cut.svgz`, 30 bytes of one: "-: not an image PIL can read". Said cut off, as a file is."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "rowreader", "predict", "-"], input=WHOLE[:30], capture_output=True, timeout=60
    )
    assert done.returncode == 1
    assert f"-: cannot read the image ({CUT_OFF})" in done.stderr.decode(), done.stderr.decode()
