"""The sixty-first round's command lines at their edges (area cli16), each test seen failing on the code before its
fix. A command's refusal is its process's (status, stderr), so those run in a child; one said "before torch" has a
fake ``torch`` first on $PYTHONPATH whose import raises, as a missing CUDA library's does: reached, it is said."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rowreader.data import FILES, MnistFileError, load_mnist

REPO = Path(__file__).resolve().parents[1]
MISSING_LIBRARY = "libcudart.so.12: cannot open shared object file: No such file or directory"
TEST_IMAGES = f"{FILES[False][0]}.gz"


def _run(tmp_path: Path, words: list[str], torch_fails: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """``python WORDS`` in ``tmp_path``, the project on the path (after a torch that cannot load, if asked)."""
    path = [str(REPO)]
    if torch_fails:
        (tmp_path / "site" / "torch").mkdir(parents=True)
        (tmp_path / "site" / "torch" / "__init__.py").write_text(f"raise OSError({MISSING_LIBRARY!r})\n")
        path.insert(0, str(tmp_path / "site"))
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join(path), "HOME": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ, check=False
    )


def _not_a_file(path: Path, kind: str) -> str:
    """Something other than a regular file made at ``path``; what the error calls it."""
    if kind == "fifo":
        os.mkfifo(path)
        return "a named pipe (FIFO)"
    if kind == "folder":
        path.mkdir(parents=True)
        return "a folder"
    if kind == "loop":
        path.symlink_to(path.name)
        return "a link that loops back on itself"
    path.symlink_to("gone")
    return "a broken link"


@pytest.mark.parametrize("kind", ["fifo", "folder", "loop", "broken"])
def test_an_mnist_name_held_by_no_file_says_what_is_there(tmp_path, kind) -> None:
    """`mkfifo $ROWREADER_DATA/t10k-images-idx3-ubyte.gz` (or a folder, a link to nothing) was "MNIST files not found
    in …", as if nothing had that name: what is there is said."""
    what = _not_a_file(tmp_path / TEST_IMAGES, kind)
    with pytest.raises(FileNotFoundError) as caught:
        load_mnist(tmp_path, train=False)
    assert f"{tmp_path / TEST_IMAGES} is {what}, not an MNIST file" in str(caught.value)


def test_a_download_over_a_fifo_is_refused_before_it_starts(tmp_path) -> None:
    """A FIFO where torchvision writes its download (``MNIST/raw``): the download was tried, and online it waits on
    the pipe for ever (offline it said only the network's failure). It is refused at once, naming the pipe."""
    fifo = tmp_path / "MNIST" / "raw" / TEST_IMAGES
    fifo.parent.mkdir(parents=True)
    _not_a_file(fifo, "fifo")
    with pytest.raises(MnistFileError) as caught:
        load_mnist(tmp_path, train=False, download=True)
    assert str(caught.value) == (
        f"could not download MNIST into {tmp_path}: {fifo} is a named pipe (FIFO), not an MNIST file; put the file "
        "itself there"
    )


BENCHES = [
    ("bench_handwriting", "ROWREADER_DATA"),
    ("bench_handwriting", "ROWREADER_UNIPEN"),
    ("bench_prototypes", "ROWREADER_DATA"),
    ("bench_prototypes", "ROWREADER_UNIPEN"),
    ("bench_reading_copies", "ROWREADER_DATA"),
    ("bench_reading_copies", "ROWREADER_UNIPEN"),
    ("bench_drawn", "ROWREADER_DATA"),
    ("bench_finetune", "ROWREADER_UNIPEN"),
]


@pytest.mark.parametrize(("bench", "variable"), BENCHES, ids=[f"{b}-{v}" for b, v in BENCHES])
def test_a_benchmark_refuses_a_data_variable_before_torch(tmp_path, bench, variable) -> None:
    """`ROWREADER_DATA=notes.txt python bench/bench_handwriting.py` (or $ROWREADER_UNIPEN) was refused once torch
    had loaded, 3-7 s: it is refused as the command line is read, in the words training.fit says it, and a torch
    that cannot load is never reached."""
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    result = _run(tmp_path, [str(REPO / "bench" / f"{bench}.py")], torch_fails=True, **{variable: str(notes)})
    data = "UNIPEN digits not found: " if variable == "ROWREADER_UNIPEN" else ""
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{bench}.py: error: {data}${variable}={notes}: "), result.stderr
    assert result.stderr.count("\n") == 1 and "torch" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["training.ship", "dry-run"],
            "unrecognized arguments: dry-run; dry-run is no command word: did you mean the flag --dry-run?",
        ),
        (
            ["rowreader", "evaluate", "Json"],
            "unrecognized arguments: Json; Json is no command word: did you mean the flag --json?",
        ),
    ],
)
def test_any_commands_flag_typed_as_a_word_is_named(tmp_path, words, said) -> None:
    """`python -m training.ship dry-run` and `rowreader evaluate json` were "unrecognized arguments: …" alone."""
    result = _run(tmp_path, ["-m", *words])
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1].endswith(f" error: {said}"), result.stderr


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        (
            ["training", "resume", "--out", "runs/a"],
            "resume is no command word: python -m training takes the flag --resume: python -m training --resume --out "
            "runs/a",
        ),
        (
            ["training.fit", "Epochs", "3"],
            "Epochs is no command word: python -m training.fit takes the flag --epochs: python -m training.fit "
            "--epochs 3",
        ),
        (
            ["training", "Fit", "--epochs", "3"],
            "Fit is no command word: python -m training is training.fit itself; drop it: python -m training --epochs 3",
        ),
        (
            ["training", "Training.Ship"],
            "Training.Ship is a command of its own, not a word of python -m training's (which is training.fit): "
            "python -m training.ship",
        ),
        (
            ["training", "Evaluate"],
            "Evaluate is a command of rowreader's, not training's: python -m rowreader evaluate",
        ),
    ],
)
def test_a_flag_or_command_typed_as_a_word_is_named(tmp_path, words, meant) -> None:
    """`python -m training resume` and `python -m training Fit` were "unrecognized arguments: resume" (or "Fit")
    alone: a flag's name typed without its dashes is named as the flag, a command's in any case as the command."""
    result = _run(tmp_path, ["-m", *words])
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"python -m {words[0]}: error: {meant}"
