"""The sixtieth round's command lines (area cli15): the refusals the fifty-ninth round left, each test seen failing on
the code before its fix. The behaviour is the process's (its status, its stderr, what Python it is), so each command
runs in a child: a torch that cannot load is a fake ``torch`` package first on $PYTHONPATH whose import raises, as a
missing CUDA library's does; a conda environment is a venv with conda's ``conda-meta`` folder in its prefix."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MISSING_LIBRARY = "libcudart.so.12: cannot open shared object file: No such file or directory"
PIP_TORCH = "-m pip install 'torch<2.15' 'torchvision<0.30' --index-url https://download.pytorch.org/whl/cpu"


def _fake_package(where: Path, name: str, body: str) -> Path:
    """A package ``name`` in ``where`` (to put first on $PYTHONPATH) whose ``__init__.py`` is ``body``."""
    (where / name).mkdir(parents=True)
    (where / name / "__init__.py").write_text(body)
    return where / name


def _run(
    tmp_path: Path, words: list[str], first: Path | None = None, python: str = sys.executable, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python WORDS`` in ``tmp_path``, the project (after ``first``) on the path, ``env`` set over this one's."""
    path = os.pathsep.join(str(p) for p in (first, REPO) if p is not None)
    environ = {**os.environ, "PYTHONPATH": path, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        [python, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ, check=False
    )


@pytest.mark.parametrize("error", ["OSError", "ImportError"])
@pytest.mark.parametrize(
    ("prog", "words"),
    [
        ("python -m rowreader", ["-m", "rowreader", "evaluate", "--limit", "1"]),
        ("python -m training.fit", ["-m", "training.fit", "--epochs", "1"]),
        ("python -m training.ship", ["-m", "training.ship"]),
        ("bench_finetune.py", [str(REPO / "bench" / "bench_finetune.py")]),
        ("bench_fit.py", [str(REPO / "bench" / "bench_fit.py")]),
    ],
)
def test_a_torch_that_cannot_load_is_one_line_in_every_command(tmp_path, prog, words, error) -> None:
    """torch's import failing on a broken shared library (OSError from ctypes, or ImportError from its compiled part)
    ended training.fit, training.ship and the benchmarks in a page of traceback (status 1), `rowreader evaluate` in
    "cannot write the output: libcudart.so.12 …" and bench_finetune as a refused input (status 2): each now says, on
    one line, that torch (where it is) cannot be loaded, why, and how to reinstall it, with the status of torch
    missing (1)."""
    fake = _fake_package(tmp_path / "site", "torch", f"raise {error}({MISSING_LIBRARY!r})\n")
    result = _run(tmp_path, words, fake.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"{prog}: error: PyTorch (torch, in {fake}) cannot be loaded: {MISSING_LIBRARY}; reading digits does not need "
        f"it. A library it needs is missing, or this torch is damaged: reinstall it with `{sys.executable} "
        f"{PIP_TORCH}` (the CPU build; without --index-url, the CUDA build on Linux)\n"
    )


def test_a_download_with_a_torch_that_cannot_load_does_not_blame_the_internet(tmp_path) -> None:
    """`rowreader download` with torch's CUDA library missing said "could not download MNIST into …: libcudart.so.12:
    … Without internet: copy the four files …", sending the user to the network: it names torch, as above."""
    fake = _fake_package(tmp_path / "site", "torch", f"raise OSError({MISSING_LIBRARY!r})\n")
    result = _run(tmp_path, ["-m", "rowreader", "download", "--data-dir", str(tmp_path / "mnist")], fake.parent)
    assert result.returncode == 1, result.stderr
    assert f"PyTorch (torch, in {fake}) cannot be loaded: {MISSING_LIBRARY}" in result.stderr
    assert "Without internet" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "mnist").exists()


@pytest.fixture
def conda_python(tmp_path: Path) -> str:
    """A Python whose prefix is a conda environment's (``conda-meta`` in it), with this one's packages."""
    prefix = tmp_path / "conda env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True, timeout=60)
    (prefix / "conda-meta").mkdir()
    packages = next(prefix.glob("lib/python3*/site-packages"), None) or prefix / "Lib" / "site-packages"
    (packages / "these.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return str(prefix / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))


def test_a_conda_environment_is_told_condas_install_and_a_venv_pips(tmp_path, conda_python) -> None:
    """In a conda environment, torch missing and a Qt the app refuses named pip's install, which puts a second copy
    beside conda's packages that conda neither sees nor updates: conda's install into that environment is named.
    A venv is not taken for one where $CONDA_PREFIX is set (a venv made from an activated conda environment)."""
    prefix = str(Path(conda_python).parents[1])
    no_torch = _fake_package(
        tmp_path / "a", "torch", "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n"
    )
    qt = _fake_package(tmp_path / "b", "PySide6", '__version__ = "6.12.0"\n')
    conda = f"`conda install -p '{prefix}' -c conda-forge"

    result = _run(tmp_path, ["-m", "training.fit", "--epochs", "1"], no_torch.parent, conda_python)
    assert result.returncode == 1, result.stderr
    assert result.stderr.endswith(f"Install it with {conda} 'pytorch<2.15' 'torchvision<0.30'`\n"), result.stderr
    result = _run(tmp_path, ["-m", "gui"], qt.parent, conda_python)
    assert result.returncode == 2, result.stderr
    assert result.stderr.endswith(f"Install one with {conda} 'pyside6<6.12,>=6.7'`\n"), result.stderr

    result = _run(tmp_path, ["-m", "training.fit", "--epochs", "1"], no_torch.parent, CONDA_PREFIX=prefix)
    assert result.returncode == 1, result.stderr
    assert f"Install it with `{sys.executable} {PIP_TORCH}`" in result.stderr and "conda" not in result.stderr


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("file", ["-m", "rowreader", "evaluate"]),
        ("fifo", ["-m", "rowreader", "evaluate"]),
        ("loop", ["-m", "rowreader", "evaluate"]),
        ("long", ["-m", "rowreader", "evaluate"]),
        ("file", ["-m", "training.fit", "--epochs", "1"]),
        (
            "long",
            [
                "-m",
                "training",
                "--finetune",
                str(REPO / "rowreader" / "pretrained" / "rowreader.safetensors"),
                "--examples",
                "ex",
                "--out",
                "m.safetensors",
            ],
        ),
        ("loop", [str(REPO / "bench" / "bench_finetune.py")]),
    ],
)
def test_a_data_variable_no_mnist_can_be_in_is_refused_before_torch(tmp_path, kind, words) -> None:
    """`ROWREADER_DATA=notes.txt` (or a FIFO, a link that loops, a name of 300 bytes) was refused only once torch had
    loaded, 2-5 s in: `rowreader evaluate`, `training.fit` and bench_finetune now say it as their line is read, in
    the same words and with the same status. A torch that cannot load is on the path: it is never reached."""
    data = tmp_path / "data"
    if kind == "file":
        data.write_text("notes\n")
    elif kind == "fifo":
        os.mkfifo(data)
    elif kind == "loop":
        data.symlink_to(data)
    else:
        data = tmp_path / ("a" * 300)
    fake = _fake_package(tmp_path / "site", "torch", f"raise OSError({MISSING_LIBRARY!r})\n")
    result = _run(tmp_path, words, fake.parent, ROWREADER_DATA=str(data))
    assert "torch" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and f"error: $ROWREADER_DATA={data}: " in result.stderr, result.stderr
    assert result.returncode == (1 if words[:2] == ["-m", "rowreader"] else 2)
    if kind == "file":
        assert data.read_text() == "notes\n"


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        (
            ["training", "fit", "--epochs", "3"],
            "fit is no command word: python -m training is training.fit itself; drop it: python -m training --epochs 3",
        ),
        (
            ["training.fit", "fit"],
            "fit is no command word: python -m training.fit is training.fit itself; drop it: python -m training.fit",
        ),
        (
            ["training", "ship", "--dry-run"],
            "ship is a command of its own, not a word of python -m training's (which "
            "is training.fit): python -m training.ship --dry-run",
        ),
        (
            ["training", "unipen-convert", "in dir"],
            "unipen-convert is a command of its own, not a word of python -m "
            "training's (which is training.fit): python -m training.unipen_convert 'in dir'",
        ),
    ],
)
def test_a_training_command_typed_as_a_word_is_named(tmp_path, words, meant) -> None:
    """`python -m training fit --epochs 3`, training.fit's name split at its dot, and `python -m training ship` were
    "unrecognized arguments: fit" (or "ship") alone: the command meant is named, with the words typed after it."""
    result = _run(tmp_path, ["-m", *words])
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"python -m {words[0]}: error: {meant}"


@pytest.mark.parametrize(
    ("also", "said"),
    [
        (
            "--lr nan",
            "--also: the first stage's training.fit refuses it: argument --lr: must be a number above 0 and at most"
            " 10, got 'nan'",
        ),
        ("--out x.safetensors", "--also --out: ship sets it for each stage"),
    ],
)
def test_ships_also_is_refused_before_torch(tmp_path, also, said) -> None:
    """`training.ship --also '--lr nan'` (or a flag ship sets itself) loaded torch for the stages first and was
    refused 5.7-6.2 s in, where `--dry-run` refused it at once: every stage's line is read before torch (1 s). A
    torch that cannot load is on the path: it is never reached."""
    fake = _fake_package(tmp_path / "site", "torch", f"raise OSError({MISSING_LIBRARY!r})\n")
    result = _run(tmp_path, ["-m", "training.ship", "--also", also], fake.parent)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"python -m training.ship: error: {said}"), result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "site"]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["-m", "training.fit", ""], "python -m training.fit: error: unrecognized arguments: ''"),
        ([str(REPO / "bench" / "bench_fit.py"), "", "x"], "bench_fit.py: error: unrecognized arguments: '' x"),
    ],
)
def test_an_empty_word_no_flag_takes_is_shown_quoted(tmp_path, words, said) -> None:
    """`python -m training.fit ""` (an unset variable, quoted) was "unrecognized arguments: " with nothing after it,
    a line that names no word: the empty word is shown as a shell types it, ''."""
    result = _run(tmp_path, words)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == said
