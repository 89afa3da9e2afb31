"""Streaming equals forward for any sequence of feeds, rewinds, resets, copies and pickles (hypothesis.stateful):
one stream and a batch of two, each against ``softmax(forward(rows read))`` of the torch module it came from."""

from __future__ import annotations

import pickle

import numpy as np
import torch
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from rowreader.checkpoint import Checkpoint
from rowreader.model import COLUMNS, ROWS, ReaderConfig
from rowreader.network import RowReader

torch.manual_seed(7)
_READER = RowReader(ReaderConfig(input_size=8, hidden_size=12, layers=2)).eval()
_MODEL = Checkpoint.from_reader(_READER)
_PIXELS = st.floats(0.0, 1.0, width=32)


class StreamMachine(RuleBasedStateMachine):
    """A stream and the rows it has read; every state is checked against forward over those rows."""

    @initialize(batch=st.sampled_from([None, 2]))
    def start(self, batch: int | None) -> None:
        self.batch = batch
        self.stream = _MODEL.stream(batch=batch)
        self.rows: list[np.ndarray] = []

    def _row(self, data: st.DataObject) -> np.ndarray:
        shape = (COLUMNS,) if self.batch is None else (self.batch, COLUMNS)
        fill = data.draw(st.sampled_from(["lists", "constant"]))
        if fill == "constant":
            return np.full(shape, data.draw(_PIXELS), np.float32)
        return np.asarray(
            data.draw(st.lists(_PIXELS, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))), np.float32
        ).reshape(shape)

    @precondition(lambda self: len(self.rows) < ROWS)
    @rule(data=st.data())
    def feed(self, data: st.DataObject) -> None:
        row = self._row(data)
        prediction = self.stream.feed(row)
        self.rows.append(row)
        assert prediction.rows_read == len(self.rows)
        assert np.allclose(prediction.probs, self._expected()[-1], atol=1e-5)

    @rule(data=st.data())
    def rewind(self, data: st.DataObject) -> None:
        to = data.draw(st.integers(0, len(self.rows)))
        self.stream.rewind(to)
        del self.rows[to:]

    @rule()
    def reset(self) -> None:
        self.stream.reset()
        self.rows.clear()

    @rule(how=st.sampled_from(["copy", "pickle"]), data=st.data())
    def branch(self, how: str, data: st.DataObject) -> None:
        """Replace the stream by a copy; the old one reads on (and must not disturb the copy)."""
        old = self.stream
        self.stream = old.copy() if how == "copy" else pickle.loads(pickle.dumps(old))
        if old.rows_read:
            old.rewind(data.draw(st.integers(0, old.rows_read)))
        if old.rows_read < ROWS:
            old.feed(self._row(data))

    @rule(data=st.data())
    def feed_image(self, data: st.DataObject) -> None:
        image = np.stack([self._row(data) for _ in range(ROWS)], axis=-2)
        self.stream.feed_image(image)
        self.rows = [image[..., r, :] for r in range(ROWS)]

    def _expected(self) -> np.ndarray:
        """softmax(forward) over the rows read: [rows, 10] or [rows, B, 10]."""
        read = len(self.rows)
        images = np.zeros((self.batch or 1, ROWS, COLUMNS), np.float32)  # forward reads 28 rows; the later ones
        images[:, :read] = np.stack(self.rows, axis=-2).reshape(-1, read, COLUMNS)  # cannot change the earlier
        with torch.no_grad():
            logits = _READER(torch.from_numpy(images))[:, :read]
        probs = torch.softmax(logits.double(), -1).numpy()  # [B, rows, 10]
        return probs[0] if self.batch is None else probs.swapaxes(0, 1)

    @invariant()
    def same_as_forward(self) -> None:
        assert self.stream.rows_read == len(self.rows)
        if self.rows:
            assert np.allclose(self.stream.probabilities, self._expected(), atol=1e-5)
            states = self.stream.history[-1]
            assert np.isfinite(states.hidden).all() and np.isfinite(states.cell).all()
        else:
            assert len(self.stream.probabilities) == 0


StreamMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_streaming_equals_forward_whatever_the_calls = StreamMachine.TestCase
