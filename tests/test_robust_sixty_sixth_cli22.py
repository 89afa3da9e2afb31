"""The sixty-sixth round, cli22: the commands' words at their edges (a name's byte that is not UTF-8, the longest
path, a long name cut inside what shows as one character, a too-long folder's own cut)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from rowreader.cli import main
from rowreader.output import name_said, name_text, shell_word
from rowreader.paths import given_folder

LINUX = pytest.mark.skipif(sys.platform != "linux", reason="a name of bytes not UTF-8 is Linux's")


@LINUX
def test_a_byte_not_utf8_is_said_as_the_suggested_command_writes_it(capsysbinary, tmp_path, monkeypatch) -> None:
    """`predict $'a\\xfe'` beside a\\xfe.png: the error line gave the byte raw (a terminal shows U+FFFD, which
    copied is another name) while its "did you mean" wrote `$'a\\xfe.png'`. The byte is `\\xfe` in both, as bash
    reads it back; and no byte from 0x80 up goes out alone."""
    (tmp_path / os.fsdecode(b"a\xfe.png")).write_bytes(b"not a picture")
    monkeypatch.chdir(tmp_path)
    assert main(["predict", os.fsdecode(b"a\xfe")]) == 1
    said = capsysbinary.readouterr().err.strip().splitlines()[-1]
    assert said.endswith(b"error: a\\xfe: no such file; did you mean $'a\\xfe.png'?"), said
    assert said.isascii()


def test_a_byte_and_a_character_of_the_same_number_are_said_apart() -> None:
    """`\\xHH` is a byte (as in `$'…'` and `printf %b`), `\\uHHHH` a character: the C1 control U+009B, once `\\x9b`,
    is `\\u009b`, so the byte 0x9b can be `\\x9b`; bash's printf gives each name back."""
    byte, character = os.fsdecode(b"\x9b\xe9"), "\x9b\xe9"
    assert name_text(byte) == "\\x9b\\xe9"
    assert name_text(character) == "\\u009b\xe9"
    for name in (byte, character, "a\\xe9"):
        printf = ["bash", "-c", 'printf %b "$1"', "-", name_text(name)]
        back = subprocess.run(printf, capture_output=True, check=True, env={"LC_ALL": "C.UTF-8"}).stdout
        assert back == os.fsencode(name)
    assert shell_word(byte) == "$'\\x9b\\xe9'"  # the suggestion's spelling, unchanged


def test_an_ascii_output_says_a_letter_apart_from_a_byte() -> None:
    """Under `PYTHONIOENCODING=ascii` the output wrote é as Python's `\\xe9`: the byte 0xe9's spelling now; é is
    `\\u00e9`."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="rowreader.names", write_through=True)
    stream.write(name_text("\xe9") + " " + name_text(os.fsdecode(b"\xe9")) + " \U0001f600")
    assert raw.getvalue() == b"\\u00e9 \\xe9 \\U0001f600"


def test_a_name_of_the_longest_path_is_said_whole_and_one_byte_more_is_not() -> None:
    """Linux takes a path of 4,095 bytes at most (PATH_MAX, 4,096, counts its NUL): one of 4,096 was said whole."""
    assert name_said("a" * 4095) == "a" * 4095
    assert name_said("a" * 4096) == f"{'a' * 60}…{'a' * 20} (4,096 characters)"
    assert name_said("é" * 2048) == f"{'é' * 60}…{'é' * 20} (2,048 characters, 4,096 bytes)"


FLAG = "\U0001f1eb\U0001f1f7"  # France: two regional indicators
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # four people joined by three ZWJs
WAVE = "\U0001f44b\U0001f3fd"  # a waving hand and its skin tone
SYLLABLE = "\u1100\u1161\u11a8"  # 각 as three jamo


@pytest.mark.parametrize(
    ("name", "head", "tail"),
    [
        ("a" + FLAG * 1000, "a" + FLAG * 30, FLAG * 10),
        ("ab" + FAMILY * 300, "ab" + FAMILY * 9, FAMILY * 3),
        ("a" + WAVE * 1000, "a" + WAVE * 30, WAVE * 10),
        ("a" + SYLLABLE * 1400 + "b", "a" + SYLLABLE * 20, SYLLABLE * 7 + "b"),
    ],
    ids=["flag", "family", "skin tone", "jamo"],
)
def test_a_long_name_is_never_cut_inside_what_shows_as_one_character(name: str, head: str, tail: str) -> None:
    """Shortened at its 60th and its last 20 characters, `a🇫🇷🇫🇷…` was cut between a flag's two regional indicators
    (each end a lone boxed letter, the rest of the flags paired wrongly), a family inside its joiners, a hand from
    its skin tone, a syllable between its jamo: each end keeps whole what shows as one."""
    said = name_said(name)
    assert said.rpartition(" (")[0] == f"{head}…{tail}"


def test_a_too_long_folder_is_cut_by_the_rule_of_every_name(tmp_path) -> None:
    """`--data-dir` of 21 folders of 100 "é" (over 4,096 bytes, each part allowed) was said by its first 20
    characters and "…", its end (where the folder's own name is) and its length lost: cut as every name is."""
    folder = os.path.join(tmp_path, *["é" * 100] * 21)
    with pytest.raises(ValueError) as refused:
        given_folder(folder, "the folder")
    head, _, length = name_said(folder).rpartition(" (")  # its ends; its length in bytes, as before
    assert length.startswith("2,1") and str(refused.value).startswith(f"{head} is a folder's path of 4,2")


@pytest.mark.parametrize("typed", ["-0", "0e5", "1e-9", "-inf"])
def test_gui_latency_step_says_the_number_as_typed(bench_module, capsys, typed: str) -> None:
    """`bench_gui_latency.py --step -0` was "got 0" and `1e-9` "got 1e-09", checked once parsed, where `--brush -0`
    and `evaluate --sure -0` say `'-0'`, what was typed."""
    with pytest.raises(SystemExit) as refused:
        bench_module("bench_gui_latency").main(["--step", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and f"--step: must be from 1 to 100 widget pixels, got '{typed}'\n" in said, said


@pytest.mark.parametrize("typed", ["-1e3", "-inf", "-nan", "-Infinity", "-1."])
def test_a_negative_number_of_any_form_is_a_flags_value(bench_module, capsys, typed: str) -> None:
    """`--brush -1e3`, `evaluate --sure -inf`: argparse took each for a flag, "expected one argument", where `-0.5`
    was read and refused by the flag's range in words; every form a real-number flag reads is a value."""
    with pytest.raises(SystemExit) as refused:
        bench_module("bench_handwriting").main(["--brush", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and f"--brush: must be from 4 to 64 canvas pixels, got '{typed}'\n" in said, said
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and f"--sure: must be a belief above 0 and at most 1, got '{typed}'" in said, said


def test_a_family_with_skin_tones_is_kept_whole_too() -> None:
    """Eleven characters drawn as one (four people, each with a skin tone, and three joiners): cut after its first,
    each end keeps it whole."""
    family = "\u200d".join(person + "\U0001f3fd" for person in ("\U0001f468", "\U0001f469", "\U0001f467", "\U0001f466"))
    said = name_said("a" * 59 + family * 400)
    assert said.startswith("a" * 59 + family + "…"), said[:80]
