"""The forty-fifth round of hostile testing, simplify: rowreader/, gui/ and training/ read for two definitions of one
thing, dead code and docstrings that no longer say what the code does; what merging them brought to light is tested
here, each test checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader.pen import render_strokes
from training.config import FLOAT_RANGES, FitConfig, flag
from training.state import load_state

# A whole number no float holds: JSON and pickle read it whole, and math.isfinite raises OverflowError for it
HUGE = st.integers(min_value=2**1024, max_value=10**400)


def _state(path: Path, **fields: object) -> Path:
    """A training state of every field load_state asks for, ``fields`` in place of the defaults, saved by torch."""
    uint8 = torch.zeros(4, dtype=torch.uint8)
    state = {"model": {"w": torch.zeros(2)}, "optimizer": {}, "scheduler": {}, "cpu_rng": uint8, "aug_rng": uint8}
    state |= {"epoch": 1, "step": 10, "best": 0.5, "elapsed": 1.0, "train_seconds": 1.0, "config": {}, "history": []}
    torch.save(state | fields, path)
    return path


@settings(max_examples=15, deadline=None)
@given(huge=HUGE, field=st.sampled_from(["best", "elapsed", "train_seconds", "loss"]))
def test_a_state_holding_a_number_no_float_holds_is_refused_by_name(tmp_path_factory, huge: int, field: str) -> None:
    """A training state whose best, elapsed or train_seconds (or a metrics row's loss) was a whole number of 400
    digits ended `--resume` in OverflowError's traceback ("int too large to convert to float"): training.state checked
    numbers with its own math.isfinite where rowreader's one test of a real number (``real_number``) takes any int.
    Now it is refused as damage, its field named, as a NaN there is."""
    path = tmp_path_factory.mktemp("state") / "run.state.pt"
    fields = {"history": [{"epoch": 1, "step": 10, "loss": huge}]} if field == "loss" else {field: huge}
    with pytest.raises(ValueError, match=rf"is damaged: {'history' if field == 'loss' else field} must be"):
        load_state(_state(path, **fields))


@settings(max_examples=10, deadline=None)
@given(huge=HUGE, name=st.sampled_from(sorted(FLOAT_RANGES)))
def test_a_recipe_number_no_float_holds_is_refused_by_name(huge: int, name: str) -> None:
    """A recipe (a resumed state's, a script's FitConfig) whose --lr, --weight-decay or any other number was a whole
    number of 400 digits ended in OverflowError's traceback from FitConfig's own math.isfinite; now refused in the
    flag's words, as an infinite one is."""
    with pytest.raises(ValueError, match=rf"^{flag(name)} must be"):
        FitConfig(**{name: huge})


@settings(max_examples=10, deadline=None)
@given(huge=HUGE, where=st.sampled_from(["size", "centre x", "centre y"]))
def test_a_glyph_placed_by_a_number_no_float_holds_is_refused_by_name(huge: int, where: str) -> None:
    """render_strokes(size=10**400) (or a centre of it) ended in OverflowError's traceback, where a pen width of it
    was refused in words: the glyph's placement used its own math.isfinite. Now each is refused by name."""
    placed = {"size": {"size": huge}, "centre x": {"centre": (huge, 0.5)}, "centre y": {"centre": (0.5, huge)}}[where]
    with pytest.raises(ValueError, match=rf"^{where} must be a fraction of the canvas"):
        render_strokes([np.array([[0.0, 0.0], [1.0, 1.0]])], **placed)
