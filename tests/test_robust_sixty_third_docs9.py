"""The sixty-third round of hostile testing, docs9: the README and docs/*.md read against the code after this round's
changes, each command a doc quotes run and each refusal docs/library.md names tried; where a doc promised what the
code did not do, the one that was wrong is fixed and held here, each test seen failing before its fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from rowreader.cli import build_parser
from training.files import OutputError, check_outputs, state_path
from training.merge import merge_parser
from training.metrics import COLUMNS

DOCS = REPO / "docs"


def _prose(name: str) -> str:
    """A doc's text with its line breaks and indents as single spaces, so a sentence reads as one line."""
    return re.sub(r"\s+", " ", (DOCS / name).read_text(encoding="utf-8"))


def _refusal(parser, words: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_the_docs_stuck_value_command_names_the_flag_as_quoted(tmp_path) -> None:
    """docs/input-checks.md says `predict -cm.safetensors` is "did you mean --checkpoint m.safetensors?"; typed so,
    with no picture after it, argparse's "the following arguments are required: IMAGE" came first and alone, the
    hint only once a picture was named. The command as the doc quotes it is run here."""
    quoted = re.search(
        r'`predict -cm\.safetensors`, "did you mean --checkpoint m\.safetensors\?"', _prose("input-checks.md")
    )
    assert quoted, "docs/input-checks.md no longer quotes predict -cm.safetensors"
    run = subprocess.run(
        [sys.executable, "-m", "rowreader", "predict", "-cm.safetensors"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert run.returncode == 2
    assert (
        run.stderr.strip()
        .splitlines()[-1]
        .endswith(  # "python -m rowreader predict: error: …"
            "predict: error: the following arguments are required: IMAGE; did you mean --checkpoint "
            "m.safetensors? (the flag whole, its value apart)"
        )
    ), run.stderr


def test_a_stuck_value_before_a_missing_name_is_named_and_short_flags_guess_none(capsys) -> None:
    """`training.merge -om.safetensors` was "required: CHECKPOINT, --out" alone; `-jx` (--json takes no value) and
    `-h3` (the help switch given a value) still say what they said."""
    said = _refusal(merge_parser(), ["-om.safetensors"], capsys)
    assert said.endswith(
        "required: CHECKPOINT, --out; did you mean --out m.safetensors? (the flag whole, its value apart)"
    ), said
    predict = build_parser().commands["predict"]
    assert _refusal(predict, ["-jx"], capsys).endswith("the following arguments are required: IMAGE")
    assert "'-h3' was read as -h given '3'" in _refusal(predict, ["-h3"], capsys)


def test_input_checks_md_names_a_metrics_link_among_the_outputs_refused(tmp_path, monkeypatch) -> None:
    """docs/input-checks.md's list of the outputs a run refuses without --force left out cli18's `--metrics` link to
    a metrics CSV, which only training.md said; both say it now, and the check holds it, for another run's CSV too."""
    assert "nor a link to a metrics CSV, the run's own too" in _prose("input-checks.md")
    monkeypatch.chdir(tmp_path)
    Path("other.csv").write_text(",".join(COLUMNS) + "\n")
    os.symlink("other.csv", "L")
    out = Path("r.safetensors")
    with pytest.raises(OutputError, match=r"give --metrics other\.csv itself, or pass --force to replace the link$"):
        check_outputs(out, state_path(out), Path("L"), force=False)
