"""The fifty-second round of hostile testing, teach7: teaching the reader one's own handwriting as a person does it,
in a real window and with ``python -m training.fit --finetune``, on hostile folders (nested folders, folders not
named by a digit, pictures of every kind, blank ones, a path with spaces and unicode); each test is checked to fail on
the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from rowreader.example_folder import ExamplesError, load_examples
from rowreader.example_store import ExampleStore
from rowreader.skipped_files import skipped_kinds
from training.fit import main


def _no_digit_and_damaged(folder: Path) -> None:
    """Nine whole pictures with no digit in them (white, black, a 16-bit and a float one all one shade, a smudge too
    faint to read, grey paper, a speck, a rule, a scanner's edge, an animation whose first frame is blank) and one
    damaged file in ``folder``."""
    folder.mkdir(parents=True)
    Image.new("L", (50, 50), 255).save(folder / "white.png")
    Image.new("RGB", (60, 40), (0, 0, 0)).save(folder / "black.jpg")
    Image.new("I;16", (50, 50), 0).save(folder / "sixteen.png")
    Image.new("F", (50, 50), 0.0).save(folder / "float.tiff")
    faint = Image.new("L", (50, 50), 255)
    faint.paste(254, (10, 10, 30, 40))
    faint.save(folder / "faint.png")
    Image.new("L", (50, 50), 200).save(folder / "grey.bmp")
    for name, shape in (("speck", (138, 138, 140, 140)), ("rule", (20, 140, 260, 143)), ("edge", (0, 0, 2, 279))):
        page = Image.new("L", (280, 280), 255)
        ImageDraw.Draw(page).rectangle(shape, fill=0)
        page.save(folder / f"{name}.png")
    one = Image.new("L", (50, 50), 255)
    ImageDraw.Draw(one).line((25, 5, 25, 45), fill=0, width=4)
    Image.new("L", (50, 50), 255).save(folder / "anim.gif", save_all=True, append_images=[one])
    (folder / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)


def test_pictures_with_no_digit_are_not_counted_as_damaged_files(tmp_path, tiny_base, capsys):
    """A folder of scans holding blank pages (white, black, grey paper, a smudge), a speck, a rule, a scanner's edge,
    an animation whose first frame is blank, and one cut-off file: the fine-tune said "skipped 11 files: 11 damaged
    files", and the app's Import and My examples count them in the same words. Each of the ten is a whole picture that
    opens anywhere: the person looked for damage that is not there. They are counted as pictures with no digit to
    read, only the cut-off file as damaged."""
    root = tmp_path / "my scans ü" / "examples"
    _no_digit_and_damaged(root / "3")
    problems = load_examples(root).problems
    assert skipped_kinds(problems) == "1 damaged file and 10 pictures with no digit to read", problems
    out = tmp_path / "o.safetensors"
    assert main(["--finetune", str(tiny_base), "--examples", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "skipped 11 files: 1 damaged file and 10 pictures with no digit to read;" in err, err
    assert not out.exists()


def test_a_sub_folder_of_a_class_folder_chosen_is_told_to_choose_the_folder_of_digits(tmp_path, tiny_base, capsys):
    """Pictures in a sub-folder of a class folder count (``3/monday/scan1.png``, as ImageFolder finds them), so a
    person picks ``examples/3/monday`` as easily as ``examples/3``. The class folder chosen was told to choose the
    folder holding 0 … 9; its sub-folder was told "…/3/monday/scan1.png: a picture outside any class folder has no
    label; move it into …/3/monday/<digit>/", which would file 3s under a 3 inside the 3s. It is now told, as its
    class folder is, which folder to choose."""
    root = tmp_path / "my scans ü" / "examples"
    monday = root / "3" / "monday"
    monday.mkdir(parents=True)
    page = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(page).line((60, 60, 220, 60, 120, 220), fill=0, width=20)
    page.save(monday / "scan1.png")
    said = (
        f"{monday} lies inside the class folder of 3s: choose {root}, the folder that holds 0 … 9 (a picture outside"
        " any class folder has no label: scan1.png)"
    )
    out = tmp_path / "o.safetensors"
    assert main(["--finetune", str(tiny_base), "--examples", str(monday), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.endswith(said), err
    assert not out.exists()
    store = ExampleStore(tmp_path / "mine")  # the app's Import… says it alike, nothing copied
    with pytest.raises(ExamplesError) as refused:
        store.import_folder(monday)
    assert str(refused.value) == said
    assert len(load_examples(store.root)) == 0
