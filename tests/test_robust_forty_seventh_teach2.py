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
    command the user never typed (the app chooses where its models go), and "nothing was written" twice. The app now
    says the fine-tune's reason with what to do in the app: "… free some room, then teach again", once."""
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
    process.deleteLater()
