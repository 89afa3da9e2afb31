"""The sixty-eighth round, student6: a student training and studying the reader from the command line, as a hostile
user (docs/robustness.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("flags", [[], ["--force"], ["--resume"]])
def test_a_metrics_csv_named_as_a_model_is_refused_before_torch(
    tmp_path: Path, monkeypatch, capsys, flags: list[str]
) -> None:
    """`training.fit --out runs/a.safetensors --metrics runs/b.safetensors` (the --out's name copied, one letter
    changed) trained and wrote its metrics CSV as runs/b.safetensors, a model's name: the app's Open model offered
    it as a model, `rowreader evaluate` called it "a text file …, not a model checkpoint" and a later run of
    `--out runs/b.safetensors` refused it as not ours. The run is now refused before torch loads, with --force or
    --resume too, naming the ending and a name to give instead; nothing is written."""
    from training.arguments import main as arguments_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)  # imported, it raises ImportError: the refusal came too late
    with pytest.raises(SystemExit) as ended:
        arguments_main(["--out", "a.safetensors", "--metrics", "b.SafeTensors", *flags])
    assert ended.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.endswith(
        "error: --metrics b.SafeTensors ends in .safetensors, the ending of a model's file, so the app and the "
        "commands would take the CSV for a model; give another name (b.metrics.csv, say)"
    ), said
    assert list(tmp_path.iterdir()) == []
