"""The merged window used together as a user would (the fourteenth round's "together" helper): each test is a
defect seen in a real window, checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import (
    exposed,
    open_shipped_window,
    painted_texts,
    reading_a_copy_of_the_shipped_model,
    settled,
    shown,
    window_without_model,
)
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from gui.belief_bars import BeliefBars
from gui.canvas import DrawingCanvas
from gui.theme import MIN_TEXT_CONTRAST, contrast
from rowreader.checkpoint import load_pretrained
from rowreader.model import CLASSES
from rowreader.session import DigitSession


@pytest.fixture
def large_system_font(qtbot):
    """The system's font at 14 pt, as a user who reads large sets it; the usual font back afterwards."""
    app = QApplication.instance()
    usual = QFont(app.font())
    large = QFont(usual)
    large.setPointSizeF(14)
    app.setFont(large)
    yield large
    app.setFont(usual)


def test_the_bars_and_maps_keep_their_numbers_apart_with_a_large_system_font(qtbot, tmp_path, large_system_font):
    """With a 14-pt system font in the smallest window, the bars' ten rows got less height than a line of text
    (their least height was 150 px whatever the font), and each digit's name and percentage overlapped the next;
    the maps' row numbers (least height 90 px) lay on one another."""
    window = open_shipped_window(qtbot, tmp_path)
    window.resize(300, 200)  # held at its smallest
    settled(qtbot, window.bars.height)
    bars = window.bars
    _header_h, row_h, *_ = bars._bar_geometry()
    digits = bars.fontMetrics().tightBoundingRect("0123456789%").height()
    assert row_h >= digits + 2, (bars.height(), row_h, digits)
    # the maps' row axis: "1", "14" and "28", 13 rows apart, lay on one another in their 30 px
    window.heatmap_dock.show()
    settled(qtbot, window.heatmap.height)
    strip, *_ = window.heatmap._layout()
    numbers = window.heatmap.fontMetrics().tightBoundingRect("28").height()
    assert strip.height() * 13 / 28 >= numbers + 2, (strip.height(), numbers)
    # the leader's percentage, bold, whole inside the bars (its "%" was cut at the right edge)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:15] = 1.0
    window.session.set_image(image)
    *_, bar_right = bars._bar_geometry()
    bold = QFont(bars.font())
    bold.setBold(True)
    assert bar_right + 6 + QFontMetrics(bold).horizontalAdvance("100.0%") <= bars.width()
    # a font set on the widget alone counts too
    alone = shown(qtbot, BeliefBars(DigitSession(load_pretrained())))
    font = QFont(alone.font())
    font.setPointSizeF(20)
    alone.setFont(font)
    alone.resize(alone.minimumSize())
    digits = alone.fontMetrics().tightBoundingRect("0123456789%").height()
    assert (alone.height() - alone._header_height()) / CLASSES >= digits + 2


@pytest.mark.parametrize(("paper", "ink"), [("#ffffff", "#000000"), ("#2a2a2a", "#e6e6e6")])
def test_the_empty_drawings_hint_is_text_that_can_be_read(qtbot, paper, ink):
    """The empty drawing's "Draw a digit" and "or drop / paste an image · Ctrl+R" were its ink faded 55 % into the
    paper: 3.35:1 on the light scheme's white, under WCAG's 4.5:1 for text. Measured as drawn: the hint's most
    contrasting pixel (a stem's full coverage) against the paper."""
    canvas = DrawingCanvas()
    palette = QPalette(canvas.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(paper))
    palette.setColor(QPalette.ColorRole.Text, QColor(ink))
    canvas.setPalette(palette)
    shown(qtbot, canvas, (360, 360))
    image = canvas.grab().toImage()
    inside = canvas.contentsRect().adjusted(12, 12, -12, -12)
    best = max(
        contrast(image.pixelColor(x, y), QColor(paper))
        for y in range(inside.top(), inside.bottom(), 1)
        for x in range(inside.left(), inside.right(), 1)
    )
    assert best >= MIN_TEXT_CONTRAST, best


def test_a_pen_movement_leaves_the_status_bar_and_toolbar_alone_until_what_they_show_changes(qtbot, tmp_path):
    """Every "rows" event (each pen movement) refreshed the player's toolbar and the status bar, though a new
    reading of a drawing changes nothing they show (~0.2 ms a movement). They follow what does change: the first
    ink (Play possible), the drawing cleared, a mark too small to read."""
    window = open_shipped_window(qtbot, tmp_path)
    window.session.clear()
    calls: list[str] = []
    update = window.status.update
    window.status.update = lambda: (calls.append(window.status.position_text()), update())[1]
    one = np.zeros((28, 28), np.float32)
    one[4:24, 13:15] = 1.0
    window.session.set_image(one)  # the first ink: Play becomes possible
    assert calls == ["Live  ·  all rows"] and window.actions_.play.isEnabled()
    for column in range(15, 19):  # the stroke goes on: nothing the bars below the views show changes
        one[4:24, column] = 1.0
        window.session.set_image(one)
    assert len(calls) == 1, calls
    window.session.clear()
    assert calls[1:] == ["Nothing to read"] and not window.actions_.play.isEnabled()
    window.session.set_drawing(np.pad(np.ones((2, 2), np.float32), 200), ink="light")
    assert calls[2:] == ["Too small to read"], calls


def test_the_about_box_names_a_models_whole_path_where_it_has_room(qtbot, tmp_path):
    """A taught model in the usual folder (~/.local/share/RowReader/models) was named in About as
    "File: /tmp/…/.local/share/ Row…-163826-672c8a.safetensors": the path, wider than the box, was shortened in its
    middle and then wrapped after a slash anyway, over two lines that had room for all of it. It wraps whole."""
    from gui.about import show_about

    folder = tmp_path / "home-together" / ".local" / "share" / "RowReader" / "models"
    model = folder / "mine-20261201-163826-672c8a.safetensors"
    window = reading_a_copy_of_the_shipped_model(qtbot, tmp_path, model)
    box = show_about(window)
    qtbot.addWidget(box)
    exposed(qtbot, box)
    assert window.fontMetrics().horizontalAdvance(str(model)) > box.label.width()  # it does not fit on one line
    assert str(model) in box.text() and "…" not in box.text()
    scroll = box.label.parentWidget().parentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    assert box.label.width() <= scroll.viewport().width()


def test_saving_as_a_name_not_ending_in_png_asks_about_the_file_it_writes(qtbot, tmp_path, monkeypatch):
    """Ctrl+S, "photo.jpg" typed: the file dialog asked whether to replace photo.jpg, and Yes wrote photo.jpg.png,
    over a picture of that name without a word (and photo.jpg stayed as it was, though the answer was Yes). The
    question names the file to be written; No leaves it and goes back to the dialog."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = open_shipped_window(qtbot, tmp_path)
    window.canvas.draw_stroke([(60.0, 60.0), (200.0, 220.0)])
    (tmp_path / "photo.jpg").write_bytes(b"a photo")
    theirs = tmp_path / "photo.jpg.png"
    theirs.write_bytes(b"someone's picture")
    shown_dialogs, asked = [], []
    monkeypatch.setattr(QFileDialog, "exec", lambda dialog: shown_dialogs.append(dialog) or len(shown_dialogs) == 1)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda dialog: [str(tmp_path / "photo.jpg")])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    window.saving.choose_path()
    assert theirs.read_bytes() == b"someone's picture" and (tmp_path / "photo.jpg").read_bytes() == b"a photo"
    assert len(asked) == 1 and asked[0].startswith("photo.jpg.png already exists"), asked
    assert len(shown_dialogs) == 2  # back in the dialog after No (cancelled there)


def test_the_read_out_names_a_compared_models_column_readably(qtbot, monkeypatch):
    """Comparing with a taught model, the chart's read-out headed the dashed column "┄ …8a": the name
    "mine-20261201-163826-672c8a" cut to two letters beside "After row 6". Where fewer than nine of its characters
    would show, the column says "┄ dashed", as the chart's title line does."""
    from test_gui_reading import hover

    from gui.readout import MIN_NAME_SHOWN
    from gui.timeline import BeliefTimeline, Comparison

    image = np.zeros((28, 28), np.float32)
    image[6, 8:20], image[7:22, 16] = 1.0, 1.0
    session = DigitSession(load_pretrained())
    session.set_image(image)
    timeline = shown(qtbot, BeliefTimeline(session), (420, 300))  # the read-out in one column, as in the window
    timeline.set_comparison(Comparison("mine-20261201-163826-672c8a", session.probabilities, session.decided_at))
    plot = timeline.plot_rect()
    hover(timeline, timeline.x_of(6, plot), plot.center().y())
    texts = painted_texts(monkeypatch, timeline)
    heading = next(text for text in texts if text.startswith("┄") and "row" not in text)
    assert heading == "┄ dashed" or len(heading) - 2 >= MIN_NAME_SHOWN, texts


def test_the_about_box_gives_mnists_licence_as_it_gives_unipens(qtbot, tmp_path):
    """Help ▸ About credited MNIST without its licence, though UNIPEN's beside it was named and linked: MNIST is
    made available under CC BY-SA 3.0 (its authors' page, and TensorFlow's and torchvision's loaders, say so), whose
    attribution names the licence and links it. Both are given now."""
    from gui.about import show_about

    window = open_shipped_window(qtbot, tmp_path)
    box = show_about(window)
    qtbot.addWidget(box)
    text = box.text()
    mnist = text[text.index("<b>MNIST</b>") : text.index("<b>UNIPEN</b>")]
    assert "CC BY-SA 3.0" in mnist and "creativecommons.org/licenses/by-sa/3.0" in mnist
    assert "CC BY 4.0" in text[text.index("<b>UNIPEN</b>") :]  # UNIPEN's stays its own


def test_the_window_fits_a_screen_too_small_for_its_views_which_scroll(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1024×700 screen (512 × 350 logical px) the window was 681 × 451 px, even with "Inside the
    LSTM" waiting for room: its views' least sizes added up past the screen, the chart and the status bar below its
    edge and the toolbars past its right. The views scroll there and the window fits, My examples docked beside
    them too; on a screen with room nothing scrolls."""
    from PySide6.QtCore import QRect, QSettings
    from PySide6.QtGui import QScreen

    from gui.main_window import MainWindow

    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 512, 350))
    room = QSize(512, 350) - QSize(16, 48)  # less a frame, a title
    window = window_without_model(qtbot, tmp_path)
    window.teaching.dock.show()  # My examples, docked right of the views
    fits = lambda: window.width() <= room.width() and window.height() <= room.height()  # noqa: E731
    qtbot.waitUntil(fits)
    assert window.minimumSizeHint().boundedTo(room) == window.minimumSizeHint()
    status = window.statusBar().geometry()
    assert status.isValid() and status.bottom() < window.height() and window.teaching.dock.isVisible()
    views = window.views_area
    assert views.verticalScrollBar().maximum() > 0  # the chart is below, a scroll away
    views.verticalScrollBar().setValue(views.verticalScrollBar().maximum())
    bottom = window.timeline.mapTo(views.viewport(), window.timeline.rect().bottomLeft())
    assert bottom.y() < views.viewport().height()  # … and reached

    monkeypatch.undo()  # the offscreen screen has room: the views keep their least size and nothing scrolls
    roomy = shown(
        qtbot,
        MainWindow(
            settings=QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat),
            load_model=False,
            user_dir=tmp_path / "mine",
        ),
    )
    assert roomy.views_area.less == QSize(0, 0)
    assert roomy.views_area.minimumSizeHint() == roomy.views_area.widget().minimumSizeHint()
    assert not roomy.views_area.verticalScrollBar().isVisible()
