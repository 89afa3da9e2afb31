"""RowReader and ReaderConfig: shapes, input checks, initialisation, config round trip and validation."""

from __future__ import annotations

import pytest
import torch

from rowreader import ReaderConfig, RowReader


@pytest.mark.parametrize("config", [ReaderConfig(), ReaderConfig(input_size=8, hidden_size=12, layers=3)])
def test_forward_gives_logits_after_every_row(config):
    reader = RowReader(config)
    logits = reader(torch.rand(5, 28, 28))
    assert logits.shape == (5, 28, 10)
    assert logits.dtype == torch.float32 and torch.isfinite(logits).all()


def test_each_rows_logits_depend_only_on_rows_read_so_far(tiny_reader):
    """Causality: what the reader says after row k cannot change when later rows change."""
    a = torch.rand(1, 28, 28)
    b = a.clone()
    b[:, 15:] = torch.rand(1, 13, 28)
    with torch.no_grad():
        la, lb = tiny_reader(a), tiny_reader(b)
    assert torch.equal(la[:, :15], lb[:, :15])
    assert not torch.allclose(la[:, 15:], lb[:, 15:])


@pytest.mark.parametrize("shape", [(28, 28), (2, 28, 27), (2, 27, 28), (2, 1, 28, 28), (0,)])
def test_forward_rejects_wrong_shapes(tiny_reader, shape):
    with pytest.raises(ValueError, match=r"expected images of shape \[B, 28, 28\]"):
        tiny_reader(torch.zeros(shape))


@pytest.mark.parametrize("layers", [1, 2])
def test_forget_gate_bias_starts_at_one(layers):
    config = ReaderConfig(hidden_size=16, layers=layers, forget_bias=1.0)
    lstm = RowReader(config).lstm
    h = config.hidden_size
    for layer in range(layers):
        bias_ih, bias_hh = getattr(lstm, f"bias_ih_l{layer}"), getattr(lstm, f"bias_hh_l{layer}")
        # PyTorch's gate order is input, forget, cell, output: the forget slice is [h, 2h).
        assert torch.equal(bias_ih[h : 2 * h], torch.ones(h))
        assert torch.equal(bias_hh[h : 2 * h], torch.zeros(h))
        # the other gates keep PyTorch's random initialisation
        assert not torch.equal(bias_ih[:h], torch.ones(h))


def test_forget_bias_is_configurable():
    reader = RowReader(ReaderConfig(hidden_size=8, forget_bias=2.5))
    assert torch.equal(reader.lstm.bias_ih_l0[8:16], torch.full((8,), 2.5))


def test_pixel_normalisation_is_part_of_the_model():
    """Callers pass [0, 1] images; mean/std in the config are applied inside forward."""
    torch.manual_seed(0)
    plain = RowReader(ReaderConfig(hidden_size=8, pixel_mean=0.0, pixel_std=1.0))
    centred = RowReader(ReaderConfig(hidden_size=8, pixel_mean=0.2, pixel_std=0.5))
    centred.load_state_dict(plain.state_dict())
    x = torch.rand(2, 28, 28)
    with torch.no_grad():
        assert torch.allclose(centred(x), plain((x - 0.2) / 0.5), atol=1e-6)


def test_config_round_trips_through_a_dict():
    config = ReaderConfig(input_size=32, hidden_size=64, layers=2, forget_bias=0.5, pixel_mean=0.13, pixel_std=0.31)
    data = config.to_dict()
    assert data == {
        "input_size": 32,
        "hidden_size": 64,
        "layers": 2,
        "forget_bias": 0.5,
        "pixel_mean": 0.13,
        "pixel_std": 0.31,
        "cell": "lstm",
    }
    assert ReaderConfig.from_dict(data) == config


def test_config_from_dict_refuses_unknown_keys():
    with pytest.raises(ValueError, match=r"unknown ReaderConfig fields: \['dropout'\]"):
        ReaderConfig.from_dict({"hidden_size": 8, "dropout": 0.1})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("input_size", 0),
        ("hidden_size", -3),
        ("layers", 0),
        ("hidden_size", 12.0),
        ("layers", "2"),
        ("layers", True),
    ],
)
def test_config_rejects_non_positive_integers(field, value):
    with pytest.raises(ValueError, match=rf"ReaderConfig\.{field} must be a whole number from 1 to"):
        ReaderConfig(**{field: value})


@pytest.mark.parametrize("std", [0.0, -1.0, float("nan")])
def test_config_rejects_bad_pixel_std(std):
    with pytest.raises(ValueError, match=r"pixel_std must (lie in|be a finite number)"):
        ReaderConfig(pixel_std=std)


def test_config_is_immutable():
    with pytest.raises(AttributeError):
        ReaderConfig().hidden_size = 3  # type: ignore[misc]


def test_device_property_follows_the_weights(tiny_reader):
    assert tiny_reader.device == torch.device("cpu")


@pytest.mark.parametrize("field", ["forget_bias", "pixel_mean", "pixel_std"])
@pytest.mark.parametrize("value", [True, float("nan"), float("-inf"), "0.3"])
def test_config_refuses_a_float_field_that_is_not_a_finite_number(field, value):
    """Letting a boolean through (a header's `"pixel_std": true` read as 1) or telling NaN it must "lie in" a range
    went unnoticed by the tests (mutation test of 1 Dec 2026): each is refused for what it is not, a finite number."""
    with pytest.raises(ValueError, match=rf"^ReaderConfig\.{field} must be a finite number, got {value!r}$"):
        ReaderConfig(**{field: value})


@pytest.mark.parametrize(("data", "kind"), [("hidden", "str"), (["layers"], "list"), (None, "NoneType"), (5, "int")])
def test_config_from_something_not_a_dict_is_refused_as_such(data, kind):
    """Without this check a header's config `"hidden"` was "unknown fields ['d', 'e', 'h', …]" (its letters)."""
    with pytest.raises(TypeError, match=rf"^a ReaderConfig is a JSON object, got {kind}$"):
        ReaderConfig.from_dict(data)


@pytest.mark.parametrize(("count", "listed"), [(4, "['a', 'b', 'c', 'd']"), (5, "['a', 'b', 'c', 'd', … 1 more]")])
def test_unknown_config_fields_are_listed_up_to_four_then_counted(count, listed):
    unknown = dict.fromkeys("abcde"[:count], 1)
    with pytest.raises(ValueError) as caught:
        ReaderConfig.from_dict({**ReaderConfig().to_dict(), **unknown})
    assert str(caught.value) == f"unknown ReaderConfig fields: {listed}"


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_shapes_a_config_names_are_its_readers_tensors(cell):
    """weight_shapes is computed without torch, for checking files; it must be the module's own state_dict (an input
    weight of (28, 16) for (16, 28) broke every checkpoint load, and only the checkpoint tests saw it)."""
    config = ReaderConfig(input_size=16, hidden_size=12, layers=2, cell=cell)
    tensors = RowReader(config).state_dict()
    assert config.weight_shapes() == {name: tuple(tensor.shape) for name, tensor in tensors.items()}
