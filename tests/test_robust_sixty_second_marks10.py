"""The sixty-second round of hostile testing, marks10: what marks9 and review50 left round a digit
(``one_digit.ruled_off`` and its ``_mask``, ``_ring_open``). Each test was seen failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import ruled_off


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_ruled_off_says_a_mask_holding_nan_holds_nan(dtype) -> None:
    """A float mask with a NaN in it was refused as holding "values other than 0 and 1 (from nan to nan)": its min
    and max are NaN, which says nothing of what is wrong. It says the mask holds NaN, and where to look."""
    mask = np.zeros((20, 20), dtype)
    mask[5:15, 8:12] = 1
    mask[3, 4] = np.nan
    with pytest.raises(ValueError, match=r"ink mask holds NaN \(not a number\), not 0 or 1, in 1 of its 400 pixels"):
        ruled_off(mask)
