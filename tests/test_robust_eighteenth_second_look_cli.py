"""The eighteenth round of hostile testing, a second look at the command lines and the library code changed in it:
the shipped model as a training command's --out, the converter's lock, --metrics on a resumed run."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest
from test_robust_training import fit

import rowreader.atomic as atomic_module
import rowreader.checkpoint as checkpoint_module
from training.files import OutputError, check_checkpoint_out


def a_shipped_model(tmp_path: Path, monkeypatch) -> Path:
    """A tiny model trained into ``tmp_path/pretrained/``, taken for the one shipped with RowReader."""
    shipped = tmp_path / "pretrained" / "rowreader.safetensors"
    assert fit(tmp_path, out="pretrained/rowreader.safetensors") == 0
    for beside in ("rowreader.state.pt", "rowreader.metrics.csv"):
        (shipped.parent / beside).unlink()
    monkeypatch.setattr(checkpoint_module, "pretrained_path", lambda: shipped)
    return shipped


def test_fit_refuses_the_shipped_model_as_its_out_before_training(tmp_path, capsys, monkeypatch):
    """`training.fit --out rowreader/pretrained/rowreader.safetensors` (a shipped checkpoint is one of ours, so
    no --force was asked for) wrote over the shipped model after its first epoch, its state and metrics CSV beside
    it inside the package: save_checkpoint refuses it, but fit writes its files itself. It is refused before any
    training, by any name; since the forty-eighth round, --force too (no run writes into the package)."""
    shipped = a_shipped_model(tmp_path, monkeypatch)
    before = sorted(os.listdir(shipped.parent)), shipped.read_bytes()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    for name in (shipped, "pretrained/rowreader.safetensors", "pretrained/../pretrained/rowreader.safetensors"):
        assert fit(tmp_path, out=str(name)) == 2
        err = capsys.readouterr().err
        assert "is a model shipped with RowReader" in err and "--force" in err, err
        assert (sorted(os.listdir(shipped.parent)), shipped.read_bytes()) == before
    assert fit(tmp_path, "--force", out="pretrained/rowreader.safetensors") == 2
    assert (sorted(os.listdir(shipped.parent)), shipped.read_bytes()) == before


def test_a_finetune_or_merge_refuses_the_shipped_model_before_its_work(tmp_path, monkeypatch):
    """A fine-tune or a merge into the shipped model passed its checks (it is a RowReader checkpoint), did all its
    work, and only then learnt from save_checkpoint that it may not write there: minutes of teaching lost."""
    shipped = a_shipped_model(tmp_path, monkeypatch)
    (tmp_path / "hard.safetensors").hardlink_to(shipped)
    around = tmp_path / "pretrained" / ".." / "pretrained" / shipped.name
    for name in (shipped, tmp_path / "hard.safetensors", around):
        with pytest.raises(OutputError, match="is a model shipped with RowReader"):
            check_checkpoint_out(Path(name), force=False)
    with pytest.raises(OutputError, match="no run writes over it, --force or not"):  # the forty-eighth round
        check_checkpoint_out(shipped, force=True)


def test_a_torch_device_that_is_not_there_is_refused_in_a_sentence():
    """`load_pretrained(device=torch.device("mps"))` on a machine without Apple's GPU was refused with torch's whole
    line quoted: 1,500 characters of every backend torch has and a note for Facebook's employees. The refusal gives
    torch's first sentence, at most 200 characters of it."""
    import torch

    import rowreader

    for device in ("mps", "xpu", "vulkan"):
        if device == "mps" and torch.backends.mps.is_available():
            continue
        with pytest.raises(RuntimeError) as refused:
            rowreader.load_pretrained(device=torch.device(device))
        said = str(refused.value)
        assert said.startswith(f"device '{device}' was asked for") and said.endswith("ask for 'cpu' or 'auto'")
        assert len(said) < 400, said


def as_a_spreadsheet_saves(csv_file: Path) -> None:
    """``csv_file`` opened and saved in a spreadsheet where the decimal mark is a comma: a BOM, semicolons, decimal
    commas, LF line ends."""
    lines = csv_file.read_text().splitlines()
    rows = [";".join(field.replace(".", ",") for field in line.split(",")) for line in lines]
    csv_file.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode() + b"\n")


def test_a_runs_own_metrics_saved_by_a_spreadsheet_is_still_its_own(tmp_path, capsys):
    """`--metrics log.csv`, opened and saved in a spreadsheet, then the same command run again: refused as "the
    metrics CSV of another run" (its text no longer began as the run's first row), though the file is read as a
    metrics CSV of ours. It is its run's own: the same command replaces it; another run's is still refused."""
    log = tmp_path / "log.csv"
    assert fit(tmp_path, "--metrics", log, out="a.safetensors") == 0
    as_a_spreadsheet_saves(log)
    assert fit(tmp_path, "--metrics", log, out="a.safetensors") == 0, capsys.readouterr().err
    as_a_spreadsheet_saves(log)
    kept = log.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--metrics", log, out="b.safetensors") == 2
    assert f"--metrics {log} is the metrics CSV of another run" in capsys.readouterr().err
    assert log.read_bytes() == kept


def test_a_file_system_without_locks_is_said_not_taken_for_another_converter(tmp_path, capsys, monkeypatch):
    """On a file system that takes no locks (flock fails with ENOLCK, as on some network mounts) every failure to
    lock was "another process holds it": the UNIPEN converter said "another converter is writing into …; wait for
    it to finish", every time, with nobody running and no way to make it pass. It now says what is wrong; the
    atomic writes there go on unlocked (as they did), and no one is said to hold a lock."""
    from test_training_unipen_convert import PEN_DATA, label_file, release

    from training.unipen_convert import FILE_NAME, main

    files = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA}
    source, out = release(tmp_path / "src", files), tmp_path / "out"

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert main([str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"cannot lock {out / FILE_NAME}.lock: the file system there takes no locks" in err, err
    assert "another converter" not in err and not out.exists()
    atomic_module.atomic_write_bytes(tmp_path / "written.bin", b"data")
    assert (tmp_path / "written.bin").read_bytes() == b"data"
    (tmp_path / "m.lock").touch()
    assert not atomic_module.lock_held(tmp_path / "m")


def test_the_seed_model_shipped_beside_ours_is_not_written_over(tmp_path, monkeypatch):
    """`save_checkpoint(".../rowreader/pretrained/seed.safetensors", model)` (or training.fit --out it) replaced
    the seed model shipped in the package, which File ▸ Compare with the seed model reads, as the shipped model's
    file was before this round; it is refused unless forced, as that one is."""
    import rowreader

    shipped = a_shipped_model(tmp_path, monkeypatch)
    seed = shipped.with_name("seed.safetensors")
    model = rowreader.load_checkpoint(shipped)
    rowreader.save_checkpoint(seed, model)
    before = seed.read_bytes()
    with pytest.raises(FileExistsError, match="it is a model shipped with RowReader"):
        rowreader.save_checkpoint(seed, model, {"note": "mine"})
    with pytest.raises(OutputError, match="is a model shipped with RowReader"):
        check_checkpoint_out(seed, force=False)
    assert seed.read_bytes() == before
    rowreader.save_checkpoint(seed, model, {"note": "mine"}, force=True)
    assert seed.read_bytes() != before
