"""training.merge: k readers laid side by side read exactly as their averaged logits, for every cell and depth."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from rowreader.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from rowreader.evaluate import evaluate_curve
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from training.merge import main, merge_readers


def reader(config: ReaderConfig, seed: int) -> Checkpoint:
    return Checkpoint.from_reader(RowReader(config).initialise(torch.Generator().manual_seed(seed)))


@pytest.mark.parametrize(("cell", "layers", "k"), [("lstm", 1, 2), ("lstm", 2, 3), ("gru", 2, 2)])
def test_the_merged_reader_is_the_mean_of_its_members(cell: str, layers: int, k: int) -> None:
    config = ReaderConfig(input_size=12, hidden_size=16, layers=layers, cell=cell)
    members = [reader(config, seed) for seed in range(k)]
    merged = merge_readers(members)
    assert (merged.config.input_size, merged.config.hidden_size) == (12 * k, 16 * k)
    images = torch.rand(5, 28, 28, generator=torch.Generator().manual_seed(9))
    with torch.no_grad():
        mean = sum(m.reader(images) for m in members) / k
        torch.testing.assert_close(merged.reader(images), mean, atol=1e-5, rtol=0)
    # the torch-free stream reads it too: the app and `rowreader predict` see the same averaged belief
    stream_probs = np.stack([p.probs for p in merged.stream().feed_image(images[0].numpy())])
    np.testing.assert_allclose(stream_probs, torch.softmax(mean[0], -1).numpy(), atol=1e-5)


def test_readers_of_different_shapes_are_refused() -> None:
    a = reader(ReaderConfig(input_size=12, hidden_size=16), 0)
    b = reader(ReaderConfig(input_size=12, hidden_size=8), 1)
    with pytest.raises(ValueError, match="only readers of one shape merge"):
        merge_readers([a, b])
    with pytest.raises(ValueError, match="at least two"):
        merge_readers([a])


@pytest.fixture
def paths(tmp_path) -> list:
    """Two small readers of one shape, saved as a.safetensors and b.safetensors."""
    config = ReaderConfig(input_size=12, hidden_size=16)
    files = [tmp_path / "a.safetensors", tmp_path / "b.safetensors"]
    for seed, path in enumerate(files):
        save_checkpoint(path, reader(config, seed))
    return files


def test_the_command_line_writes_a_checkpoint_naming_its_members(tmp_path, paths, capsys, monkeypatch) -> None:
    out = tmp_path / "ab.safetensors"
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))  # the default folder without MNIST: no curve
    assert main([*map(str, paths), "--out", str(out)]) == 0
    merged = load_checkpoint(out)
    assert merged.config.hidden_size == 32
    assert [m["file"] for m in merged.metadata["merged_from"]] == ["a.safetensors", "b.safetensors"]
    assert merged.metadata["command"].startswith("python -m training.merge ")
    assert "test_accuracy" not in merged.metadata and "no MNIST test curve" in capsys.readouterr().out


def test_the_merged_reader_records_its_mnist_curve_as_training_does(tmp_path, paths, mnist_test, capsys) -> None:
    out = tmp_path / "ab.safetensors"
    assert main([*map(str, paths), "--out", str(out)]) == 0  # MNIST from $ROWREADER_DATA, as tests find it
    merged = load_checkpoint(out)
    curve = evaluate_curve(merged.reader, *mnist_test)
    assert merged.metadata["accuracy_per_row"] == [round(float(a), 4) for a in curve]
    assert merged.accuracy == round(float(curve[-1]), 4)
    assert "MNIST test:" in capsys.readouterr().out


def test_the_command_line_never_overwrites_what_is_not_ours(tmp_path, paths, capsys) -> None:
    notes = tmp_path / "notes.safetensors"  # a model's name: any other is refused as none
    notes.write_text("mine")
    assert main([*map(str, paths), "--out", str(notes)]) == 2
    assert notes.read_text() == "mine"
    assert "not a RowReader checkpoint" in capsys.readouterr().err
    before = paths[0].read_bytes()
    assert main([*map(str, paths), "--out", str(paths[0])]) == 2
    assert paths[0].read_bytes() == before
    assert "one of the readers being merged" in capsys.readouterr().err


def test_the_same_reader_twice_is_refused(tmp_path, paths, capsys) -> None:
    copy = tmp_path / "copy.safetensors"
    copy.write_bytes(paths[0].read_bytes())
    out = tmp_path / "aa.safetensors"
    assert main([str(paths[0]), str(paths[1]), str(copy), "--out", str(out)]) == 2
    assert not out.exists()
    assert "same reader as" in capsys.readouterr().err


def test_an_empty_out_is_refused_not_taken_for_the_current_folder(tmp_path, paths, capsys, monkeypatch) -> None:
    """`--out ""` was the current folder: "--out . exists and is not a RowReader checkpoint"."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main([*map(str, paths), "--out", ""])
    assert exit_.value.code == 2 and "--out: an empty name" in capsys.readouterr().err


def test_an_out_name_that_is_not_utf8_is_printed_not_a_traceback(tmp_path, paths) -> None:
    """On a strict-UTF-8 stdout (an en_US.UTF-8 desktop) the summary line naming a Latin-1 --out was a traceback."""
    out = os.fsdecode(os.fsencode(tmp_path) + b"/\xe9t\xe9.safetensors")
    command = [sys.executable, "-m", "training.merge", *map(str, paths), "--out", out]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "ROWREADER_DATA": str(tmp_path)}  # no MNIST there: no curve
    result = subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    said = os.fsencode(tmp_path) + b"/\\xe9t\\xe9.safetensors"  # its bytes as `$'…'` writes them (raw until cli22)
    assert said in result.stdout and load_checkpoint(out).config.hidden_size == 32


def test_the_readers_alone_are_compared_on_the_digits_they_were_read_on(tmp_path, mnist_test, capsys) -> None:
    """Members trained with `--limit 64` recorded their accuracy on 64 test digits, and the merge printed it beside
    the merged reader's on all 10,000 as "(the readers alone: 1.56%, 1.56%)": not the same test. A member's
    accuracy on fewer digits says on how many, and the merged reader records how many it read."""
    config = ReaderConfig(input_size=12, hidden_size=16)
    files = [tmp_path / "a.safetensors", tmp_path / "b.safetensors"]
    for seed, (path, digits) in enumerate(zip(files, (64, len(mnist_test[1])), strict=True)):
        save_checkpoint(path, reader(config, seed), {"test_accuracy": 0.5, "test_digits": digits})
    out = tmp_path / "ab.safetensors"
    assert main([*map(str, files), "--out", str(out)]) == 0
    assert "(the readers alone: 50.00% on 64 test digits, 50.00%)" in capsys.readouterr().out
    assert load_checkpoint(out).metadata["test_digits"] == len(mnist_test[1])


def test_a_reader_named_twice_is_called_that(tmp_path, paths, capsys) -> None:
    """`merge a a` said "a is the same reader as a (identical files)"; a copy is still "the same reader as"."""
    assert main([str(paths[0]), str(paths[0]), "--out", str(tmp_path / "aa.safetensors")]) == 2
    assert f"{paths[0]} is named twice; give different readers" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda path: path.mkdir(), "is a folder, not a file"),
        (lambda path: os.mkfifo(path), "is a named pipe (FIFO), not a regular file"),
        (lambda path: path.symlink_to(path.with_name("nothing-here")), "which does not exist; remove the link"),
    ],
    ids=["folder", "fifo", "dangling link"],
)
def test_an_out_that_no_force_may_replace_is_not_offered_force(tmp_path, paths, capsys, make, says) -> None:
    """`--out DIR` (a FIFO, /dev/full) was "exists and is not a RowReader checkpoint; choose another path or --force",
    and with --force it was refused anyway: the merge says what the path is, and --force is not offered (the
    fifteenth round). A link to nothing is not replaced by the merged reader."""
    out = tmp_path / "out.safetensors"
    make(out)
    assert main([*map(str, paths), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert says in err and "--force" not in err
    assert main([*map(str, paths), "--out", str(out), "--force"]) == 2
    assert says in capsys.readouterr().err
    assert out.is_symlink() or not out.is_file()


def test_a_reader_of_another_shape_is_named_by_its_file(tmp_path, paths, capsys) -> None:
    """ "reader 2 is lstm 1×8 …, reader 1 lstm 1×16 …" left the user counting the arguments (the fifteenth round)."""
    other = tmp_path / "narrow.safetensors"
    save_checkpoint(other, reader(ReaderConfig(input_size=12, hidden_size=8), 0))
    assert main([str(paths[0]), str(other), "--out", str(tmp_path / "m.safetensors")]) == 2
    err = capsys.readouterr().err
    assert f"{other} is lstm 1×8" in err and f", {paths[0]} lstm 1×16" in err and "only readers of one shape" in err


def test_eighteenth_a_refused_merge_leaves_no_folder_made_for_its_out(tmp_path, paths, capsys) -> None:
    """`merge a b --out "new dir/ab.safetensors"` with readers of two shapes (or the same reader twice) was refused
    after --out was checked, which had made `new dir/`: the empty folder stayed. The folders made for --out go
    again when the merge fails; a folder that was there stays."""
    other = tmp_path / "narrow.safetensors"
    save_checkpoint(other, reader(ReaderConfig(input_size=12, hidden_size=8), 0))
    out = tmp_path / "new dir" / "ü\nx" / "ab.safetensors"
    assert main([str(paths[0]), str(other), "--out", str(out)]) == 2
    assert main([str(paths[0]), str(paths[0]), "--out", str(out)]) == 2
    assert "only readers of one shape" in capsys.readouterr().err
    assert not (tmp_path / "new dir").exists()
    (tmp_path / "mine").mkdir()
    assert main([str(paths[0]), str(other), "--out", str(tmp_path / "mine" / "ab.safetensors")]) == 2
    assert (tmp_path / "mine").is_dir()
