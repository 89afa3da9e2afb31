"""The forty-fifth round of hostile testing, keys: the views a keyboard-only user and a user with the window half off
the screen meet, driven in a real window (Xvfb, openbox, xdotool) at 100 % and 200 %; each defect measured here
offscreen, each test checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

from gui.numbers import signed
from gui.state_heatmap import StateHeatmap
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


def _point(view, pos: QPointF) -> None:
    """The pointer moved to ``pos``, no button held, as Qt hands it to the view."""
    none = Qt.MouseButton.NoButton
    view.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


def _on_screen(view) -> QRectF:
    """The screens' bounds in ``view``'s coordinates."""
    desk = view.screen().availableVirtualGeometry()
    return QRectF(desk.translated(-view.mapToGlobal(view.rect().topLeft())))


def test_the_maps_read_out_stays_on_the_screen_when_the_window_runs_past_its_edge(qtbot) -> None:
    """The window dragged partly past the screen's right edge (Xvfb at 100 %, the cell map's left 140 px on the
    screen): pointing at it wrote "tanh(c) unit 61, after row" at the screen's edge, the value past it; past the left
    edge, pointing at the part of the hidden map on the screen wrote the read-out from the map's left edge, off the
    screen, and only the ring showed. It is kept to the part of the maps on the screen (the chart's `on_screen_rect`),
    in the shorter words where the whole line does not fit there."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    maps = shown(qtbot, StateHeatmap(session), (900, 200))
    desk = maps.screen().availableVirtualGeometry()
    _, hidden, cell, _ = maps._layout()
    for screen_x, map_rect in ((desk.right() - 140 - cell.left(), cell), (desk.left() - hidden.right() + 60, hidden)):
        goal = round(screen_x)
        maps.move(goal, desk.top() + 100)
        qtbot.waitUntil(lambda goal=goal: abs(maps.mapToGlobal(maps.rect().topLeft()).x() - goal) < 40)
        on_screen = _on_screen(maps)
        x = max(map_rect.left(), on_screen.left()) + 20
        _point(maps, QPointF(x, map_rect.center().y()))
        assert maps.hover is not None and maps.hover[0] in ("h", "tanh(c)")
        where = maps.readout_rect()
        text = maps.readout(where.width())
        written = maps.fontMetrics().horizontalAdvance(text)
        assert on_screen.left() <= where.left() and where.left() + written <= on_screen.right(), (where, text)
        assert text.endswith(signed(maps.hover[3])), text  # the value is there
