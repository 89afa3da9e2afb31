"""Live, Scan and Step: how a :class:`~rowreader.session.DigitSession` is played, without Qt.

The window only owns a timer that calls :meth:`Player.tick` every :attr:`Player.interval_ms`; everything
else (what Space does, where a scan starts and ends, how fast it goes, what a new drawing does to a paused
scan) lives here, so it is the same in scripts, tests and the app.

* **Live**: every row is read; a new drawing is re-read whole as it changes.
* **Scan**: one row per tick, from the top when all rows had been read; the last row ends the scan in Live.
* **Step**: paused at a row; moving, seeking and pausing a scan all land here.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from rowreader.model import ROWS, is_whole
from rowreader.one_change import ChangeGuard, one_change_at_a_time

if TYPE_CHECKING:
    from rowreader.session import DigitSession

MIN_SPEED, MAX_SPEED = 1, 56  # rows per second; 56 is two digits a second, faster than anyone can follow
DEFAULT_SPEED = 8  # the whole digit in 3.5 s: slow enough to follow each row
SPEED_FACTOR = 1.5  # one "faster" or "slower" multiplies or divides the speed by this


class Mode(StrEnum):
    """How a session is read: Live (all rows, at once), Scan (row by row on a timer) or Step (paused at a row)."""

    LIVE = "live"  # every row read, re-read on every change of the drawing
    SCAN = "scan"  # rows played one by one on a timer
    STEP = "step"  # paused at a row; ←/→ move one row


def faster(speed: int) -> int:
    """The next speed up: ×1.5, rounded, at least one more, at most :data:`MAX_SPEED` (8 → 12 → 18 → 27 …)."""
    return min(MAX_SPEED, max(speed + 1, round(speed * SPEED_FACTOR)))


def slower(speed: int) -> int:
    """The next speed down: ÷1.5, rounded, at least one less, at least :data:`MIN_SPEED` (8 → 5 → 3 → 2 → 1)."""
    return max(MIN_SPEED, min(speed - 1, round(speed / SPEED_FACTOR)))


def step_target(position: int, delta: int) -> int:
    """The row ``delta`` rows from ``position``, clamped to 0…28; TypeError for a ``delta`` that is not a whole
    number: ``step(2.7)`` moved 2 rows without a word, ``step(nan)`` failed in NumPy's words."""
    if not is_whole(delta):
        raise TypeError(f"step takes a whole number of rows, got {delta!r}")
    return min(max(position + int(delta), 0), ROWS)


def seek_target(rows: int) -> int:
    """``rows`` as a position to seek to, 0…28; else ValueError. Checked before anything changes: a player asked to
    seek to row 29 was paused (Live → Step, and told so) before the session refused it. ``seek(3.0)`` was told
    "can seek to 0…28 rows, not 3.0", a number in that range: what is no whole number is called so."""
    if not is_whole(rows) or not 0 <= rows <= ROWS:
        whole = "" if is_whole(rows) else ", a whole number"
        raise ValueError(f"can seek to 0…{ROWS} rows{whole}, not {rows!r}")
    return int(rows)


def _its_sessions_guard(player: Player) -> ChangeGuard:
    return player._session._changes


# A change of the mode or speed is a change of the session: one thread at a time (rowreader/one_change.py).
_a_change = one_change_at_a_time(_its_sessions_guard)


class Player:
    """The reading mode and scan speed of one session; changes are announced as the session's ``"player"`` event."""

    def __init__(self, session: DigitSession, notify: Callable[[], None]) -> None:
        self._session = session
        self._notify = notify
        self._mode = Mode.LIVE
        self._speed = DEFAULT_SPEED

    def __repr__(self) -> str:
        return f"<Player {self._mode}, {self._speed} rows a second>"

    @property
    def mode(self) -> Mode:
        """Live, Scan or Step (:class:`Mode`)."""
        return self._mode

    @property
    def speed(self) -> int:
        """Scan speed in rows per second (:data:`MIN_SPEED` … :data:`MAX_SPEED`)."""
        return self._speed

    @speed.setter
    @_a_change
    def speed(self, rows_per_second: int) -> None:
        if not is_whole(rows_per_second):
            raise TypeError(f"speed must be a whole number of rows per second, got {rows_per_second!r}")
        rows_per_second = int(rows_per_second)  # np.int64(12), as every other count of the library takes it
        if not MIN_SPEED <= rows_per_second <= MAX_SPEED:
            raise ValueError(f"speed must be {MIN_SPEED}–{MAX_SPEED} rows per second, got {rows_per_second}")
        if rows_per_second != self._speed:
            self._speed = rows_per_second
            self._notify()

    @property
    def interval_ms(self) -> int:
        """Milliseconds between two ticks of a scan at the current speed."""
        return round(1000 / self._speed)

    @property
    def can_play(self) -> bool:
        """Scan and Step need something to read: a model and an input."""
        return self._session.ready

    def _set_mode(self, mode: Mode) -> None:
        if mode is not self._mode:
            self._mode = mode
            self._notify()

    @_a_change
    def live(self) -> None:
        """Read every row and follow the drawing."""
        self._set_mode(Mode.LIVE)
        self._session.seek(ROWS)

    @_a_change
    def play(self) -> bool:
        """Start a scan (from the top when every row has been read); False when there is nothing to read."""
        if not self.can_play:
            return False
        if self._session.position >= ROWS:
            self._session.seek(0)
        self._set_mode(Mode.SCAN)
        return True

    @_a_change
    def pause(self) -> None:
        """Stop a scan where it is (Step mode); nothing happens in Live or Step."""
        if self._mode is Mode.SCAN:
            self._set_mode(Mode.STEP)

    @_a_change
    def toggle(self) -> bool:
        """Space: pause a running scan, else start one; returns True while scanning."""
        if self._mode is Mode.SCAN:
            self.pause()
        else:
            self.play()
        return self._mode is Mode.SCAN

    @_a_change
    def seek(self, rows: int) -> bool:
        """Go to the state after ``rows`` rows and stay there (Step); False when there is nothing to read."""
        rows = seek_target(rows)
        if not self.can_play:
            return False
        self._set_mode(Mode.STEP)
        self._session.seek(rows)
        return True

    @_a_change
    def step(self, delta: int) -> bool:
        """Move ``delta`` rows (clamped to 0…28) and stay there; False when there is nothing to read."""
        return self.seek(step_target(self._session.position, delta))

    @_a_change
    def tick(self) -> bool:
        """One beat of the scan's timer: read the next row; the last row ends the scan in Live.

        Returns True while the scan goes on, so a driver can stop its timer on False.
        """
        if self._mode is not Mode.SCAN:
            return False
        if not self.can_play:  # the input went away mid-scan
            self.live()
            return False
        self._session.feed_next()
        if self._session.position >= ROWS:
            self.live()
            return False
        return True
