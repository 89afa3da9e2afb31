"""Shared test set-up: where MNIST and UNIPEN live, one torch thread, and the fixtures several areas share (the two
data sets, a person's examples folder, a tiny reader and one saved to fine-tune, the bench scripts, a training run
stopped by Ctrl-C, the check for leaked windows, Ctrl-C's and SIGTERM's handling put back after each test) and the
helpers several areas call (the benchmarks' names, a command run with its output's reader gone, a block's peak
memory, the shipped model's answers, a PNG made by hand).

GUI tests keep their own set-up in their own files (the windows and widgets they show: tests/gui_window.py);
only what several areas share belongs here.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import importlib.util
import io
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Before anything imports the library: tests read MNIST from ROWREADER_DATA (UNIPEN from ROWREADER_UNIPEN) if the
# caller (e.g. .ci/run) set it, else from the shared folder beside the clone where there is one, else from the
# library's per-user cache (fill it once with `python -m rowreader download`). Qt never looks for a
# display.
REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()
BENCHMARKS = sorted(p.stem for p in (REPO / "bench").glob("bench_*.py"))  # every benchmark script, by name
# Where each data set is looked for, as a test that cannot find it says: its variable names the folder either way.
LOOKED_IN: dict[str, str] = {}
for variable, folder in (("ROWREADER_DATA", "mnist"), ("ROWREADER_UNIPEN", "unipen1a")):
    if os.environ.get(variable):
        LOOKED_IN[variable] = f"${variable}, as set"
    elif (SHARED_DATA / folder).is_dir():
        os.environ[variable] = str(SHARED_DATA / folder)
        LOOKED_IN[variable] = f"{SHARED_DATA / folder}, beside the clone; the tests set ${variable} to it"
    else:
        LOOKED_IN[variable] = (
            f"the per-user cache: ${variable} is not set and there is no {SHARED_DATA / folder} beside the clone, "
            f"so the tests set ${variable} to the cache"
        )
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# to_mnist's resize is a few small matrix products: on shared cores a multi-threaded BLAS spends its time waking
# threads (measured: 4× slower), as torch would (one thread below). Read when NumPy loads, so it is set first.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Tests never read or write the developer's own folders: their kept examples widened the window a test measured,
# and a test could have written into them. The per-user data, cache and settings folders are the session's own
# (Qt's QStandardPaths and the library both read XDG_*); the data sets stay where the real cache would have them.
from rowreader.data import user_cache_dir  # noqa: E402
from rowreader.launch import STOP_SIGNALS  # noqa: E402

os.environ.setdefault("ROWREADER_DATA", str(user_cache_dir() / "mnist"))
os.environ.setdefault("ROWREADER_UNIPEN", str(user_cache_dir() / "unipen1a"))
USER_FOLDERS = Path(tempfile.mkdtemp(prefix="rowreader-tests-"))
atexit.register(shutil.rmtree, USER_FOLDERS, ignore_errors=True)
for _variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_variable] = str(USER_FOLDERS / _variable.lower())

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rowreader import ReaderConfig, RowReader, load_mnist, load_pretrained, save_checkpoint  # noqa: E402
from rowreader.model import COLUMNS, ROWS  # noqa: E402
from rowreader.unipen import PenDigit, load_unipen  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# The machine's cores are shared by the test run and other work; more threads only add contention here.
torch.set_num_threads(1)

TINY = ReaderConfig(input_size=16, hidden_size=24, layers=2)

# pytest run by a test on a few of the project's tests (in the checkout, pyproject's addopts read): in its own
# process (-n 0), as their test is about that process; pyproject's `-n auto` started workers for one or two tests,
# each loading torch and Qt (three times the CPU), and on a machine of many cores four more beside the suite's four
NESTED_PYTEST = [sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider"]

# A module's stand-in, for PYTHONPATH: it sends SIGTERM while it imports, as a stop landing in numpy's or torch's
# import, then imports the real module in its place and returns it, as their import goes on (a stop waits for it)
SIGTERM_THEN_THE_REAL_ONE = (
    "import importlib, os, signal, sys\n"
    "os.kill(os.getpid(), signal.SIGTERM)\n"
    "sys.path.remove(os.path.dirname(__file__))\n"
    "del sys.modules[__name__]\n"
    "sys.modules[__name__] = importlib.import_module(__name__)\n"
)


@st.composite
def small_readers(draw: st.DrawFn) -> tuple[ReaderConfig, dict[str, np.ndarray]]:
    """A small reader of either cell, with random float32 weights: what a property test of the stream reads with."""
    config = ReaderConfig(
        input_size=draw(st.integers(1, 6)),
        hidden_size=draw(st.integers(1, 6)),
        layers=draw(st.integers(1, 2)),
        cell=draw(st.sampled_from(["lstm", "gru"])),
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weights = {name: rng.normal(size=shape).astype(np.float32) for name, shape in config.weight_shapes().items()}
    return config, weights


# Hypothesis's two checks of speed (an example's 200 ms deadline, data that is slow to generate) fail a test on a
# slow or busy machine that passes on an idle one: they measure the machine, not the code. Every property test is
# held to neither; one that names its own health checks lists too_slow among them.
# The test command draws the same examples on every run and machine (derandomize: each test's seed is a hash of its
# source; no example database, which derandomize implies): random draws failed a clean clone's CI once in a while
# on a rare draw no one had made before, and the next run passed. Finding new draws is a developer's opt-in run,
# `pytest --hypothesis-profile=explore` (Hypothesis's own option): fresh random draws, failures kept in .hypothesis/
# and tried first next time, and the blob to pin one with. A test's own derandomize=True keeps it fixed even there.
SPEED_BLIND = settings(settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("rowreader", SPEED_BLIND, derandomize=True)
settings.register_profile("explore", SPEED_BLIND, print_blob=True)
settings.load_profile("rowreader")


@pytest.hookimpl(trylast=True)  # after Hypothesis's plugin has loaded the profile its option names
def pytest_configure(config: pytest.Config) -> None:
    """Refuse ``--hypothesis-seed`` under a profile that derandomizes: Hypothesis ignores the seed there, unsaid,
    and a developer repeating an explore run saw other draws, the failure seemingly gone."""
    seed = config.getoption("--hypothesis-seed")
    if seed is not None and settings.default.derandomize:
        raise pytest.UsageError(
            f"--hypothesis-seed={seed} is ignored by the test command's profile, which draws the same examples every "
            f"run; to repeat a run of new draws: --hypothesis-profile=explore --hypothesis-seed={seed}"
        )


@pytest.fixture
def following(qapp) -> Iterator[QApplication]:
    """The app as the window is given it (its selection colour made legible and followed by
    ``gui.theme.LegiblePaletteFollower``), its palette and follower put back afterwards."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from gui.app import create_app
    from gui.theme import LegiblePaletteFollower

    before = QPalette(qapp.palette())
    app = create_app([], "system")
    try:
        yield app
    finally:
        for follower in app.findChildren(LegiblePaletteFollower):
            follower.setParent(None)  # its event filter goes with it
            follower.deleteLater()
        QApplication.sendPostedEvents()
        app.setPalette(before)


@pytest.fixture
def app_names(qapp) -> Iterator[QApplication]:
    """The application's organisation and name as ``create_app`` sets them (where QSettings and QStandardPaths look
    for the app's folders), put back after the test."""
    from gui.app import APPLICATION, ORGANIZATION

    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    yield qapp
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test digits as ``load_mnist`` returns them: (uint8 ``[N, 28, 28]``, uint8 ``[N]``).

    Read-only: the arrays are shared by every test in the session.
    """
    try:
        images, labels = load_mnist(train=False)
    except FileNotFoundError as err:  # a gap in the set-up, not a reason to skip: say how to fix it
        missing = str(err)
    else:
        missing = ""
    if missing:  # failed here, not in the except block: pytest showed the message twice, once as its cause
        pytest.fail(f"MNIST is needed by this test (looked in {LOOKED_IN['ROWREADER_DATA']}): {missing}", pytrace=False)
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


@pytest.fixture
def mnist_examples(tmp_path: Path, mnist_test) -> Path:
    """A person's examples folder to teach from: two MNIST test digits of each class as 280-px pictures in
    ``DIR/<digit>/``, dark on white, as the app keeps them."""
    from rowreader.example_store import ExampleStore

    images, labels = mnist_test
    store = ExampleStore(tmp_path / "examples")
    for digit in range(10):
        for index in np.flatnonzero(labels == digit)[:2]:
            store.add(digit, np.kron(255 - images[index], np.ones((10, 10), np.uint8)))
    return store.root


@pytest.fixture(scope="session")
def unipen() -> list[PenDigit]:
    """All 15,003 UNIPEN 1a pen digits (both splits) as ``load_unipen`` returns them; shared, do not modify."""
    try:
        return load_unipen()
    except FileNotFoundError as err:  # a gap in the set-up, not a reason to skip
        missing = str(err)
    pytest.fail(f"UNIPEN is needed by this test (looked in {LOOKED_IN['ROWREADER_UNIPEN']}): {missing}", pytrace=False)


def load_bench(name: str):
    """Import the script bench/NAME.py (bench/ is not a package), as ``python bench/NAME.py`` finds its siblings
    (rounds.py, bench_drawn.py): with bench/ on ``sys.path``. The one place a test puts it there: five scripts each
    did so themselves, four lines apiece, for the tests' sake alone."""
    bench = str(REPO / "bench")
    if bench not in sys.path:
        sys.path.append(bench)  # last: a name in bench/ never hides a module of the library or the tests
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there while the class is being made
    spec.loader.exec_module(module)
    return module


def refused_last_line(name: str, argv: list[str]) -> str:
    """The last line command ``name`` (a module, or a benchmark ``bench_*``) says as it refuses ``argv`` with status
    2: cli24's and cli26's tests each had their own copy, with a different list of benchmarks."""
    main = load_bench(name).main if name.startswith("bench_") else importlib.import_module(name).main
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as end:
        main(argv)
    assert end.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


@pytest.fixture(scope="session")
def bench_module():
    """:func:`load_bench`: tests check what the benchmarks compare."""
    return load_bench


@pytest.fixture
def tiny_reader() -> RowReader:
    """A small two-layer reader (input 16, hidden 24) with fixed random weights, in eval mode; fresh per test."""
    torch.manual_seed(1234)
    return RowReader(TINY).eval()


@pytest.fixture
def tiny_base(tmp_path: Path) -> Path:
    """A tiny untrained reader saved as a checkpoint to fine-tune (seconds, where the shipped one takes longer)."""
    torch.manual_seed(0)
    path = tmp_path / "base.safetensors"
    save_checkpoint(path, RowReader(TINY), {"test_accuracy": 0.5})
    return path


def shipped_model_says(digits: Sequence[np.ndarray | None]) -> np.ndarray:
    """The shipped model's answer after the last row to each 28×28 digit (``to_mnist``'s); a ``None``, a picture
    where nothing was found, is no answer (-1): a wrong one, counted as one, not an error. (It was read as an empty
    field, which the shipped model reads as a 1: right for every 1 lost.)"""
    inputs = np.stack([np.zeros((ROWS, COLUMNS), np.float32) if digit is None else digit for digit in digits])
    with torch.no_grad():
        said = load_pretrained().reader.eval()(torch.from_numpy(inputs))[:, -1].argmax(dim=-1).numpy()
    return np.where([digit is None for digit in digits], -1, said)


def _running_children() -> set[int]:
    """This process's child processes that have not exited (from Linux's /proc; none elsewhere)."""
    pids = set()
    for children in Path("/proc/self/task").glob("*/children"):
        try:
            pids.update(int(pid) for pid in children.read_text().split())
        except FileNotFoundError:  # that thread ended between the listing and the read (seen in CI)
            continue
    return {pid for pid in pids if _state(pid) not in ("Z", "X", None)}  # a zombie has exited


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None  # gone already


LEAK_GRACE_S = 60.0  # how long a thread or child process left by a test may take to end before it is a leak


def stderr_lines(child: subprocess.Popen, count: int, seconds: float = 60) -> bytes:
    """The child's next ``count`` lines on stderr, as many as come within ``seconds`` each."""
    said = b""
    for _ in range(count):
        ready, _, _ = select.select([child.stderr], [], [], seconds)
        said += child.stderr.readline() if ready else b""
    return said


def run_with_stdout_gone(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python ARGS`` (``["-m", "training.fit", …]``, ``["-c", script]``) with its stdout a pipe whose reader
    has already left (`| head -1` done reading, the app killed); its stderr is read whole."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=timeout)
    return subprocess.CompletedProcess(args, proc.returncode, None, err)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: its length, kind, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def hand_made_png(header: bytes, idat: bytes, extra: bytes = b"") -> bytes:
    """A PNG made by hand, as Pillow writes none (cut short, a bomb's header, 16-bit colour): its signature, the
    IHDR ``header``, the ``extra`` chunks, one IDAT of ``idat`` (the compressed rows) and the IEND."""
    chunks = png_chunk(b"IHDR", header) + extra + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def png_header(width: int, height: int) -> bytes:
    """A valid PNG's chunks for a ``width``×``height`` grey image with almost no pixel data: a few bytes that
    decode as truncated, after every size check has seen the full size (a bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return hand_made_png(ihdr, zlib.compress(b"\0" * 10))


class ReaderGone:
    """Standard output whose reader has left (`| head -1` after its line): every write is a broken pipe. For a
    command run in-process; :func:`run_with_stdout_gone` runs one in a child."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@dataclass
class Peak:
    """The most bytes allocated at once inside a :func:`peak_memory` block; set as the block ends."""

    bytes: int = 0


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """Measure the block's peak allocation (Python's and NumPy's: NumPy reports to tracemalloc), counted from its
    start; measured too when the block raises, as a refusal under test does."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


@contextmanager
def counted_from_here() -> Iterator[None]:
    """Within it, a ``gc.collect()`` collects only the objects made since it began (what was tracked before is
    frozen, put back as it ends). A count's ``gc.collect()`` finalised whatever an earlier test on the same worker had
    left in a reference cycle: on CI one worker died there of a segmentation fault (the sixty-fifth round)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _kept_in_the_session_folder() -> set[Path]:
    return {p for p in (USER_FOLDERS / "xdg_data_home").glob("**/examples/**/*") if p.is_file()}


@pytest.fixture(autouse=True)
def keeps_no_examples_in_the_session_folder():
    """A test that keeps, imports or teaches gives a folder of its own: examples left in the session's shared one
    open every later window with My examples shown (the dock widens it, so a later test measured a window 622 px
    wide, not 478), whichever tests happened to run before."""
    before = _kept_in_the_session_folder()
    yield
    left = sorted(str(p.relative_to(USER_FOLDERS)) for p in _kept_in_the_session_folder() - before)
    assert not left, f"examples kept in the session's shared user folder (give the window a user_dir): {left[:3]}"


# Each stop as a terminal's foreground job meets it: a shell starts a background job (`pytest … > log &` from a
# script) with SIGINT ignored, `nohup` with SIGHUP ignored, and Python leaves them so. The commands and the app rightly
# leave an ignored stop ignored, and an ignored one survives exec into every command a test starts: each test of a
# stop then failed, the sixteenth round's window test waiting 120 s for status 130 and seeing 0 (the thirty-seventh
# round's flaky failure), the thirty-first lead's window sent SIGHUP running on (exit 3: the fifty-third round's,
# taken for load). A run that must outlive its terminal is started with `setsid`, which ignores nothing.
for _stop in STOP_SIGNALS:
    if signal.getsignal(_stop) == signal.SIG_IGN:
        signal.signal(_stop, signal.default_int_handler if _stop == signal.SIGINT else signal.SIG_DFL)


@pytest.fixture(autouse=True)
def stops_as_they_were():
    """Ctrl-C, SIGTERM and SIGHUP handled as before each test. A command run in-process (``run_main``) ignores them
    once it has returned, as the process is meant to end there; in pytest that outlived the test, so every later
    child process inherited SIGTERM ignored (an ignored disposition survives exec): a fine-tune the test stopped ran
    on to its end, and pytest itself no longer stopped on Ctrl-C."""
    before = {stop: signal.getsignal(stop) for stop in STOP_SIGNALS}
    yield
    for stop, handler in before.items():
        if signal.getsignal(stop) is not handler and handler is not None:
            signal.signal(stop, handler)


@pytest.fixture(autouse=True)
def pointer_parked(request: pytest.FixtureRequest):
    """The pointer put where no window lies before each Qt test. It is the whole process's: review17's test moved it
    onto a Help menu item, and every later window opened under it with its toolbar's Clear button there, its hint
    "Clear the canvas (undoable)" over the status bar's start notes (19 tests of six earlier rounds failed in the whole
    suite, none alone)."""
    if "qtbot" in request.fixturenames:
        from PySide6.QtGui import QCursor

        QCursor.setPos(-10_000, -10_000)
    yield


def let_go_of_every_button() -> object:
    """Every mouse button Qt holds let go (on a widget of its own: the test's may be gone), and which were held.
    Qt keeps the buttons held for the whole process, not for a widget: a press a test sent and never let go of
    weighs on every later test in its worker."""
    from PySide6.QtCore import QEvent, QPoint, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    held = QGuiApplication.mouseButtons()
    if held == Qt.MouseButton.NoButton:
        return held
    somewhere = QWidget()
    somewhere.show()
    for button in Qt.MouseButton:
        if button != Qt.MouseButton.NoButton and held & button:
            QTest.mouseRelease(somewhere, button, Qt.KeyboardModifier.NoModifier, QPoint(1, 1))
    somewhere.close()
    somewhere.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return held


@pytest.fixture(autouse=True)
def no_mouse_button_left_held(request: pytest.FixtureRequest):
    """A Qt test must let go of every mouse button it pressed. window25's chart drags never let go, and
    test_gui_seventeenth's floating dock, put back on the screen only once no button is held (a drag is placed where
    it is let go), stayed off it whenever it ran later in the same worker (two CIs failed). A button left held is let
    go here, so later tests start clean, and the test that left it fails, named (unless its own call failed already:
    that is the news)."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import Qt

    held = let_go_of_every_button()
    if held != Qt.MouseButton.NoButton:
        assert request.node.stash.get(CALL_FAILED, False), f"a mouse button left held at the test's end: {held!r}"


def wait_for_background_work() -> None:
    """Work still running on a TaskRunner's pool at a test's end: waited for, as long as a leak is given; one that
    never ends is said. (Its pool was a Qt child once, and ~QThreadPool waited for it holding the GIL the work needed:
    the first CI on two cores hung for good. It outlives its owner now: gui/workers.py, sixtieth pool1.) Every pool
    with work under way is waited for: those under the windows still there alone missed a window the test deleted."""
    from gui.workers import wait_for_every_pool

    assert wait_for_every_pool(int(LEAK_GRACE_S * 1000)), f"background work still running after {LEAK_GRACE_S:g} s"


CALL_FAILED = pytest.StashKey[bool]()  # set on a test whose own call failed: its traceback is the news


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Note a test whose call failed, for the leak check below (its traceback holds the test's widgets)."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[CALL_FAILED] = True
    return report


@pytest.fixture(autouse=True)
def no_leaked_windows_or_threads(request: pytest.FixtureRequest):
    """Qt tests must leave no widget, thread or child process behind (napari's rule).

    Runs its check after pytest-qt has closed the widgets the test registered and their deleteLater() has run, so
    what remains is a real leak: a window or dialog nobody owns, shown or hidden (and with a window, the thread
    pool it owns), a Python thread still running, a child process (a download, a fine-tune) still going.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    import threading

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    widgets_before = set(QApplication.topLevelWidgets())
    threads_before, children_before = set(threading.enumerate()), _running_children()
    yield
    QApplication.processEvents()
    wait_for_background_work()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what deleteLater() asked for
    left = [w for w in QApplication.topLevelWidgets() if w not in widgets_before]
    if request.node.stash.get(CALL_FAILED, False):
        # The failure's traceback holds the test's widgets: "widgets left behind" was raised again as pytest
        # ended, outside any test, and ended it with no failure shown (status 1, the test's own words lost).
        # They are deleted here so later tests start clean, and the failure alone is said.
        for widget in left:
            widget.close()
            widget.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return
    widgets = [type(w).__name__ for w in left]
    assert not widgets, f"widgets left behind: {widgets}"
    # One told to end a moment ago gets that moment, however long a busy machine makes it: a fine-tune child
    # stopping on SIGTERM (up to the app's 3 s grace, then killed), a worker finishing its file. The limit only
    # bounds a real leak, which runs on for good; 2 s was a speed a loaded CI machine could miss.
    deadline = time.monotonic() + LEAK_GRACE_S
    while True:
        threads = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
        children = _running_children() - children_before
        if not (threads or children) or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not threads, f"threads left running: {threads}"
    assert not children, f"child processes left running: {sorted(children)}"


@pytest.fixture
def interrupt_training():
    """Run ``python -m training.fit ARGV`` in a real child process, wait for its first checkpoint at ``out``, then
    send it ``presses`` Ctrl-Cs (or ``signum``) 20 ms apart; returns ``(exit status, stderr)``. Shared by the
    Ctrl-C tests."""

    def run(argv: list[str], out: Path, presses: int = 1, signum: int = signal.SIGINT) -> tuple[int, str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "training.fit", *argv, "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            # as from a terminal: a shell starts background jobs with SIGINT ignored, and a child inherits that,
            # so under `pytest &` or `nohup` every press was ignored and the run went on to its 200th epoch
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            deadline = time.monotonic() + 120
            while not out.exists() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert out.exists(), "no checkpoint after the first epoch"
            for press in range(presses):
                if press:
                    time.sleep(0.02)
                proc.send_signal(signum)
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        return proc.returncode, err

    return run
