"""The sixty-first round, mutants16: mutation testing by hand of the round's new code and the sixtieth round's
survivors. Each test here was seen failing on a mutant the round's tests let live, and passing on the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gui_window import keyed
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget
from test_robust_fifty_ninth_pages11 import coffee_page
from test_robust_sixty_first_window18 import LOW_SCREEN, tip_at

from gui import screen_room
from rowreader import lighting, preprocess
from rowreader.lighting import even_light_and_rules
from rowreader.one_digit import FRAME_COVER, MAX_TILT, printed_box
from rowreader.preprocess import _colour_ink, prereduce, reduction_factor


def _boxed_bar(side: int) -> np.ndarray:
    """A box of 1-px lines round ``side`` px, a vertical bar (a 1) inside it."""
    inked = np.zeros((side, side), bool)
    inked[[0, -1], :] = inked[:, [0, -1]] = True
    inked[side // 4 : 3 * side // 4, side // 2] = True
    return inked


def test_a_box_line_inked_over_exactly_frame_cover_of_its_length_is_a_box() -> None:
    # FRAME_COVER is "or more": a top line of 40 px with 4 missing (0.9) is a box's line, the 1 inside read alone
    inked = _boxed_bar(40)
    gap = round((1 - FRAME_COVER) * 40)
    inked[0, 10 : 10 + gap] = False
    assert inked[0].mean() == FRAME_COVER
    lines = printed_box(inked)
    assert lines is not None and lines[-1].all() and not lines[10:30, 20].any()


def test_a_box_line_tilted_by_the_whole_reach_is_looked_for_along_the_crops_edge() -> None:
    # a top line stepping down by MAX_TILT of the width (2 px over 120) lies within the edge's reach + 1 rows: its
    # right half on row 2 is as much the box's as its left on row 0
    side = 120
    reach = int(np.ceil(MAX_TILT * side))
    inked = _boxed_bar(side)
    inked[0, side // 2 :] = False
    inked[reach, side // 2 :] = True
    inked[:reach, -1] = False
    lines = printed_box(inked)
    assert lines is not None and lines[reach, -2] and not lines[side // 4 : 3 * side // 4, side // 2].any()


def test_ships_dry_run_reads_its_line_without_loading_torch(tmp_path: Path) -> None:
    # a dry run prints the stages' commands, in a Python without torch too: its line read, nothing imported for them
    probe = (
        "import sys; from training.ship import parse_args; parse_args(['--dry-run', '--runs', sys.argv[1]]); "
        "print(sorted(m for m in ('torch', 'training.fit', 'training.resume') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "runs")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_an_8_bit_picture_with_alpha_is_averaged_weighted_by_it_as_a_float_one_is() -> None:
    # a large RGBA photo's 8-bit boxes are weighted by their alpha, not summed as whole numbers as they are
    rng = np.random.default_rng(16)
    rgba = rng.integers(0, 256, (2100, 40, 4), dtype=np.uint8)
    assert 1 < reduction_factor(*rgba.shape[:2]) <= 8
    as_floats = prereduce(rgba.astype(np.float32) / np.float32(255))
    assert np.allclose(prereduce(rgba), as_floats, atol=1e-5)


def _placed(qtbot, monkeypatch, size: QSize, pointer: QPoint, corner: QPoint) -> tuple[QPoint, QWidget]:
    """Where :func:`screen_room.off_the_pointer` moves a tip of ``size`` (opened at the screen's top-left), meant
    for ``corner``, the pointer at ``pointer``."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: LOW_SCREEN)
    monkeypatch.setattr(QGuiApplication, "screenAt", lambda p: None)
    tip = tip_at(qtbot, size, pointer)
    return screen_room.off_the_pointer(tip, corner), tip


def test_a_tip_beside_the_pointer_may_end_at_the_screens_last_column(qtbot, monkeypatch) -> None:
    size = QSize(204, 188)
    pointer = QPoint(LOW_SCREEN.right() + 1 - size.width() - screen_room.POINTER_ROOM, 130)
    place, _ = _placed(qtbot, monkeypatch, size, pointer, QPoint(pointer.x(), 0))
    assert place == QPoint(LOW_SCREEN.right() + 1 - size.width(), 0)


def test_a_tip_with_no_room_beside_the_pointer_stays_where_qt_opened_it_not_at_its_corner(qtbot, monkeypatch) -> None:
    place, tip = _placed(qtbot, monkeypatch, QSize(1500, 188), QPoint(400, 130), QPoint(10, 0))
    assert place == tip.frameGeometry().topLeft() == LOW_SCREEN.topLeft()


@pytest.mark.parametrize("sign", [1, -1])
def test_a_colour_inks_direction_is_the_mean_of_pixels_at_least_half_as_far_from_the_paper_as_the_farthest(
    sign: int,
) -> None:
    # "half as far" in colour's distance, not in its square: a second colour 0.6 as far counts towards the ink's;
    # an ink darker than the paper (sign -1) read along its own direction, dark
    paper, ink, other = np.array([0.5, 0.5, 0.5]), sign * np.array([0.4, 0.0, 0.0]), sign * np.array([0.0, 0.24, 0.0])
    picture = np.tile(paper, (60, 60, 1))
    picture[20:28, 10:40] += ink
    picture[35:45, 20:30] += other
    towards = (240 * ink + 100 * other) / 340  # both are near: 0.24 >= 0.4 / 2
    along = towards / np.linalg.norm(towards)
    read = _colour_ink(picture)
    assert read is not None
    as_read = [ink @ along, other @ along] if sign > 0 else [1 - ink @ along, 1 - other @ along]
    assert np.allclose([read[24, 20], read[40, 25]], as_read)


def test_a_stain_over_printed_rules_is_made_paper_and_the_rules_kept() -> None:
    # the rules lifted from the grey stay in the colour too, where a stain round them is made paper
    values = preprocess._unit(np.asarray(coffee_page(np.random.default_rng(5), None, ruled=True)))
    evened, printed_rules, _ = even_light_and_rules(preprocess._to_grey(values), light_ink=False, ink_named=False)
    rules, before = printed_rules(), values.copy()
    out, _ = preprocess._without_stains(values, evened, rules)
    changed = (out != before).any(axis=2)
    assert rules is not None and changed.sum() > 1000, "no stain made paper: the test shows nothing"
    assert not (changed & rules).any()


def test_a_tip_shown_beside_what_it_describes_is_moved_off_the_pointer(qtbot) -> None:
    # right of ``clear_of`` at the pointer's height, the pointer right of it too: the tip goes above it, not over it
    widget = keyed(qtbot, QLabel("a widget"), (200, 100))
    pointer = QPoint(60 + screen_room.GAP + 12, 50)  # 12 px into where the tip would lie
    QCursor.setPos(widget.mapToGlobal(pointer))
    screen_room.show_beside(widget, "A read-out\nof two lines", pointer, widget.rect(), QRect(0, 0, 60, 100))
    try:
        tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
        assert len(tips) == 1
        assert not tips[0].frameGeometry().contains(QCursor.pos()), (tips[0].frameGeometry(), QCursor.pos())
    finally:
        QToolTip.hideText()


def test_a_bands_centre_weighs_its_soft_edges_only_where_darker_than_the_paper() -> None:
    # a row lighter than the paper beside a rule (a glint) weighs nothing: the rule of rows 50-52 is centred on 51
    shade = np.full(120, 0.9)
    shade[50:53], shade[49] = 0.75, 0.95
    assert [(band.top, band.bottom, band.centre) for band in lighting._strip_bands(shade)] == [(49, 54, 51.0)]


def test_a_word_naming_a_file_is_not_taken_for_a_flag_without_its_dashes(tmp_path: Path) -> None:
    # `training.ship dry-run` names the flag --dry-run; where a file dry-run stands in the folder, it is a name
    (tmp_path / "dry-run").write_text("a file\n")
    done = subprocess.run(
        [sys.executable, "-m", "training.ship", "dry-run"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    last = done.stderr.splitlines()[-1]
    assert "unrecognized arguments: dry-run" in last and "no command word" not in last, last


def _said(tmp_path: Path, words: list[str]) -> str:
    """The last line of stderr of ``python -m WORDS`` refused (status 2), run in ``tmp_path``."""
    done = subprocess.run([sys.executable, "-m", *words], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    return done.stderr.splitlines()[-1]


def test_a_flag_typed_as_a_later_word_is_named_too(tmp_path: Path) -> None:
    last = _said(tmp_path, ["training.ship", "extra", "dry-run"])
    assert last.endswith("dry-run is no command word: did you mean the flag --dry-run?"), last


@pytest.mark.parametrize("word", ["evaluate", "ship"])
def test_a_command_word_after_other_words_is_not_told_as_the_command(tmp_path: Path, word: str) -> None:
    # the hint rewrites the line from the word after the command's first: said for a later word, it dropped the rest
    last = _said(tmp_path, ["training.fit", "--epochs", "3", word])
    assert last.endswith(f"unrecognized arguments: {word}"), last
