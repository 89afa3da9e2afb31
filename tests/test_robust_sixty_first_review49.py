"""The sixty-first round, review49: a review of live3's, library4's and review48's merges (see docs/robustness.md).

library4's new words misled in the cases beside the ones it pinned: a compiled reader saved with its arguments
swapped was "expected the file's path", not told they were swapped; an array of several thresholds was told that
``sure.item()`` gives "the number it holds" (it raises there); ``sure=inf`` was "not a percentage".
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rowreader


@pytest.fixture(scope="module")
def reader() -> torch.nn.Module:
    return rowreader.load_pretrained().build_reader("cpu")


@pytest.mark.parametrize("wrap", ["torch.compile", "DataParallel", "state_dict"])
def test_a_wrapped_reader_saved_with_its_arguments_swapped_is_told_so(reader, tmp_path, wrap) -> None:
    """``save_checkpoint(torch.compile(reader), path)`` was "expected the file's path (a str or a Path), got
    OptimizedModule": the path given second was never named; nothing is written, as before."""
    given = {
        "torch.compile": lambda: torch.compile(reader),  # made lazily: nothing is compiled
        "DataParallel": lambda: torch.nn.DataParallel(reader),
        "state_dict": reader.state_dict,
    }[wrap]()
    with pytest.raises(TypeError, match=r"^save_checkpoint takes the path first, then the model: path is a ") as err:
        rowreader.save_checkpoint(given, str(tmp_path / "m.safetensors"))
    assert f"path is a {type(given).__name__} and model a str" in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("function", [rowreader.first_sure, rowreader.decided_at])
def test_several_thresholds_are_not_told_item_gives_their_number(function) -> None:
    """``first_sure(beliefs, np.array([0.6, 0.9]))`` was told "sure.item() gives the number it holds", and
    ``.item()`` of two numbers raises; ``sure=inf`` was "not a percentage". One number held alone is still told
    ``.item()``, and that number reads."""
    beliefs = np.tile(np.eye(10)[3], (4, 1))
    for sure, count in ((np.array([0.6, 0.9]), 2), (torch.tensor([0.5, 0.7, 0.9]), 3), (np.array([]), 0)):
        with pytest.raises(ValueError, match=rf"one number: got .* \(an array or tensor of {count} numbers: ") as err:
            function(beliefs, sure)
        assert ".item()" not in str(err.value)
    with pytest.raises(ValueError, match=r"sure\.item\(\) gives the number it holds\)$"):
        function(beliefs, torch.tensor([0.5]))
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\]: got inf$"):
        function(beliefs, float("inf"))
    assert function(beliefs, torch.tensor([0.5]).item()) == function(beliefs, 0.5)
