"""Pictures in and out: files, the clipboard and drops become 28×28 inputs; drawings are saved as PNG.

Reading and normalising run on a worker thread (``QImage`` and ``QImageReader`` are safe off the UI thread),
so a huge photo never freezes the window. Writes are atomic, so a failed save never destroys an older file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote_to_bytes

import numpy as np
import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QMimeData, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader, QPixmap

from gui.qt_quiet import what_qt_says
from gui.svg_drawn import (
    MAX_SVGZ_BYTES,
    broken_xml,
    check_svg_drawn,
    left_open,
    misdeclared,
    sized_to_nothing,
    svg_cut_short,
    unpacked,
    unpacked_whole,
)
from rowreader.atomic import atomic_write_files
from rowreader.checkpoint import CHECKPOINT_SUFFIX, is_checkpoint
from rowreader.example_folder import IMAGE_SUFFIXES
from rowreader.output import one_line
from rowreader.own_png import KIND_KEY, SOFTWARE, WINDOW_BEFORE, refuse_a_file_not_ours
from rowreader.paths import refuse_nul, regular_file
from rowreader.picture import Noted, read_picture_and_note, read_picture_data_and_note
from rowreader.picture_errors import (
    CUT_OFF,
    GZIPPED_HEAD_ROOM,
    PictureError,
    SvgDrawing,
    UnknownFormat,
    gzip_cut_short,
    gzipped_svg,
    missing_utf16_mark,
)
from rowreader.picture_limits import check_picture_size
from rowreader.picture_words import no_ink, no_ink_in, not_one_digit, too_small_in, too_small_words
from rowreader.preprocess import MAX_INPUT_SIDE, MAX_PIXELS, Ink, InkColour, Placement, normalise
from rowreader.stated_ink import InkFrom, ink_from, stated_ink

# Qt refuses images over 256 MB by default, so a 10,000² photo the CLI reads failed here; allow what MAX_PIXELS
# allows as 32-bit RGBA (Qt's limit is process-wide, in megabytes).
QImageReader.setAllocationLimit(max(QImageReader.allocationLimit(), MAX_PIXELS * 4 // 2**20 + 1))


def qimage_to_array(image: QImage) -> np.ndarray:
    """Any QImage → uint8 ``[H, W, 4]`` RGBA (a copy, independent of the QImage's buffer)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    height, width = rgba.height(), rgba.width()
    rows = np.frombuffer(rgba.constBits(), np.uint8).reshape(height, rgba.bytesPerLine())
    return rows[:, : width * 4].reshape(height, width, 4).copy()


def read_any_picture(path: str | Path) -> np.ndarray:
    """Decode an image file to an array, or say why it cannot be (:func:`read_any_picture_and_note`)."""
    return read_any_picture_and_note(path)[0]


# What to do with a model opened as a picture, as `rowreader predict` names one given as IMAGE
MODEL_INSTEAD = "it is a RowReader model: open it with File ▸ Open model… (Ctrl+M), or drop it on the window"


def read_any_picture_and_note(path: str | Path) -> Noted:
    """Decode an image file to an array, with its ink note (None if none: Qt's pictures have none), or say why it
    cannot be: the library's :class:`PictureError`, named
    ``"file.png: why"`` for the window's error box (the app once had a ``PictureError`` of its own, which an
    ``except`` of the library's did not catch).

    First with the reader ``rowreader predict`` and the examples folder use (Pillow: EXIF rotation, 16-bit grey,
    the pixel limit from the header), which refuses a damaged file: Qt decoded a JPEG cut off by a failed
    download to its top third, grey below, and the window read that as a digit without a word. Formats only Qt
    reads go to Qt (EXIF rotation applied, as RGBA).
    """
    path = Path(path)
    name = path.name or str(path)  # "/" pasted was ": is a folder, not an image"
    try:  # a NUL pasted or dropped (`file:///a%00b.png`) was Python's "embedded null byte" alone, no file named
        refuse_nul(path, "picture")
    except ValueError as err:
        raise PictureError(str(err)) from err
    try:
        return read_picture_and_note(path)
    except UnknownFormat as err:
        unknown = err
    except PictureError as err:
        raise PictureError(f"{name}: {err}") from err
    try:
        regular_file(path, "image")
    except OSError as err:
        raise PictureError(str(err)) from err
    if is_checkpoint(path):  # Ctrl+O's "All files" on a model said "not an image PIL can read", no word of a model
        raise PictureError(f"{name}: {unknown}; {MODEL_INSTEAD}") from unknown
    with _qt_reader(str(path)) as reader:
        return _read_with_qt(reader, name, unknown), None


# Vector pictures, which Qt draws at the size asked for: one larger than ``to_mnist`` reads is drawn at that size, not
# drawn whole to be averaged down (an SVG of 11,000² took 1.45 GB and 3.8 to 8.3 s, three copies of its RGBA pixels).
DRAWN_AT_ANY_SIZE = (b"svg", b"svgz")
# Why an SVG drawing of no size ("<svg/>", a width or height of 0) is not read: Qt draws nothing of it
NO_SIZE = (
    "an SVG drawing of no size (its <svg> needs a width and height, or a viewBox, above 0): nothing in it is drawn"
)


@contextmanager
def _qt_reader(source: str | bytes, file: str = "") -> Iterator[QImageReader]:
    """Qt's reader of a file (its name) or of a picture's bytes, deleted as the reading ends. Left to Python, a
    refusal's traceback held it in a reference cycle, and with it the file open (or the bytes' QBuffer), until a
    collection came, whenever and on whichever thread (the sixty-fifth round, soak2). Bytes read from a ``file``
    are read as that file's (:class:`_FileBytes`)."""
    buffer = _device_of(source, file) if isinstance(source, bytes) else None
    reader = QImageReader(source if buffer is None else buffer)
    try:
        yield reader
    finally:
        shiboken6.delete(reader)
        if buffer is not None:
            shiboken6.delete(buffer)


def _device_of(data: bytes, file: str) -> QIODevice:
    """``data`` open to read: as ``file``'s where one is named and still there to open, else as a buffer's."""
    if file:
        named = _FileBytes(file, data)
        if named.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered):
            return named
        shiboken6.delete(named)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


class _FileBytes(QFile):
    """Bytes made of a file's (an unmarked UTF-16 SVG's with its mark put first), read as that file: Qt takes an
    SVG's ``<image>`` names in a file's folder but a buffer's in the working folder, so such a 7 drew the ``ink.png``
    beside the app, not its own (the sixty-ninth round, review84). The file is opened, not read: its bytes are
    these."""

    def __init__(self, file: str, data: bytes) -> None:
        super().__init__(file)
        self._data = data

    def readData(self, maxlen: int) -> bytes:
        return self._data[self.pos() : self.pos() + maxlen]

    def size(self) -> int:
        return len(self._data)


def _read_with_qt(reader: QImageReader, name: str, unknown: UnknownFormat) -> np.ndarray:
    """A picture of a format Pillow does not know, read by Qt; where Qt does not know it either, Pillow's words
    (``unknown``), the CLI's: a text file named .png was "not a readable image (Unsupported image format)" here
    and "not an image PIL can read" there. What Qt says meanwhile is kept off stderr, its last line given with
    Qt's error (a damaged SVG's "Could not resolve property" lines were written to the terminal)."""
    said: list[str] = []
    if not reader.format() and gzipped_svg(bytes(reader.device().peek(GZIPPED_HEAD_ROOM).data())):
        reader.setFormat(b"svgz")  # Qt tells an SVGZ by its first 16 bytes: "<svg/>" gzipped is read as one
    elif isinstance(unknown, SvgDrawing) and not reader.format():
        reader.setFormat(b"svg")  # Qt tells an SVG by 9 bytes or more: "<svg/>" is read as one
    if reader.format() == b"svg" and (mark := missing_utf16_mark(bytes(reader.device().peek(2).data()))):
        return _read_svg(mark + _all_of(reader.device()), name, unknown, _file_of(reader))  # Qt wants the mark
    if reader.format() == b"svgz" and (svg := _whole_svg_of(reader, name)) is not None:
        return _read_svg(svg, name, unknown, _file_of(reader))
    drawing = reader.format() in DRAWN_AT_ANY_SIZE  # asked after the reading, Qt looks at the bytes past its end
    gzipped = reader.format() == b"svgz"
    with what_qt_says(said):
        image = _qt_read(reader, name)
    if image.isNull() and gzipped and said and said[-1].endswith(FORMAT_CHECK):
        return _read_unpacked(reader, name, unknown)
    if image.isNull() and drawing and (size := reader.size()).isValid() and size.isEmpty():  # none given: "<svg/>"
        raise PictureError(f"{name}: {NO_SIZE}")
    if image.isNull() and drawing and (why := _damage_said(reader)) is not None:
        raise PictureError(f"{name}: {why}")
    if image.isNull() and (_gzip_cut_short(reader) or (drawing and _drawing_cut_short(reader))):
        raise PictureError(f"{name}: cannot read the image ({CUT_OFF})")  # a PNG cut short's words
    if image.isNull() and reader.error() == QImageReader.ImageReaderError.UnsupportedFormatError:
        raise PictureError(f"{name}: {unknown}")
    if image.isNull():
        qt = f"; Qt: {one_line(said[-1])}" if said else ""
        raise PictureError(f"{name}: not a readable image ({reader.errorString()}{qt})")
    grey = _grey_of(image)
    return qimage_to_array(image) if grey is None else grey


# Qt's words of an SVGZ whose SVG does not begin as its gzip reader looks for ("<!DOCTYPE SVG>", upper case)
FORMAT_CHECK = "SVG format check failed"


def _read_unpacked(reader: QImageReader, name: str, unknown: UnknownFormat) -> np.ndarray:
    """An SVGZ Qt's gzip reader refused for its SVG's first bytes, read as the SVG it unpacks to, as Qt reads that
    SVG plain: a 7 whose SVG began ``<!DOCTYPE SVG>`` was read from the .svg and refused as an .svgz, "not a readable
    image (Unable to read image data; Qt: Error while inflating gzip file: SVG format check failed)"."""
    return _read_svg(unpacked(_all_of(reader.device()), [MAX_SVGZ_BYTES]), name, unknown, _file_of(reader))


def _whole_svg_of(reader: QImageReader, name: str) -> bytes | None:
    """The SVG a whole SVGZ unpacks to, read then as the plain SVG of its file: Qt unpacks an SVGZ to memory, and so
    took its ``<image>`` names in the working folder, though they were counted in the SVGZ's own; a 7 opened from
    another folder drew the ``ink.png`` lying there (the sixty-ninth round, window28). None for gzip cut short or
    damaged, whose words Qt's refusal gives."""
    try:
        return unpacked_whole(_all_of(reader.device()))
    except PictureError as err:  # more than the app unpacks
        raise PictureError(f"{name}: {err}") from err


def _read_svg(data: bytes, name: str, unknown: UnknownFormat, file: str) -> np.ndarray:
    """An SVG's bytes, read by Qt as an SVG, as the ``file`` they were read from: an ``<image>`` it names is taken
    from that file's folder, and so counted (:func:`_qt_read`); pasted bytes' (no file) from the working folder."""
    with _qt_reader(data, file) as plain:
        plain.setFormat(b"svg")
        return _read_with_qt(plain, name, unknown)


def _file_of(reader: QImageReader) -> str:
    """The file ``reader`` reads, "" for bytes."""
    device = reader.device()
    return device.fileName() if isinstance(device, QFile) else ""


def _gzip_cut_short(reader: QImageReader) -> bool:
    """Whether what ``reader`` failed to read is gzip cut short (an SVGZ copied in part), read again only where it
    begins as gzip does."""
    device = reader.device()
    if device is None or not device.seek(0) or bytes(device.peek(2).data()) != b"\x1f\x8b":
        return False
    return gzip_cut_short(bytes(device.readAll().data()), MAX_SVGZ_BYTES)


def _drawing_cut_short(reader: QImageReader) -> bool:
    """Whether the SVG (or an SVGZ's) that ``reader`` failed to read ends before its last element does."""
    return svg_cut_short(_drawing_of(reader))


def _damage_said(reader: QImageReader) -> str | None:
    """Why the SVG (or an SVGZ's) that ``reader`` failed to read is damaged, where it can be told: Qt's words were
    "Unable to read image data", and one cut off said so whether it was or not."""
    data = _drawing_of(reader)
    return misdeclared(data) or left_open(data) or broken_xml(data)


def _drawing_of(reader: QImageReader) -> bytes:
    """The SVG ``reader`` reads, an SVGZ's unpacked."""
    data = _all_of(reader.device())
    return unpacked(data, [MAX_SVGZ_BYTES]) if data[:2] == b"\x1f\x8b" else data


def _qt_read(reader: QImageReader, name: str) -> QImage:
    """Qt's decoding, its size checked first from the header: the CLI's limits, so both read the same pictures; an SVG
    drawing more than it may is refused before it is drawn (gui.svg_drawn)."""
    reader.setAutoTransform(True)
    try:
        if reader.format() in DRAWN_AT_ANY_SIZE:  # before its size: Qt loads the drawing for it, every <use> walked
            data = _all_of(reader.device())  # an <image>'s name is in the file's folder, a pasted drawing's in ours
            check_svg_drawn(data, Path(file).parent if (file := _file_of(reader)) else Path())
            if sized_to_nothing(data):  # 0 wide or below: nothing drawn, whatever Qt makes of it
                raise PictureError(NO_SIZE)
        if (size := reader.size()).isValid():
            check_picture_size(size.width(), size.height())
    except PictureError as err:
        raise PictureError(f"{name}: {err}") from err
    if size.isValid() and reader.format() in DRAWN_AT_ANY_SIZE and max(size.width(), size.height()) > MAX_INPUT_SIDE:
        side = QSize(MAX_INPUT_SIDE, MAX_INPUT_SIDE)
        reader.setScaledSize(size.scaled(side, Qt.AspectRatioMode.KeepAspectRatio).expandedTo(QSize(1, 1)))
    return reader.read()


def _all_of(device: QIODevice) -> bytes:
    """The whole of a file or buffer Qt's reader has opened, its position left where the reader has it."""
    at = device.pos()
    device.seek(0)
    data = bytes(device.read(device.size()).data())
    device.seek(at)
    return data


# Qt's pictures of a colour table: one bit a pixel (a WBMP's, most significant first or least), or a byte
BITS_OF_TABLES = {
    QImage.Format.Format_Mono: "big",
    QImage.Format.Format_MonoLSB: "little",
    QImage.Format.Format_Indexed8: None,
}


def _grey_of(image: QImage) -> np.ndarray | None:
    """A picture of greys alone, without an alpha, from a colour table, as ``uint8 [H, W]`` grey, a byte a pixel;
    None for any other. A WBMP is one bit a pixel, and the app made it RGBA and copied that, eight bytes: one of
    11,000² took 1.05 GB; Qt's own conversion to grey goes through 32-bit colour too (0.6 GB)."""
    if image.format() not in BITS_OF_TABLES or not image.colorTable() or image.hasAlphaChannel() or not image.allGray():
        return None
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    order = BITS_OF_TABLES[image.format()]
    indices = rows if order is None else np.unpackbits(rows, axis=1, bitorder=order)
    table = np.array([colour & 0xFF for colour in image.colorTable()] + [0] * 256, np.uint8)  # grey: blue is all
    return table[indices[:, : image.width()]]


@dataclass(frozen=True)
class Picture:
    """A picture made ready for the canvas: the model's 28×28 input, and the picture itself to show crisply."""

    image: np.ndarray  # float32 [28, 28], what the model reads
    ink: np.ndarray  # uint8 [H, W], 255 = ink: the picture at its own resolution (≤ 2048 px a side)
    placement: Placement  # where the input's rows lie on ``ink``, in its pixels
    # what the window says of it: why it is not one digit, read as one ("37", text)
    note: str | None = None
    read_in: InkColour | None = None  # the ink it was read in, and who said so (rowreader.stated_ink.ink_words)
    ink_from: InkFrom | None = None


Reading = Callable[[Ink], Picture]  # a picture read again from its file or pasted bytes, in the ink given


def normalise_picture(
    picture: np.ndarray, name: str, source: Path | BinaryIO | None = None, note: str | None = None, ink: Ink = "auto"
) -> Picture:
    """A picture of a digit → its 28×28 input and its ink, with a clear error for pictures that hold no digit;
    ``source`` (the file, or the pasted bytes) is asked then how many frames it has, only the first being read;
    ``note``, the ink note read with the picture (:func:`read_any_picture_and_note`); ``ink``, as ``predict --ink``:
    the app's Read in the other ink asks for one where the guess was wrong."""
    taken = stated_ink(note, picture, ink)  # a drawing of ours says its ink, where none is asked
    result = normalise(picture, ink=taken)
    if result.too_small:
        raise PictureError(f"{name}: {too_small_words(result) if source is None else too_small_in(source, result)}")
    if result.image is None or result.placement is None or result.ink is None:
        raise PictureError(f"{name}: {no_ink(result) if source is None else no_ink_in(source, result)}")
    factor = picture.shape[0] / result.ink.shape[0]  # to_mnist reduces pictures over 2048 px first
    top, left, bottom, right = (v / factor for v in result.placement.crop)
    shown = np.clip(result.ink * 255.0 + 0.5, 0, 255).astype(np.uint8)
    placement = Placement((top, left, bottom, right), result.placement.box)
    # which ink, and who said so (a note forged with the right digest turned a dark 1 on white into a black page)
    source_of_ink = ink_from(ink, taken) if result.read_in is not None else None
    return Picture(result.image, shown, placement, not_one_digit(result), result.read_in, source_of_ink)


def load_picture_file(path: str | Path, ink: Ink = "auto") -> Picture:
    """Read and normalise in one go: the work a background task does for Open and drops (``ink``: as
    :func:`normalise_picture`'s)."""
    picture, note = read_any_picture_and_note(path)
    return normalise_picture(picture, Path(path).name, Path(path), note, ink)


def file_reading(path: Path, reopen: str = "(Ctrl+O)") -> Reading:
    """:func:`load_picture_file` of ``path`` in an ink given, again and again, while the file is as it was at its
    first reading (stamped then, on the worker: a stat on the UI thread could wait on a stalled network folder):
    Read in the other ink read it by its name, and a scan saved over it since was shown in the other ink as if it
    were the picture opened. A file changed since (its size, time or inode) is refused, saying so and how to open it
    again (``reopen``). The picture shown must be its first reading, or the stamp is taken after it changed."""
    first: list[tuple[int, int, int] | None] = []  # the stamp at the first reading, once there was one

    def read(ink: Ink) -> Picture:
        now = _stamp(path)
        if first and now != first[0]:
            if now is None:  # gone, or out of reach: the reading's own words say which ("no such file")
                load_picture_file(path, ink)
            raise PictureError(f"{path.name} changed since it was opened: open it again {reopen} to read it as it is")
        picture = load_picture_file(path, ink)
        first[:] = first or [now]
        return picture

    return read


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a file from one written over it: its size, time and inode (None where it cannot be asked: the
    reading then says why)."""
    try:
        info = path.stat()
    except (OSError, ValueError):  # ValueError: a NUL in its name, which the reading names
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def local_file_from_mime(mime: QMimeData) -> Path | None:
    """The file a drop or paste names: the first picture or model among its local files, else the first file.
    Several files dropped at once (a note and a scan, selected together) were read as the first one, and the
    note's "not an image" said nothing of the picture beside it."""
    files = [local_path(url) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    readable = [f for f in files if _readable_name(f)]
    return next(iter(readable or files), None) if files else _path_in_text(mime)


# Pictures the window opens: Pillow's (.pnm too), and those only Qt reads (.svg, .ico, .xpm…), which a pasted path
# named in vain ("the clipboard holds no image and no image file") and Open's filter hid, though both read them
PICTURE_SUFFIXES = (
    IMAGE_SUFFIXES | {".pnm"} | {f".{bytes(name).decode()}" for name in QImageReader.supportedImageFormats()}
)


def local_path(url: QUrl) -> Path:
    """The file a ``file:`` URL names, byte for byte. A file manager writes a name that is not UTF-8 (``café.png``
    from an older Latin-1 system) with its bytes percent-encoded (``caf%E9.png``), and ``QUrl.toLocalFile`` turned
    them into U+FFFD: the picture dropped on the window was "no longer there" (``caf\ufffd.png``). On Windows,
    whose names are Unicode, and for a URL naming a host (``file://server/share``), Qt's reading is kept."""
    if sys.platform == "win32" or url.host():
        return Path(url.toLocalFile())
    return Path(os.fsdecode(unquote_to_bytes(url.path(QUrl.ComponentFormattingOption.FullyEncoded))))


def _readable_name(path: Path) -> bool:
    return path.suffix.lower() in PICTURE_SUFFIXES or path.suffix.lower() == CHECKPOINT_SUFFIX


def _path_in_text(mime: QMimeData) -> Path | None:
    """A picture's or model's path copied as text (from a terminal, a file manager's location bar): pasted, it
    said "The clipboard holds no image and no image file". Only one line, a whole path with such a name: one to a
    file moved or deleted since it was copied is opened too, and so said to be gone (it was "no image file"). So is
    any other path that names something here: a pasted ``/dev/zero``, a folder or a note was "no image file" too,
    where dropped it is named and said what it is ("zero: is a device, not a regular file")."""
    if not mime.hasText():
        return None
    text = mime.text().strip()
    if not text or "\n" in text or len(text) > 4096:
        return None
    # os's, not Path's: "~5 minutes" (no such user) raised RuntimeError, and the paste said nothing at all
    path = local_path(QUrl(text)) if text.startswith("file://") else Path(os.path.expanduser(text))
    return path if path.is_absolute() and (_readable_name(path) or os.path.lexists(path)) else None


def encoded_image_from_mime(mime: QMimeData) -> bytes | None:
    """A copied picture's encoded bytes (``image/png`` first, then any other ``image/*`` offered), if any.

    Taken in preference to ``imageData()``, which has Qt decode the picture on the UI thread: an 11,000² PNG
    pasted from an image editor froze the window for 2 s and took 1.2 GB; its bytes are read in the background.
    """
    formats = sorted((f for f in mime.formats() if f.startswith("image/")), key=lambda f: f != "image/png")
    for name in formats:
        data = mime.data(name).data()
        if data:
            return bytes(data)
    return None


def image_from_mime(mime: QMimeData) -> QImage | None:
    """Image data carried by a drop or paste itself (a copied picture) as Qt decodes it, if any: for what offers
    no encoded bytes (a picture copied within one program)."""
    if mime.hasImage():
        with what_qt_says([]):  # Qt decodes it here: its complaints are not the window's to print
            image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image
    return None


def mime_has_picture(mime: QMimeData) -> bool:
    """Whether a drag carries a local file or a picture, judged by its formats alone: decoding the picture to
    decide (as ``imageData()`` does) would run on the UI thread at every drag entering the window."""
    return (
        local_file_from_mime(mime) is not None
        or mime.hasImage()
        or any(f.startswith("image/") for f in mime.formats())
        or far_url_from_mime(mime) is not None  # taken, to be told why it cannot be (see far_url_from_mime)
    )


def far_url_from_mime(mime: QMimeData) -> QUrl | None:
    """The first address a drag or copy names that is no file here (a picture dragged from a web page, a file from
    a network share): such a drop was refused without a word, as if the window took no pictures at all."""
    return next((url for url in mime.urls() if not url.isLocalFile() and url.scheme()), None)


def read_any_picture_data(data: bytes, name: str) -> np.ndarray:
    """A copied picture's encoded bytes → array (:func:`read_any_picture_data_and_note`)."""
    return read_any_picture_data_and_note(data, name)[0]


def read_any_picture_data_and_note(data: bytes, name: str) -> Noted:
    """A copied picture's encoded bytes → array and ink note, on a worker thread: with the files' reader (the pixel
    limit from the header, averaged a stripe at a time), Qt only for formats Pillow does not know, as for files."""
    try:
        return read_picture_data_and_note(data)
    except UnknownFormat as err:
        unknown = err
    except PictureError as err:
        raise PictureError(f"{name}: {err}") from err
    with _qt_reader(data) as reader:
        return _read_with_qt(reader, name, unknown), None


def save_grabs(grabs: Sequence[tuple[str | Path, QPixmap]], kind: str, notes: dict[str, str] | None = None) -> None:
    """Write pictures of windows (``QWidget.grab()``) as PNGs, all or none (atomically, together), or raise OSError
    saying why. The screenshot commands saved with ``QPixmap.save``: in place, so a stop mid-write left half a picture
    where the last one had been; a FIFO as the file hung the command for good; and a failure was a bare False
    (ignored by ``gui.teach_screenshot``, which said it was done, status 0, with no picture written). One by one, a
    disk filling between its two left the new window's picture beside the last run's dialog. ``notes`` go into each
    PNG as text chunks (key → text): what the pictures' run measured, for the docs' tests to hold the words to.
    Marked as RowReader's and as ``kind`` of picture (each command's own), none replaces a file that is not, nor
    another command's picture (``rowreader.own_png``): FileExistsError, nothing written."""
    files = []
    for path, grab in grabs:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image = grab.toImage()
        for key, text in {"Software": SOFTWARE, KIND_KEY: kind, **(notes or {})}.items():
            image.setText(key, text)
        if grab.isNull() or not image.save(buffer, "PNG"):
            raise OSError(f"cannot write {path}: the window's picture could not be made (too large for memory?)")
        refuse_a_file_not_ours(path, kind, (WINDOW_BEFORE,))  # `gui.screenshot ~/holiday.png` replaced the photo
        files.append((path, bytes(buffer.data())))
    for path, _ in files:
        Path(path).parent.mkdir(parents=True, exist_ok=True)  # as the commands' --out: a folder asked for is made
    atomic_write_files(files)


def drawing_png(ink: np.ndarray) -> np.ndarray:
    """The canvas ink (255 = ink) as a picture people expect: dark strokes on white paper."""
    return 255 - np.asarray(ink, dtype=np.uint8)


def input_png(image28: np.ndarray) -> np.ndarray:
    """The 28×28 model input as MNIST stores digits: white ink on black, 0…255."""
    return np.clip(np.asarray(image28) * 255.0 + 0.5, 0, 255).astype(np.uint8)
