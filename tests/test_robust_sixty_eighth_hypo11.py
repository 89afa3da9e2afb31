"""The sixty-eighth round, hypo11: Hypothesis properties on the round's open-ended inputs, the number flags of every
command (any text: signs, exponents, underscores, other scripts' digits and spaces, thousands of digits) read in
process, each taken as Python reads it or refused in one line that says the text as typed.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gzip
import io
import re
import time
from collections.abc import Callable
from typing import Any

from conftest import load_bench
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from test_robust_sixty_eighth_window26 import SEVEN

from gui.image_io import read_any_picture_data_and_note
from rowreader.cli import build_parser
from rowreader.json_text import shown
from rowreader.launch import CommandParser
from rowreader.picture import read_picture_data_and_note
from rowreader.picture_errors import CUT_OFF, PictureError
from training.arguments import parse_args as fit_args

# what a person may type as a number, and what they may paste
NUMBER_TEXT = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A[ \t]*[+-]?[0-9٣１_]{0,8}(\.[0-9_]*)?([eE][+-]?[0-9]{1,4})?[ \t]*\Z"),
    st.integers(-(10**6), 10**6).map(str),
    st.floats().map(repr),
    st.text(alphabet="0123456789", min_size=50, max_size=5000),
)
# what the properties found: 30 characters with escapes, said with their end twice and an escape cut in two
ESCAPED = "!S´å\x1e\U000630cce\x08\U000773faB\U0010c73cF\x11Ô\x0b\x16\U000e3d42d\x8d\U000c8b76\U000578e2ºï(X\x1dª"
SHOWN = re.compile(r"(?P<quote>['\"])(?P<head>.*)\.\.\.(?P<tail>.*)(?P=quote)", re.DOTALL)


def _pieces_typed(text: str, said: str) -> None:
    """``said`` is ``text`` as ``repr`` writes it, or its start and its end so written, each typed once."""
    if said == repr(text):
        return
    found = SHOWN.fullmatch(said)
    assert found is not None, said
    quote = found["quote"]
    head = ast.literal_eval(quote + found["head"] + quote)
    tail = ast.literal_eval(quote + found["tail"] + quote)
    assert text.startswith(head) and text.endswith(tail) and len(head) + len(tail) < len(text), (text, said)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_a_shortened_text_is_said_as_typed(text: str) -> None:
    """Any text said in an error (:func:`shown`) was said as typed, cut only between characters: 30 characters with
    escapes were said with their end twice (`--rounds` of "…(X\\x1dª" as "got '…(X\\x1dª\\x1dª'") and an escape cut
    in two ("\\U00..."), a text no one typed; now its start and end, each character whole, at most 60 long."""
    said = shown(text)
    assert len(said) <= 60 or said == repr(text)
    _pieces_typed(text, said)


def test_a_count_of_escaped_characters_is_said_once() -> None:
    """The example the property found, as a user meets it: `training.fit --epochs` of 30 pasted characters was
    refused naming its last three twice and a `\\U00` no one typed; now each once, each whole."""
    assert shown(ESCAPED) == "'!S´å\\x1e\\U000630cce\\x08...\\U000578e2ºï(X\\x1dª'"


def _refusal(read: Callable[[], Any]) -> str | None:
    """The one line ``read`` refused its command line with (status 2), or None where it read it."""
    with contextlib.redirect_stderr(io.StringIO()) as stderr, _Exits() as exited:
        read()
    if not exited:
        return None
    err = stderr.getvalue()
    lines = [line for line in err.splitlines() if line.strip()]
    assert exited.code == 2 and "Traceback" not in err, err
    assert ": error: " in lines[-1] and lines[-1].count(": error: ") == 1, err
    return lines[-1]


class _Exits:
    """A ``SystemExit`` kept (``code``), or none (falsy): a command line read or refused."""

    code: int | str | None = None

    def __enter__(self) -> _Exits:
        return self

    def __exit__(self, kind: type | None, value: BaseException | None, _: object) -> bool:
        if isinstance(value, SystemExit):
            self.code = value.code
            return True
        return False

    def __bool__(self) -> bool:
        return self.code is not None


def _python_reads(text: str, whole: bool) -> float | None:
    try:
        return int(text) if whole else float(text)
    except (ValueError, OverflowError):
        return None


def _taken_or_refused(text: str, flag: str, whole: bool, value: Any, refused: str | None) -> None:
    """``text`` taken as Python reads it, or refused as "argument FLAG: must be …, got TEXT" (or a real number's
    "invalid float value: TEXT"), the text as typed."""
    if refused is None:
        python = _python_reads(text, whole)
        assert python is not None and (python == value or (python != python and value != value)), (text, value)
        return
    said = shown(text)
    if f"{flag} {text.strip()} would change no weight" in refused:  # --lr's words of its own, the number as typed
        return
    assert f"argument {flag}: " in refused or f"argument --set: {flag}: " in refused, refused
    assert f"got {said}" in refused or f"value: {said}" in refused, (text, refused)
    _pieces_typed(text, said)


FIT_FLAGS = [("--epochs", "epochs", True), ("--lr", "lr", False), ("--pen", "pen", False), ("--seed", "seed", True)]


@settings(max_examples=120)
@given(NUMBER_TEXT, st.sampled_from(FIT_FLAGS))
@example(ESCAPED, FIT_FLAGS[0])
def test_training_fit_takes_a_number_as_python_or_says_it_as_typed(text: str, flag: tuple) -> None:
    """training.fit's number flags, any text: read as Python reads it, or refused in one line saying it as typed."""
    name, field, whole = flag
    assume("\x00" not in text)  # no command line carries a NUL: training's launch says so in words of its own
    read: list[Any] = []
    refused = _refusal(lambda: read.append(getattr(fit_args([f"{name}={text}"]), field)))
    _taken_or_refused(text, name, whole, read[0] if read else None, refused)


@settings(max_examples=80)
@given(NUMBER_TEXT, st.sampled_from([("--batch-size", True), ("--limit", True), ("--sure", False)]))
@example(ESCAPED, ("--limit", True))
def test_evaluate_takes_a_number_as_python_or_says_it_as_typed(text: str, flag: tuple) -> None:
    """`rowreader evaluate`'s number flags, the same."""
    name, whole = flag
    read: list[Any] = []
    args = ["evaluate", f"{name}={text}"]
    refused = _refusal(lambda: read.append(getattr(build_parser().parse_args(args), name[2:].replace("-", "_"))))
    _taken_or_refused(text, name, whole, float(read[0]) if read and not whole else (read or [None])[0], refused)


@settings(max_examples=80)
@given(NUMBER_TEXT, st.sampled_from([("lr", "--lr", False), ("seed", "--seed", True)]))
@example(ESCAPED, ("lr", "--lr", False))
def test_bench_finetune_set_and_rounds_say_a_number_as_typed(text: str, setting: tuple) -> None:
    """bench_finetune's `--set lr=…` and a benchmark's `--rounds`, the same (an empty value aside: no FIELD=VALUE)."""
    field, name, whole = setting
    read: list[Any] = []
    refused = _refusal(
        lambda: read.append(getattr(_bench("bench_finetune").parse_args(["--set", f"{field}={text}"])[1], field))
    )
    if text:  # `--set lr=` is no FIELD=VALUE, said so
        _taken_or_refused(text, name, whole, read[0] if read else None, refused)
    rounds = _bench("rounds")
    parser = CommandParser(prog="bench_fit.py")
    typed = rounds.RoundsArgument(3)
    parser.add_argument("--rounds", type=typed)
    counted: list[int] = []

    def read_rounds() -> None:
        counted.append(parser.parse_args([f"--rounds={text}"]).rounds)
        rounds.check_rounds(parser, counted[0], 3, typed.typed)

    _taken_or_refused(text, "--rounds", True, counted[0] if counted else None, _refusal(read_rounds))


@functools.cache
def _bench(name: str) -> Any:
    """bench/NAME.py, imported once for every example."""
    return load_bench(name)


# a drawing as editors save one: a declaration, a doctype and a comment before its <svg>
PROLOGUE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- a seven -->\n'
)
DRAWING = PROLOGUE + SEVEN
SAVED = {
    "utf-8": DRAWING,
    "utf-16": DRAWING.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
    "bare": SEVEN,
}


def _said_of(read: Callable[[bytes], Any], data: bytes) -> str:
    """What ``read`` made of ``data``: "read", or the words it refused it with; its CPU time bounded."""
    began = time.process_time()
    try:
        read(data)
        said = "read"
    except PictureError as err:
        said = str(err)
    assert time.process_time() - began < 5, len(data)  # a hang would be seconds; a read takes milliseconds
    return said


@settings(max_examples=150)
@given(st.sampled_from(sorted(SAVED)), st.booleans(), st.integers(0, 800))
@example("utf-8", False, 52)  # the prologue cut after `<!DOCTYPE svg`
def test_an_svg_cut_anywhere_is_read_or_said_cut_off(qapp, saved: str, gzipped: bool, end: int) -> None:
    """An SVG cut at any byte, in UTF-8 or UTF-16, plain or gzipped, read by the app and by `rowreader predict`: cut
    in its prologue (`…<!DOCTYPE svg`: 11 cuts of an editor's 376-byte SVG in UTF-8, 14 in UTF-16, each gzipped too) the
    app said Qt's "not a readable image (Unable to read image data)", where a cut one byte on was "cut off"; now cut off
    at every cut where Qt takes it for an SVG, and never Qt's words, a crash or a hang."""
    whole = SAVED[saved]
    end = min(end, len(whole))
    cut = whole[:end]
    if gzipped:
        cut = gzip.compress(cut)
    app = _said_of(lambda d: read_any_picture_data_and_note(d, "pasted"), cut)
    predict = _said_of(read_picture_data_and_note, cut)
    for said in (app, predict):
        assert "Unable to read image data" not in said and "Traceback" not in said, (end, said)
    assert (app == "read") == (end == len(whole)), (end, app)
    if end > len(whole) - len(SEVEN) + len(b"<svg "):  # its <svg> tag begun: an SVG, cut off in the app
        assert app.endswith(f"({CUT_OFF})") or app == "read", (end, app)
