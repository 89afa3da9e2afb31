"""The forty-eighth round of hostile testing, mutants3: one small change at a time (a comparison flipped, a bound moved
by one, a check dropped, a call removed) in modules no mutants round had reached (the ink a drawing states, the cycle
collector's pause, the background tasks' runner, the words for a picture that is not read, the paths a command is
given, --resume's checks), each run against the test files that name its module; each test here kills a mutant that
lived, and is checked to fail on it."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from gui.workers import TaskRunner
from rowreader.example_store import png_bytes
from rowreader.stated_ink import INK_KEY, ink_chunk, stated_ink


def _drawing() -> np.ndarray:
    """A drawn 0 inked round the whole border of its page (as the widest pen leaves it): its pixels cannot tell."""
    grey = np.full((28, 28), 255, np.uint8)
    grey[:, :3] = grey[:, -3:] = grey[:3, :] = grey[-3:, :] = 0
    return grey


def test_an_open_file_asked_its_ink_is_left_at_its_start() -> None:
    """The app asks an open file (a picture pasted or opened) for its stated ink, then reads its frames from it: the
    file was left where the ink's look stopped reading (the mutant dropping the seek back lived), and the next
    reader found no picture there. It is left at its start, as said."""
    data = png_bytes(_drawing(), "dark")
    source = io.BytesIO(data)
    assert stated_ink(source, _drawing()) == "dark"
    assert source.read() == data


@pytest.mark.parametrize("ink", ["auto", "Dark", "", None])
def test_a_chunk_states_only_dark_or_light(ink) -> None:
    """``ink_chunk("auto", …)`` wrote "auto <digest>" into a kept drawing, a chunk no reader takes (the check of
    the ink dropped lived): a caller passing the ink it was given ("auto") saved a drawing that says nothing. It is
    refused by name."""
    with pytest.raises(ValueError, match="must be 'dark' or 'light'"):
        ink_chunk(ink, _drawing())


def test_a_drawings_chunk_says_nothing_of_its_bytes_laid_out_in_another_shape() -> None:
    """The chunk names the pixels with their shape: the same 784 bytes laid out 56 × 14 by a program that keeps text
    chunks are another picture, and its border is not the drawing's. Without the shape in the digest (the mutant
    lived) the chunk's "dark" was taken for them too."""
    drawing = _drawing()
    said = Image.open(io.BytesIO(png_bytes(drawing, "dark"))).info[INK_KEY]
    other = drawing.reshape(56, 14)
    info = PngImagePlugin.PngInfo()
    info.add_text(INK_KEY, said)
    buffer = io.BytesIO()
    Image.fromarray(other, mode="L").save(buffer, format="PNG", pnginfo=info)
    assert stated_ink(buffer.getvalue(), other) == "auto"
    assert stated_ink(png_bytes(drawing, "dark"), drawing) == "dark"


def test_two_tasks_at_once_say_busy_once_and_idle_once_after_the_last(qtbot) -> None:
    """The window shows its busy cursor at ``busy_changed(True)`` and takes it back at ``False``; Qt stacks such
    cursors. Two tasks at once (a model loading while the examples are read) must say busy once, and idle only when
    the second has ended: said busy at each (the mutant lived), the cursor pushed twice and taken back once stayed
    busy over an idle window; said idle at the first end, it went while the second still ran."""
    runner = TaskRunner()
    said: list[bool] = []
    runner.busy_changed.connect(said.append)
    release, ended = threading.Event(), []
    runner.run(lambda: release.wait(5), ended.append, ended.append)
    runner.run(lambda: "quick", ended.append, ended.append)
    qtbot.waitUntil(lambda: ended == ["quick"], timeout=5_000)
    assert said == [True] and runner.busy
    release.set()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=5_000)
    assert said == [True, False] and not runner.busy
    runner.wait()


def test_a_close_stops_long_work_and_an_idle_close_says_nothing(qtbot) -> None:
    """As the window closes, ``cancel_callbacks`` tells long work to stop (an import checks ``stopping`` between
    files, where the close waited 10 s for it) and drops its late result; without the stop (the mutant lived) the
    copying went on after the window. Idle is said once: a close with nothing running said it (the mutant lived), and
    the result dropped at the close said it again as it arrived, the window taking back a busy cursor it no longer
    had (another's, a dialog's) each time; now the close says it where a task ran, and only there."""
    runner = TaskRunner()
    said: list[bool] = []
    runner.busy_changed.connect(said.append)
    runner.cancel_callbacks()
    assert said == [] and runner.stopping.is_set()
    runner = TaskRunner()
    runner.busy_changed.connect(said.append)
    delivered, files = [], []

    def copying() -> int:
        while not runner.stopping.wait(0.01) and len(files) < 500:
            files.append(len(files))
        return len(files)

    runner.run(copying, delivered.append, delivered.append)
    qtbot.waitUntil(lambda: len(files) > 2, timeout=5_000)
    runner.cancel_callbacks()
    assert runner.wait(5_000)
    qtbot.wait(50)
    assert len(files) < 500 and delivered == [] and said == [True, False]
