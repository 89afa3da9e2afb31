"""The window's reading controls and views (pytest-qt, offscreen): spin boxes you can type in, Play/Pause,
nothing to scan on an empty canvas, status messages, hover read-outs, scrubbing, junk, and a second reader."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSpinBox

from gui.actions import BRUSH_STEP
from gui.canvas import DEFAULT_BRUSH
from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.timeline import BeliefTimeline
from rowreader.model import ROWS
from rowreader.player import Mode


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    return open_shipped_window(qtbot, tmp_path, size=(1180, 760))


def type_into(spin: QSpinBox, text: str) -> None:
    """Click into the box, select what is there, type, press Enter: what a person does. The keys go to
    whichever widget has the keyboard focus after the click, as a real keyboard's do."""
    QTest.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    focused = QApplication.focusWidget()
    assert focused in (spin, spin.lineEdit()), f"a click gave the focus to {focused!r}"
    QTest.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused, text)
    QTest.keyClick(focused, Qt.Key.Key_Return)


def test_typing_in_the_spin_boxes_sets_speed_and_brush(window: MainWindow) -> None:
    speed, brush = window.actions_.speed, window.actions_.brush
    type_into(speed, "20")
    assert speed.value() == 20 and window.session.player.speed == 20
    assert window.canvas.hasFocus()  # Enter hands the keyboard back, so Space scans again
    type_into(brush, "12")
    assert brush.value() == 12 and window.canvas.brush_width == 12.0
    type_into(speed, "1")
    assert speed.text() == "1 row/s"  # singular
    QTest.keyClick(window.canvas, Qt.Key.Key_Plus)
    assert speed.text() == "2 rows/s"


def test_speed_keys_multiply_and_leave_nothing_selected(window: MainWindow) -> None:
    speed = window.actions_.speed
    assert speed.value() == 8
    for expected in (12, 18, 27):
        QTest.keyClick(window.canvas, Qt.Key.Key_Plus)
        assert speed.value() == expected == window.session.player.speed
    QTest.keyClick(window.canvas, Qt.Key.Key_Minus)
    assert speed.value() == 18
    QTest.keyClick(window.canvas, Qt.Key.Key_BracketRight)
    assert window.actions_.brush.value() == DEFAULT_BRUSH + BRUSH_STEP
    assert not speed.lineEdit().hasSelectedText() and not window.actions_.brush.lineEdit().hasSelectedText()


def test_nothing_to_read_disables_play_and_step(window: MainWindow) -> None:
    actions = window.actions_
    assert window.status.position_label.text() == "Nothing to read"  # not "Live · row 28/28" on an empty canvas
    assert not any(act.isEnabled() for act in actions.reading)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.mode is Mode.LIVE and window.session.position == ROWS
    draw_digit(window.canvas, "7")
    ahead = (actions.forward, actions.page_forward)  # every row is read
    assert all(act.isEnabled() for act in actions.reading if act not in ahead)
    QTest.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not actions.play.isEnabled()


def test_one_play_pause_toggle(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "1")
    play = window.actions_.play
    assert play.iconText() == "▶ Play" and not play.isChecked()
    window.actions_.speed.setValue(2)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.mode is Mode.SCAN and play.iconText() == "‖ Pause" and play.isChecked()
    assert window.status.position_label.text().startswith("Scanning")
    play.trigger()  # the toolbar button pauses too
    assert window.mode is Mode.STEP and play.iconText() == "▶ Play" and not play.isChecked()
    assert window.status.position_label.text().startswith("Paused")
    window.actions_.live.trigger()
    assert window.mode is Mode.LIVE and window.actions_.live.isChecked()
    window.actions_.live.trigger()  # triggering Live in Live keeps it checked
    assert window.actions_.live.isChecked()


def test_status_messages_time_out(window: MainWindow, qtbot, monkeypatch) -> None:
    monkeypatch.setattr("gui.main_window.MESSAGE_MS", 200)
    window.say("something happened", 200)
    assert window.statusBar().currentMessage() == "something happened"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=20_000)  # bounds a hang: a busy
    # machine can hold the event loop past 2 s
    window.pictures.open_image(Path("/nonexistent/picture.png"))
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    window.error_dialog.done(0)
    assert "Could not open the image" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=20_000)


def test_long_status_messages_are_shortened_with_a_mark_and_kept_whole_in_the_tooltip(
    window: MainWindow, qtbot
) -> None:
    # the status bar used to cut a long message off at its edge, without a mark, losing how it ended
    window.resize(1000, 600)
    message = "Imported 4 examples from " + "/very/long/folder" * 20 + "/scans: nothing was written"
    window.say(message, 600_000)  # its 5 s could pass on a busy machine before the resizes below are seen
    shown = window.statusBar().currentMessage()
    assert "…" in shown and shown.startswith("Imported 4") and shown.endswith("nothing was written")
    assert window.statusBar().fontMetrics().horizontalAdvance(shown) < window.statusBar().width()
    assert window.statusBar().toolTip() == message
    window.resize(1600, 600)  # more room: shortened anew, for the rest of its time
    qtbot.waitUntil(lambda: len(window.statusBar().currentMessage()) > len(shown), timeout=20_000)
    longer = window.statusBar().currentMessage()
    assert longer.startswith("Imported 4") and longer.endswith("nothing was written") and "…" in longer
    window.resize(800, 600)
    qtbot.waitUntil(lambda: len(window.statusBar().currentMessage()) < len(longer), timeout=20_000)
    shorter = window.statusBar().currentMessage()
    assert window.statusBar().fontMetrics().horizontalAdvance(shorter) < window.statusBar().width()
    window.statusBar().clearMessage()  # the tooltip goes with the message it explained
    assert window.statusBar().toolTip() == ""
    window.say("short")
    assert window.statusBar().currentMessage() == "short" and window.statusBar().toolTip() == ""


def test_position_label_names_mode_and_row(window: MainWindow) -> None:
    draw_digit(window.canvas, "0")
    assert window.status.position_label.text() == "Live  ·  all rows"
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.status.position_label.text() == f"Paused  ·  row {ROWS - 1}/{ROWS}"
    assert np.isfinite(window.predictions()[-1]).all()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # drawing returns to Live
    assert window.mode is Mode.LIVE


def hover(widget, x: float, y: float, buttons=Qt.MouseButton.NoButton) -> None:
    """A mouse move over ``widget`` (with ``buttons`` held), delivered like a real one."""
    pos = QPointF(x, y)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        pos,
        widget.mapToGlobal(pos),
        Qt.MouseButton.NoButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_hovering_the_timeline_reads_out_the_row_and_all_ten_probabilities(window: MainWindow) -> None:
    draw_digit(window.canvas, "4")
    timeline = window.timeline
    plot = timeline.plot_rect()
    hover(timeline, timeline.x_of(9, plot), plot.center().y())
    assert timeline.hover_row == 9
    probs = window.predictions()[8]
    text = timeline.readout()
    assert text.startswith("after row 9:")
    for digit in range(10):  # as the bars write them: "<0.1%" under 0.1 %
        assert f"{digit}: {100 * probs[digit]:.1f}%" in text or (probs[digit] < 0.001 and f"{digit}: <0.1%" in text)
    image = timeline.grab().toImage()  # the read-out box is painted (not blank where it sits)
    assert image.width() > 0


def test_the_timelines_read_out_stays_inside_a_short_timeline(window: MainWindow, qtbot, monkeypatch) -> None:
    """At 150 % on a 1366×768 laptop the timeline is near its smallest (120 px): the read-out box, placed under
    the plot's top, ran past the bottom edge, its last line and frame cut off over the row numbers."""
    draw_digit(window.canvas, "4")
    timeline = BeliefTimeline(window.session)
    qtbot.addWidget(timeline)
    timeline.resize(*BeliefTimeline.MINIMUM_SIZE)
    boxes = []
    draw = QPainter.drawRoundedRect
    monkeypatch.setattr(QPainter, "drawRoundedRect", lambda p, rect, *a: (boxes.append(rect), draw(p, rect, *a)))
    plot = timeline.plot_rect()
    hover(timeline, timeline.x_of(9, plot), plot.center().y())
    timeline.grab()
    assert boxes and all(timeline.rect().toRectF().contains(box) for box in boxes), (boxes, timeline.rect())


def test_a_line_and_its_bar_light_up_together(window: MainWindow) -> None:
    draw_digit(window.canvas, "7")
    timeline, bars = window.timeline, window.bars
    plot = timeline.plot_rect()
    row = 20
    top = int(np.argmax(window.predictions()[row - 1]))
    hover(timeline, timeline.x_of(row, plot), timeline.y_of(float(window.predictions()[row - 1][top]), plot))
    assert timeline.highlight == top and bars.highlight == top
    bar_y = bars.height() - (bars.height() - bars._header_height()) / 10 * 7.5  # the middle of digit 2's row
    hover(bars, bars.width() / 2, bar_y)
    assert bars.highlight == 2 and timeline.highlight == 2


def test_every_digit_that_passes_the_threshold_is_named_without_overlap(window: MainWindow) -> None:
    from gui.timeline import PEAK_LABEL_MIN

    for digit in ("4", "7", "0", "1"):
        window.canvas.clear()
        draw_digit(window.canvas, digit)
        timeline = window.timeline
        labels = [(d, rect) for d, rect, dashed in timeline.peak_labels() if not dashed]
        named = sorted(d for d, _ in labels)
        expected = sorted(int(d) for d in np.flatnonzero(np.max(window.predictions(), axis=0) >= PEAK_LABEL_MIN))
        assert named == expected and int(digit) in named
        plot = timeline.plot_rect()
        for i, (_, a) in enumerate(labels):
            assert plot.contains(a)
            assert not any(a.intersects(b) for _, b in labels[i + 1 :])


def test_zero_and_hundred_percent_lie_inside_the_frame(window: MainWindow) -> None:
    timeline = window.timeline
    plot = timeline.plot_rect()
    assert plot.top() < timeline.y_of(1.0, plot) < timeline.y_of(0.0, plot) < plot.bottom()


def test_clicking_and_dragging_on_the_timeline_goes_to_that_row(window: MainWindow) -> None:
    draw_digit(window.canvas, "0")
    timeline = window.timeline
    plot = timeline.plot_rect()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(10, plot)), 60))
    assert window.mode is Mode.STEP and window.session.position == 10
    hover(timeline, timeline.x_of(5, plot), 60, Qt.MouseButton.LeftButton)
    assert window.session.position == 5 and len(window.predictions()) == 5
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(5, plot)), 60))


def test_class_colours_stand_out_on_light_and_dark_and_none_is_grey() -> None:
    from PySide6.QtGui import QColor

    from gui.theme import CLASS_COLORS, class_color, contrast

    for background in (QColor("#ffffff"), QColor("#17181a")):
        colors = [class_color(d, background) for d in range(10)]
        assert all(contrast(c, background) >= 3.0 for c in colors)
        assert all(c.hslSaturationF() > 0.3 for c in colors)  # no grey
        assert len({c.rgb() for c in colors}) == len(CLASS_COLORS)


def test_a_dot_says_too_small_instead_of_a_prediction(window: MainWindow) -> None:
    rect = window.canvas.document_rect()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())  # one click: a dot
    assert not window.canvas.is_empty()
    assert window.session.too_small and window.predictions() == [] and window.bars.probs is None
    assert not window.actions_.play.isEnabled()
    assert window.bars.header_text() == "Too small to be a digit: draw it larger"
    draw_digit(window.canvas, "1")  # a real digit over it is read
    assert not window.session.too_small and int(np.argmax(window.predictions()[-1])) == 1


def test_clicking_the_28x28_view_goes_to_that_row(window: MainWindow) -> None:
    draw_digit(window.canvas, "7")
    view = window.input_view
    rect = view.grid_rect()
    y = rect.top() + rect.height() / ROWS * 11.5  # the middle of row 12
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(rect.center().x()), round(y)))
    assert window.mode is Mode.STEP and window.session.position == 12


def test_scrubbing_the_drawing_and_the_rows_shown_on_it(window: MainWindow) -> None:
    draw_digit(window.canvas, "1")  # spans document rows 45…240 (plus the pen)
    canvas = window.canvas
    assert canvas.row_band is None  # Live: every row read, nothing to mark
    placement = window.session.placement
    rect = canvas.document_rect()
    scale = rect.width() / 280
    y_doc = 140.0
    pos = QPoint(round(rect.center().x()), round(rect.top() + y_doc * scale))
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos)
    assert len(canvas.content.strokes) == 1  # scrubbing draws nothing
    row = window.session.position
    assert window.mode is Mode.STEP and row == placement.row_at(y_doc / scale * scale) + 1
    top, bottom, reading = canvas.row_band
    assert top <= y_doc + 1 and bottom >= y_doc - 1 and reading  # the band holds the line clicked
    assert abs(placement.picture_rows(row - 1)[0] - top) < 1e-6
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    top, bottom, reading = canvas.row_band  # before the first row: an empty band above row 1, all of it dimmed
    assert top == bottom == placement.picture_rows(0)[0] and reading
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    first_top, _, _ = canvas.row_band
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.row_band[0] > first_top  # rows move down the drawing as they are read


def test_a_long_model_text_leaves_the_status_bar_room_for_messages(window: MainWindow, qtbot, tmp_path) -> None:
    """A taught model's long file name and a comparison filled the status bar, and messages showed as
    "Comparing wi…": such a text now takes the short form (no "read with NumPy on the CPU"), all of it in the
    tooltip, however wide the window."""
    import shutil

    from rowreader.checkpoint import pretrained_path

    long_name = tmp_path / "mine-20261130-095130-a-model-taught-with-a-long-and-descriptive-name.safetensors"
    shutil.copyfile(pretrained_path(), long_name)
    window.resize(1400, 760)
    window.open_model(long_name)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == long_name, timeout=20_000)
    window.actions_.compare_seed.trigger()
    qtbot.waitUntil(lambda: window.comparison is not None, timeout=20_000)
    label = window.status.model_label
    assert "CPU" not in label.text() and "vs seed (dashed)" in label.text() and "CPU" in label.toolTip()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= 0.5 * window.width()
    assert ".safetensors" not in label.text()  # shortened: its suffix goes first, then its middle if need be
    assert label.text().startswith("mine-2026") and "  ·  MNIST 99.41%  ·  " in label.text()
    short_name = tmp_path / "mine-20261130-095130.safetensors"  # as the app names them; a narrow window
    shutil.copyfile(pretrained_path(), short_name)
    window.open_model(short_name)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == short_name, timeout=20_000)
    window.resize(700, 760)
    window.status.update()
    assert (
        "…" in label.text() and "  ·  MNIST 99.41%  ·  vs seed (dashed)" in label.text()
    )  # eliding the whole cut "99.4…"
    window.resize(1400, 760)
    window.comparing.stop()
    window.open_model(pretrained_path())
    qtbot.waitUntil(lambda: window.session.checkpoint.path == pretrained_path(), timeout=20_000)
    assert "read with NumPy on the CPU" in label.text()  # a short text is shown whole


def test_compare_with_the_seed_model_draws_its_belief_dashed_and_follows_live(window: MainWindow, qtbot) -> None:
    from gui.comparing import SEED_MODEL
    from rowreader import load_checkpoint
    from rowreader.session import DigitSession

    assert SEED_MODEL.is_file() and window.actions_.compare_seed.isEnabled()
    assert not window.actions_.stop_compare.isEnabled()
    draw_digit(window.canvas, "7")
    window.actions_.compare_seed.trigger()
    qtbot.waitUntil(lambda: window.timeline.comparison is not None, timeout=20_000)
    comparison = window.timeline.comparison
    assert comparison.name == "seed" and "vs seed (dashed)" in window.status.model_label.text()
    reference = DigitSession(load_checkpoint(SEED_MODEL))  # the same drawing read by the seed model alone
    reference.set_image(window.session.image)
    np.testing.assert_allclose(comparison.probabilities, reference.probabilities, atol=1e-6)
    assert comparison.decided_at == reference.decided_at
    title = window.timeline.grab()  # its decided-at row is in the chart's title line
    assert title.width() > 0
    window.canvas.clear()  # live: a new drawing is read by both
    draw_digit(window.canvas, "0")
    reference.set_image(window.session.image)
    np.testing.assert_allclose(window.timeline.comparison.probabilities, reference.probabilities, atol=1e-6)
    QTest.keyClick(window.canvas, Qt.Key.Key_Home)
    QTest.keyClick(window.canvas, Qt.Key.Key_Right)
    assert len(window.timeline.comparison.probabilities) == 1  # stepping moves both readers
    assert "seed" in window.timeline.readout(1)
    window.actions_.stop_compare.trigger()
    assert window.timeline.comparison is None and window.comparison is None


def test_inside_the_lstm_orders_units_shows_belief_change_and_reads_out_on_hover(window: MainWindow) -> None:
    from gui.state_heatmap import belief_change, unit_order

    draw_digit(window.canvas, "7")
    heatmap = window.heatmap
    hidden = window.session.hidden_states
    steps = np.abs(np.diff(hidden, axis=0, prepend=0.0)).argmax(axis=0)
    assert np.all(np.diff(steps[unit_order(hidden)]) >= 0)  # columns run from early-changing to late-changing units
    change = belief_change(window.session.probabilities)
    assert change.shape == (ROWS,) and np.all((change >= 0) & (change <= 1 + 1e-6))
    np.testing.assert_allclose(heatmap.change, change)
    _, hidden_rect, _, _ = heatmap._layout()
    hover(heatmap, hidden_rect.left() + 1, hidden_rect.top() + hidden_rect.height() * 10.5 / ROWS)
    unit = int(heatmap.order[0])
    value = f"{hidden[10, unit]:+.2f}".replace("-", "\N{MINUS SIGN}")  # a true minus, as the legend's "−1"
    assert heatmap.readout() == f"h unit {unit}, after row 11: {value}"
    window.heatmap_dock.resize(900, 90)  # the panel can be made short: it no longer holds the window tall
    assert heatmap.minimumHeight() <= 90


def test_saved_drawings_reopen_crisp_at_their_own_resolution(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.canvas, "7")
    drawn = window.canvas.render_ink().astype(np.float32)
    seen = window.session.image.copy()
    path, _ = window.saving.save_drawing(tmp_path / "seven.png")
    window.pictures.open_image(path)
    qtbot.waitUntil(lambda: window.canvas.content.base is not None, timeout=10_000)
    base = window.canvas.content.base
    assert base.ink().shape == (280, 280)  # the picture itself, not its 28×28 input blown up
    reopened = window.canvas.render_ink().astype(np.float32)
    assert np.abs(reopened - drawn).mean() < 1.0  # pixel for pixel the same drawing (an upscaled 28×28: ~20)
    np.testing.assert_allclose(window.session.image, seen, atol=0.02)
    window.session.player.seek(10)  # the rows shown on the reopened picture are where they were on the drawing
    assert window.canvas.row_band is not None


def test_a_small_mnist_digit_is_shown_with_crisp_pixels(window: MainWindow, mnist_test) -> None:
    images, labels = mnist_test
    window.pictures.use(images[0] / np.float32(255), "MNIST test #0", int(labels[0]))
    window.canvas.resize(300, 300)
    image = window.canvas.grab().toImage()
    rect = window.canvas.document_rect()
    # along a row through the digit: flat enlarged pixels (a few dozen greys), not smooth ramps (hundreds)
    y = round(rect.top() + rect.height() / 28 * 14.5)
    values = [image.pixelColor(round(rect.left() + x), y).lightness() for x in range(round(rect.width()))]
    changes = int(np.count_nonzero(np.diff(values)))
    assert changes <= 28, changes  # at most one change per cell boundary


def test_a_low_final_probability_makes_the_header_unsure(window: MainWindow, monkeypatch) -> None:
    draw_digit(window.canvas, "7")
    assert window.bars.header_text().startswith("Belief after row 28/28: 7")
    assert window.session.probabilities[-1].max() < 1.0  # float32 beliefs: even a sure 7 is under 100 %
    monkeypatch.setattr("rowreader.session.UNSURE_BELOW", 1.0)  # every answer is now below the bar
    window.bars.refresh()
    assert window.session.unsure and window.bars.header_text().startswith("Unsure: perhaps 7")
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)  # mid-read nothing is final yet
    assert not window.session.unsure


def test_the_header_fits_a_narrow_window_with_a_true_label(window: MainWindow, mnist_test) -> None:
    images, labels = mnist_test
    window.pictures.use(images[7] / np.float32(255), "MNIST test #7", int(labels[7]))
    bars = window.bars
    assert bars.header_text().endswith(f"true label {labels[7]}") and "✓" not in bars.header_text()
    narrow = bars.header_text(bars.fontMetrics().horizontalAdvance("Row 28/28: 9 (100.0%) · true 9") + 4)
    assert narrow.startswith("Row 28/28:") and narrow.endswith(f"true {labels[7]}")


@pytest.mark.parametrize("width", [380, 520, 900])
def test_the_title_line_never_runs_into_the_chart_title(window: MainWindow, width: int) -> None:
    """Comparing with a taught model (mine-20261130-131747-cb8bfc) at the window's first width drew its name over
    "Belief over rows"; the name is now shortened in its middle, the rows kept."""
    from PySide6.QtGui import QFontMetrics

    from gui.timeline import Comparison

    draw_digit(window.canvas, "1")
    timeline = window.timeline
    probs = window.session.probabilities
    timeline.set_comparison(Comparison("mine-20261130-131747-cb8bfc", probs, 6))
    timeline.resize(width, timeline.height())
    metrics = QFontMetrics(timeline.font())
    line = timeline.title_line(int(np.argmax(probs[-1])), len(probs), metrics)
    assert metrics.horizontalAdvance(line) <= timeline.title_room()
    if width >= 520:  # room for both: the comparison's row is still there, its name shortened if need be
        assert ": 1 at row 6" in line and "┄ mine-" in line
