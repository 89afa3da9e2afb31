"""The library as a student or researcher uses it from Python (the twentieth round): hostile dtypes, layouts and
orders of calls. Each test here failed before its fix."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch

from rowreader import load_pretrained
from rowreader.evaluate import evaluate_curve


@pytest.fixture(scope="module")
def shipped():
    return load_pretrained()


def test_evaluate_curve_reads_integers_of_0s_and_1s_as_a_mask_as_the_stream_does(shipped, mnist_test):
    """`(images > 127).astype(np.uint8)` was read as 0…255 pixels, nearly blank: 13 % right without a word, where the
    stream read the same array 99 % right (integers of only 0s and 1s are a mask there, as in to_mnist). Any integer
    dtype holding only 0s and 1s is a mask; uint8 otherwise is 0…255, and other integers are refused in words."""
    images, labels = mnist_test[0][:300], mnist_test[1][:300]
    mask = images > 127
    stream = shipped.stream(batch=len(mask))
    stream.feed_image(mask.astype(np.uint8))
    streamed = (stream.probabilities.argmax(axis=-1) == labels).mean(axis=1)  # accuracy after each row
    want = evaluate_curve(shipped, mask, labels)
    np.testing.assert_allclose(want, streamed, atol=1 / len(mask))  # the stream, in float32, may differ by a digit
    for dtype in (np.uint8, np.int16, np.uint64):
        np.testing.assert_array_equal(evaluate_curve(shipped, mask.astype(dtype), labels), want)
    np.testing.assert_array_equal(evaluate_curve(shipped, torch.from_numpy(mask.astype(np.uint8)), labels), want)
    with pytest.raises(TypeError, match=r"^images must be uint8 \(0…255\), a mask \(booleans, or integers holding"):
        evaluate_curve(shipped, images.astype(np.int64), labels)


def test_evaluate_curve_reads_long_doubles_as_the_stream_does(shipped, mnist_test):
    """Pixels of NumPy's long double (the stream, the session and to_mnist read them) failed in torch's words:
    "can't convert np.ndarray of type numpy.longdouble. The only supported types are: float64, …"."""
    images, labels = mnist_test[0][:50] / np.float32(255), mnist_test[1][:50]
    want = evaluate_curve(shipped, images.astype(np.float64), labels)
    np.testing.assert_array_equal(evaluate_curve(shipped, images.astype(np.longdouble), labels), want)


@pytest.mark.parametrize("rows", [3.0, np.float64(12), True])
def test_a_seek_to_a_number_that_is_no_whole_number_says_so(rows):
    """`session.seek(3.0)` (and the player's) was refused as "can seek to 0…28 rows, not 3.0", a number in range."""
    from rowreader.session import DigitSession

    session = DigitSession()
    for seek in (session.seek, session.player.seek):
        with pytest.raises(ValueError, match=rf"^can seek to 0…28 rows, a whole number, not {re.escape(repr(rows))}$"):
            seek(rows)


@pytest.mark.parametrize("name", ["runs/", "m.safetensors/"])
def test_save_checkpoint_refuses_a_name_that_means_a_folder(tmp_path, monkeypatch, shipped, name):
    """`save_checkpoint("runs/", model)` wrote a file named runs (pathlib drops the slash; the next `mkdir runs` and
    every `--out runs/m.safetensors` then failed), and `"m.safetensors/"` wrote over the file m.safetensors, where
    the command lines refuse such an --out and POSIX calls the name a folder's."""
    from rowreader import save_checkpoint

    monkeypatch.chdir(tmp_path)
    save_checkpoint("m.safetensors", shipped)
    before = (tmp_path / "m.safetensors").read_bytes()
    with pytest.raises(IsADirectoryError, match=rf"^{name}: names a folder, not a file; nothing is written"):
        save_checkpoint(name, shipped, {"note": "new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.safetensors"]
    assert (tmp_path / "m.safetensors").read_bytes() == before


def test_read_picture_and_to_mnist_say_what_reads_what_is_no_path_and_no_pixels(tmp_path):
    """`read_picture` (the README's library example reads with it) of a picture's bytes, an open file or a BytesIO
    failed in pathlib's and os.fspath's words ("expected str, bytes or os.PathLike object, not BytesIO", though bytes
    failed too), and of a PIL image the same; `to_mnist` of the bytes or the open file was "expected a 2-D grey …
    image, got an array of shape ()". Each says what reads it, and the reading it names works."""
    import io

    from PIL import Image

    from rowreader import to_mnist
    from rowreader.picture import read_picture, read_picture_data

    Image.fromarray(np.pad(np.full((40, 8), 255, np.uint8), 20)).save(tmp_path / "one.png")
    data = (tmp_path / "one.png").read_bytes()
    with (tmp_path / "one.png").open("rb") as file:
        for given in (data, bytes(tmp_path / "one.png"), io.BytesIO(data), file):
            with pytest.raises(TypeError, match=r"got \w+: read_picture_data\(data\) reads a picture's bytes"):
                read_picture(given)
        for given in (data, file):
            with pytest.raises(TypeError, match=r"a picture file's bytes\?\): read the picture first, with rowreader"):
                to_mnist(given)
    with Image.open(tmp_path / "one.png") as image, pytest.raises(TypeError, match="to_mnist reads a PIL image"):
        read_picture(image)
    np.testing.assert_array_equal(read_picture_data(data), read_picture(tmp_path / "one.png"))
    with (
        (tmp_path / "one.png").open("rb") as file,
        pytest.raises(TypeError, match=r"an open file's are file\.read\(\)$"),
    ):
        read_picture_data(file)  # it was "a bytes-like object is required, not '_io.BufferedReader'"
    with pytest.raises(
        TypeError, match=r"^expected a picture's bytes, got \w*Path: read_picture\(path\) reads a file$"
    ):
        read_picture_data(tmp_path / "one.png")


def test_digits_normalised_as_torchvisions_mnist_examples_are_told_how_to_undo_it(shipped, mnist_test):
    """The canonical torchvision MNIST pipeline, `Normalize((0.1307,), (0.3081,))`, gives pixels of -0.42…2.82: the
    stream, the session and evaluate_curve told the student to "divide 0…255 pixels by 255 first", after which the
    negative paper was refused again, with no hint (and -1…1, `Normalize((0.5,), (0.5,))`, had none). They name the
    normalisation and how to undo it, which reads."""
    from rowreader.session import DigitSession

    images, labels = mnist_test[0][:20] / np.float32(255), mnist_test[1][:20]
    normalised = (torch.from_numpy(images) - 0.1307) / 0.3081
    undo = r"as torchvision's MNIST examples \(Normalize\(\(0\.1307,\), \(0\.3081,\)\)\)\? .* 0\.3081 \+ 0\.1307$"
    for read in (shipped.stream().feed_image, DigitSession(shipped).set_image):
        with pytest.raises(ValueError, match=r"got -0\.424213…2\.8\d+; normalised " + undo):
            read(normalised[0])
    with pytest.raises(ValueError, match=undo):
        evaluate_curve(shipped, normalised, labels)
    assert evaluate_curve(shipped, normalised * 0.3081 + 0.1307, labels)[-1] >= 0.9
    with pytest.raises(
        ValueError, match=r"got -1…1; normalised to -1…1 \(Normalize\(\(0\.5,\), \(0\.5,\)\)\)\? .*\(x \+ 1\) / 2$"
    ):
        shipped.stream().feed_image(images[0] * 2 - 1)


def test_one_digits_decided_row_is_a_number_rewind_seek_and_step_take(shipped, mnist_test):
    """`decided_at` of one digit's beliefs ("→ a number", the docs say) was a 0-d array, `array(9)`, which the
    library's own `stream.rewind`, `session.seek` and `step` refused as no whole number ("rewind takes a whole number
    of rows, got array(9)"). It is an int, which each of them takes, and JSON writes."""
    from rowreader import decided_at
    from rowreader.session import DigitSession

    stream = shipped.stream()
    stream.feed_image(mnist_test[0][0] / np.float32(255))
    row = decided_at(stream.probabilities)
    assert type(row) is int and 1 <= row <= 28 and json.loads(json.dumps(row)) == row  # np.int64: not JSON
    assert type(decided_at(stream.probabilities[:0])) is int
    stream.rewind(row)
    session = DigitSession(shipped)
    session.set_image(mnist_test[0][0] / np.float32(255))
    session.seek(row)
    session.step(-row)
    session.player.seek(row)
    assert stream.rows_read == session.position == row


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_evaluate_curve_reads_a_module_of_ones_own_in_its_own_float_type(mnist_test, dtype):
    """Any module mapping [B, 28, 28] to logits [B, 28, 10] is read (a model of one's own to compare with), but one in
    float64 or half failed in torch's words: "mat1 and mat2 must have the same dtype, but got Float and Double". The
    images are given in its type (MNIST's bytes divided in float32 at least), as by hand."""
    images, labels = mnist_test[0][:100], mnist_test[1][:100]
    module = torch.nn.Linear(28, 10).to(dtype)  # a logit per row: each row's 28 pixels alone
    with torch.no_grad():
        by_hand = module((torch.from_numpy(images.copy()).float() / 255).to(dtype)).argmax(-1)
    want = (by_hand == torch.from_numpy(labels.astype(np.int64))[:, None]).double().mean(0).numpy()
    np.testing.assert_array_equal(evaluate_curve(module, images, labels), want)
