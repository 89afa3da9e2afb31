"""The fifty-fourth round of hostile testing, mutants9: mutation testing by hand of modules the fifty-second and
fifty-third rounds changed (rowreader/stream.py's tie wording, gui/models_menu.py's names, rowreader's CommandParser
flag hints), each mutant run against the test files that name its function. A test here pins behaviour a user would
notice that no test asked for, each seen failing on the mutant it is named for and passing on the code as it is."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from rowreader.stream import answer, leaders


def test_a_belief_that_is_not_a_number_never_leads_beside_numbers():
    """Mutant ``valued = [... if text]`` (NaN counted as a value): NaN compares false both ways, so one first in the
    row kept ``max`` and led, the header saying "0 (–)" over a digit held at 90 %. Only beliefs all NaN were tested."""
    nan = math.nan
    beliefs = [nan, 0.9, 0.1, 0, 0, 0, 0, 0, 0, 0]
    assert leaders(beliefs) == [1]
    assert answer(beliefs) == "1 (90.0%)"
    assert answer([0.45, nan, 0.45, 0.1, 0, 0, 0, 0, 0, nan]) == "0 or 2 (45.0% each)"


def _refusal(capsys, words: list[str]) -> str:
    """What ``rowreader WORDS`` says as it refuses its words (status 2, argparse's)."""
    from rowreader.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(words)
    assert stopped.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_flag_of_another_command_typed_last_is_named_with_its_line(tmp_path: Path, capsys, monkeypatch) -> None:
    """Mutant ``word in self._given`` (the last word too) in ``CommandParser._kin_line``: `rowreader predict x.png
    --batch-size`, evaluate's flag the last word typed, took the word after it and was a traceback (IndexError)
    where the refusal names whose flag it is. Only such a flag with its value after it was tested."""
    monkeypatch.chdir(tmp_path)
    said = _refusal(capsys, ["predict", "x.png", "--batch-size"])
    assert said.endswith(
        "unrecognized arguments: --batch-size; --batch-size is evaluate's, not predict's: "
        "rowreader evaluate --batch-size …"
    ), said


def test_a_word_after_the_options_end_is_given_no_flag_hint(tmp_path: Path, capsys, monkeypatch) -> None:
    """Mutant ``options = self._given`` (the words after ``--`` too) in ``CommandParser._flag_hint``: `rowreader
    evaluate -- --chec`, a word typed after ``--`` (so a name, never a flag), was told "did you mean --checkpoint?",
    which ``--`` had said it is not. As the hint's docstring says, none is given for it: the ``--``'s hint alone
    names the flag it is cut short from, with the ``--`` to drop (the sixty-second round, cli17)."""
    monkeypatch.chdir(tmp_path)
    said = _refusal(capsys, ["evaluate", "--", "--chec"])
    assert said.endswith(
        "unrecognized arguments: -- --chec; -- ends the options, so --chec after it is read as a name: drop the -- "
        "(did you mean --checkpoint for --chec?)"
    )
    assert _refusal(capsys, ["evaluate", "--chec"]).endswith("; did you mean --checkpoint?")  # before it: a flag


def test_a_file_named_as_a_flag_is_said_to_be_a_file_not_a_flag_meant(tmp_path: Path, capsys, monkeypatch) -> None:
    """Mutants ``if meant is None:`` (a file of the word's name not looked for) in ``CommandParser.whose`` and
    ``a.startswith("-") and os.path.lexists(a)`` (``-`` taken for a file) in its dashed-file hint: `rowreader evaluate
    --chec` beside a file named ``--chec`` was told "did you mean --checkpoint?" as well as how to name the file, and
    `evaluate - --bogus` beside a file named ``-`` was told to name ``./-``, where ``-`` is stdin, never that file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--chec").touch()
    (tmp_path / "-").touch()
    said = _refusal(capsys, ["evaluate", "--chec"])
    assert said.endswith("unrecognized arguments: --chec; --chec is a file: name it ./--chec (or put -- before it)")
    assert _refusal(capsys, ["evaluate", "-", "--bogus"]).endswith("error: unrecognized arguments: - --bogus")


def test_a_model_name_with_an_ampersand_cut_to_fit_keeps_it(qapp) -> None:
    """Mutant ``act.setText(text)`` in ``fit_the_screen``: a model opened from ``R&D-…`` with a name too long for the
    screen, cut to fit, was listed "RD-…", the D underlined as the item's Alt key (Qt reads one ``&`` as that mark),
    as review's uncut names were before ``_menu_text``. Only names without an ``&`` were cut in a test."""
    from PySide6.QtWidgets import QMenu

    from gui.models_menu import fit_the_screen

    menu = QMenu()
    text = "Opened: R&D-" + "handwriting-" * 30 + "rowreader.safetensors"
    act = menu.addAction(text.replace("&", "&&"))
    fit_the_screen(menu, {act: text}, 400)
    assert act.text().startswith("Opened: R&&D-") and "…" in act.text(), act.text()  # && is a menu's one &
    assert menu.sizeHint().width() <= 400
