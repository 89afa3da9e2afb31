"""The fifty-second round of hostile testing, argv5: every command line and the variables they read given hostile
values (names longer than the file system takes, a ``~`` whose home is not there, abbreviated flags); each test
is checked to fail on the code before its fix."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader import cli
from rowreader.data import load_mnist
from rowreader.unipen import unipen_file

TOO_LONG = "x" * 300  # one name over the 255 bytes a Linux file system takes
TOO_LONG_SAID = "its name is 300 bytes long, and this file system takes names of 255 bytes at most; give a shorter one"


def test_a_unipen_folder_too_long_to_look_up_is_named_by_its_variable(tmp_path, monkeypatch) -> None:
    """`ROWREADER_UNIPEN=<a 300-character name>` ended `training.fit --pen 0.5` in Python's "[Errno 36] File name
    too long: '…/digits.jsonl.gz'", naming neither the variable nor what it is for, where MNIST's folder says "cannot
    be looked up". Now it is "UNIPEN digits not found", the variable named, as every other UNIPEN folder refused."""
    monkeypatch.setenv("ROWREADER_UNIPEN", str(tmp_path / TOO_LONG))
    with pytest.raises(ValueError) as caught:  # as --data-dir says it (the sixty-fifth round, library7)
        unipen_file()
    assert str(caught.value) == f"$ROWREADER_UNIPEN={tmp_path / TOO_LONG}: {TOO_LONG_SAID}"
    with pytest.raises(ValueError, match=rf"^/\S+x: {TOO_LONG_SAID}$"):
        unipen_file(tmp_path / TOO_LONG)  # --pen-dir / root=: named as given


def test_an_mnist_folder_too_long_to_look_up_is_named_by_its_variable(tmp_path, monkeypatch, capsys) -> None:
    """`ROWREADER_DATA=<a 300-character name> rowreader evaluate` said only "…xxx: cannot be looked up (File name too
    long)", a name no command line held, where every other refusal of that folder names the variable."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / TOO_LONG))
    with pytest.raises(ValueError, match=rf"^\$ROWREADER_DATA=/\S+x: {TOO_LONG_SAID}$"):
        load_mnist(train=False)
    assert cli.main(["evaluate", "--limit", "1"]) == 1
    assert capsys.readouterr().err == f"rowreader: error: $ROWREADER_DATA={tmp_path / TOO_LONG}: {TOO_LONG_SAID}\n"


def _refusal(main, argv, capsys) -> str:
    """The one line a refused command line prints, after its usage; its status is 2."""
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "meant"),
    [
        (["predict", "--chec", "m.safetensors", "a.png"], "--checkpoint"),  # a flag cut short, as pip and git take
        (["predict", "--chec=m.safetensors", "a.png"], "--checkpoint"),
        (["evaluate", "--limt", "5"], "--limit"),  # mistyped
        (["evaluate", "--data_dir", "d"], "--data-dir"),
    ],
)
def test_a_flag_cut_short_or_mistyped_is_told_the_one_it_is_like(argv, meant, capsys) -> None:
    """`rowreader predict --chec m.safetensors a.png` (argparse's abbreviations are off: `--check` was once taken for
    `--checkpoint`) said only "unrecognized arguments: --chec", where a mistyped command is told "did you mean
    evaluate?". Now the flag it is like is named, as the command is."""
    line = _refusal(cli.main, argv, capsys)
    assert line.startswith("rowreader ") and ": error: unrecognized arguments: " in line
    assert line.endswith(f"; did you mean {meant}?")


def test_training_and_the_app_say_the_same_of_a_flag_cut_short(capsys) -> None:
    """The same words in every command: training.fit's `--epo 1` and the app's `--chec x`."""
    from gui.__main__ import build_parser
    from training.arguments import parse_args as fit_args

    assert _refusal(fit_args, ["--epo", "1"], capsys).endswith(
        "unrecognized arguments: --epo 1; did you mean --epochs?"
    )
    assert _refusal(build_parser().parse_args, ["--chec", "x"], capsys).endswith(
        "unrecognized arguments: --chec x; did you mean --checkpoint?"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "--zzz"],  # like no flag
        ["evaluate", "--", "x"],  # no flag guessed for the -- (alone and last it names nothing: not refused)
    ],
)
def test_no_flag_is_offered_where_none_is_meant(argv, capsys) -> None:
    """A word like no flag gets no guess."""
    line = _refusal(cli.main, argv, capsys)
    assert "did you mean" not in line


@pytest.mark.parametrize("typed", ["~/mnist", "~/"])
def test_a_data_folder_under_a_home_that_is_not_there_is_refused(typed, tmp_path, monkeypatch, capsys) -> None:
    """`rowreader evaluate --data-dir '~nobody/x'` (quoted, so no shell expanded it; nobody's home is /nonexistent)
    was told "MNIST files not found in /nonexistent/x" and offered `rowreader download --data-dir /nonexistent/x`,
    a folder that cannot be made there; `ROWREADER_DATA` and `ROWREADER_UNIPEN` alike. Now the home is said not there,
    in the words the app's `--checkpoint '~nobody/x'` uses; here `$HOME` names a folder not there."""
    gone = tmp_path / "gone"
    monkeypatch.setenv("HOME", str(gone))
    line = _refusal(cli.main, ["evaluate", "--data-dir", typed], capsys)
    assert line.endswith(f"argument --data-dir: {typed}: begins with ~, and its home folder, {gone}, is not there")
    monkeypatch.setenv("ROWREADER_UNIPEN", typed)
    with pytest.raises(ValueError, match=rf"^\$ROWREADER_UNIPEN={typed}: begins with ~, and its home folder, "):
        unipen_file()
    gone.mkdir()
    with pytest.raises(FileNotFoundError, match=f"no digits.jsonl.gz in {re.escape(str(gone / typed[2:]))}"):
        unipen_file(typed)  # a home that is there is read, as before


@pytest.mark.parametrize("blank", [" ", "\r", "\t"])
def test_a_name_with_blanks_around_it_is_told_the_name_there(blank, tmp_path, monkeypatch, capsys) -> None:
    """A name copied with a space after it, or a line of a Windows-saved `.env` ending in \\r, was "seven.png : no
    such file" (`predict`, `--checkpoint`) and `ROWREADER_DATA=…\\r` "MNIST files not found in …\\r", the blank
    unseen. Now the name there is offered, as a name differing in case is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seven.png").write_bytes(b"")
    assert cli.main(["predict", f"seven.png{blank}"]) == 1
    assert capsys.readouterr().err.endswith("the name has blanks around it; did you mean seven.png?\n")
    mnist = tmp_path / "mnist"
    mnist.mkdir()
    monkeypatch.setenv("ROWREADER_DATA", f"{mnist}{blank}")
    with pytest.raises(FileNotFoundError, match=rf"\. The name has blanks around it; did you mean {mnist}\?$"):
        load_mnist(train=False)
    monkeypatch.setenv("ROWREADER_UNIPEN", f"{blank}{mnist}")
    with pytest.raises(FileNotFoundError, match=rf": the name has blanks around it; did you mean {mnist}\?$"):
        unipen_file()


@pytest.mark.parametrize("value", ["true", "no", "1", ""])
def test_a_switch_given_a_value_is_told_it_takes_none(value, capsys) -> None:
    """`rowreader predict --json=true a.png` (and `evaluate --download=no`) was argparse's "argument --json: ignored
    explicit argument 'true'", which says neither what is wrong nor what the flag takes. Now it says the flag takes
    no value, and how it is given."""
    line = _refusal(cli.main, ["predict", f"--json={value}", "a.png"], capsys)
    assert line.endswith(
        f"argument --json: takes no value (given {value!r}): give --json alone to turn it on, or leave it out"
    )


EVALUATE_FLAGS = ("--data-dir", "--download", "--checkpoint", "--device", "--batch-size", "--limit", "--json", "--sure")


@settings(max_examples=30, derandomize=True, deadline=None)
@given(flag=st.sampled_from(EVALUATE_FLAGS), cut=st.integers(1, 9))
def test_any_flag_cut_short_to_one_it_alone_begins_is_named(flag, cut) -> None:
    """Every unique start of evaluate's flags, cut anywhere, is refused (status 2) and told the flag."""
    word = flag[: max(3, len(flag) - cut)]
    if word == flag or sum(f.startswith(word) for f in EVALUATE_FLAGS) != 1:
        return
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as ended:
        cli.main(["evaluate", word])
    assert ended.value.code == 2
    assert err.getvalue().endswith(f"unrecognized arguments: {word}; did you mean {flag}?\n")
