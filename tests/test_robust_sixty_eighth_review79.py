"""The sixty-eighth round, review79: a review of window26's SVG fixes (gui/svg_drawn.py, gui/image_io.py): an SVG
cut short, in the encodings the app reads it in, said cut off as one in UTF-8 is; an SVG of too many shapes refused
without walking what each draws again."""

from __future__ import annotations

import gzip

import pytest
from test_robust_sixty_eighth_window26 import SEVEN

from gui import svg_drawn
from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note
from rowreader.picture_errors import CUT_OFF, PictureError


def said(read, *arguments) -> str:
    """What the app says of a picture it does not read."""
    with pytest.raises(PictureError) as refused:
        read(*arguments)
    return str(refused.value)


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0" encoding="Shift_JIS"?>\n' + SEVEN,
        b'<?xml version="1.0" encoding="GBK"?>\n' + SEVEN,
        ("\ufeff" + SEVEN.decode()).encode("utf-32-le"),  # its byte-order mark first
    ],
    ids=["shift_jis", "gbk", "utf-32"],
)
def test_an_svg_in_an_encoding_expat_lacks_cut_short_is_said_cut_off(qapp, tmp_path, svg: bytes) -> None:
    """A 7's SVG declared Shift_JIS or GBK, or saved as UTF-32, is read by the app whole; cut short anywhere from its
    ``<svg`` tag on, it was Qt's "not a readable image (Unable to read image data)" at every length (31 of 31, 123 of
    125 cut every 7 bytes), where the same SVG in UTF-8 or UTF-16 is said cut off, as a PNG cut short is: the check
    read it with expat alone, which cannot decode those. Now it is said cut off, opened and pasted, plain and gzipped;
    whole, it is still read."""
    step = 4 if svg.startswith(b"\xff\xfe\0\0") else 1
    start, cut_off = svg.index("<svg".encode("utf-32-le") if step == 4 else b"<svg") + 4 * step, f"({CUT_OFF})"
    for end in range(start, len(svg) - step, 5):
        (path := tmp_path / "seven.svg").write_bytes(svg[:end])
        assert said(read_any_picture_and_note, path).endswith(cut_off), end
        assert said(read_any_picture_data_and_note, svg[:end], "pasted").endswith(cut_off), end
        assert said(read_any_picture_data_and_note, gzip.compress(svg[:end]), "pasted").endswith(cut_off), end
    assert read_any_picture_data_and_note(svg, "pasted")[0].shape == (280, 280, 4)


@pytest.mark.parametrize("head", [b'<?xml version="1.0" encoding="Shift_JIS"?>\n', b""], ids=["shift_jis", "utf-8"])
def test_an_svg_damaged_before_its_end_keeps_qt_s_words_in_any_encoding(qapp, head: bytes) -> None:
    """The control: XML wrong before its end (a tag closed that was not opened), then cut short, is damage in
    Shift_JIS as in UTF-8, not cut off: said where its XML breaks since hypo12 (sixty-ninth round; Qt's "Unable to
    read image data" before)."""
    svg = head + SEVEN.replace(b"<rect", b"</g><rect")
    said_so = said(read_any_picture_data_and_note, svg[:-20], "pasted")
    assert said_so.startswith("pasted: a damaged SVG drawing: its XML is broken on line"), said_so


def many_rects(count: int, defs: bool = False) -> bytes:
    """An SVG of ``count`` small black rects on white, in a ``<defs>`` (drawn nowhere) where ``defs``."""
    rects = b'<rect x="1" y="2" width="3" height="4"/>' * count
    return SEVEN.replace(b"</svg>", (b"<defs>" + rects + b"</defs>" if defs else rects) + b"</svg>")


def test_an_svg_of_more_shapes_than_the_app_draws_is_refused_without_walking_each(qapp, monkeypatch) -> None:
    """A 50-MB SVG of 1.2 million rects took 17.9 s of CPU on the Open's worker to refuse (13.6 s for a million,
    "Opening…" all the while, and a close waited its 10 s for it): most of it the walk of what each element draws
    again, one at a time, though each of them is drawn once at least. More elements outside ``<defs>`` than the app
    draws are refused as they are counted (3.0 s for the million, most of it expat's); here a few over, none
    walked."""
    walked = []
    letters = svg_drawn._letters
    monkeypatch.setattr(svg_drawn, "_letters", lambda element: walked.append(element) or letters(element))
    refused = said(read_any_picture_data_and_note, many_rects(svg_drawn.MAX_SVG_DRAWN), "pasted")
    assert refused.startswith(f"pasted: an SVG drawing of more than {svg_drawn.MAX_SVG_DRAWN:,} shapes"), refused
    assert len(walked) < 100, len(walked)


def test_an_svg_of_as_many_shapes_in_its_defs_is_still_read(qapp) -> None:
    """The control: the same rects in a ``<defs>``, which Qt draws nowhere, count nothing: the 7 is read."""
    picture = read_any_picture_data_and_note(many_rects(svg_drawn.MAX_SVG_DRAWN, defs=True), "pasted")[0]
    assert picture.shape == (280, 280, 4) and picture.min() == 0
