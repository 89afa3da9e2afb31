"""The fiftieth round of hostile testing, records2: what a training run writes about itself (its checkpoint's
metadata, its training state) held against what it did, for runs cut short by ``--limit``, stopped and resumed, and
begun by an older version; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import training.fit as fit_module
from rowreader.checkpoint import read_metadata


def test_a_presets_samples_past_what_the_limit_leaves_are_recorded_as_trained(tmp_path, capsys):
    """``--preset seed --limit 1000`` trained 2 epochs of 7 steps (1,792 samples) and recorded the preset's
    ``train_samples`` 100,000, which it never could have trained, without a word (typed, the same count is refused
    before a step). The preset's count, not typed, is cut to what the epochs hold: the run is the same step for
    step, it says so, and its recipe records the samples it trained."""
    out = tmp_path / "seed.safetensors"
    argv = ["--preset", "seed", "--hidden", "8", "--limit", "256", "--epochs", "1", "--device", "cpu"]
    assert fit_module.main([*argv, "--threads", "1", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert (
        "note: the seed preset's 100,000 training samples are more than --epochs 1 holds over 256 images; the run "
        "trains those it holds, 256 samples (2 steps of 128), and records so" in err
    ), err
    metadata = read_metadata(out)
    assert metadata["steps"] == 2 and metadata["recipe"]["train_samples"] == 256, metadata["recipe"]
    assert metadata["recipe"]["train_samples"] == metadata["steps"] * metadata["recipe"]["batch_size"]
