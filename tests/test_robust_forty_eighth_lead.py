"""The forty-eighth round of hostile testing, lead: what the merges and the whole suite's runs found between the
helpers' areas; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from rowreader import load_pretrained
from rowreader.checkpoint import _begins_as_ours, checkpoint_bytes

REPO = Path(__file__).resolve().parents[1]
SAVE = (
    "import hashlib; from rowreader import load_pretrained; from rowreader.checkpoint import checkpoint_bytes; "
    "print(hashlib.sha256(checkpoint_bytes(load_pretrained())).hexdigest())"
)


def test_two_saves_of_one_model_in_two_processes_are_the_same_bytes(tmp_path: Path) -> None:
    """safetensors keeps a file's ``__metadata__`` in a Rust HashMap, whose order each process draws anew: the same
    model saved by two processes (its date kept) gave two files, and a checkpoint of ours cut to its first 100 bytes
    was known as ours only where "format" or "config" came first (review9's --resume test failed 1 run in 13). The
    metadata is written in one order, "format" first: every process writes the same bytes, and 100 of them say
    whose file it is."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SAVE],
            stdout=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
        for _ in range(6)
    ]
    digests = {run.communicate(timeout=120)[0].strip() for run in runs}
    here = checkpoint_bytes(load_pretrained())
    assert digests == {hashlib.sha256(here).hexdigest()}
    assert here[8:].startswith(b'{"__metadata__":{"format":"rowreader-checkpoint","format_version":"1","config":')
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(here[:100])
    assert _begins_as_ours(cut)


def test_importing_a_folder_of_no_examples_says_why_nothing_was_copied(qtbot, tmp_path: Path) -> None:
    """An empty folder, or one holding only a note, imported said "Imported 0 example(s) from …" and no word of why
    (review10 saw it and left it): it now says that the folder holds no pictures in folders named 0–9, as a folder
    imported twice says its pictures were kept already."""
    from gui_window import window_without_model

    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("my digits\n", encoding="utf-8")
    window = window_without_model(qtbot, tmp_path, tmp_path / "user")
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    for folder in ("empty", "notes"):
        window.teaching.import_folder(tmp_path / folder)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
        said = window.statusBar().toolTip() or window.statusBar().currentMessage()
        assert "Imported 0 examples" in said and "no pictures in folders named 0–9" in said, said
    window.close()
