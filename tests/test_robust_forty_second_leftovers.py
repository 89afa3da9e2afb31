"""The forty-second round of hostile testing, leftovers: what earlier rounds saw and left ("Seen, not changed" in
docs/robustness.md), mended, then more of the same kind hunted in the command-line tools (odd arguments to every
entry point); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, ReaderGone
from folder_hint import check_folder_hint
from PIL import Image

import rowreader
from rowreader.cli import main as cli_main

READER_LEFT = 141  # 128 + SIGPIPE: what a shell says of `yes | head -1`'s yes


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture
def digit_png(tmp_path: Path) -> str:
    """A one: a bar of ink on white."""
    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    Image.fromarray(page).save(tmp_path / "one.png")
    return str(tmp_path / "one.png")


def test_predict_whose_reader_left_ends_as_unix_tools_do(digit_png) -> None:
    """`rowreader predict … | head -1` ended with status 1, the status of an image that cannot be read, and no line
    saying why, though --help says every status 1 comes with one. It ends quietly with 141, the status a shell
    gives `yes | head -1`'s yes (128 + SIGPIPE), which `set -o pipefail` scripts already know; --help says so."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "rowreader", "predict", *[digit_png] * 30],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err) == (READER_LEFT, b"")
    from rowreader.cli import build_parser

    assert "141 when the reader of its output left" in " ".join(build_parser().format_help().split())


def test_every_command_whose_reader_left_ends_with_one_status(monkeypatch, capsys) -> None:
    """`rowreader --help | head -1`, `python -m training.ship --dry-run | head -2` and `python -m training.fit
    --help | head -1` (every command under quiet_broken_pipe: merge, the converters, the benchmarks) ended 1, quietly:
    the same status as a file refused. Each ends 141, nothing said."""
    from training import arguments, ship

    monkeypatch.setattr("sys.stdout", ReaderGone())
    with pytest.raises(SystemExit) as done:
        cli_main(["--help"])
    assert done.value.code == READER_LEFT
    assert ship.main(["--dry-run"]) == READER_LEFT
    assert arguments.main(["--help"]) == READER_LEFT
    monkeypatch.undo()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "module",
    [
        "gui",
        "training.fit",
        "training",
        "training.ship",
        "training.merge",
        "training.unipen_convert",
        "training.drawn",
        "rowreader",
    ],
)
def test_every_entry_point_tells_its_version(module) -> None:
    """`python -m gui --version` was refused (status 2), as were training.fit's, ship's and merge's, where
    `rowreader --version` answered. Each answers with the package's version, from the one place it is written
    (pyproject.toml reads it from rowreader.__version__: it held a second copy)."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True, env=_env(), timeout=120
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.endswith(f" {rowreader.__version__}\n")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "rowreader.__version__"}


_MISSPELT = """
import sys, rowreader.checkpoint as checkpoint, rowreader.cells.lstm as lstm
for stand_in, name in ((checkpoint.torch, "tensr"), (lstm.nn, "LTSM"), (checkpoint.network, "RowReadr")):
    try:
        getattr(stand_in, name)
    except AttributeError as err:
        print(err)
print("torch" in sys.modules)
"""


def test_a_misspelt_name_asked_of_a_stand_in_imports_no_torch() -> None:
    """`rowreader.checkpoint.torch.tensr` (the stand-in that lets type hints name torch without importing it)
    imported torch, seconds and hundreds of MB, for any name at all, and only then said "module 'torch' has no
    attribute 'tensr'". A stand-in now imports its module only for the names its module uses it for; another
    name is an AttributeError that says which those are, and torch stays unimported."""
    done = subprocess.run([sys.executable, "-c", _MISSPELT], capture_output=True, text=True, env=_env(), timeout=120)
    *errors, imported = done.stdout.splitlines()
    assert imported == "False", done.stdout + done.stderr
    assert len(errors) == 3
    assert errors[0].startswith("'tensr': the stand-in for torch in rowreader.checkpoint's type hints serves only ")
    assert "'LTSM'" in errors[1] and "torch.nn" in errors[1] and "LSTM" in errors[1]
    assert "rowreader.network" in errors[2] and "RowReader" in errors[2]


def _modules_with_stand_ins() -> list[str]:
    """Every module of the package whose source calls ``later(…)``."""
    return sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "rowreader").rglob("*.py")
        if "later(" in path.read_text() and path.name != "later.py"
    )


def test_a_stand_in_serves_every_name_its_module_asks_of_it() -> None:
    """The names a stand-in serves are the names its module's code asks of it (read from its source, type hints
    too): one missing would be an AttributeError where the module was imported before."""
    import ast
    import importlib

    from rowreader.later import _Later

    names = _modules_with_stand_ins()
    assert {"rowreader.checkpoint", "rowreader.device", "rowreader.cells.lstm"} <= set(names)
    for name in names:
        module = importlib.import_module(name)
        stand_ins = {key: value for key, value in vars(module).items() if isinstance(value, _Later)}
        assert stand_ins, name
        tree = ast.parse(Path(module.__file__).read_text())
        asked = {
            (node.value.id, node.attr)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in stand_ins
        }
        for key, attr in asked:
            if not attr.startswith("__"):
                assert getattr(stand_ins[key], attr) is not None, (name, key, attr)


@pytest.mark.parametrize(
    ("files", "patterns"),
    [
        (["a.jpg", "b.jpg", "c.JPG", "notes.txt"], ["*.[Jj][Pp][Gg]"]),
        (["0/a.png", "1/b.PNG", "1/c.Png", "2/d.webp"], ["*/*.[Pp][Nn][Gg]", "*/*.webp"]),
    ],
)
def test_a_folders_pictures_in_two_cases_are_named_by_one_pattern(files, patterns, tmp_path, capsys) -> None:
    """`rowreader predict photos`, a phone's folder of .jpg and .JPG, was told `rowreader predict photos/*.jpg
    photos/*.JPG`: the folder twice, once for each spelling of one ending. One pattern of either case names them
    all, and matches every picture."""
    check_folder_hint(tmp_path / "photos", files, patterns, capsys)
    named = {Path(p).name for pattern in patterns for p in glob.glob(str(tmp_path / "photos" / pattern))}
    assert named == {Path(f).name for f in files if not f.endswith(".txt")}


@pytest.mark.parametrize(
    ("out", "instead"),
    [("quick.pt", "quick.safetensors"), ("m.PTH", "m.safetensors"), ("model", "model.safetensors"),
     ("v1.2", "v1.2.safetensors"), ("M.SAFETENSORS", "M.safetensors")],
)  # fmt: skip
def test_a_model_is_written_only_under_a_safetensors_name(out, instead, tmp_path, monkeypatch, capsys) -> None:
    """`python -m training.fit --out quick.pt` (a PyTorch user's name) trained and wrote a safetensors file that
    torch.load cannot read and that the app's Open model and a folder given as --checkpoint pass over; merge's
    --out and a fine-tune's alike. Each is refused with the command line, before any data is read (MNIST is not
    there), naming a name that is taken."""
    from training.arguments import main as fit_arguments
    from training.merge import main as merge_main

    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "nowhere"))
    target = str(tmp_path / out)
    for run in (
        lambda: fit_arguments(["--limit", "64", "--epochs", "1", "--out", target]),
        lambda: merge_main(["a.safetensors", "b.safetensors", "--out", target]),
    ):
        with pytest.raises(SystemExit) as refused:
            run()
        assert refused.value.code == 2
        err = " ".join(capsys.readouterr().err.split())
        assert f"{target} does not end in .safetensors:" in err and f"give {tmp_path / instead}, say" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--device", "", "argument --device: unknown device ''"),
        ("--device", "nan", "argument --device: unknown device 'nan'"),
        ("--data-dir", "", "argument --data-dir: an empty name"),
        ("--pen-dir", "", "argument --pen-dir: an empty name"),
    ],
)
def test_ships_own_flags_are_refused_in_their_own_name(flag, value, said, capsys) -> None:
    """`python -m training.ship --device ''` (an unset variable), `--device nan` and `--pen-dir ''` were refused as
    "--also: the first stage's training.fit refuses it: …", blaming a flag that was not given. Each is refused as
    itself, with ship's command line (status 2), as its --threads is."""
    from training import ship

    with pytest.raises(SystemExit) as refused:
        ship.parse_args([flag, value, "--dry-run"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and said in err and "--also" not in err.splitlines()[-1], err
