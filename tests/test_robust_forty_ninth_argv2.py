"""The forty-ninth round of hostile testing, argv2: every command line (rowreader's commands, training's, the app's
and the benchmarks') fed what a shell can really pass, and what a caller from Python can: names not UTF-8, NUL bytes,
newlines, leading dashes, ``~``, empty and 4,100-character words, numbers as ``1e3``, ``0x10``, ``-0``, ``nan``,
``inf`` and ``1_000``; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_robust_forty_eighth_argfuzz import PARSERS, VALUED, parse_function


def refused(name: str, words: list[str], here: Path) -> str:
    """The one error line of ``words`` refused by command ``name`` (status 2, no traceback, nothing written)."""
    err = io.StringIO()
    with contextlib.chdir(here), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stop:
        parse_function(name)(words)
    said = err.getvalue()
    errors = [line for line in said.splitlines() if ": error: " in line]
    assert stop.value.code == 2 and len(errors) == 1 and "Traceback" not in said, said
    assert os.listdir(here) == []
    return errors[0]


@pytest.mark.parametrize(("command", "option"), VALUED, ids=[f"{c} {o}" for c, o in VALUED])
def test_a_nul_byte_in_a_flags_value_is_refused_in_one_line(command, option, tmp_path):
    """No shell can pass a NUL byte, but a caller from Python can: ``training.fit``'s ``parse_args(["--start-from",
    "a\\0b"])`` (and ``--finetune``, ``bench_gui_latency``'s ``--checkpoint`` and ``--compare``) ended in a
    ValueError traceback. Now every command refuses such a word before reading it, status 2, in one line naming
    it."""
    line = refused(command, [option, "a\0b"], tmp_path)
    assert "NUL byte" in line and "'a\\x00b'" in line


NOT_UTF8 = [  # a command, its words holding bytes not UTF-8 (as Python hands them: surrogates), what is refused
    ("rowreader predict", ["--ink", "\udcff\udcfe", "x.png"], "invalid choice"),
    ("rowreader evaluate", ["--batch-size", "\udcff\udcfe"], "whole number"),
    ("rowreader evaluate", ["--device", "\udcff\udcfe"], "unknown device"),
    ("training.fit", ["--epochs=\udcff\udcfe"], "whole number"),
    ("training.fit", ["--cell", "\udcff\udcfe"], "invalid choice"),
    ("training.fit", ["--lr", "\udcff\udcfe"], "--lr"),
    ("bench_reading_copies", ["--sets", "shift", "\udcff\udcfe"], "invalid choice"),
]


@pytest.mark.parametrize(("command", "words", "what"), NOT_UTF8, ids=[f"{c} {w[0]}" for c, w, _ in NOT_UTF8])
def test_a_word_not_utf8_is_refused_as_its_bytes_as_typed(command, words, what, tmp_path):
    """argparse's refusals (an invalid choice) and the type checks' own (a whole number, a device) quoted a word not
    UTF-8 as Python's escape, ``'\\udcff\\udcfe'``, bytes no one typed, where every other refusal (a file not found)
    says its bytes as typed. Now all say them as typed: the text holds the word itself, which a command's stderr
    writes as its bytes, and no ``\\udc`` escape. (Since the sixty-sixth round, cli22, the bytes as ``\\xff\\xfe``,
    as a suggested ``$'…'`` writes them: raw, a terminal showed U+FFFD.)"""
    line = refused(command, words, tmp_path)
    assert what in line and "'\\xff\\xfe'" in line and "\\udc" not in line, line


def test_a_typed_backslash_u_stays_as_typed(tmp_path):
    """A word holding a backslash and ``udcff`` (typed so, UTF-8) is quoted with its backslash shown doubled, as
    before, and a name said as it is (``merge --out 'x\\udcff'``) keeps it: the fix, as first made, turned every
    ``\\udcff`` in a refusal into the byte, so that name was said as ``x`` and the byte 0xff. Only a real byte not
    UTF-8 is said as its byte."""
    line = refused("training.fit", ["--cell", "\\udcff\udcfe"], tmp_path)
    assert "'\\\\udcff\\xfe'" in line, line
    line = refused("training.merge", ["a.safetensors", "--out", "x\\udcff"], tmp_path)  # a name said as it is
    assert "--out: x\\udcff does not end in .safetensors" in line, line


def test_a_refusal_says_a_byte_not_utf8_as_the_byte_typed_through_a_real_process(tmp_path):
    """Through a real process, as a shell runs it: ``rowreader predict --ink $'\\xff' x.png`` said ``'\\udcff'``;
    now the byte 0xff itself, as ``predict $'\\xff.png'`` says the name it cannot find (``\\xff``, as in ``$'…'``)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "rowreader.cli", "predict", "--ink", b"\xff", "x.png"],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and b"invalid choice: '\\xff'" in done.stderr and b"udc" not in done.stderr, done.stderr


LONG = "x" * 4_100


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("rowreader predict", "--ink"),
        ("rowreader evaluate", "--device"),
        ("training.fit", "--preset"),
        ("training.fit", "--device"),
        ("bench_reading_copies", "--sets"),
    ],
)
def test_a_long_word_refused_as_no_choice_or_device_is_named_shortened(command, option, tmp_path):
    """``predict --ink`` given 4,100 characters (``--device``, ``--preset``, every flag of choices alike) was refused
    in a line of 4,198 characters, the word whole, where a whole number's refusal names it shortened (the word cut to
    60 characters with ``...``). Now a choice's and a device's refusals name it so too."""
    line = refused(command, [option, LONG, "x.png"] if command.endswith("predict") else [option, LONG], tmp_path)
    assert len(line) < 300 and "..." in line and ("choose from" in line or "expected auto" in line), line


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(VALUED),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8).map(lambda t: t + "\0"),
)
def test_any_word_holding_a_nul_byte_is_refused_by_every_command(flag, word):
    """Any word holding a NUL byte, given to any command's flag, is refused in one line with status 2 (as
    :func:`test_a_nul_byte_in_a_flags_value_is_refused_in_one_line`, over open-ended words)."""
    command, option = flag
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stop:
        parse_function(command)([f"{option}={word}"])
    assert stop.value.code == 2 and "NUL byte" in err.getvalue().splitlines()[-1]


def test_every_parser_is_known():
    """The commands tried here are every command's (a guard that the list read from the last round is not empty)."""
    assert len(PARSERS) >= 17 and len(VALUED) >= 100


@pytest.mark.parametrize("device", ["cuda:٣", "cuda:１", "cpu:٣", "CUDA:۰"])
@pytest.mark.parametrize("command", ["training.fit", "rowreader evaluate", "bench_fit"])
def test_a_device_numbered_in_other_digits_is_refused(command, device, tmp_path):
    """``--device cuda:٣`` (Arabic-Indic 3; ``cuda:１``, a full-width 1, alike) was taken, the run recorded as on
    "cuda:٣" and put on CUDA device 3 (``\\d`` matched any digit), though torch itself refuses the name ("Invalid
    device string") and every count on a command line is written in 0-9. Now it is refused (status 2) as a device
    unknown, as ``cuda:x`` is."""
    line = refused(command, ["--device", device], tmp_path)
    assert "argument --device: unknown device" in line, line


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["cuda:", "cpu:"]), st.text(st.characters(categories=["Nd"]), min_size=1, max_size=3))
def test_a_device_taken_is_one_torch_names(kind, digits):
    """Any device index drawn from Unicode's digits: taken only where it is 0-9, which is what torch reads."""
    from rowreader.device import device_problem

    assert (device_problem(kind + digits) is None) == (digits.isascii())


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("training.fit", ["--pen", "1e-400"]),
        ("training.fit", ["--pen", "0.0000000001e-390"]),
        ("training.fit", ["--lr", "1e-400"]),
        ("training.fit", ["--lr", "1e309"]),
        ("training.fit", ["--replay", "-1e-999"]),
        ("bench_gui_latency", ["--step", "1e-400"]),
        ("bench_handwriting", ["--brush", "1e999"]),
    ],
)
def test_a_number_no_float_holds_is_refused_as_typed(command, words, tmp_path):
    """``training.fit --pen 1e-400`` was read as 0: the run trained with no pen data, its recipe saying 0.0, a number
    not typed; ``--lr 1e-400`` was refused as "got 0.0" and ``--lr 1e309`` as "got inf" (Python's float reads them
    so). Now such a number is refused by the flag's type, named as typed, with the range and what a float made of
    it (status 2)."""
    line = refused(command, ["=".join(words)], tmp_path)  # joined: `--replay -1e-999` is taken for a flag
    assert f"argument {words[0]}: must be " in line, line  # cli26: a count's words, "invalid float value" no more
    assert f", got '{words[1]}' (a float reads it as" in line, line


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 9), st.integers(-9, 9), st.integers(-500, 500))
def test_a_real_number_taken_is_the_number_typed(digit, sign_digits, exponent):
    """Any ``D.DDeX`` drawn across and past a float's reach: taken as a finite number of the same sign, not 0, or
    refused as ArgumentTypeError."""
    import argparse

    from rowreader.number_text import real_number

    text = f"{'-' if sign_digits < 0 else ''}{digit}.{abs(sign_digits)}e{exponent}"
    try:
        value = real_number()(text)
    except argparse.ArgumentTypeError as err:
        assert "a float reads it as" in str(err)
        return
    assert value != 0 and abs(value) != float("inf") and (value < 0) == (sign_digits < 0)


def test_end_of_options_before_a_dashed_word_makes_it_no_option(tmp_path, capsys, monkeypatch):
    """``rowreader -- --version`` printed the version and ``rowreader -- --help`` the help (status 0), though ``--``
    says every word after it is an operand: the ``--`` was moved after the command word, which made it an option
    again. Now such a word is the command operand it was typed as, refused as no command (status 2)."""
    from rowreader import cli

    monkeypatch.chdir(tmp_path)
    for word in ("--version", "--help"):
        with pytest.raises(SystemExit) as stop:
            cli.main(["--", word])
        said = capsys.readouterr()
        assert stop.value.code == 2 and said.out == "" and f"invalid choice: '{word}'" in said.err, said


def test_a_dashed_file_after_the_end_of_options_is_not_told_to_put_it_there(tmp_path, capsys, monkeypatch):
    """``rowreader -- -seven.png`` (the command forgotten) was told "the following arguments are required: COMMAND;
    -seven.png is a file: name it ./-seven.png (or put -- before it)": the ``--`` it had was moved behind it. Now it
    is told the command is missing, with the command line that reads it (``predict -- -seven.png``), and nothing
    about a ``--`` already there."""
    from rowreader import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "-seven.png").write_bytes(b"")
    with pytest.raises(SystemExit) as stop:
        cli.main(["--", "-seven.png"])
    err = capsys.readouterr().err.splitlines()[-1]
    assert stop.value.code == 2 and "invalid choice: '-seven.png'" in err, err
    assert err.endswith("name the command first: rowreader predict -- -seven.png") and "put --" not in err, err


NOT_UTF8_BYTES = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)  # as Python holds such bytes


@settings(max_examples=80, deadline=None)
@given(
    flag=st.sampled_from(VALUED),
    word=st.text(st.one_of(NOT_UTF8_BYTES, st.sampled_from("ab1.-/ :é\n")), min_size=1, max_size=12),
    joined=st.booleans(),
)
# --hypothesis-profile=explore's (the fifty-fifth round): FitConfig's refusal of a folder's name, after argparse's
@example(flag=("training.fit", "--out"), word="\udc80/", joined=False)
@example(flag=("training.fit", "--metrics"), word="\udc80/", joined=True)
def test_any_word_refused_is_said_as_typed_in_one_line(flag, word, joined, tmp_path_factory):
    """Any word of bytes not UTF-8 mixed with others, given to any command's flag (``=``-joined or apart): taken, or
    refused in one line (status 2) that holds no ``\\udc`` escape, its bytes said as typed; nothing written."""
    command, option = flag
    err, here = io.StringIO(), tmp_path_factory.mktemp("cwd")
    with contextlib.chdir(here), contextlib.redirect_stderr(err):
        try:
            parse_function(command)([f"{option}={word}"] if joined else [option, word])
        except SystemExit as stop:
            errors = [line for line in err.getvalue().splitlines() if ": error: " in line]
            assert stop.code == 2 and len(errors) == 1 and "\\udc" not in errors[0], err.getvalue()
    assert os.listdir(here) == []
