"""The fortieth round of hostile testing, fit: `training.fit`, `training.merge` and `training.ship` as a student uses
them, with readers trained on a GPU machine (torch 2.11, `--device cuda`) brought to this CPU (torch 2.14)."""

from __future__ import annotations

import hashlib
import json
import signal
from pathlib import Path

import pytest
import torch

import training.fit as fit_module
from rowreader.checkpoint import CheckpointError, read_metadata
from training.fit import main as fit_main
from training.state import CUDA_GENERATOR_BYTES, check_generator_device, state_path

TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "32", "--hidden", "8", "--threads", "1", "--seed", "3"]


def _stopped_after(out: Path, monkeypatch, saved: int = 1, *flags: str) -> None:
    """A run of ``saved`` + 1 epochs (and ``flags``) stopped by SIGTERM in its last: epoch ``saved``'s checkpoint and
    state on disk."""
    real_train_epoch = fit_module.train_epoch

    def stopped_in_the_last_epoch(run, data):
        if run.epoch == saved:
            signal.raise_signal(signal.SIGTERM)
        return real_train_epoch(run, data)

    monkeypatch.setattr(fit_module, "train_epoch", stopped_in_the_last_epoch)
    assert fit_main([*TINY, *flags, "--epochs", str(saved + 1), "--out", str(out)]) == 128 + signal.SIGTERM
    monkeypatch.setattr(fit_module, "train_epoch", real_train_epoch)


def _digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]


def test_a_run_begun_on_a_gpu_resumed_on_the_cpu_is_refused_as_such_before_the_data(tmp_path, capsys, monkeypatch):
    """A run begun with `--device cuda` (t3 of the GPU machine, stopped by SIGTERM at epoch 27 of 30 and told to
    resume) saves its augmentation's generator as CUDA's, 16 bytes. Resumed here, on the CPU, it was refused after
    MNIST was read as "does not fit its own recipe (damaged?): Expected a CPUGeneratorImplState of size 5056 but
    found the input RNG state size to be 16", of a state that was whole. It says what it is and what to do, before
    any data is read, and leaves the run's files as they were."""
    out = tmp_path / "t3.safetensors"
    _stopped_after(out, monkeypatch)
    state = torch.load(state_path(out), weights_only=True)
    state["aug_rng"] = torch.tensor([5 + 1, 0], dtype=torch.int64).view(torch.uint8)  # CUDA's: seed, offset
    assert state["aug_rng"].numel() == CUDA_GENERATOR_BYTES
    torch.save(state, state_path(out))
    before = _digest(out, state_path(out))

    def no_data(*args, **kwargs):
        raise AssertionError("the data was read before the refusal")

    monkeypatch.setattr(fit_module, "load_data", no_data)
    capsys.readouterr()
    assert fit_main(["--device", "cpu", "--threads", "1", "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert f"{state_path(out)} was saved by a run on a CUDA GPU" in err, err
    assert "resume it with --device cuda on a machine with CUDA" in err and f"--start-from {out}" in err, err
    assert "damaged" not in err, err
    assert _digest(out, state_path(out)) == before


def test_a_run_begun_on_the_cpu_is_not_resumed_on_a_gpu(tmp_path):
    """The other way, a CPU's generator (5,056 bytes) on a GPU: torch's "RNG state is wrong size", called damage."""
    cpu_state = torch.Generator().get_state()
    with pytest.raises(ValueError, match=r"saved by a run on the CPU \(cpu\); .* not on a CUDA GPU: resume it with "
                       r"--device cpu, or go on"):  # fmt: skip
        check_generator_device(cpu_state, torch.device("cuda", 0), tmp_path / "m.safetensors", "cpu")
    check_generator_device(cpu_state, torch.device("cpu"), tmp_path / "m.safetensors")  # the same kind: no word


def test_a_checkpoint_copied_without_its_state_is_not_called_killed_in_its_first_save(tmp_path, capsys, monkeypatch):
    """t3 of the GPU machine, copied here without its `t3.state.pt` (stopped at epoch 27 of 30): `--resume` said
    "no training state beside it (t3.state.pt: a run killed while saving its first epoch leaves the checkpoint
    alone) … start the run again without --resume", 27 epochs to throw away on a guess that cannot be true (past
    epoch 1 a state is on disk at every moment of a save). It says the state went since, and to put it back."""
    out = tmp_path / "t3.safetensors"
    _stopped_after(out, monkeypatch, saved=2)
    state_path(out).unlink()  # left on the machine it was trained on
    capsys.readouterr()
    assert fit_main(["--device", "cpu", "--threads", "1", "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "(t3.state.pt: its run saved one with each of its 2 epochs, so it was moved or deleted since" in err, err
    assert "put t3.state.pt back beside it, or go on from its weights alone" in err, err
    assert "first epoch" not in err and "start the run again" not in err, err


def test_a_network_flag_that_agrees_with_a_merged_start_is_taken(tmp_path, capsys):
    """`--start-from m123.safetensors --hidden 768` (the GPU machine's merge of t1–t3: 768 units, its input 384
    wide, a width no flag sets) was refused as "decides the network (its own, lstm 1×768): the recipe's lstm 1×768
    cannot be trained from it", the flag typed agreeing with the start; what the recipe sets is compared now, and
    what it sets otherwise is named by field, with the preset that set it."""
    from training.merge import main as merge_main

    members = [tmp_path / f"t{seed}.safetensors" for seed in (1, 2)]
    for seed, member in enumerate(members, 1):
        assert fit_main([*TINY[:-1], str(seed), "--epochs", "1", "--out", str(member)]) == 0
    merged = tmp_path / "m12.safetensors"
    assert merge_main([*map(str, members), "--out", str(merged)]) == 0
    capsys.readouterr()
    student = tmp_path / "s.safetensors"
    assert fit_main([*TINY, "--hidden", "16", "--epochs", "1", "--start-from", str(merged), "--out", str(student)]) == 0
    assert "decides the network" not in capsys.readouterr().err
    z = str(tmp_path / "z.safetensors")
    assert fit_main([*TINY[:6], "--preset", "seed", "--start-from", str(merged), "--out", z]) == 2
    err = capsys.readouterr().err
    assert "the recipe's hidden_size 128 (its own 16), pixel_mean 0.0 (its own 0.1307)" in err, err
    assert err.rstrip().endswith("leave out --preset seed"), err


def test_a_finished_runs_folder_moved_here_is_still_finished(tmp_path):
    """`training.ship --runs R` done on the GPU machine, its folder copied here (or `mv runs runs-h200`): teacher B
    was "made with another recipe than teacher B's (start_from differs: a rehearsal with --also?)", its stage 1 the
    very file it began from, only elsewhere. A stage's inputs are its recipe's paths, or files of the SHA-256s it
    records of them; one of other bytes still differs."""
    import shutil

    from rowreader import load_checkpoint, save_checkpoint
    from rowreader.checkpoint import pretrained_path
    from rowreader.paths import file_sha256
    from training import arguments, ship

    there, here = tmp_path / "w", tmp_path / "runs"
    here.mkdir()
    stage1 = here / "stage1.safetensors"
    shutil.copy(pretrained_path(), stage1)
    teacher_b = ship.STAGES[2]
    made_there = arguments.parse_args(ship.stage_argv(teacher_b, there, ["--device", "cuda"]), starting=False)
    metadata = {
        "recipe": json.loads(json.dumps(made_there.recipe(), default=vars)),
        "start_from": {"file": stage1.name, "sha256": file_sha256(stage1)},
        "epochs_trained": 8,
    }
    out = here / "pen50.safetensors"
    save_checkpoint(out, load_checkpoint(stage1), metadata)
    argv = ship.stage_argv(teacher_b, here, ["--device", "cpu"])
    ship.check_recipe(out, teacher_b, argv)  # the same stage, moved: no refusal
    stage1.write_bytes(stage1.read_bytes()[:-4] + b"\0\0\0\0")  # a stage 1 trained again since
    with pytest.raises(CheckpointError, match=r"another recipe than teacher B's \(start_from differs"):
        ship.check_recipe(out, teacher_b, argv)


def test_a_reader_beside_a_merge_that_holds_it_is_refused(tmp_path, capsys, monkeypatch):
    """`--distill-from t1.safetensors m123.safetensors` (m123 the GPU machine's merge of t1, t2 and t3) trained
    without a word on t1's beliefs as two thirds of the lesson, t2's and t3's a sixth each, where `t1 t1-copy` was
    refused for the same doubling; two merges sharing a member, in a merge or as teachers, likewise."""
    import training.merge
    from training.merge import main as merge_main

    monkeypatch.setattr(training.merge, "mnist_curve", lambda *args: {})  # its test curve: seconds, not needed here

    readers = [tmp_path / f"t{seed}.safetensors" for seed in (1, 2, 3)]
    for seed, reader in enumerate(readers, 1):
        assert fit_main([*TINY[:-1], str(seed), "--epochs", "1", "--out", str(reader)]) == 0
    t1, t2, t3 = map(str, readers)
    m12, m13 = str(tmp_path / "m12.safetensors"), str(tmp_path / "m13.safetensors")
    assert merge_main([t1, t2, "--out", m12]) == 0 and merge_main([t1, t3, "--out", m13]) == 0
    capsys.readouterr()
    out = str(tmp_path / "student.safetensors")
    assert fit_main([*TINY, "--epochs", "1", "--distill-from", t1, m12, "--out", out]) == 2
    assert (
        f"{t1} is one of the readers {m12} merges (t1.safetensors): its beliefs would count twice"
        in capsys.readouterr().err
    )
    assert merge_main([m12, m13, "--out", str(tmp_path / "m1213.safetensors")]) == 2
    assert f"{m12} and {m13} both merge t1.safetensors: its beliefs would count twice" in capsys.readouterr().err
    assert fit_main([*TINY, "--epochs", "1", "--distill-from", m12, t3, "--out", out]) == 0  # none shared


def test_a_merge_over_a_model_says_it_replaces_it_before_the_work(tmp_path, capsys, monkeypatch):
    """`training.merge t1 t2 --out s1.safetensors`, s1 the GPU machine's distilled student copied here without its
    state, replaced it at the end (90 s later, MNIST's curve read) without a word, where a fine-tune over a model
    says so before any work. It says so too; a new --out, nothing. (Since the fifty-first round a merge replaces
    only a merge's model unless --force: with --force, the note.)"""
    import training.merge
    from training.merge import main as merge_main

    monkeypatch.setattr(training.merge, "mnist_curve", lambda *args: {})
    readers = [tmp_path / f"t{seed}.safetensors" for seed in (1, 2, 3)]
    for seed, reader in enumerate(readers, 1):
        assert fit_main([*TINY[:-1], str(seed), "--epochs", "1", "--out", str(reader)]) == 0
    state_path(readers[2]).unlink()  # the student, copied without its state
    capsys.readouterr()
    assert merge_main([str(readers[0]), str(readers[1]), "--out", str(readers[2])]) == 2
    assert "not a merge's" in capsys.readouterr().err
    assert merge_main([str(readers[0]), str(readers[1]), "--out", str(readers[2]), "--force"]) == 0
    err = capsys.readouterr().err
    assert f"note: {readers[2]} holds a model training.fit trained for 1 epoch; the merged model replaces it" in err
    assert merge_main([str(readers[0]), str(readers[1]), "--out", str(tmp_path / "new.safetensors")]) == 0
    assert "note:" not in capsys.readouterr().err


def test_a_run_resumed_with_its_teachers_moved_goes_on_from_them_where_they_are(tmp_path, capsys, monkeypatch):
    """A distillation's folder moved with its teachers (training.ship's --runs copied from the GPU machine, its last
    stage unfinished): `--resume --distill-from` the files where they are now was refused, "put it back there",
    the path perhaps another machine's, the files given named only in a note as ignored. Files of the SHA-256s the
    checkpoint records are the run's teachers wherever they lie; others are still refused."""
    there, here = tmp_path / "w", tmp_path / "runs"
    teacher = there / "t.safetensors"
    assert fit_main([*TINY, "--epochs", "1", "--out", str(teacher)]) == 0
    out = there / "s.safetensors"
    _stopped_after(out, monkeypatch, 1, "--distill-from", str(teacher))
    there.rename(here)
    moved, out = here / "t.safetensors", here / "s.safetensors"
    other = here / "other.safetensors"
    assert fit_main([*TINY[:-1], "4", "--epochs", "1", "--out", str(other)]) == 0
    capsys.readouterr()
    assert fit_main(["--threads", "1", "--resume", "--distill-from", str(other), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "put it back there to resume, or give --distill-from with the files where they are now" in err, err
    assert fit_main(["--threads", "1", "--resume", "--distill-from", str(moved), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "resuming after epoch 1" in captured.out and "note:" not in captured.err, captured.err
    assert read_metadata(out)["recipe"]["distill_from"] == [str(moved)]


@pytest.mark.parametrize("flag", ["--device", "--threads", "--pen-workers", "--data-dir", "--pen-dir"])
def test_a_flag_of_ships_own_in_also_is_refused(flag, tmp_path, capsys):
    """`training.ship --device cpu --also '--device cuda'` printed (and ran) every stage with both, `--device cpu
    --device cuda`, the later winning without a word; ship always gives its own `--device`, so `--also '--device
    cuda'` alone did too. Its own flags go to ship."""
    from training import ship

    with pytest.raises(SystemExit) as refused:
        ship.main(["--runs", str(tmp_path), "--dry-run", f"--also={flag} 1"])
    assert refused.value.code == 2
    assert f"--also {flag}: a flag of ship's own, which it gives every stage" in capsys.readouterr().err
