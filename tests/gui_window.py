"""Widgets and the main window (with the shipped model or none), shown as the GUI tests need them, and the steps the
ink and teach tests take in it (the texts a widget paints, a picture read, an example opened, Ctrl+I, the errors said,
examples kept and Ctrl+T, a teach under way): one definition for their set-ups."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QPainter, QScreen, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QWidget

from gui.examples_dock import ExamplesDock
from gui.main_window import MainWindow
from gui.models_menu import STILL_READING, ModelsMenu
from gui.screen_room import place_dialog
from gui.taught_models import models_dir
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from gui.teach_record import UnfinishedTeaches
from gui.window_room import FIRST_SIZE
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore

Widget = TypeVar("Widget", bound=QWidget)
Menu = TypeVar("Menu", bound=QMenu)
Value = TypeVar("Value", bound=Hashable)

# a fine-tune that runs until it is stopped: the tests of a teach cancelled, closed or cut short while it learns
SLOW_TEACH = ["--train-samples", "1000000", "--batch-size", "16", "--eval-digits", "100"]
# how long a fine-tune may go without using any CPU or saying a line before a test calls it stuck (see taught_until)
STALLED_S = 120.0
PROGRESS_POLL_MS = 100  # how often a wait on a working fine-tune looks again (taught_until)


def waited_for_a_cpu() -> dict[str, int]:
    """Each thread of this process (by id) and the nanoseconds it has waited for a CPU, runnable but not run
    (``run_delay`` in /proc/self/task/*/schedstat); none where the kernel keeps no such count."""
    waited = {}
    for stat in Path("/proc/self/task").glob("*/schedstat"):
        try:
            waited[stat.parent.name] = int(stat.read_text().split()[1])
        except (OSError, IndexError, ValueError):  # a thread just gone
            continue
    return waited


def until(qtbot, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait, the events handled, until ``condition()``; fail (``qtbot.TimeoutError``) once ``seconds`` of wall time
    have passed without it, less the longest any thread of this process waited for a CPU meanwhile.

    Why: qtbot's own wait counts wall time, which a loaded machine spends elsewhere. Niced to 19 beside two busy loops
    on 2 cores a test gets a hundredth of a core, and 5 s passed before a window's start had said "No room for Inside
    the LSTM" (a message said for 15 s). Waiting does not stop this clock (a window that never says it still fails in
    ``seconds`` unloaded); being kept off the CPU does, the window's thread's or a worker's it waits on (Linux adds
    a thread's wait as it gets its turn)."""
    start, before = time.monotonic(), waited_for_a_cpu()

    def kept_off() -> float:  # read only once the wall clock is past the bound: a poll stays cheap
        return max((ns - before.get(tid, 0) for tid, ns in waited_for_a_cpu().items()), default=0) / 1e9

    while not condition():
        if time.monotonic() - start > seconds and time.monotonic() - start - kept_off() > seconds:
            raise qtbot.TimeoutError(f"not so after {seconds:g} s in which the test could run")
        qtbot.wait(10)


def exposed(qtbot, widget: QWidget) -> None:
    """Wait until ``widget``'s window is exposed: ``qtbot.waitExposed(widget)`` outside a ``with`` returns its waiter
    unused and waits for nothing (21 calls did so), and the offscreen platform exposes a window only as its events
    are handled."""
    until(qtbot, lambda: widget.windowHandle() is not None and widget.windowHandle().isExposed())


def shown(qtbot, widget: Widget, size: tuple[int, int] | QSize | None = None) -> Widget:
    """``widget`` shown (at ``size`` if given), its events not yet handled; qtbot closes it.

    Not yet exposed: it said "and exposed" while its ``qtbot.waitExposed`` waited for nothing, and tests of the
    start's first moment (a note not said yet) read the window as it is before its events run. A test that needs it
    painted and taking input waits with :func:`exposed`.
    """
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(QSize(*size) if isinstance(size, tuple) else size)
    widget.show()
    return widget


def keyed(qtbot, widget: Widget, size: tuple[int, int] | QSize | None = None) -> Widget:
    """``widget`` :func:`shown` and given the keys by Tab, as a keyboard user reaches it (framed, its keys live)."""
    shown(qtbot, widget, size)
    widget.activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    until(qtbot, widget.hasFocus)
    return widget


def settled(qtbot, measure: Callable[[], Value], polls: int = 5) -> Value:
    """``measure()`` (a size, a geometry: any value that compares and hashes) once it has given one value for
    ``polls`` polls in a row: the layout has finished moving, however long a busy machine takes."""
    seen: list[Value] = []

    def still() -> bool:
        seen.append(measure())
        return len(seen) >= polls and len(set(seen[-polls:])) == 1

    until(qtbot, still, seconds=20)  # bounds a hang; a busy machine is slow to lay out
    return seen[-1]


def opened_menu(menu: Menu) -> Menu:
    """``menu`` filled as its opening fills it (its ``aboutToShow``); the Models menu from a look at the model files
    begun in this call and ended: a look over ``READ_WAIT_MS`` (a busy machine: CI runs the whole suite on 2 cores)
    shows the last look, marked "Still reading the model files…", and a test that read the menu straight after saw
    only that. It waits for the look to end, then shows it as the open menu does then: no longer sleep."""
    deadline = time.monotonic() + 30  # bounds a hang; a busy machine is slow to read

    def wait_for_the_look() -> None:
        while menu._looking:
            assert time.monotonic() < deadline, "the Models menu's look at the files did not end in 30 s"
            QTest.qWait(10)

    if isinstance(menu, ModelsMenu):
        wait_for_the_look()  # one begun earlier ends first: the look shown is begun below
    menu.aboutToShow.emit()
    if isinstance(menu, ModelsMenu) and menu.actions()[0].text() == STILL_READING:
        wait_for_the_look()
        menu._show(menu._look, fresh=True)
    return menu


def painted_texts(monkeypatch, widget) -> list[str]:
    """Every text ``widget`` paints, in order, as a grab of it paints them."""
    texts: list[str] = []
    draw = QPainter.drawText

    def spy(painter, *args):
        texts.extend(arg for arg in args if isinstance(arg, str))
        return draw(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", spy)
    widget.grab()
    monkeypatch.undo()
    return texts


def window_without_model(
    qtbot, tmp_path: Path, user_dir: Path | None = None, size: tuple[int, int] | None = None
) -> MainWindow:
    """A window with no model loaded, its settings in ``tmp_path``, its own folder ``user_dir`` (default
    ``tmp_path / "mine"``), shown (at ``size`` if given; see :func:`shown`); closed by qtbot."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=user_dir or tmp_path / "mine")
    return shown(qtbot, window, size)


def examples_widened_past_the_drawing(qtbot, window: MainWindow, by: int = 40) -> int:
    """My examples shown in ``window`` and widened ``by`` px past the drawing, as a drag of its separator leaves it;
    its width once it and the drawing have settled."""
    dock = window.teaching.dock
    window.teaching.show_dock.trigger()
    until(qtbot, dock.isVisible)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    window.resizeDocks([dock], [window.canvas.width() + by], Qt.Orientation.Horizontal)  # as a drag leaves it
    return settled(qtbot, lambda: (dock.width(), window.canvas.width()))[0]


def open_shipped_window(
    qtbot,
    tmp_path: Path,
    size: tuple[int, int] | None = None,
    user_dir: Path | None = None,
    activate: bool = False,
) -> MainWindow:
    """Shown, its events handled until the shipped model is loaded (not still loading), settings in ``tmp_path``;
    closed by qtbot. Its folder is ``user_dir``, else the test session's (conftest's, shared by every test that gives
    none): a test that keeps, imports or teaches gives its own. ``activate``: made the active window, as a click on
    it makes it."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(checkpoint=pretrained_path(), settings=settings, user_dir=user_dir)
    shown(qtbot, w, size or FIRST_SIZE)  # FIRST_SIZE: the offscreen screen is smaller
    if activate:
        w.activateWindow()
    until(qtbot, lambda: not w.tasks.busy, seconds=20)
    assert w.session.checkpoint is not None, w.last_error
    return w


def started_from_settings(qtbot, settings: QSettings, user_dir: Path) -> MainWindow:
    """A window started as the app starts, from ``settings`` alone (the model they remember, or the shipped one),
    shown and exposed, once the model is read; closed by qtbot. What a test of remembered settings reads back."""
    window = shown(qtbot, MainWindow(settings=settings, user_dir=user_dir))
    until(qtbot, lambda: window.session.checkpoint is not None and not window.tasks.busy, seconds=20)
    return window


def reading_a_copy_of_the_shipped_model(qtbot, tmp_path: Path, model: Path) -> MainWindow:
    """The shipped window reading the shipped model copied to ``model`` (its folders made): a model of the user's
    own, wherever a test needs one to be, opened as Ctrl+O opens it."""
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(pretrained_path().read_bytes())
    window = open_shipped_window(qtbot, tmp_path)
    window.open_model(model)
    until(qtbot, lambda: window.session.checkpoint.path == model and not window.tasks.busy, seconds=20)
    return window


def two_of_one_name(qtbot, tmp_path: Path) -> tuple[MainWindow, Path, Path]:
    """The shipped window with the shipped model copied to two projects' ``runs/rowreader.safetensors``
    (``digits``, then ``letters``), each opened as Ctrl+O opens it, the second read last: two models of one file
    name, which the Models menu, the status bar and the app's words must tell apart."""
    first, second = (tmp_path / project / "runs" / "rowreader.safetensors" for project in ("digits", "letters"))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for model in (first, second):
        model.parent.mkdir(parents=True)
        shutil.copyfile(pretrained_path(), model)
        window.open_model(model)
        until(qtbot, lambda m=model: window.session.checkpoint.path == m and not window.tasks.busy, seconds=20)
    return window, first, second


def constant_reader(probabilities: list[float]):
    """The shipped model with its output layer made to say ``probabilities`` after every row, whatever it reads."""
    import numpy as np

    from rowreader.checkpoint import Checkpoint, load_pretrained

    shipped = load_pretrained()
    weights = {name: np.array(array) for name, array in shipped.weights.items()}
    weights["output.weight"][:] = 0.0
    weights["output.bias"][:] = np.log(probabilities)
    return Checkpoint(shipped.config, weights, shipped.metadata)


def png_of(grey: np.ndarray) -> bytes:
    """``grey`` (uint8) as a PNG with no RowReader note, as another program saves it: its ink told from its pixels."""
    out = io.BytesIO()
    Image.fromarray(grey).save(out, "PNG")
    return out.getvalue()


def picture_read(qtbot, window: MainWindow, name: str | None = None, after: object = None) -> None:
    """Waits until ``window`` shows a reading other than ``after`` (the content shown before; of the picture ``name``
    where given) and its worker is done: what the status line and the chart then say is the new reading's."""
    content = window.canvas
    until(
        qtbot,
        lambda: content.content is not after and (b := content.content.base) is not None and name in (None, b.source),
        seconds=20,
    )
    until(qtbot, lambda: not window.tasks.busy, seconds=20)


def read_in_the_other_ink(qtbot, window: MainWindow, name: str | None = None) -> None:
    """Ctrl+I (File ▸ Read in the other ink) on the picture shown, and its new reading waited for."""
    before = window.canvas.content
    window.actions_.other_ink.trigger()
    picture_read(qtbot, window, name, after=before)


def first_example_opened(qtbot, window: MainWindow, label: int) -> None:
    """The first example in My examples read from ``window``'s folder and opened, as a click on it in the dock opens
    it: waited for until it is shown with its true label, ``label``, and read."""
    panel = window.teaching.panel
    panel.reload()
    until(qtbot, lambda: panel.found is not None and bool(panel.found.examples))
    window.teaching.open_example(panel.found.examples[0])
    until(qtbot, lambda: window.session.label == label, seconds=10)
    until(qtbot, lambda: not window.tasks.busy, seconds=10)


def errors_said(window: MainWindow) -> list[str]:
    """The errors ``window`` reports from now on, each as "title: message", kept instead of shown in a dialog."""
    said: list[str] = []
    window.report_error = lambda title, message, *rest: said.append(f"{title}: {message}")
    return said


def held_at_the_third_picture(monkeypatch) -> tuple[threading.Event, list[Path]]:
    """The examples' next reading held as it decodes its third picture, until the event is set (within 20 s); the
    list names the pictures decoded, in order. Set the event when done, or a reading waits out its 20 s."""
    import rowreader.example_folder

    release, decoded, real = threading.Event(), [], rowreader.example_folder.input_of

    def input_of(path: Path) -> np.ndarray:
        decoded.append(path)
        if len(decoded) == 3:
            release.wait(20)
        return real(path)

    monkeypatch.setattr(rowreader.example_folder, "input_of", input_of)
    return release, decoded


def keep_examples(store: ExampleStore, mnist_test, per_digit: int = 2) -> None:
    """The first ``per_digit`` MNIST test digits of each digit kept in ``store``, drawn large (280 × 280) and dark on
    light as the canvas keeps a drawing: enough examples for Ctrl+T to teach (it asks for a few of each)."""
    images, labels = mnist_test
    for digit in range(10):
        for index in np.flatnonzero(labels == digit)[:per_digit]:
            store.add(digit, np.kron(255 - images[index], np.ones((10, 10), np.uint8)))


def teach_beside_the_bars(qtbot, tmp_path: Path) -> tuple[TeachDialog, TeachProcess]:
    """A teach dialog as the window places it beside the bars (249 × 252), shown and exposed, attached to a teach
    that has not started: the test tells it what the fine-tune would (``process._apply``)."""
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    dialog.attach(process)
    dialog.resize(249, 252)
    dialog.show()
    exposed(qtbot, dialog)
    return dialog, process


def teach_running_at(qtbot, tmp_path: Path, step: int) -> tuple[TeachDialog, TeachProcess]:
    """A teach dialog, not shown, attached to a fine-tune of 30 examples that has reported ``step`` of 40: the test
    has made ``TeachProcess.running`` true and its ``cancel`` what it needs (nothing is started)."""
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    process._apply({"event": "start", "examples": 30})
    process._apply({"event": "progress", "step": step, "steps": 40, "heldout": 0.9})
    return dialog, process


def teach_over_the_drawing(qtbot, window: MainWindow, tmp_path: Path) -> tuple[TeachDialog, TeachProcess]:
    """A teach dialog opened as Ctrl+T opens it (over the drawing, its place chosen as the window chooses it), shown
    and exposed, attached to a teach that has not started: the test tells it what the fine-tune would."""
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog(window, "rowreader.safetensors")
    dialog.attach(process)
    place_dialog(dialog, window, over_the_drawing=True, least_width=dialog.outcome_row_width())
    dialog.show()
    exposed(qtbot, dialog)
    return dialog, process


def start_teaching(window: MainWindow, qtbot) -> TeachDialog:
    """Ctrl+T: the folder is read in the background first, then the fine-tune's process and dialog start."""
    window.teaching.teach()
    until(qtbot, lambda: not window.teaching.preparing, seconds=10)
    assert window.teaching.dialog is not None, window.last_error
    return window.teaching.dialog


def open_teach_dialog(
    qtbot, window: MainWindow, mnist_test, per_digit: int = 2, teach_args: list[str] | None = None
) -> tuple[TeachDialog, TeachProcess]:
    """``per_digit`` examples of each digit kept in ``window``'s folder, then Ctrl+T with ``teach_args`` (if given;
    :data:`SLOW_TEACH` runs until stopped): its dialog, shown, and its process, started (not yet running: its
    start is the OS's, a wait for ``process.running`` says it ran)."""
    keep_examples(window.teaching.store, mnist_test, per_digit)
    if teach_args is not None:
        window.teaching.teach_args = teach_args
    dialog, process = start_teaching(window, qtbot), window.teaching.process
    assert process is not None and dialog.isVisible()
    return dialog, process


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) process ``pid`` has used, from Linux's /proc; None once it has ended (or
    where there is no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: in clock ticks


def wants_a_cpu(pid: int) -> bool:
    """Whether a thread of process ``pid`` is running or waiting for a CPU to run on (state R in /proc): at work,
    however little CPU it is given. Niced to 19 beside a busy loop a child used no clock tick of CPU in a second."""
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "R":
                return True
        except (OSError, IndexError):  # a thread gone meanwhile
            continue
    return False


def taught_until(qtbot, process: TeachProcess, done: Callable[[], bool], stalled_s: float = STALLED_S) -> None:
    """Wait until ``done()`` (the fine-tune ended, its model in use, its dialog's Close shown) for as long as the
    fine-tune makes progress: uses CPU or says a line. Fails once it has made none for ``stalled_s``.

    Why not a bound on the whole wait: a teach is niced below the window, so on a busy machine it gets a small share
    of the cores, and 120–180 s for it to end failed the teach tests at loads 8–11 with the fine-tune working all
    along. What the tests mean is that the teach gets there; one hung (a deadlock, a read that never returns) uses no
    CPU nor waits for one (:func:`wants_a_cpu`) and is caught, and pytest-timeout's 900 s bounds the rest."""

    def progress() -> tuple[float | None, int, int]:
        pid = process.process.processId()
        return cpu_seconds(pid) if pid else None, process.run.step, len(process.run.log)

    def moved(before: tuple[float | None, int, int]) -> Callable[[], bool]:
        pid = process.process.processId()
        return lambda: done() or progress() != before or (pid != 0 and wants_a_cpu(pid))

    while not done():
        # events handled, the CPU left to the child, each round: waitUntil returns at once on a yes, without either,
        # and a child at work always wants a CPU; so the test spun at nice 0 beside its niced fine-tune (2 min 50 s
        # of CPU in 5 min 28 s, the child 36 s, at a load of 5) and read none of its lines while it worked
        qtbot.wait(PROGRESS_POLL_MS)
        try:
            qtbot.waitUntil(moved(progress()), timeout=int(stalled_s * 1000))
        except qtbot.TimeoutError:
            state = "running, using no CPU" if process.running else "ended"
            said = f"the fine-tune ({state}) made no progress for {stalled_s:g} s, not done; its last lines:"
            pytest.fail("\n".join([said, *process.run.log[-5:]]))


def lone_dock(store: ExampleStore) -> ExamplesDock:
    """My examples alone, with an undo stack of its own that is its child, as the window's is its canvas's: a stack
    of no parent, Python's, was kept past the dock by the dock's reference cycle, with the Python commands it holds,
    all left for the collector to delete wherever it ran next (a later test's count; the sixty-fifth round, soak1)."""
    dock = ExamplesDock(store, QUndoStack())
    dock.undo_stack.setParent(dock)
    return dock


def teach_under_way(window: MainWindow, base: Path, taught_name: str, heldout: list | None = None) -> Path:
    """A teach from ``base`` as Ctrl+T leaves it, its fine-tune never started: the model it will write (returned,
    ``taught_name`` in the app's models folder, that folder made), the digest of ``base`` kept as the teach starts,
    its process's held-out accuracies ``heldout`` (step, accuracy) if given, and its dialog attached. A test then
    plays the teach's end (``teaching._taught``, ``_not_taught``) at the moment it aims at."""
    teaching = window.teaching
    taught = models_dir(teaching.user_dir) / taught_name
    taught.parent.mkdir(parents=True, exist_ok=True)
    # the teaching's child, as the app makes it: alone, Python owned it and the window's reference cycle kept it, its
    # QProcess and its timer, for the collector to delete wherever it ran next (the sixty-fifth round, soak1)
    teaching.previous_model = base
    teaching.process = TeachProcess(base, teaching.store.root, taught, parent=teaching)
    if heldout is not None:
        teaching.process.run.heldout = heldout
    teaching._keep_digest(base)
    teaching.dialog = TeachDialog(window)
    teaching.dialog.attach(teaching.process)
    return taught


def looks_held(monkeypatch) -> threading.Event:
    """Every look the Models menu takes at the model files held until the event is set (a slow disk, a busy
    machine): menu5's and menu6's tests of what an open menu does as a slow look ends."""
    go_on = threading.Event()
    look = ModelsMenu._look_now

    def held(menu, asked):
        go_on.wait(20)
        return look(menu, asked)

    monkeypatch.setattr(ModelsMenu, "_look_now", held)
    return go_on


def opened_during_a_held_look(qtbot, tmp_path: Path, monkeypatch, user: Path) -> tuple[ModelsMenu, threading.Event]:
    """The shipped window's Models menu (its models folder in ``user``) opened at the screen's corner while the look
    its opening takes at the model files is held (:func:`looks_held`; the start's look let through, so the menu has a
    list to show): set the event to end the look. Three tests of menu5 and menu6 each made it in seven lines."""
    go_on = looks_held(monkeypatch)
    go_on.set()  # the window's start: read at once
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    menu = window.teaching.models_menu
    qtbot.waitUntil(lambda: not menu._looking, timeout=10_000)
    go_on.clear()  # the opening's look: held
    menu.popup(QPoint(0, 0))
    return menu, go_on


def finished_teach_on(qtbot, tmp_path, monkeypatch, free: QRect, wide: int, at: tuple[int, int] | None):
    """The teach dialog, ``wide`` px wide as it ran (at ``at``), finished with three buttons; ``free``: its screen."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: free)
    window = window_without_model(qtbot, tmp_path)
    window.teaching.show_dock.trigger()
    until(qtbot, window.teaching.dock.isVisible)
    settled(qtbot, lambda: (window.teaching.dock.width(), window.canvas.width(), window.size()))
    dialog, process = teach_over_the_drawing(qtbot, window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.resize(wide, dialog.height())
    if at is not None:
        dialog.move(*at)
    settled(qtbot, dialog.frameGeometry)
    before = dialog.frameGeometry()
    process._apply({"event": "start", "examples": 30, "warnings": []})
    for step, heldout in ((0, 0.8), (40, 0.9)):
        process._apply({"event": "progress", "step": step, "steps": 40, "heldout": heldout, "mnist": 0.994})
    outcome = {"before": 0.8, "after": 0.9, "misread": [{"file": "1/scan.png", "read_as": 7}]}
    process._apply({"event": "done", "heldout_accuracy": outcome, "mnist_eval": {"digits": 2000}})
    dialog.finish(True, "Done: now reading with b.safetensors, taught from a.safetensors (Models menu to switch).")
    settled(qtbot, dialog.frameGeometry)
    return dialog, before


def unfinished_teaches(models: Path) -> list[str]:
    """:class:`UnfinishedTeaches`' messages, their notes removed at once, as a start that says them leaves them."""
    notes = UnfinishedTeaches(models)
    notes.said()
    return notes.messages
