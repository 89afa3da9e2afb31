"""Photos of paper lit unevenly, their light evened out before the ink is looked for.

``to_mnist`` takes the paper's shade from the picture's border (its median): a page lit from one side, or in a
hand's or a phone's shadow, is darker on one side than that median, and its dark side was read as ink (a 7 with
paper from 0.92 down to 0.64 across it was read right in 42 of 60 such photos, and in 9 of 60 down to 0.46).
The same assumption, the border is paper, goes one step further here: the paper's light is a smooth surface
through the border (a plane or a bowl: a side light, a corner's shadow, a lens's vignette), fitted to the border
pixels that are paper (ink touching the edge is left out of the fit), and the picture is divided by it, as a
camera's flat-field correction divides by a picture of the light. A page whose border is one shade (a drawing,
MNIST, a scan), or whose light varies less than ink must stand out by, is returned as it is, bit for bit.
"""

from __future__ import annotations

import numpy as np

from rowreader.preprocess import MIN_CONTRAST

MIN_SIDE = 8  # a picture narrower than this has no lighting to speak of (and hardly a border)
# The border is paper where nearly all of each side (this share) lies within GRAIN of one shade, or of one smooth
# light: a page photographed, its digit inside or touching the edge here and there. A digit cut to its own box,
# ink on each of its sides, is not (judged on the whole border, 4 of MNIST's 10,000 test digits so cut, dark on
# light, were "lit unevenly"; side by side, none), nor a page of coarser grain (3 %: 82 % of it within GRAIN).
MIN_PAPER_SHARE = 0.85
GRAIN = MIN_CONTRAST / 2  # paper's pixels lie this near its light: 2 σ of a camera's 2 % grain
MAX_GAIN = 4.0  # paper in a shadow darker than a quarter of its brightest light is not lifted (noise, not paper)


def _terms(u: np.ndarray, v: np.ndarray) -> list[np.ndarray]:
    """The terms of a quadratic in the picture's relative coordinates (``u`` 0…1 across, ``v`` 0…1 down). A
    quadratic is fixed by its values along the four edges, so the border alone determines it."""
    return [np.ones_like(u), u, v, u * v, u * u, v * v]


def _border(grey: np.ndarray) -> np.ndarray:
    """The shades of the pixels round a picture's edge, each once: top, bottom, left, right."""
    return np.concatenate([grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1]])


def _border_places(height: int, width: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Where :func:`_border`'s pixels lie, across and down (0…1), and where each side after the first begins."""
    across, down = np.linspace(0.0, 1.0, width), np.linspace(0.0, 1.0, height)[1:-1]
    u = np.concatenate([across, across, np.zeros(height - 2), np.ones(height - 2)])
    v = np.concatenate([np.zeros(width), np.ones(width), down, down])
    return u, v, [width, 2 * width, 2 * width + height - 2]


def _paper_light(shades: np.ndarray, terms: np.ndarray, sides: list[int]) -> np.ndarray | None:
    """The quadratic's coefficients fitted to the border pixels that are paper, or ``None`` unless nearly all of
    each side (``shades`` split at ``sides``) is: a side mostly ink cannot tell the light there.

    Ink that touches the edge lies far from a smooth fit through the paper. The first fit is to the half of the
    border nearest a fit to all of it; each later one to the pixels within ``GRAIN`` of the last."""
    off = np.abs(shades - terms @ np.linalg.lstsq(terms, shades, rcond=None)[0])
    paper = off <= np.median(off)
    for _ in range(5):
        coefficients = np.linalg.lstsq(terms[paper], shades[paper], rcond=None)[0]
        kept = np.abs(shades - terms @ coefficients) <= GRAIN
        if np.array_equal(kept, paper):
            break
        paper = kept
    all_round = all(side.mean() >= MIN_PAPER_SHARE for side in np.split(paper, sides))
    return coefficients if all_round else None


def even_light(grey: np.ndarray) -> np.ndarray:
    """``grey`` (luminance in [0, 1]) divided by the light on its paper, or ``grey`` itself where that is even.

    The light is scaled to its brightest, so evenly lit paper keeps its shade; the result is clipped to [0, 1]."""
    height, width = grey.shape
    if min(height, width) < MIN_SIDE:
        return grey
    shades = _border(grey)
    if np.ptp(shades) <= GRAIN or np.mean(np.abs(shades - np.median(shades)) <= GRAIN) >= MIN_PAPER_SHARE:
        return grey  # one shade of paper all round: a drawing, MNIST, a scan, a photo lit evenly
    u, v, sides = _border_places(height, width)
    terms = np.stack(_terms(u, v), axis=-1)
    coefficients = _paper_light(shades, terms, sides)
    if coefficients is None:  # no smooth light explains the border either: it is not paper all round
        return grey
    if np.ptp(terms @ coefficients) < MIN_CONTRAST:  # measured where it was fitted, not guessed inside
        return grey  # lit evenly enough to read as it is
    across, down = np.linspace(0.0, 1.0, width)[None, :], np.linspace(0.0, 1.0, height)[:, None]
    light = sum(c * term for c, term in zip(coefficients, _terms(across, down), strict=True))  # over the picture
    brightest = float(light.max())
    if light.min() <= brightest / MAX_GAIN:  # too dark somewhere (dark paper, or a wild fit) to be lifted
        return grey
    return np.clip(grey * (brightest / light), 0.0, 1.0)
