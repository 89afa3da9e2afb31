"""The forty-seventh round of hostile testing, newcomer2: a newcomer on a fresh machine, a clone in /tmp and a fresh
virtualenv made as the README says, following the README top to bottom: the app with the shipped model in a real
window (Xvfb, openbox, xdotool), the tests, a small model trained and compared, the command line on their own
pictures, their handwriting taught, and the benchmarks' short runs; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from rowreader import cli
from rowreader.paths import regular_file
from training.arguments import parse_args

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("words", [["--resume", "runs/quick.safetensors"], ["--epochs", "2", "--resume", "q.pt"]])
def test_a_file_given_to_resume_is_named_as_what_resume_does_not_take(words, capsys) -> None:
    """`python -m training.fit --resume runs/quick.safetensors`, as a newcomer reads "`--resume` continues it", was
    refused as "unrecognized arguments: runs/quick.safetensors", the file they meant the run to go on from. The
    refusal now says that --resume takes no file and continues the run --out names, with the command to type."""
    with pytest.raises(SystemExit) as refused:
        parse_args(words)
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert f"--resume takes no file: it continues the run that --out names (--resume --out {words[-1]})" in err, err
    assert "unrecognized" not in err, err


def test_other_unrecognized_words_are_refused_as_before(capsys) -> None:
    """A word that follows no --resume is refused in argparse's words, as it was."""
    with pytest.raises(SystemExit) as refused:
        parse_args(["--epochs", "1", "stray", "--resume"])
    assert refused.value.code == 2 and "error: unrecognized arguments: stray\n" in capsys.readouterr().err


def test_the_readme_gives_every_benchmark_a_short_run() -> None:
    """The README named each benchmark by its full run only, from seconds to many minutes on 2 cores
    (`bench_finetune.py` as written: 8 persons at k = 1, 3, 5), and said nothing of the short runs their flags allow,
    nor that such a run's verdict means nothing: a newcomer's `bench_fidelity.py --limit 100` said "target MISSED"
    for one digit of 100. The README now gives each benchmark a short run, timed, and says what its verdict is worth."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "**A short run first.**" in readme
    block = readme.split("**A short run first.**", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if line.strip()]
    named = {re.match(r"python (bench/bench_\w+\.py) --\w", line).group(1) for line in lines}
    assert named == {f"bench/{p.name}" for p in (REPO / "bench").glob("bench_*.py")}
    assert all(re.search(r"# \d+ s$", line) for line in lines), lines  # each one timed
    assert "says nothing of a target" in readme


@pytest.mark.parametrize(
    ("typed", "there"),
    [("seven", "seven.png"), ("Seven.png", "seven.png"), ("SEVEN.PNG", "seven.png"), ("runs/quick", "runs/quick.png")],
)
def test_a_picture_not_found_names_the_file_its_name_nearly_is(typed, there, tmp_path, monkeypatch, capsys) -> None:
    """`rowreader predict seven` and `rowreader predict Seven.png`, beside the seven.png the app's Ctrl+S saved, said
    "seven: no such file" and "Seven.png: no such file", the file right there under its other case or with its
    extension. The refusal now names it: "did you mean seven.png?"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    Image.new("L", (28, 28), 255).save(there)
    assert cli.main(["predict", typed]) == 1
    assert f"{typed}: no such file; did you mean {there}?" in capsys.readouterr().err


def test_a_checkpoint_not_found_names_the_file_its_name_nearly_is(tmp_path, monkeypatch, capsys) -> None:
    """`--checkpoint runs/quick` (the README's runs/quick.safetensors, its extension left off) said "checkpoint not
    found: runs/quick"; it now asks "did you mean runs/quick.safetensors?". A name near none, or near two files,
    is refused as before."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "quick.safetensors").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"^checkpoint not found: runs/quick; did you mean runs/quick\.saf"):
        regular_file("runs/quick", "checkpoint")
    (tmp_path / "runs" / "quick.png").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"^checkpoint not found: runs/quick$"):
        regular_file("runs/quick", "checkpoint")
    with pytest.raises(FileNotFoundError, match=r"^checkpoint not found: runs/slow$"):
        regular_file("runs/slow", "checkpoint")
