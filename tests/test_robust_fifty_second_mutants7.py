"""The fifty-second round of hostile testing, mutants7: mutation testing by hand of the modules the fiftieth and
fifty-first rounds changed most (gui/example_transfer.py, rowreader/picture_limits.py, rowreader/example_folder.py),
each mutant run against the test files that name its module. A test here pins behaviour a user would notice that no
test asked for, each seen failing on the mutant it is named for and passing on the code as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import open_shipped_window
from test_robust_fiftieth_review16 import rle_bmp
from test_robust_fiftieth_teach5 import sevens_scanned
from test_robust_fifty_first_records3 import old_taught
from test_robust_forty_ninth_review13 import jpeg_said
from test_robust_forty_second_scale import examples_kept

from gui.about import _taught
from gui.example_transfer import (
    CUT_SHORT_FILES,
    NAMED_IN_SUMMARY,
    SAID_AS,
    cut_short_noted,
    cut_short_summary,
    cut_short_words,
    note_cut_short,
)
from rowreader.checkpoint import load_checkpoint, pretrained_path
from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore
from rowreader.picture import read_picture
from rowreader.picture_checks import too_large
from rowreader.picture_limits import check_decoded_size
from training.finetune import learnt_before


def test_a_file_of_someone_elses_lines_at_the_note_s_name_is_left_as_it_is(tmp_path, capfd):
    """A file at the note's name whose lines are not all the app's (a person's own log there, one line of it copied
    from the app's stderr) is not the app's note: a cut short is not added to it (the file rewritten, its other lines
    read out at the next start as the app's), and the next start says nothing of it. Mutant: one line of ours made the
    whole file ours."""
    path = tmp_path / CUT_SHORT_FILES["export"]
    there = f"my notes for Monday\n{SAID_AS}the export to /media/a was cut short\nbuy milk\n".encode()
    path.write_bytes(there)
    assert cut_short_noted(tmp_path, "export") is None
    note_cut_short(tmp_path, "export", cut_short_words("export", 2, Path("/media/b")))
    assert path.read_bytes() == there
    assert "a file there is not this app's note" in capfd.readouterr().err


def test_a_summary_of_as_many_cuts_as_its_tooltip_names_says_each(tmp_path):
    """Ten imports cut short by one logout are summed up at the next start; the tooltip names ten, so the bar says
    "(the tooltip says each)", and of eleven "(… the first 10)", the eleventh counted. Mutant: ten were "the first
    10", as if more were left out."""
    lines = [cut_short_words("import", n, tmp_path / f"w{n}") for n in range(NAMED_IN_SUMMARY + 1)]
    words, tip = cut_short_summary("import", lines[:NAMED_IN_SUMMARY])
    assert f"cut short {NAMED_IN_SUMMARY} imports (the tooltip says each)" in words
    assert all(f"{tmp_path / f'w{n}'} was cut short" in tip for n in range(NAMED_IN_SUMMARY)) and "more" not in tip
    words, tip = cut_short_summary("import", lines)
    assert f"(the tooltip says the first {NAMED_IN_SUMMARY})" in words and tip.endswith("… and 1 more")


@pytest.mark.parametrize("kind", ["import", "export"])
def test_a_press_just_after_a_transfer_ended_whole_opens_its_dialog(qtbot, tmp_path, monkeypatch, kind):
    """Import… pressed again the moment an import ended whole (a second folder to bring in) opens the dialog: only a
    press just after a *stopped* one ends is taken for Stop's second press and let go. Mutant: every import's end
    was taken for a stop, the next press in the second after it lost without a word."""
    source = ExampleStore(tmp_path / "source")
    examples_kept(source, {1: 3})
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    asked: list[str] = []
    monkeypatch.setattr(window.files, "choose_folder", lambda *args, **kwargs: asked.append("dialog") or "")
    if kind == "import":
        teaching.import_folder(source.root)
    else:
        examples_kept(teaching.store, {2: 3})
        teaching.export_folder(tmp_path / "stick")
    qtbot.waitUntil(lambda: not window.tasks.busy and not teaching.transfer_stops[kind], timeout=20_000)
    (teaching.panel.import_button if kind == "import" else teaching.panel.export_button).click()
    assert asked == ["dialog"]


def test_an_rle8_bmp_with_bytes_after_its_runs_is_read(tmp_path):
    """An RLE8 BMP of 600² followed by 5 MB of other bytes (a file padded by the program that saved or recovered it)
    is read, and not counted too large: PIL's decoder stops at the picture's end, so the runs it decodes are at most
    two bytes a pixel, whatever follows them. Mutant: every byte after the header was counted a run, and the digit
    refused as "more than the 4 MB such a picture may take"."""
    path = rle_bmp(tmp_path / "padded.bmp", 600, 8, 255)
    path.write_bytes(path.read_bytes() + bytes(5 * 2**20))
    assert read_picture(path).shape[:2] == (600, 600)
    assert not too_large(path)


@pytest.mark.parametrize(("width", "height", "progressive"), [(9504, 6336, True), (10000, 7000, False)])
def test_a_camera_jpeg_too_large_whole_is_decoded_at_half_not_an_eighth(width, height, progressive):
    """A camera's JPEG of 61 MP (progressive) or 70 MP whose boxes no scale divides, too large to decode whole, is
    decoded at half its size, the largest of libjpeg's scales that fits the limit (review13 said so, and pinned only
    "smaller"; a progressive 70 MP one takes a quarter, its coefficients held whatever the scale): each stroke keeps
    the most of its pixels. Mutant: the smallest scale, an eighth, was taken, the page read from 1/64 of
    its pixels."""
    image = jpeg_said(width, height, progressive)
    check_decoded_size(image)
    assert image.size == (width // 2, height // 2)


def test_a_fiftieth_round_record_of_a_sub_folder_s_example_names_its_place(tmp_path, mnist_test):
    """A model taught by the fiftieth round's code (names by place, before the record said so) on 7/monday/scan1.png
    recorded "7/monday/scan1.png": a teach from it on a folder that now holds 7/tuesday/scan1.png too counts the
    Monday drawing taught before and the Tuesday one new. Mutant: such a name was read as an older app's file-alone
    name ("7//monday/scan1.png"), matching no example, so the Monday drawing was counted unseen, the held-out estimate
    said sound though it read high."""
    sevens_scanned(tmp_path, mnist_test, ("monday", "tuesday"))
    old = old_taught(load_checkpoint(pretrained_path()), ["7/monday/scan1.png"])
    assert learnt_before(old, load_examples(tmp_path)) == 1


def test_a_record_s_count_of_true_is_no_count(tmp_path):
    """A taught model's record is a file anyone may edit: its count ``true`` (JSON's) is no count of examples, so the
    About box says nothing of what the model learnt from, and ``true`` copies set aside are none. Mutant: a bool was a
    count, the About box saying "your 1 example" of ``true``, "1 copy set aside" beside a real count."""
    assert _taught({"count": True}) is None
    assert _taught({"count": 4, "copies_set_aside": True, "left_out": False}) == "your 4 examples"
