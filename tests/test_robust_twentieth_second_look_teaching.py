"""The twentieth round of hostile testing, a second look at teaching and docs: what the round changed, attacked again
(2 Dec 2026)."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest
from conftest import TINY

import rowreader
import rowreader.atomic
import rowreader.example_folder
import rowreader.example_store
from rowreader.checkpoint import read_metadata
from rowreader.example_store import COPIED, ExampleStore
from training.finetune import taught_files


def test_a_folder_imported_again_is_not_said_to_be_copied(tmp_path: Path, mnist_examples: Path, monkeypatch) -> None:
    """A folder of 3,000 imported a second time said "(1,619 of 3,000 copied)" for seconds, then "Imported 0
    example(s) from src; 3,000 were kept already": not one was copied. The second stage says what it does."""
    for module in (rowreader.example_folder, rowreader.example_store):  # the reading and the copying
        monkeypatch.setattr(module, "PROGRESS_EVERY_S", 0)
    store = ExampleStore(tmp_path / "mine")
    store.import_folder(mnist_examples)
    said: list[tuple[str, int, int]] = []
    again = store.import_folder(mnist_examples, progress=lambda *a: said.append(a))
    assert again.already_kept == 20 and not again.added
    assert {stage for stage, _, _ in said} == {"read", COPIED} and "kept already" in COPIED


def test_an_import_where_the_file_system_takes_no_locks_runs_and_leaves_no_lock(
    tmp_path: Path, mnist_examples: Path, monkeypatch
) -> None:
    """One import at a time is held by a lock file in the examples folder; where the file system takes none (some
    network mounts say ENOLCK), an import runs as before, refused neither now nor ever after, and no lock file
    is left there."""

    def no_locks(fd: int, wait: bool = False) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(rowreader.atomic, "lock_file", no_locks)
    store = ExampleStore(tmp_path / "mine")
    assert len(store.import_folder(mnist_examples).added) == 20
    assert store.import_folder(mnist_examples).already_kept == 20
    assert sorted(p.name for p in store.root.iterdir()) == list("0123456789")


def test_a_base_written_anew_is_not_followed(tmp_path: Path) -> None:
    """The line of taught models is followed back while each base is the very file it was taught from: a model
    written anew under A's name (`--out a.safetensors` again, taught other examples) is another model, and what
    it learnt was counted as taught before."""
    a = tmp_path / "a.safetensors"
    rowreader.save_checkpoint(a, rowreader.RowReader(TINY), {"examples": {"files": ["1/a.png"], "named": "by place"}})
    line = {"path": str(a), "sha256": hashlib.sha256(a.read_bytes()).hexdigest()}
    b = {"examples": {"files": ["2/b.png"], "named": "by place"}, "finetuned_from": line}
    assert taught_files(b) == {"1/a.png", "2/b.png"}
    rowreader.save_checkpoint(
        a, rowreader.RowReader(TINY), {"examples": {"files": ["3/other.png"], "named": "by place"}}
    )
    assert read_metadata(a)["examples"]["files"] == ["3/other.png"]
    assert taught_files(b) == {"2/b.png"}


@pytest.mark.parametrize("size", ["100000x100000", "0x0", "8193x600"])
def test_a_screenshot_of_a_size_no_screen_has_is_refused_before_any_window(size: str, capsys) -> None:
    """`gui.screenshot --size 100000x100000` (a few zeros too many) painted into a picture of ~12 bytes a pixel until
    the system killed it (status 137), Qt's painter warnings all it said; 0x0 pictured the smallest window. Each is
    refused at once, saying the range."""
    from gui import screenshot

    with pytest.raises(SystemExit) as stopped:
        screenshot.main(["unwritten.png", "--size", size])
    assert stopped.value.code == 2
    # in every flag's form, as typed (docs14, the sixty-eighth round: it was "--size must be …, got 0x0")
    room = "1…8,192 pixels a side (an 8K screen is 7,680×4,320)"
    assert f"argument --size: must be {room}, got {size!r}" in capsys.readouterr().err


def test_an_example_brought_back_under_a_new_name_says_so(qtbot, tmp_path: Path, mnist_examples: Path) -> None:
    """A picture of the user's own named with 240 bytes, deleted in the dock and brought back by Ctrl+Z, came back
    under a name of the app's (its own too long to write again), and nothing said so: its name was gone."""
    from gui_window import open_shipped_window

    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    panel, root = window.teaching.panel, window.teaching.store.root
    root.parent.mkdir(parents=True, exist_ok=True)
    mnist_examples.rename(root)
    own = root / "3" / ("my-own-three-" + "a" * 223 + ".png")
    next((root / "3").glob("*.png")).rename(own)
    (mnist_examples.parent / "kept").write_bytes(own.read_bytes())
    panel.load_in_background(window.tasks)
    qtbot.waitUntil(lambda: any(e.path == own for e in panel.found.examples), timeout=20_000)
    before, said = set((root / "3").iterdir()), []
    panel.said.connect(said.append)
    panel.delete(next(e for e in panel.found.examples if e.path == own))
    window.canvas.undo_stack.undo()
    (back,) = set((root / "3").iterdir()) - before
    assert said[0].startswith("Deleted the example of 3 (my-own-three-")  # the delete says so (forty-fifth round)
    assert said[1:] == [
        f"Brought back the example of 3 as {back.name}: its own name, 240 bytes, is too long to write again here"
    ]
    assert back.read_bytes() == (mnist_examples.parent / "kept").read_bytes()


def test_a_base_deleted_before_the_fine_tune_read_it_is_said_gone(qtbot, tmp_path: Path) -> None:
    """The model taught from, deleted as teaching began (before the fine-tune read it), ended the dialog with the
    fine-tune's own words, "checkpoint not found: /…/base.safetensors", where a base deleted later is said gone."""
    import shutil

    from gui_window import open_shipped_window, teach_under_way

    from rowreader.checkpoint import pretrained_path

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching, base = window.teaching, tmp_path / "base.safetensors"
    shutil.copyfile(pretrained_path(), base)
    teach_under_way(window, base, "mine-20261202-120000-abcdef.safetensors")
    base.unlink()
    teaching._not_taught(f"checkpoint not found: {base}")
    assert teaching.dialog.status.text() == (
        "The model teaching started from, base.safetensors, is gone (deleted or moved since). Still reading with "
        "the shipped model; nothing was written."
    )
