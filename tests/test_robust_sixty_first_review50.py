"""The sixty-first round of hostile testing, review50: marks9's merge reviewed (``one_digit.ruled_off``'s ``_mask``
and the rings, brackets and Cs round a digit). ``ruled_off`` given what the rest of the library takes for pixels: a
masked array and torch tensors. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes


@pytest.fixture(scope="module")
def ringed() -> np.ndarray:
    """A 1 with a ring round it at pen 8, cropped to its ink: a bool mask whose ring ``ruled_off`` finds."""
    turn = np.linspace(0, 2.1 * np.pi, 80)
    ring = np.c_[140 + 100 * np.cos(turn), 140 + 100 * np.sin(turn)]
    ink = draw_strokes([ring, np.array([[140.0, 90.0], [140.0, 190.0]])], 8) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def test_a_masked_pixel_is_paper(ringed: np.ndarray) -> None:
    """A masked pixel is paper everywhere in the library (``to_mnist``, ``evaluate``): ``ruled_off`` read through the
    mask, so a mask masked whole still had its ring, and paper holding 255 under the mask was refused as no 0/1 mask."""
    ring = ruled_off(ringed)
    assert ring is not None and ring.any()
    assert ruled_off(np.ma.masked_array(ringed, mask=np.ones_like(ringed))) is None
    paper_under = np.ma.masked_array(np.where(ringed, 1, 255).astype(np.uint8), mask=~ringed)
    assert np.array_equal(ruled_off(paper_under), ring)


@pytest.mark.parametrize(
    "tensor", [lambda ink: ink.float().requires_grad_(True), lambda ink: ink.to(torch.bfloat16)], ids=["grad", "bf16"]
)
def test_a_torch_tensor_is_read_as_its_values(ringed: np.ndarray, tensor) -> None:
    """``normalise`` takes a tensor that requires grad, or of bfloat16 (``host_array``); ``ruled_off`` failed on them
    in torch's words ("Can't call numpy() on Tensor that requires grad", "Got unsupported ScalarType BFloat16")."""
    assert np.array_equal(ruled_off(tensor(torch.from_numpy(ringed))), ruled_off(ringed))


def test_ragged_rows_are_no_ink_mask_said_so() -> None:
    """Rows of different lengths failed in NumPy's words ("inhomogeneous shape after 1 dimensions")."""
    with pytest.raises(ValueError, match=r"ink mask must be 2-D .* lists of different lengths"):
        ruled_off([[1, 0, 1], [1, 0]])
