"""The fifty-second round of hostile testing, argv5: every command line and the variables they read given hostile
values (names longer than the file system takes, a ``~`` whose home is not there, abbreviated flags); each test
is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest

from rowreader import cli
from rowreader.data import load_mnist
from rowreader.unipen import unipen_file

TOO_LONG = "x" * 300  # one name over the 255 bytes a Linux file system takes


def test_a_unipen_folder_too_long_to_look_up_is_named_by_its_variable(tmp_path, monkeypatch) -> None:
    """`ROWREADER_UNIPEN=<a 300-character name>` ended `training.fit --pen 0.5` in Python's "[Errno 36] File name
    too long: '…/digits.jsonl.gz'", naming neither the variable nor what it is for, where MNIST's folder says "cannot
    be looked up". Now it is "UNIPEN digits not found", the variable named, as every other UNIPEN folder refused."""
    monkeypatch.setenv("ROWREADER_UNIPEN", str(tmp_path / TOO_LONG))
    with pytest.raises(FileNotFoundError) as caught:
        unipen_file()
    assert str(caught.value) == (
        f"UNIPEN digits not found: $ROWREADER_UNIPEN={tmp_path / TOO_LONG}: cannot be looked up (File name too long)"
    )
    with pytest.raises(FileNotFoundError, match=r"^UNIPEN digits not found: /\S+x: cannot be looked up \(File name"):
        unipen_file(tmp_path / TOO_LONG)  # --pen-dir / root=: named as given


def test_an_mnist_folder_too_long_to_look_up_is_named_by_its_variable(tmp_path, monkeypatch, capsys) -> None:
    """`ROWREADER_DATA=<a 300-character name> rowreader evaluate` said only "…xxx: cannot be looked up (File name too
    long)", a name no command line held, where every other refusal of that folder names the variable."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / TOO_LONG))
    with pytest.raises(ValueError, match=r"^\$ROWREADER_DATA=/\S+x: cannot be looked up \(File name too long\)$"):
        load_mnist(train=False)
    assert cli.main(["evaluate", "--limit", "1"]) == 1
    assert capsys.readouterr().err == (
        f"rowreader: error: $ROWREADER_DATA={tmp_path / TOO_LONG}: cannot be looked up (File name too long)\n"
    )
