"""The forty-seventh round of hostile testing, teach2: teaching the reader a person's handwriting as a hostile user
in a real window (Xvfb, openbox, xdotool; three of each digit drawn and kept, teaches cancelled, repeated, raced
with model switches, the user data folder a 20 MB tmpfs filled up, the examples made read-only, the app killed
mid-teach); each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QProcess

from gui.teach_process import TeachProcess
from training.files import check_room


def test_a_disk_filled_while_teaching_is_said_in_the_apps_words(qapp, tmp_path: Path) -> None:
    """The user data folder filled up as the fine-tune began (a 20 MB tmpfs, 0 kB left), and the dialog said "… free
    some room or choose another --out (nothing was written). Still reading with …; nothing was written.": a flag of a
    command the user never typed (the app chooses where its models go), and "nothing was written" twice; filled at
    its end, "… free some room, then fine-tune again", a command's word for Ctrl+T. The app now says the fine-tune's
    reason with what to do in the app: "… free some room, then teach again", "nothing was written" once."""
    out = tmp_path / "models" / "mine.safetensors"
    out.parent.mkdir()
    with pytest.raises(OSError) as refused:  # the fine-tune's own refusal, on a disk that cannot hold an exabyte
        check_room(out, 10**18, "the fine-tuned model")
    process = TeachProcess(Path("base.safetensors"), Path("examples"), out)
    process.run.log.append(f"python -m training.fit: error: {refused.value}")
    process._read_stderr = lambda: None  # nothing more from a child that was never started
    said = process._why_it_failed(2, QProcess.ExitStatus.NormalExit)
    assert said.startswith("The fine-tune stopped: no room in ") and said.endswith("free some room, then teach again")
    assert "--out" not in said and "nothing was written" not in said  # the app says that once, after it
    # the fine-tune's words when the disk filled as it wrote the model (training.finetune.unsaved, which needs torch)
    process.run.log.append(
        f"python -m training.fit: error: cannot write the fine-tuned model {out}: No space left on device; its 105 s "
        "of fine-tuning are lost: free some room, then fine-tune again"
    )
    said = process._why_it_failed(2, QProcess.ExitStatus.NormalExit)
    assert said.endswith("are lost: free some room, then teach again"), said
    process.deleteLater()


def test_a_cache_never_takes_the_room_a_teach_checked_for_its_model(tmp_path: Path, monkeypatch) -> None:
    """With the home on a disk of 2.0 MB free (a 20 MB tmpfs), a fine-tune checked that its model (1.6 MB) had room,
    then kept its replay digits in the user cache (0.8 MB) on that disk, trained 105 s, and ended in "cannot write the
    fine-tuned model …: No space left on device (1,233 kB free of the 1,606 kB it needs: the disk filled while it was
    taught); its 105 s of fine-tuning are lost": it had filled the disk itself. A cache (the replay digits, the
    examples' index) is now written only where its disk keeps room to spare after it; else it is not kept, and the
    next run draws or reads again."""
    import shutil

    import numpy as np

    from rowreader import atomic
    from rowreader.example_index import index_path, write_index
    from training.replay import _cached_digits

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    digits = (np.zeros((3, 28, 28), np.uint8), np.arange(3, dtype=np.int64))
    (tmp_path / "cache").mkdir()
    # a disk nearly full: more room to spare than the disk holds (its free space, which other programs on a shared
    # disk change between this line and the write, made the test fail 2 runs in 7)
    monkeypatch.setattr(atomic, "CACHE_LEAVES_FREE", shutil.disk_usage(tmp_path).total + 1, raising=False)
    images, labels = _cached_digits("drawn-replay-test.npz", 3, lambda: digits)
    assert (images == digits[0]).all() and list(labels) == [0, 1, 2]  # drawn, and used
    write_index(
        tmp_path / "examples", {tmp_path / "examples" / "3" / "a.png": ((1, 2, 3, 4, 5, 6), np.zeros((28, 28)))}
    )
    assert not list((tmp_path / "cache").rglob("*.npz"))  # neither cache took the last room
    monkeypatch.setattr(atomic, "CACHE_LEAVES_FREE", 0)  # room to spare: both are kept, as before
    _cached_digits("drawn-replay-test.npz", 3, lambda: digits)
    write_index(
        tmp_path / "examples", {tmp_path / "examples" / "3" / "a.png": ((1, 2, 3, 4, 5, 6), np.zeros((28, 28)))}
    )
    assert (tmp_path / "cache" / "rowreader" / "drawn-replay-test.npz").is_file() and index_path(
        tmp_path / "examples"
    ).is_file()
