"""The sixty-fourth round's review of cli19's words (area review64), each test seen failing on the code before its
fix: characters that show as nothing though Unicode does not call them format characters (a Hangul filler, a
variation selector), a name spelt in other characters that look the same (é as e and an accent, a no-break space),
a flag after ``--`` holding an invisible character, and ``@args.txt``."""

from __future__ import annotations

import pytest

from rowreader.cli import main


def _last_error(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u3164", "hangul filler U+3164"),  # a "blank" name in chats
        ("\ufe0f", "variation selector-16 U+FE0F"),  # pasted after an emoji
        ("\u034f", "combining grapheme joiner U+034F"),
        ("\u2800", "braille pattern blank U+2800"),
    ],
)
def test_characters_that_show_as_nothing_are_said_in_a_name_and_a_flag(capsys, tmp_path, monkeypatch, char, name):
    """`predict x<U+3164>.png` beside x.png was "x<U+3164>.png: no such file", and `evaluate --limit<U+3164> 5` "did
    you mean --limit?", the two alike to the eye: cli19 said only Unicode's format characters (Cf)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.png").write_bytes(b"")
    assert main(["predict", f"x{char}.png"]) == 1
    assert _last_error(capsys).endswith(f"the name holds an invisible character ({name}); did you mean x.png?")
    with pytest.raises(SystemExit):
        main(["evaluate", f"--limit{char}", "5"])
    assert f"did you mean --limit? (it holds an invisible character ({name}))" in _last_error(capsys)


@pytest.mark.parametrize(
    ("typed", "there", "differs"),
    [
        ("cafe\u0301.png", "caf\u00e9.png", "U+0065 U+0301 where the name there has U+00E9"),  # macOS's NFD
        ("caf\u00e9.png", "cafe\u0301.png", "U+00E9 where the name there has U+0065 U+0301"),  # a NFD copy
        ("my\u00a0scan.png", "my scan.png", "U+00A0 where the name there has U+0020"),  # a no-break space pasted
    ],
)
def test_a_name_spelt_in_characters_that_look_the_same_is_said(capsys, tmp_path, monkeypatch, typed, there, differs):
    """`predict café.png` typed with é as e and a combining accent (a Mac's way), beside café.png saved with one
    character, was "café.png: no such file", as was my<no-break space>scan.png beside "my scan.png": the two names
    alike to the eye and nothing said."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / there).write_bytes(b"")
    assert main(["predict", typed]) == 1
    line = _last_error(capsys)
    assert f"spelt in other characters that look the same ({differs}); did you mean '{there}'?" in line, line


def test_a_folder_in_the_middle_of_a_path_spelt_otherwise_is_said(capsys, tmp_path, monkeypatch) -> None:
    """A folder's é in the middle of a path, typed as e and an accent: "no such file", nothing said."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d\u00e9j\u00e0").mkdir()
    (tmp_path / "d\u00e9j\u00e0" / "x.png").write_bytes(b"")
    assert main(["predict", "de\u0301ja\u0300/x.png"]) == 1
    assert _last_error(capsys).endswith(
        "(U+0065 U+0301 U+006A U+0061 U+0300 where the name there has U+00E9 U+006A U+00E0); "
        "did you mean 'd\u00e9j\u00e0/x.png'?"
    )


def test_a_flag_after_a_double_dash_holding_an_invisible_character_says_it(capsys) -> None:
    """`evaluate -- --limit<ZWSP> 5` was "did you mean --limit for --limit?": two words alike to the eye."""
    with pytest.raises(SystemExit):
        main(["evaluate", "--", "--limit\u200b", "5"])
    assert "(did you mean --limit for --limit\u200b (it holds an invisible character (zero width space U+200B))?)" in (
        _last_error(capsys)
    )


def test_an_argument_file_is_said_to_be_read_by_no_command(capsys) -> None:
    """`evaluate @args.txt` (argparse's fromfile_prefix_chars, pip's and javac's habit) was only "unrecognized
    arguments: @args.txt"."""
    with pytest.raises(SystemExit):
        main(["evaluate", "@args.txt"])
    assert _last_error(capsys).endswith(
        "unrecognized arguments: @args.txt; no command reads its words from a file: give them on the command line"
    )


def test_a_picture_named_at_a_file_of_words_is_said_to_be_read_by_no_command(capsys, tmp_path, monkeypatch) -> None:
    """`predict @args.txt` beside args.txt was "@args.txt: no such file"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "args.txt").write_text("x.png\n")
    assert main(["predict", "@args.txt"]) == 1
    assert _last_error(capsys).endswith(
        "@args.txt: no such file; no command reads its words from a file: give those in args.txt on the command line"
    )


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("a" * 5000 + ".safetensors", "(5,012 characters): its name is 5,012 bytes long"),  # one name too long
        (("d" * 200 + "/") * 24 + "m.safetensors", "(4,837 characters): its path, with the 22 characters"),
        (("d" * 240 + "/") * 20 + "m" * 240 + ".safetensors", "(5,072 characters): its name (252 bytes)"),
    ],
)
def test_an_out_past_any_paths_length_is_said_shortened_where_it_cannot_be_written(
    capsys, tmp_path, monkeypatch, out, said
):
    """`training.fit --out` of 5,012 characters ending in .safetensors was "cannot write aaa…" whole, a line of
    5,161 characters, where cli19's name_said shortened the same name not ending so."""
    from training.arguments import main as fit_main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        fit_main(["--epochs", "1", "--out", out])
    line = _last_error(capsys)
    assert len(line) < 400 and said in line, (len(line), line[:300])


def test_a_long_name_is_never_cut_between_a_letter_and_its_accent() -> None:
    """name_said cut a 4,111-character name ending in é written as e and U+0301 between the two: "…\u0301ééé", the
    accent alone on the ellipsis, and dropped the accent of the head's last é."""
    from rowreader.output import name_said

    tail = name_said("a" * 4090 + "e\u0301" * 10 + "x")
    head = name_said("a" * 59 + "e\u0301" * 2100)
    assert "\u2026e\u0301" in tail and "e\u0301\u2026" in head, (tail[-40:], head[:70])
    marks = name_said("\u0301" * 5000)  # nothing but marks: cut where it was, not said whole
    assert marks.endswith("(5,000 characters, 10,000 bytes)") and len(marks) < 140  # cli21: its bytes said too
