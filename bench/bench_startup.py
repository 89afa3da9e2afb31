"""How fast does the app open and read a first digit, and how much memory does it hold, next to torch's import?

Every figure comes from fresh interpreters started by this script, interleaved round by round so machine load
touches all alike, and the medians are compared with the time `python -c "import torch"` takes in the same run:

* app: launch of the real window (offscreen Qt) → the session's first prediction event (a digit is put in at
  launch, so the event comes as soon as the model is loaded and the rows are read); target ≤ 0.4× import torch.
  Each app has settings and a data folder of its own, as at a first start: the user's are not touched;
* the app's peak resident memory (VmHWM) after reading 21 digits (the first and 20 more), nothing trained;
  target ≤ 250 MB;
* `python -m rowreader predict one.png`: wall time of the whole command; target ≤ 0.5× import torch.

In a Python without torch (the README's light install) torch's import is not timed, and the two ratios to it are not
judged: the app and `predict` are timed, the app's memory and torch's absence judged.

    python bench/bench_startup.py [--rounds 5] [--check]
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C, while torch loads or later, is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("bench_startup"))

import argparse
import os
import statistics
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
from PIL import Image

from rounds import MAX_ROUNDS, RoundsArgument, check_rounds
from rowreader import needs_torch
from rowreader.launch import CommandParser, starting
from rowreader.output import printing_results
from this_checkout import ROOT

TARGET_APP_RATIO = 0.4
TARGET_PREDICT_RATIO = 0.5
TARGET_RSS_MB = 250.0

# The child prints one line when the first prediction is there, then its memory after reading more digits.
APP = textwrap.dedent(
    """
    import sys
    import numpy as np
    from PySide6.QtCore import QSettings, QTimer
    from gui.app import create_app
    from gui.main_window import MainWindow

    app = create_app(sys.argv[:1], "light")
    # the bench's own settings and data folder: the user's (their examples read, a crashed teach's note said to no
    # one and removed, an older version's folder moved) belong to their app, not to a measurement
    window = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat), user_dir=sys.argv[2])
    window.show()
    digit = np.zeros((28, 28), np.float32)
    digit[4:24, 12:16] = 1.0
    window.session.set_image(digit)

    def finish():
        rng = np.random.default_rng(0)
        for _ in range(20):
            window.session.set_image((rng.random((28, 28)) > 0.8).astype(np.float32))
            app.processEvents()
        torch_loaded = any(name.split(".")[0] == "torch" for name in sys.modules)
        status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
        print("rss-kb", int(status["VmHWM"].split()[0]), "torch", torch_loaded, flush=True)
        window.close()
        app.quit()

    def on_event(event):
        if window.session.predictions:
            print("first-prediction", flush=True)
            window.session.unsubscribe(on_event)
            QTimer.singleShot(0, finish)

    window.session.subscribe(on_event)
    sys.exit(app.exec())
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": ROOT, "QT_QPA_PLATFORM": "offscreen"}


def time_command(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=_env(), check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def time_app(cwd: Path) -> tuple[float, float, bool]:
    """Seconds from launch to the first prediction event, peak RSS in MB, and whether torch was imported. Each start
    has a settings file and a data folder of its own, new: the first start wrote the window's layout, and every later
    one in the run read it, not a first start."""
    start = Path(tempfile.mkdtemp(prefix="start-", dir=cwd))
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", APP, str(start / "settings.ini"), str(start / "user")],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        first = child.stdout.readline()
        elapsed = time.perf_counter() - started
        rest, errors = child.communicate(timeout=300)
    finally:  # stopped (Ctrl-C, SIGTERM) or timed out: an app left running here ran on, offscreen, for good
        if child.poll() is None:
            child.kill()
            child.communicate()  # and its pipes closed
    if first.strip() != "first-prediction" or child.returncode != 0:
        raise RuntimeError(f"the app did not report a prediction (exit {child.returncode}): {first}{rest}{errors}")
    fields = rest.split()
    return elapsed, int(fields[fields.index("rss-kb") + 1]) / 1024, fields[fields.index("torch") + 1] == "True"


@printing_results  # `| head` ends it quietly, `>&-` is refused; a full disk is one line
def main(argv: list[str] | None = None) -> int:
    parser = CommandParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--rounds",
        type=(rounds_read := RoundsArgument()),
        default=5,
        help=f"fresh starts of each kind, whose medians are compared, 1 to {MAX_ROUNDS} (default: 5)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed (default: off)")
    with starting():  # a stop while the command line is read has done nothing, and says so
        args = parser.parse_args(argv)
        check_rounds(parser, args.rounds, typed=rounds_read.typed)

    no_torch = needs_torch.absent("torch")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        one = np.zeros((280, 280), np.uint8)
        one[30:250, 130:150] = 255  # a bold "1", white on black
        Image.fromarray(one).save(cwd / "one.png")
        # the light install (no torch) is timed too: its import, which it lacks, ended the run in a traceback
        commands = {} if no_torch else {"import torch": [sys.executable, "-c", "import torch"]}
        commands["predict"] = [sys.executable, "-m", "rowreader", "predict", "one.png"]
        times: dict[str, list[float]] = {name: [] for name in [*commands, "app"]}
        rss, torch_in_app = [], False
        time_app(cwd)  # one untimed start of each: file caches warm for all alike
        for args_ in commands.values():
            time_command(args_, cwd)
        for done in range(1, args.rounds + 1):
            for name, command in commands.items():
                times[name].append(time_command(command, cwd))
            elapsed, peak, loaded = time_app(cwd)
            times["app"].append(elapsed)
            rss.append(peak)
            torch_in_app |= loaded
            commands_took = "".join(f"{name} {times[name][-1]:.2f} s, " for name in commands)
            print(  # on stderr, as it goes: nothing was said until every round had run
                f"round {done} of {args.rounds}: {commands_took}app {elapsed:.2f} s, {peak:.0f} MB",
                file=sys.stderr,
                flush=True,
            )

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    median = {name: statistics.median(values) for name, values in times.items()}
    peak_rss = max(rss)
    rounds = f"{args.rounds} round{'' if args.rounds == 1 else 's'}"  # "1 rounds" was printed
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; Python {sys.version.split()[0]}; {rounds}")
    if no_torch:
        print('python -c "import torch"        not timed: torch is not installed in this Python')
    else:
        print(f'python -c "import torch"        median {median["import torch"]:6.3f} s')
    ratios = {} if no_torch else {name: median[name] / median["import torch"] for name in ("app", "predict")}
    said = {name: f"   {value:5.2f}× import torch" for name, value in ratios.items()}
    print(f"app launch → first prediction   median {median['app']:6.3f} s{said.get('app', '')}")
    print(f"rowreader predict one.png       median {median['predict']:6.3f} s{said.get('predict', '')}")
    print(f"app peak resident memory        {peak_rss:6.0f} MB (after 21 digits; torch imported: {torch_in_app})")
    ok = peak_rss <= TARGET_RSS_MB and not torch_in_app
    if no_torch:
        judged = f"memory ≤ {TARGET_RSS_MB:g} MB, no torch; the ratios to torch's import not judged"
    else:
        ok = ok and ratios["app"] <= TARGET_APP_RATIO and ratios["predict"] <= TARGET_PREDICT_RATIO
        judged = (
            f"app ≤ {TARGET_APP_RATIO}×, predict ≤ {TARGET_PREDICT_RATIO}×, memory ≤ {TARGET_RSS_MB:g} MB, no torch"
        )
    print(f"targets ({judged}): {'met' if ok else 'MISSED'}")
    return 1 if args.check and not ok else 0
