"""The fifty-second round of hostile testing, records4: what the project writes and reads back over time (a training
run's metrics CSV and checkpoint, two runs writing into one folder at once); each test is checked to fail on the code
before its fix."""

from __future__ import annotations

from pathlib import Path

from stopped_runs import TINY

from training.files import run_lock
from training.fit import main


def test_two_runs_of_one_metrics_csv_are_told_to_choose_another_metrics(tmp_path: Path, capsys) -> None:
    """Two runs of different --outs and one --metrics: the second was refused "another run is writing log.csv …;
    wait for it to finish or choose another --out", though its --out was free already and another --out is refused
    alike. It is told to choose another --metrics; a clash of --out's own files still names --out."""
    log = tmp_path / "log.csv"
    with run_lock(log):  # the first run, writing its metrics into log.csv
        assert main([*TINY, "--out", str(tmp_path / "b.safetensors"), "--metrics", str(log)]) == 2
    said = capsys.readouterr().err
    assert f"another run is writing {log}" in said and "choose another --metrics" in said, said
    assert "--out" not in said.partition("another run is writing")[2], said
    with run_lock(tmp_path / "m.metrics.csv"):  # the CSV beside --out m: another --out is the way
        assert main([*TINY, "--out", str(tmp_path / "m.safetensors")]) == 2
    assert "choose another --out" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.safetensors")) and not list(tmp_path.glob("*.pt"))
