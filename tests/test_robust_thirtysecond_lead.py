"""The thirty-second round's lead findings (docs/robustness.md): each test failed on the code before its fix."""

from __future__ import annotations

import io
import os

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
