"""The sixty-eighth round, window26: the window's picture leftovers (SVG and SVGZ opened with Ctrl+O, dropped or
pasted: gui/image_io.py; rowreader/picture.py and picture_errors.py), and the window's paint handler."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import numpy as np
import pytest
from gui_window import open_shipped_window, until
from PIL import Image
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_reading import hover
from test_robust_sixty_seventh_window25 import let_go

from gui.demo import draw_digit
from gui.image_io import NO_SIZE, read_any_picture_and_note, read_any_picture_data_and_note
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_errors import CUT_OFF, PictureError, SvgDrawing
from rowreader.preprocess import MAX_PIXELS

# A 7 drawn as an SVG, its head left off: each test puts its own before it
SEVEN = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    b'<rect width="280" height="280" fill="white"/>'
    b'<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg>'
)


def said(read, *arguments) -> str:
    """What the app says of a picture it does not read."""
    with pytest.raises(PictureError) as refused:
        read(*arguments)
    return str(refused.value)


def test_a_gzipped_svg_that_begins_with_an_upper_case_doctype_is_read_as_the_same_svg_plain(qapp, tmp_path) -> None:
    """A 7 whose SVG begins ``<!DOCTYPE SVG>`` (upper case, as old editors wrote it) was read from its .svg and
    refused from its .svgz, "not a readable image (Unable to read image data; Qt: Error while inflating gzip file:
    SVG format check failed)": Qt's gzip reader looks for its own beginnings. Now the .svgz is read as its SVG is,
    the same pixels, opened (Ctrl+O, a drop) and pasted."""
    svg = b"<!DOCTYPE SVG>" + SEVEN
    (plain := tmp_path / "seven.svg").write_bytes(svg)
    (packed := tmp_path / "seven.svgz").write_bytes(gzip.compress(svg))
    expected = read_any_picture_and_note(plain)[0]
    assert expected.shape == (280, 280, 4) and expected.min() == 0  # the 7's ink
    assert np.array_equal(read_any_picture_and_note(packed)[0], expected)
    assert np.array_equal(read_any_picture_data_and_note(gzip.compress(svg), "pasted")[0], expected)


@pytest.mark.parametrize("svg", [b"<!DOCTYPE SVG><svg/>", b"<SVG/>", b"<!DOCTYPE SVG>" + SEVEN[:-3]])
def test_a_gzipped_svg_qt_s_gzip_reader_refuses_is_said_as_its_svg_plain_is(qapp, tmp_path: Path, svg: bytes) -> None:
    """The gzipped ``<!DOCTYPE SVG><svg/>`` was Qt's "SVG format check failed" where plain it is "an SVG drawing of
    no size"; now each says what its SVG plain says (no size; Qt's "Unable to read image data" of ``<SVG/>`` and of
    one whose last tag is cut)."""
    (plain := tmp_path / "drawing.svg").write_bytes(svg)
    (packed := tmp_path / "drawing.svgz").write_bytes(gzip.compress(svg))
    words = said(read_any_picture_and_note, plain).removeprefix("drawing.svg: ")
    assert said(read_any_picture_and_note, packed) == f"drawing.svgz: {words}"
    assert said(read_any_picture_data_and_note, gzip.compress(svg), "pasted") == f"pasted: {words}"
    if svg.startswith(b"<!DOCTYPE SVG><svg/>"):
        assert words == NO_SIZE


class Paints(QObject):
    """How many times a widget painted: a window whose paint was skipped paints none again."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        self.count += event.type() == QEvent.Type.Paint
        return False


def test_a_paint_whose_untold_row_fails_to_be_told_still_paints_and_the_window_paints_on(qtbot, tmp_path) -> None:
    """A seek cut short (an observer raising on row 19 of a drag's waiting row 22) is told as the window is about to
    paint; were the telling itself to raise (the status line here), the window's paint was skipped, and Qt, its
    paint never done, asked for none again: the window painted nothing more, the drawing and views frozen on screen.
    It paints, the error raised as it came, and paints on."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    timeline, plot = window.timeline, window.timeline.plot_rect()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(12, plot)), 60))
    QApplication.processEvents()
    hover(timeline, timeline.x_of(14, plot), 60, Qt.MouseButton.LeftButton)  # read at once
    hover(timeline, timeline.x_of(22, plot), 60, Qt.MouseButton.LeftButton)  # waits for the paint
    paints = Paints(window.canvas)

    def fails_on_row_19(event: str) -> None:
        if event == "position" and window.session.position == 19:
            raise RuntimeError("an observer failed")

    def status_fails() -> None:
        raise RuntimeError("the status line failed")

    window.session.subscribe(fails_on_row_19)
    window.status.show_position = status_fails
    window.canvas.update()
    with qtbot.capture_exceptions() as raised:
        until(qtbot, lambda: len(raised) == 1 and window.session.position == 19)
    assert "the status line failed" in str(raised[0][1]), raised
    del window.status.show_position
    until(qtbot, lambda: paints.count > 0)  # that paint
    painted = paints.count
    window.canvas.update()
    until(qtbot, lambda: paints.count > painted)  # and the next
    let_go(timeline)


def test_an_svg_cut_short_is_said_cut_off_as_a_png_or_svgz_cut_short_is(qapp, tmp_path) -> None:
    """A 7's SVG whose copy did not finish, cut anywhere from its ``<svg`` tag (after its head) to just before its
    ``</svg>`` ends, was Qt's "not a readable image (Unable to read image data)", where a PNG or an SVGZ cut short is
    said cut off; now it is too, opened and pasted, plain and gzipped whole. Whole, it is read."""
    svg = b'<?xml version="1.0" encoding="UTF-8"?>\n' + SEVEN
    start, cut_off = svg.index(b"<svg") + 4, f"cannot read the image ({CUT_OFF})"
    for end in range(start, len(svg) - 1):
        (path := tmp_path / "seven.svg").write_bytes(svg[:end])
        assert said(read_any_picture_and_note, path) == f"seven.svg: {cut_off}", end
        assert said(read_any_picture_data_and_note, svg[:end], "pasted") == f"pasted: {cut_off}", end
        assert said(read_any_picture_data_and_note, gzip.compress(svg[:end]), "pasted") == f"pasted: {cut_off}", end
    assert read_any_picture_data_and_note(svg, "pasted")[0].shape == (280, 280, 4)


@pytest.mark.parametrize(
    "svg",
    [
        SEVEN.replace(b"</svg>", b"</g></svg>"),  # a tag closed that was not opened
        SEVEN.replace(b"<rect", b"<rect <"),  # a tag broken inside
        gzip.compress(SEVEN)[:-4] + b"\0\0\0\0",  # an SVGZ damaged in its length
    ],
)
def test_an_svg_damaged_before_its_end_is_not_said_cut_off(qapp, svg: bytes) -> None:
    """The control: XML wrong before its end, and an SVGZ whose gzip is damaged, are damage: an SVGZ's said in Qt's
    words, XML wrong where it breaks since hypo12 (sixty-ninth round; Qt's "Unable to read image data" before)."""
    damage = ("pasted: not a readable image (", "pasted: a damaged SVG drawing: its XML is broken on line 1")
    assert said(read_any_picture_data_and_note, svg, "pasted").startswith(damage)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_predict_names_a_utf_16_svg_a_drawing_as_it_names_any_other(qapp, tmp_path, encoding: str) -> None:
    """An SVG saved as UTF-16 (Notepad's "Unicode", its byte-order mark first), which the app reads, was "not an
    image PIL can read" to `rowreader predict`, plain, gzipped and on stdin: its ``<svg`` tag was looked for in
    UTF-8 alone. It is named the drawing it is, to save as a PNG; the app still reads it."""
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + SEVEN.decode()
    svg = ("\ufeff" + text).encode(encoding)  # its byte-order mark first
    (path := tmp_path / "seven.svg").write_bytes(svg)
    for reading in (
        lambda: read_picture(path),
        lambda: read_picture_data(svg),
        lambda: read_picture_data(gzip.compress(svg)),
    ):
        with pytest.raises(SvgDrawing, match=r"^an SVG drawing"):
            reading()
    assert read_any_picture_and_note(path)[0].shape == (280, 280, 4)
    assert read_any_picture_data_and_note(gzip.compress(svg), "pasted")[0].shape == (280, 280, 4)


def drawing_of(*hrefs: str) -> bytes:
    """An SVG of a bar, with an ``<image>`` of each name or URL."""
    images = "".join(f'<image href="{href}" width="100" height="100"/>' for href in hrefs)
    bar = '<rect width="9" height="50"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{images}{bar}</svg>'.encode()


def test_an_svg_whose_images_name_pictures_of_too_many_pixels_is_refused_before_qt_reads_them(qapp, tmp_path) -> None:
    """An SVG of 300 bytes naming a 100-kB PNG of 9,000² beside it twice (or holding it twice in ``data:`` URLs): Qt
    read each whole to draw it, past the 134 million pixels the app reads of a picture opened (1 kB naming one of
    11,000² twenty times took 2.4 GB and 9.5 s of CPU). Refused, from the pictures' headers, before Qt reads them;
    one such picture named once is read, as it is opened alone."""
    Image.new("L", (9000, 9000), 255).save(tmp_path / "page.png")
    (twice := tmp_path / "twice.svg").write_bytes(drawing_of("page.png", "page.png"))
    (once := tmp_path / "once.svg").write_bytes(drawing_of("page.png"))
    held = "data:image/png;base64," + base64.b64encode((tmp_path / "page.png").read_bytes()).decode()
    too_many = f"an SVG drawing whose <image>s name or hold pictures of more than {MAX_PIXELS:,} pixels in all"
    assert said(read_any_picture_and_note, twice).startswith(f"twice.svg: {too_many}")
    assert said(read_any_picture_data_and_note, drawing_of(held, held), "pasted").startswith(f"pasted: {too_many}")
    assert read_any_picture_and_note(once)[0].shape == (100, 100, 4)
