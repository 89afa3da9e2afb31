"""The training commands' progress bar, which a stop (Ctrl-C, SIGTERM) cannot leave half-built."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from tqdm import tqdm

from rowreader.launch import stops_held


@contextlib.contextmanager
def progress_bar(**options: Any) -> Iterator[tqdm]:
    """A tqdm bar (``options`` as tqdm's) for the body, closed when it ends, however it ends.

    A stop raises an exception wherever the run is, and one raised inside tqdm's constructor left a bar without
    its position: its clean-up at garbage collection then printed a traceback under the "last good checkpoint is
    kept" message (seen once in CI). Making and closing the bar therefore hold stops until they are done.
    """
    bar = None
    try:
        with stops_held():
            bar = tqdm(**options)
        yield bar
    finally:
        if bar is not None:
            with stops_held():
                bar.close()
