"""The twenty-ninth round, teachdocs: docs/teaching.md's measured tables re-run after each taught digit got its
share of the batches (3 Dec 2026), and bench/bench_finetune.py's odd inputs; each test checked to fail on the code
before its fix."""

from __future__ import annotations

import contextlib
import io
from dataclasses import fields

import pytest
from conftest import load_bench
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.config import FitConfig

BENCH = load_bench("bench_finetune")
FIELDS = {f.name for f in fields(FitConfig)}


def _refusal(argv: list[str]) -> str:
    """What the bench says to ``argv`` on stderr, having exited 2 before any work."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        BENCH.parse_args(argv)
    assert exit_.value.code == 2
    return err.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.from_regex(r"[a-z][a-z_-]{0,20}", fullmatch=True).filter(lambda n: n not in FIELDS),
    value=st.sampled_from(["1e-3", "2560", "0.5", "none", "x"]),
)
def test_set_of_a_setting_that_does_not_exist_names_the_settings_it_takes(name: str, value: str) -> None:
    # `--set learning_rate=1e-3`, or `--set train-samples=2560` as training.fit spells the flag, said only
    # "expected FIELD=VALUE with a FitConfig field": which fields, the user had to find in training/config.py
    said = _refusal(["--set", f"{name}={value}"])
    assert f"{name!r} is no setting of the finetune preset" in said
    assert "--set takes " + ", ".join(BENCH.SETTABLE) in said


@pytest.mark.parametrize("text", ["lr", "lr=", "train_samples"])
def test_set_without_a_value_names_the_settings_it_takes(text: str) -> None:
    said = _refusal(["--set", text])
    assert f"expected FIELD=VALUE, got {text!r}" in said and "--set takes " + ", ".join(BENCH.SETTABLE) in said
