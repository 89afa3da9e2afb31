"""The QApplication: its names (where QSettings keeps the settings, the title bar, the desktop entry) and colours."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from gui.theme import ColorScheme, apply_color_scheme

ORGANIZATION = "RowReader"
APPLICATION = "RowReader"


def create_app(argv: Sequence[str] = (), color_scheme: ColorScheme = "system") -> QApplication:
    """Return the running QApplication (creating it if needed) with names set, so QSettings has a home."""
    app = QApplication.instance() or QApplication(list(argv) or ["rowreader-gui"])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("RowReader")
    app.setDesktopFileName("rowreader-gui")
    apply_color_scheme(app, color_scheme)
    return app
