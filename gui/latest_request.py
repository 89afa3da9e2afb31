"""Of several slow requests of one kind, only the one asked for last is acted on.

Loading runs in the background on several threads, so a slow request (a 6,000² picture, a model on a slow disk)
can finish after a quick one asked for later, and it then replaced what the user asked for last.
"""

from __future__ import annotations


class LatestRequest:
    """Numbers the requests of one kind: ``ask()`` gives each its number, ``is_latest(n)`` says whether it still
    stands, and ``supersede()`` drops all of them (something else took their place)."""

    def __init__(self) -> None:
        self._asked = 0

    def ask(self) -> int:
        self._asked += 1
        return self._asked

    def is_latest(self, ticket: int) -> bool:
        return ticket == self._asked

    def supersede(self) -> None:
        self._asked += 1
