"""The twenty-sixth round's newuser defects: the README and docs/ followed literally by a new user in a fresh HOME,
what each command and the window did set against what the text says; each test checked to fail on the code or
the text before its fix."""

from __future__ import annotations

import re
from pathlib import Path

from gui_window import open_shipped_window, settled

REPO = Path(__file__).resolve().parents[1]


def _words(text: str) -> str:
    """Whitespace collapsed, so that a claim may wrap anywhere in a page."""
    return " ".join(text.split())


def test_twentysixth_newuser_the_smallest_window_the_app_page_gives_is_the_windows(qtbot, tmp_path) -> None:
    """docs/the-app.md said "the smallest window is about 550×560 with the LSTM view shown, 550×450 without it": made
    as small as it goes in Xvfb with openbox it was 478×563 and 478×451 (622×563 with My examples, "about 620×560"),
    and offscreen 478 px wide too. The widths the page gives are the window's, to 4 %."""
    claim = re.search(
        r"The smallest window is about (\d+)×\d+ with the LSTM view shown, (\d+)×\d+ without it, and about (\d+)×\d+ "
        r"with the My examples dock",
        _words((REPO / "docs" / "the-app.md").read_text(encoding="utf-8")),
    )
    assert claim, "docs/the-app.md no longer gives the smallest window's sizes"
    shown_lstm, without_lstm, with_dock = (int(width) for width in claim.groups())
    window = open_shipped_window(qtbot, tmp_path)

    def smallest_width() -> int:
        window.resize(1, 1)
        return settled(qtbot, window.width)

    measured = [smallest_width()]
    window.actions_.show_state.trigger()  # View ▸ Inside the LSTM (Ctrl+L): hidden
    measured.append(smallest_width())
    window.actions_.show_state.trigger()
    window.teaching.dock.show()  # Teach ▸ My examples
    measured.append(smallest_width())
    for said, width in zip((shown_lstm, without_lstm, with_dock), measured, strict=True):
        assert abs(said - width) <= 0.04 * width, f"docs/the-app.md: {said} px wide, the window {width} px ({measured})"
