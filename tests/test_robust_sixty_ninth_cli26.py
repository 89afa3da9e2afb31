"""The sixty-ninth round, cli26: a review of cli25's flags' words, and what it left: a real-number flag given text
that is no number (training.fit, rowreader evaluate, the benchmarks) refused in the words of a whole-number flag."""

from __future__ import annotations

import importlib

import pytest
from conftest import refused_last_line


@pytest.mark.parametrize(
    ("name", "argv", "said", "beyond"),
    [
        ("training.arguments", ["--lr", "abc"], "--lr: must be a number above 0 and at most 10, got 'abc'", "20"),
        ("training.arguments", ["--pen", "0,3"], "--pen: must be a number from 0 to 0.95, got '0,3' (a decimal is "
         "written with a point: 0.3)", "2"),
        ("rowreader.cli", ["evaluate", "--sure", "1e"], "--sure: must be a belief above 0 and at most 1, got '1e'",
         "0"),
        ("bench_handwriting", ["--brush", "x"], "--brush: must be from 4 to 64 canvas pixels, got 'x'", "100"),
        ("bench_gui_latency", ["--step", ""], "--step: must be from 1 to 100 widget pixels, got ''", "0"),
    ],
)  # fmt: skip
def test_text_no_number_is_refused_as_a_number_beyond_the_range(name, argv, said, beyond) -> None:
    """`training.fit --lr abc` said argparse's "argument --lr: invalid float value: 'abc' (a number above 0 and at
    most 10)", where `--lr 20` said "must be a number above 0 and at most 10, got '20'" and `--hidden abc` "must be a
    whole number from 1 to 4,096, got 'abc'": two wordings for one flag, and "float" is Python's word, not the
    user's. Every real-number flag of every command refuses text as it refuses a number beyond its range now,
    in the flag's own words (--sure's belief, --brush's canvas pixels), a decimal comma still given its hint."""
    assert refused_last_line(name, argv).endswith(said), refused_last_line(name, argv)
    out_of_range = refused_last_line(name, [*argv[:-1], beyond])
    assert out_of_range.endswith(said.split(", got ")[0] + f", got '{beyond}'"), out_of_range


def test_a_training_flag_given_to_bench_finetune_is_refused_in_training_fits_words() -> None:
    """`bench_finetune.py --set lr=abc` relays training.fit's refusal; it said "invalid float value: 'abc'" too."""
    said = refused_last_line("bench_finetune", ["--set", "lr=abc"])
    assert said.endswith("argument --set: --lr: must be a number above 0 and at most 10, got 'abc'"), said


@pytest.mark.parametrize(
    ("out", "said"),
    [
        (" ", "--out ' ' is spaces alone, no name (an unset shell variable, quoted?)"),
        (
            "m.safetensors ",
            "--out 'm.safetensors ' does not end in .safetensors: a RowReader model is a safetensors file (torch.load "
            "cannot read it, whatever its name), and the app and the commands know a model by that ending; give "
            "m.safetensors, say",
        ),
        ("x.pt ", "--out 'x.pt ' does not end in .safetensors: "),
    ],
)
def test_a_models_name_with_spaces_at_its_end_is_shown_quoted(tmp_path, monkeypatch, out, said) -> None:
    """`training.fit --out ' '` said "--out   does not end in .safetensors … give  .safetensors, say": spaces no one
    sees, and the name offered a hidden file; `--out 'm.safetensors '` (a space pasted after it) was offered
    "m.safetensors .safetensors", two words to a shell. The name is quoted where a space begins or ends it, spaces
    alone are said to be no name, and the name offered has no spaces at its ends; nothing is written."""
    monkeypatch.chdir(tmp_path)
    line = refused_last_line("training.arguments", ["--out", out])
    assert line.startswith(f"python -m training.fit: error: {said}"), line
    merged = refused_last_line("training.merge", ["--out", out, "a.safetensors", "b.safetensors"])
    assert merged.startswith(f"python -m training.merge: error: argument --out: {said.removeprefix('--out ')}"), merged
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("training.drawn", ["2 for a command line that is refused or an OUT that cannot be used", "1 when the grid"]),
        ("gui.screenshot", ["1 for a model that cannot be read", "2 for a command line that is refused or an OUT"]),
    ],
)
def test_the_picture_commands_help_gives_their_exit_statuses(capsys, name, statuses) -> None:
    """`python -m training.drawn --help` and `python -m gui.screenshot --help` said nothing of their exit statuses,
    where every other command's help does: a script could not learn that 2 is a refused OUT and 1 a model or picture
    that failed. Both list them now, as they are (2 before the drawing or the window, 1 after; 130, 143 on a stop)."""
    with pytest.raises(SystemExit) as ended:
        importlib.import_module(name).main(["--help"])
    assert ended.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 when everything worked; " in text, text
    assert all(status in text for status in statuses), text
    assert "130 when stopped by Ctrl-C and 143 by SIGTERM" in text, text


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("runs/.pt", "--out runs/.pt does not end in .safetensors: "),
        ("runs/.pt.safetensors", "--out runs/.pt.safetensors begins with a dot: the model would be a hidden file, "),
    ],
)
def test_a_hidden_models_name_is_neither_offered_nor_taken(tmp_path, monkeypatch, out, said) -> None:
    """cli25 refused `training.fit --out runs/.safetensors`, a hidden model that ls and the app's Open model do not
    show, but `--out runs/.pt` was offered "give runs/.pt.safetensors, say", and that name was taken: the run trained
    the very hidden model the fix was for. A name beginning with a dot is refused as that one is, and the name
    offered is never one: runs/pt.safetensors, for both."""
    monkeypatch.chdir(tmp_path)
    line = refused_last_line("training.arguments", ["--out", out])
    assert line.startswith(f"python -m training.fit: error: {said}"), line
    assert line.endswith("; give runs/pt.safetensors, say"), line
    assert list(tmp_path.iterdir()) == []
