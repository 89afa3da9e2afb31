"""The sixty-fourth round, training5: reading UNIPEN spent most of its time looking for torch tensors among the
points of parsed JSON (docs/robustness.md). The work is pinned by the Python calls made, not by the clock."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

import numpy as np
import torch
from test_core_unipen import good_line, write_lines

from rowreader.pen import checked_strokes, render_strokes
from rowreader.unipen import read_unipen

assert torch  # loaded: host_array looks for tensors only where torch is, as in a fine-tune


def python_calls(work: Callable[[], object]) -> int:
    """How many Python functions ``work`` calls (C functions not counted), counted in a thread of its own: a profiler
    is set per thread, so the test's one leaves the caller's alone. Set and restored here, cProfile's (``python -m
    cProfile -m pytest``) came back as its Profile object, "'Profile' object is not callable", and was lost."""
    calls = 0
    failed: list[BaseException] = []

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    def counted() -> None:
        sys.setprofile(count)
        try:
            work()
        except BaseException as err:  # said in the test's thread, not as a thread's unhandled error
            failed.append(err)
        finally:
            sys.setprofile(None)

    thread = threading.Thread(target=counted)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return calls


def a_stroke(points: int) -> list[list[float]]:
    """A zigzag of ``points`` points, 0.5 units apart in y."""
    return [[float(i % 7), i / 2] for i in range(points)]


def test_reading_a_digit_makes_no_python_call_per_point(tmp_path):
    # 820,403 calls of host_array's search for 15,003 digits: 5 of the 7 s reading UNIPEN took
    costs = []
    for points in (50, 5000):
        path = write_lines(tmp_path / str(points), [good_line(strokes=[a_stroke(points), a_stroke(points)])])
        read_unipen(path)  # the first read's one-time work (imports, compiled patterns) not counted
        costs.append(python_calls(lambda path=path: read_unipen(path)))
    # 9,900 points more: about 4 calls each before (the search), now a few hundred in all (gzip reads in chunks)
    assert costs[1] - costs[0] < 9900 / 10, costs


def test_checking_parsed_strokes_keeps_every_refusal_and_reads_the_same_values():
    for strokes, words in (
        ([[]], "stroke 0 must be a non-empty [n, 2] array"),
        ([[[1, 2], [3]]], "stroke 0 is not a list of (x, y) points"),
        ([[[0, 0]], [["1", "2"]]], "stroke 1 has coordinates that are not real numbers"),
        ([[[0, 0], [None, 1]]], "null, text or an integer beyond 64 bits"),
        ([[[0, 0], [1e300, 1]]], "not finite or too large for float32"),
    ):
        for parsed in (False, True):
            try:
                checked_strokes(strokes, np.float32, parsed=parsed)
            except (TypeError, ValueError) as err:
                assert words in str(err), (parsed, err)
            else:
                raise AssertionError(f"{strokes} was taken")
    strokes = [a_stroke(30), [[1, 2]]]
    for fast, slow in zip(checked_strokes(strokes, parsed=True), checked_strokes(strokes), strict=True):
        assert fast.dtype == slow.dtype and np.array_equal(fast, slow)


def test_a_callers_tensors_are_still_drawn_as_their_values():
    # render_strokes is not told its strokes are parsed: a tensor, or points that are tensors, are read as values
    # (NumPy alone failed: "Can't call numpy() on Tensor that requires grad", "unsupported ScalarType BFloat16")
    points = np.array(a_stroke(40), np.float32)
    expected = render_strokes([points])
    grad = torch.tensor(points, requires_grad=True)
    assert np.array_equal(render_strokes([grad]), expected)
    assert np.array_equal(render_strokes([list(grad)]), expected)
    assert np.array_equal(render_strokes([torch.tensor(points, dtype=torch.bfloat16)]), expected)  # halves: exact
