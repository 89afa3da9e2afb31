"""The forty-sixth round of hostile testing, killfit: training and its neighbours treated roughly, as users would:
`python -m training.fit` (--limit 512 --epochs 2 --hidden 32) stopped by SIGINT, SIGTERM and SIGKILL while loading,
while its pen workers rendered, mid-epoch and around its saves, then resumed; its folder made read-only, its disk
full; --out a picture, a folder, a link; two runs at one --out; `training.ship` killed between stages;
`training.merge` given odd readers and odd --outs. Each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest
import torch
from stopped_runs import TINY, stopped_after_one_epoch

import training.fit as fit_module
from rowreader.checkpoint import Checkpoint, save_checkpoint
from rowreader.launch import run_main
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from training import merge
from training.state import state_path

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # a picture's start: what the refusal should name


@pytest.fixture
def readers(tmp_path):
    """Two small readers of one shape, saved: a merge's members."""
    paths = []
    for seed in (0, 1):
        reader = RowReader(ReaderConfig(hidden_size=8)).initialise(torch.Generator().manual_seed(seed))
        paths.append(tmp_path / f"r{seed}.safetensors")
        save_checkpoint(paths[-1], Checkpoint.from_reader(reader))
    return paths


def test_a_merge_says_what_the_file_it_will_not_replace_is(tmp_path, readers, capsys, monkeypatch):
    """`training.merge a b --out holiday.safetensors`, that name a picture of the user's, was refused as "exists and
    is not a RowReader checkpoint; choose another path or --force", not a word of what the file was, where
    training.fit's refusal of the same file says "(it is a PNG picture)" (a fine-tune's said as the merge's). The
    merge and the fine-tune say it as training.fit does, from the one description, and the picture is kept."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    out = tmp_path / "holiday.safetensors"
    out.write_bytes(PNG)
    assert merge.main([*map(str, readers), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "exists and is not a RowReader checkpoint (it is a PNG picture); choose another path, or pass --force" in err
    assert out.read_bytes() == PNG


def test_a_state_whose_checkpoint_was_moved_away_says_how_to_go_on(tmp_path, capsys, monkeypatch):
    """A run stopped after epoch 1, its checkpoint then moved away to be tried in the app, its state left: `--resume`
    said "--resume: m.safetensors cannot be read to check the data it was trained on: checkpoint not found:
    m.safetensors", no word of the state beside it or of what to do, where a checkpoint without its state says both.
    It says the state holds epoch 1 of a run that goes on only beside its checkpoint, and how to go on: put it back
    (a copy will do), or begin the run again; put back, the run resumes."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    kept = tmp_path / "tried in the app.safetensors"
    out.rename(kept)
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{state_path(out)} holds epoch 1 of a run whose checkpoint, {out}, is not there" in err, err
    assert "put it back there (a copy of it will do), or start the run again without --resume" in err
    kept.rename(out)
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 0
    assert "resuming after epoch 1" in capsys.readouterr().out


def test_a_new_run_over_a_state_whose_checkpoint_was_moved_away_says_it_replaces_it(tmp_path, capsys, monkeypatch):
    """The same run's state left (epoch 1 of 3, its checkpoint moved away to be tried in the app), the command run
    again without --resume replaced that state with its own first epoch without a word, where a run over the
    checkpoint says "… holds epoch 1 of 3 of an earlier run; this run replaces it …; --resume goes on with it
    instead". It says so of the state, and how to go on with it instead."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    out.rename(tmp_path / "tried in the app.safetensors")
    capsys.readouterr()
    assert fit_module.main([*TINY, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert (
        f"note: {state_path(out)} holds epoch 1 of 3 of an earlier run whose checkpoint, {out.name}, is not beside it;"
        " this run replaces it when its first epoch is saved (Ctrl-C before then keeps it); put the checkpoint back"
        " and --resume goes on with it instead" in err
    ), err


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
@pytest.mark.parametrize("there", [False, True], ids=["new out", "an older merge at out"])
def test_a_merge_stopped_says_nothing_was_written(tmp_path, readers, capsys, monkeypatch, there):
    """SIGTERM (Ctrl-C, SIGHUP) while the readers were merged, before the merged model was written, said only
    "python -m training.merge: stopped by SIGTERM": not whether --out, perhaps last week's merge, was written or
    half-written (the nineteenth round saw it and left it), where training.fit and a fine-tune stopped so say
    "nothing was written to OUT". The merge says it too, and an older merge at --out is as it was."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    out = tmp_path / "merged.safetensors"
    if there:
        merged = {"merged_from": [{"file": f"t{n}.safetensors", "sha256": f"{n}" * 64} for n in (1, 2)]}
        save_checkpoint(out, Checkpoint.from_reader(RowReader(ReaderConfig(hidden_size=16)), merged))
    before = out.read_bytes() if there else None
    real = merge.merge_readers

    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # lands here, as one sent while the readers are laid side by side
        return real(*args, **kwargs)

    monkeypatch.setattr(merge, "merge_readers", stopped)
    status = run_main("training.merge", "python -m training.merge", [*map(str, readers), "--out", str(out)])
    assert status == 128 + signal.SIGTERM
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"python -m training.merge: stopped by SIGTERM; nothing was written to {out}"
    )
    assert out.read_bytes() == before if there else not out.exists()


def test_a_reader_with_a_tensor_too_many_is_refused_without_an_empty_list(tmp_path, readers, capsys, monkeypatch):
    """A member holding one tensor more than its network has (someone's `extra.weight` added to a copy) was refused
    as "tensors do not match the model: missing [], unexpected ['extra.weight']": an empty list to read past, and
    "missing []" read as if something were. Only the side that differs is named; the --out is not written."""
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    weights = load_file(readers[1]) | {"extra.weight": np.zeros((3, 3), np.float32)}
    with safe_open(str(readers[1]), "np") as f:
        save_file(weights, tmp_path / "extra.safetensors", metadata=f.metadata())
    out = tmp_path / "merged.safetensors"
    assert merge.main([str(readers[0]), str(tmp_path / "extra.safetensors"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.endswith("extra.safetensors: tensors do not match the model: unexpected ['extra.weight']\n"), err
    assert not out.exists()
