"""The thirtieth round of hostile testing, training: `python -m training.fit` and its fine-tune stopped as a laptop
stops them (the terminal closed under a run, `kill`, `kill -9` mid-save), resumed, and given odd outputs and data."""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.numpy import load_file

import training.fit as fit_module
from rowreader.launch import stops_held
from training.fit import main as fit_main
from training.interrupt import signals_stop_the_run, stop_from_the_start

TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "32", "--hidden", "8", "--threads", "1", "--seed", "3"]
POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")


def _hang_up() -> None:
    """The terminal closed: SIGHUP to this process, once training has taken it (left to the system, it would end the
    test run itself, as it ended a training run: status 129, not a word, its locks left beside its files)."""
    handler = signal.getsignal(signal.SIGHUP)
    assert handler not in (signal.SIG_DFL, None), "SIGHUP is left to the system: it would end the process"
    signal.raise_signal(signal.SIGHUP)


@POSIX
def test_a_terminal_closed_under_a_run_stops_it_as_ctrl_c_does_and_resumes_bit_exactly(tmp_path, capsys, monkeypatch):
    """SIGHUP (an ssh session dropped, the terminal window closed) ended `python -m training.fit` on the spot with
    status 129 and not a word in its log, its three `.lock` files left beside the run; the app took SIGHUP,
    training did not. It stops as Ctrl-C and SIGTERM do now: the last whole epoch kept, said, resumable to the same
    weights as a run never stopped."""
    whole, broken = tmp_path / "whole" / "m.safetensors", tmp_path / "broken" / "m.safetensors"
    assert fit_main([*TINY, "--epochs", "2", "--out", str(whole)]) == 0
    real_train_epoch = fit_module.train_epoch

    def hung_up_in_epoch_2(run, data):
        if run.epoch == 1:
            _hang_up()
        return real_train_epoch(run, data)

    monkeypatch.setattr(fit_module, "train_epoch", hung_up_in_epoch_2)
    capsys.readouterr()
    assert fit_main([*TINY, "--epochs", "2", "--out", str(broken)]) == 128 + signal.SIGHUP
    err = capsys.readouterr().err
    assert "stopped by SIGHUP at step 2; the last good checkpoint is kept" in err and "(epoch 1;" in err, err
    monkeypatch.setattr(fit_module, "train_epoch", real_train_epoch)
    assert fit_main([*TINY, "--epochs", "2", "--out", str(broken), "--resume"]) == 0
    a, b = load_file(whole), load_file(broken)
    assert a.keys() == b.keys() and all((a[name] == b[name]).all() for name in a)
    assert not list(broken.parent.glob("*.lock"))


@POSIX
def test_a_terminal_closed_under_a_fine_tune_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    """A fine-tune (the app's teach, or one from a shell) ended by SIGHUP said nothing and left its `.lock`."""
    import training.finetune

    def hung_up(*args, **kwargs):
        _hang_up()

    base, out = tmp_path / "base.safetensors", tmp_path / "ft" / "me.safetensors"
    assert fit_main([*TINY, "--epochs", "1", "--out", str(base)]) == 0
    examples = tmp_path / "examples"
    from PIL import Image

    for digit in range(10):
        (examples / str(digit)).mkdir(parents=True)
        for k in range(3):
            picture = Image.new("L", (28, 28), 0)
            picture.paste(255, (8 + digit, 6 + k, 12 + digit, 22))
            picture.save(examples / str(digit) / f"{k}.png")
    monkeypatch.setattr(training.finetune, "load_replay", hung_up)
    capsys.readouterr()
    code = fit_main(["--finetune", str(base), "--examples", str(examples), "--out", str(out), "--threads", "1"])
    assert code == 128 + signal.SIGHUP
    assert f"stopped by SIGHUP; nothing was written to {out}" in capsys.readouterr().err
    assert not out.exists() and not list(out.parent.glob("*.lock"))


@POSIX
def test_nohup_keeps_a_run_alive_sighup_ignored_stays_ignored():
    """`nohup` ignores SIGHUP before the run starts: that must hold, from the first moment to the last."""
    before = {stop: signal.getsignal(stop) for stop in (signal.SIGTERM, signal.SIGHUP)}
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        stop_from_the_start()
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
        with signals_stop_the_run():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            signal.raise_signal(signal.SIGHUP)  # nothing happens
            with stops_held():
                assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)


@POSIX
def test_a_hang_up_during_an_epochs_save_waits_for_the_pair():
    """A save puts an epoch's checkpoint and state in place under `stops_held`: SIGHUP there must wait for both, as
    Ctrl-C and SIGTERM do, or the pair is parted (the run then resumes from the epoch before)."""
    from rowreader.launch import Stopped

    reached: list[str] = []
    before = signal.getsignal(signal.SIGHUP)
    try:
        with pytest.raises(Stopped) as stopped, signals_stop_the_run():
            with stops_held():
                _hang_up()
                reached.append("the pair in place")
            reached.append("not stopped after it")
    finally:
        signal.signal(signal.SIGHUP, before)
    assert reached == ["the pair in place"] and stopped.value.signum == signal.SIGHUP


@POSIX
def test_ship_calls_a_stage_stopped_by_sighup_interrupted_not_failed(tmp_path, capsys, monkeypatch):
    """training.ship named a stage that ended 129 "failed (exit 129)", though its checkpoint was kept to go on."""
    import training.ship as ship

    monkeypatch.setattr("training.fit.main", lambda argv: 128 + signal.SIGHUP)
    assert ship.main(["--runs", str(tmp_path)]) == 129
    assert "the first stage was interrupted; the same command goes on from there" in capsys.readouterr().err


@POSIX
@pytest.mark.parametrize("module", ["training.fit", "training.ship"])
def test_the_help_gives_sighups_exit_status(module, capsys):
    import importlib

    with pytest.raises(SystemExit):
        importlib.import_module(module).main(["--help"])
    assert "129 when stopped by SIGHUP (its terminal closed)" in " ".join(capsys.readouterr().out.split())


# ---- a UNIPEN file changed by hand -------------------------------------------------------------------------------

PEN_TINY = [*TINY, "--epochs", "1", "--pen", "0.5", "--pen-workers", "0"]


@functools.cache
def _lines(count: int) -> list[str]:
    """The first ``count`` train writers' lines of the UNIPEN file the tests read."""
    from rowreader.unipen import unipen_file

    with gzip.open(unipen_file(), "rt", encoding="utf-8") as f:  # conftest sets $ROWREADER_UNIPEN
        return [line for line in f if '"split":"train"' in line][:count]


def _folder(where: Path, lines: list[str], listed: bytes | None) -> Path:
    """A UNIPEN folder of ``lines``, with a SHA256SUMS that lists ``listed`` (the bytes' checksum it was made of)."""
    where.mkdir(parents=True, exist_ok=True)
    data = gzip.compress("".join(lines).encode(), mtime=0)
    (where / "digits.jsonl.gz").write_bytes(data)
    if listed is not None:
        (where / "SHA256SUMS").write_text(f"{hashlib.sha256(listed).hexdigest()}  digits.jsonl.gz\n")
    return where


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.integers(0, 199), label=st.integers(0, 9))
def test_a_digit_relabelled_by_hand_is_named_against_its_sha256sums(line: int, label: int) -> None:
    """A digit relabelled by hand (`zcat | sed | gzip`, 6 made a 7) in a folder whose SHA256SUMS lists the file as it
    was made still reads as a valid file, and a run trained on it without a word. The file is read as it is (the
    change may be the user's), with a warning that names both checksums and what to do."""
    from rowreader.unipen import unlike_its_sums

    lines = _lines(200)
    edited = list(lines)
    edited[line] = re.sub(r'"label":\d', f'"label":{label}', edited[line], count=1)
    with tempfile.TemporaryDirectory() as folder:
        made = gzip.compress("".join(lines).encode(), mtime=0)
        path = _folder(Path(folder), edited, made) / "digits.jsonl.gz"
        said = unlike_its_sums(path, hashlib.sha256(path.read_bytes()).hexdigest())
    if edited == lines:
        assert said is None
    else:
        assert said is not None and "is not the file" in said and hashlib.sha256(made).hexdigest()[:12] in said


def test_a_training_run_on_a_changed_unipen_file_says_so_and_an_unchanged_one_does_not(tmp_path, capsys):
    lines = _lines(60)
    made = gzip.compress("".join(lines).encode(), mtime=0)
    same = _folder(tmp_path / "same", lines, made)
    changed = _folder(tmp_path / "changed", [lines[1], *lines[1:]], made)  # a digit copied over another
    assert fit_main([*PEN_TINY, "--pen-dir", str(same), "--out", str(tmp_path / "a.safetensors")]) == 0
    assert "warning" not in capsys.readouterr().err
    assert fit_main([*PEN_TINY, "--pen-dir", str(changed), "--out", str(tmp_path / "b.safetensors")]) == 0
    err = capsys.readouterr().err
    assert f"warning: {changed / 'digits.jsonl.gz'} is not the file {changed / 'SHA256SUMS'} lists" in err, err
    assert (tmp_path / "b.safetensors").is_file()


def test_a_fine_tunes_pen_replay_from_a_changed_unipen_file_says_so(tmp_path, capsys):
    """The fine-tune (the app's teach too) replays UNIPEN's digits drawn from the same file: a file changed by hand
    was drawn from without a word there as well."""
    from training.replay import pen_replay

    lines = _lines(60)
    made = gzip.compress("".join(lines).encode(), mtime=0)
    changed = _folder(tmp_path / "changed", [lines[1], *lines[1:]], made)
    images, labels = pen_replay(str(changed), count=3)
    assert len(images) == len(labels) == 3
    assert f"warning: {changed / 'digits.jsonl.gz'} is not the file" in capsys.readouterr().err


# ---- a stop pressed on seeing an epoch's line ----------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_on_seeing_an_epochs_line_keeps_that_epoch(tmp_path, capsys, monkeypatch, stop):
    """Ctrl-C pressed on seeing "epoch 2: test …" (the terminal closed then, measured through a pty) landed between
    the line and the epoch's save, which alone held stops: "epoch 2 was not saved (stopped before it was) … (epoch
    1 …)", the epoch whose numbers had just been shown lost, and seconds of it with --pen-holdout (read after the
    line). A stop now waits from the epoch's end to its save."""
    real = fit_module.evaluate_epoch

    def stopped_on_seeing_the_line(run, data, last_batch):
        curve = real(run, data, last_batch)  # its line printed
        if run.epoch == 2:
            signal.raise_signal(stop)
        return curve

    monkeypatch.setattr(fit_module, "evaluate_epoch", stopped_on_seeing_the_line)
    out = tmp_path / "m.safetensors"
    assert fit_main([*TINY, "--epochs", "3", "--out", str(out)]) == 128 + stop
    err = capsys.readouterr().err
    assert "was not saved" not in err and f"the last good checkpoint is kept: {out} (epoch 2;" in err, err
    assert len((tmp_path / "m.metrics.csv").read_text().splitlines()) == 3  # the header and epochs 1 and 2


def test_a_second_stop_during_an_epochs_evaluation_and_save_still_stops_at_once():
    """The save's hold inside the epoch's: a hold of a hold took the second Ctrl-C for a first, so only a third one
    stopped a save stuck on a hung disk."""
    from rowreader.launch import Stopped

    reached: list[str] = []
    with pytest.raises(Stopped) as stopped, signals_stop_the_run(), stops_held(), stops_held():
        signal.raise_signal(signal.SIGTERM)
        reached.append("held")
        signal.raise_signal(signal.SIGINT)
        reached.append("not stopped by the second")
    assert reached == ["held"] and stopped.value.signum == signal.SIGINT


@POSIX
@pytest.mark.filterwarnings("ignore:'training.merge' found in sys.modules:RuntimeWarning")  # runpy's, of its __main__
def test_a_terminal_closed_under_a_merge_is_one_line_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    """`python -m training.merge` took SIGTERM (run_main's) but not SIGHUP: a terminal closed under it ended it
    with status 129, not a word, where its --help (training's exit statuses) now names 129."""
    import runpy

    import torch

    import training.merge
    from rowreader import ReaderConfig, RowReader, save_checkpoint

    for seed, name in enumerate(("a", "b")):
        reader = RowReader(ReaderConfig(hidden_size=4)).initialise(torch.Generator().manual_seed(seed), "pytorch")
        save_checkpoint(tmp_path / f"{name}.safetensors", reader)
    real = training.merge.merge_readers

    def hung_up(*args, **kwargs):
        _hang_up()
        return real(*args, **kwargs)

    monkeypatch.setattr(training.merge, "merge_readers", hung_up)
    files = [str(tmp_path / name) for name in ("a.safetensors", "b.safetensors")]
    monkeypatch.setattr("sys.argv", ["merge", *files, "--out", str(tmp_path / "ab.safetensors")])
    with pytest.raises(SystemExit) as ended:
        runpy.run_module("training.merge", run_name="__main__", alter_sys=True)  # as `python -m training.merge` runs
    assert ended.value.code == 128 + signal.SIGHUP
    out = tmp_path / "ab.safetensors"  # what the stop left, said since the forty-sixth round
    assert capsys.readouterr().err == f"python -m training.merge: stopped by SIGHUP; nothing was written to {out}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.safetensors", "b.safetensors"]
