"""The sixty-first round, review51: docks4's, chart10's and review50's merges reviewed as a hostile reviewer (each
test seen failing on the code before its fix)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from rowreader.example_folder import ExamplesError
from rowreader.example_store import ExampleStore, png_bytes
from rowreader.one_digit import ruled_off
from tests.test_robust_sixty_first_docks4 import drawn, files_in


def scanned(tmp_path: Path) -> ExampleStore:
    """An examples folder in ``tmp_path``/home holding a 0 and a 4 imported as scans (pictures without sidecars)."""
    pictures = tmp_path / "scans"
    for digit in (0, 4):
        (pictures / str(digit)).mkdir(parents=True)
        (pictures / str(digit) / "scan.png").write_bytes(png_bytes(drawn(digit, 0)))
    store = ExampleStore(tmp_path / "home" / "examples")
    assert len(store.import_folder(pictures).added) == 2
    return store


def test_an_import_whose_digits_folder_holds_the_examples_folder_is_refused(tmp_path: Path) -> None:
    """FOLDER/3 a link to the folder above the examples (the app's data folder, to browse it): the reading walked
    into examples/0 and examples/4, and the user's 0 and 4 were copied in again as 3s."""
    store = scanned(tmp_path)
    before = files_in(store.root)
    source = tmp_path / "source"
    source.mkdir()
    (source / "3").symlink_to(tmp_path / "home", target_is_directory=True)

    with pytest.raises(ExamplesError) as refused:
        store.import_folder(source)

    assert str(refused.value) == (
        f"{source / '3'} holds your examples folder ({store.root.resolve()}), which would be read from it and copied "
        "in as 3s; import a folder that does not hold it"
    )
    assert files_in(store.root) == before


def test_a_link_into_the_examples_folder_that_is_no_digits_folder_is_skipped_not_refused(tmp_path: Path) -> None:
    """FOLDER/mine a link to the examples folder beside FOLDER/7: the import was refused as "would be copied in as
    mines", where the reading skips a folder not named by a digit (named) and imports the 7s."""
    store = scanned(tmp_path)
    source = tmp_path / "source"
    (source / "7").mkdir(parents=True)
    (source / "7" / "a.png").write_bytes(png_bytes(drawn(7, 1)))
    (source / "mine").symlink_to(store.root, target_is_directory=True)

    imported = store.import_folder(source)

    assert [e.label for e in imported.added] == [7]
    assert imported.problems == [
        f"{source / 'mine'}: a folder not named by a digit (0 to 9), so none of its pictures is read"
    ]


def test_a_tensor_with_no_values_is_told_so_not_as_ragged_rows() -> None:
    """A tensor on the meta device (a model's dry run) given to ``ruled_off``: "the ink mask must be 2-D (rows and
    columns), not lists of different lengths", of a 2-D tensor; ``host_array``'s own words say why."""
    with pytest.raises(ValueError, match="meta device") as refused:
        ruled_off(torch.zeros((28, 28), dtype=torch.bool, device="meta"))
    assert "different lengths" not in str(refused.value)
    ragged = [[True, False], [True]]
    with pytest.raises(ValueError, match="not lists of different lengths"):  # still said of ragged rows
        ruled_off(ragged)
    assert ruled_off(np.zeros((5, 5), bool)) is None


def test_an_export_folder_made_a_link_into_the_examples_folder_midway_is_not_written(tmp_path: Path) -> None:
    """OUT/3 replaced by a link to the examples' 4/ once the export's first 3 was written there (its folder checked
    once, then taken as checked): the other 3s were written among the 4s, the examples folder changed by an export."""
    store = ExampleStore(tmp_path / "examples")
    for digit in (3, 4):
        for stroke in range(3):
            store.add(digit, drawn(digit, stroke))
    before = files_in(store.root)
    threes = tmp_path / "out" / "3"
    threes.mkdir(parents=True)

    def stop() -> bool:  # asked before each example: the swap after the first 3 is written
        if not threes.is_symlink() and any(threes.iterdir()):
            shutil.rmtree(threes)
            threes.symlink_to(store.root / "4", target_is_directory=True)
        return False

    exported = store.export_folder(tmp_path / "out", stop)

    assert files_in(store.root) == before
    assert exported.written == 4  # the first 3 and the 4s
    assert len(exported.skipped) == 2
    for line in exported.skipped:
        assert f"{threes} is a link into your examples folder ({store.root.resolve() / '4'})" in line, line


def test_the_examples_folder_reached_by_a_bind_mount_is_told_as_itself(tmp_path: Path, monkeypatch) -> None:
    """The examples folder at another path by a bind mount (a container's, a second home): an export to its old/
    wrote 3s into examples/old/3 (a folder then named at each load), an import of its 3/ was told to "choose" the
    examples folder; both are told by the folder itself now, not by its resolved name. A bind mount's path resolves
    to itself: here a link whose resolving stops at it stands for one (a real mount needs privileges a test may not
    have; review51 saw the same with `mount --bind` in a user namespace of its own)."""
    real, bound = tmp_path / "real", tmp_path / "bound"
    store_real = ExampleStore(real / "examples")
    store_real.add(3, drawn(3, 0))
    before = files_in(store_real.root)
    bound.symlink_to(real, target_is_directory=True)
    resolve = Path.resolve

    def as_a_mount(path: Path, strict: bool = False) -> Path:  # a path under the mount stays there, as a mount's does
        absolute = Path(os.path.abspath(path))
        return absolute if absolute.is_relative_to(bound) else resolve(path, strict)

    monkeypatch.setattr(Path, "resolve", as_a_mount)
    store = ExampleStore(bound / "examples")
    with pytest.raises(ExamplesError) as refused:
        store.export_folder(real / "examples" / "old")
    assert str(refused.value) == (
        f"{real / 'examples' / 'old'} is inside your examples folder {bound / 'examples'}; export to a folder elsewhere"
    )
    with pytest.raises(ExamplesError) as refused:
        store.import_folder(real / "examples" / "3")
    assert str(refused.value) == (
        f"{real / 'examples' / '3'} is inside your examples folder {bound / 'examples'}: its pictures are your "
        "examples already; import a folder from elsewhere"
    )
    monkeypatch.undo()
    assert files_in(store_real.root) == before
