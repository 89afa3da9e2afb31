"""The thirty-fourth round of hostile testing, smallscreen: the app on small and scaled screens (Xvfb at 1366×768,
1280×720 and 1024×600, QT_SCALE_FACTOR 1, 1.5 and 2, openbox, xdotool), each defect found there checked offscreen
and checked to fail on the code before its fix."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from gui_window import settled, teach_beside_the_bars, window_without_model
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QLabel

from gui.main_window import MainWindow
from gui.screen_room import FRAME_ROOM
from gui.teach import TeachDialog
from rowreader.example_store import ExampleStore

SCREEN = QRect(0, 0, 683, 384)  # 1366×768 at 200 %
SHORT = QRect(0, 0, 683, 340)  # 1366×680 at 200 %: My examples, Teach under Import and Export, has rows to spare at 384
TAUGHT = "mine-20261203-222532-a81823.safetensors"
NAME = "scan_of_my_handwriting_page_3_row_2_digit_4.png"
WARNINGS = [  # what a teach from a taught model said in the real window, its examples as a careless user keeps them
    f"4 of your other 4 1s read as 1s; 1/{NAME} reads as a 7. In the wrong folder?",
    "16 of these examples were taught to the model it starts from: not unseen, so held-out accuracy reads high",
    "only one drawing of 5: the held-out estimate says little of how it reads your next ones",
    *(f"skipped 3/damaged_scan_{k}.png: a text file starting 'not a png', not a picture" for k in range(6)),
]


def _finished(qtbot, tmp_path: Path) -> TeachDialog:
    """A teach dialog that ran 40 steps with :data:`WARNINGS` and a misread example, its outcome shown."""
    dialog, process = teach_beside_the_bars(qtbot, tmp_path)
    process._apply({"event": "start", "examples": 18, "warnings": WARNINGS})
    process._apply({"event": "progress", "step": 0, "steps": 40, "heldout": 0.944, "mnist": 0.9945})
    process._apply({"event": "progress", "step": 40, "steps": 40, "heldout": 0.944, "mnist": 0.9935})
    misread = [{"file": f"1/{NAME}", "read_as": 7}]
    process._apply({"event": "done", "heldout_accuracy": {"misread": misread}, "mnist_eval": {"digits": 2000}})
    dialog.finish(True, f"Done: now reading with {TAUGHT} (Models menu to switch).")
    return dialog


def test_the_finished_teach_dialog_gives_up_chart_then_warnings_never_its_buttons(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1366×768 screen a teach from a taught model, with a misfiled 1, a lone 5 and six damaged files,
    ended in a dialog as wide as the screen and taller than it (378 of 336 px in the real window): "… and 4 more"
    clipped, the summary drawn over the chart's axis, the buttons' lower edge below the screen. The chart gives way
    first, down to its least height, then the warnings (they scroll); the buttons and the outcome stay whole."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SCREEN)
    dialog = _finished(qtbot, tmp_path)
    widgets = (dialog.status, dialog.warnings_area, dialog.bar, dialog.chart, dialog.summary, dialog.buttons)
    settled(qtbot, lambda: (dialog.size(), *(widget.geometry() for widget in widgets)))
    assert dialog.height() <= SCREEN.height() - FRAME_ROOM.height(), dialog.size()
    for above, below in itertools.pairwise(widgets):
        assert below.geometry().top() > above.geometry().bottom(), (above, above.geometry(), below, below.geometry())
    assert dialog.buttons.geometry().bottom() < dialog.height(), (dialog.buttons.geometry(), dialog.size())
    assert dialog.chart.height() >= dialog.chart.least_height(), dialog.chart.height()
    if dialog.chart.height() > dialog.chart.least_height():  # the warnings give way only after the chart
        assert dialog.warnings_area.height() >= dialog.warnings.height(), dialog.warnings_area.size()
    assert dialog.warnings.text().endswith("… and 4 more (the My examples dock names them)")
    labels = [label for _, label, _ in dialog.chart.grid() if label is not None]
    for above, below in itertools.pairwise(labels):  # at its least, "100%", "95%" and "90%" lay one over another
        assert below.top() >= above.bottom(), (above, below)


def _with_damaged_files(qtbot, tmp_path: Path, mnist_test) -> MainWindow:
    """A window (no model) whose examples are four 1s, four 7s and six text files saved as 3/damaged_scan_*.png,
    once My examples says so and the window has settled."""
    user = tmp_path / "mine"
    store = ExampleStore(user / "examples")
    images, labels = mnist_test
    for index in [*np.flatnonzero(labels == 1)[:4], *np.flatnonzero(labels == 7)[:4]]:
        store.add(int(labels[index]), np.kron(255 - images[index], np.ones((10, 10), np.uint8)))
    for k in range(6):
        (user / "examples" / "3").mkdir(exist_ok=True)
        (user / "examples" / "3" / f"damaged_scan_{k}.png").write_text("not a png")
    window = window_without_model(qtbot, tmp_path, user_dir=user)
    message = window.teaching.dock.widget().message
    qtbot.waitUntil(lambda: "skipped" in message.text(), timeout=10_000)
    settled(qtbot, lambda: (window.size(), message.size()))
    return window


def test_the_docks_message_line_is_cut_between_lines_with_an_ellipsis_never_through_one(
    qtbot, tmp_path, monkeypatch, mnist_test
) -> None:
    """At 200 % on a 1366×768 screen (and at 150 % on 1024×600) My examples, with six damaged files among its
    examples, gave its message line 66 px of the 98 its wrapped lines need: "damaged_scan_1.png;" was drawn, and
    under it the top half of the next line. The lines that fit are drawn whole, the last ending in "…", and the
    whole message is the tooltip."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: SHORT)
    window = _with_damaged_files(qtbot, tmp_path, mnist_test)
    message = window.teaching.dock.widget().message
    room = message.contentsRect()
    drawn = getattr(message, "_cut", None) or QLabel.text(message)
    wrapped = message.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000), Qt.TextFlag.TextWordWrap, drawn)
    assert wrapped.height() <= room.height(), (drawn, wrapped, room)
    assert drawn.endswith("…") and "damaged_scan_2.png" in message.toolTip(), (drawn, message.toolTip())


def test_the_cell_maps_title_stays_beside_the_legend_at_the_maps_least_width(qtbot) -> None:
    """Inside the LSTM at 150 % on a 1366×768 screen (and at 200 %), its panel some 300 px wide: the colour legend's
    least bar (40 px) and its "−1"/"+1" took the whole of the cell map's title line, and the title, shortened to
    nothing, was not drawn: no word said which map was the cell state. The legend's bar gives way to "cell"."""
    from gui_window import shown
    from PySide6.QtGui import QFont, QFontMetrics

    from gui.state_heatmap import StateHeatmap
    from rowreader.checkpoint import load_pretrained
    from rowreader.session import DigitSession

    heatmap = shown(qtbot, StateHeatmap(DigitSession(load_pretrained())), StateHeatmap.MINIMUM_SIZE)
    bold = QFont(heatmap.font())
    bold.setBold(True)
    _, _, cell, _ = heatmap._layout()
    legend = heatmap.legend_rect()
    assert QFontMetrics(bold).horizontalAdvance("cell") <= legend.left() - 6 - cell.left(), (cell, legend)
    assert legend.right() <= cell.right() + 1 and legend.width() > QFontMetrics(heatmap.font()).horizontalAdvance("−1")
    *_, (where, title) = heatmap.titles()
    assert title.startswith("cell") and where.right() <= legend.left(), (title, where, legend)


def test_a_long_docks_message_leaves_the_window_within_a_1024x700_screen_at_200_percent(
    qtbot, tmp_path, monkeypatch, mnist_test
) -> None:
    """At 200 % on a 1024×700 screen (512 × 350 logical px, 302 for the window) the window, its views scrolling by
    what they miss, fits the screen; with six damaged examples My examples' message asked two lines at least, and
    the window was 313 px tall, its status bar past the screen's bottom. Cut to the lines it is given (see above),
    the message asks one line at least; the window fits."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 512, 350))
    window = _with_damaged_files(qtbot, tmp_path, mnist_test)
    assert window.height() <= 350 - FRAME_ROOM.height(), window.size()
    assert window.minimumSizeHint().height() <= 350 - FRAME_ROOM.height(), window.minimumSizeHint()
