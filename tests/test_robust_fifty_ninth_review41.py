"""The fifty-ninth round of hostile testing, review41: a review of window16 (the finished teach dialog's chart goes
where no width holds its lines with it, 200 % on 1024×600) and files9 (a loop of links in the loaders' words, an
export past a digit's folder it may not write, About's names, the last model used that is a link). Each defect found
is checked offscreen, and seen failing on the code before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from gui_window import settled, started_from_settings, until, window_without_model
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen
from test_core_examples import STROKE
from test_robust_fifty_ninth_files9 import refuse_writes_in
from test_robust_fifty_ninth_window16 import AT_200_ON_1024X600
from test_robust_fifty_seventh_window14 import finished_teach

from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def test_the_teach_chart_that_went_comes_back_when_the_dialog_is_given_room(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1024×600 screen the finished dialog's chart goes (window16): its lines do not fit with it. Moved
    to a taller screen and made taller there (a laptop docked, the dialog dragged onto the big monitor and grown),
    the chart stayed gone, the room it had left blank, until some text in the dialog changed. Now it comes back
    as soon as the dialog's height holds it at its least."""
    screen = [AT_200_ON_1024X600]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: screen[0])
    window = window_without_model(qtbot, tmp_path)
    dialog = finished_teach(qtbot, window, tmp_path)
    assert dialog.chart.isHidden()  # window16's: no room for it here
    screen[0] = QRect(0, 0, 1600, 1000)
    dialog.resize(dialog.width(), dialog.height() + 200)
    until(qtbot, lambda: not dialog.chart.isHidden())
    settled(qtbot, dialog.frameGeometry)
    assert dialog.chart.height() >= dialog.chart.least_height()
    assert dialog.summary.geometry().top() > dialog.chart.geometry().bottom()
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width())


def test_the_last_model_used_a_link_to_a_drive_not_mounted_says_where_it_leads(qtbot, tmp_path) -> None:
    """The last model used was a link to a model on a USB stick, not plugged in at this start: the start said "The last
    model used, mine.safetensors, is a broken link, not a model file", which names neither the stick nor the file,
    and invites deleting the link. Now it says where the link leads, in the words a model opened by such a link gets
    ("it is a link to …, which does not exist")."""
    stick = tmp_path / "media" / "usb" / "models" / "mine.safetensors"  # the drive's folder: not mounted now
    link = tmp_path / "mine.safetensors"
    os.symlink(stick, link)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("model/path", str(link))
    window = started_from_settings(qtbot, settings, tmp_path / "user")
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()
    assert said == (
        f"The last model used, mine.safetensors, is a link to {stick}, which does not exist: "
        "reading with the shipped model"
    )
    assert window.session.checkpoint.path == pretrained_path()


def test_an_export_giving_a_picture_its_sidecar_in_a_digit_folder_it_may_not_write_goes_on(
    tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """files9 made an export go on past a digit's folder it may not write; not where it gives a picture there the
    strokes an export killed between the two left out: that write's "[Errno 13] Permission denied: '…'" (the
    system's words, naming a hidden temporary) ended the export, the 4s never written. Now that 3 is named as any
    other in such a folder, and the 4s are written."""
    store = ExampleStore(tmp_path / "examples")
    three = store.add(3, mnist_test[0][(mnist_test[1] == 3).nonzero()[0][0]], STROKE)
    store.add(4, mnist_test[0][(mnist_test[1] == 4).nonzero()[0][0]])
    target = tmp_path / "shared"
    (target / "3").mkdir(parents=True)
    shutil.copyfile(three.path, target / "3" / three.path.name)  # the picture alone: killed before its sidecar
    refuse_writes_in(monkeypatch, target / "3")
    done = store.export_folder(target)
    assert done.written == 1 and len(list((target / "4").glob("*.png"))) == 1
    assert done.skipped == [f"{target / '3' / three.path.name}: cannot write to {target / '3'}: Permission denied"]
