"""The fiftieth round of hostile testing, argv3: the command lines fed what the forty-ninth round's argv2 left (a
4,100-character ``--out``, ``~nobody/x``, ``-0``, a disk with a few blocks free) and then hunted again: NUL bytes,
newlines and escape sequences in names, empty and repeated flags, numbers as ``1e999``, ``0x10``, ``１０``, ``nan``,
``+5`` and `` 5 ``; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import errno
import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowreader.atomic
from rowreader.number_text import real_number
from rowreader.output import name_said
from rowreader.paths import unexpanded_home

LONG = "a" * 4_100  # a name no file system takes, which a refusal says once (shortened past 4,096: name_said)


@pytest.mark.parametrize("command", ["training.fit", "training.merge"])
def test_a_long_out_not_ending_in_safetensors_is_said_once(command, tmp_path, monkeypatch, capsys) -> None:
    """``training.fit --out aaa…`` (4,100 characters, no ending) was refused saying the name twice, the second time
    as the name to give instead (an error line of 8,436 characters). A name too long to read again is now said once
    and the ending to add is named alone; nothing is written, status 2."""
    from training.arguments import main as fit_main
    from training.merge import main as merge_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "nowhere"))
    run = fit_main if command == "training.fit" else merge_main
    words = ["--epochs", "1", "--out", LONG] if command == "training.fit" else ["a.safetensors", "--out", LONG]
    with pytest.raises(SystemExit) as refused:
        run(words)
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if ": error: " in line)
    assert refused.value.code == 2 and line.count(name_said(LONG)) == 1, len(line)
    assert "does not end in .safetensors" in line and "add .safetensors to its end" in line, line[-200:]
    assert len(line) < len(LONG) + 400 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", [f"{LONG}.state.pt", f"{LONG}.lock", f"{LONG}.metrics.csv"])
def test_a_long_out_named_as_a_side_file_is_said_once(name, tmp_path, monkeypatch, capsys) -> None:
    """``training.fit --out aaa….state.pt`` (4,100 characters before the ending) was refused as a side file's name
    saying the name four times (16,635 characters: the name, whose state it is, twice, and the name offered). A name
    too long to read again is now said once; nothing is written, status 2."""
    from training.arguments import main as fit_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "nowhere"))
    flag = "--metrics" if name.endswith(".state.pt") else "--out"
    with pytest.raises(SystemExit) as refused:
        fit_main(["--epochs", "1", flag, name])
    line = next(line for line in capsys.readouterr().err.splitlines() if ": error: " in line)
    assert refused.value.code == 2 and line.count(name_said(name)) == 1 and "give another name" in line, len(line)
    assert list(tmp_path.iterdir()) == []


def test_a_short_name_is_still_offered_with_its_ending(tmp_path) -> None:
    """The short name's offer is kept: ``--out quick`` is offered ``quick.safetensors``, ``quick.pt`` the same."""
    from rowreader.checkpoint import side_file_problem

    for typed in ("quick", "quick.pt"):
        said = side_file_problem(typed, checkpoint=True)
        assert said is not None and said.endswith("give quick.safetensors, say"), said


def test_a_tilde_whose_home_is_not_there_is_not_offered(tmp_path, monkeypatch) -> None:
    """``gui --checkpoint '~nobody/x'`` said "did you mean /nonexistent/x?", a place that cannot be (nobody's home is
    /nonexistent), and ``training.fit --out '~nobody/x.safetensors'`` "write /nonexistent/x.safetensors instead".
    A ``~`` whose home is no folder (here ``$HOME`` names a folder not there) is now said so, and nothing under it
    is offered; a home that is there is still offered."""
    gone = tmp_path / "gone"
    monkeypatch.setenv("HOME", str(gone))
    monkeypatch.chdir(tmp_path)
    reading = unexpanded_home("~/x.safetensors")
    writing = unexpanded_home("~/x.safetensors", writing=True)
    for said in (reading, writing):
        assert said is not None and f"its home folder, {gone}, is not there" in said, said
        assert f"{gone}/x" not in said and "did you mean" not in said, said
    assert writing.endswith("write the folder out in full, or make a folder named ~ here first (mkdir ./~) if that "
                            "is what you mean")  # fmt: skip
    gone.mkdir()
    assert unexpanded_home("~/x.safetensors") == (
        f"it begins with ~, which no shell expanded (was it quoted?); did you mean {gone}/x.safetensors?"
    )


def test_a_tilde_whose_home_is_not_there_given_to_the_app(tmp_path, monkeypatch) -> None:
    """``python -m gui --checkpoint '~/x'`` (and ``rowreader evaluate --checkpoint``), with a home that is not there:
    refused, offering no path under it."""
    from rowreader.checkpoint import refused_model_file

    monkeypatch.setenv("HOME", str(tmp_path / "gone"))
    monkeypatch.chdir(tmp_path)
    said = refused_model_file("--checkpoint", "~/x")
    assert said is not None and "checkpoint not found: ~/x" in said and "is not there" in said, said
    assert "did you mean" not in said and os.listdir(tmp_path) == []


@settings(max_examples=60, deadline=None)
@given(
    sign=st.sampled_from(["-", " -", "-"]),
    digits=st.sampled_from(["0", "0.0", "0.", ".0", "00", "0e5", "0E-3", "0.000"]),
)
def test_negative_zero_is_read_as_zero(sign, digits) -> None:
    """``training.fit --pen -0`` (and ``--replay=-0``) was read as -0.0 and recorded so; ``--lr -0`` was refused as
    "got -0.0", a number not typed. A zero with a minus sign is now zero, plain: +0.0."""
    value = real_number(0.0, 1.0)(sign + digits)
    assert value == 0 and math.copysign(1.0, value) == 1.0


def test_pen_minus_zero_through_training_fit(capsys) -> None:
    """Through the command: ``--pen -0`` is 0.0, off; ``--lr -0`` is refused as got 0.0 (as typed, '-0', since
    cli23: the float read is said nowhere)."""
    from training.arguments import parse_args

    assert math.copysign(1.0, parse_args(["--pen", "-0"]).pen) == 1.0
    with pytest.raises(SystemExit):
        parse_args(["--lr", "-0"])
    err = capsys.readouterr().err
    assert "got '-0'" in err and "-0.0" not in err, err


def _full(*args) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_training_drawn_onto_a_disk_too_full_for_it_says_so(tmp_path, monkeypatch, capsys) -> None:
    """``training.drawn /tmp/full/d.png`` on a disk with 8 kB free (a real 64-kB tmpfs; its check before the drawing
    passed, as ``statvfs`` counts blocks still free) said "cannot write …: No space left on device; nothing was
    written", not that the disk is full nor what to do. Now: "…/d.png: its disk is full (… free, too little for
    it); free some space there, or choose a folder on another disk". The write fails here as it did there."""
    from training.drawn import main

    out = tmp_path / "d.png"
    monkeypatch.setattr(rowreader.atomic, "_write_temporary", _full)
    with pytest.raises(SystemExit) as stop:
        main([str(out), "--per-class", "1"])
    err = capsys.readouterr().err
    assert stop.value.code == 1 and len(err.splitlines()) == 1, err
    assert f"cannot write {out}: its disk is full (" in err and " free, too little for it); free some space " in err
    assert err.rstrip().endswith("or choose a folder on another disk; nothing was written"), err
    assert list(tmp_path.iterdir()) == []


def test_the_words_of_a_write_refused(tmp_path) -> None:
    """``rowreader.atomic.unwritten``: one wording of a write that failed, with what to do; a full disk is called
    full however many blocks ``statvfs`` counts free (too few for this file), the system's words kept otherwise, and
    an error in our own words passed on as it is."""
    out = tmp_path / "s.png"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out))
    said = rowreader.atomic.unwritten(out, full)
    assert said.startswith(f"cannot write {out}: its disk is full (") and "free some space there" in said, said
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES), str(out))
    assert rowreader.atomic.unwritten(out, denied) == (
        f"cannot write {out}: Permission denied; choose a folder you may write to, or make this one writable"
    )
    own = OSError(f"cannot write {out}: {tmp_path} is a link that loops back on itself, not a folder")
    assert rowreader.atomic.unwritten(out, own) == str(own)


def test_bench_handwriting_save_errors_onto_a_full_disk_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    """``bench_handwriting.py --save-errors /tmp/full/e.png`` on the disk with 8 kB free (its check at the start
    passed) ended the whole run in a traceback, "OSError: [Errno 28] No space left on device". Now one line, the
    disk called full and what to do, status 1; nothing is written."""
    from conftest import load_bench

    out = tmp_path / "e.png"
    monkeypatch.setattr(rowreader.atomic, "_write_temporary", _full)
    assert load_bench("bench_handwriting").main(["--sample", "10", "--mnist", "1", "--save-errors", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot write {out}: its disk is full (" in err and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size", ["１２００x７６０", "1_180x760", "٦٠٠x400", "600x400x2", "600×400", "x", ""])
def test_a_screenshot_size_not_written_in_digits_is_refused(size, tmp_path, monkeypatch, capsys) -> None:
    """``gui.screenshot --size １２００x７６０`` (full-width digits) and ``--size 1_180x760`` were read by ``int`` as
    1200×760 and 1180×760, where every other number of every command is written in the digits 0-9 (`--row ２８` is
    refused, "a number is written in the digits 0-9: 28"). Now refused alike before any window, status 2."""
    from gui import screenshot

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        screenshot.main(["shot.png", "--size", size])
    err = capsys.readouterr().err
    # in every flag's form (docs14, the sixty-eighth round: it was "--size must look like …")
    assert stopped.value.code == 2 and f"argument --size: must look like 1180x760, got {size!r}" in err, err
    assert os.listdir(tmp_path) == []


@settings(max_examples=30, deadline=None)
@given(width=st.text(min_size=1, max_size=5000), height=st.sampled_from(["760", "\udcff", "9" * 4_200]))
def test_a_screenshot_size_is_refused_in_one_short_line(width, height) -> None:
    """``--size`` of 4,100 characters was refused naming them all (a line of 4,150), and one not UTF-8 as Python's
    ``'\\udcff'`` escape, where a whole number's refusal names it shortened, its bytes as typed. Now alike: any
    ``--size`` is taken or refused in one line of at most a few hundred characters, status 2."""
    import contextlib
    import io

    from gui import screenshot

    size = f"{width}x{height}"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        screenshot.main(["/dev/null/shot.png", "--size", size])  # if taken, refused: no folder
    lines = [line for line in err.getvalue().splitlines() if ": error: " in line]
    assert stopped.value.code == 2 and len(lines) == 1 and len(lines[0]) < 300, lines
    assert "\\udc" not in lines[0], lines[0]


@pytest.mark.parametrize(
    ("person", "quoted"),
    [("\x1b[2J", "'\\x1b[2J'"), ("ibm/15\n", "'ibm/15\\n'"), (LONG, "'aaaaaaaaaaaa")],
    ids=["escape", "newline", "long"],
)
def test_a_person_named_with_an_escape_is_said_escaped_once(person, quoted, tmp_path, capsys) -> None:
    """``bench/person_examples.py $'\\e[2J' out`` said "no UNIPEN test person '\\\\x1b[2J'": the name made one line
    (the escape as ``\\x1b``), then quoted, which doubled that backslash, a name no one typed; 4,100 characters were
    said whole. Now the name is quoted once (``'\\x1b[2J'``, as every refusal quotes a word), shortened, status 2,
    nothing written."""
    from conftest import load_bench

    assert load_bench("person_examples").main([person, str(tmp_path / "out")]) == 2
    line = capsys.readouterr().err.strip()
    assert f"no UNIPEN test person {quoted}" in line and "\\\\" not in line and len(line) < 200, line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("setting", [LONG, f"{LONG}=1", "\udcff=1"])
def test_a_bench_finetune_set_is_refused_shortened_and_as_typed(setting) -> None:
    """``bench_finetune.py --set aaa…`` (4,100 characters) was refused in a line of 4,304, where a refused choice or
    number is named shortened (the forty-ninth round); a field not UTF-8 was said as ``'\\udcff'``. Now shortened
    and as typed (the byte itself, which a command's stderr writes as typed), status 2."""
    import contextlib
    import io

    from conftest import load_bench

    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        load_bench("bench_finetune").parse_args(["--set", setting])
    line = next(line for line in err.getvalue().splitlines() if ": error: " in line)
    assert stopped.value.code == 2 and len(line) < 400 and "\\udc" not in line, line


UNRECOGNIZED = [  # a command, its words with one no flag takes
    ("training.fit", [LONG]),
    ("training.fit", ["--epochs", "1", f"--{LONG}"]),
    ("rowreader evaluate", [f"--{LONG}"]),
    ("rowreader predict", [f"--{LONG}=1", "x.png"]),
    ("bench_fit", [LONG]),
    ("training.merge", ["a.safetensors", "--out", "m.safetensors", LONG]),
]


@pytest.mark.parametrize(("command", "words"), UNRECOGNIZED, ids=[f"{c} {len(w)}" for c, w in UNRECOGNIZED])
def test_an_unrecognized_word_is_said_shortened(command, words, tmp_path) -> None:
    """A word no flag takes, of 4,100 characters, was said whole by every command ("unrecognized arguments: aaa…",
    lines of 4,149 to 4,169; ``python -m gui`` and ``gui.screenshot`` too), where a refused choice or number is named
    shortened. Now shortened alike, the start and end of the word kept; a short one is said as it was; status 2,
    nothing written."""
    from test_robust_forty_ninth_argv2 import refused

    line = refused(command, words, tmp_path)
    assert "unrecognized arguments: " in line and "a" * 25 + "..." + "a" * 26 in line and len(line) < 200, line
    assert refused("training.fit", ["--bogus"], tmp_path).endswith("error: unrecognized arguments: --bogus")


def test_an_unrecognized_word_given_to_the_app_is_said_shortened(capsys) -> None:
    """``python -m gui --aaa…`` (4,100 characters) alike: one short line, status 2."""
    from gui.__main__ import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args([f"--{LONG}"])
    line = capsys.readouterr().err.splitlines()[-1]
    assert stopped.value.code == 2 and line.endswith("'--" + "a" * 25 + "..." + "a" * 28 + "'"), line
    assert len(line) < 200, line
