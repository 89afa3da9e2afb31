"""The forty-seventh round of hostile testing, mutants2: the mutants the forty-sixth round left living, and more made
in the library (number_text, skipped_files, stream, preprocess, checkpoint, pen) and in training (the fit, the
fine-tune, the metrics), each run against the test files that name its module; each test here kills a mutant that
lived, and is checked to fail on it."""

from __future__ import annotations

import argparse
import io
import os
import pickle
import resource
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_robust_eighteenth_pictures import grey_seven
from test_robust_nineteenth_pictures import tiff16

from rowreader.checkpoint import (
    foreign_file_kind,
    is_checkpoint,
    save_checkpoint,
    side_file_problem,
)
from rowreader.cli import main
from rowreader.example_folder import load_examples
from rowreader.output import NAMED_WHOLE
from rowreader.pen import CANVAS, MARGIN, MAX_PEN, MIN_PEN, brush_argument, draw_strokes, fit_strokes
from rowreader.preprocess import Placement, to_mnist
from rowreader.skipped_files import skipped_kinds, skipped_lines, some_of
from rowreader.stream import UNSURE_BELOW, decided_at, percent_text
from training.metrics import MetricsLog, accuracy_summary

SHIPPED = Path(__file__).resolve().parents[1] / "rowreader" / "pretrained" / "rowreader.safetensors"


def test_a_picture_piped_in_is_not_called_the_model_in_a_file_named_dash(tmp_path, monkeypatch, capsys):
    """`predict -` of a picture PIL cannot read (a 16-bit grey TIFF with an alpha) piped in, in a folder that holds a
    model saved as ``./-``: the hint "it is a RowReader model: give it as --checkpoint -" was about the file, not what
    was piped in (the mutant without ``path != STDIN`` said it). What was piped in is named, and no model."""
    shutil.copy(SHIPPED, tmp_path / "-")
    monkeypatch.chdir(tmp_path)
    grey = grey_seven(4095, 300)
    sent = tiff16(np.dstack([grey, np.full(grey.shape, 65535)]).astype(np.uint16), planar=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(sent))))
    assert main(["predict", "-"]) == 1
    said = capsys.readouterr().err
    assert "a TIFF of 16-bit grey with an alpha" in said
    assert "checkpoint" not in said


def test_a_decimal_comma_at_the_least_a_flag_takes_is_told_the_number_not_the_range():
    """`--brush 4,0` (4, the narrowest pen) is told "a decimal is written with a point: 4.0", the number it takes;
    the mutant that held a flag's least beyond its range (``low < value``) told the range instead, as if 4 were
    refused. Just below the least, the range is said."""
    with pytest.raises(argparse.ArgumentTypeError, match=r"\(a decimal is written with a point: 4\.0\)$"):
        brush_argument("4,0")
    wanted = r"^must be from 4 to 64 canvas pixels, got '3,99' \(a decimal is written with a point\)$"  # cli26
    with pytest.raises(argparse.ArgumentTypeError, match=wanted):
        brush_argument("3,99")


def _beliefs(top: float, rows: int = 28) -> np.ndarray:
    """One digit's beliefs, ``[rows, 10]``: a 7 held at ``top`` from row 1, the rest of the belief on a 1."""
    probs = np.zeros((rows, 10))
    probs[:, 7], probs[:, 1] = top, 1.0 - top
    return probs


def test_a_belief_of_exactly_the_sure_mark_is_decided_and_written_as_it():
    """A belief of exactly 60 %, the mark under which an answer is unsure, is sure: decided from its first row and
    written "60.0%"; the mutant ``probability <= UNSURE_BELOW`` wrote "59.9%", beside an answer given as sure."""
    assert decided_at(_beliefs(UNSURE_BELOW)) == 1
    assert percent_text(UNSURE_BELOW) == "60.0%"
    assert percent_text(0.59974) == "59.9%"  # under it, never rounded up to it


def test_each_file_an_examples_folder_skips_is_counted_once_by_its_kind(tmp_path):
    """A folder of examples holding a picture outside the digits' folders, an `old/`, a link ``3`` to nothing, a
    named pipe ``4`` and a damaged PNG in ``5/``: five files, one of each kind. Three mutants counted one twice (the
    picture outside as damaged too, the link as a file where a folder should be, the pipe as a pipe too), so the
    damaged PNG went uncounted or one more was said."""
    picture = np.zeros((28, 28), np.uint8)
    picture[5:23, 12:16] = 255
    (tmp_path / "5").mkdir()
    (tmp_path / "old").mkdir()
    Image.fromarray(picture).save(tmp_path / "loose.png")
    Image.fromarray(picture).save(tmp_path / "5" / "good.png")
    (tmp_path / "5" / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\ncut")
    (tmp_path / "3").symlink_to(tmp_path / "gone")
    os.mkfifo(tmp_path / "4")
    found = load_examples(tmp_path)
    assert len(found.problems) == 5
    assert skipped_kinds(found.problems) == (
        "1 damaged file and 1 folder not named 0–9 and 1 picture outside the digits' folders and 1 file "
        "where a digit's folder should be and 1 broken link"
    )


def test_as_many_skipped_files_as_are_named_whole_are_each_said_and_no_more_is_promised():
    """Five skipped files (as many as are named whole) are each said on a line of their own, the sixth makes a
    count of them; the dock's message naming its most says no "… and 0 more". The mutants ``< NAMED_WHOLE`` and
    ``len(items) >= most`` lived."""
    problems = [f"/tmp/{n}.png: a damaged PNG picture" for n in range(NAMED_WHOLE + 1)]
    assert skipped_lines(problems[:NAMED_WHOLE]) == [f"skipped {problem}" for problem in problems[:NAMED_WHOLE]]
    assert skipped_lines(problems)[0].startswith(f"skipped {NAMED_WHOLE + 1:,} files: {NAMED_WHOLE + 1} damaged files")
    assert some_of(["a.png", "b.png"], 2, "; ") == "a.png; b.png"
    assert some_of(["a.png", "b.png", "c.png"], 2, "; ") == "a.png; b.png; … and 1 more"


@pytest.mark.parametrize(("height", "width"), [(900, 2), (2, 900)])
def test_a_stroke_two_pixels_across_a_picture_two_pixels_wide_is_read_as_one_stroke(height, width):
    """A 1 drawn 2 px wide down a picture 2 px wide (paper above and below it) is one stroke the box's length: its
    paper is at its ends. The mutants that took a picture 2 px across as all border (``width < 2``, ``height < 2``)
    found its border mostly ink and read the paper as two dots: 8 inked rows, not 20."""
    page = np.full((height, width), 255, np.uint8)
    if height > width:
        page[height // 10 : 9 * height // 10] = 0
    else:
        page[:, width // 10 : 9 * width // 10] = 0
    # allow_small: the bar lying flat is a line alone, no digit, since the fiftieth round; its stroke is what is asked
    inked = (to_mnist(page, allow_small=True) > 0.3).any(axis=1 if height > width else 0)
    assert inked.sum() == 20 and np.ptp(np.flatnonzero(inked)) == 19


def test_a_float_digit_whose_brightest_pixel_is_exactly_2_reads_as_0_to_1(mnist_test):
    """Floats are [0, 1] up to 2 (a resampling's overshoot): a [0, 1] digit with one pixel of exactly 2.0 reads as
    the digit. The mutant ``top >= 2.0`` read it as 0…255 values, a black page with no ink."""
    digit = mnist_test[0][0] / 255.0
    overshot = digit.copy()
    overshot[np.unravel_index(digit.argmax(), digit.shape)] = 2.0  # on the ink
    assert np.abs(to_mnist(overshot) - to_mnist(digit)).max() < 0.05


def test_a_placement_of_no_width_is_refused():
    """A placement whose box is rows high but no pixel wide is refused as of no size, as one of no height is; the
    mutant that checked the height alone took it (a view then drew the rows onto nothing)."""
    with pytest.raises(ValueError, match="a placement of no size: box"):
        Placement((0.0, 0.0, 10.0, 10.0), (4, 4, 20, 0))
    with pytest.raises(ValueError, match="a placement of no size: box"):
        Placement((0.0, 0.0, 10.0, 10.0), (4, 4, 0, 20))


def test_a_single_stream_fed_no_digits_is_not_told_to_read_a_batch_of_none(tiny_reader):
    """``feed_image`` of an empty stack of digits, ``[0, 28, 28]``, on a single stream is refused for its shape
    with no hint: the mutant ``got[0] >= 0`` told it "stream(batch=0) reads 0 in lock-step", a stream no one can
    make. Three digits are told ``stream(batch=3)``."""
    stream = tiny_reader.stream()
    with pytest.raises(ValueError, match=r"got \(0, 28, 28\)$"):
        stream.feed_image(np.zeros((0, 28, 28), np.float32))
    with pytest.raises(ValueError, match=r"stream\(batch=3\) reads 3 in lock-step"):
        stream.feed_image(np.zeros((3, 28, 28), np.float32))


def test_the_narrowest_and_widest_brushes_are_taken_and_a_pen_filling_the_canvas_is_not():
    """`--brush 4` and `--brush 64`, the canvas's own narrowest and widest, are taken (the mutant ``MIN_PEN < value``
    refused 4); a glyph fitted with a pen as wide as the canvas within its margins, which leaves its strokes no
    room, is refused (the mutant ``width <= widest`` took it); a picture drawn 0 px tall is refused as one 0 px
    wide is (the mutant that checked the width alone took it)."""
    assert brush_argument("4") == MIN_PEN and brush_argument("64") == MAX_PEN
    stroke = [np.array([[0.0, 0.0], [0.0, 10.0]])]
    with pytest.raises(ValueError, match="pen width must be between 0 and 276 canvas pixels"):
        fit_strokes(stroke, pen=CANVAS - 2 * MARGIN)
    assert fit_strokes(stroke, pen=CANVAS - 2 * MARGIN - 1)
    for size in [(10, 0), (0, 10)]:
        with pytest.raises(ValueError, match="size must be at least 1×1"):
            draw_strokes(stroke, 4.0, size)


def test_a_first_epoch_that_could_not_be_saved_leaves_an_earlier_runs_metrics_as_they_were(tmp_path):
    """A run over an earlier run's metrics CSV whose first epoch could not be saved (its row not yet written, as
    rows wait for their save) leaves that CSV as it was, as a run failing before its first row does; the mutant
    ``_on_disk < _saved`` deleted it, though this run had written nothing to it."""
    path = tmp_path / "m.metrics.csv"
    path.write_text("epoch,step\n1,100\n")
    log = MetricsLog(path)
    log.start()
    log.add(epoch=1, step=10, seconds=1.0, loss=0.5, lr=0.001, train_accuracy=0.9, write=False)
    log.unsaved()
    assert path.read_text() == "epoch,step\n1,100\n"
    assert log.history == []


def test_a_save_with_no_row_to_write_leaves_a_metrics_csv_another_program_changed(tmp_path, capsys):
    """Every row written, the CSV changed by another program (saved from a spreadsheet), then a save that brings no
    new row: the file is left as that program left it, and nothing is said; the mutant without the early return of
    a flush with nothing to write wrote the file whole again over the user's changes, with the note that it had."""
    path = tmp_path / "m.metrics.csv"
    log = MetricsLog(path)
    log.start()
    log.add(epoch=1, step=10, seconds=1.0, loss=0.5, lr=0.001, train_accuracy=0.9)
    log.saved()
    path.write_text("epoch;step\n1;10\n")
    log.saved()
    assert path.read_text() == "epoch;step\n1;10\n"
    assert "changed by another program" not in capsys.readouterr().err


def test_a_metrics_csv_changed_by_another_program_on_a_full_disk_is_noted_once(tmp_path, capsys):
    """A CSV another program changed, on a disk that takes no more (a file-size limit stands for it): the note that
    it is written whole again and the warning that it cannot be are said once, and each later row tries again in
    silence; once the disk takes it, the file holds every row. The mutant that forgot the failed write at the next
    row said the note again at every row."""
    path = tmp_path / "m.metrics.csv"
    log = MetricsLog(path)
    log.start()
    row = {"step": 10, "seconds": 1.0, "loss": 0.5, "lr": 0.001, "train_accuracy": 0.9}
    log.add(epoch=1, **row)
    path.write_text("epoch;step\n1;10\n")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, hard))  # Python ignores SIGXFSZ: a write past it is EFBIG
    try:
        log.add(epoch=2, **row)
        log.add(epoch=3, **row)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    said = capsys.readouterr().err
    assert said.count("changed by another program") == 1 and said.count("cannot write the metrics CSV") == 1
    log.add(epoch=4, **row)
    assert [line.split(",")[0] for line in path.read_text().splitlines()] == ["epoch", "1", "2", "3", "4"]


def test_an_epochs_summary_names_each_rows_own_accuracy():
    """The line after each epoch, "test 0.2800 (row 7: 0.0700, …)", gives row 7's accuracy as row 7's; the mutant
    ``curve[r]`` gave row 8's (a curve rising row by row said each row better than it was)."""
    curve = np.arange(1, 29) / 100
    assert accuracy_summary(curve, (7, 14, 21)) == "test 0.2800 (row 7: 0.0700, row 14: 0.1400, row 21: 0.2100)"


def test_a_model_is_saved_over_an_empty_file_and_a_csv_may_be_named_dot_lock(tmp_path, tiny_reader):
    """An empty file (a `touch m.safetensors`) holds nothing to lose: a model is saved over it, where a file holding
    something not a model is kept (the mutant without ``st_size == 0`` kept the empty one as "a file"). A metrics
    CSV named ``.lock`` is no file's lock (that would be the lock of a file of no name): taken, where the mutant
    ``len(name) >= len(suffix)`` refused it as one."""
    empty = tmp_path / "m.safetensors"
    empty.touch()
    save_checkpoint(empty, tiny_reader)
    assert is_checkpoint(empty)
    notes = tmp_path / "notes.safetensors"
    notes.write_text("mine")
    with pytest.raises(FileExistsError):
        save_checkpoint(notes, tiny_reader)
    assert notes.read_text() == "mine"
    assert side_file_problem(".lock", checkpoint=False) is None
    assert side_file_problem("m.safetensors.lock", checkpoint=False) is not None


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_a_pickle_of_any_protocol_given_as_a_model_is_named_a_pickle(tmp_path, protocol):
    """A Python pickle of protocol 2 to 5 (Python 3.8+'s ``pickle.HIGHEST_PROTOCOL`` is 5) is named as a pickle,
    as torch.save wrote, and nothing in it is read; the mutant that knew protocols 2 to 4 called a protocol-5
    pickle "a file"."""
    path = tmp_path / "model.safetensors"
    path.write_bytes(pickle.dumps({"weights": [1.0, 2.0]}, protocol=protocol))
    assert foreign_file_kind(path) == "a Python pickle, as torch.save wrote (a .pt file?)"
