"""The twenty-fourth round of hostile testing, training: `python -m training.fit` while its disk and data change under
it (the output folder full, deleted, moved or read-only mid-run, `kill -9` mid-save, MNIST's files replaced between
a stop and `--resume`), the resume command line's flags, and the metrics CSV after each."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robust_training import TINY, stopped_in_its_second_epoch

from rowreader import save_checkpoint
from rowreader.atomic import LockHeld, drop_lock, lock_path, take_lock
from rowreader.checkpoint import read_metadata
from training.arguments import typed_settings
from training.fit import main as fit_main

TEST_IMAGES = "t10k-images-idx3-ubyte.gz"


def idx_bytes(array: np.ndarray) -> bytes:
    magic = 2051 if array.ndim == 3 else 2049
    return gzip.compress(struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.astype(np.uint8).tobytes(), 1)


@pytest.fixture(scope="module")
def small_mnist(tmp_path_factory, mnist_test) -> Path:
    """An MNIST folder of 128 training and 64 test digits, written as MNIST's four files (all of them MNIST test
    digits, no two alike: reading MNIST's 60,000 training digits took 9 s on the busy cores)."""
    folder = tmp_path_factory.mktemp("mnist")
    images, labels = mnist_test
    for stem, part in (("train", slice(64, 192)), ("t10k", slice(0, 64))):
        (folder / f"{stem}-images-idx3-ubyte.gz").write_bytes(idx_bytes(images[part]))
        (folder / f"{stem}-labels-idx1-ubyte.gz").write_bytes(idx_bytes(labels[part]))
    return folder


@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory, small_mnist) -> Path:
    """A run of two epochs on ``small_mnist`` stopped (Ctrl-C) in its second: its checkpoint and state of epoch 1."""
    folder = tmp_path_factory.mktemp("stopped")
    with pytest.MonkeyPatch.context() as monkeypatch:
        stopped_in_its_second_epoch(folder, monkeypatch, "--data-dir", small_mnist, out="m.safetensors")
    assert read_metadata(folder / "m.safetensors")["epochs_trained"] == 1
    return folder


def _copy_of(stopped: Path, mnist: Path, tmp: Path) -> tuple[Path, Path]:
    """The stopped run and its MNIST folder copied into ``tmp``, to change and resume there."""
    run, data = tmp / "run", tmp / "mnist"
    shutil.copytree(stopped, run, ignore=shutil.ignore_patterns("*.lock"))
    shutil.copytree(mnist, data)
    return run / "m.safetensors", data


def _resume(out: Path, data: Path, *extra: object) -> int:
    return fit_main([*TINY, "--epochs", "2", "--data-dir", str(data), "--out", str(out), "--resume", *map(str, extra)])


@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(digit=st.integers(0, 63), pixel=st.integers(0, 28 * 28 - 1))
def test_a_test_set_replaced_before_resume_is_refused(stopped_run, small_mnist, tmp_path_factory, capsys, digit, pixel):
    """MNIST's test files replaced between a stop and `--resume` (another copy's t10k-*, here mirrored digits) were
    read without a word: the CSV's epoch 1 was measured on the first digits and epochs 2–3 on the others (0.3115,
    then 0.1982 and 0.2305 at 1,024 digits), and "best" compared across them. The test set's checksum is recorded
    (``test_sha256``) and compared, as the training set's is: one pixel of one digit is enough."""
    out, data = _copy_of(stopped_run, small_mnist, tmp_path_factory.mktemp("changed"))
    raw = bytearray(gzip.decompress((data / TEST_IMAGES).read_bytes()))
    raw[16 + digit * 28 * 28 + pixel] ^= 0xFF
    (data / TEST_IMAGES).write_bytes(gzip.compress(bytes(raw), 1))
    before = (out.read_bytes(), (out.parent / "m.state.pt").read_bytes())
    capsys.readouterr()
    assert _resume(out, data) == 2
    err = capsys.readouterr().err
    assert "--resume: the MNIST test set differs from the one" in err and "test_sha256" in err, err
    assert (out.read_bytes(), (out.parent / "m.state.pt").read_bytes()) == before  # nothing written


def test_the_same_test_set_resumes_and_is_recorded(stopped_run, small_mnist, tmp_path, capsys):
    """The control: the test files as they were, `--resume` goes on to the end, the checkpoint records the test set's
    checksum; a checkpoint saved before it was recorded (no ``test_sha256``) still resumes."""
    out, data = _copy_of(stopped_run, small_mnist, tmp_path)
    recorded = read_metadata(out)["test_sha256"]
    assert isinstance(recorded, str) and len(recorded) == 64
    assert _resume(out, data) == 0, capsys.readouterr().err
    metadata = read_metadata(out)
    assert metadata["epochs_trained"] == 2 and metadata["test_sha256"] == recorded


@pytest.mark.parametrize(
    ("began", "typed", "named"),
    [
        (["--drawn", "1"], ["--drawn", "0"], "drawn 0 (the run's: 1)"),
        (["--augment", "strong"], ["--augment", "light"], "augment 'light' (the run's: 'strong')"),
        (["--seed", "7"], ["--seed", "0"], "seed 0 (the run's: 7)"),
    ],
)
def test_a_resume_flag_typed_as_its_default_is_named(tmp_path, capsys, monkeypatch, began, typed, named):
    """`--resume --pen 0` (or `--drawn 0`) on a run begun with pen digits went on with them without a word: the note
    named only the settings given otherwise than the defaults, and 0 is the default. Every setting typed is named
    where the run's differs."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *began, out="m.safetensors")
    capsys.readouterr()
    out = tmp_path / "m.safetensors"
    assert fit_main([*TINY, "--epochs", "2", "--out", str(out), "--resume", *typed]) == 0
    assert f"note: resuming with the saved recipe, not this command's {named}" in capsys.readouterr().err


DEFAULTS_TYPED = [  # (flag, its default, the recipe's name for it)
    ("--pen", "0", "pen"),
    ("--drawn", "0", "drawn"),
    ("--hidden", "256", "model.hidden_size"),
    ("--cell", "lstm", "model.cell"),
    ("--lr", "0.003", "lr"),
    ("--epochs", "8", "epochs"),
]


@given(typed=st.lists(st.sampled_from(DEFAULTS_TYPED), unique=True))
def test_typed_settings_names_every_recipe_flag_given(typed):
    """What a command line types, its defaults too, named as the resume note names recipe settings, and nothing it
    does not type."""
    argv = [arg for flag, value, _ in typed for arg in (flag, value)] + ["--out", "m.safetensors", "--resume"]
    names = typed_settings(argv)
    given_names = {name for _, _, name in typed}
    untyped = {name for _, _, name in DEFAULTS_TYPED} - given_names
    assert given_names <= names and not untyped & names


def _moved_and_made_again_in_epoch(monkeypatch, folder: Path, epoch: int, then=lambda: None) -> None:
    """While the run trains its ``epoch``, its folder is moved away (``mv out out-old``) and made again, then
    ``then`` runs; in the epoch after it, ``then`` is checked (its return value, if callable)."""
    import training.fit

    real_epoch = training.fit.train_epoch

    def train_epoch(run, data):
        if run.epoch + 1 == epoch:
            folder.rename(folder.with_name("out-old"))
            folder.mkdir()
            then()
        return real_epoch(run, data)

    monkeypatch.setattr(training.fit, "train_epoch", train_epoch)


def test_a_run_whose_folder_was_made_again_leaves_another_runs_files_alone(tmp_path, monkeypatch, capsys):
    """`mv runs runs-old; mkdir runs` while a run went on, and a second run started there: the first run's lock was on
    a file no one could find, so the second was not refused, both wrote the same checkpoint, state and CSV (notes of
    "changed by another program" every epoch), both said "done", and the one that ended last was all that was left
    (a 14-epoch run's model replaced by a 6-epoch one's). A save now holds its locks on first: the run that finds
    another holding them stops, writing nothing over the other's files and leaving its lock in place."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "m.safetensors"
    theirs = {}

    def another_run_starts():
        for path in (out, out_dir / "m.state.pt", out_dir / "m.metrics.csv"):
            theirs[path] = take_lock(path)
            path.write_bytes(b"the other run's " + path.name.encode())

    _moved_and_made_again_in_epoch(monkeypatch, out_dir, 2, another_run_starts)
    try:
        assert fit_main([*TINY, "--epochs", "3", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "was removed or moved and made again while this run went on" in err and "epoch 2 of this run" in err
        for path in theirs:
            assert path.read_bytes() == b"the other run's " + path.name.encode()
            assert lock_path(path).exists()  # the other run's lock, not removed by this run's end
        assert read_metadata(tmp_path / "out-old" / "m.safetensors")["epochs_trained"] == 1
    finally:
        for path, handle in theirs.items():
            drop_lock(path, handle)


def test_a_run_whose_folder_was_made_again_holds_it_against_a_second_run(tmp_path, monkeypatch):
    """The same, no other run yet: the run saves its next epochs in the folder made again, holding its locks there,
    so a second run started then is refused ("another run is writing …") instead of writing the same files."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "m.safetensors"
    refused = []
    import training.fit

    _moved_and_made_again_in_epoch(monkeypatch, out_dir, 2)
    moved_epoch = training.fit.train_epoch

    def a_second_run_tries(run, data):
        if run.epoch == 2:  # epoch 2 saved in the folder made again
            for path in (out, out_dir / "m.state.pt", out_dir / "m.metrics.csv"):
                with pytest.raises(LockHeld):
                    take_lock(path)
                refused.append(path)
        return moved_epoch(run, data)

    monkeypatch.setattr(training.fit, "train_epoch", a_second_run_tries)
    assert fit_main([*TINY, "--epochs", "3", "--out", str(out)]) == 0
    assert len(refused) == 3
    assert read_metadata(out)["epochs_trained"] == 3
    assert not list(out_dir.glob("*.lock"))  # its locks go with it


def test_a_save_past_the_file_size_limit_says_so(tmp_path, monkeypatch, capsys):
    """`ulimit -f` between the state of one epoch and the next (the state grows with its rows: at `ulimit -f 300`,
    `--log-every 1` runs of 512 steps an epoch saved epoch 2 at 290 kB, then failed at epoch 3): "File too large;
    epoch 2's checkpoint and state are kept (--resume goes on from there)", and each --resume under the same limit
    trained epoch 3 again and failed so again. The error names the limit and says to raise it before resuming."""
    import resource

    import training.fit

    real_epoch, soft, hard = training.fit.train_epoch, *resource.getrlimit(resource.RLIMIT_FSIZE)
    state = tmp_path / "m.state.pt"

    def limited_from_epoch_2(run, data):
        if run.epoch == 1:  # no file over the state of epoch 1 from now on, as `ulimit -f` would have it
            resource.setrlimit(resource.RLIMIT_FSIZE, (state.stat().st_size, hard))
        return real_epoch(run, data)

    monkeypatch.setattr(training.fit, "train_epoch", limited_from_epoch_2)
    try:
        status = fit_main([*TINY, "--epochs", "2", "--log-every", "1", "--out", str(tmp_path / "m.safetensors")])
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    err = capsys.readouterr().err
    assert status == 2
    assert "File too large (past this process's file-size limit, `ulimit -f`" in err and "raise it first" in err, err
    assert read_metadata(tmp_path / "m.safetensors")["epochs_trained"] == 1


@pytest.mark.parametrize("with_state", [False, True])
def test_ship_starts_again_a_stage_killed_in_its_first_save(tmp_path, capsys, monkeypatch, tiny_reader, with_state):
    """`kill -9` of `training.ship` between the two renames of a stage's first save left its checkpoint alone; every
    run of ship after that resumed the stage (`--resume`, which ship adds itself) and failed in the same words, "…
    cannot be resumed; start the run again without --resume", which ship's user cannot do (exit 2, for good). The
    stage starts again (training.fit says what it replaces); with its state beside it, it is resumed as before."""
    from training import ship

    save_checkpoint(tmp_path / "stage1.safetensors", tiny_reader, {"epochs_trained": 1, "recipe": {"epochs": 2}})
    if with_state:
        (tmp_path / "stage1.state.pt").write_bytes(b"its state")
    calls = []
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or 0)
    assert ship.ship(tmp_path, ["--epochs", "2"]) == 0
    assert ("--resume" in calls[0]) == with_state
