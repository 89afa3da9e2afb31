"""The fifty-first round of hostile testing, mutants6: one small change at a time (a comparison flipped, a constant
moved by one, a branch dropped, an argument swapped, an early return) in the code the fiftieth round added or changed
most (one digit's line and rule checks, the cache's header checks and the words of a failed write, the models opened
from elsewhere, the status bar in full), each run against the test files that name its module, in a copy of the tree;
each test here kills a mutant that lived, and is checked to fail on it."""

from __future__ import annotations

import errno
import io
import os
import shutil
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from gui_window import open_shipped_window
from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip
from test_core_cli import write_idx

from gui.opened_models import Stamp, change_note, read_opened, stamp_of, write_opened
from rowreader import ReaderConfig, RowReader
from rowreader.atomic import atomic_write_files, cached_npz, unwritten
from rowreader.checkpoint import save_checkpoint
from rowreader.cli import main
from rowreader.lighting import even_light
from rowreader.one_digit import is_line, lines_beside
from rowreader.picture_checks import too_large
from rowreader.preprocess import finds_ink, normalise
from training.config import FitConfig


def _marks(widths: list[int], height: int, gaps: int | list[int]) -> np.ndarray:
    """Ink of solid marks ``height`` tall, of ``widths``, ``gaps`` columns of paper between each two (one for all)."""
    apart = [gaps] * (len(widths) - 1) if isinstance(gaps, int) else gaps
    columns = [np.ones(widths[0], bool)]
    for width, gap in zip(widths[1:], apart, strict=True):
        columns += [np.zeros(gap, bool), np.ones(width, bool)]
    return np.tile(np.concatenate(columns), (height, 1))


@pytest.mark.parametrize(
    ("ink", "line"),
    [
        (_marks([274, 4], 3, 2), True),  # a 280-px rule nicked 6 px from its end: its stub stands up, 4 by 3
        (_marks([36, 2], 3, 2), True),  # a 40-px dash nicked at its end: 38 of 40 columns inked, LINE_UNBROKEN
        (_marks([20, 36, 26, 40, 30], 12, 3), False),  # five marks standing up, unlike, 3 px apart: 93 % inked
        (_marks([20, 35, 25, 40], 3, 10), True),  # a rule dashed by hand: its dashes flat, unlike, unevenly spaced
        (_marks([6, 6, 6], 6, 14), True),  # three dots in a row, alike, evenly spaced: DOTTED_MARKS
        (_marks([6, 7, 6], 6, 14), True),  # three dots a pixel unlike: a scan's dots differ so
        (_marks([6, 6], 6, 14), False),  # two dots: a colon turned, not yet a dotted rule
        (_marks([8, 8, 8], 20, [20, 60]), False),  # "1  1      1": alike, not evenly spaced
    ],
    ids=[
        "a rule nicked",
        "a dash nicked",
        "marks close together",
        "a rule dashed by hand",
        "three dots",
        "dots a pixel unlike",
        "two dots",
        "ones apart",
    ],
)
def test_a_line_is_flat_ink_unbroken_or_dashed_marks_standing_up_are_not(ink, line):
    """LINE_UNBROKEN at 1.0, or its ``>=`` as ``>``, lived: a rule with a nick near its end (a scanner's, a pen's
    skip) left a stub that stands up, so the rule was no line, and a user's ruled page read the rule as a digit; at
    0.9, five marks standing up 3 px apart (a number written small on a line) were "a single line". Now each is
    pinned: inked in 95 % of its columns or more, a flat mark is a line, nicks and all; marks with gaps are not.
    Its flat marks' own test dropped (only a dotted rule's marks, alike and evenly spaced, a line) lived too: a rule
    dashed by hand, its dashes unlike, read as marks side by side; it is a line. So did a dotted rule of three marks
    or more asked for four: three dots in a row are a dotted line, as its note says, two are not; and its pitches
    left unasked: three 1s alike, unevenly apart, were a dotted rule ("a number on a line is not"); and the pixel
    its marks may differ by besides ALIKE: a scan's dots, 6 and 7 px wide, were no dotted rule."""
    assert is_line(ink) is line


def _seven(rules: list[int]) -> np.ndarray:
    """A 7 drawn with a 12-px pen on a white 240-px page, printed rules 2 px thick across it at the rows ``rules``."""
    page = Image.new("L", (240, 240), 255)
    draw = ImageDraw.Draw(page)
    draw.line([(70, 60), (170, 60), (110, 180)], fill=0, width=12)
    for row in rules:
        draw.rectangle([20, row, 220, row + 1], fill=0)
    return np.asarray(page)


@pytest.mark.parametrize("rules", [[30, 210], [200, 215], [20, 35, 200]], ids=["between", "twice under", "three"])
def test_every_rule_beside_a_digit_is_taken_away_not_the_first_alone(rules):
    """``lines_beside`` handing back the first rule it found (a return for its ``break``) lived: a 7 cut from ruled
    paper between two rules, or underlined twice, kept all but one of them, read with them. Each rule above or below
    it, apart, is taken away, and the 7 reads as on a bare page, to the pixel."""
    assert np.array_equal(normalise(_seven(rules)).image, normalise(_seven([])).image)


@pytest.mark.parametrize("fall", [13, 16, 22])
def test_a_thin_line_sloping_as_a_ones_foot_under_a_digit_is_no_rule(fall):
    """``RULE_FLATTEST`` at 0.2 lived (the fiftieth round's test asks a line 0.2 as tall as wide, its edge): a thin
    line under a 0, sloping as UNIPEN's 1s' feet drawn apart do (0.17 to 0.24 as tall as wide), was taken away as a
    rule. One from 0.15 to 0.24 stays with the digit; lain flat, it goes."""
    page = np.zeros((140, 100), bool)
    down, across = np.mgrid[:100, :100]
    page[:100] = np.abs(np.hypot(down - 49.5, across - 49.5) - 40) < 6  # a 0: a ring 12 px thick
    for column in range(100):  # a 2 px line falling ``fall`` px across the 0's width, 10 bare rows below it
        page[110 + column * fall // 99 : 112 + column * fall // 99, column] = True
    assert lines_beside(page) is None
    page[110:] = False
    page[110:112] = True
    assert lines_beside(page) is not None


def test_a_failed_writes_own_words_are_passed_on_as_they_are(tmp_path):
    """``unwritten`` lowercasing an error in our own words lived (the older test's path was lowercase): the name of
    "My Digits/Seven.PNG" would be said as "my digits/seven.png", a file that is not there on a disk that tells case.
    Our own words are passed on to the letter; the system's are worded with the file's name as given."""
    out = tmp_path / "My Digits" / "Seven.PNG"
    own = OSError(f"cannot write {out}: {out.parent} is a link that loops back on itself, not a folder")
    assert unwritten(out, own) == str(own)
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES), str(out))
    assert unwritten(out, denied).startswith(f"cannot write {out}: {os.strerror(errno.EACCES)}; choose a folder")


def test_a_full_disk_that_counts_no_inodes_is_full_not_out_of_files(tmp_path, monkeypatch):
    """``unwritten``'s ``f_files and`` dropped lived: a file system that counts no inodes (btrfs, FAT, many FUSE
    ones: ``statvfs`` gives 0 files and 0 free), full, would be said to take "no more files (every inode on it is
    used)", where its blocks ran out. It is said to be full, with its free room; one counting inodes, all used, is
    out of files (the fiftieth round's lead test)."""
    real = os.statvfs(tmp_path)
    fields = [getattr(real, name) for name in ("f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail")]
    uncounted = os.statvfs_result((*fields, 0, 0, 0, real.f_flag, real.f_namemax))
    monkeypatch.setattr(os, "statvfs", lambda _: uncounted)  # what such a file system answers, as the lead test does
    said = unwritten(tmp_path / "grid.png", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert "its disk is full (" in said and "inode" not in said, said


def test_a_failed_write_of_several_files_names_the_one_that_failed(tmp_path):
    """``unwritten`` naming the file it was handed, not the error's, lived: a write of two pictures (teach_screenshot
    hands it the first) whose second name is too long for the file system (250 characters and the temporary's) was
    said of the first, a name nothing is wrong with. The file that failed is named, and nothing is written."""
    first, second = tmp_path / "window.png", tmp_path / ("d" * 250 + ".png")
    with pytest.raises(OSError) as caught:
        atomic_write_files([(first, b"window"), (second, b"dialog")])
    assert unwritten(first, caught.value).startswith(f"cannot write {second}: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("free", "words"), [(1, "1 byte"), (999, "999 bytes"), (1000, "1 kB"), (0, "0 bytes")])
def test_a_full_disks_last_bytes_are_said_as_a_person_says_them(tmp_path, monkeypatch, free, words):
    """``_amount``'s "byte" for one alone lived (every older test's disk had more): "1 bytes free". One byte is
    "1 byte", the rest "bytes", and a thousand "1 kB"."""
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=free))  # as the lead test does
    said = unwritten(tmp_path / "grid.png", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert f"its disk is full ({words} free, too little for it)" in said, said


def test_a_remembered_model_with_no_stamp_is_not_said_to_have_changed(tmp_path):
    """``change_note``'s ``then is None`` dropped lived: a model remembered without a stamp (a hand-edited list, or
    one written before stamps were) was shown "(changed since it was opened)" in the Models menu, and the start said
    the last model used was written over. Unknown is not changed; a file written again since its stamp is."""
    model = tmp_path / "mine.safetensors"
    model.write_bytes(b"weights")
    assert change_note(model, None) == ""
    assert change_note(model, stamp_of(model)) == ""
    assert change_note(model, Stamp(1, 0)) == " (changed since it was opened)"
    assert stamp_of(tmp_path / "mine\0.safetensors") is None  # a name the system refuses (ValueError): no stamp


def test_a_shorter_list_of_opened_models_keeps_no_stamp_of_the_longer(tmp_path):
    """``write_opened`` without its ``remove`` lived: the list written again over a longer one, its first entry
    stampless, took the stamp the longer list held at that place, and a model never stamped was said to have
    changed. Each entry is read back as it was written, and no more of them."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first, second = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    write_opened(settings, [(first, Stamp(7, 70)), (second, Stamp(8, 80))])
    write_opened(settings, [(second, None)])
    assert read_opened(QSettings(settings.fileName(), QSettings.Format.IniFormat), 5) == [(second, None)]


def test_a_model_opened_by_a_relative_name_is_remembered_whole_and_at_once(tmp_path, monkeypatch):
    """``write_opened`` keeping a name as given, or not syncing, lived: a model opened as ``mine.safetensors`` from
    the folder the app started in was remembered so, and gone at a start from another folder; and the list was on
    disk only at Qt's next sync (a crash after opening a model lost it). The whole path is on disk as it returns."""
    monkeypatch.chdir(tmp_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    write_opened(settings, [(Path("mine.safetensors"), Stamp(7, 70))])
    assert str(tmp_path / "mine.safetensors") in (tmp_path / "settings.ini").read_text()
    assert read_opened(settings, 5) == [(tmp_path / "mine.safetensors", Stamp(7, 70))]


def test_a_cache_of_one_array_is_refused_in_words(tmp_path):
    """``cached_npz``'s check that it read an archive dropped lived (against the cache tests run): ``np.save``'s
    one array where an index belongs came back as an array, and ``with`` of it was a TypeError out of the dock's
    reading. It is refused as "one array, not a cache written here"."""
    path = tmp_path / "index.npz"
    with path.open("wb") as file:
        np.save(file, np.zeros(3))
    with pytest.raises(ValueError, match="one array, not a cache written here"), cached_npz(path, 1 << 20):
        pass


def test_a_compressed_member_is_held_to_the_largest_not_to_its_own_size(tmp_path):
    """``_refuse_promises`` held to the member's own size alone lived: a compressed member of 8 MB of zeros, 8 kB on
    disk, under a bound of 64 kB, promised what it holds and was read whole (a zip bomb's way past the file's size).
    What a member promises is held to ``largest`` too."""
    path = tmp_path / "index.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("digits.npy", "w") as member:
        np.lib.format.write_array_header_1_0(member, {"descr": "<f8", "fortran_order": False, "shape": (1 << 20,)})
        member.write(bytes(8 << 20))
    assert path.stat().st_size < 64 << 10
    with pytest.raises(ValueError, match="promises more than it holds"), cached_npz(path, 64 << 10):
        pass


def _archive(path, name: str, version: tuple[int, int]) -> None:
    """An ``.npz`` of one member ``name``: three float64s (zeros) after a header of ``np.save``'s ``version``."""
    member = io.BytesIO()
    np.lib.format.write_array_header_2_0(member, {"descr": "<f8", "fortran_order": False, "shape": (3,)})
    header = member.getvalue()  # version 3's header is laid out as version 2's: its magic's version alone differs
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, header[:6] + bytes(version) + header[8:] + bytes(24))


@pytest.mark.parametrize(("name", "version"), [("notes.txt", (1, 0)), ("digits.npy", (3, 0))], ids=["txt", "v3"])
def test_a_cache_member_of_no_version_written_here_is_refused_in_words(tmp_path, name, version):
    """``_refuse_promises`` without ``KeyError`` in its refusal lived, as did a reader for ``np.save``'s version 3:
    a member that is no ``.npy`` (raw bytes, handed back as ``bytes``), or of a version ``write_cache`` never writes,
    raised KeyError out of the dock's reading, or was read. Each is "no array, not a cache written here"."""
    path = tmp_path / "index.npz"
    _archive(path, name, version)
    with pytest.raises(ValueError, match="is no array, not a cache written here"), cached_npz(path, 1 << 20):
        pass
    _archive(path, "digits.npy", (2, 0))
    with cached_npz(path, 1 << 20) as data:
        assert data["digits"].tolist() == [0.0, 0.0, 0.0]


def test_evaluate_limit_of_every_digit_there_reads_them_all_as_all(tmp_path, capsys, mnist_test):
    """``--limit N > there`` as ``>=``, or "the first N of M" for N <= M, lived (every older test read a few of the
    10,000): ``evaluate --limit 12`` of a folder of 12 test digits would be refused ("holds 12 digits"), or say "the
    first 12 of 12". Every digit there may be asked for, and is said as all of them; one more is refused."""
    images, labels = mnist_test
    write_idx(tmp_path / "data", images[:12], labels[:12])
    words = ["evaluate", "--data-dir", str(tmp_path / "data"), "--device", "cpu", "--limit"]
    assert main([*words, "12"]) == 0
    out = capsys.readouterr().out
    assert "data: 12 MNIST test digits from" in out and "decided: " in out
    with pytest.raises(SystemExit) as refused:  # a usage error, as argparse refuses
        main([*words, "13"])
    assert refused.value.code == 2 and "--limit 13: the MNIST test set holds 12 digits" in capsys.readouterr().err


def test_evaluate_of_a_reader_that_never_decides_says_none_decided(tmp_path, capsys, mnist_test):
    """The decided count as every digit read, and each class's median taken over its never-decided digits too
    (row 0), lived (the older tests' shipped model decides nearly all): an untrained reader, its belief near even
    after every row, was said to decide "12 of 12 digits", its classes at median row 0. It decides none, and no
    class has a median."""
    images, labels = mnist_test
    write_idx(tmp_path / "data", images[:12], labels[:12])
    torch.manual_seed(5)
    save_checkpoint(tmp_path / "untrained.safetensors", RowReader(ReaderConfig(input_size=16, hidden_size=24)))
    words = ["--checkpoint", str(tmp_path / "untrained.safetensors"), "--data-dir", str(tmp_path / "data")]
    assert main(["evaluate", *words, "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert "decided: 0 of 12 digits, median row -; never decided: 12 " in out, out
    assert (
        "median decided row by label, wrong answers too (0 of the 0 decided): " + " ".join(f"{c}:-" for c in range(10))
        in out
    )


def test_a_pipe_at_a_caches_name_is_refused_unopened(tmp_path):
    """``cached_npz``'s look by name dropped lived (its look at what it opened refuses a pipe too): the pipe was
    opened, without waiting, and a writer blocked on it went on, writing into a cache read that is refused. A pipe
    seen by name is refused unopened: a writer waiting on it waits still."""
    pipe = tmp_path / "index.npz"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: open(pipe, "wb").close(), daemon=True)
    writer.start()
    writer.join(0.3)  # by now blocked in its open until a reader opens the pipe
    with pytest.raises(ValueError, match="not a cache written here"), cached_npz(pipe, 1 << 20):
        pass
    writer.join(0.3)
    assert writer.is_alive()
    os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # lets the writer go
    writer.join(5)


def test_the_status_bar_in_full_has_no_blank_line_and_esc_closes_only_it(qtbot, tmp_path):
    """Two mutants of the status bar in full lived: its parts joined with an empty one (no message showing) began
    the tooltip, and what a screen reader says, with a blank line; and Esc's check that the tooltip showing is that
    one dropped, so Esc took the tooltip a pointer resting on a button opened for the status bar's (the toolbar's
    Clear was to clear, not hide it). No blank line; another tooltip is not the status bar in full."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    window.statusBar().clearMessage()
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert QToolTip.isVisible()
    whole = QToolTip.text()
    assert whole.startswith(window.status.position_label.text()) and "\n\n" not in whole, repr(whole)
    QToolTip.showText(window.mapToGlobal(QPoint(10, 10)), "Clear the drawing", window)
    assert not window.status.close_whole() and QToolTip.text() == "Clear the drawing"


def test_a_message_under_a_menus_tips_comes_back_only_while_its_time_lasts(qtbot, tmp_path):
    """Three mutants of the status bar's messages lived: a message shown whole got itself as the bar's tooltip (it
    is for a shortened one); pointing at a second menu item forgot that the first's tip covered the message, so it
    did not come back as the menu went; and one whose time ran out under the menu came back for good. Now: no
    tooltip for a whole message, the message back after any number of tips, and not once its time is up."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480))
    status, bar = window.status, window.statusBar()
    status.say("Saved", 20_000)
    assert bar.currentMessage() == "Saved" and bar.toolTip() == ""
    for tip in ("Open a model", "Save the drawing", ""):  # the pointer over two items, then the menu gone
        status.show_tip(tip)
    assert bar.currentMessage() == "Saved"
    status.say("Deleted", 100)
    status.show_tip("Open a model")
    qtbot.wait(200)
    status.show_tip("")
    assert bar.currentMessage() == ""


def test_the_start_notes_wait_for_the_message_showing(qtbot, tmp_path):
    """``tell_settings_trouble`` saying its notes at once lived (each older test had no message showing): a start
    note went over "Loading model…" the moment it was said. The notes follow the message showing, when it goes."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480))
    status, bar = window.status, window.statusBar()
    status.say("Loading model…", 2_500)  # time to spare on a busy machine before the check below
    status.start_notes = [("A note for later", 5_000, None, None)]
    status.tell_settings_trouble()
    qtbot.wait(300)
    assert bar.currentMessage() == "Loading model…"
    qtbot.waitUntil(lambda: bar.currentMessage() == "A note for later", timeout=8_000)


@pytest.mark.parametrize("low", [0.03, 0.05])
def test_dark_paper_under_light_ink_is_not_lifted_from_a_deep_shadow(low):
    """``even_light``'s deep lift without its ``not light_ink`` lived (the canvas's black is even, and left before
    it): light ink on dark paper (a note app's dark mode) whose paper falls from 0.3 to ``low`` across was lifted
    tenfold, as a white page's shadow is. Light falling under a quarter is lifted from that deep only under dark ink;
    here the picture is handed back as it is, the very array."""
    across = np.mgrid[0:400, 0:400][1] / 399
    page = 0.3 - (0.3 - low) * across
    page[150:250, 190:210] = 0.95  # a light stroke
    assert even_light(page, light_ink=True) is page


@pytest.mark.parametrize("low", [0.1, 0.2])
def test_a_page_with_a_cameras_coarse_grain_in_deep_shadow_is_never_lifted_into_ink(low):
    """``MAX_LIFTED_GRAIN`` doubled lived (the fiftieth round tested 1 % grain lifted, not 2 % left): a blank page lit
    from 0.92 down to a fifth of that with a camera's 2 % grain was lifted fivefold, its grain then as dark as ink
    (down to a tenth it was left still). A page whose grain, lifted, would pass 2 σ under the contrast ink stands
    out by is handed back, or (paper2, this round) lifted only where that finds no ink at all; since paper2's grain
    margin the lifted grain is no ink either way, so the doubled constant no longer shows here."""
    across = np.mgrid[0:400, 0:400][1] / 399
    page = (1 - (1 - low) * across) * 0.92 + np.random.default_rng(0).normal(0.0, 0.02, across.shape)
    page = np.clip(page, 0, 1)
    evened = even_light(page)
    assert evened is page or not finds_ink(evened)


def test_distill_weight_zero_without_teachers_is_no_idle_teacher():
    """``idle_teachers`` without its ``not distill_from`` lived (each older test gave teachers): ``--distill-weight
    0`` alone, a script's way to say "no distilling", was refused for teachers given no share of the loss, where
    none were given. Only teachers at no weight are refused; a resumed run's never are."""
    assert replace(FitConfig(), distill_weight=0.0).idle_teachers() is None
    idle = replace(FitConfig(), distill_weight=0.0, distill_from=("teacher.safetensors",))
    assert "--distill-weight 0 gives --distill-from's readers no share" in idle.idle_teachers()
    assert replace(idle, resume=True).idle_teachers() is None


def test_a_fine_tunes_examples_room_is_refused_only_where_it_rounds_to_none():
    """``examples_room``'s ``round(full) < 1`` as ``full < 1`` lived: a batch of 2 at ``--replay 0.7`` leaves 0.6
    of a digit for the examples, which rounds to one, and would be refused. Refused where it rounds to none (0.4)."""
    assert replace(FitConfig(), batch_size=2, replay=0.7).examples_room() == pytest.approx(0.6)
    with pytest.raises(ValueError, match=r"--replay 0\.8 leaves no room for the examples in a batch of 2"):
        replace(FitConfig(), batch_size=2, replay=0.8).examples_room()


def test_too_large_of_a_pipe_answers_at_once(tmp_path):
    """``too_large`` opening its path by name lived (no test of it handed it a pipe): a picture swapped for a named
    pipe since the dock listed it hung the dock's count until something wrote to the pipe. It answers False at once
    (not a matter of size; the pipe's own error says why it is not read)."""
    pipe = tmp_path / "seven.png"
    os.mkfifo(pipe)
    answers: list[bool] = []
    asker = threading.Thread(target=lambda: answers.append(too_large(pipe)), daemon=True)
    asker.start()
    asker.join(2)
    if asker.is_alive():  # hung in its open: a writer lets it go, so the test ends
        os.close(os.open(pipe, os.O_WRONLY))
        asker.join(5)
    assert answers == [False] and not asker.is_alive()
