"""The fifty-eighth round of hostile testing, files8: files coming into the app as a hostile user brings them (an
import of a folder of notes, PDFs and empty files named ``.png``; model files in the models folder past RowReader's
header limits or naming a key twice). Each is said for what it is, in the library's words: a file that is whole but
no picture was counted among the import's "damaged files", and a whole model file the loader refuses with its exact
reason was listed as "(damaged: cannot be read)" in the Models menu."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from rowreader.example_store import ExampleStore
from rowreader.skipped_files import skipped_kinds


def _seven(path: Path) -> None:
    """A 28×28 picture of a 7-ish stroke at ``path``: one picture the import takes."""
    picture = Image.new("L", (28, 28), 0)
    ImageDraw.Draw(picture).line((6, 4, 22, 4, 12, 24), fill=255, width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path)


def test_fifty_eighth_files8_an_import_counts_a_note_a_pdf_and_an_empty_file_as_no_pictures(tmp_path: Path) -> None:
    """A note, a PDF and an empty file saved as ``3/*.png`` are whole and said so in their own lines ("a text file
    starting …, not a picture"), but the import's box and the dock counted them among "4 damaged files", which
    invites looking for a disk fault. Now only the PNG cut short is damaged."""
    folder = tmp_path / "in"
    _seven(folder / "7" / "good.png")
    threes = folder / "3"
    threes.mkdir()
    (threes / "note.png").write_text("this is not a picture\n")
    (threes / "scan.png").write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    (threes / "empty.png").write_bytes(b"")
    (threes / "cut.png").write_bytes((folder / "7" / "good.png").read_bytes()[:40])
    result = ExampleStore(tmp_path / "store").import_folder(folder, lambda: False, lambda *_: None)
    assert len(result.added) == 1
    said = {Path(problem.split(": ", 1)[0]).name: problem.split(": ", 1)[1] for problem in result.problems}
    assert said["note.png"] == "a text file starting 'this is not a picture', not a picture"
    assert said["empty.png"] == "an empty file (0 bytes), not a picture"
    assert said["scan.png"].startswith("a PDF document, not a picture")
    assert skipped_kinds(result.problems) == "1 damaged file and 3 files that are not pictures"
    one = [problem for problem in result.problems if "note.png" in problem]
    assert skipped_kinds(one) == "1 file that is not a picture"
