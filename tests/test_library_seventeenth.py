"""The library as a hostile programmer uses it (the seventeenth round): sessions read from threads, checkpoints
crafted by hand, odd arrays. Each test here failed before its fix."""

from __future__ import annotations

import numpy as np
from other_thread import acted_on_from_another_thread_mid_reading

import rowreader
from rowreader.session import DigitSession


def test_a_session_read_from_a_second_thread_mid_change_gives_a_whole_state(monkeypatch):
    """A thread pool reading `session.predictions` and `probabilities` while the UI thread re-read a new drawing got
    the history cut to the rows kept: no predictions at position 28, `decided_at` None for a digit decided at row 1.
    Each read gives a whole state, the one before the change here, and the change is not disturbed."""
    model = rowreader.load_pretrained()
    rng = np.random.default_rng(3)
    first, second = rng.random((28, 28), dtype=np.float32), rng.random((28, 28), dtype=np.float32)
    session = DigitSession(model)
    session.set_image(first)
    before = session.probabilities.copy(), session.hidden_states.copy(), session.decided_at

    def read() -> tuple[object, ...]:
        return session.predictions, session.probabilities, session.hidden_states, session.current, session.decided_at

    outcome = acted_on_from_another_thread_mid_reading(monkeypatch, read)
    session.set_image(second)
    monkeypatch.undo()
    predictions, probabilities, hidden, current, decided = outcome[0]
    assert len(predictions) == 28 and current is predictions[-1] and decided == before[2]
    assert np.array_equal(probabilities, before[0]) and np.array_equal(hidden, before[1])
    alone = DigitSession(model)
    alone.set_image(second)
    assert np.array_equal(session.probabilities, alone.probabilities)
    assert np.array_equal(session.hidden_states, alone.hidden_states)
