"""The sixty-seventh round, cli23: the commands' words the last rounds left (docs/robustness.md).

A number refused by its range is said as the user typed it, in every command; a byte from 0x80 to 0x9f that reaches
a command's stream unescaped goes out as ``\\x9b``, as :func:`rowreader.output.one_line` writes it; a long name is
never cut inside a conjunct (क्ष); complex rows given to the stream, the session or decided_at are told how to give
real ones, as to_mnist's are.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rowreader
from rowreader.output import first_characters, name_shortened
from rowreader.session import DigitSession
from rowreader.whole_number import whole_number
from training.arguments import parse_args

CHECKOUT = Path(__file__).resolve().parent.parent


def _run(cwd: Path, *argv: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, *argv], cwd=cwd, capture_output=True, timeout=60, env=env)


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--lr", "-1e3"], "argument --lr: must be a number above 0 and at most 10, got '-1e3'"),  # was "got -1000.0"
        (["--pen", "-5"], "argument --pen: must be a number from 0 to 0.95, got '-5'"),  # was "got -5.0"
        (["--lr", "-0"], "argument --lr: must be a number above 0 and at most 10, got '-0'"),  # was "got 0.0"
        (["--pen", "0.3", "--pen-holdout=2"], "argument --pen-holdout: must be a number from 0 to 0.5, got '2'"),
        (
            ["--lr", "5", "--lr", "20"],
            "argument --lr: must be a number above 0 and at most 10, got '20'",
        ),  # the last given, as argparse keeps
        (["--lr", "-nan"], "argument --lr: must be a number above 0 and at most 10, got '-nan'"),  # cli25: its range
        (["--hidden", "-0"], "argument --hidden: must be a whole number from 1 to 4,096, got '-0'"),  # was "got 0"
        (["--epochs", "+0"], "argument --epochs: must be a whole number from 1 to 10,000, got '+0'"),
        (["--epochs", "0"], "argument --epochs: must be a whole number from 1 to 10,000, got '0'"),  # review81: quoted
        (["--lr", "0.0000000001"], "--lr 0.0000000001 would change no weight"),  # was "--lr 1e-10"
    ],
)
def test_training_fit_says_a_number_out_of_range_as_typed(flags, said, capsys) -> None:
    """`training.fit --lr -1e3` was refused "got -1000.0", `--pen -5` "got -5.0", `--hidden -0` "got 0": numbers
    no one typed, FitConfig's reading of them, where `rowreader evaluate --sure -5` says "got '-5'"."""
    with pytest.raises(SystemExit) as stop:
        parse_args(flags)
    assert stop.value.code == 2
    assert f"error: {said}" in capsys.readouterr().err


def test_a_fine_tunes_replay_and_folds_are_said_as_typed(capsys) -> None:
    """A fine-tune's --replay (checked by FitConfig alone, "got 1.0") and --folds ("got 1" for `01`)."""
    base = str(CHECKOUT / "rowreader" / "pretrained" / "rowreader.safetensors")
    for flags, said in (
        (["--replay", "1"], "argument --replay: must be a number at least 0 and below 1, got '1'"),
        (["--folds", "01"], "argument --folds: must be 0 (none) or at least 2, got '01'"),
    ):
        with pytest.raises(SystemExit):
            parse_args(["--finetune", base, "--examples", str(CHECKOUT), *flags])
        assert f"error: {said}" in capsys.readouterr().err


def test_the_command_refuses_with_status_2_and_writes_nothing(tmp_path) -> None:
    ran = _run(tmp_path, "-m", "training.fit", "--lr", "-1e3", "--out", "m.safetensors")
    assert ran.returncode == 2
    assert ran.stderr.decode().endswith("error: argument --lr: must be a number above 0 and at most 10, got '-1e3'\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("typed", "said"), [("-0", "'-0'"), ("+0", "'+0'"), ("00", "'00'"), ("0", "'0'")])
def test_every_whole_number_flag_says_its_text(typed, said) -> None:
    """`rowreader evaluate --batch-size -0` (every count of every command) was "got 0", where cli22's `--step -0`
    is "got '-0'"."""
    with pytest.raises(
        argparse.ArgumentTypeError, match=rf"^must be a whole number from 1 to 65,536, got {re.escape(said)}$"
    ):
        whole_number(1, 65_536)(typed)


def test_evaluate_batch_size_minus_0(tmp_path) -> None:
    ran = _run(tmp_path, "-m", "rowreader", "evaluate", "--batch-size", "-0")
    assert ran.returncode == 2
    assert ran.stderr.decode().endswith("--batch-size: must be a whole number from 1 to 65,536, got '-0'\n")
    assert list(tmp_path.iterdir()) == []


def test_a_c1_byte_reaching_the_stream_unescaped_is_written_as_one_line_writes_it(tmp_path) -> None:
    """Text no :func:`one_line` escaped (a print of a name), a byte 0x9b in it, went out as `\\udc9b`, Python's
    spelling, which neither `$'…'` nor `printf %b` reads back, beside the `\\x9b` one_line writes: now `\\x9b`.
    Latin-1's é (0xe9) still goes out as the byte, as `ls` writes it to a pipe."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="rowreader.names", write_through=True)
    stream.write(os.fsdecode(b"b\x9b2J\x85\xe9.png"))
    assert raw.getvalue() == b"b\\x9b2J\\x85\xe9.png"
    code = (
        "import os, sys; from rowreader.output import print_any_file_name; print_any_file_name(); "
        "name = os.fsdecode(b'n\\x9b.png'); print(name); print(name, file=sys.stderr)"
    )
    ran = _run(tmp_path, "-c", code)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, b"n\\x9b.png\n", b"n\\x9b.png\n")
    printed = subprocess.run(["bash", "-c", 'printf %b "$1"', "-", "n\\x9b.png"], capture_output=True, check=True)
    assert printed.stdout == b"n\x9b.png"  # the name's bytes back


@pytest.mark.parametrize(
    "conjunct",
    [
        "\u0915\u094d\u0937",  # क्ष, Devanagari
        "\u0995\u09cd\u09b7",  # ক্ষ, Bengali
        "\u0a95\u0acd\u0ab7",  # ક્ષ, Gujarati
        "\u0b15\u0b4d\u0b37",  # Oriya
        "\u0c15\u0c4d\u0c37",  # Telugu
        "\u0d15\u0d4d\u0d37",  # Malayalam
        "\u0915\u093c\u094d\u0937",  # a nukta before the virama
        "\u0915\u094d\u200d\u0937",  # a joiner after it (the half form)
    ],
)
def test_a_long_name_is_never_cut_inside_a_conjunct(conjunct) -> None:
    """A long name of "क्ष" (one character to the eye, a grapheme cluster since Unicode 15.1) was cut between "क्"
    and "ष": half a letter each side of the ellipsis. Python 3.11's unicodedata (Unicode 14) has no
    Indic_Conjunct_Break; rowreader.output's own cluster rule carries its consonants and viramas."""
    for lead in range(len(conjunct)):  # every cut that falls inside one
        name = "a" * lead + conjunct * 1_500
        start, _, end = name_shortened(name, len(name.encode()))[0].partition("…")
        assert start.endswith(conjunct) and end.startswith(conjunct), (lead, start[-4:], end[:4])
        assert first_characters(name, lead + 1) in (name[:lead], name[: lead + len(conjunct)])


def test_a_conjunct_is_no_wider_than_one() -> None:
    """What is not a conjunct is still cut: a virama then a vowel (क्अ), a virama ending the name, and Tamil,
    whose virama joins nothing under Unicode 15.1."""
    assert first_characters("\u0915\u094d\u0905", 2) == "\u0915\u094d"
    assert first_characters("\u0b95\u0bcd\u0bb7", 2) == "\u0b95\u0bcd"
    assert first_characters("\u0915\u094d", 1) == "\u0915\u094d"


def test_the_predict_command_says_a_long_conjunct_name_whole_at_each_end(tmp_path) -> None:
    name = "a" + "\u0915\u094d\u0937" * 1_400  # 4,201 bytes: said shortened
    ran = _run(tmp_path, "-m", "rowreader", "predict", name)
    assert ran.returncode == 1
    said = ran.stderr.decode()
    assert "\u094d…" not in said and "…\u0937" not in said and "(4,201 characters, 12,601 bytes)" in said, said


def test_complex_rows_are_told_how_to_give_real_ones() -> None:
    """`stream.feed_image` of a complex picture was "pixels must be real numbers in [0, 1], got an array of
    complex128", decided_at of complex beliefs alike, where to_mnist says how to give real ones."""
    model = rowreader.load_pretrained()
    image, beliefs = np.zeros((28, 28), complex), np.full((28, 10), 0.1 + 0j)
    hint = ": pixels.real, or np.abs(pixels) for a magnitude, gives real ones"
    for call in (
        lambda: model.stream().feed_image(image),
        lambda: model.stream().feed(image[0]),
        lambda: model.stream(batch=2).feed_image(np.stack([image, image])),
        lambda: DigitSession(model).set_image(image),
    ):
        with pytest.raises(TypeError, match=rf"got an array of complex128{re.escape(hint)}$"):
            call()
    with pytest.raises(TypeError, match=r"complex128: probabilities\.real, or np\.abs\(probabilities\) for a magn"):
        rowreader.decided_at(beliefs, 0.9)
    with pytest.raises(TypeError, match=r"got an array of <U1$"):  # text: no such hint
        model.stream().feed_image(np.full((28, 28), "a"))


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("lr=-1e3", "argument --set: --lr: must be a number above 0 and at most 10, got '-1e3'"),  # was "got -1000.0"
        (
            "train_samples=-0",
            "argument --set: --train-samples: must be a whole number from 1 to 1,000,000,000,000, got '-0'",
        ),
        (  # was "got inf"; cli24: read as training.fit reads --lr 1e400
            "lr=1e400",
            "argument --set: --lr: must be a number above 0 and at most 10, got '1e400' (a float reads it as inf)",
        ),
    ],
)
def test_bench_finetunes_set_says_a_number_as_typed(tmp_path, setting, said) -> None:
    """`bench_finetune.py --set lr=-1e3` (its value read as JSON, then checked by FitConfig) was "got -1000.0"."""
    ran = _run(tmp_path, str(CHECKOUT / "bench" / "bench_finetune.py"), "--set", setting)
    assert ran.returncode == 2
    assert ran.stderr.decode().endswith(f"bench_finetune.py: error: {said}\n")
    assert list(tmp_path.iterdir()) == []
