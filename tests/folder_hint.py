"""What `rowreader predict FOLDER` says of a folder given as a picture, checked for the files made in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rowreader.cli import main as cli_main


def check_folder_hint(
    folder: Path, files: list[str], patterns: list[str] | None, capsys: pytest.CaptureFixture
) -> None:
    """Make ``files`` (empty) in the new ``folder``, give it to predict: it names ``patterns`` in it, or, where they
    are None, says it holds no picture file."""
    folder.mkdir()
    for name in files:
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(b"")
    assert cli_main(["predict", str(folder)]) == 1
    error = capsys.readouterr().err.strip()
    if patterns is None:
        assert error.endswith(f"{folder}: is a folder, not an image; it holds no picture file, nor do its folders")
    else:
        named = " ".join(f"{folder}/{pattern}" for pattern in patterns)
        assert error.endswith(f"to read the pictures in it, name them: rowreader predict {named}")
