"""The thirty-sixth round of hostile testing, mutants: one small change at a time to the code the last rounds changed
(a comparison flipped, a check dropped, a call removed), the tests of its module run against it. Each test here kills
a change that lived (docs/robustness.md says which, and what was tried)."""

import builtins
import os
import signal
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from test_robust_twentyeighth_library import scan_of_a_bar
from test_robust_twentysixth_library import bar_of_ink

import training.finetune as finetune_module
from rowreader import atomic, example_store
from rowreader.atomic import NameTaken, atomic_write_files
from rowreader.checkpoint import ReaderConfig, is_checkpoint, save_checkpoint
from rowreader.example_store import ExampleStore
from rowreader.network import RowReader
from training.fit import main as fit_main
from training.replay import ReplayData

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")


def _tiny_replay(config, pool: int = 20_000) -> ReplayData:
    """A few random digits to replay and to measure on: the fine-tune's steps without MNIST's seconds of loading."""
    images = torch.randint(0, 256, (64, 28, 28), generator=torch.Generator().manual_seed(0), dtype=torch.uint8)
    labels = torch.arange(64) % 10
    return ReplayData(images, labels, images[:20], labels[:20], name="random digits")


def _fine_tune_argv(tmp_path: Path, out: Path) -> list[str]:
    """A fine-tune of a tiny base on three bars of each digit, for a second or two."""
    base, examples = tmp_path / "base.safetensors", tmp_path / "examples"
    save_checkpoint(base, RowReader(ReaderConfig(hidden_size=8)))
    for digit in range(10):
        (examples / str(digit)).mkdir(parents=True)
        for k in range(3):
            picture = Image.new("L", (28, 28), 0)
            picture.paste(255, (4 + 2 * digit, 4 + k, 8 + 2 * digit, 22))
            picture.save(examples / str(digit) / f"{k}.png")
    return ["--finetune", str(base), "--examples", str(examples), "--out", str(out), "--threads", "1", "--folds", "0",
            "--train-samples", "32", "--batch-size", "32"]  # fmt: skip


def test_a_taken_back_file_is_only_the_one_written_never_a_rivals_put_there_since(tmp_path, monkeypatch):
    """``replace=False``, the second name taken: the first file placed is taken back, but only while it is the file
    written. Another writer's a.png, renamed over it in between, stays (the check dropped, it was deleted)."""
    real = atomic._place_new
    rival = tmp_path / "rival"
    rival.write_bytes(b"theirs")

    def place_then_a_rival_comes(tmp: Path, path: Path) -> None:
        if path.name == "a.json":  # a.png placed already: a rival renames its own a.png over it, then a.json is taken
            os.replace(rival, tmp_path / "a.png")
            raise NameTaken(17, "File exists", str(path))
        real(tmp, path)

    monkeypatch.setattr(atomic, "_place_new", place_then_a_rival_comes)
    with pytest.raises(NameTaken):
        atomic_write_files([(tmp_path / "a.png", b"ours"), (tmp_path / "a.json", b"strokes")], replace=False)
    assert (tmp_path / "a.png").read_bytes() == b"theirs"
    assert sorted(os.listdir(tmp_path)) == ["a.png"]  # and no temporary of ours left


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX: a temporary is ours by its owner")
def test_a_stale_temporary_of_another_user_is_left_where_ours_goes(tmp_path, monkeypatch):
    """``remove_stale_temporaries`` removes a dead writer's temporary only if it is this user's: one in a shared
    folder, of our name, unlocked and an hour old, but another user's, stays (the owner check dropped, it went)."""
    left = tmp_path / f".m.safetensors.{'0' * 16}.tmp"
    left.write_bytes(b"half a checkpoint")
    an_hour_ago = os.stat(left).st_mtime - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    mine = os.getuid()
    monkeypatch.setattr(atomic.os, "getuid", lambda: mine + 1)  # the file is another user's, as this process sees it
    assert atomic.remove_stale_temporaries(tmp_path / "m.safetensors") == [] and left.exists()
    monkeypatch.setattr(atomic.os, "getuid", lambda: mine)
    assert atomic.remove_stale_temporaries(tmp_path / "m.safetensors") == [left] and not left.exists()


def test_a_folder_name_of_the_longest_length_the_file_system_takes_is_no_refusal(tmp_path):
    """``refuse_long_name``: a folder's name of exactly NAME_MAX bytes is one the file system takes (it is made here);
    one byte more is refused in words. (``>=`` for ``>`` refused a folder that exists.)"""
    longest = atomic.name_max(tmp_path)
    folder = tmp_path / ("d" * longest)
    folder.mkdir()
    atomic.refuse_long_name(folder / "m.safetensors")
    atomic.check_writable(folder / "m.safetensors")
    with pytest.raises(OSError, match=f"is {longest + 1:,} bytes long"):
        atomic.refuse_long_name(tmp_path / ("d" * (longest + 1)) / "m.safetensors")


def test_a_lock_removed_by_its_last_holder_as_it_was_opened_is_taken_again_at_its_name(tmp_path, monkeypatch):
    """``take_lock``: the lock file opened, then removed by its last holder before it is locked, is a lock no one can
    find; the one now at that name is taken instead (compared by inode). Without the check, a second run took the
    new file and both held "the" lock."""
    real, opened = atomic._open_lock, []

    def opened_then_removed(lock: Path):
        handle = real(lock)
        opened.append(handle)
        if len(opened) == 1:
            lock.unlink()  # the last holder's drop_lock, at that instant
        return handle

    monkeypatch.setattr(atomic, "_open_lock", opened_then_removed)
    handle = atomic.take_lock(tmp_path / "m.safetensors")
    try:
        assert len(opened) == 2 and opened[0].closed
        assert os.path.samestat(os.fstat(handle.fileno()), os.stat(tmp_path / "m.safetensors.lock"))
    finally:
        atomic.drop_lock(tmp_path / "m.safetensors", handle)


@POSIX
def test_a_stop_after_the_fine_tuned_model_is_whole_is_ignored_and_the_run_says_done(tmp_path, capsys, monkeypatch):
    """A SIGTERM in the moment after the fine-tuned model is written, as the run says so: its files are whole, so
    the stop is ignored and the run ends 0, saying what it wrote (``nothing_left_to_stop`` dropped, it ended 143)."""
    out, saved = tmp_path / "me.safetensors", []
    real_save = finetune_module.save_checkpoint

    def save(*args, **kwargs):
        real_save(*args, **kwargs)
        saved.append(True)

    def print_after_a_stop(*args, **kwargs):
        if saved and not kwargs.get("file"):  # the summary's first line, the model whole
            saved.clear()
            signal.raise_signal(signal.SIGTERM)
        builtins.print(*args, **kwargs)

    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    monkeypatch.setattr(finetune_module, "save_checkpoint", save)
    monkeypatch.setattr(finetune_module, "print", print_after_a_stop, raising=False)
    argv = _fine_tune_argv(tmp_path, out)
    capsys.readouterr()
    assert fit_main(argv) == 0
    assert is_checkpoint(out) and "stopped" not in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN  # as it was, once the run is over


def test_a_picture_put_at_out_while_it_is_taught_is_refused_in_its_own_words_once(tmp_path, capsys, monkeypatch):
    """A picture saved at ``--out`` while the fine-tune ran is kept, and the save's refusal is said as it is, not
    wrapped as a failed write ("cannot write the fine-tuned model …: cannot save …", the errno check dropped)."""
    out = tmp_path / "me.safetensors"
    real_finetune = finetune_module.finetune

    def taught_then_a_picture_comes(*args, **kwargs):
        result = real_finetune(*args, **kwargs)
        Image.new("L", (28, 28), 255).save(out, format="PNG")
        return result

    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    monkeypatch.setattr(finetune_module, "finetune", taught_then_a_picture_comes)
    argv = _fine_tune_argv(tmp_path, out)
    capsys.readouterr()
    assert fit_main(argv) != 0
    err = capsys.readouterr().err
    assert "it is a PNG picture, not a RowReader checkpoint; nothing is written over it" in err, err
    assert "cannot write the fine-tuned model" not in err and out.read_bytes().startswith(b"\x89PNG")


@POSIX
def test_a_stop_after_an_earlier_run_lost_its_reader_is_said_as_this_runs_own(tmp_path, capsys, monkeypatch):
    """A fine-tune whose --progress json reader left marks it (``READER_LEFT``) for its last line; the next run in the
    same process (the tests, a library caller), stopped by SIGTERM, says so, status 143, not "the reader of its
    --progress json lines is gone", status 1 (the mark not cleared at its start)."""
    from training.interrupt import READER_LEFT

    def stopped_first(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    monkeypatch.setattr(finetune_module, "save_checkpoint", stopped_first)
    argv = _fine_tune_argv(tmp_path, tmp_path / "me.safetensors")
    READER_LEFT.set()  # an earlier run's
    capsys.readouterr()
    try:
        assert fit_main(argv) == 128 + signal.SIGTERM
    finally:
        READER_LEFT.clear()
    err = capsys.readouterr().err
    assert "stopped by SIGTERM" in err and "reader" not in err, err


def test_nothing_left_to_stop_from_another_thread_changes_nothing_and_raises_nothing():
    """A fine-tune run in a worker thread (a library caller's) that ends while the main thread holds the stops:
    ``nothing_left_to_stop`` leaves the handlers as they are (Python lets only the main thread set them; without the
    thread check it raised "signal only works in main thread" after the model was written)."""
    import threading

    from training.interrupt import nothing_left_to_stop, signals_stop_the_run

    failed: list[BaseException] = []

    def worker() -> None:
        try:
            nothing_left_to_stop()
        except BaseException as err:
            failed.append(err)

    with signals_stop_the_run():
        ours = signal.getsignal(signal.SIGTERM)
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert failed == [] and signal.getsignal(signal.SIGTERM) is ours


def test_an_undo_whose_name_another_writer_takes_as_it_is_looked_at_keeps_their_file(tmp_path, monkeypatch):
    """The undo of a delete looks at its old name (free), then writes there. A picture another writer (a scanner,
    another window) put there in between was written over when it came before the "same files there already?"
    look, which asked only whether a file was there (and always, with that look dropped): that file was lost. It
    stays now, and the undone example comes back under a new name."""
    store = ExampleStore(tmp_path / "examples")
    removed = store.remove(store.add(3, bar_of_ink()))
    real, theirs = example_store._name_fits, []

    def another_writer_comes(path: Path, sidecar: bool) -> bool:
        if not theirs:
            theirs.append(scan_of_a_bar(removed.path, 20))
        return real(path, sidecar)

    monkeypatch.setattr(example_store, "_name_fits", another_writer_comes)
    kept = store.restore(removed)
    assert removed.path.read_bytes() == theirs[0] and kept.path != removed.path
    assert kept.path.read_bytes() == removed.picture and len(ExampleStore(store.root).load()) == 2


def test_a_new_examples_name_is_never_one_whose_strokes_are_there_alone(tmp_path, monkeypatch):
    """A new example's name is drawn again where a NAME.json lies alone (a delete killed between its two files, or
    a user's): written beside it, those strokes, of another drawing and digit, were read as the new example's."""
    store = ExampleStore(tmp_path / "examples")
    tokens, real = iter(["a" * 16, "b" * 16]), example_store.secrets.token_hex
    monkeypatch.setattr(example_store.secrets, "token_hex", lambda n: next(tokens, None) or real(n))
    stamp = example_store.datetime.now(example_store.UTC)
    lone = []
    for second in range(3):  # the name of this second and the next two, whichever the add draws in
        when = (stamp + timedelta(seconds=second)).strftime("%Y%m%d-%H%M%S")
        lone.append(store.root / "3" / f"{when}-{'a' * 16}.json")
        lone[-1].parent.mkdir(parents=True, exist_ok=True)
        lone[-1].write_text('{"format": "someone else\'s"}')
    kept = store.add(3, bar_of_ink())
    assert kept.path.name.endswith(f"-{'b' * 16}.png") and kept.sidecar.name.endswith(f"-{'b' * 16}.json")
    assert all(json.read_text() == '{"format": "someone else\'s"}' for json in lone)


def test_cancel_is_heard_at_once_and_a_line_sent_before_it_does_not_say_it_goes_on(qtbot, tmp_path, monkeypatch):
    """Cancel pressed: the button goes off and the dialog says "Stopping" at once, and a progress line the fine-tune
    sent before it heard the stop leaves that as it is. (Without either, the dialog said "Learning … step 5 of 40"
    after the click, Cancel still on, as if it had not been heard.)"""
    from gui_window import teach_running_at

    from gui.teach_process import TeachProcess

    cancelled = []
    monkeypatch.setattr(TeachProcess, "running", property(lambda self: True))
    monkeypatch.setattr(TeachProcess, "cancel", lambda self: cancelled.append(True))
    dialog, process = teach_running_at(qtbot, tmp_path, 2)
    assert dialog.cancel_button.isEnabled() and "step 2 of 40" in dialog.status.text()
    dialog.cancel_button.click()
    assert cancelled == [True] and not dialog.cancel_button.isEnabled()
    assert dialog.status.text() == "Stopping: the model in use stays, nothing is written…"
    process._apply({"event": "progress", "step": 5, "steps": 40, "heldout": 0.93})
    assert dialog.status.text().startswith("Stopping") and dialog.bar.value() == 2


def test_a_sidecar_over_the_limit_is_refused_from_its_bytes_too_not_only_from_the_disk(tmp_path):
    """``checked_sidecar`` is handed bytes already read (a move's, an export's): a sidecar one byte over 4 MiB, valid
    JSON padded with spaces, is refused by its size there as when read from disk (it was parsed and moved)."""
    from rowreader.example_folder import MAX_SIDECAR_BYTES, checked_sidecar
    from rowreader.example_store import sidecar_bytes

    whole = sidecar_bytes(3, ())
    checked_sidecar(whole, 3)
    padded = whole + b" " * (MAX_SIDECAR_BYTES + 1 - len(whole))
    with pytest.raises(ValueError, match=f"sidecar is {MAX_SIDECAR_BYTES + 1:,} bytes, more than the"):
        checked_sidecar(padded, 3)
    checked_sidecar(padded[:-1], 3)  # at the limit: read


@pytest.mark.parametrize("other", [{"label": 3, "strokes": []}, {"format": "labelme", "label": 3, "strokes": []}])
def test_a_json_of_another_program_beside_a_picture_is_no_sidecar_however_it_matches(other):
    """A JSON object with our fields but not our format (no ``format``, another program's) is refused as a sidecar,
    in words, however well its fields fit (without the format check both were read as strokes)."""
    import json

    from rowreader.example_folder import SIDECAR_FORMAT, checked_sidecar

    with pytest.raises(ValueError, match=f"sidecar is not a '{SIDECAR_FORMAT}' file"):
        checked_sidecar(json.dumps(other).encode(), 3)


def test_a_checkpoint_of_float16_weights_is_refused_by_its_header_naming_the_tensor(tmp_path):
    """A checkpoint whose header declares float16 tensors (a half-precision export) is refused before a weight is
    read, naming the tensor and the type; with only F16 let through, it loaded as a model of float16 weights."""
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    from rowreader.checkpoint import CheckpointError, load_checkpoint

    whole, half = tmp_path / "whole.safetensors", tmp_path / "half.safetensors"
    save_checkpoint(whole, RowReader(ReaderConfig(hidden_size=8)))
    with safe_open(str(whole), "np") as opened:
        header = opened.metadata()
    save_file({k: v.astype(np.float16) for k, v in load_file(str(whole)).items()}, str(half), metadata=header)
    with pytest.raises(CheckpointError, match=r"half\.safetensors: tensor \S+ is .*float16.*, the model needs float32"):
        load_checkpoint(half)


def test_a_picture_that_cannot_be_deleted_keeps_its_strokes_too(tmp_path, monkeypatch):
    """A delete removes the strokes first; where the picture then cannot go (held open elsewhere, immutable), its
    strokes are written back, byte for byte, and the delete is refused: nothing half-deleted (without the write-back
    the example was left without its strokes)."""
    from rowreader.example_folder import PenStroke

    store = ExampleStore(tmp_path / "examples")
    kept = store.add(3, bar_of_ink(), (PenStroke(((10.0, 20.0), (10.0, 80.0)), 8.0),))
    strokes = kept.sidecar.read_bytes()
    real_unlink = Path.unlink

    def picture_held(self: Path, missing_ok: bool = False) -> None:
        if self == kept.path:
            raise PermissionError(1, "Operation not permitted", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", picture_held)
    with pytest.raises(OSError, match="cannot delete from"):
        store.remove(kept)
    assert kept.path.is_file() and kept.sidecar.read_bytes() == strokes


def test_a_lock_kept_after_its_folder_is_removed_makes_no_folder_again(tmp_path):
    """``keep_lock`` where the run's folder is gone (removed, not made again): the lock held is handed back as it is
    and no folder is made (it was made again, holding only the lock, and the next save went into it)."""
    import shutil

    out = tmp_path / "run" / "m.safetensors"
    handle = atomic.take_lock(out)
    try:
        shutil.rmtree(tmp_path / "run")
        assert atomic.keep_lock(out, handle) is handle and not (tmp_path / "run").exists()
    finally:
        handle.close()
