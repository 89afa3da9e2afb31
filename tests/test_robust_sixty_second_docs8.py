"""The sixty-second round of hostile testing, docs8: the README and docs/*.md read against the code eleven rounds after
docs7, each claim a later fix could have made stale checked in the code or by running it; where a doc said what the
code no longer does, or left out words a command now says, the doc is fixed and held to the code here, each test
seen failing on the docs before their fix."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO
from safetensors.numpy import save_file
from test_robust_sixty_second_review54 import screenshot_run

import rowreader

DOCS = REPO / "docs"


def _prose(name: str) -> str:
    """A doc's text with its line breaks and indents as single spaces, so a sentence reads as one line."""
    return re.sub(r"\s+", " ", (DOCS / name).read_text(encoding="utf-8"))


def test_library_md_gives_the_range_of_sure_that_decided_at_and_first_sure_hold_it_to() -> None:
    """docs/library.md said `sure` "is one number: any real one, NumPy's too" and never its range, where since the
    sixty-first round (library4) 0 and NaN are refused as "must be a probability in (0, 1]": a reader of the doc
    passing `sure=0` to count every digit met a ValueError it had not promised. The doc now gives the range, and the
    code holds it: both ends and every refusal it names."""
    said = re.search(
        r"`sure` is one probability in \(0, 1\], of any real type \(NumPy's, a `Fraction`, a `Decimal`\); 0, NaN, a "
        r"bool and a percentage \(60: \"not a percentage\"\) are refused",
        _prose("library.md"),
    )
    assert said, "docs/library.md no longer gives sure's range as the code checks it"
    beliefs = np.full((28, 10), 0.1, np.float32)
    beliefs[9:, 3] = 0.91  # digit 3 holds 91 % / 1.81 ≈ 50 % from row 10 on
    beliefs /= beliefs.sum(axis=1, keepdims=True)
    for check in (rowreader.decided_at, rowreader.first_sure):
        for sure in (0, math.nan, -0.5, True):
            with pytest.raises(ValueError, match=r"must be a probability in \(0, 1\]"):
                check(beliefs, sure)
        with pytest.raises(ValueError, match="not a percentage"):
            check(beliefs, 60)
    for sure in (0.4, Fraction(2, 5), np.float16(0.4), Decimal("0.4")):  # any real type (a Decimal since library5)
        assert rowreader.decided_at(beliefs, sure) == 10
        assert rowreader.first_sure(beliefs, sure) == (10, 3)
    assert rowreader.first_sure(beliefs, 1e-300) == (1, 0)  # the least above 0 is taken: every row is that sure
    assert rowreader.decided_at(beliefs, 1) == 0  # 1 itself is taken: no belief here holds all of it


def _refusal(tmp_path: Path, command: str) -> str:
    """The last line ``command`` (a doc's `python -m …` in backticks) writes on stderr, run from ``tmp_path``."""
    words = command.split()
    assert words[:2] == ["python", "-m"], command
    environ = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, *words[1:]], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ
    )
    assert done.returncode == 2, done
    return done.stderr.strip().splitlines()[-1]


def test_input_checks_quotes_the_dash_dash_hint_as_the_commands_give_it(tmp_path: Path) -> None:
    """leftovers7 and cli17 made every command say that a `--` before its flags ends them ("drop the --"); no doc said
    so, and docs/input-checks.md's passage on `--` told only of `rowreader -- --version`. It quotes the words now,
    and here each quoted command is run and says what the doc quotes."""
    text = _prose("input-checks.md")
    said = re.search(r"`(python -m training\.fit -- --out r)` is \"([^\"]+)\"", text)
    assert said, "docs/input-checks.md no longer quotes what a flag after -- is told"
    command, words = said.groups()
    assert _refusal(tmp_path, command).endswith(words)
    assert re.search(r"\(`training\.fit -- x`\) that \"this command takes no names after it\"", text)
    assert _refusal(tmp_path, "python -m training.fit -- x").endswith("this command takes no names after it")
    meant = re.search(r"\"\(did you mean --epochs for --EPOCHS\?\)\"", text)
    assert meant and _refusal(tmp_path, "python -m training.fit -- --EPOCHS 3").endswith(meant.group(0).strip('"'))


def test_the_app_md_gives_both_statuses_a_screenshots_model_can_end_with(tmp_path: Path) -> None:
    """docs/the-app.md said a `--checkpoint` or `--compare` of `gui.screenshot` that does not load "stops it with the
    reason and status 1"; one that is plainly no model (not there, a folder, a picture) is refused as the command line
    is read, status 2, before any window, as the app's own `--checkpoint`. The doc gives both now, and each is so."""
    text = _prose("the-app.md")
    cut = "a file cut short, to 7 bytes or fewer too, one whose safetensors header does not read"  # review57's
    plainly = f"plainly no model (not there, a folder, a picture, {cut}) is refused"
    assert f"{plainly} before the window opens, status 2" in text
    other = "one that does not load (a safetensors file of another program's tensors)"
    assert f"{other} stops it with the reason and status 1" in text
    save_file({"x": np.zeros(2, np.float32)}, tmp_path / "other.safetensors")  # a header that reads, no model
    for flag, model, status in (("--checkpoint", "missing.safetensors", 2), ("--compare", "other.safetensors", 1)):
        done = screenshot_run(tmp_path, flag, model)
        assert done.returncode == status, done
        assert model in done.stderr.strip().splitlines()[-1], done.stderr
        assert not (tmp_path / "shot.png").exists()
