"""The sixty-fourth round, mutants21: hand mutants of the round's own product lines, and a test for each that
outlived the round's tests. Each test was seen failing on its mutant and passing on the real code."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from test_robust_sixty_fourth_window21 import KEPT

from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.number_box import number_typed, typed_whole_number
from gui.user_folder import MOVED_UNSAID_KEY
from rowreader.caller_values import lacked_float, value_text
from rowreader.cli import main
from rowreader.launch import askew
from rowreader.model import ROWS
from rowreader.output import unseen_said
from rowreader.player import Mode
from rowreader.stream import ROUNDING_HINT, first_sure

LEFT = Qt.MouseButton.LeftButton

MODELS = KEPT.replace("Your examples", "Your taught models")
BOTH = KEPT.replace("Your examples", "Your examples and taught models")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (KEPT + "\n\n" + MODELS, True),  # a move kept, then another (an older version run between)
        (BOTH, True),
        (KEPT.replace("/home/me/.local/share/RowReader\n", "/" + "x" * 4095 + "\n"), True),  # PATH_MAX's longest
        (KEPT.replace("/home/me/.local/share/RowReader\n", "/" + "x" * 4096 + "\n"), False),
        (KEPT.replace("/home/me/.local/share/RowReader\n", "\n"), False),  # no path: not the app's
    ],
    ids=["two moves", "both folders", "the longest path", "a path past any", "an empty path"],
)
def test_a_kept_move_is_said_exactly_where_the_app_wrote_it(qtbot, tmp_path, value: str, said: bool) -> None:
    """The check of `examples/moved_unsaid` keeps every value the app writes (mutants: two moves dropped, the move
    of both folders dropped) and no other (a path line of 40,960 characters or of none taken)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(MOVED_UNSAID_KEY, value)
    window = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(window)
    box = window.teaching.moved_box
    assert (box.text() if box is not None else None) == (value if said else None)


@pytest.mark.parametrize("text", ["1e²", "1e-²", "²", "1.²", "e", "", "x"])
def test_a_digit_float_does_not_read_is_no_number(text: str) -> None:
    """A superscript two in the power (mutant: isdigit, which takes it) raised in float() inside Qt's validate,
    which ends the app; and what is no number is no whole number (mutant: ``typed_whole_number`` of text not a number
    true, "in whole numbers" unsaid)."""
    assert number_typed(text) is None
    assert not typed_whole_number(text)


def test_a_click_begins_a_drag_whose_moves_on_its_row_ask_for_nothing(qtbot, tmp_path) -> None:
    """A click on the chart's row 12, End, then the hand's tremble on row 12: the click is a drag's first row, so
    the move asks for nothing new and Live stays (mutant: the click not noted, the tremble paused on 12)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.timeline.seek_requested.emit(12)
    assert (window.session.position, window.mode) == (12, Mode.STEP)
    window.actions_.live.trigger()
    window.timeline.dragged_to.emit(12)
    QApplication.processEvents()
    assert (window.session.position, window.mode) == (ROWS, Mode.LIVE)


def test_a_click_drops_a_drags_row_still_waiting(qtbot, tmp_path) -> None:
    """Two rows a drag asked in one pass (the second waits for the pass's end), then a click on row 5: the click
    stays (mutant: the waiting row not dropped, it went after the click, to 20)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.timeline.dragged_to.emit(10)
    window.timeline.dragged_to.emit(20)
    window.timeline.seek_requested.emit(5)
    QApplication.processEvents()
    assert (window.session.position, window.mode) == (5, Mode.STEP)


def test_a_list_of_two_types_numpy_lacks_is_held_in_neither() -> None:
    """Rows of bfloat16 and of float8 together are written as float32 holds them, not as the first's type or either
    (mutants: only the first row asked; any one type of several taken)."""
    rows = [torch.zeros(3, dtype=torch.bfloat16), torch.zeros(3, dtype=torch.float8_e4m3fn)]
    assert lacked_float(rows) is None
    assert lacked_float([rows[0], torch.zeros(3)]) is None
    assert lacked_float(rows[::-1]) is None
    assert lacked_float([rows[0], rows[0]]) is torch.bfloat16


def test_a_bfloat16_needing_four_digits_is_written_in_four() -> None:
    """1.065e-38 as bfloat16 holds it needs four digits to come back (mutant: three tried at most, it fell through to
    ``{:g}``'s "1.06529e-38"). leftovers12's test of every bfloat16 names the old keyword (``bfloat16=``)."""
    value = np.float32(torch.tensor(1.065e-38, dtype=torch.bfloat16).float().item())
    assert value_text(value, held=torch.bfloat16) == "1.065e-38"


def test_first_sure_writes_a_bfloat16_refused_as_bfloat16_holds_it() -> None:
    """first_sure refuses bfloat16 logits in their own type's words, as decided_at does: -0.3 is "-0.3" (mutant: its
    type not passed on, "-0.300781", a value no one gave)."""
    logits = torch.tensor([[-0.3] + [0.5] * 9] * 3, dtype=torch.bfloat16)
    with pytest.raises(ValueError, match=r"got -0\.3…0\.5 summing"):
        first_sure(logits)


def test_a_stroke_begun_while_paused_is_watched_live(qtbot, tmp_path) -> None:
    """Paused on row 10, a stroke begun on the drawing is read live as it is drawn (mutant: Live asked only of an
    edit or undo, the stroke read paused on row 10)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.timeline.seek_requested.emit(10)
    assert window.mode is Mode.STEP
    canvas = window.canvas
    at = QPointF(canvas.width() / 3, canvas.height() / 3)
    for kind, where, buttons in (
        (QEvent.Type.MouseButtonPress, at, LEFT),
        (QEvent.Type.MouseMove, at + QPointF(20, 20), LEFT),
        (QEvent.Type.MouseMove, at + QPointF(40, 30), LEFT),
    ):
        button = LEFT if kind is QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
        event = QMouseEvent(kind, where, canvas.mapToGlobal(where), button, buttons, Qt.NoModifier)
        QApplication.sendEvent(canvas, event)
    QApplication.processEvents()
    assert canvas.is_drawing
    assert window.mode is Mode.LIVE


def test_sure_a_rounding_error_over_one_at_its_bound_is_said_one(capsys) -> None:
    """`--sure 1.000001`, 1 + 1e-6 exactly, is the bound decided_at calls a rounding error, and the command says so
    as decided_at does (mutant: ``<`` at the bound, "over 1 by 1e-06")."""
    with pytest.raises(SystemExit):
        main(["evaluate", "--sure", "1.000001"])
    assert f"got '1.000001' ({ROUNDING_HINT})" in capsys.readouterr().err


def test_two_invisible_characters_are_said_as_two() -> None:
    """A name holding a zero-width space and a joiner names both, as characters (mutant: "an invisible character")."""
    assert unseen_said("x\u200bq\u200d.png") == (
        "invisible characters (zero width space U+200B, zero width joiner U+200D)"
    )


def test_a_flag_holding_an_invisible_character_alone_is_said_no_blank() -> None:
    """``--lim<ZWSP>`` holds no blank: only what it holds is said (mutant: the blank check against the text as typed,
    "it has a blank around it ()", naming none)."""
    said = askew("--lim\u200b", "--limit")
    assert "invisible character (zero width space U+200B)" in said
    assert "blank" not in said
