"""The sixty-first round, docks4: the "My examples" dock and the examples folder, as a demanding user works them."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from rowreader.example_folder import ExamplesError
from rowreader.example_store import ExampleStore, png_bytes
from tests.gui_window import until, window_without_model


def drawn(digit: int, stroke: int) -> np.ndarray:
    """A 280 × 280 drawing, dark on light, of its own for each ``digit`` and ``stroke``: a bar and a crossbar."""
    page = np.full((280, 280), 255, np.uint8)
    page[60:220, 130 + 5 * stroke : 150 + 5 * stroke] = 0
    page[100 + 5 * digit : 120 + 5 * digit, 80:200] = 0
    return page


def files_in(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its path there, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_export_never_writes_into_the_examples_folder_through_a_link_there(tmp_path: Path) -> None:
    """OUT/3 a link to the examples' 4/ (a folder of links made to browse them): the export wrote the 3s among the
    4s, the examples folder changed by an export, its 3s then read as 4s or skipped ("sidecar says label 3")."""
    store = ExampleStore(tmp_path / "examples")
    for digit in (3, 4):
        for stroke in range(2):
            store.add(digit, drawn(digit, stroke))
    before = files_in(store.root)
    out = tmp_path / "out"
    out.mkdir()
    (out / "3").symlink_to(store.root / "4", target_is_directory=True)

    exported = store.export_folder(out)

    assert files_in(store.root) == before  # nothing written into the examples folder
    assert exported.written == 2  # the 4s, into out/4
    assert sorted(p.name for p in (out / "4").iterdir()) == sorted(Path(n).name for n in before if n.startswith("4"))
    assert len(exported.skipped) == 2
    for line in exported.skipped:
        assert f"{out / '3'} is a link into your examples folder ({store.root.resolve() / '4'})" in line, line
    assert store.load().problems == []


def test_an_import_from_inside_the_examples_folder_is_refused_as_that(tmp_path: Path) -> None:
    """Import from the examples' own 3/: it said "looks like the class folder of 3s: choose EXAMPLES", the folder
    whose import is refused as "your examples folder itself"; a folder of digits inside it (3/old/) was read."""
    store = ExampleStore(tmp_path / "examples")
    store.add(3, drawn(3, 0))
    (store.root / "3" / "old" / "5").mkdir(parents=True)
    before = files_in(store.root)
    for inside in (store.root / "3", store.root / "3" / "old"):
        with pytest.raises(ExamplesError) as refused:
            store.import_folder(inside)
        assert str(refused.value) == (
            f"{inside} is inside your examples folder {store.root}: its pictures are your examples already; "
            "import a folder from elsewhere"
        )
    assert files_in(store.root) == before


def test_a_delete_after_its_digits_folder_became_a_file_says_it_was_gone(qtbot, tmp_path: Path) -> None:
    """5/ replaced by a file named 5 while the app ran (a zip of the 5s), then Delete on a 5 in the dock: an error
    box said "5/NAME.png stays among the 5s: …/5 is a file, not a folder", of an example no longer there."""
    store = ExampleStore(tmp_path / "mine" / "examples")
    store.add(5, drawn(5, 0))
    window = window_without_model(qtbot, tmp_path)
    panel = window.teaching.panel
    until(qtbot, lambda: len(panel.found.examples) == 1)
    boxes: list[tuple[str, str]] = []
    panel.failed.connect(lambda *box: boxes.append(box))
    said: list[str] = []
    panel.said.connect(said.append)
    example = panel.found.examples[0]
    shutil.rmtree(store.root / "5")
    (store.root / "5").write_text("the 5s, zipped")

    panel.delete(example)

    assert boxes == []
    assert said == [f"5/{example.path.name} was already gone (deleted or moved outside RowReader): nothing was deleted"]
    assert panel.found.examples == []
    assert (store.root / "5").read_text() == "the 5s, zipped"


@pytest.mark.parametrize("linked", ["", "4"])
def test_an_import_whose_digits_folder_is_a_link_into_the_examples_folder_is_refused(
    tmp_path: Path, linked: str
) -> None:
    """FOLDER/3 a link to the examples folder (or its 4/): the examples there, pictures without sidecars (imported
    scans), were copied in again as 3s, the same picture then kept as a 0 and a 3, a 4 and a 3."""
    pictures = tmp_path / "scans"
    for digit in (0, 4):
        (pictures / str(digit)).mkdir(parents=True)
        (pictures / str(digit) / "scan.png").write_bytes(png_bytes(drawn(digit, 0)))
    store = ExampleStore(tmp_path / "examples")
    assert len(store.import_folder(pictures).added) == 2
    before = files_in(store.root)
    source = tmp_path / "source"
    source.mkdir()
    (source / "3").symlink_to(store.root / linked, target_is_directory=True)

    with pytest.raises(ExamplesError) as refused:
        store.import_folder(source)

    real = (store.root / linked).resolve()
    assert str(refused.value) == (
        f"{source / '3'} is a link into your examples folder ({real}): its pictures are your examples already, "
        "and would be copied in as 3s; import a folder from elsewhere"
    )
    assert files_in(store.root) == before
