"""The forty-third round of hostile testing, leftovers: what the forty-second round saw and left, each fixed: folder
flags given a file, whole-number flags given a fraction or nan, a picture given as --checkpoint, a fine-tune outliving
its app, an export cut short, a benchmark of one round, a teach decoding every picture; each test is checked to fail
on the code before its fix."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowreader.example_folder as example_folder
import training.finetune as finetune_module
from rowreader import cli
from rowreader.checkpoint import read_metadata
from rowreader.example_index import read_index
from rowreader.example_store import ExampleStore
from training import arguments, ship
from training.config import INT_RANGES, whole_number_argument
from training.fit import main as fit_main


def _refused(parse, argv: list[str]) -> str:
    """What the command line says refusing ``argv``, which must end with argparse's status 2."""
    with pytest.raises(SystemExit) as stop:
        parse(argv)
    assert stop.value.code == 2
    return stop.value


@pytest.mark.parametrize(
    "parse, flags",
    [
        (ship.parse_args, ["--dry-run", "--data-dir"]),
        (ship.parse_args, ["--dry-run", "--pen-dir"]),
        (ship.parse_args, ["--dry-run", "--runs"]),
        (cli.main, ["evaluate", "--data-dir"]),
        (cli.main, ["download", "--data-dir"]),
        (arguments.parse_args, ["--data-dir"]),
        (arguments.parse_args, ["--pen-dir"]),
    ],
)
def test_a_file_given_as_a_folder_is_refused_with_the_command_line(parse, flags, tmp_path, capsys):
    """`training.ship --data-dir FILE --dry-run` printed its four commands without complaint, and `rowreader evaluate
    --data-dir FILE` failed with status 1 once the data was read. Every folder flag now refuses a file (or a file
    among its parents) as the command line is read: status 2, "FILE is a file, not a folder"."""
    file = tmp_path / "notes.txt"
    file.write_text("x")
    for given_name in (file, file / "mnist"):
        _refused(parse, [*flags, str(given_name)])
        assert f"{file} is a file, not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(INT_RANGES))
@settings(max_examples=15, deadline=None)
@given(text=st.sampled_from(["nan", "1e9", "2.5", "x", "", " ", "inf", "0x10", "٣.5"]))
def test_a_whole_number_flag_given_no_whole_number_names_its_range(name, text):
    """`--seed nan`, `--hidden 1e9` and `--epochs 2.5` got argparse's "invalid int value: 'nan'". Each whole-number
    flag now says what it takes: "must be a whole number from LOW to HIGH, got 'nan'"."""
    low, high = INT_RANGES[name]
    with pytest.raises(argparse.ArgumentTypeError, match=f"must be a whole number from {low} to {high:,}, got"):
        whole_number_argument(name)(text)


@pytest.mark.parametrize(
    "flag, low, high",
    [("--seed", 0, 2**32 - 1), ("--hidden", 1, 4096), ("--epochs", 1, 10_000), ("--layers", 1, None)],
)
def test_training_fits_whole_number_flags_name_the_flag_and_its_range(flag, low, high, capsys):
    """training.fit read --seed, --hidden, --epochs, --layers and the rest with plain ``int``: "argument --hidden:
    invalid int value: '1e9'". They name the flag and the range now, with the command line (status 2)."""
    for text in ("nan", "1e9", "2.5"):
        _refused(arguments.parse_args, [flag, text])
        err = capsys.readouterr().err
        assert f"argument {flag}: must be a whole number from {low} to " in err
        assert "invalid int value" not in err


@pytest.mark.parametrize(
    "start, what",
    [(b"\x89PNG\r\n\x1a\n" + bytes(40), "a PNG picture"), (b"", "an empty file (0 bytes)")],
    ids=["png", "empty"],
)
def test_the_app_refuses_a_picture_given_as_its_model_before_the_window(start, what, tmp_path, capsys, monkeypatch):
    """`python -m gui --checkpoint seven.png` opened the window on the shipped model, a dialog saying "Could not open
    the model: seven.png: a PNG picture, not a model checkpoint", where a folder or a missing file given so is refused
    before any window. What its first bytes show is no model is refused alike: status 2, one line, no window."""
    from gui import __main__ as gui_main

    model = tmp_path / "seven.png"
    model.write_bytes(start)
    monkeypatch.setattr("gui.main_window.MainWindow", lambda *a, **k: pytest.fail("the window was built"))
    with pytest.raises(SystemExit) as refused:
        gui_main.main(["--checkpoint", str(model)])
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert err.splitlines()[-1].endswith(f"error: --checkpoint {model}: {what}, not a model checkpoint"), err


def test_a_command_line_teach_decodes_only_the_newest_pictures_of_each_digit(tmp_path, tiny_base, monkeypatch, capsys):
    """A command-line teach of a folder never read before decoded every picture (12,944: minutes), then taught the
    newest ``NEWEST_PER_DIGIT`` of each digit. The newest are picked by their files' times first and only they are
    decoded (5 of 4's 8 here, and 7's 3); the index keeps what it knew of the older ones for the app."""
    from test_robust_forty_second_scale import FAST, examples_kept

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(finetune_module, "NEWEST_PER_DIGIT", 5)
    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {4: 8, 7: 3})
    decoded: list[Path] = []
    load_example = example_folder.load_example

    def counted(path, *args):
        if args[-1] is None:  # no input from the index: the picture is decoded
            decoded.append(path)
        return load_example(path, *args)

    monkeypatch.setattr(example_folder, "load_example", counted)
    out = tmp_path / "mine.safetensors"
    assert fit_main(["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *FAST]) == 0
    newest = [*kept[4][-5:], *kept[7]]
    assert sorted(decoded) == sorted(newest)
    examples = read_metadata(out)["examples"]
    assert examples["left_out"] == 3 and set(examples["files"]) == {f"{p.parent.name}/{p.name}" for p in newest}
    assert "3 older examples left out" in capsys.readouterr().err
    example_folder.load_examples(store.root, index=True)  # the app's whole reading: the older three decoded
    assert len(decoded) == 11 and set(read_index(store.root)) == {*kept[4], *kept[7]}
    example_folder.load_examples(store.root, index=True, newest=5)  # a teach again: nothing decoded, nothing lost
    assert len(decoded) == 11 and set(read_index(store.root)) == {*kept[4], *kept[7]}


def export_cut_short_by_the_close(qtbot, window, monkeypatch, mnist_test, target: Path) -> None:
    """Two examples of each digit kept in ``window``, exported to ``target``, and the window closed (as Quit, SIGTERM
    and SIGHUP close it) as the first example is written: the export cut short, one example whole."""
    from gui_window import keep_examples

    import rowreader.example_store as example_store

    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    write, writing = example_store.atomic_write_files, threading.Event()

    def held_until_the_close(files, **kwargs) -> None:  # the first example is written as the window closes
        writing.set()
        window.tasks.stopping.wait(10)
        write(files, **kwargs)

    monkeypatch.setattr(example_store, "atomic_write_files", held_until_the_close)
    window.teaching.export_folder(target)
    qtbot.waitUntil(writing.is_set, timeout=10_000)
    window.close()


def test_an_export_cut_short_by_the_windows_close_says_so_on_stderr(qtbot, tmp_path, mnist_test, monkeypatch, capfd):
    """Quit, SIGTERM or SIGHUP during an export closed the window at once and stopped the export between examples
    (30, 44 and 223 of 244 written), and nothing told the user it was cut short. As the app ends, stderr says how many
    were written, each whole, and to export there again."""
    from gui_window import open_shipped_window

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    target = tmp_path / "stick"
    export_cut_short_by_the_close(qtbot, window, monkeypatch, mnist_test, target)
    err = capfd.readouterr().err
    written = len(list(target.glob("*/*.png")))
    assert written == 1
    assert f"the export to {target} was cut short as the window closed: 1 example written, each whole" in err


@pytest.mark.parametrize("rounds", ["1", "2"])
def test_bench_fit_refuses_rounds_too_few_to_tell_the_loop_from_the_load(rounds, bench_module, capsys):
    """`bench_fit.py --rounds 1` printed "overhead -83.9 %" on the loaded machine (and -38.8 %, +5191.1 % since): one
    measurement of each loop, seconds apart, measures the load. Fewer than three rounds are refused (status 2), with
    why, before MNIST or a loop is touched."""
    with pytest.raises(SystemExit) as refused:
        bench_module("bench_fit").main(["--rounds", rounds, "--data-dir", "/nonexistent"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and f"--rounds {rounds} measures each loop" in err and "give 3 or more" in err
