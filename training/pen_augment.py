"""Stroke-level augmentation of real pen digits: a new rendering of the same handwriting every time.

A UNIPEN digit is a person's pen trajectory. Rendering it the same way every epoch would let the model learn
those exact pixels; people draw the same digit slanted, rotated, squashed, with a pen that skips the first
millimetre and with any brush on any part of the canvas. So each rendering, before the ink:

1. jitters every point by a smooth random displacement (a hand is not a plotter),
2. trims up to a few percent of each stroke's length at either end (loops that do not quite close),
3. maps the glyph by one random affine: slant, rotation, aspect,
4. picks a pen width, a digit size and a position on the 280-px canvas over the ranges people use there
   (the canvas's brush runs 4–64 px, default 24; people draw digits 40–85 % of the canvas tall),

then inks it with the app's round pen (``rowreader.pen``) and normalises it with ``to_mnist`` as the app does.
Everything is drawn from the ``rng`` passed in, so a seed gives the same image on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rowreader.pen import draw_ink_window, fit_strokes
from rowreader.preprocess import to_mnist


@dataclass(frozen=True)
class PenAugmentConfig:
    """How much one rendering may differ from the recorded trajectory; lengths in glyph sizes (longer side 1)."""

    jitter: float = 0.008  # σ of each point's smooth displacement
    trim: float = 0.05  # each stroke loses up to this share of its length at either end
    rotation_deg: float = 10.0  # hard limit; normal with σ = half of it
    slant: float = 0.25  # hard limit of the shear x += slant · (height above the centre); normal, σ = a third
    aspect: float = 0.15  # log-range of the width/height change: e^±0.15
    pen: tuple[float, float] = (8.0, 44.0)  # pen width in canvas pixels, log-uniform
    size: tuple[float, float] = (0.40, 0.85)  # the glyph's longer side, as a share of the canvas
    centre: tuple[float, float] = (0.3, 0.7)  # range of the glyph's centre on either axis, as a share of the canvas

    def __post_init__(self) -> None:
        for name in ("jitter", "trim", "rotation_deg", "slant", "aspect"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
        if self.trim >= 0.5:
            raise ValueError(f"trim must be below 0.5 (a stroke has two ends), got {self.trim}")
        for name, low_limit, high_limit in (("pen", 1.0, 64.0), ("size", 0.05, 1.0), ("centre", 0.0, 1.0)):
            low, high = getattr(self, name)
            if not low_limit <= low <= high <= high_limit:
                raise ValueError(f"{name} must be a range within [{low_limit}, {high_limit}], got {(low, high)}")


def _smooth_noise(n: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """``[n, 2]`` displacements that vary slowly along a stroke: white noise through a short triangular filter."""
    kernel = np.array([1.0, 2.0, 3.0, 2.0, 1.0])
    kernel /= np.sqrt((kernel**2).sum())  # keeps the displacement's σ at ``sigma``
    noise = rng.normal(0.0, sigma, (n + 4, 2))
    return np.stack([np.convolve(noise[:, k], kernel, mode="valid") for k in range(2)], axis=1)


def trim_stroke(points: np.ndarray, start: float, end: float) -> np.ndarray:
    """Drop ``start`` and ``end`` (shares of its length) off a stroke; never below two points, dots untouched.
    training.drawn trims its synthetic strokes (loops that do not quite close) with it too: its curves have 24 points
    at the fewest, so the 3 points of its own copy's shortest changed none."""
    if len(points) < 4:
        return points
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    keep = (s >= start * s[-1]) & (s <= (1 - end) * s[-1])
    return points[keep] if keep.sum() >= 2 else points


def hand_affine(aspect: float, slant: float, angle: float) -> np.ndarray:
    """The 2×2 map of a hand's variation: widened by ``aspect``, slanted (x += slant · height above the centre; y is
    down), then turned by ``angle`` radians. training.drawn's synthetic digits vary by it too."""
    shear = np.array([[aspect, -slant], [0.0, 1.0]])
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return rot @ shear


def augment_strokes(
    strokes: Sequence[np.ndarray], config: PenAugmentConfig, rng: np.random.Generator
) -> list[np.ndarray]:
    """A random variant of a glyph (any units, y down), in units of its longer side, centred on (0, 0)."""
    points = np.concatenate(strokes).astype(np.float64)
    lo, hi = points.min(axis=0), points.max(axis=0)
    unit = max(float((hi - lo).max()), 1e-9)
    middle = (lo + hi) / 2
    angle = math.radians(
        float(np.clip(rng.normal(0.0, config.rotation_deg / 2), -config.rotation_deg, config.rotation_deg))
    )
    slant = float(np.clip(rng.normal(0.0, config.slant / 3), -config.slant, config.slant))
    aspect = math.exp(rng.uniform(-config.aspect, config.aspect))
    affine = hand_affine(aspect, slant, angle)
    out = []
    for stroke in strokes:
        p = (np.asarray(stroke, np.float64) - middle) / unit
        p = p + _smooth_noise(len(p), config.jitter, rng)
        p = trim_stroke(p, *rng.uniform(0.0, config.trim, 2))
        out.append(p @ affine.T)
    return out


def render_pen_digit(strokes: Sequence[np.ndarray], config: PenAugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """One augmented rendering of a pen digit, as the app would read it: float32 ``[28, 28]``, ink 1."""
    variant = augment_strokes(strokes, config, rng)
    pen = math.exp(rng.uniform(math.log(config.pen[0]), math.log(config.pen[1])))
    size = rng.uniform(*config.size)
    centre = (rng.uniform(*config.centre), rng.uniform(*config.centre))
    # Only the ink's neighbourhood is drawn: to_mnist returns the same image as for the whole canvas. A pen digit is a
    # digit by construction, so the "too small" rule (for clicks and specks in the app) is not applied.
    # Read as the app reads its canvas, light ink on black: a drawing has no desk or rules to look for (that search,
    # ink="dark", cost 46 % of a rendering and found nothing; the digit is the same, bit for bit).
    canvas = draw_ink_window(fit_strokes(variant, pen, size, centre), pen)
    image = to_mnist(255 - canvas, ink="light", allow_small=True)
    if image is None:  # cannot happen: every stroke is inked with a ≥ 1 px pen inside the canvas
        raise RuntimeError("a pen digit came out blank")
    return image
