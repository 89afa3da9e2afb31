"""The fortieth round of hostile testing, newcomer: the README and docs/ followed on a fresh clone as a new user would,
every command they show run (the long trainings by their short forms), and the command line given what such a user
types by mistake. Each test here failed before its fix (docs/robustness.md says what each found)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_bench
from folder_hint import check_folder_hint
from test_robust_twentyeighth_docs import pen_folder

from rowreader.cli import main as cli_main
from rowreader.data import load_mnist
from rowreader.example_folder import ExamplesError, class_folders
from rowreader.unipen import load_unipen

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        (["--json", "predict", "seven.png"], "rowreader predict --json seven.png"),
        (["--ink", "dark", "predict", "seven.png"], "rowreader predict --ink dark seven.png"),
        (["--data-dir", "/tmp", "evaluate"], "rowreader evaluate --data-dir /tmp"),
        (["--data-dir=/tmp", "download"], "rowreader download --data-dir=/tmp"),
    ],
)
def test_a_commands_option_typed_before_the_command_is_moved_after_it(words, meant, capsys) -> None:
    """A command's option typed before the command, as git's are: `rowreader --json predict seven.png` was refused by
    predict as "unrecognized arguments: --json", an option predict has; `rowreader --data-dir /tmp evaluate` was
    told "to read a picture, name the command first: rowreader predict --data-dir /tmp evaluate", a command that
    fails in its turn (/tmp, which exists, taken for a picture). Now: refused, status 2, with the command to type."""
    with pytest.raises(SystemExit) as stopped:
        cli_main(words)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    option = words[0].partition("=")[0]
    assert error == (
        f"rowreader: error: {option} is an option of {meant.split()[1]}, not of rowreader: give it after the "
        f"command: {meant}"
    )


def test_the_one_module_of_bench_that_is_no_command_says_so() -> None:
    """`python bench/this_checkout.py --help` printed nothing and ended with status 0, as if it had run; bench's two
    other modules that are not commands (rounds.py, school_marks.py) say what they are, status 2."""
    done = subprocess.run(
        [sys.executable, "bench/this_checkout.py", "--help"], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "this_checkout.py is a module, not a command" in done.stderr


@pytest.mark.parametrize(
    ("files", "patterns"),
    [
        (["a.jpg", "b.jpg", "c.JPG", "notes.txt"], ["*.[Jj][Pp][Gg]"]),  # the shell's patterns are case-sensitive
        (["0/a.png", "1/b.png", "1/c.webp"], ["*/*.png", "*/*.webp"]),  # an examples folder: a folder a digit
        ([], None),
        (["notes.txt", "sub/readme.md"], None),
    ],
)
def test_a_folder_given_as_an_image_is_told_the_patterns_of_the_pictures_it_holds(
    files, patterns, tmp_path, capsys
) -> None:
    """`rowreader predict photos` was told to name `photos/*.png` whatever the folder held: for a folder of phone
    photos (.jpg) that pattern matched nothing, the next error, and an empty folder was sent after pictures that
    were not there. The patterns are now the endings of the pictures there, most common first; else its folders'
    one level down; else it says that it holds none."""
    check_folder_hint(tmp_path / "photos", files, patterns, capsys)


def test_a_folder_that_cannot_be_listed_is_not_said_to_hold_no_pictures(tmp_path, capsys, monkeypatch) -> None:
    """A folder its user may not list (no read permission) may hold pictures: it is called a folder and nothing more
    is said of it, neither a pattern nor that it holds none."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "7.png").write_bytes(b"")

    def refused(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("rowreader.cli.os.scandir", refused)
    assert cli_main(["predict", str(folder)]) == 1
    assert capsys.readouterr().err.strip().endswith(f"{folder}: is a folder, not an image")


def test_person_examples_into_a_file_says_so_in_words(tmp_path, capsys) -> None:
    """`python bench/person_examples.py ibm/15 DIR` (docs/teaching.md's) with DIR a file said Python's "[Errno 20] Not
    a directory: 'DIR/0'", after the person's digits were read; it says what is in the way, as every command that
    writes does, and writes nothing (since the fifty-seventh round with the command line, status 2)."""
    pen = pen_folder(tmp_path / "pen", [("abc/p1", 7)])
    (tmp_path / "seven.png").write_bytes(b"not ours")
    examples = load_bench("person_examples")
    with pytest.raises(SystemExit) as ended:
        examples.main(["abc/p1", str(tmp_path / "seven.png"), "--pen-dir", str(pen)])
    assert ended.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"person_examples.py: error: argument out_dir: {tmp_path}/seven.png is a file, not a folder"
    )
    assert (tmp_path / "seven.png").read_bytes() == b"not ours"


@pytest.mark.parametrize("words", [["predict"], ["predict", "--json"]])
def test_a_picture_piped_in_without_its_dash_is_told_to_name_it(words, tmp_path, capsys, monkeypatch) -> None:
    """`cat seven.png | rowreader predict` (or `< seven.png`), the README's `-` left out, said only "the following
    arguments are required: IMAGE"; it now says to name the picture piped in `-`, with the command. Where standard
    input holds nothing (`< /dev/null`, a terminal), nothing more is said."""
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    with picture.open("rb") as piped:
        monkeypatch.setattr(sys, "stdin", piped)
        with pytest.raises(SystemExit) as stopped:
            cli_main(words)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "rowreader predict: error: the following arguments are required: IMAGE; to read the picture piped in, name "
        f"it -: rowreader {' '.join(words)} -"
    )
    with open(os.devnull, "rb") as nothing:
        monkeypatch.setattr(sys, "stdin", nothing)
        with pytest.raises(SystemExit):
            cli_main(words)
    assert capsys.readouterr().err.splitlines()[-1].endswith("the following arguments are required: IMAGE")


def test_a_name_with_spaces_the_shell_split_is_named_whole(tmp_path, capsys, monkeypatch) -> None:
    """`rowreader predict my seven.png`, the name not quoted, said "my: no such file" and "seven.png: no such file",
    with `my seven.png` right there; each line now names the file meant and why it was split. Words that join to
    no file, or that are files themselves, are said no more of."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my seven.png").write_bytes(b"")
    (tmp_path / "seven.png").write_bytes(b"")
    assert cli_main(["predict", "my", "new", "seven.png", "my", "seven.png"]) == 1
    hint = "did you mean 'my seven.png'? A name holding spaces is quoted, or the shell splits it"
    assert capsys.readouterr().err.splitlines() == [
        "rowreader: error: my: no such file",
        "rowreader: error: new: no such file",
        "rowreader: error: seven.png: an empty file (0 bytes), not a picture",
        f"rowreader: error: my: no such file; {hint}",
        "rowreader: error: seven.png: an empty file (0 bytes), not a picture",
    ]
    (tmp_path / "seven.png").unlink()
    assert cli_main(["predict", "my", "seven.png"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"rowreader: error: my: no such file; {hint}",
        f"rowreader: error: seven.png: no such file; {hint}",
    ]


def test_mnist_in_a_folder_of_the_one_named_is_pointed_to(tmp_path, monkeypatch) -> None:
    """`--data-dir data` (or `$ROWREADER_DATA=data`) for the folder data/mnist that holds the four files was told
    "MNIST files not found in data … download them once: `rowreader download --data-dir data`": a second copy,
    fetched beside the first, where the files were one folder down. Now it names that folder."""
    here = tmp_path / "data" / "mnist"
    here.mkdir(parents=True)
    (tmp_path / "data" / "notes").mkdir()  # a folder before it, by name, that holds no MNIST
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (here / name).write_bytes(b"")
    with pytest.raises(FileNotFoundError) as refused:
        load_mnist(tmp_path / "data", train=False)
    assert str(refused.value).endswith(
        f"They are in {here}: pass that folder (--data-dir / root=) or set $ROWREADER_DATA to it."
    )
    with pytest.raises(FileNotFoundError) as refused:  # the training files are not there: no folder is named
        load_mnist(tmp_path / "data", train=True)
    assert "They are in" not in str(refused.value) and "rowreader download --data-dir" in str(refused.value)


def test_the_pen_digits_in_a_folder_of_the_one_named_are_pointed_to(tmp_path) -> None:
    """`--pen-dir data` for data/unipen1a was told how to convert UNIPEN's release again; it names the folder."""
    (tmp_path / "data" / "notes").mkdir(parents=True)  # a folder before it, by name, without the file
    pen_folder(tmp_path / "data" / "unipen1a", [("abc/p1", 7)])
    with pytest.raises(FileNotFoundError) as refused:
        load_unipen(tmp_path / "data")
    assert str(refused.value) == (
        f"UNIPEN digits not found: no digits.jsonl.gz in {tmp_path / 'data'}. It is in {tmp_path / 'data' / 'unipen1a'}"
        ": pass that folder (--pen-dir / root=) or set $ROWREADER_UNIPEN to it."
    )


def test_the_user_folder_given_for_its_examples_folder_is_told_which_holds_them(tmp_path) -> None:
    """`--examples ~/.local/share/RowReader` (the per-user folder the README names, where examples/ and models/ lie)
    said "…/examples: class folders must be named by their digit, 0 to 9 (not 'examples')", as if examples/ were to
    be renamed; it names the folder that holds the digits' folders. The fine-tune, the app's Import and the teach
    pictures read a folder so."""
    (tmp_path / "RowReader" / "examples" / "3").mkdir(parents=True)
    (tmp_path / "RowReader" / "models").mkdir()
    with pytest.raises(ExamplesError) as refused:
        class_folders(tmp_path / "RowReader")
    assert str(refused.value) == (
        f"{tmp_path / 'RowReader'} holds no digit's folder (0 … 9), but {tmp_path / 'RowReader' / 'examples'} does: "
        "choose that folder"
    )
    (tmp_path / "scans" / "new").mkdir(parents=True)  # no digit's folder anywhere: the refusal as it was
    with pytest.raises(ExamplesError, match="class folders must be named by their digit"):
        class_folders(tmp_path / "scans")


def test_a_model_of_another_name_dropped_on_the_window_is_opened_as_the_model(qtbot, tmp_path, tiny_reader) -> None:
    """`python -m training.fit --out quick.pt`, as a PyTorch user names a model, writes a RowReader model of that
    name (`python -m gui --checkpoint quick.pt` and `rowreader predict --checkpoint quick.pt` read it), but dropped on
    the window it was read as a picture: "not an image PIL can read". A model is told by what it holds."""
    from gui_window import shown
    from PySide6.QtCore import QMimeData, QSettings, QUrl

    from gui.main_window import MainWindow
    from rowreader import save_checkpoint

    path = tmp_path / "quick.pt"
    save_checkpoint(path, tiny_reader)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert window.pictures.accept_mime(mime, "dropped")
    qtbot.waitUntil(lambda: window.session.checkpoint is not None or window.last_error is not None, timeout=20_000)
    assert window.last_error is None and window.session.checkpoint.path == path
