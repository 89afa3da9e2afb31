"""The fiftieth round of hostile testing, evaluate2: `rowreader evaluate` as a student studying how early the reader
decides uses it: it had no --json and reported no decided rows, which the library has (`decided_at`,
`DigitSession`); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rowreader import load_pretrained
from rowreader.cli import main
from rowreader.evaluate import evaluate_curve
from rowreader.session import DigitSession

DIGITS = 300


def _run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def session_rows(mnist_test) -> np.ndarray:
    """The decided row of each of the first DIGITS test digits as the app's session reads it, one at a time."""
    images, labels = mnist_test
    session = DigitSession(load_pretrained())
    rows = []
    for image, label in zip(images[:DIGITS], labels[:DIGITS], strict=True):
        session.set_image(image / np.float32(255), int(label))
        session.seek(28)
        rows.append(session.decided_at or 0)
    return np.array(rows)


def test_evaluate_json_gives_the_curve_and_the_decided_rows_the_library_gives(capsys, mnist_test, session_rows):
    """`evaluate` had no --json: a study parsed its text, 0.01 % rounded, and no command said when the reader decides.
    --json now gives the accuracy after each row, exactly `evaluate_curve`'s, and the decided rows, exactly each
    digit's `DigitSession.decided_at`: their distribution, the median per class, the digits never decided."""
    images, labels = mnist_test[0][:DIGITS], mnist_test[1][:DIGITS]
    code, out, err = _run(capsys, "evaluate", "--json", "--limit", DIGITS, "--device", "cpu")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["accuracy_after_row"] == evaluate_curve(load_pretrained().reader, images, labels).tolist()
    assert doc["final_accuracy"] == doc["accuracy_after_row"][-1]
    assert doc["digits"] == {"split": "test", "first": DIGITS, "of": 10_000, "by_class": np.bincount(labels).tolist()}
    assert doc["model"]["cell"] == "lstm" and doc["model"]["file"].endswith(".safetensors")
    decided = doc["decided"]
    assert decided["sure"] == 0.6
    assert decided["at_row"] == [int((session_rows == k).sum()) for k in range(1, 29)]
    assert decided["never"] == int((session_rows == 0).sum())
    for c in range(10):
        mine = session_rows[(labels == c) & (session_rows > 0)]
        assert decided["median_by_class"][c] == (float(np.median(mine)) if mine.size else None)
        assert decided["never_by_class"][c] == int(((labels == c) & (session_rows == 0)).sum())
    assert decided["median"] == float(np.median(session_rows[session_rows > 0]))


def test_evaluate_text_says_when_the_reader_decides(capsys, mnist_test, session_rows):
    """The text said nothing of the decided rows; it now says how many digits are decided, the median row, per
    class too, and how many never decide, the final accuracy still its last line."""
    labels = mnist_test[1][:DIGITS]
    code, out, err = _run(capsys, "evaluate", "--limit", DIGITS, "--device", "cpu")
    assert code == 0, err
    lines = out.splitlines()
    assert "data: the first 300 of 10,000 MNIST test digits" in out
    decided = session_rows > 0
    median = float(np.median(session_rows[decided]))
    assert f"decided: {decided.sum()} of 300 digits, median row {median:g}; never decided: {(~decided).sum()} " in out
    assert "(decided at row k: the final answer holds at least 60 % of the belief from row k to row 28)" in out
    classes = [session_rows[(labels == c) & decided] for c in range(10)]
    per_class = " ".join(f"{c}:{np.median(r):g}" if r.size else f"{c}:-" for c, r in enumerate(classes))
    # of the 300 decided one is wrong: test digit 18, a 3 decided at row 18 as an 8 (the fifty-first round)
    assert f"median decided row by label, wrong answers too (1 of the {decided.sum()} decided): {per_class}" in out
    assert lines[-1].startswith("final-row test accuracy: ")


@pytest.mark.parametrize("limit", ["0", "-3", "1e3", "ten"])
def test_a_bad_limit_is_a_refused_command_line(capsys, limit):
    """--limit was unknown; a count that is none is now refused in --limit's own words, status 2."""
    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "--limit", limit])
    assert stop.value.code == 2
    assert "--limit: must be a whole number of at least 1" in capsys.readouterr().err


def test_a_limit_past_the_test_set_is_refused(capsys):
    """A --limit over the digits there is refused (status 2) naming how many there are, nothing read."""
    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "--limit", "20000", "--device", "cpu"])
    assert stop.value.code == 2
    assert "--limit 20000: the MNIST test set holds 10,000 digits" in capsys.readouterr().err


def test_evaluate_json_finds_its_output_gone_before_reading(capsys, monkeypatch):
    """`evaluate --json > /dev/full` (or `| head -1`) would read every digit before writing a byte; the document's
    head (the model, the digits) is written first, so a gone output ends the command before the reading."""
    import io
    import sys

    import rowreader.evaluate

    class FullDisk(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    def evaluated(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the digits for an output that was gone")

    monkeypatch.setattr(rowreader.evaluate, "evaluate_rows", evaluated)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(FullDisk())))
    assert main(["evaluate", "--json", "--limit", "10", "--device", "cpu"]) == 1
    assert capsys.readouterr().err == "rowreader: error: cannot write the output: No space left on device\n"


def test_a_digit_read_as_nan_is_never_decided(mnist_test):
    """`evaluate_rows` (the curve and the decided rows from one forward pass) takes a digit whose logits hold NaN as
    no answer, as the curve counts it wrong: never decided, where `decided_at` refused the whole batch's NaN."""
    import torch

    from rowreader.evaluate import evaluate_rows

    reader = load_pretrained().reader

    class NanForFirst(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            logits = reader(x).clone()
            logits[0, 5, 3] = float("nan")
            return logits

    images, labels = mnist_test[0][:20], mnist_test[1][:20]
    read = evaluate_rows(NanForFirst(), images, labels)
    whole = evaluate_rows(reader, images, labels)
    assert read.decided[0] == 0 and (read.decided[1:] == whole.decided[1:]).all() and whole.decided[0] > 0
