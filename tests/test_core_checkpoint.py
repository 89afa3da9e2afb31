"""Checkpoints: round trip, atomic writes, and refusal of every kind of bad file without running its code."""

from __future__ import annotations

import json
import os
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import save as safetensors_save
from safetensors.torch import save_file

import rowreader
from rowreader import CheckpointError, ReaderConfig, RowReader, load_checkpoint, load_pretrained, save_checkpoint
from rowreader import checkpoint as checkpoint_module
from rowreader.checkpoint import FORMAT, FORMAT_VERSION
from rowreader.preprocess import PREPROCESS_VERSION


def read_raw(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    with safe_open(str(path), framework="pt") as f:
        return {k: f.get_tensor(k) for k in f.keys()}, dict(f.metadata())  # noqa: SIM118


def rewrite(path: Path, tensors: dict[str, torch.Tensor], header: dict[str, str]) -> None:
    path.write_bytes(safetensors_save(tensors, metadata=header))


@pytest.fixture
def saved(tmp_path, tiny_reader) -> Path:
    path = tmp_path / "model.safetensors"
    save_checkpoint(path, tiny_reader, {"test_accuracy": 0.987, "epochs": 3, "notes": ["a", "b"]})
    return path


def test_round_trip_keeps_weights_config_and_metadata(saved, tiny_reader):
    before = datetime.now(UTC)
    ckpt = load_checkpoint(saved)
    assert ckpt.path == saved
    assert ckpt.reader.config == tiny_reader.config
    assert not ckpt.reader.training  # ready for inference
    for name, tensor in tiny_reader.state_dict().items():
        assert torch.equal(ckpt.reader.state_dict()[name], tensor), name
    meta = ckpt.metadata
    assert meta["test_accuracy"] == 0.987 and meta["epochs"] == 3 and meta["notes"] == ["a", "b"]
    assert ckpt.accuracy == pytest.approx(0.987)
    assert meta["library_version"] == rowreader.__version__
    assert meta["preprocess_version"] == PREPROCESS_VERSION
    written = datetime.fromisoformat(meta["date"])
    assert written.tzinfo is not None and abs(written - before) < timedelta(minutes=5)
    images = torch.rand(2, 28, 28)
    with torch.no_grad():
        assert torch.equal(ckpt.reader(images), tiny_reader(images))


def test_the_file_is_plain_safetensors_with_a_readable_header(saved, tiny_reader):
    tensors, header = read_raw(saved)
    assert header["format"] == FORMAT and header["format_version"] == FORMAT_VERSION
    assert json.loads(header["config"]) == tiny_reader.config.to_dict()
    assert set(tensors) == set(tiny_reader.state_dict())


def test_accuracy_is_none_when_not_recorded(tmp_path, tiny_reader):
    path = tmp_path / "m.safetensors"
    save_checkpoint(path, tiny_reader)
    assert load_checkpoint(path).accuracy is None


def test_saving_over_an_existing_file_replaces_it(saved, tiny_reader):
    other = RowReader(ReaderConfig(hidden_size=8))
    save_checkpoint(saved, other)
    assert load_checkpoint(saved).reader.config.hidden_size == 8


@pytest.mark.parametrize("failure", [OSError("No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(saved, tiny_reader, monkeypatch, failure):
    old = saved.read_bytes()

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)  # the write has happened, the data is not yet safe: fail here
    with pytest.raises(type(failure)):
        save_checkpoint(saved, RowReader(ReaderConfig(hidden_size=8)))
    assert saved.read_bytes() == old
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="checkpoint not found"):
        load_checkpoint(tmp_path / "nope.safetensors")


def test_truncated_file(saved):
    data = saved.read_bytes()
    for cut, said in ((len(data) // 2, "a RowReader checkpoint cut short"), (10, "not a readable safetensors file"),
                      (4, "not a readable safetensors file")):  # fmt: skip
        saved.write_bytes(data[:cut])
        with pytest.raises(CheckpointError, match=said):
            load_checkpoint(saved)


@pytest.mark.parametrize("size", [0, 7, 5000])
def test_random_bytes(tmp_path, size):
    path = tmp_path / "junk.safetensors"
    path.write_bytes(os.urandom(size))
    with pytest.raises(CheckpointError, match=str(path)):
        load_checkpoint(path)


def test_a_strangers_safetensors_file(tmp_path):
    path = tmp_path / "stranger.safetensors"
    save_file({"weight": torch.ones(3, 3)}, str(path), metadata={"format": "pt"})
    with pytest.raises(CheckpointError, match="not a RowReader checkpoint"):
        load_checkpoint(path)
    save_file({"weight": torch.ones(3, 3)}, str(path))  # no header at all
    with pytest.raises(CheckpointError, match="not a RowReader checkpoint"):
        load_checkpoint(path)
    assert not checkpoint_module.is_checkpoint(path)


def test_a_loaded_checkpoint_saved_again_keeps_what_it_recorded(saved, tmp_path):
    """Its accuracy, and the preprocessing its weights were trained with, even where this library's is newer."""
    older = tmp_path / "older.safetensors"
    save_checkpoint(older, load_checkpoint(saved), {"test_accuracy": 0.9, "preprocess_version": "1"})
    copy = tmp_path / "copy.safetensors"
    save_checkpoint(copy, load_checkpoint(older))
    assert checkpoint_module.is_checkpoint(copy)
    metadata = load_checkpoint(copy).metadata
    assert metadata["test_accuracy"] == 0.9 and metadata["preprocess_version"] == "1"


def test_loaded_weights_are_read_only(saved):
    with pytest.raises(ValueError, match="read-only"):
        load_checkpoint(saved).weights["output.bias"][0] = 1.0


def test_a_newer_format_version_is_refused(saved):
    tensors, header = read_raw(saved)
    rewrite(saved, tensors, {**header, "format_version": "2"})
    with pytest.raises(CheckpointError, match="format version '2'; this library reads '1': a newer RowReader wrote it; "
                       "update RowReader to read it"):  # fmt: skip
        load_checkpoint(saved)
    for odd in ("0", "x", "٣", "9" * 5000):  # not newer, or no version at all: no advice to update
        rewrite(saved, tensors, {**header, "format_version": odd})
        with pytest.raises(CheckpointError, match=r"format version .*; this library reads '1'$"):
            load_checkpoint(saved)


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"config": "{not json"}, "damaged model config"),
        ({"config": json.dumps({"hidden_size": 0})}, "damaged model config"),
        ({"config": json.dumps({"hidden_size": 8, "wings": 2})}, "unknown ReaderConfig fields"),
        ({"metadata": "[1, 2"}, "damaged model config or metadata"),
    ],
)
def test_damaged_header(saved, change, pattern):
    tensors, header = read_raw(saved)
    rewrite(saved, tensors, {**header, **change})
    with pytest.raises(CheckpointError, match=pattern):
        load_checkpoint(saved)


def test_missing_config(saved):
    tensors, header = read_raw(saved)
    del header["config"]
    rewrite(saved, tensors, header)
    # it was "damaged model config or metadata: 'config'", a KeyError's repr
    with pytest.raises(CheckpointError, match=r"damaged checkpoint: its header holds no model config$"):
        load_checkpoint(saved)


def test_wrong_shape_tensor_is_named(saved):
    tensors, header = read_raw(saved)
    tensors["output.weight"] = torch.zeros(10, 99)
    rewrite(saved, tensors, header)
    with pytest.raises(CheckpointError, match=r"tensor output\.weight has shape \[10, 99\].* needs \[10, 24\]"):
        load_checkpoint(saved)


def test_config_that_does_not_fit_the_tensors(saved):
    tensors, header = read_raw(saved)
    rewrite(
        saved,
        tensors,
        {**header, "config": json.dumps(ReaderConfig(input_size=16, hidden_size=32, layers=2).to_dict())},
    )
    with pytest.raises(CheckpointError, match=r"tensor lstm\.\w+ has shape \[[\d, ]+\], the config .* needs \["):
        load_checkpoint(saved)


def test_missing_and_unexpected_tensors_are_named(saved):
    tensors, header = read_raw(saved)
    del tensors["input.bias"]
    tensors["extra.thing"] = torch.zeros(1)
    rewrite(saved, tensors, header)
    with pytest.raises(CheckpointError, match=r"missing \['input\.bias'\], unexpected \['extra\.thing'\]"):
        load_checkpoint(saved)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_weights_are_refused(saved, bad):
    tensors, header = read_raw(saved)
    tensors["lstm.weight_hh_l1"][3, 4] = bad
    rewrite(saved, tensors, header)
    path = saved
    with pytest.raises(CheckpointError, match=r"tensor lstm\.weight_hh_l1 contains NaN or infinite values"):
        load_checkpoint(path)


class Booby:
    """Unpickling this creates a marker file: proof that a loader ran code from the file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("suffix", [".safetensors", ".pt", ".ckpt"])
def test_a_pickle_is_never_unpickled(tmp_path, tiny_reader, suffix):
    marker = tmp_path / "pwned"
    path = tmp_path / f"evil{suffix}"
    torch.save({"state_dict": tiny_reader.state_dict(), "payload": Booby(marker)}, path)
    with pytest.raises(CheckpointError):
        load_checkpoint(path)
    assert not marker.exists()
    # the file really was a working booby trap
    plain = tmp_path / "plain.pkl"
    plain.write_bytes(pickle.dumps(Booby(marker)))
    pickle.loads(plain.read_bytes())
    assert marker.exists()


def test_load_onto_the_cpu_whatever_device_wrote_it(tmp_path, tiny_reader):
    """A CUDA run saves through the same path: tensors are copied to host memory before writing, and safetensors
    records no device, so a file from a GPU machine is byte-for-byte what a CPU would write. Simulated here by
    writing the raw tensors ourselves; loading must give a CPU model either way of naming the CPU."""
    path = tmp_path / "from-gpu.safetensors"
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(tiny_reader.config.to_dict()),
        "metadata": json.dumps({"device": "cuda:0"}),
    }
    rewrite(path, {k: v.clone() for k, v in tiny_reader.state_dict().items()}, header)
    for device in ("cpu", torch.device("cpu")):
        ckpt = load_checkpoint(path, device=device)
        assert ckpt.reader.device == torch.device("cpu")
        assert all(p.device.type == "cpu" for p in ckpt.reader.parameters())
    assert ckpt.metadata == {"device": "cuda:0"}


def test_save_copies_tensors_off_the_model(tmp_path, tiny_reader, monkeypatch):
    """save_checkpoint moves every tensor to the CPU first (what makes a CUDA model's file loadable anywhere)."""
    moved: list[str] = []
    real_to = torch.Tensor.to

    def spy(self, *args, **kwargs):
        moved.append(str(args[0]) if args else str(kwargs.get("device")))
        return real_to(self, *args, **kwargs)

    monkeypatch.setattr(torch.Tensor, "to", spy)
    save_checkpoint(tmp_path / "m.safetensors", tiny_reader)
    assert moved.count("cpu") >= len(tiny_reader.state_dict())


def test_load_pretrained_without_a_shipped_model_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint_module, "pretrained_path", lambda: tmp_path / "absent.safetensors")
    with pytest.raises(CheckpointError, match=r"no pretrained model is shipped.*python -m training\.fit"):
        load_pretrained()


def test_load_pretrained_loads_the_shipped_file(saved, monkeypatch):
    monkeypatch.setattr(checkpoint_module, "pretrained_path", lambda: saved)
    ckpt = load_pretrained()
    assert ckpt.path == saved and ckpt.accuracy == pytest.approx(0.987)


def test_the_shipped_model_is_a_valid_checkpoint():
    """The package ships a trained model; it must load and carry its recorded accuracy."""
    ckpt = load_pretrained()
    assert ckpt.reader.config.hidden_size >= 1
    assert ckpt.accuracy is not None and ckpt.accuracy > 0.9
    assert ckpt.metadata["preprocess_version"] == PREPROCESS_VERSION


def test_read_metadata_checks_it_without_reading_weights(tmp_path):
    from rowreader.checkpoint import read_metadata

    path = tmp_path / "m.safetensors"
    save_checkpoint(path, RowReader(ReaderConfig(input_size=8, hidden_size=8)), {"heldout_accuracy": {"before": 0.5}})
    assert read_metadata(path)["heldout_accuracy"] == {"before": 0.5}
    with pytest.raises(ValueError, match="heldout_accuracy"):
        save_checkpoint(path, RowReader(ReaderConfig(input_size=8, hidden_size=8)), {"heldout_accuracy": [0.5]})
    for digits in (0, 2.5, True, "2000"):
        with pytest.raises(ValueError, match="test_digits"):
            save_checkpoint(path, RowReader(ReaderConfig(input_size=8, hidden_size=8)), {"test_digits": digits})
    (tmp_path / "junk.safetensors").write_bytes(b"junk")
    with pytest.raises(CheckpointError, match="not a readable safetensors file"):
        read_metadata(tmp_path / "junk.safetensors")
    with pytest.raises(CheckpointError, match="not found"):
        read_metadata(tmp_path / "gone.safetensors")
