"""The twenty-third round of hostile testing, training: the data pipeline under `python -m training.fit` (the pen
renderings' worker processes stopped and killed), `training.merge` and distillation on odd inputs, `--start-from` a
taught model, and whether the metadata each writes says truthfully where the weights came from."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robust_training import TINY

import rowreader
from rowreader import save_checkpoint
from rowreader.checkpoint import read_metadata
from training.arguments import parse_args
from training.distill import load_teachers
from training.finetune import taught_files
from training.fit import main as fit_main
from training.merge import main as merge_main
from training.pen_augment import PenAugmentConfig
from training.pen_data import PenEpochs, PenWorkerLost


def test_closing_the_pen_workers_ends_a_stopped_worker(unipen):
    """A pen-rendering worker stopped (SIGSTOP, a debugger, a hung process) kept the run from ending: Ctrl-C said
    "interrupted at step 0; … start the run again" and the trainer then waited for good (minutes, until the worker was
    killed by hand), as SIGTERM waits for a stopped process to be continued. Closing the pool ends such a worker."""
    digits = [d for d in unipen if d.split == "train"][:64]
    pens = PenEpochs(digits, per_epoch=8, reuse=1, seed=0, workers=1)
    pens._ahead = pens._submit(0)  # starts the worker
    workers = list(pens._executor._processes.values())
    assert workers
    for process in workers:
        os.kill(process.pid, signal.SIGSTOP)
    closing = threading.Thread(target=pens.close, daemon=True)
    started = time.perf_counter()
    closing.start()
    closing.join(timeout=20)
    try:
        assert not closing.is_alive(), "close() waited for a stopped worker"
        assert time.perf_counter() - started < 20
        assert all(not process.is_alive() for process in workers)
    finally:
        for process in workers:  # leave nothing stopped behind, whatever happened
            if process.is_alive():
                process.kill()


def _readers(tmp_path: Path, reader, metadatas: list[dict]) -> list[Path]:
    """``reader`` saved once per metadata (its weights nudged each time: no two files alike)."""
    paths = []
    for i, metadata in enumerate(metadatas):
        with torch.no_grad():
            for p in reader.parameters():
                p.add_(0.01)
        path = tmp_path / f"r{len(list(tmp_path.glob('r*.safetensors')))}_{i}.safetensors"
        save_checkpoint(path, reader, {"test_accuracy": 0.5, **metadata})
        paths.append(path)
    return paths


def _merged(tmp_path: Path, members: list[Path]) -> Path:
    out = tmp_path / f"m{len(list(tmp_path.glob('m*.safetensors')))}.safetensors"
    assert merge_main([*map(str, members), "--out", str(out)]) == 0
    return out


def _recipe(loss: str) -> dict:
    return {"recipe": {"loss": loss}}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(losses=st.lists(st.sampled_from(["final", "every-row"]), min_size=2, max_size=3), nested=st.booleans())
def test_a_merge_of_a_last_row_reader_is_known_as_one(tmp_path_factory, monkeypatch, tiny_reader, losses, nested):
    """A merge records no recipe of its own, so two seed models (trained on their last row only) merged were taken
    as a teacher of every row's beliefs, where the seed itself was refused (`--distill-from s.safetensors`: refused;
    `--distill-from ss.safetensors`, s and its twin merged: trained, exit 0), and a fine-tune of the merge taught
    every row. The merge's loss is read from its members' recipes, through merges of merges."""
    tmp_path = tmp_path_factory.mktemp("merge")
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))  # no curve: seconds
    merged = _merged(tmp_path, _readers(tmp_path, tiny_reader, [_recipe(loss) for loss in losses]))
    if nested:  # a merge of merges: the members' own members decide
        other = _merged(tmp_path, _readers(tmp_path, tiny_reader, [_recipe("every-row")] * len(losses)))
        merged = _merged(tmp_path, [merged, other])
    expected = "final" if "final" in losses else "every-row"
    config = parse_args(["--finetune", str(merged), "--examples", str(tmp_path)])
    assert config.loss == expected  # a fine-tune keeps to the loss it was trained with
    teaching = parse_args(["--distill-from", str(merged), "--out", str(tmp_path / "x.safetensors")])
    if expected == "final":
        with pytest.raises(ValueError, match="merges a reader trained on its last row only"):
            load_teachers(teaching)
    else:
        assert len(load_teachers(teaching)) == 1
    assert len(load_teachers(parse_args([*teaching_flags(merged, tmp_path), "--loss", "final"]))) == 1


def teaching_flags(teacher: Path, tmp_path: Path) -> list[str]:
    return ["--distill-from", str(teacher), "--out", str(tmp_path / "x.safetensors")]


TAUGHT = {"examples": {"files": ["1/a.png", "7/b.png"], "taught_before": ["3/c.png"], "named": "by place"}}


def test_a_merge_of_a_taught_model_records_what_it_was_taught(tmp_path, monkeypatch, tiny_reader):
    """A taught model merged with another, then taught again on the same examples, read its "held-out" accuracy on
    drawings it had learnt (66.7 % → 66.7 % on 30 examples, the warning the taught model itself gets unsaid): the
    merge recorded the member's file, SHA-256 and recipe, not what it was taught. Each member's record lists it."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    taught, plain = _readers(tmp_path, tiny_reader, [TAUGHT, {}])
    merged = _merged(tmp_path, [plain, taught])
    assert taught_files(read_metadata(merged)) == {"1/a.png", "7/b.png", "3/c.png"}
    twice = _merged(tmp_path, [merged, _merged(tmp_path, _readers(tmp_path, tiny_reader, [{}, {}]))])
    assert taught_files(read_metadata(twice)) == {"1/a.png", "7/b.png", "3/c.png"}  # a merge of merges too
    assert "taught" not in read_metadata(merged)["merged_from"][0]  # the plain member: nothing to say


def test_a_run_started_from_a_taught_model_records_what_it_was_taught(tmp_path, tiny_reader):
    """`--start-from` a taught model: its checkpoint's start_from named the file, SHA-256 and accuracy alone, so
    teaching the new model the same 30 examples said nothing of them being learnt (70.0 % → 66.7 % "held out")."""
    (start,) = _readers(tmp_path, tiny_reader, [TAUGHT])
    tiny = [flag for flag in TINY if flag not in ("--hidden", "16")]  # the start decides the network
    out = tmp_path / "s.safetensors"
    assert fit_main([*tiny, "--start-from", str(start), "--lr", "1e-4", "--out", str(out)]) == 0
    metadata = read_metadata(out)
    assert metadata["start_from"]["taught"] == ["1/a.png", "3/c.png", "7/b.png"]
    assert taught_files(metadata) == {"1/a.png", "7/b.png", "3/c.png"}


def test_a_merge_records_on_how_many_digits_each_member_was_measured(tmp_path, monkeypatch, tiny_reader):
    """A member trained with `--limit 4096` was recorded as `"test_accuracy": 0.55` in the merge's metadata (and in a
    run's start_from and distilled_from), as if of all 10,000 test digits; the record says on how many."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    limited, whole = _readers(tmp_path, tiny_reader, [{"test_digits": 64}, {}])
    sources = read_metadata(_merged(tmp_path, [limited, whole]))["merged_from"]
    assert sources[0]["test_digits"] == 64 and sources[0]["test_accuracy"] == 0.5
    assert "test_digits" not in sources[1]  # nothing recorded: nothing claimed


def test_a_pen_worker_that_fails_is_said_in_one_line(unipen):
    """A worker that raised (a MemoryError, its memory limited with `prlimit --as` one epoch into a run) ended the
    run in two tracebacks, the worker's and the trainer's (exit 1, 40 lines), saying nothing of the epoch kept. It is
    a PenWorkerLost naming the error, which the run says in one line with what it kept (exit 2)."""
    digits = [d for d in unipen if d.split == "train"][:64]
    broken = PenAugmentConfig()
    object.__setattr__(broken, "pen", (0.0, 0.0))  # past the checks: log(0) in the worker, a ValueError there
    failed = r"^a pen-rendering worker failed: ValueError: math domain error$"
    with (
        PenEpochs(digits, per_epoch=8, reuse=1, seed=0, workers=1, config=broken) as pens,
        pytest.raises(PenWorkerLost, match=failed),
    ):
        pens.epoch(0)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(copied=st.integers(0, 1), note=st.text(min_size=1, max_size=20), teach=st.booleans())
def test_a_reader_saved_again_is_still_the_same_reader(tmp_path_factory, monkeypatch, tiny_reader, copied, note, teach):
    """`merge a a-copy b`, a-copy the same network and weights saved with other metadata, made a reader of three
    whose mean was two thirds a's (65.02 % on MNIST, "the readers alone: 55.00 %, 55.00 %, 52.47 %"), and
    `--distill-from a a-copy` taught a twice: only byte-identical files were refused. A copy is told by its weights."""
    tmp_path = tmp_path_factory.mktemp("copies")
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    members = _readers(tmp_path, tiny_reader, [{}, {}])
    copy = tmp_path / "copy.safetensors"
    source = rowreader.load_checkpoint(members[copied])
    save_checkpoint(copy, source.build_reader(), {"test_accuracy": 0.25, "note": note})
    paths = [*members, copy]
    if teach:
        with pytest.raises(ValueError, match=r"is the same reader as .* \(the same weights\)"):
            load_teachers(parse_args(["--distill-from", *map(str, paths), "--out", str(tmp_path / "x.safetensors")]))
    else:
        out = tmp_path / "out.safetensors"
        assert merge_main([*map(str, paths), "--out", str(out)]) == 2
        assert not out.exists()
