""" "Teach it my handwriting": fine-tune the current model on the kept examples, in a separate process.

The app runs the command line a user could (``python -m training.fit --finetune BASE --examples DIR --out OUT
--progress json --threads 1``, under ``nice`` where there is one) as a :class:`QProcess` and reads its JSON
lines. A process rather than a thread: the window never shares the interpreter (or its lock) with a training
loop, so drawing stays smooth, torch is never imported into the app for this, and Cancel is a signal the command
line already handles (SIGTERM → no file written). The result is written once, atomically, at the very end;
until then the current model stays.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from gui.taught_models import release_leftovers
from rowreader.data import ENV_VAR
from rowreader.launch import STOP_SIGNALS, error_reason

DAMAGED_MNIST_REMEDY = "Delete that file, then press Ctrl+T again: RowReader then offers to download MNIST anew."
CHILD_WARNING = "warning: "  # how training.finetune begins a warning on stderr (also sent in its "start" line)
STOP_GRACE_MS = 3000  # after SIGTERM, how long the fine-tune may take to stop before it is killed
CHILD_NICENESS = 10  # the fine-tune's: below the window's (0), so drawing gets the CPU first (see nice_increment)


def nice_increment(current: int) -> int:
    """What ``nice -n`` gives the fine-tune, started by an app of niceness ``current``: up to ``CHILD_NICENESS``, and
    at least one step below the app. A plain +10 on an app itself niced 10 (a test run under ``nice -n 10``) put the
    fine-tune at 19, last in line behind everyone's niced work: at load 10 its first step came after 122 s, where at
    10 it came after 33 s (and test_gui_teach.py's Cancel test timed out waiting for it)."""
    return max(1, CHILD_NICENESS - current)


def source_root() -> str | None:
    """The folder that holds the ``training`` package, so a child process imports the same code as the app."""
    spec = importlib.util.find_spec("training")
    if spec is None or spec.origin is None:
        return None
    return str(Path(spec.origin).resolve().parents[1])


@dataclass
class TeachRun:
    """What one fine-tune reported: its settings and every measurement so far (for the chart)."""

    base: Path
    examples: Path
    out: Path
    steps: int = 0
    step: int = 0
    found: int | None = None  # how many examples the fine-tune found (its "start" line): nothing said it
    left_out: int = 0  # how many older ones it left out (training.finetune.NEWEST_PER_DIGIT), its "start" line too
    copies: int = 0  # how many copies of a drawing read already it set aside, its "start" line too
    warnings: list[str] = field(default_factory=list)  # its warnings (files skipped, a picture kept as two digits)
    heldout: list[tuple[int, float]] = field(default_factory=list)  # (step, cross-validated accuracy)
    mnist_before: float | None = None
    mnist_after: float | None = None
    mnist_digits: int | None = None
    # the digit of MNIST's the teach cost most, (digit, before, after), where it cost one (training.finetune.lost_most)
    mnist_lost: tuple[int, float, float] | None = None
    forgot: str | None = None  # where the teach lost much of MNIST, its words (training.finetune.forgot_words)
    log: list[str] = field(default_factory=list)  # stderr lines, for the error message
    damaged_mnist: str | None = None  # the child's error when an MNIST file is damaged (its JSON "error" line)
    misread: list[tuple[str, int]] = field(default_factory=list)  # held-out examples read as another digit, at the end
    misread_count: int = 0
    # its "done" line read: the model is written whole, and its process only ends (the interpreter unloading torch,
    # 0.6 s at load 7, seconds on a busy machine). Nothing is left to cancel: Cancel or the window's close then deleted
    # the finished model, saying "nothing was written"
    written: bool = False


# the fine-tune's advice that names its command line, and what the app says instead: it chose ``--out`` (its own
# models folder, which Ctrl+T makes: "make it first" was no advice), Ctrl+T is how it fine-tunes, and it says
# "nothing was written" itself, once; a file-size limit is the app's own (the fine-tune inherits it), so Ctrl+T
# again ("run again") was refused again
APPS_WORDS = (
    (" or choose another --out (nothing was written)", ", then teach again"),
    (
        "raise the limit (`ulimit -f unlimited`) and run again (nothing was written)",
        "raise the limit in the shell RowReader starts from (`ulimit -f unlimited`), start RowReader again from there, "
        "then teach again",
    ),
    (" (nothing was written)", ""),
    ("fine-tune again", "teach again"),
    # its models folder, there as the teach began (Ctrl+T makes it), moved or deleted before the model was written
    ("; make it first", ", moved or deleted while it was taught: teach again, and RowReader makes it anew"),
    # MNIST's files found in a folder inside the one it reads (MNIST_MISSING): the app has no --data-dir, and reads
    # $ROWREADER_DATA as it starts
    (
        f"pass that folder (--data-dir / root=) or set ${ENV_VAR} to it.",
        f"set ${ENV_VAR} to it, then start RowReader again.",
    ),
)


# MNIST's files gone from its folder as a teach began (after Ctrl+T had looked): what is missing, as the fine-tune says
# it, then its advice for a command line ("--data-dir / root=", `python -m rowreader download …`, "download=True"),
# none of it the app's. Ctrl+T again offers the download (gui.mnist_offer), as it does for a damaged file. Only that
# advice: moved into a folder inside it, "They are in …/sub" went too, and Ctrl+T offered to download what was there
MNIST_MISSING = re.compile(
    r"(MNIST files not found in .*?: (?:[\w-]+\[\.gz\](?:, )?)+\.) Pass the folder that holds them .*", re.DOTALL
)
MNIST_MISSING_REMEDY = "Teach again (Ctrl+T): RowReader then offers to download them."


def in_the_apps_words(reason: str) -> str:
    """The fine-tune's error as the app says it (:data:`APPS_WORDS`). A disk filled as a teach began said "free some
    room or choose another --out (nothing was written). Still reading with …; nothing was written.", and filled as it
    wrote the model, "free some room, then fine-tune again": a flag and a command the user never typed; a file-size
    limit, "raise the limit (`ulimit -f unlimited`) and run again", which no Ctrl+T could do; a refused flag's value,
    "argument --examples: …", the flag."""
    # argparse's head of a refused flag's value: "argument --examples: …/examples is a file, not a folder", said of
    # the examples folder replaced by a file as the teach started, named a flag the app passes, never one typed
    reason = re.sub(r"^argument --[\w-]+: ", "", reason)
    reason = MNIST_MISSING.sub(rf"\1 {MNIST_MISSING_REMEDY}", reason)
    for theirs, ours in APPS_WORDS:
        reason = reason.replace(theirs, ours)
    return reason


class TeachProcess(QObject):
    """Runs one fine-tune; emits ``progress`` on every JSON line, then exactly one of ``succeeded``/``failed``."""

    progress = Signal()
    succeeded = Signal(Path)
    failed = Signal(str)  # why, in words ("Cancelled" after cancel())

    def __init__(
        self,
        base: Path,
        examples: Path,
        out: Path,
        data_dir: Path | None = None,
        extra_args: list[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.run = TeachRun(base, examples, out)
        self._out_was_there = out.exists()  # a model there before this run is never this run's to remove
        self.cancelled = False  # Cancel, Esc or a close: its end is "Cancelled", its stop the user's (shutdown)
        self._done = False
        self._buffer = b""
        self.heard = time.monotonic()  # when it last said anything (a line, on stdout or stderr), or was started
        self.process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        if (root := source_root()) is not None:
            env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH")) if p))
        env.insert("OMP_NUM_THREADS", "1")  # one core trains, the other keeps the window fluid
        env.insert("PYTHONUNBUFFERED", "1")
        self.process.setProcessEnvironment(env)
        self.args = ["-m", "training.fit", "--finetune", str(base), "--examples", str(examples), "--out", str(out)]
        self.args += ["--progress", "json", "--threads", "1"]
        if data_dir is not None:
            self.args += ["--data-dir", str(data_dir)]
        self.args += extra_args or []
        self.process.readyReadStandardOutput.connect(self._read_stdout)
        self.process.readyReadStandardError.connect(self._read_stderr)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)
        self._kill_timer = QTimer(self, singleShot=True)
        self._kill_timer.setInterval(STOP_GRACE_MS)  # not interval=: see gui.app.create_app
        self._kill_timer.timeout.connect(self.process.kill)

    def start(self) -> None:
        self.heard = time.monotonic()
        nice = shutil.which("nice")  # POSIX: the window outranks the fine-tune when both want the CPU
        if nice is not None:  # nice execs: signals reach Python
            self.process.start(nice, ["-n", str(nice_increment(os.nice(0))), sys.executable, *self.args])
        else:
            self.process.start(sys.executable, self.args)

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the fine-tune; the current model stays and no file is left (the child writes only at the end). Once
        it has written its model (``run.written``) there is nothing to stop: it ends by itself, taught."""
        if not self.running or self._done or self.run.written:
            return
        self.cancelled = True
        self.process.terminate()  # SIGTERM: the command line stops like Ctrl-C
        self._kill_timer.start()

    def wait(self, msecs: int = STOP_GRACE_MS) -> None:
        """Block until the process has ended (at shutdown), killing it if it does not stop in time: the same grace
        as Cancel's (the kill timer cannot fire while this blocks; closing mid-teach waited up to 10 s, the
        window frozen, for a fine-tune still loading its data). Killing loses nothing: the child writes only at
        its end, atomically."""
        if self.running:
            self.cancel()
            if not self.process.waitForFinished(msecs):
                self.process.kill()
                self.process.waitForFinished(2000)

    def quiet_s(self) -> float:
        """Seconds since the fine-tune last said anything: a process stopped (SIGSTOP) or held by a disk that no
        longer answers says nothing, and its dialog sat at its last step, with no sign of it (TeachDialog)."""
        return time.monotonic() - self.heard

    def _read_stdout(self) -> None:
        self.heard = time.monotonic()
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # not ours (a library's print); the JSON lines carry everything the app needs
            if isinstance(event, dict):
                self._apply(event)

    def _apply(self, event: dict) -> None:
        run = self.run
        kind = event.get("event")
        if kind == "progress":
            run.step, run.steps = int(event.get("step", 0)), int(event.get("steps", run.steps))
            if "heldout" in event and (not run.heldout or run.heldout[-1][0] != run.step):
                run.heldout.append((run.step, float(event["heldout"])))
            if "mnist" in event:
                if run.mnist_before is None:
                    run.mnist_before = float(event["mnist"])
                else:
                    run.mnist_after = float(event["mnist"])
        elif kind == "start":
            run.found = int(event.get("examples", 0)) or None
            run.left_out, run.copies = int(event.get("left_out", 0)), int(event.get("copies", 0))
            run.warnings = [str(w) for w in event.get("warnings", [])]
        elif kind == "done":
            run.mnist_digits = event.get("mnist_eval", {}).get("digits")
            lost = event.get("mnist_eval", {}).get("lost_most")
            run.mnist_lost = (int(lost["digit"]), float(lost["before"]), float(lost["after"])) if lost else None
            run.forgot = str(event["forgot"]) if event.get("forgot") else None
            held = event.get("heldout_accuracy") or {}
            run.misread = [(str(m["file"]), int(m["read_as"])) for m in held.get("misread", [])]
            run.misread_count = int(held.get("misread_count", len(run.misread)))
            run.written = True
        elif kind == "error" and event.get("damaged_mnist"):
            run.damaged_mnist = str(event.get("message", ""))
        self.progress.emit()

    def _read_stderr(self) -> None:
        self.heard = time.monotonic()
        text = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        self.run.log.extend(line for line in text.splitlines() if line.strip())

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._kill_timer.stop()
        self._read_stdout()
        if self._done:
            return
        self._done = True
        # a Cancel pressed in the instant it ended by itself (its own status, not a stop's) stopped nothing: that end
        # is said. It said "Cancelled", a failure's reason lost, and a model written and ended deleted
        if self.cancelled and (status == QProcess.ExitStatus.CrashExit or code - 128 in STOP_SIGNALS):
            self._sweep()
            self.failed.emit("Cancelled")
        elif self.run.out.is_file() and (
            self.run.written or not self._out_was_there or (status == QProcess.ExitStatus.NormalExit and code == 0)
        ):
            # written whole (atomically: a file new there is whole), then killed as it unloaded (the window's close
            # waits Cancel's grace, then kills) or before its "done" line (`kill -9`, the system short of memory):
            # taught. Killed in that instant, it said "killed from outside …; nothing was written", the model kept
            self.succeeded.emit(self.run.out)
        elif self.run.damaged_mnist:  # the remedy Ctrl+R gives: the command line's names `rowreader download`
            self._sweep()
            self.failed.emit(f"{self.run.damaged_mnist}.\n\n{DAMAGED_MNIST_REMEDY}")
        else:
            self._sweep()
            self.failed.emit(self._why_it_failed(code, status))

    def _why_it_failed(self, code: int, status: QProcess.ExitStatus) -> str:
        """The child's own error line; else, killed from outside (``kill -9``, the system short of memory), that;
        else its last lines. Never a warning of its: a killed fine-tune ended in "warning: the same picture is kept
        as a 0 … and as a 7 …", read as the reason it stopped."""
        self._read_stderr()
        errors = [reason for line in self.run.log if (reason := error_reason(line)) is not None]
        if (
            errors
        ):  # the child's line, as the sentence it starts: "cannot write …" stood lower-case at the dialog's head
            return f"The fine-tune stopped: {in_the_apps_words(errors[-1])}"
        if status == QProcess.ExitStatus.CrashExit:
            return "The fine-tune's process was killed from outside RowReader (`kill`, or the system short of memory)"
        # stopped by a signal its handler took (the app's own Cancel is "Cancelled"): "stopped by SIGTERM; nothing
        # was written to …/mine-….safetensors (a fine-tune writes only at its end)", the command line's words
        if (stop := code - 128) in STOP_SIGNALS and stop != signal.SIGINT:
            name = signal.Signals(stop).name
            return (
                f"The fine-tune's process was stopped from outside RowReader ({name}: `kill`, a logout or a shutdown)"
            )
        said = [line for line in self.run.log if not line.startswith(CHILD_WARNING)]
        return "\n".join(said[-5:]) or f"The fine-tune stopped (exit status {code})"

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._done:
            self._done = True
            self.failed.emit(f"Could not start {sys.executable}: {self.process.errorString()}")

    def _sweep(self) -> None:
        """A process killed mid-write can leave its temporary file: remove it now that the process has ended.

        A cancelled run's model goes too: the child writes it, says "done", then takes seconds to end (the
        interpreter unloading torch), and a Cancel then said "nothing was written" beside the new model. So does
        the ``<out>.lock`` of a child killed outright (not stopped within Cancel's grace), unless a live process
        holds it: one stayed in the models folder after each such Cancel.

        By the library's rule, not by name: every ``.NAME.*.tmp`` went, a live writer's too (another run writing
        that name by hand) and any file so named. Only a write's own temporaries, unlocked (their writer dead),
        of this user, go; where there are no file locks (Windows) nothing is removed, as after a training run."""
        if self.cancelled and not self._out_was_there:
            self.run.out.unlink(missing_ok=True)
        release_leftovers(self.run.out)
