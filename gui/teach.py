""" "Teach it my handwriting": fine-tune the current model on the kept examples, in a separate process.

The app runs the command line a user could (``python -m training.fit --finetune BASE --examples DIR --out OUT
--progress json --threads 1``, under ``nice`` where there is one) as a :class:`QProcess` and reads its JSON
lines. A process rather than a thread: the window never shares the interpreter (or its lock) with a training
loop, so drawing stays smooth, torch is never imported into the app for this, and Cancel is a signal the command
line already handles (SIGTERM → no file written). The result is written once, atomically, at the very end;
until then the current model stays.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QProcess,
    QProcessEnvironment,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.numbers import accuracy_percent
from gui.plain_text import shortened
from gui.screen_room import onto_its_screen, screen_room
from rowreader.atomic import STALE_AFTER_S, drop_lock, lock_path, remove_stale_temporaries, take_lock
from rowreader.examples import a_digit
from rowreader.launch import error_reason
from rowreader.readable import readable

MODELS_FOLDER = "models"
TAUGHT_PREFIX = "mine-"  # how every taught model's name begins: only such files are listed, swept and noted
DAMAGED_MNIST_REMEDY = "Delete that file, then press Ctrl+T again: RowReader then offers to download MNIST anew."
WIDEN_STEP = 16  # px the finished dialog is widened by at a time, looking for the width its lines fit the screen at
WARNING_CHARS = 110  # a longer warning is shortened in its middle: the dialog stays within the screen
CHILD_WARNING = "warning: "  # how training.finetune begins a warning on stderr (also sent in its "start" line)
STOP_GRACE_MS = 3000  # after SIGTERM, how long the fine-tune may take to stop before it is killed
CHILD_NICENESS = 10  # the fine-tune's: below the window's (0), so drawing gets the CPU first (see nice_increment)


def models_dir(user_dir: Path) -> Path:
    """Where the app keeps the models it fine-tuned for this user."""
    return user_dir / MODELS_FOLDER


def new_model_path(user_dir: Path) -> Path:
    """A name no other teach will pick: the time and a random id, as examples are named. The time alone gave
    two app instances teaching in the same second one file, and the later fine-tune overwrote the other's."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    while (path := models_dir(user_dir) / f"{TAUGHT_PREFIX}{stamp}-{secrets.token_hex(3)}.safetensors").exists():
        pass  # 1 in 16 million: draw again
    return path


def release_leftovers(out: Path, older_than: float = STALE_AFTER_S) -> None:
    """Remove the temporaries and the ``<out>.lock`` that a fine-tune writing ``out`` left when it was killed, unless
    a live process holds them (:func:`rowreader.atomic.remove_stale_temporaries`, :func:`take_lock`); a lock that is
    not ours (a link, a file with bytes in it) is left as it is. ``older_than`` as for the temporaries."""
    remove_stale_temporaries(out, older_than=older_than)
    if lock_path(out).is_file():
        with contextlib.suppress(OSError):  # LockHeld: a live process's; or no lock of ours: left as it is
            drop_lock(out, take_lock(out))


def sweep_models_folder(user_dir: Path) -> None:
    """At start: what fine-tunes killed with the app (``kill -9`` of its process group) left in the models folder.
    Their ``.lock`` stayed for good: the app's own clean-up, after its fine-tune ends, died with it."""
    with contextlib.suppress(OSError):  # no models folder, or one that cannot be read: nothing to sweep
        for lock in models_dir(user_dir).glob(f"{TAUGHT_PREFIX}*.safetensors.lock"):
            release_leftovers(lock.with_name(lock.name.removesuffix(".lock")))


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
    warnings: list[str] = field(default_factory=list)  # its warnings (files skipped, a picture kept as two digits)
    heldout: list[tuple[int, float]] = field(default_factory=list)  # (step, cross-validated accuracy)
    mnist_before: float | None = None
    mnist_after: float | None = None
    mnist_digits: int | None = None
    log: list[str] = field(default_factory=list)  # stderr lines, for the error message
    damaged_mnist: str | None = None  # the child's error when an MNIST file is damaged (its JSON "error" line)
    misread: list[tuple[str, int]] = field(default_factory=list)  # held-out examples read as another digit, at the end
    misread_count: int = 0


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
        self._cancelled = False
        self._done = False
        self._buffer = b""
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
        self._kill_timer = QTimer(self, singleShot=True, interval=STOP_GRACE_MS)
        self._kill_timer.timeout.connect(self.process.kill)

    def start(self) -> None:
        nice = shutil.which("nice")  # POSIX: the window outranks the fine-tune when both want the CPU
        if nice is not None:  # nice execs: signals reach Python
            self.process.start(nice, ["-n", str(nice_increment(os.nice(0))), sys.executable, *self.args])
        else:
            self.process.start(sys.executable, self.args)

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the fine-tune; the current model stays and no file is left (the child writes only at the end)."""
        if not self.running or self._done:
            return
        self._cancelled = True
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

    def _read_stdout(self) -> None:
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
            run.warnings = [str(w) for w in event.get("warnings", [])]
        elif kind == "done":
            run.mnist_digits = event.get("mnist_eval", {}).get("digits")
            held = event.get("heldout_accuracy") or {}
            run.misread = [(str(m["file"]), int(m["read_as"])) for m in held.get("misread", [])]
            run.misread_count = int(held.get("misread_count", len(run.misread)))
        elif kind == "error" and event.get("damaged_mnist"):
            run.damaged_mnist = str(event.get("message", ""))
        self.progress.emit()

    def _read_stderr(self) -> None:
        text = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        self.run.log.extend(line for line in text.splitlines() if line.strip())

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._kill_timer.stop()
        self._read_stdout()
        if self._done:
            return
        self._done = True
        if self._cancelled:
            self._sweep()
            self.failed.emit("Cancelled")
        elif status == QProcess.ExitStatus.NormalExit and code == 0 and self.run.out.is_file():
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
            return f"The fine-tune stopped: {errors[-1]}"
        if status == QProcess.ExitStatus.CrashExit:
            return "The fine-tune's process was killed from outside RowReader (`kill`, or the system short of memory)"
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
        if self._cancelled and not self._out_was_there:
            self.run.out.unlink(missing_ok=True)
        release_leftovers(self.run.out, older_than=0)


class TeachChart(QWidget):
    """Accuracy over fine-tuning steps: the user's held-out examples (live) and MNIST test before → after."""

    HELDOUT, MNIST = QColor(31, 119, 180), QColor(230, 120, 20)
    LEGEND = ((HELDOUT, "your held-out examples"), (MNIST, "MNIST test"))
    SWATCH, SWATCH_GAP, ENTRY_GAP, RIGHT_MARGIN = 18, 6, 18, 12  # px: a legend line, to its name, between entries

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: TeachRun | None = None
        self.note = ""  # said in the empty plot: a run that ended before its first point left bare axes
        # short enough for the dialog to fit a 1366 × 768 laptop at 200 %; at 120, shrunk to its least beside the
        # bars at 200 %, 90–100 % had some 32 px, the stacked legend and the axis' title taking the rest
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(
            "Blue: accuracy on your own examples, each read by a model that was not trained on it "
            "(cross-validated). Orange: MNIST test digits before and after."
        )

    def show_run(self, run: TeachRun) -> None:
        self.run = run
        self.update()

    def axis_title(self) -> str:
        """Under the chart: which steps are "before" and "after", once the fine-tune has said how many there are
        (until then it claimed "1 = after")."""
        if self.run is None or not self.run.steps:
            return "fine-tuning step"
        return f"fine-tuning step (0 = before, {self.run.steps} = after)"

    def _range(self) -> tuple[float, float]:
        values = [v for _, v in (self.run.heldout if self.run else [])]
        values += [v for v in (self.run.mnist_before, self.run.mnist_after) if v is not None] if self.run else []
        low = min(values, default=0.5)
        low = max(0.0, min(low - 0.02, 0.9))
        tick = 0.05 if 1 - low <= 0.25 else 0.1 if 1 - low <= 0.5 else 0.25
        return math.floor(low / tick) * tick, 1.0  # whole ticks (5, 10 or 25 %), so the labels read cleanly

    def minimumSizeHint(self) -> QSize:
        """As narrow as the legend allows, its entries one under the other: at 300 px, the dialog shrunk beside the
        bars at 200 %, it read "MNIST t"; on one line, it kept the dialog over the bars' right part at 200 % in a
        window filling a 1600×1000 screen."""
        return QSize(self._legend_width(stacked=True), 120 + self.fontMetrics().height())

    def _legend_width(self, stacked: bool) -> int:
        """The width the legend needs, its entries side by side or one under the other."""
        names = [self.fontMetrics().horizontalAdvance(name) for _, name in self.LEGEND]
        entry = self.SWATCH + self.SWATCH_GAP
        wide = max(names) + entry if stacked else sum(names) + len(names) * entry + (len(names) - 1) * self.ENTRY_GAP
        return math.ceil(self._left() + wide) + self.RIGHT_MARGIN

    def _stacked(self) -> bool:
        return self.width() < self._legend_width(stacked=False)

    def _legend(self) -> list[tuple[QColor, str, QPointF]]:
        """Each legend entry and where its name starts, on the baseline (its line is drawn just left of that)."""
        metrics, entries = self.fontMetrics(), []
        x = self._left() + self.SWATCH + self.SWATCH_GAP
        y = (metrics.height() + 8) / 2 + metrics.ascent() / 2 - 1
        for color, name in self.LEGEND:
            entries.append((color, name, QPointF(x, y)))
            if self._stacked():
                y += metrics.height()
            else:
                x += metrics.horizontalAdvance(name) + self.ENTRY_GAP + self.SWATCH + self.SWATCH_GAP
        return entries

    def _left(self) -> int:
        """Where the plot begins: right of the axis' labels."""
        return self.fontMetrics().horizontalAdvance("100 %") + 10

    def _plot(self) -> QRectF:
        """Where the points go: below the legend, above the axis' title (one line, shortened to fit; two were kept,
        an empty band under it, taken from a plot squeezed at 200 %), right of the axis' labels."""
        metrics = self.fontMetrics()
        lines = len(self.LEGEND) if self._stacked() else 1
        left, top = self._left(), metrics.height() * lines + 8
        return QRectF(left, top, self.width() - left - self.RIGHT_MARGIN, self.height() - top - metrics.height() - 10)

    def at(self, step: float, value: float) -> QPointF:
        """Where the point of ``step`` and accuracy ``value`` is drawn."""
        plot, (low, high) = self._plot(), self._range()
        steps = max(1, self.run.steps if self.run else 1)
        return QPointF(
            plot.left() + plot.width() * step / steps, plot.bottom() - plot.height() * (value - low) / (high - low)
        )

    def points(self) -> list[tuple[QPointF, str]]:
        """Every point drawn, with what it says in words."""
        run = self.run
        if run is None:
            return []
        steps = max(1, run.steps)
        found = [
            (self.at(step, value), f"Your held-out examples {_when(step, steps)}: {percent(value)} read right")
            for step, value in run.heldout
        ]
        digits = f" ({run.mnist_digits:,} digits)" if run.mnist_digits else ""
        for step, value, when in ((0, run.mnist_before, "before"), (steps, run.mnist_after, "after")):
            if value is not None:
                found.append((self.at(step, value), f"MNIST test{digits} {when}: {accuracy_percent(value)}"))
        return found

    def tooltip_at(self, pos: QPointF) -> str:
        """The value of the point under the pointer (within 8 px), else what the chart shows: its points'
        values could not be read, only guessed against the grid."""
        near = [(math.dist((p.x(), p.y()), (pos.x(), pos.y())), text) for p, text in self.points()]
        close = [text for distance, text in sorted(near) if distance <= 8]
        return close[0] if close else self.toolTip()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            QToolTip.showText(
                event.globalPos(), self.tooltip_at(QPointF(pos)), self, QRect(pos - QPoint(4, 4), QSize(9, 9))
            )
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        metrics = self.fontMetrics()
        plot = self._plot()
        left = plot.left()
        low, high = self._range()
        steps = max(1, self.run.steps if self.run else 1)
        at = self.at

        grid = QColor(text)
        grid.setAlpha(50)
        painter.setPen(QPen(grid, 1))
        tick = 0.05 if high - low <= 0.25 else 0.1 if high - low <= 0.5 else 0.25
        for i in range(round((high - low) / tick) + 1):
            value = high - i * tick
            if value < low - 1e-9:
                break
            y = at(0, value).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{value:.0%}")
            painter.setPen(QPen(grid, 1))
        painter.setPen(text)
        # the widget's width, shortened if need be: centred on a narrow plot it was cut at both ends, "ning step (0 ="
        title, room = self.axis_title(), self.width()
        if metrics.horizontalAdvance(title) > room:
            title = metrics.elidedText(title.replace("fine-tuning step", "step"), Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(0, plot.bottom() + 4, room, metrics.height()), Qt.AlignmentFlag.AlignCenter, title)
        run = self.run
        if run is not None and run.heldout:
            path = QPainterPath(at(*run.heldout[0][::1]))
            for step, value in run.heldout[1:]:
                path.lineTo(at(step, value))
            painter.setPen(QPen(self.HELDOUT, 2.5))
            painter.drawPath(path)
            painter.setBrush(self.HELDOUT)
            for step, value in run.heldout:
                painter.drawEllipse(at(step, value), 3.5, 3.5)
        if run is not None:
            painter.setPen(QPen(self.MNIST, 2.5, Qt.PenStyle.DashLine))
            painter.setBrush(self.MNIST)
            if run.mnist_before is not None:
                painter.drawEllipse(at(0, run.mnist_before), 4, 4)
            if run.mnist_before is not None and run.mnist_after is not None:
                painter.drawLine(at(0, run.mnist_before), at(steps, run.mnist_after))
                painter.drawEllipse(at(steps, run.mnist_after), 4, 4)
        if self.note and not self.points():
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.note)
        for color, name, at_name in self._legend():
            pen = QPen(color, 3)
            if color == self.MNIST:  # dashed as its line in the chart: two dashes in the swatch's 18 px
                pen.setDashPattern([2.0, 1.0])
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # square caps would close the 3-px gaps
            painter.setPen(pen)
            swatch, middle = at_name.x() - self.SWATCH_GAP - self.SWATCH, at_name.y() - metrics.ascent() / 2 + 1
            painter.drawLine(QPointF(swatch, middle), QPointF(swatch + self.SWATCH, middle))
            painter.setPen(text)
            painter.drawText(at_name, name)
        painter.end()


def _when(step: int, steps: int) -> str:
    """When a held-out measurement was taken: its first point said "after step 0 of 40", the axis "0 = before"."""
    if step == 0:
        return "before teaching"
    return f"after teaching (step {step} of {steps})" if step == steps else f"after step {step} of {steps}"


def percent(value: float | None) -> str:
    """A held-out accuracy as the teach dialog and the Models menu show it: to 0.1 % (a few dozen examples), or a
    dash when unknown. MNIST's is :func:`gui.numbers.accuracy_percent`'s, as the status bar writes it."""
    return "–" if value is None else f"{value:.1%}"


def warning_lines(warnings: list[str], examples: Path, shown: int = 5) -> str:
    """The fine-tune's warnings, a line each with a sign, the first few of them (thousands of skipped files made a
    dialog taller than the screen). Files are named within ``examples``, as the dock names them, a long line is
    shortened in its middle, and a name's controls are escaped: a 240-character name widened the dialog past the
    screen's edge, Cancel with it, and one holding U+202E mirrored its line."""
    root = f"{examples}{os.sep}"
    lines = [shortened(readable(w.replace(root, "")), WARNING_CHARS) for w in warnings[:shown]]
    lines = [f"⚠ {w[:1].upper()}{w[1:]}" for w in lines]
    if len(warnings) > shown:
        lines.append(f"… and {len(warnings) - shown} more (the My examples dock names them)")
    return "\n".join(lines)


def misread_line(misread: list[tuple[str, int]], count: int, shown: int = 3) -> str:
    """The held-out examples it still reads as another digit, the first few named, and where to move one kept under
    the wrong digit: two such examples held a teach at "93.3 % → 93.3 %" without a word of which, or why."""
    if not count:
        return ""
    named = "; ".join(f"{shortened(readable(file), 40)} as {a_digit(digit)}" for file, digit in misread[:shown])
    more = f"; and {count - shown} more" if count > shown else ""
    one = count == 1
    return (
        f"{count} of your examples {'is' if one else 'are'} read as another digit: {named}{more}. Kept under the "
        f"wrong digit? Right-click {'it' if one else 'one'} in My examples ▸ Move to digit."
    )


def verdict(before: float | None, after: float | None, in_use: bool | None = True) -> str:
    """One line on whether the taught model is better *for this person*, from the cross-validated accuracy.

    Teaching a person the model already reads costs the others something (MNIST, other people's digits: see
    bench/bench_finetune.py) and gains that person nothing, so the dialog says when switching back is as good.
    ``in_use``: whether the window reads with the taught model; if not (another model was chosen while it ran),
    there is no "Switch back" to advise, the button offering the taught model instead; ``None``: the other model is
    gone (deleted while it was taught), and no button offers it.
    """
    if before is None or after is None:
        return ""
    if after > before:
        return "It reads more of your drawings right now."
    advice = "" if in_use is None else ": Switch back loses nothing" if in_use else ": no need to use it"
    if before >= 1.0:
        return f"It already read all your examples right, so teaching had nothing to fix{advice}."
    advice = "" if in_use is None else ": Switch back keeps the model you had" if in_use else ": no need to use it"
    return f"It does not read your drawings better than before{advice}."


class TeachDialog(QDialog):
    """Progress bar, live chart, Cancel; non-modal, so the user can keep drawing while the model learns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teach it my handwriting")
        self.setObjectName("teach_dialog")
        self.status = QLabel("Starting: loading the model, your examples and the digits it replays…")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names models and files
        # the fine-tune's warnings (a picture kept as two digits, files skipped): only its stderr had them, and a
        # teach that learnt a 3 as a 4 too ended in "97.1 % → 97.1 %" without a word of why
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # they name files
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings.hide()
        self.bar = QProgressBar()
        self.bar.setFormat("step %v of %m")
        self.bar.setMaximum(0)  # busy until the first step is known
        self.chart = TeachChart()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # shown with the outcome: empty, its line (and a spacing) were kept from the start, taken from the running
        # teach's chart, squeezed to 90–100 % in some 32 px at 200 % beside the bars
        self.summary.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop: the model in use stays, nothing is written (Esc)")
        # never pressed by Enter: a stray Enter (meant for the window beneath) cancelled a run minutes in; Esc
        # or a click cancels, and once the run is done Enter closes (finish)
        self.cancel_button.setAutoDefault(False)
        self.close_button = QPushButton("Close")
        self.switch_back_button = QPushButton("Switch back")
        self.switch_back_button.setToolTip("Use the model you had before teaching")
        self.compare_button = QPushButton("Compare both")
        self.compare_button.setToolTip(
            "Read every drawing with both models: the one in use solid, the other dashed in the belief chart"
        )
        for button, role in (
            (self.compare_button, QDialogButtonBox.ButtonRole.ActionRole),
            (self.switch_back_button, QDialogButtonBox.ButtonRole.ActionRole),
            (self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole),
            (self.close_button, QDialogButtonBox.ButtonRole.AcceptRole),
        ):
            self.buttons.addButton(button, role)
        # hidden until the run ends, and only after adding: the box re-parents a button, which undid an
        # earlier hide(), so "Close" and "Switch back" were offered while the fine-tune ran
        self.switch_back_button.hide()
        self.compare_button.hide()
        self.close_button.hide()
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.warnings, self.bar, self.chart, self.summary, self.buttons):
            layout.addWidget(widget)
        # no larger than the screen: at 200 % on a 1366 × 768 laptop it was 840 px tall, Cancel below the edge
        self.resize(QSize(520, 420).boundedTo(screen_room(parent or self)))
        self.process: TeachProcess | None = None
        self.showing_taught = False  # whether the window reads with the taught model (after a success)
        # the pair's other model is the one taught from, or (when another was chosen while it ran) that one
        self.chosen_meanwhile = False
        self.other_lost = False  # the pair's other model is gone: no button, no advice offers it (other_gone)

    def attach(self, process: TeachProcess) -> None:
        self.process = process
        self.cancel_button.clicked.connect(process.cancel)
        process.progress.connect(self._on_progress)
        self.chart.show_run(process.run)

    def _on_progress(self) -> None:
        assert self.process is not None
        run = self.process.run
        if run.warnings and self.warnings.isHidden():
            self.warnings.setText(warning_lines(run.warnings, run.examples))
            self.warnings.show()
            self._room_for_text()
        if not run.steps:  # started, not yet stepping: the base model reads the examples and the MNIST digits
            self.bar.setMaximum(0)  # Qt's "busy" bar: no step count to show yet
            self.status.setText("Reading your examples and the MNIST digits it is checked on…")
            return
        self.bar.setMaximum(run.steps)
        self.bar.setValue(run.step)
        held = run.heldout[-1][1] if run.heldout else None
        yours = f"your {run.found} example{'s' * (run.found != 1)}" if run.found else "your examples"
        self.status.setText(f"Learning from {yours}… step {run.step} of {run.steps}; held-out accuracy {percent(held)}")
        self.chart.update()

    def finish(self, ok: bool, message: str, in_use: bool = True) -> None:
        """Show the outcome; the dialog stays open for the user to read it. ``in_use``: after a success, whether
        the window reads with the taught model (not when another was chosen while it ran)."""
        self.cancel_button.hide()
        self.close_button.show()
        self.status.setText(message)
        if not ok and not self.chart.points():  # its axes alone, as if the chart had failed to draw
            stopped = "Cancelled" if message.startswith("Cancelled") else "Stopped"
            self.chart.note = f"{stopped} before the first measurement"
        if self.bar.maximum() == 0:  # still Qt's moving "busy" bar: it went on as if working after a failure
            self.bar.setRange(0, 1)
            self.bar.setValue(1 if ok else 0)
            self.bar.setTextVisible(False)  # "step 0 of 1": there were no steps
        if ok and self.process is not None:
            self._summarise(in_use)
            self.switch_back_button.show()
            self.compare_button.show()
            self._fit_buttons(self.width())
            self.showing_taught = in_use
            if not in_use:  # the button offers the taught model, not a way back to the model taught from
                self.chosen_meanwhile = True
                self.switch_back_button.setText("Use the taught model")
                self.switch_back_button.setToolTip("Read with the model this teaching made")
        self._fit_buttons(self.width())
        self.close_button.setDefault(True)  # Enter closes: it did nothing, the default (Cancel) hidden
        self.close_button.setFocus()
        self.chart.update()
        self._room_for_text()

    def _summarise(self, in_use: bool) -> None:
        """The outcome's numbers and verdict. Said again after each switch: the verdict's advice names the button
        shown ("Switch back keeps the model you had" stayed after Switch back, the button offering the taught one)."""
        run = self.process.run
        before = run.heldout[0][1] if run.heldout else None
        after = run.heldout[-1][1] if run.heldout else None
        digits = f"{run.mnist_digits:,}" if run.mnist_digits else "?"
        misread = misread_line(run.misread, run.misread_count)
        advise = None if self.other_lost else in_use  # no button, no advice, to a model that is gone
        self.summary.show()
        self.summary.setText(  # one line each, so neither wraps in the middle of a number
            f"Your held-out examples: {percent(before)} → {percent(after)}. {verdict(before, after, advise)}\n"
            f"MNIST test ({digits} digits): {accuracy_percent(run.mnist_before)} → {accuracy_percent(run.mnist_after)}"
            + (f"\n{misread}" if misread else "")
        )

    def resizeEvent(self, event) -> None:
        self._fit_buttons(event.size().width())
        super().resizeEvent(event)

    def _fit_buttons(self, width: int) -> None:
        """The buttons one under the other where the dialog is narrower than their row: shrunk beside the bars (200 %
        in a window filling its screen), the outcome's three buttons made it as wide as before, over the bars."""
        margins = self.layout().contentsMargins()
        shown = [b for b in self.buttons.buttons() if not b.isHidden()]
        row = sum(b.sizeHint().width() for b in shown) + 12 * max(len(shown) - 1, 0)
        wanted = (
            Qt.Orientation.Horizontal if width - margins.left() - margins.right() >= row else Qt.Orientation.Vertical
        )
        if self.buttons.orientation() != wanted:
            self.buttons.setOrientation(wanted)

    def _room_for_text(self) -> None:
        """Grow to the size the wrapped lines need now, within the screen. Placed while its texts were short
        (and shrunk beside a window larger than the screen), the dialog kept that height when the outcome came,
        and drew the summary over the chart and the buttons. Grown, it is moved back onto its screen: made narrow
        beside the bars at the screen's right edge (200 %), it grew wider for a model's name that has no place to
        break ("mine-20261202-023443-195790.safetensors") and its right part went past the edge."""
        self.layout().activate()  # the width the texts need now (the longest word): it grew later, unseen here
        room, width = screen_room(self), self.width()

        def needed(width: int) -> int:
            return max(self.heightForWidth(width), self.minimumSizeHint().height())  # as screen_room measures

        # wider where the screen is too short for the lines at this width: at 200 % on a 1600×1000 screen, made
        # narrow beside the bars, an outcome with warnings and a note of examples deleted meanwhile needed 550 px
        # of 452, and the summary was drawn over the chart, the status cut in the middle of a line
        widths = range(width, max(width, room.width()) + 1, WIDEN_STEP)
        width = next((wider for wider in widths if needed(wider) <= room.height()), max(width, room.width()))
        if width > self.width() or needed(width) > self.height():
            self.resize(width, max(self.height(), min(needed(width), room.height())))
        onto_its_screen(self)  # its title bar first, where it is larger than the screen

    def switched(self, model: str, taught: bool) -> None:
        """After the switch button: say which model the window now reads with, and offer the other one."""
        self.showing_taught = taught
        if self.process is not None:
            self._summarise(in_use=taught)
        if taught:
            self.status.setText(f"Now reading with {model}, the taught model.")
            self.switch_back_button.setText("Switch back")
            self.switch_back_button.setToolTip(
                "Use the model chosen while it was taught" if self.chosen_meanwhile
                else "Use the model you had before teaching"
            )  # fmt: skip
        else:
            # not "as before teaching" for the model chosen while it ran: teaching used another
            again = "chosen while it was taught" if self.chosen_meanwhile else "as before teaching"
            self.status.setText(f"Now reading with {model} again, {again}; the taught model stays "
                                "in the Models menu.")  # fmt: skip
            self.switch_back_button.setText("Use the taught model")
            self.switch_back_button.setToolTip("Read with the model this teaching made")

    def lost(self, name: str, taught: bool, what: str) -> None:
        """The other model's file is gone (deleted or moved since the teach) or holds another model: say ``what``
        happened, and stop offering it (its buttons only raised "Could not open the model" while the dialog still said
        it stayed in the Models menu)."""
        other = "The model chosen while it was taught" if self.chosen_meanwhile else "The model you had before teaching"
        which = "The taught model" if taught else other
        self.status.setText(f"{which}, {name}, {what}.")
        self.other_gone()

    def other_gone(self) -> None:
        """Offer no way to the other model, whose file is gone, nor advise one: a base deleted while it was taught
        left "Switch back loses nothing" and its button, which then said it was gone."""
        self.other_lost = True
        self.switch_back_button.hide()
        self.compare_button.hide()
        if self.process is not None and not self.summary.isHidden():
            self._summarise(self.showing_taught)

    def reject(self) -> None:
        """Esc or the window's close button while running means Cancel, never an orphaned process."""
        if self.process is not None and self.process.running:
            self.process.cancel()
        super().reject()
