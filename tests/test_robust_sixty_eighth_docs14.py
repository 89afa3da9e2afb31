"""The sixty-eighth round, docs14: every document against the code after the round's changes.

This round gave every refused number one form, "argument --flag: must be …, got 'typed'" (review81); the docs say so of
every command. `gui.screenshot --size`, the one flag left outside it, said a size out of range in words of its own and
not as typed.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("size", "said"),
    [
        ("9000X760", "'9000X760'"),
        ("0800x0", "'0800x0'"),
        (" 900x 0", "' 900x 0'"),
        ("100000x100000", "'100000x100000'"),
    ],
)
def test_a_screenshot_size_out_of_range_is_refused_in_every_flags_form_as_typed(size: str, said: str, capsys) -> None:
    """`python -m gui.screenshot --size 9000X760 shot.png` said "--size must be 1…8,192 pixels a side (…), got
    9000x760": not the form every other refused number of every command has had since this round, "argument --flag:
    must be …, got 'typed'", and not what was typed (`0800x0` said "got 800x0", `9000X760` "got 9000x760"). Now it is
    "argument --size: must be 1…8,192 pixels a side (…), got '9000X760'", before any window, status 2."""
    from gui import screenshot

    with pytest.raises(SystemExit) as stopped:
        screenshot.main(["unwritten.png", "--size", size])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    room = "1…8,192 pixels a side (an 8K screen is 7,680×4,320)"
    assert f"error: argument --size: must be {room}, got {said}" in err, err


def test_a_screenshot_size_not_written_as_one_is_refused_in_every_flags_form(capsys) -> None:
    """`--size 1180` (no height) said "--size must look like 1180x760, got '1180'", outside the one form of every
    other flag's refusal; now "argument --size: must look like 1180x760, got '1180'"."""
    from gui import screenshot

    with pytest.raises(SystemExit) as stopped:
        screenshot.main(["unwritten.png", "--size", "1180"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "error: argument --size: must look like 1180x760, got '1180'" in err, err
