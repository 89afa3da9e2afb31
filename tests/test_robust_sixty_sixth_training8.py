"""The sixty-sixth round, training8: training's leftovers — a hand-edited ``pen.holdout.digits`` on ``--resume``, and
which refusal a user with another UNIPEN file reads first."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest
from test_robust_eighteenth_cli import rewrite_metadata
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.checkpoint import read_metadata
from rowreader.unipen import person_of, unipen_file

PEN = ("--pen", "0.3", "--pen-holdout", "0.01", "--pen-workers", "0")  # 0.01: 142 held-out digits of 2 persons


@pytest.mark.parametrize("digits", [12.5, "64", True, None, "gone"])
def test_a_holdout_count_that_is_no_whole_number_is_refused_by_name(tmp_path: Path, monkeypatch, capsys, digits):
    """A checkpoint's ``pen.holdout.digits`` edited by hand to 12.5, "64", true or null, or deleted, fell back to
    --limit's rule without a word: the resumed run read the first 64, whatever the run had read. It is refused, the
    key and what it holds named, the files kept."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    model = tmp_path / "m.safetensors"
    pen = read_metadata(model)["pen"]
    edited = {k: v for k, v in pen.items() if k != "holdout"}
    rewrite_metadata(
        model, pen=edited if digits == "gone" else {**pen, "holdout": {**pen["holdout"], "digits": digits}}
    )
    before = model.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 2
    err = capsys.readouterr().err
    said = {None: "has no pen.holdout.digits", "gone": "has no pen.holdout"}.get(
        digits, f"pen.holdout.digits holds {digits!r}"
    )
    assert f"{said} of held-out pen digits" in err or f"{said}, not a whole number" in err, err
    assert model.read_bytes() == before


def _a_part_of_the_unipen_file(folder: Path) -> Path:
    """The UNIPEN file cut as a user's partial copy might be: the test writers whole, and of the train writers only
    the first held-out person's (10 digits) and one other person's, so that --pen-holdout 0.01 holds out those 10
    alone, fewer than the 64 a --limit 64 run read."""
    lines = gzip.decompress(unipen_file().read_bytes()).decode().splitlines()
    records = [json.loads(line) for line in lines]
    persons = sorted({person_of(r["writer"]) for r in records if r["split"] == "train"},
                     key=lambda key: hashlib.sha256(key.encode()).hexdigest())  # fmt: skip
    first, other = persons[0], persons[-1]
    kept = [
        line
        for line, r in zip(lines, records, strict=True)
        if r["split"] == "test" or person_of(r["writer"]) in (first, other)
    ]
    folder.mkdir()
    (folder / "digits.jsonl.gz").write_bytes(gzip.compress(("\n".join(kept) + "\n").encode()))
    return folder


def test_another_unipen_file_is_said_to_differ_before_its_holdout_is_judged(tmp_path: Path, monkeypatch, capsys):
    """Resumed with a part of the UNIPEN file the run began with, a user was told first "the run read 64 held-out
    pen digits after each epoch, and this version holds out 10 digits …; resume with the version and UNIPEN file
    …": the version blamed too, the file's checksum never compared. The file is compared first: "the UNIPEN file
    differs from the one … was trained on", what there is to fix."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    part = _a_part_of_the_unipen_file(tmp_path / "part")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--pen-dir", str(part), "--resume") == 2
    err = capsys.readouterr().err
    assert "the UNIPEN file differs from the one" in err and "held-out" not in err, err


def test_a_cut_unipen_file_is_said_to_be_cut_before_it_is_compared(tmp_path: Path, monkeypatch, capsys):
    """The control of the order: a UNIPEN file cut short (a download stopped) is told as cut, with its line, as
    before ebc089b6, not only as "differs from the one … was trained on": what there is to fix is the cut."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "digits.jsonl.gz").write_bytes(unipen_file().read_bytes()[:1_000_000])
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--pen-dir", str(cut), "--resume") == 2
    err = capsys.readouterr().err
    assert re.search(r"digits\.jsonl\.gz, line \d+: truncated", err) and "differs" not in err, err
