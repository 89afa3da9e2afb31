"""The sixty-fifth round, student5: what a student following the training docs met (docs/robustness.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.config import FitConfig
from training.files import OutputError, check_outputs, run_outputs
from training.metrics import COLUMNS


def _refusal(tmp_path: Path, header: list[str]) -> str:
    """The refusal of a run whose metrics CSV, edited in a spreadsheet, has ``header`` for a run's own."""
    out, state, metrics = run_outputs(FitConfig(out=str(tmp_path / "m.safetensors")))
    metrics.write_text(",".join(header) + "\n" + ",".join("1" for _ in header) + "\n")
    with pytest.raises(OutputError) as caught:
        check_outputs(out, state, metrics, force=False)
    return str(caught.value)


def test_a_metrics_header_edited_by_hand_is_refused_naming_the_column(tmp_path: Path) -> None:
    """A column added, moved or taken out was refused as "a text file starting 'epoch,step,seconds,loss,lr,...'",
    the start of a metrics CSV's own header, so nothing said what was wrong with it."""
    added = _refusal(tmp_path, [*COLUMNS, "note"])
    assert "'note'" in added and "no run writes" in added, added
    moved = COLUMNS.copy()
    moved[3], moved[4] = moved[4], moved[3]
    swapped = _refusal(tmp_path, moved)
    assert "'lr'" in swapped and "'loss'" in swapped, swapped
    lacking = _refusal(tmp_path, [c for c in COLUMNS if c != "train_accuracy"])
    assert "'train_accuracy'" in lacking, lacking
    twice = _refusal(tmp_path, [*COLUMNS, "epoch"])
    assert "twice, 'epoch'" in twice, twice
    other = _refusal(tmp_path, ["date", "loss"])  # no metrics CSV: said by its start, as before
    assert "a text file starting 'date,loss'" in other, other


def test_log_every_help_says_it_writes_metrics_rows_too() -> None:
    """`--log-every N` adds a metrics CSV row every N steps, its test columns empty (docs/training.md), but its help
    said only "print batch accuracy every N steps": a student reading the CSV met rows the help never named."""
    from training.arguments import fit_parser

    (action,) = [a for a in fit_parser()._actions if "--log-every" in a.option_strings]
    assert "metrics CSV" in action.help and "test columns empty" in action.help, action.help
