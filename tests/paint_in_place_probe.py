"""Run by test_gui_paint_cache at a fractional scale (QT_SCALE_FACTOR=1.5), in a process of its own because the
scale is fixed when Qt starts: the window drawn with its views' cached static layers, then with every view
painting them in place, compared pixel by pixel. Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtGui import QImage

from gui.app import create_app
from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.session_view import SessionView
from rowreader.checkpoint import pretrained_path


def pixels(window: MainWindow) -> np.ndarray:
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].copy()


def paint_in_place(view: SessionView, painter) -> None:
    painter.fillRect(view.rect(), view.palette().color(view.backgroundRole()))
    view._paint_static(painter)


def main() -> None:
    width, height = (int(a) for a in sys.argv[1:3])
    app = create_app(["probe"], "light")
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(checkpoint=pretrained_path(), settings=settings)
    window.resize(width, height)
    window.show()
    deadline = time.monotonic() + 60
    while window.tasks.busy and time.monotonic() < deadline:
        app.processEvents()
    draw_digit(window.canvas, "7")
    for _ in range(10):
        app.processEvents()
    ratio = window.devicePixelRatioF()
    views = [window.bars, window.timeline, window.heatmap, window.input_view]
    phases = [[(p.x() * ratio) % 1, (p.y() * ratio) % 1] for p in (v.mapTo(window, QPointF(0, 0)) for v in views)]
    cached = pixels(window)
    SessionView._draw_static = paint_in_place  # type: ignore[method-assign]
    direct = pixels(window)
    differs = cached != direct
    print(json.dumps({"ratio": ratio, "phases": phases, "differing_bytes": int(differs.sum())}))


if __name__ == "__main__":
    main()
