"""Synthetic pen-drawn digits: reproducible, well-formed, MNIST-normalised, and readable by the shipped model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from rowreader import load_pretrained
from rowreader.preprocess import to_mnist
from training.drawn import (
    CANVAS,
    TEMPLATES,
    _catmull_rom,
    _parse,
    drawn_dataset,
    drawn_set,
    main,
    render_digit,
    render_template,
)

ALL_TEMPLATES = [t for label in range(10) for t in TEMPLATES[label]]
# The interim shipped model (99.30 % on MNIST) reads 97–99 % of 20-per-class drawn sets (seeds 0–7; 97.5 % of the
# seed used below); its misses are mostly 1s with a flag, read as 7. 90 % leaves room for another final model,
# not for a broken one or a broken generator.
MIN_DRAWN_ACCURACY = 0.90


def test_same_seed_same_digits_other_seed_others():
    a_images, a_labels = drawn_dataset(3, seed=11)
    b_images, b_labels = drawn_dataset(3, seed=11)
    c_images, _ = drawn_dataset(3, seed=12)
    assert np.array_equal(a_images, b_images) and np.array_equal(a_labels, b_labels)
    assert not np.array_equal(a_images, c_images)
    canvas = render_digit(4, np.random.default_rng(3)).canvas
    assert np.array_equal(canvas, render_digit(4, np.random.default_rng(3)).canvas)


def test_dataset_shapes_dtypes_range_and_balance():
    images, labels = drawn_dataset(4, seed=0)
    assert images.shape == (40, 28, 28) and images.dtype == np.float32
    assert labels.shape == (40,) and labels.dtype == np.uint8
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert np.array_equal(np.bincount(labels, minlength=10), np.full(10, 4))
    # black ink on white: after to_mnist's 10× shrink every digit still has (nearly) full-strength strokes
    assert images.max(axis=(1, 2)).min() > 0.8


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: f"{t.label}-{t.name}")
def test_every_template_draws_ink_inside_the_canvas(template):
    rng = np.random.default_rng(0)
    for _ in range(3):
        digit = render_template(template, rng)
        canvas = digit.canvas
        assert canvas.shape == (CANVAS, CANVAS) and canvas.dtype == np.uint8
        ink = canvas < 128
        assert ink.sum() > 500, "hardly any ink"
        # white all round: the whole pen stays on the canvas, so to_mnist sees the digit uncut
        border = np.concatenate([canvas[0], canvas[-1], canvas[:, 0], canvas[:, -1]])
        assert border.min() == 255
        rows = np.flatnonzero(ink.any(axis=1))
        height = (rows[-1] - rows[0] + 1) / CANVAS
        assert 0.3 <= height <= 0.95, f"digit is {height:.0%} of the canvas high"
        assert digit.label == template.label and digit.style == template.name


def test_canvas_is_black_ink_on_white_with_grey_only_at_edges():
    canvas = render_digit(8, np.random.default_rng(1)).canvas
    assert canvas.max() == 255 and canvas.min() == 0
    assert (canvas == 255).mean() > 0.5  # mostly paper
    grey = (canvas > 0) & (canvas < 255)
    assert grey.sum() < (canvas == 0).sum()  # anti-aliasing touches edges only


def test_to_mnist_output_is_centred_and_20_pixels_tall_or_wide():
    images, _ = drawn_dataset(5, seed=3)
    ys, xs = np.indices((28, 28))
    for image in images:
        mass = image.sum()
        com = ((ys * image).sum() / mass, (xs * image).sum() / mass)
        assert abs(com[0] - 14) < 1.0 and abs(com[1] - 14) < 1.0, com
        rows, cols = np.flatnonzero(image.max(axis=1) > 0.1), np.flatnonzero(image.max(axis=0) > 0.1)
        longer = max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
        assert 18 <= longer <= 21, longer


def test_dataset_is_what_to_mnist_makes_of_the_canvases():
    drawn = drawn_set(1, seed=5)
    rng = np.random.default_rng(5)  # drawn_set draws classes 0…9 in order from one generator seeded the same
    for label in range(10):
        expected = to_mnist(render_digit(label, rng).canvas, ink="dark")
        assert np.array_equal(drawn.images[label], expected)
    assert drawn.styles[3].startswith("3 ") and (drawn.pen_ratios > 0).all()


@pytest.mark.parametrize("bad", [-1, 10, 2.0, True, "7"])
def test_bad_label_is_refused(bad):
    with pytest.raises(ValueError, match="label must be a digit"):
        render_digit(bad, np.random.default_rng(0))


def test_bad_size_and_specs_are_refused():
    with pytest.raises(ValueError, match="n_per_class must be at least 1"):
        drawn_dataset(0, seed=0)
    with pytest.raises(ValueError, match="corner mark before any point"):
        _parse("| 10,10 20,20")
    with pytest.raises(ValueError, match="empty stroke"):
        _parse("10,10 20,20;")


def test_smoothing_passes_through_the_points_with_dense_even_steps():
    points = np.array([[0.0, 0.0], [0.3, 0.1], [0.5, 0.6], [0.2, 1.0]])
    curve = _catmull_rom(points, step=0.01)
    for p in points:  # an interpolating spline: every control point lies on the curve
        assert np.linalg.norm(curve - p, axis=1).min() < 1e-9
    steps = np.linalg.norm(np.diff(curve, axis=0), axis=1)
    assert steps.max() < 0.02 and steps.min() > 0.001  # no gaps in the pen path, no pile-ups


def test_preview_command_writes_a_grid_of_all_classes(tmp_path, capsys):
    out = tmp_path / "grid.png"
    assert main([str(out), "--per-class", "3", "--seed", "1"]) == 0
    grid = np.asarray(Image.open(out))
    assert grid.shape == (10 * 90, 3 * 90)  # 10 rows of 30-px cells, enlarged 3×
    rows = (grid < 128).reshape(10, 90, -1).any(axis=(1, 2))
    assert rows.all(), "a class row without ink"
    assert "30 digits" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([str(out), "--per-class", "0"])


def test_pretrained_model_reads_drawn_digits():
    torch.set_num_threads(1)
    reader = load_pretrained().reader
    images, labels = drawn_dataset(20, seed=2024)
    with torch.no_grad():
        predicted = reader(torch.from_numpy(images)).argmax(dim=-1)[:, -1].numpy()
    accuracy = (predicted == labels).mean()
    assert accuracy >= MIN_DRAWN_ACCURACY, f"pretrained model reads only {accuracy:.1%} of 200 drawn digits"
