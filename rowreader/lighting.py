"""Photos of paper lit unevenly, their light evened out before the ink is looked for.

``to_mnist`` takes the paper's shade from the picture's border (its median): a page lit from one side, or in a
hand's or a phone's shadow, is darker on one side than that median, and its dark side was read as ink (a 7 with
paper from 0.92 down to 0.64 across it was read right in 42 of 60 such photos, and in 9 of 60 down to 0.46).
The same assumption, the border is paper, goes one step further here. First, the paper's light as a smooth
surface through the border (a plane or a bowl: a side light, a tilt, a lens's vignette), fitted to the border
pixels that are paper (ink touching the edge is left out): exact for such light, whatever ink lies inside. A
shadow no quadratic follows (a hand's soft edge, a corner falling to a quarter of the light) is then measured
where the paper is, as a camera's flat-field correction measures it: the picture cut into a coarse grid of cells,
each cell's median over its paper (a first light from the cells' neighbourhoods tells the ink), cells the ink
fills taking their neighbours' light; grain and JPEG's blocks, averaged over a cell's hundreds of pixels, do not
move it (left as they were, 3 and 7 of 40 such phone photos read right; so measured, 38 and 38). The picture is
divided by the light. A page whose border is one shade (a drawing, MNIST, a scan), whose border neither light
explains (a digit cut to its box), or whose light varies less than ink must stand out by, is returned as it is,
bit for bit. Before the light, a darker desk round the page is made its paper, and the printed rules of ruled
or squared paper are lifted (``without_desk_and_rules``) to the paper's shade: the border, as paper, would
have them be ink.
"""

from __future__ import annotations

import statistics
import warnings
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from rowreader.preprocess import MIN_CONTRAST, finds_ink

MIN_SIDE = 8  # a picture narrower than this has no lighting to speak of (and hardly a border)
# The border is paper where nearly all of each side (this share) lies within GRAIN of one shade, or of the light
# measured: a page photographed, its digit inside or touching the edge here and there. A digit cut to its own box,
# ink on each of its sides, is not (judged on the whole border, 4 of MNIST's 10,000 test digits so cut, dark on
# light, were "lit unevenly"; side by side, none), nor a page of coarser grain (3 %: 82 % of it within GRAIN).
MIN_PAPER_SHARE = 0.85
GRAIN = MIN_CONTRAST / 2  # paper's pixels lie this near its light: 2 σ of a camera's 2 % grain
MAX_GAIN = 4.0  # paper darker than a quarter of its brightest light is lifted only where the light is smooth:
# a picture half dark (its dark half taken for a shadow) or dark paper under light ink (the canvas) is not a page
DEEP_GAIN = 12.0  # a smooth light is lifted from down to this share of its brightest: a lamp's fall-off, a tilt
# (left as it was, a blank page lit from 1 to 0.25 was a 1 at 99.9 %, 29 of 30 digits on it read wrongly)
MAX_STEP = 0.7  # of the light's range, at the most, it changes by over a cell's span where it is smooth: a corner's
# soft shadow on 60 digit pages, 0.10-0.53 (one 1.06, its digit's cells taken for shadow); a dark half's sharp edge,
# the whole range in one cell (0.96-1.08 for 24 half, corner, band and diagonal darks, with a digit or without)
MAX_LIFTED_GRAIN = 0.675 * MIN_CONTRAST / 2  # the border's paper off its light, lifted, in its darker half (a
# median, 0.675 σ: 2 σ under the contrast ink stands out by): a PNG's rounding or a camera's 1 % grain lifted
# from 0.1 is paper (30 of 30 and 19 of 20 digits read right), 2 % grain lifted tenfold is ink
CELLS = 16  # the light is measured on a grid of this many cells a side: finer than a shadow's edge is soft
MIN_CELL = 4  # pixels a side, at the least: a median of fewer is grain
NEIGHBOURS = 5  # cells a side over which a cell's light is the median: ink fills fewer than half of them
PASSES = 3  # the light measured again on the paper the last light tells, until a digit's edges no longer count
SAMPLES = 256  # a cell's median is taken over every n-th pixel, n making the picture at most this many a side


def _border(grey: np.ndarray) -> np.ndarray:
    """The shades of the pixels round a picture's edge, each once: top, bottom, left, right."""
    return np.concatenate([grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1]])


def _terms(u: np.ndarray, v: np.ndarray) -> list[np.ndarray]:
    """The terms of a quadratic in the picture's relative coordinates (``u`` 0…1 across, ``v`` 0…1 down). A
    quadratic is fixed by its values along the four edges, so the border alone determines it."""
    return [np.ones_like(u), u, v, u * v, u * u, v * v]


def _border_places(height: int, width: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Where :func:`_border`'s pixels lie, across and down (0…1), and where each side after the first begins."""
    across, down = np.linspace(0.0, 1.0, width), np.linspace(0.0, 1.0, height)[1:-1]
    u = np.concatenate([across, across, np.zeros(height - 2), np.ones(height - 2)])
    v = np.concatenate([np.zeros(width), np.ones(width), down, down])
    return u, v, [width, 2 * width, 2 * width + height - 2]


def _quadratic_through(shades: np.ndarray, terms: np.ndarray, sides: list[int]) -> np.ndarray | None:
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


def _cells(size: int) -> tuple[int, int]:
    """How many cells lie along a side of ``size`` pixels, and how many pixels each spans (the last, fewer)."""
    span = -(-size // max(1, min(CELLS, size // MIN_CELL)))
    return -(-size // span), span


def _cell_medians(sample: np.ndarray) -> np.ndarray:
    """Each grid cell's median over its pixels that are not NaN; NaN where fewer than ``MIN_CELL``² are.

    NumPy's nanmedian goes cell by cell in Python; sorted (NaN last), each median is two picks."""
    (rows, tall), (cols, wide) = _cells(sample.shape[0]), _cells(sample.shape[1])
    padded = np.full((rows * tall, cols * wide), np.nan)  # the last cells' missing pixels are no paper
    padded[: sample.shape[0], : sample.shape[1]] = sample
    ordered = np.sort(padded.reshape(rows, tall, cols, wide).swapaxes(1, 2).reshape(rows, cols, -1), axis=-1)
    count = np.count_nonzero(~np.isnan(ordered), axis=-1)[..., None]
    low, high = np.maximum(count - 1, 0) // 2, np.minimum(count // 2, tall * wide - 1)
    middle = (np.take_along_axis(ordered, low, -1) + np.take_along_axis(ordered, high, -1)) / 2
    return np.where(count >= MIN_CELL**2, middle, np.nan)[..., 0]


def _centres(size: int, step: int) -> np.ndarray:
    """Where the cells along a side of ``size`` sampled pixels have their centres, in pixels of the picture."""
    count, span = _cells(size)
    starts = np.arange(count) * span
    return (starts + np.minimum(starts + span, size) - 1) / 2 * step


def _neighbourhood(cells: np.ndarray, side: int) -> np.ndarray:
    """``[*cells.shape, side²]``: each cell's ``side``² neighbours, the edge repeated."""
    windows = sliding_window_view(np.pad(cells, side // 2, mode="edge"), (side, side))
    return windows.reshape(*cells.shape, -1)


def _nan_median(values: np.ndarray) -> np.ndarray:
    """The median along the last axis of the values not NaN; NaN where all are (without NumPy's warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=-1)


def _filled(cells: np.ndarray) -> np.ndarray:
    """``cells`` with each NaN (a cell the ink fills) given its nearest neighbours' median, ring by ring; all
    NaN where no cell holds paper. The nearest, not a wide median, since a light that changes across the page
    would be pulled towards the side with more paper."""
    while np.isnan(cells).any() and not np.isnan(cells).all():
        cells = np.where(np.isnan(cells), _nan_median(_neighbourhood(cells, 3)), cells)
    return cells


def _spread(centres: np.ndarray, size: int) -> np.ndarray:
    """``[size, len(centres)]`` weights interpolating values at ``centres`` (in pixels) linearly to ``size``
    pixels; beyond the outer centres (half a cell, or less), the outer cells' own values: a line through the
    last two overshoots where the light levels off towards a corner, and made a shadow to a quarter "too dark"."""
    count = len(centres)
    if count == 1:
        return np.ones((size, 1))
    pixels = np.arange(size)
    place = np.interp(pixels, centres, np.arange(count))
    left = np.clip(np.floor(place).astype(int), 0, count - 2)
    weights = np.zeros((size, count))
    weights[pixels, left] = 1 - (place - left)
    weights[pixels, left + 1] = place - left
    return weights


def paper_light(grey: np.ndarray) -> np.ndarray:
    """The light on ``grey``'s paper at each pixel (NaN throughout where no paper was found).

    Measured on every n-th pixel (the picture sampled to at most ``SAMPLES`` a side): a cell's median over
    hundreds of pixels is as sure as over thousands, and a 2048² photo costs what a 256² one does. A first light
    from all the pixels tells the ink (what lies ``MIN_CONTRAST`` or more from it); the light is measured again on
    the paper alone, so that a digit filling its cells does not darken the light under it."""
    step = max(1, -(-max(grey.shape) // SAMPLES))
    sample = grey[::step, ::step]
    down = _spread(_centres(sample.shape[0], 1), sample.shape[0])
    across = _spread(_centres(sample.shape[1], 1), sample.shape[1])
    cells = _nan_median(_neighbourhood(_cell_medians(sample), NEIGHBOURS))
    for _ in range(PASSES):
        paper = np.where(np.abs(sample - down @ cells @ across.T) < MIN_CONTRAST, sample, np.nan)
        cells = _filled(_cell_medians(paper))
    return (
        _spread(_centres(sample.shape[0], step), grey.shape[0])
        @ cells
        @ _spread(_centres(sample.shape[1], step), grey.shape[1]).T
    )


def _quadratic_light(grey: np.ndarray, shades: np.ndarray) -> np.ndarray | None:
    """The light over ``grey`` as the quadratic through its border's paper, or ``None`` where no quadratic
    explains nearly all of each side. Exact for a side light, a tilt or a vignette, whatever the ink inside."""
    height, width = grey.shape
    u, v, sides = _border_places(height, width)
    terms = np.stack(_terms(u, v), axis=-1)
    coefficients = _quadratic_through(shades, terms, sides)
    if coefficients is None:
        return None
    across, down = np.linspace(0.0, 1.0, width)[None, :], np.linspace(0.0, 1.0, height)[:, None]
    return sum(c * term for c, term in zip(coefficients, _terms(across, down), strict=True))


def _cell_light(grey: np.ndarray, shades: np.ndarray) -> np.ndarray | None:
    """The light over ``grey`` measured cell by cell (:func:`paper_light`), or ``None`` where it does not
    explain nearly all of each side of the border either: the border is not paper all round."""
    height, width = grey.shape
    light = paper_light(grey)
    paper = np.abs(shades - _border(light)) <= GRAIN  # NaN, where no paper was found, is not within GRAIN
    sides = np.split(paper, [width, 2 * width, 2 * width + height - 2])
    return light if all(side.mean() >= MIN_PAPER_SHARE for side in sides) else None


# A page photographed on a desk: the border is the desk, not paper, and a dark desk made the page itself the ink (a
# light "digit" on dark ground: a 7 on a sheet lying on a dark table was read as a 0, 2 of 30 such photos read right).
DESK_CONTRAST = 0.25  # a desk is darker than the page on it by this much, at the least
MIN_DESK_BORDER = 0.4  # of the border a desk covers, at the least: a digit cut to its box touches it here and there
# ... or of one side, where it lies along that side alone: a page photographed with the desk showing down one edge
# (a quarter of the border) was read through it, a 7 as a 6 at 93 %, the desk's edge a second mark
DESK_SIDE = 0.95
MIN_DESK_PHOTO = 64  # pixels a side, at the least: a picture of MNIST's size or a digit cut to its box is no photo
PAGE_CORE = 10  # a page holds paper this share of the picture's longer side from anything dark: a stroke is thinner
MIN_PAGE_CORE = 0.05  # of the page, at the least: the paper so far from anything dark (a bold 8 enlarged has none)
MAX_HALF_SHADES = 0.05  # of the picture, at the most, halfway between desk and paper: a page's edge is sharp, a
# hand's shadow falls off over a third of the page (its shadowed paper was taken for a desk, its digit for paper)
DESK_EDGE = 2  # sampled pixels the desk is widened by: the page's soft edge, and the sampling's own step
MIN_LIT_PAGE = 0.5  # of a photo, at the least, its page's paper, where the light on it is measured


def _reached_from_border(dark: np.ndarray) -> np.ndarray | None:
    """The ``dark`` pixels joined to the picture's edge through dark pixels (four neighbours), or ``None`` where
    they are not all reached in as many steps as the picture is long: a desk's every pixel lies nearer its edge,
    and a maze of dark paths (grown a pixel a step) would take thousands."""
    reached = np.zeros_like(dark)
    for edge in ((0, slice(None)), (-1, slice(None)), (slice(None), 0), (slice(None), -1)):
        reached[edge] = dark[edge]
    for _ in range(max(dark.shape)):
        grown = reached.copy()
        grown[1:] |= reached[:-1]
        grown[:-1] |= reached[1:]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= dark
        if np.array_equal(grown, reached):
            return reached
        reached = grown
    return None


def _eroded(mask: np.ndarray, reach: int) -> np.ndarray:
    """``mask`` where every pixel within ``reach`` (a square) is in it too; beyond the edge counts as out."""
    padded = np.pad(mask, reach)
    side = 2 * reach + 1
    across = sliding_window_view(padded, side, axis=1).all(axis=-1)
    return sliding_window_view(across, side, axis=0).all(axis=-1)


def _rules_seen(half: np.ndarray, light: np.ndarray) -> np.ndarray:
    """The ``half`` shades (between a desk and its page's paper) that lie on lines across or down the picture with
    ``light`` paper on both sides, at most two pixels away: a ruled page's printed rules, sampled. They lie halfway
    between a dark desk and the paper, as a shadow's soft edge does, and a ruled page on a desk was taken for a
    shadow (6 of 30 read right). The edge of a page or of a light digit has dark on one side, and stays."""
    padded_half, padded_light = np.pad(half, 2), np.pad(light, 2)

    def moved(mask: np.ndarray, down: int, across: int) -> np.ndarray:
        return mask[2 + down : mask.shape[0] - 2 + down, 2 + across : mask.shape[1] - 2 + across]

    def paper_beyond(down: int, across: int) -> np.ndarray:  # paper next to it, or one half shade further
        near = moved(padded_light, down, across)
        return near | (moved(padded_half, down, across) & moved(padded_light, 2 * down, 2 * across))

    rules = np.zeros_like(half)
    for (down, across), (along_down, along_across) in (((1, 0), (0, 1)), ((0, 1), (1, 0))):
        line = np.logical_and.reduce(  # half shades go on along it, a pixel across at most (a tilted rule's step)
            [
                np.logical_or.reduce(
                    [
                        moved(padded_half, side * along_down + k * down, side * along_across + k * across)
                        for k in (-1, 0, 1)
                    ]
                )
                for side in (-1, 1)
            ]
        )
        rules |= half & line & paper_beyond(down, across) & paper_beyond(-down, -across)
    return rules


def widened(mask: np.ndarray, reach: int, *, edge: bool = True) -> np.ndarray:
    """``mask`` with every pixel within ``reach`` (a square) of it, or, with ``edge``, of the picture's edge (a
    desk's fringe, or the rules', runs off the page; a stain's, widened back, does not). Grown a shift at a
    time, down then across: as the complement eroded in sliding windows, a 2048 × 1536 page's rules took 54–67 ms
    (a load of 5), now asked of every ruled page read; so, 16–29. Across by slices of the rows: through the
    transposed view each shift went a column at a time, 3–6 times the cost of the shifts down."""
    if not reach:
        return mask
    wide = np.pad(mask, reach, constant_values=edge)
    down = wide.copy()
    for shift in range(1, reach + 1):
        down[shift:] |= wide[:-shift]
        down[:-shift] |= wide[shift:]
    across = down.copy()
    for shift in range(1, reach + 1):
        across[:, shift:] |= down[:, :-shift]
        across[:, :-shift] |= down[:, shift:]
    return across[reach:-reach, reach:-reach]


class Desk(NamedTuple):
    """Where a darker desk may lie round a page (see :func:`_desk`), on the picture sampled every ``step``-th pixel."""

    sampled: np.ndarray  # the desk on the sample, True where it lies
    wide: np.ndarray  # the same widened over the page's soft edge
    step: int
    dark: float  # what is darker than this is desk or ink, once the page's light is taken off
    light: np.ndarray  # the page's light on the sample, a plane, 1 at its brightest (see :func:`_page_light`)


def _desk_and_paper(sample: np.ndarray) -> tuple[float, float]:
    """The desk's shade (the border's darker shades, or its darkest side's where a desk lies down one side alone,
    under a quarter of the border) and the paper's (the picture's light) on a sample."""
    desk_shade, paper = float(np.percentile(_border(sample), 25)), float(np.percentile(sample, 95))
    if paper - desk_shade < DESK_CONTRAST:
        desk_shade = min(float(np.median(side)) for side in _sides(sample))
    return desk_shade, paper


def _page_light(sample: np.ndarray, middle: float) -> np.ndarray:
    """The light on a photo's page, a plane through what is lighter than ``middle`` (its paper: the desk and the
    ink are darker), 1 at its brightest and a quarter at the least. A photo's light falls across it: falling a
    quarter, the page's darker side lay halfway between desk and paper, as a shadow's soft edge does, and no desk
    was found (6 of 20 digits on such photos read right); or, found, the desk made paper of one shade stood out from
    the shaded side as an edge, and that was read as ink. 1 throughout where under ``MIN_LIT_PAGE`` of the picture is
    lighter: a light digit on dark ground (MNIST's enlarged), whose plane, through its strokes, is no page's light."""
    paper = sample > middle
    if paper.mean() < MIN_LIT_PAGE:
        return np.ones_like(sample)
    down, across = np.mgrid[0 : sample.shape[0], 0 : sample.shape[1]]
    terms = np.stack([np.ones(sample.shape), across / sample.shape[1], down / sample.shape[0]], axis=-1)
    light = terms @ np.linalg.lstsq(terms[paper], sample[paper], rcond=None)[0]
    return np.clip(light / max(float(light.max()), 1e-6), 1 / MAX_GAIN, 1.0)


def _desk(grey: np.ndarray) -> Desk | None:
    """The desk round a page photographed on it, if the picture may show one (:func:`_holds_page` then asks for
    the page's paper): dark, joined to the edge, much of the border, a sharp edge. Looked for once the page's
    light (:func:`_page_light`) is taken off."""
    step = max(1, -(-max(grey.shape) // SAMPLES))
    sample = grey[::step, ::step]
    if min(sample.shape) < MIN_DESK_PHOTO:
        return None
    desk_shade, paper = _desk_and_paper(sample)
    if paper - desk_shade < DESK_CONTRAST:
        return None
    light = _page_light(sample, (desk_shade + paper) / 2)
    sample = sample / light
    desk_shade, paper = _desk_and_paper(sample)
    gap, middle = paper - desk_shade, (desk_shade + paper) / 2
    if gap < DESK_CONTRAST:
        return None
    half = np.abs(sample - middle) < gap / 4
    rules = _rules_seen(half, sample >= middle + gap / 4)
    if np.mean(half & ~rules) > MAX_HALF_SHADES:
        return None  # a shadow, falling off softly, or a desk lit unevenly: not a page's sharp edge
    # a rule darker than the middle, touching the desk at its ends, is no desk: it cut the page into strips
    desk = _reached_from_border((sample < middle) & ~rules)
    if desk is None or not _round_a_page(desk):
        return None
    return Desk(desk, widened(desk, DESK_EDGE), step, middle, light)


def _round_a_page(desk: np.ndarray) -> bool:
    """Whether ``desk`` (a mask joined to the edge) lies round a page as a desk does: over ``MIN_DESK_BORDER`` of the
    border, or along one whole side (``DESK_SIDE`` of it), as where the photo shows the desk down one edge alone."""
    return bool(_border(desk).mean() >= MIN_DESK_BORDER or max(side.mean() for side in _sides(desk)) >= DESK_SIDE)


def _sides(picture: np.ndarray) -> tuple[np.ndarray, ...]:
    """The picture's four sides, each whole: top, bottom, left, right."""
    return picture[0], picture[-1], picture[:, 0], picture[:, -1]


def _holds_page(grey: np.ndarray, desk: Desk, *, blank_framed: bool = True) -> bool:
    """Whether what the desk leaves is a page: it holds paper far from anything dark (a light digit on dark ground,
    chalk on a board or the canvas's strokes, is strokes, thin). Asked of the page with its rules lifted: they cut
    its paper into squares. And it holds some ink, or lies with the desk all round it: a blank page asked to hold
    ink stayed light ink on dark ground (a photo of one on a desk was read as an 8 at 62 %), while a picture
    simply half dark, its light part reaching the edge, is read as it is."""
    dark = grey[:: desk.step, :: desk.step] / desk.light < desk.dark
    page = ~desk.sampled
    core = _eroded(~dark & page, -(-max(dark.shape) // PAGE_CORE))
    # a picture whose ink was named is not asked the blank page's frame: the app's own drawing of a 0 so big its
    # stroke runs past every edge, read live, was "blank paper" saved and opened again (its file names dark ink)
    inked_or_framed = bool((dark & page).any()) or (blank_framed and not _border(page).any())
    return core.sum() >= MIN_PAGE_CORE * page.sum() and inked_or_framed


def _desk_made_paper(picture: np.ndarray, desk: Desk) -> np.ndarray:
    """A copy of ``picture`` (grey, or colour with its channels last) with the desk (widened over the page's soft
    edge) made the page's paper: its median, in the page's light there, channel by channel."""
    height, width = picture.shape[:2]

    def whole(sampled: np.ndarray) -> np.ndarray:  # step² pixels each, a channel's axis where the picture has one
        spread = np.repeat(np.repeat(sampled, desk.step, axis=0)[:height], desk.step, axis=1)[:, :width]
        return spread if picture.ndim == 2 else spread[..., None]

    light = desk.light if picture.ndim == 2 else desk.light[..., None]
    paper = np.median((picture[:: desk.step, :: desk.step] / light)[~desk.sampled], axis=0)
    return np.where(whole(desk.wide), (paper * whole(desk.light)).astype(picture.dtype), picture)


def without_desk_and_rules(grey: np.ndarray, *, ink_named: bool = False) -> np.ndarray:
    """``grey`` with the desk round a page photographed on it made the page's paper and its printed rules lifted
    (:func:`without_rules`); ``grey`` itself, the very array, where it has neither."""
    return _desk_and_rules(grey, ink_named=ink_named)[0]


def printed_rules(grey: np.ndarray, *, light_ink: bool = False, ink_named: bool = False) -> np.ndarray | None:
    """The pixels :func:`even_light` lifts off ``grey`` as a page's printed rules (and the desk round it, if any),
    ``light_ink`` as it takes it; ``None`` where it finds no rules. Asked where ink is found too (it must stand out
    away from them, :func:`away_from_rules`), and where no ink is left: a blank page ruled in grey (its rules lifted
    here) was "blank paper", the same page ruled in black (its rules taken away by ``one_digit.ruled_off``) "only
    printed rules", and a notebook's red margin and blue rules, read then in colour, a digit."""
    if min(grey.shape) < MIN_SIDE:
        return None
    if light_ink:
        lifted = _lifted(grey, light=True) if _light_lines_cross(_border(grey), *grey.shape) else grey
        ruled = lifted is not grey
    else:
        lifted, ruled, _ = _desk_and_rules(grey, ink_named=ink_named)
    return lifted != grey if ruled else None


def _desk_and_rules(grey: np.ndarray, *, ink_named: bool = False) -> tuple[np.ndarray, bool, Desk | None]:
    """:func:`without_desk_and_rules`'s picture, whether it lifted printed rules, and the desk it made paper.

    The desk is what is darker than midway between it (the border's darker shades) and the paper (the picture's
    light) and joins the edge; it covers much of the border. The page is what is left, and it holds paper far from
    anything dark: a light digit on dark ground (chalk on a board, the canvas's strokes) is strokes, thin, and
    stays. Measured on every n-th pixel, as :func:`paper_light` is. The rules are looked for on the page alone, as
    they must cross the picture from side to side: on a page lying on a desk they did not, and a ruled page
    photographed on a dark desk was read through its rules (6 of 30 read right)."""
    desk = _desk(grey)
    rows = np.flatnonzero(~desk.wide.all(axis=1)) if desk is not None else np.empty(0, int)
    if rows.size:  # else no desk, or one that, widened over a page's soft edge, leaves no page on it
        flat = _desk_made_paper(grey, desk)
        cols = np.flatnonzero(~desk.wide.all(axis=0))
        page = (
            slice(rows[0] * desk.step, (rows[-1] + 1) * desk.step),
            slice(cols[0] * desk.step, (cols[-1] + 1) * desk.step),
        )
        on_page = flat[page]
        lifted = without_rules(on_page)
        on_page[...] = lifted
        if _holds_page(flat, desk, blank_framed=not ink_named):
            return flat, lifted is not on_page, desk
    lifted = without_rules(grey)
    return lifted, lifted is not grey, None


def _smooth(light: np.ndarray) -> bool:
    """Whether ``light`` changes by at most ``MAX_STEP`` of its range over a cell's span (a sixteenth of the
    picture), anywhere: a lamp's fall-off or a shadow's soft edge, not a dark half's sharp edge. Looked at on a grid
    four points a cell, as the cells' light is linear between their centres (a 2048² light is 32 MB to diff)."""
    points = 4 * CELLS + 1
    rows, cols = (np.linspace(0, size - 1, min(points, size)).astype(int) for size in light.shape)
    coarse = light[np.ix_(rows, cols)]
    steps = [np.abs(np.diff(coarse, axis=axis)).max(initial=0.0) * (coarse.shape[axis] - 1) / CELLS for axis in (0, 1)]
    return max(steps) <= MAX_STEP * float(np.ptp(light))


def _lifted_grain(grey: np.ndarray, light: np.ndarray) -> float:
    """How far the border's paper lies from its light once lifted, where the light is darker (the border's darker
    half, by the gain): the grain a deep shadow's lift would leave. A median, so ink touching the edge is left out."""
    shades, lit = _border(grey), _border(light)
    gain = float(light.max()) / np.maximum(lit, 1e-6)
    darker = gain >= np.median(gain)
    return float(np.median(np.abs(shades - lit)[darker] * gain[darker]))


def even_light(grey: np.ndarray, *, light_ink: bool = False, ink_named: bool = False) -> np.ndarray:
    """:func:`even_light_and_rules`'s picture."""
    return even_light_and_rules(grey, light_ink=light_ink, ink_named=ink_named)[0]


def even_light_and_rules(
    grey: np.ndarray, *, light_ink: bool = False, ink_named: bool = False
) -> tuple[np.ndarray, Callable[[], np.ndarray | None], Callable[[np.ndarray], np.ndarray]]:
    """``grey`` (luminance in [0, 1]) divided by the light on its paper, or ``grey`` itself where that is even;
    how to ask for its :func:`printed_rules` (light ink's only where no ink is left), the desk and rules looked for
    once: a blank ruled page was searched twice, half its ``to_mnist`` (184 of 370 ms for 2048×1536 px at a load of
    5); and how to make the desk it made paper paper in the same picture's colours (its channels last), for the
    colour's ink read where the grey shows none: a blank page on a brown desk, blank in grey, was read in colour as a
    digit, its page the ink on the desk's "paper" (the test photos' desk, 1 of 1; 10 of 10 such photos on tinted
    desks).

    The light is scaled to its brightest, so evenly lit paper keeps its shade; the result is clipped to [0, 1].
    ``light_ink`` (the caller's ``ink="light"``): the paper is dark, so no desk darker than
    a page is looked for, and only light rules on dark paper (a note app's dark mode), and only where lines lighter
    than the paper meet two opposite sides (:func:`_light_lines_cross`): the canvas's light ink on black (every
    move of the pen) has none, and looking cost a pen move in the window a third of its reading time.
    ``ink_named``: the caller named the ink (``ink`` not "auto", or the file's own note did), so a page framed by the
    desk all round with nothing on it is not taken for a blank page (:func:`_holds_page`)."""
    height, width = grey.shape
    if light_ink or min(height, width) < MIN_SIDE:  # light rules are looked for apart: cheap, on the border alone
        rules = lambda: printed_rules(grey, light_ink=light_ink, ink_named=ink_named)  # noqa: E731
        return _evened(grey, light_ink), rules, lambda picture: picture
    lifted, ruled, desk = _desk_and_rules(grey, ink_named=ink_named)
    rules = lifted != grey if ruled else None  # now: the picture evened may be ``lifted`` itself, and be inked on

    def desk_made_paper(picture: np.ndarray) -> np.ndarray:
        return picture if desk is None else _desk_made_paper(picture, desk)

    return _evened(lifted, light_ink), lambda: rules, desk_made_paper


def _evened(grey: np.ndarray, light_ink: bool) -> np.ndarray:
    """:func:`even_light` of ``grey``, its desk and dark rules already lifted where they were looked for."""
    height, width = grey.shape
    if min(height, width) < MIN_SIDE:
        return grey
    shades = _border(grey)
    if np.ptp(shades) <= GRAIN:
        return grey  # one shade of paper all round, and no rule across it: a drawing, MNIST, a scan
    if light_ink and _light_lines_cross(shades, height, width):
        grey = _lifted(grey, light=True)
        shades = _border(grey)
    if np.mean(np.abs(shades - np.median(shades)) <= GRAIN) >= MIN_PAPER_SHARE:
        return grey  # one shade of paper nearly all round: a photo lit evenly
    light = _quadratic_light(grey, shades)
    if light is None:  # a shadow no quadratic follows (a hand's, a deep corner's), or not paper all round
        light = _cell_light(grey, shades)
    if light is None:
        return grey
    if np.ptp(_border(light)) < MIN_CONTRAST:  # measured where it was fitted, not guessed inside
        return grey  # lit evenly enough to read as it is
    brightest = float(light.max())
    smooth = not light_ink and _smooth(light)  # a page's shadow
    deep = smooth and _lifted_grain(grey, light) <= MAX_LIFTED_GRAIN
    if light.min() > brightest / (DEEP_GAIN if deep else MAX_GAIN):
        return _divided(grey, light, brightest)
    if smooth and light.min() > brightest / DEEP_GAIN:  # a grainy photo's deep shadow, lifted where that finds no
        lifted = _divided(grey, light.copy(), brightest)  # ink at all: a blank page (left in its shadow, the dark
        if not finds_ink(lifted):  # side was ink, read as a 1 at 99.9 %); a digit on it is read as before
            return lifted
        # lifted tenfold, a camera's grain is as dark as ink; with the light taken off, not divided out, it stays
        # grain: where nothing then stands out the page is blank (lit to 0.1, its dark side read as a digit)
        flat = np.clip(grey - light + brightest, 0.0, 1.0)
        if not finds_ink(flat):
            return flat
    return grey  # too dark somewhere (dark paper, a dark half, a grainy photo's deep shadow, a wild fit) to be lifted


def _divided(grey: np.ndarray, light: np.ndarray, brightest: float) -> np.ndarray:
    """``grey`` lifted by the gain ``brightest / light``, clipped to [0, 1]; ``light`` is overwritten (a 2048²
    photo's light is 32 MB)."""
    gain = np.divide(brightest, light, out=light)
    return np.clip(np.multiply(grey, gain, out=gain), 0.0, 1.0, out=gain)


# Printed rules: the lines of ruled and squared paper. A page's sides are paper, so the ink map takes its crop from
# wherever ink or anything darker than the paper lies: rules crossing the page made the digit's box the whole page,
# and a 7 on lined paper was read as a 4 (29 of 60 digits written on grey rules read right, 38 of 60 on squares).
# A rule is told from a stroke by being a line across the whole page, lighter than ink, thin, one of several alike.
RULE_STRIP = 32  # pixels a side of the strips a page is cut into across a rule: a rule tilted 5° drifts 3 in one
MIN_STRIPS = 6  # a picture of fewer strips than this is too narrow to tell a rule from a stroke
MIN_RULE_SHADE = 0.35  # a rule is at least this share of its paper's light: a pen's ink is darker
MAX_RULE_WIDTH = 1 / 16  # of the picture's height: a thicker band across the page is a shadow, not a rule
MIN_RULE_PITCH = 8  # pixels between rules, at the least: bands closer in a strip are texture or noise
RULE_COVER = 0.6  # of the strips a rule is seen in, at the least: ink lying over it hides it in some
ASKEW_CORE = 0.05  # of the paper's light, how much darker a thin rule askew is where it runs through a row's middle
MIN_RULES = 2  # a lone line across a tight crop of a digit may be its stroke (a 4's bar); a page has several
# (clear of its edges: the rules cut by them are lifted with the others)
# The slants (rows down per column across) a page's rules are looked for at, where none are found level: a thin rule
# turned past about 6° crosses a strip's rows too steeply for their median to keep it, and drifts past a band's reach
# from strip to strip (squared paper turned 8–12°: 7 of 20 digits read right, no blank page blank). Each strip's
# rows are then read along the slant, and a rule looked for where the slant puts it: with 7° and 11°, 15 of 20
# digits on lines turned 16–18° read right.
SLANTS = (0.0, 0.12, -0.12, 0.2, -0.2)
RULE_FRINGE = 4  # pixels beside a rule lifted where what is left of it lies (a JPEG's ringing, its 8-px blocks')
MIN_AWAY = 0.25  # of a ruled page, at the least, lying past its rules' fringes for ink there to tell a digit


class Band(NamedTuple):
    """A thin band across a strip, darker than the paper beside it: a rule seen in that strip, or not."""

    top: int
    bottom: int  # the row after it
    centre: float  # weighted by how dark each row is
    shade: float  # its darkest row, as a share of the paper's light


def _reflected_windows(values: np.ndarray, half: int) -> np.ndarray:
    """``[values.size, 2 * half + 1]``: the window about each value, reflected past the ends (``np.pad``'s
    "reflect"). Padded and viewed by hand where one reflection reaches: ``np.pad`` and ``sliding_window_view`` were
    two thirds of a strip's look for bands (25 and 15 of 60 µs), and a canvas drawing's strips are looked at 30 times
    a pen move."""
    if values.size <= half:
        return sliding_window_view(np.pad(values, half, mode="reflect"), 2 * half + 1)
    padded = np.concatenate([values[half:0:-1], values, values[-2 : -half - 2 : -1]])
    step = padded.strides[0]
    return as_strided(padded, (values.size, 2 * half + 1), (step, step), writeable=False)


def _strip_bands(shade: np.ndarray) -> list[Band]:
    """A strip's thin bands darker than its paper and lighter than ink (``shade``: the strip's median of each
    row), their soft edges included."""
    height = shade.size
    if shade.max() - shade.min() <= GRAIN:  # no band can stand out: the canvas's black sides, a margin of bare paper
        return []
    window = max(15, height // 6) | 1
    step = max(1, window // 15)
    coarse = shade[::step]
    half = 7  # the paper's shade: a running median of every step-th row, rules being a minority of rows
    # the window's middle value, as np.median gives it (its own checks cost three times the partition)
    paper = np.partition(_reflected_windows(coarse, half), half, axis=-1)[:, half]
    paper = np.interp(np.arange(height), np.arange(coarse.size) * step, paper)
    dark = np.maximum(paper - shade, 0.0)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], dark > GRAIN, [0]]).astype(np.int8)))
    if edges.size // 2 > height / MIN_RULE_PITCH:  # texture or noise, not rules
        return []
    starts, ends = edges[::2], edges[1::2]
    if starts.size == 0:
        return []
    # each band's darkest row over the paper's lightest beside it (one past the end: a band may end at the edge)
    darkest, lightest = np.minimum.reduceat(np.append(shade, 0), edges), np.maximum.reduceat(np.append(paper, 0), edges)
    cores = darkest[::2] / np.maximum(lightest[::2], 1e-6)
    kept = (ends - starts <= max(3, round(height * MAX_RULE_WIDTH))) & (cores >= MIN_RULE_SHADE)  # not a shadow, ink
    if not kept.any():  # a drawing's strokes: ink, or as wide as a shadow
        return []
    tops, bottoms = np.maximum(starts - 1, 0), np.minimum(ends + 1, height)  # their soft edges too
    sums, moments = (np.concatenate([[0.0], np.cumsum(values)]) for values in (dark, dark * np.arange(height)))
    centres = (moments[bottoms] - moments[tops]) / (sums[bottoms] - sums[tops])
    return [
        Band(int(top), int(bottom), float(centre), float(core))
        for top, bottom, centre, core in zip(tops[kept], bottoms[kept], centres[kept], cores[kept], strict=True)
    ]


Rule = list[tuple[int, Band]]  # the strips a rule is seen in, and its band in each


def _continues(rule: Rule, strip: int, band: Band, slant: float = 0.0) -> bool:
    """Whether ``band``, in ``strip``, goes on with ``rule``: near where it was last seen, moved by the ``slant`` (a
    rule tilted up to 6° off it drifts a tenth of a strip from one to the next), and about as thin and as dark as
    in its last strips. A stroke lying along a rule makes a wider or darker band, which would pull the rule off its
    line."""
    recent = [seen for _, seen in rule[-3:]]
    width = statistics.median(seen.bottom - seen.top for seen in recent)
    strides = strip - rule[-1][0]
    return (
        abs(band.centre - rule[-1][1].centre - slant * RULE_STRIP * strides) <= 0.1 * RULE_STRIP * strides + 1
        and band.bottom - band.top <= 1.5 * width + 1
        and abs(band.shade - statistics.median(seen.shade for seen in recent)) <= 0.1
    )


def _followed(shades: list[np.ndarray], least: int = MIN_RULES, slant: float = 0.0) -> list[Rule]:
    """The rules seen across the strips (``shades``: each strip's row medians), from a side of the page to the
    other: begun in one of the first two strips, seen in at least ``RULE_COVER`` of them, in one of the last two.

    A band goes on with the nearest rule it continues (:func:`_continues`), looked for outwards from its place
    among the rules sorted by where they were last seen; a rule that can no longer be seen in enough strips is
    dropped. Noise makes bands in every row (a picture of pure noise, 2048², took minutes to follow). Fewer than
    ``least`` rules left: none.

    On a page photographed askew a rule may come in by the top or bottom edge, or leave by it, part of the way
    across: it is followed from (to) there, seen in ``RULE_COVER`` of the strips it crosses. Those were left
    unlifted, ink across the picture's corners, and a digit on paper turned 3° became a speck in a page-sized box
    (5 of 10 read right)."""
    strips, height = len(shades), shades[0].size if shades else 0

    def at_edge(band: Band) -> bool:  # where a rule tilted up to 6° off the slant comes in or leaves by an edge
        reach = (0.1 + abs(slant)) * RULE_STRIP + band.bottom - band.top + 1
        return band.centre <= reach or band.centre >= height - 1 - reach

    def begun(rule: Rule) -> int:  # the first strip it could be seen in: the page's side, or where it came in
        return rule[0][0] if rule[0][0] > 1 and at_edge(rule[0][1]) else 0

    rules: list[Rule] = []
    left: list[Rule] = []  # rules that left by the top or bottom edge, followed so far
    for strip, shade in enumerate(shades):
        gone = [rule for rule in rules if rule[-1][0] < strip - 1 and at_edge(rule[-1][1])]
        left += [rule for rule in gone if len(rule) >= max(3, RULE_COVER * (rule[-1][0] + 1 - begun(rule)))]
        rules = [
            rule
            for rule in rules
            if not any(rule is out for out in gone)
            and len(rule) + strips - strip >= RULE_COVER * (strips - begun(rule))
        ]
        if strip > 1 and len(rules) + len(left) < least:
            return []
        rules.sort(key=lambda rule: rule[-1][1].centre)
        lasts = np.array([rule[-1][1].centre for rule in rules])
        for band in _strip_bands(shade):
            place = int(np.searchsorted(lasts, band.centre))
            nearest = sorted(
                range(max(place - 2, 0), min(place + 2, len(lasts))), key=lambda i: abs(lasts[i] - band.centre)
            )
            match = next(
                (i for i in nearest if rules[i][-1][0] < strip and _continues(rules[i], strip, band, slant)), None
            )
            if match is not None:
                rules[match].append((strip, band))
            elif strip <= 1 or at_edge(band):
                rules.append([(strip, band)])
    return left + [rule for rule in rules if rule[-1][0] >= strips - 2 and len(rule) >= 3]


def _median_rows(blocks: np.ndarray, slant: float = 0.0) -> np.ndarray:
    """``[height, strips]``: the median of each row of each strip (``blocks``: ``[height, strips, RULE_STRIP]``),
    a row running down by ``slant`` a column about the strip's middle (rows past an edge are its last); the upper
    one of the middle two, as np.median's average of both took ten times as long. Along a slant, each run of
    columns moved down alike is one slice of the rows, the edge rows repeated past them: gathered pixel by pixel
    (``take_along_axis``), a drawing's two side strips took 0.15 ms of CPU a slant, four times their level read
    (0.04); so moved, 0.09."""
    if slant:
        height = blocks.shape[0]
        down = np.round(slant * (np.arange(RULE_STRIP) - (RULE_STRIP - 1) / 2)).astype(int)
        reach = int(np.abs(down).max())
        padded = np.concatenate([blocks[:1].repeat(reach, axis=0), blocks, blocks[-1:].repeat(reach, axis=0)])
        starts = np.flatnonzero(np.diff(down, prepend=down[0] - 1)).tolist()
        blocks = np.empty_like(blocks)
        for first, last in zip(starts, [*starts[1:], RULE_STRIP], strict=True):
            top = reach + int(down[first])
            blocks[:, :, first:last] = padded[top : top + height, :, first:last]
    return np.partition(blocks, RULE_STRIP // 2, axis=2)[:, :, RULE_STRIP // 2]


def _rule_gains(
    grey: np.ndarray, light: bool, least: int = MIN_RULES, reads: dict[tuple[int, int, float], np.ndarray] | None = None
) -> np.ndarray | None:
    """The gain lifting each pixel of the rules across ``grey`` (rows: horizontal rules) to its paper's shade, 1
    elsewhere, in ``1 - grey`` for ``light`` rules on dark paper; ``None`` where the page holds fewer than
    ``least`` rules. ``reads``: the strips' row medians read so far of this very ``grey`` (first strip, last, slant),
    kept for the look at its other rules, dark or light: both read the same medians."""
    height, width = grey.shape
    strips = width // RULE_STRIP
    if strips < MIN_STRIPS:
        return None

    reads = {} if reads is None else reads

    def read(first: int, last: int, slant: float) -> np.ndarray:
        if (first, last, slant) not in reads:
            reads[first, last, slant] = (
                np.hstack([read(0, 2, slant), _median_rows(blocks[:, 2:-2], slant), read(strips - 2, strips, slant)])
                if (first, last) == (0, strips)  # the whole page: its sides kept from the look at them
                else _median_rows(blocks[:, first:last], slant)
            )
        return reads[first, last, slant]

    def row_shades(first: int, last: int, slant: float) -> np.ndarray:  # light rules: dark ones on the page inverted
        rows = read(first, last, slant)
        return 1.0 - rows if light else rows

    def rules_at(slant: float) -> tuple[list[np.ndarray], list[Rule]] | None:
        # askew, one rule more: a stroke's two soft edges, read along its slant, were two rules (MNIST's 1 no. 798
        # enlarged tenfold)
        need = max(least, MIN_RULES + 1) if slant else least
        sides = ((0, 2), (strips - 2, strips))  # a rule crosses the page: unless both sides show some, none
        if any(sum(len(_strip_bands(shade)) for shade in row_shades(*side, slant).T) < need for side in sides):
            return None
        shades = list(row_shades(0, strips, slant).T)
        rules = _followed(shades, need, slant)
        inside = [rule for rule in rules if all(band.top > 0 and band.bottom < height for _, band in rule)]
        return (shades, rules) if len(inside) >= need else None  # else a band along the edge may be the light
        # falling off (a vignette), not a rule

    # strips of RULE_STRIP columns, the few left over split between both sides
    margin = (width - strips * RULE_STRIP) // 2
    blocks = grey[:, margin : margin + strips * RULE_STRIP].reshape(height, strips, RULE_STRIP)
    middles = margin + (np.arange(strips) + 0.5) * RULE_STRIP - 0.5
    if any(np.ptp(side) <= GRAIN for side in (blocks[:, :2], blocks[:, -2:])):
        return None  # a side of one shade shows no band along any slant (a row's median lies among its pixels):
        # a drawing's bare sides, read along each slant, took its reading (280² px) from 2.1 to 4.8 ms
    slant, found = next(((slant, found) for slant in SLANTS if (found := rules_at(slant))), (0.0, None))
    if found is None:
        return None
    # read again along the rules' own slant: a rule 3° off the slant crosses a strip's rows by 2 px, so their median
    # saw it lighter than it is, and it was lifted part of the way (a page turned 5°: its rules left dashed)
    slope = float(
        np.median([np.polyfit(middles[[at for at, _ in rule]], [b.centre for _, b in rule], 1)[0] for rule in found[1]])
    )
    if abs(slope - slant) > 0.02 and (again := rules_at(slope)) and len(again[1]) >= len(found[1]):
        found = again
    shades, rules = found
    gains = np.ones_like(grey)
    columns = np.arange(width)
    lifts = [_rule_lift(rule, middles, shades, columns, abs(slope) > 0.02) for rule in rules]
    shown = 1.0 - grey if light else grey
    for lift in lifts + _past_edges(lifts, shown):
        _raise_gains(gains, lift, shown)
    return gains


Lift = tuple[np.ndarray, float, np.ndarray, float]  # a rule's centre in each column, half-width, paper, most lift


def _raise_gains(gains: np.ndarray, lift: Lift, shown: np.ndarray) -> None:
    """``gains`` raised, in place, to ``lift``'s wherever a pixel lies within its half-width of the rule's centre
    in its column: the paper beside over the pixel (``shown``: the page, its rules dark), from 1 to the most.
    Only each column's few rows near the rule are looked at, not every row the rule spans: turned 10°, a rule
    spans 180 rows of a 1000-px page, and lifting them all took 68 of its 212 ms (load 3)."""
    at, half, paper, most = lift
    rows = np.floor(at - half).astype(int) + np.arange(int(np.ceil(2 * half)) + 2)[:, None]
    inside = (np.abs(rows - at) <= half) & (rows >= 0) & (rows < shown.shape[0])
    rows, columns = rows[inside], np.broadcast_to(np.arange(shown.shape[1]), inside.shape)[inside]
    beside = np.broadcast_to(paper, inside.shape)[inside]
    gain = np.clip(beside / np.maximum(shown[rows, columns], 1e-6), 1.0, most)
    gains[rows, columns] = np.maximum(gains[rows, columns], gain)


def _past_edges(lifts: list[Lift], shown: np.ndarray) -> list[Lift]:
    """The rules the others' pitch puts past the outermost ones followed where the top or bottom edge cuts them
    (``shown``: the page, its rules dark): on a page photographed askew a rule's end crosses a corner in a strip
    or two, too few to be followed, and was left as ink, the page's corners a digit's box (a blank ruled page
    turned 2–6°: no digit found 9 of 20 times). Each is the outermost rule moved by the pitch, then by up to two
    pixels to where the page is darkest along it, lifted as that rule is to the paper beside it."""
    height, width = shown.shape
    if len(lifts) < 2:
        return []
    lifts = sorted(lifts, key=lambda lift: float(lift[0][width // 2]))
    pitch = float(np.median(np.diff([lift[0][width // 2] for lift in lifts])))
    if pitch < MIN_RULE_PITCH:
        return []
    columns = np.arange(width)
    found: list[Lift] = []
    for (at, half, _, most), step in ((lifts[0], -pitch), (lifts[-1], pitch)):
        at = at + step
        while at.max() + half >= 0 and at.min() - half <= height - 1:  # it still meets the picture
            if at.min() - half < 0 or at.max() + half > height - 1:
                rows = np.round(at[None, :] + np.arange(-2, 3)[:, None]).astype(int)
                seen = (rows >= 0) & (rows < height)
                if seen[2].sum() >= RULE_STRIP // 2:
                    dark = np.where(seen, shown[rows.clip(0, height - 1), columns], 0.0).sum(axis=1)
                    at = at + int(np.argmin(dark / np.maximum(seen.sum(axis=1), 1))) - 2
                    beside = np.round(at[None, :] + np.array([-1, 1])[:, None] * (half + 2)).astype(int)
                    paper = np.where((beside >= 0) & (beside < height), shown[beside.clip(0, height - 1), columns], 0)
                    found.append((at, half, paper.max(axis=0), most))
            at = at + step
    return found


def _rule_lift(
    rule: Rule, middles: np.ndarray, shades: list[np.ndarray], columns: np.ndarray, askew: bool = False
) -> tuple[np.ndarray, float, np.ndarray, float]:
    """Where a rule lies and how to lift it: its centre in each column (a line through the strips it is seen in,
    those off it left out), its half-width, the paper's shade beside it in each column, and the most it is lifted
    by (its core's darkness, the median over the strips, less ``ASKEW_CORE`` where it runs over 1° askew: ink
    lying over it is lifted by as much, no more). A thin rule askew is darker where it runs through a row's middle
    than a strip's median sees it: lifted by that median's darkness alone, those pixels were left as specks of ink
    all along it, a digit's box stretched to them (a 1 on lines turned 10° read 4). Twice that margin faded a light
    pencil's bar lying along a rule, and its 7 read 1; level, a stroke's edges taken for rules (MNIST's 1 no. 5524
    enlarged tenfold) were lifted further than before."""
    seen = np.array([middles[strip] for strip, _ in rule])
    centres = np.array([band.centre for _, band in rule])
    path = np.polyfit(seen, centres, 1)
    near = np.abs(np.polyval(path, seen) - centres) <= 1.5
    if near.sum() >= 2:
        path = np.polyfit(seen[near], centres[near], 1)
    papers = np.array([shades[strip][max(band.top - 2, 0) : band.bottom + 2].max() for strip, band in rule])
    half = float(np.median([band.bottom - band.top for _, band in rule])) / 2 + 1
    most = 1 / max(float(np.median([band.shade for _, band in rule])) - ASKEW_CORE * askew, MIN_RULE_SHADE)
    return np.polyval(path, columns), half, np.interp(columns, seen, papers), most


def away_from_rules(rules: np.ndarray) -> np.ndarray | None:
    """The pixels farther than ``RULE_FRINGE`` from the printed ``rules`` lifted (:func:`printed_rules`), where
    ink on a ruled page must stand out: a rule lifted leaves its soft edges and a JPEG's ringing beside it, up to
    0.10 darker than the paper, as far as faint ink stands out, and 23 of 160 blank ruled or squared pages were read
    as a digit, their box the whole page (6 left so). ``None`` where that leaves under ``MIN_AWAY`` of the page
    (squares finer than a few fringes): nothing is told there."""
    away = ~widened(rules, RULE_FRINGE)
    return away if away.mean() >= MIN_AWAY else None


def without_rules(grey: np.ndarray) -> np.ndarray:
    """``grey`` with the rules of ruled or squared paper across it lifted to the paper's shade (the ink over them
    lifted alike, so it stays ink); ``grey`` itself, the very array, where there are none.

    Rules are dark lines on light paper, or, where a page holds none, light lines on dark paper: a note app's
    page in its dark mode, light ink on it (its rules were ink, and 16 of 30 digits so written read right)."""
    reads: tuple[dict, dict] = ({}, {})  # the medians read across and down the page, read once for both looks
    for light in (False, True):
        lifted = _lifted(grey, light, reads)
        if lifted is not grey:
            return lifted
    return grey


def _light_lines_cross(shades: np.ndarray, height: int, width: int) -> bool:
    """Whether ``MIN_RULES`` or more runs lighter than the paper meet both the left and the right side, or both the
    top and the bottom (``shades``: the border, as :func:`_border` gives it): light rules crossing a dark page do.
    The one look at light rules where the ink is said to be light (``--ink light`` read a dark-mode ruled page
    through its rules, 16 of 30 right); a drawing on the canvas, its border black or crossed by a stroke or two, is
    not searched (a few NumPy steps over the border: its reading is as fast as before)."""
    lighter = shades > shades.min() + GRAIN  # than the dark paper's darkest: its grain only makes more runs
    before = np.flatnonzero(lighter[1:] > lighter[:-1])  # the pixel before each run (one at a side's end, missed)
    sides = (width - 1, 2 * width - 1, 2 * width + height - 3, shades.size - 1)
    top, bottom, left, right = np.searchsorted(before, sides).tolist()  # runs begun before each side's end
    return min(left - bottom, right - left) >= MIN_RULES or min(top + bool(lighter[0]), bottom - top) >= MIN_RULES


def _lifted(grey: np.ndarray, light: bool, reads: tuple[dict, dict] | None = None) -> np.ndarray:
    """``grey`` with its dark (or ``light``) rules lifted to the paper's shade, or ``grey`` itself where none;
    ``reads``: :func:`_rule_gains`' medians of ``grey`` across and down, kept from a look before.

    Rules across, then rules down what that leaves: where two cross, each lift is measured on what is there, so
    the crossing comes out paper (both lifts at once made each crossing a bright dot, and those along the border
    kept a side light from being evened out). On a page whose rules across are found, one line down is a rule too:
    a ruled page's margin, which crosses it from top to bottom as no digit does, was read as ink, the digit read
    within the page's whole height, small (4 of 30 MNIST digits on a ruled page with a margin read right)."""
    lifted = grey
    for turned in (False, True):
        picture = lifted.T if turned else lifted
        kept = reads[turned] if reads is not None and lifted is grey else None  # of ``grey`` itself, not lifted
        gains = _rule_gains(picture, light, 1 if lifted is not grey else MIN_RULES, kept)
        if gains is not None:
            if light:  # lifted towards the dark paper: 1 - (1 - picture) × gains
                picture = np.subtract(1.0, np.clip((1.0 - picture) * gains, 0.0, 1.0, out=gains), out=gains)
            else:
                picture = np.clip(picture * gains, 0.0, 1.0, out=gains)
            lifted = picture.T if turned else picture
    return lifted
