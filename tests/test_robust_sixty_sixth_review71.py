"""The sixty-sixth round, review71: cli22's words, window24's boxes and SVG and training8's resume refusals
reviewed as a user (a negative number written as the number flags hint on)."""

from __future__ import annotations

import gzip
import re

import pytest

from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note
from rowreader.cli import main
from rowreader.picture_errors import CUT_OFF, PictureError
from training.config import FitConfig
from training.resume import recorded_holdout


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("-0,5", "a decimal is written with a point"),
        ("-1'000", "a number is written without separators"),
        ("-1_000", "a number is written without separators"),
        ("-\u0661", "a number is written in the digits 0-9"),
    ],
)
def test_a_negative_number_the_flags_hint_on_is_a_flags_value(bench_module, capsys, typed: str, why: str) -> None:
    """`--sure -0,5`, `--brush -1'000`: argparse took each for a flag, "expected one argument", where `0,5` was
    told "a decimal is written with a point: 0.5"; a word the number reader hints on is a value, minus or not."""
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert (
        refused.value.code == 2 and f"--sure: must be a belief above 0 and at most 1, got {typed!r} ({why})\n" in said
    ), said
    with pytest.raises(SystemExit) as refused:
        bench_module("bench_handwriting").main(["--brush", typed])
    said = capsys.readouterr().err
    assert (
        refused.value.code == 2 and f"--brush: must be from 4 to 64 canvas pixels, got {typed!r} ({why})\n" in said
    ), said


@pytest.mark.parametrize("typed", ["-h", "--", "-x1", "-e3"])
def test_a_word_no_number_reader_takes_is_still_a_flag(capsys, typed: str) -> None:
    """The control: `--sure -h` or `--sure --` gives the flag no value, as argparse says."""
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and "--sure: expected one argument" in said, said


NO_SIZE = "an SVG drawing of no size (its <svg> needs a width and height, or a viewBox, above 0)"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="5" height="5"/></svg>'


@pytest.mark.parametrize("size", ['width="-5" height="10"', 'width="10" height="-1px"', 'viewBox="0 0 -10 10"'])
def test_an_svg_sized_below_zero_is_said_to_be_of_no_size(qapp, tmp_path, size: str) -> None:
    """window24 said a width of 0 is a drawing of no size; one of -5 was still "not a readable image (Unable to read
    image data)", pasted, opened or gzipped (Qt gives its size as a damaged file's)."""
    data = SVG.format(size).encode()
    with pytest.raises(PictureError, match=re.escape(f"pasted image: {NO_SIZE}")):
        read_any_picture_data_and_note(data, "pasted image")
    (tmp_path / "a.svg").write_bytes(data)
    (tmp_path / "a.svgz").write_bytes(gzip.compress(data))
    for name in ("a.svg", "a.svgz"):
        with pytest.raises(PictureError, match=re.escape(f"{name}: {NO_SIZE}")):
            read_any_picture_and_note(tmp_path / name)


def test_a_damaged_svg_is_still_said_as_qt_says(qapp) -> None:
    """The control: an SVG whose XML is cut is not said to be of no size; said cut off (Qt's words until the
    sixty-eighth round, window26: "not a readable image (Unable to read image data)")."""
    with pytest.raises(PictureError, match=re.escape(f"pasted image: cannot read the image ({CUT_OFF})")):
        read_any_picture_data_and_note(SVG.format('width="-5" height="10"').encode()[:-8], "pasted image")


PEN_RUN = FitConfig(pen=0.3, pen_holdout=0.01)


@pytest.mark.parametrize("digits", [-5, 0, -(10**30)])
def test_a_holdout_count_of_none_or_fewer_is_refused_by_name(tmp_path, digits: int) -> None:
    """training8 refused a ``pen.holdout.digits`` of 12.5 or "64" by name; -5 was taken and told "the run read -5
    held-out pen digits …; resume with the version and UNIPEN file …", blaming what was not wrong."""
    recorded = {"pen": {"holdout": {"digits": digits, "persons": 2, "held_out": 142}}}
    with pytest.raises(ValueError, match=re.escape(f"pen.holdout.digits holds {digits}, not a whole number above 0")):
        recorded_holdout(tmp_path / "m.safetensors", recorded, PEN_RUN)


def test_a_holdout_count_of_one_or_more_is_the_runs(tmp_path) -> None:
    """The control: a count a run could have read is taken as the run's; persons and held_out are not read."""
    recorded = {"pen": {"holdout": {"digits": 64, "persons": -1, "held_out": float("nan")}}}
    assert recorded_holdout(tmp_path / "m.safetensors", recorded, PEN_RUN) == 64
