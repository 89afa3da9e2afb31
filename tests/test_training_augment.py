"""Augmentation: shape, range, reproducibility, and that it normalises like to_mnist."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rowreader.preprocess import to_mnist
from training.augment import augment, normalise_like_mnist
from training.config import AUGMENTATIONS


@pytest.fixture(scope="module")
def digits(mnist_test):
    images, _ = mnist_test
    return torch.from_numpy(images[:64].copy()).float() / 255


@pytest.mark.parametrize("level", ["light", "strong"])
def test_output_shape_range_and_changes(digits, level):
    out = augment(digits, AUGMENTATIONS[level], torch.Generator().manual_seed(0))
    assert out.shape == digits.shape and out.dtype == digits.dtype
    assert out.min() >= 0.0 and out.max() <= 1.0 + 1e-6
    changed = (out - digits).abs().amax(dim=(1, 2)) > 0.05
    # "probability" of the samples are distorted; the rest pass through untouched.
    assert 0.2 < changed.float().mean() < 1.0 if level == "light" else changed.float().mean() > 0.5
    assert torch.equal(out[~changed], digits[~changed])
    # every augmented digit keeps full-strength ink, as MNIST and to_mnist have it
    assert torch.allclose(out[changed].amax(dim=(1, 2)), torch.ones(int(changed.sum())), atol=1e-5)


def test_same_generator_state_same_batch(digits):
    a = augment(digits, AUGMENTATIONS["strong"], torch.Generator().manual_seed(7))
    b = augment(digits, AUGMENTATIONS["strong"], torch.Generator().manual_seed(7))
    c = augment(digits, AUGMENTATIONS["strong"], torch.Generator().manual_seed(8))
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_none_is_identity(digits):
    assert augment(digits, AUGMENTATIONS["none"], torch.Generator()) is digits


def test_normalising_mnist_digits_moves_no_pixel(digits):
    # MNIST is already normalised (20-px box, centre of mass at 14,14) — up to to_mnist's whole-pixel rounding.
    out = normalise_like_mnist(digits)
    same = (out - digits).abs().amax(dim=(1, 2)) < 1e-5
    assert same.float().mean() > 0.8


def test_normalisation_matches_to_mnist_on_a_displaced_digit(digits):
    small = torch.zeros(1, 28, 28)
    small[0, 2:16, 12:26] = torch.nn.functional.interpolate(digits[:1, None], size=(14, 14), mode="area")[0, 0]
    batch = normalise_like_mnist(small)[0].numpy()
    reference = to_mnist(small[0].numpy(), ink="light")
    # Different resamplers (bilinear vs anti-aliased): the same geometry, similar pixels.
    ys, xs = np.indices((28, 28))
    for image in (batch, reference):
        com = ((ys * image).sum() / image.sum(), (xs * image).sum() / image.sum())
        assert abs(com[0] - 14) < 1 and abs(com[1] - 14) < 1
        rows = np.nonzero(image.max(axis=1) > 0.1)[0]
        cols = np.nonzero(image.max(axis=0) > 0.1)[0]
        assert 18 <= max(np.ptp(rows), np.ptp(cols)) + 1 <= 21
    assert np.abs(batch - reference).mean() < 0.06


def test_blank_images_stay_blank():
    blank = torch.zeros(4, 28, 28)
    assert torch.equal(augment(blank, AUGMENTATIONS["strong"], torch.Generator().manual_seed(0)), blank)
