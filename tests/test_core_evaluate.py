"""evaluate_curve: agrees with a hand-computed curve, whatever the input form, and refuses bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rowreader import load_pretrained
from rowreader.evaluate import evaluate_curve


def by_hand(reader, images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        predicted = reader(torch.from_numpy(images.astype(np.float32) / 255.0)).argmax(-1).numpy()
    return (predicted == labels[:, None].astype(np.int64)).mean(axis=0)


@pytest.fixture(scope="module")
def digits(mnist_test):
    return mnist_test[0][:200], mnist_test[1][:200]


def test_matches_a_hand_computed_curve(tiny_reader, digits):
    images, labels = digits
    curve = evaluate_curve(tiny_reader, images, labels)
    assert curve.shape == (28,) and curve.dtype == np.float64
    np.testing.assert_array_equal(curve, by_hand(tiny_reader, images, labels))


@pytest.mark.parametrize("batch_size", [1, 7, 200, 5000])
def test_batch_size_does_not_change_the_result(tiny_reader, digits, batch_size):
    images, labels = digits
    want = evaluate_curve(tiny_reader, images, labels)
    np.testing.assert_array_equal(evaluate_curve(tiny_reader, images, labels, batch_size=batch_size), want)


def test_numpy_torch_uint8_and_float_inputs_agree(tiny_reader, digits):
    images, labels = digits
    want = evaluate_curve(tiny_reader, images, labels)
    as_float = images.astype(np.float32) / 255.0
    for x, y in [
        (torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))),
        (as_float, labels.astype(np.int32)),
        (torch.from_numpy(as_float).double(), labels),
        (images[:, :, :].copy(order="F"), labels),  # not C-contiguous
    ]:
        np.testing.assert_array_equal(evaluate_curve(tiny_reader, x, y, "cpu"), want)


def test_training_mode_is_restored(tiny_reader, digits):
    tiny_reader.train()
    evaluate_curve(tiny_reader, *digits)
    assert tiny_reader.training
    tiny_reader.eval()
    evaluate_curve(tiny_reader, *digits)
    assert not tiny_reader.training


def test_no_gradients_are_recorded(tiny_reader, digits):
    """No autograd graph is built: the reader's logits do not require grad. (It checked only that no parameter had a
    ``.grad``, which holds without a backward pass whatever the evaluation records: it passed with the evaluation
    run under ``torch.enable_grad()``.)"""
    recorded: list[bool] = []
    hook = tiny_reader.register_forward_hook(lambda module, inputs, logits: recorded.append(logits.requires_grad))
    try:
        evaluate_curve(tiny_reader, *digits)
    finally:
        hook.remove()
    assert recorded and not any(recorded)
    assert all(p.grad is None for p in tiny_reader.parameters())


@pytest.mark.parametrize(
    ("images", "labels", "error", "pattern"),
    [
        (np.zeros((3, 28, 27), np.uint8), np.zeros(3, np.uint8), ValueError, r"images must have shape \[N, 28, 28\]"),
        (np.zeros((28, 28), np.uint8), np.zeros(1, np.uint8), ValueError, "images must have shape"),
        (np.zeros((3, 28, 28), np.uint8), np.zeros(4, np.uint8), ValueError, r"labels must have shape \[3\]"),
        (np.zeros((3, 28, 28), np.uint8), np.zeros((3, 1), np.uint8), ValueError, "labels must have shape"),
        (np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8), ValueError, "no images to evaluate"),
        (np.full((3, 28, 28), 7, np.int16), np.zeros(3, np.uint8), TypeError, r"uint8 \(0…255\), a mask"),
        (np.zeros((3, 28, 28), np.uint8), np.zeros(3, np.float32), TypeError, "labels must be integers"),
        # a list is read as its values (docs/library.md), here one digit's [28, 28], not a batch
        ([[0] * 28] * 28, np.zeros(1, np.uint8), ValueError, r"images must have shape \[N, 28, 28\], got \[28, 28\]"),
        ({"digits": 1}, np.zeros(1, np.uint8), TypeError, "images must be a NumPy array or a torch tensor"),
    ],
)
def test_bad_input_is_refused(tiny_reader, images, labels, error, pattern):
    with pytest.raises(error, match=pattern):
        evaluate_curve(tiny_reader, images, labels)


@pytest.mark.parametrize("batch_size", [0, -5, 2.0, True])
def test_bad_batch_size_is_refused(tiny_reader, digits, batch_size):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        evaluate_curve(tiny_reader, *digits, batch_size=batch_size)


def test_a_device_other_than_the_readers_is_refused(tiny_reader, digits, monkeypatch):
    """A CUDA device that is there (as resolve_device would give it on a GPU machine), the reader on the CPU."""
    monkeypatch.setattr("rowreader.evaluate.resolve_device", lambda device: torch.device(device))
    with pytest.raises(ValueError, match=r"the reader is on cpu, not on cuda.*reader\.to\(device\)"):
        evaluate_curve(tiny_reader, *digits, device="cuda")


def test_the_shipped_model_reproduces_its_recorded_curve(mnist_test):
    """Same function, same data as at training time: the curve stored in the checkpoint comes back."""
    ckpt = load_pretrained()
    curve = evaluate_curve(ckpt.reader, *mnist_test)
    assert curve[-1] == pytest.approx(ckpt.accuracy, abs=5e-4)
    recorded = ckpt.metadata.get("accuracy_per_row")
    if recorded is not None:
        np.testing.assert_allclose(curve, recorded, atol=5e-4)
    # the reader cannot know the digit from the first row, and knows it well by the last
    assert curve[0] < 0.3 < 0.97 < curve[-1]


def test_a_boolean_mask_is_read_as_0_and_1_pixels(tiny_reader, digits):
    """``images > 127`` (a mask, as to_mnist and the stream read one) was refused as "uint8 or floating point"."""
    images, labels = digits
    mask = images > 127
    want = evaluate_curve(tiny_reader, mask.astype(np.uint8) * 255, labels)
    np.testing.assert_array_equal(evaluate_curve(tiny_reader, mask, labels), want)
    np.testing.assert_array_equal(evaluate_curve(tiny_reader, torch.from_numpy(mask), labels), want)
