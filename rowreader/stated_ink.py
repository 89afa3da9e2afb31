"""The ink a picture RowReader wrote says it has, for the pictures whose pixels cannot tell.

``ink="auto"`` takes the paper's shade from the picture's border. A 0 drawn with the widest pen round past every edge
of the page and saved (Ctrl+S) has ink all round its border: ``rowreader predict`` and the app opening it again took
it for light ink on dark paper and read its paper as the digit (0 at 91.3 % where the window had said 99.6 %). The
drawings the app writes (Save drawing, a kept example) say their ink in a PNG text chunk, and a reader asked for
"auto" takes it from there. The chunk is only compared with two words, never run.

The chunk also names the pixels it was written with (a SHA-256 of them): a saved drawing inverted by a program that
keeps text chunks (ImageMagick's ``-negate``) still said "dark", and its black paper was read as the digit (a 1 read
as 4); a picture RowReader did not write could say "light" on dark ink. On any pixels but its own it says nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from typing import BinaryIO, Literal

import numpy as np
from PIL import Image, PngImagePlugin

from rowreader.paths import open_regular_file
from rowreader.picture_errors import PNG_SIGNATURE
from rowreader.picture_quiet import pillow_quiet
from rowreader.preprocess import Ink, InkColour

InkFrom = Literal["asked", "note", "pixels"]  # who decided the ink: the caller, the picture's note, its own pixels
INK_KEY = "RowReader ink"  # the PNG text chunk's key; its value "dark" or "light", a space, the pixels' digest
_STATED = ("dark", "light")


def _digest(grey: np.ndarray) -> str:
    """The fingerprint of a grey picture's pixels (its shape with them) that the chunk carries."""
    return hashlib.sha256(f"{grey.shape}".encode() + np.ascontiguousarray(grey).tobytes()).hexdigest()


def ink_chunk(ink: Ink, grey: np.ndarray) -> PngImagePlugin.PngInfo:
    """The text chunk saying that ``grey`` (uint8, the pixels saved) has ``ink``, for ``Image.save(pnginfo=)``."""
    if ink not in _STATED:
        raise ValueError(f"a picture's stated ink must be 'dark' or 'light', got {ink!r}")
    info = PngImagePlugin.PngInfo()
    info.add_text(INK_KEY, f"{ink} {_digest(grey)}")
    return info


def stated_ink(source: str | os.PathLike[str] | BinaryIO | bytes | None, picture: np.ndarray, ink: Ink = "auto") -> Ink:
    """``ink``, unless it is "auto" and ``source`` (a file, an open file read from its start, or encoded bytes) is a
    PNG saying the ink of ``picture``, its pixels as read: that ink. Anything that cannot be read, and a chunk written
    with other pixels, says nothing; the picture's own reading words it."""
    if ink != "auto" or source is None or picture.ndim != 2 or picture.dtype != np.uint8:  # ours are uint8 grey
        return ink
    said = None
    with contextlib.suppress(Exception), contextlib.ExitStack() as closing:  # any failure: nothing said
        if isinstance(source, bytes | bytearray | memoryview):
            source = io.BytesIO(bytes(source))
        elif isinstance(source, str | os.PathLike):  # a FIFO swapped in is not waited on (open_regular_file)
            source = closing.enter_context(open_regular_file(source, "image"))
        else:  # the caller's: left at its start, where its next reader looks
            closing.callback(source.seek, 0)
        source.seek(0)
        if source.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE:
            source.seek(0)
            with pillow_quiet(), Image.open(source, formats=["PNG"]) as image:  # the header's chunks, no pixels
                said = image.info.get(INK_KEY)
    stated, _, digest = str(said).partition(" ")
    return stated if stated in _STATED and digest == _digest(picture) else ink  # type: ignore[return-value]


def ink_from(asked: Ink, taken: Ink) -> InkFrom:
    """Who decided the ink a picture was read in, given the ink ``asked`` for and the one ``stated_ink`` gave: a
    note forged with the right digest decided "auto" unseen (a 1 read as 0 at 54 %), and nothing said so."""
    return "asked" if asked != "auto" else "pixels" if taken == "auto" else "note"


def ink_words(read_in: InkColour, source: InkFrom) -> str:
    """One line of what ink a picture was read in and why, and how to read it the other way where it was not asked:
    "read as light ink on dark paper (the picture's RowReader note says so; --ink dark reads it as dark ink)"."""
    paper = "light" if read_in == "dark" else "dark"
    why = {"asked": "as --ink asked", "note": "the picture's RowReader note says so", "pixels": "told from its pixels"}
    other = f"; --ink {paper} reads it as {paper} ink" if source != "asked" else ""
    return f"read as {read_in} ink on {paper} paper ({why[source]}{other})"
