"""The fifty-third round, newcomer8: the README's UNIPEN instructions followed by someone without the data folder.

Why: the README told a newcomer who rebuilt ``digits.jsonl.gz`` with ``training.unipen_convert`` to "compare" its
printed SHA-256 with the published one, yet the converter cannot drop the 17 segments the published file dropped by
eye (``KNOWN_BAD`` is empty), so every rebuild differs, and nothing said so where the newcomer looked.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter

import pytest
from conftest import load_bench

from rowreader.unipen import FILE_NAME, person_of, unipen_file
from tests.test_readme import README
from tests.test_training_unipen_convert import PEN_DATA, label_file, release
from training.unipen_convert import KNOWN_BAD, PUBLISHED_SHA256, TEST_SHARE, main


def test_the_readmes_checksum_is_the_one_the_converter_compares_with_and_the_published_files():
    """One checksum, said in three places: the README, the converter, the data folder's file itself."""
    section = README.split("## Real pen digits (UNIPEN)")[1].split("\n## ")[0]
    assert re.findall(r"\b[0-9a-f]{64}\b", section) == [PUBLISHED_SHA256]
    assert hashlib.sha256(unipen_file().read_bytes()).hexdigest() == PUBLISHED_SHA256


def test_a_rebuild_that_is_not_the_published_file_says_so_and_why(tmp_path, capsys):
    """It printed only its checksum, which a newcomer then compared with the README's in vain."""
    source = release(
        tmp_path / "src",
        {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1", "3 3"), "include/xyz/data/anna.dat": PEN_DATA},
    )
    assert main([str(source), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    digest = hashlib.sha256((tmp_path / "out" / FILE_NAME).read_bytes()).hexdigest()
    assert f"sha256 {digest}" in printed
    assert f"not the published file (sha256 {PUBLISHED_SHA256[:12]}" in printed
    assert not KNOWN_BAD and "17 segments" in printed and "docs/data.md" in printed


def test_the_readme_says_what_one_more_test_digit_does_to_the_split():
    """The published split's test side ends at 3,000 digits against a limit of 3,000.6: one more digit of a test
    writer, which a rebuild keeping the 17 may add, moves that last writer to train. The README says so."""
    records = [json.loads(line) for line in gzip.decompress(unipen_file().read_bytes()).decode().splitlines()]
    counts = Counter(person_of(r["writer"]) for r in records)
    tested = [p for p in sorted(counts, key=lambda k: hashlib.sha256(k.encode()).hexdigest())][:58]
    last = tested[-1]
    before = sum(counts[p] for p in tested[:-1])
    limit = TEST_SHARE * sum(counts.values())
    assert before < limit < before + 1 and {r["split"] for r in records if person_of(r["writer"]) == last} == {"test"}
    section = README.split("## Real pen digits (UNIPEN)")[1].split("\n## ")[0]
    said = " ".join(section.split())
    assert f"{before:,} digits" in said and f"{limit:,.1f}" in said and f"{last}" in said
    assert f"{counts[last]} digits" in said


PEN_BENCHES = [
    ("bench_handwriting", ["--sample", "30", "--mnist", "10"]),
    ("bench_finetune", ["--hardest", "1", "--others", "0", "--k", "1"]),
    ("bench_prototypes", ["--limit", "30", "--hardest", "1", "--no-finetune"]),
    ("bench_reading_copies", ["--limit", "10"]),
]


@pytest.mark.parametrize("name, argv", PEN_BENCHES, ids=[name for name, _ in PEN_BENCHES])
def test_a_short_benchmark_run_without_the_pen_digits_says_so_in_one_line(tmp_path, capsys, name, argv):
    """A newcomer without ../shared ran the README's short runs: three said "UNIPEN digits not found … how to get
    it" (status 2), bench_prototypes.py ended in a FileNotFoundError's traceback (status 1) after reading MNIST. All
    but bench_finetune now say it as their line is read (a SystemExit), before torch."""
    try:
        status = load_bench(name).main([*argv, "--pen-dir", str(tmp_path)])
    except SystemExit as refused:
        status = refused.code
    said = capsys.readouterr().err
    assert status == 2 and said.startswith(f"{name}.py: error: UNIPEN digits not found: no {FILE_NAME} in {tmp_path}")
    assert "training.unipen_convert" in said and said.count("\n") == 1
