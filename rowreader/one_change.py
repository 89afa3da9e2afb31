"""One thread at a time changes a session (its model, input, position and player): the guard both share.

A :class:`~rowreader.session.DigitSession` is one state its views observe. Thread B's ``set_image`` while thread
A's was reading took B's image and A read on from it; a player told to seek from B was put in Step (and said so)
before the session refused the seek. A change from a second thread is refused before anything changes; the thread
already changing may change again (an observer told of a change seeks).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")
_T = TypeVar("_T")

BUSY = (
    "this session is being changed in another thread: its model, input and position are one state its views "
    "observe, so give each thread its own (copy.copy(session))"
)


class ChangeGuard:
    """Which thread is changing a session, and how deep (its observers may change it again); not copied."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held only to look at and set the two below
        self._changing: int | None = None
        self._depth = 0

    @contextmanager
    def change(self) -> Iterator[None]:
        """A change by this thread; RuntimeError, before it begins, while another thread's is under way."""
        me = threading.get_ident()
        with self._lock:
            if self._changing not in (None, me):
                raise RuntimeError(BUSY)
            self._changing, depth = me, self._depth
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth = depth
                if depth == 0:
                    self._changing = None


def one_change_at_a_time(
    guard_of: Callable[[_T], ChangeGuard],
) -> Callable[[Callable[Concatenate[_T, _P], _R]], Callable[Concatenate[_T, _P], _R]]:
    """A method made a change under ``guard_of(self)``'s :meth:`ChangeGuard.change`."""

    def decorate(method: Callable[Concatenate[_T, _P], _R]) -> Callable[Concatenate[_T, _P], _R]:
        @functools.wraps(method)
        def guarded(self: _T, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            with guard_of(self).change():
                return method(self, *args, **kwargs)

        return guarded

    return decorate
