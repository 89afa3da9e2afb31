"""The seventeenth round, the command lines: a stop while a benchmark reads its command line.

Each signal is sent from inside the step it is to land in (see ``run_with_a_stop_inside``): where it lands does
not hang on the machine's speed or load.
"""

from __future__ import annotations

import os
import signal

import pytest
from conftest import BENCHMARKS
from test_bench_arguments import latency_bench
from test_cli_sixteenth import REPO, run_with_a_stop_inside

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGTERM and raise_signal's delivery are POSIX's")


@pytest.mark.parametrize(
    ("name", "signum", "words"),
    [(name, signal.SIGINT, "interrupted") for name in BENCHMARKS]
    + [("bench_stream", signal.SIGTERM, "stopped by SIGTERM")],
)
def test_a_stop_while_a_benchmark_reads_its_command_line_says_while_starting(tmp_path, name, signum, words):
    """Ctrl-C in the milliseconds a benchmark read its command line said "bench_fit.py: interrupted" alone, as if
    it had begun to measure (seen in the sixteenth round), where `rowreader` and training say "while starting;
    nothing was done". Every benchmark says so now."""
    start = f"sys.path.insert(0, {str(REPO / 'bench')!r}); from rowreader.launch import run_main; "
    done = run_with_a_stop_inside(
        tmp_path,
        "argparse.ArgumentParser.parse_args",
        signum,
        f"{start}sys.exit(run_main({name!r}, {name + '.py'!r}))",
        [],
    )
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.strip() == f"{name}.py: {words} while starting; nothing was done"
    assert list(tmp_path.iterdir()) == []


def test_the_latency_bench_does_not_time_the_shipped_model_for_one_it_cannot_open(tmp_path):
    """`bench_gui_latency.py --checkpoint m.state.pt` (or a folder) timed the shipped model, which the window reads
    in place of one it cannot open, and ended with status 0 under "model rowreader.safetensors": the numbers were
    not the model's asked for. It says why it has no model, as for --compare, with status 2."""
    done = latency_bench("--checkpoint", tmp_path)
    assert done.returncode == 2, done.stdout
    assert f"error: --checkpoint {tmp_path}: is a folder, not a checkpoint" in done.stderr, done.stderr
    assert "move → bars" not in done.stdout
