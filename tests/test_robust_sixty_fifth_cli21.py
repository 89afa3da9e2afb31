"""The sixty-fifth round's commands' words at their edges (area cli21), each test seen failing on the code before
its fix: a path's length counted in bytes, as the system counts it; a "did you mean" of a name not UTF-8 written so
that a shell gives the name back."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rowreader.cli import main
from training.arguments import parse_args


def _last_error(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def _error_of(argv: list[str], capsys) -> str:
    """The last line a command said on stderr, whether it failed as a run (1) or its command line was refused (2)."""
    try:
        assert main(argv) == 1
    except SystemExit as stop:
        assert stop.code == 2
    return _last_error(capsys)


@pytest.mark.parametrize(
    "argv",
    [["predict", "{name}"], ["predict", "--checkpoint", "{name}", "x.png"], ["evaluate", "--data-dir", "{name}"]],
)
def test_a_name_longer_than_any_path_in_bytes_is_shortened(capsys, tmp_path, monkeypatch, argv) -> None:
    """2,100 "é" (4,200 bytes, over the 4,096 any path may hold) was said whole, its 2,100 characters counted."""
    monkeypatch.chdir(tmp_path)
    error = _error_of([word.format(name="é" * 2100) for word in argv], capsys)
    assert "é" * 61 not in error and "(2,100 characters, 4,200 bytes)" in error
    assert len(error.encode()) < 600


def test_a_name_of_4095_bytes_is_still_said_whole(capsys, tmp_path, monkeypatch) -> None:
    """The bound is the system's: a name of 2,047 "é" and an "a" (4,095 bytes) is no longer than a path may be
    (2,048 "é", 4,096 bytes, until cli22: PATH_MAX counts the NUL)."""
    monkeypatch.chdir(tmp_path)
    assert main(["predict", "é" * 2047 + "a"]) == 1
    assert "é" * 2047 + "a" in _last_error(capsys)


@pytest.mark.skipif(sys.platform != "linux", reason="a name of bytes not UTF-8 is Linux's")
@pytest.mark.parametrize(("typed", "there"), [(b"\xff", b"\xff.png"), (b"a\xfe\x9b", b"A\xfe\x9b.png")])
def test_did_you_mean_a_name_not_utf8_is_written_for_a_shell(
    capsysbinary, tmp_path, monkeypatch, typed: bytes, there: bytes
) -> None:
    """`predict $'\\xff'` beside b"\\xff.png" was "did you mean '\\xff.png'?", the byte raw: a terminal shows it as
    '�.png', which copied is U+FFFD, another name. It is written as `$'\\xff.png'`, which bash reads back as the
    file, as a C1 byte (0x9b) already was; and it is that file, as a shell reads the words back."""
    (tmp_path / os.fsdecode(there)).write_bytes(b"not a picture")
    monkeypatch.chdir(tmp_path)
    assert main(["predict", os.fsdecode(typed)]) == 1
    said = capsysbinary.readouterr().err.strip().splitlines()[-1]  # the name's bytes, as a terminal gets them
    escaped = b"".join(b"\\x%02x" % byte if byte >= 0x80 else bytes([byte]) for byte in there)
    assert said.endswith(b"did you mean $'" + escaped + b"'?")
    word = said.rpartition(b"did you mean ")[2][:-1]
    back = subprocess.run(["bash", "-c", b"printf %s " + word], capture_output=True, check=True).stdout
    assert back == there


@pytest.mark.parametrize(
    "words",
    [["--out", ""], ["--metrics="], ["--finetune", "", "--examples", "."], ["--distill-from="], ["--start-from", ""]],
)
def test_training_refuses_an_empty_file_name_as_every_command_does(capsys, words) -> None:
    """`training.fit --out ""` (an unset variable) was "--out must name a file (not a folder), got ''", as if "" were
    a folder, and `--finetune ""` "must name a file or folder", where `training.merge --out ""`, `--examples ""` and
    `rowreader predict --checkpoint ""` say "an empty name (an unset shell variable?)": one refusal, everywhere."""
    with pytest.raises(SystemExit) as stop:
        parse_args(words)
    flag = words[0].removesuffix("=")
    assert stop.value.code == 2
    assert _last_error(capsys).endswith(f"error: argument {flag}: an empty name (an unset shell variable?)")


@pytest.mark.parametrize(
    ("bench", "words"),
    [
        ("training.merge", ["a.safetensors", "b.safetensors", "--out", "a/" * 2100]),
        ("bench_handwriting", ["--save-errors", "a/" * 2100]),
        ("bench_handwriting", ["--save-errors", "é" * 2100]),
        ("bench_finetune", ["--save-left", "é" * 2100]),
    ],
)
def test_a_refused_output_longer_than_any_path_is_shortened(bench_module, capsys, bench, words) -> None:
    """`training.merge --out` of 4,200 characters ending in / was "must name a file (not a folder), got 'a/a/…'",
    a line of 4,288, and `bench_handwriting.py --save-errors` of 2,100 "é" "draws a PNG … got ééé…", whole: each
    refusal of a path longer than any says it as every other does, its ends and its length."""
    from training.merge import main as merge_main

    with pytest.raises(SystemExit) as stop:
        (merge_main if bench == "training.merge" else bench_module(bench).main)(words)
    error = _last_error(capsys)
    assert stop.value.code == 2 and len(error) < 300, error[:300]
    assert "characters" in error and ("4,200 characters)" in error or "4,200 bytes)" in error)
