"""The nineteenth round of hostile testing, training: `python -m training.fit` stopped, starved of disk and fed
damaged files and odd numbers."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_core_unipen import good_line, write_lines
from test_robust_training import TINY, fit

from rowreader.unipen import UnipenFileError, read_unipen
from training.arguments import parse_args
from training.config import FitConfig
from training.fit import save_bytes

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # nan and ±inf among them
    st.text(max_size=4),
    st.sampled_from([[], {}, ("a",), {"a": 1}, b"x"]),
)
FIELDS = [f.name for f in dataclasses.fields(FitConfig)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), ODD)
def test_a_recipe_of_any_odd_value_is_refused_in_words_or_taken(name, value):
    """Every setting given any value (a recipe read back from a training state, or a library caller's) is taken or
    refused with a ValueError naming it: `replay=None` was a TypeError of `<=`, `train_layers={}` "unhashable type",
    and `augment`, `preset` and `device` took anything."""
    try:
        config = FitConfig(**{name: value})
    except ValueError:
        return
    if name in ("augment", "preset", "device"):
        assert isinstance(getattr(config, name), str)


def test_a_recipe_of_an_augmentation_this_version_lacks_is_refused():
    """A run begun by a version with another augmentation (`--augment heavy`), resumed, took the recipe and ended
    in KeyError's traceback once MNIST was loaded; the saved recipe is refused as damaged before anything is read."""
    with pytest.raises(ValueError, match=r"--augment must be one of \['light', 'none', 'strong'\], got 'heavy'"):
        FitConfig.from_dict({**FitConfig().to_dict(), "augment": "heavy"})


def test_an_epochs_save_takes_no_more_room_than_the_run_asks_for(tmp_path):
    """The room asked for before a run counted an epoch's checkpoint and state as four times the weights, and left
    out the generators' states, the recipe and the headers (26 kB): with --hidden 8 a 300-kB disk was found roomy
    enough, epoch 1 was saved, and epoch 2 failed with "No space left on device" on every try of --resume."""
    assert fit(tmp_path, "--epochs", "2") == 0
    held = sum((tmp_path / name).stat().st_size for name in ("m.safetensors", "m.state.pt", "m.metrics.csv"))
    assert held <= save_bytes(parse_args([*TINY, "--epochs", "2"]))


def test_a_unipen_file_failing_gzips_check_is_damaged_not_unreadable(tmp_path):
    """A byte changed in the gzip's trailer (or one changed in the data such that every line still reads) was
    "line 2: not a readable gzip file of UTF-8 text (CRC check failed …)", a line past the last of a file that
    is gzip and UTF-8; it is said to be damaged, and how to get it whole."""
    path = write_lines(tmp_path / "crc", [good_line()])
    data = bytearray(path.read_bytes())
    data[-8] ^= 0xFF  # the CRC-32 of what it holds
    path.write_bytes(bytes(data))
    with pytest.raises(UnipenFileError) as err:
        read_unipen(path)
    assert err.value.line is None
    assert "damaged: gzip's checks at its end fail (CRC check failed" in str(err.value)
    assert "convert it again (python -m training.unipen_convert)" in str(err.value)


def test_a_runs_files_cut_short_are_named_so(tmp_path, capsys):
    """A training state cut short (by a copy, or a full disk under another tool) "exists and was not written by
    RowReader training as a training state (it is a run's training state …)", and a checkpoint cut short was "a
    file": each says what is wrong with it, before anything is read or written."""
    (tmp_path / "m.state.pt").write_bytes(b"PK\x03\x04" + bytes(100))  # a torch archive's start, no end
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert "m.state.pt is cut short or damaged (torch cannot read it whole, so --resume cannot go on from it)" in err
    header = json.dumps({"w": {"dtype": "F32", "shape": [100], "data_offsets": [0, 400]}}).encode()
    (tmp_path / "n.safetensors").write_bytes(len(header).to_bytes(8, "little") + header + bytes(40))
    assert fit(tmp_path, out="n.safetensors") == 2
    err = capsys.readouterr().err
    assert "(it is a file, not a readable safetensors file" in err and "the file holds 40 (cut off?)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.state.pt", "n.safetensors"]


def test_a_run_is_refused_at_once_where_no_file_can_be_made(tmp_path, capsys, monkeypatch):
    """On a disk of free bytes and no free inode (a tmpfs of `nr_inodes=4`: its three lock files took the last
    ones), a run trained its whole first epoch and then said "No space left on device"; it is refused before MNIST
    is read, as a disk without room is."""
    import os
    from types import SimpleNamespace

    import training.files

    real = os.statvfs

    def inodes(files: int, free: int):  # the file system's numbers, but for its inodes
        numbers = {name: getattr(real(tmp_path), name) for name in dir(real(tmp_path)) if name.startswith("f_")}
        return lambda path: SimpleNamespace(**{**numbers, "f_files": files, "f_favail": free})

    monkeypatch.setattr(training.files.os, "statvfs", inodes(100, 1))
    assert fit(tmp_path) == 2
    assert "can make 1 more file (too few free inodes), and 5 are needed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(training.files.os, "statvfs", inodes(0, 0))
    assert fit(tmp_path) == 0  # a file system that counts no inodes is not judged by them


def test_the_pen_data_flags_without_pen_are_refused(capsys):
    """`--pen-dir DIR` (or `--pen-reuse`) without `--pen` trained on MNIST alone without a word, as if the pen
    digits had been read. Refused as `--distill-weight` without teachers is; where something reads them (a preset's
    --pen, a resumed recipe's, a fine-tune's pen replay) they pass, and so does `--pen-workers 0` (no process)."""
    for flags in (["--pen-dir", "pen"], ["--pen", "0", "--pen-reuse", "2", "--pen-dir", "pen"]):
        with pytest.raises(SystemExit) as stop:
            parse_args(flags)
        assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "error: --pen-dir only matters with --pen above 0 (here 0): the run would train on MNIST alone" in err
    assert "--pen-dir and --pen-reuse only matter with --pen above 0 (here 0)" in err and "leave them out" in err
    assert parse_args(["--preset", "shipped", "--pen-dir", "pen"]).pen == 0.4
    assert parse_args(["--resume", "--pen-dir", "pen"]).pen_dir == "pen"
    assert parse_args(["--pen-workers", "0"]).pen_workers == 0
    assert parse_args(["--finetune", "b.safetensors", "--examples", "ex", "--pen-dir", "pen"]).pen_dir == "pen"
