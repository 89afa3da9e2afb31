"""What is said of a picture that is not one digit: digits side by side (:func:`side_by_side`), many small
marks (:func:`many_small_marks`), both as :func:`not_one_digit`; a mark too small or a single line
(:func:`too_small_words`) and no ink (:func:`no_ink_in`); and, of a picture of several frames, that only its first
is read (:func:`frame_count`).
"""

from __future__ import annotations

import contextlib
import os
from typing import BinaryIO

from PIL import Image

from rowreader.one_digit import (
    FLATTEST,
    MAX_DOT_EXTENT,
    MIN_DIGIT_PIXELS,
    MIN_EXTENT,
    MIN_MARK_PIXELS,
    along_edge,
    cropped,
    flat_lines,
    is_dot,
    too_few_pixels,
)
from rowreader.paths import open_regular_file
from rowreader.picture_quiet import pillow_quiet
from rowreader.preprocess import MAX_INPUT_SIDE, MIN_CONTRAST, Normalised

# Why a picture's one mark is not read (``Normalised.too_small``). The app said only "(a dot or a speck)" of a digit
# written 100 px tall on a page photographed at 3,000 px, with nothing to do about it; the examples folder said this.
TOO_SMALL = (
    f"the mark is too small to be a digit (ink spanning under {MIN_EXTENT:.0%} of the picture and under "
    f"{MIN_MARK_PIXELS} pixels, counted at {MAX_INPUT_SIDE:,} a side at most): "
    "crop the picture to the digit"
)
# Why a speck is not read: a 2 × 1 picture, or a pixel in a 28 × 28 one, was told to crop the picture to the digit.
TOO_FEW_PIXELS = (
    f"the mark is too small to be a digit: its ink spans under {MIN_DIGIT_PIXELS} pixels both down and across (a "
    "speck), too few to draw any digit in; there is no digit to read"
)
# Why a dot is not read: a round dot a tenth of a picture across was told to crop the picture to the digit.
DOT = (
    f"the mark is too small to be a digit: a dot (filled, spanning under {MAX_DOT_EXTENT:.0%} of the picture); there "
    "is no digit to read"
)

# Why a line is not read: a ruled line alone was read as a 7 at 92.1 %.
LINE = (
    f"the mark is a single line, not a digit: it lies flat (under {FLATTEST:.0%} as tall as it is wide: a rule, a "
    "dash); there is no digit to read"
)

# Why lines one above another are not read: an "=" drawn was read as a 7 or a 2, where one dash is a single line.
LINES = (
    f"the mark is lines one above another, not a digit: each lies flat (under {FLATTEST:.0%} as tall as it is wide: "
    "an equals sign, dashes, rules); there is no digit to read"
)

# Why a band along the picture's side is not read: a scanner's edge shadow was read as a 1 at 100 %.
EDGE = (
    "the mark is a band along the picture's edge, not a digit: the page's edge or a scanner's shadow along it; there "
    "is no digit to read"
)

# How each reason a whole picture gives no digit begins (the marks' above, first_frame_too_small's, no_ink's and
# first_frame_blank's): a count of skipped files called a blank page, a speck or a rule "a damaged file"
NO_DIGIT_HEADS = (
    "the mark ",
    "no ink found: ",
    "no digit found: ",
    "no ink in its first frame (",
    "no digit found in its first frame (",
)


def too_small_words(read: Normalised) -> str:
    """Why ``read``'s one mark (``Normalised.too_small``) is not read: :data:`TOO_FEW_PIXELS` for a speck,
    :data:`DOT` for a dot, :data:`LINE` for a line and :data:`LINES` for lines one above another, which no crop
    mends, else :data:`TOO_SMALL`. A speck only where its pixels are the picture's: counted once it was reduced
    (``Normalised.reduced``), a 7 of 16 × 12 px in an 8,192² scan was a filled dot, "no digit to read", and
    cropped to it, it is read."""
    if read.ink is None or not read.ink.any():  # a faint speck that anti-aliasing averaged away
        return TOO_SMALL
    if too_few_pixels(read.ink):  # so few, once reduced, that any mark looks filled: no dot either
        return TOO_SMALL if read.reduced else TOO_FEW_PIXELS
    if along_edge(read.ink):
        return EDGE
    crop = cropped(read.ink)
    if is_dot(crop, max(read.ink.shape)):
        return DOT
    lines = flat_lines(crop)
    return LINE if lines == 1 else LINES if lines else TOO_SMALL


ONE_SHADE = "the picture is all one shade, nothing is drawn on it"


# A ruled, squared or dotted page with nothing written on it, its rules taken away, was "the image is empty".
RULES_ONLY = "the page holds only printed rules, nothing written on them"

# Grainy blank paper was "the image is empty" to ``predict`` and "blank or has no contrast" to the app's Open: it is
# neither (its grain is plain to see, its shades lie farther apart than a mark's); no mark stands out of it.
BLANK_PAPER = "the picture is blank paper, nothing on it stands out from the paper as ink"


def no_ink(read: Normalised) -> str:
    """Why a picture in which ``normalise`` found no ink (``read``) gives no digit, in the words ``predict``, the app's
    Open and the examples folder all say: only printed rules (:data:`RULES_ONLY`: ink, but no digit's), too faint
    (:func:`too_faint`), all one shade (a page all black was "the image is empty": a lens cap, a scan of black card),
    or blank paper (:data:`BLANK_PAPER`). Each reason had two wordings, the app's "no digit found" and ``predict``'s
    "no ink found"."""
    return f"{'no digit found' if read.rules_only else 'no ink found'}: {_why_no_ink(read)}"


def _why_no_ink(read: Normalised) -> str:
    """:func:`no_ink`'s reason, which a picture's first frame is given too (:func:`first_frame_blank`)."""
    return RULES_ONLY if read.rules_only else too_faint(read) or (ONE_SHADE if read.spread == 0 else BLANK_PAPER)


def too_faint(read: Normalised) -> str | None:
    """Why a picture in which ``normalise`` found no ink (``read``) holds shades apart, too little to be a mark
    (``MIN_CONTRAST``); None for one of one shade, or one whose shades lie farther apart. A smudge one grey level
    off white, or a float TIFF whose 1 lay at 0.001 on 0, was "empty": something is there, too faint to read."""
    if not 0 < read.spread < MIN_CONTRAST:
        return None
    spread = f"{read.spread * 100:.1f} %" if read.spread >= 0.0005 else "under 0.1 %"
    return (
        f"its shades differ by {spread} at most, too faint to read (a mark stands out from the paper by "
        f"{MIN_CONTRAST * 100:.0f} % or more)"
    )


SIDE_BY_SIDE = " marks side by side, each as tall as a digit, were read as one: "  # after their count


def side_by_side(marks: int, remedy: str = "crop the picture to one digit") -> str:
    """What is said of a picture holding ``marks`` digit-sized marks side by side (``Normalised.marks``), which are
    read as one digit: "37" was read as a 4 at 97 %, and nothing said there were two. ``remedy``: what to do, for
    another kind of picture (a drawing)."""
    return f"{marks}{SIDE_BY_SIDE}{remedy}"


MANY_SMALL_MARKS = "many small marks (a page of text? a screenshot?), none holding much of the ink, were read as one: "


def many_small_marks(remedy: str = "crop the picture to one digit") -> str:
    """What is said of a picture of many small marks (``Normalised.many_marks``), read as one digit: a page of text
    in 3/ was taught as a 3 without a word, and `rowreader predict` read it as a digit without one."""
    return f"{MANY_SMALL_MARKS}{remedy}"


def not_one_digit(read: Normalised, remedy: str = "crop the picture to one digit") -> str | None:
    """What is said of a picture whose ink ``normalise`` read as one digit though it is not one: digits side by
    side (:func:`side_by_side`), or many small marks; ``None`` for one digit. ``remedy``: what to do about it."""
    if read.marks > 1:
        return side_by_side(read.marks, remedy)
    if read.many_marks:
        return many_small_marks(remedy)
    return None


MAX_FRAMES_COUNTED = 100  # counting walks the file: a 100-MB GIF of a million tiny frames took half a minute


def frame_count(path: str | os.PathLike[str] | BinaryIO) -> int:
    """How many frames (pages, animation frames) a picture file holds, up to :data:`MAX_FRAMES_COUNTED`; 1 when
    that cannot be told.

    Only the first is read (as the app's Qt reader reads it): which frame of an animation or which page of a scan
    shows the digit is not ours to guess. Asked when the first frame held no ink, so the message can say that
    other frames were not read."""
    try:
        with contextlib.ExitStack() as closing:
            if isinstance(path, str | os.PathLike):  # opened as read_picture opens it: a FIFO swapped in hung
                path = closing.enter_context(open_regular_file(path, "image"))
            if (count := _gif_frames(path)) is not None:
                return count
            with pillow_quiet(), Image.open(path) as image:
                count = 1
                if image.format == "PNG":  # from its acTL chunk: Pillow draws each frame it seeks past, as for a GIF
                    count = min(getattr(image, "n_frames", 1), MAX_FRAMES_COUNTED)
                elif getattr(image, "is_animated", False):  # looks at the second frame only
                    with contextlib.suppress(EOFError):
                        while count < MAX_FRAMES_COUNTED:
                            image.seek(count)  # finds the frame (a TIFF's page, a WebP's frame), not decoding it
                            count += 1
                return count - hidden_default_image(image)
    except Exception:  # it was read a moment ago; if it cannot be counted now, say nothing of frames
        return 1


def _gif_frames(file: BinaryIO) -> int | None:
    """How many frames a GIF holds, up to :data:`MAX_FRAMES_COUNTED`, found as Pillow finds them (an image
    descriptor each; extensions and their data blocks, and a byte of no block, passed over) but from the blocks'
    headers alone: Pillow's seek draws every frame it passes onto the whole canvas, so a blank GIF of 11,000² of a
    thousand 1 × 1 frames took 120 s and 1.15 GB to be said to hold "100 or more". None for what is no GIF."""
    file.seek(0)
    head = file.read(13)
    if len(head) < 13 or head[:6] not in (b"GIF87a", b"GIF89a"):
        file.seek(0)
        return None
    file.seek(3 << (head[10] & 7) + 1 if head[10] & 0x80 else 0, os.SEEK_CUR)  # the global colour table
    frames = 0
    while frames < MAX_FRAMES_COUNTED and (kind := file.read(1)) not in (b"", b";"):
        if kind == b",":  # an image: its descriptor, its colour table, its code size, then its data blocks
            descriptor = file.read(9)
            local = descriptor[8] & 0x80 if len(descriptor) == 9 else 0
            file.seek((3 << (descriptor[8] & 7) + 1 if local else 0) + 1, os.SEEK_CUR)
            frames += 1
        elif kind == b"!":  # an extension: its label, then its data blocks
            file.read(1)
        else:
            continue
        while (size := file.read(1)) and size[0]:
            file.seek(size[0], os.SEEK_CUR)
    return max(frames, 1)


def frames_text(frames: int) -> str:
    """``"2"``, or ``"100 or more"`` at the counting limit."""
    return f"{frames} or more" if frames >= MAX_FRAMES_COUNTED else str(frames)


def first_frame_too_small(frames: int) -> str:
    """:data:`TOO_SMALL` for a picture of ``frames`` frames, whose first (the one read) holds only a dot: an animation
    of a digit drawn stroke by stroke was told to crop the picture to the digit."""
    return (
        f"the mark in its first frame (of {frames_text(frames)}) is too small to be a digit: only a picture's first "
        "frame is read"
    )


def too_small_in(path: str | os.PathLike[str] | BinaryIO, read: Normalised) -> str:
    """Why a picture's one mark (``read``) is not read: :func:`too_small_words`, or :func:`first_frame_too_small`
    for one of several frames (the app and the examples folder said to crop such an animation, where ``predict``
    said this)."""
    frames = frame_count(path)
    return too_small_words(read) if frames == 1 else first_frame_too_small(frames)


def first_frame_blank(frames: int, read: Normalised) -> str:
    """Why a picture of ``frames`` frames whose first (the one read, ``read``) gives no digit: no ink in it, or only
    printed rules, each with its reason as :func:`no_ink` gives it. The app said "(of 2; only the first frame of a
    picture is read)" where ``predict`` said "(of 2): only a picture's first frame is read"; a two-page scan whose
    first page is a blank ruled page was "no ink in its first frame", its rules in plain sight, and one whose first
    page is all black, too faint or blank paper was so too, the reason a page alone is given lost."""
    first, only = f"in its first frame (of {frames_text(frames)})", "only a picture's first frame is read"
    return f"{'no digit found' if read.rules_only else 'no ink'} {first}: {_why_no_ink(read)}; {only}"


def no_ink_in(path: str | os.PathLike[str] | BinaryIO, read: Normalised) -> str:
    """Why a picture with no ink found (``read``) gives no digit: :func:`no_ink`, or :func:`first_frame_blank` for one
    of several frames (the app said only "no digit found" of an animation whose first frame is blank)."""
    frames = frame_count(path)
    return no_ink(read) if frames == 1 else first_frame_blank(frames, read)


def hidden_default_image(image: Image.Image) -> bool:
    """True for an APNG whose default image is not part of its animation, which Pillow counts as frame 0.

    That image is for viewers that cannot animate (often a still or a "cannot show this" notice); every browser
    and viewer that knows APNG shows the animation and never it. An APNG of a 7 whose default image was blank was
    "no ink in its first frame (of 3)": the first frame read is the animation's, as a browser shows it."""
    return image.format == "PNG" and getattr(image, "default_image", False) and getattr(image, "n_frames", 1) > 1
