"""The forty-eighth round of hostile testing, benchhelp: the benchmarks in the light install (no torch), asked what
they do before torch's 2 GB are installed: every `bench/*.py` command with `--help`, `--version` and a plain run,
and `python -m training.ship`'s; each test is checked to fail on the code before its fix.

torch's absence is simulated as its removal would be (as in tests/test_robust_thirtysixth_light.py):
``sys.modules["torch"] = None`` makes ``import torch`` fail and ``importlib.util.find_spec`` say it is not there.
The benchmarks are found, not listed: every file in bench/ that runs as a command (through ``run_main``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
BENCHES = sorted(path.stem for path in BENCH.glob("*.py") if "run_main(" in path.read_text(encoding="utf-8"))

# Each bench run as `python bench/NAME.py ARGS` runs it, in one Python without torch (one start, not ten): what it
# printed on stdout and stderr and its exit status, per bench
RUN_ALL = """
    import contextlib, io, json, runpy, sys
    sys.modules["torch"] = sys.modules["torchvision"] = None
    sys.path.insert(0, {bench!r})
    results = {{}}
    for name in {names!r}:
        out, err = io.StringIO(), io.StringIO()
        sys.argv = [{bench!r} + "/" + name + ".py", *{args!r}]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(sys.argv[0], run_name="__main__")
                status = 0
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
        results[name] = [status, out.getvalue(), err.getvalue()]
    print(json.dumps(results))
    """


def run_without_torch(names: list[str], args: list[str], cwd: Path) -> dict[str, list]:
    """``{name: [status, stdout, stderr]}`` of ``python bench/NAME.py ARGS`` for each of ``names``, without torch."""
    code = textwrap.dedent(RUN_ALL.format(bench=str(BENCH), names=names, args=args))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_every_bench_answers_help_and_version_without_torch(tmp_path: Path) -> None:
    """`python bench/bench_drawn.py --help` (and --version) in the light install said "this command needs PyTorch",
    status 1, for 9 of the 10 benchmarks: each built its parser below `import torch`, so what a benchmark does and
    its defaults could not be read before installing 2 GB. Every bench now reads its command line first, torch
    imported once it is read: --help prints the usage and the description, --version the version, status 0."""
    assert len(BENCHES) >= 10, BENCHES
    helps = run_without_torch(BENCHES, ["--help"], tmp_path)
    versions = run_without_torch(BENCHES, ["--version"], tmp_path)
    for name in BENCHES:
        status, out, err = helps[name]
        assert (status, err) == (0, ""), (name, status, err)
        assert out.startswith(f"usage: {name}.py ") and "--help" in out and "needs PyTorch" not in out, (name, out)
        status, out, err = versions[name]
        assert (status, err) == (0, ""), (name, status, err)
        assert out.startswith(f"{name}.py ") and len(out.splitlines()) == 1, (name, out)


def test_a_bench_run_without_torch_says_so_in_one_line(tmp_path: Path) -> None:
    """Run without torch, each benchmark that needs it says so in one line, as the other commands do (run_main's
    words, one definition): "this command needs PyTorch (torch)" with the `pip install` that adds it, status 1, and
    nothing on stdout. bench_startup times the light install itself (tests/test_robust_forty_seventh_light2.py)."""
    names = [name for name in BENCHES if name not in ("bench_startup", "person_examples")]
    for name, (status, out, err) in run_without_torch(names, [], tmp_path).items():
        lines = err.splitlines()
        assert (status, out) == (1, ""), (name, status, out, err)
        assert len(lines) == 1 and lines[0].startswith(f"{name}.py: error: this command needs PyTorch"), (name, err)
        assert "pip install 'torch<2.15'" in lines[0], (name, err)
