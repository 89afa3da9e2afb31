"""The sixty-third round's library5: the library's boundary as a Python user meets it (``rowreader``'s public names,
the row stream, model files and what a caller hands over), tried as a hostile user would. Each test of a defect was
seen failing on the code before its fix."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import rowreader
from rowreader.caller_values import value_text
from rowreader.pen import render_strokes


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (b"", "its first 8 bytes say it holds 0 bytes"),
        (b"  \n\t ", "its 5 bytes are spaces alone"),
    ],
    ids=["length-0", "spaces"],
)
def test_an_empty_header_is_said_to_be_empty(tmp_path, header: bytes, said: str) -> None:
    """A model file of 8 bytes whose header's length is 0 (or a header of spaces alone) said "not valid JSON:
    Expecting value at character 1", of a character the file does not hold."""
    path = tmp_path / "model.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header)
    with pytest.raises(rowreader.CheckpointError) as refused:
        rowreader.load_checkpoint(path)
    assert str(refused.value) == (
        f"{path}: not a readable safetensors file: the header is empty: {said}, where a JSON object of the tensors goes"
    )


def _bfloat16_row() -> torch.Tensor:
    """A row of bfloat16 pixels, one of them -0.3 (held as -0.30078125), the rest 0.5."""
    row = torch.full((28,), 0.5, dtype=torch.bfloat16)
    row[3] = -0.3
    return row


def test_bfloat16_pixels_refused_are_written_as_bfloat16_holds_them() -> None:
    """A bfloat16 tensor's -0.3 is -0.30078125, and was written as float32 writes that, "-0.300781", a value no one
    gave (a float16's is "-0.3008", its own type's): the stream, the session and evaluate_curve alike."""
    from rowreader.evaluate import evaluate_curve
    from rowreader.session import DigitSession

    model = rowreader.load_pretrained()
    image = _bfloat16_row().repeat(28, 1)
    said = "must hold pixel values in [0, 1] (ink = 1), got -0.3…0.5"
    with pytest.raises(ValueError, match=re.escape(f"a row {said}")):
        model.stream().feed(_bfloat16_row())
    with pytest.raises(ValueError, match=re.escape(f"an image {said}")):
        model.stream().feed_image(image)
    with pytest.raises(ValueError, match=re.escape(f"an image {said}")):
        DigitSession(model).set_image(image)
    with pytest.raises(ValueError, match=re.escape("float images must hold pixels in [0, 1] (ink = 1), got -0.3…0.5")):
        evaluate_curve(model, image[None], torch.zeros(1, dtype=torch.long))


@pytest.mark.parametrize("function", [rowreader.decided_at, rowreader.first_sure])
def test_bfloat16_beliefs_refused_are_written_as_bfloat16_holds_them(function) -> None:
    """Logits of bfloat16 passed as beliefs: their -0.3 and 1.3 were "-0.300781…1.29688"."""
    logits = torch.tensor([[1.3, -0.3] + [0.0] * 8], dtype=torch.bfloat16)
    with pytest.raises(ValueError, match=re.escape("got -0.3…1.3 summing to 0.996094")):
        function(logits)


@pytest.mark.parametrize("sure", [1.0000001, np.float32(1.0000001), 1 + 1e-6], ids=["float", "float32", "1e-6"])
@pytest.mark.parametrize("function", [rowreader.decided_at, rowreader.first_sure])
def test_a_sure_over_1_by_a_rounding_error_is_told_so(function, sure: float) -> None:
    """``sure=1.0000001`` (float32's 1 + one step) was told "not a percentage", which it is not. It stays refused,
    not taken as 1: sure=1 decides a digit held at 1.0, over 1 none, and which was meant cannot be told."""
    with pytest.raises(ValueError) as refused:
        function(np.full((3, 10), 0.1), sure)
    assert str(refused.value) == (
        f"sure must be a probability in (0, 1]: got {sure!r}, over 1 by a rounding error? no belief is over 1: give 1 "
        "for all of the belief"
    )
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\], not a percentage: got 1.01$"):
        function(np.full((3, 10), 0.1), 1.01)


def test_sure_over_1_by_a_rounding_error_on_the_command_line_is_told_so(capsys) -> None:
    """`evaluate --sure 1.0000001` was asked "a percentage? 0.01 is 1 %", a number it is not; 1.5 is still asked."""
    from rowreader.cli import main

    for typed, hint in [
        ("1.0000001", "over 1 by a rounding error? no belief is over 1: give 1 for all of the belief"),
        ("1.5", "a percentage? 0.015 is 1.5 %"),
    ]:
        with pytest.raises(SystemExit):
            main(["evaluate", "--sure", typed])
        assert f"must be a belief above 0 and at most 1, got '{typed}' ({hint})" in capsys.readouterr().err


# A value a caller handed where a number, a flag or a name belongs: the refusal named it whole (repr), a line of 5 MB
# for a list of a million, 0.2-1.9 s to write; now shortened as every other refusal names a value (json_text.shown)
HUGE = [0.5] * 1_000_000
_BELIEFS = np.full((3, 10), 0.1)


def _fed() -> rowreader.RowStream:
    stream = rowreader.load_pretrained().stream()
    stream.feed(np.zeros(28))
    return stream


REFUSED_WHOLE = {
    "sure": (lambda value: rowreader.decided_at(_BELIEFS, value), "sure must be a probability"),
    "first_sure": (lambda value: rowreader.first_sure(_BELIEFS, value), "sure must be a probability"),
    "batch_first": (lambda value: rowreader.decided_at(_BELIEFS, batch_first=value), "batch_first must be True"),
    "batch": (lambda value: rowreader.load_pretrained().stream(batch=value), "batch must be a positive integer"),
    "rewind": (lambda value: _fed().rewind(value), "rewind takes a whole number of rows"),
    "train": (lambda value: rowreader.load_mnist(train=value), "train must be True"),
    "download": (lambda value: rowreader.load_mnist(download=value), "download must be True"),
    "force": (lambda value: rowreader.save_checkpoint("unwritten.safetensors", None, force=value), "force must be"),
    "device": (lambda value: rowreader.load_pretrained(value), "device must be auto, cpu, cuda, cuda:N or a torch"),
    "resolve_device": (lambda value: rowreader.resolve_device(value), "device must be auto | cpu | cuda | cuda:N or"),
    "label": (lambda value: _session().set_image(np.zeros((28, 28)), label=value), "label must be an integer"),
    "too_small": (lambda value: _session().set_image(None, too_small=value), "too_small must be True or False"),
    "ink": (lambda value: rowreader.to_mnist(np.zeros((28, 28)), ink=value), "ink must be 'auto', 'dark' or"),
    "allow_small": (lambda value: rowreader.to_mnist(np.zeros((28, 28)), allow_small=value), "allow_small must be"),
    "antialias": (lambda value: render_strokes([np.zeros((2, 2))], antialias=value), "antialias must be True or"),
}


def _session():
    from rowreader.session import DigitSession

    return DigitSession(rowreader.load_pretrained())


@pytest.mark.parametrize("argument", REFUSED_WHOLE)
def test_a_huge_value_in_the_wrong_place_is_named_shortly(argument: str) -> None:
    """Each refusal names its argument and the value, shortened: a list of a million as ``sure`` was a 5 MB line."""
    call, words = REFUSED_WHOLE[argument]
    with pytest.raises((TypeError, ValueError)) as refused:
        call(HUGE)
    assert str(refused.value).startswith(words) and "[0.5, 0.5, 0.5, 0.5, ...]" in str(refused.value)
    assert len(str(refused.value)) < 200, str(refused.value)[:300]


@pytest.mark.parametrize("flag", ["train", "download", "force", "allow_small", "antialias"])
@pytest.mark.parametrize("value", [np.zeros(3), np.array(1), torch.tensor(0)], ids=["array", "0-d", "tensor"])
def test_an_array_as_a_flag_is_refused_naming_the_flag(flag: str, value: object) -> None:
    """An array as a flag was NumPy's "The truth value of an array with more than one element is ambiguous", or
    (``np.array(1)``, a tensor) passed, to fail later: ``load_mnist(train=np.array(1))`` as "unhashable type"."""
    call, words = REFUSED_WHOLE[flag]
    with pytest.raises(TypeError, match=f"^{re.escape(words)}"):
        call(value)


def test_an_array_as_a_cell_is_refused_naming_the_cell() -> None:
    """``ReaderConfig(cell=np.zeros(3))`` was NumPy's "truth value … is ambiguous"."""
    with pytest.raises(ValueError, match=r"^ReaderConfig.cell must be one of \['gru', 'lstm'\], got array"):
        rowreader.ReaderConfig(cell=np.zeros(3))


@pytest.mark.parametrize(
    ("given", "kind"),
    [("0.1", "str"), (b"0.1", "bytes"), (0.5, "float (one number)"), (np.array(0.5), "ndarray (one number)")],
)
def test_text_or_one_number_as_beliefs_is_named(given: object, kind: str) -> None:
    """``decided_at("0.1")`` and ``decided_at(0.5)`` were "expected probabilities … with at most 28 rows, got []"."""
    with pytest.raises(TypeError, match=rf"^expected probabilities \[rows, 10\] \(an array\), got {re.escape(kind)}$"):
        rowreader.decided_at(given)


def test_text_as_a_row_is_named() -> None:
    """``stream.feed("0.5")`` was "pixels must be real numbers in [0, 1], got an array of <U3"."""
    with pytest.raises(TypeError, match=r"^expected a row of shape \(28,\), got str '0.5'$"):
        rowreader.load_pretrained().stream().feed("0.5")


_WRONG_ROWS = st.one_of(
    hnp.arrays(
        st.sampled_from([np.float16, np.float32, np.float64, np.int8, np.uint8, np.int64, np.bool_, np.complex64]),
        hnp.array_shapes(min_dims=0, max_dims=3, max_side=30),
    ),
    st.sampled_from([None, "abc", b"row", 3, 0.5, [0.5] * 27, [[0.5] * 28] * 2, {"row": 1}]),
)


@settings(max_examples=60, deadline=None)
@given(wrong=_WRONG_ROWS, after=st.integers(0, 27))
def test_a_stream_fed_anything_mid_way_refuses_it_in_words_and_keeps_its_state(wrong: object, after: int) -> None:
    """Whatever is fed after ``after`` good rows is read (a row of 28 pixels in [0, 1]) or refused with a TypeError or
    ValueError naming a row, and a refusal changes nothing: the digit read on gives the uninterrupted beliefs."""
    model = rowreader.load_pretrained()
    digit = np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28)
    stream = model.stream()
    for row in digit[:after]:
        stream.feed(row)
    try:
        stream.feed(wrong)
    except (TypeError, ValueError) as refused:
        assert str(refused).startswith(("expected a row", "a row must hold", "pixels must be real numbers")), refused
        assert stream.rows_read == after
        last = [stream.feed(row) for row in digit[after:]][-1]
        assert np.array_equal(last.probs, model.stream().feed_image(digit)[-1].probs)
    else:
        assert stream.rows_read == after + 1


def test_a_decimal_sure_is_one_number() -> None:
    """``decided_at(beliefs, Decimal("0.9"))`` was refused as not "one number" (a Decimal is no numbers.Real); read
    as the number it is now, and its NaN refused in words, not as decimal's InvalidOperation."""
    from decimal import Decimal

    beliefs = np.eye(10)[[3, 3]]
    assert rowreader.decided_at(beliefs, Decimal("0.9")) == 1 and rowreader.first_sure(beliefs, Decimal(1)) == (1, 3)
    for wrong, said in [("NaN", ""), ("0", ""), ("60", ", not a percentage")]:
        with pytest.raises(
            ValueError, match=rf"^sure must be a probability in \(0, 1\]{said}: got Decimal\('{wrong}'\)$"
        ):
            rowreader.decided_at(beliefs, Decimal(wrong))


def test_a_huge_metadata_key_is_named_shortly(tmp_path) -> None:
    """A metadata key that cannot be saved was named whole: a key of a million characters, a line of 1 MB."""
    with pytest.raises(ValueError) as refused:
        rowreader.save_checkpoint(tmp_path / "m.safetensors", rowreader.load_pretrained(), {"k" * 10**6: {1}})
    assert len(str(refused.value)) < 200 + len(str(tmp_path)) and "set is not a JSON value" in str(refused.value)
    assert not (tmp_path / "m.safetensors").exists()


def test_bfloat16_rows_in_a_list_refused_are_written_as_bfloat16_holds_them() -> None:
    """Rows ``torch.unbind`` gave, a list of bfloat16 tensors, were written as float32: "-0.300781…-0.300781"; a list
    of mixed types is written as float32 holds it (its 0.5 no bfloat16 rounding)."""
    stream = rowreader.load_pretrained().stream()
    with pytest.raises(ValueError, match=r"got -0\.3…0\.5$"):
        stream.feed_image([_bfloat16_row()] * 28)
    with pytest.raises(ValueError, match=r"got -0\.300781…0\.5$"):
        stream.feed_image([_bfloat16_row()] * 27 + [torch.full((28,), 0.5)])
    assert value_text(np.float32(0.1), held=torch.bfloat16) == "0.1"  # no bfloat16 holds it: as float32 writes it
