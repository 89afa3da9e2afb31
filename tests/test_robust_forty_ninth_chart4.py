"""The forty-ninth round of hostile testing, chart4: the belief chart read by a person, offscreen, its grabs looked
at, at its smallest (240×150) and at others, at 100 % and 200 % (``QT_SCALE_FACTOR=2``), in the light and the dark
palette, comparing MNIST's first 300 test digits read by the shipped model with the seed model; its title line and
its hover read-out; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from belief_lines import peaked
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    width=st.integers(240, 700),
    ours=st.integers(0, 9),
    theirs=st.integers(0, 9),
    decided=st.integers(1, ROWS),
    since=st.one_of(st.none(), st.integers(1, ROWS)),
)
def test_the_title_line_names_the_dashed_reader_at_every_width(qtbot, width, ours, theirs, decided, since) -> None:
    """Comparing in a narrow chart (under 320 px: My examples shown), the title line kept "7 at row 9" and dropped
    the dashed reader's part whole, for "Belief over rows" beside it: all 300 of MNIST's first test digits at 240 and
    280 px, 110 at 320, so the dashed lines were nobody's until pointed at. The chart's own title, which says the
    least, now gives way to them where they do not fit beside it."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (width, 150))
    chart.probabilities = peaked({ours: (decided, 0.95, 0.0)})
    chart.decided_at = decided
    chart.set_comparison(Comparison("seed", peaked({theirs: (since or 10, 0.9 if since else 0.4, 0.0)}), since))
    metrics = chart.fontMetrics()
    line = chart.title_line(ours, ROWS, metrics)
    assert "┄ seed: " in line, (width, line)
    assert metrics.horizontalAdvance(line) <= width - chart.title_width() - 12, line
    if width >= 400:  # where there is room for all, the chart's title stays
        assert chart.title_width() > chart.fontMetrics().horizontalAdvance("Belief over rows")
