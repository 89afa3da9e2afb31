"""The training commands' progress bar, which a stop (Ctrl-C, SIGTERM) cannot leave half-built, and which writes a
log (``python -m training.fit … > log 2>&1``) a line at a time."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from tqdm import tqdm

from rowreader.launch import stops_held

# How often a bar writes its line where it is not on a terminal: each update is a line of the log there, and tqdm's
# tenth of a second would write hundreds an epoch.
LOG_SECONDS = 10.0


class _Lines:
    """A stream that is no terminal, written by tqdm as a line per update: tqdm redraws its one line with ``\\r``,
    so a log of `training.fit … > log 2>&1` held each epoch's updates as one line of carriage returns (`cat -A`
    shows them as ``^M``), to be read only on a terminal. The bar drawn again at the count of the last line (its
    close, a reset), only its times and rate new, and the blanks tqdm clears with are not written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None)  # tqdm draws in ASCII on a stream without one
        self.last = ""  # the last line's count: what comes before its "[times, rate]"

    def write(self, text: str) -> int:
        for line in re.split(r"[\r\n]", text):
            if (line := line.rstrip()) and (count := line.partition("[")[0]) != self.last:
                self.stream.write(line + "\n")
                self.last = count
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def _on_a_terminal(stream: TextIO) -> bool:
    with contextlib.suppress(AttributeError, ValueError, OSError):  # a stand-in without isatty, or closed
        return stream.isatty()
    return False


@contextlib.contextmanager
def progress_bar(**options: Any) -> Iterator[tqdm]:
    """A tqdm bar (``options`` as tqdm's) for the body, closed when it ends, however it ends; on a stream that is
    no terminal, a line per update, at most one each :data:`LOG_SECONDS` (:class:`_Lines`).

    A stop raises an exception wherever the run is, and one raised inside tqdm's constructor left a bar without
    its position: its clean-up at garbage collection then printed a traceback under the "last good checkpoint is
    kept" message (seen once in CI). Making and closing the bar therefore hold stops until they are done.
    """
    stream = options.get("file", sys.stderr)
    if stream is not None and not _on_a_terminal(stream):
        options = {"mininterval": LOG_SECONDS, **options, "file": _Lines(stream)}
        if stream in (sys.stdout, sys.stderr):  # as tqdm does for these two, which it no longer sees: what was
            for printed in (sys.stderr, sys.stdout):  # printed comes first in the log, and stdout lost is found here
                getattr(printed, "flush", lambda: None)()
    bar = None
    try:
        with stops_held():
            bar = tqdm(**options)
        yield bar
    finally:
        if bar is not None:
            with stops_held():
                bar.close()
