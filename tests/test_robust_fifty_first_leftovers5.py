"""The fifty-first round of hostile testing, leftovers5: small defects the fifty-first round's other areas saw and
left (the teach dialog at 200 % grown over the bars and the chart it reports on, maps floated for room at 200 % back
at 100 % at the room's size, the CLI's counts of one said in the plural); each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import itertools

import pytest
from gui_window import exposed, settled, shown, teach_over_the_drawing, until, window_without_model
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QScreen
from test_core_cli import write_idx
from test_robust_fiftieth_docks2 import left_at_100

import rowreader.cli
from gui.main_window import MainWindow
from gui.screen_room import views_in_order
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from gui.window_room import FLOATED_FOR_ROOM, HIDDEN_FOR_ROOM
from rowreader.cli import main

AT_200 = QRect(0, 0, 800, 500)  # a 1600×1000 screen at 200 %


def test_evaluate_of_one_digit_says_one_digit(tmp_path, capsys, mnist_test):
    """``rowreader evaluate`` of a test set of one digit said "data: 1 MNIST test digits", "decided: 1 of 1 digits",
    and ``--limit 2`` of it was refused as "the MNIST test set holds 1 digits". A count of one now has its noun in
    the singular, and more than one keeps the plural."""
    images, labels = mnist_test
    write_idx(tmp_path / "data", images[:1], labels[:1])
    words = ["evaluate", "--data-dir", str(tmp_path / "data"), "--device", "cpu"]
    assert main(words) == 0
    out = capsys.readouterr().out
    assert "data: 1 MNIST test digit from " in out, out
    assert " of 1 digit, median row " in out, out
    with pytest.raises(SystemExit):
        main([*words, "--limit", "2"])
    assert "--limit 2: the MNIST test set holds 1 digit" in capsys.readouterr().err
    write_idx(tmp_path / "two", images[:2], labels[:2])
    assert main(["evaluate", "--data-dir", str(tmp_path / "two"), "--device", "cpu", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "data: the first 1 of 2 MNIST test digits from " in out and " of 1 digit, median row " in out, out


def test_predict_stopped_at_its_one_image_says_one_image(tmp_path, capsys, monkeypatch):
    """``rowreader predict one.png`` stopped (Ctrl-C) as it read its only picture said "after 0 of 1 images". It
    says "after 0 of 1 image"."""

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rowreader.cli, "_predict_one", stopped)
    assert main(["predict", str(tmp_path / "one.png")]) != 0
    assert "after 0 of 1 image; the rest were not read" in capsys.readouterr().err


def test_the_teach_dialog_grown_for_its_outcome_keeps_clear_of_the_bars_and_the_chart(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1600×1000 screen the teach dialog, placed narrow over My examples beside the bars, grew for its
    outcome (three warnings and a misread example) as wide as its lines needed without the chart giving way, and was
    moved left onto the screen over the bars' percentages and the chart's title (window6: 340×424 px). It now widens
    only as far as keeps it clear of them, its chart giving way there (its measure of a height for a width took the
    chart at 133 px however far it had given way), its parts one under the other, on the screen."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: AT_200)
    window = window_without_model(qtbot, tmp_path, size=(784, 452))
    window.move(0, 0)
    window.teaching.dock.show()
    settled(qtbot, lambda: window.teaching.dock.geometry())
    dialog, process = teach_over_the_drawing(qtbot, window, tmp_path)
    bars, chart = views_in_order(window)[1:3]
    assert not dialog.frameGeometry().intersects(bars) and not dialog.frameGeometry().intersects(chart)
    lone = [
        f"only one drawing of {d}: the held-out estimate says little of how it reads your next ones" for d in (1, 2, 7)
    ]
    process._apply({"event": "start", "examples": 3, "warnings": lone})
    process._apply({"event": "progress", "step": 0, "steps": 40, "heldout": 1.0, "mnist": 0.994})
    process._apply({"event": "progress", "step": 40, "steps": 40, "heldout": 1.0, "mnist": 0.994})
    misread = [{"file": "1/scan.png", "read_as": 7}]
    outcome = {"before": 1.0, "after": 1.0, "misread": misread}
    process._apply({"event": "done", "heldout_accuracy": outcome, "mnist_eval": {"digits": 2000}})
    dialog.finish(True, "Done: now reading with mine-20261205-174401-a81823.safetensors (Models menu to switch).")
    widgets = (dialog.status, dialog.warnings_area, dialog.bar, dialog.chart, dialog.summary, dialog.buttons)
    frame = settled(qtbot, lambda: (dialog.frameGeometry(), *(widget.geometry() for widget in widgets)))[0]
    assert not frame.intersects(bars) and not frame.intersects(chart), (frame, bars, chart)
    assert AT_200.contains(frame), frame
    for above, below in itertools.pairwise(widgets):
        assert below.geometry().top() > above.geometry().bottom(), (above, above.geometry(), below, below.geometry())
    assert dialog.buttons.geometry().bottom() < dialog.height()
    dialog.close()


def test_the_narrow_teach_dialog_measures_its_outcome_with_its_buttons_one_under_another(qtbot, tmp_path, monkeypatch):
    """Narrower than the outcome's three buttons side by side, the teach dialog measured its least width with them in
    the row Cancel had alone (their orientation was fitted only after), so it widened from there: in a real window at
    200 % on 1600×1000 it went from 317 to 340 px wide, over the bars and the chart, where 317 held its lines with the
    buttons one under another. It measures them as they lie at its width, and stays as narrow, clear of the bars."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: AT_200)
    window = window_without_model(qtbot, tmp_path, size=(784, 452))
    window.move(0, 0)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog(window, "rowreader.safetensors")
    dialog.attach(process)
    buttons = (dialog.switch_back_button, dialog.compare_button, dialog.close_button)  # the outcome's, in a row
    margins = dialog.layout().contentsMargins()
    row = sum(b.sizeHint().width() for b in buttons) + 2 * 12 + margins.left() + margins.right()
    narrow = row - 20
    assert narrow >= dialog.minimumSizeHint().width()
    dialog.resize(narrow, 300)
    dialog.move(AT_200.right() + 1 - dialog.width() - 16, 60)  # flush with the right edge, as placed beside the bars
    dialog.show()
    exposed(qtbot, dialog)
    process._apply({"event": "progress", "step": 40, "steps": 40, "heldout": 1.0, "mnist": 0.994})
    process._apply({"event": "done", "heldout_accuracy": {"before": 1.0, "after": 1.0}, "mnist_eval": {"digits": 2000}})
    dialog.finish(True, "Done: now reading with rowreader.safetensors (Models menu to switch).")
    assert settled(qtbot, lambda: dialog.width()) == narrow
    assert dialog.buttons.orientation() == Qt.Orientation.Vertical
    dialog.close()


def test_maps_floated_for_room_at_200_come_back_at_100_at_their_own_size(qtbot, tmp_path, monkeypatch) -> None:
    """Maps left floating at 100 % (1100×170 px, under the window), shown by Ctrl+L at 200 % and so placed for room
    over the chart (421 px wide in the real window), came back at the next start at 100 % at that size, beside the
    window. The size the app gave them for room is not theirs: they come back at the size they had at 100 %."""
    settings = left_at_100(qtbot, tmp_path, monkeypatch, floating=True)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine")
    said: list[str] = []  # every message, kept: one said for 15 s can be gone before a starved test looks
    window.statusBar().messageChanged.connect(said.append)
    maps = shown(qtbot, window).heatmap_dock
    until(qtbot, lambda: HIDDEN_FOR_ROOM in said)  # no room at 200 % (docks2)
    said.clear()
    window.actions_.show_state.trigger()  # Ctrl+L
    until(qtbot, lambda: maps.isVisible() and FLOATED_FOR_ROOM in said)
    assert settled(qtbot, lambda: maps.size()).width() < 1100  # placed for room
    window.room.save()  # quit so
    window.close()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))  # 100 % again
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    maps = again.heatmap_dock
    until(qtbot, lambda: maps.isFloating() and maps.isVisible())
    assert settled(qtbot, lambda: maps.size(), polls=10) == QSize(1100, 170)
