"""The nineteenth round, a second look at what the round changed (pictures, window, teaching), attacked again."""

from __future__ import annotations

from gui_window import lone_dock, shown, window_without_model


def test_second_look_a_third_digit_drawn_beside_two_is_counted_in_the_note(qtbot, tmp_path) -> None:
    """The note of digits drawn side by side was said once: a third drawn beside the two left it saying "2 marks
    side by side" of a drawing of three. It follows the count, as it follows Ctrl+Z."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    page = window.canvas.rect()
    top, bottom = page.height() * 0.2, page.height() * 0.8
    for x in (0.15, 0.5, 0.85):
        window.canvas.draw_stroke([(page.width() * x, top), (page.width() * x, bottom)])
    assert window.statusBar().currentMessage().startswith("Your drawing: 3 marks side by side")
    window.actions_.undo.trigger()
    assert window.statusBar().currentMessage().startswith("Your drawing: 2 marks side by side")


def test_second_look_a_tiff_whose_directory_contradicts_itself_is_damaged_not_a_kind_pil_cannot_read() -> None:
    """A 16-bit grey TIFF with an alpha whose second depth was hit (49,168 bits) was "a TIFF of 16/49168-bit grey
    with an alpha, a kind PIL cannot read: save it as a PNG first", which no program can; so was one of three depths
    and one sample. Such a file is damaged, as Pillow's own reading says; a whole one of a kind it lacks is named."""
    import numpy as np
    import pytest
    from test_robust_eighteenth_pictures import grey_seven
    from test_robust_nineteenth_pictures import tiff16

    from rowreader.picture import read_picture_data
    from rowreader.picture_errors import PictureError, UnknownFormat

    grey = grey_seven(4095, 300)
    data = tiff16(np.dstack([grey, np.full(grey.shape, 65535)]).astype(np.uint16), planar=False)
    depths = bytes.fromhex("0102 0003 00000002 0010 0010")  # BitsPerSample: 16, 16
    assert data.count(depths) == 1
    for hit in ("0010 c010", "0010 0000"):
        with pytest.raises(PictureError, match="damaged TIFF") as refused:
            read_picture_data(data.replace(depths, depths[:8] + bytes.fromhex(hit)))
        assert not isinstance(refused.value, UnknownFormat)
    samples = bytes.fromhex("0115 0003 00000001 0002 0000")  # SamplesPerPixel: 2
    assert data.count(samples) == 1
    with pytest.raises(PictureError, match="damaged TIFF"):  # two depths for one sample
        read_picture_data(data.replace(samples, samples[:8] + bytes.fromhex("0001 0000")))


def test_second_look_the_menu_of_an_example_scrolled_out_of_sight_opens_beside_it(qtbot, tmp_path) -> None:
    """Shift+F10 (and the Menu key, in a real window) on an example scrolled out of sight, in its row or with its
    row, opened the menu at the screen's edge, far from the dock and beside nothing it names. The example is
    scrolled into sight and the menu opens on it."""
    import numpy as np
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QApplication, QMenu

    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    picture = np.kron(np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8), np.ones((8, 8), np.uint8))
    for _ in range(20):
        store.add(3, picture)
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    strip = dock.view.rows[3][1]
    qtbot.waitUntil(lambda: strip.count() == 20)
    dock.activateWindow()  # the keys in the row: Shift+F10 acts there alone
    qtbot.waitUntil(dock.isActiveWindow)
    strip.setFocus()
    strip.setCurrentRow(0)
    for scroll in (strip.horizontalScrollBar(), dock.scroll.verticalScrollBar()):  # the row, then the rows
        scroll.setValue(scroll.maximum())
        qtbot.keyClick(strip, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
        menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
        item = strip.visualItemRect(strip.item(0))
        assert strip.viewport().visibleRegion().contains(item.center())
        assert QRect(strip.viewport().mapToGlobal(item.topLeft()), item.size()).contains(menu.pos()), menu.pos()
        menu.close()


def test_second_look_the_taught_before_warning_counts_as_the_models_menu_does() -> None:
    """The warning said "1 of these examples were taught" and "12345 of these", where the Models menu says
    "12,345 taught before"; it stays within the 110 characters the app keeps whole."""
    from gui.teach import WARNING_CHARS
    from training.finetune import learnt_before_warning

    assert learnt_before_warning(1).startswith("1 of these examples was taught to the model it starts from")
    assert learnt_before_warning(123_456).startswith("123,456 of these examples were taught")
    assert len(learnt_before_warning(123_456)) <= WARNING_CHARS


def test_second_look_an_example_whose_strokes_file_cannot_go_is_kept_whole(tmp_path, monkeypatch) -> None:
    """Its picture deleted, its pen strokes' file refused (held open by another program, as Windows refuses, or
    made immutable): Delete then had nothing to undo, and Move deleted its copy under the new digit as well,
    nothing left of the drawing but its strokes. An example is deleted whole or not at all."""
    import errno
    from pathlib import Path

    import numpy as np
    import pytest

    from rowreader.example_folder import PenStroke
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    picture = np.kron(np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8), np.ones((8, 8), np.uint8))
    kept = store.add(3, picture, (PenStroke(((140.0, 40.0), (140.0, 240.0)), 28.0),))
    files = {path.name: path.read_bytes() for path in (tmp_path / "examples" / "3").iterdir()}
    assert len(files) == 2
    unlink = Path.unlink

    def held(path: Path, missing_ok: bool = False) -> None:
        if path.suffix == ".json" and path.parent.name == "3":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held)
    for step in (lambda: store.remove(kept), lambda: store.relabel(kept, 5)):
        with pytest.raises(OSError, match="Permission denied"):
            step()
        assert {path.name: path.read_bytes() for path in (tmp_path / "examples" / "3").iterdir()} == files
        assert not any((tmp_path / "examples" / "5").glob("*"))


def test_second_look_the_empty_charts_note_wraps_rather_than_lose_both_ends(qtbot) -> None:
    """At 200 % with My examples open the belief chart is narrower than its note: "he belief after each row appears
    her", cut at both ends. It wraps, as the maps' notes do."""
    from PySide6.QtGui import QColor, QPalette

    from gui.timeline import BeliefTimeline
    from rowreader.session import DigitSession

    timeline = shown(qtbot, BeliefTimeline(DigitSession()), (200, 260))
    palette = timeline.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("black"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):  # the note is in Text, on Base
        palette.setColor(role, QColor("white"))
    timeline.setPalette(palette)
    plot = timeline.plot_rect()
    assert timeline.fontMetrics().horizontalAdvance("the belief after each row appears here") > plot.width()
    picture = timeline.grab().toImage()
    middle = round(plot.center().y())
    rows = [y for y in range(middle - 40, middle + 40) if abs(y - timeline.y_of(0.5, plot)) > 2]  # not the grid's
    written = [  # the note's columns: none beside the plot's edges, where it was cut
        x
        for x in range(round(plot.left()) + 2, round(plot.right()) - 1)
        if any(QColor(picture.pixel(x, y)).lightness() > 60 for y in rows)
    ]
    assert written and min(written) > plot.left() + 3 and max(written) < plot.right() - 3, (plot, written[:3])
