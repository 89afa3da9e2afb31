"""The fifty-seventh round of hostile testing, chart9: the belief chart read as a demanding user, offscreen
(pytest-qt, grabs looked at) and in a real window; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from gui.theme import contrast
from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession

# a system palette whose views (Base, Text) are the other side of light from its window (Window, WindowText), as a
# desktop theme may set them apart: Qt pairs Text with Base, WindowText with Window
DARK_WINDOW_LIGHT_VIEWS = {"Window": "#353535", "WindowText": "#ffffff", "Base": "#ffffff", "Text": "#000000"}
LIGHT_WINDOW_DARK_VIEWS = {"Window": "#efefef", "WindowText": "#000000", "Base": "#1e1e1e", "Text": "#ffffff"}
NONE, PLAIN = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier


def _most_contrast(image: QImage, rect: QRectF, ground: QColor) -> float:
    """The largest contrast from ``ground`` of any pixel of ``image`` in ``rect`` (device pixels = widget pixels)."""
    r = rect.toAlignedRect() & image.rect()
    return max(
        contrast(QColor(image.pixel(x, y)), ground)
        for x in range(r.left(), r.right())
        for y in range(r.top(), r.bottom())
    )


@pytest.mark.parametrize(
    "roles", [DARK_WINDOW_LIGHT_VIEWS, LIGHT_WINDOW_DARK_VIEWS], ids=["dark-window", "light-window"]
)
def test_the_chart_writes_on_its_plot_in_the_plots_own_text_colour(qtbot, roles):
    """The plot is filled with the palette's Base, and the words written on it (the empty chart's note, the hover
    read-out's row and values, the note of a row not read yet) were in WindowText, the window's: under a palette
    whose views are light and window dark, the read-out was white on white, its "After row 21" and every value
    unseen (1.0:1), the note "the belief after each row appears here" 2.5:1; the other way round, black on
    near-black (1.3:1, the note 3.2:1). They are written in Text, which Qt pairs with Base: 4.5:1, as text must."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (420, 220))
    palette = chart.palette()
    for role, colour in roles.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    chart.setPalette(palette)
    base = QColor(roles["Base"])
    plot = chart.plot_rect()
    empty = chart.grab().toImage()
    note = QRectF(plot.center().x() - 60, plot.center().y() - 6, 120, 12)  # the middle of the note, on its box
    assert _most_contrast(empty, note, base) >= 4.5

    rng = np.random.default_rng(1)
    chart.probabilities = np.asarray(rng.dirichlet(np.full(10, 0.3), ROWS - 7), np.float32)
    chart._rows_read = ROWS - 7
    for row in (7, ROWS):  # one read (its values), one not read yet (its note)
        x = chart.x_of(row, plot)
        spot = QPointF(x, plot.top() + 2)
        QApplication.sendEvent(
            chart, QMouseEvent(QEvent.Type.MouseMove, spot, chart.mapToGlobal(spot), NONE, NONE, PLAIN)
        )
        image = chart.grab().toImage()
        if row <= ROWS - 7:
            box = chart.readout_layout(x, plot, False).box
            heading = QRectF(box.left() + 6, box.top() + 4, 60, chart.fontMetrics().height())
            values = QRectF(box.right() - 40, box.top() + 4 + chart.fontMetrics().height(), 34, box.height() - 30)
            assert _most_contrast(image, heading, base) >= 4.5, row
            assert _most_contrast(image, values, base) >= 4.5, row
        else:
            _, box = chart.unread_note_box(row, plot, chart.fontMetrics())
            assert _most_contrast(image, box.adjusted(3, 3, -3, -3), base) >= 4.5, row


@pytest.mark.parametrize("name", ["מודל", "نموذجي"], ids=["hebrew", "arabic"])
def test_the_title_line_keeps_a_right_to_left_names_reading_after_it(qtbot, name):
    """Comparing with a model named in Hebrew or Arabic ("מודל.safetensors"), the title line's "┄ מודל: 8 at row
    10" was drawn "┄ 8 :מודל at row 10": the compared reader's answer, a number after right-to-left letters, joined
    their run and was drawn before the name, beside the "┄", its colon after it. The name is set apart (U+2068 …
    U+2069), so what follows it is drawn after it, as for any other name."""
    beliefs = np.full((ROWS, 10), 0.01, np.float32)
    beliefs[:, 8] = 0.91
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (700, 220))
    chart.probabilities, chart.decided_at = beliefs, 10
    chart.set_comparison(Comparison(name, beliefs, 10))
    line = chart.title_line(8, ROWS, chart.fontMetrics())
    assert line.replace("\u2068", "").replace("\u2069", "") == f"8: decided at row 10   ┄ {name}: 8 at row 10"
    layout = QTextLayout(line, chart.font())
    option = QTextOption()
    option.setTextDirection(chart.layoutDirection())  # as the chart's painter lays a line out
    layout.setTextOption(option)
    layout.beginLayout()
    drawn = layout.createLine()
    layout.endLayout()
    start = line.index(name[0])
    answer = line.index(": 8 at row") + 2
    names_xs = [drawn.cursorToX(i)[0] for i in range(start, start + len(name) + 1)]
    assert drawn.cursorToX(answer)[0] > max(names_xs), (drawn.cursorToX(answer), names_xs)
