"""The fifty-first round of hostile testing, review21: this round's merged changes read with a hostile reviewer's
eyes (kill4's resume words, ...), each claim tried at its edges; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import signal

from stopped_runs import TINY

import training.fit as fit_module


def test_a_resume_of_a_name_too_long_stopped_while_starting_says_its_stop(tmp_path, monkeypatch, capsys):
    """kill4 looked for the run's saved state with ``Path.is_file`` once stopped before training began, which in
    Python 3.11 raises what ``stat`` does beyond a missing file: a ``--resume --out`` of a name too long for the file
    system (ENAMETOOLONG), stopped by SIGTERM as its outputs were checked, ended in an ``OSError`` traceback raised
    inside the stop's handling, status 1. Now the stop is said, nothing written, status 143."""
    out = tmp_path / ("m" * 300 + ".safetensors")
    real = fit_module.check_outputs

    def stopped_while_checking(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_module, "check_outputs", stopped_while_checking)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert fit_module.main([*TINY, "--out", str(out), "--resume"]) == 128 + signal.SIGTERM
    assert capsys.readouterr().err.endswith(f"before training began; nothing was written to {out}\n")
