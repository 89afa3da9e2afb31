"""resolve_device on a machine without CUDA, and (faked) with some; describe_device's words for the CPU."""

from __future__ import annotations

import pytest
import torch

from rowreader import resolve_device
from rowreader.device import describe_device


@pytest.fixture
def no_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)


@pytest.fixture
def two_gpus(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)


@pytest.mark.parametrize("spec", ["auto", "AUTO", " auto "])
def test_auto_is_the_cpu_without_cuda(no_cuda, spec):
    assert resolve_device(spec) == torch.device("cpu")


def test_default_is_auto(no_cuda):
    assert resolve_device() == torch.device("cpu")


@pytest.mark.parametrize("spec", ["cpu", "CPU", "cpu "])
def test_cpu(spec):
    assert resolve_device(spec) == torch.device("cpu")


@pytest.mark.parametrize("spec", ["cuda", "cuda:0", "cuda:1"])
def test_asking_for_cuda_without_it_fails_clearly(no_cuda, spec):
    with pytest.raises(RuntimeError, match=rf"device '{spec}' was asked for, but CUDA is not available"):
        resolve_device(spec)


def test_this_machine_without_faking():
    """No GPU here: the real check must agree with torch."""
    if torch.cuda.is_available():
        assert resolve_device("auto").type == "cuda"
    else:
        assert resolve_device("auto") == torch.device("cpu")
        with pytest.raises(RuntimeError, match="CUDA"):
            resolve_device("cuda")


@pytest.mark.parametrize("spec", ["gpu", "cuda:", "cuda:x", "cuda:-1", "cuda0", "mps:0", "", "cpu:", "cpux"])
def test_garbage_is_refused(spec):
    with pytest.raises(ValueError, match=r"unknown device .*expected auto \| cpu \| cuda \| cuda:N"):
        resolve_device(spec)


def test_auto_picks_cuda_when_present(two_gpus):
    assert resolve_device("auto") == torch.device("cuda")


@pytest.mark.parametrize(("spec", "index"), [("cuda", 0), ("cuda:0", 0), ("cuda:1", 1)])
def test_existing_cuda_devices(two_gpus, spec, index):
    assert resolve_device(spec) == torch.device("cuda", index)


def test_cuda_index_beyond_the_devices_present(two_gpus):
    with pytest.raises(
        RuntimeError, match=r"device 'cuda:2' was asked for, but this machine has 2 CUDA devices \(0…1\)"
    ):
        resolve_device("cuda:2")


def test_describe_cpu():
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        assert describe_device(torch.device("cpu")) == "cpu (2 threads)"
        torch.set_num_threads(1)
        assert describe_device(torch.device("cpu")) == "cpu (1 thread)"  # the app's fine-tune said "1 threads"
    finally:
        torch.set_num_threads(before)
