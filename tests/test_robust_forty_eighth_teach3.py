"""The forty-eighth round of hostile testing, teach3: teaching the reader one's handwriting as a hostile user, in a
real window (Xvfb, openbox, xdotool) and offscreen: teaches of 1, 3 and 50 examples per digit and of one digit only,
Cancel and the window's close at once, mid-run and at the very end, Ctrl+T again, examples deleted and the examples
folder removed under the app; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.teach import WARNING_CHARS, warning_lines
from training.finetune import lone_digits_warning


@given(st.sets(st.integers(0, 9), min_size=1))
def test_the_warning_of_digits_kept_once_is_said_whole_in_the_dialog(digits: set[int]) -> None:
    """One example of each digit (the first teach a newcomer tries) was warned of as "⚠ Only one drawing of 0, 1, 2,
    3, 4, 5, 6, 7, 8, 9: the h…ut estimate says little of how it reads your next ones": the list of ten digits took the
    line past the dialog's 110 characters, and it was cut in its middle, mid-word (nine digits too). The digits are
    said in runs ("0–3, 5–9", "each digit"), and the line is whole, however many."""
    warning = lone_digits_warning(sorted(digits))
    assert len(warning) <= WARNING_CHARS
    assert "…" not in warning_lines([warning], Path("/nowhere"))
    assert warning.endswith("the held-out estimate says little of how it reads your next ones")


def test_digits_kept_once_are_named_in_runs() -> None:
    """The runs the lone-digit warning names (one list of digits, read as a person would write it)."""
    assert lone_digits_warning(list(range(10))).startswith("only one drawing of each digit:")
    assert lone_digits_warning([0, 1, 2, 3, 5, 6, 7, 8, 9]).startswith("only one drawing of 0–3, 5–9:")
    assert lone_digits_warning([1, 2, 4]).startswith("only one drawing of 1, 2, 4:")
    assert lone_digits_warning([7]).startswith("only one drawing of 7:")
