"""The test run's own settings that keep a slow or busy machine from failing a test an idle one passes."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS = Path(__file__).parent


def test_hypothesis_holds_no_test_to_a_speed():
    """Hypothesis failed an example that took over 200 ms, and data slow to generate, whatever the machine's load."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


def test_a_property_test_that_names_its_health_checks_names_too_slow():
    """A test's own ``suppress_health_check`` replaces the profile's, bringing the speed check back to that test."""
    lacking = []
    for source in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            named = isinstance(node, ast.keyword) and node.arg == "suppress_health_check"
            text = ast.unparse(node.value) if named else ""
            every = text == "list(HealthCheck)"  # all of them: too_slow among them
            if named and not every and "too_slow" not in text:
                lacking.append(f"{source.name}:{node.value.lineno}")
    assert not lacking, f"suppress_health_check without HealthCheck.too_slow: {lacking}"
