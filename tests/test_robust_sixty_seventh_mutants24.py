"""The sixty-seventh round, mutants24: hand mutants of the round's new lines that its tests let live, each killed
here (an SVGZ told by its head, a side panel the user widened, ...)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import shiboken6
import torch
from conftest import TINY
from gui_window import settled
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QSplitter
from test_robust_eighteenth_cli import rewrite_metadata
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_seventh_review73 import qt_file_dialog_settings_put_back
from test_robust_sixty_seventh_training9 import PEN
from test_robust_training import fit, stopped_in_its_second_epoch

from gui.file_dialog_fit import widen_sidebar
from gui.image_io import NO_SIZE, read_any_picture_data_and_note
from gui.screen_room import foot_kept, frame_room
from rowreader import RowReader
from rowreader.checkpoint import read_metadata
from rowreader.evaluate import evaluate_rows
from rowreader.output import first_characters
from rowreader.picture_errors import PictureError
from training.arguments import parse_args
from training.pen_data import train_writers_digits

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="15" height="15"/></svg>'


def said(data: bytes) -> str:
    """What the app says of ``data`` pasted."""
    with pytest.raises(PictureError) as refused:
        read_any_picture_data_and_note(data, "pasted")
    return str(refused.value)


@pytest.mark.parametrize("svg", [b"<SVG/>", b"<!DOCTYPE SVG><svg/>"])
def test_a_gzipped_svg_is_told_by_its_head_not_by_qts_16_bytes(qapp, svg: bytes) -> None:
    """An SVGZ's head is looked at in any case and past Qt's 16 bytes (512, as :func:`unidentified` does): one Qt
    does not tell goes to Qt's SVG reader, which names what it makes of it, not to PIL ("not an image PIL can
    read", as neither a plain SVG nor an SVGZ Qt tells is said). Qt's gzip reader refused both ("SVG format check
    failed"), and each now says what its SVG plain says (the sixty-eighth round, window26)."""
    assert said(gzip.compress(svg)) == said(svg) != "pasted: not an image PIL can read"


def test_a_gzip_that_does_not_unpack_is_not_taken_for_an_svg(qapp) -> None:
    """The control: a gzip header before bytes that do not unpack is no SVGZ: not Qt's inflating error."""
    assert said(b"\x1f\x8b\x08\x00" + b"\xff" * 40) == "pasted: not an image PIL can read"


def test_an_svg_whose_width_starts_with_a_space_is_of_no_size(qapp) -> None:
    """A length is read past its leading spaces (`width=" 0"`), as SVG does: 0 is no size."""
    assert said(SVG.format('width=" 0" height="20"').encode()) == f"pasted: {NO_SIZE}"


@pytest.mark.parametrize("wrap", [bytes, gzip.compress])
def test_a_damaged_svg_is_not_said_to_be_of_no_size(qapp, wrap) -> None:
    """A drawing Qt cannot read (its size (-1, -1), invalid, not 0) is said unreadable, not "of no size": it gives
    a width and height of 20, and a tag cut short. Since hypo12 (sixty-ninth round) its broken XML is named where
    it breaks, not Qt's "Unable to read image data"."""
    data = wrap(b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="5" height="5"></svg>')
    assert said(data).startswith("pasted: a damaged SVG drawing:"), said(data)
    assert said(data).split(": ", 2)[2].startswith("its XML is broken on line 1, column 93 (mismatched tag)")


@pytest.mark.parametrize(("made", "kept"), [(200, 200), (600, 300)])
def test_a_side_panel_the_user_widened_is_kept_up_to_a_third(qapp, tmp_path, made: int, kept: int) -> None:
    """A side panel the user dragged wider (Qt restores it the next time) is kept as wide, its names shown whole
    beside it; one wider than a third of the dialog is cut to that third, the files listed keeping two-thirds."""
    dialog = QFileDialog(None, "Open image", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.resize(920, 500)
    with qt_file_dialog_settings_put_back():
        dialog.show()
        QApplication.processEvents()
        splitter = dialog.findChild(QSplitter, "splitter")
        room = sum(splitter.sizes())
        splitter.setSizes([made, room - made])
        widen_sidebar(dialog)
        side, files = splitter.sizes()
        shiboken6.delete(dialog)
    assert (side, side + files) == (min(kept, room // 3), room), (made, room)


def test_a_bfloat16_label_that_is_no_digit_is_named_as_bfloat16_holds_it() -> None:
    """The label named where one is not whole is written as its own type holds it: a bfloat16 0.1 is "0.1", not
    the float its bits make ("0.100098"), as a pixel of one is said."""
    with pytest.raises(TypeError, match=r"got torch\.bfloat16, 0\.1 among them, no digit$"):
        evaluate_rows(RowReader(TINY), np.zeros((2, 28, 28), np.uint8), torch.tensor([3, 0.1], dtype=torch.bfloat16))


def test_a_holdout_of_every_digit_the_train_writers_drew_is_still_the_versions_to_tell(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The bound of training9's refusal: a run could hold out every digit its train writers drew, not one more; a
    count of just that many is told as the version's other holdout, not as edited by hand."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    model = tmp_path / "m.safetensors"
    pen = read_metadata(model)["pen"]
    every = len(train_writers_digits(None))
    rewrite_metadata(model, pen={**pen, "holdout": {**pen["holdout"], "digits": every}})
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 2
    err = capsys.readouterr().err
    assert "this version holds out" in err and "more than the" not in err, err


def test_a_drawn_digits_count_of_all_its_recipe_draws_is_still_the_versions_to_tell(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The bound of training9's other refusal: a run of ``--drawn 2`` draws at most 20 digits, 10 × 2 (this one 10,
    its --limit cutting them); a count of just 20 is told as the version's, not as edited by hand."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "2", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    rewrite_metadata(model, drawn_digits=20)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "2", "--resume") == 2
    err = capsys.readouterr().err
    assert "was trained on 20 synthetic drawn digits, and this version draws " in err and "more than" not in err, err


@pytest.mark.parametrize("grown", [QSize(400, 300), QSize(300, 250), QSize(260, 400)], ids=str)
def test_a_dialog_grown_in_place_keeps_its_foot_and_right_edge(qapp, grown: QSize) -> None:
    """:func:`foot_kept`: grown wider and taller (or only wider), a frame's right edge and foot stay where they were,
    Close where Cancel was: teach22's tests grew it only wider, its top then as kept as its foot."""
    dialog = QDialog()
    before = QRect(500, 300, 300, 250)
    place = QRect(foot_kept(dialog, grown, before), grown + frame_room(dialog))
    assert (place.right(), place.bottom()) == (before.right(), before.bottom()), place
    shiboken6.delete(dialog)


def test_the_room_a_taller_dialog_gives_goes_to_its_chart(qtbot, tmp_path, monkeypatch) -> None:
    """The control of teach22's stretch above the buttons: with the chart shown, a dialog made 40 px taller gives
    all 40 to the chart, none to a blank band above the buttons."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1366, 768))
    assert not dialog.chart.isHidden()  # the case
    chart = dialog.chart.height()
    dialog.resize(dialog.width(), dialog.height() + 40)
    settled(qtbot, dialog.frameGeometry)
    assert dialog.chart.height() == chart + 40, (chart, dialog.chart.height())


def test_bool_labels_are_still_told_as_bool() -> None:
    """The whole-label check is asked of floats only: torch has no round of a bool ("round_vml_cpu" not implemented
    for 'Bool'), so asked of bool labels it would be that error in place of "labels must be integers, got bool"."""
    with pytest.raises(TypeError, match=r"^labels must be integers, got bool$"):
        evaluate_rows(RowReader(TINY), np.zeros((2, 28, 28), np.uint8), np.array([True, False]))


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--epochs", "-0", "--hidden", "0"], "argument --hidden: must be a whole number from 1 to 4,096, got '0'"),
        (["--lr", "20.0"], "argument --lr: must be a number above 0 and at most 10, got '20.0'"),
    ],
)
def test_a_number_is_said_as_its_own_flag_typed_it(flags, said, capsys) -> None:
    """cli23's ``numbers_as_typed``: the refused flag's own text, not another's of the same value (`--epochs -0`
    given first, `--hidden 0` refused); a real number typed as Python writes it (`20.0`) is quoted, as every real
    number is (and, since review81, a whole number typed as written too)."""
    with pytest.raises(SystemExit):
        parse_args(flags)
    assert capsys.readouterr().err.endswith(f"error: {said}\n")


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("a\u094d\u0937", "a\u094d"),  # a virama after no consonant joins nothing
        ("\u0915\u093c\u0937", "\u0915\u093c"),  # a nukta, no virama: two letters
    ],
)
def test_a_consonant_is_joined_only_by_a_virama_after_a_consonant(text: str, cut: str) -> None:
    """GB9c's other halves (cli23's ``_conjunct``): marks between two consonants join them only where one is a
    virama, and only after a consonant."""
    assert first_characters(text, 2) == cut
