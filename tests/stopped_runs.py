"""Training runs stopped on purpose, for the tests of what a stopped or killed run leaves and says next time."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import training.fit as fit_module

ROOT = Path(__file__).resolve().parents[1]
# the smallest run of three epochs: a second or two on this CPU
TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "32", "--hidden", "8", "--threads", "1", "--epochs", "3"]


def stopped_in_the_second_epoch(monkeypatch, argv: list[str]) -> None:
    """``training.fit`` run with ``argv`` and stopped by SIGTERM in its second epoch: epoch 1 saved."""
    real = fit_module.train_epoch

    def stopped_in_the_second(run, data):
        if run.epoch == 1:
            signal.raise_signal(signal.SIGTERM)
        return real(run, data)

    monkeypatch.setattr(fit_module, "train_epoch", stopped_in_the_second)
    assert fit_module.main(argv) == 128 + signal.SIGTERM
    monkeypatch.setattr(fit_module, "train_epoch", real)


def stopped_after_one_epoch(out: Path, monkeypatch) -> None:
    """A run of three epochs stopped by SIGTERM in its second: epoch 1's checkpoint and state on disk."""
    stopped_in_the_second_epoch(monkeypatch, [*TINY, "--out", str(out)])


def resume_stopped_while_checking(out: Path, monkeypatch) -> int:
    """``training.fit --resume --out out`` (the tiny run) stopped by SIGTERM as its outputs are checked, before it
    has looked for a saved state: its exit status."""
    real = fit_module.check_outputs

    def stopped_while_checking(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_module, "check_outputs", stopped_while_checking)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return fit_module.main([*TINY, "--out", str(out), "--resume"])


# What :func:`killed_pen_run` prints for the leak tests: the named semaphores its pool made, as /dev/shm (Linux)
# names them. Its own, not every `sem.mp-*` there: another process's pool (a second worker's pen run, a developer's
# `--pen` training) was counted, still there after the kill, and the leak test failed.
SEMAPHORES_MADE = (
    "*sorted('sem.' + o._semlock.name.lstrip('/') for o in gc.get_objects() "
    "if isinstance(o, multiprocessing.synchronize.SemLock))"
)


def killed_pen_run(folder: Path, prints: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """A Python (run with ``flags``) that starts the pen workers' pool as a ``--pen`` run does, prints the
    expression ``prints`` and is killed outright (SIGKILL), as `kill -9` of `python -m training.fit --pen 0.3`."""
    script = folder / "killed.py"
    script.write_text(
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "import gc, multiprocessing.synchronize, os, signal\n"
        "import numpy as np\n"
        "from rowreader.unipen import PenDigit\n"
        "from training.pen_data import PenEpochs\n"
        "digit = PenDigit(3, 'a/1', 'a', 'train', (np.zeros((2, 2), np.float32),), 's', 'g')\n"
        "pens = PenEpochs([digit], per_epoch=4, reuse=1, seed=0, workers=1)\n"
        f"print({prints}, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    return subprocess.run([sys.executable, *flags, str(script)], capture_output=True, text=True, timeout=60)
