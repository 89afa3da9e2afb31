"""The fifty-ninth round of hostile testing, review40: a review of teach16's and cli14's fixes at their edges, each
test seen failing on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_robust_fifty_ninth_cli14 import refused_as_read

# twenty names of 250 bytes: each under a file system's 255, the whole past the system's 4,096 for a path
DEEP = "/".join(["a" * 250] * 20)


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("rowreader", ["evaluate", "--data-dir", DEEP]),
        ("ship", ["--data-dir", DEEP, "--dry-run"]),
    ],
)
def test_a_folder_path_too_long_is_refused_with_the_command_line(
    tmp_path: Path, monkeypatch, capsys, command: str, words: list[str]
) -> None:
    """cli14 refused a folder name past 255 bytes as the line is read, but not a path past the system's 4,096 made of
    names each under it: `rowreader evaluate --data-dir` of 5,019 bytes still failed as a run (status 1, "cannot be
    looked up (File name too long)") and `training.ship --dry-run` printed its four commands with it (status 0)."""
    said = refused_as_read(tmp_path, monkeypatch, capsys, command, words)
    assert said.endswith(
        "…aaaaaaaaaaaaaaaaaaaa is a folder's path of 5,019 bytes, and this system takes paths under 4,096 bytes; "
        "give a shorter one"
    ), said


def test_a_teach_ending_taught_as_the_window_closes_is_not_said_cut_short(
    qtbot, tmp_path: Path, mnist_test, monkeypatch, capfd
) -> None:
    """teach16 let a Cancel pressed in the instant a fine-tune ended taught keep its model; the window's close in that
    instant (its "done" line not yet read) still said "the teach was cancelled as the window closed (at step 2 of 2):
    no model was written; teach again (Ctrl+T) to finish it", on stderr and again at the next start, beside the
    model it had written and kept."""
    from fake_fine_tune import teaching_to_its_end
    from test_robust_fifty_ninth_teach16 import ended_unseen

    from gui.example_transfer import CUT_SHORT_FILES

    window, _, process = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, 0.0)
    assert process.process.waitForStarted(10_000)
    ended_unseen(process)
    assert process.running and not process.run.written  # its "done" line not read yet
    window.close()
    assert process.run.out.is_file()
    assert "cancelled as the window closed" not in capfd.readouterr().err
    assert not (tmp_path / "user" / CUT_SHORT_FILES["teach"]).exists()
