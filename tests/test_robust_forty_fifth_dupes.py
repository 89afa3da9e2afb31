"""The forty-fifth round of hostile testing, dupes: copies of one drawing in My examples and in a teach (1,000
byte-identical copies of one 3 imported, all copied without a word; a teach's newest 100 3s then all that one
drawing, the person's own 3s left out), tried with the library, the command line's fine-tune and the app offscreen
with pytest-qt; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from gui_window import open_shipped_window
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from test_robust_forty_second_scale import FAST, examples_kept

import training.finetune as finetune_module
from rowreader.checkpoint import read_metadata
from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore
from training.fit import main as fit_main


def identical_copies(picture: Path, count: int, when: int = 1_800_000_000) -> list[Path]:
    """``count`` byte-identical copies of ``picture`` beside it (named as a scanner or a file manager names them), each
    newer than every example ``examples_kept`` keeps; the paths, oldest first."""
    made = []
    for i in range(count):
        copy = picture.with_name(f"copy{i:04d}.png")
        shutil.copyfile(picture, copy)
        os.utime(copy, (when + i, when + i))
        made.append(copy)
    return made


@settings(max_examples=12, deadline=None)
@given(own=st.integers(1, 4), copies=st.integers(1, 12), cap=st.integers(1, 6))
def test_a_teachs_newest_of_a_digit_count_each_drawing_once_and_set_its_copies_aside(
    tmp_path_factory, own, copies, cap
):
    """A teach learns from each digit's newest ``cap`` pictures; copies of one drawing (byte for byte) kept after a
    person's own 3s filled the cap, so the teach learnt that one drawing ``cap`` times and none of the person's own,
    and said only "only one drawing of 3". Each drawing now counts once: the newest copy is read, the other copies are
    set aside and counted (``copies``), and the cap is filled with the next newest drawings."""
    root = tmp_path_factory.mktemp("examples")
    mine = examples_kept(ExampleStore(root), {3: own})[3]
    made = identical_copies(
        mine[0], copies
    )  # the oldest of the person's 3s, copied anew: each copy newer than all of them
    found = load_examples(root, newest=cap)
    read = [e.path for e in found.examples]
    assert len({e.image.tobytes() for e in found.examples}) == len(read) == min(cap, own)  # each a drawing of its own
    # the newest copy stands for its drawing (the original among its copies), then the person's newest other 3s
    assert set(read) == {made[-1], *mine[own - (len(read) - 1) :]}
    assert found.copies + found.left_out + len(read) == own + copies  # every picture read, set aside or left out
    assert found.copies >= min(copies - 1, 1 if cap > 1 else 0)
    assert found.taught() == len(read)


def test_copies_of_one_drawing_alone_are_still_refused_as_too_few(tmp_path):
    """Set aside by the teach's cap, five copies of one drawing are still five copies of one drawing, not "one
    example": the refusal says so, as before."""
    root = tmp_path / "examples"
    (mine,) = examples_kept(ExampleStore(root), {3: 1})[3]
    identical_copies(mine, 4)
    found = load_examples(root, newest=100)
    assert len(found) == 1 and found.copies == 4
    assert found.too_few() == "5 examples of one drawing; teaching needs at least two different drawings"


def test_the_fine_tune_teaches_each_drawing_once_and_says_how_many_copies_it_set_aside(
    tmp_path, tiny_base, monkeypatch, capsys
):
    """``python -m training.fit --finetune … --examples DIR``: twelve copies of one 3 kept after a person's three 3s
    filled the teach's newest 5 3s; the person's own were left out as older, and the only word was "only one drawing
    of 3", and the held-out examples read as another digit named five of the copies, a line each. Each drawing is
    taught once, the newest copy standing for its drawing, and the other twelve (the eleven older copies and the
    drawing they copy) counted as set aside, on stderr and in the model's metadata; one copy at most is misread."""
    monkeypatch.setattr(finetune_module, "NEWEST_PER_DIGIT", 5, raising=False)
    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {3: 3, 7: 3})
    made = identical_copies(kept[3][0], 12)
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *FAST]
    assert fit_main([*argv, "--progress", "json"]) == 0
    said = capsys.readouterr()
    examples = read_metadata(out)["examples"]
    # the copies were made of the oldest 3: the newest copy stands for it
    taught = {f"3/{p.name}" for p in [*kept[3][1:], made[-1]]} | {f"7/{p.name}" for p in kept[7]}
    assert set(examples["files"]) == taught
    assert examples["copies_set_aside"] == 12 and examples["left_out"] == 0
    start = json.loads(said.out.splitlines()[0])  # the app's dialog: "6 drawings of your 18 examples (12 copies…"
    assert (start["examples"], start["left_out"], start["copies"]) == (6, 0, 12)
    words = "12 copies of drawings taught once were set aside: a copy teaches nothing new"
    assert words in start["warnings"] and words in said.err
    assert not any("only one drawing of" in line for line in start["warnings"])
    # the held-out examples read as another digit, a line each on the command line: one per copy, where it was one
    misread = read_metadata(out)["heldout_accuracy"]["misread"]
    assert sum(m["file"].startswith("3/copy") for m in misread) <= 1, misread


def test_an_import_says_how_many_of_what_it_copied_are_copies_of_one_drawing(qtbot, tmp_path):
    """1,000 byte-identical copies of one 3 imported were copied, 1,000 examples, and the status bar said "Imported
    1,000 example(s)" and nothing of their being one drawing, which a teach learns once. The import copies them as they
    are there, and says how many of what it copied are copies of one another or of a drawing kept already (the same
    28×28 input, byte for byte or saved anew); a picture kept already byte for byte is still not copied."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store = window.teaching.store
    (kept,) = examples_kept(store, {3: 1})[3]
    source = ExampleStore(tmp_path / "source")
    mine = examples_kept(
        source, {3: 3, 7: 1}
    )  # the first 3 is the one kept, byte for byte; the others drawings of their own
    # kept here already, its drawing saved anew (other bytes, the same input)
    Image.open(kept).save(source.root / "3" / "again.png", compress_level=1)
    made = identical_copies(mine[3][1], 9)
    assert (source.root / "3" / "again.png").read_bytes() != kept.read_bytes()
    imported = store.import_folder(source.root)
    assert len(imported.added) == 13 and imported.already_kept == 1
    assert imported.copies == 10  # nine copies of one 3, and the 3 kept already saved anew
    shutil.copyfile(kept, source.root / "3" / "same.png")  # byte for byte: kept already, not copied
    again = store.import_folder(source.root)
    assert (len(again.added), again.already_kept, again.copies) == (0, 15, 0)
    for copy in made:
        copy.unlink()
    (source.root / "7" / "other.png").write_bytes((source.root / "3" / "again.png").read_bytes())  # a 3 under 7
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: window.teaching.importing == 0, timeout=20_000)
    # another digit's: not a copy; the six kept already are five kept pictures (the polish2 round)
    assert messages[-1] == "Imported 1 example from source; 6 are copies of 5 pictures kept already"
    more = ExampleStore(tmp_path / "more")
    identical_copies(examples_kept(more, {5: 1})[5][0], 3)
    window.teaching.import_folder(more.root)
    qtbot.waitUntil(lambda: window.teaching.importing == 0, timeout=20_000)
    assert messages[-1] == (
        "Imported 4 examples from more; 3 of them are copies of one another or of a drawing kept (a teach learns "
        "each drawing once)"
    )
