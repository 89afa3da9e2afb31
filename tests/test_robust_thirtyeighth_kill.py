"""The thirty-eighth round of hostile testing, kill: every command and app action that writes, stopped at the worst
moment (SIGKILL, SIGTERM, Ctrl-C, SIGHUP at swept times), and what the next run finds; two threads (and processes)
reading models at once.

What the sweeps found wrong, each test seen failing on the code before its fix: a checkpoint loaded while another
thread imported torch failed (a half-made module in ``sys.modules``), and the in-process Ctrl-C tests failed when
pytest was started as a background job (SIGINT ignored), the sixteenth round's window test among them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest
from conftest import NESTED_PYTEST

REPO = Path(__file__).resolve().parents[1]
PYTEST = [*NESTED_PYTEST, "--timeout", "60"]


def test_a_checkpoint_loads_while_another_thread_imports_torch(tmp_path, monkeypatch, tiny_base):
    """`load_checkpoint` (and every NumPy entry: a stream's rows, `predict`) asked ``sys.modules`` for torch and read
    its ``Tensor``: while another thread imported torch (seconds: the app's teach, a reader built on first use) the
    module is there half made, and 94–137 of ~1,700 loads in that time failed, "partially initialized module 'torch'
    has no attribute 'Tensor'". A forked pool's workers inherited the half-made module for good. No tensor can exist
    before ``Tensor`` does: the values are taken as they are."""
    from rowreader.caller_values import host_array
    from rowreader.checkpoint import load_checkpoint, save_checkpoint

    expected = load_checkpoint(tiny_base)
    half_made = types.ModuleType("torch")  # what another thread's `import torch` holds in sys.modules meanwhile
    monkeypatch.setitem(sys.modules, "torch", half_made)
    monkeypatch.setitem(sys.modules, "rowreader.network", types.ModuleType("rowreader.network"))
    loaded = load_checkpoint(tiny_base)
    assert loaded == expected
    assert host_array([[1.0, 2.0]]) == [[1.0, 2.0]]
    save_checkpoint(tmp_path / "again.safetensors", loaded)  # asks whether it is a torch reader, too
    with pytest.raises(TypeError, match="RowReader"):  # not a model: said as such, not an AttributeError
        save_checkpoint(tmp_path / "x.safetensors", object())


def test_pytest_started_with_ctrl_c_ignored_still_tests_ctrl_c(tmp_path):
    """`pytest … > log &` from a script (a shell's background job) starts with SIGINT ignored, and Python leaves it
    so: every test that sends itself Ctrl-C in-process then failed, the sixteenth round's window test after 120 s
    with status 0, not 130 (the thirty-seventh round's "flaky" failure, seen after 18 window files run so). The
    tests now run with Ctrl-C as a terminal's foreground job has it."""
    child = subprocess.run(
        [*PYTEST, f"{__file__}::test_ctrl_c_reaches_python_in_a_test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as `cmd &` in a script starts it
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.returncode == 0, child.stdout[-2000:]


def test_ctrl_c_reaches_python_in_a_test():
    """The subject of the test above (in a child pytest): Ctrl-C is Python's own in a test, however pytest started."""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_save_sweeps_what_a_save_killed_outright_left_of_that_file(tmp_path, tiny_base):
    """`save_checkpoint` killed outright (SIGKILL, a power cut) leaves its hidden temporary, as large as the model;
    the commands sweep them before they write, but a script's later saves of that file did not: 266 saves of one
    file left a killed one's for good. A save now sweeps those whose writer is gone, a fresh one too since the
    fifty-sixth round (a save killed and run again at once kept it); a live writer's (its lock held) stays."""
    import fcntl
    import time

    from rowreader.checkpoint import load_checkpoint, save_checkpoint

    model = load_checkpoint(tiny_base)
    path = tmp_path / "m.safetensors"
    dead, fresh, held = (tmp_path / f".m.safetensors.{n * 16}.tmp" for n in "abc")
    for left in (dead, fresh, held):
        left.write_bytes(b"half a model")
    old = time.time() - 120
    for aged in (dead, held):
        os.utime(aged, (old, old))
    with open(held, "rb") as live:
        fcntl.flock(live, fcntl.LOCK_EX)  # as a writer in another process holds its temporary until its rename
        save_checkpoint(path, model)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".m")) == [held.name]
    assert load_checkpoint(path) == model
