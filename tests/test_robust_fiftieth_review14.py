"""The fiftieth round of hostile testing, review14: the forty-ninth round's library and training changes read with a
hostile reviewer's eyes (the caches read through ``cached_npz``, the number, device and icon checks, the faint and
speck words, training's records); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from rowreader.atomic import cached_npz
from rowreader.example_index import index_is_current, index_path, read_index
from rowreader.number_text import real_number


def _npz(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    """An ``.npz`` of ``members`` (name: bytes), as a zip of them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _promising(count: int) -> bytes:
    """An ``.npy`` whose header says ``count`` bytes of uint8 and holds one."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|u1", "fortran_order": False, "shape": (count,)})
    return header.getvalue() + b"x"


@pytest.mark.parametrize(
    "members",
    [
        {"identity.npy": _promising(2**42)},  # 4 TiB promised in 251 bytes
        {"identity.npy": b"no array here, a member of raw bytes"},  # np.load hands it back as bytes
    ],
)
def test_an_index_promising_more_than_it_holds_is_no_index(tmp_path: Path, members: dict[str, bytes]) -> None:
    """``cached_npz`` bounded the cache's file, not what its arrays' headers promise: an index of 251 bytes whose
    array said 4 TiB made ``read_index`` (the dock, a teach's examples) end in a MemoryError traceback, ``np.load``
    allocating the whole promise first, and a member not an array was handed back as bytes (an AttributeError of
    ``.tobytes()``). An array promising more than its member holds, or than the cache may, and a member that is no
    array, are now what a cache of ours never holds: no index, read again from the pictures."""
    path = index_path(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_npz(members))
    assert read_index(tmp_path) == {}
    assert index_is_current(tmp_path, {}) is False
    with pytest.raises(ValueError, match="not a cache written here"), cached_npz(path, 1 << 30):
        pass


def test_a_cache_of_arrays_that_fit_is_read(tmp_path: Path) -> None:
    """The check reads headers only: arrays within their members, compressed or not, are read as written."""
    path = tmp_path / "c.npz"
    for save in (np.savez, np.savez_compressed):
        buffer = io.BytesIO()
        save(buffer, images=np.arange(784, dtype=np.uint8), labels=np.zeros(0, dtype=np.int64))
        path.write_bytes(buffer.getvalue())
        with cached_npz(path, 4096) as data:
            assert data["images"].tolist() == list(range(256)) * 3 + list(range(16))
            assert data["labels"].size == 0


@pytest.mark.parametrize(
    ("typed", "reads"),
    [("1,5e-400", "0"), ("٣e-400", "0"), ("1_0e-400", "0"), ("1,5e400", "inf"), ("1'000e400", "inf")],
)
def test_a_number_meant_is_not_offered_where_a_float_cannot_hold_it(typed: str, reads: str) -> None:
    """The forty-ninth round refused a real number a float cannot hold (`--pen 1e-400`, "a float reads it as 0"),
    but not the one the hint offered: `--pen 1,5e-400` was told "a decimal is written with a point: 1.5e-400", the
    very number then refused. The hint now names what a float reads the number meant as, whatever the range."""
    for flag in (real_number(0, 1), real_number(0)):
        with pytest.raises(argparse.ArgumentTypeError) as refused:
            flag(typed)
        said = str(refused.value)
        assert said.endswith(f", but a float reads it as {reads})"), said


def test_a_finished_run_of_one_step_and_a_part_says_one_step() -> None:
    """The forty-ninth round's words for a run whose --train-samples ended within a step said "(1 steps of 32; …)"
    of an older run's recipe of 50 samples in batches of 32, which --resume and a new run over it name (later
    versions refuse the pair, not a run made before them). Counted as the rest of the output counts: "1 step"."""
    from training.resume import finished

    assert finished({"train_samples": 50, "batch_size": 32, "epochs": 3}, 1, 1) == (
        "its 32 samples (1 step of 32; --train-samples 50)"
    )
    assert finished({"train_samples": 100_000, "batch_size": 128, "epochs": 3}, 1, 781) == (
        "its 99,968 samples (781 steps of 128; --train-samples 100,000)"
    )


def test_a_limit_past_the_training_digits_is_refused_before_any_digit_is_drawn(tmp_path: Path, monkeypatch, capsys):
    """The forty-ninth round refused `--limit 100000` (MNIST has 60,000 training digits) "before a step", but after
    ``--drawn``'s digits were drawn and the pen data opened: `--limit 100000 --drawn 100` drew 1,000 digits for
    3.6 s, and the shipped recipe's `--drawn 6000` 60,000, minutes, to be refused. Refused now once MNIST is read,
    before a digit is drawn (the drawing watched, not replaced), nothing written."""
    from training import train_data
    from training.fit import main as fit_main

    drawn: list[int] = []
    draw = train_data.drawn_dataset
    monkeypatch.setattr(
        train_data, "drawn_dataset", lambda per_class, **kw: drawn.append(per_class) or draw(per_class, **kw)
    )
    out = tmp_path / "m.safetensors"
    argv = ["--device", "cpu", "--limit", "100000", "--drawn", "10", "--hidden", "8", "--threads", "1"]
    assert fit_main([*argv, "--epochs", "1", "--batch-size", "512", "--train-samples", "512", "--out", str(out)]) == 2
    assert "--limit 100,000 is more than the 60,000 MNIST training digits" in capsys.readouterr().err
    assert drawn == []
    assert not list(tmp_path.iterdir())


def test_a_cuda_device_of_thousands_of_digits_is_named_shortened():
    """The forty-ninth round shortened the name of a device that is none (`--device` of 4,100 characters), not of
    one written as a CUDA device: `training.fit --device cuda:99…9` (5,000 digits) was refused in a line of 5,159
    characters ("device 'cuda:99…9' was asked for, but CUDA is not available here"), and with CUDA its index met
    Python's "Exceeds the limit (4300 digits) for integer string conversion". Named shortened now, whichever the
    machine has, and an index past any device's refused as one."""
    from rowreader.device import resolve_device

    with pytest.raises(RuntimeError) as refused:
        resolve_device("cuda:" + "9" * 5000)
    assert "device 'cuda:999" in str(refused.value) and len(str(refused.value)) < 300, str(refused.value)[:300]
