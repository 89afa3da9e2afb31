"""The views' cached pictures (static layers, heatmap images) can never show stale: after a resize, a palette
change or a new drawing, every view paints exactly what it paints with every cache thrown away; and an
unchanged view repaints without rebuilding anything (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from gui_window import exposed, open_shipped_window
from PySide6.QtGui import QColor, QImage, QPalette

from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.session_view import SessionView


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    return open_shipped_window(qtbot, tmp_path, size=(1180, 760))


def views(window: MainWindow) -> list[SessionView]:
    return [window.bars, window.timeline, window.heatmap, window.input_view]


def picture(view: SessionView) -> QImage:
    return view.grab().toImage()


def uncached_picture(view: SessionView) -> QImage:
    """What the view paints with every cache dropped: the reference a cached picture must equal."""
    view._static = None
    view.__dict__.get("_images", {}).clear()  # the heatmap's images
    view.__dict__["_pixels"] = None  # the 28×28 view's buffer
    return picture(view)


def assert_fresh(window: MainWindow) -> None:
    for view in views(window):
        cached = picture(view)
        assert cached == uncached_picture(view), f"{type(view).__name__} showed a stale cached picture"


def test_a_repaint_with_nothing_changed_rebuilds_nothing(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "7")
    for view in views(window):
        picture(view)
        builds, paints = view.static_builds, view.paint_count
        picture(view)
        assert view.paint_count > paints and view.static_builds == builds, type(view).__name__


def test_cached_layers_follow_a_resize_a_palette_and_a_new_drawing(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "7")
    assert_fresh(window)
    before = {type(view).__name__: (view.size(), picture(view), view.static_builds) for view in views(window)}

    window.resize(900, 640)  # every view changes size
    qtbot.waitUntil(lambda: all(view.size() != before[type(view).__name__][0] for view in views(window)))
    assert_fresh(window)

    dark = QPalette(window.palette())
    for role, color in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#17181a")):
        dark.setColor(role, QColor(color))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    for view in views(window):
        view.setPalette(dark)
    assert_fresh(window)

    window.canvas.clear()
    draw_digit(window.canvas, "4")  # new belief and new LSTM states into the reused heatmap buffers
    assert_fresh(window)
    for view in views(window):
        name = type(view).__name__
        if type(view)._paint_static is not SessionView._paint_static:  # the views with a static picture
            assert view.static_builds > before[name][2], f"{name} never rebuilt its static layer"
        assert picture(view) != before[name][1], f"{name} still shows the first picture"


@pytest.mark.parametrize("size", [(1180, 760), (1181, 761)])
def test_at_150_percent_the_cached_layers_land_on_the_pixels_painting_in_place_gives(size) -> None:
    """At a fractional device pixel ratio a view can begin half-way into a device pixel; its static layer is
    painted with that fraction and blitted onto whole pixels, so the window looks exactly as if every view
    painted everything in place (a layer blitted without the fraction differs in thousands of pixels)."""
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("paint_in_place_probe.py")), *map(str, size)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=repo,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["ratio"] == 1.5
    assert any(x or y for x, y in found["phases"]), "no view starts part-way into a pixel: nothing was tested"
    assert found["differing_bytes"] == 0


def test_the_chart_lines_written_by_numpy_are_the_lines_point_by_point(window: MainWindow, monkeypatch) -> None:
    """The belief chart's polygons are filled straight from NumPy; they must hold exactly the points the slower
    QPointF-by-QPointF path gives, NaN beliefs splitting a line into stretches (and a lone point) as before."""
    from gui import polylines

    chart = window.timeline
    plot = chart.plot_rect()
    rows = np.linspace(0.0, 1.0, 20 * 10, dtype=np.float32).reshape(20, 10)
    rows[3, 2] = rows[4, 2] = rows[7, 2] = rows[9, 2] = np.nan  # digit 2: stretches of 3, 2, 1 and 10 points
    rows[:, 5] = np.nan  # digit 5: no line at all

    def points(lines: list) -> list[list[list[tuple[float, float]]]]:
        return [[[(p.x(), p.y()) for p in run] for run in runs] for runs in lines]

    assert polylines.storage_is_shared()  # else the fast path is never taken and this compares the slow with itself
    fast = points(chart._lines(rows, plot))
    monkeypatch.setattr(polylines, "storage_is_shared", lambda: False)
    slow = points(chart._lines(rows, plot))
    assert fast == slow
    assert [len(run) for run in fast[2]] == [3, 2, 1, 10] and fast[5] == []
    assert all(len(runs) == 1 and len(runs[0]) == 20 for d, runs in enumerate(fast) if d not in (2, 5))


def _rgb32(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].copy()


@pytest.mark.parametrize("brush", [4.0, 64.0])
def test_a_pen_movement_repaints_only_its_segment_and_the_screen_shows_the_whole_stroke(qtbot, brush) -> None:
    """While a stroke is drawn each movement repaints only the pixels its segment can touch (round caps and
    antialiasing included); what the screen then shows is exactly what repainting the whole canvas gives."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from gui.canvas import DrawingCanvas
    from gui.demo import DIGITS, widget_strokes

    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    canvas.set_brush_width(brush)
    canvas.show()
    exposed(qtbot, canvas)
    regions = []

    def send(kind: QEvent.Type, x: float, y: float) -> None:
        at = QPointF(x, y)
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        event = QMouseEvent(kind, at, canvas.mapToGlobal(at), button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
        QApplication.sendEvent(canvas, event)

    original = DrawingCanvas.paintEvent
    canvas.paintEvent = lambda event: (regions.append(event.region().boundingRect()), original(canvas, event))
    stroke = widget_strokes(canvas, DIGITS["4"])[0]
    send(QEvent.Type.MouseButtonPress, *stroke[0])
    for x, y in stroke[1:]:
        send(QEvent.Type.MouseMove, x, y)
        QApplication.processEvents()
    assert canvas.is_drawing and len(regions) > 5
    assert max(r.width() * r.height() for r in regions[1:]) < canvas.width() * canvas.height() / 4
    shown = _rgb32(canvas.screen().grabWindow(canvas.winId()).toImage())
    assert np.array_equal(shown, _rgb32(canvas.grab().toImage()))  # grab() repaints the whole canvas


def test_cached_layers_follow_a_model_a_font_and_a_device_pixel_ratio(window: MainWindow, qtbot, monkeypatch) -> None:
    """Another model (new beliefs and states into the same buffers), another font (the axes' labels and the bars'
    geometry) and another device pixel ratio (a window moved to a 200 % screen) each leave no stale picture: every
    view paints what it paints with its caches thrown away, and its static layer is at the new ratio."""
    from PySide6.QtGui import QFont

    from rowreader.checkpoint import load_checkpoint, pretrained_path

    draw_digit(window.canvas, "7")
    assert_fresh(window)
    window.session.set_checkpoint(load_checkpoint(pretrained_path().with_name("seed.safetensors")))
    assert_fresh(window)

    static = [view for view in views(window) if type(view)._paint_static is not SessionView._paint_static]
    assert {type(view).__name__ for view in static} >= {"BeliefBars", "BeliefTimeline", "StateHeatmap"}
    builds = {view: view.static_builds for view in static}
    for view in views(window):
        font = QFont(view.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        view.setFont(font)
    assert_fresh(window)
    assert all(view.static_builds > builds[view] for view in static)

    for view in static:
        builds[view] = view.static_builds
        monkeypatch.setattr(view, "devicePixelRatioF", lambda: 2.0)
        picture(view)
        assert view.static_builds > builds[view] and view._static.devicePixelRatio() == 2.0, type(view).__name__
