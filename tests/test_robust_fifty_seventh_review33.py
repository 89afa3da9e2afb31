"""The fifty-seventh round, review33: a review of what the round merged before it, each test seen failing on the code
before its fix (or pinning a path no test reached)."""

from __future__ import annotations

import re

import pytest

from training.ship import main as ship_main

_SAID = "python -m training.ship: error: --also: the first stage's training.fit refuses it: unrecognized arguments: "


@pytest.mark.parametrize(
    ("also", "flag", "why"),
    [
        ("--ot x", "--out", "ship sets it for each stage (each writes RUNS/<stage>.safetensors; choose the folder "),
        ("--distil-from x", "--distill-from", "ship sets it for each stage (the shipped model learns from the two "),
        ("--finetun x", "--finetune", "ship trains the shipped model; a fine-tune of it is `python -m training.fit "),
        ("--devic cpu", "--device", "a flag of ship's own, which it gives every stage; give it to ship, not in --also"),
    ],
)
def test_a_mistyped_flag_in_ships_also_is_not_only_pointed_at_a_flag_also_refuses(
    capsys, also: str, flag: str, why: str
) -> None:
    """Since ship's --also kept training.fit's hints (cli12), `training.ship --also '--ot x'` said "did you mean
    --out?" alone, and `--also '--out x'`, as told, was refused in turn: "ship sets it for each stage …; leave it
    out". The hint says why too, in the words the flag typed whole is refused with."""
    with pytest.raises(SystemExit) as ended:
        ship_main(["--dry-run", "--also", also])
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(f"{_SAID}{also}; did you mean {flag}?; --also {flag}: {why}"), error
    with pytest.raises(SystemExit):  # the flag typed whole: the same words
        ship_main(["--dry-run", "--also", f"{flag} {also.split()[1]}"])
    whole = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.endswith(whole.removeprefix("python -m training.ship: error: ")), whole


def test_teachers_named_twice_past_the_command_line_are_still_called_that(tmp_path) -> None:
    """cli12 refuses `--distill-from a a` as the line is read; a run that skips that look (a resumed run reads its
    recipe's; a caller of ``load_teachers``) meets ``refuse_repeats``, whose "named twice" no test reached: with it
    gone, `a a` was "a is the same reader as a (identical files)" again."""
    from rowreader.checkpoint import Checkpoint, save_checkpoint
    from rowreader.model import ReaderConfig
    from rowreader.network import RowReader
    from training.config import FitConfig
    from training.distill import load_teachers

    teacher = tmp_path / "a.safetensors"
    save_checkpoint(teacher, Checkpoint.from_reader(RowReader(ReaderConfig(input_size=12, hidden_size=16))))
    with pytest.raises(ValueError, match=f"^{re.escape(str(teacher))} is named twice; give different readers$"):
        load_teachers(FitConfig(distill_from=(str(teacher), f"{tmp_path}/./a.safetensors")))
