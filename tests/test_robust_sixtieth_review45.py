"""The sixtieth round's review of cli15 and twins1 (area review45), each test seen failing on the code before its fix.
What is tried is the process's (its status, its stderr), so each command runs in a child, a fake package first on
$PYTHONPATH standing for a torchvision that cannot load."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def fake_package(where: Path, name: str, body: str) -> Path:
    """A package ``name`` in ``where`` (to put first on $PYTHONPATH) whose ``__init__.py`` is ``body``."""
    (where / name).mkdir(parents=True)
    (where / name / "__init__.py").write_text(body)
    return where / name


def run_python(tmp_path: Path, words: list[str], first: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """``python WORDS`` in ``tmp_path``, the project (after ``first``) on the path, ``env`` set over this one's."""
    path = os.pathsep.join(str(p) for p in (first, REPO) if p is not None)
    environ = {**os.environ, "PYTHONPATH": path, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ, check=False
    )


@pytest.mark.parametrize(
    "raised",
    [
        "RuntimeError('operator torchvision::nms does not exist')",  # built for another torch (`pip install -U torch`)
        "OSError('libtorchvision.so: undefined symbol: _ZN3c10')",
    ],
)
def test_a_torchvision_that_cannot_load_is_named_not_the_internet(tmp_path, raised) -> None:
    """`rowreader download` with a torchvision built for another torch said "could not download MNIST into …:
    operator torchvision::nms does not exist. Without internet: copy the four files …", sending the user to the
    network; one whose library failed said "torchvision (, in FOLDER)". Both now name torchvision, where it is, and
    its reinstall, nothing made."""
    fake = fake_package(tmp_path / "site", "torchvision", f"raise {raised}\n")
    result = run_python(tmp_path, ["-m", "rowreader", "download", "--data-dir", str(tmp_path / "mnist")], fake.parent)
    assert result.returncode == 1, result.stderr
    assert f"torchvision (in {fake}) cannot be loaded: " in result.stderr, result.stderr
    assert "or this torchvision is damaged, or built for another torch: reinstall it with `" in result.stderr
    assert "Without internet" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "mnist").exists()


@pytest.mark.parametrize(
    ("prog", "words", "split"),
    [
        ("python -m rowreader", ["-m", "rowreader", "evaluate", "--limit", "1"], "t10k"),
        ("python -m training.fit", ["-m", "training.fit", "--epochs", "1", "--out", "m.safetensors"], "train"),
        ("bench_fit.py", [str(REPO / "bench" / "bench_fit.py")], "train"),
        ("bench_fidelity.py", [str(REPO / "bench" / "bench_fidelity.py")], "t10k"),
    ],
)
def test_an_empty_mnist_folder_is_refused_before_torch(tmp_path, prog, words, split) -> None:
    """`ROWREADER_DATA=` an empty folder (or one holding the other split alone) was refused once torch had loaded,
    4.7-6.1 s; bench_fit and bench_fidelity took as long for a file there (cli15 left them). Each is now said as the
    command line is read, in load_mnist's words and status, with a torch here that cannot load: reaching it fails."""
    broken = fake_package(tmp_path / "site", "torch", "raise OSError('torch was loaded')\n")
    (tmp_path / "empty").mkdir()
    result = run_python(tmp_path, words, broken.parent, ROWREADER_DATA="empty")
    assert result.returncode == (1 if prog == "python -m rowreader" else 2), result.stderr
    assert result.stderr.startswith(f"{prog}: error: MNIST files not found in $ROWREADER_DATA=empty: {split}-images")
    assert "torch was loaded" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    (tmp_path / "notes.txt").write_text("x")
    result = run_python(tmp_path, words, broken.parent, ROWREADER_DATA="notes.txt")
    assert (
        result.stderr
        == f"{prog}: error: $ROWREADER_DATA=notes.txt: is a file, not a folder (the MNIST files go in a folder)\n"
    )


def test_no_test_module_takes_another_test_modules_private_names() -> None:
    """The project's rule, broken by 65 imports in 42 test files (32 names, forty_second_scale's ``_kept`` in 13, as
    twins1 counted them): a test module imports from another only public names. Each shared helper is public now, under
    a name no file it reaches uses for anything else (``_kept`` is ``examples_kept``), and this keeps it so."""
    tests = Path(__file__).resolve().parent
    ours = {path.stem for path in tests.glob("*.py")}
    taken = [
        f"{path.name}:{node.lineno}: from {node.module} import {alias.name}"
        for path in sorted(tests.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module in ours
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert not taken, "\n".join(taken)
