"""Every benchmark refuses a setting that cannot be measured, at once and by name (exit 2), before it loads data.

Found by trying them as a user would: ``--rounds 0`` ended in ``no median for empty data`` after the setup,
``--step 0`` in an OverflowError, ``--k 0`` after a minute of rendering.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ReaderGone

import rowreader

REPO = Path(__file__).resolve().parents[1]

CASES = [
    ("bench_fit", ["--steps", "0"], "--steps"),
    ("bench_fit", ["--rounds", "0"], "--rounds"),
    ("bench_fit", ["--threads", "0"], "--threads"),
    ("bench_gui_latency", ["--rounds", "0"], "--rounds"),
    ("bench_gui_latency", ["--step", "0"], "--step"),
    ("bench_gui_latency", ["--step", "nan"], "--step"),
    ("bench_drawn", ["--per-class", "0"], "--per-class"),
    ("bench_stream", ["--images", "0"], "--images"),
    (
        "bench_stream",
        ["--hidden", "100000"],
        "--hidden: must be a whole number from 1 to 4,096, got '100000'",
    ),  # a ValueError traceback from ReaderConfig
    ("bench_startup", ["--rounds", "0"], "--rounds"),
    ("bench_fidelity", ["--limit", "0"], "--limit: must be a whole number of at least 1, got '0'"),
    ("bench_handwriting", ["--sample", "0"], "--sample"),
    ("bench_finetune", ["--k", "0"], "--k"),
    ("bench_finetune", ["--digits", "10"], "--digits"),
    ("bench_finetune", ["--digits", "1", "1"], "--digits"),
    ("bench_finetune", ["--set", "pen_dir=5"], "--pen-dir"),
    ("bench_finetune", ["--seed", "-1"], "--seed"),  # a traceback from NumPy after minutes of rendering
    ("bench_drawn", ["--seed", "-1"], "--seed"),
    ("bench_drawn", ["--seed", str(2**32)], "--seed"),
    # the seventh round: each was a traceback
    ("bench_fit", ["--batch-size", "100000"], "--batch-size: must be a whole number from 1 to 65,536"),
    ("bench_fit", ["--threads", "100000"], "--threads: must be a whole number from 1 to 1,024"),
    ("bench_fit", ["--device", "tpu"], "unknown device 'tpu'"),
    ("bench_stream", ["--checkpoint", "no-such.safetensors"], "checkpoint not found: no-such.safetensors"),
    # the eighth round: it wrote a file named "errors" after the whole run
    ("bench_handwriting", ["--save-errors", "errors/"], "--save-errors: must name a file (not a folder)"),
    # the ninth round: an empty name ("$UNSET") meant the current folder, or for --checkpoint the shipped model;
    # a second flag in each case is refused too, so that the code before fails fast, on the wrong flag
    ("bench_finetune", ["--checkpoint", "", "--k", "0"], "argument --checkpoint: an empty name"),
    ("bench_finetune", ["--data-dir", "", "--k", "0"], "argument --data-dir: an empty name"),
    ("bench_finetune", ["--pen-dir", "", "--k", "0"], "argument --pen-dir: an empty name"),
    ("bench_drawn", ["--data-dir", "", "--per-class", "0"], "argument --data-dir: an empty name"),
    ("bench_handwriting", ["--data-dir", "", "--sample", "0"], "argument --data-dir: an empty name"),
    ("bench_handwriting", ["--pen-dir", "", "--sample", "0"], "argument --pen-dir: an empty name"),
    ("bench_handwriting", ["--seed", "-1", "--sample", "0"], "argument --seed: must be a whole number from 0"),
    # ... and a flag that the other flags make meaningless was ignored without a word
    ("bench_handwriting", ["--cli-batch", "5", "--sample", "5", "--mnist", "10"], "--cli-batch is for --via-cli"),
    ("bench_stream", ["--hidden", "16", "--checkpoint", "m.safetensors"], "not allowed with argument"),
    # the eleventh round: "--steps, --rounds, --batch-size and --threads must be at least 1", whichever it was
    (
        "bench_fit",
        ["--batch-size", "0"],
        "error: argument --batch-size: must be a whole number from 1 to 65,536, got '0'",
    ),
    # ... and both loops ran on MNIST's 60,000 images under a heading of "1000 steps of 128"
    ("bench_stream", ["--warmup", "-1"], "error: argument --warmup: must be a whole number from 0 to 10,000, got '-1'"),
    ("bench_handwriting", ["--save-errors", "errors.txt"], "--save-errors draws a PNG: give a file name ending in"),
    ("bench_fit", ["--steps", "1000"], "--steps 1000 of --batch-size 128 take 128,000 images, more than the 60,000"),
    # the fifteenth round: a NumPy traceback ("Unable to allocate 5.57 PiB"), or a run that never ends
    (
        "bench_stream",
        ["--images", str(10**12)],
        "--images: must be a whole number from 1 to 10,000, got '1000000000000'",
    ),
    (
        "bench_stream",
        ["--warmup", str(10**12)],
        "--warmup: must be a whole number from 0 to 10,000, got '1000000000000'",
    ),
    ("bench_fit", ["--rounds", "101"], "argument --rounds: must be a whole number from 3 to 100, got '101'"),
    ("bench_gui_latency", ["--rounds", "101"], "argument --rounds: must be a whole number from 1 to 100, got '101'"),
    ("bench_gui_latency", ["--step", "1e-9"], "--step: must be from 1 to 100 widget pixels, got '1e-9'"),
    # the sixteenth round: "--limit must be a whole number from 1 to 1,000,000,000, got 1280000000000", a flag
    # bench_fit does not have
    ("bench_fit", ["--steps", str(10**10)], "error: --steps 10000000000 of --batch-size 128 take 1,280,000,000,000"),
]


@pytest.mark.parametrize("name, args, named", CASES, ids=[f"{n} {' '.join(a)}" for n, a, _ in CASES])
def test_a_setting_that_cannot_be_measured_is_refused_by_name(bench_module, capsys, name, args, named) -> None:
    with pytest.raises(SystemExit) as exit_:
        bench_module(name).main(args)
    assert exit_.value.code == 2 and named in capsys.readouterr().err


# the eighth round: each was a traceback, bench_finetune's for --unipen after the model and MNIST were read
INPUTS = [
    ("bench_drawn", ["--checkpoint", "{pipe}"], "pipe: is a named pipe (FIFO), not a regular file"),
    ("bench_fidelity", ["--checkpoint", "{pipe}"], "pipe: is a named pipe (FIFO), not a regular file"),
    ("bench_finetune", ["--checkpoint", "{tmp}"], "is a folder, not a checkpoint"),
    # the forty-third round: a file given as a folder is refused as the command line is read
    ("bench_finetune", ["--pen-dir", "{file}"], "argument --pen-dir: {file} is a file, not a folder"),
    ("bench_finetune", ["--data-dir", "{file}"], "argument --data-dir: {file} is a file, not a folder"),
]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes exist on POSIX systems only")
@pytest.mark.parametrize("name, args, named", INPUTS, ids=[f"{n} {' '.join(a)}" for n, a, _ in INPUTS])
def test_an_input_that_cannot_be_read_is_one_line(bench_module, capsys, tmp_path, name, args, named) -> None:
    import os

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "notes.txt").write_text("not a folder")
    names = {"pipe": tmp_path / "pipe", "tmp": tmp_path, "file": tmp_path / "notes.txt"}
    try:
        code = bench_module(name).main([a.format(**names) for a in args])
    except SystemExit as exit_:  # bench_fidelity ends through argparse's exit
        code = exit_.code
    assert code == 2 and named.format(**names) in capsys.readouterr().err


def latency_bench(*args: object) -> subprocess.CompletedProcess:
    """``bench/bench_gui_latency.py ARGS --rounds 1`` run as a user runs it, offscreen, its output kept."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    script = REPO / "bench" / "bench_gui_latency.py"
    command = [sys.executable, str(script), *map(str, args), "--rounds", "1"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_a_model_the_latency_bench_cannot_open_is_named_in_words(tmp_path) -> None:
    """`bench_gui_latency.py --compare FOLDER` printed the error dialog's Python tuple, "('Could not open the model to
    compare', '…: is a folder, not a checkpoint')"; it prints the reason."""
    done = latency_bench("--compare", tmp_path)
    assert done.returncode == 2  # the eleventh round: 1, as --check says a target was missed
    said = f"bench_gui_latency.py: error: --compare {tmp_path}: is a folder, not a checkpoint\n"  # on its command line
    assert said in done.stderr, done.stderr


UNUSABLE = [(name, "--checkpoint") for name in ("bench_drawn", "bench_fidelity", "bench_finetune", "bench_handwriting")]
UNUSABLE += [("bench_stream", "--checkpoint"), ("bench_fit", "--data-dir")]


@pytest.mark.parametrize("name, flag", UNUSABLE, ids=[f"{n} {f}" for n, f in UNUSABLE])
def test_a_benchmark_names_itself_when_its_input_cannot_be_used(bench_module, capsys, monkeypatch, name, flag) -> None:
    """A fresh clone without the UNIPEN folder, as the README's quick start leaves it: `bench_handwriting.py` said a
    bare "error: UNIPEN digits not found: …" (and `bench_finetune.py`, and `bench_gui_latency.py` for a model it could
    not open), where the other benchmarks and every command say "bench_fit.py: error: …". Each names itself."""
    monkeypatch.setattr(sys, "argv", [str(REPO / "bench" / f"{name}.py")])  # as `python bench/NAME.py` runs it
    try:
        code = bench_module(name).main([flag, "no-such-input"])
    except SystemExit as exit_:  # the ones that end through argparse's exit
        code = exit_.code
    err = capsys.readouterr().err  # a model not there is refused with the command line (usage first) since cli13
    assert code == 2 and err.splitlines()[-1].startswith(f"{name}.py: error: ") and "no-such-input" in err, err


@pytest.mark.parametrize(
    "name, flag",
    [
        ("bench_finetune", "--seed"),
        ("bench_startup", "--rounds"),
        ("bench_handwriting", "--save-errors"),
        ("bench_stream", "--hidden"),
        ("bench_gui_latency", "--compare"),
    ],
)
def test_every_setting_says_its_default(bench_module, capsys, monkeypatch, name, flag) -> None:
    """`bench_finetune.py --help` listed `--seed SEED` with no words at all and `bench_startup.py --help` gave
    `--rounds` without its default (5), where every other setting states its own; so did `--save-errors PNG`,
    `--hidden` and `--compare MODEL` (the eighteenth round)."""
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        bench_module(name).main(["--help"])
    line = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith(flag))
    assert "(default: " in line, line


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_benchmark_whose_output_cannot_be_written_says_so_in_one_line(tmp_path) -> None:
    """`python bench/bench_fidelity.py > results.txt` on a full disk ended in an OSError traceback (`rowreader`
    says "cannot write the output"); the benchmarks, `training.merge`, `ship` and `drawn` say it in one line."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, str(repo / "bench" / "bench_fidelity.py"), "--limit", "5"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=300,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "error: cannot write the output: No space left on device" in done.stderr


def test_an_error_that_is_not_the_output_s_is_not_called_one(capsys) -> None:
    """Only stdout's own failure is worded so: any other OSError from a command still reaches its caller."""
    import errno

    from rowreader.output import quiet_broken_pipe

    @quiet_broken_pipe
    def main() -> int:
        print("fine")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        main()


def test_bench_fit_reads_the_mnist_folder_its_error_sends_the_user_to(bench_module, capsys, tmp_path) -> None:
    """Without MNIST, bench_fit said to "Pass the folder that holds them (--data-dir / root=)", a flag it did not
    have (the eleventh round); it has one now, as the other benchmarks do, and both loops read that folder."""
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_fit").main(["--data-dir", str(tmp_path), "--steps", "1"])
    assert exit_.value.code == 2 and f"MNIST files not found in {tmp_path}" in capsys.readouterr().err


def test_bench_drawn_says_how_many_digits_a_class_holds(bench_module, capsys, tmp_path) -> None:
    """`--per-class 1000` was "MNIST's test split has fewer than 1000 digits of some class" (the eleventh round):
    not which class, nor how many to ask for."""
    path = tmp_path / "m.safetensors"
    rowreader.save_checkpoint(path, rowreader.RowReader(rowreader.ReaderConfig(hidden_size=8)))
    assert bench_module("bench_drawn").main(["--checkpoint", str(path), "--per-class", "1000"]) == 2
    assert "holds 892 digits of class 5, fewer than --per-class 1000; give --per-class 892" in capsys.readouterr().err


def test_bench_fidelity_without_mnist_is_not_a_missed_target(bench_module, capsys, tmp_path) -> None:
    """`bench_fidelity.py --check` without MNIST exited 1, the status of a missed target, so a CI script read "no
    data" as "fidelity lost" (the eleventh round); a setting or input it cannot use is 2, as elsewhere."""
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_fidelity").main(["--check", "--data-dir", str(tmp_path)])
    assert exit_.value.code == 2 and f"MNIST files not found in {tmp_path}" in capsys.readouterr().err


def test_a_bench_names_its_models_recorded_accuracy_as_a_percentage(bench_module):
    """bench_drawn and bench_handwriting printed the recorded share raw ("recorded MNIST test accuracy:
    0.5116666666666667") and "None" for a model that recorded none; one line, in per cent and on how many digits."""
    from rowreader import Checkpoint, load_pretrained

    line = bench_module("bench_drawn").checkpoint_line
    shipped = load_pretrained()
    assert line(shipped).endswith(f"(recorded MNIST test accuracy: {shipped.accuracy:.2%} on 10,000 digits)")
    fine_tuned = Checkpoint(shipped.config, shipped.weights, {"test_accuracy": 0.5116666666666667, "test_digits": 2000})
    assert line(fine_tuned).endswith("(recorded MNIST test accuracy: 51.17% on 2,000 digits)")
    assert (
        line(Checkpoint(shipped.config, shipped.weights)) == "checkpoint: pretrained (no MNIST test accuracy recorded)"
    )


# the fourteenth round: a folder given as a URL was told to `curl -O` it (a file's advice), and '~ann/x' (no user
# ann) was read as a folder until the data was looked for; both are refused as folders, with the command line
FOLDERS = [
    (name, flag)
    for name, flags in [
        ("bench_drawn", ["--data-dir"]),
        ("bench_fidelity", ["--data-dir"]),
        ("bench_finetune", ["--data-dir", "--pen-dir"]),
        ("bench_fit", ["--data-dir"]),
        ("bench_handwriting", ["--data-dir", "--pen-dir"]),
    ]
    for flag in flags
]


@pytest.mark.parametrize("name, flag", FOLDERS, ids=[f"{n} {f}" for n, f in FOLDERS])
@pytest.mark.parametrize("folder", ["https://example.org/mnist", "~rowreader-no-such-user/mnist"])
def test_a_folder_that_is_a_url_or_no_ones_home_is_refused_as_a_folder(bench_module, capsys, name, flag, folder):
    with pytest.raises(SystemExit) as exit_:
        bench_module(name).main([flag, folder])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"argument {flag}" in err and "curl" not in err
    assert "not a folder on this machine" in err or "which names no home folder" in err


def test_bench_startup_bounds_its_rounds_and_says_each_as_it_goes(bench_module, capsys, monkeypatch) -> None:
    """`bench_startup.py --rounds 1000000000` ran for good and said nothing: every figure was printed after the last
    round. Rounds are bounded, and each is said on stderr when it ends (here the second one fails)."""
    startup = bench_module("bench_startup")
    apps = iter([(0.5, 120.0, False), (0.6, 121.0, False)])  # the untimed warm-up start, then round 1

    def time_app(cwd):
        try:
            return next(apps)
        except StopIteration:
            raise RuntimeError("round 2's app did not start") from None

    monkeypatch.setattr(startup, "time_command", lambda args, cwd: 1.25)
    monkeypatch.setattr(startup, "time_app", time_app)
    with pytest.raises(SystemExit) as exit_:
        startup.main(["--rounds", "1000000000"])
    assert exit_.value.code == 2 and "--rounds: must be a whole number from 1 to 100, got '1000000000'" in (
        capsys.readouterr().err
    )
    with pytest.raises(RuntimeError, match="round 2"):
        startup.main(["--rounds", "3"])
    err = capsys.readouterr().err
    assert "round 1 of 3: import torch 1.25 s, predict 1.25 s, app 0.60 s, 121 MB" in err
    assert "round 2" not in err


def test_sixteenth_bench_drawn_piped_to_head_ends_quietly(bench_module, capsys, monkeypatch, tmp_path) -> None:
    """`bench_drawn.py | head -1` ended in a BrokenPipeError traceback: `@quiet_broken_pipe` stood on a helper
    (checkpoint_line), not on main. It ends quietly, status 141 (128 + SIGPIPE), as every benchmark does; and its
    refusals name it, "bench_drawn.py: error: …" (a bare "error: …" before)."""
    path = tmp_path / "m.safetensors"
    rowreader.save_checkpoint(path, rowreader.RowReader(rowreader.ReaderConfig(hidden_size=8)))
    bench = bench_module("bench_drawn")
    monkeypatch.setattr("sys.stdout", ReaderGone())
    assert bench.main(["--checkpoint", str(path), "--per-class", "1"]) == 141
    monkeypatch.undo()
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(SystemExit) as ended:  # refused with the command line since cli13, before torch
        bench.main(["--checkpoint", str(tmp_path / "none.safetensors")])
    assert ended.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("bench_drawn.py: error: ")
