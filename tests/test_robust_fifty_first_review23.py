"""The fifty-first round of hostile testing, review23: the round's last merges (rulewords, kinds2, outs2, review22,
window7, student2) read with a hostile reviewer's eyes, each claim of its commit and bullet tried at its edges (empty,
huge, unicode, another type, a second call); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rowreader
from rowreader.evaluate import evaluate_curve

_BLANK = [np.zeros((28, 28), np.uint8)] * 2  # two digits, a list of arrays, as student2's lists are read


@pytest.mark.parametrize(
    ("labels", "how"),
    [
        ([5.0, 3.0], "a list of float64"),  # a CSV's labels read with float()
        ([True, False], "a list of bool"),
        ([torch.tensor(5.0), torch.tensor(3.0)], "a list of float32"),  # a dataset's labels as 0-d tensors
    ],
)
def test_a_list_of_labels_not_integers_is_refused_in_words(labels, how) -> None:
    """student2 read a list of labels as its values, yet labels of floats or booleans in a list failed as
    "AttributeError: 'list' object has no attribute 'dtype'" (the refusal named the caller's `labels.dtype`, which a
    list has not). It is now refused as labels that are no integers, in the list's own words, and says what reads
    them (a list has no `astype`)."""
    with pytest.raises(TypeError, match=f"labels must be integers, got {how}") as caught:
        evaluate_curve(rowreader.load_pretrained(), _BLANK, labels)
    assert "[int(label) for label in labels] reads them" in str(caught.value) or how == "a list of bool"


@pytest.mark.parametrize("labels", [[None, 3], [2**70, 3], [{"digit": 5}, 3]])
def test_a_list_of_labels_of_no_numbers_is_not_asked_about_text(labels) -> None:
    """A list of labels NumPy holds as objects (a None for an unknown digit, an int past int64, a dict) was asked
    "digits as text? labels.astype(int)": no text in it, and a list has no `astype`. Only labels that are text
    are asked so; these are refused as holding no real numbers, and say what they hold."""
    with pytest.raises(TypeError, match="labels must hold real numbers, got an array of object") as caught:
        evaluate_curve(rowreader.load_pretrained(), _BLANK, labels)
    assert "as text" not in str(caught.value)


def test_labels_as_text_are_still_asked_about_text() -> None:
    """fetch_openml's labels, text in an object array, and a list of text, keep their hint."""
    for labels in (np.array(["5", "3"], dtype=object), ["5", "3"]):
        with pytest.raises(TypeError, match="digits as text"):
            evaluate_curve(rowreader.load_pretrained(), _BLANK, labels)
