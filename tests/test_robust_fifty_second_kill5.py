"""The fifty-second round, kill5: things stopped at the worst moment, and two runs writing one folder at once.

kill5's `evaluate --json` cut short under PYTHONUNBUFFERED and `ulimit -f` is records4's test (both found it):
`test_robust_fifty_second_records4.py`, buffered and unbuffered, the words said too."""

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


def test_a_stage_refused_for_its_out_is_told_to_give_ship_another_runs(tmp_path: Path, capsys) -> None:
    """Two ``training.ship`` runs into one ``--runs`` (a second terminal, the same command), or a ``--runs`` on a
    disk too full for a stage: the stage's training.fit said "wait for it to finish or choose another --out" ("free
    some room or choose another --out"), then "the first stage failed (exit 2)", and ship refuses ``--also --out``
    ("ship sets it for each stage"). Its last line now says that --out is ship's and to give another ``--runs``;
    the folder the other run holds is left alone."""
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
    refusal, last = capsys.readouterr().err.splitlines()[-2:]
    assert code == 2
    assert refusal.endswith(f"another run is writing {out} (it holds {out}.lock); wait for it to finish or choose "
                            "another --out"), refusal  # fmt: skip
    assert last == (
        f"the first stage failed (exit 2); its --out is {out}, set by ship: for another --out, give another --runs"
    ), last
    assert sorted(p.name for p in runs.iterdir()) == []
