"""The window's defects found in the fifteenth round of hostile testing (pytest-qt, offscreen): one test each,
each checked to fail on the code before its fix."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from gui.about import model_lines
from gui.numbers import grouped_numbers
from rowreader import load_checkpoint
from rowreader.checkpoint import pretrained_path


def test_about_writes_the_shipped_models_counts_with_thousands_separators() -> None:
    # About said "Learnt from: MNIST + 40000 UNIPEN train-writer pen renderings per epoch" beside the app's "10,000"
    shipped = load_checkpoint(pretrained_path())
    lines = model_lines(SimpleNamespace(session=SimpleNamespace(checkpoint=shipped)))
    learnt = next(line for line in lines if line.startswith("Learnt from: "))
    assert "40,000 UNIPEN" in learnt and "train-writer" in learnt


@given(st.text(alphabet="0123456789 .,_vrxMNIST", max_size=30))
def test_grouping_numbers_changes_nothing_but_commas_and_only_in_runs_of_digits(text: str) -> None:
    grouped = grouped_numbers(text)
    assert grouped.replace(",", "") == text.replace(",", "")
    assert grouped_numbers(grouped) == grouped  # a grouped number is not grouped again
