"""The fifty-third round of hostile testing, review28: the round's merges read as a hostile reviewer and tried at
their edges; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest

from rowreader.example_folder import ExamplesError, load_examples


@pytest.mark.parametrize(
    ("names", "why"),
    [
        (["00", "01", "02", "03"], "'00' is not 0 (a 0 before it): rename it 0 to read its pictures"),
        ([" 3"], "' 3' is not 3 (a space around it): rename it 3 to read its pictures"),
        (["\u0663", "\u0667"], "'\u0663' is not 3 (Arabic-Indic Digit Three): rename it 3 to read its pictures"),
    ],
)
def test_a_folder_whose_every_class_folder_is_named_like_a_digit_says_the_name_to_give_them(tmp_path, names, why):
    """teach9 made a class folder named " 3", "03" or "\u0663" beside the others say what differs and the name to
    give it; where every class folder is so named (a sort's 00 … 09, a person who writes 3 as \u0663) the folder is
    refused as a whole, and that refusal, its twin, still said only "class folders must be named by their digit,
    0 to 9 (not '\u0663')": to that person untrue, and the space of " 3" unseen. It says the same now."""
    for name in names:
        (tmp_path / name).mkdir()
    with pytest.raises(ExamplesError) as refused:
        load_examples(tmp_path)
    assert str(refused.value).endswith(f"; {why}"), str(refused.value)
