"""The forty-fourth round of hostile testing, docs: every claim the README and docs/ make of what the forty-second
and forty-third rounds changed, checked against the code by running it (each entry point's --version and --help, a
closed pipe's 141, --out's ending, folder and whole-number flags, the teach's newest 100 of each digit, bench_fit's
fewest rounds); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from test_robust_forty_eighth_benchhelp import BENCHES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("rounds", ["0", "-1", "101"])
def test_bench_fits_refused_rounds_name_its_own_range(bench_module, capsys, rounds) -> None:
    """`bench_fit.py --rounds 101` said "--rounds must be a whole number from 1 to 100" and `--rounds 0` "must be at
    least 1", where its --help and docs/benchmarks.md say 3 to 100 and 1 and 2 are refused: a user following the
    error typed 1 and was refused again. Every refused count names bench_fit's own range, 3 to 100."""
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_fit").main(["--rounds", rounds])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"argument --rounds: must be a whole number from 3 to 100, got {rounds!r}" in err
    assert "`--rounds` 3 to 100" in (ROOT / "docs/benchmarks.md").read_text(encoding="utf-8")


ENTRY_POINTS = [
    "rowreader.cli",
    "training.fit",
    "training.merge",
    "training.ship",
    "training.drawn",
    "training.unipen_convert",
    "gui.__main__",
    "gui.screenshot",
    "gui.teach_screenshot",
]


def _one_text(path: str) -> str:
    """``path``'s text with its lines joined by spaces, as a reader reads a wrapped paragraph."""
    return re.sub(r"\s+", " ", (ROOT / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ENTRY_POINTS + BENCHES)
def test_every_entry_point_answers_version_as_the_readme_says(name, bench_module, capsys) -> None:
    """The forty-third round gave every entry point `--version` (the screenshots' commands and every benchmark
    refused it, status 2), and no page said so: the README named it nowhere, docs/input-checks.md only as a flag
    refused to a closed stdout. The README now says that every entry point answers it; each one does, status 0."""
    assert "`--version` prints the version (rowreader 0.1.0), as every entry point's does" in _one_text("README.md")
    main = bench_module(name).main if name in BENCHES else importlib.import_module(name).main
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip().endswith(" 0.1.0")


def test_the_docs_name_what_the_forty_third_round_changed_for_a_home_not_utf8_and_a_teach_of_thousands() -> None:
    """Two changes a user sees were in no page: in a home whose name is not UTF-8 the examples the app had kept in
    Qt's folder beside it (U+FFFD for each odd byte) move into the home at the start (the-app.md said only where they
    go now), and a command-line teach of more than 100 of a digit warns "taught the newest 100 of each digit: N older
    examples left out" (teaching.md's list of its warnings left it out); and teaching.md named the cap
    `training.finetune.NEWEST_PER_DIGIT`, which is defined once in `rowreader.example_folder`."""
    from rowreader.example_folder import NEWEST_PER_DIGIT
    from training.finetune import left_out_warning

    assert "move in at the first start, as an older version's do" in _one_text("docs/the-app.md")
    teaching = _one_text("docs/teaching.md")
    said = left_out_warning(12).replace("12 older examples", "N older examples")
    assert f'and "{said.split(" (")[0]}" where a digit has more' in teaching
    assert "`training.finetune.NEWEST_PER_DIGIT`" not in teaching
    assert "`rowreader.example_folder.NEWEST_PER_DIGIT`" in teaching and NEWEST_PER_DIGIT == 100


def test_the_app_page_says_a_picture_as_checkpoint_is_refused_before_any_window(tmp_path, capsys) -> None:
    """docs/the-app.md said "at start, a `--checkpoint` that does not load leaves the shipped model reading", where
    the forty-third round refuses a picture, a torch file, an empty file, a folder or a missing file before any
    window (status 2, one line), as `python -m gui --checkpoint seven.png` does; the page now says so, in its words."""
    from PIL import Image

    from gui.__main__ import main

    page = _one_text("docs/the-app.md")
    assert "a `--checkpoint` that does not load leaves the shipped model reading" not in page
    assert "is refused before any window opens, status 2: its usage, then one line" in page
    seven = tmp_path / "seven.png"
    Image.new("L", (28, 28)).save(seven)
    with pytest.raises(SystemExit) as exit_:
        main(["--checkpoint", str(seven)])
    said = capsys.readouterr().err.strip().splitlines()[-1].replace(str(tmp_path) + "/", "")
    assert exit_.value.code == 2 and f'"{said}"' in page


def test_teaching_page_says_what_an_export_cut_short_by_quit_says() -> None:
    """The forty-third round made Quit, SIGTERM or SIGHUP during an export say on stderr, as the app ends, how many
    examples were written and to export there again; docs/teaching.md said only what Stop does, so a user who quit
    mid-export had no page telling what the line means. It quotes the line, in the words the app prints."""
    from gui.example_transfer import cut_short_words

    said = cut_short_words("export", 7, Path("DIR")).replace("7 examples", "N examples")
    assert f'"{said}"' in _one_text("docs/teaching.md")


def test_teaching_page_gives_the_dialogs_words_for_a_teach_of_thousands() -> None:
    """The forty-third round made the teach dialog name "the newest 1,000 of your 9,631 examples" where it left
    older ones out (its first line, its misread line, its "already read all … right"); docs/teaching.md gave none of
    these words, only that it says how many it left out. It quotes them as the dialog builds them."""
    from types import SimpleNamespace

    from gui.teach import examples_taught

    teaching = _one_text("docs/teaching.md")
    for found, left_out in ((1000, 8631), (1000, 2000)):
        of = examples_taught(SimpleNamespace(found=found, left_out=left_out, copies=0))
        assert of in teaching and (f'"Learning from {of}…' in teaching or f"of {of} are read as" in teaching)


@pytest.mark.parametrize(
    "args, said",
    [
        (["--data-dir", "notes.txt"], "argument --data-dir: notes.txt is a file, not a folder"),
        (["--hidden", "1e9"], "argument --hidden: must be a whole number from 1 to 4,096, got '1e9'"),
    ],
)
def test_input_checks_page_gives_the_refusals_of_a_file_as_folder_and_of_no_whole_number(
    args, said, tmp_path, monkeypatch, capsys
) -> None:
    """The forty-third round refused a file given as a folder flag as the command line is read (status 2; a dry run
    went on, and evaluate failed with status 1 once it read the data), and a whole-number flag's "invalid int value"
    became the flag's range; docs/input-checks.md's list of command-line refusals said neither. It quotes both, as
    `python -m training.fit` prints them."""
    from training.fit import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not MNIST\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2 and capsys.readouterr().err.strip().endswith(said)
    assert f'"{said}"' in _one_text("docs/input-checks.md")
