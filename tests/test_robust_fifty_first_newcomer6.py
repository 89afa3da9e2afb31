"""The fifty-first round of hostile testing, newcomer6: the README followed top to bottom as a newcomer does, in a
fresh clone (quick start, every command it shows, every link into docs/ and the commands there), and the model's
files and `--help` read as a student reads them; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

from training.config import FitConfig

REPO = Path(__file__).resolve().parents[1]


def _help(module: str) -> str:
    """``python -m MODULE --help``, its lines joined as one text (argparse wraps them to the terminal)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def test_finetune_help_names_the_out_it_writes_when_none_is_given():
    """`python -m training.finetune --help` said of --out only "the taught model to write": no default, though a
    fine-tune given none writes training.fit's (runs/rowreader.safetensors) and replaces a model there, a training
    run's too (a note said so, mid-run). Its help names that default and that a fine-tune's model there is replaced
    (since the outs round, any other file refused)."""
    said = _help("training.finetune")
    default = FitConfig().out
    assert f"--out OUT the taught model to write (default: {default}" in said, said
    assert "model there is replaced, as a note says first, any other file refused" in said, said


def _helps_at(width: int) -> list[tuple[str, str]]:
    """Every help of rowreader's commands and of training.fit's, formatted ``width`` columns wide."""
    from rowreader.cli import build_parser
    from training.arguments import _fit_parser

    top = build_parser()
    parsers = {"rowreader": top, **{f"rowreader {n}": p for n, p in top.commands.items()}, "fit": _fit_parser()}
    helps = []
    for name, parser in parsers.items():
        parser._get_formatter = lambda parser=parser: parser.formatter_class(prog=parser.prog, width=width)
        helps.append((name, parser.format_help()))
    return helps


@settings(max_examples=12, deadline=None)
@given(width=st.integers(min_value=40, max_value=160))
@example(width=80)  # a terminal's usual width, where predict's --allow-small split
def test_a_number_and_its_unit_stay_on_one_line_of_help(width):
    """At a terminal's usual 80 columns, `rowreader predict --help` broke "ink spanning under 4 % of the image" as
    "under 4" at a line's end and "% of the image" on the next, the unit split from its number. A percentage in any
    command's help now keeps its number, at any width."""
    for name, text in _helps_at(width):
        for line in text.splitlines():
            assert not line.lstrip().startswith("%"), (name, width, line)


def _keys(value: object) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(value, dict):
        return {*value, *(key for inner in value.values() for key in _keys(inner))}
    if isinstance(value, list):
        return {key for inner in value for key in _keys(inner)}
    return set()


def test_every_key_of_the_json_is_said_where_the_readme_sends_one(capsys, mnist_test, tmp_path):
    """The README says "What every JSON key means: docs/library.md#the-command-line", yet of `rowreader evaluate
    --json`'s keys that section named none, and docs/library.md nowhere said "sure" (the 60 % a decided answer
    keeps), "digits"' "first", "of" and "by_class", the model's, or predict's "probs": a newcomer reading 0.6 or
    "of": 10000 had only the code to ask. The section says each key of both documents."""
    from rowreader.cli import main

    seven = tmp_path / "seven.png"
    Image.fromarray(mnist_test[0][0]).save(seven)
    assert main(["predict", "--json", str(seven)]) == 0
    keys = _keys(json.loads(capsys.readouterr().out))
    assert main(["evaluate", "--json", "--limit", "20", "--device", "cpu"]) == 0
    keys |= _keys(json.loads(capsys.readouterr().out))
    library = (REPO / "docs" / "library.md").read_text(encoding="utf-8")
    section = library.split("## The command line", 1)[1].split("\n## ", 1)[0]
    unsaid = sorted(key for key in keys if f'"{key}"' not in section)
    assert not unsaid, unsaid
