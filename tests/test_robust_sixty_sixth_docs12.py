"""The sixty-sixth round, docs12: the docs read against the round's code, and what a reader following them met (a
negative number after another command's flag taken for a short flag with its value stuck to it)."""

from __future__ import annotations

import pytest

from rowreader.cli import main
from training.arguments import main as fit_main


@pytest.mark.parametrize(
    ("command", "number"),
    [(["predict"], "-inf"), (["predict"], "-1e3"), (["predict"], "-0,5"), ([], "-nan"), ([], "-inf")],
)
def test_a_negative_number_after_an_unknown_flag_is_no_stuck_short_flag(capsys, command, number) -> None:
    """`predict --brush -inf x.png` (--brush is the benchmark's) said "did you mean --ink nf? (the flag whole, its
    value apart)", and `training.fit --brush -nan` "did you mean --newest an?": a negative number, the flag's value
    since the round (`NegativeNumber`), was read as a short flag cut short (-i, -n) with its value stuck to it."""
    with pytest.raises(SystemExit):
        (main if command else fit_main)([*command, "--brush", number, "x.png"])
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert "unrecognized arguments: --brush" in said and "did you mean" not in said, said


def test_a_short_flag_with_its_value_stuck_is_still_hinted(capsys) -> None:
    """A control: `predict -cm.safetensors` is -c (--checkpoint cut short) and its value, said so."""
    with pytest.raises(SystemExit):
        main(["predict", "-cm.safetensors", "x.png"])
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert "did you mean --checkpoint m.safetensors? (the flag whole, its value apart)" in said, said
