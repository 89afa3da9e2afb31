"""The sixty-ninth round, cli25: the commands' words (`python -m rowreader`, `training.fit`, `training.merge`), each
flag given odd values as a user types them (docs/robustness.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--lr", "nan"], "argument --lr: must be a number above 0 and at most 10, got 'nan'"),
        (["--lr", "-inf"], "argument --lr: must be a number above 0 and at most 10, got '-inf'"),
        (["--pen", "NaN"], "argument --pen: must be a number from 0 to 0.95, got 'NaN'"),
        (["--pen", "0.3", "--pen-holdout", "inf"], "argument --pen-holdout: must be a number from 0 to 0.5, got 'inf'"),
    ],
)
def test_a_real_number_flag_given_nan_or_inf_names_its_range(monkeypatch, capsys, flags, said) -> None:
    """`training.fit --lr nan` said "must be a finite number, got 'nan'" and nothing of what --lr takes, where
    `--lr 20` said "must be a number above 0 and at most 10" and `rowreader evaluate --sure nan` names its range too:
    a user learnt only that nan is no finite number. It says the flag's range, as every refused number does."""
    from training.arguments import main as arguments_main

    monkeypatch.setitem(sys.modules, "torch", None)  # refused before torch loads
    with pytest.raises(SystemExit) as ended:
        arguments_main(flags)
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"python -m training.fit: error: {said}"


@pytest.mark.parametrize("out", [".safetensors", "runs/.safetensors"])
def test_a_model_named_by_its_ending_alone_is_refused_before_training(tmp_path: Path, monkeypatch, capsys, out) -> None:
    """`training.fit --out runs/.safetensors` (a name left out before the ending) was taken: the run trained and
    wrote a hidden file, runs/.safetensors (and .state.pt, .metrics.csv beside it), that `ls` and the app's Open model
    do not show, so the model looked lost. It is refused before torch loads, offering a name; nothing is written."""
    from training.arguments import main as arguments_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(SystemExit) as ended:
        arguments_main(["--out", out])
    assert ended.value.code == 2
    folder = out[: -len(".safetensors")]
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"python -m training.fit: error: --out {out} has no name before .safetensors: the model would be a hidden "
        f"file, which ls and the app's Open model do not show; give {folder}model.safetensors, say"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_merge_named_by_its_ending_alone_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    """`training.merge --out runs/.safetensors a.safetensors b.safetensors` would write the merged model as the same
    hidden file, out of sight of `ls` and the app; it is refused as training.fit refuses it."""
    from training.merge import main as merge_main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ended:
        merge_main(["--out", "runs/.safetensors", "a.safetensors", "b.safetensors"])
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "python -m training.merge: error: argument --out: runs/.safetensors has no name before .safetensors: the "
        "model would be a hidden file, which ls and the app's Open model do not show; give runs/model.safetensors, say"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "prog"),
    [
        (["-m", "rowreader", "evaluate", "--device", "cuda"], "python -m rowreader evaluate"),
        (["-m", "training.fit", "--device", "cuda:1", "--epochs", "1"], "python -m training.fit"),
        (["bench/bench_fit.py", "--device", "cuda"], "bench_fit.py"),
        (["-m", "gui", "--device", "cuda"], "python -m gui"),
    ],
)
def test_a_device_not_here_is_refused_naming_the_flag(tmp_path: Path, mnist_test, command, prog) -> None:
    """`rowreader evaluate --device cuda` on a machine without CUDA said "error: device 'cuda' was asked for, …"
    where `--device tpu` and every other refused flag said "error: argument --device: …": the one refusal of a flag
    that named none. Every command that takes --device names it now (status 2, as before); CUDA is hidden from torch
    (CUDA_VISIBLE_DEVICES empty), so a machine with a GPU sees none either; MNIST is read only after it."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = ["--out", str(tmp_path / "m.safetensors")] if "training.fit" in command else []
    result = subprocess.run(
        [sys.executable, *command, *out], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 2, result.stderr
    device = command[command.index("--device") + 1]
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(
            f"{prog}: error: argument --device: device '{device}' was asked for, but CUDA is not available here ("
        )
    ), result.stderr
