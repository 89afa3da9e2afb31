"""The forty-seventh round of hostile testing, settings2: the app's settings under a hostile user, each key the app
reads (`window/floating_ratio` and `window/floating_place/…` among them) set to garbage in the INI file at its real
path, the file made a folder, a link to nothing and a link to a device, the app started offscreen and in a real
window (Xvfb, openbox; screenshots looked at); each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.settings import settings_trouble


def test_a_settings_file_linked_into_a_missing_folder_is_said_at_the_start(qapp, tmp_path: Path) -> None:
    """`RowReader.conf` a link to a file in a folder that is gone (a dotfiles folder moved, a stick unplugged): Qt
    called the settings writable, nothing was said, and every close lost them (Qt's save found no folder to write
    in). It is said at the start, as a folder in the file's place is: "RowReader.conf is a link to …, whose folder
    does not exist". A link to nothing in a folder that is there stays fine: Qt writes the file it names."""
    link = tmp_path / "RowReader.conf"
    link.symlink_to(tmp_path / "unplugged" / "RowReader.conf")
    settings = QSettings(str(link), QSettings.Format.IniFormat)
    short, whole = settings_trouble(settings)
    target = tmp_path / "unplugged" / "RowReader.conf"
    assert short == f"RowReader.conf is a link to {target}, whose folder does not exist"
    assert whole == f"{link} is a link to {target}, whose folder does not exist"
    settings.setValue("scan/rows_per_second", 12)
    settings.sync()
    assert settings.status() == QSettings.Status.AccessError  # what the start now says: the close lost them

    there = tmp_path / "there.conf"
    there.symlink_to(tmp_path / "dotfiles.conf")  # its folder is there: written through the link
    kept = QSettings(str(there), QSettings.Format.IniFormat)
    assert settings_trouble(kept) is None
    kept.setValue("scan/rows_per_second", 12)
    kept.sync()
    assert kept.status() == QSettings.Status.NoError and there.is_symlink() and (tmp_path / "dotfiles.conf").is_file()
