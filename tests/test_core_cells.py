"""Recurrent cells: each cell's NumPy stream equals its torch forward, checkpoints keep names, old files load."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import torch

import rowreader
from rowreader import ReaderConfig, RowReader, load_checkpoint, save_checkpoint
from rowreader.cells import cell_names, get_cell
from rowreader.checkpoint import pretrained_path

SHAPES = [
    {"input_size": 16, "hidden_size": 24, "layers": 1},
    {"input_size": 8, "hidden_size": 40, "layers": 3, "forget_bias": 0.5, "pixel_mean": 0.2, "pixel_std": 0.4},
]


def softmax_forward(reader: RowReader, images: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return torch.softmax(reader(torch.from_numpy(images)), dim=-1).numpy()


def test_both_cells_are_found():
    assert {"lstm", "gru"} <= set(cell_names())
    with pytest.raises(ValueError, match=r"ReaderConfig\.cell must be one of"):
        ReaderConfig(cell="transformer")


@pytest.mark.parametrize("cell", cell_names())
@pytest.mark.parametrize("shape", SHAPES, ids=["1-layer", "3-layer"])
def test_stream_equals_forward(cell, shape, mnist_test):
    torch.manual_seed(3)
    reader = RowReader(ReaderConfig(cell=cell, **shape)).eval()
    images = np.concatenate([mnist_test[0][:6] / 255.0, np.random.default_rng(0).random((2, 28, 28))])
    images = images.astype(np.float32)
    want = softmax_forward(reader, images)
    single = reader.stream()
    got = np.stack([[p.probs for p in single.feed_image(image)] for image in images])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-5)
    batched = reader.stream(batch=len(images))
    got_batched = np.stack([p.probs for p in batched.feed_image(images)], axis=1)
    np.testing.assert_allclose(got_batched, want, rtol=0, atol=1e-5)


@pytest.mark.parametrize("cell", cell_names())
def test_final_hidden_state_equals_the_torch_module(cell):
    torch.manual_seed(4)
    reader = RowReader(ReaderConfig(cell=cell, input_size=16, hidden_size=24, layers=2)).eval()
    image = np.random.default_rng(2).random((28, 28), dtype=np.float32)
    last = reader.stream().feed_image(image)[-1]
    cfg = reader.config
    with torch.no_grad():
        x = reader.input((torch.from_numpy(image)[None] - cfg.pixel_mean) / cfg.pixel_std)
        _, state = reader.recurrent(x)
    h_n = state[0] if isinstance(state, tuple) else state
    np.testing.assert_allclose(last.hidden, h_n[:, 0].numpy(), atol=1e-5)
    assert last.cell.shape == (2, get_cell(cell).memory_size(24))


@pytest.mark.parametrize("cell", cell_names())
def test_checkpoint_round_trip_without_torch_objects(cell, tmp_path):
    torch.manual_seed(5)
    reader = RowReader(ReaderConfig(cell=cell, hidden_size=20)).eval()
    path = tmp_path / f"{cell}.safetensors"
    save_checkpoint(path, reader, {"test_accuracy": 0.5})
    ckpt = load_checkpoint(path)
    assert ckpt.config == reader.config and ckpt._reader is None  # nothing built yet
    assert set(ckpt.weights) == set(reader.state_dict()) and all(
        k.startswith(("input.", f"{cell}.", "output.")) for k in ckpt.weights
    )
    image = np.random.default_rng(1).random((28, 28), dtype=np.float32)
    np.testing.assert_allclose(
        ckpt.stream().feed_image(image)[-1].probs, softmax_forward(reader, image[None])[0, -1], atol=1e-5
    )
    rebuilt = ckpt.reader  # the torch module, built on first use with the same weights
    assert all(torch.equal(rebuilt.state_dict()[k], v) for k, v in reader.state_dict().items())


def test_old_checkpoints_without_a_cell_field_are_lstms(tmp_path):
    """Checkpoints written before ``cell`` existed lack the field, and their tensors keep nn.LSTM's names."""
    from safetensors.numpy import save_file

    shipped = rowreader.load_pretrained()
    with open(pretrained_path(), "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))["__metadata__"]
    config = json.loads(header["config"])
    config.pop("cell", None)
    old = tmp_path / "old.safetensors"
    save_file(dict(shipped.weights), str(old), metadata={**header, "config": json.dumps(config)})
    ckpt = load_checkpoint(old)
    assert ckpt.config.cell == "lstm" and "lstm.weight_hh_l0" in ckpt.weights


@pytest.mark.parametrize("cell", cell_names())
def test_same_generator_same_weights(cell):
    config = ReaderConfig(cell=cell, hidden_size=16)
    a = RowReader(config).initialise(torch.Generator().manual_seed(7), "seed")
    b = RowReader(config).initialise(torch.Generator().manual_seed(7), "seed")
    assert all(torch.equal(a.state_dict()[k], v) for k, v in b.state_dict().items())
    assert torch.all(a.input.bias == 0.1) and torch.all(a.output.bias == 0.1)


def test_lstm_initialise_keeps_the_forget_bias():
    reader = RowReader(ReaderConfig(hidden_size=8, forget_bias=2.0)).initialise(torch.Generator().manual_seed(0))
    assert torch.all(reader.lstm.bias_ih_l0[8:16] == 2.0) and torch.all(reader.lstm.bias_hh_l0[8:16] == 0.0)


def test_a_gru_reader_trains_with_training_fit(tmp_path):
    from training.fit import main

    out = tmp_path / "gru.safetensors"
    flags = ["--cell", "gru", "--limit", "512", "--hidden", "24", "--batch-size", "32", "--lr", "0.01"]
    assert main([*flags, "--threads", "1", "--epochs", "2", "--out", str(out)]) == 0
    ckpt = load_checkpoint(out)
    assert ckpt.config.cell == "gru" and ckpt.metadata["recipe"]["model"]["cell"] == "gru"
    assert ckpt.metadata["test_accuracy"] > 0.3  # learned something in 32 steps (chance is 0.1)
    images = np.random.default_rng(0).random((3, 28, 28), dtype=np.float32)
    got = np.stack([p.probs for p in ckpt.stream(batch=3).feed_image(images)], axis=1)
    np.testing.assert_allclose(got, softmax_forward(ckpt.reader, images), atol=1e-5)
