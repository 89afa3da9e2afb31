"""The sixty-fifth round's library7: the library's boundary, the cases the last round left (``sure`` as a Decimal
over 1, a pen that becomes 0 as a float, a bool among a stroke's numbers, a data folder's name too long, a link read
twice), then odd values fed to the public names as a hostile user would. Each test of a defect was seen failing on
the code before its fix."""

from __future__ import annotations

import decimal
import gzip
import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowreader
from rowreader.model import check_label
from rowreader.pen import render_strokes
from rowreader.unipen import load_unipen
from training.files import _not_ours

BELIEFS = np.full((28, 10), 0.1)
STROKE = [[10.0, 10.0], [100.0, 200.0]]


def _sure_refusal(sure: object) -> str:
    with pytest.raises(ValueError) as refused:
        rowreader.decided_at(BELIEFS, sure)
    return str(refused.value).replace(repr(sure), "SURE")


@pytest.mark.parametrize(
    "sure",
    [decimal.Decimal("1.01"), Fraction(101, 100), np.float32(1.01), np.float16(1.01), np.longdouble("1.01")],
    ids=["Decimal", "Fraction", "float32", "float16", "longdouble"],
)
def test_a_sure_of_1_01_is_said_alike_in_every_type(sure: object) -> None:
    """``decided_at(p, Decimal("1.01"))`` said "over 1 by 0.01" where the float 1.01 said "not a percentage": the
    bound is a float, a hair over 1.01, and the Decimal is not. Now every type of 1.01 is told as the float is."""
    assert (
        _sure_refusal(sure) == _sure_refusal(1.01) == "sure must be a probability in (0, 1], not a percentage: got SURE"
    )


def test_a_sure_a_rounding_error_over_1_is_said_alike_in_every_type() -> None:
    """``Decimal("1.000001")`` was "over 1 by 1e-06" where the float 1.000001 was "over 1 by a rounding error"."""
    assert _sure_refusal(decimal.Decimal("1.000001")) == _sure_refusal(1.000001)
    assert "rounding error" in _sure_refusal(1.000001)
    assert _sure_refusal(decimal.Decimal("1.000002")) == _sure_refusal(1.000002)  # past one: "over 1 by 2e-06"
    assert "not a percentage: got 1000" in _sure_refusal(10**400)  # no OverflowError on the way


@pytest.mark.parametrize(
    "pen",
    [decimal.Decimal("1E-400"), Fraction(1, 10**400), np.longdouble("1e-4000")],
    ids=["Decimal", "Fraction", "longdouble"],
)
def test_a_pen_over_0_that_is_0_as_a_float_says_so(pen: object) -> None:
    """A pen of ``Decimal("1E-400")`` was "must be between 0 and 276 canvas pixels, got Decimal('1E-400')", of a
    number between them: as a float it is 0. A pen under 0 is refused as before, with no such words."""
    with pytest.raises(ValueError, match=r", under the thinnest a float holds \(5e-324\)$"):
        render_strokes([STROKE], pen)
    with pytest.raises(ValueError, match=r"got Decimal\('-1E-400'\)$"):
        render_strokes([STROKE], -decimal.Decimal("1E-400"))


@pytest.mark.parametrize(
    "stroke",
    [
        [[0, True], [3, 4]],
        [(0.5, np.True_)],
        np.array([[0, False]], dtype=object),
        [np.array([0, 1]), np.array([True, False])],
        [[True, False]],
    ],
    ids=["int-and-bool", "numpy-bool", "object-array", "bool-array-point", "bools-alone"],
)
def test_a_bool_anywhere_in_a_stroke_is_refused(stroke: object) -> None:
    """``[[0, True]]`` was drawn as (0, 1), NumPy making the mix integers, where ``[[True, False]]`` was refused:
    a bool anywhere in a stroke is refused alike."""
    with pytest.raises(TypeError, match=r"^stroke 0 has coordinates that are not real numbers \(bool\)$"):
        render_strokes([stroke])


def test_a_json_true_in_a_unipen_stroke_is_refused_with_its_line(tmp_path) -> None:
    """UNIPEN's lines are JSON: a stroke holding ``true`` among numbers was read as 1, where one of ``true`` alone
    was refused with its file and line."""
    folder = tmp_path / "unipen"
    folder.mkdir()
    line = (
        '{"label": 3, "split": "train", "contributor": "c", "writer": "c/w", "source": "s", "segment": "g", '
        '"strokes": [[[0, 0], [5, true]]]}\n'
    )
    (folder / "digits.jsonl.gz").write_bytes(gzip.compress(line.encode()))
    with pytest.raises(ValueError, match=r"line 1: .*stroke 0 has coordinates that are not real numbers \(bool\)"):
        load_unipen(folder)


@pytest.mark.parametrize("loader", [rowreader.load_mnist, load_unipen], ids=["load_mnist", "load_unipen"])
def test_a_data_folder_name_too_long_is_said_in_the_projects_words(loader) -> None:
    """``load_mnist("a" * 1_000_000)`` said "cannot be looked up (File name too long)", the system's words, where
    ``--data-dir`` says which name is too long and what the file system takes: one rule for both, and UNIPEN's."""
    said = f"{'a' * 60}…{'a' * 20} (1,000,000 characters)"
    with pytest.raises(ValueError) as refused:
        loader("a" * 1_000_000)
    assert str(refused.value) == (
        f"{said}: its name is 1,000,000 bytes long, and this file system takes names of 255 bytes at most; "
        "give a shorter one"
    )
    # its ends, as every name is cut (its first 20 characters alone until cli22)
    with pytest.raises(ValueError, match=r"^b{60}…b{20} is a folder's path of 5,019 bytes, and this system takes"):
        loader("/".join(["b" * 250] * 20))


def test_a_link_is_read_once_when_refused(tmp_path, monkeypatch) -> None:
    """``_not_ours`` asked whether ``--out`` is a link, then read it, then read it again: a link removed between
    was a traceback ("No such file or directory"). It is read once, and said as what it was when read."""
    note = tmp_path / "note.txt"
    note.write_text("mine")
    out = tmp_path / "model.safetensors"
    out.symlink_to(note)
    real_readlink = os.readlink

    def read_then_removed(path):
        target = real_readlink(path)
        if Path(path) == out and out.is_symlink():
            out.unlink()  # another process removes it, just after it was read
        return target

    monkeypatch.setattr(os, "readlink", read_then_removed)
    said = _not_ours(out, "--out")
    assert said.startswith(f"--out {out} is a link to {note}, which was not written by RowReader training")


SECOND = np.timedelta64(1, "s")  # an integer to isinstance: np.signedinteger, numbers.Integral


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: rowreader.load_mnist(train=SECOND), "train must be True"),
        (lambda: rowreader.decided_at(np.full((28, 2, 10), 0.1), batch_first=SECOND), "batch_first must be True"),
        (lambda: rowreader.decided_at(BELIEFS, SECOND), "sure must be a probability in (0, 1], one number"),
        (lambda: render_strokes([STROKE], SECOND), "pen width must be a number of canvas pixels"),
        (lambda: render_strokes([STROKE], size=SECOND), "size must be a fraction of the canvas"),
        (lambda: render_strokes([STROKE], antialias=SECOND), "antialias must be True or False"),
        (lambda: rowreader.load_pretrained().stream(batch=2 * SECOND), "batch must be a positive integer"),
        (lambda: rowreader.load_pretrained().stream().rewind(SECOND), "rewind takes a whole number of rows"),
        (lambda: rowreader.ReaderConfig(layers=2 * SECOND), "ReaderConfig.layers must be a whole number"),
        (lambda: rowreader.ReaderConfig(forget_bias=SECOND), "ReaderConfig.forget_bias must be a finite number"),
        (lambda: check_label(3 * SECOND), "label must be a digit 0–9"),
    ],
    ids=[
        "load_mnist-train",
        "batch_first",
        "sure",
        "pen",
        "size",
        "antialias",
        "stream-batch",
        "rewind",
        "config-layers",
        "config-float",
        "label",
    ],
)
def test_a_numpy_duration_is_no_number_and_no_flag(call, said: str) -> None:
    """NumPy's timedelta64 is an integer to ``isinstance``, so a duration of 1 s passed every check of a whole
    number, a real number or a flag: ``load_mnist(train=…)`` failed as ``KeyError``, ``rewind``, ``stream(batch=…)``,
    ``sure`` and the pen in int()'s and float()'s words ("not 'datetime.timedelta'"), and ``batch_first`` and
    ``antialias`` took it as True. Each is refused in its own words, the duration named."""
    with pytest.raises((TypeError, ValueError)) as refused:
        call()
    assert str(refused.value).startswith(said)
    assert "timedelta64" in str(refused.value)


@pytest.mark.parametrize(
    "sure",
    [np.True_, np.str_("0.7"), np.complex128(0.7), np.datetime64(1, "s")],
    ids=["bool", "str", "complex", "date"],
)
def test_sure_item_is_advised_only_where_it_gives_a_number(sure: object) -> None:
    """``decided_at(p, np.True_)`` (or a NumPy string or complex number) was told "sure.item() gives the number it
    holds", which gives True, "0.7" or a complex number, each refused again; the advice stays for ``np.array(0.7)``."""
    assert _sure_refusal(sure) == "sure must be a probability in (0, 1], one number: got SURE"
    assert _sure_refusal(np.array(0.7)).endswith("(an array or tensor: sure.item() gives the number it holds)")


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1, max_value=200, exclude_min=True))
def test_sure_over_1_is_worded_alike_as_a_float_a_decimal_and_a_fraction(sure: float) -> None:
    """The one rule for ``sure`` over 1: a Decimal or a Fraction written as a float is written is told in the float's
    words (a rounding error, how far over 1, or not a percentage), whichever band it falls in."""
    said = _sure_refusal(sure)
    assert _sure_refusal(decimal.Decimal(repr(sure))) == said
    assert _sure_refusal(Fraction(repr(sure))) == said


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)), min_size=1, max_size=20),
    st.data(),
)
def test_a_bool_anywhere_among_a_strokes_numbers_is_refused(points: list, data) -> None:
    """Wherever a bool (Python's or NumPy's) stands among a stroke's whole numbers, the stroke is refused as one of
    bools is; without it the stroke is drawn."""
    render_strokes([points])
    where = data.draw(st.integers(0, 2 * len(points) - 1))
    flag = data.draw(st.sampled_from([True, False, np.True_, np.False_]))
    flat = [v for point in points for v in point]
    flat[where] = flag
    with pytest.raises(TypeError, match=r"not real numbers \(bool\)"):
        render_strokes([[flat[k : k + 2] for k in range(0, len(flat), 2)]])
