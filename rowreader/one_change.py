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
    """Which thread is changing a session, and how deep (its observers may change it again); not copied.

    A change ends by putting its thread's depth back as it found it, with no call on the way (written out where it
    ends; a stop is raised only at a call or a loop's turn): a Ctrl-C landing just after the change
    was marked, or in the Python of a ``with``'s exit, left the mark for good, and every other thread's change,
    later this thread's own too, said "this session is being changed in another thread" (2 of 500 Ctrl-Cs into a
    loop of seeks)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held only to look at and set the two below
        self._changing: int | None = None
        self._depth = 0

    def mine(self) -> tuple[int, int]:
        """This thread's id and how deep its change is now (0: none): what the change begun next puts back."""
        me = threading.get_ident()
        with self._lock:
            return me, self._depth if self._changing == me else 0

    def enter(self) -> None:
        """A change by this thread begins; RuntimeError, before anything changes, while another thread's is on."""
        me = threading.get_ident()
        with self._lock:
            if self._changing not in (None, me):
                raise RuntimeError(BUSY)
            self._changing = me
            self._depth += 1

    @contextmanager
    def change(self) -> Iterator[None]:
        """A change by this thread for the body; RuntimeError, before it begins, while another thread's is under way."""
        me, depth = self.mine()
        try:
            self.enter()
            yield
        finally:
            if self._changing == me:  # no call on the way (see the class); another thread's change is not touched
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
            guard = guard_of(self)  # not change(): a stop inside contextlib's own Python left the change marked
            me, depth = guard.mine()
            try:
                guard.enter()
                return method(self, *args, **kwargs)
            finally:
                if guard._changing == me:  # no call on the way (see ChangeGuard)
                    guard._depth = depth
                    if depth == 0:
                        guard._changing = None

        return guarded

    return decorate
