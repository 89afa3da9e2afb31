"""The thirty-second round of hostile testing, cli: `rowreader` and `python -m training.unipen_convert` read by
scripts: a file's name in the text output told back exactly, and a closed stdout under the converter."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_robust_thirtyfirst_cli import converted_into, one_digit_conversion

import rowreader.cli as cli_module
import training.unipen_convert as convert_module
from rowreader.launch import STDOUT_CLOSED
from rowreader.output import name_text
from rowreader.unipen import FILE_NAME

_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
_ONE = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def told_back(line: str) -> str:
    """A name as a script reads it back from the text output: every backslash begins one of name_text's escapes,
    ``\\xHH`` a byte (past 0x7f one not UTF-8, Python's U+DC80..U+DCFF), ``\\uHHHH`` a character."""
    assert "\\" not in _ESCAPE.sub("", line), f"a backslash that begins no escape: {line!r}"
    return _ESCAPE.sub(lambda m: _ONE.get(m[1]) or _character(m[1]), line)


def _character(escape: str) -> str:
    number = int(escape[1:], 16)
    return os.fsdecode(bytes([number])) if escape[0] == "x" else chr(number)


# A name as Python holds it: any character but a surrogate, and the bytes that are not UTF-8 as U+DC80..U+DCFF
NAME_CHARACTERS = (
    st.characters(exclude_categories=["Cs"])
    | st.sampled_from("\\\n\r\t\x1b\x7f\x85\u2028\u202e")
    | st.integers(0xDC80, 0xDCFF).map(chr)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(NAME_CHARACTERS, max_size=30))
@example(name="a\\nb.png")
@example(name="a\nb.png")
@example(name="x\\x1b.png")
@example(name="\\")
def test_every_name_printed_is_one_line_a_script_reads_back_exactly(name):
    """one_line escaped a newline as `\\n` and left a backslash as it is, so `a\\nb.png` (a backslash and an n) and a
    name holding a newline were printed alike, as were `x\\x1b.png` and a name holding ESC: no script could tell
    which file a line meant. A backslash is doubled now, and every name printed reads back as itself."""
    shown = name_text(name)
    assert len(f"<{shown}>".splitlines()) == 1
    assert told_back(shown) == name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(NAME_CHARACTERS, max_size=20))
@example(name="\\xe9t\xe9\U0001f600.png")
def test_a_name_printed_to_an_ascii_output_reads_back_too(name):
    """Where the output's encoding lacks a character (`PYTHONIOENCODING=ascii`), the commands' stdout writes it as
    `\\uHHHH` or `\\UHHHHHHHH` (Python's `\\xe9` for é until cli22: the byte 0xe9's spelling now): a literal
    `\\xe9` in a name printed as `é` did. With backslashes doubled these read back to the one name too."""
    written = name_text(name).encode("ascii", "rowreader.names")
    assert told_back(written.decode("ascii", "surrogateescape")) == name


@pytest.mark.skipif(os.name != "posix", reason="a backslash and a newline in file names")
def test_predicts_text_tells_a_backslash_n_from_a_newline(tmp_path, capsys):
    """End to end, as measured: `rowreader predict 'a\\nb.png' $'a\\nb.png'` printed the line `…/a\\nb.png` twice,
    and the error line of a damaged `x\\x1b.png` named ESC's file. Each line now names its own file."""
    pixels = np.zeros((28, 28), np.uint8)
    pixels[5:23, 13:16] = 255
    backslash, newline = tmp_path / "a\\nb.png", tmp_path / "a\nb.png"
    for picture in (backslash, newline):
        Image.fromarray(pixels).save(picture, format="PNG")
    damaged = tmp_path / "x\\x1b.png"
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n")
    status = cli_module.main(["predict", str(backslash), str(newline), str(damaged)])
    out, err = capsys.readouterr()
    names = [line for line in out.splitlines() if not line.startswith("  ")]
    assert status == 1 and [told_back(line) for line in names] == [str(backslash), str(newline)]
    assert names[0] != names[1]
    assert err.startswith(f"rowreader: error: {name_text(str(damaged))}: ") and err.count("\n") == 1
    assert told_back(err.removeprefix("rowreader: error: ").split(": ")[0]) == str(damaged)
    assert cli_module.main(["predict", "--json", str(backslash), str(newline)]) == 0
    assert [result["file"] for result in json.loads(capsys.readouterr().out)] == [str(backslash), str(newline)]


@pytest.mark.skipif(os.name != "posix", reason="file names of any bytes")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(NAME_CHARACTERS.filter(lambda c: c not in "/\x00"), min_size=1, max_size=20))
def test_any_pictures_name_in_predicts_text_reads_back_as_the_file(name):
    """The same for any name a file can have (its bytes at most 255), with the JSON's "file" and "file_bytes"
    unchanged beside it."""
    if len(os.fsencode(name)) > 255 or name in (".", ".."):
        name = "x"
    with tempfile.TemporaryDirectory() as folder:
        picture = os.path.join(folder, name)
        pixels = np.zeros((28, 28), np.uint8)
        pixels[5:23, 13:16] = 255
        Image.fromarray(pixels).save(picture, format="PNG")
        printed = _run_predict([picture])
        assert told_back(printed.splitlines()[0]) == picture
        result = json.loads(_run_predict(["--json", picture]))[0]
        exact = bytes.fromhex(result["file_bytes"]) if "file_bytes" in result else result["file"].encode()
        assert exact == os.fsencode(picture)


def _run_predict(args: list[str]) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert cli_module.main(["predict", *args]) == 0
    return printed.getvalue()


def test_the_converter_with_its_stdout_closed_says_so_and_converts_nothing(tmp_path, capsys, monkeypatch):
    """`python -m training.unipen_convert SRC --out DIR >&-` read the release, wrote both files and exited 0 with its
    report and checksum said to no one, where its --help gives 1 to output that cannot be written and `rowreader
    predict >&-` is refused in one line. It is refused as rowreader's commands are, before any reading."""
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    read = []
    monkeypatch.setattr(convert_module, "convert", lambda src: read.append(src) or one_digit_conversion(src))
    monkeypatch.setattr(sys, "stdout", None)
    status = convert_module.main([str(source), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1 and err == f"python -m training.unipen_convert: error: {STDOUT_CLOSED}\n"
    assert not read and not out.exists()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(NAME_CHARACTERS.filter(lambda c: c not in "/\x00"), min_size=1, max_size=12))
@example(name="a\\nb")
def test_the_converters_last_line_names_its_out_so_a_script_reads_it_back(name):
    """The converter's last line, "DIR/digits.jsonl.gz: sha256 …", wrote `--out 'a\\nb'` as it wrote a --out holding
    a newline. It reads back as the file written now."""
    if len(os.fsencode(name)) > 255 or name in (".", ".."):
        name = "x"
    printed, out = converted_into(name)
    shown, _, digest = printed.splitlines()[-1].rpartition(": sha256 ")
    assert told_back(shown) == str(out / FILE_NAME) and len(digest) == 64


@pytest.mark.skipif(os.sep != "/", reason="a backslash is a character of a name on POSIX only")
@pytest.mark.parametrize("name", ["scan\\", "\\", "scan\\.", "scan\\.."])
def test_a_picture_whose_name_ends_in_a_backslash_is_read(name, tmp_path, capsys):
    """`rowreader predict 'scan\\'`, a picture there, was refused with status 2 as "a name ending in / names a folder,
    but scan\\ is a file: drop the /": every name check took a backslash for a separator, as Windows does. On POSIX
    it is a character of the name: the picture is read, and a model can be written under such a name."""
    from rowreader.atomic import atomic_write_bytes

    pixels = np.zeros((28, 28), np.uint8)
    pixels[5:23, 13:16] = 255
    picture = tmp_path / name
    Image.fromarray(pixels).save(picture, format="PNG")
    assert cli_module.main(["predict", "--json", str(picture)]) == 0
    assert [result["file"] for result in json.loads(capsys.readouterr().out)] == [str(picture)]
    atomic_write_bytes(tmp_path / f"m{name}", b"new")
    assert (tmp_path / f"m{name}").read_bytes() == b"new"


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_the_converters_report_to_a_full_disk_says_the_conversion_is_written(tmp_path, capsys, monkeypatch):
    """`python -m training.unipen_convert SRC --out DIR > /dev/full` wrote both files whole, then said only "cannot
    write the output: No space left on device", status 1: a script (or its user) took the conversion for failed. The
    status stays the one --help gives, and the line says the conversion is there, naming it."""
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    monkeypatch.setattr(convert_module, "convert", one_digit_conversion)
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert convert_module.main([str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "python -m training.unipen_convert: error: cannot write the output (No space left on device); the conversion "
        f"is written whole, in {name_text(str(out / FILE_NAME))} and its SHA256SUMS\n"
    )
    assert convert_module.read_sums(out / "SHA256SUMS") == {FILE_NAME: convert_module.file_sha256(out / FILE_NAME)}


@pytest.mark.parametrize("earlier", [True, False])
def test_a_full_disk_under_the_conversion_says_nothing_is_replaced(earlier, tmp_path, capsys, monkeypatch):
    """`--force` onto a full tmpfs (1 MiB, one page left): "[Errno 28] No space left on device: '…/SHA256SUMS'",
    status 2, and a user was left to wonder whether the earlier digits.jsonl.gz survived (it did, byte for byte). The
    line says so now, or that nothing is written where there was nothing."""
    import rowreader.atomic as atomic_module

    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    monkeypatch.setattr(convert_module, "convert", one_digit_conversion)
    if earlier:
        assert convert_module.main([str(source), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()} if earlier else {}
    other = one_digit_conversion(source)
    other.records[0]["label"] = 1
    monkeypatch.setattr(convert_module, "convert", lambda src: other)
    real = atomic_module._write_temporary
    writes = []

    def second_one_finds_the_disk_full(path, data):
        writes.append(path)
        if len(writes) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(atomic_module, "_write_temporary", second_one_finds_the_disk_full)
    capsys.readouterr()
    assert convert_module.main([str(source), "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    kept = f"nothing is replaced (the earlier {FILE_NAME} and SHA256SUMS in {out} are as they were)"
    said = kept if earlier else "nothing is written"
    written = f"cannot write {out / 'SHA256SUMS'}: No space left on device"
    assert err == f"python -m training.unipen_convert: error: {written}; {said}\n"
    assert ({p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}) == before


@pytest.mark.skipif(shutil.which("bash") is None, reason="$'…' is bash's (zsh's, ksh's) quoting")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(NAME_CHARACTERS.filter(lambda c: c != "\x00"), max_size=20))
@example(name="scans\n2")
@example(name="it's\x85\\n")
def test_a_command_an_error_suggests_names_the_file_to_the_shell(name):
    """`rowreader predict $'scans\\n2'` (a folder) said "name them: rowreader predict 'scans\\n2'/*.png": shlex.quote's
    word, made one line by one_line, which a shell reads as a backslash and an n, another folder; so did every
    suggested command (`--checkpoint` given a picture, a picture given without predict, `rowreader download
    --data-dir`). The word a message suggests is the name, to bash, byte for byte."""
    from rowreader.output import shell_word

    word = shell_word(name)
    assert len(f"<{word}>".splitlines()) == 1
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    printed = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, env=env, check=True).stdout
    assert printed == os.fsencode(name)


def test_the_folder_hint_is_a_pattern_bash_expands_to_the_pictures_in_it(tmp_path, capsys):
    """End to end: the hint given for a folder whose name holds a newline lists its pictures in bash."""
    folder = tmp_path / "scans\n2"
    folder.mkdir()
    (folder / "7.png").write_bytes(b"")
    assert cli_module.main(["predict", str(folder)]) == 1
    hint = capsys.readouterr().err.rstrip("\n").rpartition("name them: rowreader predict ")[2]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    listed = subprocess.run(["bash", "-c", f"printf %s {hint}"], capture_output=True, env=env, check=True).stdout
    assert listed == os.fsencode(folder / "7.png")


@pytest.mark.skipif(shutil.which("bash") is None, reason="$'…' is bash's (zsh's, ksh's) quoting")
def test_a_dashed_picture_is_told_how_to_be_named_in_words_bash_reads(tmp_path, capsys, monkeypatch):
    """`rowreader predict $'-n\\nl.png'` (argparse takes it for an option) said "name it ./-n\\nl.png", a backslash
    and an n to the shell; the name it suggests is the file's now."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-n\nl.png").write_bytes(b"")
    with pytest.raises(SystemExit) as stop:
        cli_module.main(["predict", "-n\nl.png"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    word = err.partition("name it ")[2].partition(" (or put -- before it)")[0]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    named = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, env=env, check=True).stdout
    assert named == b"./-n\nl.png"


def test_a_read_only_out_is_said_in_words_and_a_readers_error_is_its_own(tmp_path, capsys, monkeypatch):
    """`--out` on a file system remounted read-only: "[Errno 30] Read-only file system: '…/digits.jsonl.gz.lock'",
    naming a lock file nobody asked for. It names the folder, and says nothing is written; an error of the reading
    inside the lock is still said as it was."""
    source, out = tmp_path / "src", tmp_path / "out"
    (source / "include").mkdir(parents=True)
    out.mkdir()

    def read_only(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), f"{path}.lock")

    monkeypatch.setattr(convert_module, "holding_lock", read_only)
    assert convert_module.main([str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    said = f"cannot write into {out}: Read-only file system; nothing is written"
    assert err == f"python -m training.unipen_convert: error: {said}\n"
    monkeypatch.undo()

    def unreadable(src):
        raise OSError(errno.EIO, "the release cannot be read")

    monkeypatch.setattr(convert_module, "convert", unreadable)
    assert convert_module.main([str(source), "--out", str(out)]) == 2
    assert capsys.readouterr().err == "python -m training.unipen_convert: error: [Errno 5] the release cannot be read\n"
