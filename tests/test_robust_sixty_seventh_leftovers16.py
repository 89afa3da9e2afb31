"""The sixty-seventh round, leftovers16: the mutants mutants24 left alive or did not run, each killed here where the
older tests let it live (a count of 51 digits typed with a sign, a number flag typed with a space, a conjunct's last
consonant, Hangul jamo, a complex array's hint, ...)."""

from __future__ import annotations

import pytest

from training.arguments import parse_args

FIFTY_ONE_DIGITS = "1" + "0" * 50


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        # read by FitConfig, which says a count past 40 digits shortened ("100…000"): still the user's own text
        (
            ["--batch-size", f"+{FIFTY_ONE_DIGITS}"],
            f"--batch-size must be a whole number from 1 to 65,536, got '+{FIFTY_ONE_DIGITS}'",
        ),
        # a number's text said where the flag leads the refusal: without the spaces around it, as it was read
        (["--lr", " 1e-10"], "--lr 1e-10 would change no weight: "),
        (["--lr", "1e-10 "], "--lr 1e-10 would change no weight: "),
    ],
)
def test_training_fit_says_a_number_as_typed_however_it_is_refused(flags, said, capsys) -> None:
    """cli23's ``numbers_as_typed`` (mutants24's ar03, ar05): the refusal of a count as long as ``shown`` shortens is
    found and said as typed (not "got 100000000000000000...0000000000000000000"); a real number typed with a space
    is said without it ("--lr  1e-10 would", two spaces)."""
    with pytest.raises(SystemExit):
        parse_args(flags)
    err = capsys.readouterr().err
    assert f"error: {said}" in err, err
