"""Synthetic pen-drawn digits: what people draw on the app's canvas, for testing (and augmenting) the reader.

MNIST was scanned from paper; the app's users draw with a round pen of constant width on a 280×280 canvas,
and their digits then pass through ``to_mnist``. A model can score 99 % on MNIST and still stumble on those, so
this module fakes them: each digit 0–9 has several stroke templates, one per common way of writing it (a 1 with
or without a flag and a base, an open or closed 4, a 7 with or without a crossbar, …). A template is a list of
strokes in pen order, each a list of control points in a unit box (x right, y down). Per sample the generator

1. picks a template,
2. jitters its control points, warps its proportions (where the middle sits, top vs bottom width), shifts the
   strokes drawn after a pen lift, then maps them by a random affine (rotation, slant, aspect),
3. smooths every stroke through its points (centripetal Catmull-Rom; marked corners stay sharp) and adds a
   slow wobble, as a hand on a mouse or tablet does, and trims the stroke ends a little (loops stay open),
4. places the digit at a random size (40–85 % of the canvas height) and position, and draws it with a round
   pen 12–30 px wide (round caps and joins), black on white like the GUI's canvas — usually anti-aliased —
   with the same renderer as real pen data (``rowreader.pen.draw_strokes``).

Only NumPy and Pillow are used, so this runs wherever the library does, without Qt. To look at the digits:
``python -m training.drawn drawn.png`` writes a grid of them.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    from rowreader.launch import run_main

    sys.exit(run_main("training.drawn"))

import argparse
import itertools
import math
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from rowreader.atomic import check_writable, unwritten
from rowreader.launch import CommandParser, exit_statuses, starting
from rowreader.model import check_label
from rowreader.output import one_line, quiet_broken_pipe
from rowreader.own_png import refuse_a_file_not_ours, write_own_png
from rowreader.paths import output_file_argument
from rowreader.pen import CANVAS, draw_strokes
from rowreader.preprocess import to_mnist
from rowreader.whole_number import whole_number
from training.config import seed_argument
from training.pen_augment import hand_affine, trim_stroke

HEIGHT_RANGE = (0.40, 0.85)  # digit height as a fraction of the canvas
PEN_RANGE = (12.0, 30.0)  # pen width in canvas pixels
ROTATION_DEG = 15.0  # hard limit; the draw is normal with σ = ROTATION_DEG / 2
SLANT = 0.35  # hard limit of the shear x += slant · (height above the centre)
ASPECT = 0.25  # log-range of the width/height ratio change: e^±0.25
JITTER = 0.03  # σ of the per-control-point displacement, as a fraction of the digit's height
WOBBLE = 0.012  # amplitude of the slow along-the-stroke wobble, same unit
ANTIALIAS_P = 0.75  # share of samples drawn anti-aliased (2× then downsampled); the rest have hard edges
WAIST = 0.1  # see _warp: how far the middle of a digit moves up or down, in digit heights
TAPER = 0.4  # see _warp: relative width change between top and bottom
LIFT_OFFSET = 0.025  # σ of the shift of each stroke after the first, in digit heights
TRIM = 0.05  # each stroke loses up to this fraction of its length at either end
STEP = 0.015  # spacing of the smoothed polyline's points, in digit heights (2–4 canvas px)


@dataclass(frozen=True)
class Stroke:
    """One pen-down…pen-up: control points ``[n, 2]`` (unit box) and the indices where the pen turns sharply."""

    points: np.ndarray
    corners: tuple[int, ...] = ()


@dataclass(frozen=True)
class Template:
    """One way of writing a digit: a style name (shown in benchmark breakdowns) and its strokes in pen order."""

    label: int
    name: str
    strokes: tuple[Stroke, ...]


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, step: float = 45.0) -> str:
    """Points on an ellipse arc (percent units, degrees, 0° = right, 90° = down) in the spec syntax below.

    ``stop < start`` runs counter-clockwise on screen, as most people draw an O.
    """
    n = max(2, math.ceil(abs(stop - start) / step) + 1)
    angles = np.radians(np.linspace(start, stop, n))
    return " ".join(f"{cx + rx * math.cos(a):.1f},{cy + ry * math.sin(a):.1f}" for a in angles)


def _parse(spec: str) -> tuple[Stroke, ...]:
    """Strokes from a compact spec: ``"x,y x,y | x,y; x,y x,y"`` in percent of the unit box.

    ``;`` lifts the pen, ``|`` after a point makes it a sharp corner (the smoothing restarts there).
    """
    strokes = []
    for stroke_spec in spec.split(";"):
        points: list[tuple[float, float]] = []
        corners: list[int] = []
        for token in stroke_spec.replace("|", " | ").split():
            if token == "|":
                if not points:
                    raise ValueError(f"corner mark before any point in {stroke_spec!r}")
                corners.append(len(points) - 1)
            else:
                x, y = (float(v) / 100 for v in token.split(","))
                points.append((x, y))
        if not points:
            raise ValueError(f"empty stroke in template spec {spec!r}")
        strokes.append(Stroke(np.array(points, dtype=np.float64), tuple(corners)))
    return tuple(strokes)


# Each entry: (style name, spec, relative weight). Coordinates in percent of a unit box, x right, y down; the
# box's proportions do not matter much (the affine and to_mnist rescale), but each digit's own aspect does.
_SPECS: dict[int, list[tuple[str, str, float]]] = {
    0: [
        ("oval ccw", _arc(50, 50, 32, 48, -80, -445), 3.0),
        ("oval cw", _arc(50, 50, 32, 48, -100, 265), 1.5),
        ("round", _arc(50, 50, 42, 46, -70, -440), 1.0),
        ("narrow, tail over top", _arc(50, 50, 24, 48, -40, -420), 1.0),
    ],
    1: [
        ("bar", "50,0 50,100", 3.0),
        ("flag", "28,22 | 52,0 | 50,100", 2.0),
        ("flag and base", "30,20 | 52,0 | 50,100; 25,100 75,100", 1.0),
        ("short flag", "40,12 | 52,0 | 50,100", 1.0),
    ],
    2: [
        ("plain", "12,28 22,8 48,0 76,8 84,28 74,50 46,74 | 10,98 | 92,97", 3.0),
        ("looped", "12,26 24,6 52,0 80,12 82,34 64,58 34,80 18,95 24,100 34,92 33,84 | 50,96 70,99 94,95", 2.0),
        ("curly base", "14,24 30,4 58,2 82,18 78,44 50,70 18,96 30,92 50,94 72,100 92,92", 1.0),
        ("straight neck", "12,24 30,4 60,2 82,16 80,34 | 12,98 | 90,98", 1.0),
    ],
    3: [
        ("two bumps", "14,14 40,0 72,4 84,22 72,40 | 42,47 | 76,56 88,76 76,94 48,100 12,90", 3.0),
        ("round middle", "12,16 36,0 70,2 82,22 66,42 44,49 68,54 86,72 80,92 50,100 14,88", 2.0),
        ("flat top", "12,3 | 86,3 | 44,40 | 74,48 88,70 76,92 46,100 12,88", 1.0),
        ("small top", "22,14 44,2 68,8 70,26 | 46,40 | 78,52 88,76 74,95 44,100 12,86", 1.0),
    ],
    4: [
        ("open", "22,0 | 12,60 | 90,60; 70,12 | 70,100", 3.0),
        ("closed", "62,0 | 8,64 | 92,64; 64,0 | 64,100", 2.0),
        ("closed one stroke", "64,100 | 64,0 | 8,64 | 92,64", 1.0),
        ("open, tall stem", "26,12 | 16,58 | 88,58; 68,0 | 68,100", 1.0),
    ],
    5: [
        ("stem and bowl, bar last", "22,2 | 18,46 | 42,38 66,42 82,58 80,80 60,97 32,99 12,88; 22,2 86,0", 3.0),
        ("one stroke", "86,2 | 24,2 | 18,44 | 44,38 70,44 84,62 78,86 54,99 24,97 10,86", 2.0),
        ("big bowl", "26,0 | 20,36 | 50,30 78,40 88,64 76,90 48,100 18,94 8,82; 26,0 84,0", 1.0),
    ],
    6: [
        ("curved stem", "74,0 48,12 26,36 14,64 20,88 44,100 70,94 82,74 72,56 48,52 26,60 16,72", 3.0),
        ("straight stem", "58,0 | 24,56 18,76 30,96 56,100 78,86 76,64 54,54 30,60 20,70", 2.0),
        ("small loop", "70,0 40,20 22,50 18,76 30,96 52,100 70,88 68,72 48,66 28,74", 1.0),
        ("big loop", "66,0 38,18 18,48 16,78 34,98 62,98 80,80 76,56 52,46 28,54 18,70", 1.0),
    ],
    7: [
        ("plain", "10,4 | 90,4 | 36,100", 3.0),
        ("crossbar", "10,4 | 90,4 | 36,100; 30,52 78,50", 1.5),
        ("hooked", "12,16 | 14,4 | 90,6 | 58,50 42,100", 1.0),
        ("curved stem", "10,6 | 88,2 | 70,30 54,62 48,100", 1.5),
    ],
    8: [
        (
            "one stroke",
            "78,12 56,0 30,4 20,20 28,38 50,50 74,62 82,82 66,98 40,100 20,88 22,68 46,52 70,36 78,12",
            3.0,
        ),
        ("two loops", f"{_arc(50, 25, 26, 25, -80, -440)}; {_arc(50, 74, 32, 26, -90, 270)}", 1.0),
        (
            "small top",
            "70,10 50,0 32,6 30,22 46,38 72,56 84,78 70,98 42,100 18,86 24,64 48,44 64,26 70,10",
            1.5,
        ),
    ],
    9: [
        ("straight tail", f"{_arc(48, 25, 32, 25, -10, -380)} | 80,100", 3.0),
        ("curved tail", f"{_arc(48, 25, 32, 25, -10, -380)} 78,62 64,90 44,100 24,94", 2.0),
        ("loop then stem", f"{_arc(46, 26, 32, 26, 0, -360)}; 78,4 | 78,100", 1.5),
        ("slanted tail", f"{_arc(56, 24, 30, 24, -10, -380)} | 40,100", 1.0),
    ],
}

TEMPLATES: dict[int, tuple[Template, ...]] = {
    label: tuple(Template(label, name, _parse(spec)) for name, spec, _ in specs) for label, specs in _SPECS.items()
}
_WEIGHTS: dict[int, np.ndarray] = {
    label: np.array([w for *_, w in specs]) / sum(w for *_, w in specs) for label, specs in _SPECS.items()
}


def _catmull_rom(points: np.ndarray, step: float) -> np.ndarray:
    """A smooth curve through ``points`` ``[n, 2]`` (centripetal Catmull-Rom: no cusps, no overshoot loops).

    Vectorised over all segments; each segment gets enough samples for ``step``-pixel spacing.
    """
    keep = np.ones(len(points), bool)
    keep[1:] = np.linalg.norm(np.diff(points, axis=0), axis=1) > 1e-6  # repeated points break the knot spacing
    p = points[keep]
    if len(p) < 2:
        return p
    # phantom end points: reflect the first and last segment
    p = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    p0, p1, p2, p3 = p[:-3], p[1:-2], p[2:-1], p[3:]
    d01 = np.sqrt(np.linalg.norm(p1 - p0, axis=1))[:, None]
    d12 = np.sqrt(np.linalg.norm(p2 - p1, axis=1))[:, None]
    d23 = np.sqrt(np.linalg.norm(p3 - p2, axis=1))[:, None]
    # tangents of the centripetal parametrisation (Barry–Goldman), scaled to the [0, 1] segment parameter
    m1 = d12 * ((p1 - p0) / d01 - (p2 - p0) / (d01 + d12) + (p2 - p1) / d12)
    m2 = d12 * ((p2 - p1) / d12 - (p3 - p1) / (d12 + d23) + (p3 - p2) / d23)
    lengths = np.linalg.norm(p2 - p1, axis=1)
    counts = np.maximum(1, np.ceil(lengths / step).astype(int))
    seg = np.repeat(np.arange(len(counts)), counts)
    t = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / np.repeat(counts, counts)
    t = t[:, None]
    h00, h10, h01, h11 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t, -2 * t**3 + 3 * t**2, t**3 - t**2
    curve = h00 * p1[seg] + h10 * m1[seg] + h01 * p2[seg] + h11 * m2[seg]
    return np.vstack([curve, p[-2:-1]])


def _wobble(curve: np.ndarray, amplitude: float, rng: np.random.Generator) -> np.ndarray:
    """Displace a dense polyline by a few slow random sines of its arc length (a hand is not a plotter)."""
    if len(curve) < 3 or amplitude <= 0:
        return curve
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(curve, axis=0), axis=1))])
    wavelength = rng.uniform(0.3, 1.0, size=(1, 2, 3))  # in digit heights: slow drift, not tremor
    phase = rng.uniform(0, 2 * np.pi, size=(1, 2, 3))
    weight = rng.uniform(0.3, 1.0, size=(1, 2, 3)) / 3
    return curve + amplitude * (weight * np.sin(s[:, None, None] * (2 * np.pi) / wavelength + phase)).sum(-1)


def _warp(points: np.ndarray, waist: float, taper: float) -> np.ndarray:
    """Change a template's proportions in ways no affine can, in the unit box.

    ``waist`` moves the middle up or down (y += 4·waist·y·(1−y), monotonic for |waist| < 0.25): an 8's or 3's top
    half grows while its bottom shrinks. ``taper`` widens the top and narrows the bottom (or the reverse).
    """
    x, y = points[:, 0], points[:, 1]
    return np.stack([0.5 + (x - 0.5) * (1 + taper * (0.5 - y)), y + 4 * waist * y * (1 - y)], axis=1)


@dataclass(frozen=True)
class DrawnDigit:
    """One rendered sample and how it was made (for breakdowns of what the reader gets wrong)."""

    canvas: np.ndarray  # uint8 [280, 280], ink 0 on white 255
    label: int
    style: str
    pen_ratio: float  # pen width / digit height: ~0.1 is MNIST-like; larger is bolder after to_mnist


def render_digit(label: int, rng: np.random.Generator) -> DrawnDigit:
    """Draw one random-looking ``label`` on a fresh canvas and say which template and pen it used."""
    check_label(label)
    templates = TEMPLATES[int(label)]
    return render_template(templates[rng.choice(len(templates), p=_WEIGHTS[int(label)])], rng)


@dataclass(frozen=True)
class PenPaths:
    """Where the pen goes for one digit: polylines in canvas pixels, pen-down to pen-up, and the pen's width."""

    strokes: list[np.ndarray]  # each [N, 2] as (x, y) on the 280×280 canvas
    pen: float  # pen width in canvas pixels
    pen_ratio: float  # pen width / digit height


def pen_paths(template: Template, rng: np.random.Generator) -> PenPaths:
    """The random strokes of one variant of ``template``, before any ink: what a script would draw on a canvas."""
    # one affine for the whole digit, in units of its height, about the box centre
    angle = math.radians(float(np.clip(rng.normal(0.0, ROTATION_DEG / 2), -ROTATION_DEG, ROTATION_DEG)))
    slant = float(np.clip(rng.normal(0.08, SLANT / 3), -SLANT, SLANT))  # most hands lean a little right
    aspect = math.exp(rng.uniform(-ASPECT, ASPECT))
    affine = hand_affine(aspect, slant, angle)

    jitter = rng.uniform(0.5, 1.5) * JITTER
    wobble = rng.uniform(0.0, 1.5) * WOBBLE
    waist, taper = rng.uniform(-WAIST, WAIST), rng.uniform(-TAPER, TAPER)
    curves = []
    for k, stroke in enumerate(template.strokes):
        pts = _warp(stroke.points + rng.normal(0.0, jitter, stroke.points.shape), waist, taper)
        if k:  # after a pen lift the hand never lands exactly where the template says
            pts = pts + rng.normal(0.0, LIFT_OFFSET, 2)
        pts = (pts - 0.5) @ affine.T
        bounds = [0, *stroke.corners, len(pts) - 1]
        pieces = [_catmull_rom(pts[a : b + 1], STEP) for a, b in itertools.pairwise(bounds)]
        curve = trim_stroke(np.vstack(pieces), *rng.uniform(0.0, TRIM, 2))
        curves.append(_wobble(curve, wobble, rng))

    # size and place: the digit's height is a fraction of the canvas, and the whole pen stays on it
    all_pts = np.vstack(curves)
    lo, hi = all_pts.min(axis=0), all_pts.max(axis=0)
    extent = np.maximum(hi - lo, 1e-3)
    pen = rng.uniform(*PEN_RANGE)
    room = CANVAS - pen - 4.0
    scale = min(rng.uniform(*HEIGHT_RANGE) * CANVAS / extent[1], room / extent.max())
    slack = np.maximum(room - extent * scale, 0.0)
    origin = pen / 2 + 2.0 + rng.uniform(0.0, 1.0, 2) * slack - lo * scale
    return PenPaths([curve * scale + origin for curve in curves], pen, pen / (extent[1] * scale))


def render_template(template: Template, rng: np.random.Generator) -> DrawnDigit:
    """Draw one random variant of ``template``: the randomness of ``render_digit`` minus the choice of style."""
    paths = pen_paths(template, rng)
    canvas = draw_strokes(paths.strokes, paths.pen, antialias=rng.random() < ANTIALIAS_P)
    return DrawnDigit(canvas, template.label, template.name, paths.pen_ratio)


@dataclass(frozen=True)
class DrawnSet:
    """A drawn test set after ``to_mnist``: images float32 ``[N, 28, 28]`` in [0, 1], labels, and how each was drawn."""

    images: np.ndarray
    labels: np.ndarray  # uint8 [N]
    styles: np.ndarray  # str [N], the template's style name
    pen_ratios: np.ndarray  # float32 [N]
    seconds: float  # time it took to generate, for the digits-per-second figure


def drawn_set(n_per_class: int, seed: int) -> DrawnSet:
    """``n_per_class`` drawings of each digit (classes interleaved 0,1,…,9,0,…), the same for the same seed."""
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be at least 1, got {n_per_class}")
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    labels = np.tile(np.arange(10, dtype=np.uint8), n_per_class)
    images = np.empty((len(labels), 28, 28), np.float32)
    styles, ratios = [], np.empty(len(labels), np.float32)
    for i, label in enumerate(labels):
        digit = render_digit(int(label), rng)
        # read as the app reads its canvas, light ink on black: a drawing has no desk or rules to look for (that
        # search, ink="dark", cost a third of each digit and found nothing); a digit by construction, however small
        out = to_mnist(255 - digit.canvas, ink="light", allow_small=True)
        if out is None:  # cannot happen: every stroke is drawn with a ≥ 12 px pen inside the canvas
            raise RuntimeError(f"drawn digit {i} ({digit.style!r}) came out blank")
        images[i] = out
        styles.append(f"{label} {digit.style}")
        ratios[i] = digit.pen_ratio
    return DrawnSet(images, labels, np.array(styles), ratios, time.perf_counter() - start)


def drawn_dataset(n_per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(images float32 [N, 28, 28] after to_mnist(..., ink="dark"), labels uint8 [N])``, N = 10·n_per_class."""
    drawn = drawn_set(n_per_class, seed)
    return drawn.images, drawn.labels


def preview(n_per_class: int, seed: int) -> Image.Image:
    """A grid to look at: one row per class, ``n_per_class`` drawn digits after ``to_mnist``, black on white."""
    images = drawn_dataset(n_per_class, seed)[0].reshape(n_per_class, 10, 28, 28)
    cell = 30  # 28 px and a white margin
    grid = np.zeros((10 * cell, n_per_class * cell), np.float32)
    for label in range(10):
        for i in range(n_per_class):
            grid[label * cell + 1 : label * cell + 29, i * cell + 1 : i * cell + 29] = images[i, label]
    return Image.fromarray(np.round(255 * (1 - grid)).astype(np.uint8)).resize(
        (3 * grid.shape[1], 3 * grid.shape[0]), Image.Resampling.NEAREST
    )


MAX_PREVIEW_PER_CLASS = 1000  # columns of the preview grid, 90 px each (30-px cells, enlarged 3×)


GRID = "a grid of drawn digits"  # what its picture is (rowreader.own_png.KIND_KEY)
# its --help's, as every other command's (it named none): OUT is checked before the drawing (2), written after it (1)
DRAWN_STATUSES = exit_statuses(
    "an OUT that cannot be used (a file that is not ours, a folder that cannot be written: a line on stderr says "
    "which)",
    2,
    "; 1 when the grid cannot be written (a full disk; nothing is written) or its line cannot be printed",
)


@quiet_broken_pipe  # `| head` ends it quietly
def main(argv: list[str] | None = None) -> int:
    """``python -m training.drawn OUT.png``: save a preview grid of drawn digits, and say how fast they come."""
    parser = CommandParser(
        prog="python -m training.drawn",
        description="Save a grid of synthetic pen-drawn digits (after to_mnist, 3× enlarged) to look at.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog=DRAWN_STATUSES,
    )
    parser.add_argument("out", type=output_file_argument, help="PNG file to write")
    parser.add_argument(
        "--per-class", type=whole_number(1, MAX_PREVIEW_PER_CLASS), default=12, help="digits per class (columns)"
    )
    parser.add_argument("--seed", type=seed_argument, default=0, help="seed of the drawings")
    with starting():
        args = parser.parse_args(argv)
    # --per-class 100000 drew for hours towards an 8-GB grid; past 1,100 columns (99,000 px) the PNG is more pixels
    # than Pillow opens without a decompression-bomb warning (89 million), so nothing could look at it
    if args.out.suffix.lower() != ".png":  # Pillow's "unknown file extension" traceback came after the drawing
        parser.error(f"the preview is a PNG: give a file name ending in .png, got {args.out}")
    try:  # a missing folder or a NumPy traceback for --seed -1 came after the drawing too
        refuse_a_file_not_ours(args.out, GRID)  # a user's own photo.png was replaced by the grid
        check_writable(args.out)
    except OSError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    start = time.perf_counter()
    grid = preview(args.per_class, args.seed)
    try:
        write_own_png(args.out, grid, kind=GRID)
    except OSError as err:  # a full disk was a traceback; the write left nothing behind
        parser.exit(1, f"{parser.prog}: error: {one_line(unwritten(args.out, err))}; nothing was written\n")
    seconds = time.perf_counter() - start
    print(f"wrote {one_line(str(args.out))}: {10 * args.per_class} digits in {seconds:.2f} s")
    return 0
