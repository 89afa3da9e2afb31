"""Settings read back as the types the window needs: a hand-edited or damaged settings file never stops the app.

``QSettings.value(key, type=float)`` happily returns NaN or infinity (and ``type=int`` raises on them), and
turns text such as ``"abc"`` into 0. Every number read here is parsed, checked finite and clamped; anything
unusable falls back to the default.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QSettings

from rowreader.paths import file_in_the_way, not_a_folder


def read_number(settings: QSettings, key: str, default: float, low: float, high: float) -> float:
    """The setting as a finite float in [low, high]; ``default`` when missing or not a number."""
    raw = settings.value(key)
    if isinstance(raw, bool) or raw is None:
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    if not math.isfinite(value):
        return default
    return min(max(value, low), high)


def read_int(settings: QSettings, key: str, default: int, low: int, high: int) -> int:
    """The setting as a whole number in [low, high]; ``default`` when missing or not a number."""
    return round(read_number(settings, key, default, low, high))


def read_text(settings: QSettings, key: str, default: str = "") -> str:
    """The setting as text; ``default`` when missing or not text (a list, say)."""
    raw = settings.value(key)
    return raw if isinstance(raw, str) else default


def settings_trouble(settings: QSettings) -> tuple[str, str] | None:
    """Why ``settings`` cannot be saved, short (a file's name) and whole (its path), e.g. ("RowReader.conf is a
    folder", "/home/me/.config/RowReader/RowReader.conf is a folder"), or None when they can. Qt says only
    ``isWritable()`` / ``status()``, and every close lost them without a word."""
    if settings.isWritable() and settings.status() != QSettings.Status.AccessError:
        return None
    path = Path(settings.fileName())
    if path.is_dir():
        return f"{path.name} is a folder", f"{path} is a folder"
    if (blocking := file_in_the_way(path.parent)) is not None:  # a pipe or a link to nothing was "a file"
        return not_a_folder(blocking, blocking.name), not_a_folder(blocking)
    return f"{path.name} cannot be written", f"{path} cannot be written"
