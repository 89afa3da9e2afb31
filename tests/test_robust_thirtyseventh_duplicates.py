"""The thirty-seventh round of hostile testing, duplicates: one definition of each thing, which every user imports.

The thirty-sixth round's deadcode area left duplicates "seen, not changed" (the checkout's root worked out three
times in bench/, three names of 28, ``".safetensors"`` written out in ten places, the PNG signature twice, …). Each
is now defined once; these tests hold every place that had its own copy to the one definition, so that a copy
written back is caught, and check what the merge could have changed for a user (a dialog's filter, a message).
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("rowreader", "gui", "training", "bench")


@functools.cache
def _every_constant() -> tuple[tuple[str, int, object], ...]:
    """(file, line, value) of every str or bytes constant in :data:`PACKAGES` but docstrings (f-strings' pieces too):
    parsed once for all the tests (a second a parse of the tree at a load of 10)."""
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
            }
            found += [
                (str(path.relative_to(REPO)), node.lineno, node.value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes) and id(node) not in docstrings
            ]
    return tuple(found)


def _constants(packages: tuple[str, ...] = PACKAGES) -> list[tuple[str, int, object]]:
    """:func:`_every_constant`'s in ``packages``."""
    return [found for found in _every_constant() if found[0].split("/")[0] in packages]


def test_the_digits_field_has_two_names_rows_and_columns() -> None:
    """``preprocess.SIZE = 28`` stood beside ``model.ROWS`` and ``COLUMNS``: to_mnist's field, the example index's
    pictures and training's augmentation used one, the reader the others. Now every module-level name bound to 28
    is one of the two (the shipped model's shape is read in ``model``, and the field is its rows by its columns)."""
    bound = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value == 28:
                    bound += [f"{path.relative_to(REPO)}:{ast.unparse(target)}" for target in node.targets]
    assert sorted(bound) == ["rowreader/model.py:COLUMNS", "rowreader/model.py:ROWS"]


def test_a_checkpoints_suffix_is_written_once() -> None:
    """``".safetensors"`` as a suffix (compared, removed, added) or in a glob or a dialog's filter stood in ten
    places of the library, the app and training: each now uses ``rowreader.checkpoint.CHECKPOINT_SUFFIX``. Files'
    names (``rowreader.safetensors``, ``runs/…``) and the words of help and errors keep theirs."""
    as_suffix = [
        path
        for path, _, value in _constants(("rowreader", "gui", "training"))
        if isinstance(value, str)
        and (value == ".safetensors" or any(f"{c}.safetensors" in value for c in "*\\") or ".safetensors." in value)
    ]
    assert as_suffix == ["rowreader/checkpoint.py"]  # CHECKPOINT_SUFFIX


def test_what_the_suffix_makes_is_what_it_was() -> None:
    """What a user sees of the merged suffix: the file dialog's filter, a refused side file's advice (the suffix
    removed whatever its case), a model's name without it, and a taught model's name, glob and lock."""
    from gui.file_dialogs import CHECKPOINT_FILES
    from gui.model_names import model_name
    from gui.taught_models import TAUGHT_MODELS, new_model_path
    from rowreader.checkpoint import side_file_problem

    assert CHECKPOINT_FILES == "RowReader checkpoints (*.safetensors);;All files (*)"
    assert TAUGHT_MODELS == "mine-*.safetensors"
    made = new_model_path(REPO / "no-such-folder")
    assert made.match("models/mine-*.safetensors") and made.name.count(".") == 1
    assert model_name(Path("runs/m.safetensors")) == "m" and model_name(Path("m.safetensors"), suffix=True) != "m"
    assert side_file_problem("runs/m.SafeTensors.state.pt", checkpoint=False) == (
        "runs/m.SafeTensors.state.pt ends in .state.pt, the name training gives the training state beside a "
        "checkpoint (m.SafeTensors.safetensors's is m.SafeTensors.state.pt), so one would be taken for the other; "
        "give another name (runs/m.metrics.csv, say)"
    )
    assert side_file_problem("runs/m.state.pt", checkpoint=True) == (
        "runs/m.state.pt ends in .state.pt, the name training gives the training state beside a checkpoint "
        "(m.safetensors's is m.state.pt), so one would be taken for the other; give another name "
        "(runs/m.safetensors, say)"
    )


def test_a_pngs_signature_is_written_once() -> None:
    """picture_limits.py read a PNG's chunks after its own copy of the 8-byte signature that picture_errors.py
    names PNG by: both use ``picture_errors.PNG_SIGNATURE``."""
    from rowreader import picture_errors, picture_limits

    signature = b"\x89PNG\r\n\x1a\n"
    spelled = [path for path, _, value in _constants(("rowreader",)) if value == signature]
    assert spelled == ["rowreader/picture_errors.py"]
    assert picture_limits.PNG_SIGNATURE is picture_errors.PNG_SIGNATURE == signature


def test_the_benchmarks_name_the_checkouts_root_once(bench_module) -> None:
    """bench_handwriting.py and bench_startup.py each worked out the checkout's root (``REPO``) beside
    ``this_checkout.ROOT``, for the ``PYTHONPATH`` of the commands and apps they start: both use ``ROOT``. Loaded so
    by a test (bench/ last on ``sys.path``), ``this_checkout`` leaves ``sys.path`` as it was."""
    before = list(sys.path)
    for name in ("bench_startup", "bench_handwriting"):
        module = bench_module(name)
        assert module.ROOT is sys.modules["this_checkout"].ROOT == str(REPO)
        assert not hasattr(module, "REPO")
    assert [p for p in sys.path if p != str(REPO / "bench")] == [p for p in before if p != str(REPO / "bench")]
    worked_out = [
        path.name for path in sorted((REPO / "bench").glob("*.py")) if "parents[1]" in path.read_text(encoding="utf-8")
    ]
    assert worked_out == []


def test_whose_strokes_a_sidecar_holds_is_told_by_one_rule() -> None:
    """ "NAME.json is the only picture's of that name, else NAME.png's" was written in example_folder's
    ``_sidecar_of`` (what a reading gives the strokes to) and again in example_store's ``_sidecar_owner`` (what an
    export checks before writing beside a picture of its name): one changed, an export would judge by another rule
    than the reading after it. Both ask ``example_folder.sidecar_owner``, and ``".json"`` is named once."""
    from rowreader import example_folder, example_store

    assert example_store.sidecar_owner is example_folder.sidecar_owner
    assert not hasattr(example_store, "_sidecar_owner")
    spelled = [path for path, _, value in _constants(("rowreader", "gui")) if value == ".json"]
    assert spelled == ["rowreader/example_folder.py"]
    jpg, png, gif = Path("3/a.jpg"), Path("3/a.png"), Path("3/a.gif")
    assert example_folder.sidecar_owner([jpg, png]) == png and example_folder.sidecar_owner([gif]) == gif
    assert example_folder.sidecar_owner([jpg, gif]) is None


def test_bench_reading_copies_takes_what_it_reads_as_bench_handwriting_does(bench_module) -> None:
    """bench_reading_copies.py declared --checkpoint, --pen-dir and --data-dir in the same 16 lines as
    bench_handwriting.py (``duplicates``' longest pair in the tree): it adds them with bench_handwriting's
    ``add_what_is_read``, its --help the same to the byte."""
    copies = bench_module("bench_reading_copies")
    assert copies.add_what_is_read is sys.modules["bench_handwriting"].add_what_is_read
    source = (REPO / "bench" / "bench_reading_copies.py").read_text(encoding="utf-8")
    assert '"--checkpoint"' not in source and '"--pen-dir"' not in source and '"--data-dir"' not in source


def test_mnists_cache_folder_is_named_once(monkeypatch, tmp_path, capsys) -> None:
    """``rowreader evaluate --help`` named the default MNIST folder as ``user_cache_dir() / "mnist"``, written again
    beside ``data.default_data_dir``'s: both take ``data.cached_data_dir``, and the help still names that folder."""
    from rowreader import cli, data

    assert [path for path, _, value in _constants(("rowreader",)) if value == "mnist"] == ["rowreader/data.py"]
    monkeypatch.delenv("ROWREADER_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert data.default_data_dir() == data.cached_data_dir() == tmp_path / "rowreader" / "mnist"
    with pytest.raises(SystemExit):
        cli.main(["evaluate", "--help"])
    assert f"the cache: {tmp_path / 'rowreader' / 'mnist'})" in " ".join(capsys.readouterr().out.split())


def test_the_canvas_paints_the_ink_the_model_reads_in_one_colour() -> None:
    """The canvas painted what the model reads (a finished stroke, a stroke being drawn, the whole drawing, a
    stroke's test for ink on the page) with four ``QColor(255, 255, 255)`` of its own: ``canvas.MODEL_INK``. (Its
    uses are counted no more: the fiftieth round's pen-up that keeps the live ink is a fifth, and any later one is
    fine, so long as the colour is spelled once.)"""
    from gui import canvas

    source = (REPO / "gui" / "canvas.py").read_text(encoding="utf-8")
    assert source.count("QColor(255, 255, 255)") == 1 and source.count("MODEL_INK") >= 5
    assert "Qt.GlobalColor.white" not in source
    assert canvas.MODEL_INK.rgb() == 0xFFFFFFFF


def test_examples_and_taught_models_are_named_by_one_stamp() -> None:
    """An example's name and a taught model's began with the time, each from its own ``strftime("%Y%m%d-%H%M%S")``
    ("as examples are named", the taught model's said): the Models menu lists the newest first by sorting the names,
    so the stamp must sort as time does. Both take ``example_store.name_stamp``."""
    from gui import taught_models
    from rowreader import example_store

    assert taught_models.name_stamp is example_store.name_stamp
    spelled = [path for path, _, value in _constants(("rowreader", "gui", "training")) if value == "%Y%m%d-%H%M%S"]
    assert spelled == ["rowreader/example_store.py"]
    stamp = example_store.name_stamp()
    assert len(stamp) == 15 and stamp[8] == "-" and (stamp[:8] + stamp[9:]).isdigit()


def test_three_benchmarks_refuse_a_count_below_one_by_one_check(bench_module) -> None:
    """bench_fit, bench_handwriting and bench_reading_copies each wrote out the loop that refuses a count below 1
    (``--steps 0``, ``--mnist 0``, ``--limit 0``): they called ``rounds.check_at_least_one``, and since the
    forty-fifth round every count of every command is ``rowreader.whole_number.whole_number``'s, refused alike."""
    from rowreader import whole_number

    for name in ("bench_fit", "bench_handwriting", "bench_reading_copies"):
        assert bench_module(name).whole_number is whole_number.whole_number
        assert "must be at least 1, got {value}" not in (REPO / "bench" / f"{name}.py").read_text(encoding="utf-8")
