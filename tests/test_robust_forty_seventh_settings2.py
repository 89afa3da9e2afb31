"""The forty-seventh round of hostile testing, settings2: the app's settings under a hostile user, each key the app
reads (`window/floating_ratio` and `window/floating_place/…` among them) set to garbage in the INI file at its real
path, the file made a folder, a link to nothing and a link to a device, the app started offscreen and in a real
window (Xvfb, openbox; screenshots looked at); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from gui_window import settled, shown
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen

from gui.examples_watch import DOCK_SEEN_KEY
from gui.main_window import MainWindow
from gui.settings import read_flag, read_path, settings_trouble
from rowreader.example_store import ExampleStore


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


def test_a_garbage_dock_seen_does_not_hide_my_examples(qtbot, tmp_path: Path, mnist_test) -> None:
    """`examples/dock_seen` was read by Qt's `type=bool`, which takes any text but "false", "0" and "" for true:
    set to "maybe" (or "inf", "@ByteArray(abc)") with a layout saved, My examples stayed hidden at a start with ten
    examples kept, as if the user had closed it. It is read as every flag of the app is (`read_flag`): only
    "true" is true, and the dock shows."""
    images, labels = mnist_test
    user_dir = tmp_path / "mine"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings, user_dir=user_dir, load_model=False)
    qtbot.addWidget(first)
    first.show()
    first.close()  # a layout saved, My examples never shown (nothing kept then)
    store = ExampleStore(user_dir / "examples")
    for digit in range(10):
        store.add(digit, np.kron(255 - images[np.flatnonzero(labels == digit)[0]], np.ones((10, 10), np.uint8)))
    settings.setValue(DOCK_SEEN_KEY, "maybe")
    window = MainWindow(settings=settings, user_dir=user_dir, load_model=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    qtbot.waitUntil(window.teaching.dock.isVisible, timeout=5_000)


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))
def test_a_flag_is_true_only_as_the_app_writes_it(raw: str) -> None:
    """Any text a hand-edited file can hold for a flag (`window/maximized`, `examples/dock_seen`): true only as the
    app writes it, "true" (quoted or not), never for text Qt's bool parsing let through."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "s.ini")
        path.write_text(f"[window]\nmaximized={raw}\n", encoding="utf-8")
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        assert read_flag(settings, "window/maximized") is (raw.strip() in ("true", '"true"'))


def test_docks_restored_floating_over_a_window_filling_the_screen_keep_off_each_other(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Settings saved with My examples and "Inside the LSTM" floating beside a window on a 3200×2000 screen, read
    on a 1600×1000 one with the window maximised (`window/maximized=true`): both went to the one gap over the window
    (right of the drawing, under the toolbars), the maps under My examples, out of sight (seen in Xvfb). Each dock
    restored floating keeps off the others shown floating, where the screen has room: the maps go elsewhere."""
    free = QRect(0, 0, 1600, 1000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    window.setGeometry(0, 0, 1600, 981)  # as maximised there, under openbox's title bar
    shown(qtbot, window)
    docks = (window.teaching.dock, window.heatmap_dock)
    for dock in docks:
        dock.show()
        dock.setFloating(True)
    qtbot.waitUntil(lambda: all(dock.isFloating() and dock.isVisible() for dock in docks))
    settled(qtbot, lambda: tuple(dock.frameGeometry().getRect() for dock in docks))  # laid out in their windows
    for dock in docks:
        dock.hide()
    window.teaching.dock.setGeometry(2600, 1500, 332, 472)  # where the larger screen had them
    window.heatmap_dock.setGeometry(2100, 200, 1100, 170)
    for dock in docks:  # as restored (see WindowRoom.restore): left there, shown once the window is
        window.room._left_at[dock] = (dock.devicePixelRatioF(), dock.geometry())
    window.room._floating_to_show = list(docks)
    window.room._show_floating()
    examples, maps = (dock.frameGeometry() for dock in docks)
    assert free.contains(examples) and free.contains(maps)
    assert not examples.intersects(maps), (examples, maps)


def test_a_remembered_folder_no_path_can_be_is_not_written_back(qtbot, tmp_path: Path) -> None:
    """`files/last_dir` of 150,000 letters (or a `@Point`, a `@Rect`, a NUL) was passed over by the file dialogs,
    which start at home, and written back at every close (151 kB of settings, for good). A value no path can be is
    dropped where it is read, at the start; a folder merely gone (a stick unplugged) is kept for when it is back."""
    path = tmp_path / "s.ini"
    path.write_text(
        f"[files]\nlast_dir={'y' * 150_000}\nexport_dir=@Point(1 2)\n[model]\npath=@Rect(0 0 9 9)\n", encoding="utf-8"
    )
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    qtbot.addWidget(window)
    assert window.files.last_dir() == str(Path.home())
    window.close()
    kept = QSettings(str(path), QSettings.Format.IniFormat)
    assert not kept.contains("files/last_dir") and not kept.contains("files/export_dir")
    assert path.stat().st_size < 2_000
    assert read_path(settings, "model/path") == "" and not settings.contains("model/path")

    settings.setValue("files/last_dir", str(tmp_path / "unplugged"))
    settings.sync()
    again = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    qtbot.addWidget(again)
    again.close()
    assert read_path(settings, "files/last_dir") == str(tmp_path / "unplugged")
