"""The twenty-first round of hostile testing, training: `python -m training.fit` (and ship, merge, unipen_convert)
as a student would use them, killed at every stage and given closed, full or shared outputs."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
import torch
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from training.arguments import main as arguments_main
from training.config import LEAST_LR, FitConfig
from training.merge import main as merge_main
from training.ship import main as ship_main
from training.step import optimizer_step, row_loss, row_weights


@pytest.mark.parametrize(("lr", "ok"), [(1e-30, False), (1e-10, False), (LEAST_LR, True), (1e-9, True)])
def test_a_learning_rate_that_changes_no_weight_is_refused(lr, ok):
    """`--lr 1e-30` was taken, and the run trained for its minutes and changed (almost) nothing, without a word."""
    if ok:
        FitConfig(lr=lr)
        return
    # the least asked for is taken (2.3e-10, asked until the fifty-first round, lies under 2^-32: docs7)
    with pytest.raises(ValueError, match=r"--lr .* would change no weight: .* give at least 2\.33e-10"):
        FitConfig(lr=lr)


def test_the_least_learning_rate_is_where_a_step_first_reaches_a_weight():
    """LEAST_LR's reasoning, held to float32 and Adam: a step just under it leaves every weight of 1/128 or more
    as it was; one a little over 2^-25 of those weights moves some."""
    torch.manual_seed(0)
    images, labels = torch.rand(8, 28, 28), torch.randint(0, 10, (8,))
    reader = RowReader(ReaderConfig(hidden_size=16)).initialise(torch.Generator().manual_seed(0))
    before = [p.detach().clone() for p in reader.parameters()]
    weights = row_weights("every-row", torch.device("cpu"))
    for lr, moved in ((LEAST_LR * 0.99, False), (LEAST_LR * 8, True)):
        for p, b in zip(reader.parameters(), before, strict=True):
            p.data.copy_(b)
        adam = torch.optim.Adam(reader.parameters(), lr=lr)
        optimizer_step(row_loss(reader(images), labels, weights), adam, 1.0)
        changed = sum(
            ((p != b) & (b.abs() >= 1 / 128)).sum().item() for p, b in zip(reader.parameters(), before, strict=True)
        )
        assert (changed > 0) == moved, (lr, changed)


@pytest.mark.parametrize(
    ("main", "argv"), [(arguments_main, ["--help"]), (merge_main, ["--help"]), (ship_main, ["--dry-run"])]
)
def test_help_with_stdout_closed_fails(main, argv, monkeypatch, capsys):
    """`python -m training.fit --help >&-` wrote the help on stderr and exited 0: a script took the help for
    written. Every command's parser (rowreader.launch.CommandParser) now says so, status 1; and `training.ship
    --dry-run >&-`, whose plan is its output, printed nothing and exited 0."""
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SystemExit) as done:
        sys.exit(main(argv))
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m training.") and ": error: standard output is closed (>&-)" in err
    assert "usage:" not in err


def test_a_checkpoint_left_without_its_state_is_not_offered_to_resume(tmp_path, monkeypatch, capsys):
    """kill -9 between the first save's two renames left epoch 1's checkpoint alone. The same command then said
    "--resume goes on with it instead", and --resume "no training state …; train once with the same --out first",
    which the user had done. Both now say the state is not there and the run cannot be resumed."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    (tmp_path / "m.state.pt").unlink()  # as the kill between the renames leaves it
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 2
    err = capsys.readouterr().err
    assert "m.safetensors has no training state beside it (m.state.pt: a run killed while saving" in err
    assert err.rstrip().endswith("so it cannot be resumed; start the run again without --resume")
    with monkeypatch.context() as m:  # the note is said before any data is read: stop there
        m.setattr("training.fit.check_room", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
        assert fit(tmp_path, "--epochs", "2") == 130
    err = capsys.readouterr().err
    assert "holds epoch 1 of 2 of an earlier run" in err and "--resume goes on" not in err
    assert "has no training state beside it" in err


def test_a_file_size_limit_below_a_save_is_refused_before_training(tmp_path, monkeypatch, capsys):
    """Under `ulimit -f 50` a run trained its epoch, then said "cannot save epoch 1 to …m.state.pt: File too large;
    nothing was saved", a limit nobody had told it of. The limit is read with the disk's room, before any data."""
    import training.files

    unlimited = training.files.resource.RLIM_INFINITY
    monkeypatch.setattr(training.files.resource, "getrlimit", lambda _: (51_200, unlimited))  # `ulimit -f 50`
    monkeypatch.setattr("training.fit.load_data", lambda *a: pytest.fail("read the data"))
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert "may write no file over 51 kB (its file-size limit: `ulimit -f`" in err
    assert "raise the limit (`ulimit -f unlimited`) and run again (nothing was written)" in err
    assert not (tmp_path / "m.safetensors").exists()


def test_a_folder_that_refuses_a_file_is_named_with_what_to_do(tmp_path, monkeypatch):
    """`--out ro/new/m.safetensors` in a folder the user may not write said "cannot write to ro/new: Permission
    denied", a folder that is not there, and not what to do; a read-only mount the same."""
    from rowreader.atomic import check_writable

    def refused(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    with pytest.raises(OSError) as raised:
        check_writable(tmp_path / "new" / "m.safetensors")
    assert str(raised.value) == (
        f"cannot write to {tmp_path}: Permission denied; choose a folder you may write to, or make this one writable"
    )


def test_a_metrics_csv_on_a_full_disk_is_refused_before_training(tmp_path, monkeypatch, capsys):
    """`--metrics` on a full disk other than --out's trained the whole run, warned once at epoch 1 that the file would
    be written "with the next row that can be", and said "done" with no CSV at all."""
    import shutil

    full, real = tmp_path / "full", shutil.disk_usage
    full.mkdir()
    monkeypatch.setattr(
        "training.files.shutil.disk_usage",
        lambda p: shutil._ntuple_diskusage(10**6, 10**6, 0) if Path(p) == full else real(p),
    )
    assert fit(tmp_path, "--metrics", full / "m.csv") == 2
    err = capsys.readouterr().err
    assert f"no room in {full} for the metrics CSV: 0 kB free, at least 1 kB needed" in err
    assert err.rstrip().endswith("free some room or choose another --metrics (nothing was written)")


def test_a_metrics_csv_never_written_is_said_when_the_run_is_done(tmp_path, monkeypatch, capsys):
    """A CSV whose disk filled during the run: "done", status 0, and its one warning an epoch back; the run ends
    with a warning naming the file, why, and where its rows are."""

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("training.metrics.MetricsLog._rewrite", full)
    assert fit(tmp_path, "--epochs", "2") == 0
    err = capsys.readouterr().err.rstrip()
    assert err.endswith(
        f"warning: the metrics CSV {tmp_path / 'm.metrics.csv'} could not be written (No space left on device); "
        f"every row is kept in the training state {tmp_path / 'm.state.pt'}, as its history"
    )


def test_an_out_that_is_a_link_is_said_to_be_replaced_and_its_file_kept(tmp_path, capsys):
    """`--out` a link to a model elsewhere: "note: … holds a finished run of 1 epoch; this run replaces it", where
    the run replaced the link and left the model it pointed at as it was."""
    (tmp_path / "other").mkdir()
    assert fit(tmp_path, out="other/m.safetensors") == 0
    kept = (tmp_path / "other" / "m.safetensors").read_bytes()
    (tmp_path / "l.safetensors").symlink_to(Path("other", "m.safetensors"))
    capsys.readouterr()
    assert fit(tmp_path, out="l.safetensors") == 0
    assert capsys.readouterr().err.startswith(
        f"note: {tmp_path / 'l.safetensors'} is a link to other/m.safetensors, which holds a finished run of 1 epoch; "
        "this run replaces the link with a file of its own when its first epoch is saved, and other/m.safetensors "
        "stays as it is"
    )
    assert not (tmp_path / "l.safetensors").is_symlink() and (tmp_path / "other" / "m.safetensors").read_bytes() == kept


def test_a_plain_resume_names_no_setting_it_was_not_given(tmp_path, monkeypatch, capsys):
    """`--resume --out m.safetensors`, as training.md says to resume, was told "note: resuming with the saved recipe,
    not this command's augment 'light' (the run's: 'none'), epochs 8 …": the defaults of flags nobody typed."""
    from training.fit import main

    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    capsys.readouterr()
    assert main(["--resume", "--out", str(tmp_path / "m.safetensors"), "--threads", "1", "--lr", "0.01"]) == 0
    err = capsys.readouterr().err
    assert "note: resuming with the saved recipe, not this command's lr 0.01 (the run's: 0.003)\n" in err


def test_a_metrics_csv_saved_from_a_spreadsheet_meanwhile_is_written_whole_again(tmp_path, capsys):
    """The CSV opened and saved in a spreadsheet while the run went on (`;` between fields, no newline at its end):
    the next epoch's row was appended glued to the last, its "2" read as the last accuracy's digit (0.500002)."""
    import csv

    import numpy as np

    from training.metrics import COLUMNS, MetricsLog

    path = tmp_path / "m.metrics.csv"
    log = MetricsLog(path)
    log.start()

    def epoch(n: int) -> None:
        log.add(epoch=n, step=4 * n, seconds=n, loss=2.3, lr=1e-3, train_accuracy=0.1, test_curve=np.full(28, 0.5),
                write=False)  # fmt: skip
        log.saved()

    epoch(1)
    path.write_text(path.read_text().replace(",", ";").rstrip("\r\n"))  # LibreOffice's save, in a German locale
    epoch(2)
    epoch(3)
    rows = list(csv.DictReader(path.open(newline="")))
    assert [row["epoch"] for row in rows] == ["1", "2", "3"]
    assert all(list(row) == COLUMNS and row["test_accuracy_row_28"] == "0.50000" for row in rows)
    assert capsys.readouterr().err.count(f"note: the metrics CSV {path} was changed by another program") == 1


def test_a_run_outlives_its_stderr_gone_with_its_stdout(tmp_path, monkeypatch):
    """`python -m training.fit … 2>&1 | head -3`: stdout's loss was borne, but the progress bar's next write to the
    same closed pipe ended the run after its first epoch, status 2, its error said into that pipe. It trains on."""
    import io

    from rowreader.checkpoint import read_metadata

    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Gone())
    monkeypatch.setattr(sys, "stderr", Gone())
    assert fit(tmp_path, "--epochs", "2") == 0
    assert read_metadata(tmp_path / "m.safetensors")["epochs_trained"] == 2


def test_a_merge_or_fine_tune_run_again_at_once_removes_its_dead_temporary(tmp_path):
    """kill -9 of `training.merge` while it saved, then the same command at once: the merged model was written, and
    the killed one's hidden temporary, as large as it, stayed for good (only those a minute old were removed)."""
    from training.files import check_checkpoint_out, claimed_outputs

    out = tmp_path / "ab.safetensors"
    left = tmp_path / ".ab.safetensors.0123456789abcdef.tmp"
    left.write_bytes(b"half of a merged model")
    with claimed_outputs():
        check_checkpoint_out(out, force=False)
        assert not left.exists()


def test_a_conversion_killed_between_its_renames_is_its_own_to_replace(tmp_path):
    """kill -9 of `training.unipen_convert --force` between its two renames left the new digits.jsonl.gz beside the
    old SHA256SUMS (the new one a temporary): the same command then refused the file as "not an earlier output of
    this converter", for good. The leftover temporary vouches for it, and goes with the next write."""
    import hashlib

    from test_training_unipen_convert import PEN_DATA, label_file, release

    from training.unipen_convert import FILE_NAME, main

    files = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA}
    source, out = release(tmp_path / "src", files), tmp_path / "out"
    assert main([str(source), "--out", str(out)]) == 0
    killed = b"the killed conversion's digits"
    (out / FILE_NAME).write_bytes(killed)
    left = out / ".SHA256SUMS.0123456789abcdef.tmp"
    left.write_text(f"{hashlib.sha256(killed).hexdigest()}  {FILE_NAME}\n")
    assert main([str(source), "--out", str(out), "--force"]) == 0
    assert not left.exists() and (out / FILE_NAME).read_bytes() != killed


def test_an_out_another_user_owns_in_a_sticky_folder_is_refused_before_training(tmp_path, monkeypatch, capsys):
    """`--out /tmp/m.safetensors`, a classmate's checkpoint: /tmp's sticky bit lets only its owner replace it, and
    the run trained its epoch, then said "cannot save epoch 1 …: Operation not permitted; nothing was saved"."""
    assert fit(tmp_path) == 0  # the classmate's run (this test's user plays them: uid 1000 plays this one)
    tmp_path.chmod(0o1777)
    monkeypatch.setattr("training.files.os.geteuid", lambda: 1000)
    monkeypatch.setattr("training.fit.load_data", lambda *a: pytest.fail("read the data"))
    capsys.readouterr()
    assert fit(tmp_path) == 2
    assert (
        f"--out {tmp_path / 'm.safetensors'} belongs to another user (uid {os.getuid()}), and its folder's sticky bit"
        in capsys.readouterr().err
    )
