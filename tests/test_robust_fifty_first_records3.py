"""The fifty-first round of hostile testing, records3: what the project's files say about themselves across versions
(a taught model's record written by the code before the fiftieth round, the seed model's stored device, a resumed
run's devices) and `rowreader evaluate --json` stopped as its results are built; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import json
import signal
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from stopped_runs import TINY, stopped_in_the_second_epoch
from test_robust_fiftieth_teach5 import sevens_scanned

import rowreader.evaluate
import training.fit as fit_module
from rowreader import save_checkpoint
from rowreader.checkpoint import Checkpoint, load_checkpoint, pretrained_path, read_metadata
from rowreader.cli import main
from rowreader.example_folder import load_examples
from training.config import FitConfig
from training.finetune import _record, learnt_before
from training.metrics import MetricsLog


class _StoppedAsRead(np.ndarray):
    """A curve whose ``tolist`` (the results' building, outside every hold) meets a real SIGTERM."""

    def tolist(self) -> list:  # type: ignore[override]
        signal.raise_signal(signal.SIGTERM)
        return super().tolist()


def test_evaluate_json_stopped_as_the_results_are_built_leaves_a_whole_document(capsys, monkeypatch):
    """A SIGTERM in the few instructions after the reading and the decided rows, as the results were built and
    before their held write, met no handler: the document was left open (`"device": "cpu (2 threads)",` its end)
    and the command ended with a traceback. The results are now built inside the handling and written whole under
    the hold: the document is closed with no results, stderr says the stop and the status is 143."""
    real = rowreader.evaluate.evaluate_rows

    def stopping(*args: object, **kwargs: object) -> rowreader.evaluate.Evaluation:
        read = real(*args, **kwargs)
        return read._replace(curve=read.curve.view(_StoppedAsRead))

    monkeypatch.setattr(rowreader.evaluate, "evaluate_rows", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == 143 and "accuracy_after_row" not in json.loads(out)
    assert err.endswith("error: stopped by SIGTERM before the results were written; the document holds no results\n")


def old_taught(base: Checkpoint, files: list[str]) -> Checkpoint:
    """``base`` as the code before the fiftieth round recorded a model taught on ``files``: each example named
    ``<digit>/<file>``, its sub-folder dropped (``_file_name``, deleted by 3db28249), and no word of how it names."""
    examples = {"count": len(files), "files": files, "taught_before": []}
    return replace(base, metadata={**base.metadata, "examples": examples})


def test_an_old_taught_models_sub_folder_examples_still_count_as_taught(tmp_path, mnist_test):
    """A model taught by the code before the fiftieth round on 7/monday/scan1.png recorded it "7/scan1.png"; the
    fiftieth round names it by its place, "7/monday/scan1.png", so taught again on the same folder the old model's
    example was counted unseen (0 taught before, the held-out estimate said sound though it reads high), and a model
    taught from it carried the old name on. The old name is now read as what it says: a 7 of that file name in some
    folder of the 7s' (``7//scan1.png``, a place no example has), counted taught, and carried on as read."""
    base = load_checkpoint(pretrained_path())
    sevens_scanned(tmp_path, mnist_test, ("monday",))
    old = old_taught(base, ["7/scan1.png"])
    assert learnt_before(old, load_examples(tmp_path)) == 1
    taught_from_old = _taught_record(old, tmp_path)["examples"]
    assert taught_from_old["taught_before"] == ["7//scan1.png"]
    newer = replace(base, metadata={**base.metadata, "examples": {**taught_from_old, "files": []}})
    assert learnt_before(newer, load_examples(tmp_path)) == 1


def test_a_new_taught_models_record_of_a_top_level_example_stays_one_place(tmp_path, mnist_test):
    """The old names are read loosely only where a record does not say how it names: a model taught now on
    7/scan1.png (top level) does not count a later 7/tuesday/scan1.png taught."""
    base = load_checkpoint(pretrained_path())
    images, labels = mnist_test
    (tmp_path / "top" / "7").mkdir(parents=True)
    Image.fromarray(255 - images[labels == 7][0]).save(tmp_path / "top" / "7" / "scan1.png")
    taught = replace(base, metadata={**base.metadata, "examples": _taught_record(base, tmp_path / "top")["examples"]})
    sevens_scanned(tmp_path / "later", mnist_test, ("tuesday",))
    assert learnt_before(taught, load_examples(tmp_path / "later")) == 0
    assert learnt_before(old_taught(base, ["7/scan1.png"]), load_examples(tmp_path / "later")) == 1


def _taught_record(base: Checkpoint, root: Path) -> dict:
    """What a fine-tune of ``base`` on ``root`` records (its numbers made up: only the names are looked at)."""
    config = FitConfig(finetune=str(pretrained_path()), examples=str(root))
    heldout = {"before": 1.0, "after": 1.0, "curve": [], "misread": []}
    mnist = {"before": 0.99, "after": 0.99, "per_row": [0.99], "lost_most": None}  # no digit lost 3 (teach13)
    return _record(base, load_examples(root), config, None, heldout, mnist, {"name": "x", "digits": 1}, 1.0, 0)


def test_the_seed_models_stored_one_threads_is_read_in_good_words():
    """The seed model's metadata, written by an older version, says "cpu (1 threads)"; the shipped file is not to be
    changed, so its words are read as this version writes them: "cpu (1 thread)"."""
    seed = pretrained_path().with_name("seed.safetensors")
    assert read_metadata(seed)["device"] == "cpu (1 thread)"
    assert load_checkpoint(seed).metadata["device"] == "cpu (1 thread)"


def test_a_run_resumed_with_more_threads_records_each_legs_device(tmp_path, monkeypatch):
    """A run begun with `--threads 1`, stopped and resumed with `--threads 2` recorded `"device": "cpu (2 threads)"`
    alone: its first epoch's thread said only in its command. `"devices"` now holds each leg's, the first command's
    first (as `"resumed_with"` orders the commands); `"device"` is still the last leg's, as older files read it."""
    out = tmp_path / "run.safetensors"
    stopped_in_the_second_epoch(monkeypatch, [*TINY, "--out", str(out)])
    resumed = [*TINY[:-4], "--threads", "2", "--epochs", "3", "--resume", "--out", str(out)]
    try:
        assert fit_module.main(resumed) == 0
    finally:
        torch.set_num_threads(1)  # as the first leg left it: the tests after this one are not run on two threads
    metadata = read_metadata(out)
    assert metadata["devices"] == ["cpu (1 thread)", "cpu (2 threads)"] and metadata["device"] == "cpu (2 threads)"


def test_a_run_an_older_version_began_and_resumed_records_its_unknown_legs_as_null(tmp_path, monkeypatch):
    """Resuming a run whose checkpoint an older version wrote (no `"devices"`, one resume already in
    `"resumed_with"`): its first leg's device was never recorded and is null; its last one is the recorded `device`."""
    out = tmp_path / "run.safetensors"
    stopped_in_the_second_epoch(monkeypatch, [*TINY, "--out", str(out)])
    older = read_metadata(out)
    older.pop("devices", None)
    older["resumed_with"] = ["python -m training.fit --resume (an older version's)"]
    rewritten = load_checkpoint(out)
    save_checkpoint(out, rewritten.reader, older)
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 0
    assert read_metadata(out)["devices"] == [None, "cpu (1 thread)", "cpu (1 thread)"]


def _row(step: int, epoch: int, curve: list[float] | None = None) -> dict:
    """A metrics row as MetricsLog writes it (the test accuracy only on an epoch's own row)."""
    row = {"epoch": epoch, "step": step, "seconds": "0.5", "loss": "2.1", "lr": "0.001", "train_accuracy": "0.2"}
    return row | ({"test_accuracy": f"{curve[-1]:.5f}"} if curve else {})


def test_a_resumed_run_does_not_carry_an_older_versions_doubled_rows_on(tmp_path):
    """A run an older version began with `--log-every 4` over epochs of 8 steps held each epoch's last step twice,
    its logged row then the epoch's row of the same numbers (b99e94ec mended new runs). Resumed, its state's rows
    wrote the CSV anew, both kept, and every later save kept them: a plot by step still drew steps 8 and 16 twice.
    The restored rows now keep each step once, the epoch's own row where both are."""
    old = [_row(4, 1), _row(8, 1), _row(8, 1, [0.3]), _row(12, 2), _row(16, 2), _row(16, 2, [0.4])]
    log = MetricsLog(tmp_path / "m.metrics.csv")
    log.restore(old)
    assert [(row["step"], "test_accuracy" in row) for row in log.history] == [(4, 0), (8, 1), (12, 0), (16, 1)]
    lines = (tmp_path / "m.metrics.csv").read_text().splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["4", "8", "12", "16"]
