"""The fiftieth round of hostile testing, newcomer5: a fresh clone followed as a newcomer would, the README top to
bottom and every page of docs/ it links, each command run as shown and its output set beside what the docs say it
prints; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from test_readme import parser_of

from rowreader.one_digit import FLATTEST


def test_predict_help_says_allow_small_reads_a_lone_line_too():
    """Since a line alone (a rule, a dash) is no digit, `rowreader predict` says of one "a single line, not a digit …
    not read, --allow-small reads it anyway", but `--help` said --allow-small reads a mark too small to be a digit (a
    dot, a speck) and nothing of a line: a newcomer reading the help could not tell the flag from the refusal. The
    help names the line too, with the rule from its constant."""
    text = " ".join(parser_of("rowreader predict").format_help().split())
    flag = text[text.index("--allow-small read") :]
    assert f"a single line lying flat (under {FLATTEST * 100:.0f} % as tall as it is wide" in flag
