"""What is on the canvas, as values: the strokes drawn, a picture under them (:class:`BaseLayer`), and the two
together (:class:`Content`).

A stroke is the library's :class:`rowreader.example_folder.PenStroke`, the one a kept example's strokes are written
as, so Keep writes the canvas's strokes as they are. All three are frozen: every edit of the drawing makes a new
:class:`Content`, so gui/canvas.py's undo swaps one value for another, and a caller can tell whether the drawing
changed by ``is``. A stroke's points are in document units (the 280×280 page of ``rowreader.pen.CANVAS``), never
widget pixels; a picture's ``placement`` is in its own pixels until :meth:`BaseLayer.document_placement` maps it
onto the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF

from rowreader.example_folder import PenStroke
from rowreader.model import COLUMNS, ROWS
from rowreader.pen import CANVAS as DOC_SIDE
from rowreader.preprocess import Placement


@dataclass(frozen=True, eq=False)
class BaseLayer:
    """A picture under the strokes (an opened file, a pasted image, an MNIST digit).

    The canvas shows ``picture`` at its own resolution, fitted into the document (crisp pixels when enlarged);
    the model reads ``image``, exactly, while no stroke is added.
    """

    image: np.ndarray  # float32 [28, 28] in [0, 1], ink = 1, exactly what the model reads while no stroke is added
    label: int | None = None  # the true class, when known
    source: str = ""  # where it came from, in words
    picture: np.ndarray | None = None  # uint8 [H, W], 255 = ink; None: ``image`` is the picture
    placement: Placement | None = None  # where ``image``'s rows lie on ``picture``, in its pixels

    def ink(self) -> np.ndarray:
        """The picture shown: uint8, 255 = ink."""
        if self.picture is not None:
            return self.picture
        return np.clip(self.image * 255.0 + 0.5, 0, 255).astype(np.uint8)

    def fitted(self) -> QRectF:
        """Where the picture sits in the document: as large as fits, centred, keeping its aspect ratio."""
        height, width = self.ink().shape
        scale = DOC_SIDE / max(height, width)
        return QRectF((DOC_SIDE - width * scale) / 2, (DOC_SIDE - height * scale) / 2, width * scale, height * scale)

    def document_placement(self) -> Placement:
        """``placement`` in document units (where the rows lie on the canvas)."""
        rect = self.fitted()
        scale = rect.height() / self.ink().shape[0]
        if self.placement is None:  # the 28×28 image itself: row r is picture row r
            crop, box = (0.0, 0.0, float(ROWS), float(COLUMNS)), (0, 0, ROWS, COLUMNS)
        else:
            crop, box = self.placement.crop, self.placement.box
        top, left, bottom, right = crop
        mapped = (
            rect.top() + top * scale,
            rect.left() + left * scale,
            rect.top() + bottom * scale,
            rect.left() + right * scale,
        )
        return Placement(mapped, box)


@dataclass(frozen=True)
class Content:
    """Everything on the canvas; replaced as a whole by every edit, which makes undo a swap."""

    base: BaseLayer | None = None
    strokes: tuple[PenStroke, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.base is None and not self.strokes
