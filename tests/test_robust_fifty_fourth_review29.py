"""The fifty-fourth round's review of the fifty-third's merges (area review29), each checked to fail on the code
before its fix."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest
from gui_window import constant_reader

from rowreader.checkpoint import save_checkpoint


def _tied(tmp_path: Path) -> str:
    """A model even between 3 and 7 after every row, whatever it reads (the others under 0.1 % each)."""
    beliefs = [1e-9] * 10
    beliefs[3] = beliefs[7] = 0.5
    path = tmp_path / "tied.safetensors"
    save_checkpoint(path, constant_reader(beliefs))
    return str(path)


@pytest.mark.parametrize(
    ("row", "said"),
    [(28, "read as 3 or 7 (50.0% each) after 28 rows"), (1, "read as 3 or 7 (50.0% each) after 1 row"), (0, None)],
)
def test_review29_screenshot_says_a_tie_and_no_rows_as_its_window_does(
    tmp_path: Path, capsys, row: int, said: str | None
) -> None:
    """cli7 named every digit of a tie in ``rowreader predict`` and the app's header ("Unsure: perhaps 3 or 7 (50.0%
    each)"), but ``gui.screenshot`` printed "read as 3 after 28 rows" of that very window (argmax's lowest digit), and
    at ``--row 0``, the window saying "No rows read yet", "read as None after 0 rows"."""
    from gui.screenshot import main

    out = tmp_path / "shot.png"
    assert main([str(out), "--checkpoint", _tied(tmp_path), "--row", str(row), "--no-lstm"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"wrote {out} (digit 7, "), line
    assert line.endswith(f"{said or 'no rows read yet'})"), line


def _a_value(action: argparse.Action, folder: Path) -> list[str]:
    """A value ``action`` (one of training.fit's flags) takes: a folder for a folder, a choice for a choice."""
    if action.nargs == 0:
        return []
    if action.choices is not None:
        return [sorted(action.choices)[-1]]
    kind = getattr(action.type, "__name__", "")
    if "--layers" in action.option_strings:
        return ["2"]  # 1 to 16
    return [str(folder)] if "folder" in kind else ["256"] if kind == "count" else ["0.5"]  # a share, a rate


def test_review29_ships_hint_for_a_flag_of_fits_is_a_line_it_takes(tmp_path: Path, capsys) -> None:
    """argv6 named the line that takes a flag given to the wrong command, ship's being ``--also``: but `training.ship
    --out m.safetensors` was told "python -m training.ship --also '--out m.safetensors' …", which ship refuses ("ship
    sets it for each stage"), and so `--metrics`, `--resume`, `--start-from`, `--distill-from`, `--preset`,
    `--finetune` and the fine-tune's flags (`--replay 0.5`: "only matters with --finetune"). Every flag of
    training.fit's given to ship is now named with a line ship takes (its dry run runs), or with why none does."""
    from training.arguments import _fit_parser
    from training.ship import parse_args, ship_parser

    own = set(ship_parser()._option_string_actions)
    folder = tmp_path / "examples"
    folder.mkdir()
    runs = ["--dry-run", "--runs", str(tmp_path / "runs")]
    offered = set()
    for action in _fit_parser(version=False)._actions:
        flag = next((f for f in action.option_strings if f.startswith("--")), None)
        if flag is None or flag in own:
            continue
        words = [flag, *_a_value(action, folder)]
        with pytest.raises(SystemExit):
            parse_args(words)
        said = capsys.readouterr().err.strip().splitlines()[-1]
        assert f"{flag} is training.fit's" in said, said
        hint = said.partition(", not training.ship's: ")[2]
        if not hint.startswith("python -m training.ship "):
            assert "--also" not in hint and hint, said  # why ship takes it in no way
            continue
        offered.add(flag)
        line = shlex.split(hint.removesuffix(" …"))[3:]
        parse_args([*line, *runs])  # no SystemExit: ship takes the line it named
        assert capsys.readouterr().err == "", (flag, line)
    assert {"--epochs", "--lr", "--limit", "--force"} <= offered, offered  # the training run's, through --also


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["—force"], "; did you mean the option --force? (it begins — (em dash), not two hyphens --)"),
        (["--", "--force"], "; the option --force after -- is read as a file's name: put it before --"),
    ],
)
def test_review29_merge_says_the_option_meant_as_predict_does(tmp_path: Path, capsys, typed, said) -> None:
    """argv6 told `predict —json x.png` and `predict -- --json x.png` the option meant, where argparse took it for a
    picture's name; its twin in training.merge was missed: `training.merge --out m.safetensors a b —force` (an em dash
    pasted from a web page) said "checkpoint not found: —force" alone, and so did `… -- --force`."""
    from training.merge import main

    members = []
    for name in ("a", "b"):  # two readers of one shape, each a file of its own
        (tmp_path / name).mkdir()
        members.append(_tied(tmp_path / name))
    out = tmp_path / "m.safetensors"
    assert main(["--out", str(out), *members, *typed]) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"python -m training.merge: error: checkpoint not found: {typed[-1]}{said}", error
    assert not out.exists()
