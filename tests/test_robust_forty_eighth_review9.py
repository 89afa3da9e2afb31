"""The forty-eighth round of hostile testing, review9: the forty-seventh round's library and training changes read
with a hostile reviewer's eyes (a checkpoint cut short told from its first bytes, the skipped cache writes, the
ICO/CUR and QOI checks, the stated ink, "did you mean FILE?", --resume's refusals), each suspicion tried on a file or
argument made to break it; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import tarfile

import pytest

from rowreader.atomic import take_lock
from rowreader.checkpoint import CUT_SHORT_REMEDY, CheckpointError, load_checkpoint, pretrained_path, refused_model_file
from rowreader.paths import regular_file


def test_a_tar_of_a_whole_model_is_not_called_a_checkpoint_cut_short(tmp_path):
    """`tar cf model.tar model.safetensors` (a whole model, as it is often passed on) given as --checkpoint was "a
    RowReader checkpoint cut short, not a whole model …; copy it again whole from where it came": the cut-short check
    looked for the header's words anywhere in the file's first 64 KiB, and a tar holds the whole header at byte 512.
    A file begins as a checkpoint of ours only where its header does, at byte 8; the tar is no longer called ours."""
    model = tmp_path / "model.safetensors"
    model.write_bytes(pretrained_path().read_bytes())
    archive = tmp_path / "model.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(model, arcname=model.name)
    with pytest.raises(CheckpointError) as loading:
        load_checkpoint(archive)
    said = str(loading.value)
    assert "cut short, not a whole model" not in said and CUT_SHORT_REMEDY not in said, said
    assert said.startswith(f"{archive}: not a readable safetensors file"), said
    assert refused_model_file("--checkpoint", archive) == f"--checkpoint {said}"


def test_a_lock_left_by_a_killed_run_is_not_offered_as_the_model(tmp_path):
    """A run killed outright (`kill -9`) before its first save leaves only ``runs/quick.safetensors.lock``, the empty
    file it held (the OS frees the lock; nothing removes the file). `rowreader evaluate --checkpoint
    runs/quick.safetensors` then said "checkpoint not found: …; did you mean runs/quick.safetensors.lock?": an empty
    lock file offered as the model. A lock file is never what a name was meant to be; the model's name is still found
    beside one."""
    runs = tmp_path / "runs"
    model = runs / "quick.safetensors"
    take_lock(model).close()  # held, then let go without removing it, as `kill -9` leaves it
    assert (runs / "quick.safetensors.lock").is_file()
    with pytest.raises(FileNotFoundError) as missing:
        regular_file(model, "checkpoint")
    assert str(missing.value) == f"checkpoint not found: {model}", str(missing.value)
    model.write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"; did you mean .*quick\.safetensors\?$"):
        regular_file(runs / "quick", "checkpoint")
