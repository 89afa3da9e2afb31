"""The forty-fifth round of hostile testing, unify: the pairs the simplify helper left, two definitions of one thing
that a user meets as two behaviours (a count refused in two wordings, an empty folder name refused in two ways, one
folder flag helped in five wordings), made one definition each; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import contextlib
import io

import pytest
from conftest import load_bench
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader import cli
from training import arguments, ship


def _refusal(parse, argv: list[str]) -> str:
    """What ``parse(argv)`` says on stderr as it exits with status 2 (argparse's refusal), its last line."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        parse(argv)
    assert exit_.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


def _evaluate(argv: list[str]) -> object:
    return cli.build_parser().parse_args(["evaluate", *argv])


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.integers(-5, 70_000).map(str), st.sampled_from(["x", "1e3", "2.5", "nan", "", "0x10"])))
def test_evaluate_refuses_a_batch_size_in_training_s_words(text: str) -> None:
    """`rowreader evaluate --batch-size 1e3` said "must be a positive whole number, got '1e3'" where `training.fit
    --batch-size 1e3` says "must be a whole number from 1 to 65,536, got '1e3'" (cli's ``_positive_int`` beside
    training's ``whole_number_argument``), and evaluate took 70,000 where training refuses it. One definition now
    (``rowreader.whole_number``): every command takes the same batch sizes and refuses the others in one wording."""
    fit = arguments.parse_args
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is not None and 1 <= value <= 65_536:
        assert _evaluate(["--batch-size", text]).batch_size == value
        return
    said = _refusal(_evaluate, ["--batch-size", text])
    assert "argument --batch-size: must be a whole number from 1 to 65,536, got " in said, said
    assert said.split("must be")[1] == _refusal(fit, ["--batch-size", text]).split("must be")[1]


COUNTS = [
    ("bench_drawn", "--per-class"),
    ("bench_fit", "--steps"),
    ("bench_fidelity", "--limit"),
    ("bench_handwriting", "--sample"),
    ("bench_finetune", "--hardest"),
    ("bench_finetune", "--others"),
    ("bench_finetune", "--k"),
    ("bench_finetune", "--digits"),
    ("bench_prototypes", "--k"),
    ("bench_prototypes", "--limit"),
    ("bench_stream", "--warmup"),
]


@pytest.mark.parametrize("name, flag", COUNTS, ids=[f"{n} {f}" for n, f in COUNTS])
def test_a_benchmark_refuses_a_count_that_is_no_whole_number_in_the_commands_words(name, flag) -> None:
    """`bench_drawn.py --per-class 1e3` said argparse's "invalid int value: '1e3'", where every command and the
    benchmarks' own --seed say "must be a whole number …": each count of a benchmark says so too."""
    said = _refusal(load_bench(name).main, [flag, "1e3"])
    assert f"argument {flag}: must be a whole number " in said and "got '1e3'" in said, said


@pytest.mark.parametrize("flag", ["--data-dir", "--pen-dir", "--examples"])
def test_training_refuses_an_empty_folder_name_as_ship_does(flag) -> None:
    """`python -m training.fit --data-dir ""` said "--data-dir must name a file or folder, got ''" (FitConfig's
    refusal, training's ``folder_named`` leaving it to the run) where `training.ship --data-dir ""` and `rowreader
    evaluate --data-dir ""` say "argument --data-dir: an empty name (an unset shell variable?)" (ship's ``_folder``).
    One definition: the empty name refused as the command line is read, in the flag's words, everywhere."""
    said = _refusal(arguments.parse_args, [flag, "", "--finetune", "base.safetensors"])
    assert said.endswith(f"error: argument {flag}: an empty name (an unset shell variable?)"), said
    if flag != "--examples":
        assert said.split("error: ")[1] == _refusal(ship.parse_args, [flag, ""]).split("error: ")[1]


def _flag_help(parse, argv: list[str], flag: str) -> str:
    """``flag``'s help as ``parse(argv + ["--help"])`` prints it, its lines joined."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parse([*argv, "--help"])
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(flag))
    words = [lines[start].strip().split(maxsplit=2)[-1]]
    for line in lines[start + 1 :]:
        if not line.startswith(" " * 8) or line.strip().startswith("-"):
            break
        words.append(line.strip())
    return " ".join(words)


FOLDER_FLAGS = [
    ("rowreader evaluate", lambda a: cli.main(["evaluate", *a]), "--data-dir"),
    ("rowreader download", lambda a: cli.main(["download", *a]), "--data-dir"),
    ("training.fit", arguments.parse_args, "--data-dir"),
    ("training.fit", arguments.parse_args, "--pen-dir"),
    ("training.ship", ship.parse_args, "--data-dir"),
    ("training.ship", ship.parse_args, "--pen-dir"),
    *[(name, lambda a, n=name: load_bench(n).main(a), "--data-dir") for name in ("bench_drawn", "bench_fit")],
    *[(name, lambda a, n=name: load_bench(n).main(a), "--data-dir") for name in ("bench_fidelity", "bench_finetune")],
    *[(name, lambda a, n=name: load_bench(n).main(a), "--data-dir") for name in ("bench_handwriting",)],
    *[(name, lambda a, n=name: load_bench(n).main(a), "--data-dir") for name in ("bench_prototypes",)],
    *[(name, lambda a, n=name: load_bench(n).main(a), "--pen-dir") for name in ("bench_finetune", "bench_handwriting")],
    *[(name, lambda a, n=name: load_bench(n).main(a), "--pen-dir") for name in ("bench_prototypes",)],
]


@pytest.mark.parametrize("flag", ["--data-dir", "--pen-dir"])
def test_a_folder_flag_is_helped_in_one_wording_everywhere(monkeypatch, tmp_path, flag) -> None:
    """`--data-dir` was helped as "folder with the MNIST IDX files (default: $ROWREADER_DATA if set, else /…/mnist)"
    by rowreader, "… (default: $ROWREADER_DATA or the user cache)" by training.fit, "MNIST folder (default: …)" by
    ship and "… else the cache" by the benchmarks, `--pen-dir` alike: five wordings of one flag, two defaults said
    differently. Each is one definition now (``data.data_dir_help``, ``unipen.pen_dir_help``), naming the folder
    read by default, the same in every command."""
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    helps = {name: _flag_help(parse, [], flag) for name, parse, f in FOLDER_FLAGS if f == flag}
    assert len(set(helps.values())) == 1, helps
    (words,) = set(helps.values())
    assert (
        str(tmp_path / "rowreader") in words
        and ("$ROWREADER_DATA" if flag == "--data-dir" else "$ROWREADER_UNIPEN") in words
    )


def test_a_percent_sign_in_the_cache_s_name_leaves_help_whole(monkeypatch, tmp_path) -> None:
    """With `XDG_CACHE_HOME=/tmp/100%d`, `rowreader evaluate --help` ended in argparse's "TypeError: %d format: a
    real number is required, not dict": the cache's name went into the help unescaped. It is shown as it is."""
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "100%d"))
    for parse in (lambda a: cli.main(["evaluate", *a]), arguments.parse_args, ship.parse_args):
        assert str(tmp_path / "100%d" / "rowreader") in _flag_help(parse, [], "--data-dir")


BRUSHES = [("bench_prototypes", v) for v in ("nan", "0", "1000")] + [("bench_finetune", "nan")]
BRUSHES += [("bench_handwriting", "inf")]


@pytest.mark.parametrize("name, value", BRUSHES, ids=[f"{n} {v}" for n, v in BRUSHES])
def test_every_benchmark_refuses_a_brush_the_canvas_lacks_in_one_wording(name, value) -> None:
    """`bench_prototypes.py --brush nan` read MNIST and UNIPEN, then ended in pen.py's ValueError traceback ("pen
    width must be between 0 and 276 canvas pixels, got nan"), where bench_finetune and bench_handwriting refuse a
    brush outside the canvas's 4 to 64 pixels at once, each after argparse took it (`--brush x`: "invalid float
    value"). One ``type=`` (``pen.brush_argument``) for the three: refused as the command line is read, and text
    that is no number in every number flag's words, a decimal comma's hint kept."""
    said = _refusal(load_bench(name).main, ["--brush", value])
    assert f"argument --brush: must be from 4 to 64 canvas pixels, got {value!r}" in said, said
    said = _refusal(load_bench(name).main, ["--brush", "12,5"])
    assert said.endswith(
        "argument --brush: must be from 4 to 64 canvas pixels, got '12,5' (a decimal is written with a point: 12.5)"
    ), said


@pytest.mark.parametrize("name, flag", [("bench_drawn", "--per-class"), ("bench_finetune", "--others")])
def test_a_count_without_a_top_keeps_the_separator_hint(name, flag) -> None:
    """A count refused "of at least 1" (no top) lost launch's hint that training's "from 1 to …" gets: `--per-class
    1,000` said no more than "got '1,000'". Both wordings of the one definition get it."""
    said = _refusal(load_bench(name).main, [flag, "1,000"])
    assert said.endswith("got '1,000' (a whole number is written without separators: 1000)"), said


def test_bench_fit_refuses_a_device_in_training_s_words() -> None:
    """`bench_fit.py --device tpu` said "bench_fit.py: error: unknown device 'tpu'; …" (no flag named, after the
    command line was read, its help's `auto | cpu | cuda | cuda:N` typed out again) where training.fit, ship and
    rowreader say "argument --device: unknown device 'tpu'; …" (``device_argument``): it takes that type now."""
    said = _refusal(load_bench("bench_fit").main, ["--device", "tpu"])
    assert said.split("error: ")[1] == _refusal(arguments.parse_args, ["--device", "tpu"]).split("error: ")[1]


@pytest.mark.parametrize("value", ["29", "-1", "1e1"])
def test_the_screenshot_s_row_is_a_count_like_any_other(value) -> None:
    """`python -m gui.screenshot shot.png --row 29` said "--row must be 0…28, got 29" and `--row 1e1` argparse's
    "invalid int value": two more wordings of a count refused. It is ``whole_number(0, ROWS)``'s now."""
    from gui import screenshot

    said = _refusal(screenshot.main, ["shot.png", "--row", value])
    assert (
        f"argument --row: must be a whole number from 0 to 28, got {value!r}" in said  # review81: each quoted
    )
