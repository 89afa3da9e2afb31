"""The sixty-first round of hostile testing, the lead's own finds (each seen failing on the code before its fix)."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader import to_mnist


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_pixels_are_refused_as_complex_with_the_way_to_real_ones(dtype) -> None:
    """library4 saw complex pixels (an FFT's output) refused with "image dtype complex64 is not numeric": complex
    numbers are numbers, and the words gave no way on. Now they name what the array holds and how to get real shades;
    what holds no numbers at all is still "not numeric"."""
    image = np.zeros((28, 28), dtype)
    image[8:20, 12:16] = 1 + 0j
    with pytest.raises(TypeError, match=r"holds complex numbers, not a picture's shades: image\.real, or np\.abs"):
        to_mnist(image)
    assert to_mnist(image.real) is not None  # the way it names reads
    with pytest.raises(TypeError, match=r"image dtype <U1 is not numeric"):
        to_mnist(np.zeros((28, 28), "U1"))
