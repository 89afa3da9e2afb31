"""The fiftieth round of hostile testing, lead: what the merges of the round's helpers met (the whole suite run on
a clone of main between merges), each test seen failing on the code before its fix."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from rowreader.cli import main
from rowreader.preprocess import normalise


def _number_written(digits: list[np.ndarray], gap: int) -> np.ndarray:
    """MNIST digits side by side on white paper, ``gap`` px apart: a number written on one line."""
    page = np.full((60, 16 + len(digits) * (28 + gap)), 255, np.uint8)
    for i, digit in enumerate(digits):
        left = 8 + i * (28 + gap)
        page[16:44, left : left + 28] = np.minimum(page[16:44, left : left + 28], 255 - digit)
    return page


def test_a_number_or_a_line_of_text_is_not_called_a_single_line(mnist_test, tmp_path, capsys):
    """The pages helper's line rule (ink under a quarter as tall as it is wide is "a single line, not a digit") took
    any flat ink for a rule: a number of six digits written on one line, and a page of two lines of small text (the
    twenty-first round's "many small marks (a page of text?)"), were "a single line". A line is one unbroken run of
    ink across its width; written digits and letters leave gaps, and are counted as marks as before."""
    images, _ = mnist_test
    number = _number_written(list(images[:6]), gap=12)
    read = normalise(number, ink="dark")
    assert not read.too_small and read.marks >= 2
    Image.fromarray(number).save(tmp_path / "number.png")
    main(["predict", str(tmp_path / "number.png")])
    assert "single line" not in capsys.readouterr().out
    page = Image.new("L", (700, 64), 255)
    for line in range(2):
        text = "The quick brown fox jumps over the lazy dog 0123456789"
        ImageDraw.Draw(page).text((10, 10 + 12 * line), text, font=ImageFont.load_default(size=8), fill=0)
    assert normalise(np.asarray(page)).many_marks
    rule = np.full((60, 400), 255, np.uint8)
    rule[28:31, 20:380] = 0  # a ruled line alone is still one
    assert normalise(rule).too_small


def test_a_disk_out_of_files_or_of_space_is_said_in_the_units_a_person_reads(tmp_path, monkeypatch):
    """argv3's words for a write that did not fit ("its disk is full (1,517,675 kB free, too little for it)") named
    a disk of 1.5 GB free in kilobytes, and a disk whose every inode was used (ENOSPC with blocks to spare) as too
    small for the file. The free room is said in kB, MB or GB as it is large, and a disk out of inodes as one that
    takes no more files."""
    import errno
    import os
    import shutil

    from rowreader import atomic

    target, err = tmp_path / "grid.png", OSError(errno.ENOSPC, "No space left on device")
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(atomic.shutil, "disk_usage", lambda _: usage._replace(free=1_517_675_000))
    said = atomic.unwritten(target, err)
    assert "its disk is full (1.5 GB free, too little for it)" in said and "kB" not in said
    monkeypatch.setattr(atomic.shutil, "disk_usage", lambda _: usage._replace(free=8_192))
    assert "(8 kB free, too little for it)" in atomic.unwritten(target, err)
    real = os.statvfs(tmp_path)
    fields = [getattr(real, name) for name in ("f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files")]
    no_inode = os.statvfs_result((*fields, 0, 0, real.f_flag, real.f_namemax))
    monkeypatch.setattr(atomic.os, "statvfs", lambda _: no_inode)
    said = atomic.unwritten(target, err)
    assert "its disk takes no more files (every inode on it is used)" in said and "too little" not in said
    assert said.endswith("; free some space there, or choose a folder on another disk")


def test_a_page_all_one_shade_is_said_so_in_the_app_as_by_predict(tmp_path):
    """pages made `predict` say of a black page "the picture is all one shade, nothing is drawn on it" (it was "the
    image is empty"), but the app's Open kept "no digit found (the picture is blank or has no contrast)" (docs6 saw
    the two words for one page): one wording, ``picture_words.no_ink``, for both (since words2, "no ink found", as
    predict says it)."""
    from gui.image_io import load_picture_file
    from rowreader.picture_errors import PictureError

    for shade in (0, 128):
        Image.fromarray(np.full((64, 64), shade, np.uint8)).save(tmp_path / "page.png")
        try:
            load_picture_file(tmp_path / "page.png")
        except PictureError as err:
            assert "page.png: no ink found: the picture is all one shade, nothing is drawn on it" in str(err)
        else:
            raise AssertionError("a page of one shade was read")


def test_a_hand_edited_list_of_opened_models_keeps_its_good_entries_past_bad_ones(tmp_path):
    """`read_opened` read the first five entries of the remembered models and then dropped those that were no path:
    a hand-edited list whose first five were blank (or, in the menu, the shipped model) lost the good ones after
    them (review17 saw it). It reads on until it has five it keeps, a bounded number of entries in all."""
    from PySide6.QtCore import QSettings

    from gui.opened_models import OPENED_KEY, read_opened

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    entries = [""] * 6 + [str(tmp_path / f"m{i}.safetensors") for i in range(7)]
    settings.beginWriteArray(OPENED_KEY, len(entries))
    for index, text in enumerate(entries):
        settings.setArrayIndex(index)
        settings.setValue("path", text)
    settings.endArray()
    read = read_opened(settings, 5)
    assert [path.name for path, _ in read] == [f"m{i}.safetensors" for i in range(5)]
    skipped = {tmp_path / "m0.safetensors", tmp_path / "m1.safetensors"}
    kept = read_opened(settings, 5, wanted=lambda path: path not in skipped)
    assert [path.name for path, _ in kept] == [f"m{i}.safetensors" for i in range(2, 7)]


def test_esc_after_shift_f1_closes_the_status_text_before_it_clears_the_drawing(qtbot, tmp_path):
    """In a real window a 7 was drawn, Shift+F1 showed the status bar in full, and the Esc pressed to close it
    cleared the drawing (Esc is Clear; a tooltip takes no keys), the tooltip left over an empty canvas. Esc, or
    Delete, while a tooltip shows now closes it, as an open menu's Esc closes the menu; a second Esc clears."""
    from gui_window import open_shipped_window
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QToolTip

    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert QToolTip.isVisible()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert not window.canvas.is_empty()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3_000)  # Qt hides a tooltip 300 ms after it is asked
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.canvas.is_empty()
