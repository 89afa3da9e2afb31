"""File names shown as they are: Qt renders any tooltip (and any label left to guess) that looks like HTML as HTML.

A picture kept as ``<h1 style="color:red">BIG.png`` had a thumbnail whose tooltip said "3:" and a big red
"BIG.png"; a model or folder named so did the same in the Models menu, the status bar and the teach dialog.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata

from PySide6.QtGui import QFontMetrics, QFontMetricsF, Qt

from rowreader.readable import readable

TIP_CHARS = 48  # the longest line of a view's tooltip: about a third of a 1100-px window at the usual font


def wrapped(text: str) -> str:
    """``text`` with every line longer than :data:`TIP_CHARS` broken between words, its own line breaks and blank
    lines kept: a view's tooltip as wide as its longest line (90 characters) lay across the views beside it."""
    return "\n".join(textwrap.fill(line, TIP_CHARS) if line else "" for line in text.split("\n"))


def readable_lines(text: str) -> str:
    """``text`` with each of its lines as the app shows a name (:func:`~rowreader.readable.readable`), for a message
    box or the status line, whoever wrote it: a name not UTF-8 handed to Qt as it was lost its bytes ("cannot export
    to /tmp//out", "Downloading MNIST into /tmp//mnist…": another folder)."""
    return "\n".join(map(readable, text.split("\n")))


def plain_tip(text: str) -> str:
    """``text`` for ``setToolTip``, shown as written, line breaks kept (the same text when it does not look like
    HTML, as most text does not)."""
    if not Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


# Where Qt wraps a word: after a path's "/" (not before a "." or another "/", Unicode's line-breaking rules)
_PATH_BREAK = re.compile(r"(?<=/)(?=[^/.])")


def words_fitted(text: str, metrics: QFontMetrics | QFontMetricsF, width: float) -> str:
    """``text`` with each word wider than ``width`` px shortened in its middle ("…"), as :func:`shortened` does by
    characters: text wraps only between words, and one long path widened its box past its frame or the screen.

    A path is a word Qt wraps after its slashes, so only a part between two of them wider than ``width`` is
    shortened: shortening the whole path lost its middle ("/tmp/ann/.local/share/Row…-163826.safetensors")
    though it went on to wrap over two lines that had room for all of it."""
    return "\n".join(
        " ".join(
            "".join(metrics.elidedText(part, Qt.TextElideMode.ElideMiddle, width) for part in _PATH_BREAK.split(word))
            for word in line.split(" ")
        )
        for line in text.split("\n")
    )


def left_to_right(text: str) -> str:
    """``text`` with each line laid out left to right, as the window's own words are. Qt takes a line's direction from
    its first letter: a model named in Hebrew made the status bar's line right to left, aligned right and reordered
    ("safetensors  ·  MNIST 99.41%  ·  LSTM 256, read with NumPy on the CPU.מודל"). A line whose first letter is
    Hebrew or Arabic gets a left-to-right mark (U+200E) before it; any other is as it was."""
    return "\n".join(f"\u200e{line}" if _right_to_left(line) else line for line in text.split("\n"))


def isolated(name: str) -> str:
    """``name`` set apart from the words around it (U+2068 … U+2069) where it holds a right-to-left letter: a number
    after such a name joined its letters' run and was drawn before it, "┄ מודל: 8 at row 10" drawn "┄ 8 :מודל at row
    10". Any other name is as it was."""
    return f"\u2068{name}\u2069" if any(unicodedata.bidirectional(c) in ("R", "AL") for c in name) else name


def _right_to_left(line: str) -> bool:
    """Whether the first letter of ``line`` (its first strongly directed character) is written right to left."""
    for char in line:
        if (kind := unicodedata.bidirectional(char)) == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False
