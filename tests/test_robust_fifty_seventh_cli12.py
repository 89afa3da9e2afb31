"""The fifty-seventh round's command lines (area cli12): where cli11 left them, each test seen failing on the code
before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import training.merge
from rowreader.checkpoint import Checkpoint, save_checkpoint
from rowreader.data import MnistFileError, load_mnist
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from training.arguments import main as arguments_main


def _too_soon(*_args: object, **_kwargs: object) -> None:
    """In the place of what loads (torch, UNIPEN): a refusal of the command line alone comes before its seconds."""
    raise AssertionError("loaded before the command line was refused")


@pytest.fixture()
def reader_file(tmp_path: Path) -> str:
    path = tmp_path / "a.safetensors"
    save_checkpoint(path, Checkpoint.from_reader(RowReader(ReaderConfig(input_size=12, hidden_size=16))))
    return str(path)


@pytest.mark.parametrize(
    ("members", "said"),
    [
        (["{a}"], "merging needs at least two readers, got 1"),
        (["{a}", "{a}"], "{a} is named twice; give different readers"),
        (["a.safetensors", "./a.safetensors"], "a.safetensors is named twice; give different readers"),
    ],
)
def test_a_merge_the_line_alone_refuses_is_refused_before_torch(
    tmp_path: Path, reader_file: str, capsys, monkeypatch, members: list[str], said: str
) -> None:
    """`python -m training.merge --out m.safetensors a` (one reader) and `… a a` (one named twice) were refused only
    once torch had loaded: 2.7–3.7 s of wall time and 1.5–1.8 s of CPU at a load of 5–8, where a reader not there
    took 0.4–0.6 s. What the names alone say is said before torch, in the same words."""
    monkeypatch.setattr(training.merge, "load_once_read", _too_soon)
    monkeypatch.chdir(tmp_path)
    words = [m.format(a=reader_file) for m in members]
    assert training.merge.main([*words, "--out", str(tmp_path / "m.safetensors")]) == 2
    assert capsys.readouterr().err.strip() == f"python -m training.merge: error: {said.format(a=reader_file)}"
    assert not (tmp_path / "m.safetensors").exists()


def test_a_teacher_named_twice_is_refused_before_torch(reader_file: str, tmp_path: Path, capsys) -> None:
    """`python -m training.fit --distill-from a a` was refused by the run once torch had loaded (2.5 s, 1.5 s of
    CPU); the line read first (training.arguments' main, no torch) passed it. It says it now, in the run's words."""
    out = str(tmp_path / "d.safetensors")
    with pytest.raises(SystemExit) as ended:
        arguments_main(["--distill-from", reader_file, reader_file, "--out", out])
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"python -m training.fit: error: {reader_file} is named twice; give different readers", error


@pytest.mark.parametrize(
    ("also", "hint"),
    [
        ("--limt 5", "; did you mean --limit?"),
        ("—limit 5", "; did you mean --limit? (it begins — (em dash), not two hyphens --)"),
    ],
)
def test_a_mistyped_flag_in_ships_also_keeps_training_fits_hint(capsys, also: str, hint: str) -> None:
    """`python -m training.ship --also '--limt 5'` said "… refuses it: unrecognized arguments: --limt 5" alone,
    where training.fit itself, given the same words, says which flag was meant: ship's refusal took argparse's
    message before the parser's hints were added to it."""
    from training.ship import main as ship_main

    with pytest.raises(SystemExit) as ended:
        ship_main(["--dry-run", "--also", also])
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    said = "python -m training.ship: error: --also: the first stage's training.fit refuses it: unrecognized "
    assert error == f"{said}arguments: {also}{hint}", error


@pytest.mark.parametrize("folder", ["/proc", "/proc/rowreader-cli12", "/sys/rowreader-cli12"])
def test_a_download_into_the_kernels_folders_says_why_it_cannot_be(folder: str) -> None:
    """`rowreader download --data-dir /proc` said "cannot write there (/proc/MNIST.lock): No such file or
    directory" of a folder that exists (`/sys/x`: "Operation not permitted"), the words save_checkpoint gave of
    /proc until it said why, in the words it says now."""
    with pytest.raises(MnistFileError) as err:
        load_mnist(folder, train=False, download=True)
    top = "/" + folder.split("/")[1]
    assert f"{top} is the kernel's own folder, where no file can be saved; choose a folder" in str(err.value)
    assert "No such file" not in str(err.value) and "not permitted" not in str(err.value)


@pytest.mark.parametrize(
    ("out_dir", "said"),
    [
        ("one.png", "one.png is a file, not a folder"),
        ("one.png/deeper", "one.png is a file, not a folder"),
        ("/dev/null", "/dev/null is a device, not a folder"),
    ],
)
def test_person_examples_refuses_a_file_for_its_folder_with_the_command_line(
    tmp_path: Path, capsys, monkeypatch, out_dir: str, said: str
) -> None:
    """`python bench/person_examples.py aga/amywldrp one.png` read UNIPEN's test persons first (1–1.6 s), then
    failed as a run, status 1, "cannot write one.png/0/0.png: …": a file in the folder's place is a refused command
    line, status 2, before any reading, as every other command's folder is (``folder_argument``)."""
    from conftest import load_bench

    (tmp_path / "one.png").write_bytes(b"not ours")
    monkeypatch.chdir(tmp_path)
    module = load_bench("person_examples")
    monkeypatch.setattr(module, "load_unipen", _too_soon)  # nothing is read before the line is refused
    with pytest.raises(SystemExit) as ended:
        module.main(["aga/amywldrp", out_dir])
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"person_examples.py: error: argument out_dir: {said}"
    assert (tmp_path / "one.png").read_bytes() == b"not ours"
