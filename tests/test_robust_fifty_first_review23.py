"""The fifty-first round of hostile testing, review23: the round's last merges (rulewords, kinds2, outs2, review22,
window7, student2) read with a hostile reviewer's eyes, each claim of its commit and bullet tried at its edges (empty,
huge, unicode, another type, a second call); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

import rowreader
from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.evaluate import evaluate_curve
from rowreader.example_folder import load_example
from rowreader.output import shortened

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


@pytest.mark.parametrize(
    ("shade", "reason"),
    [
        (0, "the picture is all one shade, nothing is drawn on it"),  # a lens cap, a scan of black card
        (np.uint8([[255, 254]]).repeat(200, 0).repeat(100, 1), "its shades differ by 0.4 % at most, too faint"),
    ],
)
def test_a_scan_whose_first_page_is_one_shade_or_faint_says_why(shade, reason, tmp_path: Path, capsys) -> None:
    """review22 gave a two-page scan's blank ruled first page the reason a page alone is given (printed rules), yet a
    first page all black, or too faint to read, was still only "no ink in its first frame (of 2)", where the page
    alone says why ("the picture is all one shade…", "its shades differ by 0.4 % at most, too faint to read"): the
    one wording for each reason (words2) lost with a second page. The first frame's words now give that reason
    too (a white page its one shade), in ``predict``, the app's Open and the examples folder."""
    first = Image.fromarray(np.broadcast_to(np.uint8(shade), (200, 200)).copy())
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[Image.new("L", (200, 200), 255)])
    said = f"no ink in its first frame (of 2): {reason}"
    main(["predict", str(path)])
    assert said in capsys.readouterr().out
    with pytest.raises(PictureError, match=re.escape(said)):
        load_picture_file(path)
    with pytest.raises(ValueError, match=re.escape(said)):
        load_example(path, 3)


@given(text=st.text(min_size=2, max_size=60), chars=st.integers(1, 59))
def test_a_text_shortened_is_never_longer_than_asked(text: str, chars: int) -> None:
    """kinds2 made `shortened` the one middle cut (a refused kind, a model's base, the app's names), yet asked for one
    or two characters it kept the whole text after its "…" ("abcdef" to 1 character was "…abcdef", longer than the
    text itself): its end was `text[-0:]`, all of it. It now never returns more than `chars` characters, its start
    and its end the text's own."""
    cut = shortened(text, chars)
    assert len(cut) <= max(chars, 1)
    if len(text) > chars:
        head, tail = cut[: chars // 2], cut[chars // 2 + 1 :]
        assert cut[chars // 2] == "…" and text.startswith(head) and text.endswith(tail) and len(cut) == chars
