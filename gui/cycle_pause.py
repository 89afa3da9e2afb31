"""Python's cycle collector paused while the app reads or copies thousands of examples (:func:`cycles_left_alone`).

Its own module: the dock's reading, an import or export and Ctrl+T's count of drawings pause it, each on its own
thread, and it is a thing of the process, not of the dock, where it was kept.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# a paused work leaving this many young objects or more freezes them: ~1 µs each in a full collection, 10,000 a frame
FREEZE_AT = 10_000
_PAUSE = threading.Lock()
_paused = {"by": 0, "was_on": False}  # how many works pause the collector now; whether it ran before the first


@contextlib.contextmanager
def cycles_left_alone() -> Iterator[None]:
    """Python's cycle collector paused meanwhile. A reading of 20,000 unchanged examples makes some 80,000 paths, each
    freed as it ends, none in a cycle; made, they had the collector walk all of the app's objects (186,000, most of
    them the examples) once or twice a reading, and every thread, the window's too, stood 130–450 ms each time. It
    runs again when the last work that paused it ends: the first to end (a reading, mid-import) started it under the
    others. One paused before the first (not by this) stays paused.

    A work that leaves :data:`FREEZE_AT` young objects or more has them frozen (``gc.freeze``) as it runs again: the
    examples read or imported live as long as the window. Left in, the next full collection walked them all on the
    window's thread, 349–888 ms after an import of 13,100 into 13,100 kept; frozen, they are freed as ever when let
    go, but a cycle among them (or among all older objects, frozen with them) is left to the process's end. A small
    work freezes nothing: frozen at each reading after an edit, 100 edits left 2,200 unreachable objects for good."""
    with _PAUSE:
        if not _paused["by"]:
            _paused["was_on"] = gc.isenabled()
        _paused["by"] += 1
        gc.disable()
    try:
        yield
    finally:
        with _PAUSE:
            _paused["by"] -= 1
            if not _paused["by"] and _paused["was_on"]:
                if gc.get_count()[0] >= FREEZE_AT:  # tracked objects made, less those freed, since the last collection
                    gc.freeze()
                gc.enable()
