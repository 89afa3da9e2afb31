"""The fifty-first round of hostile testing, leftovers5: small defects the fifty-first round's other areas saw and
left (the teach dialog at 200 % over what it reports on, maps floated at 200 % back at 100 % at their 200 % size, My
examples floated at 1280×720 over "What the model sees", the CLI's counts of one said in the plural); each test is
checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
from test_core_cli import write_idx

import rowreader.cli
from rowreader.cli import main


def test_evaluate_of_one_digit_says_one_digit(tmp_path, capsys, mnist_test):
    """``rowreader evaluate`` of a test set of one digit said "data: 1 MNIST test digits", "decided: 1 of 1 digits",
    and ``--limit 2`` of it was refused as "the MNIST test set holds 1 digits". A count of one now has its noun in
    the singular, and more than one keeps the plural."""
    images, labels = mnist_test
    write_idx(tmp_path / "data", images[:1], labels[:1])
    words = ["evaluate", "--data-dir", str(tmp_path / "data"), "--device", "cpu"]
    assert main(words) == 0
    out = capsys.readouterr().out
    assert "data: 1 MNIST test digit from " in out, out
    assert " of 1 digit, median row " in out, out
    with pytest.raises(SystemExit):
        main([*words, "--limit", "2"])
    assert "--limit 2: the MNIST test set holds 1 digit" in capsys.readouterr().err
    write_idx(tmp_path / "two", images[:2], labels[:2])
    assert main(["evaluate", "--data-dir", str(tmp_path / "two"), "--device", "cpu", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "data: the first 1 of 2 MNIST test digits from " in out and " of 1 digit, median row " in out, out


def test_predict_stopped_at_its_one_image_says_one_image(tmp_path, capsys, monkeypatch):
    """``rowreader predict one.png`` stopped (Ctrl-C) as it read its only picture said "after 0 of 1 images". It
    says "after 0 of 1 image"."""

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rowreader.cli, "_predict_one", stopped)
    assert main(["predict", str(tmp_path / "one.png")]) != 0
    assert "after 0 of 1 image; the rest were not read" in capsys.readouterr().err
