"""The thirty-eighth round of hostile testing, mutants: one small change at a time to the modules the thirty-sixth and
thirty-seventh rounds' mutants did not reach (the picture's frame count and size limits, the CLI, the belief chart
and its bars, the examples dock, training.fit's argument checks), the tests that name each module run against it.
Each test here kills a change that lived (docs/robustness.md says which, and what was tried)."""

from __future__ import annotations

import io
import json
import math
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TINY, hand_made_png
from PIL import Image
from test_robust_thirtyseventh_pictures import animated_webp

from rowreader.checkpoint import save_checkpoint
from rowreader.cli import main as cli_main
from rowreader.network import RowReader
from rowreader.picture import read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError
from rowreader.picture_limits import (
    MAX_ROWS,
    MAX_WEBP_FRAMES,
    MAX_WEBP_PIXELS,
    check_picture_size,
    check_webp,
)
from rowreader.picture_words import frame_count, no_ink, no_ink_in
from rowreader.preprocess import MAX_PIXELS, normalise
from rowreader.session import UNSURE_BELOW

# ---- gui/settings.py ----------------------------------------------------------------------------------------------

# A full disk, as a child process meets it (RLIMIT_FSIZE 0: every write fails, SIGXFSZ ignored), after the settings
# file was written once: the file can still be opened for writing, so Qt's isWritable() says True, but the sync that
# writes the window's size and model fails. The limit is lifted again before anything is printed.
_FULL_DISK = """
import json, resource, signal, sys
from PySide6.QtCore import QSettings
from gui.settings import settings_trouble
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
settings.setValue("brush", 24)
settings.sync()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
settings.setValue("brush", 30)
settings.sync()
said = (settings.isWritable(), settings.status() == QSettings.Status.AccessError, settings_trouble(settings))
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
print(json.dumps(said))
"""


def test_settings_that_a_full_disk_did_not_save_are_said_not_saved(tmp_path):
    """A full disk: the settings file is writable (Qt's ``isWritable()`` opens it, which needs no room), but its sync
    failed, and Qt's ``status()`` says AccessError. The mutant that dropped ``status() != AccessError`` and asked
    ``isWritable()`` alone said the settings could be saved, and the window's size, brush and model went unsaved
    without a word. (The thirty-seventh round left it unkilled: a writable file whose sync fails is a full disk.)"""
    path = tmp_path / "RowReader.conf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(path)],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    writable, access_error, trouble = json.loads(run.stdout.strip().splitlines()[-1])
    assert writable and access_error  # the case itself: writable, yet not written
    assert trouble == ["RowReader.conf cannot be written", f"{path} cannot be written"]
    assert "brush=24" in path.read_text()  # what was saved before the disk filled is still there


# ---- rowreader/picture_limits.py and picture_words.py -----------------------------------------------------------


def _png_head(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` × ``height`` (8-bit grey), its data a few bytes: Pillow opens it from its
    header, and ``too_large`` decodes no pixel."""

    return _png(width, height, zlib.compress(b"\0"))


@pytest.mark.parametrize(
    ("width", "height", "refused"),
    [
        (1, MAX_ROWS, False),  # as many rows as are read: read
        (1, MAX_ROWS + 1, True),
        (MAX_PIXELS // MAX_ROWS, MAX_ROWS, False),  # as many pixels as are read, in as many rows: read
        (MAX_PIXELS // MAX_ROWS + 1, MAX_ROWS, True),
        (MAX_PIXELS // 2**13, 2**13, False),  # a page of exactly MAX_PIXELS
        (MAX_PIXELS // 2**13 + 1, 2**13, True),
    ],
)
def test_a_picture_of_as_many_rows_and_pixels_as_are_read_is_read(tmp_path, width, height, refused):
    """ "more than the 131,072 rows this program reads", "more than the 134,217,728 this program reads": a picture of
    exactly so many is read. The mutants `height >= MAX_ROWS` and `width * height >= MAX_PIXELS` refused it, in
    words that said it had more."""
    path = tmp_path / "page.png"
    path.write_bytes(_png_head(width, height))
    assert too_large(path) is refused
    if refused:
        with pytest.raises(PictureError, match="more than"):
            check_picture_size(width, height)
    else:
        check_picture_size(width, height)


def test_a_gif_swapped_for_one_of_no_frame_since_it_was_read_is_said_to_hold_one(tmp_path):
    """frame_count is asked after a read, when the first frame held no ink: a GIF swapped meanwhile for one of no
    frame (its header and its end, as a copy cut short writes) is "1 when that cannot be told", and nothing is said
    of frames. The mutant without `max(frames, 1)` counted 0, and the words became "no ink in its first frame (of 0;
    only the first frame of a picture is read)"; it says no more than a picture of one frame would."""
    path = tmp_path / "blank.gif"
    path.write_bytes(b"GIF89a" + struct.pack("<HHBBB", 28, 28, 0, 0, 0) + b";")
    assert frame_count(path) == 1
    blank = normalise(np.full((28, 28), 255, np.uint8))
    assert no_ink_in(path, blank) == no_ink(blank)


@pytest.mark.parametrize(("width", "refused"), [(MAX_WEBP_PIXELS // 4096, False), (MAX_WEBP_PIXELS // 4096 + 1, True)])
def test_a_webp_canvas_of_exactly_the_pixels_a_webp_may_hold_is_not_refused(width, refused):
    """ "more than the 16,777,216 a WebP may hold": a canvas of exactly 4,096 × 4,096 is not refused. The mutant
    `>= MAX_WEBP_PIXELS` refused it; the thirty-seventh round's Hypothesis test of any canvas never drew that one."""
    data = io.BytesIO(animated_webp(width, 4096))
    if refused:
        with pytest.raises(PictureError, match=f"a WebP of {width}×4096 pixels, more than the 16,777,216"):
            check_webp(data)
    else:
        check_webp(data)


def test_a_webps_frames_are_counted_past_a_chunk_of_an_odd_length():
    """RIFF pads a chunk of an odd length to even, and its header gives the length unpadded (an XMP packet of 3
    bytes is 4 on disk). The mutant that stepped the length alone lost step there: every chunk after it was read a
    byte off, and a WebP of 65,537 frames behind such a chunk went to PIL, which indexes every one, unrefused."""
    data = animated_webp(16, 16, MAX_WEBP_FRAMES + 1)
    at = data.index(b"VP8X") + 18  # the end of the VP8X chunk (8 + 10 bytes)
    body = data[12:at] + b"XMP " + struct.pack("<I", 3) + b"<x>\0" + data[at:]
    with pytest.raises(PictureError, match="an animated WebP of more than 65,536 frames"):
        check_webp(io.BytesIO(b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body))


def _png(width: int, height: int, data: bytes, interlaced: bool = False) -> bytes:
    """An 8-bit grey PNG of ``width`` × ``height`` whose IDAT holds ``data`` (compressed as given), IEND whole."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, int(interlaced))
    return hand_made_png(header, data)


def test_a_png_whose_encoder_left_its_data_short_and_open_is_said_to_end_short():
    """A faulty encoder that wrote a third of the rows and never closed its zlib stream, then IEND, whole: the file
    is not cut off, its pixel data is short. The mutant that read on past IEND met the file's end, and the words
    became Pillow's "the file ends before the picture does: cut off, as by a download …", of a file that ends where
    it should."""
    rows = b"".join(b"\0" + b"\xff" * 64 for _ in range(64))
    compressor = zlib.compressobj()
    short = compressor.compress(rows[: len(rows) // 3]) + compressor.flush(zlib.Z_SYNC_FLUSH)  # not Z_FINISH
    with pytest.raises(PictureError, match="its pixel data ends before its last row"):
        read_picture_data(_png(64, 64, short))


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (5, 5)])
def test_a_small_interlaced_png_is_read_whole(width, height):
    """Adam7's passes that hold no pixel of a small picture (an icon, a spacer) hold no row either, not even a
    filter byte. The mutant that counted every pass's rows (`if columns > 0 and rows > 0` dropped) needed bytes no
    encoder writes, and a whole interlaced 1 × 1 was "a damaged PNG picture: its pixel data ends before its last
    row"."""
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
    raw = b""
    for left, top, across, down in passes:
        columns, rows = len(range(left, width, across)), len(range(top, height, down))
        if columns and rows:
            raw += (b"\0" + b"\x80" * columns) * rows
    pixels = read_picture_data(_png(width, height, zlib.compress(raw), interlaced=True))
    assert pixels.shape[:2] == (height, width) and (pixels == 0x80).all()


# ---- rowreader/cli.py ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("belief", [0.5999996, 0.59999985])
def test_predict_json_never_says_060_beside_unsure(tmp_path, capsys, belief):
    """A model whose belief in 3 is 0.5999996, whatever it reads (its output weights zero, its biases set): under
    the 60 % below which a reading is unsure, and 0.6 once rounded to six places. `--json` said "probability": 0.6
    beside "unsure": true under the mutant that dropped `final.probability < UNSURE_BELOW <= probability`; it says
    0.599999, as the text says "unsure (under 60%)"."""
    reader = RowReader(TINY).eval()
    with torch.no_grad():
        reader.output.weight.zero_()
        reader.output.bias.zero_()
        reader.output.bias[3] = math.log(9 * belief / (1 - belief))
    save_checkpoint(tmp_path / "sixty.safetensors", reader, {"test_accuracy": 0.5})
    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    Image.fromarray(page).save(tmp_path / "one.png")
    model, picture = str(tmp_path / "sixty.safetensors"), str(tmp_path / "one.png")
    assert cli_main(["predict", "--json", "--checkpoint", model, picture]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["prediction"], result["unsure"]) == (3, True)
    assert result["probability"] == 0.599999 < UNSURE_BELOW


def test_a_double_dash_alone_asks_for_the_command(capsys):
    """`rowreader --` (the command not yet typed) is a refused command line that asks for the command, as `rowreader`
    alone is. The mutant that moved a `--` without asking whether a word follows it ended in IndexError's
    traceback."""
    with pytest.raises(SystemExit) as stopped:
        cli_main(["--"])
    assert stopped.value.code == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err


# ---- gui/timeline.py ----------------------------------------------------------------------------------------------


def test_pointing_past_the_rows_read_picks_out_no_line(qtbot):
    """Paused at row 10 in a narrow chart (rows 8.7 px apart), the pointer 5 px right of the 7's last point is
    nearest row 11, which the read-out says is not read yet. The mutant that measured to the lines wherever the
    pointer was picked out the 7 there (within 8 px of its end), beside a read-out of a row with no values."""
    from gui_window import shown
    from test_gui_reading import hover
    from test_robust_gui import tied_reader

    from gui.timeline import BeliefTimeline
    from rowreader.session import DigitSession

    session = DigitSession(tied_reader(7))
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    session.seek(10)
    timeline = shown(qtbot, BeliefTimeline(session), (300, 200))
    plot = timeline.plot_rect()
    spacing = timeline.x_of(2, plot) - timeline.x_of(1, plot)
    assert spacing < 2 * 8.0  # half of it within reach of a line's end (HIT_DISTANCE)
    hover(timeline, timeline.x_of(10, plot) + 0.6 * spacing, timeline.y_of(float(timeline.probabilities[-1, 7]), plot))
    assert timeline.hover_row == 11 and timeline.readout() == "row 11: not read yet; click to read to it"
    assert timeline.hover_lines == [] and timeline.highlight is None
    hover(timeline, timeline.x_of(10, plot) + 0.4 * spacing, timeline.y_of(float(timeline.probabilities[-1, 7]), plot))
    assert timeline.hover_row == 10 and timeline.highlight == 7  # on row 10, the 7's line is picked out


def test_the_line_picked_out_from_its_bar_is_drawn_on_top_of_the_lines_on_it(qtbot):
    """Ten lines on one another (a model with the same belief in every digit): pointing at the 3's bar picks out the
    3's line, drawn thicker, and on top, where it shows, and the chart then names the 3 first among the lines under
    the pointer. The mutant that ordered the lines by their belief alone drew it under the nine others, hidden, and
    pointing at the bundle picked out the 9 over it."""
    from gui_window import shown
    from test_gui_reading import hover
    from test_robust_gui import tied_reader

    from gui.timeline import BeliefTimeline
    from rowreader.session import DigitSession

    session = DigitSession(tied_reader())
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    timeline = shown(qtbot, BeliefTimeline(session), (520, 260))
    timeline.set_highlight(3)
    assert timeline.drawing_order()[-1] == 3
    plot = timeline.plot_rect()
    hover(timeline, timeline.x_of(14, plot), timeline.y_of(0.1, plot))
    assert timeline.hover_lines[0] == 3 and timeline.highlight == 3


def _constant_reader(beliefs: dict[int, float]):
    """The shipped model with its output weights zero and its biases set, so that whatever it reads it believes each
    digit of ``beliefs`` that much (the rest share what is left)."""
    from rowreader.checkpoint import Checkpoint, load_pretrained

    shipped = load_pretrained()
    weights = {name: np.array(array) for name, array in shipped.weights.items()}
    rest = (1 - sum(beliefs.values())) / (10 - len(beliefs))
    weights["output.weight"][:] = 0.0
    weights["output.bias"][:] = [math.log(beliefs.get(d, rest)) for d in range(10)]
    return Checkpoint(shipped.config, weights, shipped.metadata)


def test_the_higher_peak_is_named_first_beside_its_own_dot(qtbot):
    """Two lines peaking 4 points apart at the same row (the 6 at 52 %, the 1 at 48 %), whose names cannot both
    sit above their dots: the higher peak, the reading's leader, is named first, right above its dot, and the 1
    goes elsewhere. The mutant that named them in digit order gave the 1 that place and pushed the leader's name
    aside."""
    from gui_window import shown

    from gui.timeline import CLEAR, BeliefTimeline
    from rowreader.session import DigitSession

    session = DigitSession(_constant_reader({6: 0.52, 1: 0.48 - 8e-6}))
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    timeline = shown(qtbot, BeliefTimeline(session), (520, 260))
    plot = timeline.plot_rect()
    labels = {digit: rect for digit, rect, _ in timeline.peak_labels()}
    assert sorted(labels) == [1, 6]
    six, one = labels[6], labels[1]
    dot_x, dot_y = timeline.x_of(1, plot), timeline.y_of(float(timeline.probabilities[0, 6]), plot)
    assert six.bottom() <= dot_y and dot_y - six.bottom() < CLEAR + 2  # just above its dot, clear of its mark
    assert six.left() <= max(dot_x, plot.left()) <= six.right()
    assert not one.intersects(six)


# ---- gui/belief_bars.py -------------------------------------------------------------------------------------------


def test_the_bars_header_with_no_model_never_says_the_true_label_alone(qtbot):
    """A test digit (true label 7) open with no model: the header's hint has no tiny form, so where neither its
    line nor its short form fits, the short form is drawn shortened ("No model: Ctrl+M…"). The mutant that gave the
    tiny form the true label whatever it held made it " · true 7", a header naming the label and nothing else."""
    from gui_window import shown

    from gui.belief_bars import BeliefBars
    from rowreader.session import DigitSession

    session = DigitSession(None)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image, label=7)
    bars = shown(qtbot, BeliefBars(session), (260, 220))
    assert bars.header_text() == "No model loaded: open one with Ctrl+M  ·  true label 7"
    assert bars.header_text(width=40) == "No model: Ctrl+M opens one · true 7"  # too wide as well: the painter cuts it


# ---- training/config.py -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fine_tune", [False, True])
def test_a_replay_of_one_is_refused_by_its_range(fine_tune):
    """A replay share is below 1 (all of each batch replayed leaves no example to learn): 1.0 is refused by its range,
    as --help words it, in a training recipe (a saved state's, resumed) as in a fine-tune's. The mutant `replay <= 1`
    took it into a training recipe without a word, and a fine-tune said only that the batch had no room."""
    from training.config import FitConfig

    tuned = {"finetune": "base.safetensors", "examples": "mine"} if fine_tune else {}
    with pytest.raises(ValueError, match=r"--replay must be a number at least 0 and below 1, got 1\.0"):
        FitConfig(replay=1.0, **tuned)
    assert FitConfig(replay=0.0, **tuned).replay == 0.0


def test_the_number_of_folds_is_none_or_at_least_two():
    """One fold holds every example out and teaches none; --folds 1 is refused (0 is none). The mutant without
    `folds == 1` took it."""
    from training.config import FitConfig

    tuned = {"finetune": "base.safetensors", "examples": "mine"}
    with pytest.raises(ValueError, match=r"--folds must be 0 \(none\) or at least 2, got 1"):
        FitConfig(folds=1, **tuned)
    assert FitConfig(folds=2, **tuned).folds == 2


# ---- gui/timeline.py, more ----------------------------------------------------------------------------------------


def test_a_click_left_of_the_chart_reads_to_the_first_row(qtbot):
    """A click on the chart's 0 %…100 % labels, left of its first row, goes to row 1, the nearest row (`row_at`
    clamps to 1…28), as a click past its right edge goes to row 28. The mutant clamping to 0 rewound to no row read
    at all."""
    from gui_window import shown
    from PySide6.QtCore import QPoint, Qt

    from gui.timeline import BeliefTimeline
    from rowreader.session import DigitSession

    session = DigitSession(_constant_reader({3: 0.9}))
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    timeline = shown(qtbot, BeliefTimeline(session), (520, 260))
    for x, row in ((2, 1), (timeline.width() - 2, 28)):
        with qtbot.waitSignal(timeline.seek_requested, timeout=2000) as sought:
            qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, timeline.height() // 2))
        assert sought.args == [row]


# ---- gui/state_heatmap.py (the maps) ------------------------------------------------------------------------------


def test_the_belief_change_of_the_first_row_is_measured_from_no_belief():
    """The strip beside the maps says how far each row moved the belief; before row 1 there is none (ten digits at
    10 %), so a first row that reads a 3 at 100 % moved 90 % of it. The mutant measuring row 1 from itself said 0."""
    from gui.state_heatmap import belief_change

    probabilities = np.full((2, 10), 0.0, np.float32)
    probabilities[:, 3] = 1.0
    assert np.allclose(belief_change(probabilities), [0.9, 0.0])


def test_the_maps_rows_not_read_yet_stay_empty(qtbot):
    """Paused at row 10, the maps show ten rows of colours and below them the empty fill of rows not read. The
    mutant that drew every row of the picture from the rows read painted row 10's colours down to row 28, as if
    they had been read."""
    from gui_window import shown
    from PySide6.QtGui import QPalette

    from gui.state_heatmap import StateHeatmap
    from gui.theme import blend
    from rowreader.checkpoint import load_pretrained
    from rowreader.session import DigitSession

    session = DigitSession(load_pretrained())
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    session.seek(10)
    maps = shown(qtbot, StateHeatmap(session), (640, 300))
    _, hidden, cell, _ = maps._layout()
    picture = maps.grab().toImage()
    palette = maps.palette()
    empty = blend(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window), 0.5)
    for rect in (hidden, cell):
        for share in (0.6, 0.8, 0.95):
            pixel = picture.pixelColor(round(rect.center().x()), round(rect.top() + share * rect.height()))
            assert pixel.rgb() == empty.rgb(), share


# ---- gui/examples_dock.py -----------------------------------------------------------------------------------------


def test_an_example_opened_and_kept_as_another_digit_is_kept(qtbot, tmp_path):
    """A 7 kept, opened from the dock (double-click) and kept again as a 1 (the person says it is one) is kept, in
    1/, the clash then said beside the dock's count. The mutant that looked the picture up whatever its digit said
    "Not kept: this drawing is kept already, as a 1 (1/…)", of an example kept as a 7, and kept nothing."""
    from gui_window import open_shipped_window

    from gui.demo import draw_digit

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 1, timeout=10_000)
    assert panel.message.text().startswith("1 example in ")  # the mutant dropping the plural's test: "1 examples"
    window.teaching.open_example(kept := panel.found.examples[0])
    qtbot.waitUntil(lambda: window.session.label == 7, timeout=10_000)
    window.teaching.keep(1)
    assert "kept already" not in window.statusBar().currentMessage()
    ones = kept.path.parent.parent / "1"
    qtbot.waitUntil(lambda: len(list(ones.glob("*.png"))) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: len(panel.found) == 2 and bool(panel.clashes), timeout=10_000)
    assert panel.message.text().startswith("2 examples in ")
    assert len(panel.clashes) == 1 and "more)" not in panel.message.text()  # one clash: no "(and 0 more)"


# ---- gui/readout.py -----------------------------------------------------------------------------------------------


def test_the_compared_columns_name_keeps_nine_characters_and_is_never_wider_than_its_room(qapp):
    """The read-out's dashed column is headed by the compared model's name, shortened in its middle, while nine of
    its characters are left (MIN_NAME_SHOWN: fewer name nothing), else "┄ dashed", else "┄" alone. The mutant
    `> MIN_NAME_SHOWN` gave up on a name of exactly nine characters shown; the one that always fell back to
    "┄ dashed" wrote it past a room too narrow for it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetrics

    from gui.readout import MIN_NAME_SHOWN, dashed_column_name

    font, name = QFont(), "mine-20261204-153000-8a7f3c.safetensors"
    metrics = QFontMetrics(font)
    rooms = [r for r in range(1, 600) if len(metrics.elidedText(f"┄ {name}", Qt.TextElideMode.ElideMiddle, r)) == 11]
    assert rooms, "no room shows exactly nine characters of the name"
    shown = dashed_column_name(name, font, rooms[0])
    assert len(shown) - 2 == MIN_NAME_SHOWN and "…" in shown
    narrow = metrics.horizontalAdvance("┄ dashed") - 1
    assert dashed_column_name(name, font, narrow) == "┄"
    assert dashed_column_name(name, font, narrow + 1) == "┄ dashed"


def test_a_seed_past_what_numpy_takes_is_refused_as_typed():
    """`--seed` of the drawn digits and the benchmarks (``seed_argument``) takes 0 to 2³² − 1, what NumPy's and
    torch's generators take: 4294967296 is refused in the flag's own words. The mutant that checked the lower bound
    alone let it through to NumPy ("Seed must be between 0 and 2**32 - 1", a traceback in bench_drawn)."""
    import argparse

    from training.config import seed_argument

    assert seed_argument("4294967295") == 2**32 - 1
    for text in ("4294967296", "-1"):
        with pytest.raises(argparse.ArgumentTypeError, match=r"must be a whole number from 0 to 4,294,967,295"):
            seed_argument(text)


# Ctrl-C while predict reads its second picture, its output and its errors into one pipe (`2>&1 | tee log`):
# the second picture's reading is stopped as Ctrl-C stops it, the rest of the run as it is.
_STOPPED_IN_ONE_PIPE = """
import sys
import rowreader.cli as cli
read = cli._predict_one
def stopped_at_the_second(stream, path, *args):
    if path == sys.argv[2]:
        raise KeyboardInterrupt
    return read(stream, path, *args)
cli._predict_one = stopped_at_the_second
sys.exit(cli.main(["predict", "--json", sys.argv[1], sys.argv[2]]))
"""


def test_predict_stopped_writes_its_document_before_the_line_that_says_it_is_not_all(tmp_path):
    """Stopped after one picture of two, output and errors in one pipe: the closed --json document comes first,
    then the line that says the rest was not read, as a reader of the log expects. The mutant without the flush
    between them wrote the line first, the document (held in stdout's buffer) after it."""
    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    for name in ("one.png", "two.png"):
        Image.fromarray(page).save(tmp_path / name)
    run = subprocess.run(
        [sys.executable, "-c", _STOPPED_IN_ONE_PIPE, str(tmp_path / "one.png"), str(tmp_path / "two.png")],
        cwd=Path(__file__).resolve().parents[1],
        env={key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"},  # stdout buffered, as usual
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert run.returncode == 130
    document, _, said = run.stdout.rpartition("]\n")
    assert json.loads(document + "]")[0]["prediction"] == 1
    assert said == "rowreader: error: interrupted after 1 of 2 images; the rest were not read\n"


# ---- gui/image_io.py ----------------------------------------------------------------------------------------------


def test_a_picture_over_2048_pixels_places_its_rows_on_the_ink_the_canvas_shows():
    """A photo 4,096 px tall is shown in the canvas as its ink averaged down to 2,048 px, and the reading's rows are
    drawn over it where the digit lies on that ink: a bar at rows 1,000–3,000 of the photo lies at 500–1,500 of the
    ink. The mutant that took the picture's own pixels for the ink's placed the rows at 1,000–3,000, half of them
    below the ink's last row."""
    from gui.image_io import normalise_picture

    photo = np.full((4096, 3000), 255, np.uint8)
    photo[1000:3000, 1400:1600] = 0
    picture = normalise_picture(photo, "photo.png")
    assert picture.ink.shape == (2048, 1500)
    assert picture.placement.crop == (500.0, 700.0, 1500.0, 800.0)


def test_two_paths_copied_as_text_are_not_one_picture_to_open(qapp, tmp_path):
    """A picture's path copied as text from a terminal is opened by a paste; two lines of them (an `ls` copied) are
    no one path: the paste says the clipboard holds no image. The mutant that let a newline through opened
    "/…/one.png\\n/…/two.png", one file of that whole name, and said it was not there."""
    from PySide6.QtCore import QMimeData

    from gui.image_io import local_file_from_mime

    one, two = tmp_path / "one.png", tmp_path / "two.png"
    for path in (one, two):
        Image.new("L", (28, 28), 255).save(path)
    mime = QMimeData()
    mime.setText(f"{one}\n")  # one line, as a terminal copies it
    assert local_file_from_mime(mime) == one
    mime.setText(f"{one}\n{two}\n")
    assert local_file_from_mime(mime) is None


def test_a_copied_pictures_png_is_taken_before_its_other_forms(qapp):
    """An image editor offers a copied picture in several forms (BMP, JPEG, PNG); the PNG, lossless and read by
    every reader here, is taken whatever the order they are offered in. The mutant that took the first form offered
    read the BMP."""
    from PySide6.QtCore import QMimeData

    from gui.image_io import encoded_image_from_mime

    png, bmp = io.BytesIO(), io.BytesIO()
    Image.new("L", (28, 28), 255).save(png, "PNG")
    Image.new("L", (28, 28), 255).save(bmp, "BMP")
    mime = QMimeData()
    mime.setData("image/bmp", bmp.getvalue())
    mime.setData("image/png", png.getvalue())
    assert mime.formats()[0] == "image/bmp"
    assert encoded_image_from_mime(mime) == png.getvalue()


def test_a_model_of_exactly_one_gib_is_said_to_be_of_1_gib(tmp_path):
    """The line that says a model is too large for the memory left gives its size in GiB from 1 GiB on: a file of
    exactly 2³⁰ bytes (sparse here) is "of 1.0 GiB". The mutant `size > 2**30` said "of 1024.0 MiB"."""
    from rowreader.cli import _no_memory_for

    model = tmp_path / "big.safetensors"
    with model.open("wb") as file:
        file.truncate(2**30)
    assert f"{model}: not enough memory to load this model of 1.0 GiB (" in str(_no_memory_for(str(model)))
    os.truncate(model, 2**30 - 2**20)
    assert "of 1023.0 MiB (" in str(_no_memory_for(str(model)))


def test_a_file_url_naming_a_host_keeps_its_host(qapp):
    """A file dragged from a network share comes as ``file://server/share/seven.png``; its path is read as Qt reads
    it, ``//server/share/seven.png``, the host kept. The mutant that read every ``file:`` URL byte for byte (the
    Latin-1 names' way) dropped the host, and opened ``/share/seven.png``, another file or none."""
    from PySide6.QtCore import QUrl

    from gui.image_io import local_path

    assert local_path(QUrl("file://server/share/seven.png")) == Path("//server/share/seven.png")
    assert local_path(QUrl("file:///home/me/caf%E9.png")) == Path(os.fsdecode(b"/home/me/caf\xe9.png"))


def test_a_web_pictures_address_dragged_over_the_window_is_taken_to_be_told_why_not(qapp):
    """A picture dragged from a web page brings its address alone: the drag is taken (and the drop says why such a
    picture cannot be read), where it was refused without a word, as if the window took no pictures at all. The
    mutant without `far_url_from_mime` in `mime_has_picture` refused it again."""
    from PySide6.QtCore import QMimeData, QUrl

    from gui.image_io import mime_has_picture

    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/seven.png")])
    assert mime_has_picture(mime)


def test_the_saved_28x28_input_is_rounded_to_its_nearest_shade():
    """Ctrl+S saves the model's 28×28 input beside the drawing, 0…1 as 0…255: each value to its nearest shade, so
    that the input read back is within half a shade of what was read. The mutant that cut the fraction off wrote
    0.5 as 127 and 0.999 as 254, a whole shade darker."""
    from gui.image_io import input_png

    values = np.linspace(0.0, 1.0, 28 * 28, dtype=np.float32).reshape(28, 28)
    assert np.abs(input_png(values) / 255.0 - values).max() <= 0.5 / 255 + 1e-6
    assert input_png(np.full((28, 28), 0.999, np.float32)).min() == 255


def test_two_distillation_settings_without_teachers_are_worded_in_the_plural():
    """`--distill-weight 0.5 --distill-temperature 2` without --distill-from: "… only matter with --distill-from".
    The mutant that kept the singular wrote "only matters" of the two."""
    from training.arguments import parse_args

    said: list[str] = []

    def refuse(message: str):
        said.append(message)
        raise SystemExit(2)

    with pytest.raises(SystemExit):
        parse_args(["--distill-weight", "0.5", "--distill-temperature", "2"], refuse=refuse)
    assert said == ["--distill-weight and --distill-temperature only matter with --distill-from, which was not given"]


# ---- bench/rounds.py ----------------------------------------------------------------------------------------------


def test_rounds_run_as_a_command_says_what_it_is_and_does_nothing():
    """`python bench/rounds.py` is a module, not a command: run, it says so and ends with status 2, as a command line
    refused, nothing done. The mutant ending it with 0 said the same and claimed it had run (only school_marks.py's
    twin of this was tested)."""
    done = subprocess.run(
        [sys.executable, "bench/rounds.py", "--rounds", "3"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "rounds.py is a module, not a command" in done.stderr
