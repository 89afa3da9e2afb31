"""The sixty-fourth round's review63: library6's merged work read as a hostile Python user, each test seen failing
before its fix: a ``sure`` of any real type compared with the beliefs as the number it is, in a caller's decimal
context too, and ``bench_finetune.py`` with one person of 20 digits or more."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from rowreader import decided_at, first_sure

BELIEFS = np.zeros((28, 10))
BELIEFS[:, 3], BELIEFS[:, 0] = 0.75, 0.25  # a 3 held at 0.75 on every row


@pytest.mark.parametrize(
    "over",
    [Decimal("0.7500000000000000000000001"), Fraction(3, 4) + Fraction(1, 10**30), np.longdouble(0.75) + 2.0**-62],
    ids=["Decimal", "Fraction", "longdouble"],
)
def test_a_sure_a_hair_over_a_belief_is_not_held(over) -> None:
    """``sure`` was made a float after its checks, rounded to the nearest: a hair over 0.75 was 0.75, and a belief of
    0.75 (which Python itself tells is under it) "decided" at row 1 → the least float64 at or above it."""
    assert over > 0.75
    assert decided_at(BELIEFS, over) == 0
    assert first_sure(BELIEFS, over) == (0, -1)
    assert decided_at(BELIEFS, Decimal("0.75")) == decided_at(BELIEFS, Fraction(3, 4)) == 1  # at it: held


@pytest.mark.parametrize("trap", [decimal.FloatOperation, decimal.Inexact, decimal.InvalidOperation])
def test_a_callers_decimal_context_changes_no_answer(trap) -> None:
    """A caller's ``decimal.localcontext`` trapping FloatOperation (mixing floats with Decimals: the checks compare
    ``sure`` with 1 + 1e-6) or Inexact (``sure - 1`` at low precision) raised it from decided_at, where its
    refusal in words was due → checked in a context of the library's own; answers as without the context."""
    said = {}
    for trapped in (False, True):
        with decimal.localcontext() as context:
            context.prec, context.traps[trap] = 2, trapped
            for text in ("0.6", "1.000002", "1.0000021234567", "1.5", "NaN", "0.7500000000000000000000001"):
                try:
                    said[trapped, text] = decided_at(BELIEFS, Decimal(text))
                except ValueError as err:
                    said[trapped, text] = str(err)
    for (_, text), answer in said.items():
        assert answer == said[False, text], (text, answer)
    assert said[True, "1.000002"].endswith("over 1 by 2e-06")


@pytest.mark.parametrize("persons", [1, 0])
def test_bench_finetune_with_one_person_or_none(monkeypatch, capsys, tiny_base, mnist_test, persons) -> None:
    """``bench_finetune.py`` where one UNIPEN person had 20 digits or more (a small --pen-dir, a brush that loses
    others) failed after the teach as "need at least one array to concatenate", the others' digits, none, read; with
    none, before any teach. → the others' change is "–" where there are no others; no person is said in words."""
    from conftest import load_bench

    bench = load_bench("bench_finetune")
    images, labels = mnist_test
    chosen = np.concatenate([np.flatnonzero(labels == d)[:3] for d in range(10)])
    people = [bench.Person("p", images[chosen].astype(np.float32) / 255, labels[chosen].astype(np.int64))]
    monkeypatch.setattr(bench, "render_people", lambda *args: people[:persons])
    flags = ["--checkpoint", str(tiny_base), "--k", "1", "--hardest", "1", "--others", "0"]
    code = bench.main([*flags, "--set", "train_samples=32", "--set", "replay=0"])
    out, err = capsys.readouterr()
    if persons:
        assert code == 0, err
        (row,) = (line for line in out.splitlines() if line.startswith("*p "))
        assert row.split()[-2:-1] == ["–"], row  # the others' change: none to change
    else:
        assert code == 2
        assert "no UNIPEN test person" in err, err


@pytest.mark.parametrize("pen", [Fraction(24), Decimal(24), Decimal("24.0000000000000000000001")], ids=str)
def test_a_pen_of_any_real_type_draws_as_its_float(pen) -> None:
    """``render_strokes(strokes, pen=Fraction(24))`` was "pen width must be a number of canvas pixels, got
    Fraction(24, 1)", a number, where ``sure`` takes a Fraction and a Decimal → drawn as ``float(pen)`` draws; a
    Decimal's NaN, sNaN (which float() refuses in its own words) and 1E+400 refused in the pen's words."""
    from rowreader.pen import render_strokes

    strokes = [np.array([[0.0, 0.0], [5.0, 9.0]])]
    assert np.array_equal(render_strokes(strokes, pen=pen), render_strokes(strokes, pen=float(pen)))
    for wrong in ("NaN", "sNaN", "1E+400", "-24"):
        with pytest.raises(ValueError, match=r"^pen width must be between 0 and"):
            render_strokes(strokes, pen=Decimal(wrong))


@pytest.mark.parametrize("dtype", ["float8_e4m3fn", "float8_e5m2", "float8_e5m2fnuz"])  # e4m3fnuz: 255 is NaN
def test_a_float8_value_is_written_without_an_exponent_it_lacks(dtype) -> None:
    """MNIST's bytes cast to float8 (255 is 256 there) were refused as "got 0…2.6e+02", the fewest digits that give
    256 back, in an exponent no other type's refusal writes (float16's "0…255") and a value no one gave, 260 →
    "0…256"; float8's -0.3 is still "-0.3" (library6's), its largest value whole, not "4.5e+02"."""
    import torch

    from rowreader import load_pretrained
    from rowreader.caller_values import value_text

    held = getattr(torch, dtype)
    digit = torch.zeros(28, 28)
    digit[10:14, 5:20] = 255
    with pytest.raises(ValueError, match=r"got 0…256$"):
        load_pretrained().stream().feed_image(digit.to(held))
    largest = torch.finfo(held).max
    assert value_text(largest, held=held) == f"{largest:g}"
    assert value_text(torch.tensor(-0.3).to(held).item(), held=held) == "-0.3"


@pytest.mark.filterwarnings("ignore:.*(deprecated|ComplexHalf).*:UserWarning")  # torch's, making the tensors
def test_a_quantised_or_complex32_tensor_is_read_or_refused_in_our_words() -> None:
    """A quantised tensor (``torch.quantize_per_tensor``) failed in the stream, the session and decided_at as torch's
    "Got unsupported ScalarType QUInt8" and in evaluate_curve as "Creation of quantized tensor requires quantized
    dtype"; a complex32 one as "Got unsupported ScalarType ComplexHalf" → read as the values it stands for
    (``dequantize()``), as a float8 tensor is; complex32 refused as complex is."""
    import torch

    from rowreader import decided_at, load_pretrained
    from rowreader.evaluate import evaluate_curve
    from rowreader.session import DigitSession

    checkpoint = load_pretrained()
    digit = torch.zeros(28, 28)
    digit[8:20, 12:15] = 1
    quantised = torch.quantize_per_tensor(digit, 1 / 255, 0, torch.quint8)
    want = checkpoint.stream().feed_image(digit)[-1].probs
    assert np.array_equal(checkpoint.stream().feed_image(quantised)[-1].probs, want)
    DigitSession(checkpoint).set_image(quantised)
    assert evaluate_curve(checkpoint, quantised[None], torch.tensor([1])).shape == (28,)
    beliefs = torch.quantize_per_tensor(torch.full((28, 10), 0.1), 1 / 250, 0, torch.quint8)
    assert decided_at(beliefs, 0.1) == 1
    for call in (
        lambda: checkpoint.stream().feed_image(digit.to(torch.complex32)),
        lambda: decided_at(torch.full((28, 10), 0.1).to(torch.complex32)),
    ):
        with pytest.raises(TypeError, match=r"real numbers.*complex"):
            call()
