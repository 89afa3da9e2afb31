"""The forty-eighth round of hostile testing, argfuzz: every command line as open-ended input (training.fit and its
fine-tune, training.merge, training.ship, rowreader's commands and the benchmarks), flags read from each parser, values
at and past their bounds, NaN, 1e309, empty, ``--flag=value`` forms, folders, FIFOs and missing files, parsed
in-process; each test of a defect is checked to fail on the code before its fix."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Callable

import pytest
from conftest import BENCHMARKS, load_bench
from hypothesis import given, settings
from hypothesis import strategies as st

import training.merge
import training.ship
from rowreader import cli
from rowreader.launch import CommandParser
from training import arguments
from training.config import FitConfig


class _Got(Exception):
    """Raised with the parser a command was about to read its words with."""


def parser_of(command: Callable[[list[str]], object]) -> argparse.ArgumentParser:
    """The parser ``command`` builds, taken as it starts parsing: nothing after is run (no data, no torch)."""

    def grab(self: CommandParser, *args: object, **kwargs: object) -> None:
        raise _Got(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CommandParser, "parse_known_args", grab)
        try:
            command([])
        except _Got as got:
            return got.args[0]
    raise AssertionError(f"{command} parsed nothing")


def every_parser() -> dict[str, argparse.ArgumentParser]:
    """Each command's parser, by name: rowreader's commands', training's and the benchmarks'."""
    parsers = {f"rowreader {name}": parser for name, parser in cli.build_parser().commands.items()}
    parsers["training.fit"] = arguments._fit_parser()
    parsers["training.ship"] = parser_of(training.ship.parse_args)
    parsers["training.merge"] = parser_of(training.merge.main)
    for name in [*BENCHMARKS, "person_examples"]:
        bench = load_bench(name)
        parsers[name] = parser_of(getattr(bench, "parse_args", None) or bench.main)
    return parsers


PARSERS = every_parser()
VALUED = [  # each option taking a value, by its command
    (name, option)
    for name, parser in PARSERS.items()
    for action in parser._actions
    if action.nargs != 0 and not isinstance(action, argparse._HelpAction | argparse._VersionAction)
    for option in action.option_strings
]

SWITCHES = [  # and each taking none
    (name, option)
    for name, parser in PARSERS.items()
    for action in parser._actions
    if action.nargs == 0 and not isinstance(action, argparse._HelpAction | argparse._VersionAction)
    for option in action.option_strings
]


def refusal(parse: Callable[[], object], capsys: pytest.CaptureFixture[str]) -> str:
    """The one error line of a command line ``parse`` refuses (status 2), no traceback."""
    with pytest.raises(SystemExit) as stop:
        parse()
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "Traceback" not in err, err
    return errors[0]


@pytest.mark.parametrize(("command", "option"), VALUED, ids=[f"{c} {o}" for c, o in VALUED])
def test_a_flag_given_the_end_of_options_as_its_value_is_refused_by_name(command, option, capsys):
    """``--epochs=--`` gave the flag an empty list (Python 3.11's argparse drops a ``--`` wherever it stands): training
    .fit said "--epochs must be a whole number …, got []", ``--distill-from=--`` trained ten minutes with no teacher
    (``runs/rowreader.safetensors`` written), ``rowreader evaluate --batch-size=--`` and ``predict --checkpoint=--``
    were tracebacks, ``merge --out=--`` asked for its readers. Now every command refuses it (status 2) naming the
    flag: ``--`` ends the options and is no value."""
    line = refusal(lambda: PARSERS[command].parse_args([f"{option}=--"]), capsys)
    assert f"argument {option}: " in line and "--" in line.split(option, 1)[1]


def test_distill_from_the_end_of_options_starts_no_training_run(capsys):
    """The run's own reading of its command line, not its parser's alone: ``--distill-from=--`` was a config that
    trained without teachers; now it is refused before anything is made."""
    assert "--distill-from" in refusal(lambda: arguments.parse_args(["--distill-from=--"]), capsys)


FIT_VALUES = ["0", "-1", "1", "3", "0.5", "0.95", "0.96", "1e309", "nan", "-inf", "", "--", "1_000", "100001", "٣"]
FIT_OPTIONS = [option for name, option in VALUED if name == "training.fit"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIT_OPTIONS), st.sampled_from(FIT_VALUES), st.booleans()), max_size=4))
def test_fit_command_lines_are_refused_in_one_line_or_make_a_sound_recipe(drawn):
    """Any training.fit line drawn from its own flags and hostile values: refused with status 2 in one line naming a
    flag typed, or a recipe that reads back as itself with no flag's value lost (an empty list where ``--`` was)."""
    words = [w for option, value, joined in drawn for w in ([f"{option}={value}"] if joined else [option, value])]
    try:
        config = arguments.parse_args(words)
    except SystemExit as stop:
        assert stop.code == 2
        return
    assert FitConfig.from_dict(config.to_dict()) == config
    assert [] not in vars(config).values()


@pytest.mark.parametrize(
    ("bench", "words"),
    [
        ("bench_handwriting", ["--save-errors", "new/sub/grid.png"]),
        ("bench_finetune", ["--k", "3", "--save-left", "new/sub/left.png"]),
    ],
)
def test_a_benchmark_refusing_its_inputs_leaves_no_folder_made_for_its_picture(bench, words, tmp_path, monkeypatch):
    """``bench_handwriting.py --save-errors new/sub/grid.png --checkpoint missing.safetensors`` was refused (status 2,
    "checkpoint not found") and left ``new/sub/`` in the working folder, made by the look whether the picture could be
    written later (``bench_finetune.py --save-left`` alike). Now a refused line leaves the folder as it was. The
    refusal is the command line's (SystemExit 2) where the model is refused as the line is read (cli13, before
    torch), the script's own (2 returned) where it is found later."""
    monkeypatch.chdir(tmp_path)
    try:
        status = load_bench(bench).main([*words, "--checkpoint", "missing.safetensors"])
    except SystemExit as ended:
        status = ended.code
    assert status == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("bench", "words", "dest", "meant"),
    [
        ("bench_finetune", ["--k", "3", "--k", "5"], "k", [3, 5]),
        ("bench_finetune", ["--digits", "1", "2", "--digits=3"], "digits", [1, 2, 3]),
        ("bench_reading_copies", ["--sets", "shift", "--sets", "rotate"], "sets", ["shift", "rotate"]),
    ],
)
def test_a_benchmark_list_flag_given_twice_keeps_both(bench, words, dest, meant):
    """``bench_finetune.py --k 3 --k 5`` measured k = 5 alone, ``--digits 1 2 --digits 3`` taught only 3s and
    ``bench_reading_copies.py --sets shift --sets rotate`` read the rotated copies alone: the second list replaced the
    first without a word (training.fit's ``--distill-from`` was fixed so in an earlier round). Now both are kept."""
    parsed = load_bench(bench).parse_args(words)
    assert getattr(parsed[0] if isinstance(parsed, tuple) else parsed, dest) == meant


@pytest.mark.parametrize(
    ("bench", "words", "default"),
    [("bench_finetune", [], [1, 3, 5]), ("bench_reading_copies", [], ["shift", "shear", "shift+shear"])],
)
def test_a_benchmark_list_flag_not_given_keeps_its_default(bench, words, default):
    """Each list flag kept across two givings still has its default when not given at all."""
    parsed = load_bench(bench).parse_args(words)
    got = parsed[0].k if isinstance(parsed, tuple) else parsed.sets
    assert got[: len(default)] == default


def test_a_set_of_copies_named_twice_is_refused(capsys):
    """``bench_reading_copies.py --sets shift shift`` read every digit's shifted copies twice (minutes) and printed the
    row twice, where bench_finetune refuses ``--k 3 3``; now it is refused by name (status 2)."""
    line = refusal(lambda: load_bench("bench_reading_copies").parse_args(["--sets", "shift", "shift"]), capsys)
    assert "--sets" in line and "shift shift" in line


def parse_function(name: str) -> Callable[[list[str]], object]:
    """How the command reads its words, its checks after argparse's included (a bench's, training's, ship's)."""
    if name == "training.fit":
        return arguments.parse_args
    if name == "training.ship":
        return training.ship.parse_args
    bench = load_bench(name) if name in BENCHMARKS or name == "person_examples" else None
    return getattr(bench, "parse_args", None) or PARSERS[name].parse_args


HOSTILE = [
    "0",
    "-1",
    "1",
    "16",
    "17",
    "65537",
    "0.95",
    "1e309",
    "-inf",
    "nan",
    "",
    " ",
    "--",
    "1_000",
    "٣",
    "\udcff",
    "/dev/null",
    "/nonexistent/m.safetensors",
    "new/sub/m.safetensors",
    ".",
    "https://x/m.safetensors",
]


@settings(max_examples=80, deadline=None)
@given(
    drawn=st.sampled_from(sorted(PARSERS)).flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.lists(
                st.tuples(
                    st.sampled_from([o for c, o in [*VALUED, *SWITCHES] if c == name]),
                    st.sampled_from(HOSTILE),
                    st.booleans(),
                ),
                max_size=3,
            ),
        )
    )
)
def test_every_command_line_is_refused_in_one_line_and_writes_nothing(drawn, tmp_path_factory):
    """Any command's line drawn from its own flags (but ``--version`` and ``--help``) and hostile values, a
    flag's value ``=``-joined or apart: read (no traceback, nothing written in the working folder), or refused with
    status 2 in one line and no traceback. A guard of what held (80 lines a run): it passed before the fixes too."""
    name, flags = drawn
    words = []
    for option, value, joined in flags:
        takes = PARSERS[name]._option_string_actions[option].nargs != 0
        words += [f"{option}={value}"] if takes and joined else [option, value] if takes else [option]
    here, err = tmp_path_factory.mktemp("cwd"), io.StringIO()  # a name not UTF-8 is said as typed: its bytes
    with contextlib.chdir(here), contextlib.redirect_stderr(err):
        try:
            parse_function(name)(words)
        except SystemExit as stop:
            assert stop.code == 2, (name, words)
            assert [line for line in err.getvalue().splitlines() if ": error: " in line] == err.getvalue().splitlines()[
                -1:
            ]
    assert os.listdir(here) == []
