"""The fifty-second round, kill5: things stopped at the worst moment, and two runs writing one folder at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from training import ship as ship_module

REPO = Path(__file__).resolve().parents[1]
REHEARSAL = ["--device", "cpu", "--pen-workers", "0", "--also", "--limit 128 --epochs 1 --hidden 8 --batch-size 32"]

# A process that holds one file's lock as a training run does (training.files.run_lock's take_lock, without its
# seconds of torch), until a line on its stdin tells it to let go.
_HOLDER = """
import sys
from rowreader.atomic import drop_lock, take_lock
handle = take_lock(sys.argv[1])
print("held", flush=True)
sys.stdin.readline()
drop_lock(sys.argv[1], handle)
"""


def test_a_second_ship_into_one_runs_folder_is_told_to_give_another_runs(tmp_path: Path, capsys) -> None:
    """Two ``training.ship`` runs into one ``--runs`` (a second terminal, the same command): the second's stage
    met the first's lock and said "wait for it to finish or choose another --out", a flag ship refuses in --also
    ("ship sets it for each stage"), then "the first stage failed (exit 2)". It now says who may hold the folder
    and to give another ``--runs``; the files of the run that holds it are left alone."""
    runs = tmp_path / "runs"
    out = runs / "stage1.safetensors"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline() == "held\n"
        code = ship_module.main(["--runs", str(runs), *REHEARSAL])
        holder.communicate("done\n", timeout=30)
    finally:
        holder.kill()
    err = capsys.readouterr().err
    assert code == 2
    assert "--out" not in err, err
    assert f"another run is writing {out}" in err and "give another --runs" in err, err
    assert "failed (exit 2)" not in err, err  # the refusal is the one line: nothing ran, so nothing failed
    assert sorted(p.name for p in runs.iterdir()) == []
