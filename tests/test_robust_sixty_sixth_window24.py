"""The sixty-sixth round's window24: the app's boxes and dialogs, the cases the last round left (a sign alone typed
in a number box, an SVG of no size pasted, the lock a killed window left). Each test was seen failing on the code
before its fix, but the controls."""

from __future__ import annotations

import pytest
from gui_window import errors_said, until, window_without_model
from PySide6.QtCore import QByteArray, QEvent, QMimeData, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.image_io import read_any_picture_data_and_note
from gui.main_window import MainWindow
from rowreader.atomic import drop_lock, take_lock

SAID = {
    "brush": "The brush width in px goes from 4 to 64: that is not a number",
    "speed": "The scan speed in rows/s goes from 1 to 56: that is not a number",
}


def _typed(spin, text: str) -> None:
    """``text`` typed over what ``spin`` holds, a key press for each character (QTest.keyClicks aborts on "−")."""
    spin.setFocus()
    spin.selectAll()
    for character in text:
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
        QApplication.sendEvent(spin, key)


@pytest.mark.parametrize("box", ["brush", "speed"])
@pytest.mark.parametrize("typed", ["-", "+", "\N{MINUS SIGN}", ".", "-."])
def test_a_sign_or_a_point_alone_then_enter_is_said(qtbot, tmp_path, box, typed) -> None:
    """ "-" alone (or "+", "−", ".") then Enter put the box back as it was without a word, though every other entry
    the box refuses is said: it is said as no number, once, the box's value kept."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    spin.setValue(10)
    said: list[str] = []
    spin.refused.connect(said.append)
    _typed(spin, typed)
    assert said == []  # a number begun is not refused as it is typed
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 10 and said == [""]
    assert window.statusBar().currentMessage() == SAID[box]


def test_an_emptied_box_then_enter_says_nothing(qtbot, tmp_path) -> None:
    """A control: the box emptied (Backspace over all of it) then Enter is its value again, unsaid, as Esc is."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.brush
    spin.setValue(10)
    spin.setFocus()
    spin.selectAll()
    QTest.keyClick(spin, Qt.Key.Key_Backspace)
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 10 and spin.lineEdit().text() == "10 px"
    assert window.statusBar().currentMessage() == ""


NO_SIZE = (
    "an SVG drawing of no size (its <svg> needs a width and height, or a viewBox, above 0): nothing in it is drawn"
)


@pytest.mark.parametrize("svg", [b"<svg/>", b"<svg />", b"<svg></svg>", b'<svg width="0" height="9"/>'])
def test_an_svg_of_no_size_pasted_is_said_to_be_one(qtbot, tmp_path, svg) -> None:
    """ "<svg/>" pasted said "an SVG drawing …: save it as a PNG first (the app opens SVG)", in the app that opens
    SVG (Qt tells an SVG by its first 9 bytes or more); "<svg></svg>" said "not a readable image (Unknown error)". Read
    as an SVG is, each is said to be a drawing of no size."""
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    mime = QMimeData()
    mime.setData("image/svg+xml", QByteArray(svg))
    assert window.pictures.accept_mime(mime, "pasted")
    until(qtbot, lambda: said, seconds=10)
    assert said == [f"Could not use the image: pasted image: {NO_SIZE}"]


def test_a_small_svg_pasted_is_read_as_an_svg(qapp) -> None:
    """A control: an SVG of a size pasted is drawn at it, as before (Qt tells it for one by its bytes)."""
    picture, _ = read_any_picture_data_and_note(b'<svg width="9" height="8"/>', "pasted image")
    assert picture.shape[:2] == (8, 9)


def _window_over(qtbot, tmp_path, monkeypatch) -> MainWindow:
    """A window started with the user's folder under ``tmp_path/share`` and no older version's folder to move."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(window)
    return window


def test_the_moves_lock_a_killed_window_left_goes_at_the_next_start(qtbot, tmp_path, monkeypatch) -> None:
    """A window killed outright (kill -9) while saying the folder moves left its `.moves being said.lock` beside the
    examples, empty and unlocked, for good where nothing was left to say: the next start removes it."""
    lock = tmp_path / "share/RowReader/.moves being said.lock"
    lock.parent.mkdir(parents=True)
    lock.touch()
    window = _window_over(qtbot, tmp_path, monkeypatch)
    assert window.teaching.moved_box is None
    assert not lock.exists()


def test_the_moves_lock_another_window_holds_stays(qtbot, tmp_path, monkeypatch) -> None:
    """A control: the lock of a window saying the moves now (held) is left as it is."""
    lock = tmp_path / "share/RowReader/.moves being said.lock"
    held = take_lock(lock.with_suffix(""))
    try:
        window = _window_over(qtbot, tmp_path, monkeypatch)
        assert window.teaching.moved_box is None
        assert lock.exists()
    finally:
        drop_lock(lock.with_suffix(""), held)
