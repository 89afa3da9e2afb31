"""The thirty-second round's lead findings (docs/robustness.md): each test failed on the code before its fix."""

from __future__ import annotations

import io
import os
import warnings

import numpy as np
import pytest
from PIL import Image

from rowreader import paths
from rowreader.picture import read_picture


def test_ctrl_c_inside_fdopen_is_a_stop_not_a_bad_file_descriptor(tmp_path, monkeypatch):
    """CI's `predict --json` over 3,000 files, Ctrl-C'd, once ended "d1.png: cannot read the image (Bad file
    descriptor)", status 1: the Ctrl-C came inside ``os.fdopen``, whose file object had closed the descriptor on its
    way out, and ``open_regular_file`` closed it again. The stop is a stop, and the descriptor is closed once."""
    picture = tmp_path / "one.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(picture)
    closed: list[int] = []
    real_close = os.close

    def counting_close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    def stopped_inside(fd: int, mode: str) -> io.BufferedReader:
        open(fd, mode).close()  # as io.open does when a step after making its raw file fails
        raise KeyboardInterrupt

    monkeypatch.setattr(paths.os, "fdopen", stopped_inside)
    monkeypatch.setattr(paths.os, "close", counting_close)
    with pytest.raises(KeyboardInterrupt):
        read_picture(picture)
    assert closed == [], "the file object's close was the only one"


@pytest.mark.parametrize(("dtype", "value"), [(np.float32, -1.7014118e38), (np.float64, 1e308), (np.float16, -6e4)])
def test_pixels_near_their_type_s_limit_are_refused_without_an_overflow_warning(tiny_reader, dtype, value):
    """CI of 456df5d: Hypothesis fed a row of float32 -1.7e38 and the refusal came with NumPy's "overflow encountered
    in reduce": the median of an even count averages its middle two, and their sum overflowed. The refusal alone,
    for a row, an image and a batch."""
    row = np.full(28, value, dtype)
    for feed in (lambda: tiny_reader.stream().feed(row), lambda: tiny_reader.stream(batch=2).feed(np.stack([row] * 2))):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match=r"must hold (finite )?pixel values"):
                feed()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"must hold (finite )?pixel values"):
            tiny_reader.stream().feed_image(np.full((28, 28), value, dtype))
