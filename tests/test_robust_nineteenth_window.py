"""The nineteenth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

from gui_window import lone_dock, settled, shown, window_without_model
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen


def _on_screen(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_nineteenth_window_the_maps_asked_for_on_a_short_screen_leave_the_status_bar_in_sight(
    qtbot, tmp_path, monkeypatch
) -> None:
    """At 200 % on a 1600×1000 screen, the window filling it, Ctrl+L put "Inside the LSTM" in a window of its own
    down to the screen's bottom: over the status bar, where the reading is said ("Too small to read") and the model
    named. It stands above the status bar, over the chart as before, no taller. Since the forty-fifth round (dock)
    the maps dock right of the views where the screen is wide enough, as here (910 px for 798): they cover neither
    the status bar nor the bars, and are as tall as they need."""
    free = QRect(0, 0, 910, 512)  # 800 × 500 logical is as short: the maps wait for Ctrl+L there
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    window.move(0, 0)
    dock = window.heatmap_dock
    assert dock.isHidden()
    window.actions_.show_state.trigger()  # Ctrl+L
    assert dock.isVisible() and not dock.isFloating()
    status = window.statusBar()
    maps = settled(qtbot, lambda: (_on_screen(status), _on_screen(dock)))[1]
    assert free.contains(_on_screen(status)) and free.contains(maps), (_on_screen(status), maps)
    assert not maps.intersects(_on_screen(status)), (maps, _on_screen(status))
    assert dock.height() >= dock.minimumSizeHint().height()
    assert not maps.intersects(_on_screen(window.bars))  # the bars kept clear


def test_nineteenth_window_the_finished_teach_dialog_widens_rather_than_cut_its_lines(
    qtbot, tmp_path, monkeypatch
) -> None:
    """At 200 % on a 1600×1000 screen (800 × 500 logical), the teach dialog made narrow beside the bars, an outcome
    with a warning, a misread example and a note of two examples deleted while it was taught needed 550 px of the
    452 the screen has: the summary was drawn over the chart, the status cut in the middle of a line. The dialog
    grows wider, within the screen, until its lines fit its height."""
    from gui.teach import TeachDialog
    from gui.teach_process import TeachProcess

    free = QRect(0, 0, 800, 500)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    dialog.attach(process)
    shown(qtbot, dialog, dialog.minimumSizeHint())
    process._apply({"event": "start", "examples": 30, "warnings": ["3/a.png holds two marks side by side"]})
    for step in (0, 20, 40):
        process._apply({"event": "progress", "step": step, "steps": 40, "heldout": 0.9 + step / 600, "mnist": 0.99})
    misread = [{"file": "3/ibm15-23.png", "read_as": 5}]
    process._apply({"event": "done", "heldout_accuracy": {"misread": misread}, "mnist_eval": {"digits": 2000}})
    deleted = "2 examples were deleted or moved while it was taught (3/a.png; 7/b.png): it learnt from them. " * 2
    dialog.finish(True, f"Done: now reading with mine-20261202-023443-195790.safetensors.\n\n{deleted}")
    size = settled(qtbot, dialog.size)
    assert dialog.heightForWidth(size.width()) <= size.height(), size  # every line in sight, none drawn over another
    assert free.contains(dialog.frameGeometry()), dialog.frameGeometry()


def _refusing_folder(monkeypatch, folder) -> None:
    """``folder`` refuses to lose a file, as a read-only one does (root, as the tests may run, ignores modes)."""
    import errno
    from pathlib import Path

    unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if path.parent == folder:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)


def test_nineteenth_window_delete_and_move_in_a_read_only_folder_say_so_alike_and_lose_nothing(
    qtbot, tmp_path, monkeypatch
) -> None:
    """In a read-only examples folder Delete said so in the dock's message line ("⚠ NAME could not be deleted:
    Read-only file system"), gone at the next reading, and Move to digit in an error box. Both say so in an error
    box, as a keep or an import that fails, naming the folder. Where the example's own folder alone refuses (the
    other writable), a move copied it to the other digit and left it where it was: kept as both, the box saying it
    stayed. The copy goes again."""
    import numpy as np

    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    kept = store.add(3, np.kron(np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8), np.ones((8, 8), np.uint8)))
    dock = lone_dock(store)
    qtbot.addWidget(dock)
    dock.reload()
    failed, said = [], []
    dock.failed.connect(lambda title, text: failed.append((title, text)))
    dock.said.connect(said.append)
    _refusing_folder(monkeypatch, kept.path.parent)
    example = dock.found.examples[0]
    where = f"3/{kept.path.name} stays among the 3s: cannot delete from {kept.path.parent}: Read-only file system."
    dock.delete(example)
    assert failed == [("Could not delete the example", where)] and said == []
    dock.relabel(example, 5)
    assert failed[1] == ("Could not move the example", where) and said == []
    assert kept.path.is_file() and kept.sidecar.is_file() and not list(store.root.glob("5/*"))
    assert [(e.label, e.path) for e in store.load().examples] == [(3, kept.path)]  # once, where it was


def test_nineteenth_window_two_digits_drawn_side_by_side_are_said_as_a_picture_of_them_is(qtbot, tmp_path) -> None:
    """A 1 and a 7 drawn side by side on the canvas were read as one digit (a 0 at 96 %) without a word, where a
    picture of them says "2 marks side by side …". The drawing says so in the status bar once the stroke is done,
    with what to do there, and the note goes when the drawing is one mark again (Ctrl+Z)."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    canvas = window.canvas
    page = canvas.rect()
    left, right, top, bottom = page.width() * 0.2, page.width() * 0.8, page.height() * 0.2, page.height() * 0.8
    canvas.draw_stroke([(left, top), (left, bottom)])
    assert not window.statusBar().currentMessage().startswith("Your drawing")  # one mark: nothing to say
    canvas.draw_stroke([(right - 40, top), (right, top), (right - 20, bottom)])
    said = window.statusBar().currentMessage()
    assert said.startswith("Your drawing: 2 marks side by side, each as tall as a digit, were read as one"), said
    assert said.endswith("clear it (Esc) and draw one digit")
    window.actions_.undo.trigger()
    assert window.statusBar().currentMessage() == ""


def test_nineteenth_window_tab_passes_the_digits_with_no_examples(qtbot, tmp_path) -> None:
    """With examples of 3 and 7 kept, Tab from the drawing went through the rows of 0, 1 and 2 (each framed as if it
    held something) to reach the 3s, and through five more empty rows to Import: Up and Down pass such rows. Tab
    does too; a row emptied while it has the keys keeps them (Delete held to empty it must not clear the drawing)."""
    import numpy as np
    from PySide6.QtCore import Qt

    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    picture = np.kron(np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8), np.ones((8, 8), np.uint8))
    for digit in (3, 7):
        store.add(digit, picture)
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    rows = dock.view.rows

    def tabbed() -> list[int]:
        return [digit for digit, (_, strip) in rows.items() if strip.focusPolicy() & Qt.FocusPolicy.TabFocus]

    assert tabbed() == [3, 7]
    strip = rows[7][1]
    strip.setFocus()
    qtbot.waitUntil(strip.hasFocus)
    dock.delete(dock.found.examples[-1])  # the 7, its row emptied with the keys
    assert rows[7][1].count() == 0 and tabbed() == [3, 7] and strip.hasFocus()


def test_nineteenth_window_shift_f10_opens_a_selected_examples_menu(qtbot, tmp_path) -> None:
    """Move to digit was in the right-click menu alone, which the keyboard opened with the Menu key only (Qt on
    X11): on a laptop without one, an example kept under the wrong digit could not be moved without a mouse, and
    Help ▸ Keyboard shortcuts named no key of My examples. Shift+F10 opens it at the selected example."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMenu

    import gui.example_rows
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    store.add(3, np.kron(np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8), np.ones((8, 8), np.uint8)))
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    strip = dock.view.rows[3][1]
    dock.activateWindow()  # the keys in the row: Shift+F10 acts there alone
    qtbot.waitUntil(dock.isActiveWindow)
    strip.setFocus()
    strip.setCurrentRow(0)
    QTest.keyClick(strip, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menus = [menu for menu in dock.view.findChildren(QMenu) if menu.isVisible()]
    assert menus and "Move to digit (undoable)" in [action.text() for action in menus[0].actions()]
    menus[0].close()
    assert ("My examples: move to digit…", "Menu, Shift+F10") in gui.example_rows.EXAMPLE_KEYS  # listed by F1
