"""The nineteenth round, a second look at what the round changed (pictures, window, teaching), attacked again."""

from __future__ import annotations

from gui_window import shown
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow


def _window(qtbot, tmp_path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"), (1100, 740))


def test_second_look_a_third_digit_drawn_beside_two_is_counted_in_the_note(qtbot, tmp_path) -> None:
    """The note of digits drawn side by side was said once: a third drawn beside the two left it saying "2 marks
    side by side" of a drawing of three. It follows the count, as it follows Ctrl+Z."""
    window = _window(qtbot, tmp_path)
    page = window.canvas.rect()
    top, bottom = page.height() * 0.2, page.height() * 0.8
    for x in (0.15, 0.5, 0.85):
        window.canvas.draw_stroke([(page.width() * x, top), (page.width() * x, bottom)])
    assert window.statusBar().currentMessage().startswith("Your drawing: 3 marks side by side")
    window.actions_.undo.trigger()
    assert window.statusBar().currentMessage().startswith("Your drawing: 2 marks side by side")
