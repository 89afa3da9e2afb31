"""The fiftieth round of hostile testing, chart6: the belief chart at its smallest sizes while comparing two models,
driven offscreen over MNIST's first 300 test digits read by the shipped model and by seed, at 100 % and 200 %
(``QT_SCALE_FACTOR=2``), in the light and the dark palette, its grabs looked at, and in a real window (Xvfb); each
test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QFontMetrics
from test_robust_forty_ninth_chart5 import pointing_at_the_7

from gui.theme import TITLE_INSET
from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(240, 300), height=st.integers(150, 170), row=st.integers(1, ROWS))
def test_the_read_out_never_covers_the_spot_pointed_at_comparing_in_the_smallest_chart(qtbot, width, height, row):
    """Comparing at 240×150 (My examples shown), the read-out (135 × 131 px) fitted neither side of the pointer at
    rows 11–15 and lay over the spot pointed at and its line: 936 of 9,472 spots on the lines of MNIST's first 300
    test digits (rows 4, 8, …, 28, each line at 5 % or more). Where no read-out stands clear of the pointer, a compact
    one does: headed "Row 13", its values without their "%" (the axis says it), 109 px wide; the spot is never under
    it, and every value is still written."""
    chart, plot, pos = pointing_at_the_7(qtbot, width, height, row)
    box = chart.readout_layout(pos.x(), plot, True).box
    assert box.left() >= 0 and box.right() < width and box.top() >= 0 and box.bottom() < height, box
    assert not box.left() - 2 <= pos.x() <= box.right() + 2, (row, pos, box)


def _ink_columns(chart: BeliefTimeline, left: float, right: float, bottom: float) -> int:
    """How many pixel columns of the grab between ``left`` and ``right`` (px) hold ink above ``bottom``."""
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    back = image.pixelColor(0, 0)
    return sum(
        any(image.pixelColor(x, y) != back for y in range(round(bottom * ratio)))
        for x in range(round(left * ratio), round(right * ratio))
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(291, 364), read=st.integers(1, ROWS), seed=st.integers(0, 2**32 - 1))
def test_the_chart_keeps_a_title_comparing_where_a_short_one_fits(qtbot, width, read, seed):
    """Comparing, from 240 to 364 px wide (My examples shown) the chart had no title at all: "Belief over rows" gave
    way whole to the readings that name the dashed reader, and the chart, which has no caption, was a plot of lines
    nobody named. Where "Belief over rows" leaves them too little room but "Belief" does (291 px on, at 9 pt), that
    is the title, for the whole scan; the readings keep their room and still name the dashed reader."""
    rng = np.random.default_rng(seed)
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (width, 150))
    ours, theirs = (np.asarray(rng.dirichlet(np.full(10, 0.3), ROWS), np.float32) for _ in range(2))
    chart.probabilities = ours[:read]
    chart.decided_at = read
    chart.set_comparison(Comparison("seed", theirs[:read], read))
    metrics = chart.fontMetrics()
    line = chart.title_line(int(np.argmax(ours[read - 1])), read, metrics)
    assert "┄ seed: " in line and metrics.horizontalAdvance(line) <= chart.title_room(), line
    bold = QFont(chart.font())
    bold.setBold(True)
    title = QFontMetrics(bold).horizontalAdvance("Belief")
    assert chart.title_room() <= width - 2 * TITLE_INSET - title - 12
    free = width - TITLE_INSET - chart.title_room()  # left of the readings' room: the title's alone
    assert _ink_columns(chart, TITLE_INSET, free, metrics.height() + 4) >= title // 2


# run at 200 % in a process of its own (the scale is fixed when Qt starts): a steep dashed line alone in a stretch of
# the plot, the solid lines flat at the floor; prints how many of its pixels there are inked, and how many of them
# partly (smoothed edges)
_DASHED_AT_200 = """
import numpy as np
from PySide6.QtWidgets import QApplication
app = QApplication([])
from belief_lines import peaked
from gui.timeline import BeliefTimeline, Comparison
from rowreader.session import DigitSession
chart = BeliefTimeline(DigitSession())
chart.resize(420, 220)
chart.show()
app.processEvents()
chart.probabilities = peaked({})
chart.set_comparison(Comparison("seed", peaked({3: (18, 0.95, 0.3)}), None))
image = chart.grab().toImage()
ratio = image.devicePixelRatio()
plot = chart.plot_rect()
top, bottom = chart.y_of(0.45, plot), chart.y_of(0.12, plot)
left, right = chart.x_of(15.2, plot), chart.x_of(16.9, plot)
base = image.pixelColor(round(left * ratio), round(top * ratio)).getRgb()[:3]
colours = [
    image.pixelColor(x, y).getRgb()[:3]
    for x in range(round(left * ratio), round(right * ratio))
    for y in range(round(top * ratio), round(bottom * ratio))
]
inked = [c for c in colours if c != base]
full = max(sum(abs(a - b) for a, b in zip(c, base)) for c in inked)
partly = [c for c in inked if sum(abs(a - b) for a, b in zip(c, base)) < 0.8 * full]
print(ratio, len(inked), len(partly))
"""


def test_the_dashed_lines_are_smooth_at_200_percent() -> None:
    """At 200 % the compared reader's 2-px dashed lines were drawn aliased, as the solid thin lines are for speed:
    each dash of a steep line was a little staircase of its own, and the line read as a zigzag of them (every
    pixel of it full colour or none). They are smoothed now, once per reading, in a layer of their own."""
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join([str(repo), str(repo / "tests")])
    done = subprocess.run(
        [sys.executable, "-c", _DASHED_AT_200], capture_output=True, text=True, timeout=120, env=env, cwd=repo
    )
    assert done.returncode == 0, done.stderr[-2000:]
    ratio, inked, partly = done.stdout.split()
    assert float(ratio) == 2.0 and int(inked) > 40, done.stdout
    assert int(partly) >= int(inked) // 4, done.stdout
