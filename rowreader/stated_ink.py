"""The ink a picture RowReader wrote says it has, for the pictures whose pixels cannot tell.

``ink="auto"`` takes the paper's shade from the picture's border. A 0 drawn with the widest pen round past every edge
of the page and saved (Ctrl+S) has ink all round its border: ``rowreader predict`` and the app opening it again took
it for light ink on dark paper and read its paper as the digit (0 at 91.3 % where the window had said 99.6 %). The
drawings the app writes (Save drawing, a kept example) say their ink in a PNG text chunk, and a reader asked for
"auto" takes it from there. The chunk is only compared with two words, never run.

The chunk also names the pixels it was written with (a SHA-256 of them): a saved drawing inverted by a program that
keeps text chunks (ImageMagick's ``-negate``) still said "dark", and its black paper was read as the digit (a 1 read
as 4); a picture RowReader did not write could say "light" on dark ink. On any pixels but its own it says nothing;
on its own shades written again without loss (an optimiser's 1-bit or palette PNG, an editor's RGB) it still speaks.

The note is read with the pixels, in their one decoding (:func:`rowreader.picture.read_picture_and_note`): it was
read by opening the file again, which missed a note after the pixel data. Anyone can write a note with the right
digest, so a note never decides unseen: ``rowreader predict`` says which ink each picture was read in and who said
so (:func:`ink_from`, :func:`ink_words`), and how to read it the other way.
"""

from __future__ import annotations

import hashlib
from typing import Literal

import numpy as np
from PIL import Image, PngImagePlugin

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


def ink_note(image: Image.Image) -> str | None:
    """The "RowReader ink" note of a picture Pillow opened (after its decoding: a note may follow the pixel data),
    as :mod:`rowreader.picture` hands it over with the pixels; None where it holds none."""
    said = image.info.get(INK_KEY) if image.format == "PNG" else None
    return str(said) if isinstance(said, str) else None


def stated_ink(note: str | None, picture: np.ndarray, ink: Ink = "auto") -> Ink:
    """``ink``, unless it is "auto" and ``note`` (:func:`ink_note`'s, read with ``picture``, its pixels as read)
    says the ink of these very pixels: that ink. A note written with other pixels, or of other words, says nothing;
    the picture's own reading words it. The note is only compared, never run."""
    if ink != "auto" or not isinstance(note, str):
        return ink
    stated, _, digest = note.partition(" ")
    if stated not in _STATED or (grey := _saved_grey(picture)) is None:
        return ink
    return stated if digest == _digest(grey) else ink  # type: ignore[return-value]


def _saved_grey(picture: np.ndarray) -> np.ndarray | None:
    """The 8-bit greys ``picture``'s pixels are, however they were written again without loss (1 bit, a palette, RGB,
    an opaque alpha, 16 bits), or None where they are none: the note named the uint8 array, so an optimiser's 1-bit
    PNG of a saved drawing, the same shades, was read by its border (0 at 61.6 %)."""
    if picture.dtype not in (bool, np.uint8, np.uint16):  # a float or 32-bit TIFF's: not ours
        return None
    if picture.ndim == 3 and picture.shape[2] in (2, 4):  # an alpha: opaque all over, or not ours
        if picture.dtype == bool or not (picture[..., -1] == np.iinfo(picture.dtype).max).all():
            return None
        picture = picture[..., :-1]
    if picture.ndim == 3:  # colours: one grey each, or not ours
        if not (picture == picture[..., :1]).all():
            return None
        picture = picture[..., 0]
    if picture.ndim != 2:
        return None
    if picture.dtype == bool:  # read as black and white
        return picture.astype(np.uint8) * np.uint8(255)
    if picture.dtype == np.uint16:  # read on 0…255 where they fit, on 0…65,535 past 14 bits (preprocess.saved_depth)
        top = int(picture.max())
        if top <= 255:
            return picture.astype(np.uint8)
        return None if top < 2**14 or (picture % 257).any() else (picture // 257).astype(np.uint8)
    return picture if picture.dtype == np.uint8 else None


def ink_from(asked: Ink, taken: Ink) -> InkFrom:
    """Who decided the ink a picture was read in, given the ink ``asked`` for and the one ``stated_ink`` gave: a
    note forged with the right digest decided "auto" unseen (a 1 read as 0 at 54 %), and nothing said so."""
    return "asked" if asked != "auto" else "pixels" if taken == "auto" else "note"


def ink_words(read_in: InkColour, source: InkFrom, switch: str | None = None) -> str:
    """One line of what ink a picture was read in and why, and how to read it the other way where it was not asked:
    "read as light ink on dark paper (the picture's RowReader note says so; --ink dark reads it as dark ink)".
    ``switch``: the app's key for the other ink, said in ``--ink``'s place (and after an ink asked too: the app's
    key flips back), so the command and the window say one thing in the same words."""
    paper = "light" if read_in == "dark" else "dark"  # the other ink, to read it with
    asked = "as --ink asked" if switch is None else "as asked"
    why = {"asked": asked, "note": "the picture's RowReader note says so", "pixels": "told from its pixels"}
    other = "" if source == "asked" and switch is None else f"; {switch or f'--ink {paper}'} reads it as {paper} ink"
    return f"{read_as(read_in)} ({why[source]}{other})"


def read_as(read_in: InkColour) -> str:
    """ "read as dark ink on light paper" (or light on dark): the words the command and the app say it in."""
    return f"read as {read_in} ink on {'light' if read_in == 'dark' else 'dark'} paper"
