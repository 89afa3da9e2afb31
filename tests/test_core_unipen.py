"""UNIPEN 1a loader: the counts the data README states, the writer-disjoint split, aga's units, damaged files."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader.unipen import (
    ENV_VAR,
    FILE_NAME,
    Y_SCALE,
    UnipenFileError,
    default_unipen_dir,
    load_unipen,
    read_unipen,
    unipen_file,
    unipen_sha256,
)

# From the data folder's README ("No official writer-disjoint split").
TRAIN_PER_LABEL = [1198, 1306, 1252, 1208, 1225, 1162, 1133, 1158, 1176, 1165]
TEST_PER_LABEL = [297, 328, 321, 313, 291, 283, 295, 303, 310, 279]

GOOD = {
    "label": 7,
    "writer": "xyz/anna",
    "contributor": "xyz",
    "source": "data/1a/xyz/anna.dat",
    "segment": "3",
    "split": "train",
    "strokes": [[[0, 0], [10, 0], [4, 20]], [[2, 10], [8, 10]]],
}


def write_lines(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return path


def good_line(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def test_counts_by_split_and_label_match_the_data_readme(unipen):
    assert len(unipen) == 15_003
    for split, expected in (("train", TRAIN_PER_LABEL), ("test", TEST_PER_LABEL)):
        counts = Counter(d.label for d in unipen if d.split == split)
        assert [counts[k] for k in range(10)] == expected, split
    assert len({d.person for d in unipen if d.split == "train"}) == 200
    assert len({d.person for d in unipen if d.split == "test"}) == 58
    assert len({d.writer for d in unipen}) == 268


def test_the_split_is_disjoint_by_person(unipen):
    train = {d.person for d in unipen if d.split == "train"}
    assert train and train.isdisjoint({d.person for d in unipen if d.split == "test"})
    # ibm's writer IDs are sessions of one person (rSS-WW): a person's sessions all land in one split
    assert {d.writer for d in unipen if d.person == "ibm/07"} == {"ibm/r00-07", "ibm/r01-07", "ibm/r02-07"}
    assert {d.split for d in unipen if d.person == "ibm/07"} == {"test"}


def test_the_split_filter_keeps_file_order(tmp_path):
    """One split of a file is its lines of that split, in file order (it re-read all 15,003 real digits twice)."""
    people = [("anna", "train"), ("bob", "test"), ("anna", "train"), ("carl", "train"), ("bob", "test")]
    lines = [good_line(writer=f"xyz/{name}", segment=str(n), split=split) for n, (name, split) in enumerate(people)]
    path = write_lines(tmp_path, lines)
    for split in ("train", "test"):
        want = [(f"xyz/{name}", str(n)) for n, (name, of) in enumerate(people) if of == split]
        assert [(d.writer, d.segment) for d in read_unipen(path, split)] == want
        assert [(d.writer, d.segment) for d in load_unipen(tmp_path, split=split)] == want


def test_strokes_are_read_only_float32_point_lists(unipen):
    digit = unipen[0]
    assert isinstance(digit.strokes, tuple) and digit.strokes
    for stroke in digit.strokes:
        assert stroke.dtype == np.float32 and stroke.ndim == 2 and stroke.shape[1] == 2
        with pytest.raises(ValueError):
            stroke[0, 0] = 1.0
    assert digit.source.startswith("data/1a/") and digit.writer.startswith(digit.contributor + "/")


def test_aga_units_are_made_square_and_others_are_kept(unipen):
    raw = {}
    with gzip.open(unipen_file(), "rt") as f:
        for line in f:
            record = json.loads(line)
            raw.setdefault(record["contributor"], record)
            if len(raw) == 17:
                break
    loaded = {}
    for digit in unipen:
        loaded.setdefault((digit.source, digit.segment), digit)
    for contributor, record in raw.items():
        digit = loaded[(record["source"], record["segment"])]
        stored = np.asarray(record["strokes"][0], np.float64)
        y_scale = Y_SCALE.get(contributor, 1.0)
        np.testing.assert_allclose(digit.strokes[0][:, 0], stored[:, 0], rtol=1e-6)
        np.testing.assert_allclose(digit.strokes[0][:, 1], stored[:, 1] * y_scale, rtol=1e-6)
    assert Y_SCALE["aga"] == pytest.approx(856.7 / 979.3) and len(Y_SCALE) == 1  # 1/856.7 inch across, 1/979.3 inch up


def test_checksum_matches_the_data_folders_sha256sums():
    sums = (unipen_file().parent / "SHA256SUMS").read_text().split()
    assert sums[sums.index(FILE_NAME) - 1] == unipen_sha256()


def test_location_argument_then_environment(tmp_path, monkeypatch):
    write_lines(tmp_path / "mine", [good_line()])
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert default_unipen_dir() == tmp_path / "mine"
    assert [d.label for d in load_unipen()] == [7]
    write_lines(tmp_path / "other", [good_line(label=3), good_line(label=4, split="train")])
    assert [d.label for d in load_unipen(tmp_path / "other")] == [3, 4]


def test_missing_folder_says_where_it_looked_and_how_to_get_the_data(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError) as err:
        load_unipen()
    message = str(err.value)
    assert str(tmp_path / "nowhere") in message and ENV_VAR in message
    assert "GreenCappuccino/train_r01_v07" in message and "10.5281/zenodo.1195803" in message


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"label": 7, "writer": ', "Expecting value"),
        ("[1, 2, 3]", "expected a JSON object"),
        (good_line(label=10), "'label' must be a digit"),
        (good_line(label="7"), "'label' must be a digit"),
        (good_line(label=True), "'label' must be a digit"),
        (good_line(split="validation"), "'split' must be one of"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "writer"}), "'writer' must be a non-empty string"),
        (good_line(segment=3), "'segment' must be a non-empty string"),
        (good_line(writer="abc/anna"), "does not belong to contributor"),
        (good_line(strokes=[]), "non-empty list of strokes"),
        (good_line(strokes=[[]]), "stroke 0 must be a non-empty [n, 2] array of (x, y) points, got shape"),
        (good_line(strokes=[[[1, 2], [3]]]), "stroke 0 is not a list of (x, y) points"),
        (good_line(strokes=[[[1, 2, 3]]]), "stroke 0 must be a non-empty [n, 2] array of (x, y) points, got shape"),
        (good_line(strokes=[[[0, 0]], [["1", "2"]]]), "stroke 1 has coordinates that are not real numbers (<U1)"),
        (good_line(strokes=[[[0, 0], [None, 1]]]), "not real numbers (null, text or an integer beyond 64 bits)"),
        (good_line(strokes=[[[0, 0], [10**30, 1]]]), "not real numbers (null, text or an integer beyond 64 bits)"),
        (good_line(strokes=[[[0, 0], [float("nan"), 1]]]), "stroke 0 has coordinates that are not finite"),
        (good_line(strokes=[[[0, 0], [1e400, 1]]]), "stroke 0 has coordinates that are not finite"),
        (good_line(strokes=[[[0, 0], [1e300, 1]]]), "coordinates that are not finite or too large for float32"),
    ],
)
def test_damaged_line_names_file_and_line(tmp_path, line, reason):
    path = write_lines(tmp_path, [good_line(), good_line(label=1), line, good_line()])
    with pytest.raises(UnipenFileError) as err:
        read_unipen(path)
    assert str(err.value).startswith(f"{path}, line 3: ")
    assert reason in str(err.value)
    assert err.value.line == 3 and err.value.path == path


def test_person_in_both_splits_is_an_error_at_the_second_line(tmp_path):
    path = write_lines(tmp_path, [good_line(), good_line(label=1, split="test")])
    with pytest.raises(UnipenFileError, match=r"line 2: 'xyz/anna' is in 'test' here but in 'train' on line 1"):
        read_unipen(path)


def test_truncated_or_foreign_file_is_an_error_naming_it(tmp_path):
    whole = unipen_file().read_bytes()
    cut = tmp_path / "cut" / FILE_NAME
    cut.parent.mkdir()
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UnipenFileError, match="truncated") as err:
        read_unipen(cut)
    assert str(cut) in str(err.value) and err.value.line > 1000
    # unpacked as it was saved, its name still .gz, and gzipped twice: both were "not a readable gzip file of UTF-8
    # text", nothing said of what to do (the fourteenth round)
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_text(good_line() + "\n")
    with pytest.raises(UnipenFileError, match=r"plain text, not gzipped .*fetch it anew, or gzip it"):
        read_unipen(plain)
    twice = tmp_path / "twice.jsonl.gz"
    twice.write_bytes(gzip.compress(write_lines(tmp_path / "once", [good_line()]).read_bytes()))
    with pytest.raises(UnipenFileError, match=r"gzipped twice .*gunzip it once"):
        read_unipen(twice)
    garbage = tmp_path / "garbage.jsonl.gz"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(UnipenFileError, match="not a readable gzip file of UTF-8 text"):
        read_unipen(garbage)
    empty = write_lines(tmp_path / "empty", [])
    with pytest.raises(UnipenFileError, match="holds no digits"):
        read_unipen(empty)


def test_bad_split_argument_is_refused(tmp_path):
    with pytest.raises(ValueError, match="split must be one of"):
        read_unipen(write_lines(tmp_path, [good_line()]), split="validation")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_line_either_loads_or_raises_the_files_error(tmp_path_factory, text):
    path = write_lines(tmp_path_factory.mktemp("h"), [good_line(), text.replace("\n", " ").replace("\r", " ")])
    try:
        digits = read_unipen(path)
    except UnipenFileError as err:
        assert err.line == 2
    else:
        assert len(digits) in (1, 2)


def test_a_line_too_long_to_be_a_digit_is_refused_before_it_is_read_whole(tmp_path):
    """2 MB of gzip can hold a gigabyte-long line: it was read whole (here 64 MiB of blanks, read and skipped)."""
    path = write_lines(tmp_path, [good_line(), " " * 2**26, good_line(label=1)])
    assert path.stat().st_size < 2**20
    with pytest.raises(UnipenFileError, match=r"line 2: longer than 1,048,576 characters"), peak_memory() as peak:
        read_unipen(path)
    assert peak.bytes < 2**24, f"{peak.bytes:,} bytes"
