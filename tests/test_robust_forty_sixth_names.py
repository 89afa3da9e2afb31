"""The forty-sixth round of hostile testing, names: what the command lines and the app call things, and how every
command reads a number typed (`python -m rowreader`, training's commands, the benchmarks and the screenshots, each run
as a user runs it, every message read); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import re
import subprocess
import sys

import pytest
from conftest import REPO, load_bench
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_forty_eighth_benchhelp import BENCHES

from rowreader.launch import CommandParser
from rowreader.whole_number import whole_number

# every command with flags, as `python -m MODULE` or `python bench/NAME.py` runs it
MODULES = [
    "rowreader.cli",
    "training.fit",
    "training.finetune",
    "training.ship",
    "training.merge",
    "training.drawn",
    "training.unipen_convert",
    "gui.screenshot",
    "gui.teach_screenshot",
]
# what a hostile user types for a number: other scripts' digits, Python's own spellings, separators, words
STRANGE = [
    "１２",
    "1e3",
    " 12 ",
    "+5",
    "0x10",
    "٣",
    "1,000",
    "1.000",
    "nan",
    "-0",
    "1_0",
    "1'000",
    "1_000",
    "1.5",
    "٣" * 5_000,
]


class _Caught(BaseException):
    """Raised in place of reading a command line: carries the command's own parser out (no command runs)."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        super().__init__()
        self.parser = parser


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, as its ``main`` builds it (and each subcommand's)."""

    def caught(self: CommandParser, args=None, namespace=None):
        raise _Caught(self)

    found: dict[str, argparse.ArgumentParser] = {}
    mains = [(m, importlib.import_module(m if m != "training.fit" else "training.arguments").main) for m in MODULES]
    mains += [(name, load_bench(name).main) for name in BENCHES]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CommandParser, "parse_known_args", caught)
        for name, main in mains:
            with pytest.raises(_Caught) as got, contextlib.redirect_stdout(io.StringIO()):
                main(["--help"])
            found[name] = got.value.parser
    for name, parser in list(found.items()):  # rowreader's subcommands
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.update({f"{name} {word}": sub for word, sub in action.choices.items()})
    return found


def _number_kind(parse: object) -> type | None:
    """``int`` or ``float`` where ``parse`` (a flag's ``type=``) reads a whole or a real number, else None. Not by its
    ``__name__`` alone: :func:`rowreader.whole_number.whole_number`'s count lost its ``"int"`` (argparse never named
    it), and every whole-number flag, 67 of 83, fell out of the property below without a failure."""
    if parse is int or getattr(parse, "__qualname__", "").startswith(f"{whole_number.__name__}."):
        return int
    return float if getattr(parse, "__name__", None) == "float" else None


def _number_flags() -> list[tuple[str, str, object]]:
    """(command, flag, type) of every flag that reads a number, whole or real."""
    flags = []
    for name, parser in _parsers().items():
        for action in parser._actions:
            if action.option_strings and _number_kind(action.type) is not None:
                flags.append((name, action.option_strings[-1], action.type))
    return flags


NUMBER_FLAGS = _number_flags()


def _reads(kind: type, text: str) -> object:
    """What ``text`` is as a number by the one rule every flag keeps: 0-9 with a sign, spaces around dropped; a real
    one with a point and an exponent, or nan/inf; None for what is no such number."""
    plain = text.strip()
    whole = re.fullmatch(r"[+-]?[0-9]+", plain)
    if kind is int:
        return int(plain) if whole else None
    real = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)"
    return float(plain) if re.fullmatch(real, plain, re.IGNORECASE) else None


def test_every_command_s_number_flags_were_found() -> None:
    """The list below is what the property reads: each command's counts and real numbers are in it."""
    named = {(name, flag) for name, flag, _ in NUMBER_FLAGS}
    for expected in [
        ("rowreader.cli evaluate", "--batch-size"),
        ("training.fit", "--epochs"),
        ("training.fit", "--lr"),
        ("training.ship", "--threads"),
        ("bench_fit", "--rounds"),
        ("bench_gui_latency", "--step"),
        ("bench_finetune", "--brush"),
    ]:
        assert expected in named, sorted(named)


@settings(max_examples=60, deadline=None)
@given(
    flag=st.sampled_from(NUMBER_FLAGS),
    text=st.one_of(st.sampled_from(STRANGE), st.text(alphabet="0123456789_+-., '１٣४eE\u202f\u3000", max_size=8)),
)
def test_every_number_flag_of_every_command_reads_a_strange_number_alike(flag, text) -> None:
    """`bench_fit.py --rounds 1_0` was taken as 10 (Python's ``int`` reads an underscore between digits), and
    `training.fit --epochs １２`, `--hidden ٣` and `--lr 1_0e-4` as 12, 3 and 0.001 (``int`` and ``float`` read every
    script's digits), where `--epochs "1'000"` and `--batch-size 1.000` were refused: which odd number a command took
    depended on nothing a user could see. Every whole-number and real-number flag of every command now keeps one rule
    (rowreader.number_text): 0-9 and a sign (spaces around dropped), a real one with a point and an exponent; a text
    that is none is refused, whatever the flag; one that is one is that number, or refused by the flag's range."""
    name, option, parse = flag
    kind = _number_kind(parse)
    expected = _reads(kind, text)
    try:
        got = parse(text)
    except (argparse.ArgumentTypeError, ValueError) as err:
        if expected is not None:  # a number by the rule: refused only by its range, which the refusal names
            assert re.search(r"must (be|lie)|from|at least", str(err)), (name, option, text, err)
        return
    assert expected is not None, f"{name} {option} took {text!r} as {got!r}"
    assert got == expected or (got != got and expected != expected), (name, option, text, got)


def _said(name: str, argv: list[str]) -> str:
    """The last line a command says as it refuses ``argv`` (status 2)."""
    main = load_bench(name).main if name in BENCHES else importlib.import_module(name).main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


@pytest.mark.parametrize(
    "name, argv, said",
    [
        # out of the range, the number meant is no hint: the range is said already
        ("bench_fit", ["--rounds", "1'000"], """must be a whole number from 3 to 100, got "1'000\""""),
        ("bench_gui_latency", ["--rounds", "1.000"], "must be a whole number from 1 to 100, got '1.000'"),
        # in it, the number meant is said, in plain digits
        ("bench_fit", ["--rounds", "1_0"], "got '1_0' (a whole number is written without separators: 10)"),
        ("training.arguments", ["--epochs", "１２"], "got '１２' (a number is written in the digits 0-9: 12)"),
        (
            "training.arguments",
            ["--epochs", "1.000"],
            "got '1.000' (a whole number is written without separators: 1000)",
        ),
        (
            "training.arguments",
            ["--lr", "1_0e-4"],
            "must be a number above 0 and at most 10, got '1_0e-4' (a number is written without separators: 10e-4)",
        ),
        ("training.arguments", ["--lr", "٠٫٠٠١"], "must be a number above 0 and at most 10, got '٠٫٠٠١'"),
        (
            "bench_finetune",
            ["--brush", "1'000"],
            """must be from 4 to 64 canvas pixels, got "1'000" (a number is written without separators)""",
        ),
    ],
)
def test_a_number_refused_is_told_the_number_meant_only_where_that_is_taken(name, argv, said) -> None:
    """`bench_fit.py --rounds "1'000"` was told "(a whole number is written without separators: 1000)", and 1000 was
    then refused by the range (3 to 100): the hint sent the user to a second refusal. The number meant is said only
    where the flag takes it; the range is said in every refusal. Digits of another script, refused now, are told in
    0-9."""
    assert _said(name, argv).endswith(said), _said(name, argv)


@pytest.mark.parametrize(
    "name",
    [
        "Shipped model.safetensors",
        "shipped.safetensors",
        "SHIPPED  MODEL.safetensors",
        "Shipped model",
        "the shipped model",
    ],
)
def test_a_users_model_named_as_the_shipped_one_is_told_apart_from_it(tmp_path, name) -> None:
    """A copy of the shipped model saved as "Shipped model.safetensors" (or "shipped.safetensors") was "Shipped model"
    in the chart's legend, the status bar's "vs … (dashed)" and "Comparing with …", as the shipped model is: compared
    with it, the chart read "Shipped model" for both lines, and a user could not tell which was which. A model of the
    user's whose name reads as the shipped one's is shown by its whole file name now, in quotes where that is all
    of it; the shipped model itself is named as before."""
    import shutil

    from gui.model_names import SHIPPED, model_name
    from rowreader.checkpoint import pretrained_path

    copy = tmp_path / name
    shutil.copyfile(pretrained_path(), copy)
    shown = {model_name(copy), model_name(copy, suffix=True), model_name(copy, in_text=True)}
    assert not {" ".join(s.split()).casefold() for s in shown} & {SHIPPED.casefold(), "the shipped model", "shipped"}, (
        shown
    )
    assert all(name.removesuffix(".safetensors").split()[-1] in s for s in shown), shown
    assert (
        model_name(pretrained_path()) == SHIPPED and model_name(pretrained_path(), in_text=True) == "the shipped model"
    )
    assert model_name(tmp_path / "mine.safetensors") == "mine"  # any other name as before


def _run(argv: list[str], cwd, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``python ARGV`` as a user runs it, in ``cwd``, with this checkout's library."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    given = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
    done = subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        env=env,
        input=stdin,
        stdin=None if stdin is not None else given,
        capture_output=True,
        timeout=60,
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.mark.parametrize("module", ["rowreader", "rowreader.cli"])
def test_python_m_rowreader_names_itself_as_typed_in_its_usage_and_hints(tmp_path, module) -> None:
    """`python -m rowreader` (and `python -m rowreader.cli`) named itself "rowreader": its usage, --version, refusals
    and the command lines its hints give ("name the command first: rowreader predict seven.png") were the console
    script's, which is not there where the package is run from a checkout, so a hint copied ran nothing ("rowreader:
    command not found"), where `python -m gui` and training's commands name themselves as typed. It is named as typed
    now, in every line, and the hints' command lines run."""
    (tmp_path / "seven.png").write_bytes(b"")
    typed = f"python -m {module}"
    version = _run(["-m", module, "--version"], tmp_path)
    assert version.stdout.strip() == f"{typed} 0.1.0", version
    forgot = _run(["-m", module, "seven.png"], tmp_path)
    assert forgot.returncode == 2 and forgot.stderr.startswith(f"usage: {typed} "), forgot.stderr
    assert forgot.stderr.rstrip().endswith(f"name the command first: {typed} predict seven.png"), forgot.stderr
    piped = _run(["-m", module, "predict"], tmp_path, stdin=b"\x89PNG")
    assert f"{typed} predict: error: " in piped.stderr, piped.stderr
    assert piped.stderr.rstrip().endswith(f"name it -: {typed} predict -"), piped.stderr


def test_the_download_a_command_run_as_a_module_advises_is_one_it_can_run(tmp_path) -> None:
    """`python -m rowreader evaluate --data-dir EMPTY` (and `python -m training.fit`) said "download them once:
    `rowreader download --data-dir EMPTY`", the console script's command, which is not there where the package runs
    from a checkout. A command run with `python -m` advises `python -m rowreader download …` now; one run by its
    console script, or a library call, still the plain `rowreader download`."""
    from rowreader.data import mnist_files

    (tmp_path / "empty").mkdir()
    said = _run(["-m", "rowreader", "evaluate", "--data-dir", "empty"], tmp_path).stderr
    assert "download them once: `python -m rowreader download --data-dir empty`" in said, said
    with pytest.raises(FileNotFoundError, match="download them once: `rowreader download --data-dir "):
        mnist_files(tmp_path / "empty", train=False)


def test_the_app_s_settings_line_on_stderr_names_the_app_as_typed(app_names, tmp_path, monkeypatch, capsys) -> None:
    """`python -m gui` under a home whose name is not UTF-8 said "rowreader-gui: $HOME=… is not UTF-8, which Qt cannot
    name: settings are not saved" on stderr, then "python -m gui: interrupted" as it was stopped: one app, two names,
    the first a command not typed (a settings file too large or a pipe, the same). It is named as typed now, as its
    stop and refusal lines are; the rowreader-gui command is still "rowreader-gui"."""
    from rowreader.launch import run_main

    home = tmp_path / "ren\udce9"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (tmp_path / "names_settings_probe.py").write_text(
        "from gui.settings import app_settings\n\n\ndef main(argv):\n    app_settings()\n    return 0\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for typed in ("python -m gui", "rowreader-gui"):
        assert run_main("names_settings_probe", typed, [], last=False) == 0
        said = capsys.readouterr().err
        assert said.startswith(f"{typed}: $HOME=") and said.count("\n") == 1, said


def test_a_close_s_cut_short_line_names_the_app_as_its_stop_line_does(tmp_path, monkeypatch, capsys) -> None:
    """`python -m gui` closed (SIGTERM) mid-teach said "rowreader-gui: the teach was cancelled as the window closed
    …" and then "python -m gui: stopped by SIGTERM": the line every cut-short close says (a teach, an import, an
    export) named the app by its console script. It names it as typed now; the note kept for the next start keeps
    its own marker, read back as before."""
    from gui.example_transfer import SAID_AS, last_time, say_noted, teach_cut_short_words
    from rowreader.launch import run_main

    words = teach_cut_short_words(3, 10)
    (tmp_path / "names_close_probe.py").write_text(
        f"from gui.example_transfer import say_noted\n\n\ndef main(argv):\n    say_noted({words!r})\n    return 0\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert run_main("names_close_probe", "python -m gui", [], last=False) == 0
    assert capsys.readouterr().err == f"python -m gui: {words.removeprefix(SAID_AS)}\n"
    say_noted(words)  # in-process, no command running: the app's own name
    assert capsys.readouterr().err == f"{words}\n" and words.startswith("rowreader-gui: ")
    assert last_time(words)[0].startswith("Last time, the teach was cancelled")


def test_python_m_training_finetune_without_a_model_names_itself_as_typed(tmp_path) -> None:
    """`python -m training.finetune` with no --finetune said "training.finetune: error: the model to teach is missing"
    (a name nobody types, where its usage and every other line say "python -m training.finetune"), and with stderr
    closed (`2>&-`) printed it on stdout. Named as typed now, on stderr alone."""
    refused = _run(["-m", "training.finetune", "--epochs", "1"], tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("python -m training.finetune: error: the model to teach is missing: "), refused
    closed = subprocess.run(  # `2>&-`
        [sys.executable, "-m", "training.finetune"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=False, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(2),
        timeout=60,
    )  # fmt: skip
    assert closed.returncode == 2 and closed.stdout == b"", closed.stdout
