"""The forty-sixth round of hostile testing, simplify2: one definition of each thing, as the round's review5, review6
and newcomer helpers saw it left: two functions of one name, two ways of saying how a command was typed, and two
wordings of one cut-off checkpoint; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from rowreader.checkpoint import CheckpointError, load_checkpoint, not_a_checkpoint, pretrained_path, refused_model_file
from rowreader.output import typed_command

ROOT = Path(__file__).resolve().parent.parent


def _public_functions(package: str) -> dict[str, list[str]]:
    """Each public top-level function or class name of ``package``'s modules → the modules that define it."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                where[node.name].append(path.relative_to(ROOT).as_posix())
    return where


def test_no_two_functions_of_the_library_share_a_name():
    """``rowreader.model.real_number`` (is a value read from a file a finite real number?) and
    ``rowreader.number_text.real_number`` (the ``type=`` of a real-number flag) were two functions of one name, so a
    reader of ``real_number(value)`` had to look up which import it was. The test is ``is_real_number`` now, as the
    library's other yes/no tests are named; the flag's type keeps ``real_number``, beside ``whole_number``."""
    shared = {name: modules for name, modules in _public_functions("rowreader").items() if len(modules) > 1}
    assert shared == {}


def _typed_as(monkeypatch, module: str | None, argv0: str) -> None:
    """This process as Python starts ``python -m MODULE`` (its ``__main__``'s spec), or a script when None."""
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None if module is None else ModuleSpec(module, None))
    monkeypatch.setattr(sys, "argv", [argv0])


@pytest.mark.parametrize(
    ("module", "argv0", "said"),
    [
        ("training.finetune", str(ROOT / "training" / "finetune.py"), "python -m training.finetune"),
        ("training.__main__", str(ROOT / "training" / "__main__.py"), "python -m training"),
        (None, str(ROOT / "training" / "finetune.py"), "finetune.py"),
        (None, "/venv/bin/rowreader-fit", "rowreader-fit"),
    ],
)
def test_training_names_its_command_as_every_command_does(monkeypatch, capsys, module, argv0, said):
    """``training.arguments.prog_name`` said how training's command was typed from argv[0], beside
    ``rowreader.output.typed_command``, which says it for every command (run_main's stop lines, a full disk's): a
    script run by its path, `python training/finetune.py --bogus`, was refused under "python -m training.finetune",
    a command not typed, where its stop line said "finetune.py". One function says it now, for both."""
    from training.arguments import parse_args

    _typed_as(monkeypatch, module, argv0)
    assert typed_command() == said
    with pytest.raises(SystemExit):
        parse_args(["--bogus"])
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"{said}: error: unrecognized arguments: --bogus")


def test_training_called_from_python_names_training_fit(monkeypatch, capsys):
    """A training run called from Python (training.ship's stages, `python -c`), not typed as a training command,
    names itself "python -m training.fit", as it did."""
    from training.arguments import parse_args

    _typed_as(monkeypatch, "training.ship", str(ROOT / "training" / "ship.py"))
    with pytest.raises(SystemExit):
        parse_args(["--bogus"])
    assert capsys.readouterr().err.splitlines()[-1].startswith("python -m training.fit: error: unrecognized")


def test_a_cut_off_checkpoint_is_refused_in_one_wording_by_every_command(tmp_path):
    """A checkpoint cut off inside its header was refused by ``rowreader`` and the benches (loading it) as "not a
    readable safetensors file (truncated or foreign?): the file is cut short or damaged: …" but by `python -m gui`
    and ``bench_gui_latency`` (their command line's check, ``not_a_checkpoint``) with only the second half. One
    function words it now, so the check says what loading says."""
    path = tmp_path / "cut.safetensors"
    path.write_bytes(pretrained_path().read_bytes()[:100])
    with pytest.raises(CheckpointError) as loading:
        load_checkpoint(path)
    assert str(not_a_checkpoint(path)) == str(loading.value)
    assert refused_model_file("--checkpoint", path) == f"--checkpoint {loading.value}"
    assert "a RowReader checkpoint cut short, not a whole model: the file is cut short" in str(loading.value)
