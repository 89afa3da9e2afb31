"""The fifty-first round of hostile testing, argv4: the command lines fed hostile input (files that are folders, pipes,
sockets and devices, names with escape sequences and bytes not UTF-8, numbers of every spelling, a closed stdout and a
reader that leaves), and the outputs read by scripts; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rowreader.launch import STDOUT_CLOSED

REPO = Path(__file__).resolve().parent.parent

BENCHES = (
    "bench_drawn",
    "bench_fidelity",
    "bench_finetune",
    "bench_fit",
    "bench_gui_latency",
    "bench_handwriting",
    "bench_prototypes",
    "bench_reading_copies",
    "bench_startup",
    "bench_stream",
)  # person_examples.py writes pictures: its line is a report, as training.drawn's


def test_a_benchmark_with_stdout_closed_says_so_instead_of_timing_for_nobody(bench_module, monkeypatch, capsys):
    """`bench/bench_stream.py >&-` timed its images and exited 0 with not a word: its results, the one thing it makes,
    went nowhere and a script took them for written (`rowreader predict x.png >&-` says so, status 1). Now it is
    refused before anything is loaded or timed: one line, status 1."""
    main = bench_module("bench_stream").main
    monkeypatch.setattr(sys, "stdout", None)
    status = main(["--images", "1", "--warmup", "0", "--hidden", "8"])
    assert status == 1
    assert capsys.readouterr().err.endswith(f": error: {STDOUT_CLOSED}\n")  # named as typed: here, pytest


def test_a_benchmark_run_with_stdout_closed_names_itself():
    """The same through a real process, as a shell closes it: `python bench/bench_stream.py >&-`."""
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" bench/bench_stream.py --images 1 --warmup 0 --hidden 8 >&-', sys.executable],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (1, f"bench_stream.py: error: {STDOUT_CLOSED}\n")


@pytest.mark.parametrize("name", BENCHES)
def test_every_benchmark_refuses_a_closed_stdout_first(name, bench_module, monkeypatch, capsys):
    """Each benchmark's output is its results: with stdout closed every one now stops at once, status 1 and the one
    line, where each ran (or refused its command line, status 2) as if its results could be read."""
    main = bench_module(name).main
    monkeypatch.setattr(sys, "stdout", None)
    status = main(["--no-such-flag"])
    assert status == 1
    assert capsys.readouterr().err.endswith(f": error: {STDOUT_CLOSED}\n")
