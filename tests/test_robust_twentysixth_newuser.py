"""The twenty-sixth round's newuser defects: the README and docs/ followed literally by a new user in a fresh HOME,
what each command and the window did set against what the text says; each test checked to fail on the code or
the text before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from gui_window import open_shipped_window, settled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rowreader.lighting
import training.drawn
import training.pen_augment
import training.pen_data
from gui.demo import DIGITS
from rowreader import to_mnist
from rowreader.unipen import PenDigit

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
    # a folder of its own: the session's, with examples another test kept, opens with My examples shown
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    window.teaching.dock.hide()

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


def _photo_steps_refused(grey: np.ndarray) -> np.ndarray:
    raise AssertionError("a drawing on the canvas was searched for a photo's desk and a ruled page's rules")


@settings(max_examples=4, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_twentysixth_newuser_training_reads_its_drawings_as_the_app_reads_its_canvas(seed) -> None:
    """docs/handwriting.md said the drawn-digit generator makes 300–480 digits/s; it made 120–150 (of CPU, at a load
    of 14), the code of 27 Nov 245/s in the same runs: since 1–2 Dec ``to_mnist(ink="dark")`` looks for a photo's
    desk and a ruled page's rules, and training read every drawn digit and every pen rendering so: 38 % of a drawn
    digit's time and 46 % of a pen rendering's, spent on a white canvas that has neither, to change not one pixel
    (600 of 600 identical, and the shipped recipe's 6,000 drawn digits of seed 1000). They are read as the app reads
    its canvas, light ink on black, which skips the search: the same digits, bit for bit, and the search never runs."""
    digits = [  # the demo digits as pen digits (render_pen_digit distorts each anew)
        PenDigit(int(label), "demo/1", "demo", "train", tuple(np.array(s, np.float32) for s in strokes), "demo", label)
        for label, strokes in DIGITS.items()
    ]
    config = training.pen_augment.PenAugmentConfig()

    def renderings() -> list[np.ndarray]:
        pen = [training.pen_augment.render_pen_digit(d.strokes, config, np.random.default_rng(seed)) for d in digits]
        drawn, _ = training.drawn.drawn_dataset(1, seed=seed)
        plain, _ = training.pen_data.render_plain(digits)
        return [*pen, *drawn, *plain]

    with pytest.MonkeyPatch.context() as patch:  # each drawing as it was read before: dark ink, searched
        for module in (training.pen_augment, training.drawn, training.pen_data):

            def searched(image, ink="auto", *args, **kwargs):
                return to_mnist(255 - image if ink == "light" else image, "dark", *args, **kwargs)

            patch.setattr(module, "to_mnist", searched)
        before = renderings()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rowreader.lighting, "without_desk_and_rules", _photo_steps_refused)
        now = renderings()
    assert len(now) == len(before) == 2 * len(DIGITS) + 10
    for was, is_now in zip(before, now, strict=True):
        assert np.array_equal(was, is_now)
