"""The sixty-first round of hostile testing, live3: the cost of reading a picture. A coffee stain was made paper in
a copy of the whole picture (a 2048 × 1536 photo's 72 MB, half its reading); 8-bit pictures over 2048 px were
averaged by float32 reductions cast from uint8 as they went; a strip's look for printed rules padded and viewed its
rows through NumPy's general helpers; a blank photo's colour was summed into a new array a term. Each now costs less,
and these pin that nothing read changed: each cheaper step is the old one, bit for bit, or what it leaves out."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image
from test_robust_fifty_ninth_pages11 import coffee_page

from rowreader import lighting, preprocess


def test_a_stain_is_made_paper_without_a_copy_of_the_whole_picture() -> None:
    """A ring on a 2048 × 1536 photo is made paper where it lies, in normalise's own copy of the pixels: the copy of
    the whole picture (72 MB) and its grey chosen pixel by pixel (24 MB) took 110 MB at the peak, 33 now."""
    photo = np.asarray(coffee_page(np.random.default_rng(61), None).resize((2048, 1536), Image.Resampling.BILINEAR))
    values = preprocess._unit(photo)
    grey = preprocess._to_grey(values)
    tracemalloc.start()
    try:
        out, evened = preprocess._without_stains(values, grey, None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert evened is not grey and (evened != grey).any(), "no stain was found: the test shows nothing"
    assert peak < values.nbytes, f"{peak / 2**20:.0f} MB at the peak, the picture's {values.nbytes / 2**20:.0f}"
    assert out is values and (evened[grey != evened] == preprocess._median(preprocess._border(grey))).all()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    height=st.integers(3, 70),
    width=st.integers(3, 70),
    step=st.integers(1, 9),
    edges=st.tuples(*[st.integers(-5, 80)] * 4),
    seed=st.integers(0, 2**16),
)
def test_a_stains_box_is_spread_as_the_whole_picture_was(height, width, step, edges, seed) -> None:
    """The sampled stain spread over its box alone is the box of the whole picture's spread (each pixel the sampled
    pixel it lies in), down to boxes past the picture's edges and boxes that start inside a sampled pixel."""
    sampled = np.random.default_rng(seed).random((-(-height // step), -(-width // step))) < 0.5
    top, bottom, left, right = edges
    box = np.s_[max(top, 0) : bottom, max(left, 0) : right]
    whole = np.repeat(np.repeat(sampled, step, axis=0), step, axis=1)[:height, :width]
    assert np.array_equal(preprocess._spread_over(sampled, step, box, (height, width)), whole[box])


@pytest.mark.parametrize("dtype", [np.uint8, bool])
@pytest.mark.parametrize("channels", [(), (1,), (3,)])
def test_8_bit_boxes_are_summed_as_whole_numbers_bit_for_bit(dtype, channels) -> None:
    """Box sums of 8-bit shades or a mask, added as integers, are float32's reductions to the bit (both exact),
    for boxes of 2 to ``COUNTED_FACTOR`` px with the edge's partial boxes."""
    rng = np.random.default_rng(len(channels))
    for factor in range(1, preprocess.COUNTED_FACTOR + 1):
        for height, width in ((factor * 5 + 3, factor * 7), (factor * 4, factor * 3 + 1), (1, factor * 2 + 1)):
            block = rng.integers(0, 256, (height, width, *channels), np.uint8)
            block = block if dtype is np.uint8 else block > 127
            reduced = preprocess._box_sums(preprocess._box_sums(block, factor, 0), factor, 1)
            counted = preprocess._counted_box_sums(block, factor)
            assert counted.dtype == np.float32 and np.array_equal(counted, reduced), (factor, height, width)


def test_an_8_bit_photo_is_averaged_without_float_reductions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4100 × 3000 uint8 photo's boxes of 3² are summed as integers (no float32 reduction is asked: 1,000 of them
    took 260 of a 4000 × 3000 photo's 475 ms), and averaged to the same pixels as through the reductions."""
    photo = np.random.default_rng(3).integers(0, 256, (3000, 4100, 3), np.uint8)
    reductions: list[int] = []
    box_sums = preprocess._box_sums

    def counted(a: np.ndarray, factor: int, axis: int) -> np.ndarray:
        reductions.append(axis)
        return box_sums(a, factor, axis)

    monkeypatch.setattr(preprocess, "_box_sums", counted)
    averaged = preprocess.prereduce(photo)
    assert not reductions, f"{len(reductions)} float32 reductions of an 8-bit photo's blocks"
    monkeypatch.setattr(preprocess, "COUNTED_FACTOR", 0)  # each block through the reductions, as before
    assert np.array_equal(preprocess.prereduce(photo), averaged) and reductions


@pytest.mark.parametrize("half", [1, 2, 7, 9])
def test_a_strips_windows_are_numpys_reflected_windows(half: int) -> None:
    """The running median's windows, padded and viewed by hand, are ``np.pad``'s "reflect" seen through
    ``sliding_window_view``, for every length (one reflection reaching, or not) and for a strided strip."""
    rng = np.random.default_rng(half)
    for size in range(1, 60):
        for values in (rng.random(size), rng.random(3 * size)[::3]):
            windows = lighting._reflected_windows(values, half)
            expected = sliding_window_view(np.pad(values, half, mode="reflect"), 2 * half + 1)
            assert windows.shape == expected.shape and np.array_equal(windows, expected), size


def test_a_colours_terms_are_summed_as_pythons_sum_is() -> None:
    """Summed into its first term, the colour's distance is Python's ``sum`` to the bit: begun from 0, a first term
    of -0.0 is 0.0 (a sign ``np.clip`` keeps), and the terms are added in their order."""
    rng = np.random.default_rng(61)
    terms = [rng.choice([-0.0, 0.0, 1e-300, 0.1, 0.7, -0.3], (40, 50)) for _ in range(3)]
    summed = preprocess._summed(term.copy() for term in terms)
    expected = sum(terms)
    assert (np.signbit(terms[0]) & (terms[0] == 0)).any(), "no first term of -0.0: the test shows less"
    assert summed.tobytes() == expected.tobytes()
