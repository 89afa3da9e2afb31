"""The fifty-fourth round of hostile testing, the lead's own finds: a flag of rowreader's own given to one of its
commands; each test was seen failing on the code before its fix."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("words", "mine"), [(["evaluate", "--version"], "evaluate"), (["predict", "x.png", "--version"], "predict")]
)
def test_rowreaders_own_version_flag_given_to_a_command_names_rowreader(monkeypatch, capsys, words, mine) -> None:
    """`rowreader evaluate --version` (mutants9 saw it) was told "--version is training.merge's and training.ship's,
    not evaluate's: python -m training.merge --version …", another program, where the user wants rowreader's own
    version: `rowreader --version`."""
    from rowreader.cli import main

    monkeypatch.setattr("sys.argv", ["rowreader", *words])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    hint = f"--version is rowreader's, not {mine}'s: rowreader --version"
    assert error == f"rowreader {mine}: error: unrecognized arguments: --version; {hint}", error
