"""load_mnist: the real files, every layout it accepts, and a clear error naming the file for every corruption."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from rowreader import MnistFileError, load_mnist
from rowreader.data import ENV_VAR, dataset_checksum, default_data_dir

SHARED = default_data_dir()  # conftest points ROWREADER_DATA at the shared folder
TEST_FILES = ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """An IDX file of unsigned bytes for ``array``; ``magic`` overrides the header's magic number."""
    magic = magic if magic is not None else (2051 if array.ndim == 3 else 2049)
    return struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape) + array.astype(np.uint8).tobytes()


def write_split(folder: Path, images: np.ndarray, labels: np.ndarray, gz: bool = True, train: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stems = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte") if train else TEST_FILES
    for stem, array in zip(stems, (images, labels), strict=True):
        data = idx_bytes(array)
        if gz:
            (folder / f"{stem}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / stem).write_bytes(data)


@pytest.fixture
def small() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (7, 28, 28), dtype=np.uint8), rng.integers(0, 10, 7, dtype=np.uint8)


def test_real_test_split(mnist_test):
    images, labels = mnist_test
    assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10_000,) and labels.dtype == np.uint8
    assert set(np.unique(labels)) == set(range(10))
    assert images.max() == 255 and images.min() == 0
    # the canonical test set: its first three labels are 7, 2, 1
    assert labels[:3].tolist() == [7, 2, 1]


def test_real_training_split():
    images, labels = load_mnist(train=True)
    assert images.shape == (60_000, 28, 28) and labels.shape == (60_000,)
    assert labels.dtype == np.uint8 and labels.max() == 9 and labels.min() == 0
    assert np.bincount(labels).min() > 5000  # every digit is well represented


def test_root_argument_env_var_and_default(monkeypatch, tmp_path, small):
    write_split(tmp_path / "mine", *small)
    images, _ = load_mnist(tmp_path / "mine", train=False)  # an explicit root wins
    assert np.array_equal(images, small[0])
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert default_data_dir() == tmp_path / "mine"
    assert np.array_equal(load_mnist(train=False)[0], small[0])
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if default_data_dir() == tmp_path / "cache" / "rowreader" / "mnist":  # Linux and other XDG systems
        with pytest.raises(FileNotFoundError, match=str(tmp_path / "cache")):
            load_mnist(train=False)


def test_gz_and_raw_files_read_alike(tmp_path, small):
    write_split(tmp_path / "gz", *small, gz=True)
    write_split(tmp_path / "raw", *small, gz=False)
    for folder in ("gz", "raw"):
        images, labels = load_mnist(tmp_path / folder, train=False)
        assert np.array_equal(images, small[0]) and np.array_equal(labels, small[1])


def test_torchvision_layout(tmp_path, small):
    write_split(tmp_path / "MNIST" / "raw", *small, gz=False)
    images, labels = load_mnist(tmp_path, train=False)
    assert np.array_equal(images, small[0]) and np.array_equal(labels, small[1])


def test_train_and_test_splits_are_told_apart(tmp_path, small):
    write_split(tmp_path, *small, train=False)
    write_split(tmp_path, small[0][:3], small[1][:3], train=True)
    assert len(load_mnist(tmp_path, train=True)[0]) == 3
    assert len(load_mnist(tmp_path, train=False)[0]) == 7


def test_missing_files_say_how_to_get_them(tmp_path, small):
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(tmp_path, train=False)
    message = str(err.value)
    assert str(tmp_path) in message and "t10k-images-idx3-ubyte[.gz]" in message
    assert "--data-dir" in message and ENV_VAR in message and "download=True" in message
    # only the labels missing: only they are named
    write_split(tmp_path, *small)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match=r"not found in .*: t10k-labels-idx1-ubyte\[\.gz\]\. "):
        load_mnist(tmp_path, train=False)


def corrupt_cases(small: tuple[np.ndarray, np.ndarray]) -> dict[str, tuple[str, bytes, str]]:
    """name → (file stem that is broken, its bytes, regex the error must match)."""
    images, labels = small
    good_images = idx_bytes(images)
    return {
        "bad magic": ("t10k-images-idx3-ubyte", idx_bytes(images, magic=2049), r"magic number 2049 where 2051"),
        "labels as images": ("t10k-images-idx3-ubyte", idx_bytes(np.zeros(100)), r"magic number 2049 where 2051"),
        "truncated": ("t10k-images-idx3-ubyte", good_images[:-100], r"truncated: header says \[7, 28, 28\]"),
        "header only partly there": ("t10k-labels-idx1-ubyte", idx_bytes(labels)[:6], r"too short for an IDX header"),
        "trailing bytes": ("t10k-labels-idx1-ubyte", idx_bytes(labels) + b"\0\0", r"has trailing bytes"),
        "empty file": ("t10k-images-idx3-ubyte", b"", r"only 0 bytes"),
        "wrong image size": ("t10k-images-idx3-ubyte", idx_bytes(np.zeros((7, 28, 27))), r"images are 28×27"),
        "label above 9": ("t10k-labels-idx1-ubyte", idx_bytes(np.array([1, 2, 10, 3, 4, 5, 6])), r"label 10 is not"),
        "count mismatch": ("t10k-labels-idx1-ubyte", idx_bytes(labels[:5]), r"holds 7 images but .* holds 5 labels"),
    }


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "raw"])
@pytest.mark.parametrize(
    "case",
    [
        "bad magic",
        "labels as images",
        "truncated",
        "header only partly there",
        "trailing bytes",
        "empty file",
        "wrong image size",
        "label above 9",
        "count mismatch",
    ],
)
def test_corrupt_files_are_refused_naming_the_file(tmp_path, small, case, gz):
    write_split(tmp_path, *small, gz=gz)
    stem, data, pattern = corrupt_cases(small)[case]
    path = tmp_path / (stem + ".gz" if gz else stem)
    path.write_bytes(gzip.compress(data) if gz else data)
    with pytest.raises(MnistFileError, match=pattern) as err:
        load_mnist(tmp_path, train=False)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    "payload",
    [b"this is not gzip at all", gzip.compress(b"\0" * 100)[:-8], b""],
    ids=["not-gzip", "truncated-gzip", "empty-gz"],
)
def test_broken_gzip_is_refused_naming_the_file(tmp_path, small, payload):
    write_split(tmp_path, *small)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(payload)
    with pytest.raises(MnistFileError) as err:
        load_mnist(tmp_path, train=False)
    assert str(path) in str(err.value)


def test_download_is_used_only_when_files_are_missing(tmp_path, monkeypatch, small):
    """download=True hands over to torchvision's MNIST downloader (faked here: no network) only if needed."""
    import torchvision.datasets

    calls: list[tuple[str, bool, bool]] = []

    class FakeMNIST:
        def __init__(self, root: str, train: bool = True, download: bool = False) -> None:
            calls.append((root, train, download))
            write_split(Path(root) / "MNIST" / "raw", *small, train=train)

    monkeypatch.setattr(torchvision.datasets, "MNIST", FakeMNIST)
    images, labels = load_mnist(tmp_path, train=False, download=True)
    assert sorted(calls) == [(str(tmp_path), False, True), (str(tmp_path), True, True)]
    assert np.array_equal(images, small[0]) and np.array_equal(labels, small[1])

    calls.clear()
    load_mnist(tmp_path, train=True, download=True)  # everything is there now
    assert calls == []


def test_download_is_skipped_when_files_exist_elsewhere_in_root(tmp_path, monkeypatch):
    """Files present at the top of root (not in torchvision's layout) count as present."""
    import torchvision.datasets

    monkeypatch.setattr(torchvision.datasets, "MNIST", lambda *a, **k: pytest.fail("must not download"))
    for name in (*TEST_FILES, "train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
        shutil.copy(SHARED / f"{name}.gz", tmp_path / f"{name}.gz")
    assert len(load_mnist(tmp_path, train=False, download=True)[0]) == 10_000


def test_without_download_nothing_is_fetched(tmp_path, monkeypatch):
    import torchvision.datasets

    monkeypatch.setattr(torchvision.datasets, "MNIST", lambda *a, **k: pytest.fail("must not download"))
    with pytest.raises(FileNotFoundError):
        load_mnist(tmp_path, train=False)


def test_dataset_checksum_tells_data_apart(small):
    images, labels = small
    reference = dataset_checksum(images, labels)
    assert reference == dataset_checksum(images.copy(), labels.copy())
    flipped = labels.copy()
    flipped[0] = (flipped[0] + 1) % 10
    assert dataset_checksum(images, flipped) != reference
    assert len(reference) == 64


@pytest.mark.parametrize("download", [False, True])
def test_a_file_given_as_the_data_folder_is_named(tmp_path, monkeypatch, download):
    """It said the files were "not found in" the file, or tried to download into it ("Not a directory: …/MNIST")."""
    import torchvision.datasets

    monkeypatch.setattr(torchvision.datasets, "MNIST", lambda *a, **k: pytest.fail("must not download"))
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(MnistFileError, match=r"notes\.txt: is a file, not a folder"):
        load_mnist(tmp_path / "notes.txt", train=False, download=download)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "name, packed",
    [("t10k-images-idx3-ubyte.gz", lambda data: data), ("t10k-images-idx3-ubyte", gzip.compress)],
    ids=["unpacked, named .gz", "gzipped, named without .gz"],
)
def test_a_file_is_read_as_its_bytes_are_not_as_its_name_says(tmp_path, small, name, packed):
    """A browser that unpacks a download as it saves it keeps the name's ".gz": that file was "cannot be read as gzip
    (Not a gzipped file (b'\\x00\\x00'))", and a gzipped one without the ".gz" "magic number 529205248 where 2051 was
    expected", two whole files refused for their names (the fourteenth round)."""
    images, labels = small
    write_split(tmp_path, images, labels)
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    (tmp_path / name).write_bytes(packed(idx_bytes(images)))
    found_images, found_labels = load_mnist(tmp_path, train=False)
    assert np.array_equal(found_images, images) and np.array_equal(found_labels, labels)


def test_a_file_gzipped_twice_is_said_to_be(tmp_path, small):
    """It was "magic number 529205248 where 2051 was expected (not this kind of IDX file)" (the fourteenth round)."""
    write_split(tmp_path, *small)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(path.read_bytes()))
    with pytest.raises(MnistFileError, match=r"t10k-images-idx3-ubyte\.gz: gzipped twice .*gunzip it once"):
        load_mnist(tmp_path, train=False)
