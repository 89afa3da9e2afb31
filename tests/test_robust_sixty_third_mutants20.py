"""The sixty-third round's hand mutants (area mutants20): each test here killed a mutant of this round's new code that
the round's own tests let live (seen failing on the mutant, passing on the code), named beside it."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.number_box import NumberBox
from gui.screen_room import say_at_start
from rowreader.caller_values import is_flag
from rowreader.cli import build_parser
from rowreader.paths import link_target
from training.arguments import checkpoint_named, fit_parser


def _refusal(words: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        build_parser().commands["predict"].parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_one_letter_value_stuck_to_a_short_flag_is_named(capsys) -> None:
    """`predict -cm x.png`, a checkpoint named m, is as stuck as -cm.safetensors (mutant: three letters taken as too
    short, `len(word) < 4`, said nothing of it)."""
    said = _refusal(["-cm", "x.png"], capsys)
    assert said.endswith("did you mean --checkpoint m? (the flag whole, its value apart)"), said


def test_of_two_stuck_values_for_one_flag_the_first_is_named(capsys) -> None:
    """The hint is the first word's, as argparse lists them (mutant: each later one written over it, `stuck[0] not in
    hints` dropped, named the second)."""
    said = _refusal(["-cm.safetensors", "-cn.safetensors", "x.png"], capsys)
    assert said.endswith("did you mean --checkpoint m.safetensors? (the flag whole, its value apart)"), said


@pytest.mark.parametrize(
    ("word", "said"),
    [
        # mutant: a word that is a flag askew taken for -c and a value ("did you mean --checkpoint heckpoint?")
        ("-checkpoint", "did you mean --checkpoint? (it begins - (hyphen-minus), not two hyphens --)"),
        # mutant: a word holding = read as -c and its value ("did you mean --checkpoint m=x?"): no flag is -cm
        ("-cm=x", "unrecognized arguments: -cm=x"),
    ],
)
def test_a_flag_with_one_dash_or_an_equals_sign_is_no_stuck_value(word: str, said: str, capsys) -> None:
    """`-checkpoint m.safetensors` is --checkpoint with one dash, not -c and "heckpoint"; `-cm=x` guesses none."""
    got = _refusal([word, "m.safetensors", "x.png"], capsys)
    assert got.endswith(said), got


def test_a_flag_askew_as_an_options_value_is_not_told_of_a_dash_dash(tmp_path, monkeypatch) -> None:
    """`training.fit --start-from=-Force`, no -- typed: -Force is --start-from's value (mutant: `valued is None`
    dropped, it was told "after -- it is read as a file's name: put --force before --")."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as caught:
        checkpoint_named("-Force", fit_parser(), "--start-from")
    said = str(caught.value)
    assert "did you mean the option --force?" in said and "after --" not in said, said


def test_a_link_named_from_here_or_from_the_root_says_its_target_alone(tmp_path, monkeypatch) -> None:
    """readlink's words are right as they are for ./l and for /…/sub/l (mutants: "." and an absolute folder each said
    "r.csv (from here: …)", a second name for the same place)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    os.symlink("r.csv", "l")
    os.symlink("r.csv", "sub/l")
    assert link_target("./l") == "r.csv"
    assert link_target(tmp_path / "sub" / "l") == "r.csv"
    assert link_target("sub/l") == "r.csv (from here: sub/r.csv)"


def test_a_link_reached_through_a_linked_folder_keeps_its_dot_dot(tmp_path, monkeypatch) -> None:
    """Through `l`, a link to a/b, l/m → ../x.csv leads to a/x.csv: l/../x.csv, not x.csv (mutant: normalized with a
    link on the way, it named ./x.csv, another file)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    os.symlink("../x.csv", "a/b/m")
    os.symlink("a/b", "l")
    said = link_target("l/m")
    assert said == "../x.csv (from here: l/../x.csv)", said
    assert Path("l/../x.csv").resolve(strict=False) == (tmp_path / "a" / "x.csv").resolve()


def test_a_superscript_after_the_decimal_point_is_refused_not_raised(qapp) -> None:
    """ "1.²" is no number: refused as a letter is (mutant: the decimals told by ``isdigit``, float("1.²") raised
    inside the box's check, which ended the app as "2²" did before live4's fix)."""
    box = NumberBox()
    box.setRange(4, 64)
    assert box.validate("1.\u00b2", 3)[0] == QValidator.State.Invalid
    assert box.validate("24,5", 4)[0] == QValidator.State.Intermediate  # a number with decimals is taken


def test_a_start_box_of_a_window_hidden_not_closed_is_still_said(qapp) -> None:
    """A window hidden (a tray, a minimize some window managers do so) is not closed: its start's box, closed by the
    user, is said (mutant: any hide taken for the window gone, the note kept to be said again at every start)."""
    window, said = QWidget(), []
    window.show()
    box = QMessageBox(QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Ok, window)
    say_at_start(box, window, lambda: said.append(True))
    window.hide()
    box.done(0)
    assert said == [True]
    window.deleteLater()


def test_a_flag_is_true_or_false_of_any_type_and_no_other_number() -> None:
    """2 is no flag, NumPy's True is one (mutants: `value in (0, 1)` dropped took 2, np.bool_ dropped refused it)."""
    assert not is_flag(2) and not is_flag(np.int64(-1))
    assert is_flag(np.bool_(True)) and is_flag(np.int8(0)) and is_flag(False)
