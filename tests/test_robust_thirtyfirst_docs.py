"""The thirty-first round, docs: the pages and the commands' --help read as a new user and a student would, each
sentence held to what the code does now (docs/robustness.md, its thirty-first round's docs bullet)."""

from __future__ import annotations

import re

import pytest


def _fit_help(capsys) -> str:
    from training.arguments import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--help"])
    return " ".join(capsys.readouterr().out.split())


def test_thirtyfirst_docs_fit_help_says_how_a_run_whose_output_is_lost_ends(tmp_path, monkeypatch, capsys) -> None:
    """`python -m training.fit --help` said "1 when it stops as what it prints cannot be written (stdout on a full
    disk, or its reader gone)"; a run whose stdout is a full disk (or `| head -1`) says so once on stderr, trains on,
    writes its checkpoint and ends 0 (measured: `--limit 512 --epochs 1 > /dev/full`, status 0, the run's three
    files written), and only its help stops with 1. The help says what a run does, and the status is the run's."""
    from training.fit import main

    said = _fit_help(capsys)
    (ends,) = re.findall(r"a run outlives its output, saying so on stderr, and ends (\d+)", said)
    out = tmp_path / "lost.safetensors"
    with open("/dev/full", "w") as full:  # a descriptor of its own: the run points it at the null device
        monkeypatch.setattr("sys.stdout", full)
        status = main(f"--limit 64 --epochs 1 --hidden 8 --batch-size 32 --threads 1 --out {out}".split())
        monkeypatch.undo()
    assert status == int(ends), capsys.readouterr().err
    assert out.is_file()
    assert (
        "note: the output cannot be written (No space left on device); going on without it" in capsys.readouterr().err
    )
