"""The three ways of reading: live (follow the drawing), scan (play rows on a timer), step (one row at a time)."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    LIVE = "live"  # every row read, re-read on every change of the drawing
    SCAN = "scan"  # rows played one by one on a timer
    STEP = "step"  # paused at a row; ←/→ move one row
