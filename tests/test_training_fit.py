"""training.fit end to end on small subsets: smoke, determinism, resume, interruption, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import rowreader
from rowreader import ReaderConfig
from rowreader.paths import file_sha256
from rowreader.unipen import unipen_sha256
from training import epoch as epoch_module
from training import fit as fit_module
from training.arguments import parse_args
from training.config import FitConfig
from training.distill import distill_loss
from training.fit import main
from training.state import load_state, state_path
from training.step import row_weights

SMALL = ["--limit", "512", "--hidden", "24", "--batch-size", "32", "--lr", "0.01", "--threads", "1"]


def run(tmp_path: Path, *extra: str, name: str = "m") -> tuple[int, Path]:
    out = tmp_path / f"{name}.safetensors"
    code = main([*SMALL, "--out", str(out), *extra])
    return code, out


def read_metrics(path: Path) -> list[dict[str, str]]:
    """The metrics CSV's rows without the wall-clock column (it differs run to run)."""
    with path.open() as f:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(f)]


def test_smoke_fit_writes_checkpoint_state_and_metrics(tmp_path, capsys):
    code, out = run(tmp_path, "--epochs", "2")
    assert code == 0
    ckpt = rowreader.load_checkpoint(out)
    assert ckpt.reader.config.hidden_size == 24
    meta = ckpt.metadata
    assert 0.0 <= meta["test_accuracy"] <= 1.0 and len(meta["accuracy_per_row"]) == 28
    assert meta["epochs_trained"] == 2 and meta["recipe"]["loss"] == "every-row"
    assert meta["test_digits"] == 512  # --limit: the number is not on all of MNIST test, and says so
    assert meta["command"].startswith("python -m training.fit --limit 512")
    rows = [r for r in read_metrics(out.with_name("m.metrics.csv")) if r["test_accuracy"]]
    assert [r["epoch"] for r in rows] == ["1", "2"]
    assert all(r[f"test_accuracy_row_{k}"] for r in rows for k in (1, 14, 28))
    printed = capsys.readouterr().out
    assert "epoch 1: test" in printed and "row 14:" in printed and "done:" in printed
    # Learning happened: 2 small epochs beat chance (10 %) clearly.
    assert meta["test_accuracy"] > 0.3


def test_same_seed_same_metrics_on_cpu(tmp_path):
    run(tmp_path, "--epochs", "1", name="a")
    run(tmp_path, "--epochs", "1", name="b")
    assert read_metrics(tmp_path / "a.metrics.csv") == read_metrics(tmp_path / "b.metrics.csv")
    a = rowreader.load_checkpoint(tmp_path / "a.safetensors").reader.state_dict()
    b = rowreader.load_checkpoint(tmp_path / "b.safetensors").reader.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def interrupt_on_second_evaluation(monkeypatch):
    """Make Ctrl-C arrive during epoch 2's evaluation, i.e. after epoch 2's steps, before its checkpoint."""
    real = epoch_module.evaluate_curve
    calls = {"n": 0}

    def evaluate(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(epoch_module, "evaluate_curve", evaluate)


def test_interrupt_keeps_last_good_checkpoint_and_resume_matches_uninterrupted(tmp_path, monkeypatch, capsys):
    code, straight = run(tmp_path, "--epochs", "3", name="straight")
    assert code == 0

    with monkeypatch.context() as m:
        interrupt_on_second_evaluation(m)
        code, out = run(tmp_path, "--epochs", "3", name="broken")
    assert code == 130
    assert "last good checkpoint is kept" in capsys.readouterr().err
    kept = rowreader.load_checkpoint(out)
    assert kept.metadata["epochs_trained"] == 1  # epoch 2 never finished
    assert load_state(state_path(out)).epoch == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no half-written files

    code, out = run(tmp_path, "--epochs", "3", "--resume", name="broken")
    assert code == 0
    resumed = rowreader.load_checkpoint(out)
    reference = rowreader.load_checkpoint(straight)
    a, b = resumed.reader.state_dict(), reference.reader.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a), "resume must reproduce the uninterrupted run exactly"
    assert resumed.metadata["accuracy_per_row"] == reference.metadata["accuracy_per_row"]
    assert read_metrics(tmp_path / "broken.metrics.csv") == read_metrics(tmp_path / "straight.metrics.csv")


def test_resume_without_state_says_what_to_do(tmp_path, capsys):
    code, _ = run(tmp_path, "--resume")
    assert code == 2
    assert "no training state" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--epochs", "0"], "argument --epochs: must be a whole number from 1 to 10,000, got '0'"),
        (["--lr", "-1"], "argument --lr: must be a number above 0 and at most 10, got '-1'"),  # as typed (cli23)
        (["--loss", "sometimes"], "invalid choice"),
        (["--augment", "extreme"], "invalid choice"),
        (["--preset", "nope"], "invalid choice"),
        (["--pen", "1"], "argument --pen: must be a number from 0 to 0.95"),
        (["--pen", "-0.1"], "argument --pen: must be a number from 0 to 0.95"),
        (["--pen", "nan"], "argument --pen: must be a number from 0 to 0.95, got 'nan'"),
        (["--pen", "a lot"], "argument --pen: must be a number from 0 to 0.95, got 'a lot'"),
        (["--pen-reuse", "0"], "argument --pen-reuse: must be a whole number from 1 to 1,000"),
        (["--pen-workers", "-1"], "argument --pen-workers: must be a whole number from 0 to 1,024"),
        (["--pen-holdout", "0.1"], "--pen-holdout holds out some of the pen data: it needs --pen above 0"),
        (["--pen", "0.2", "--pen-holdout", "0.6"], "argument --pen-holdout: must be a number from 0 to 0.5"),
    ],
)
def test_bad_flags_are_rejected_with_a_reason(flags, message, capsys):
    with pytest.raises(SystemExit) as exc:
        parse_args(flags)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_cuda_without_cuda_fails_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(fit_module, "load_data", lambda *a: pytest.fail("data was loaded"))
    code, out = run(tmp_path, "--device", "cuda")
    assert code == 2
    assert "CUDA is not available" in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_out_fails_before_training(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(fit_module, "load_data", lambda *a: pytest.fail("data was loaded"))
    code = main([*SMALL, "--out", str(blocker / "model.safetensors")])
    assert code == 2
    assert "cannot write" in capsys.readouterr().err


def test_missing_data_says_how_to_get_it(tmp_path, capsys):
    code = main([*SMALL, "--data-dir", str(tmp_path / "empty"), "--out", str(tmp_path / "m.safetensors")])
    assert code == 2
    err = capsys.readouterr().err
    assert "MNIST files not found" in err and "--download" in err and "ROWREADER_DATA" in err


def test_nan_loss_stops_with_a_clear_message(tmp_path, capsys, monkeypatch):
    real_forward = rowreader.RowReader.forward
    monkeypatch.setattr(rowreader.RowReader, "forward", lambda self, x: real_forward(self, x) * float("nan"))
    code, out = run(tmp_path, "--epochs", "1")
    assert code == 3
    assert "loss became nan at step 1" in capsys.readouterr().err
    assert not out.exists()


def test_seed_preset_reproduces_the_tutorial_setup(tmp_path, capsys):
    config = parse_args(["--preset", "seed"])
    assert (config.lr, config.batch_size, config.train_samples, config.loss) == (1e-3, 128, 100_000, "final")
    assert (config.model.hidden_size, config.model.layers, config.init, config.log_every) == (128, 1, "seed", 20)

    code = main(["--preset", "seed", "--limit", "2560", "--threads", "1", "--out", str(tmp_path / "s.safetensors")])
    assert code == 0
    printed = capsys.readouterr().out
    steps = [line for line in printed.splitlines() if line.startswith("Step ")]
    assert steps[0].startswith("Step 20, Minibatch Loss= ") and "Training Accuracy= " in steps[0]
    assert len(steps) == 2  # 2,560 images = 20 steps of 128 per epoch, 2 epochs → steps 20 and 40
    reader = rowreader.load_checkpoint(tmp_path / "s.safetensors").reader
    assert reader.config.pixel_mean == 0.0 and reader.config.pixel_std == 1.0


def test_seed_init_draws_standard_normal_input_and_output_weights():
    from training.run import fresh_reader

    reader = fresh_reader(parse_args(["--preset", "seed"]), torch.Generator().manual_seed(0))
    for layer in (reader.input, reader.output):
        assert 0.9 < layer.weight.std().item() < 1.1
        assert torch.all(layer.bias == 0.1)
    h = reader.config.hidden_size
    assert torch.all(reader.lstm.bias_ih_l0[h : 2 * h] == 1.0)


def test_one_set_of_model_defaults_and_the_same_flags():
    """FitConfig embeds ReaderConfig: by default it trains ReaderConfig's default network; the flags are unchanged."""
    assert FitConfig().model == ReaderConfig()
    config = parse_args(["--cell", "gru", "--hidden", "64", "--layers", "2", "--preset", "seed"])
    assert config.model == ReaderConfig(cell="gru", hidden_size=64, layers=2, pixel_mean=0.0, pixel_std=1.0)
    assert FitConfig.from_dict(config.to_dict()) == config


@pytest.mark.parametrize("make", [ReaderConfig.from_dict, FitConfig.from_dict])
def test_both_configs_refuse_unknown_keys_the_same_way(make):
    name = make.__self__.__name__
    with pytest.raises(ValueError, match=rf"unknown {name} fields: \['dropout'\]"):
        make({"dropout": 0.1})


def test_training_states_with_flat_model_fields_still_resume():
    """States saved before FitConfig embedded ReaderConfig kept hidden/layers/input_size/normalise_pixels flat."""
    old = {**FitConfig().to_dict(), "hidden": 48, "layers": 2, "input_size": 32, "normalise_pixels": False}
    del old["model"]
    config = FitConfig.from_dict(old)
    assert config.model == ReaderConfig(input_size=32, hidden_size=48, layers=2, pixel_mean=0.0, pixel_std=1.0)


def test_fit_config_rejects_unknown_values():
    with pytest.raises(ValueError, match="--loss"):
        FitConfig(loss="half")


@pytest.mark.parametrize("name", ["start_from", "finetune", "examples", "data_dir", "pen_dir"])
@pytest.mark.parametrize("value", [5, "", b"runs", ["a"]])
def test_fit_config_refuses_a_path_that_is_not_a_name(name, value):
    # bench_finetune --set pen_dir=5 handed the number on, and the run died in os.fspath minutes later
    with pytest.raises(ValueError, match=f"--{name.replace('_', '-')} must name a file or folder"):
        FitConfig(**{name: value})


def test_drawn_digits_join_the_training_set(tmp_path, capsys):
    # 400 a class beside 60,000 MNIST digits: 4 a class beside --limit's 512 (the sixteenth round: the mix kept)
    code, out = run(tmp_path, "--epochs", "1", "--drawn", "400")
    assert code == 0
    assert "incl. 40 drawn digits" in capsys.readouterr().out
    meta = rowreader.load_checkpoint(out).metadata
    assert (
        meta["recipe"]["drawn"] == 400
        and meta["dataset"] == "MNIST's first 512 training digits (--limit) + 40 synthetic drawn digits"
    )
    assert meta["steps"] == (512 + 40) // 32 == 17  # MNIST alone would be 16 batches of 32


def test_real_ctrl_c_in_a_subprocess_keeps_a_loadable_checkpoint(tmp_path, interrupt_training):
    out = tmp_path / "m.safetensors"
    code, err = interrupt_training([*SMALL, "--epochs", "200"], out)
    assert code == 130
    assert "last good checkpoint is kept" in err and "Traceback" not in err
    assert rowreader.load_checkpoint(out).metadata["epochs_trained"] >= 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


PEN = ["--pen", "0.2", "--pen-workers", "0"]


def test_pen_renderings_join_every_epoch_and_the_checkpoint_says_which(tmp_path, capsys):
    code, out = run(tmp_path, "--epochs", "1", *PEN)
    assert code == 0
    assert "incl. 128 UNIPEN pen renderings per epoch" in capsys.readouterr().out  # 512 · 0.2 / 0.8
    meta = rowreader.load_checkpoint(out).metadata
    assert meta["steps"] == (512 + 128) // 32 == 20
    assert meta["pen_sha256"] == unipen_sha256() and meta["recipe"]["pen"] == 0.2
    assert meta["pen"]["per_epoch"] == 128 and meta["pen"]["persons"] == 200  # the train writers only
    assert (
        meta["dataset"]
        == "MNIST's first 512 training digits (--limit) + 128 UNIPEN train-writer pen renderings per epoch"
    )
    assert meta["test_accuracy"] > 0.15


def test_pen_holdout_is_read_after_every_epoch_and_recorded(tmp_path, capsys):
    code, out = run(tmp_path, "--epochs", "1", *PEN, "--pen-holdout", "0.005")
    assert code == 0
    assert "pen holdout (" in capsys.readouterr().out
    holdout = rowreader.load_checkpoint(out).metadata["pen"]["holdout"]
    assert holdout["digits"] >= 0.005 * 11_983 and holdout["persons"] >= 1 and len(holdout["accuracy_per_row"]) == 28
    assert rowreader.load_checkpoint(out).metadata["pen"]["persons"] == 200 - holdout["persons"]


def test_resume_with_pen_data_matches_the_uninterrupted_run(tmp_path, monkeypatch):
    pen = ["--pen", "0.1", "--pen-workers", "0", "--pen-reuse", "2"]
    code, straight = run(tmp_path, "--epochs", "2", *pen, name="straight")
    assert code == 0
    with monkeypatch.context() as m:
        interrupt_on_second_evaluation(m)
        code, out = run(tmp_path, "--epochs", "2", *pen, name="broken")
    assert code == 130
    code, out = run(tmp_path, "--epochs", "2", "--resume", *pen, name="broken")
    assert code == 0
    a = rowreader.load_checkpoint(out).reader.state_dict()
    b = rowreader.load_checkpoint(straight).reader.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a), "resume must rebuild epoch 2's pen renderings exactly"


def test_missing_pen_data_fails_before_training_and_says_how_to_get_it(tmp_path, capsys):
    code, out = run(tmp_path, *PEN, "--pen-dir", str(tmp_path / "nowhere"))
    assert code == 2
    err = capsys.readouterr().err
    assert "UNIPEN digits not found" in err and "ROWREADER_UNIPEN" in err and "--pen-dir" in err
    assert not out.exists()


def test_shipped_preset_mixes_in_pen_data_and_keeps_drawn_digits():
    config = parse_args(["--preset", "shipped"])
    assert config.pen == 0.4 and config.drawn == 600
    assert parse_args([]).pen == 0.0
    assert {"pen_dir", "pen_workers"} <= FitConfig.RUN_FIELDS and "pen" in config.recipe()


def test_the_shipped_model_records_the_command_that_makes_it():
    """One truth, not two: the recipe in the shipped checkpoint is what its recorded command parses to today, and
    the readers it was made from are named with their SHA-256 (README, "The shipped model")."""
    meta = rowreader.load_pretrained().metadata
    command = meta["command"].split()
    assert command[:3] == ["python", "-m", "training.fit"]
    parsed = parse_args(command[3:]).recipe()
    assert json.loads(json.dumps(parsed, default=vars)) == meta["recipe"]
    assert meta["start_from"]["file"] == Path(parsed["start_from"]).name and len(meta["start_from"]["sha256"]) == 64
    assert [t["file"] for t in meta["distilled_from"]] == [Path(p).name for p in parsed["distill_from"]]


def test_start_from_continues_a_trained_network_with_a_fresh_schedule(tmp_path, capsys):
    code, first = run(tmp_path, "--epochs", "2", name="first")
    assert code == 0
    start = rowreader.load_checkpoint(first)
    # lr 1e-9: the second stage barely moves, so its weights are the first stage's, not a fresh initialisation
    code, out = run(tmp_path, "--epochs", "1", "--start-from", str(first), "--lr", "1e-9", name="second")
    assert code == 0
    after = rowreader.load_checkpoint(out)
    assert all(abs(after.weights[k] - start.weights[k]).max() < 1e-5 for k in start.weights)
    assert after.metadata["test_accuracy"] == pytest.approx(start.metadata["test_accuracy"], abs=0.01)
    recorded = after.metadata["start_from"]
    assert recorded["file"] == "first.safetensors" and recorded["test_accuracy"] == start.accuracy
    assert recorded["sha256"] == file_sha256(first) and after.metadata["recipe"]["start_from"] == str(first)
    assert after.metadata["epochs_trained"] == 1  # a new run: its own schedule and counters


def test_a_resumed_start_from_run_still_names_its_start(tmp_path, monkeypatch):
    code, first = run(tmp_path, "--epochs", "1", name="first")
    assert code == 0
    with monkeypatch.context() as m:
        interrupt_on_second_evaluation(m)
        code, out = run(tmp_path, "--epochs", "2", "--start-from", str(first), name="second")
    assert code == 130
    code, out = run(tmp_path, "--epochs", "2", "--resume", name="second")
    assert code == 0
    recorded = rowreader.load_checkpoint(out).metadata["start_from"]
    assert recorded["file"] == "first.safetensors" and recorded["sha256"] == file_sha256(first)


def test_start_from_refuses_bad_starts_before_writing_anything(tmp_path, capsys):
    code, first = run(tmp_path, "--epochs", "1", name="first")
    assert code == 0
    before = first.read_bytes()
    capsys.readouterr()
    out = tmp_path / "wider.safetensors"
    with pytest.raises(SystemExit, match="2"):  # refused with the command line
        run(tmp_path, "--start-from", str(first), "--hidden", "32", name="wider")
    assert "--hidden 32 cannot be trained from it; leave it out" in capsys.readouterr().err
    code, _ = run(tmp_path, "--start-from", str(first), name="first")  # would overwrite its own start
    assert code == 2 and "is the --start-from checkpoint itself" in capsys.readouterr().err
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(before[:100])
    code, out = run(tmp_path, "--start-from", str(damaged), name="third")
    assert code == 2 and "damaged.safetensors" in capsys.readouterr().err
    assert first.read_bytes() == before and not out.exists() and not (tmp_path / "wider.safetensors").exists()
    assert not (tmp_path / "third.safetensors.lock").exists()  # an input is checked before any output is touched
    with pytest.raises(SystemExit):
        parse_args(["--start-from", str(first), "--finetune", str(first), "--examples", str(tmp_path)])
    assert "give one of them" in capsys.readouterr().err


def test_resume_refuses_data_other_than_the_run_began_with(tmp_path, monkeypatch, capsys):
    import gzip
    import shutil

    from rowreader.data import default_data_dir, mnist_files
    from rowreader.unipen import unipen_file

    pen = ["--pen", "0.1", "--pen-workers", "0"]
    with monkeypatch.context() as m:
        interrupt_on_second_evaluation(m)
        code, out = run(tmp_path, "--epochs", "2", *pen, name="broken")
    assert code == 130
    # the same UNIPEN digits, compressed anew: other bytes, so another checksum
    other_pen = tmp_path / "unipen"
    other_pen.mkdir()
    (other_pen / "digits.jsonl.gz").write_bytes(gzip.compress(gzip.decompress(unipen_file().read_bytes()), 1))
    code, _ = run(tmp_path, "--epochs", "2", "--resume", *pen, "--pen-dir", str(other_pen), name="broken")
    assert code == 2 and "the UNIPEN file differs from the one" in capsys.readouterr().err
    # MNIST with one training label changed
    other_mnist = tmp_path / "mnist"
    other_mnist.mkdir()
    for train in (True, False):
        for path in mnist_files(default_data_dir(), train):
            shutil.copy(path, other_mnist / path.name)
    labels = other_mnist / mnist_files(default_data_dir(), True)[1].name
    raw = bytearray(gzip.decompress(labels.read_bytes()))
    raw[8] = (raw[8] + 1) % 10  # the first label (after the 8-byte header)
    labels.write_bytes(gzip.compress(bytes(raw)))
    code, _ = run(tmp_path, "--epochs", "2", "--resume", *pen, "--data-dir", str(other_mnist), name="broken")
    assert code == 2 and "the MNIST training set differs" in capsys.readouterr().err
    assert rowreader.load_checkpoint(out).metadata["epochs_trained"] == 1  # the kept epoch is untouched
    code, _ = run(tmp_path, "--epochs", "2", "--resume", *pen, name="broken")
    assert code == 0


# ---- distillation (--distill-from) -----------------------------------------------------------------------------


def test_distill_loss_is_zero_for_the_teachers_own_beliefs_and_grows_with_disagreement():
    weights = row_weights("every-row", torch.device("cpu"))
    logits = torch.randn(4, 28, 10, generator=torch.Generator().manual_seed(0))
    assert distill_loss(logits, logits, weights, 2.0).item() == pytest.approx(0.0, abs=1e-6)
    near = distill_loss(logits, logits + 0.1 * torch.randn(4, 28, 10), weights, 2.0)
    far = distill_loss(logits, logits + 3.0 * torch.randn(4, 28, 10), weights, 2.0)
    assert 0 < near.item() < far.item()


@pytest.fixture
def teachers(tmp_path) -> list[Path]:
    """Two small readers of other widths, trained for an epoch each: an ensemble to learn from."""
    paths = []
    for hidden in (16, 32):
        code, out = run(tmp_path, "--epochs", "1", "--hidden", str(hidden), name=f"teacher{hidden}")
        assert code == 0
        paths.append(out)
    return paths


def test_a_run_learns_from_teachers_and_records_them(tmp_path, teachers, capsys):
    code, out = run(tmp_path, "--epochs", "1", "--distill-from", *map(str, teachers), name="student")
    assert code == 0 and "learning the beliefs of 2 readers" in capsys.readouterr().out
    meta = rowreader.load_checkpoint(out).metadata
    assert [t["file"] for t in meta["distilled_from"]] == ["teacher16.safetensors", "teacher32.safetensors"]
    assert meta["distilled_from"][0]["sha256"] == file_sha256(teachers[0])
    assert meta["recipe"]["distill_from"] == [str(t) for t in teachers] and meta["recipe"]["distill_weight"] == 0.8
    # the teachers changed the result; with weight 0 they would change nothing at all, so it is refused (the
    # forty-eighth round: they were read every step and recorded)
    assert run(tmp_path, "--epochs", "1", name="plain")[0] == 0
    with pytest.raises(SystemExit):
        run(tmp_path, "--epochs", "1", "--distill-from", str(teachers[0]), "--distill-weight", "0", name="unweighted")
    weights = {name: rowreader.load_checkpoint(tmp_path / f"{name}.safetensors").weights for name in
               ("student", "plain")}  # fmt: skip
    assert any(not np.array_equal(weights["student"][k], weights["plain"][k]) for k in weights["plain"])


def test_teachers_are_checked_before_anything_is_written(tmp_path, teachers, capsys):
    code, out = run(tmp_path, "--distill-from", str(tmp_path / "absent.safetensors"), name="a")
    assert code == 2 and "absent.safetensors" in capsys.readouterr().err and not out.exists()
    before = teachers[0].read_bytes()
    assert main([*SMALL, "--distill-from", str(teachers[0]), "--out", str(teachers[0])]) == 2
    assert "one of the --distill-from readers" in capsys.readouterr().err and teachers[0].read_bytes() == before
    with pytest.raises(SystemExit):  # tuning distillation without teachers did nothing, silently
        main([*SMALL, "--distill-weight", "0.5", "--out", str(tmp_path / "c.safetensors")])
    assert "--distill-weight only matters with --distill-from, which was not given" in capsys.readouterr().err
    for flags, message in ((["--distill-weight", "1.5"], "--distill-weight"), (["--distill-temperature", "0"],
                           "--distill-temperature")):  # fmt: skip
        with pytest.raises(SystemExit):
            main([*SMALL, "--distill-from", str(teachers[0]), *flags, "--out", str(tmp_path / "b.safetensors")])
        assert message in capsys.readouterr().err


def test_resume_refuses_teachers_that_changed(tmp_path, teachers, monkeypatch, capsys):
    with monkeypatch.context() as m:
        interrupt_on_second_evaluation(m)
        code, _ = run(tmp_path, "--epochs", "3", "--distill-from", str(teachers[0]), name="broken")
    assert code == 130
    teachers[0].write_bytes(teachers[1].read_bytes())  # another reader under the same name
    code, _ = run(tmp_path, "--epochs", "3", "--resume", name="broken")
    assert code == 2 and "not the files" in capsys.readouterr().err


def test_train_samples_end_a_run_mid_epoch(tmp_path):
    """--train-samples 64 at batch 32 is 2 steps, though an epoch of 512 digits is 16."""
    code, out = run(tmp_path, "--train-samples", "64", "--epochs", "1")
    assert code == 0 and rowreader.load_checkpoint(out).metadata["steps"] == 2
