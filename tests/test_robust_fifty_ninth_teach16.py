"""The fifty-ninth round of hostile testing, teach16: a teach's end and a Cancel in the same instant, and what the
teach dialog's chart says to a screen reader; each test seen failing on the code before its fix."""

from __future__ import annotations

import time
from pathlib import Path

from fake_fine_tune import ends_slowly

from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path


def ended_unseen(process: TeachProcess, seconds: float = 30.0) -> None:
    """Wait, without running Qt's event loop, until the fine-tune's process has ended by itself: Qt has not yet
    heard of it (``process.running`` still), as when a Cancel is pressed in the instant it ends."""
    pid, deadline = process.process.processId(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            state = "gone"  # reaped already (Qt's SIGCHLD handler)
        if state in ("Z", "X", "gone"):
            return
        time.sleep(0.05)
    raise AssertionError(f"the fine-tune (pid {pid}) did not end in {seconds} s")


def test_a_teach_failing_on_its_own_as_cancel_is_pressed_says_why(qtbot, tmp_path: Path) -> None:
    """A fine-tune that failed by itself (here a flag it refuses, as a full disk would fail its write) in the instant
    Cancel was pressed said "Cancelled": the reason was lost, to be met again at the next teach. Its process ended
    with its own status (2), not the stop's (143): it says why it failed."""
    out = tmp_path / "models" / "mine.safetensors"
    process = TeachProcess(pretrained_path(), tmp_path, out, extra_args=["--no-such-flag"])
    said: list[str] = []
    process.failed.connect(said.append)
    process.succeeded.connect(lambda path: said.append(f"taught {path}"))
    process.start()
    assert process.process.waitForStarted(10_000)
    ended_unseen(process)
    assert process.running  # Qt has not seen the end yet: Cancel is taken
    process.cancel()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == ["The fine-tune stopped: unrecognized arguments: --no-such-flag"]


def test_a_teach_ending_taught_as_cancel_is_pressed_keeps_its_model(qtbot, tmp_path: Path) -> None:
    """A fine-tune that had written its model, said "done" and ended (status 0) in the instant Cancel was pressed,
    before the app read its last line: the finished model was deleted and the dialog said "Cancelled … nothing was
    written", minutes of teaching thrown away by a stop that stopped nothing. Once written there is nothing to cancel
    (as Cancel after its "done" line, which goes off): it is taught. (The fine-tune's last seconds as
    :mod:`fake_fine_tune` speaks them: the real one takes 15 s to start.)"""
    out = tmp_path / "models" / "mine.safetensors"
    out.parent.mkdir()
    process = TeachProcess(pretrained_path(), tmp_path, out)
    said: list[str] = []
    process.failed.connect(said.append)
    process.succeeded.connect(lambda path: said.append(f"taught {path}"))
    ends_slowly(0.0)(process)  # its model written, "done" said, then it ends at once
    assert process.process.waitForStarted(10_000)
    ended_unseen(process)
    assert process.running and not process.run.written  # its "done" line not read yet
    process.cancel()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [f"taught {out}"] and out.is_file()


def test_the_teach_chart_says_its_values_to_a_screen_reader(qtbot, tmp_path: Path) -> None:
    """The chart was named ("Accuracy while teaching") and said nothing else: its values were in a tooltip, for a
    pointer alone, and MNIST's "before" in no words at all until the teach ended. It says, as it changes, where the
    held-out examples began and stand now and MNIST's before (and after); before any point, what its empty plot says."""
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    process = TeachProcess(pretrained_path(), tmp_path, tmp_path / "mine.safetensors")
    dialog.attach(process)
    run = process.run
    run.steps, run.step, run.heldout, run.mnist_before = 40, 20, [(0, 0.9), (10, 0.95), (20, 0.975)], 0.9941
    process.progress.emit()
    assert dialog.chart.accessibleDescription() == (
        "Your held-out examples before teaching: 90.0% read right. "
        "Your held-out examples after step 20 of 40: 97.5% read right. MNIST test before: 99.41%."
    )
    run.step, run.mnist_after, run.mnist_digits = 40, 0.9925, 100
    run.heldout.append((40, 1.0))
    process.progress.emit()
    said = dialog.chart.accessibleDescription()
    assert said.endswith("after teaching (step 40 of 40): 100.0% read right. MNIST test (100 digits) before: 99.41%. "
                         "MNIST test (100 digits) after: 99.25%."), said  # fmt: skip

    empty = TeachDialog()
    qtbot.addWidget(empty)
    empty.attach(TeachProcess(pretrained_path(), tmp_path, tmp_path / "mine2.safetensors"))
    empty.finish(False, "Cancelled. Still reading with the shipped model; nothing was written.")
    assert empty.chart.accessibleDescription() == "Cancelled before the first measurement"
