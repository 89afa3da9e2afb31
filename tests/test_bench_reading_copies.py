"""bench/bench_reading_copies.py, the prototype that reads several moved copies of a digit at once (issue 7).

What its numbers rest on: one untransformed copy is exactly the plain reader, averaged beliefs are distributions,
the copies called within-row take row r from row r alone (the others do not), and its smoke run prints its table.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def bench(bench_module):
    return bench_module("bench_reading_copies")


@pytest.fixture(scope="module")
def digits(mnist_test) -> np.ndarray:
    return mnist_test[0][:40].astype(np.float32) / 255


def test_one_copy_as_drawn_is_exactly_the_plain_reader(bench, digits, tiny_reader):
    with torch.inference_mode():
        plain = torch.softmax(tiny_reader(torch.from_numpy(digits)), dim=-1).numpy()
    for average in ("probs", "log"):
        read = bench.read_copies(tiny_reader, digits, bench.COPY_SETS["plain"], average)
        np.testing.assert_allclose(read, plain, rtol=0, atol=1e-6 if average == "log" else 0)
    assert np.array_equal(bench.transformed(digits, bench.Copy()), digits)
    shifted = bench.transformed(digits, bench.Copy(shift=1))
    assert np.array_equal(shifted[..., 1:], digits[..., :-1]) and not shifted[..., 0].any()  # whole pixels, exact


@pytest.mark.parametrize("average", ["probs", "log"])
def test_averaged_beliefs_are_distributions(bench, digits, tiny_reader, average):
    beliefs = bench.read_copies(tiny_reader, digits, bench.COPY_SETS["shift+shear"], average, batch=16)
    assert beliefs.shape == (len(digits), 28, 10) and (beliefs >= 0).all()
    np.testing.assert_allclose(beliefs.sum(axis=-1), 1, atol=1e-5)
    with torch.inference_mode():  # … and the mean (in log space, renormalised) of each copy's own reading
        each = [
            torch.log_softmax(tiny_reader(torch.from_numpy(bench.transformed(digits, c))), dim=-1)
            for c in bench.COPY_SETS["shift+shear"]
        ]
        mean = torch.stack(each).exp().mean(0) if average == "probs" else torch.softmax(torch.stack(each).mean(0), -1)
    np.testing.assert_allclose(beliefs, mean.numpy(), atol=1e-5)


def test_within_row_copies_take_each_row_from_that_row_alone(bench, digits):
    """What keeps the row-by-row reading honest: ink added to row 9 changes row 9 of a shifted, sheared copy and
    no other; a rotated or scaled copy (labelled as moving ink between rows) changes other rows too."""
    marked = digits.copy()
    marked[:, 9, 10:18] = 1.0
    for name, copies in bench.COPY_SETS.items():
        for copy in copies:
            changed = (bench.transformed(marked, copy) != bench.transformed(digits, copy)).any(axis=(0, 2))
            if copy.within_rows:
                assert np.flatnonzero(changed).tolist() == [9], (name, copy)
            else:
                assert changed.sum() > 1, (name, copy)


def test_its_smoke_run_reads_every_set_beside_the_plain_one(bench, capsys):
    assert bench.main(["--limit", "12", "--time-digits", "2", "--sets", "shear", "rotate"]) == 0
    out = capsys.readouterr().out
    table = out.split("misreads/plain")[1].split("\n\n")[0].splitlines()[1:]
    assert [line.split()[0] for line in table] == ["plain", "shear", "rotate"]
    assert "read: test 12, test 24 px 12, train 12, MNIST 12 digits" in out
    assert "MNIST ≥ 99.4%: " in out
