"""The fifty-second round, kill5: things stopped at the worst moment, and two runs writing one folder at once."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
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


def _file_size_limit(limit: int) -> Callable[[], None]:
    """A child's ``ulimit -f``: a file it writes past ``limit`` bytes fails (EFBIG), as a full disk does (ENOSPC)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_evaluate_json_cut_short_by_a_full_file_under_pythonunbuffered_is_an_error(tmp_path: Path) -> None:
    """``rowreader evaluate --json > out.json`` with PYTHONUNBUFFERED=1 (Docker images set it) where the file could
    take 1,024 bytes (``ulimit -f 1``; a full disk alike): Python's unbuffered text layer drops a short write without
    a word, so the document was cut at 1,024 of its 2,094 bytes and the command exited 0, saying nothing. Buffered
    (Python's default) it said "cannot write the output: File too large", status 1, as it now does unbuffered too."""
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "rowreader", "evaluate", "--limit", "200", "--json"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=_file_size_limit(1024),
            timeout=120,
        )
    assert out.stat().st_size == 1024  # the limit was met: the document is not whole
    assert done.returncode == 1, done.stderr
    assert done.stderr.endswith("error: cannot write the output: File too large\n"), done.stderr
