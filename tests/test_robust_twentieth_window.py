"""The twentieth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

import pytest
from conftest import counted_from_here
from gui_window import settled, shown, window_without_model
from PySide6.QtCore import QByteArray, QSettings

from gui.main_window import MainWindow


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_twentieth_window_a_maximised_window_opens_maximised_on_a_screen_of_another_width(qtbot, tmp_path) -> None:
    """Maximised on a 1600 px wide screen and started again on one 1,024 px wide, the window opened unmaximised:
    Qt refuses a geometry saved on a screen a quarter wider or narrower. It opens maximised, as it was left."""
    window = window_without_model(qtbot, tmp_path)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    settings = _settings(tmp_path)
    geometry = bytearray(settings.value("window/geometry").data())
    at = 4 + 2 + 2 + 16 + 16 + 4 + 1 + 1  # the screen's width in Qt's format 3: after two rects, a screen, flags
    geometry[at : at + 4] = (int.from_bytes(geometry[at : at + 4]) * 2).to_bytes(4)
    settings.setValue("window/geometry", QByteArray(bytes(geometry)))
    settings.sync()
    again = MainWindow(settings=_settings(tmp_path), load_model=False, user_dir=tmp_path / "mine")
    assert not again.restoreGeometry(QByteArray(bytes(geometry)))  # Qt's refusal, as on the smaller screen
    shown(qtbot, again)
    assert again.isMaximized()


def test_twentieth_window_the_cpu_by_any_name_opens_the_window_without_torch(qapp, monkeypatch) -> None:
    """`python -m gui --device cpu:0` imported torch (3 s here, against 0.7 s for the whole window) to learn that
    cpu:0 is the CPU, before the window showed. It is the CPU by its name, as `auto` is left to the fine-tune."""
    import gui.__main__ as gui_main
    import gui.app
    import gui.main_window

    class Opened(Exception):
        pass

    def no_torch(spec: str) -> None:
        raise AssertionError(f"torch was imported to resolve {spec!r} before the window")

    def window(checkpoint, device: str) -> None:
        raise Opened(device)

    monkeypatch.setattr(gui_main, "device_of_flag", no_torch)
    monkeypatch.setattr(gui.app, "create_app", lambda argv, scheme: qapp)
    monkeypatch.setattr(gui.main_window, "MainWindow", window)
    for asked, kept in (("cpu:0", "cpu"), (" CPU:3 ", "cpu"), ("auto", "auto")):
        with pytest.raises(Opened) as opened:
            gui_main.main(["--device", asked])
        assert str(opened.value) == kept


def test_twentieth_window_teaching_trains_on_the_device_asked_for(qtbot, tmp_path, mnist_examples, monkeypatch) -> None:
    """`python -m gui --device cuda:1` (or the default, cpu) was checked at the start and then never used: the
    fine-tune ran on whatever its own default, auto, chose (the first GPU, or the CPU). It is told the device."""
    from gui.teach_process import TeachProcess
    from rowreader.checkpoint import pretrained_path

    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # its command line is what is checked
    settings = _settings(tmp_path)
    window = MainWindow(pretrained_path(), device="cuda:1", settings=settings, load_model=True, user_dir=tmp_path)
    shown(qtbot, window)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    window.teaching.teach()
    qtbot.waitUntil(lambda: not window.teaching.preparing, timeout=10_000)
    assert window.teaching.process is not None, window.last_error
    args = window.teaching.process.args
    assert args[args.index("--device") + 1] == "cuda:1"


def test_twentieth_window_pictures_opened_in_a_long_session_are_not_all_kept_for_undo(qtbot) -> None:
    """Every picture opened stayed in memory for the undo history, however long the session: 60 pictures of
    2,048 px opened and cleared took 310 MB more, 500 would take 2 GB. The history keeps its last UNDO_STEPS edits."""
    import gc
    import weakref

    import numpy as np

    from gui.canvas import UNDO_STEPS, DrawingCanvas

    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    digit = np.zeros((28, 28), np.float32)
    digit[4:24, 12:16] = 1.0
    with counted_from_here():  # its collection finds this test's garbage only, not earlier tests' (sixty-fifth round)
        first = np.full((64, 64), 255, np.uint8)
        canvas.load_base(digit, source="first.png", picture=first)
        kept = weakref.ref(first)
        del first
        for n in range(UNDO_STEPS + 10):
            canvas.load_base(digit, source=f"{n}.png", picture=np.full((64, 64), n, np.uint8))
            canvas.clear()
        gc.collect()
        assert kept() is None  # the first picture, far back in the history, is let go
    stack = canvas.undo_stack  # older edits stay as empty steps that Ctrl+Z passes over
    assert sum(not stack.command(i).isObsolete() for i in range(stack.count())) == UNDO_STEPS and stack.canUndo()
    canvas.undo_stack.undo()  # the latest edits still undo: the picture before the last Clear is back
    assert canvas.content.base is not None and canvas.content.base.source == f"{UNDO_STEPS + 9}.png"


def test_twentieth_window_a_picture_dragged_from_a_web_page_is_told_why_it_cannot_be_dropped(qtbot, tmp_path) -> None:
    """A picture dragged from a web page (its address only, no file and no picture data) or a file from a network
    share was refused at the window's edge without a word, as if the window took no pictures: it says why."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    window = window_without_model(qtbot, tmp_path)
    for address, said in (
        ("https://example.com/digits/seven.png", "https://example.com/digits/seven.png is not a file on this"),
        ("data:image/png;base64," + "A" * 100_000, "data:image/png;base64,AAAA"),  # a page's inline picture
    ):
        mime = QMimeData()
        mime.setUrls([QUrl(address)])
        copy, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
        entering = QDragEnterEvent(QPoint(50, 50), copy, mime, left, Qt.KeyboardModifier.NoModifier)
        window.dragEnterEvent(entering)
        assert entering.isAccepted()
        window.dropEvent(QDropEvent(QPointF(50, 50), copy, mime, left, Qt.KeyboardModifier.NoModifier))
        assert window.last_error is not None and window.last_error[1].startswith(said), window.last_error
        assert len(window.last_error[1]) < 200 and "save it first" in window.last_error[1]


def test_twentieth_window_a_maximised_window_on_a_screen_smaller_than_its_views_fits_it(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Left maximised at 175 % on a 1024×700 screen (585 × 400 px to the app), the window opened as large as its
    views' least sizes, 1,071 × 789 px: the status bar and My examples' buttons past the screen's edges, where the
    same window unmaximised fits, its views scrolling. Maximised, it fits too, and so does it unmaximised again."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from gui.screen_room import screen_room

    free = QRect(0, 0, 585, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = _settings(tmp_path)
    settings.setValue("window/maximized", "true")
    settings.sync()
    window = window_without_model(qtbot, tmp_path)
    assert window.isMaximized()
    room, least = screen_room(window), settled(qtbot, window.minimumSizeHint)
    assert least.boundedTo(room) == least, (least, room)
    assert window.normalGeometry().size().boundedTo(room) == window.normalGeometry().size()
