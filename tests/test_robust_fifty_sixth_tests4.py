"""The fifty-sixth round, tests4: the suite under load. Niced to 19 beside two busy loops on 2 cores a test gets a
hundredth of a core; waits bounded by the wall clock (qtbot's 5 s) failed there while the window was only slow, and
21 waits for a window's exposure waited for nothing. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gui_window import cpu_seconds, exposed, until, wants_a_cpu
from PySide6.QtWidgets import QWidget


def test_exposed_waits_for_the_exposure_that_a_bare_wait_exposed_never_did(qtbot) -> None:
    """``qtbot.waitExposed(widget)`` outside a ``with`` (21 calls, ``shown`` among them) returns a waiter and waits
    for nothing: the window came back unexposed (offscreen exposes it as its events are handled), and ``shown`` said
    "and exposed". ``exposed`` waits; no test calls the bare form now."""
    bare, waited = QWidget(), QWidget()
    for widget in (bare, waited):
        qtbot.addWidget(widget)
        widget.show()
    qtbot.waitExposed(bare)  # the pitfall, kept here alone: nothing is waited for
    assert not bare.windowHandle().isExposed()
    exposed(qtbot, waited)
    assert waited.windowHandle().isExposed()
    bare_calls = [
        f"{path.name}:{number}"
        for path in sorted(Path(__file__).parent.glob("*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.match(r"\s*qtbot\.(waitExposed|waitActive)\(", line)
    ]
    assert not bare_calls, bare_calls


def test_until_returns_at_its_condition_and_fails_without_it(qtbot) -> None:
    """``until`` (the waits of gui_window's helpers) is still a bound: unloaded, a condition that never comes fails
    it in about its ``seconds``; one that comes ends it then."""
    started = time.monotonic()
    until(qtbot, lambda: time.monotonic() - started > 0.2)
    assert time.monotonic() - started < 5
    started = time.monotonic()
    with pytest.raises(qtbot.TimeoutError, match=r"not so after 0\.3 s in which the test could run"):
        until(qtbot, lambda: False, seconds=0.3)
    assert time.monotonic() - started >= 0.3


def test_a_child_kept_off_the_cpu_is_working_not_stuck() -> None:
    """``taught_until`` took a fine-tune for stuck when its CPU time stood still for its bound: niced to 19 beside a
    busy loop a child used no clock tick of CPU in a second (tests3's own test gave it 1 s). A child waiting for a
    CPU is at work; a sleeping one is not."""
    spin = [sys.executable, "-c", "while True: pass"]
    busy = subprocess.Popen(spin)
    niced = subprocess.Popen(["nice", "-n", "19", *spin])
    asleep = subprocess.Popen(
        [sys.executable, "-c", "import time; print(flush=True); time.sleep(60)"], stdout=subprocess.PIPE
    )
    try:
        cpu = min(os.sched_getaffinity(0))
        for child in (busy, niced):
            os.sched_setaffinity(child.pid, {cpu})  # one CPU, the niced child's turn a sliver of it
        asleep.stdout.readline()  # its start done: asleep once it has reached its sleep
        deadline = time.monotonic() + 30
        while wants_a_cpu(asleep.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        before = cpu_seconds(niced.pid)
        for _ in range(20):
            assert wants_a_cpu(niced.pid) and not wants_a_cpu(asleep.pid)
            time.sleep(0.05)
        assert cpu_seconds(niced.pid) - before < 0.3  # its CPU time alone said little or nothing
    finally:
        for child in (busy, niced, asleep):
            child.kill()
            child.wait()
