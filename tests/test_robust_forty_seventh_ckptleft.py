"""The forty-seventh round of hostile testing, ckptleft: checkpoints and training states left behind by runs cut short
(`kill -9`, SIGINT, SIGTERM at random moments, during the save and the MNIST load) and by copies cut short, given to
`python -m training.fit --resume`, the app's Open model… and `python -m rowreader evaluate --checkpoint`; `--out` a
link; a `--pen` run killed outright. Each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QSettings
from stopped_runs import SEMAPHORES_MADE, TINY, killed_pen_run, stopped_after_one_epoch

import training.fit as fit_module
from gui.main_window import MainWindow
from rowreader.checkpoint import CUT_SHORT_REMEDY, CheckpointError, load_checkpoint, pretrained_path, refused_model_file
from rowreader.network import RowReader
from training.state import state_path


@pytest.mark.parametrize("kept", [100, 30_000], ids=["in its header", "in its weights"])
def test_a_checkpoint_cut_short_says_what_it_is_and_what_to_do(tmp_path, kept):
    """The shipped model's first 100 bytes, or its first 30,000 (a copy or download stopped early), given to
    `rowreader evaluate --checkpoint` or opened in the app, were "not a readable safetensors file (truncated or
    foreign?): …": a guess between two causes and nothing to do. Cut in its weights, `python -m gui --checkpoint`
    let it by and opened the window on it. Each is now "a RowReader checkpoint cut short" with what to do (copy it
    again whole, or choose another model), and the app's command line refuses both in loading's words."""
    path = tmp_path / "copied.safetensors"
    path.write_bytes(pretrained_path().read_bytes()[:kept])
    with pytest.raises(CheckpointError) as loading:
        load_checkpoint(path)
    said = str(loading.value)
    assert said.startswith(f"{path}: a RowReader checkpoint cut short, not a whole model: "), said
    assert said.endswith("; copy it again whole from where it came, or choose another model"), said
    assert refused_model_file("--checkpoint", path) == f"--checkpoint {said}"


def test_the_shipped_model_cut_short_is_given_one_remedy_in_the_app(qtbot, tmp_path, monkeypatch):
    """With the model that comes with RowReader cut short (its first 1,000 bytes), the app says it is the shipped
    model and to reinstall RowReader; the library's own remedy for a model cut short ("copy it again whole from
    where it came") would come first and send the user looking for where it came from. It says only its own."""
    import rowreader.checkpoint as checkpoint

    damaged = tmp_path / "rowreader.safetensors"
    damaged.write_bytes(pretrained_path().read_bytes()[:1000])
    monkeypatch.setattr(checkpoint, "pretrained_path", lambda: damaged)
    monkeypatch.setattr("gui.model_loading.pretrained_path", lambda: damaged)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, user_dir=tmp_path / "user"))
    qtbot.waitUntil(lambda: window.last_error is not None and not window.tasks.busy, timeout=20_000)
    title, message = window.last_error
    assert title == "Could not open the shipped model" and "a RowReader checkpoint cut short" in message
    assert "Reinstall RowReader" in message and CUT_SHORT_REMEDY not in message


def test_resume_beside_a_checkpoint_cut_short_says_how_to_go_on(tmp_path, capsys, monkeypatch):
    """A run stopped after epoch 1, its checkpoint then cut short (copied back from a disk that filled),
    its state whole: `--resume` said "m.safetensors cannot be read to check the data it was trained on: … (cut
    off?)", nothing of the state or what to do. It says the state holds epoch 1 of a run whose checkpoint is cut
    short, and how to go on; a whole copy put back, the run resumes."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    whole = out.read_bytes()
    out.write_bytes(whole[: len(whole) // 2])
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{state_path(out)} holds epoch 1 of a run whose checkpoint, {out}, is cut short (the header " in err, err
    assert "put a whole copy of it back there, or start the run again without --resume (--force writes over" in err
    assert "copy it again whole from where it came" not in err  # the library's remedy, not this command's
    out.write_bytes(whole)
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 0
    assert "resuming after epoch 1" in capsys.readouterr().out


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="SIGKILL, named semaphores in /dev/shm (Linux)")
def test_a_pen_run_killed_outright_leaves_no_leak_warning(tmp_path):
    """`kill -9` of `python -m training.fit --pen 0.3` printed, after the shell's prompt, multiprocessing's
    "resource_tracker: There appear to be 5 leaked semaphore objects to clean up at shutdown": the pen workers'
    pool's own five (its queues' locks), which the tracker unlinks at once all the same. The tracker the pool
    starts keeps that warning to itself; the semaphores are still removed."""
    done = killed_pen_run(tmp_path, SEMAPHORES_MADE)
    assert done.returncode == -signal.SIGKILL
    assert done.stderr == ""
    made = set(done.stdout.split())
    assert made and not made & set(os.listdir("/dev/shm"))  # the tracker has ended: it removed them first


def test_a_new_run_over_its_checkpoint_cut_short_says_so(tmp_path, capsys):
    """`training.fit --out m.safetensors`, m a RowReader checkpoint cut short, was refused as "exists and was not
    written by RowReader training as a checkpoint (it is a file, a RowReader checkpoint cut short …; copy it again
    whole from where it came, or choose another model); choose another path, or pass --force": not ours, yet ours,
    and two remedies, one about models to open. It is named as a state cut short is, with this command's remedy."""
    out = tmp_path / "m.safetensors"
    out.write_bytes(pretrained_path().read_bytes()[:30_000])
    assert fit_module.main([*TINY, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out} is a RowReader checkpoint cut short (the header declares " in err, err
    assert "; give another --out, or pass --force to write over it" in err and CUT_SHORT_REMEDY not in err
    assert "not written by RowReader training" not in err
    assert out.stat().st_size == 30_000


def test_resume_from_a_state_cut_short_beside_a_whole_checkpoint_offers_its_weights(tmp_path, capsys, monkeypatch):
    """A state cut short (copied from the GPU machine over a dropped link) beside its whole checkpoint: `--resume`
    said only "start the run anew without --resume (--force writes over it)", every epoch lost, where a checkpoint
    whose state is gone is offered a run from its weights alone. The state cut short is offered it too."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    state = state_path(out)
    state.write_bytes(state.read_bytes()[:5_000])
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{state} is cut short or damaged (not a whole training state)" in err, err
    assert f"or go on from its weights alone in a new run (--start-from {out} and another --out" in err


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize("flag", ["--out", "--metrics"])
def test_a_link_to_a_file_not_ours_is_named_as_a_link_and_kept(tmp_path, capsys, flag):
    """`--out m.safetensors`, m a link to the user's passwd-like file, was refused as "--out m.safetensors exists and
    was not written by RowReader training as a checkpoint (it is a text file starting 'root:x:0:0'); … pass --force
    to overwrite it": the link's target described as the name typed, and --force to "overwrite it", which a user
    reads as the target (it replaces the link). It says the name is a link to that file and that --force replaces
    the link, the file kept; and the file is kept, with or without --force."""
    own = tmp_path / "passwd"
    own.write_text("root:x:0:0:root:/root:/bin/bash\n")
    link = tmp_path / ("m.safetensors" if flag == "--out" else "m.csv")
    link.symlink_to(own.name)
    given = [] if flag == "--out" else ["--out", str(tmp_path / "n.safetensors")]
    assert fit_module.main([*TINY, *given, flag, str(link)]) == 2
    err = capsys.readouterr().err
    assert f"{flag} {link} is a link to passwd, which was not written by RowReader training as " in err, err
    assert "(it is a text file starting 'root:x:0:0:root:/root:/bin/bash')" in err, err
    assert "pass --force to replace the link with a file of its own (passwd stays as it is)" in err
    assert own.read_text() == "root:x:0:0:root:/root:/bin/bash\n" and link.is_symlink()
    assert fit_module.main([*TINY, "--epochs", "1", *given, flag, str(link), "--force"]) == 0
    assert own.read_text() == "root:x:0:0:root:/root:/bin/bash\n" and not link.is_symlink()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_merge_over_a_link_or_a_checkpoint_cut_short_says_which(tmp_path, capsys, monkeypatch):
    """`training.merge … --out m.safetensors` (a fine-tune's --out as well), m a link to the user's passwd-like file,
    was "exists and is not a RowReader checkpoint (it is a text file starting 'root:x:0:0'); … --force to overwrite
    it", and m a checkpoint cut short "(it is a file, a RowReader checkpoint cut short …; copy it again whole …)":
    each is said as training.fit now says it, from one description, and the files are kept."""
    from rowreader.checkpoint import Checkpoint, save_checkpoint
    from rowreader.model import ReaderConfig
    from training import merge

    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    member = tmp_path / "r.safetensors"
    save_checkpoint(member, Checkpoint.from_reader(RowReader(ReaderConfig(hidden_size=8))))
    copy = tmp_path / "copy.safetensors"  # a second name: one named twice is refused before --out is looked at
    copy.write_bytes(member.read_bytes())
    own = tmp_path / "passwd"
    own.write_text("root:x:0:0\n")
    link = tmp_path / "m.safetensors"
    link.symlink_to(own.name)
    assert merge.main([str(member), str(copy), "--out", str(link)]) == 2
    err = capsys.readouterr().err
    said = f"--out {link} is a link to passwd, which is not a RowReader checkpoint (it is a text file starting 'root:x"
    assert said in err, err
    assert "pass --force to replace the link with a file of its own (passwd stays as it is)" in err
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(pretrained_path().read_bytes()[:30_000])
    assert merge.main([str(member), str(copy), "--out", str(cut)]) == 2
    err = capsys.readouterr().err
    assert f"--out {cut} is a RowReader checkpoint cut short (the header declares " in err, err
    assert CUT_SHORT_REMEDY not in err
    assert own.read_text() == "root:x:0:0\n" and link.is_symlink() and cut.stat().st_size == 30_000
