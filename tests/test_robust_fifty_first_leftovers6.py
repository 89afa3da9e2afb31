"""The fifty-first round of hostile testing, leftovers6: small things this round's other areas saw and left, each
reproduced and tried again (a stopped `evaluate --json` between loading and writing its head); each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import json
import signal

import pytest

import rowreader.cli
from rowreader.cli import main


@pytest.mark.parametrize(
    ("signum", "words", "status"), [(signal.SIGINT, "interrupted", 130), (signal.SIGTERM, "stopped by SIGTERM", 143)]
)
def test_evaluate_json_stopped_as_its_head_was_built_writes_a_whole_document(
    capsys, monkeypatch, signum, words, status
):
    """A stop after the model and MNIST were read but before `evaluate --json` wrote its head (as the digits were
    counted by class) met no handler of evaluate's: stdout held nothing, so `jq` and `json.loads` failed on it, and a
    traceback-free "interrupted" said nothing of the document. Now the document is written whole and empty (`{}`),
    as a stop while loading writes it, and stderr and the exit status say the stop."""
    real = rowreader.cli._by_class

    def stopping(*args: object, **kwargs: object) -> object:
        signal.raise_signal(signum)
        return real(*args, **kwargs)

    monkeypatch.setattr(rowreader.cli, "_by_class", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == status
    assert json.loads(out) == {}
    assert err.endswith(f"error: {words} before the results were written; the document holds no results\n")
