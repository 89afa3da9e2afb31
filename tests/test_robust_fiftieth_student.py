"""The fiftieth round of hostile testing, student: "how early can a recurrent reader decide", studied with the
project's own tools as a student writing a report would: two tiny readers trained (`python -m training.fit --limit
--epochs 1 --hidden 16`, an LSTM and a GRU), their metrics CSVs and checkpoint metadata plotted, `rowreader
evaluate`, the bench scripts and the library's batched stream and `decided_at` compared on the same digits; each
test is checked to fail on the code before its fix."""

from __future__ import annotations

import csv

import pytest

from training.fit import main

SMALL = ["--limit", "256", "--hidden", "4", "--batch-size", "32", "--threads", "1", "--device", "cpu"]


def _rows(path) -> list[dict[str, str]]:
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def test_the_metrics_lr_of_a_runs_last_row_is_on_its_schedule(tmp_path):
    """The CSV's ``lr`` is the rate the next step takes; after the run's last step none follows, and torch's
    one-cycle schedule stepped past its end gave a rate off the schedule, rising again (1.57e-4 in the last row of a
    1-epoch run of 8 steps, whose last step took 1.2e-8;
    4.0e-5 after 16): a student's plot of the rate turned up at the very end.
    The last row now holds the rate the last step took, the schedule's least, and the rate never rises after its
    peak."""
    out = tmp_path / "m.safetensors"
    assert main([*SMALL, "--epochs", "2", "--log-every", "1", "--out", str(out)]) == 0
    rates = [float(row["lr"]) for row in _rows(tmp_path / "m.metrics.csv")]
    peak = rates.index(max(rates))
    assert all(later <= earlier for earlier, later in zip(rates[peak:], rates[peak + 1 :], strict=False)), rates
    assert rates[-1] == pytest.approx(0.003 / 25 / 1e4)  # --lr / div_factor / final_div_factor: the schedule's end


def test_a_logged_step_that_ends_an_epoch_is_one_row_of_the_metrics(tmp_path, capsys):
    """``--log-every 4`` over epochs of 8 steps wrote steps 8 and 16 twice: the step's row, then the epoch's row of
    the same step, loss, rate and train accuracy, with the test accuracy beside them; a plot of the loss by step
    drew each epoch's end twice, and a table keyed by step (a spreadsheet's lookup, pandas' pivot) met a step that
    is two rows. That step is now the epoch's row alone; its "Step 8" line is printed as every logged step's is."""
    out = tmp_path / "m.safetensors"
    assert main([*SMALL, "--epochs", "2", "--log-every", "4", "--out", str(out)]) == 0
    rows = _rows(tmp_path / "m.metrics.csv")
    assert [int(row["step"]) for row in rows] == [4, 8, 12, 16]
    assert [bool(row["test_accuracy"]) for row in rows] == [False, True, False, True]
    printed = capsys.readouterr().out
    assert all(f"Step {step}, Minibatch Loss=" in printed for step in (4, 8, 12, 16))


def test_bench_drawn_names_the_mnist_digits_of_its_baseline(bench_module, capsys, tmp_path):
    """One tiny reader's MNIST accuracy after row 28 was 58.68 % in training (the first 6,000 test digits), 61.87 %
    by `rowreader evaluate` (all 10,000), 59.00 % in bench_drawn's "MNIST" column and 57.40 % in
    bench_handwriting's: bench_handwriting says which digits it read ("MNIST: the first 500 test digits"),
    bench_drawn said nothing (the first ``--per-class`` of each class), nor the row its per-class table is of.
    Both are said now."""
    import rowreader

    path = tmp_path / "m.safetensors"
    rowreader.save_checkpoint(path, rowreader.RowReader(rowreader.ReaderConfig(hidden_size=8)))
    assert bench_module("bench_drawn").main(["--checkpoint", str(path), "--per-class", "2"]) == 0
    printed = capsys.readouterr().out
    assert "(MNIST: the first 2 test digits of each class, 20 in all)" in printed
    assert "per class after row 28:" in printed
