"""The twenty-sixth round of hostile testing, training: `python -m training.fit`, `training.ship` and `training.merge`
as a careless student runs them: killed and resumed, on a full disk, with odd --metrics and --out, and every message
with a count said right in the singular."""

from __future__ import annotations

import gzip
import re
import struct
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader import ReaderConfig, RowReader, save_checkpoint
from rowreader.data import DamagedMnistFile, load_mnist, read_idx
from training.config import FitConfig
from training.fit import main as fit_main
from training.resume import check_same_run
from training.train_data import check_held_out

TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "16", "--threads", "1", "--epochs", "1"]


def _idx(array: np.ndarray) -> bytes:
    magic = 2051 if array.ndim == 3 else 2049
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.astype(np.uint8).tobytes()


def _plural_right(text: str, number: int, noun: str) -> bool:
    """Whether ``text`` says ``number`` ``noun`` as a count is said: "1 image", "10,000 labels"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}" in text and not (number == 1 and f"1 {noun}s" in text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(1, 15), labels=st.booleans())
def test_an_idx_file_cut_inside_its_header_counts_its_bytes(size: int, labels: bool) -> None:
    """A download cut after one byte said "only 1 bytes, too short for an IDX header of 8 bytes" (a training run
    with `--data-dir` of it too); the bytes are counted as every other count is."""
    header = 8 if labels else 16
    size = min(size, header - 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("t10k-labels-idx1-ubyte" if labels else "t10k-images-idx3-ubyte")
        path.write_bytes(b"\x00" * size)
        with pytest.raises(DamagedMnistFile) as caught:
            read_idx(path, 2049 if labels else 2051, 1 if labels else 3)
    said = str(caught.value)
    assert _plural_right(said, size, "byte"), said
    assert f"an IDX header of {header} bytes" in said


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(images=st.integers(1, 3), labels=st.sampled_from([1, 2, 5, 999, 1000, 10_000]))
def test_an_images_file_and_a_labels_file_of_other_lengths_count_both(images: int, labels: int) -> None:
    """A test-images file holding one digit beside MNIST's labels said "holds 1 images but … holds 10000 labels"."""
    if images == labels:
        labels += 1
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "t10k-images-idx3-ubyte").write_bytes(_idx(np.zeros((images, 28, 28), np.uint8)))
        (root / "t10k-labels-idx1-ubyte").write_bytes(_idx(np.arange(labels, dtype=np.uint8) % 10))
        with pytest.raises(DamagedMnistFile) as caught:
            load_mnist(root, train=False)
    said = str(caught.value)
    assert _plural_right(said, images, "image") and _plural_right(said, labels, "label"), said


def test_training_on_a_test_set_of_one_digit_says_one_image(tmp_path: Path, mnist_test, capsys) -> None:
    """Through the command: `training.fit --data-dir` of such a folder ends (status 2) in the counts said right."""
    images, labels = mnist_test
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(_idx(images[100:200]), 1))
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx(labels[100:200]), 1))
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(_idx(images[:1]), 1))
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx(labels), 1))
    status = fit_main([*TINY, "--data-dir", str(tmp_path), "--out", str(tmp_path / "runs" / "m.safetensors")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "holds 1 image but" in err and "holds 10,000 labels" in err, err
    assert not (tmp_path / "runs").exists()  # nothing written, not even its folder


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tests=st.integers(1, 400), shared=st.integers(1, 5))
def test_test_digits_in_the_training_set_are_counted_in_the_singular_too(tests: int, shared: int) -> None:
    """`--limit 50` over a folder whose training files held one of its test digits said "1 of the 50 test digits
    are also in the training set"; one is, two or more are."""
    shared = min(shared, tests)
    test_x = np.zeros((tests, 28, 28), np.uint8)
    test_x.reshape(tests, -1)[:, :2] = np.stack([np.arange(tests) % 256, np.arange(tests) // 256], axis=1)
    train_x = np.concatenate([test_x[:shared], np.full((3, 28, 28), 255, np.uint8)])
    if shared <= tests // 100:  # within the 1 % allowed: nothing to say
        check_held_out(train_x, test_x, "data")
        return
    with pytest.raises(ValueError) as caught:
        check_held_out(train_x, test_x, "data")
    said = str(caught.value)
    verb = "is" if shared == 1 else "are"
    assert re.match(rf"{shared:,} of the {tests:,} test digits {verb} also in the training set in data\b", said), said


_RECIPE_CHANGES = {"seed": 7, "lr": 0.001, "batch_size": 64, "epochs": 3, "augment": "none", "limit": 512}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed=st.lists(st.sampled_from(sorted(_RECIPE_CHANGES)), min_size=1, max_size=4, unique=True))
def test_a_state_beside_another_runs_checkpoint_names_what_differs_in_its_number(changed: list[str]) -> None:
    """A training state copied beside the checkpoint of a run of another seed was refused as "from different runs
    (seed differ)"; one setting differs, two or more differ (ship's like refusal said so since the 25th round)."""
    run = FitConfig(model=ReaderConfig(hidden_size=8, input_size=8))
    other = replace(run, **{name: _RECIPE_CHANGES[name] for name in changed})
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "m.safetensors"
        save_checkpoint(out, RowReader(run.model), {"recipe": other.recipe()})
        with pytest.raises(ValueError) as caught:
            check_same_run(out, run.recipe())
    said = str(caught.value)
    verb = "differs" if len(changed) == 1 else "differ"
    assert re.search(rf"are from different runs \(({'|'.join(changed)})(, \w+)* {verb}\)", said), said


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stem=st.sampled_from(["m", "runs/rowreader", "a b/run.v2", "Model"]),
    out_suffix=st.just(".safetensors"),  # any other is refused as no model's name (the forty-second round)
    side=st.sampled_from([".lock", ".state.pt"]),
)
def test_a_metrics_name_refused_as_a_side_file_is_offered_a_csv_name_that_is_taken(
    stem: str, out_suffix: str, side: str
) -> None:
    """`--metrics runs/rowreader.safetensors.lock` (the shell's completion of the --out's name) was refused and offered
    "(runs/rowreader.safetensors, say)": the --out itself, which the command given so refused again ("--metrics and
    --out are the same file"). The name offered is a CSV's, and one the command takes."""
    from training.arguments import parse_args

    out = stem + out_suffix
    refusals: list[str] = []

    def refuse(message: str):
        refusals.append(message)
        raise SystemExit(2)

    with pytest.raises(SystemExit):
        parse_args(["--out", out, "--metrics", out + side], refuse)
    offered = re.search(r"give another name \((.+), say\)", refusals[-1])
    assert offered, refusals
    name = offered[1]
    assert name.lower().endswith(".csv") and Path(name) != Path(out), refusals
    assert parse_args(["--out", out, "--metrics", name]).metrics == name  # taken


def test_resume_after_a_run_killed_in_its_first_epoch_says_to_start_again(tmp_path: Path, capsys) -> None:
    """A run killed outright in its first epoch (kill -9, a power cut) leaves its three lock files and nothing else;
    --resume then said "no training state …; train once with the same --out first", which the user had done. It
    says that no epoch was saved and to start again, before any data is read (status 2)."""
    out = tmp_path / "m.safetensors"
    for name in ("m.safetensors.lock", "m.state.pt.lock", "m.metrics.csv.lock"):  # what `kill -9` left, measured
        (tmp_path / name).touch()
    assert fit_main([*TINY, "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "train once with the same --out first" not in err, err
    assert f"no training state at {tmp_path / 'm.state.pt'}, so no epoch of a run of this --out was saved" in err
    assert "start the run again without --resume" in err
    assert not [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")]  # nothing written


def test_resume_of_a_run_whose_teacher_was_moved_away_says_which_run_needs_it(
    tmp_path: Path, monkeypatch, capsys, tiny_reader, mnist_test
) -> None:
    """A run of `--distill-from T`, stopped, and T moved away: `--resume` said "checkpoint not found: T" and nothing of
    why a resume reads T (the recipe's teachers, as it began). It says so, and where T must be (status 2)."""
    from test_robust_training import fit, stopped_in_its_second_epoch

    images, labels = mnist_test  # 64 training and 64 test digits: MNIST's 60,000 took seconds to read
    data = tmp_path / "mnist"
    data.mkdir()
    for stem, part in (("train", slice(64, 128)), ("t10k", slice(0, 64))):
        (data / f"{stem}-images-idx3-ubyte").write_bytes(_idx(images[part]))
        (data / f"{stem}-labels-idx1-ubyte").write_bytes(_idx(labels[part]))
    teacher = tmp_path / "teacher.safetensors"
    save_checkpoint(teacher, tiny_reader)
    stopped_in_its_second_epoch(
        tmp_path, monkeypatch, "--distill-from", teacher, "--data-dir", data, out="m.safetensors"
    )
    teacher.rename(tmp_path / "elsewhere.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume", "--data-dir", data) == 2
    err = capsys.readouterr().err
    assert f"--resume: checkpoint not found: {teacher}; the run began learning from --distill-from {teacher}" in err
    assert "put it back there to resume" in err, err
