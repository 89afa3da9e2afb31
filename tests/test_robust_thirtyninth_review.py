"""The thirty-ninth round of hostile testing, review: what the thirty-eighth round merged, read as a demanding
reviewer would (the selection colour's follower, the single stream's retry after an underflow, the sweep of stale
temporaries after every save, the belief lines' marks); each defect found is checked to fail on the code before its
fix."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QPalette

from gui.theme import MIN_TEXT_CONTRAST, contrast
from rowreader import Checkpoint, ReaderConfig
from rowreader.model import COLUMNS, ROWS

HIGHLIGHT = QPalette.ColorRole.Highlight


def test_a_selection_colour_the_caller_sets_is_kept(following) -> None:
    """A palette changed in the very roles the follower had set (the selection colour, active and inactive) was
    taken for the theme's new one under the app's old blue: a caller's own legible dark green, white on it 10:1,
    was thrown away for the theme's blue. Only the follower's own colours under a changed theme mean that now."""
    app = following
    app.setPalette(app.style().standardPalette())  # a desktop's light palette, white on its blue 3.7:1 ...
    made = app.palette().color(HIGHLIGHT)
    assert made != app.style().standardPalette().color(HIGHLIGHT)  # ... given a legible blue of the follower's
    green = QColor("#004d00")
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, HIGHLIGHT, green)
    assert contrast(green, palette.color(QPalette.ColorRole.HighlightedText)) >= MIN_TEXT_CONTRAST
    app.setPalette(palette)
    assert app.palette().color(HIGHLIGHT) == green, app.palette().color(HIGHLIGHT).name()


def _underflowing_in_the_second_layer() -> Checkpoint:
    """A two-layer, one-unit LSTM whose second layer alone underflows float32 (an input gate nearly shut, 1.2e-7, on
    a candidate of 1e-35), so that NumPy's "raise" stops a single stream's step after its first layer has written
    the row's new state."""
    config = ReaderConfig(input_size=COLUMNS, hidden_size=1, layers=2)
    rng = np.random.default_rng(39)
    weights = {name: rng.normal(0, 0.5, shape).astype(np.float32) for name, shape in config.weight_shapes().items()}
    for name in ("lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_hh_l1"):
        weights[name][:] = 0
    weights["lstm.bias_ih_l1"][:] = 0
    weights["lstm.bias_ih_l1"][[0, 2]] = -16.0, 1e-35  # the gates i, f, g, o
    return Checkpoint(config, weights)


def test_a_single_stream_under_raise_reads_each_row_once_as_a_clean_step_does() -> None:
    """The single stream read a row again, underflow ignored, after NumPy's "raise" stopped it (here mid-row, in the
    second layer, after the first had written its new state); since the fortieth round it reads every row once under
    ``np.errstate(under="ignore")``, as a batch does (the retry let "warn" print). Every layer's hidden and cell state
    and the belief, after every row, are bit for bit those of a stream read with underflow ignored."""
    checkpoint = _underflowing_in_the_second_layer()
    image = np.random.default_rng(1).random((ROWS, COLUMNS), np.float32)
    with np.errstate(under="ignore"):
        clean = checkpoint.stream().feed_image(image)
    stream, layers = checkpoint.stream(), []
    kernel, weights = stream._kernel, stream._w.weights

    def counted(w: np.ndarray, *state: np.ndarray) -> None:  # which layer each call of the step's kernel reads
        layers.append(next(n for n, layer in enumerate(weights) if layer is w))
        kernel(w, *state)

    stream._kernel = counted
    with np.errstate(all="raise"):
        retried = [stream.feed(row) for row in image]
    assert layers == [0, 1] * ROWS  # every row read once, whole
    for ours, theirs in zip(retried, clean, strict=True):
        np.testing.assert_array_equal(ours.probs, theirs.probs)
        np.testing.assert_array_equal(ours.hidden, theirs.hidden)
        np.testing.assert_array_equal(ours.cell, theirs.cell)
