"""The forty-seventh round of hostile testing, tidy: one definition of each thing and true docs. The app's picture
readers (``gui.image_io``) and the library's shared their names and each had a ``PictureError``; the docs' commands
are run as written on a fresh clone; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gui import image_io
from rowreader.picture import PictureError
from rowreader.picture_errors import CUT_OFF

# An SVG cut off by a download: Pillow knows no SVG, so the app hands it to Qt, whose reader refuses it.
CUT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" he'


@pytest.mark.parametrize("opened", ["file", "pasted"])
def test_a_picture_qt_refuses_is_caught_as_the_librarys_picture_error(tmp_path: Path, opened: str) -> None:
    """The app's readers raised their own ``PictureError``, a class of the library's name that the library's did
    not catch: ``except rowreader.picture.PictureError`` let a damaged SVG Qt refused, opened or pasted, through.
    There is one ``PictureError`` now: the app raises the library's, its message naming the file as before (said cut
    off since the sixty-eighth round, window26, where it was Qt's "not a readable image (…)")."""
    path = tmp_path / "cut.svg"
    path.write_bytes(CUT_SVG)
    with pytest.raises(PictureError) as caught:
        if opened == "file":
            image_io.read_any_picture(path)
        else:
            image_io.read_any_picture_data(CUT_SVG, "pasted image")
    name = "cut.svg" if opened == "file" else "pasted image"
    assert str(caught.value) == f"{name}: cannot read the image ({CUT_OFF})"


def test_the_data_folders_the_docs_commands_read_are_where_the_readme_says_the_data_is() -> None:
    """docs/shipped-model.md's commands read `--data-dir ../data/mnist --pen-dir ../data/unipen1a`, a folder the
    README names nowhere (the data lies in `../shared/data/mnist` and `../shared/data/unipen1a` beside the clone, as
    its Tests paragraph and `training.ship`'s line say): copied on a fresh clone, they stopped on "no MNIST found".
    A folder a docs command reads data from is one the README says the data is in, one a docs command downloads to
    (`rowreader download --data-dir ~/mnist`), or a placeholder (DIR)."""
    from test_readme import BLOCKS, COMMANDS, README_PROSE, flags_with_values, words

    described = set(re.findall(r"`(\.\./shared/data/\w+)`", words(README_PROSE)))
    assert described == {"../shared/data/mnist", "../shared/data/unipen1a"}, described
    fetched = {v for name, args, _ in COMMANDS if name == "rowreader download" for f, v in flags_with_values(args) if v}
    shell = "\n".join(code for lang, code in BLOCKS if lang == "bash")  # a variable's flags (C="--data-dir …") too
    read = [value for value in re.findall(r"--(?:data|pen)-dir[ =]([^\s\]\"]+)", shell) if not value.isupper()]
    assert len(read) > 5, "the docs' commands read no data folder: this test checks nothing"
    elsewhere = [value for value in read if value not in described | fetched]
    assert not elsewhere, f"the docs' commands read data from folders the README does not name: {elsewhere}"


def test_the_models_a_docs_merge_reads_are_ones_a_docs_command_writes() -> None:
    """docs/shipped-model.md's merge read `runs/pen50/a.safetensors`, where its command 3 writes
    `runs/pen50.safetensors` (a note below said so): run as written after the commands above it, it stopped on a
    model not found. A model `training.merge` reads is one a docs command writes (`--out`), as for every flag that
    reads a model (test_readme's check, which looks at flags only), or a placeholder (`A.safetensors`)."""
    from test_readme import COMMANDS, flags_with_values

    written = {value for _, arguments, _ in COMMANDS for flag, value in flags_with_values(arguments) if flag == "--out"}
    merged = [
        word
        for name, arguments, _ in COMMANDS
        if name == "training.merge"
        for word in arguments
        if word.endswith(".safetensors")
        and not word.split(".")[0].isupper()
        and word not in {v for _, v in flags_with_values(arguments)}
    ]
    assert merged, "the docs show no merge: this test checks nothing"
    assert set(merged) <= written, f"no command in the docs writes {sorted(set(merged) - written)}"


# A command's entry points, which each script has of its own (`python bench/x.py` runs x's main), and
# training.files' is_training_state, which imports training.state (and so torch) only when a file is looked into.
ENTRY_POINTS = {"main", "parse_args", "build_parser", "run"}
LAZY_WRAPPERS = {"is_training_state": {"training/files.py", "training/state.py"}}


def test_no_public_name_is_defined_in_two_modules() -> None:
    """Names defined twice across rowreader/, gui/, training/ and bench/, things unlike each other: the app's
    ``PictureError``, ``read_picture`` and ``read_picture_data`` beside the library's; ``draw_digit`` a canvas's
    strokes in gui.demo and an array in training.drawn (which was ``render_digit(…).canvas`` in one line);
    ``wrapped`` lines of a label in gui.examples_dock and a tooltip's text in gui.plain_text; ``render`` pen digits
    in bench_handwriting and persons in bench_prototypes; ``fit_command`` training's name for itself in
    training.arguments and a stage's printed line in training.ship. A reader who met one took the other for it.
    Each public name is defined once now, but a command's entry points."""
    import ast

    repo = Path(__file__).resolve().parents[1]
    where: dict[str, set[str]] = {}
    for folder in ("rowreader", "gui", "training", "bench"):
        for path in sorted((repo / folder).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    where.setdefault(node.name, set()).add(path.relative_to(repo).as_posix())
    twice = {
        name: sorted(files)
        for name, files in where.items()
        if len(files) > 1 and not name.startswith("_") and name not in ENTRY_POINTS and LAZY_WRAPPERS.get(name) != files
    }
    assert len(where) > 1000, "too few names found: this test checks nothing"
    assert not twice, f"defined in two modules: {twice}"
