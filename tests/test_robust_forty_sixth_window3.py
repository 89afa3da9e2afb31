"""The forty-sixth round of hostile testing, window3: a person's session in a real window (Xvfb, openbox, xdotool, at
100 % and 200 %, light and dark) with this round's new features: drawings kept, 300 copies of one imported, Tab
through every view with Ctrl+L at each stop, a teach started and cancelled, an import quit and the app started again,
two windows at once; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import keyed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from gui.input_view import ModelInputView
from gui.theme import contrast
from rowreader.session import DigitSession


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(ink=st.floats(0.0, 1.0))
def test_the_pixel_cursor_stands_out_on_any_grey(qtbot, ink) -> None:
    """The keys' pixel cursor was a ring in the highlight colour alone (#2978a9 here): 4.4:1 on black and 4.8:1 on
    white, but 1.2:1 on the mid greys of a stroke's edge (ink 0.5), where it vanished, as a user moving it over the
    edge of a digit saw. It is ringed as the maps' cursor is, dark inside light, one of which stands out at least
    3:1 (WCAG's for a graphic) on any grey."""
    session = DigitSession()
    session.set_image(np.full((28, 28), ink, np.float32))
    session.seek(28)
    view = keyed(qtbot, ModelInputView(session), (300, 300))
    QTest.keyClick(view, Qt.Key.Key_Right)  # the cursor, shown mid-row 28
    assert view.key_cell == (27, 14)
    picture = view.grab().toImage()
    ratio = picture.devicePixelRatio()
    cell = view._cell_rect(*view.key_cell)
    far = view._cell_rect(27, 4).center()
    back = picture.pixelColor(round((far.x() + 1) * ratio), round((far.y() + 1) * ratio))  # inside, off the grid
    y = round(cell.center().y() * ratio)
    across = range(round(cell.center().x() * ratio), round((cell.right() + 2 * cell.width()) * ratio))
    best = max(contrast(QColor(picture.pixelColor(x, y)), back) for x in across)
    assert best >= 3.0, (ink, back.name(), best)
