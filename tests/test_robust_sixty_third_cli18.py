"""The sixty-third round's commands' words (area cli18), each test seen failing on the code before its fix: a flag
typed with one dash or underscores after `--`, underscores for dashes, a short flag with its value stuck to it, a
flag's name read as a CHECKPOINT; a relative link named as readlink says it; a `--metrics` link to a run's CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gui.__main__ import build_parser as gui_parser
from rowreader.cli import build_parser
from training.arguments import checkpoint_named, fit_parser
from training.files import OutputError, check_outputs, state_path
from training.merge import merge_parser
from training.metrics import COLUMNS


def _refusal(parser, words: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


def _predict():
    return build_parser().commands["predict"]


@pytest.mark.parametrize(
    ("parser", "words", "said"),
    [
        # each was "-- ends the options, and this command takes no names after it", the flag unnamed
        (fit_parser, ["--", "-Limit", "5"], "so -Limit after it is read as a name: drop the -- (did you mean --limit"),
        (
            fit_parser,
            ["--", "__limit", "5"],
            "so __limit after it is read as a name: drop the -- (did you mean --limit",
        ),
        (
            gui_parser,
            ["--", "-Style", "Fusion"],
            "so -Style after it is read as a name: drop the -- (did you mean -style",
        ),
    ],
)
def test_a_flag_typed_whole_with_one_dash_after_dashes_is_named(parser, words, said, capsys) -> None:
    assert said in _refusal(parser(), words, capsys)


@pytest.mark.parametrize("word", ["-H", "-lim", "_limit"])
def test_one_dash_before_a_letter_or_a_flag_cut_short_names_none(word, capsys) -> None:
    """`-H`, `-lim` may be short flags, `_limit` a name: no flag is guessed for them (mutants18's `-- -H` pin)."""
    said = _refusal(fit_parser(), ["--", word, "5"], capsys)
    assert said.endswith("-- ends the options, and this command takes no names after it"), said


def test_underscores_for_dashes_name_the_flag(capsys) -> None:
    """`training.fit __pen_dir x` was "unrecognized arguments: __pen_dir x" alone."""
    said = _refusal(fit_parser(), ["__pen_dir", "x"], capsys)
    assert said.endswith("did you mean --pen-dir? (it begins __ (low line), not two hyphens --)"), said


def test_a_short_flag_with_its_value_stuck_names_the_flag_and_value(capsys) -> None:
    """`predict -cm.safetensors x.png` was "unrecognized arguments: -cm.safetensors" alone; `-jx` (--json takes no
    value: -j -x?) and fit's `-e3` (--epochs, --examples, --eval-digits) still guess nothing."""
    said = _refusal(_predict(), ["-cm.safetensors", "x.png"], capsys)
    assert said.endswith("did you mean --checkpoint m.safetensors? (the flag whole, its value apart)"), said
    assert _refusal(_predict(), ["-jx", "x.png"], capsys).endswith("unrecognized arguments: -jx")
    assert _refusal(fit_parser(), ["-e3"], capsys).endswith("unrecognized arguments: -e3")


def test_a_flags_name_read_as_a_checkpoint_names_the_flag(tmp_path, monkeypatch, capsys) -> None:
    """`training.merge data-dir d a b` was "required: --out" alone, and with --out given "checkpoint not found:
    force" alone; a flag's value (`--data-dir force`) is no such word."""
    monkeypatch.chdir(tmp_path)
    said = _refusal(merge_parser(), ["data-dir", "d", "a", "b"], capsys)
    assert said.endswith(
        "required: --out; data-dir was read as a name, not an option: did you mean the flag --data-dir?"
    )
    assert _refusal(merge_parser(), ["--data-dir", "force", "a"], capsys).endswith("required: --out")
    with pytest.raises(FileNotFoundError, match=r"force; did you mean the option --force\? \(force has no dashes\)$"):
        checkpoint_named("force", merge_parser())


def metrics_link_refused(tmp_path: Path, monkeypatch, target: str, words: str) -> None:
    """``--metrics sub/m.csv``, a link to ``target`` (read from the link's folder, sub), refused in ``words`` (a
    pattern) by a run of r.safetensors in ``tmp_path`` (review58's test of a link out of sub asks it too)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    os.symlink(target, "sub/m.csv")
    out = Path("r.safetensors")
    with pytest.raises(OutputError, match=words):
        check_outputs(out, state_path(out), Path("sub/m.csv"), force=False)


def test_a_relative_link_in_another_folder_says_where_it_leads(tmp_path, monkeypatch) -> None:
    """`--metrics sub/m.csv`, a link to x.csv, was "a link to x.csv, which does not exist": ./x.csv, to a reader."""
    metrics_link_refused(tmp_path, monkeypatch, "x.csv", r"a link to x\.csv \(from here: sub/x\.csv\), which does not")


def test_a_metrics_link_to_the_runs_own_csv_is_refused_not_replaced(tmp_path, monkeypatch) -> None:
    """`--metrics L`, L a link to the run's own r.metrics.csv: the run replaced L with a file of its own and left
    r.metrics.csv as the earlier run's, without a word. --force replaces the link, as said."""
    monkeypatch.chdir(tmp_path)
    Path("r.metrics.csv").write_text(",".join(COLUMNS) + "\n")
    os.symlink("r.metrics.csv", "L")
    out = Path("r.safetensors")
    with pytest.raises(OutputError) as refused:
        check_outputs(out, state_path(out), Path("L"), force=False)
    assert str(refused.value) == (
        "--metrics L is a link to r.metrics.csv, and this run would replace the link with a file of its own, leaving "
        "r.metrics.csv as it is (no run writes through a link); leave --metrics out (--out r.safetensors writes "
        "r.metrics.csv), or pass --force to replace the link"
    )
    check_outputs(out, state_path(out), Path("L"), force=True)
    assert os.path.islink("L")  # nothing written by the check


def test_a_flag_in_full_width_letters_is_named(capsys) -> None:
    """`training.fit --ｌｉｍｉｔ 5` (an input method left on) was "unrecognized arguments: --ｌｉｍｉｔ 5" alone."""
    said = _refusal(fit_parser(), ["－－ｌｉｍｉｔ＝5"], capsys)
    assert said.endswith(
        "did you mean --limit? (it begins －－ (fullwidth hyphen-minus), not two hyphens --; its letters are "
        "full-width (ｌ, not l))"
    ), said
