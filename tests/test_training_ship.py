"""``python -m training.ship``: the shipped model's four training runs as one command, resumable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

import rowreader
from rowreader.checkpoint import CheckpointError, save_checkpoint
from training.arguments import parse_args
from training.ship import STAGES, main, progress, stage_argv

REHEARSAL = ["--device", "cpu", "--threads", "1", "--also", "--limit 128 --epochs 1 --hidden 8 --drawn 2"]


def test_its_last_stage_is_what_the_shipped_model_records():
    """One recipe, not two: the last stage parses to the recipe in the shipped checkpoint's metadata, with the
    same first stage and teachers (by file name)."""
    meta = rowreader.load_pretrained().metadata
    recipe = parse_args(stage_argv(STAGES[-1], Path("runs"), ["--threads", "2", "--pen-workers", "1"])).recipe()
    assert json.loads(json.dumps(recipe, default=vars)) == meta["recipe"]
    assert [Path(p).name for p in recipe["distill_from"]] == [t["file"] for t in meta["distilled_from"]]
    assert Path(recipe["start_from"]).name == meta["start_from"]["file"]


def test_a_rehearsal_runs_the_four_stages_and_a_second_run_skips_them(tmp_path, capsys):
    runs = tmp_path / "runs"
    assert main(["--runs", str(runs), *REHEARSAL]) == 0
    out = capsys.readouterr().out
    for stage in STAGES:
        assert progress(runs / f"{stage.name}.safetensors") == "done"
    last = rowreader.load_checkpoint(runs / "shipped.safetensors")
    assert [t["file"] for t in last.metadata["distilled_from"]] == ["pen30-nodrawn.safetensors", "pen50.safetensors"]
    assert "a rehearsal (--also changed" in out and "cp " not in out  # its toy is not to be shipped
    before = {p.name: p.stat().st_mtime_ns for p in runs.glob("*.safetensors")}
    assert main(["--runs", str(runs), *REHEARSAL]) == 0
    assert capsys.readouterr().out.count("skipped") == 4
    assert {p.name: p.stat().st_mtime_ns for p in runs.glob("*.safetensors")} == before


def test_progress_reads_the_epochs_from_the_metadata(tmp_path, tiny_reader):
    def saved(name: str, metadata: dict) -> Path:
        save_checkpoint(tmp_path / name, tiny_reader, metadata)
        return tmp_path / name

    assert progress(tmp_path / "absent.safetensors") == "new"
    assert progress(saved("half.safetensors", {"epochs_trained": 1, "recipe": {"epochs": 2}})) == "unfinished"
    assert progress(saved("all.safetensors", {"epochs_trained": 2, "recipe": {"epochs": 2}})) == "done"
    with pytest.raises(CheckpointError, match="how many epochs"):
        progress(saved("foreign.safetensors", {"test_accuracy": 0.5}))


def test_a_foreign_file_where_a_stage_goes_stops_it_before_any_training(tmp_path, capsys, tiny_reader):
    runs = tmp_path / "runs"
    runs.mkdir()
    torch.manual_seed(0)
    save_checkpoint(runs / "stage1.safetensors", tiny_reader, {"note": "someone else's"})
    assert main(["--runs", str(runs), *REHEARSAL]) == 2
    assert "does not say how many epochs" in capsys.readouterr().err
    assert sorted(p.name for p in runs.iterdir()) == ["stage1.safetensors"]


def test_dry_run_prints_the_four_commands(capsys):
    assert main(["--dry-run", "--device", "cuda"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("python -m training.fit")]
    assert len(lines) == 4 and all("--device cuda" in line for line in lines)
    assert "--distill-from runs/pen30-nodrawn.safetensors runs/pen50.safetensors" in lines[-1]


def test_a_runs_folder_whose_name_begins_with_a_dash_is_no_flag(tmp_path, capsys, monkeypatch):
    """`--runs=-x` made "--out -x/stage1.safetensors": training.fit took it for a flag, and ship printed fit's usage
    and "argument --out: expected one argument"; its last line said "cp -x/shipped.safetensors …", cp's flag -x
    (the fourteenth round)."""
    import training.ship as ship

    assert ship.main(["--dry-run", "--runs=-x"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("python -m training.fit")]
    assert len(lines) == 4 and lines[-1].endswith("--out ./-x/shipped.safetensors")
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or 0)
    assert ship.main(["--runs=-x"]) == 0
    assert calls[0][-1] == "./-x/stage1.safetensors" and len(calls) == 4
    assert "cp ./-x/shipped.safetensors rowreader/pretrained/" in capsys.readouterr().out


def test_an_interrupted_stage_is_resumed_and_a_failure_stops_the_rest(tmp_path, capsys, monkeypatch):
    import training.ship as ship

    calls = []
    monkeypatch.setattr(ship, "progress", lambda out: "unfinished" if "stage1" in out.name else "new")
    monkeypatch.setattr(ship, "check_recipe", lambda out, stage, argv: None)  # no file: its recipe is not read
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or (130 if len(calls) == 2 else 0))
    assert ship.main(["--runs", str(tmp_path)]) == 130
    assert "--resume" in calls[0] and "--resume" not in calls[1] and len(calls) == 2  # teacher B never started
    assert "teacher A was interrupted; the same command goes on from there" in capsys.readouterr().err


def test_a_stage_stopped_by_sigterm_is_interrupted_not_failed(tmp_path, capsys, monkeypatch):
    """training.fit stops on SIGTERM like on Ctrl-C, with exit status 143: ship called that a failure."""
    import training.ship as ship

    monkeypatch.setattr("training.fit.main", lambda argv: 143)
    assert ship.main(["--runs", str(tmp_path)]) == 143
    assert "the first stage was interrupted; the same command goes on from there" in capsys.readouterr().err


def test_flags_that_cannot_be_split_are_refused_by_name(capsys):
    with pytest.raises(SystemExit):
        main(["--also", "--limit '5"])
    assert "--also" in capsys.readouterr().err


@pytest.mark.parametrize("also", ["--out x.safetensors", "--metrics m.csv", "--resume", "--limit 64 --out=x.pt"])
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]], ids=["run", "dry-run"])
def test_also_refuses_the_flags_ship_sets_for_each_stage(also, dry_run, tmp_path, capsys, monkeypatch):
    """`--also '--out x.safetensors'` did nothing (each stage's own --out came after it and won), `--metrics` made
    the four stages write one file, each over the last, and `--resume` failed the first new stage; refused."""

    monkeypatch.setattr("training.fit.main", lambda argv: pytest.fail("a stage ran"))
    with pytest.raises(SystemExit) as refused:
        main([*dry_run, "--runs", str(tmp_path), "--also", also])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "--also" in err and "ship sets it for each stage" in err, err


def test_a_dry_run_refuses_what_training_would_refuse(capsys):
    """`--dry-run --also '--epoch 1'` printed four commands, each of which training.fit refuses at once (the real
    run refused the typo before any stage); a dry run parses every stage's command as the real run does."""
    with pytest.raises(SystemExit) as refused:
        main(["--dry-run", "--also", "--epoch 1"])
    assert refused.value.code == 2 and "unrecognized arguments: --epoch" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("also", "named"),
    [("--start-from a.safetensors", "--start-from"), ("--distill-from a.safetensors b.safetensors", "--distill-from")],
)
def test_seventeenth_also_refuses_the_stages_own_inputs(also, named, tmp_path, capsys, monkeypatch):
    """`--also '--start-from a.safetensors'` came after each stage's own --start-from and won: teacher B and the
    shipped model trained on from a.safetensors, not stage 1, and `--distill-from` gave the shipped model other
    teachers than the two stages made, without a word (a dry run printed them so). Both are refused as --out is."""

    monkeypatch.setattr("training.fit.main", lambda argv: pytest.fail("a stage ran"))
    with pytest.raises(SystemExit) as refused:
        main(["--dry-run", "--runs", str(tmp_path), "--also", also])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and f"--also {named}: ship sets it for each stage" in err, err


@pytest.mark.parametrize("also", ["--preset seed", "--preset=default --epochs 1", "--limit 64 --preset shipped"])
def test_eighteenth_also_refuses_another_preset(also, tmp_path, capsys, monkeypatch):
    """`--also '--preset seed'` came after each stage's `--preset shipped` and replaced all four recipes but for the
    flags each stage types (a dry run printed it so; the run trained seed-sized models and called it a rehearsal).
    --also adds settings to the shipped recipe; another preset is refused, as the flags ship sets are."""

    monkeypatch.setattr("training.fit.main", lambda argv: pytest.fail("a stage ran"))
    with pytest.raises(SystemExit) as refused:
        main(["--dry-run", "--runs", str(tmp_path), "--also", also])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "--also --preset: ship sets it for each stage" in err, err
    assert "--preset shipped" in err
