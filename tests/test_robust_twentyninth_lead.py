"""The twenty-ninth round, found by the lead in the merged round's clean-clone CI (docs/robustness.md)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from rowreader import ReaderConfig, RowReader
from rowreader.cells import cell_names


@pytest.mark.parametrize("cell", cell_names())
def test_biases_that_overflow_as_they_are_folded_are_refused_in_words_not_numpy_warnings(cell):
    """A second layer's two biases of float32's largest value overflow as the stream adds them: the stream refused
    such a model in words, but NumPy's "overflow encountered in add" came first, an error under `-W error`."""
    reader = RowReader(ReaderConfig(cell=cell, hidden_size=4, layers=2))
    with torch.no_grad():
        for name, tensor in reader.named_parameters():
            if name.endswith("_l1") and "bias" in name:
                tensor.fill_(float(np.finfo(np.float32).max))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="layer 1 weights are NaN, infinite or too large for float32"):
            reader.stream()
