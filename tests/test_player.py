"""The Live/Scan/Step player without Qt: what Space, the arrows, a timer tick and the speed keys do."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rowreader import Checkpoint, ReaderConfig, RowReader
from rowreader.model import ROWS
from rowreader.player import DEFAULT_SPEED, MAX_SPEED, MIN_SPEED, Mode, faster, slower
from rowreader.session import DigitSession


@pytest.fixture(scope="module")
def checkpoint() -> Checkpoint:
    torch.manual_seed(0)
    return Checkpoint.from_reader(RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)))


@pytest.fixture
def session(checkpoint: Checkpoint) -> DigitSession:
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session = DigitSession(checkpoint)
    session.set_image(image)
    return session


def test_a_scan_reads_one_row_per_tick_from_the_top_and_ends_live(session: DigitSession) -> None:
    player = session.player
    events: list[str] = []
    session.subscribe(events.append)
    assert player.mode is Mode.LIVE and session.position == ROWS
    assert player.play()
    assert player.mode is Mode.SCAN and session.position == 0  # all rows had been read: start again at the top
    rows = []
    while player.tick():
        rows.append(session.position)
    assert rows == list(range(1, ROWS))  # the 28th tick reads the last row and ends the scan
    assert player.mode is Mode.LIVE and session.position == ROWS
    assert not player.tick()  # ticks outside a scan do nothing
    assert session.position == ROWS
    assert events.count("player") == 2  # Live → Scan → Live
    assert events.count("position") == ROWS + 1  # the rewind, then one per row


def test_space_toggles_between_scan_and_pause(session: DigitSession) -> None:
    player = session.player
    assert player.toggle() and player.mode is Mode.SCAN
    player.tick()
    player.tick()
    assert not player.toggle() and player.mode is Mode.STEP and session.position == 2
    assert not player.tick() and session.position == 2  # paused: the timer's ticks change nothing
    assert player.toggle() and session.position == 2  # resumes where it paused, not from the top
    player.tick()
    assert session.position == 3


def test_step_and_seek_pause_and_clamp(session: DigitSession) -> None:
    player = session.player
    assert player.step(-1) and player.mode is Mode.STEP and session.position == ROWS - 1
    player.step(100)
    assert session.position == ROWS and player.mode is Mode.STEP
    player.seek(5)
    assert session.position == 5
    player.step(-10)
    assert session.position == 0
    player.live()
    assert player.mode is Mode.LIVE and session.position == ROWS


def test_nothing_to_read_means_no_scan_and_no_step(checkpoint: Checkpoint) -> None:
    session = DigitSession(checkpoint)
    player = session.player
    assert not player.can_play
    assert not player.play() and not player.toggle() and not player.step(-1) and not player.seek(3)
    assert player.mode is Mode.LIVE and session.position == ROWS
    assert not DigitSession().player.can_play  # no model either


def test_a_scan_whose_input_is_cleared_returns_to_live(session: DigitSession) -> None:
    player = session.player
    player.play()
    player.tick()
    session.clear()
    assert not player.tick()
    assert player.mode is Mode.LIVE and session.position == ROWS


def test_speed_steps_multiply_by_one_and_a_half_within_bounds(session: DigitSession) -> None:
    assert session.player.speed == DEFAULT_SPEED == 8
    ups = [DEFAULT_SPEED]
    while ups[-1] < MAX_SPEED:
        ups.append(faster(ups[-1]))
    assert ups == [8, 12, 18, 27, 40, 56]
    downs = [DEFAULT_SPEED]
    while downs[-1] > MIN_SPEED:
        downs.append(slower(downs[-1]))
    assert downs == [8, 5, 3, 2, 1]
    assert faster(MAX_SPEED) == MAX_SPEED and slower(MIN_SPEED) == MIN_SPEED
    session.player.speed = 20
    assert session.player.interval_ms == 50


@pytest.mark.parametrize("bad", [0, 57, -3, 2.5, True, "8"])
def test_bad_speeds_are_refused(session: DigitSession, bad) -> None:
    with pytest.raises((ValueError, TypeError)):
        session.player.speed = bad
    assert session.player.speed == DEFAULT_SPEED
