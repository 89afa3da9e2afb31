"""The sixty-sixth round's library8: the library's boundary, the cases left. Pixels, strokes and beliefs given as
Fractions or Decimals (lists of them, or NumPy arrays of objects) are read as the floats they equal, as ``sure``, the
pen and ``ReaderConfig`` take them, at every entry point alike; what such an array holds that is no number is named.
Then a hostile researcher's objects: ``__array__`` giving another shape each call, a ``__float__`` that lies or
changes, a generator for a stroke. Each test of a defect was seen failing on the code before its fix."""

from __future__ import annotations

import decimal
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowreader
from rowreader.evaluate import evaluate_curve
from rowreader.model import ReaderConfig
from rowreader.pen import draw_ink_window, render_strokes
from rowreader.preprocess import to_mnist
from rowreader.session import DigitSession

CHECKPOINT = rowreader.load_pretrained()
DIGIT = np.zeros((28, 28))
DIGIT[5:23, 12:16] = 1.0  # a "1"
DIGIT[5:8, 9:12] = 0.5
STROKES = [[[10.0, 10.0], [50.0, 200.0], [120.5, 40.25]]]


def _objects(values: object, kind: type) -> np.ndarray:
    """``values`` (floats) as an array of objects of ``kind``, each the number it is (Fraction, Decimal)."""
    array = np.asarray(values, np.float64)
    return np.array([kind(value) for value in array.ravel().tolist()], dtype=object).reshape(array.shape)


def _beliefs(image: np.ndarray) -> np.ndarray:
    return np.stack([p.probs for p in CHECKPOINT.stream().feed_image(image)])


@pytest.mark.parametrize("kind", [Fraction, decimal.Decimal])
@pytest.mark.parametrize("as_list", [False, True], ids=["array", "list"])
def test_pixels_of_fractions_or_decimals_are_read_as_their_floats_everywhere(kind: type, as_list: bool) -> None:
    """They were "image dtype object is not numeric" (to_mnist) and "pixels must be real numbers in [0, 1], got an
    array of object" (the stream, the session), though ``sure`` and the pen take such numbers."""
    digit = _objects(DIGIT, kind)
    given_digit = digit.tolist() if as_list else digit
    assert np.array_equal(_beliefs(given_digit), _beliefs(DIGIT))
    assert np.array_equal(CHECKPOINT.stream().feed(given_digit[3]).probs, CHECKPOINT.stream().feed(DIGIT[3]).probs)
    batch = CHECKPOINT.stream(batch=2).feed_image([given_digit, given_digit])[-1].probs
    assert np.array_equal(batch, CHECKPOINT.stream(batch=2).feed_image(np.stack([DIGIT, DIGIT]))[-1].probs)
    session = DigitSession(CHECKPOINT)
    session.set_image(given_digit)
    assert np.array_equal(session.image, DIGIT.astype(np.float32))
    assert np.array_equal(to_mnist(given_digit), to_mnist(DIGIT))


def test_images_and_beliefs_of_fractions_are_read_by_evaluate_curve_and_decided_at() -> None:
    """evaluate_curve said "images must hold real numbers, got an array of object"; decided_at and first_sure
    "probabilities must be real numbers, got an array of object"."""
    images = _objects(np.stack([DIGIT, DIGIT]), Fraction)
    curve = evaluate_curve(CHECKPOINT, images, np.array([1, 1]))
    assert np.array_equal(curve, evaluate_curve(CHECKPOINT, np.stack([DIGIT, DIGIT]), np.array([1, 1])))
    beliefs = _beliefs(DIGIT)
    exact = _objects(beliefs, Fraction)
    assert rowreader.decided_at(exact) == rowreader.decided_at(beliefs)
    assert rowreader.first_sure(exact.tolist(), 0.9) == rowreader.first_sure(beliefs, 0.9)


@pytest.mark.parametrize("kind", [Fraction, decimal.Decimal])
def test_strokes_of_fractions_or_decimals_are_drawn_as_their_floats(kind: type) -> None:
    """A stroke of them was "not real numbers (null, text or an integer beyond 64 bits)", none of which it held."""
    exact = [_objects(stroke, kind) for stroke in STROKES]
    assert np.array_equal(render_strokes(exact), render_strokes(STROKES))
    assert np.array_equal(render_strokes([s.tolist() for s in exact]), render_strokes(STROKES))
    assert np.array_equal(draw_ink_window(exact, 10), draw_ink_window(STROKES, 10))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fractions(min_value=0, max_value=1, max_denominator=10**30), min_size=28, max_size=28))
def test_any_row_of_fractions_is_read_as_the_row_of_their_floats(row: list[Fraction]) -> None:
    as_floats = [float(value) for value in row]
    mixed = [decimal.Decimal(value.numerator) / value.denominator if k % 2 else value for k, value in enumerate(row)]
    expected = CHECKPOINT.stream().feed(as_floats).probs
    assert np.array_equal(CHECKPOINT.stream().feed(row).probs, expected)
    assert np.allclose(CHECKPOINT.stream().feed(mixed).probs, expected, atol=1e-6)  # a Decimal quotient: 28 digits


@pytest.mark.parametrize(
    "number", [decimal.Decimal("1E+400"), Fraction(10**400), np.longdouble("1e400")], ids=["Decimal", "Fraction", "ld"]
)
def test_a_number_beyond_a_float_is_refused_as_itself_not_as_infinity(number: object) -> None:
    """Named, with the range a float holds: float() makes Decimal('1E+400') inf, "NaN or infinity", which it is not."""
    digit = _objects(DIGIT, Fraction)
    digit[0, 0] = number
    for read in (lambda: CHECKPOINT.stream().feed_image(digit), lambda: to_mnist(digit)):
        with pytest.raises(ValueError, match=r"an image must hold numbers a float holds \(±1\.8e308\), got "):
            read()
    stroke = _objects(STROKES[0], Fraction)
    stroke[1, 1] = number
    with pytest.raises(ValueError, match=r"stroke 0 must hold numbers a float holds \(±1\.8e308\), got "):
        render_strokes([stroke])


@pytest.mark.parametrize(
    ("odd", "said"),
    [
        ("5", "str '5'"),
        (None, "NoneType None"),
        (True, "bool True"),
        (2**70, "int 1180591620717411303424, beyond 64 bits"),
    ],
)
def test_what_an_array_of_objects_holds_that_is_no_number_is_named(odd: object, said: str) -> None:
    """Each refusal said only "object": the caller was not told which of its values was none."""
    digit = _objects(DIGIT, Fraction)
    digit[2, 2] = odd
    with pytest.raises(TypeError, match=f"got an array of object holding {said}"):
        CHECKPOINT.stream().feed_image(digit)
    with pytest.raises(TypeError, match=f"got an array of object holding {said}"):
        DigitSession(CHECKPOINT).set_image(digit)
    with pytest.raises(TypeError, match=rf"image dtype object is not numeric \(holding {said}\): pass ints of 64"):
        to_mnist(digit)
    with pytest.raises(TypeError, match=f"images must hold real numbers, got an array of object holding {said}"):
        evaluate_curve(CHECKPOINT, digit[None], np.array([1]))
    beliefs = _objects(_beliefs(DIGIT), Fraction)
    beliefs[0, 0] = odd
    with pytest.raises(TypeError, match=f"probabilities must be real numbers, got an array of object holding {said}"):
        rowreader.decided_at(beliefs)


class _Shifting:
    """A table whose ``__array__`` gives another shape each call (a live view of a growing log), counted."""

    def __init__(self, *shapes: tuple[int, ...]) -> None:
        self.shapes, self.calls = shapes, 0

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        shape = self.shapes[min(self.calls, len(self.shapes) - 1)]
        self.calls += 1
        return np.full(shape, 0.1)


def test_beliefs_are_read_once_and_refused_by_the_shape_read() -> None:
    """decided_at read a 30-row table, then asked its shape again: "got [28, 10]", a shape it takes."""
    table = _Shifting((30, 10), (28, 10))
    with pytest.raises(ValueError, match=r"with at most 28 rows, got \[30, 10\]$"):
        rowreader.decided_at(table)
    assert table.calls == 1


class _LyingFloat(float):
    """A float whose ``__float__`` gives 2.0, whatever it holds."""

    def __float__(self) -> float:
        return 2.0


class _LyingFraction(Fraction):
    def __float__(self) -> float:
        return 2.0


@pytest.mark.parametrize("sure", [_LyingFloat(0.5), _LyingFraction(1, 2)], ids=["float", "Fraction"])
def test_a_sure_whose_float_is_another_number_is_refused(sure: object) -> None:
    """Checked as 0.5 and held as its float(), 2.0: a belief no digit reaches, so nothing was ever decided (0)."""
    beliefs = _beliefs(DIGIT)
    with pytest.raises(ValueError, match=r"got .*, whose float\(\) is 2\.0$"):
        rowreader.decided_at(beliefs, sure)
    with pytest.raises(ValueError, match=r"whose float\(\) is 2\.0$"):
        rowreader.first_sure(beliefs, sure)


def test_a_config_value_is_read_once() -> None:
    """ReaderConfig read a float field's float() three times and a count's int() after checking the count: a value
    changing between reads was checked as one number and kept as another (a dropout of 0.5 kept as 7.0)."""
    floats = itertools.chain([0.5], itertools.repeat(7.0))
    ints = itertools.chain([16], itertools.repeat(10**9))

    class Changing(float):
        def __float__(self) -> float:
            return next(floats)

    class Count(int):
        def __int__(self) -> int:
            return next(ints)

    config = ReaderConfig(forget_bias=Changing(0.5))
    assert config.forget_bias == 0.5
    assert ReaderConfig(hidden_size=Count(16)).hidden_size == 16


def test_a_generator_for_a_stroke_or_a_picture_is_told_how_to_hand_it_over() -> None:
    """A stroke was "not real numbers (null, text or an integer beyond 64 bits)", false of it; to_mnist said
    "got generator" with no way on, where the stream says how."""
    with pytest.raises(TypeError, match=r"stroke 0 must be a list of \(x, y\) points, got generator; np\.stack"):
        render_strokes([(point for point in STROKES[0])])
    with pytest.raises(TypeError, match=r"got generator; np\.stack\(list\(values\)\)"):
        to_mnist(row for row in DIGIT)
