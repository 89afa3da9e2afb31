"""The forty-seventh round of hostile testing, polish3: the small things this round's helpers saw and left, each
reproduced as they described it (the app's status line in the light install, a teach's cut-short summary, the
training start line, a refused `--metrics` name); the app's words looked at in a real window (Xvfb, openbox); each
test is checked to fail on the code before its fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gui_window import open_shipped_window

from gui.example_transfer import cut_short_summary, cut_short_words, teach_cut_short_words
from rowreader.checkpoint import side_file_problem
from training.fit import _rate, _schedule


def test_the_status_line_says_teaching_needs_pytorch_short_and_whole(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+T without torch said the box's whole words on the status line too, which cut their middle out: the
    `pip install` there read "(/tmp/….org/whl/cpu`", a broken command. The line says it short and whole, and that the
    box has the command; the box (and the line's tooltip) still say all of it."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    monkeypatch.setitem(sys.modules, "torch", None)
    window.teaching.teach_action.trigger()
    _, message = window.last_error
    assert "-m pip install" in message
    line = window.statusBar().currentMessage()
    assert "…" not in line and "pip install" not in line, line
    assert line.startswith("Teaching needs PyTorch, which is not installed"), line
    assert "-m pip install" in window.statusBar().toolTip()


def test_a_summary_of_teaches_cut_short_says_how_to_teach_again() -> None:
    """Several teaches cut short by closing windows were summed up at the next start as "…; teach again to finish
    them", without how, where one alone said "teach again (Ctrl+T)". The summary names Ctrl+T too; an import's and an
    export's say where to do it again, as one alone does."""
    teach = [teach_cut_short_words(3, 40), teach_cut_short_words(0, 40)]
    words, _ = cut_short_summary("teach", teach)
    assert words.endswith("teach again (Ctrl+T) to finish them"), words
    imports = [cut_short_words("import", 5, Path("/a")), cut_short_words("import", 7, Path("/b"))]
    words, _ = cut_short_summary("import", imports)
    assert words.endswith("import from their folders again to finish them"), words
    exports = [cut_short_words("export", 5, Path("/a")), cut_short_words("export", 7, Path("/b"))]
    assert cut_short_summary("export", exports)[0].endswith("export to their folders again to finish them")


def test_the_training_start_line_counts_with_thousands_separators() -> None:
    """The start line said "781 steps of 128 (99968 samples, within 2 epochs)" and "2 epochs × 1 step of 65536",
    where the epoch lines and every other count say 99,968: its numbers are grouped so too."""
    assert _schedule(2, 468, 781, 128) == "781 steps of 128 (99,968 samples, within 2 epochs)"
    assert _schedule(30, 1_000, 30_000, 65_536) == "30 epochs × 1,000 steps of 65,536"
    assert _schedule(3, 1, 1, 64) == "1 step of 64 (64 samples, within 3 epochs)"


def test_the_training_last_line_counts_its_rate_with_thousands_separators() -> None:
    """The last line said "4288 samples/s" (measured, `--limit 640 --hidden 8`), where the bench's words and the log
    say 96,665 samples/s: grouped so too; a tenth still shown under 10."""
    assert _rate(4288.2) == "4,288" and _rate(96_665.4) == "96,665" and _rate(999.6) == "1,000"
    assert _rate(0.51) == "0.5" and _rate(12) == "12"


@pytest.mark.parametrize("folder", ["runs/", "a b/runs/", "/tmp/x/"])
@pytest.mark.parametrize("suffix", [".state.pt", ".lock"])
def test_a_name_that_is_only_a_side_files_ending_is_taken_in_a_folder_as_alone(folder: str, suffix: str) -> None:
    """`--metrics runs/.state.pt` was refused as "the name training gives the training state … (runs.safetensors's
    is runs.state.pt)", names the user never gave: the folder was read as the stem. A name that is only the ending
    is no file's side file, as `.lock` alone is taken (the forty-seventh round, mutants2), in a folder too; a side
    file's name in it is refused by its own names."""
    assert side_file_problem(folder + suffix, checkpoint=False) is None
    refused = side_file_problem(folder + "m" + suffix, checkpoint=False)
    assert refused and refused.startswith(f"{folder}m{suffix} ends in {suffix}"), refused
    assert "runs.safetensors" not in refused and f"({folder}m.metrics.csv, say)" in refused, refused
