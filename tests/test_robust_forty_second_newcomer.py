"""The forty-second round of hostile testing, newcomer: the README done top to bottom, in order, on a fresh clone as
someone who knows Python but not this project (the quick start, the no-GPU and the torch-free installs, the command
line, training cut down, UNIPEN's converter, the benchmarks' short runs), with a home whose name is not UTF-8 and
odd pictures; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from gui_window import shown

from gui.app import APPLICATION, ORGANIZATION
from gui.main_window import MainWindow


def test_a_home_whose_name_is_not_utf8_gets_no_folder_made_beside_it(
    qtbot, qapp, tmp_path, monkeypatch, request, capsys
) -> None:
    """Under HOME=/home/ren\\xe9 (a name kept from an older Latin-1 system) Qt read the name as UTF-8, each odd byte
    U+FFFD, and the app made /home/ren\\xef\\xbf\\xbd beside the home for its settings (and its examples and taught
    models): nothing of it was in the home, and where that folder could not be made nothing was saved, without a
    word. The examples and taught models go into the home itself now, as the library's cache does; the settings,
    which Qt alone writes, are held for the session and the status bar says why."""
    names = qapp.organizationName(), qapp.applicationName()
    request.addfinalizer(lambda: (qapp.setOrganizationName(names[0]), qapp.setApplicationName(names[1])))
    qapp.setOrganizationName(ORGANIZATION)  # the app's names, as create_app sets them
    qapp.setApplicationName(APPLICATION)
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    window = shown(qtbot, MainWindow(load_model=False))
    assert window.teaching.user_dir == home / ".local" / "share" / "RowReader"
    assert "rowreader-gui: $HOME=" in capsys.readouterr().err
    qtbot.waitUntil(lambda: "Settings cannot be saved: $HOME=" in window.statusBar().currentMessage())
    window.actions_.speed.setValue(12)
    window.close()
    assert [p.name for p in tmp_path.iterdir()] == [home.name]  # nothing made beside the home
