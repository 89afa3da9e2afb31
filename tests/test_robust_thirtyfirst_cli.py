"""The thirty-first round of hostile testing, cli: `rowreader` and `python -m training.unipen_convert` used from
scripts and pipes (their output parsed, their exit statuses read) and stopped as a terminal closing stops them."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import signal
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

import rowreader.cli as cli_module
import training.unipen_convert as convert_module
from rowreader.launch import run_main
from rowreader.output import name_text, one_line
from rowreader.unipen import FILE_NAME, SUMS_NAME, read_sums

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")


def _hang_up() -> None:
    """The terminal closed: SIGHUP to this process, once the command has taken it (left to the system, it would end
    the test run itself, as it ended the command: status 129, not a word)."""
    handler = signal.getsignal(signal.SIGHUP)
    assert handler not in (signal.SIG_DFL, None), "SIGHUP is left to the system: it would end the process"
    signal.raise_signal(signal.SIGHUP)


def _digit(path: Path) -> Path:
    pixels = np.zeros((28, 28), np.uint8)
    pixels[5:23, 13:16] = 255  # a 1
    Image.fromarray(pixels).save(path)
    return path


@POSIX
def test_a_terminal_closed_under_predict_json_closes_its_document_and_says_so(tmp_path, capsys, monkeypatch):
    """`rowreader predict --json scans/*.png > out.json` in a terminal that closed (SIGHUP) ended on the spot: status
    129, not a word, and out.json cut in the middle of a result (3,000 pictures: 952 read, json.load failed with
    "Expecting ',' delimiter"). It stops as SIGTERM does now: the document closed after the last whole result."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as a command started from a terminal finds it
    images = [str(_digit(tmp_path / f"{i}.png")) for i in range(3)]
    real = cli_module._predict_one
    calls = []

    def hung_up_at_the_second(stream, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            _hang_up()
        return real(stream, path, *args, **kwargs)

    monkeypatch.setattr(cli_module, "_predict_one", hung_up_at_the_second)
    status = run_main("rowreader.cli", "rowreader", ["predict", "--json", *images])
    out, err = capsys.readouterr()
    assert status == 128 + signal.SIGHUP
    assert [result["file"] for result in json.loads(out)] == images[:1]
    assert "rowreader: error: stopped by SIGHUP after 1 of 3 images; the rest were not read" in err


@POSIX
def test_a_terminal_closed_under_the_converter_says_so_and_writes_nothing(tmp_path, capsys, monkeypatch):
    """`python -m training.unipen_convert` ended without a word on SIGHUP (status 129), as it started through
    run_main alone, which took SIGTERM only; its --help promised "129 when stopped by SIGHUP". It says so now, and
    the --out folder it made is gone."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    source = tmp_path / "src"
    (source / "include").mkdir(parents=True)

    def hung_up_while_reading(src):
        _hang_up()
        raise AssertionError("not stopped")

    monkeypatch.setattr(convert_module, "convert", hung_up_while_reading)
    out = tmp_path / "out"
    status = run_main("training.unipen_convert", "training.unipen_convert", [str(source), "--out", str(out)])
    assert status == 128 + signal.SIGHUP
    assert capsys.readouterr().err.strip().endswith("training.unipen_convert: stopped by SIGHUP")
    assert not out.exists()


@POSIX
@pytest.mark.parametrize("command", [[], ["predict"], ["evaluate"], ["download"]])
def test_every_rowreader_help_gives_sighups_status(command, capsys):
    """`rowreader --help` gave 130 and 143 but not 129, which a terminal closed under a command now ends it with."""
    with pytest.raises(SystemExit):
        cli_module.main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "129 when stopped by SIGHUP" in text and "130 when stopped by Ctrl-C and 143 by SIGTERM" in text


@POSIX
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_stop_that_comes_while_the_conversion_is_written_stops_nothing_and_says_so(
    stop, tmp_path, capsys, monkeypatch
):
    """A stop during the write waits for both files (stops_held), then went off: "stopped by SIGTERM", status 143,
    no report, over a digits.jsonl.gz and SHA256SUMS written whole (measured with strace holding the renames 4 s), so
    a script took a finished conversion for lost. It is over when it comes: the report, status 0, a line saying so."""
    signum = getattr(signal, stop)
    signal.signal(signum, signal.SIG_DFL)
    source = tmp_path / "src"
    (source / "include").mkdir(parents=True)
    strokes = [[[0, 0], [3, 9], [6, 2]]]
    record = {"label": 7, "writer": "xyz/anna", "contributor": "xyz", "source": "s", "segment": "0", "strokes": strokes}
    monkeypatch.setattr(
        convert_module, "convert", lambda src: convert_module.Conversion([{**record, "split": "train"}], Counter())
    )
    real_write = convert_module.atomic_write_files

    def stopped_while_writing(files, *args, **kwargs):
        assert signal.getsignal(signum) not in (signal.SIG_DFL, None), f"{stop} is left to the system"
        signal.raise_signal(signum)  # held until both files are in place
        real_write(files, *args, **kwargs)

    monkeypatch.setattr(convert_module, "atomic_write_files", stopped_while_writing)
    out = tmp_path / "out"
    status = run_main("training.unipen_convert", "training.unipen_convert", [str(source), "--out", str(out)])
    printed, err = capsys.readouterr()
    assert status == 0, err
    digest = hashlib.sha256((out / FILE_NAME).read_bytes()).hexdigest()
    assert f"{out / FILE_NAME}: sha256 {digest}" in printed and "train: 1 digit of 1 person" in printed
    assert read_sums(out / SUMS_NAME) == {FILE_NAME: digest}
    assert f"{stop} came while the files were written; they were written whole first" in err
    assert "stopped by" not in err


def one_digit_conversion(src: Path) -> convert_module.Conversion:
    """What the converter reads of a UNIPEN folder, stood in for: one 7 of one person, three points, for training."""
    strokes = [[[0, 0], [3, 9], [6, 2]]]
    record = {"label": 7, "writer": "xyz/anna", "contributor": "xyz", "source": "s", "segment": "0", "strokes": strokes}
    return convert_module.Conversion([{**record, "split": "train"}], Counter())


def converted_into(name: str) -> tuple[str, Path]:
    """The converter (its reading :func:`one_digit_conversion`) run with ``--out`` named ``name`` in a new folder,
    status 0: what it printed, and the --out it was given (the folder gone since, the name still to be compared)."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(convert_module, "convert", one_digit_conversion)
        source, out = Path(folder) / "src", Path(folder) / name
        source.mkdir()
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            assert convert_module.main([str(source), "--out", str(out)]) == 0
    return printed.getvalue(), out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12))
def test_the_converters_last_line_is_one_line_whatever_out_is_called(name):
    """The converter's last line, "DIR/digits.jsonl.gz: sha256 …", printed --out as typed: `--out $'new\\nline'` split
    it in two, so a script reading the last line got "line/digits.jsonl.gz: sha256 …", and an escape sequence in the
    name reached the terminal (`\\e]0;…\\a` set its title). The name is escaped as every other command prints one."""
    printed, out = converted_into(name)
    last = printed.splitlines()[-1]
    assert last.startswith(name_text(str(out / FILE_NAME)) + ": sha256 ")  # backslashes doubled (32nd round)
    assert not any(unicodedata.category(c) == "Cc" for c in last)


LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # every character str.splitlines ends a line at


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(st.sampled_from(LINE_ENDS) | st.characters(exclude_categories=["Cs"]), max_size=30))
@example(text="a\u2028b.png")
@example(text="\u2029")
def test_a_name_printed_on_one_line_is_one_line_to_every_way_of_splitting_lines(text):
    """one_line escaped C0, C1 and the bidirectional controls, not U+2028 and U+2029, where str.splitlines (and
    JavaScript) end a line: a picture named "a\\u2028b.png" was two lines of `rowreader predict`'s output to a script
    that split it with splitlines."""
    assert len(f"<{one_line(text)}>".splitlines()) == 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_predicts_text_names_a_picture_on_one_line_whatever_its_name_holds(separator, tmp_path, capsys):
    """The same, end to end: the name's line, as splitlines sees it, is the name with the separator escaped."""
    picture = _digit(tmp_path / f"a{separator}b.png")
    assert cli_module.main(["predict", str(picture)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == one_line(str(picture)) and lines[0].endswith(f"a\\u{ord(separator):04x}b.png")
    assert lines[-1].startswith("  prediction: ")


def test_a_conversion_killed_between_its_renames_is_finished_by_running_it_again(tmp_path, monkeypatch, capsys):
    """kill -9 between the two renames (strace holding the second 4 s) left this conversion's digits.jsonl.gz beside
    the older SHA256SUMS, its own listing a temporary. The same command run again, to finish it, was refused: "holds
    another conversion (sha256 <the older one>…) … pass --force", though the file there was its own, byte for byte.
    What would be replaced is told from the file itself now: the pair is completed, the temporary gone."""
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    older = one_digit_conversion(source)
    monkeypatch.setattr(convert_module, "convert", lambda src: older)
    assert convert_module.main([str(source), "--out", str(out)]) == 0
    record = {**older.records[0], "label": 1, "strokes": [[[0, 0], [0, 9]]]}
    killed = convert_module.Conversion([record], Counter())
    data = convert_module.gzipped_lines(killed.records)
    digest = hashlib.sha256(data).hexdigest()
    (out / FILE_NAME).write_bytes(data)  # the first rename done, the second not
    left = out / f".{SUMS_NAME}.0123456789abcdef.tmp"
    left.write_text(f"{digest}  {FILE_NAME}\n")
    monkeypatch.setattr(convert_module, "convert", lambda src: killed)
    capsys.readouterr()
    assert convert_module.main([str(source), "--out", str(out)]) == 0, capsys.readouterr().err
    assert read_sums(out / SUMS_NAME) == {FILE_NAME: digest} and not left.exists()
    assert (out / FILE_NAME).read_bytes() == data


@POSIX
def test_a_terminal_closed_as_the_converter_prints_its_report_stops_nothing(tmp_path, capsys, monkeypatch):
    """A pty closed under the converter as it printed its report (the files written whole) ended it "stopped by
    SIGHUP", status 129, the report cut off: a script took the conversion for lost. Once written, it is complete."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    monkeypatch.setattr(convert_module, "convert", one_digit_conversion)
    real_report = convert_module.report

    def hung_up_as_it_reports(conversion):
        if signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:
            pytest.fail("SIGHUP is left to the system: it would end the process")
        signal.raise_signal(signal.SIGHUP)
        return real_report(conversion)

    monkeypatch.setattr(convert_module, "report", hung_up_as_it_reports)
    status = run_main("training.unipen_convert", "training.unipen_convert", [str(source), "--out", str(out)])
    printed, err = capsys.readouterr()
    assert status == 0 and "stopped" not in err, err
    assert printed.splitlines()[-1].endswith(": sha256 " + read_sums(out / SUMS_NAME)[FILE_NAME])
