"""Anti-aliased bilinear resizing in NumPy, the same filter as ``F.interpolate(..., antialias=True)`` and PIL.

Each output pixel is a triangle-weighted average of the input pixels under it, the triangle widened by the
scale factor when shrinking (so every input pixel counts, no aliasing) and of width one when enlarging. The
filter is separable, so a resize is two small matrix products; the inputs here are at most 2048 px a side.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=64)
def _weights(size_in: int, size_out: int) -> np.ndarray:
    """``[size_out, size_in]`` normalised triangle weights (torch's ``_compute_weights_aa`` for bilinear)."""
    scale = size_in / size_out
    stretch = max(scale, 1.0)  # the triangle's half-width in input pixels
    centres = scale * (np.arange(size_out) + 0.5)
    offsets = (np.arange(size_in)[None, :] + 0.5 - centres[:, None]) / stretch
    weights = np.clip(1.0 - np.abs(offsets), 0.0, None)
    weights /= weights.sum(axis=1, keepdims=True)
    weights.setflags(write=False)
    return weights


def resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize a 2-D array to ``height × width`` with anti-aliased bilinear filtering; float32, clipped to [0, 1]."""
    if image.ndim != 2 or min(image.shape) < 1 or height < 1 or width < 1:
        raise ValueError(f"cannot resize an array of shape {image.shape} to {height}×{width}")
    rows, cols = _weights(image.shape[0], height), _weights(image.shape[1], width)
    out = rows @ np.asarray(image, np.float64) @ cols.T
    return np.clip(out, 0.0, 1.0).astype(np.float32)
