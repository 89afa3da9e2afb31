"""The forty-sixth round of hostile testing, polish2: small things a demanding user sees, each seen by another engineer
this round and left (300 copies of one kept drawing imported, the teach dialog made without a model), tried with the
library and the app offscreen with pytest-qt; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil

from gui_window import open_shipped_window
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QToolBar, QToolTip
from test_robust_forty_second_scale import examples_kept

from gui.demo import draw_digit
from gui.screen_room import shown_tip
from gui.teach import TeachDialog
from rowreader.model import CLASSES, ROWS


def test_copies_of_one_kept_drawing_imported_are_said_to_be_copies_of_it(qtbot, tmp_path):
    """300 byte-identical copies of a drawing kept already were imported as none, and the status bar said "Imported 0
    example(s) from source; 300 were kept already", though one example is kept. The import counts the kept pictures
    they are copies of, and the bar says "300 are copies of 1 picture kept already"; pictures each kept once are still
    "N were kept already"."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store = window.teaching.store
    (kept,) = examples_kept(store, {3: 1})[3]
    (source := tmp_path / "source" / "3").mkdir(parents=True)
    for i in range(300):
        shutil.copyfile(kept, source / f"copy{i:03d}.png")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.teaching.import_folder(tmp_path / "source")
    qtbot.waitUntil(lambda: window.teaching.importing == 0, timeout=20_000)
    assert messages[-1] == "Imported 0 examples from source; 300 are copies of 1 picture kept already"
    result = store.import_folder(tmp_path / "source")
    assert (result.already_kept, result.kept_pictures) == (300, 1)


def test_a_teach_dialog_made_without_a_model_names_it_once(qtbot):
    """``TeachDialog()`` made without naming the model said "Starting from the model in use, the model in use": the
    default was the words the dialog adds. Unnamed, it says "Starting from the model in use: loading it, …"."""
    qtbot.addWidget(unnamed := TeachDialog())
    qtbot.addWidget(named := TeachDialog(taught_from="the shipped model"))
    assert unnamed.status.text().startswith("Starting from the model in use: loading it, your examples")
    assert named.status.text().startswith("Starting from the shipped model, the model in use: loading it")


def test_the_pixel_cursors_read_out_lies_under_the_picture_clear_of_the_bars(qtbot, tmp_path):
    """The keyboard's pixel cursor of What the model sees, moved to row 28, showed its read-out ("Row 28, column 15:
    ink …") beside the picture at the row's height: over the Live belief bars' 9 row, hiding it while it showed (seen at
    200 % on 1600×1000). It lies under the picture now, where the bars end their rows, clear of both."""
    window = open_shipped_window(qtbot, tmp_path, size=(780, 640))  # the screen is 800 px wide
    draw_digit(window.canvas, "7")
    view, bars = window.input_view, window.bars
    view.setFocus()
    for row in range(ROWS + 2):
        QTest.keyClick(view, Qt.Key.Key_Down)
        tip = shown_tip()
        assert tip is not None and QToolTip.text().startswith("Row "), QToolTip.text()
        picture = view.grid_rect().toAlignedRect()
        assert not tip.geometry().intersects(QRect(view.mapToGlobal(picture.topLeft()), picture.size()))
        header, row_h, *_ = bars._bar_geometry()
        rows = QRect(0, round(header), bars.width(), round(CLASSES * row_h))  # the ten rows, 0 to 9
        assert not tip.geometry().intersects(QRect(bars.mapToGlobal(rows.topLeft()), rows.size())), (row, tip)
        assert tip.geometry().top() > view.mapToGlobal(picture.bottomLeft()).y(), (row, tip)  # under it


def test_the_maps_floated_by_their_button_are_placed_as_for_want_of_room(qtbot, tmp_path):
    """ "Inside the LSTM" docked beside the views and floated with its button (200 % on 1600×1000) landed at the
    window's top right, over the end of the toolbar and the Live belief heading (offscreen, on an 800-px screen, over
    the status bar). Floated so, the maps are placed by
    the rule for maps floated for want of room: right of the drawing, clear of the toolbars, the bars and the status
    bar."""
    window = open_shipped_window(qtbot, tmp_path, size=(780, 700))  # the screen is 800 px wide
    dock = window.heatmap_dock
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Horizontal)
    dock.show()
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.isFloating())
    float_button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    QTest.mouseClick(float_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.isFloating())
    qtbot.wait(50)  # placed once the button is let go
    frame = dock.frameGeometry()
    kept_clear = [*window.findChildren(QToolBar), window.bars, window.statusBar(), window.canvas]
    for widget in kept_clear:
        if widget.isVisible():
            assert not frame.intersects(QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())), (widget, frame)
