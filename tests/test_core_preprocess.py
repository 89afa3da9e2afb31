"""to_mnist: every image kind, ink detection, blank and degenerate drawings, huge inputs, and bad input."""

from __future__ import annotations

import time

import numpy as np
import pytest
from conftest import peak_memory

from rowreader import to_mnist
from rowreader.preprocess import BOX, MAX_INPUT_SIDE, normalise


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(image.shape)
    return float((ys * image).sum() / image.sum()), float((xs * image).sum() / image.sum())


def ink_box(image: np.ndarray) -> tuple[int, int]:
    """Height and width of the bounding box of the ink."""
    rows, cols = np.nonzero(image > 0.05)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def assert_mnist_like(out: np.ndarray | None) -> np.ndarray:
    assert out is not None
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0 and out.max() > 0.9
    com = centre_of_mass(out)
    assert abs(com[0] - 14) <= 1.0 and abs(com[1] - 14) <= 1.0, com
    assert max(ink_box(out)) in (BOX, BOX + 1, BOX + 2)  # anti-aliasing may bleed into one more pixel each side
    return out


@pytest.fixture(scope="module")
def paper(mnist_test) -> np.ndarray:
    """An MNIST digit drawn large in black on white paper, as uint8 grey (224 × 224)."""
    digit = mnist_test[0][0]
    return 255 - np.kron(digit, np.ones((8, 8), np.uint8))


@pytest.fixture(scope="module")
def expected(paper) -> np.ndarray:
    return assert_mnist_like(to_mnist(paper))


def to_float(paper: np.ndarray) -> np.ndarray:
    return paper.astype(np.float64) / 255.0


VARIANTS = {
    "grey-1-channel": lambda p: p[:, :, None],
    "rgb": lambda p: np.stack([p] * 3, axis=-1),
    "rgba-opaque": lambda p: np.stack([p, p, p, np.full_like(p, 255)], axis=-1),
    "uint16": lambda p: p.astype(np.uint16) * 257,
    "int32": lambda p: p.astype(np.int32),
    "float32-unit": lambda p: to_float(p).astype(np.float32),
    "float64-unit": to_float,
    "float-0-255": lambda p: p.astype(np.float64),
    "bool": lambda p: p > 127,
    "light-on-dark": lambda p: 255 - p,
    "light-on-dark-rgb": lambda p: np.stack([255 - p] * 3, axis=-1),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_every_image_kind_gives_the_same_digit(paper, expected, name):
    out = assert_mnist_like(to_mnist(VARIANTS[name](paper)))
    if name == "bool":  # thresholding to bool loses the anti-aliased edges, nothing else
        assert np.abs(out - expected).mean() < 0.03
    else:
        assert np.abs(out - expected).max() <= 0.02


def test_coloured_ink_on_coloured_paper(paper, expected):
    stroke = paper < 128
    rgb = np.empty((*paper.shape, 3), np.uint8)
    rgb[...] = (250, 240, 200)  # cream paper
    rgb[stroke] = (20, 30, 160)  # blue ink
    out = assert_mnist_like(to_mnist(rgb))
    assert np.abs((out > 0.5) != (expected > 0.5)).mean() < 0.02


def test_transparent_background_is_composited_behind_dark_strokes(paper, expected):
    """A PNG with dark strokes on a fully transparent (black-valued) background reads as dark on white."""
    stroke = paper < 128
    rgba = np.zeros((*paper.shape, 4), np.uint8)  # transparent black everywhere
    rgba[stroke] = (0, 0, 0, 255)
    out = assert_mnist_like(to_mnist(rgba))
    assert np.abs((out > 0.5) != (expected > 0.5)).mean() < 0.02


def test_transparent_background_is_composited_behind_light_strokes(paper, expected):
    stroke = paper < 128
    rgba = np.zeros((*paper.shape, 4), np.uint8)
    rgba[stroke] = (255, 255, 255, 255)  # white chalk on transparent
    out = assert_mnist_like(to_mnist(rgba))
    assert np.abs((out > 0.5) != (expected > 0.5)).mean() < 0.02


def test_explicit_ink_matches_auto_and_the_wrong_one_differs(paper, expected):
    assert np.array_equal(to_mnist(paper, ink="dark"), expected)
    assert np.array_equal(to_mnist(255 - paper, ink="light"), to_mnist(255 - paper))
    wrong = to_mnist(paper, ink="light")  # the white paper is taken for ink
    assert wrong is not None and np.abs(wrong - expected).mean() > 0.2


def test_input_is_not_modified(paper):
    copy = paper.copy()
    to_mnist(paper)
    assert np.array_equal(paper, copy)


@pytest.mark.parametrize("shape", [(300, 40), (40, 300), (13, 7), (2000, 1500)])
def test_any_size_and_aspect_ratio(shape):
    image = np.full(shape, 255, np.uint8)
    h, w = shape
    rows, cols = slice(h // 4, 3 * h // 4), slice(w // 3, 2 * w // 3)
    image[rows, cols] = 0  # a filled rectangle: half the height, a third of the width
    # MNIST's geometry alone (a narrow filled bar is also a heavy pen stroke, which would be thinned); a bar 5 times
    # wider than tall lies flat, a line and no digit (one_digit.FLATTEST), so it is read as allow_small reads one
    out = assert_mnist_like(to_mnist(image, normalise_strokes=False, allow_small=True))
    # the longer side becomes 20 pixels, the shorter keeps the aspect ratio (within a pixel of blur)
    box_h, box_w = ink_box(out)
    drawn_h, drawn_w = rows.stop - rows.start, cols.stop - cols.start
    assert box_h / box_w == pytest.approx(drawn_h / drawn_w, rel=0.25)


@pytest.mark.parametrize(
    "image",
    [
        np.full((50, 50), 255, np.uint8),  # white page
        np.zeros((50, 50), np.uint8),  # black page
        np.full((50, 50), 0.4),  # uniform grey
        np.zeros((50, 50, 4), np.uint8),  # fully transparent
        np.ones((50, 50), bool),
    ],
    ids=["white", "black", "grey", "transparent", "bool-all-true"],
)
def test_blank_drawing_gives_none(image):
    assert to_mnist(image) is None


def test_single_dot_is_too_small_unless_allowed_then_a_centred_blob():
    page = np.full((100, 100), 255, np.uint8)
    page[10, 80] = 0  # far from the centre
    assert to_mnist(page) is None
    assert normalise(page).too_small and not normalise(np.full((9, 9), 255, np.uint8)).too_small
    out = assert_mnist_like(to_mnist(page, allow_small=True))
    assert np.isfinite(out).all()


@pytest.mark.parametrize("ink", ["auto", "light", "dark"])
@pytest.mark.parametrize("shade", [0.0, 0.5, 1.0])
def test_a_page_of_one_shade_holds_no_digit(ink, shade):
    """Issue 11 item 15: a uniform page was read as a solid box ("2") when the ink colour was given."""
    assert to_mnist(np.full((60, 60), shade, np.float32), ink=ink) is None


def test_ink_reaching_the_border_is_still_read_when_the_ink_colour_is_given():
    """A tight crop whose border is mostly ink: the named ink colour decides, not the border."""
    page = np.ones((60, 60), np.float32)
    page[20:40, 25:35] = 0.0  # a hole of paper in a field of ink
    out = assert_mnist_like(to_mnist(page, ink="light"))
    assert out.max() > 0.99


@pytest.mark.parametrize("brush", [4, 28, 64])
def test_a_click_on_the_canvas_is_too_small_but_a_short_stroke_is_not(brush: int):
    """A pen dot of any app brush width on the 280-px canvas is a dot; a 1 drawn with it is a digit."""
    yy, xx = np.indices((280, 280))
    dot = ((yy - 140) ** 2 + (xx - 140) ** 2 <= (brush / 2) ** 2).astype(np.float32)
    assert normalise(dot, ink="light").too_small
    one = ((np.abs(xx - 140) <= brush / 2) & (np.abs(yy - 140) <= 70)).astype(np.float32)
    assert to_mnist(one, ink="light") is not None


def test_no_mnist_test_digit_is_too_small(mnist_test):
    images, _ = mnist_test
    assert not any(normalise(image).too_small for image in images[:3000])


def test_placement_maps_rows_back_onto_the_picture():
    page = np.zeros((400, 300), np.float32)
    page[100:300, 140:160] = 1.0  # a "1": 200 rows tall from row 100
    result = normalise(page, ink="light")
    placement = result.placement
    assert result.image is not None and placement is not None
    assert placement.crop == (100, 140, 300, 160)
    top, _, height, _ = placement.box
    assert height == BOX and result.image[top].max() > 0 and result.image[top - 1].max() == 0
    assert placement.rows_per_row == 10.0
    assert placement.picture_rows(top) == (100.0, 110.0)
    assert placement.picture_rows(top + height - 1) == (290.0, 300.0)
    assert placement.row_at(105) == top and placement.row_at(299) == top + height - 1
    assert placement.row_at(-1000) == 0 and placement.row_at(10_000) == 27
    big = np.zeros((4100, 100), np.float32)  # reduced ×3 before anything else: the mapping still is in picture px
    big[1000:3000, 40:60] = 1.0
    crop = normalise(big, ink="light").placement.crop
    assert abs(crop[0] - 1000) <= 3 and abs(crop[2] - 3000) <= 3


def test_one_pixel_image():
    """One pixel is a page of one shade: no digit, whatever the ink colour."""
    assert to_mnist(np.array([[255]], np.uint8)) is None
    assert to_mnist(np.array([[1.0]]), ink="light") is None


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_refused(bad):
    image = np.zeros((30, 30))
    image[3, 4] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        to_mnist(image)


def test_non_finite_values_are_refused_in_huge_images_too():
    image = np.zeros((MAX_INPUT_SIDE + 1, 10), np.float32)
    image[-1, -1] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        to_mnist(image)


@pytest.mark.parametrize(
    "shape",
    [(28,), (2, 28, 28, 1), (28, 28, 0), (28, 28, 5), (0, 28), (28, 0), (0, 0, 3), ()],
)
def test_wrong_dimensions_are_refused_clearly(shape):
    with pytest.raises(ValueError, match=r"expected a 2-D grey, grey \+ alpha, RGB or RGBA image|image has no pixels"):
        to_mnist(np.zeros(shape, np.uint8))


@pytest.mark.parametrize(
    ("image", "words"), [(np.array([["a", "b"], ["c", "d"]]), "is not numeric"), (np.zeros((5, 5), complex), "complex")]
)
def test_non_numeric_images_are_refused(image, words):
    with pytest.raises(TypeError, match=words):
        to_mnist(image)


def test_unknown_ink_is_refused(paper):
    with pytest.raises(ValueError, match="ink must be 'auto', 'dark' or 'light'"):
        to_mnist(paper, ink="blue")  # type: ignore[arg-type]


def test_huge_image_is_fast_and_memory_bounded(mnist_test):
    """10,000 × 10,000 (100 MB of uint8): well under the many-GB a full-size float pipeline would need."""
    digit = mnist_test[0][1]
    side = 10_000
    page = np.full((side, side), 255, np.uint8)
    page[1000 : 1000 + 28 * 250, 2000 : 2000 + 28 * 250] = 255 - np.kron(digit, np.ones((250, 250), np.uint8))
    with peak_memory() as peak:
        started = time.process_time()  # CPU time: a busy machine does not stretch it
        out = to_mnist(page)
        seconds = time.process_time() - started
    assert seconds < 10.0  # about 0.5 s on an idle core
    assert peak.bytes < 250e6, f"{peak.bytes / 1e6:.0f} MB"
    small = to_mnist(255 - np.kron(digit, np.ones((10, 10), np.uint8)))
    assert np.abs(assert_mnist_like(out) - small).max() < 0.05


@pytest.mark.parametrize("trim", [0, 3])
def test_downsampling_a_huge_image_matches_a_medium_one(mnist_test, trim):
    """Edge blocks of the band average are partial when the size is no multiple of the factor; no dark rim."""
    digit = mnist_test[0][2]
    medium = to_mnist(255 - np.kron(digit, np.ones((40, 40), np.uint8)))
    huge = 255 - np.kron(digit, np.ones((80, 80), np.uint8))  # 2240 px: above MAX_INPUT_SIDE
    huge = huge[: huge.shape[0] - trim, : huge.shape[1] - trim]
    assert max(huge.shape) > MAX_INPUT_SIDE
    assert np.abs(assert_mnist_like(to_mnist(huge)) - medium).max() < 0.05


def test_mnist_digits_round_trip(mnist_test):
    """MNIST digits are already normalised: passing them through again changes them very little."""
    images = mnist_test[0][:300]
    diffs, corrs = [], []
    for image in images:
        out = to_mnist(image)
        original = image.astype(np.float32) / 255.0
        diffs.append(np.abs(out - original).mean())
        corrs.append(np.corrcoef(out.ravel(), original.ravel())[0, 1])
    # typical digits come back (nearly) unchanged; a few whose mass is off-centre shift by a pixel
    assert np.median(diffs) < 0.005 and np.mean(diffs) < 0.01
    assert np.median(corrs) > 0.99 and np.mean(np.asarray(corrs) > 0.9) > 0.95


def test_faint_paper_noise_is_not_a_digit():
    rng = np.random.default_rng(0)
    page = rng.integers(250, 256, size=(200, 200), dtype=np.uint8)  # a scanned blank page: 2 % noise
    assert to_mnist(page) is None
    assert to_mnist(page, ink="dark") is None
    page[60:140, 95:105] = 200  # a faint but real pencil stroke, ~22 % below the paper
    digit = to_mnist(page)
    assert digit is not None and digit.max() == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint32, np.float64])
def test_integer_and_float_arrays_of_0_to_255_values_read_like_uint8(dtype):
    # np.array([[0, 255, ...]]) gives int64: it must mean what uint8 would, not a near-black page.
    page = np.zeros((60, 60), np.uint8)
    page[10:50, 28:33] = 255
    assert np.allclose(to_mnist(page.astype(dtype)), to_mnist(page), atol=1e-6)


@pytest.mark.parametrize("side", ["top", "left"])
def test_a_digit_with_its_weight_at_one_end_stays_inside_the_field(side):
    """A heavy bar over a hairline stem: centring its mass would push the bottom (or right) out of the 28×28."""
    page = np.zeros((200, 200), np.float32)
    page[10:50, 20:180] = 1.0  # the bar
    page[50:190, 99:101] = 1.0  # the stem
    page = page if side == "top" else page.T
    out = to_mnist(page, ink="light")
    assert out is not None
    assert (out[-1] if side == "top" else out[:, -1]).max() > 0  # moved back in until the stem touches the edge


def test_a_page_lit_brighter_in_the_middle_is_still_dark_ink_on_paper():
    """The border (paper at 0.7 under a dim lamp) says dark ink; the brighter middle of the page is no digit."""
    page = np.full((120, 120), 0.7, np.float32)
    page[20:100, 20:100] = 0.85  # the lamp's light
    page[30:90, 56:64] = 0.1  # a "1" in pencil
    assert np.array_equal(to_mnist(page), to_mnist(page, ink="dark"))


def test_float_pixels_are_0_to_255_only_above_2():
    """Floats are [0, 1] up to 2 (resampling's overshoot, below 0 or above 1, is clipped), 0…255 above it. Values
    below 0 once made the picture 0…255: a bicubic-enlarged [0, 1] digit (-0.1…1.12) was a black page."""
    page = np.zeros((60, 60), np.float32)
    page[10:50, 28:33] = 1.0
    expected = to_mnist(page)
    overshot = page.copy()
    overshot[10:50, 27], overshot[10:50, 33], overshot[0, 0] = -0.1, 1.9, -1.0
    assert np.array_equal(to_mnist(overshot), to_mnist(np.clip(overshot, 0, 1)))
    assert expected is not None and np.array_equal(to_mnist(page * 255), expected)
    assert to_mnist(page * 2.01) is None  # 0…255: 2/255 of a page stands out from nothing


def test_integers_beyond_16_bits_are_read_from_their_own_lowest_to_highest_value():
    page = np.full((60, 60), -500, np.int32)
    page[10:50, 28:33] = 500
    page[10:50, 27] = page[10:50, 33] = -250  # anti-aliased edges, a quarter of the way up
    np.testing.assert_allclose(to_mnist(page * 1000), to_mnist((page + 500) / 1000), atol=1e-6)


@pytest.mark.parametrize(("length", "small"), [(30, True), (50, False)])
def test_a_stroke_spanning_under_4_percent_of_the_page_is_a_speck(length, small):
    page = np.zeros((1000, 1000), np.uint8)
    page[500 : 500 + length, 500:503] = 255  # a short line, not a dot
    assert normalise(page, ink="light").too_small is small


def test_colours_weigh_as_their_luminance():
    """A red and a blue stroke on white: red (0.299) is the paler ink, as in PIL's own grey conversion."""
    from PIL import Image

    page = np.full((100, 100, 3), 255, np.uint8)
    page[20:80, 30:40] = (255, 0, 0)
    page[20:80, 60:70] = (0, 0, 255)
    grey = np.asarray(Image.fromarray(page).convert("L"))
    np.testing.assert_allclose(to_mnist(page), to_mnist(grey), atol=0.01)


def test_a_hairline_far_wider_than_tall_keeps_one_row():
    page = np.zeros((400, 400), np.uint8)
    page[200:202, 50:350] = 255  # 2 × 300 px: 20 / 300 of 2 rows rounds to none
    # a line lying flat is no digit (one_digit.FLATTEST): read as allow_small reads one
    out = to_mnist(page, ink="light", normalise_strokes=False, allow_small=True)
    assert out is not None and ink_box(out) == (1, BOX)


@pytest.mark.parametrize(
    ("shape", "reduced"), [((2048, 60), (2048, 60)), ((2049, 60), (1025, 30)), ((4097, 9), (1366, 3))]
)
def test_a_picture_over_the_largest_side_is_read_at_most_that_large(shape, reduced):
    page = np.zeros(shape, np.uint8)
    page[100:1900, 2:7] = 255
    assert normalise(page, ink="light").ink.shape == reduced
