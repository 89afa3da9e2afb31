"""The sixty-third round's leftovers11: what this round's helpers saw and left, each seen failing before its fix: a
header of a byte-order mark alone, a flag held in an array or tensor, ``batch_first=1``, a ``sure`` just past a
rounding error over 1, "1e3" typed in a toolbar box, and a number typed with a decimal cut at the box's edge."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import torch
from gui_window import window_without_model
from test_robust_sixty_third_live4 import typed_in

import rowreader
from rowreader.session import DigitSession

ITEM_HINT = " (an array or tensor: .item() gives its value)"


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (b"\xef\xbb\xbf", "its 3 bytes are a byte-order mark alone"),
        (b"\xef\xbb\xbf ", "its 4 bytes are a byte-order mark and a space alone"),
        (b"\xef\xbb\xbf \t\n", "its 6 bytes are a byte-order mark and 3 spaces alone"),
        (b"  ", "its 2 bytes are spaces alone"),
    ],
    ids=["mark", "mark-space", "mark-spaces", "spaces"],
)
def test_a_header_of_a_byte_order_mark_says_it_holds_one(tmp_path, header: bytes, said: str) -> None:
    """A model file whose header is a byte-order mark alone was "its 3 bytes are spaces alone": a mark is no space."""
    path = tmp_path / "marked.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header)
    with pytest.raises(ValueError) as refused:
        rowreader.load_checkpoint(path)
    assert f"the header is empty: {said}, where a JSON object of the tensors goes" in str(refused.value)


FLAGS = {
    "force": lambda value: rowreader.save_checkpoint("unwritten.safetensors", None, force=value),
    "train": lambda value: rowreader.load_mnist(train=value),
    "batch_first": lambda value: rowreader.decided_at(np.full((3, 10), 0.1), batch_first=value),
    "too_small": lambda value: DigitSession(rowreader.load_pretrained()).set_image(None, too_small=value),
}


@pytest.mark.parametrize("held", [np.array(True), torch.tensor(True), torch.tensor([0]), np.array([1])], ids=str)
@pytest.mark.parametrize("flag", FLAGS)
def test_a_flag_held_in_an_array_or_tensor_is_pointed_to_item(tmp_path, monkeypatch, flag: str, held) -> None:
    """``force=np.array(True)`` was "force must be True or False, got array(True)", though input-checks.md promised
    "(`.item()` gives its value)"; an array holding no flag (2.5) is told no such thing."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError) as refused:
        FLAGS[flag](held)
    assert str(refused.value).startswith(f"{flag} must be True") and str(refused.value).endswith(ITEM_HINT)
    with pytest.raises(TypeError) as refused:
        FLAGS[flag](np.array(2.5))
    assert str(refused.value).endswith("got array(2.5)")


def test_batch_first_takes_1_and_0_as_every_flag_does() -> None:
    """``batch_first=1`` was refused while ``force=1`` was taken: one rule now, a flag's, and None besides."""
    beliefs = np.random.default_rng(0).dirichlet(np.ones(10), size=(4, 28))  # [B, rows, 10]
    assert (
        rowreader.decided_at(beliefs, batch_first=1).tolist()
        == rowreader.decided_at(beliefs, batch_first=True).tolist()
    )
    rows_first = beliefs.swapaxes(0, 1)
    assert rowreader.first_sure(rows_first, batch_first=np.int64(0))[0].tolist() == (
        rowreader.first_sure(rows_first, batch_first=False)[0].tolist()
    )
    with pytest.raises(TypeError, match=r"^batch_first must be True, False or None, got 2$"):
        rowreader.decided_at(beliefs, batch_first=2)


@pytest.mark.parametrize("function", [rowreader.decided_at, rowreader.first_sure])
def test_a_sure_just_past_a_rounding_error_is_told_how_far_over_1(function) -> None:
    """``sure=1 + 2e-6``, past the rounding error's bound (1 + 1e-6), was "not a percentage: got 1.000002", words
    of a slip no one made; it is told how far over 1 it is. From 1.01 on a percentage may be meant, and is said."""
    beliefs = np.full((3, 10), 0.1)
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\]: got 1.000002, over 1 by 2e-06$"):
        function(beliefs, 1 + 2e-6)
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\]: got 1.005, over 1 by 0.005$"):
        function(beliefs, 1.005)
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\], not a percentage: got 1.01$"):
        function(beliefs, 1.01)


@pytest.mark.parametrize(
    ("box", "typed", "used", "said"),
    [
        ("brush", "1e3", 64, "The brush width in px goes from 4 to 64: 1e3 was taken as 64"),
        ("speed", "1E2", 56, "The scan speed in rows/s goes from 1 to 56: 1E2 was taken as 56"),
        ("brush", "2.5e1", 25, ""),
    ],
    ids=["brush", "speed", "exact"],
)
def test_a_power_of_ten_typed_in_a_number_box_is_read_as_one(qtbot, tmp_path, box, typed, used, said) -> None:
    """ "1e3" typed in the brush box became 13 without a word: the "e" was dropped as a letter. It is a thousand,
    taken as the widest brush, and said; "2.5e1" is 25, said by nothing, as "25" is."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    typed_in(spin, typed)
    assert spin.value() == used
    assert window.statusBar().currentMessage() == said


@pytest.mark.parametrize(("box", "typed"), [("brush", "24.5"), ("speed", "12.5")])
def test_a_number_typed_with_a_decimal_fits_in_its_box(qtbot, tmp_path, box: str, typed: str) -> None:
    """The brush box showed "24.5|p" while it was typed (38 px of room for "24.5 px", 45 px; the speed's 61 for 69):
    the boxes are sized for a decimal now, and the toolbars still fit one line in a window 1,024 px wide."""
    window = window_without_model(qtbot, tmp_path, size=(1200, 700))
    spin = getattr(window.actions_, box)
    typed_in(spin, typed, enter=False)
    line = spin.lineEdit()
    room = line.contentsRect().width() - line.textMargins().left() - line.textMargins().right() - 4  # QLineEdit's
    assert line.fontMetrics().horizontalAdvance(line.text()) <= room, (line.text(), room)
    actions = window.actions_
    assert actions.toolbar.sizeHint().width() + actions.files_toolbar.sizeHint().width() + 8 <= 1024
