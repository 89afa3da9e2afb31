"""Help ▸ About RowReader: the version, the model in use and what it learnt from, and the data's credits.

The shipped model learnt from MNIST (CC BY-SA 3.0) and from UNIPEN's pen digits (CC BY 4.0): each licence asks for
attribution, the licence named and linked, wherever the work is used; the README gives it, and so does the app,
where people meet the model.
"""

from __future__ import annotations

import contextlib
import html
import platform
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import qVersion

from gui.numbers import accuracy_percent, day_and_month, grouped_numbers
from gui.plain_text import words_fitted
from gui.text_box import TextBox, wrap_width
from rowreader import __version__
from rowreader.example_folder import examples_named, recorded_count
from rowreader.model import is_real_number
from rowreader.output import shortened
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.main_window import MainWindow

ABOUT_WIDTH = 480  # px the About text wraps at (a message box's width), or the screen's less a margin
# characters shown of a text the model's metadata gives (anyone's, up to 4 MB): 3.6 MB of what it learnt from held the
# window 3.3-4.8 s as each of its words was fitted, and made an About box of 3.75 MB. Far past what a run writes ("MNIST
# + 40000 UNIPEN … renderings"), and a number of 6,000 digits is still shown whole (hypo2's)
MOST_SHOWN = 10_000
CREDITS = (
    "<b>MNIST</b>, CC BY-SA 3.0 (creativecommons.org/licenses/by-sa/3.0): Y. LeCun, C. Cortes, C. J. C. Burges, "
    "the MNIST database of handwritten digits.<br>"
    "<b>UNIPEN</b> train_r01_v07, category 1a, CC BY 4.0 (creativecommons.org/licenses/by/4.0): I. Guyon, "
    "L. Schomaker, R. Plamondon, M. Liberman, "
    "S. Janet, “UNIPEN project of on-line data exchange and recognizer benchmarks”, ICPR 1994, "
    "doi:10.1109/ICPR.1994.576870; Unipen Consortium, train_r01_v07 (1999), Zenodo, "
    "doi:10.5281/zenodo.1195803. Converted to pen strokes and rendered as drawn on the canvas; not redistributed."
)


def model_lines(window: MainWindow) -> list[str]:
    """What the About box says about the model in use, as plain text (escaped when shown)."""
    checkpoint = window.session.checkpoint
    if checkpoint is None:
        return ["No model is loaded."]
    config, meta = checkpoint.config, checkpoint.metadata
    # named as the status bar and the Models menu name it ("Shipped model"; it said "rowreader.safetensors"), told
    # apart from another opened model of its file name (:meth:`MainWindow.model_named`)
    name = window.model_named(checkpoint.path, suffix=True)
    lines = [f"Model in use: {name} ({config.layers}×{config.hidden_size} {config.cell.upper()})"]
    if checkpoint.path is not None:  # as names are shown: raw, U+202E turned the line round, a newline was a space
        lines.append(f"File: {readable(str(checkpoint.path))}")
    accuracy, digits = meta.get("test_accuracy"), meta.get("test_digits")
    if is_real_number(accuracy):
        counted = f" ({digits:,} digits)" if is_real_number(digits) and isinstance(digits, int) else ""
        lines.append(f"MNIST test accuracy after the last row: {accuracy_percent(accuracy)}{counted}")
    base, examples = meta.get("finetuned_from"), meta.get("examples")
    if isinstance(base, dict) and isinstance(base.get("path"), str):
        taught = _taught(examples) if isinstance(examples, dict) else None
        mine = f" on {taught}" if taught is not None else ""
        lines.append(f"Taught from {window.model_named(Path(base['path']), suffix=True, in_text=True)}{mine}")
    # a file's own words, shown as names are (:func:`readable`): a U+202E in them turned the lines below round too
    if isinstance(learnt := meta.get("dataset"), str) and learnt:
        lines.append(f"Learnt from: {grouped_numbers(readable(shortened(learnt, MOST_SHOWN)))}")
    if isinstance(made := meta.get("date"), str) and made:
        made = shortened(made, MOST_SHOWN)
        with contextlib.suppress(ValueError):  # shown as written if it is not an ISO date
            when = datetime.fromisoformat(made)
            made = f"{day_and_month(when)} {when:%Y, %H:%M %Z}".strip(", ")
        lines.append(f"Made: {readable(made)}")
    return lines


def _taught(examples: dict) -> str | None:
    """What a taught model learnt from, from its record, as its teach dialog named it (:func:`examples_named`): "on
    4 of your examples" was said of 4 drawings taught of 9 kept, 5 copies set aside. A count the record holds that no
    folder could (:func:`recorded_count`) is left out, as the dialog never said it; the count taught itself too, and
    with it the whole (None): 10**40, which a file's metadata may hold, was shown as 53 characters."""
    if (taught := recorded_count(examples.get("count"))) is None:
        return None
    copies, older = (recorded_count(examples.get(key)) or 0 for key in ("copies_set_aside", "left_out"))
    return examples_named(taught, copies, older)


def about_text(window: MainWindow, width: int = ABOUT_WIDTH) -> str:
    """The About box's rich text, its lines about the model fitted to ``width`` px: a model in a folder named by
    120 letters widened the text to 931 px, and every line of it was cut at the box's right edge."""
    metrics = window.fontMetrics()
    lines = [words_fitted(line, metrics, width) for line in model_lines(window)]
    model = "<br>".join(html.escape(line) for line in lines)  # file names are not markup
    versions = html.escape(f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__}")
    return (
        f"<h3>RowReader {html.escape(__version__)}</h3>"
        "<p>Reads a hand-drawn digit as a stream of rows: a stateful recurrent network (an LSTM or a GRU, named "
        "below) takes in the 28×28 picture one pixel "
        "row at a time and says after every row what it believes so far.</p>"
        f"<p>{model}</p>"
        f"<p>Data the shipped model learnt from:<br>{CREDITS}</p>"
        f"<p>MIT licence. {versions}.</p>"
    )


def show_about(window: MainWindow) -> TextBox:
    box = TextBox(window, "About RowReader", [about_text(window, wrap_width(window, ABOUT_WIDTH))], wrap_at=ABOUT_WIDTH)
    box.open()
    return box
