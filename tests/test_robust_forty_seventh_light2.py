"""The forty-seventh round of hostile testing, light2: the light install (numpy, Pillow, safetensors, tqdm and Qt, the
project with ``--no-deps``, no torch) made afresh in a virtualenv as the README says, and used as its user would: the
app in a real window (Xvfb, openbox, xdotool), every menu action, the commands and the benchmarks, start-up time and
memory against a full install; each test is checked to fail on the code before its fix.

torch's absence is simulated as its removal would be (as in tests/test_robust_thirtysixth_light.py):
``sys.modules["torch"] = None`` makes ``import torch`` fail and ``importlib.util.find_spec`` say it is not there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image
from without_torch import without_torch


def test_bench_startup_in_a_python_without_torch_times_the_app_and_predict(bench_module, capsys, monkeypatch) -> None:
    """`python bench/bench_startup.py` in the light install ended in a traceback, CalledProcessError for
    `python -c "import torch"`, before it had timed anything: the benchmark of start-up could not measure the install
    made for a light start. Without torch it now times the app and `predict` as ever, says torch's import is not timed
    and why, and judges the targets it can (memory, no torch imported), not the two ratios to torch's import."""
    startup = bench_module("bench_startup")
    monkeypatch.setitem(sys.modules, "torch", None)  # this Python has no torch
    asked: list[list[str]] = []

    def time_command(args: list[str], cwd: object) -> float:
        asked.append(args)
        return 0.4

    monkeypatch.setattr(startup, "time_command", time_command)
    monkeypatch.setattr(startup, "time_app", lambda cwd: (0.9, 124.0, False))
    assert startup.main(["--rounds", "2", "--check"]) == 0
    out, err = capsys.readouterr()
    assert not any("import torch" in arg for args in asked for arg in args)
    assert "round 1 of 2: predict 0.40 s, app 0.90 s, 124 MB" in err
    assert 'python -c "import torch"        not timed: torch is not installed in this Python' in out
    assert "app launch → first prediction   median  0.900 s" in out
    assert "rowreader predict one.png       median  0.400 s" in out
    assert "targets (memory ≤ 250 MB, no torch; the ratios to torch's import not judged): met" in out
    monkeypatch.setattr(startup, "time_app", lambda cwd: (0.9, 300.0, False))
    assert startup.main(["--rounds", "1", "--check"]) == 1
    assert capsys.readouterr().out.endswith("not judged): MISSED\n")


def test_teach_screenshot_without_torch_says_so_once_before_any_window(tmp_path: Path) -> None:
    """`python -m gui.teach_screenshot --examples DIR OUT` in the light install copied the examples, opened its window
    and loaded the model, then said "Teaching needs PyTorch: Teaching needs PyTorch (torch), …", the dialog's title
    run into its message that repeats it. torch is now asked for first, as the other commands that need it do: one
    line, "this command needs PyTorch (torch)" with the `pip install` that adds it, status 1, no window made."""
    examples = tmp_path / "examples"
    for digit in ("1", "7"):
        (examples / digit).mkdir(parents=True)
        Image.fromarray(np.full((28, 28), 255, np.uint8)).save(examples / digit / "a.png")
    result = without_torch(
        f"""
        import runpy
        sys.argv = ["python -m gui.teach_screenshot", "--examples", {str(examples)!r}, {str(tmp_path / "out")!r}]
        runpy.run_module("gui.teach_screenshot", run_name="__main__")
        """,
        tmp_path,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m gui.teach_screenshot: error: this command needs PyTorch")
    assert "pip install 'torch<2.15'" in lines[0] and lines[0].count("needs PyTorch") == 1
    assert not (tmp_path / "out").exists()
