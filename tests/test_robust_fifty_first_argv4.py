"""The fifty-first round of hostile testing, argv4: the command lines fed hostile input (files that are folders, pipes,
sockets and devices, names with escape sequences and bytes not UTF-8, numbers of every spelling, a closed stdout and a
reader that leaves), and the outputs read by scripts; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import test_robust_forty_eighth_benchhelp as benchhelp
from hypothesis import given
from hypothesis import strategies as st

import rowreader.output  # noqa: F401  (it registers the "rowreader.names" handler every command's streams use)
from rowreader.launch import STDOUT_CLOSED

REPO = Path(__file__).resolve().parent.parent

# person_examples.py writes pictures: its line is a report, as training.drawn's
BENCHES = [name for name in benchhelp.BENCHES if name != "person_examples"]


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


C1 = bytes(range(0x80, 0xA0))  # 0x9b is CSI, ESC [ in one byte, where a terminal takes 8-bit controls


def _run(*argv: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *argv], cwd=cwd, capture_output=True, timeout=60, env={**os.environ})


def test_a_name_holding_a_c1_byte_is_shown_escaped_not_sent_to_the_terminal(tmp_path, mnist_test):
    """A file named `b<0x9b>2J.png` (the byte 0x9b, not UTF-8: CSI in one byte, to a terminal in 8-bit controls
    the start of "clear the screen") was printed as that byte by `rowreader predict`, and by its refusal of a name
    not there, as every command's refusals of a word did (`gui --device`); U+009B written in UTF-8 was escaped.
    Now a byte not UTF-8 from 0x80 to 0x9f is written as Python holds it, `\\udc9b` (an escape that reads back to
    it); others (Latin-1 `\\xe9`) go out as they are on disk. (Since cli22 a name's every such byte is `\\x9b`,
    `\\xe9`, as a suggested `$'…'` writes it.)"""
    from PIL import Image

    name = b"b\x9b2J\xe9.png"
    Image.fromarray(255 - mnist_test[0][0]).save(tmp_path / os.fsdecode(name))
    read = _run(b"-m", b"rowreader.cli", b"predict", name, b"n\x9bx.png", cwd=tmp_path)
    assert read.stdout.splitlines()[0] == b"b\\x9b2J\\xe9.png"  # as `$'…'` writes bytes, since cli22
    assert read.stderr.endswith(b"error: n\\x9bx.png: no such file\n")
    refused = _run(b"-m", b"gui", b"--device", b"\x9b2J", cwd=tmp_path)
    assert refused.returncode == 2 and b"unknown device '\\x9b2J'" in refused.stderr
    for out in (read.stdout, read.stderr, refused.stderr):
        assert not set(out) & set(C1), out


@given(st.lists(st.binary(max_size=6), max_size=4))
def test_no_byte_not_utf8_reaches_the_output_as_a_c1_control(parts):
    """Any name's bytes, written by a command's stream: none from 0x80 to 0x9f goes out alone, each other
    byte not UTF-8 goes out as it is, and text that is UTF-8 is untouched."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="rowreader.names", write_through=True)
    name = os.fsdecode(b"/".join(parts))
    stream.write(name)
    written = raw.getvalue()
    # a C1 byte as one_line writes it, `\\x9b`, since cli23 (Python's `\\udc9b` before)
    expected = b"".join(b"\\x%02x" % (ord(c) - 0xDC00) if 0xDC80 <= ord(c) < 0xDCA0 else os.fsencode(c) for c in name)
    assert written == expected


def test_a_command_suggested_for_a_name_holding_a_c1_byte_gives_that_name_to_the_shell(tmp_path):
    """`evaluate --data-dir $'e\\x9bd'` (MNIST not there) suggests `rowreader download --data-dir …`: the name went
    into it in plain quotes, its byte 0x9b raw to the terminal, or (escaped as the output now writes it) as
    `'e\\udc9bd'`, another name to the shell it is pasted into. It is written `$'e\\x9bd'`, which bash gives back
    as the name's bytes; so is every byte not UTF-8, 0xe9 too (cli21: raw, a terminal showed it as U+FFFD)."""
    from rowreader.output import shell_word

    name = os.fsdecode(b"e\x9bd \xe9")
    word = shell_word(name)
    assert word == "$'e\\x9bd \\xe9'"
    said = subprocess.run([b"bash", b"-c", b"printf %s " + os.fsencode(word)], capture_output=True, timeout=10)
    assert said.stdout == b"e\x9bd \xe9"


def test_a_teach_whose_out_is_not_utf8_gives_its_bytes_in_its_json_done_line(tmp_path, tiny_base, capsys):
    """`training.fit --finetune … --out $'ft\\xff\\x9b.safetensors' --progress json` ended with `"out":
    "ft\\udcff\\udc9b.safetensors"`: lone surrogates, which jq and Node read as two U+FFFD, so a script could not open
    the model it was told of. As predict's "file" and evaluate's "data": "out" readable (U+FFFD for each byte not
    UTF-8) and "out_bytes", the name's bytes in hex; a UTF-8 name is "out" alone."""
    from test_robust_forty_second_scale import FAST, examples_kept

    from rowreader.example_store import ExampleStore
    from training.fit import main as fit_main

    store = ExampleStore(tmp_path / "examples")
    examples_kept(store, {3: 3, 7: 3})
    out = tmp_path / os.fsdecode(b"ft\xff\x9b.safetensors")
    fast = [*FAST, "--train-samples", "16", "--eval-digits", "10", "--replay", "0", "--folds", "0"]
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *fast]
    assert fit_main([*argv, "--progress", "json"]) == 0
    done = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert done["event"] == "done" and out.is_file()
    assert done["out"] == str(out).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    assert bytes.fromhex(done["out_bytes"]) == os.fsencode(out)
    json.dumps(done["out"]).encode("utf-8")  # no lone surrogate left for a strict parser to refuse
