"""The twenty-first round of hostile testing, the benchmarks: each test fails on the code before its fix."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BENCHMARKS

REPO = Path(__file__).resolve().parents[1]

# Runs each benchmark as `python bench/X.py` does (run_path as __main__, bench/ first on sys.path), with another
# checkout's `rowreader` next on the path, as a second clone sharing one virtualenv's editable install has it; the
# benchmark's own module is stubbed, so that only the start is run (no torch). Prints the status and the library.
AS_A_SCRIPT = """
import runpy, sys, types
bench, other, names = sys.argv[1], sys.argv[2], sys.argv[3:]
rest = sys.path[1:]
for name in names:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("rowreader", "this_checkout")]:
        del sys.modules[loaded]
    stub = types.ModuleType(name)
    stub.main = lambda: 0
    sys.modules[name] = stub
    sys.path[:] = [bench, other, *rest]
    try:
        runpy.run_path(f"{bench}/{name}.py", run_name="__main__")
    except SystemExit as done:
        print(name, done.code, sys.modules["rowreader"].__file__)
"""


def test_a_benchmark_run_as_a_script_reads_the_library_of_its_own_checkout(tmp_path: Path) -> None:
    # `python bench/bench_stream.py` in a second checkout timed the library the virtualenv was installed from, and
    # bench_handwriting.py read that one's rowreader with its own training (its sys.path insert came too late)
    other = tmp_path / "other-checkout" / "rowreader"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("")
    (other / "launch.py").write_text("def run_main(*args, **kwargs):\n    return 3\n")
    done = subprocess.run(
        [sys.executable, "-c", AS_A_SCRIPT, str(REPO / "bench"), str(other.parent), *BENCHMARKS],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = [f"{name} 0 {REPO / 'rowreader' / '__init__.py'}" for name in BENCHMARKS]
    assert done.stdout.splitlines() == expected and len(expected) == 10


def test_bench_stream_times_a_gru_model_against_nn_gru_and_names_each_ratios_baseline(
    bench_module, tmp_path: Path, capsys
) -> None:
    # a GRU model (training.fit --cell gru) was an AttributeError traceback: both baselines read `reader.lstm`
    import torch

    from rowreader import ReaderConfig, RowReader, save_checkpoint

    model = tmp_path / "gru.safetensors"
    save_checkpoint(model, RowReader(ReaderConfig(input_size=8, hidden_size=8, layers=2, cell="gru")))
    threads = torch.get_num_threads()
    try:
        status = bench_module("bench_stream").main(["--checkpoint", str(model), "--images", "2", "--warmup", "0"])
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    assert status == 0 and "torch nn.GRU " in out and "torch nn.GRUCell " in out
    # "speed-up" alone named no baseline; both now say which, and the diff compares the same function
    assert "×    vs nn.GRU (the target's baseline)" in out and "×    vs nn.GRUCell" in out
    assert float(out.split("largest probability difference stream vs baselines: ")[1].split()[0]) < 1e-5


def test_bench_startup_stopped_while_the_app_starts_leaves_no_app_running(bench_module, tmp_path, monkeypatch) -> None:
    # Ctrl-C during an app's start left it running, offscreen and orphaned, for good (seen at 48 s and counting)
    bench = bench_module("bench_startup")
    started: list[subprocess.Popen] = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    def stop(signum, frame) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "APP", "import time; time.sleep(30)")  # an app slow to say its first prediction
    monkeypatch.setattr(bench.subprocess, "Popen", Recorded)
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(KeyboardInterrupt):
            bench.time_app(tmp_path)
        assert len(started) == 1 and started[0].poll() is not None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        for child in started:
            if child.poll() is None:
                child.kill()
                child.wait()


def test_bench_handwriting_per_class_table_with_no_mnist_digit_of_a_class(bench_module, capsys) -> None:
    # `--mnist 30` holds no 8: its row printed two NumPy RuntimeWarnings and "nan%"
    import warnings

    import numpy as np

    labels = np.array([3, 8, 8])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bench_module("bench_handwriting").print_per_class(
            labels, np.array([True, True, False]), np.array([3, 3]), np.array([3, 5])
        )
    rows = capsys.readouterr().out.splitlines()[-2:]
    assert rows[0].split() == ["3", "100.00%", "0", "1", "100.00%"]
    assert rows[1].split() == ["8", "50.00%", "1", "2", "–"]


def test_bench_fit_warms_up_before_its_rounds_and_names_each_ratios_baseline(bench_module, monkeypatch, capsys) -> None:
    # the reference loop, always first, paid the process's one-time torch costs in the first round: `--rounds 1
    # --steps 2` said "overhead -76.4 %"; and "overhead" named no baseline
    import numpy as np
    import torch

    bench = bench_module("bench_fit")
    calls: list[tuple[str, int]] = []

    def reference(config, device, images, labels) -> float:
        calls.append(("reference", len(images)))
        return 100.0

    def fit(config) -> float:
        calls.append((f"fit {config.augment}", config.limit))
        return 80.0 if config.augment == "none" else 50.0

    monkeypatch.setattr(bench, "reference_loop", reference)
    monkeypatch.setattr(bench, "fit_loop", fit)
    monkeypatch.setattr(bench, "load_mnist", lambda root, train: (np.zeros((64, 28, 28), np.uint8), np.zeros(64)))
    threads = torch.get_num_threads()
    try:
        bench.main(["--steps", "1", "--rounds", "3", "--batch-size", "8", "--threads", str(threads)])
    finally:
        torch.set_num_threads(threads)
    # one untimed reference step, then the rounds (at least 3 since the forty-third round)
    assert calls == [("reference", 8), *[("reference", 8), ("fit none", 8), ("fit light", 8)] * 3]
    out = capsys.readouterr().out
    assert "; 1 step of 8, median of 3\n" in out  # it said "1 steps"
    assert "reference loop               100 samples/s   (the baseline)" in out
    assert "overhead +25.0 % of the reference loop's time (target ≤ 10 %)" in out  # 100 / 80 − 1
    assert "augmentation costs +60.0 % over no aug" in out  # 80 / 50 − 1


@pytest.mark.parametrize(("accuracies", "ratio"), [((0.9, 0.95), "1.0556×"), ((0.0, 0.05), "– (no original")])
def test_bench_fidelity_prints_the_ratio_to_its_baseline(bench_module, monkeypatch, capsys, accuracies, ratio) -> None:
    # every other benchmark prints a ratio to the baseline it measured in the same run; this one only a difference
    import torch

    bench = bench_module("bench_fidelity")
    monkeypatch.setattr(bench, "fidelity", lambda reader, images, labels, progress: accuracies)
    threads = torch.get_num_threads()
    try:
        assert bench.main(["--limit", "20"]) == 0
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    assert "difference: +5.00 points" in out and f"ratio round trip / original digits: {ratio}" in out


def test_bench_finetune_stopped_while_reading_its_command_line_says_nothing_was_done(
    bench_module, monkeypatch, capsys
) -> None:
    # the seven other benchmarks say "interrupted while starting; nothing was done"; this one "interrupted" alone
    from rowreader.launch import CommandParser, run_main

    bench_module("bench_finetune")  # in sys.modules, where run_main imports it from

    def stopped(self, args=None, namespace=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(CommandParser, "parse_args", stopped)
    assert run_main("bench_finetune", "bench_finetune.py", [], last=False) == 130
    assert capsys.readouterr().err.strip() == "bench_finetune.py: interrupted while starting; nothing was done"


def test_bench_gui_latency_while_teaching_without_mnist_is_refused_before_the_window(
    bench_module, monkeypatch, tmp_path, capsys
) -> None:
    # its --help says --while-teaching needs MNIST; without it: a FileNotFoundError traceback after a measurement
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    bench = bench_module("bench_gui_latency")
    monkeypatch.setattr(bench, "create_app", lambda *args: pytest.fail("the window was opened"))
    assert bench.main(["--while-teaching", "--rounds", "1", "--step", "100"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bench_gui_latency.py: error: MNIST files not found in $ROWREADER_DATA=")
    assert "no-mnist" in err


def test_bench_gui_latency_stopped_while_teaching_closes_the_window_as_quit_does(bench_module, monkeypatch) -> None:
    # a stop left the fine-tune to Qt, which destroyed it running: "QProcess: Destroyed while process ("/usr/bin/nice")
    # is still running." came after the bench's "interrupted"; closing the window stops it as the app's Quit does
    bench = bench_module("bench_gui_latency")
    closed: list[bool] = []

    class Window(bench.MainWindow):
        def closeEvent(self, event) -> None:
            closed.append(True)
            super().closeEvent(event)

    def stopped(app, window, images, labels):
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "MainWindow", Window)
    monkeypatch.setattr(bench, "DIGITS", {})  # no moves to measure: straight to the teaching
    monkeypatch.setattr(bench, "start_teaching", stopped)
    monkeypatch.setattr(bench, "load_mnist", lambda train: (None, None))
    with pytest.raises(KeyboardInterrupt):
        bench.main(["--while-teaching", "--rounds", "1"])
    assert closed == [True]


@pytest.mark.parametrize("setting", ["metrics=log.csv", "out=m.safetensors", "epochs=3", "device=cpu", "eval_digits=9"])
def test_bench_finetune_refuses_a_setting_its_fine_tunes_do_not_read(bench_module, capsys, setting) -> None:
    # each was taken and printed as "recipe changed from the finetune preset: metrics=log.csv", then did nothing:
    # no log, no model written, the epochs, device and MNIST digits of the bench's own
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_finetune").main(["--set", setting, "--k", "0"])  # --k 0: before the fix, no whole run
    err = capsys.readouterr().err
    name = setting.split("=")[0]
    assert exit_.value.code == 2 and f"argument --set: {name} is not read by this bench's fine-tunes" in err


def test_the_ratio_to_mnist_where_mnist_reads_none_right_is_a_dash(bench_module, capsys) -> None:
    # bench_drawn and bench_handwriting printed "nan" as drawn/MNIST for a model that read no MNIST digit right
    import numpy as np

    labels = np.array([1, 2])
    read = np.repeat(labels[:, None], 28, axis=1)  # both read right after every row
    bench_module("bench_drawn").print_accuracy_after_rows("pen", read, labels, read, np.array([0, 0]))
    rows = capsys.readouterr().out.splitlines()[-3:]
    assert [row.split() for row in rows] == [[f"{r}", "100.00%", "0.00%", "–", "+100.00pt"] for r in (14, 20, 28)]


def test_bench_handwriting_via_cli_reads_pngs_under_a_name_that_is_not_utf8(bench_module, tmp_path: Path) -> None:
    # TMPDIR=/tmp/lat<0xE9> (Latin-1): `rowreader predict --json` says such a name as "file_bytes", its "file" with
    # U+FFFD, and --via-cli ended in a KeyError traceback after rendering every digit
    import os

    import numpy as np
    from PIL import Image

    folder = tmp_path / os.fsdecode(b"lat\xe9")
    folder.mkdir()
    canvas = np.full((280, 280), 255, np.uint8)
    canvas[40:240, 130:150] = 0  # a 1
    paths = [folder / "00000.png", folder / "00001.png"]
    Image.fromarray(canvas, "L").save(paths[0])
    Image.fromarray(np.full((280, 280), 255, np.uint8), "L").save(paths[1])  # blank: no prediction
    rows = bench_module("bench_handwriting").cli_predict_rows(paths, None)
    assert rows.shape == (2, 28) and rows[0, -1] == 1 and (rows[1] == -1).all()
