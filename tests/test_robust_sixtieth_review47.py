"""The sixtieth round of hostile testing, review47: review45's early MNIST check (``data.mnist_folder`` with the
splits a command needs, asked before torch loads) against every layout ``load_mnist`` reads. Nothing was fixed: each
test passed on the code before, and a mutant of the check asking for flat, unzipped names failed 19 of the 20."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from test_core_data import idx_bytes
from test_robust_sixtieth_review45 import REPO, fake_package, run_python

from rowreader.data import FILES, load_mnist, mnist_folder

# Where each of the four files goes (relative to the folder named) and whether it is gzipped: each layout that
# load_mnist reads, the project's own (flat, gzipped or not), torchvision's (MNIST/raw, as its download leaves it, the
# archives beside the files they unpack to), and the two mixed.
LAYOUTS = {
    "flat": ("", False),
    "flat gzipped": ("", True),
    "torchvision's raw": ("MNIST/raw", False),
    "torchvision's gzipped": ("MNIST/raw", True),
}


def write_mnist(root: Path, where: dict[bool, tuple[str, bool]]) -> None:
    """Two tiny splits (3 training digits, 2 test ones) into ``root``, each split where ``where[train]`` says."""
    for train, count in ((True, 3), (False, 2)):
        folder, gz = where[train]
        (root / folder).mkdir(parents=True, exist_ok=True)
        arrays = (np.full((count, 28, 28), 7, np.uint8), np.arange(count, dtype=np.uint8))
        for stem, array in zip(FILES[train], arrays, strict=True):
            data = idx_bytes(array)
            (root / folder / (stem + ".gz" if gz else stem)).write_bytes(gzip.compress(data) if gz else data)


@pytest.mark.parametrize("train_layout", LAYOUTS)
@pytest.mark.parametrize("test_layout", LAYOUTS)
def test_the_early_check_lets_through_every_layout_load_mnist_reads(tmp_path, train_layout, test_layout) -> None:
    """The check each command asks before torch (``mnist_folder`` with the splits it reads: both for training.fit and
    bench_fit, the test one for evaluate and bench_fidelity) is sound where load_mnist reads the folder: not a setup
    that works refused. Checked, not changed: it looks the files up as load_mnist does (``find_mnist_file``)."""
    write_mnist(tmp_path, {True: LAYOUTS[train_layout], False: LAYOUTS[test_layout]})
    assert mnist_folder(tmp_path, True, False) == tmp_path
    assert mnist_folder(tmp_path, False) == tmp_path
    assert [len(load_mnist(tmp_path, train)[0]) for train in (True, False)] == [3, 2]


@pytest.mark.parametrize(
    ("prog", "words"),
    [
        ("python -m rowreader", ["-m", "rowreader", "evaluate", "--limit", "1"]),
        ("python -m training.fit", ["-m", "training.fit", "--epochs", "1", "--out", "m.safetensors"]),
        ("bench_fit.py", [str(REPO / "bench" / "bench_fit.py")]),
        ("bench_fidelity.py", [str(REPO / "bench" / "bench_fidelity.py")]),
    ],
)
def test_each_command_goes_on_to_torch_with_torchvisions_layout(tmp_path, prog, words) -> None:
    """`$ROWREADER_DATA` holding MNIST as torchvision's download leaves it (``MNIST/raw``, gzipped) passes each
    command's early check: the run goes on to load torch, which here cannot load, and says so."""
    broken = fake_package(tmp_path / "site", "torch", "raise OSError('torch was loaded')\n")
    write_mnist(tmp_path / "data", dict.fromkeys((True, False), LAYOUTS["torchvision's gzipped"]))
    result = run_python(tmp_path, words, broken.parent, ROWREADER_DATA="data")
    assert "torch was loaded" in result.stderr and "MNIST" not in result.stderr, result.stderr
