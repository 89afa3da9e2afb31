"""The sixty-third round's review58: cli18's, live4's and window20's fixes tried as a hostile user would. Each test
was seen failing on the code before its fix: a decimal point typed full-width or Arabic in a number box, and a flag
typed with one dash after ``--`` in ``predict``."""

from __future__ import annotations

import pytest
from gui_window import painted_texts, shown, window_without_model
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_robust_sixty_third_cli18 import metrics_link_refused

from gui.timeline import BeliefTimeline
from rowreader.cli import main as cli_main
from rowreader.session import DigitSession


def _typed(box, text: str) -> None:
    """``text`` typed key by key, as an input method sends it (QTest.keyClicks takes ASCII alone)."""
    box.setFocus()
    box.selectAll()
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                box.lineEdit(), QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, letter)
            )
    QTest.keyClick(box, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "box", "used"),
    [("２４．５", "brush", 25), ("２４，５", "brush", 25), ("٢٤٫٥", "brush", 25), ("１．５", "speed", 2)],
    ids=["full-width point", "full-width comma", "arabic separator", "speed"],
)
def test_a_decimal_point_typed_full_width_or_arabic_is_a_point(qtbot, tmp_path, typed, box, used) -> None:
    """ "２４．５" typed with a Japanese input method left on gave the widest brush, 64 px, as "24.5" did before
    live4's fix: the full-width point was refused as a letter, and ２４５ was "taken as 64"; the Arabic decimal
    separator (٫) too. It is a point, the number rounded and said."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    _typed(spin, typed)
    assert spin.value() == used
    assert window.statusBar().currentMessage().endswith(f"in whole numbers: {typed} was taken as {used}")


def test_a_flag_typed_with_one_dash_after_dashes_names_the_dashes(tmp_path, monkeypatch, capsys) -> None:
    """`predict -- -Json x.png` said "did you mean the option --json?" alone, though --json typed there is a file's
    name too (cli18's "seen, not changed"); `-- --json` said to put it before --, and so does this now."""
    monkeypatch.chdir(tmp_path)
    assert cli_main(["predict", "--", "-Json", "x.png"]) == 1
    said = capsys.readouterr().err
    assert (
        "-Json: no such file; did you mean the option --json? (it begins - (hyphen-minus), not two hyphens --)" in said
    )
    assert "; after -- it is read as a file's name: put --json before --\n" in said


@pytest.mark.parametrize("words", [["predict", "—json", "x.png"], ["predict", "--", "—json", "x.png"]])
def test_a_flag_begun_by_a_dash_no_hyphen_says_nothing_of_dashes(tmp_path, monkeypatch, capsys, words) -> None:
    """A control: "—json" (an em dash) is a name with or without a --, so no -- is spoken of."""
    monkeypatch.chdir(tmp_path)
    assert cli_main(words) == 1
    said = capsys.readouterr().err
    assert "—json: no such file; did you mean the option --json? (it begins — (em dash), not two hyphens --)\n" in said


@pytest.mark.parametrize(("height", "labels"), [(40, ["100%"]), (300, ["0%", "50%", "100%"])])
def test_a_short_chart_prints_its_axis_labels_apart(qtbot, monkeypatch, height, labels) -> None:
    """A bare chart made 40 px tall (window20's "seen, not changed") printed 0%, 50% and 100% on one another in its
    10-px plot: a label is printed where it has a line's room from 100 %'s. At 300 px all three (a control)."""
    chart = BeliefTimeline(DigitSession())
    chart.setFixedSize(560, height)
    shown(qtbot, chart)
    assert [text for text in painted_texts(monkeypatch, chart) if text.endswith("%")][:3] == labels


def test_a_link_out_of_its_folder_says_where_it_leads_from_here(tmp_path, monkeypatch) -> None:
    """`--metrics sub/m.csv`, a link to ../r.csv, was "a link to ../r.csv (in the link's folder: r.csv)": r.csv read
    as in sub, where it is not; it is said from here (cli18's sub/x.csv, said so too)."""
    words = r"a link to \.\./r\.csv \(from here: r\.csv\), which does not exist"
    metrics_link_refused(tmp_path, monkeypatch, "../r.csv", words)
