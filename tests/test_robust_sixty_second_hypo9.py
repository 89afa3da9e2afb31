"""The sixty-second round of hostile testing, hypo9: Hypothesis where no property stood yet, on the surfaces the
sixty-first round added: every command's parser given random words made of its flags, an import given random
folders of pictures and drawings named alike, and ``ruled_off`` given random masks. Each example test was seen to
fail on the code before its fix."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.cli import build_parser
from rowreader.example_folder import CASED_SIDECAR, LONE_SIDECAR, UNOWNED_SIDECAR
from rowreader.example_store import ExampleStore
from rowreader.one_digit import ruled_off
from rowreader.skipped_files import skipped_kinds
from training import ship
from training.arguments import fit_parser
from training.arguments import parse_args as fit_args
from training.merge import merge_parser

DIGIT = np.eye(28, dtype=np.uint8) * 255  # read as one digit (a stroke corner to corner)
SIDECAR = {"format": "rowreader-example", "version": 1, "label": 3, "strokes": []}


def _flags(parser) -> list[str]:
    return [option for action in parser._actions for option in action.option_strings if option.startswith("--")]


COMMANDS = {  # each command's whole reading of its words, and its flags
    "rowreader predict": (lambda words: build_parser().parse_args(["predict", *words]), "predict"),
    "rowreader evaluate": (lambda words: build_parser().parse_args(["evaluate", *words]), "evaluate"),
    "rowreader download": (lambda words: build_parser().parse_args(["download", *words]), "download"),
    "training.fit": (fit_args, fit_parser()),
    "training.merge": (lambda words: merge_parser().parse_args(words), merge_parser()),
    "training.ship": (ship.parse_args, ship.ship_parser()),
}
FLAGS = {
    name: _flags(build_parser().commands[parser] if isinstance(parser, str) else parser)
    for name, (_, parser) in COMMANDS.items()
}
EVERY_FLAG = {flag for flags in FLAGS.values() for flag in flags} | {"-h"}


@st.composite
def _word(draw, flags: list[str]) -> str:
    """A word a hostile user types: a real flag cut short, in capitals, with an em dash, ``=`` and a value, bare,
    ``--``, empty, or a number in another script's digits."""
    flag = draw(st.sampled_from(flags))
    value = st.sampled_from(["", "1", "x", "--", "\u0663", "\uff11\uff12", "=", "-1", "nan", "1e400"])
    return draw(
        st.one_of(
            st.just(flag),
            st.integers(3, max(3, len(flag) - 1)).map(lambda cut: flag[:cut]),
            st.just(flag.upper()),
            st.just(flag[:2] + flag[2:].capitalize()),
            value.map(lambda v: f"{flag}={v}"),
            st.just(flag[2:]),
            st.just("\u2014" + flag[2:]),
            st.just(flag.replace("-", "_")),
            st.just("-" + flag),
            value,
            st.sampled_from(["-", " ", "--=", "x.png", "-x"]),
        )
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(COMMANDS)))
def test_a_refused_command_line_is_one_line_naming_a_word_typed_and_writes_nothing(data, name) -> None:
    """Random words made of a command's own flag names: read, or refused with status 2 and one line that names a
    word as typed (or the argument missing or given empty), never a traceback, nothing written where it ran; a "did
    you mean" names a flag some command has."""
    words = data.draw(st.lists(_word(FLAGS[name]), max_size=4), label="words")
    err = io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                COMMANDS[name][0](words)
            status = 0
        except SystemExit as ended:
            status = ended.code
        assert os.listdir(folder) == []
    if status == 0:  # read (or --help, --version)
        return
    lines = err.getvalue().splitlines()
    assert status == 2 and [line for line in lines if ": error: " in line] == lines[-1:], lines
    said = lines[-1].split(": error: ", 1)[1]
    typed = {form for word in words for form in (word, repr(word), word.partition("=")[0], word[2:]) if form}
    # an empty word is said by the argument it was given for ("argument IMAGE: an empty name")
    assert re.search(r"required|argument [A-Z]", said) or any(form in said for form in typed), said
    assert set(re.findall(r"did you mean (?:the (?:option|flag) )?(-[\w-]+)", said)) <= EVERY_FLAG, said


NAMES = ["a", "b", ".c"]  # a hidden one too
SUFFIXES = [".png", ".PNG", ".jpg", ".jpeg", ".json", ".JSON", ".Json", ".txt"]
KINDS = ["file", "folder", "link", "broken link"]


@settings(max_examples=30, deadline=None)
@given(
    entries=st.dictionaries(
        st.tuples(st.sampled_from(NAMES), st.sampled_from(SUFFIXES)), st.sampled_from(KINDS), min_size=1, max_size=7
    )
)
def test_every_file_an_import_meets_is_copied_or_named_once_for_a_true_reason(entries) -> None:
    """A digit's folder of pictures and drawings named alike (``.PNG``, ``.jpg``, ``.JSON``, hidden files, folders
    named like files, links): each visible picture is copied in, or named once; each visible drawing (.json in any
    case) beside a picture of its name is read with it or named once, for the reason that is so; none is named
    twice, and the import's summary counts each."""
    with tempfile.TemporaryDirectory() as root:
        three = Path(root, "source", "3")
        three.mkdir(parents=True)
        Image.fromarray(DIGIT).save(Path(root, "elsewhere.png"))
        for (stem, suffix), kind in entries.items():
            path = three / f"{stem}{suffix}"
            if kind == "folder":
                path.mkdir()
            elif kind == "link":
                path.symlink_to(Path(root, "nowhere" if suffix.lower() == ".json" else "elsewhere.png"))
            elif kind == "broken link":
                path.symlink_to(Path(root, "nowhere"))
            elif suffix.lower() == ".json":
                path.write_text(json.dumps(SIDECAR))
            elif suffix != ".txt":
                Image.fromarray(DIGIT).save(path, format="JPEG" if "jp" in suffix else "PNG")
        imported = ExampleStore(Path(root, "examples")).import_folder(Path(root, "source"))
        named = [problem.split(": ", 1)[0] for problem in imported.problems]
        assert len(named) == len(set(named)), imported.problems
        said = dict(problem.split(": ", 1) for problem in imported.problems)
        visible = {(stem, suffix): kind for (stem, suffix), kind in entries.items() if not stem.startswith(".")}
        pictures = {  # a folder named a.png is walked into, not a picture; a broken link named so is one, named
            key for key, kind in visible.items() if key[1] in (".png", ".PNG", ".jpg", ".jpeg") and kind != "folder"
        }
        read = {key for key in pictures if visible[key] in ("file", "link")}  # a broken link is named
        assert len(imported.added) == len(read), imported.problems
        assert {str(three / "".join(key)) for key in pictures - read} <= set(said), imported.problems
        for (stem, suffix), kind in visible.items():
            if suffix.lower() != ".json" or kind == "folder":
                continue
            path, alike = str(three / f"{stem}{suffix}"), sorted(s for n, s in pictures if n == stem)
            why = said.get(path)
            if suffix != ".json" and not alike:  # a.JSON with no picture of its name: a note, unsaid
                assert why is None, why
            elif kind != "file":  # each .json link leads nowhere: said once, as a link
                assert why is not None and why.startswith("it is a link to "), (path, why)
            elif suffix != ".json":  # not read whatever stands beside it
                assert why is not None and why.startswith(CASED_SIDECAR), (path, why)
            elif not alike:
                assert why == LONE_SIDECAR, (path, why)
            elif len(alike) > 1 and ".png" not in alike:  # a.PNG and a.jpg: none owns it
                assert why is not None and why.startswith(UNOWNED_SIDECAR), (path, why)
            else:
                assert why is None, (path, why)  # read with its picture
        assert "damaged" not in skipped_kinds(imported.problems), imported.problems  # each counted as what it is


def _import_one_folder(tmp_path: Path, names: list[str]) -> list[str]:
    three = tmp_path / "source" / "3"
    three.mkdir(parents=True)
    for name in names:
        if name.lower().endswith(".json"):
            (three / name).write_text(json.dumps(SIDECAR))
        else:
            Image.fromarray(DIGIT).save(three / name, format="JPEG" if ".jp" in name else "PNG")
    imported = ExampleStore(tmp_path / "examples").import_folder(tmp_path / "source")
    assert len(imported.added) == sum(not name.lower().endswith(".json") for name in names)
    return imported.problems


def test_a_drawing_beside_pictures_of_its_name_none_of_them_its_png_is_not_said_to_lack_its_picture(tmp_path) -> None:
    """3/a.PNG, 3/a.jpg and 3/a.json: both pictures were copied in, and the drawing named "without its picture
    (.png) … copy its picture in too", of pictures just copied. Now it says none of them is NAME.png, and which."""
    problems = _import_one_folder(tmp_path, ["a.PNG", "a.jpg", "a.json"])
    assert problems == [
        f"{tmp_path / 'source' / '3' / 'a.json'}: {UNOWNED_SIDECAR} (a.PNG, a.jpg); rename the one it belongs to a.png"
    ]
    assert skipped_kinds(problems) == "1 drawing (.json) no picture reads"


def test_a_drawing_named_in_capitals_beside_its_picture_is_named(tmp_path) -> None:
    """3/b.png and 3/b.JSON (a copy from a camera's or an old system's card): the picture was copied in, its strokes
    left behind without a word. Now they are named, and how to have them read; a .JSON with no picture of its name
    is someone's note, unsaid as other files are."""
    problems = _import_one_folder(tmp_path, ["b.png", "b.JSON", "notes.JSON"])
    assert problems == [f"{tmp_path / 'source' / '3' / 'b.JSON'}: {CASED_SIDECAR} b.json"]
    assert skipped_kinds(problems) == "1 drawing (.json) no picture reads"


def test_a_drawing_that_is_a_broken_link_is_named_once_as_a_link(tmp_path) -> None:
    """3/a.json linking to a file since deleted: named as a drawing without its picture, and counted both so and as
    a broken link, the import's summary "-1 damaged files and 1 drawing (.json) without its picture and 1 broken
    link". Now it is named as the link it is, and counted once."""
    (tmp_path / "source" / "3").mkdir(parents=True)
    (tmp_path / "source" / "3" / "a.json").symlink_to(tmp_path / "gone.json")
    imported = ExampleStore(tmp_path / "examples").import_folder(tmp_path / "source")
    assert imported.problems == [
        f"{tmp_path / 'source' / '3' / 'a.json'}: it is a link to {tmp_path / 'gone.json'}, which does not exist, "
        "so no strokes are read from it"
    ]
    assert skipped_kinds(imported.problems) == "1 broken link"


@pytest.mark.parametrize(
    ("mask", "said"),
    [
        (np.array([[0, 1, 0.9999999999]]), r"\(0.9999999999 at row 0, column 2\)"),  # said "from 0.0 to 1.0"
        (
            np.array([[0.0, np.nan], [1.0, 0.0]]),
            r"NaN \(not a number\), not 0 or 1, in 1 of its 4 pixels \(the first at row 0, column 1\)",
        ),  # said "from nan to nan"
    ],
)
def test_a_mask_refused_for_a_value_names_that_value_and_where(mask, said) -> None:
    """``ruled_off`` of a mask holding 0.9999999999 said "values other than 0 and 1 (from 0.0 to 1.0)", its two
    ends, which are 0 and 1; of one NaN "from nan to nan". Now the first such value, where it is (NaN by name)."""
    with pytest.raises(ValueError, match=r"^the ink mask holds (values other than 0 and 1 )?" + said + "$"):
        ruled_off(mask)


DTYPES = [bool, np.uint8, np.int8, np.int64, np.uint64, np.float16, np.float32, np.float64, np.complex64, object]


@settings(max_examples=120, deadline=None)
@given(
    dtype=st.sampled_from(DTYPES),
    shape=st.sampled_from([(0, 0), (0, 4), (1, 1), (3, 5), (12, 9), (), (4,), (2, 3, 3)]),
    values=st.lists(st.sampled_from([0, 1, 0, 1, -1, 2, 0.5, float("nan")]), min_size=1, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_ruled_off_of_any_mask_is_a_mask_of_its_shape_or_a_refusal_in_words(dtype, shape, values, seed) -> None:
    """Any dtype, shape and values: a bool mask of the input's shape (or None), or a TypeError/ValueError naming the
    mask and what is wrong (a value refused is one the mask holds); never another exception."""
    try:
        with warnings.catch_warnings():  # NumPy's "invalid value encountered in cast": the mask made is the case
            warnings.simplefilter("ignore", RuntimeWarning)
            mask = np.random.default_rng(seed).choice(np.array(values), size=shape).astype(dtype)
    except (ValueError, TypeError, OverflowError):  # NaN or -1 into an integer type: no such mask
        return
    try:
        found = ruled_off(mask)
    except (TypeError, ValueError) as err:
        assert str(err).startswith("the ink mask "), err
        if (value := re.search(r"other than 0 and 1 \((\S+) at row (\d+), column (\d+)\)$", str(err))) is not None:
            assert str(mask[int(value[2]), int(value[3])]) == value[1] not in ("0", "1", "0.0", "1.0"), (mask, err)
        return
    assert found is None or (found.dtype == bool and found.shape == mask.shape)
