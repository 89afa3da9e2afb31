"""The fifty-eighth round's command lines (area cli13): where cli12 left them, each test seen failing on the code
before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if "import this_checkout  #" in p.read_text())


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_runs_as_a_module(name: str) -> None:
    """`python -m bench.bench_fit --help` (every benchmark) ended in a traceback, "No module named 'this_checkout'":
    run as a module, bench/ is not on sys.path, where the script finds this_checkout, rounds and itself again
    (run_main imports it by name). It runs as it does as `python bench/bench_fit.py`, named as typed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--help"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m bench.{name} "), done.stdout[:200]


@pytest.mark.parametrize(
    ("command", "words", "said"),
    [
        ("training", ["--lr="], "argument --lr: must be a number above 0 and at most 10, got ''"),
        ("training", ["--pen", " "], "argument --pen: must be a number from 0 to 0.95, got ' '"),
        (
            "rowreader",
            ["evaluate", "--sure="],
            "argument --sure: must be a belief above 0 and at most 1, got ''",
        ),
    ],
)
def test_an_empty_real_number_names_what_is_taken(capsys, command: str, words: list[str], said: str) -> None:
    """`--lr=` and `--sure=` said argparse's bare "invalid float value: ''", where an empty whole number says what it
    takes ("must be a whole number from 1 to …, got ''"): a value left out (a shell variable unset) says the range
    (since cli26, in a whole number's words)."""
    from rowreader.cli import main as rowreader_main
    from training.arguments import parse_args

    with pytest.raises(SystemExit) as ended:
        rowreader_main(words) if command == "rowreader" else parse_args(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"error: {said}")


PIPED = "checkpoint not found: -; a model is read from its file, not from a pipe: save it to a file and give that "
PIPED += "file's name"


@pytest.mark.parametrize(
    "words",
    [
        ["training.fit", "--finetune", "-", "--examples", "{tmp}"],
        ["training.fit", "--distill-from", "-"],
        ["training.merge", "-", "{tmp}/a.safetensors", "--out", "{tmp}/m.safetensors"],
        ["bench/bench_stream.py", "--checkpoint", "-"],
    ],
)
def test_a_model_named_dash_says_it_is_read_from_its_file(tmp_path: Path, words: list[str]) -> None:
    """`training.fit --finetune -` (a model piped in, as `predict -` takes a picture) said "checkpoint not found: -",
    where `rowreader predict --checkpoint -` says why: a model is read from its file. Every checkpoint says it."""
    typed = [w.format(tmp=tmp_path) for w in words]
    command = [typed[0]] if typed[0].endswith(".py") else ["-m", typed[0]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, *command, *typed[1:]], cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.PIPE
    )
    assert done.returncode == 2, done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert ": error: " in said and said.endswith(PIPED), said
    assert list(tmp_path.iterdir()) == []


DASH_FOLDER = (
    "must name a folder: '-' would be standard input or output, and a folder is neither; give a folder's name "
    "(./- for one named -)"
)


@pytest.mark.parametrize(
    "words",
    [
        ["rowreader", "download", "--data-dir", "-"],
        ["training.fit", "--finetune", "m.safetensors", "--examples", "-"],
        ["training.ship", "--runs", "-", "--dry-run"],
        ["bench/person_examples.py", "ibm/15", "-"],
    ],
)
def test_dash_for_a_folder_is_refused(tmp_path: Path, words: list[str]) -> None:
    """`rowreader download --data-dir -` made a folder named "-" where it was started and fetched MNIST into it, and
    `bench/person_examples.py ibm/15 -` wrote its pictures there: '-' is standard input or output to most commands,
    as `--out -` is refused for. It is refused with the command line (status 2), before anything is read or made."""
    command = [ROOT / words[0]] if words[0].endswith(".py") else ["-m", words[0]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *command, *words[1:]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(f": {DASH_FOLDER}"), done.stderr
    assert list(tmp_path.iterdir()) == []


def _too_soon(*_args: object, **_kwargs: object) -> None:
    """In the place of what loads (torch, UNIPEN): a refusal of the command line alone comes before its seconds."""
    raise AssertionError("loaded before the command line was refused")


KERNEL = "/proc is the kernel's own folder, where no file can be saved"


def test_person_examples_refuses_a_kernel_folder_before_unipen(monkeypatch, capsys) -> None:
    """`bench/person_examples.py ibm/15 /proc/rr` read UNIPEN (1.5–4 s) before "cannot write /proc/rr/0/0.png: /proc
    is the kernel's own folder", status 1: the command line alone says it, so it is refused with it (status 2)."""
    from tests.conftest import load_bench

    script = load_bench("person_examples")
    monkeypatch.setattr(script, "load_unipen", _too_soon)
    with pytest.raises(SystemExit) as ended:
        script.main(["ibm/15", "/proc/rr"])
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"error: argument out_dir: {KERNEL}")


@pytest.mark.parametrize("option", ["--out", "--metrics"])
def test_training_fit_refuses_an_output_in_a_kernel_folder_before_torch(capsys, option: str) -> None:
    """`training.fit --out /proc/x/m.safetensors` loaded torch (5 s at a load of 4, 1.3 s of CPU) before "cannot write
    …: /proc is the kernel's own folder": the line read first (no torch) says it now."""
    from training.arguments import main as arguments_main

    with pytest.raises(SystemExit) as ended:
        arguments_main([option, "/proc/x/m.safetensors"])
    assert ended.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.endswith(f"error: {option} must name a file a command can make: {KERNEL}"), said


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--out", "m.safetensors", "--metrics", "m.safetensors"], "--metrics and --out are the same file"),
        (["--out", "notes.safetensors"], "--out notes.safetensors exists and was not written by RowReader"),
    ],
)
def test_a_run_whose_outputs_are_refused_is_refused_before_torch(
    tmp_path: Path, monkeypatch, capsys, words: list[str], said: str
) -> None:
    """`training.fit --out m.safetensors --metrics m.safetensors` loaded torch (8 s at a load of 4, 1.4 s of CPU)
    before "--metrics and --out are the same file", and `--out notes.safetensors` (someone's file) before refusing
    to write over it (3 s, torch imported to ask whether the file is a training state): what the names and the files
    there say is said by the line read first (no torch), in the run's words."""
    from training.arguments import main as arguments_main

    monkeypatch.chdir(tmp_path)
    for module in ("torch", "training.state"):  # imported, they raise ImportError: the refusal came too late
        monkeypatch.setitem(sys.modules, module, None)
    (tmp_path / "notes.safetensors").write_text("mine\n")
    with pytest.raises(SystemExit) as ended:
        arguments_main(words)
    assert ended.value.code == 2
    assert said in capsys.readouterr().err.strip().splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.safetensors"]
    assert (tmp_path / "notes.safetensors").read_text() == "mine\n"


# every benchmark but those refusing a missing model otherwise: a benchmark added later is tried here unless named
BENCHMARKS_REFUSING_OTHERWISE = {
    "bench_finetune": "it says it (status 2) after its --save-left refusal, returned as its inputs' (cli14's test)",
    "bench_fit": "it takes no model",
    "bench_gui_latency": "it refuses one as the app does, tested with the app's refusals",
    "bench_startup": "it takes no model",
}


@pytest.mark.parametrize("name", sorted(set(conftest.BENCHMARKS) - set(BENCHMARKS_REFUSING_OTHERWISE)))
def test_a_benchmarks_model_not_there_is_refused_before_torch(tmp_path: Path, monkeypatch, capsys, name: str) -> None:
    """`python bench/bench_stream.py --checkpoint missing.safetensors` (and five more benchmarks) loaded torch
    first: 2.6–4.5 s of wall and 1.6–1.8 s of CPU at a load of 5, where rowreader and training say it as the line
    is read. It is refused so (status 2), in bench_gui_latency's and the app's words, once the script's own checks
    of the line are done (bench_finetune's --save-left refusal keeping a user's picture comes first)."""
    from tests.conftest import load_bench

    script = load_bench(name)
    monkeypatch.setattr(script, "load_once_read", _too_soon)
    missing = tmp_path / "missing.safetensors"
    with pytest.raises(SystemExit) as ended:
        script.main(["--checkpoint", str(missing)])
    assert ended.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.endswith(f"error: --checkpoint: checkpoint not found: {missing}"), said
