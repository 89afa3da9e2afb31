"""The sixty-fourth round's library6: the library as a Python user calls it, each test seen failing before its fix:
a reading flag held in a 0-d array or tensor pointed to ``.item()`` as every other flag is."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader import to_mnist
from rowreader.json_text import shown
from rowreader.pen import draw_ink_window, render_strokes

ITEM_HINT = " (an array or tensor: .item() gives its value)"
STROKES = [[[0, 0], [5, 9]]]
BLANK = np.zeros((28, 28), np.float32)


@pytest.mark.parametrize("held", [np.array(True), np.array([0]), torch.tensor(False)], ids=["0-d", "one", "tensor"])
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("normalise_strokes", lambda flag: to_mnist(BLANK, normalise_strokes=flag)),
        ("allow_small", lambda flag: to_mnist(BLANK, allow_small=flag)),
        ("antialias", lambda flag: render_strokes(STROKES, antialias=flag)),
        ("antialias", lambda flag: draw_ink_window(STROKES, 24, antialias=flag)),
    ],
    ids=["normalise_strokes", "allow_small", "render_strokes", "draw_ink_window"],
)
def test_a_reading_flag_held_in_an_array_is_pointed_to_item(name: str, call, held) -> None:
    """``to_mnist(image, allow_small=np.array(True))`` was "allow_small must be True or False, got array(True)", the
    ``.item()`` the other flags name (``caller_values.flag_refused``) unsaid; an array holding no flag gets no hint."""
    with pytest.raises(TypeError) as refused:
        call(held)
    assert str(refused.value).startswith(f"{name} must be True or False, got ")
    assert str(refused.value).endswith(ITEM_HINT)
    with pytest.raises(TypeError) as refused:
        call(np.array(2.5))
    assert not str(refused.value).endswith(ITEM_HINT)


def _bench_finetune_reads(monkeypatch, capsys, base, mnist_test, share: str, digits: int) -> list[str]:
    """What ``bench_finetune.py --set replay=SHARE`` asks of the replay, teaching one of two persons who wrote
    three of each of the first ``digits`` digits (MNIST test digits stand in for the rendered UNIPEN persons, a
    20-digit pen replay for the 1,000 drawn: seconds, where the real ones take minutes)."""
    from conftest import load_bench

    from training import replay as replay_module

    bench = load_bench("bench_finetune")
    images, labels = mnist_test
    chosen = np.concatenate([np.flatnonzero(labels == d)[:6] for d in range(digits)])
    people = [
        bench.Person(name, images[half].astype(np.float32) / 255, labels[half].astype(np.int64))
        for name, half in (("p", chosen[::2]), ("q", chosen[1::2]))
    ]
    monkeypatch.setattr(bench, "render_people", lambda *args: people)
    asked: list[str] = []
    stand_in = np.zeros((20, 28, 28), np.uint8), np.arange(20, dtype=np.int64) % 10
    monkeypatch.setattr(replay_module, "pen_replay", lambda *args: asked.append("pen") or stand_in)
    load_mnist = replay_module.load_mnist
    monkeypatch.setattr(
        replay_module,
        "load_mnist",
        lambda *args, train, **kwargs: (asked.extend(["MNIST train"] if train else [])
                                        or load_mnist(*args, train=train, **kwargs)),
    )  # fmt: skip
    flags = ["--checkpoint", str(base), "--k", "1", "--hardest", "1", "--others", "0", "--set", "train_samples=32"]
    assert bench.main([*flags, "--set", f"replay={share}"]) == 0
    capsys.readouterr()
    return asked


@pytest.mark.parametrize(
    ("share", "digits", "asked"),
    [("0", 10, []), ("0", 9, ["MNIST train", "pen"]), ("0.5", 10, ["MNIST train", "pen"])],
    ids=["none-replayed", "a-digit-untaught", "replayed"],
)
def test_bench_finetune_at_replay_0_reads_no_replay(monkeypatch, capsys, tiny_base, mnist_test, share, digits, asked):
    """``bench_finetune.py --set replay=0``, all ten digits taught, read the MNIST pool and drew the pen replay for
    batches that drew nothing from them (as the command's ``--replay 0`` did before training4's fix); a teach that
    replays (a digit the person never wrote, or a share) still reads them, once."""
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent-library6")
    assert _bench_finetune_reads(monkeypatch, capsys, tiny_base, mnist_test, share, digits) == asked


@pytest.mark.parametrize("dtype", [torch.float8_e4m3fn, torch.float8_e5m2, torch.bfloat16])
def test_a_float8_value_refused_is_written_as_float8_holds_it(dtype) -> None:
    """A float8 tensor's -0.3 (-0.3125 in float8_e4m3fn, -0.3125 in e5m2) refused was written "-0.3125", float32's
    writing, a value no one gave → the fewest digits that give it back as float8, "-0.3", as bfloat16's were: the
    stream's rows, the session's image, ``evaluate_curve``'s images and ``decided_at``'s beliefs alike."""
    from rowreader import decided_at, load_pretrained
    from rowreader.evaluate import evaluate_curve
    from rowreader.session import DigitSession

    digit = torch.full((28, 28), -0.3).to(dtype)
    checkpoint = load_pretrained()
    calls = [
        lambda: checkpoint.stream().feed_image(digit),
        lambda: checkpoint.stream().feed_image(list(torch.unbind(digit))),
        lambda: DigitSession(checkpoint).set_image(digit),
        lambda: evaluate_curve(checkpoint, digit[None], torch.tensor([3])),
        lambda: decided_at(torch.full((28, 10), -0.3).to(dtype)),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"got -0\.3…-0\.3\b"):
            call()


def test_every_float8_value_comes_back_from_its_text() -> None:
    """Each finite value of both float8 types is written so that torch, given the text as a Python float, gives it
    back bit for bit, in 9 digits or fewer."""
    from rowreader.caller_values import value_text

    for dtype in (torch.float8_e4m3fn, torch.float8_e5m2):
        values = torch.arange(256, dtype=torch.uint8).view(dtype).float()
        values = values[torch.isfinite(values)]
        texts = [value_text(np.float32(value), held=dtype) for value in values.tolist()]
        back = torch.tensor([float(text) for text in texts]).to(dtype).float()
        assert torch.equal(back.view(torch.int32), values.view(torch.int32)), dtype
        assert max(map(len, texts)) <= 10


@pytest.mark.parametrize("function", ["decided_at", "first_sure"])
def test_a_decimal_sure_is_compared_as_the_number_it_is(function) -> None:
    """A Decimal was made a float: ``Decimal('1E-400')``, a probability in (0, 1] (its Fraction was taken), became 0
    and was refused as lying outside (0, 1]; ``Decimal('1.00000000000000000001')`` became 1 and was taken, where its
    Fraction is told it lies over 1. Compared as given: both are as their Fractions; NaN and sNaN still refused."""
    from decimal import Decimal
    from fractions import Fraction

    import rowreader

    call = getattr(rowreader, function)
    beliefs = np.zeros((28, 10))
    beliefs[:, 3] = 1
    assert call(beliefs, Decimal("1E-400")) == call(beliefs, Fraction(1, 10**400)) == call(beliefs, 0.5)
    for over in (Decimal("1.00000000000000000001"), Fraction(10**20 + 1, 10**20)):
        with pytest.raises(ValueError, match="over 1 by a rounding error"):
            call(beliefs, over)
    for wrong in ("NaN", "sNaN", "-0", "1E+999999999"):
        with pytest.raises(ValueError, match=r"^sure must be a probability in"):
            call(beliefs, Decimal(wrong))


@pytest.mark.parametrize("then", ["removed", "replaced"])
def test_a_link_changed_as_it_is_said_is_said_as_it_was_read(tmp_path, monkeypatch, then: str) -> None:
    """``link_said`` read the link twice (its words, then whether it leads to a link): a link removed between the
    two was a traceback ("No such file or directory"), one replaced said as the first and followed as the second.
    Read once, it is said as it was read."""
    import os

    from training.files import link_said

    (tmp_path / "model.safetensors").write_bytes(b"x")
    (tmp_path / "other").symlink_to("model.safetensors")
    link = tmp_path / "out.safetensors"
    link.symlink_to("model.safetensors")
    readlink, reads = os.readlink, []

    def read_then_change(path, *args, **kwargs):
        reads.append(path)
        text = readlink(path, *args, **kwargs)
        if len(reads) == 1:  # another process, between this read and the next
            link.unlink()
            if then == "replaced":
                link.symlink_to("other")
        return text

    monkeypatch.setattr(os, "readlink", read_then_change)
    assert link_said(link) == "model.safetensors"
    assert len(reads) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(allow_nan=False)
    | st.builds("{}E{}".format, st.integers(-(10**25), 10**25), st.integers(-500, 3)).map(Decimal)
    | st.integers(1, 10**6).map(lambda over: 1 + Decimal(over).scaleb(-30))
)
def test_a_decimal_sure_is_taken_or_refused_as_its_fraction_is(sure) -> None:
    """Any Decimal ``sure`` (tiny, huge, just over 1, -0, infinite) is taken or refused, in the same words, as the
    same number held exactly as a Fraction (or as float's infinity) is: made a float, 1E-400 was refused and
    1.00000000000000000001 taken."""
    import rowreader

    beliefs = np.zeros((28, 10))
    beliefs[:, 3] = 1
    same = Fraction(sure) if sure.is_finite() else float(sure)

    def answer(value):
        try:
            return rowreader.first_sure(beliefs, value)
        except ValueError as err:
            return str(err).replace(shown(value), "SURE")

    assert answer(sure) == answer(same)
