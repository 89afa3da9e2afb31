"""The fifty-first round of hostile testing, words2: one thing said one way, wherever a user meets it. Pictures that
hold no digit (grainy blank paper, a faint smudge, a page of one shade, an animation whose first frame is blank),
made with NumPy and Pillow, seeds fixed, read by ``rowreader predict`` and the app's Open (``load_picture_file``);
and counts of skipped files as the examples dock and a fine-tune say them; each test of a defect is checked to fail
on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gui.example_transfer import cut_short_words, last_time
from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore
from rowreader.readable import readable
from rowreader.skipped_files import skipped_kinds, skipped_lines


def _pages(tmp_path) -> None:
    """Pictures with no digit in them, by what they are, saved under ``tmp_path``."""
    grain = np.clip(0.85 + np.random.default_rng(0).normal(0, 0.02, (200, 200)), 0, 1)
    faint = np.full((200, 200), 255, np.uint8)
    faint[80:120, 80:120] = 253  # a smudge two grey levels off white
    pages = {
        "grain.png": Image.fromarray((grain * 255).astype(np.uint8)),
        "faint.png": Image.fromarray(faint),
        "white.png": Image.fromarray(np.full((200, 200), 255, np.uint8)),
    }
    for name, page in pages.items():
        page.save(tmp_path / name)
    first, second = (Image.fromarray(np.full((50, 50), shade, np.uint8)) for shade in (255, 254))
    first.save(tmp_path / "two.gif", save_all=True, append_images=[second])


@pytest.mark.parametrize("name", ["grain.png", "faint.png", "white.png", "two.gif"])
def test_predict_and_open_give_one_reason_in_the_same_words(name, tmp_path, capsys):
    """A picture not read was given two reasons: grainy blank paper was "no ink found: the image is empty, so there
    is nothing to read" to ``rowreader predict`` and "no digit found (the picture is blank or has no contrast)" to the
    app's Open; a faint smudge and a page of one shade "no ink found: …" and "no digit found: …"; an animation whose
    first frame is blank "(of 2): only a picture's first frame is read" and "(of 2; only the first frame of a
    picture is read)". Each reason now has one definition, which both say word for word."""
    _pages(tmp_path)
    path = tmp_path / name
    main(["predict", str(path)])
    said = capsys.readouterr().out.splitlines()
    assert said[0] == str(path) and len(said) == 2, said
    with pytest.raises(PictureError) as opened:
        load_picture_file(path)
    assert str(opened.value) == f"{name}: {said[1].strip()}"


def test_grainy_blank_paper_is_said_to_be_blank_not_empty_or_without_contrast(tmp_path, capsys):
    """Grainy blank paper is neither "empty" (its grain is plain to see) nor "without contrast" (its shades differ by
    more than a mark needs): it is said to be blank paper, nothing on it standing out of it as ink."""
    _pages(tmp_path)
    main(["predict", str(tmp_path / "grain.png")])
    out = capsys.readouterr().out
    assert "no ink found: the picture is blank paper, nothing on it stands out from the paper as ink" in out, out


def _examples(tmp_path, damaged: int, stray: int):
    """An examples folder of one good 3, ``damaged`` damaged pictures in 3/ and ``stray`` folders not named 0–9."""
    three = tmp_path / "ex" / "3"
    three.mkdir(parents=True)
    page = np.full((64, 64), 255, np.uint8)
    page[10:54, 30:34] = 0
    Image.fromarray(page).save(three / "good.png")
    for i in range(damaged):
        (three / f"damaged-{i}.png").write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    for i in range(stray):
        (tmp_path / "ex" / f"seven{i}").mkdir()
        Image.fromarray(page).save(tmp_path / "ex" / f"seven{i}" / "a.png")
    return load_examples(tmp_path / "ex").problems


@pytest.mark.parametrize(
    ("damaged", "stray", "said"),
    [
        (1, 1, "1 damaged file and 1 folder not named 0–9"),
        (2, 3, "2 damaged files and 3 folders not named 0–9"),
    ],
)
def test_skipped_files_are_counted_as_the_command_line_counts(damaged, stray, said, tmp_path):
    """The examples dock, an import's box and a fine-tune's skipped-files line said "1 damaged file(s) and 1
    folder(s) not named 0–9" where the command line's other counts say one singular (``output.counted``). Each
    kind is counted so now: one damaged file, two damaged files."""
    problems = _examples(tmp_path, damaged, stray)
    assert skipped_kinds(problems) == said
    # a fine-tune's line, over NAMED_WHOLE of them: counted by kind
    lines = skipped_lines(problems * 3)
    assert lines[0].startswith(f"skipped {3 * (damaged + stray):,} files: ") and "(s)" not in lines[0], lines


def test_an_import_and_an_export_of_one_example_say_one_example(qtbot, tmp_path):
    """An import of one example said "Imported 1 example(s) from …", its export "Exported 1 example(s) to …", and
    a quit cutting either short "1 example(s) copied" (the next start too): counts the command line says with one
    singular. Each says "1 example" now, and a line noted by an older app ("example(s)") is still read."""
    from test_robust_forty_second_scale import examples_kept
    from test_robust_forty_sixth_notes import window_on_notes

    source = ExampleStore(tmp_path / "src")
    examples_kept(source, {3: 1})
    window = window_on_notes(qtbot, tmp_path, tmp_path / "user", "first")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: not window.teaching.importing and len(window.teaching.panel.found) == 1, timeout=10_000)
    assert window.statusBar().toolTip() == f"Imported 1 example from {readable(str(source.root))}"
    window.teaching.export_folder(tmp_path / "out")
    qtbot.waitUntil(lambda: said[-1].startswith("Exported"), timeout=10_000)
    assert said[-1] == f"Exported 1 example to {readable(str(tmp_path / 'out'))}"
    line = cut_short_words("import", 1, Path("/media/a"))
    assert ": 1 example copied, each whole" in line, line
    assert last_time(line)[0].startswith("Last time, the window's close cut short an import: 1 example copied from a")
    older = line.replace("1 example copied", "2 example(s) copied")
    assert last_time(older)[0].startswith("Last time, the window's close cut short an import: 2 examples copied")
