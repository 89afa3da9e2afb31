"""The twentieth round, second look at pictures and the library: the round's own new code attacked again (specks
beside a digit counted as a second digit, a name ending in "/." written as a file, a memoryview of no picture)."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

from rowreader.atomic import atomic_write_bytes
from rowreader.example_folder import load_examples
from rowreader.paths import output_name_problem
from rowreader.picture import read_picture_data
from rowreader.picture_errors import PictureError
from rowreader.preprocess import normalise, to_mnist


def _seven_with_dust(mnist_test) -> np.ndarray:
    """MNIST's first test digit, a 7, scanned dark on a white page, with a speck of dust to its right near its top
    and another near its bottom: the two specks, one column apart from the 7, span most of its height."""
    page = np.full((300, 300), 255, np.uint8)
    page[60:228, 40:208] = np.asarray(Image.fromarray(255 - mnist_test[0][0]).resize((168, 168), Image.BILINEAR))
    page[100:104, 262:266] = page[190:194, 262:266] = 30
    return page


def test_two_specks_of_dust_beside_a_digit_are_no_second_digit(mnist_test, tmp_path):
    """The specks were "2 marks side by side, each as tall as a digit", and the 7 kept in 7/ was skipped (MNIST's
    training digit 21,409, a 1 with two specks to its right, was counted so too): a mark's height is the rows it
    inks, not their span."""
    page = _seven_with_dust(mnist_test)
    assert normalise(page).marks == 1
    (tmp_path / "7").mkdir()
    Image.fromarray(page).save(tmp_path / "7" / "dusty.png")
    found = load_examples(tmp_path)
    assert [e.label for e in found.examples] == [7] and found.problems == []


# a trailing backslash parts a name on Windows only: on POSIX it is a character of the name (32nd round)
@pytest.mark.parametrize(
    "name", ["m.safetensors/.", "runs/.", "runs/..", *(["m.safetensors\\"] if os.sep == "\\" else [])]
)
def test_a_name_whose_last_part_is_a_dot_names_a_folder(tmp_path, monkeypatch, name):
    """`save_checkpoint("m.safetensors/.", …)` wrote over m.safetensors, and "runs/." wrote a file named runs
    (pathlib reads "x/." as "x"), where "m.safetensors/" was refused: both are refused, and by the commands too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.safetensors").write_bytes(b"ours")
    with pytest.raises(IsADirectoryError, match="names a folder, not a file; nothing is written"):
        atomic_write_bytes(name, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.safetensors"]
    assert (tmp_path / "m.safetensors").read_bytes() == b"ours"
    assert output_name_problem(name) == f"must name a file (not a folder), got {name!r}"


def test_a_memoryview_is_read_as_the_bytes_it_views():
    """`read_picture_data` takes a memoryview, but one of no picture failed as "'memoryview' object has no attribute
    'startswith'"; `to_mnist` of one was "got an array of shape (20,)", of a PIL image here no hint."""
    with pytest.raises(PictureError, match="a text file starting 'not a picture at all', not a picture"):
        read_picture_data(memoryview(b"not a picture at all"))
    buffer = io.BytesIO()
    Image.new("L", (28, 28), 255).save(buffer, "PNG")
    assert read_picture_data(memoryview(buffer.getvalue())).shape == (28, 28)
    with pytest.raises(TypeError, match=r"got memoryview \(a picture file's bytes\?\).*read_picture_data"):
        to_mnist(memoryview(buffer.getvalue()))
    digit = np.zeros((28, 28), np.uint8)
    digit[4:24, 12:16] = 255
    assert np.array_equal(to_mnist(memoryview(digit)), to_mnist(digit))  # a 2-D memoryview is pixels
    with pytest.raises(TypeError, match="got Image: to_mnist reads a PIL image as it is"):
        read_picture_data(Image.new("L", (28, 28)))
