"""The sixty-seventh round, leftovers16: the mutants mutants24 left alive or did not run, each killed here where the
older tests let it live (a count of 51 digits typed with a sign, a number flag typed with a space, a conjunct's last
consonant, Hangul jamo, a complex array's hint, ...)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.atomic import atomic_write_bytes
from rowreader.checkpoint import checkpoint_bytes, load_checkpoint
from rowreader.output import first_characters
from training.arguments import parse_args

FIFTY_ONE_DIGITS = "1" + "0" * 50


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        # read by FitConfig, which says a count past 40 digits shortened ("100…000"): still the user's own text
        (
            ["--batch-size", f"+{FIFTY_ONE_DIGITS}"],
            f"argument --batch-size: must be a whole number from 1 to 65,536, got '+{FIFTY_ONE_DIGITS}'",
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


@pytest.mark.parametrize(
    ("text", "chars", "kept"),
    [
        ("\u0915\u094d\u0939", 2, "\u0915\u094d\u0939"),  # क्ह: ह, the last of Devanagari's consonants
        ("\u09b2\u09cd\u09b2", 2, "\u09b2\u09cd\u09b2"),  # ল্ল: Bengali's ল, a span of one
        ("\u0600\u0031", 1, "\u0600\u0031"),  # the Arabic number sign on its digit
        ("\u0600\n", 1, "\u0600"),  # but not on a line's end
        ("\u0d4e\u0d15", 1, "\u0d4e\u0d15"),  # Malayalam's dot reph, prepended
        ("\u0e19\u0e33", 1, "\u0e19\u0e33"),  # นำ: sara am, no mark to unicodedata
        ("\uff76\uff9e", 1, "\uff76\uff9e"),  # ｶﾞ: a half-width voicing mark
        ("\U0001f1e6\U0001f1e7\U0001f1e8", 2, "\U0001f1e6\U0001f1e7"),  # a flag, then a lone indicator
        ("a\r\nb", 2, "a\r\n"),
        ("\u1100\uac00", 1, "\u1100\uac00"),  # L × LV
        ("\ua960\u1161", 1, "\ua960\u1161"),  # L (extended-A) × V
        ("\u1100\u1161\u11a8", 2, "\u1100\u1161\u11a8"),  # V × T
        ("\uac00\u1161", 1, "\uac00\u1161"),  # LV × V
        ("\uac00\u11a8", 1, "\uac00\u11a8"),  # LV × T
        ("\uac01\u11a8", 1, "\uac01\u11a8"),  # LVT × T
        ("\uac01\u1161", 1, "\uac01"),  # LVT ÷ V: a syllable of its own
    ],
)
def test_a_cut_keeps_what_shows_as_one_character(text: str, chars: int, kept: str) -> None:
    """``_joined``'s rules, each seen (mutants24's ou08, not run; and one mutant of each of its other lines): a
    consonant at the end of its script's span, the prepended signs, what is drawn on the character before, regional
    pairs, CR LF, and Hangul's jamo table, L V T and whole syllables of two (LV) and three (LVT) parts."""
    assert first_characters(text, chars) == kept


def test_a_checkpoint_that_says_no_drawn_digits_count_resumes(tmp_path: Path, monkeypatch, capsys) -> None:
    """mutants24's rs03 (``is_whole(then)`` dropped): a checkpoint edited to hold neither ``drawn_digits`` nor its
    "dataset" words (each optional to the schema) gives no count to compare, and the run resumes; compared with
    --drawn's bound, None was a TypeError's traceback."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "2", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    checkpoint = load_checkpoint(model)
    kept = {k: v for k, v in checkpoint.metadata.items() if k not in ("drawn_digits", "dataset")}
    atomic_write_bytes(model, checkpoint_bytes(checkpoint, kept))
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "2", "--resume") == 0, capsys.readouterr().err
