"""The fifty-eighth round, mutants13: mutation testing by hand of code few tests reached: ``ring_round``, the model
file's header checks, the PySide6 pin reader and the teach dialog's placement. Each test here kills a mutant the
earlier tests let live (seen failing on it, passing on the code): the rules their docstrings state, held to."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest
from gui_window import exposed, settled, window_without_model
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QDialog

from gui.screen_room import best_place, frame_room, off_the_reading, place_dialog, reading_order, views_in_order
from rowreader.needs_torch import qt_refused, qt_requirement
from rowreader.one_digit import RING_CROSSINGS, ring_round
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_TENSORS, WRITTEN_LATELY_NS, read_header, read_tensors


def _ring(height: int, width: int) -> np.ndarray:
    """An elliptic ring filling a ``height`` × ``width`` box, a few px thick, as marks5's zero is drawn."""
    rows, cols = np.indices((height, width))
    ellipse = ((rows - (height - 1) / 2) / ((height - 1) / 2)) ** 2 + (
        (cols - (width - 1) / 2) / ((width - 1) / 2)
    ) ** 2
    return (ellipse <= 1) & (ellipse >= 0.75)


def _ringed(ring: np.ndarray, rows: slice, cols: slice) -> np.ndarray:
    """``ring`` with a bar (a 1) inked at ``rows`` × ``cols`` inside it, apart from it."""
    inked = ring.copy()
    inked[rows, cols] = True
    return inked


def test_a_one_ringed_off_the_middle_column_is_a_ring_round_a_digit() -> None:
    """A ring is looked for where the middle row OR column crosses ink three times: a 1 in the ring's left half
    crosses the middle row only, and is still a digit ringed."""
    ring = _ring(60, 40)
    inked = _ringed(ring, slice(14, 46), slice(9, 13))
    assert np.count_nonzero(np.diff(inked[:, 20].astype(int)) == 1) == 2  # the middle column: the ring alone
    assert np.array_equal(ring_round(inked), ring)


def test_a_tall_one_ringed_tightly_is_a_ring_round_a_digit() -> None:
    """Only ink filling the inside corner to corner (FRAME_COVER both ways) is a 0's own slash: a 1 as tall as the
    inside, but narrow, is a digit ringed."""
    ring = _ring(60, 40)
    assert np.array_equal(ring_round(_ringed(ring, slice(6, 54), slice(18, 22))), ring)


def test_ink_filling_the_inside_just_to_frame_cover_both_ways_is_no_digit_ringed() -> None:
    """Short of FRAME_COVER one way at least: ink spanning exactly 90 % of the inside both ways is not short of it."""
    box = np.zeros((55, 55), bool)
    box[:2], box[-2:], box[:, :2], box[:, -2:] = True, True, True, True  # an inside of rows 2…52: 50 px from end to end
    assert ring_round(_ringed(box, slice(4, 50), slice(4, 50))) is None  # 45 px each way: 0.9 of it
    assert np.array_equal(ring_round(_ringed(box, slice(4, 49), slice(4, 50))), box)  # 44 px one way: short of it


def test_ink_inking_half_the_rows_inside_a_ring_is_a_digit_ringed() -> None:
    """Ink inking MIN_MARK_HEIGHT (half) of the rows inside "or more" is a digit: exactly half is one, one row fewer
    a mark in a 0 (this ring's inside spans 52 rows)."""
    ring = _ring(60, 40)
    assert np.array_equal(ring_round(_ringed(ring, slice(17, 43), slice(18, 22))), ring)  # 26 rows
    assert ring_round(_ringed(ring, slice(18, 43), slice(18, 22))) is None  # 25


def test_a_ring_wider_than_tall_is_measured_by_its_rows() -> None:
    """A ring drawn wide round a digit: the digit's rows are weighed against the inside's rows, not its columns."""
    ring = _ring(40, 90)
    assert np.array_equal(ring_round(_ringed(ring, slice(10, 30), slice(43, 47))), ring)


@pytest.mark.parametrize("bars", [6, 7])
def test_ink_crossing_the_middle_row_more_than_ring_crossings_times_is_not_looked_at(bars: int) -> None:
    """A ring is looked for only where the middle row crosses ink at most RING_CROSSINGS times: bars in a ring
    crossing it 8 times are a digit ringed, 9 no ring (noise or a maze, which took minutes to fill)."""
    ring = _ring(60, 80)
    inked = ring.copy()
    for bar in range(bars):
        inked[12:48, 22 + 5 * bar : 24 + 5 * bar] = True
    crossings = np.count_nonzero(np.diff(np.r_[0, inked[30].astype(int)]) == 1)
    assert crossings == bars + 2
    assert (ring_round(inked) is None) == (crossings > RING_CROSSINGS)


@pytest.mark.parametrize("seed", [0, 1])
def test_noise_whose_outside_is_not_found_in_ring_rounds_is_no_ring(seed: int) -> None:
    """Noise is no ring: its outside, a maze, is not found in RING_ROUNDS rounds, and no part of it is taken away
    as a ring (read after one round, part of its outside was taken for its inside)."""
    assert ring_round(np.random.default_rng(seed).random((40, 40)) < 0.45) is None


def _pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, requirement: str) -> None:
    """The project's metadata, as setuptools writes it, first on the path: its Qt pin ``requirement``."""
    info = tmp_path / "rowreader-0.0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rowreader\nVersion: 0.0.1\nRequires-Dist: numpy>=1.24\n"
        f"Requires-Dist: {requirement}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))


def test_qts_pin_with_its_name_spelt_with_dots_is_still_qts(tmp_path, monkeypatch) -> None:
    """pip takes runs of ``-``, ``_`` and ``.`` in a name alike: ``pyside6.essentials`` names Qt's package, and its
    pin is the one kept to and named in the install."""
    _pinned(tmp_path, monkeypatch, "pyside6.essentials<6.12,>=6.7")
    assert qt_requirement() == "pyside6.essentials<6.12,>=6.7"
    assert qt_refused("6.12.0") is not None


def test_a_release_of_fewer_parts_is_compared_as_pip_pads_it(tmp_path, monkeypatch) -> None:
    """6.12 is 6.12.0 to pip: a Qt saying its version as "6.12" is the 6.12.0 a pin of ``!=6.12.0`` refuses, and
    "6.11" is inside ``==6.11.0``."""
    _pinned(tmp_path, monkeypatch, "PySide6-Essentials!=6.12.0,>=6.7")
    assert qt_refused("6.12") is not None
    assert qt_refused("6.12.0.0") is not None
    assert qt_refused("6.11") is None
    _pinned(tmp_path / "exact", monkeypatch, "PySide6-Essentials==6.11.0")
    assert qt_refused("6.11") is None


def test_a_dialog_that_changes_no_drawing_covers_the_drawing_before_the_rest_and_the_rest_in_order() -> None:
    """``reading_order``: the bars and the chart first, the drawing after them, then the rest in their order. On a
    screen with two places, a dialog changing no drawing covers the title bar (the rest) rather than the drawing, and
    the menus rather than the title bar. (The bars and the chart lie on another screen here: covered by neither.)"""
    screen = QRect(0, 0, 600, 300)
    left, right, away = QRect(0, 0, 300, 300), QRect(300, 0, 300, 300), QRect(2000, 0, 10, 10)
    none = QSize(0, 0)
    for drawing, title_bar, menus, covered in [(left, right, away, right), (away, left, right, right)]:
        views = reading_order([drawing, away, away, title_bar, menus])
        assert best_place(QSize(300, 300), screen, views, screen, none) == covered.topLeft()


def _model_file(path: Path, header: dict | str, data: bytes = b"", pad_to: int = 0) -> Path:
    """A safetensors file at ``path``: 8 bytes of length, the JSON ``header`` (padded with spaces to ``pad_to``
    bytes, as safetensors pads it), then ``data``."""
    text = (header if isinstance(header, str) else json.dumps(header)).encode()
    text += b" " * (pad_to - len(text))
    path.write_bytes(len(text).to_bytes(8, "little") + text + data)
    return path


@pytest.mark.parametrize("length", range(8))
def test_a_file_shorter_than_the_headers_length_says_how_short(tmp_path, length: int) -> None:
    """A file of fewer than the 8 bytes that say the header's length is "too small", its bytes counted: with 7, the
    length read from them said a header of thousands of bytes "follows" in a file of 7."""
    path = tmp_path / "short.safetensors"
    path.write_bytes(b"\x01" * length)
    with path.open("rb") as file, pytest.raises(ValueError, match=f"^header too small: the file holds {length} bytes$"):
        read_header(file)


def test_a_file_of_a_header_and_no_tensors_is_whole(tmp_path) -> None:
    """A header ending the file, of no tensors (metadata alone), is a whole file, not one cut short: its 8 bytes and
    its header are all the file holds."""
    path = _model_file(tmp_path / "empty.safetensors", {"__metadata__": {"format": "pt"}})
    with path.open("rb") as file:
        header = read_header(file)
    assert (header.tensors, header.metadata) == ({}, {"format": "pt"})


@pytest.mark.parametrize("more", [0, 1])
def test_a_header_of_exactly_the_largest_size_is_read(tmp_path, more: int) -> None:
    """MAX_HEADER_BYTES is the largest header read: one of exactly that many bytes is read, one more is too large."""
    path = _model_file(tmp_path / "big.safetensors", {}, pad_to=MAX_HEADER_BYTES + more)
    with path.open("rb") as file:
        if more:
            with pytest.raises(ValueError, match=r"^header too large"):
                read_header(file)
        else:
            assert read_header(file).data_start == 8 + MAX_HEADER_BYTES


@pytest.mark.parametrize("more", [0, 1])
def test_a_header_of_exactly_the_most_tensors_is_read(tmp_path, more: int) -> None:
    """MAX_TENSORS is the most tensors a header may declare: that many are read, one more is refused in words."""
    empty = {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}
    path = _model_file(tmp_path / "many.safetensors", {f"t{n}": empty for n in range(MAX_TENSORS + more)})
    with path.open("rb") as file:
        if more:
            with pytest.raises(ValueError, match=f"declares {MAX_TENSORS + 1:,} tensors, more than {MAX_TENSORS:,}"):
                read_header(file)
        else:
            assert len(read_header(file).tensors) == MAX_TENSORS


@pytest.mark.parametrize("value", [1, None, ["pt"], {"format": "pt"}])
def test_metadata_holding_anything_but_strings_is_refused_in_words(tmp_path, value: object) -> None:
    """safetensors' ``__metadata__`` maps strings to strings: a value of any other JSON is refused as the header is
    read, not passed on to the model's reading as if it were text."""
    path = _model_file(tmp_path / "odd.safetensors", {"__metadata__": {"format": "pt", "config": value}})
    with path.open("rb") as file, pytest.raises(ValueError, match=r"^the header's __metadata__ is not an object of"):
        read_header(file)


def test_tensors_sharing_bytes_are_refused_as_overlapping(tmp_path) -> None:
    """Each byte of the data is one tensor's: a second tensor beginning inside the first (their data read twice, as
    two weights) is refused, as bytes of no tensor between them are."""
    first = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    second = {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}
    path = _model_file(tmp_path / "shared.safetensors", {"a": first, "b": second}, bytes(12))
    with path.open("rb") as file, pytest.raises(ValueError, match=r"^tensor 'b' begins at byte 4 of the data, overlap"):
        read_header(file)


def test_a_dialog_as_wide_as_the_gap_beside_the_window_fills_it_flush() -> None:
    """A place flush with the start of the window or a view is one of the places tried: a dialog exactly as wide as
    the room between a view left of the window and one inside it lies there, flush with the window's left edge,
    covering neither (tried only past each with a gap, it covered one)."""
    screen = QRect(0, 0, 1000, 300)
    window = QRect(100, 0, 600, 300)
    views = [QRect(0, 0, 100, 300), QRect(400, 0, 600, 300)]
    assert best_place(QSize(300, 300), window, views, screen, QSize(0, 0)) == QPoint(100, 0)


def test_a_shape_of_two_to_the_sixty_four_elements_is_refused_as_uncountable(tmp_path) -> None:
    """2**64 elements are more than 64 bits count (safetensors refuses them): said so, not as a tensor needing
    2**66 bytes its offsets lack."""
    huge = {"dtype": "F32", "shape": [2**32, 2**32], "data_offsets": [0, 0]}
    path = _model_file(tmp_path / "huge.safetensors", {"w": huge})
    with path.open("rb") as file, pytest.raises(ValueError, match="of more elements than 64 bits count"):
        read_header(file)


def test_a_model_at_rest_written_over_in_place_after_its_header_was_read_is_refused(tmp_path) -> None:
    """A file older than WRITTEN_LATELY_NS is not read twice: a write over it in place at its own size after its
    header was read is told by the file's time, which the write set, not its size."""
    empty = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    path = _model_file(tmp_path / "rest.safetensors", {"w": empty}, bytes(8))
    old = time.time_ns() - 2 * WRITTEN_LATELY_NS
    os.utime(path, ns=(old, old))
    with path.open("rb") as file:
        header = read_header(file)
        with path.open("r+b") as writer:
            writer.seek(header.data_start)
            writer.write(b"\1" * 8)
        with pytest.raises(ValueError, match="the file changed while it was read"):
            read_tensors(file, header)


def test_a_dialog_over_the_chart_alone_is_moved_off_the_reading(qtbot, tmp_path, monkeypatch) -> None:
    """``off_the_reading`` moves a dialog lying over the bars or the chart: one over the chart alone (the bars
    clear) is moved clear of both, where the screen has room, as one over the bars is."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))
    window = window_without_model(qtbot, tmp_path, size=(900, 700))
    window.move(0, 0)
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.resize(120, 60)
    dialog.show()
    exposed(qtbot, dialog)
    chart, bars = views_in_order(window)[2], views_in_order(window)[1]
    dialog.move(chart.center())
    settled(qtbot, dialog.frameGeometry)
    assert dialog.frameGeometry().intersects(chart) and not dialog.frameGeometry().intersects(bars)
    assert off_the_reading(dialog)
    assert not dialog.frameGeometry().intersects(chart) and not dialog.frameGeometry().intersects(bars)


def test_a_dialog_clear_of_the_bars_but_over_the_chart_is_moved_off_it(qtbot, tmp_path, monkeypatch) -> None:
    """``over_the_drawing`` sends a dialog over the drawing where even so it would hide part of the bars or, since
    window23, of the chart: one that covers a little of the drawing and of the chart but none of the bars (600×300
    over a window filling a 1000×720 screen) was left over the chart (its last 96 of 154 px), as any dialog is. A
    teach changes no drawing, and the chart is what it changes: it goes where it hides the least of it (34 px)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1000, 720))
    window = window_without_model(qtbot, tmp_path, size=(984, 672))
    window.move(0, 0)
    places = []
    for over_the_drawing in (False, True):
        dialog = QDialog(window)
        qtbot.addWidget(dialog)
        dialog.setMinimumSize(600, 300)
        dialog.resize(600, 300)
        place_dialog(dialog, window, over_the_drawing=over_the_drawing)
        places.append(QRect(dialog.pos(), dialog.size()))
    drawing, bars, chart = views_in_order(window)[:3]
    frame = QRect(places[0].topLeft(), places[0].size() + frame_room(dialog))
    assert frame.intersects(drawing) and not frame.intersects(bars)  # the case: the drawing covered, the bars not
    moved = QRect(places[1].topLeft(), places[1].size() + frame_room(dialog))
    hidden = [(over & chart).width() * (over & chart).height() for over in (frame, moved)]
    assert not moved.intersects(bars) and hidden[1] < hidden[0] / 2, hidden  # 49,152 px² of the chart, now 5,236
