"""The code read as a student reads it (the nineteenth round): what a reader found saying one thing and doing
another. Each test here failed before its fix."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.checkpoint import Checkpoint
from rowreader.session import DigitSession


def test_a_session_checks_an_image_as_the_stream_does_ragged_lists_too(tiny_reader):
    """`DigitSession.set_image` had a copy of the stream's check of pixels, each round mending one of them to match
    the other (booleans, 1e300, 1e400, MNIST's bytes); ragged lists still failed in NumPy's words ("inhomogeneous
    shape after 1 dimensions"), where the stream says what they are. The session uses the stream's check."""
    ragged = [[0.0] * 28] * 27 + [[0.0] * 27]
    session = DigitSession(Checkpoint.from_reader(tiny_reader))
    for read in (tiny_reader.stream().feed_image, session.set_image):
        with pytest.raises(ValueError, match=r"^expected an image of shape \(28, 28\), got lists of different"):
            read(ragged)
    with pytest.raises(ValueError, match=r"^expected a 28×28 image, got \(280, 280\); use set_drawing for others$"):
        session.set_image(np.zeros((280, 280)))
    assert session.image is None


def test_a_row_and_an_image_taken_for_each_other_are_told_apart_from_a_batch(tiny_reader):
    """A single stream's `feed_image(row)` was told "this stream reads a batch of 28: stream() reads one", which it
    does not, and `feed(image)` to make a stream of batch 28 (and no images at all, of batch 0); the hints were chosen
    by the shapes alone. Each says which method reads it; a batch given to one stream (and one digit to a batch) is
    named as before."""
    one, two = tiny_reader.stream(), tiny_reader.stream(batch=2)
    row, image = np.zeros(28), np.zeros((28, 28))
    for read, pixels in ((one.feed_image, row), (one.feed, image), (two.feed, np.zeros((2, 28, 28)))):
        with pytest.raises(ValueError, match=r"; feed takes one row, feed_image a whole image$"):
            read(pixels)
    with pytest.raises(ValueError, match=r"got \(28, 28\); this stream reads a batch of 2: stream\(\) reads one$"):
        two.feed_image(image)
    with pytest.raises(ValueError, match=r"got \(5, 28\); stream\(batch=5\) reads 5 in lock-step$"):
        one.feed(np.zeros((5, 28)))
    with pytest.raises(ValueError, match=r"got \(0, 28, 28\)$"):  # it was told "stream(batch=0) reads 0"
        one.feed_image(np.zeros((0, 28, 28)))


def test_a_training_config_checks_its_augmentation_and_replay_as_its_docstring_says():
    """`FitConfig.__post_init__` says every field is checked there, before anything is read: `augment="heavy"` was
    taken, to fail as KeyError 'heavy' at the first step, once MNIST had been read (a fine-tune's once the replay
    had), and `replay="0.5"` failed as "'<=' not supported between instances of 'int' and 'str'"."""
    from training.config import FitConfig

    with pytest.raises(ValueError, match=r"^--augment must be one of \['light', 'none', 'strong'\], got 'heavy'$"):
        FitConfig(augment="heavy")
    for replay in ("0.5", True, float("nan"), 1):
        with pytest.raises(ValueError, match=r"^--replay must be a number at least 0 and below 1, got "):
            FitConfig(replay=replay)
    assert FitConfig(replay=0).replay == 0 and FitConfig(augment="none").augment == "none"
