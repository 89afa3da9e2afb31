"""The fifty-fifth round, tests3: the test suite's own reliability. The README's test command drew new Hypothesis
examples on every run, so a clean clone's CI failed now and then on a draw nobody had made before; the teach tests
bounded a niced fine-tune by the wall clock, and failed on a busy machine while it worked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


def _draws(profile: settings) -> list[bytes]:
    """What a property test run under ``profile`` is given, in order (no example database: nothing on disk)."""
    seen: list[bytes] = []

    @settings(profile, database=None, max_examples=10)
    @given(st.binary(min_size=16, max_size=16))
    def record(value: bytes) -> None:
        seen.append(value)

    record()
    return seen


def test_the_test_command_draws_the_same_examples_every_run_and_explore_draws_new_ones(request) -> None:
    """`python -m pytest` (the README's command, .ci/run's) loaded a profile of speed settings alone: each run drew
    new examples, and a rare one failed a clean clone's CI, the next run passing. It draws the same every run now;
    ``--hypothesis-profile=explore`` draws new ones, keeps what fails in .hypothesis/ and prints the blob to pin it."""
    assert settings.get_current_profile_name() == (request.config.getoption("--hypothesis-profile") or "rowreader")
    fixed, explore = settings.get_profile("rowreader"), settings.get_profile("explore")
    assert fixed.derandomize and fixed.database is None
    assert _draws(fixed) == _draws(fixed)
    assert not explore.derandomize and explore.database is not None and explore.print_blob
    assert _draws(explore) != _draws(explore)
    for profile in (fixed, explore):  # both blind to the machine's speed (tests/test_flaky_settings.py)
        assert profile.deadline is None and profile.suppress_health_check == fixed.suppress_health_check
