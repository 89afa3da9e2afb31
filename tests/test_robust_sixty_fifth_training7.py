"""The sixty-fifth round, training7: a run resumed across training6's change of ``--pen-holdout`` under ``--limit``
(98484f7c), which read the whole holdout before and only ``--limit``'s first N since."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_robust_eighteenth_cli import rewrite_metadata
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.checkpoint import read_metadata
from training import epoch as epoch_module
from training import train_data

PEN = ("--pen", "0.3", "--pen-holdout", "0.01", "--pen-workers", "0")  # 0.01: 142 held-out digits of 2 persons


def _begun_before_98484f7c(tmp_path: Path, monkeypatch) -> tuple[Path, int]:
    """A ``--limit 64`` run stopped after its first epoch, its checkpoint's ``pen.holdout`` as the code before
    98484f7c wrote it: no ``held_out``, ``digits`` all of them (it read them all). Returns it and that number."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    model = tmp_path / "m.safetensors"
    pen = read_metadata(model)["pen"]
    held_out = pen["holdout"].pop("held_out")
    assert pen["holdout"]["digits"] == 64 < held_out, pen["holdout"]
    rewrite_metadata(model, pen={**pen, "holdout": {**pen["holdout"], "digits": held_out}})
    return model, held_out


def test_a_run_begun_reading_the_whole_holdout_goes_on_reading_it(tmp_path: Path, monkeypatch, capsys):
    """Begun before 98484f7c, a `--limit 64 --pen-holdout` run read all its held-out digits after each epoch;
    resumed since, only the first 64: its printed and recorded holdout accuracy changed digits mid-run, unsaid,
    where the project promises a bit-exact resume. It goes on with the rule it began with."""
    model, held_out = _begun_before_98484f7c(tmp_path, monkeypatch)
    drawn: list[int] = []
    read: list[int] = []
    render, curve = train_data.render_plain, epoch_module.evaluate_curve
    monkeypatch.setattr(train_data, "render_plain", lambda digits: drawn.append(len(digits)) or render(digits))
    monkeypatch.setattr(
        epoch_module, "evaluate_curve", lambda reader, x, y, device: read.append(len(y)) or curve(reader, x, y, device)
    )
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 0, capsys.readouterr().err
    assert drawn == [held_out], drawn
    assert read == [64, held_out], read  # epoch 2: the 64 test digits, then the whole holdout, as in epoch 1
    assert f"pen holdout ({held_out:,} digits of unseen writers)" in capsys.readouterr().out
    holdout = read_metadata(model)["pen"]["holdout"]
    assert holdout["digits"] == holdout["held_out"] == held_out, holdout


def test_a_run_begun_reading_the_first_n_goes_on_reading_them(tmp_path: Path, monkeypatch, capsys):
    """The control: a run begun since 98484f7c goes on reading --limit's first 64."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 0, capsys.readouterr().err
    assert "pen holdout (the first 64 of 142 digits of unseen writers)" in capsys.readouterr().out
    assert read_metadata(tmp_path / "m.safetensors")["pen"]["holdout"]["digits"] == 64


@pytest.mark.parametrize("digits", [143, 0])
def test_a_holdout_this_version_cannot_read_as_the_run_did_is_refused(tmp_path: Path, monkeypatch, capsys, digits):
    """A run that read more held-out digits than this version holds out (another split), or none, is refused in
    words before a step, not resumed on other digits: none, which no run reads, as a count edited by hand (the
    sixty-sixth round's review71; it was told to resume with another version)."""
    model, _ = _begun_before_98484f7c(tmp_path, monkeypatch)
    pen = read_metadata(model)["pen"]
    rewrite_metadata(model, pen={**pen, "holdout": {**pen["holdout"], "digits": digits}})
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 2
    err = capsys.readouterr().err
    if digits == 0:
        assert "pen.holdout.digits holds 0, not a whole number above 0" in err and "(edited by hand?)" in err, err
        return
    said = rf"the run read {digits} held-out pen digits? after each epoch, and this version holds out 142 digits of "
    assert re.search(said, err), err
    assert "resume with the version and UNIPEN file that began the run" in err, err
