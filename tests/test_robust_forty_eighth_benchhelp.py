"""The forty-eighth round of hostile testing, benchhelp: the benchmarks in the light install (no torch), asked what
they do before torch's 2 GB are installed: every `bench/*.py` command with `--help`, `--version` and a plain run,
and `python -m training.ship`'s; each test is checked to fail on the code before its fix.

torch's absence is simulated as its removal would be (as in tests/test_robust_thirtysixth_light.py):
``sys.modules["torch"] = None`` makes ``import torch`` fail and ``importlib.util.find_spec`` say it is not there.
The benchmarks are found, not listed: every file in bench/ that runs as a command (through ``run_main``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from without_torch import without_torch

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
BENCHES = sorted(path.stem for path in BENCH.glob("*.py") if "run_main(" in path.read_text(encoding="utf-8"))

# Each bench run as `python bench/NAME.py ARGS` runs it, for each ARGS, in one Python without torch (one start, not
# twenty): its exit status and what it printed on stdout and stderr, per "NAME ARGS"
RUN_ALL = """
    import contextlib, io, json, runpy, sys
    sys.path.insert(0, {bench!r})
    results = {{}}
    for name, args in [(name, args) for args in {args!r} for name in {names!r}]:
        out, err = io.StringIO(), io.StringIO()
        sys.argv = [{bench!r} + "/" + name + ".py", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(sys.argv[0], run_name="__main__")
                status = 0
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
        results[" ".join([name, *args])] = [status, out.getvalue(), err.getvalue()]
    print(json.dumps(results))
    """


def run_without_torch(names: list[str], args: list[list[str]], cwd: Path) -> dict[str, list]:
    """``{"NAME ARGS": [status, stdout, stderr]}`` of ``python bench/NAME.py ARGS`` for each of ``names`` and
    ``args``, without torch."""
    result = without_torch(RUN_ALL.format(bench=str(BENCH), names=names, args=args), cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_every_bench_answers_help_and_version_without_torch(tmp_path: Path) -> None:
    """`python bench/bench_drawn.py --help` (and --version) in the light install said "this command needs PyTorch",
    status 1, for 9 of the 10 benchmarks: each built its parser below `import torch`, so what a benchmark does and
    its defaults could not be read before installing 2 GB. Every bench now reads its command line first, torch
    imported once it is read: --help prints the usage and the description, --version the version, status 0."""
    assert len(BENCHES) >= 10, BENCHES
    said = run_without_torch(BENCHES, [["--help"], ["--version"]], tmp_path)
    for name in BENCHES:
        status, out, err = said[f"{name} --help"]
        assert (status, err) == (0, ""), (name, status, err)
        assert out.startswith(f"usage: {name}.py ") and "--help" in out and "needs PyTorch" not in out, (name, out)
        status, out, err = said[f"{name} --version"]
        assert (status, err) == (0, ""), (name, status, err)
        assert out.startswith(f"{name}.py ") and len(out.splitlines()) == 1, (name, out)


def test_a_bench_run_without_torch_says_so_in_one_line(tmp_path: Path) -> None:
    """Run without torch, each benchmark that needs it says so in one line, as the other commands do (run_main's
    words, one definition): "this command needs PyTorch (torch)" with the `pip install` that adds it, status 1, and
    nothing on stdout. bench_startup times the light install itself (tests/test_robust_forty_seventh_light2.py)."""
    names = [name for name in BENCHES if name not in ("bench_startup", "person_examples")]
    for name, (status, out, err) in run_without_torch(names, [[]], tmp_path).items():
        lines = err.splitlines()
        assert (status, out) == (1, ""), (name, status, out, err)
        assert len(lines) == 1 and lines[0].startswith(f"{name}.py: error: this command needs PyTorch"), (name, err)
        assert "pip install 'torch<2.15'" in lines[0], (name, err)


def ship_without_torch(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``python -m training.ship ARGS`` in a Python without torch."""
    return without_torch(
        f"""
        import runpy
        sys.argv = ["python -m training.ship", *{args!r}]
        runpy.run_module("training.ship", run_name="__main__")
        """,
        cwd,
    )


def test_ship_dry_run_without_torch_prints_the_four_commands(tmp_path: Path) -> None:
    """`python -m training.ship --dry-run` in the light install said "this command needs PyTorch", status 1: it
    imported torch for every run, a dry run too, to compare --also's recipe with the real one. That comparison is
    plain data (training.arguments's now, no torch), so the dry run prints the four commands it would run, --also's
    flags in each, status 0, and refuses a flag training.fit has not in ship's words; the run itself still says it
    needs PyTorch, in one line, status 1, nothing made."""
    shown = ship_without_torch(["--runs", "r", "--dry-run", "--also", "--limit 512 --epochs 1"], tmp_path)
    assert (shown.returncode, shown.stderr) == (0, ""), shown.stderr
    commands = [line for line in shown.stdout.splitlines() if line.startswith("python -m training.fit ")]
    assert len(commands) == 4 and all("--limit 512 --epochs 1" in line for line in commands), shown.stdout
    refused = ship_without_torch(["--dry-run", "--also", "--bogus"], tmp_path)
    assert refused.returncode == 2 and "--also: " in refused.stderr and "needs PyTorch" not in refused.stderr
    run = ship_without_torch(["--runs", "r"], tmp_path)
    lines = run.stderr.splitlines()
    assert run.returncode == 1 and len(lines) == 1 and "this command needs PyTorch" in lines[0], run.stderr
    assert not (tmp_path / "r").exists()
