"""The fifty-second round of hostile testing, student3: a student asking "how early can a recurrent reader decide",
for a belief threshold p, at which row each digit is first sure (its top digit holds p) and how often the answer
given there is right: `rowreader.first_sure`, `evaluate_rows(..., sure=p)` and `rowreader evaluate --sure P`
(text and `--json`); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import rowreader
from rowreader.evaluate import evaluate_rows


def _first_sure_by_hand(beliefs: np.ndarray, sure: float) -> tuple[int, int]:
    """One digit's first sure row and answer, row by row as a reader reads: the test's own reading of the rule."""
    for row, belief in enumerate(beliefs, start=1):
        if float(belief.max()) >= sure:
            return row, int(np.argmax(belief))  # argmax: a tie is the lowest digit
    return 0, -1


@st.composite
def _beliefs(draw: st.DrawFn) -> np.ndarray:
    """Beliefs [B, rows, 10] that sum to 1: random weights (zeros, ties and one-hot rows among them), normalised."""
    batch, rows = draw(st.integers(1, 5)), draw(st.integers(1, 28))
    weights = draw(arrays(np.float64, (batch, rows, 10), elements=st.sampled_from([0.0, 0.5, 1.0, 3.0, 9.0, 1e6])))
    weights[..., 0] += weights.sum(axis=-1) == 0  # a row of zeros: all belief on 0
    return (weights / weights.sum(axis=-1, keepdims=True)).astype(draw(st.sampled_from([np.float32, np.float64])))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(beliefs=_beliefs(), sure=st.floats(0.0, 1.0, exclude_min=True))
@example(beliefs=np.full((2, 28, 10), 0.1), sure=0.1)  # uniform: every row's top holds 0.1, the lowest digit is it
@example(beliefs=np.full((1, 3, 10), 0.1), sure=0.10000001)  # never sure: row 0, answer -1
@example(beliefs=np.eye(10)[None, [3, 3]], sure=1.0)  # one-hot: sure at 1
@example(beliefs=np.tile([0.5, 0.5] + [0.0] * 8, (1, 4, 1)), sure=0.5)  # a tie on top: the lower digit
def test_first_sure_is_the_first_row_whose_top_holds_sure(beliefs: np.ndarray, sure: float) -> None:
    """The first row whose top digit holds ``sure``, and that digit: for a batch either way round and one digit at a
    time, as read row by row by hand. There was no such function: only `decided_at`, which looks back from the last
    row and so knows the final answer, which a reader answering early does not."""
    expected = [_first_sure_by_hand(digit, sure) for digit in beliefs]
    rows, answers = rowreader.first_sure(beliefs, sure, batch_first=True)
    assert [*zip(rows.tolist(), answers.tolist(), strict=True)] == expected
    rows_first = rowreader.first_sure(beliefs.swapaxes(0, 1), sure, batch_first=False)
    assert np.array_equal(rows_first[0], rows) and np.array_equal(rows_first[1], answers)
    one = rowreader.first_sure(beliefs[0], sure)
    assert one == expected[0] and all(type(value) is int for value in one)  # json.dumps takes them


def test_first_sure_refuses_what_is_no_threshold_and_no_beliefs() -> None:
    """A threshold of 0, a percentage or NaN, NaN beliefs and logits are refused in words, as `decided_at` refuses
    them; an empty reading (no rows yet) is never sure."""
    beliefs = np.full((3, 10), 0.1)
    for sure in (0, 0.0, 90, float("nan"), True):
        with pytest.raises(ValueError, match="sure must be a probability in"):
            rowreader.first_sure(beliefs, sure)
    with pytest.raises(ValueError, match="softmax them first"):
        rowreader.first_sure(np.where(np.eye(10)[:3] > 0, np.nan, 0.1), 0.5)
    with pytest.raises(ValueError, match="softmax them first"):
        rowreader.first_sure(np.log(beliefs), 0.5)
    with pytest.raises(TypeError, match="first_sure takes beliefs, not predictions"):
        rowreader.first_sure([rowreader.RowPrediction(0, np.full(10, 0.1), np.zeros((1, 1)), np.zeros((1, 1)))], 0.5)
    assert rowreader.first_sure(np.zeros((0, 10)), 0.5) == (0, -1)


def test_evaluate_rows_first_sure_matches_the_library_and_a_nan_digit_is_never_sure(mnist_test) -> None:
    """`evaluate_rows(..., sure=p)` gives each digit's first sure row and answer from its one forward pass, as
    `first_sure` of the softmax gives them, and `decided` at that same p; a digit whose logits hold NaN is never
    sure nor decided, even at p = 0.1, where every real reading is sure at row 1 (its beliefs stand at 10 %)."""
    import torch

    checkpoint = rowreader.load_pretrained()
    images, labels = mnist_test[0][:200], mnist_test[1][:200]
    read = evaluate_rows(checkpoint, images, labels, device="cpu", sure=0.9)
    with torch.inference_mode():
        beliefs = torch.softmax(checkpoint.reader(torch.from_numpy(images / np.float32(255))), -1).numpy()
    rows, answers = rowreader.first_sure(beliefs, 0.9, batch_first=True)
    assert np.array_equal(read.sure_row, rows) and np.array_equal(read.sure_answer, answers)
    assert np.array_equal(read.decided, rowreader.decided_at(beliefs, 0.9, batch_first=True))
    assert (read.sure_row > 0).all() and 5 <= np.median(read.sure_row) <= 20  # a trained reader is sure, midway

    class NanForFirst(torch.nn.Module):
        """The shipped reader, but its first digit's logits NaN at row 5."""

        def __init__(self) -> None:
            super().__init__()
            self.reader = checkpoint.reader

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            logits = self.reader(x).clone()
            logits[0, 4, 2] = float("nan")
            return logits

    lost = evaluate_rows(NanForFirst(), images[:4], labels[:4], sure=0.1)
    assert lost.sure_row.tolist() == [0, 1, 1, 1] and lost.sure_answer[0] == -1 and lost.decided[0] == 0
    with pytest.raises(ValueError, match="sure must be a probability in"):
        evaluate_rows(checkpoint, images[:4], labels[:4], sure=60)


def test_evaluate_sure_reports_the_first_sure_rows_and_their_accuracy(capsys, mnist_test) -> None:
    """`rowreader evaluate` had no threshold and no early answers: only rows decided in hindsight at 60 %. `--sure P`
    now sets the belief that counts as sure, and the text and `--json`'s `"first_sure"` say how many digits are first
    sure at each row, how many of those are right there, the median row and the accuracy of those answers: the
    numbers of `evaluate_rows` at that P. A percentage is refused before MNIST is read, with the belief meant."""
    from rowreader.cli import main

    assert main(["evaluate", "--limit", "300", "--device", "cpu", "--sure", "0.95", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    images, labels = mnist_test[0][:300], mnist_test[1][:300]
    read = evaluate_rows(rowreader.load_pretrained(), images, labels, device="cpu", sure=0.95)
    sure = read.sure_row > 0
    right = sure & (read.sure_answer == labels)
    early = document["first_sure"]
    assert early["sure"] == 0.95 and document["decided"]["sure"] == 0.95
    assert early["at_row"] == np.bincount(read.sure_row[sure], minlength=29)[1:].tolist()
    assert early["right_at_row"] == np.bincount(read.sure_row[right], minlength=29)[1:].tolist()
    assert early["never"] == int((~sure).sum()) and early["right"] == int(right.sum())
    assert early["median"] == float(np.median(read.sure_row[sure]))
    assert early["accuracy"] == pytest.approx(right.sum() / sure.sum())
    assert 0.5 < early["accuracy"] < 1  # the shipped model's early answers: some wrong, most right

    assert main(["evaluate", "--limit", "300", "--device", "cpu", "--sure", "0.95"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("first sure"))
    assert "holds at least 95 %" in line and f"right there {right.sum():,} of {sure.sum():,}" in line
    assert "at least 95 % of the belief from row k" in out

    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "--sure", "95"])
    assert stop.value.code == 2
    assert "a percentage? 0.95 is 95 %" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["evaluate", "--sure", "95%"])  # was "invalid float value: '95%'", the belief meant unsaid
    assert "is a belief, not a percentage: '95%' is --sure 0.95" in capsys.readouterr().err
