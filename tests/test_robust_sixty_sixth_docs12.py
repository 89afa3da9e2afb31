"""The sixty-sixth round, docs12: the docs read against the round's code, and what a reader following them met (a
negative number after another command's flag taken for a short flag with its value stuck to it)."""

from __future__ import annotations

import pytest

from rowreader.atomic import name_too_long
from rowreader.cli import main
from rowreader.output import shortened
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


@pytest.mark.parametrize(
    "joined",
    ["e\N{COMBINING ACUTE ACCENT}", "\N{REGIONAL INDICATOR SYMBOL LETTER F}\N{REGIONAL INDICATOR SYMBOL LETTER R}"],
)
def test_a_too_long_folder_name_is_never_cut_inside_what_shows_as_one(tmp_path, joined) -> None:
    """A folder's name past 255 bytes on the way to `--out` is said by its first 20 characters: cut there as they
    fell, "aéé…" lost its last accent (shown on the ellipsis) and "x🇫🇷🇫🇷…" its last flag's second letter, where every
    other long name keeps whole what shows as one character (`name_said`'s rule, the docs say, since the round)."""
    folder = "x" + joined * 150
    said = name_too_long(tmp_path / folder / "m.safetensors")
    assert said is not None and f"its folder name x{joined * 10}… is" in said, said


@pytest.mark.parametrize(
    "joined",
    ["e\N{COMBINING ACUTE ACCENT}", "\N{REGIONAL INDICATOR SYMBOL LETTER F}\N{REGIONAL INDICATOR SYMBOL LETTER R}"],
)
def test_a_text_shortened_for_a_label_is_never_cut_inside_what_shows_as_one(joined) -> None:
    """`shortened` (the app's labels: a dock's unreadable files, a teach's warnings, About; a file's recorded kind)
    cut "xéé…" with its accent on the ellipsis and a flag's two letters apart, as `name_said` did before the round:
    each end now stops short of a character it would split, the whole still at most the characters asked."""
    text = "x" + joined * 100
    said = shortened(text, 40)
    head, _, tail = said.partition("…")
    assert len(said) <= 40 and head == "x" + joined * (len(head) // 2) and tail == joined * (len(tail) // 2), said
