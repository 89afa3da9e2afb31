""" "Teach it my handwriting", the dialog: the fine-tune's progress, its chart and its outcome, with Cancel.

The fine-tune itself runs in its own process (gui/teach_process.py), and the chart of what it measures is
gui/teach_chart.py's; gui/teach_command.py hooks all of it to the window (Ctrl+T). Non-modal: the user keeps drawing
while the model learns.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QHideEvent, QMoveEvent, QShowEvent, QWindow
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.announce import announce
from gui.numbers import accuracy_percent, heldout_percent
from gui.screen_room import (
    foot_kept,
    frame_room,
    grown_place,
    onto_its_screen,
    screen_room,
    views_in_order,
    widened_in_place,
)
from gui.teach_chart import TeachChart
from gui.teach_process import TeachProcess, TeachRun
from gui.text_box import TextArea
from gui.theme import focus_colour
from rowreader.example_folder import SAME_PICTURE, SKIPPED, a_digit, examples_named
from rowreader.output import shortened
from rowreader.readable import readable

USE_THE_TAUGHT = "Use the taught model"  # the switch button's words offering the taught model
WIDEN_STEP = 16  # px the finished dialog is widened by at a time, looking for the width its lines fit the screen at
WARNING_CHARS = 110  # a longer warning is shortened in its middle: the dialog stays within the screen
# seconds without a word from the fine-tune before the dialog says so: its steps come every 0.15–0.5 s, its start
# (torch, the examples, the replayed digits) took 25 s at a load of 2 and far longer niced on a busy machine
QUIET_S = 30
# before its first step it is silent by design, torch, the examples and the digits loading: 82 s niced at a load of 8
# on two cores, and every teach there said "No word … for 33 s", aloud, of a start going as it should
QUIET_START_S = 120


def quiet_note(seconds: float) -> str:
    """What the dialog adds to its status while the fine-tune says nothing (:data:`QUIET_S`): stopped (SIGSTOP),
    held by a disk that stopped answering or starved of CPU, it sat at its last step with no sign of it."""
    whole = int(seconds)
    took = f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60} s"
    return f"No word from the fine-tune for {took}: a busy computer or a slow disk can hold it up; Cancel stops it."


def warning_lines(warnings: list[str], examples: Path, shown: int = 5) -> str:
    """The fine-tune's warnings, a line each with a sign, the first few of them (thousands of skipped files made a
    dialog taller than the screen: six lines cut off its buttons at 200 % on 1366×768). Files are named within
    ``examples``, as the dock names them, a long line is shortened in its middle, and a name's controls are escaped:
    a 240-character name widened the dialog past the screen's edge, Cancel with it, and one holding U+202E mirrored
    its line. The rest are counted, and said to be named in the dock only where they are what it names."""
    root = f"{examples}{os.sep}"
    # Files skipped and pictures kept under two digits are what the dock names too, so they are shown last, in the
    # room left: five files skipped hid "1/seven0.png reads as a 7; … In the wrong folder?" and "only one drawing of
    # 3" under "… and 1 more (the My examples dock names them)", which names neither. Whatever order they come in.
    in_dock = [w for w in warnings if w.startswith((SKIPPED, SAME_PICTURE))]
    own = [w for w in warnings if not w.startswith((SKIPPED, SAME_PICTURE))]
    kept = own[:shown] + in_dock[: max(0, shown - len(own))]
    lines = [shortened(readable(w.replace(root, "")), WARNING_CHARS) for w in kept]
    lines = [f"⚠ {w[:1].upper()}{w[1:]}" for w in lines]
    if left := len(warnings) - len(kept):
        named = " (the My examples dock names them)" if len(own) <= shown else ""
        lines.append(f"… and {left} more{named}")
    return "\n".join(lines)


def examples_taught(run: TeachRun, counted: bool = True) -> str:
    """The examples a teach learns from, as the dialog names them (:func:`examples_named`): "the newest 1,000 of
    your 12,944 examples" where it left some out ("your 1000 examples" was said of 12,944 kept), "4 drawings of your 9
    examples (5 copies set aside)", else "your 30 examples" (``counted``) or "your examples"."""
    return examples_named(run.found, run.copies, run.left_out, counted) if run.found else "your examples"


def misread_line(misread: list[tuple[str, int]], count: int, shown: int = 3, of: str = "your examples") -> str:
    """The held-out examples it still reads as another digit, the first few named, and where to move one kept under
    the wrong digit: two such examples held a teach at "93.3 % → 93.3 %" without a word of which, or why. ``of``: the
    examples it read (:func:`examples_taught`): "11 of your examples" was said of the newest 1,000 of 3,000 kept."""
    if not count:
        return ""
    named = "; ".join(f"{shortened(readable(file), 40)} as {a_digit(digit)}" for file, digit in misread[:shown])
    more = f"; and {count - shown} more" if count > shown else ""
    one = count == 1
    # and the key: a keyboard user was told only to right-click (Shift+F10 opens the menu, as the F1 list says)
    return (
        f"{count} of {of} {'is' if one else 'are'} read as another digit: {named}{more}. Kept under the "
        f"wrong digit? Right-click {'it' if one else 'one'} in My examples (or Shift+F10 on it) ▸ Move to digit."
    )


def verdict(before: float | None, after: float | None, in_use: bool | None = True, of: str = "your examples") -> str:
    """One line on whether the taught model is better *for this person*, from the cross-validated accuracy.

    Teaching a person the model already reads costs the others something (MNIST, other people's digits: see
    bench/bench_finetune.py) and gains that person nothing, so the dialog says when switching back is as good.
    ``in_use``: whether the window reads with the taught model; if not (another model was chosen while it ran),
    there is no "Switch back" to advise, the button offering the taught model instead; ``None``: the other model is
    gone (deleted while it was taught), and no button offers it. ``of``: the examples it read
    (:func:`examples_taught`).
    """
    if before is None or after is None:
        return ""
    if after > before:
        return "It reads more of your drawings right now."
    advice = "" if in_use is None else ": Switch back loses nothing" if in_use else ": no need to use it"
    if before >= 1.0:
        return f"It already read all {of} right, so teaching had nothing to fix{advice}."
    advice = "" if in_use is None else ": Switch back keeps the model you had" if in_use else ": no need to use it"
    return f"It does not read your drawings better than before{advice}."


class TeachDialog(QDialog):
    """Progress bar, live chart, Cancel; non-modal, so the user can keep drawing while the model learns."""

    def __init__(self, parent: QWidget | None = None, taught_from: str | None = None) -> None:
        """``taught_from``: the model in use, named: Ctrl+T after a teach teaches the taught model, and the dialog
        said only "loading the model", so a second teach was not seen to build on the first. Unnamed, it said
        "Starting from the model in use, the model in use"."""
        super().__init__(parent)
        self.setWindowTitle("Teach it my handwriting")
        self.setObjectName("teach_dialog")
        start = "the model in use" if taught_from is None else f"{taught_from}, the model in use"
        self.status = QLabel(f"Starting from {start}: loading it, your examples and the digits it replays…")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names models and files
        # a frame while it holds the keys (_cancel_off): a label draws none, and a keyboard user saw no control with
        # them; the clear one beside it keeps the text where it was, unmoved as the keys come and go
        self.status.setStyleSheet("QLabel { border: 1px solid transparent; }")
        # and no indent: Qt indents a framed label's text by half an "x", so its lines stood 3 px (8 at 200 %) right
        # of the warnings' and the outcome's under it
        self.status.setIndent(0)
        # the fine-tune's warnings (a picture kept as two digits, files skipped): only its stderr had them, and a
        # teach that learnt a 3 as a 4 too ended in "97.1 % → 97.1 %" without a word of why
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # they name files
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # in an area that scrolls where the screen is too short for them (after the chart has given way): at 200 % on
        # 1366×768 their last line was clipped, and the dialog taller than the screen cut its buttons' lower edge
        self.warnings_area = TextArea(self.warnings, "Warnings from the teach")
        self.warnings_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warnings_area.hide()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Teaching progress")  # a screen reader said "progress bar" and a value alone
        # the heading says the step, the bar only how far: its "step 19 of 40" was painted at once in setValue, under
        # the heading's "step 18 of 40" until the next pass
        self.bar.setTextVisible(False)
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
            # Cancel's role, so Cancel's place when it ends: as the AcceptRole it went leftmost, and "Compare both"
            # took the corner where Cancel had been (a click meant for Cancel as the teach ended compared both)
            (self.close_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            self.buttons.addButton(button, role)
        # hidden until the run ends, and only after adding: the box re-parents a button, which undid an
        # earlier hide(), so "Close" and "Switch back" were offered while the fine-tune ran
        self.switch_back_button.hide()
        self.compare_button.hide()
        self.close_button.hide()
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.warnings_area, self.bar, self.chart, self.summary):
            layout.addWidget(widget, stretch=widget is self.chart)
        # the room its texts leave goes to the chart, or, the chart gone, above the buttons: the status took it, its
        # lines centred in a blank band (12 px above and below in a dialog made 24 px taller, the chart gone)
        layout.addStretch()
        layout.addWidget(self.buttons)
        # no larger than the screen: at 200 % on a 1366 × 768 laptop it was 840 px tall, Cancel below the edge
        self.resize(QSize(520, 420).boundedTo(screen_room(parent or self)))
        self.process: TeachProcess | None = None
        self.showing_taught = False  # whether the window reads with the taught model (after a success)
        # the pair's other model is the one taught from, or (when another was chosen while it ran) that one
        self.chosen_meanwhile = False
        self.other_lost = False  # the pair's other model is gone: no button, no advice offers it (other_gone)
        self.reading_another = False  # a third model is in use, chosen in the Models menu (elsewhere)
        self._asking: QMessageBox | None = None  # "Stop teaching?", asked by a close while it runs (closeEvent)
        self._chart_gone = False  # no room for the chart even at its least (_give_way)
        self._quiet_timer = QTimer(self)  # looks each second whether the fine-tune has gone quiet (_said_nothing)
        self._quiet_timer.setInterval(1000)  # not interval=: see gui.app.create_app
        self._quiet_timer.timeout.connect(self._said_nothing)
        self._quiet_said = ""  # the status as the fine-tune last left it, while a quiet note is shown after it
        self._screen_watched: QWindow | None = None  # its window, whose moves to another screen are watched
        self._moved_timer = QTimer(self)  # fitted to a new screen once it lies still there (_fit_to_its_screen)
        self._moved_timer.setSingleShot(True)
        self._moved_timer.setInterval(500)
        self._moved_timer.timeout.connect(self._fit_to_its_screen)
        # it opens with the keys on its status line, which a screen reader says: on Cancel (the one button, unframed
        # until Tab is used here) Space, pressed after Ctrl+T to watch the digit scan, cancelled the teach
        self._keys_on_the_status()

    def attach(self, process: TeachProcess) -> None:
        self.process = process
        self.cancel_button.clicked.connect(process.cancel)
        self.cancel_button.clicked.connect(self._stopping)
        process.progress.connect(self._on_progress)
        self.chart.show_run(process.run)
        self._quiet_timer.start()

    def _said_nothing(self) -> None:
        """The fine-tune quiet for :data:`QUIET_S` or more (its start :data:`QUIET_START_S`), teaching: said after the
        status, and aloud once, the count going on, Cancel still on; gone as it speaks again. A fine-tune stopped at
        step 34 (SIGSTOP) said "step 34 of 40" for as long as it was stopped, as a running one would."""
        process = self.process
        if process is None or not process.running:
            self._quiet_timer.stop()
            return
        if process.run.written or not self.cancel_button.isEnabled():  # only ending, or stopping: said so already
            return
        quiet = process.quiet_s()
        if quiet < (QUIET_S if process.run.steps else QUIET_START_S):
            if self._quiet_said:  # it spoke (a line on stderr, which changes no status): the note goes
                self.status.setText(self._quiet_said)
                self._quiet_said = ""
            return
        first = not self._quiet_said
        if first:
            self._quiet_said = self.status.text()
        note = quiet_note(quiet)
        with self._room_for_text() if first else contextlib.nullcontext():  # its line may need room; once
            self.status.setText(f"{self._quiet_said}\n{note}")
        if first:
            announce(self, note)

    def _stopping(self) -> None:
        """Cancel pressed: said at once, the button off. The fine-tune holds a stop while torch loads, and may take
        Cancel's grace (3 s) to end: in the window the dialog went on saying "Starting: loading the model…" for
        0.9–1.2 s after the click (load 1.2), Cancel still on, as if the click had not been heard."""
        if self.process is not None and self.process.running:
            self._cancel_off()
            self.status.setText("Stopping: the model in use stays, nothing is written…")

    def _cancel_off(self) -> None:
        """Cancel off (stopping, or its model written), its keys, where it had them, on the status line, which says
        why: Qt finds no other Tab stop in the dialog while it runs (its other buttons hidden), and the keys went
        nowhere, a screen reader silent, until the process ended and Close took them (finish)."""
        had_keys = self.focusWidget() is self.cancel_button  # the dialog's, active or not
        self.cancel_button.setEnabled(False)
        if had_keys:
            self._keys_on_the_status()

    def _keys_on_the_status(self) -> None:
        """The keys on the status line, framed (:meth:`_frame_the_status`)."""
        self._frame_the_status()
        self.status.setFocus(Qt.FocusReason.OtherFocusReason)

    def _frame_the_status(self) -> None:
        """The status line framed in the focus colour as the views are, of the palette now (palette(highlight) in
        the style sheet was a dark theme's dark selection, 1.6:1 on its window)."""
        frame = focus_colour(self.palette()).name()
        self.status.setStyleSheet(
            f"QLabel {{ border: 1px solid transparent; }} QLabel:focus {{ border-color: {frame}; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        # set anew with each palette: a label with a style sheet keeps the palette it had as it was set, and a
        # desktop going dark while a teach ran left the status black on the dark dialog (1.2:1), framed in light's blue
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "status"):
            self._frame_the_status()
        super().changeEvent(event)

    def _on_progress(self) -> None:
        assert self.process is not None
        run = self.process.run
        # nothing left to stop: "Stop teaching? … nothing is written" stayed open, untrue
        withdrawn = run.written and self._stop_asked_no_more()
        if not self.cancel_button.isEnabled():  # stopping: a line the fine-tune sent before it heard Cancel
            return
        self._quiet_said = ""  # it spoke: the status is said anew, without the quiet note
        if run.warnings and self.warnings_area.isHidden():
            with self._room_for_text():
                self.warnings_area.set_text(warning_lines(run.warnings, run.examples))
                self.warnings_area.show()
        if not run.steps:  # started, not yet stepping: the base model reads the examples and the MNIST digits
            self.bar.setMaximum(0)  # Qt's "busy" bar: no step count to show yet
            self.status.setText("Reading your examples and the MNIST digits it is checked on…")
            return
        self.bar.setMaximum(run.steps)
        self.bar.setValue(run.step)
        held = run.heldout[-1][1] if run.heldout else None
        yours = examples_taught(run)
        if run.written:  # nothing left to cancel (TeachRun.written): said, and Cancel off
            self._cancel_off()
            doing = f"Learnt from {yours} in {run.steps} steps and written; its process is ending…"
        elif run.step < run.steps:
            doing = f"Learning from {yours}… step {run.step} of {run.steps}"
        else:  # its steps done, it reads MNIST's digits once more and writes the model: seconds it said "Learning"
            doing = f"Learnt from {yours} in {run.steps} steps; checking it on the MNIST digits and writing it…"
        self.status.setText(f"{doing}; held-out accuracy {heldout_percent(held)}")
        if withdrawn:  # a screen reader was reading the question: it went unexplained, the label's text no news
            announce(self, f"Nothing left to stop: {self.status.text()}")
        self.chart.refresh()

    def finish(self, ok: bool, message: str, in_use: bool = True) -> None:
        """Show the outcome; the dialog stays open for the user to read it. ``in_use``: after a success, whether
        the window reads with the taught model (not when another was chosen while it ran)."""
        self._stop_asked_no_more()
        self._quiet_timer.stop()  # its end is said: no quiet note after it
        with self._room_for_text():
            self.cancel_button.hide()
            self.close_button.show()
            self.status.setText(message)
            if not ok:
                self._bar_says_stopped("Cancelled" if message.startswith("Cancelled") else "Stopped")
            if self.bar.maximum() == 0:  # still Qt's moving "busy" bar: it went on as if working after a failure
                self.bar.setRange(0, 1)
                self.bar.setValue(1 if ok else 0)
            if ok and self.process is not None:
                self._summarise(in_use)
                self.switch_back_button.show()
                self.compare_button.show()
                self.showing_taught = in_use
                if not in_use:  # the button offers the taught model, not a way back to the model taught from
                    self.chosen_meanwhile = True
                    self._offer_the_taught_model()
            self.close_button.setDefault(True)  # Enter closes: it did nothing, the default (Cancel) hidden
            self.close_button.setFocus()
            self.chart.refresh()
        # a screen reader, its keys moved to Close, heard "Close, button" and never how it went ("It does not read
        # your drawings better than before: Switch back keeps the model you had"); closed, the status line says it
        if self.isVisible():
            announce(self, "\n".join(text for text in (message, self.summary.text() if ok else "") if text))

    def _bar_says_stopped(self, stopped: str) -> None:
        """The run ended unfinished: the bar says so, and where. Cancelled at step 27 of 40 in the window, it stayed
        at 27 of 40 without a word, read as a run still going, or as done; the chart without a point says so too."""
        if not self.chart.points():  # its axes alone, as if the chart had failed to draw
            self.chart.note = f"{stopped} before the first measurement"
        # the fine-tune reports step 0 before its first: "Cancelled at step 0 of 40" was said of it, as the close's
        # line said "at step 0 of 40" until teach_cut_short_words; a bar never set is at -1
        step = self.bar.value() if self.bar.maximum() > 0 else 0
        where = f"at step {step} of {self.bar.maximum()}" if step > 0 else "before step 1"
        self.bar.setFormat(f"{stopped} {where}")  # no % in it: Qt reads %v and %m in a format
        self.bar.setTextVisible(True)

    def _offer_the_taught_model(self) -> None:
        """The switch button offers the taught model: its words, written out where the outcome came, after a switch
        back and after a model chosen in the menu, are here once."""
        self.switch_back_button.setText(USE_THE_TAUGHT)
        self.switch_back_button.setToolTip("Read with the model this teaching made")

    def _summarise(self, in_use: bool) -> None:
        """The outcome's numbers and verdict. Said again after each switch: the verdict's advice names the button
        shown ("Switch back keeps the model you had" stayed after Switch back, the button offering the taught one)."""
        run = self.process.run
        before = run.heldout[0][1] if run.heldout else None
        after = run.heldout[-1][1] if run.heldout else None
        digits = f"{run.mnist_digits:,}" if run.mnist_digits else "?"
        lost = ""
        if run.mnist_lost is not None:  # the pooled number hid ibm/15's 1s taught costing MNIST's 7s 2 points
            digit, was, now = run.mnist_lost
            lost = f"; its {digit}s {accuracy_percent(was)} → {accuracy_percent(now)}"
        read = examples_taught(run, counted=False)  # "all your examples" was said of the newest 1,000 of 9,631
        misread = misread_line(run.misread, run.misread_count, of=read)
        # a teach that cost MNIST 10 points or more said only its numbers here, where the command line says it
        forgot = f"{run.forgot[:1].upper()}{run.forgot[1:]}." if run.forgot else ""
        advise = None if self.other_lost else in_use  # no button, no advice, to a model that is gone
        self.summary.show()
        self.summary.setText(  # one line each, so neither wraps in the middle of a number
            f"Your held-out examples: {heldout_percent(before)} → {heldout_percent(after)}. "
            f"{verdict(before, after, advise, read)}\n"
            f"MNIST test ({digits} digits): {accuracy_percent(run.mnist_before)} → {accuracy_percent(run.mnist_after)}"
            f"{lost}" + "".join(f"\n{line}" for line in (forgot, misread) if line)
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._screen_watched:
            self._screen_watched = handle
            handle.screenChanged.connect(self._moved_timer.start)

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self._moved_timer.isActive():  # still being dragged: fitted mid-drag, it would leave the pointer
            self._moved_timer.start()

    def _fit_to_its_screen(self) -> None:
        """Moved to another screen, the chart that went for want of room (200 % on 1024×600) comes back where that
        screen has room for it, the dialog grown to hold it: dragged onto a 1600×1000 monitor it stayed gone, its
        outcome alone, until the dialog was resized by hand (:meth:`resizeEvent`). Dragged onto a smaller screen (200 %
        on 1024×600), it kept its 524×424 and its chart, Close below the screen's foot: it is fitted there as one
        finished there is, then made no larger than that screen (:meth:`_grow_to_text` only grows it)."""
        room = screen_room(self)
        larger = self.width() > room.width() or self.height() > room.height()
        if (self._chart_gone or larger) and self.layout().isEnabled():
            self._grow_to_text()
            if larger:  # its least size fits the screen now, the chart given way or gone; the layout asked at once,
                self.layout().activate()  # else its least size before (378 px tall) held the resize (382 px of 252)
                self.resize(self.size().boundedTo(room))
                onto_its_screen(self)

    def resizeEvent(self, event) -> None:
        self._fit_buttons(event.size().width())
        super().resizeEvent(event)
        # the chart that went (no room: 200 % on 1024×600) back once the dialog holds it at its least: moved to a
        # taller screen and made taller there, it stayed gone, its room blank, until a text in the dialog changed
        if self._chart_gone and self.layout().isEnabled():
            width, spacing = event.size().width(), self.layout().spacing()
            lines = max(self.heightForWidth(width), self.minimumSizeHint().height())  # as _grow_to_text measures
            if event.size().height() >= lines + self.chart.minimumHeight() + spacing:
                self._chart_gone = False
                self.chart.show()

    def _fit_buttons(self, width: int) -> None:
        """The buttons one under the other where the dialog is narrower than their row: shrunk beside the bars (200 %
        in a window filling its screen), the outcome's three buttons made it as wide as before, over the bars."""
        wanted = Qt.Orientation.Horizontal if width >= self._row_width() else Qt.Orientation.Vertical
        if self.buttons.orientation() != wanted:
            self.buttons.setOrientation(wanted)
        # one under the other at the right, as in a row: at its left, Close came 147 px left of where Cancel had
        # been (800×600, the dialog 253 px wide at the screen's left edge), a click meant for Cancel on nothing.
        # Not the box's own layout: Qt makes it anew at each orientation, and its old one's wrapper was reused
        right = Qt.AlignmentFlag.AlignRight if wanted == Qt.Orientation.Vertical else Qt.AlignmentFlag(0)
        layout = self.layout()
        item = None if layout is None else layout.itemAt(layout.indexOf(self.buttons))
        if item is not None and item.alignment() != right:  # set alike, each resize laid it out anew
            layout.setAlignment(self.buttons, right)

    def _row_width(self) -> int:
        """The dialog's least width with its shown buttons in a row."""
        margins = self.layout().contentsMargins()
        shown = [b for b in self.buttons.buttons() if not b.isHidden()]
        row = sum(b.sizeHint().width() for b in shown) + 12 * max(len(shown) - 1, 0)
        return row + margins.left() + margins.right()

    def outcome_row_width(self) -> int:
        """The dialog's least width with the outcome's buttons in a row (the switch's longer words), within its
        screen: the least it opens at (:func:`gui.screen_room.place_dialog`). Opened narrower to keep clear of the bars
        and the chart, it widened at the end, and "Compare both" lay where Cancel had been."""
        switch = self.switch_back_button
        words = switch.text()
        widths = []
        for text in (words, USE_THE_TAUGHT):
            switch.setText(text)
            widths.append(switch.sizeHint().width())
        switch.setText(words)
        margins = self.layout().contentsMargins()
        row = self.close_button.sizeHint().width() + self.compare_button.sizeHint().width() + max(widths) + 2 * 12
        return min(row + margins.left() + margins.right(), screen_room(self.parentWidget() or self).width())

    @contextmanager
    def _room_for_text(self) -> Iterator[None]:
        """Change the texts and buttons inside; then grow, once, to the size the wrapped lines need now, within the
        screen. Placed while its texts were short (and shrunk beside a window larger than the screen), the dialog kept
        that height when the outcome came, and drew the summary over the chart and the buttons. Grown, it is moved
        back onto its screen: made narrow beside the bars at the screen's right edge (200 %), it grew wider for a
        model's name that has no place to break ("mine-20261202-023443-195790.safetensors") and its right part went
        past the edge.

        Its layout is off meanwhile: on, it resized the dialog to its new minimum at each change (a name that cannot
        break, the summary, the outcome's buttons: three resizes in a real teach at 200 % on a 1366×768 screen, then
        this one), and under openbox the window manager's answer to an earlier one came last, so the dialog stayed
        285 px wide where 365 had been chosen, its buttons one under the other, the summary drawn over the chart."""
        self.layout().setEnabled(False)
        try:
            yield
        finally:
            self.layout().setEnabled(True)
        self._grow_to_text()

    def _grow_to_text(self) -> None:
        """Grow, once, to the size its wrapped lines need now, within the screen, the chart giving way or going where
        there is no room for it (:meth:`_room_for_text`, after its texts changed; :meth:`_fit_to_its_screen`, on a new
        screen with its texts as they are)."""
        # its least width with the buttons as they would lie at its width: in the row they had before the outcome's
        # three were shown, it measured 340 px in a real window at 200 % where 317 held the lines, over the bars
        self._fit_buttons(self.width())
        room, width = screen_room(self), max(self.width(), self.minimumSizeHint().width())  # its longest word
        before = QRect(self.pos(), self.size() + frame_room(self))  # what it covered of the window's views

        def needed(width: int, give: int = 0, chart_may_go: bool = False) -> int:
            # with the buttons as they lie at that width: measured one under the other, as the narrow dialog had
            # them, the outcome at 200 % on a 1366×768 screen seemed to need 376 px of 336 up to 345 px wide, and
            # grew to the screen's whole width (667 px), over the bars, where 361 held every line, buttons in a row
            self._fit_buttons(width)
            self._give_way(width, give, chart_may_go)
            self.layout().invalidate()  # measured anew: the layout kept the height it had for the buttons before
            # the chart counted where it stays, not where it goes, whether or not it is hidden now (a switch after
            # it went measured without it, and brought it back over the outcome)
            chart = (self.chart.minimumHeight() + self.layout().spacing()) * (self.chart.isHidden() - self._chart_gone)
            return max(self.heightForWidth(width), self.minimumSizeHint().height()) + chart  # as screen_room measures

        # wider where the screen is too short for the lines at this width: at 200 % on a 1600×1000 screen, made
        # narrow beside the bars, an outcome with warnings and a note of examples deleted meanwhile needed 550 px
        # of 452, and the summary was drawn over the chart, the status cut in the middle of a line
        # and the buttons' row among them: in steps only, from 330 px it found 362 where 352 held the row (a real
        # teach at 200 % on 1366×768), 10 px more of the bars hidden
        top, row = max(width, room.width()), self._row_width()
        widths = sorted({*range(width, top + 1, WIDEN_STEP), *([row] if width < row <= top else [])})

        def give_at(wider: int, within: int = room.height()) -> int:  # what the chart (then the warnings) give
            return max(0, needed(wider) - within)

        # the window's views stay put meanwhile: walked once, and each size weighed once (the chart giving way at a
        # width where nothing gives is the size weighed already)
        window = self.parentWidget()
        views = None if window is None else views_in_order(window)

        @cache
        def placed(width: int, height: int) -> tuple[QPoint, bool]:  # where, and whether it covers no more there
            return grown_place(self, QSize(width, height), before, views)

        def clear(wider: int, within: int | None) -> bool:
            # on the screen at that width, and a place for it covering no more of the window's drawing, bars and chart
            tall = needed(wider, give_at(wider, within) if within else 0)
            # never past the screen: a dialog finished on a large screen and dragged to a laptop is taller than it
            return tall <= min(within or room.height(), room.height()) and placed(wider, max(self.height(), tall))[1]

        # widened where that keeps it clear; else, in a window, the chart gives way at a width that does; else, in a
        # window, as narrow as the screen's height lets its lines be, the chart giving way, where it hides the least
        # of the bars and then the chart: grown as wide as its lines needed with the chart whole and left where it
        # lay, it was moved onto the screen over the bars (200 % on a 1600×1000 screen, My examples 241 px wide); of
        # no window, as wide as the lines need (the screen's width at most); the chart going only where no width holds
        # its lines with it at its least (200 % on 1024×600), as narrow as they then let it be
        # the chart giving way to the screen's height, then to the dialog's own (where that alone holds the lines): at
        # the screen's top (1366×768), with no room above, it grew downwards 48 px, Close below where Cancel had been
        # then to the height that keeps its foot, grown upwards (a 3-line outcome at 1600×1000: up 55 px, chart 119 px)
        above = before.top() - self.screen().availableGeometry().top()
        heights = tuple(dict.fromkeys((self.height(), min(room.height(), self.height() + max(0, above)))))
        gives = (None, room.height(), *heights) if window is not None else (None,)

        def least(goes: bool) -> int | None:  # the least width its lines fit the screen at, the chart kept or gone
            return next(
                (w for w in widths if needed(w, give_at(w) if window is not None else 0, goes) <= room.height()), None
            )

        def bars_hidden(wider: int, goes: bool) -> int:  # px of the bars' width it hides at that width, placed
            size = QSize(wider, max(self.height(), min(needed(wider, give_at(wider), goes), room.height())))
            return QRect(placed(size.width(), size.height())[0], size + frame_room(self)).intersected(views[1]).width()

        clear_width, within = next(((w, h) for h in gives for w in widths if clear(w, h)), (None, None))
        if clear_width is None and views is not None:
            # else wider, leftwards over the drawing (a teach changes none), its right edge and foot kept: an outcome
            # taller than the chart gives (a 3-line message, 90 px more at 100 % in a maximised 1600×1000 window)
            # grew it downwards at the screen's top, Close 90 px below where Cancel had been
            def in_place(wider: int, within: int, gone: bool = False) -> bool:
                # its buttons in a row, Close right-aligned where Cancel was: one under the other (298 px of 312 in a
                # 683×345 screen, the chart gone), Close lay at the dialog's left, far from Cancel's place
                if wider < row:
                    return False
                tall = needed(wider, give_at(wider, within), gone)
                size = QSize(wider, max(self.height(), tall))
                if tall > within or not widened_in_place(self, size, before, views):
                    return False
                # and put there: 316 px in a 480×420 screen, the chart gone, it was placed with its left edge kept,
                # Close 12 px right of Cancel's place
                return placed(size.width(), size.height())[0] == foot_kept(self, size, before)

            # else the chart goes (its before and after are the outcome's first line) rather than the buttons move:
            # two warnings and a 3-line outcome grew it 138 px downwards from the screen's top in a real maximised
            # 1600×1000 window, and, no warning shown, a forgot line, three misread examples and a 3-line message
            # 160 px on 1366×768, Close below where Cancel had been
            clear_width, within = next(
                ((w, h) for off in (False, True) for h in heights for w in widths if in_place(w, h, off)), (None, None)
            )
        if clear_width is not None:
            width = clear_width
        else:
            kept, gone = (least(goes) for goes in (False, True)) if window is not None else (least(False), None)
            width = kept or gone or max(width, room.width())
            # the chart goes where, kept, it would hide more than half the bars' width and, gone, it hides less: a
            # teach again at 200 % on 1366×768 (two models named) was 484 px wide over all 180 px of the bars, what
            # Switch back changes out of sight, to keep a chart whose before and after the outcome says in words.
            # It goes too where, kept, it would widen the dialog rightwards (no room left of it): a forgot line, three
            # misread examples and a 3-line message at 800×600 widened it 253 → 269 px, Close 16 px right of Cancel's
            # place once the other model was lost
            if kept and gone and gone < kept and views:
                if foot_kept(self, QSize(kept, 0), before).x() < self.screen().availableGeometry().left():
                    width = gone
                elif (hides := bars_hidden(kept, False)) > views[1].width() / 2:
                    width = gone if bars_hidden(gone, True) < hides else kept
            # taller than the room it has, its foot kept, the chart goes before it grows downwards: a 9-line message
            # (a replaced base, examples not noted), misread examples and two warnings grew it 334 px down from the
            # screen's top on 1024×768 and 1366×768, its chart kept 140 px tall over the window's chart
            if views and needed(width, give_at(width)) > heights[-1]:
                within = heights[-1]
                # and, its chart gone, as wide over the drawing as its top row keeps clear of the bars and the chart,
                # where that grows it the least downwards: on 1024×768 it grew 160 px down at 375 px wide, Close as
                # far below Cancel's place and over the window's chart, where 679 px held its lines 34 px lower
                top_row = self.height()
                wider = [w for w in widths if w >= width and widened_in_place(self, QSize(w, top_row), before, views)]
                width = min(wider, key=lambda w: (needed(w, give_at(w, within), True), w), default=width)
        # the buttons in a row where that takes less than a step more: searched from the width it ran at, a teach again
        # at 200 % on 1366×768 that ran 348 px wide ended so, its buttons one under the other, where one run at 250 px
        # got 352 and its buttons in a row. Not where the row would cover bars the dialog stands clear of, nor more
        # than half their width (the bars in sight, as for the chart above)
        if (
            views
            and width < row <= min(width + WIDEN_STEP, room.width())
            and needed(row, give_at(row), True) <= room.height()
        ):
            covered = bars_hidden(row, True)
            if covered == 0 or (bars_hidden(width, True) > 0 and covered <= views[1].width() / 2):
                width = row
        # too short even so: the chart gives way, or goes
        height = needed(width, give_at(width, within or room.height()), chart_may_go=True)
        if self.chart.isHidden() != self._chart_gone:  # set alike, a chart never hidden resized the dialog anew
            self.chart.setHidden(self._chart_gone)
        # its chart gone, no taller than its lines, its foot where it would lie with the chart kept: left as tall as
        # it ran, a blank band (22 px on 1024×768 with one warning, about 50 in live14's real window) lay above its
        # buttons
        kept = max(self.height(), min(height, room.height()))
        tall = min(height, room.height()) if self._chart_gone else kept
        if width > self.width() or tall != self.height():
            if tall < self.height():  # the least size its layout set with the chart shown would hold it taller
                self.layout().activate()
            self.resize(max(width, self.width()), tall)
            self.move(placed(self.width(), kept)[0] + QPoint(0, kept - self.height()))
        self._fit_buttons(self.width())  # as they lie at the width it has
        onto_its_screen(self)  # its title bar first, where it is larger than the screen

    def _give_way(self, width: int, give: int, chart_may_go: bool = False) -> None:
        """``give`` px less height at ``width``: the chart's first, down to its least, then the warnings' (they scroll,
        two lines left at least), then, where ``chart_may_go``, the chart's whole (``_chart_gone``); never the status,
        the outcome or the buttons. At 200 % on a 1366×768 screen a teach with five warnings and a misread example
        needed 378 px of 336 at the screen's whole width: "… and 4 more" was clipped, the outcome drawn over the chart's
        axis and the buttons' lower edge below the screen."""
        chart = min(give, max(0, TeachChart.HEIGHT - self.chart.least_height()))
        self.chart.setMinimumHeight(TeachChart.HEIGHT - chart)
        margins = self.layout().contentsMargins()
        # no warning at all: an empty label's height for a width is -1, which Qt refuses as a size, out loud. At the
        # width beside their scroll bar: measured without it, one warning (1366×768, 669 px) was given its one line,
        # the bar came all the same, and the line wrapped to two behind it, the second cut off, scrolling
        beside = width - margins.left() - margins.right() - self.warnings_area.verticalScrollBar().sizeHint().width()
        whole = max(0, self.warnings.heightForWidth(beside))
        least = min(whole, 2 * self.warnings.fontMetrics().lineSpacing())
        # as tall as they are given, no taller (no empty band under the last warning: the chart takes the rest): up to
        # their whole height, the dialog was measured as if they had not given way, and at 150 % on a 1024×768 screen
        # (My examples shown) seemed to need 536 px of 464 at 288 px wide; it lay 313 px wide over the bars' left 12
        squeezed = max(least, whole - max(0, give - chart))
        # still too tall: the chart goes, its before and after being the outcome's first lines. At 200 % on a
        # 1024×600 screen the dialog was 40 px too tall at the screen's width: its outcome drawn over the chart's
        # axis title, its last line cut off. Only noted here (:meth:`_room_for_text` hides or shows it once):
        # shown again at each width measured, the chart made the dialog as tall as it then needed, past the screen
        self._chart_gone = chart_may_go and give - chart - (whole - squeezed) > 0
        if self._chart_gone:  # its room is theirs: squeezed for a chart that went, they scrolled above a blank band
            squeezed = max(least, whole - max(0, give - TeachChart.HEIGHT - self.layout().spacing()))
        # given room for all their lines without the bar, as tall as those and no bar: measured beside it alone, a
        # two-line warning stood over a blank line (42 px for 28, 1024×768). Kept off, not left to Qt: once shown
        # (at a width measured on the way), Qt measured them at the width it left and kept it, the last line hidden
        unbarred = max(0, self.warnings.heightForWidth(width - margins.left() - margins.right()))
        fits = squeezed >= unbarred
        bar = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.warnings_area.setVerticalScrollBarPolicy(bar)
        self.warnings_area.setFixedHeight(unbarred if fits else squeezed)

    def switched(self, model: str, taught: bool) -> None:
        """After the switch button: say which model the window now reads with, and offer the other one."""
        # its longer status and button ("Use the taught model"): at 200 % on a 1366×768 screen, 322 px wide, the
        # buttons went one under the other and the summary was drawn over the chart
        with self._room_for_text():
            self.showing_taught, self.reading_another = taught, False
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
                self._offer_the_taught_model()

    def elsewhere(self, model: str) -> None:
        """A model other than its two chosen in the Models menu: say so, and offer the taught one. The dialog went on
        saying "Now reading with mine-….safetensors again, as before teaching" beside the shipped model in use."""
        with self._room_for_text():
            self.showing_taught, self.reading_another = False, True
            if self.process is not None and not self.summary.isHidden():
                self._summarise(in_use=False)
            self.status.setText(f"Now reading with {model}, chosen in the Models menu; the taught model stays there.")
            self._offer_the_taught_model()

    def lost(self, name: str, taught: bool, what: str) -> None:
        """The other model's file is gone (deleted or moved since the teach) or holds another model: say ``what``
        happened, and stop offering it (its buttons only raised "Could not open the model" while the dialog still said
        it stayed in the Models menu)."""
        other = "The model chosen while it was taught" if self.chosen_meanwhile else "The model you had before teaching"
        which = "The taught model" if taught else other
        with self._room_for_text():
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

    def _stop_asked_no_more(self) -> bool:
        """ "Stop teaching?" (:meth:`closeEvent`) closed where there is nothing left to stop: the teach has ended, or
        its model is written (its process only ending), which a "Stop teaching" then said was not. Whether it was
        showing (its going is then news to a screen reader)."""
        showing = self._asking is not None and self._asking.isVisible()
        if self._asking is not None:
            self._asking.close()
        return showing

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden by the app (the main window's close hides it first, then waits for the fine-tune): "Stop teaching?",
        a window of its own, went on showing over the desktop, its buttons dead, for as long as the wait."""
        if not event.spontaneous():  # not a minimise: the question waits with its dialog
            self._stop_asked_no_more()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the title bar's close button while the teach runs: asked first. It cancelled the run at once,
        unasked and unsaid, minutes of teaching lost to a key perhaps meant to put the dialog away. Esc and Cancel
        stop it at once, as Cancel's tooltip says."""
        if self.process is None or not self.process.running or self.process.run.written:
            super().closeEvent(event)
            return
        event.ignore()
        if self._asking is None:  # one box, asked again at each close: not a new one over the last
            self._asking = ask = QMessageBox(
                QMessageBox.Icon.Question,
                "Stop teaching?",
                "Closing this window stops the teach: the model in use stays, nothing is written.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                self,
            )
            ask.setObjectName("stop_teaching")
            ask.button(QMessageBox.StandardButton.Discard).setText("Stop teaching")
            ask.button(QMessageBox.StandardButton.Cancel).setText("Keep teaching")
            ask.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter, as Esc, keeps a run minutes in
            ask.button(QMessageBox.StandardButton.Discard).clicked.connect(self.reject)
        self._asking.open()

    def reject(self) -> None:
        """Esc, Cancel, or a close confirmed (closeEvent) while running means Cancel, never an orphaned process."""
        if self.process is not None and self.process.running:
            self.process.cancel()
        super().reject()
