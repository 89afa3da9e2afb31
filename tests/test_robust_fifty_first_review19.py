"""The fifty-first round of hostile testing, review19: the fiftieth round's library, training and bench changes read
with a hostile reviewer's eyes (review14's cache header checks, argv3's launch.unrecognized, evaluate2's --json and
--limit, records2's preset count cut, unify's picture checks), each claim put to the input that breaks it; each test
is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rowreader.atomic import cached_npz
from rowreader.example_index import index_is_current, index_path, read_index, write_index


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _zip(method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("a.npy", _npy(np.arange(1000, dtype=np.int64)))
    return buffer.getvalue()


def _flagged(data: bytes, offset: int, value: int) -> bytes:
    """``data`` with the 2-byte field ``offset`` bytes into its local and its central header set to ``value``."""
    raw = bytearray(data)
    central = raw.find(b"PK\x01\x02")
    raw[offset : offset + 2] = struct.pack("<H", value)
    raw[central + offset + 2 : central + offset + 4] = struct.pack("<H", value)
    return bytes(raw)


def _deflate_damaged() -> bytes:
    raw = bytearray(_zip())
    start = raw.find(b"a.npy") + len("a.npy")
    for at in range(start + 2, start + 40):
        raw[at] ^= 0x55
    return bytes(raw)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_deflate_damaged(), id="deflate-damaged"),
        pytest.param(_flagged(_zip(zipfile.ZIP_STORED), 8, 1), id="shrunk"),  # method 1: zipfile cannot read it
        pytest.param(_flagged(_zip(zipfile.ZIP_STORED), 6, 1), id="encrypted"),
    ],
)
def test_a_cache_zipfile_cannot_read_is_no_cache(tmp_path: Path, data: bytes):
    """review14's header checks read each member's header before ``np.load`` reads it, but only a ``KeyError`` or
    ``ValueError`` was taken for "not a cache written here": a member whose deflate stream is damaged was zlib's
    ``error``, one of a compression method zipfile does not read ``NotImplementedError``, one encrypted
    ``RuntimeError``, each out of ``cached_npz`` past every caller's ``suppress``. Each is now the ``ValueError``
    the docstring promises for what it never writes."""
    path = tmp_path / "cache.npz"
    path.write_bytes(data)
    with pytest.raises(ValueError, match="not a cache written here"), cached_npz(path, 1 << 20) as arrays:
        arrays["a"]


_IMAGE = np.linspace(0, 1, 784, dtype=np.float32).reshape(28, 28)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(at=st.floats(0, 1, exclude_max=True), flip=st.integers(1, 255))
@example(at=0.9357880682812384, flip=64)  # the zip's directory: zipfile's "zip file version 10.9"
def test_an_index_a_byte_damaged_is_no_index(tmp_path_factory: pytest.TempPathFactory, at: float, flip: int):
    """An example index (``np.savez_compressed``, in the user's cache) with one byte flipped on the disk was, for 9
    of 1,186 places, zlib's ``error`` out of ``read_index`` and ``index_is_current`` (a member's deflate stream
    broken past its header), so ``load_examples`` failed where it should decode the pictures again: "empty when
    there is none or it cannot be trusted". Now any one byte changed reads as no index, or as the index whole."""
    root = tmp_path_factory.mktemp("examples")
    entries = {root / "7/0.png": ((1, 2, 3, 4, 5, 6), _IMAGE)}
    write_index(root, entries)
    path = index_path(root)
    raw = bytearray(path.read_bytes())
    raw[int(at * len(raw))] ^= flip
    path.write_bytes(bytes(raw))
    read = read_index(root)
    assert not read or (
        read.keys() == entries.keys() and np.array_equal(read[root / "7/0.png"][1], entries[root / "7/0.png"][1])
    )
    index_is_current(root, entries)  # True or False, never an error


def test_a_digit_read_as_nan_has_no_final_answer(mnist_test):
    """``evaluate_rows``' curve counts a prediction holding NaN as wrong ("no answer": torch's argmax takes NaN for
    the top) and never decides it, but its ``answers`` were that argmax all the same: 10 digits whose logit for 3
    was NaN were all answered 3, where the same pass's curve counted each wrong. A digit whose last row holds NaN now
    has answer -1, no class; the others are as before, and the answers score what the curve's last row does."""
    import torch

    from rowreader import load_pretrained
    from rowreader.evaluate import evaluate_rows

    reader = load_pretrained().reader

    class NanForThree(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            logits = reader(x).clone()
            logits[:10, :, 3] = float("nan")
            return logits

    images, labels = mnist_test[0][:40], np.asarray(mnist_test[1][:40])
    read, whole = evaluate_rows(NanForThree(), images, labels), evaluate_rows(reader, images, labels)
    assert (read.answers[:10] == -1).all() and (read.answers[10:] == whole.answers[10:]).all()
    assert (read.answers == labels).mean() == read.curve[-1]


@pytest.mark.parametrize(
    "typed, said",
    [
        ("0,0", "(a decimal is written with a point)"),
        ("0,000", "(a decimal is written with a point)"),
        ("1e-400", "(a float reads it as 0)"),
        ("0,5", "(a decimal is written with a point: 0.5)"),  # taken: the number meant, as before
    ],
)
def test_lr_written_otherwise_is_never_offered_a_zero(capsys: pytest.CaptureFixture[str], typed: str, said: str):
    """review14's hints offer the number meant only where the flag takes it, but ``--lr``'s range was the
    type's [0, 10] while the run refuses 0 ("--lr must lie in (0, 10]"): `--lr 0,0` was offered "0.0", which was then
    refused, and `--lr 1e-400` was told "a number from 0 to 10; a float reads it as 0", as if 0 were taken. The flag's
    range is said as the run holds it, above 0, and 0 is offered no more."""
    from training.arguments import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--lr", typed, "--out", "m.safetensors"])
    err = capsys.readouterr().err
    assert f"must be a number above 0 and at most 10, got {typed!r} {said}" in err, err  # cli26: a count's words
