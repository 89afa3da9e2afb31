"""The nineteenth round's second look at what it changed in the command lines, training and the library: each fix
attacked again (the inodes a run asks for, ship's --also, a pixel's value in words, a UNIPEN file's end)."""

from __future__ import annotations

import os
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_core_unipen import good_line, write_lines
from test_robust_training import fit

import training.files
import training.ship as ship
from rowreader.unipen import UnipenFileError, read_unipen
from training.arguments import parse_args


def test_a_run_asks_for_the_inodes_its_saves_take_and_runs_without_statvfs(tmp_path, capsys, monkeypatch):
    """A run asked for two free inodes (the pair's temporaries) and makes five: the checkpoint, the state and the
    metrics CSV, then the two temporaries beside them at epoch 2. On a tmpfs with three free it saved epoch 1 and
    failed at epoch 2 ("No space left on device") on every --resume. And `os.statvfs`, which Windows lacks, failed
    every run there as an AttributeError."""
    real = os.statvfs(tmp_path)
    numbers = {name: getattr(real, name) for name in dir(real) if name.startswith("f_")}
    monkeypatch.setattr(training.files.os, "statvfs", lambda path: SimpleNamespace(**{**numbers, "f_favail": 4}))
    assert fit(tmp_path) == 2
    assert "can make 4 more files (too few free inodes), and 5 are needed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    usage = training.files.shutil.disk_usage(tmp_path)  # found by statvfs too, on Linux
    monkeypatch.setattr(training.files.shutil, "disk_usage", lambda path: usage)
    monkeypatch.delattr(training.files.os, "statvfs")
    assert fit(tmp_path) == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "--epochs",
                "--limit",
                "--pen",
                "--pen-dir",
                "--pen-reuse",
                "--hidden",
                "--cell",
                "--device",
                "-h",
                "-x",
                "--finetune",
                "--resume=1",
                "--",
                "1",
                "0",
                "x",
                "gru",
                "cpu:0",
                "-1",
                "--version",
                "-hx",
                "--lr=nan",
            ]
        ),
        max_size=5,
    )
)
def test_any_also_is_taken_or_refused_in_ships_own_words(capsys, words):
    """`--also` is given every stage's training.fit: whatever it holds, ship takes it or refuses it in one line
    under its own usage (status 2), before any stage runs; never training.fit's usage, help or version (status 0
    with nothing run), nor a traceback."""
    try:
        ship.parse_args(["--runs", "r", "--dry-run", f"--also={' '.join(words)}"])
    except SystemExit as stop:
        err = capsys.readouterr().err
        assert stop.code == 2, (words, err)
        assert err.startswith("usage: python -m training.ship") and "training.fit [-h]" not in err, err
        assert err.count("\npython -m training.ship: error: ") == 1, err
    else:
        assert capsys.readouterr().out == ""


def test_a_pixel_of_the_least_integer_is_said_without_a_numpy_warning(tiny_reader):
    """Signed bytes of -128 (and int64's least value) were said in the message, under NumPy's "RuntimeWarning:
    overflow encountered in scalar absolute" from the check for a long double beyond float64's range."""
    for value in (np.int8(-128), np.iinfo(np.int64).min):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match=r"must hold pixel values in \[0, 1\] \(ink = 1\), got -"):
                tiny_reader.stream().feed_image(np.full((28, 28), value))


def test_bytes_after_a_whole_unipen_file_are_not_called_a_failed_check(tmp_path):
    """Bytes added after a whole gzip file (`cat more >> digits.jsonl.gz`) were "damaged: gzip's checks at its end
    fail (Not a gzipped file …), so a digit may be altered": every digit passed gzip's check. It says what is
    there."""
    path = write_lines(tmp_path / "junk", [good_line()])
    path.write_bytes(path.read_bytes() + b"more text")
    with pytest.raises(UnipenFileError) as err:
        read_unipen(path)
    assert "damaged: bytes that are not gzip follow its end (Not a gzipped file" in str(err.value)
    assert "altered" not in str(err.value) and "convert it again" in str(err.value)


def test_the_pen_flags_pass_where_pen_is_read(capsys):
    """The refusal of --pen-dir without --pen is kept to runs that read no pen digits: a --pen given, or one from
    the preset; `--pen 0` with the shipped preset is a run without pen digits, and is refused."""
    assert parse_args(["--pen", "0.3", "--pen-dir", "pen", "--pen-reuse", "1"]).pen == 0.3
    with pytest.raises(SystemExit):
        parse_args(["--preset", "shipped", "--pen", "0", "--pen-dir", "pen"])
    assert "--pen-dir only matters with --pen above 0 (here 0)" in capsys.readouterr().err


def test_someones_own_torch_file_named_as_a_state_is_not_called_cut_short(tmp_path, capsys):
    """`torch.save(model.state_dict(), "m.state.pt")`, a researcher's own whole file beside --out m.safetensors,
    was called "cut short or damaged (torch cannot read it whole …)", as a state cut short is: only a zip lacking
    its end is. Either way nothing is written."""
    import torch

    torch.save({"w": torch.zeros(3)}, tmp_path / "m.state.pt")
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert "(it is a zip archive, as torch.save writes, that holds no run's training state)" in err, err
    assert "cut short" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.state.pt"]


def test_a_recipe_of_numpys_numbers_is_taken_as_pythons():
    """`FitConfig(epochs=np.int64(3))` (a sweep over np.arange) was "--epochs must be a whole number from 1 to
    10,000, got np.int64(3)", and `lr=np.float32(1e-3)` "must be a finite number": untrue of both, and ReaderConfig
    takes them. They are kept as Python's numbers, which the recipe's JSON holds."""
    from training.config import FitConfig

    config = FitConfig(epochs=np.int64(3), seed=np.uint32(7), lr=np.float32(0.5), replay=np.float16(0.5))
    assert (config.epochs, config.seed, config.lr, config.replay) == (3, 7, 0.5, 0.5)
    assert [type(value) for value in (config.epochs, config.seed, config.lr, config.replay)] == [int, int, float, float]
    with pytest.raises(ValueError, match=r"^--epochs must be a whole number from 1 to 10,000, got np.int64\(0\)$"):
        FitConfig(epochs=np.int64(0))
