"""The thirty-eighth round of hostile testing, api: the library as a researcher drives it from a notebook, without the
app. A checkpoint's torch module first asked for inside ``torch.inference_mode()`` or under another default dtype
(float16, bfloat16), a 0-d, sparse or nested tensor handed to ``forward`` and ``evaluate_curve``, labels held as
floats or as text; and, open-ended, one digit's pixels in every form a researcher holds them (dtypes, strides,
tensors), read the same by the stream, the batch stream, ``forward`` and ``evaluate_curve``."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from rowreader import Checkpoint, ReaderConfig, RowReader
from rowreader.evaluate import evaluate_curve

CONFIG = ReaderConfig(input_size=8, hidden_size=12, layers=2)


def _checkpoint() -> Checkpoint:
    """A small reader's checkpoint, made in memory (no file): its weights drawn once, as float32."""
    rng = np.random.default_rng(38)
    weights = {name: rng.normal(0, 0.5, shape).astype(np.float32) for name, shape in CONFIG.weight_shapes().items()}
    return Checkpoint(CONFIG, weights)


def blurry_bars(count: int = 3) -> np.ndarray:
    """``count`` blurry bars as float32 pixels in [0, 1]: any ink will do for a reader of random weights."""
    images = np.zeros((count, 28, 28), np.float32)
    for k in range(count):
        images[k, 4 + k : 24, 10 + 2 * k : 15 + 2 * k] = 0.5 + 0.5 * k / count
    return images


# ---- a checkpoint's reader, built where the caller's torch settings hold --------------------------------------------


def test_a_checkpoints_reader_first_asked_for_in_inference_mode_can_still_be_trained() -> None:
    """``with torch.inference_mode(): evaluate_curve(ckpt, …)`` (or ``ckpt.reader(x)``, the natural way to read
    without gradients) built ``ckpt.reader`` of inference tensors and kept it: training it in place, as library.md
    offers, or a saliency map's gradient of the input, then failed in torch's words, "Inference tensors cannot be
    saved for backward", for as long as the checkpoint lived."""
    checkpoint = _checkpoint()
    images = torch.from_numpy(blurry_bars())
    with torch.inference_mode():
        evaluate_curve(checkpoint, images, torch.tensor([1, 2, 3]))
    reader = checkpoint.reader
    assert not any(p.is_inference() for p in reader.parameters())
    pixels = images.clone().requires_grad_()
    reader(pixels)[:, -1, 3].sum().backward()  # the gradient of the input, and of every weight
    assert pixels.grad is not None and all(p.grad is not None for p in reader.parameters())


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_a_checkpoints_reader_holds_its_weights_whatever_torchs_default_dtype(dtype: torch.dtype) -> None:
    """Under ``torch.set_default_dtype(torch.bfloat16)`` (as a notebook of large models sets it) ``ckpt.reader`` was
    built in bfloat16, its weights rounded to three digits: then ``ckpt.stream()`` and ``save_checkpoint(ckpt)``
    refused, saying "this checkpoint's reader was changed (trained?)", of a reader nobody had touched, and
    ``evaluate_curve`` scored the rounded weights."""
    checkpoint = _checkpoint()
    before = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        reader = checkpoint.reader
    finally:
        torch.set_default_dtype(before)
    held = reader.numpy_weights()
    assert all(np.array_equal(held[name], array) for name, array in checkpoint.weights.items())
    assert reader.output.weight.dtype == torch.float32
    checkpoint.stream()  # not refused: the reader holds the checkpoint's weights


def test_a_checkpoints_reader_first_asked_for_under_the_meta_device_holds_its_weights() -> None:
    """Inside ``with torch.device("meta"):``, where a large model is laid out before its weights are loaded,
    ``ckpt.reader`` failed as "Cannot copy out of meta tensor; no data!": it is built on the CPU, as asked."""
    checkpoint = _checkpoint()
    with torch.device("meta"):
        reader = checkpoint.reader
    assert reader.device == torch.device("cpu")
    np.testing.assert_array_equal(reader.numpy_weights()["output.bias"], checkpoint.weights["output.bias"])


# ---- what forward and evaluate_curve are handed ---------------------------------------------------------------------


def test_forward_and_evaluate_curve_refuse_a_0d_tensor_in_words() -> None:
    """A single pixel value (a 0-d tensor or array) failed in both as "len() of a 0-d tensor", while working out a
    hint: refused as every other shape is, naming the shape wanted."""
    reader = RowReader(CONFIG)
    with pytest.raises(ValueError, match=r"expected images of shape \[B, 28, 28\], got \[\]"):
        reader(torch.tensor(0.5))
    for images in (torch.tensor(0.5), np.array(0.5, np.float32)):
        with pytest.raises(ValueError, match=r"images must have shape \[N, 28, 28\], got \[\]"):
            evaluate_curve(reader, images, np.array([1]))


def test_forward_reads_a_sparse_batch_and_refuses_a_nested_one() -> None:
    """A sparse batch of digits (mostly paper, stored so) failed in ``forward`` as "add(sparse, dense) is not
    supported", where the stream and ``evaluate_curve`` read its values; a nested one (digits of different sizes) as
    "Internal error: NestedTensorImpl doesn't support sizes. Please file an issue"."""
    reader = RowReader(CONFIG).eval()
    images = torch.from_numpy(blurry_bars())
    with torch.no_grad():
        torch.testing.assert_close(reader(images.to_sparse()), reader(images), rtol=0, atol=0)
    with warnings.catch_warnings():  # torch's: its default layout is "in prototype stage"
        warnings.simplefilter("ignore", UserWarning)
        strided = torch.nested.nested_tensor([images[0], images[1, :20]])
    for nested in (strided, torch.nested.nested_tensor([images[0], images[1, :20]], layout=torch.jagged)):
        with pytest.raises(ValueError, match="got a nested tensor"):
            reader(nested)


def test_evaluate_curve_says_how_to_read_labels_held_as_floats_or_text() -> None:
    """Labels read from a CSV come as floats, and fetch_openml's MNIST gives them as text ('5'): refused as "labels
    must be integers, got torch.float64" (a dtype the caller never held, of a NumPy array) and "labels must hold real
    numbers, got an array of <U1", without the one call that reads them."""
    reader, images = RowReader(CONFIG), blurry_bars()
    with pytest.raises(TypeError, match=r"got float64; labels\.astype\(int\)"):
        evaluate_curve(reader, images, np.array([1.0, 2.0, 3.0]))
    for text in (np.array(["1", "2", "3"]), np.array(["1", "2", "3"], object)):
        with pytest.raises(TypeError, match=r"labels\.astype\(int\)"):
            evaluate_curve(reader, images, text)
    expected = evaluate_curve(reader, images, np.array([1, 2, 3]))
    np.testing.assert_array_equal(evaluate_curve(reader, images, np.array(["1", "2", "3"]).astype(int)), expected)


# ---- one digit in every form a researcher holds it ------------------------------------------------------------------

FORMS = ["float32", "float64", "float16", "bfloat16 tensor", "tensor requiring grad", "reversed twice", "fortran",
         "every other column of a wider array", "list"]  # fmt: skip


def _in_form(image: np.ndarray, form: str) -> object:
    """``image`` (float16-exact float32 pixels) as ``form`` holds them: the same values."""
    if form in ("float32", "float64", "float16"):
        return image.astype(form)
    if form == "bfloat16 tensor":
        return torch.from_numpy(image).bfloat16()
    if form == "tensor requiring grad":
        return torch.from_numpy(image).requires_grad_()
    if form == "reversed twice":
        return image[::-1, ::-1].copy()[::-1, ::-1]
    if form == "fortran":
        return np.asfortranarray(image)
    if form == "every other column of a wider array":
        wide = np.zeros((28, 56), np.float32)
        wide[:, ::2] = image
        return wide[:, ::2]
    return image.tolist()


# pixels that bfloat16 holds exactly (8 bits), so that every form holds the very same values
EXACT = st.integers(0, 256).map(lambda k: k / 256)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hnp.arrays(np.float32, (28, 28), elements=EXACT), st.sampled_from(FORMS))
def test_one_digit_in_any_form_reads_as_forward_reads_it(image: np.ndarray, form: str) -> None:
    """The stream, a batch stream of one, ``forward`` and ``evaluate_curve`` of a digit held as float16, bfloat16, a
    tensor requiring grad, negative strides, Fortran order, a strided view or nested lists give the beliefs of its
    float32 array through ``forward`` (to float32's rounding), and the batch the same as the single stream."""
    checkpoint = _checkpoint()
    given_form = _in_form(image, form)
    with torch.no_grad():
        expected = torch.softmax(checkpoint.reader(torch.from_numpy(image)[None]), -1)[0].numpy()
    single = checkpoint.stream()
    single.feed_image(given_form)
    np.testing.assert_allclose(single.probabilities, expected, atol=1e-5)
    batch = checkpoint.stream(batch=1)
    batch.feed_image([given_form])
    np.testing.assert_allclose(batch.probabilities[:, 0], single.probabilities, atol=1e-5)
    label = int(expected[-1].argmax())
    if isinstance(given_form, np.ndarray | torch.Tensor):
        stacked = given_form[None]
        assert evaluate_curve(checkpoint, stacked, np.array([label]))[-1] == 1.0


# ---- NumPy told to raise ----------------------------------------------------------------------------------------


def sure_reader(where: str) -> Checkpoint:
    """A one-unit LSTM whose reading underflows float32 where ``where`` says, harmlessly (the answer is 0 either way):
    ``"softmax"``, a 7 sure by 100 logits, whose other beliefs are e^-100; ``"cell"``, an input gate nearly shut
    (1.2e-7) on a candidate of 1e-35; ``"fold"``, a recurrent weight of float32's smallest, halved as it is folded."""
    config = ReaderConfig(input_size=1, hidden_size=1)
    weights = {name: np.zeros(shape, np.float32) for name, shape in config.weight_shapes().items()}
    if where == "softmax":
        weights["output.bias"][7] = 100.0
    elif where == "cell":
        weights["lstm.bias_ih_l0"][[0, 2]] = -16.0, 1e-35  # the gates i, f, g, o
    else:
        weights["lstm.weight_hh_l0"][0, 0] = np.float32(1.4e-45)
    return Checkpoint(config, weights)


@pytest.mark.parametrize("where", ["softmax", "cell", "fold"])
@pytest.mark.parametrize("told", ["raise", "warn"])  # "warn" under pytest's filterwarnings = error
def test_the_stream_reads_under_numpys_raise_as_it_reads_without(where: str, told: str) -> None:
    """``np.seterr(all="raise")``, as a notebook hunting a NaN sets it, made a harmless underflow an error: the lead's
    384-unit reader (mid-training) failed on MNIST's test digits as "FloatingPointError: underflow encountered in
    multiply", its forget gate nearly shut on a cell state near 0, and a reader sure by more than 87 logits as
    "underflow encountered in exp". Read as without it, bit for bit, single and batched, after a rewind too."""
    images = blurry_bars(2)
    with np.errstate(under="ignore"):
        single, batch = sure_reader(where).stream(), sure_reader(where).stream(batch=2)
        single.feed_image(images[0])
        batch.feed_image(images)
        expected = single.probabilities, batch.probabilities
    with np.errstate(all=told), warnings.catch_warnings():
        warnings.simplefilter("error")
        checkpoint = sure_reader(where)
        single, batch = checkpoint.stream(), checkpoint.stream(batch=2)
        for row in images[0]:
            single.feed(row)
        batch.feed_image(images)
        batch.rewind(5)
        for row in range(5, 28):
            batch.feed(images[:, row])
        hidden = batch.history[12].hidden
        assert np.isfinite(hidden).all()
    np.testing.assert_array_equal(single.probabilities, expected[0])
    np.testing.assert_array_equal(batch.probabilities, expected[1])
