"""The fiftieth round of hostile testing, evalhostile: this round's new `rowreader evaluate --json`, `--limit` and
its decided-at summary (`evaluate_rows`) attacked as a demanding user would: stopped mid-reading, piped away, given
models that never decide or whose logits overflow; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import signal

import pytest

import rowreader.evaluate
from rowreader import load_pretrained
from rowreader.cli import main
from rowreader.evaluate import evaluate_curve, evaluate_rows


def _stopped_at_the_first_batch(monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    """A real ``signum`` sent to this process while the first batch's decided rows are worked out."""
    real = rowreader.evaluate.decided_at

    def stopping(*args: object, **kwargs: object) -> object:
        signal.raise_signal(signum)
        return real(*args, **kwargs)

    monkeypatch.setattr(rowreader.evaluate, "decided_at", stopping)


@pytest.mark.parametrize(
    ("signum", "words", "status"), [(signal.SIGINT, "interrupted", 130), (signal.SIGTERM, "stopped by SIGTERM", 143)]
)
def test_evaluate_json_stopped_mid_reading_leaves_a_whole_document(capsys, monkeypatch, signum, words, status):
    """Ctrl-C or SIGTERM while `evaluate --json > ev.json` read the digits left the document's head open, ending in
    `"device": "cpu",`: `jq` and `json.loads` failed on it ("Expecting property name"). The head is now closed into
    a whole document (the model, the data, the digits, no results), and stderr and the exit status say it stopped."""
    _stopped_at_the_first_batch(monkeypatch, signum)
    code = main(["evaluate", "--json", "--limit", "50", "--batch-size", "10", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == status
    doc = json.loads(out)
    assert doc["digits"]["first"] == 50 and "accuracy_after_row" not in doc
    assert err.endswith(f"error: {words} before the results were written; the document holds no results\n")


def test_evaluate_json_stopped_after_reading_leaves_a_whole_document_too(capsys, monkeypatch):
    """A SIGTERM after the reading, while the decided rows were summed up, met no handler of evaluate's: the
    document was left open (`"device": "cpu",` its end). It is closed there too, and the status says the stop."""
    import rowreader.cli

    real = rowreader.cli._decided_summary

    def stopping(*args: object, **kwargs: object) -> object:
        signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(rowreader.cli, "_decided_summary", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == 143 and "accuracy_after_row" not in json.loads(out)
    assert err.endswith("error: stopped by SIGTERM before the results were written; the document holds no results\n")


def test_a_digit_whose_logit_overflows_is_scored_not_refused_with_its_batch(mnist_test):
    """A reader whose logit overflowed to +inf (a half-precision one past 65,504) made `evaluate_rows` refuse the
    whole batch, "probabilities must lie in [0, 1] … softmax them first", though the curve scores it (+inf is its
    top class) and the library took softmax itself: torch's softmax of +inf is NaN. An infinite logit is now the
    limit it stands for, belief 1 for that class: the digit decided where its answer is sure, the rest as before."""
    import torch

    reader = load_pretrained().reader

    class Overflowing(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            logits = reader(x).clone()
            logits[0, 5:, 7] = float("inf")  # the first test digit is a 7: sure from row 6 on
            logits[1, 27, 0] = float("-inf")
            return logits

    images, labels = mnist_test[0][:20], mnist_test[1][:20]
    read = evaluate_rows(Overflowing(), images, labels)
    whole = evaluate_rows(reader, images, labels)
    assert read.curve.tolist() == evaluate_curve(Overflowing(), images, labels).tolist()
    assert labels[0] == 7 and read.decided[0] == 6 and (read.decided[1:] == whole.decided[1:]).all()
    assert (read.answers == whole.answers).all()


def test_evaluate_json_names_a_data_folder_that_is_not_utf8_exactly(capsys, tmp_path):
    """`evaluate --json --data-dir` of a Latin-1 folder (`été`) gave `"data": "…/\ufffdt\ufffd"` and nothing else: the
    folder could not be named again, where the model's file beside it gets its bytes (`"file_bytes"`, as predict's
    files do). `"data_bytes"` now gives the folder's bytes in hex, as `"file_bytes"` does."""
    import os

    mnist = os.environ["ROWREADER_DATA"]  # conftest's, set for every test
    folder = os.fsencode(tmp_path) + b"/\xe9t\xe9"
    os.mkdir(folder)
    for name in os.listdir(mnist):
        os.symlink(os.path.join(mnist, name), os.fsdecode(folder + b"/" + os.fsencode(name)))
    code = main(["evaluate", "--json", "--limit", "3", "--device", "cpu", "--data-dir", os.fsdecode(folder)])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert doc["data"].endswith("/\ufffdt\ufffd") and bytes.fromhex(doc["data_bytes"]) == folder
    assert list(doc)[:3] == ["model", "data", "data_bytes"]
