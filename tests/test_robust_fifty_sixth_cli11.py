"""The fifty-sixth round's command lines (area cli11): where cli10 and review30 left them, each test seen failing on
the code before its fix (or, where it pins a branch, on that branch taken away)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from rowreader.cli import build_parser
from rowreader.cli import main as rowreader_main
from training.arguments import main as arguments_main


def _last_line_of_refusal(capsys, main: Callable[[list[str]], object], words: list[str]) -> str:
    """The one line of refusal (status 2) of ``words`` by a command's ``main``."""
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--finetune", "{gone}", "--examples", "{tmp}"], "checkpoint not found: {gone}"),
        (["--start-from", "{gone}"], "checkpoint not found: {gone}"),
        (["--distill-from", "{tmp}", "--distill-weight", "0.5"], "{tmp}: is a folder, not a checkpoint"),
        (
            ["--start-from=--force"],
            "checkpoint not found: --force; the option --force typed after --start-from= is read as its value: give "
            "--force apart, and --start-from a file",
        ),
    ],
)
def test_a_checkpoint_not_there_is_refused_before_torch_loads(
    tmp_path: Path, capsys, words: list[str], said: str
) -> None:
    """`python -m training.fit --finetune missing.safetensors` was refused only by the run, once torch had loaded
    (1.5 s on an idle machine, 3–15 s on a busy one; a refused flag 0.24 s): the command line read before torch
    (training.arguments' main, run first) said nothing of it. It says it now, in the run's own words (one rule,
    ``checkpoint_named``)."""
    names = {"gone": str(tmp_path / "missing.safetensors"), "tmp": str(tmp_path)}
    error = _last_line_of_refusal(capsys, arguments_main, [w.format(**names) for w in words])
    assert error == f"python -m training.fit: error: {said.format(**names)}", error


def test_a_resumed_runs_checkpoints_are_its_recipes_to_say(tmp_path: Path) -> None:
    """With --resume the run reads its saved recipe's teachers, not the line's (training.resume says one moved
    away in its own words): the line read before torch leaves them alone."""
    gone = str(tmp_path / "missing.safetensors")
    out = str(tmp_path / "m.safetensors")
    assert arguments_main(["--resume", "--out", out, "--distill-from", gone, "--distill-weight", "0.5"]) == 0


@pytest.mark.parametrize(
    ("held", "protocol", "said"),
    [
        (int, 2, "it holds Python's int, which no run saves"),  # "a int, an object of a class": a class itself
        (frozenset({1}), 2, "it holds Python's frozenset, which no run saves"),
        # the last words, which review30 saw no file reach: a frozenset of pickle's protocol 4 is its own operand
        (frozenset({1}), 4, "it holds a value torch's safe reading refuses, which no run saves"),
    ],
)
def test_a_state_torch_refuses_to_read_says_what_it_holds(
    tmp_path: Path, held: object, protocol: int, said: str
) -> None:
    """`--resume` on a state holding what torch's ``weights_only`` reading refuses: named in words, each branch of
    ``_refused_by_weights_only`` reached by a file torch.save writes."""
    import torch

    from training.state import load_state

    path = tmp_path / "m.state.pt"
    torch.save({"model": held}, path, pickle_protocol=protocol)
    with warnings.catch_warnings(), pytest.raises(ValueError) as err:
        warnings.simplefilter("ignore", UserWarning)  # torch's about a protocol other than 2
        load_state(path)
    assert f"is not a readable training state: {said}, and it is not read" in str(err.value), err.value


def test_a_value_not_among_the_flags_choices_is_left_out_of_the_line_named(capsys) -> None:
    """`rowreader predict --presut=4 x.png` named "python -m training.fit --preset 4 …", which training.fit refuses
    (no preset 4): the flag meant is right (predict has none near it), its value is not. The line leaves it out and
    says the choices; a value among them is kept. training's table for rowreader's child carries the choices."""
    error = _last_line_of_refusal(capsys, rowreader_main, ["predict", "--presut=4", "x.png"])
    assert error.endswith(
        "did you mean --preset?; --preset is training.fit's, not predict's: python -m training.fit --preset … "
        "(choose from 'default', 'finetune', 'seed', 'shipped')"
    ), error
    kept = _last_line_of_refusal(capsys, rowreader_main, ["predict", "--preset=seed", "x.png"])
    assert kept.endswith("python -m training.fit --preset seed …"), kept
    assert arguments_main(["--preset", "seed"]) == 0  # the line kept is accepted
    # and training's naming of rowreader's, in-process: --ink x was "rowreader predict --ink x …"
    ink = _last_line_of_refusal(capsys, arguments_main, ["--ink=x"])
    assert ink.endswith("'s: rowreader predict --ink … (choose from 'auto', 'dark', 'light')"), ink


def test_a_training_command_typed_to_rowreader_is_named_only_with_flags_it_takes(capsys) -> None:
    """`rowreader fit --epochs 3 --sure 0.9` named "python -m training.fit --epochs 3 --sure 0.9", which
    training.fit refuses (--sure is evaluate's): its line is named with the words only where it takes every option
    given, as predict's is for a picture named without its command; else whose each flag is, each line accepted."""
    error = _last_line_of_refusal(capsys, rowreader_main, ["fit", "--epochs", "3", "--sure", "0.9"])
    assert error.endswith(
        "fit is no command of rowreader's but training's own (python -m training.fit); --epochs is training.fit's, "
        "not rowreader's: python -m training.fit --epochs 3 …; --sure is evaluate's, not rowreader's: rowreader "
        "evaluate --sure 0.9 …"
    ), error
    assert arguments_main(["--epochs", "3"]) == 0
    build_parser().parse_args(["evaluate", "--sure", "0.9"])  # a refusal exits: the test fails there
    kept = _last_line_of_refusal(capsys, rowreader_main, ["fit", "--epochs", "3"])
    assert kept.endswith("fit is no command of rowreader's but training's own: python -m training.fit --epochs 3")


@pytest.mark.parametrize("words", [["--finetune="], ["--finetune", "", "--examples", "{tmp}"]])
def test_an_empty_base_is_refused_as_empty_not_as_a_preset_never_typed(tmp_path: Path, capsys, words) -> None:
    """`python -m training.fit --finetune= --examples d` was told "--preset finetune is a fine-tune's recipe: give
    --finetune BASE --examples DIR with it", no --preset typed and --finetune given: an empty name was taken for
    none in choosing the preset and for one in checking it. Now the command line's refusal of an empty name, as
    --start-from's (cli21: "an empty name", every command's words, for FitConfig's "must name a file or folder")."""
    error = _last_line_of_refusal(capsys, arguments_main, [w.format(tmp=tmp_path) for w in words])
    assert error.endswith("error: argument --finetune: an empty name (an unset shell variable?)"), error


@pytest.mark.parametrize("words", [["--distill-from="], ["--distill-from", "{tmp}/a.safetensors", ""]])
def test_an_empty_teacher_is_named_as_typed_not_as_a_tuple(tmp_path: Path, capsys, words) -> None:
    """`python -m training.fit --distill-from=` was "--distill-from must name checkpoint files, got ('',)", a
    Python tuple no one typed: the name refused is said (cli21: as every command says an empty one)."""
    error = _last_line_of_refusal(capsys, arguments_main, [w.format(tmp=tmp_path) for w in words])
    assert error.endswith("error: argument --distill-from: an empty name (an unset shell variable?)"), error


@pytest.mark.parametrize(
    ("module", "words"),
    [
        ("training.__main__", ["--start-from", "{gone}"]),  # python -m training.fit
        ("training.merge", ["--out", "{tmp}/m.safetensors", "{gone}", "{gone}"]),
    ],
)
def test_training_says_a_checkpoint_not_there_with_no_torch_loaded(tmp_path: Path, module: str, words) -> None:
    """training.fit's and training.merge's refusal of a checkpoint not there came once torch had loaded (fit 1.5 s,
    merge 2.3 s and 1.3 s of CPU, where a refused flag takes 0.24 s and 0.47 s): said, torch is not imported."""
    gone = tmp_path / "missing.safetensors"
    argv = [w.format(gone=gone, tmp=tmp_path) for w in words]
    code = (
        f"import sys\nfrom {module} import {'run' if module.endswith('__main__') else 'main'} as go\n"
        "try:\n    status = go(sys.argv[1:]) if go.__name__ == 'main' else go()\n"
        "except SystemExit as end:\n    status = end.code\nprint(status, 'torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["2", "False"], (done.stdout, done.stderr)
    assert done.stderr.strip().endswith(f": error: checkpoint not found: {gone}"), done.stderr
