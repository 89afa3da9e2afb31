"""The thirty-second round of hostile testing, the library: what ``Checkpoint ==`` means, one model's first stream
beside another model's fold, and a drawing kept in the wrong digit's folder, named before it is taught."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import small_readers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader import Checkpoint, load_checkpoint, load_pretrained, save_checkpoint

SHIPPED = load_pretrained()
SPELLINGS = ["as saved", "./ before it", "its full path", "through ..", "a link to it", "a copy of it elsewhere"]


def _spelt(how: str, folder: Path) -> Path:
    """The one saved file ``runs/m.safetensors`` (under ``folder``, the working folder), named ``how``."""
    if how == "a link to it":
        (folder / "link.safetensors").symlink_to("runs/m.safetensors")
        return Path("link.safetensors")
    if how == "a copy of it elsewhere":
        shutil.copyfile(folder / "runs/m.safetensors", folder / "copy.safetensors")
        return Path("copy.safetensors")
    return {
        "as saved": Path("runs/m.safetensors"),
        "./ before it": Path("./runs/m.safetensors"),
        "its full path": folder / "runs/m.safetensors",
        "through ..": Path("runs/../runs/m.safetensors"),
    }[how]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reader=small_readers(), how=st.sampled_from(SPELLINGS), metadata=st.sampled_from([{}, {"test_accuracy": 0.5}]))
def test_a_checkpoint_equals_the_model_it_holds_wherever_it_was_read_from(reader, how, metadata) -> None:
    """``Checkpoint ==`` compared paths as typed: a checkpoint saved and loaded back was unequal to itself (its path
    None, then the file's), and so was one file loaded as ``runs/m.safetensors`` and by its full path, through
    ``..``, a link or a copy. Equal is the same model: config, weights and metadata; a weight or the metadata
    changed is another. The app's "same model" asks which file (``same_file``), not ``==``."""
    config, weights = reader
    made = Checkpoint(config, weights, metadata)
    with tempfile.TemporaryDirectory() as name, contextlib.chdir(name):
        folder = Path(name).resolve()
        (folder / "runs").mkdir()
        save_checkpoint("runs/m.safetensors", made)
        loaded, again = load_checkpoint("runs/m.safetensors"), load_checkpoint(_spelt(how, folder))
    made = Checkpoint(config, weights, loaded.metadata)  # what the save wrote: its date and versions added
    assert loaded == made and again == loaded and again == made and made == again
    changed = dict(weights)
    changed["output.bias"] = np.asarray(weights["output.bias"]) + np.float32(1)
    assert again != Checkpoint(config, changed, metadata)
    assert again != Checkpoint(config, weights, {**metadata, "note": "another"})
    with pytest.raises(TypeError, match="unhashable"):
        hash(again)  # its weights may be put in place: no hash to go stale in a set
