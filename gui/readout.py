"""The belief chart's hover read-out, its words and box (gui/timeline.py measures and paints it): the heading, the
compared model's column name, the box it is drawn in, where it goes (:class:`ReadoutLayout`), and what a row not
read yet says, which the maps' read-out (gui/state_heatmap.py) says alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from gui.numbers import belief_percent
from gui.theme import blend

MIN_NAME_SHOWN = 9  # characters: a compared model's name shortened to fewer ("Sh…el") says nothing
DASHED_COLUMN = "┄ dashed"  # the compared column's heading where its name does not fit: the read-out has room for it


@dataclass(frozen=True)
class ReadoutLayout:
    """Where the hover read-out goes and how it is set: its font, its box, digits per column, the width of a
    digit's cell and of the compared reader's value in it (0 alone), and whether it is :func:`compact`."""

    font: QFont
    box: QRectF
    lines: int
    cell: float
    dashed: float
    compact: bool = False


def unread_note(row: int, short: bool = False, keys: bool = False) -> str:
    """What the chart's and the maps' read-outs say of a row not read yet (it has no values; a click there reads
    to it); ``short`` where the whole line does not fit, and while a drag is held on it (a scan run on from there
    was told "click to read to it", the button down); ``keys`` for the chart's keyboard cursor, where Enter does
    (a keyboard user was told to click)."""
    if short:
        return f"row {row}: not read yet"
    return f"row {row}: not read yet; {'Enter reads' if keys else 'click to read'} to it"


def readout_heading(row: int, compact: bool = False) -> str:
    """The read-out's heading, in bold; ``compact``: "Row 13" (see :func:`readout_value`)."""
    return f"Row {row}" if compact else f"After row {row}"


def readout_value(probability: float, compact: bool = False) -> str:
    """A value as the read-out writes it; ``compact``, without its "%" (the chart's axis says it): comparing at
    240×150, the box of twenty values fitted neither side of the pointer at rows 11–15 and hid the spot pointed at
    and its line (936 of 9,472 spots on the lines of MNIST's first 300 test digits); so set, and headed "Row 13",
    it is 26 px narrower and clears them."""
    text = belief_percent(probability)
    return text.removesuffix("%") if compact else text


def elided(metrics: QFontMetrics, text: str, mode: Qt.TextElideMode, room: float) -> str:
    """``text`` shortened to ``room`` px, whole where its advance fits: the chart's rooms are measured in whole pixels
    (the read-out's box, the title's choice), Qt's eliding in fractions, so "rowreader" (72.1 px) in the 72 px made
    for it was cut, "┄ dashed" (the read-out) or "┄ dashed:" (the title) said in its place. Nothing where even "…"
    does not fit: Qt gives one letter back whole ("4", 8 px, in 0 px)."""
    if metrics.horizontalAdvance(text) <= room:
        return text
    shown = metrics.elidedText(text, mode, max(int(room), 0))
    return shown if metrics.horizontalAdvance(shown) <= room else ""


def dashed_column_name(name: str, font: QFont, room: int) -> str:
    """The read-out's heading of the compared model's column in ``room`` px: its name, shortened in its middle as
    the title's is, or, where fewer than :data:`MIN_NAME_SHOWN` characters of it would be left, "┄ dashed" (a
    taught model's name came out as "┄ …8a", which names nothing)."""
    metrics = QFontMetrics(font)
    shown = elided(metrics, f"┄ {name}", Qt.TextElideMode.ElideMiddle, room)
    if shown == f"┄ {name}" or len(shown) - 2 >= MIN_NAME_SHOWN:
        return shown
    return DASHED_COLUMN if metrics.horizontalAdvance(DASHED_COLUMN) <= room else "┄"


def paint_box(painter: QPainter, box: QRectF, text: QColor, base: QColor) -> None:
    """The read-outs' rounded box in the background's colour, whole: letting 7 % of the lines under it through, one
    under a digit's name took it to 4.2:1 (the dark scheme's 1 over the 8), under the 4.5:1 kept for text."""
    painter.setPen(QPen(blend(base, text, 0.35), 1.0))
    painter.setBrush(base)
    painter.drawRoundedRect(box, 5, 5)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def readout_bands(rect: QRectF, name: float, dashed: float, pointed: tuple[bool, bool]) -> list[QRectF]:
    """The band behind a digit's line of the read-out (``rect``: its name, ``name`` px wide, and its solid value;
    the compared value ``dashed`` px right of it), where its (solid, dashed) lines are ``pointed`` at: the whole
    line for both, else its name and the pointed line's value. Banded across both values for either, comparing in
    the smallest chart, where the read-out covers the spot pointed at (3,297 of 9,472 spots on the lines of MNIST's
    first 300 test digits), nothing said whose line it was: the solid 0's at 5 % or the dashed 0's at 30 %."""
    solid, compared = pointed
    if not (solid or compared):
        return []
    if solid and (compared or not dashed):
        return [rect.adjusted(-3, 0, dashed + 3, 0)]
    if solid:
        return [rect.adjusted(-3, 0, 3, 0)]
    return [
        QRectF(rect.left() - 3, rect.top(), name + 6, rect.height()),
        QRectF(rect.right(), rect.top(), dashed + 3, rect.height()),
    ]
