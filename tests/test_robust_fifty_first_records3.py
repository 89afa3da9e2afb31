"""The fifty-first round of hostile testing, records3: what the project's files say about themselves across versions
(a taught model's record written by the code before the fiftieth round, the seed model's stored device, a resumed
run's devices) and `rowreader evaluate --json` stopped as its results are built; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import json
import signal

import numpy as np

import rowreader.evaluate
from rowreader.cli import main


class _StoppedAsRead(np.ndarray):
    """A curve whose ``tolist`` (the results' building, outside every hold) meets a real SIGTERM."""

    def tolist(self) -> list:  # type: ignore[override]
        signal.raise_signal(signal.SIGTERM)
        return super().tolist()


def test_evaluate_json_stopped_as_the_results_are_built_leaves_a_whole_document(capsys, monkeypatch):
    """A SIGTERM in the few instructions after the reading and the decided rows, as the results were built and
    before their held write, met no handler: the document was left open (`"device": "cpu (2 threads)",` its end)
    and the command ended with a traceback. The results are now built inside the handling and written whole under
    the hold: the document is closed with no results, stderr says the stop and the status is 143."""
    real = rowreader.evaluate.evaluate_rows

    def stopping(*args: object, **kwargs: object) -> rowreader.evaluate.Evaluation:
        read = real(*args, **kwargs)
        return read._replace(curve=read.curve.view(_StoppedAsRead))

    monkeypatch.setattr(rowreader.evaluate, "evaluate_rows", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == 143 and "accuracy_after_row" not in json.loads(out)
    assert err.endswith("error: stopped by SIGTERM before the results were written; the document holds no results\n")
