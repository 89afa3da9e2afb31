"""The twenty-fifth round of hostile testing, training: `python -m training.fit` start-up and small runs as a student
sees them: `--limit 1` and the other counts of one each message says ("the 1 training images of an epoch")."""

from __future__ import annotations

import json
import re

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robust_training import TINY
from test_robust_twentyfourth_training import idx_bytes

from rowreader.checkpoint import CheckpointError
from training.config import FitConfig
from training.cores import check_pen_workers, check_threads
from training.fit import _rate, _schedule
from training.fit import main as fit_main
from training.metrics import MetricsLog
from training.resume import finished
from training.run import start_run
from training.state import check_moments


@pytest.fixture(scope="module")
def one_digit(tmp_path_factory, mnist_test) -> list[str]:
    """TINY at `--limit 1 --batch-size 1`, on an MNIST folder of 4 training and 2 test digits (MNIST test digits, no
    two alike): reading MNIST's 60,000 training digits took seconds on the busy cores."""
    folder = tmp_path_factory.mktemp("mnist")
    images, labels = mnist_test
    for stem, part in (("train", slice(2, 6)), ("t10k", slice(0, 2))):
        (folder / f"{stem}-images-idx3-ubyte.gz").write_bytes(idx_bytes(images[part]))
        (folder / f"{stem}-labels-idx1-ubyte.gz").write_bytes(idx_bytes(labels[part]))
    return [*(a if a != "64" else "1" for a in TINY), "--data-dir", str(folder)]


_COUNT = re.compile(r"\b(\d[\d,]*) ((?:training |UNIPEN pen )?(?:image|step|sample|epoch|digit|core|rendering)s?)\b")


def _counts_agree(text: str) -> None:
    """Every "N noun" of ``text`` singular where N is one and plural elsewhere: "1 images" was said."""
    found = _COUNT.findall(text)
    for number, noun in found:
        assert noun.endswith("s") == (number != "1"), f"{number} {noun} in {text!r}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(epochs=st.integers(1, 3), steps=st.integers(1, 3), batch=st.integers(1, 3), cut=st.integers(0, 2))
def test_the_schedule_says_one_step_and_one_sample(epochs, steps, batch, cut):
    """`--limit 1 --batch-size 1 --train-samples 1` announced "1 step of 1 (1 samples, within 8 epochs)"."""
    total = max(1, epochs * steps - cut)
    said = _schedule(epochs, steps, total, batch)
    _counts_agree(said)
    assert f"{total * batch} sample" in said or total == epochs * steps


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 127))
def test_too_few_training_images_for_a_batch_are_counted_right(tmp_path_factory, n):
    """`--limit 1` (batch 128) said "more than the 1 training images of an epoch"."""
    out = tmp_path_factory.mktemp("few") / "m.safetensors"
    log = MetricsLog(out.with_suffix(".csv"))
    with pytest.raises(ValueError, match="of an epoch") as refused:
        start_run(FitConfig(out=str(out)), torch.device("cpu"), n, log, None)
    _counts_agree(str(refused.value))
    assert f"the {n} training image{'' if n == 1 else 's'} of an epoch;" in str(refused.value)


def test_limit_one_is_one_image_at_the_command_line(tmp_path, capsys, one_digit):
    """The student's first try, `--limit 1`: refused in words that count one image, then trained with
    `--batch-size 1` under a banner of "1 image, 1 epoch × 1 step of 1". (Alone, 4–5 s at load 7: the session's first
    torch optimizer imports torch._dynamo; the run itself is 0.1 s, as the bar's test below shows.)"""
    out = tmp_path / "m.safetensors"
    assert fit_main([*one_digit, "--batch-size", "128", "--out", str(out)]) == 2
    refused = capsys.readouterr().err
    assert "more than the 1 training image of an epoch; give --batch-size 1 or less" in refused
    assert fit_main([*one_digit, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert ": 1 image, 1 epoch × 1 step of 1;" in said
    _counts_agree(said)


def test_a_pen_share_of_one_image_is_counted_right(tmp_path, capsys, one_digit):
    """`--limit 1 --batch-size 1 --pen 0.1`: "--pen 0.1 of an epoch of 1 images is not one pen rendering"."""
    assert fit_main([*one_digit, "--pen", "0.1", "--out", str(tmp_path / "m.safetensors")]) == 2
    refused = capsys.readouterr().err
    assert "--pen 0.1 of an epoch of 1 image is not one pen rendering" in refused


def test_a_machine_of_one_core_is_one_core(monkeypatch):
    """`--threads 2` on a one-core machine (a small VM, `taskset -c 0`'s container) said "this machine's 1 cores"."""
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    for check, flag in ((check_threads, "--threads"), (check_pen_workers, "--pen-workers")):
        with pytest.raises(ValueError, match=flag) as refused:
            check(2)
        assert "this machine's 1 core " in str(refused.value)
        _counts_agree(str(refused.value))


def test_one_step_and_one_sample_are_said_so():
    """A damaged state after one step said "after 1 steps"; a run of `--train-samples 1` was "its 1 samples"."""
    optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(2))])
    with pytest.raises(ValueError, match=r"after 1 step$"):
        check_moments(optimizer, 1)
    assert finished({"epochs": 8, "train_samples": 1, "batch_size": 1}, 0, 1) == "its 1 sample (--train-samples)"
    assert (
        finished({"epochs": 8, "train_samples": 1000, "batch_size": 1}, 0, 1000)
        == "its 1,000 samples (--train-samples)"
    )


def test_a_small_runs_bar_and_rate_count_whole_images(tmp_path, capsys, one_digit):
    """`--limit 1 --batch-size 1`'s bar went "0.00/1.00", then "1.00/1.00 [..., 8.51img/s]" (tqdm's scaled figures
    under 1,000: 12 images were "12.0/12.0"), and its last line "0 samples/s" for one image in two seconds."""
    assert fit_main([*one_digit, "--out", str(tmp_path / "m.safetensors")]) == 0
    said = capsys.readouterr()
    bar = said.err.replace("\r", "\n")
    assert "| 1/1 [" in bar and "1.00/1.00" not in bar and "0.00/" not in bar
    assert re.search(r"; \d[\d,]*(\.\d)? samples/s, ", said.out), said.out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(per_second=st.floats(0.05, 1e6))
def test_a_rate_under_one_is_not_nought(per_second):
    """One image trained in two seconds was "0 samples/s": under 10 a tenth is shown, the whole number above."""
    shown = float(_rate(per_second).replace(",", ""))
    assert shown > 0 and abs(shown - per_second) <= (0.05 if per_second < 10 else 0.5) + 1e-9


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(changed=st.sets(st.sampled_from(["--limit 128", "--epochs 1", "--seed 7", "--hidden 8"]), min_size=1))
def test_a_rehearsals_one_setting_differs(tmp_path_factory, tiny_reader, changed):
    """`training.ship` over a rehearsal's `--also '--limit 128'`: "(limit differ: a rehearsal with --also?)"."""
    import training.ship as ship
    from rowreader import save_checkpoint
    from training.arguments import parse_args

    runs = tmp_path_factory.mktemp("runs")
    argv = ship.stage_argv(ship.STAGES[0], runs, ship.parse_args(["--also", " ".join(sorted(changed))]).also)
    recipe = json.loads(json.dumps(parse_args(argv).recipe(), default=vars))
    save_checkpoint(runs / "stage1.safetensors", tiny_reader, {"epochs_trained": 1, "recipe": recipe})
    with pytest.raises(CheckpointError) as refused:
        ship.check_recipe(runs / "stage1.safetensors", ship.STAGES[0], ship.stage_argv(ship.STAGES[0], runs, []))
    named = re.search(r"the first stage's \(([^)]*?) (differs?):", str(refused.value))
    assert named is not None, str(refused.value)
    assert (named.group(2) == "differs") == (len(named.group(1).split(", ")) == 1)
