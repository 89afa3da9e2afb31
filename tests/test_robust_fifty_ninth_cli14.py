"""The fifty-ninth round's command lines (area cli14): where cli13 and review37 left them, each test seen failing on
the code before its fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

LONG = "a" * 300  # past any file system's 255 bytes for one name


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("rowreader", ["evaluate", "--data-dir", f"{LONG}/x"]),
        ("rowreader", ["download", "--data-dir", LONG]),
        ("ship", ["--data-dir", LONG, "--dry-run"]),
        ("ship", ["--runs", f"runs/{LONG}", "--dry-run"]),
    ],
)
def test_a_folder_name_too_long_is_refused_with_the_command_line(
    tmp_path: Path, monkeypatch, capsys, command: str, words: list[str]
) -> None:
    """`rowreader evaluate --data-dir` of 300 characters failed as a run, status 1, in the system's words ("cannot
    be looked up (File name too long)"), and `training.ship --data-dir` of 300 printed its four commands, status 0:
    a folder no file system can hold is refused as the line is read (status 2), saying which name and its limit."""
    said = refused_as_read(tmp_path, monkeypatch, capsys, command, words)
    assert said.endswith(
        " is 300 bytes long, and this file system takes names of 255 bytes at most; give a shorter one"
    ), said


def refused_as_read(tmp_path: Path, monkeypatch, capsys, command: str, words: list[str]) -> str:
    """``rowreader`` or ``training.ship`` (``command``) run on ``words`` in an empty ``tmp_path``: refused as its line
    is read (status 2), nothing written there; its last line on stderr."""
    from rowreader.cli import main as rowreader_main
    from training.ship import main as ship_main

    monkeypatch.chdir(tmp_path)
    main = rowreader_main if command == "rowreader" else ship_main
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    assert list(tmp_path.iterdir()) == []
    return capsys.readouterr().err.strip().splitlines()[-1]


def _too_soon(*_: object) -> None:
    raise AssertionError("torch was loaded before the command line's model was refused")


def test_bench_finetunes_model_not_there_is_refused_before_torch(tmp_path: Path, monkeypatch, capsys) -> None:
    """`python bench/bench_finetune.py --checkpoint missing.safetensors` loaded torch (4.9 s at a load of 5) before
    "checkpoint not found", where the other benchmarks say it as the line is read: it is said before torch (status
    2), in their words, once its --save-left picture has been asked about (that refusal still comes first)."""
    from tests.conftest import load_bench

    script = load_bench("bench_finetune")
    monkeypatch.setattr(script, "load_once_read", _too_soon)
    monkeypatch.setitem(sys.modules, "torch", None)  # imported, it raises ImportError
    missing = tmp_path / "missing.safetensors"
    assert script.main(["--checkpoint", str(missing)]) == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.endswith(f"error: --checkpoint: checkpoint not found: {missing}"), said


def test_an_output_leading_into_proc_says_the_name_typed(tmp_path: Path, monkeypatch, capsys) -> None:
    """`training.fit --metrics /dev/stdout` (stdout a pipe) was refused as "/proc is the kernel's own folder", a
    folder nobody typed: /dev/stdout is a link into it. The refusal names the name given and where it leads."""
    from training.arguments import main as arguments_main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.csv").symlink_to("/proc/self/status")
    with pytest.raises(SystemExit) as ended:
        arguments_main(["--metrics", "out.csv"])
    assert ended.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.endswith("out.csv leads into /proc, the kernel's own folder, where no file can be saved"), said
    assert (tmp_path / "out.csv").is_symlink()
