"""PNG pictures our commands make to look at (a preview grid, the misread digits), which never replace a user's file.

``python -m training.drawn photo.png`` and ``bench_handwriting.py --save-errors photo.png`` wrote over any file of
that name: a holiday photo was lost to a grid of digits. Every such PNG now carries a text chunk naming RowReader
(``Software``, a key PNG defines for exactly this), so running the same command again replaces its own picture,
while a file without the mark — or not a PNG at all — is kept and refused before any work.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from rowreader.atomic import atomic_write_bytes
from rowreader.output import MAX_KIND_SHOWN, one_line, shortened
from rowreader.paths import open_regular_file
from rowreader.picture_errors import PNG_SIGNATURE
from rowreader.picture_limits import png_chunk_too_long

SOFTWARE = "RowReader"  # the value of the PNG's "Software" text chunk
# the text chunk of the pictures in docs/ made by a measured run (the teach window and chart, the digits left misread),
# holding what the run measured, which a test holds docs/teaching.md's words to
RUN_KEY = "RowReader run"
# what the picture is ("a grid of drawn digits", "an example drawing"): each command replaces only its own kind (the
# grid of training.drawn replaced an example person_examples.py wrote, to be taught); one without it is older, any kind
KIND_KEY = "RowReader picture"
# the kind gui.screenshot and gui.teach_screenshot both wrote, before each wrote its own (either replaced the
# other's picture): an older picture of this kind is either's, as one of no kind is any command's
WINDOW_BEFORE = "a picture of a window"
# the kind of the app's NAME-28x28.png beside a saved drawing: any 28×28 picture there was taken for it, and a user's
# own 28×28 icon or MNIST sample was replaced without a word
DRAWING_INPUT = "a drawing's 28×28 input"


def refuse_a_file_not_ours(path: str | os.PathLike[str], kind: str = "", older: tuple[str, ...] = ()) -> None:
    """FileExistsError if ``path`` holds something other than a PNG this module wrote (of another ``kind`` than the
    one given, where both are known, nor one of the ``older`` kinds it also replaces); nothing if free or ours."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return
    if not path.is_file():  # a named pipe was opened to be read: the command waited for a writer, for good
        raise FileExistsError(f"{one_line(str(path))} exists and is not a file; it is kept: give another name")
    # only a PNG can be ours, its chunks walked before Pillow reads them: a sparse WebP of 1.5 GB at that name, which
    # Pillow reads whole as it opens it, took 6.0 s and 3.0 GB to be kept, a PNG whose tEXt said 1 GB 2.8 s and 3.0 GB
    there = ""
    try:
        with open_regular_file(path, "file") as file:
            ours = file.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE and png_chunk_too_long(file) is None
            if ours:
                with Image.open(file, formats=["PNG"]) as picture:
                    ours = picture.info.get("Software") == SOFTWARE
                    there = str(picture.info.get(KIND_KEY, ""))
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        ours = False
    if not ours:
        raise FileExistsError(
            f"{one_line(str(path))} exists and is not a picture RowReader made; it is kept: give another name "
            "or delete it first"
        )
    if kind and there and there != kind and there not in older:
        said = one_line(shortened(there, MAX_KIND_SHOWN))
        raise FileExistsError(
            f"{one_line(str(path))} is {said} RowReader made, not {kind}; it is kept: give another name "
            "or delete it first"
        )


def write_own_png(
    path: str | os.PathLike[str], image: Image.Image, text: Mapping[str, str] | None = None, kind: str = ""
) -> None:
    """Write ``image`` as a PNG marked as ours, and as ``kind`` of picture, atomically, unless ``path`` holds a file
    that is not ours (or is ours, of another kind).

    ``text``: more text chunks, e.g. what the run pictured measured, for a test to hold the docs' words to."""
    refuse_a_file_not_ours(path, kind)
    atomic_write_bytes(path, own_png_bytes(image, text, kind))


def own_png_bytes(image: Image.Image, text: Mapping[str, str] | None = None, kind: str = "") -> bytes:
    """``image`` as PNG file contents marked as ours, and as ``kind`` of picture, for a writer that checks the name
    itself (the app's Save drawing writes its two pictures together)."""
    marks = PngImagePlugin.PngInfo()
    marks.add_text("Software", SOFTWARE)
    if kind:
        marks.add_text(KIND_KEY, kind)
    for key, value in (text or {}).items():
        marks.add_text(key, value, zip=True)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=marks)
    return buffer.getvalue()
