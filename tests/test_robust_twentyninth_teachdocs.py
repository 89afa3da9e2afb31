"""The twenty-ninth round, teachdocs: docs/teaching.md's measured tables re-run after each taught digit got its
share of the batches (3 Dec 2026), and bench/bench_finetune.py's odd inputs; each test checked to fail on the code
before its fix."""

from __future__ import annotations

import contextlib
import io
from dataclasses import fields
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from conftest import load_bench
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.example_folder import ExampleSet
from training.config import FitConfig
from training.replay import ReplayData

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


def _run_with_people(monkeypatch, labels_per_person: dict[str, list[int]], argv: list[str]) -> list[ExampleSet]:
    """bench_finetune.main over persons of these labels (blank drawings, read as 0), every slow part replaced; the
    stand-in fine-tune refuses no examples as the library's ``finetune`` does. Returns the example sets taught."""
    taught = []

    def finetune(checkpoint, examples, replay, config):
        if not len(examples):
            raise ValueError("no examples to learn from")  # training.finetune.finetune's first check
        taught.append(examples)
        return SimpleNamespace(reader=None)

    people = [
        BENCH.Person(name, np.zeros((len(ls), 28, 28), np.float32), np.array(ls))
        for name, ls in labels_per_person.items()
    ]
    monkeypatch.setattr(torch, "set_num_threads", lambda n: None)
    monkeypatch.setattr(BENCH, "load_pretrained", lambda: SimpleNamespace(reader=None, path=None))
    monkeypatch.setattr(BENCH, "unipen_file", lambda root: None)
    # the fine-tune and its replay as the bench imports them once its command line is read (forty-eighth round)
    replay = ReplayData(*[torch.zeros(1, dtype=torch.long)] * 4)
    monkeypatch.setattr("training.replay.load_replay", lambda config: replay)
    monkeypatch.setattr(BENCH, "load_mnist", lambda root, train: (np.zeros((4, 28, 28), np.uint8), np.zeros(4, int)))
    monkeypatch.setattr(BENCH, "render_people", lambda root, habits, brush: people)
    monkeypatch.setattr(BENCH, "final_predictions", lambda reader, images: np.zeros(len(images), np.int64))
    monkeypatch.setattr("training.finetune.finetune", finetune)
    assert BENCH.main(argv) == 0
    return taught


def test_a_person_with_one_drawing_of_the_taught_digit_is_said_to_have_nothing_to_teach(monkeypatch, capsys) -> None:
    # `--digits 3` and a person who wrote one 3 (ced/JEKN827 wrote none or one of 3, 5, 6 and 9): that person's
    # split taught nothing, the fine-tune raised "no examples to learn from", and the run ended in a traceback after
    # minutes of rendering and of the persons taught before
    people = {"a/one3": [0] * 19 + [3], "b/three3s": [0] * 17 + [3] * 3}
    taught = _run_with_people(monkeypatch, people, ["--digits", "3", "--k", "1", "--hardest", "2", "--others", "0"])
    out = capsys.readouterr().out
    assert [len(t) for t in taught] == [1]  # b/three3s is taught one 3; a/one3's only 3 stays unseen
    (said,) = [line for line in out.splitlines() if "a/one3" in line]
    assert "nothing to teach: no more than one drawing of 3, and one is always left unseen" in said
    assert "k = 1: errors" in out


def test_a_run_where_no_person_has_anything_to_teach_says_so(monkeypatch, capsys) -> None:
    taught = _run_with_people(monkeypatch, {"a/one3": [0] * 19 + [3]}, ["--digits", "3", "--k", "2"])
    assert (
        taught == []
        and "k = 2: nothing taught, no person having two drawings of a taught digit" in capsys.readouterr().out
    )
