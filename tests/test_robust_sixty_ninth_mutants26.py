"""The sixty-ninth round, mutants26: hand mutants of the round's code (checkpoint names, number words, the device
flag, pasted paths); each test here kills a mutant the round's tests let live."""

from __future__ import annotations

import contextlib
import importlib
import io
from pathlib import Path

import pytest
from gui_window import errors_said, until, window_without_model
from PySide6.QtCore import QMimeData

from gui.image_io import read_any_picture_and_note
from rowreader.picture_errors import CUT_OFF, PictureError
from training.arguments import main as arguments_main


def _refused(argv: list[str]) -> str:
    """The last line `training.fit` says as it refuses ``argv`` (status 2) before anything is read or trained."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as end:
        arguments_main(argv)
    assert end.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


def test_a_hidden_metrics_file_is_still_taken(tmp_path, monkeypatch) -> None:
    """Only a model may not be hidden (ls and Open model would not show it): a mutant that refused every name
    beginning with a dot told `--metrics runs/.log.csv` "the model would be a hidden file", a model no one named.
    The metrics file is the user's to hide: it is taken."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    assert arguments_main(["--metrics", "runs/.log.csv"]) == 0


@pytest.mark.parametrize(
    ("out", "offered"),
    [
        ("runs/..pt", "runs/pt.safetensors"),  # every dot that begins it left out, not the first alone
        ("runs/.Safetensors", "runs/model.safetensors"),  # the ending alone, in capitals: no name before it
    ],
)
def test_the_name_offered_for_a_hidden_model_is_never_hidden(tmp_path, monkeypatch, out, offered) -> None:
    """`--out runs/..pt` would be offered runs/.pt.safetensors if one dot were left out, a hidden model (the one
    cli26 refused); `--out runs/.Safetensors` runs/Safetensors.safetensors if the ending were matched in small
    letters alone. Each is offered a name ls shows, its model named "model" where nothing else is left."""
    monkeypatch.chdir(tmp_path)
    line = _refused(["--out", out])
    assert line.startswith(f"python -m training.fit: error: --out {out} does not end in .safetensors: "), line
    assert line.endswith(f"; give {offered}, say"), line
    assert list(tmp_path.iterdir()) == []


def test_a_pasted_path_to_a_broken_link_is_opened_and_said_so(qtbot, tmp_path: Path) -> None:
    """A pasted path is opened as a drop is where it names something here (window27): a mutant asking whether it
    exists (the link followed) let a broken link's path, no picture's name, be "nothing to paste", as if no path had
    been copied. The link is there: it is opened, and the error names it."""
    (link := tmp_path / "scan").symlink_to(tmp_path / "moved away")
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    mime = QMimeData()
    mime.setText(str(link))
    assert window.pictures.accept_mime(mime, "pasted")
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said and said[0].startswith("Could not open the image: "), said
    assert "scan" in said[0], said


# A 7's bar drawn as an SVG after a comment, with an XML declaration naming {encoding}
DECLARED_SVG = (
    '<?xml version="1.0" encoding="{encoding}"?><svg xmlns="http://www.w3.org/2000/svg" width="280" height="280">'
    '<!-- {word} --><path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg>'
)


def _refusal(path: Path) -> str:
    """What the app says of the picture file at ``path``, which it cannot read."""
    with pytest.raises(PictureError) as refused:
        read_any_picture_and_note(path)
    return str(refused.value)


@pytest.mark.parametrize("encoding", ["UTF-16", "UTF-32"])
def test_a_byte_a_letter_svg_declared_in_utf_32_is_told_why(qapp, tmp_path: Path, encoding: str) -> None:
    """An SVG written a byte a letter whose declaration says UTF-32 is told, as one saying UTF-16 is, that it is
    written a byte a letter: a mutant that knew UTF-16 alone said "its byte 0, 0x3c, is not UTF-32" of the "<"
    that begins it, a byte the user cannot fix."""
    (svg := tmp_path / "seven.svg").write_bytes(DECLARED_SVG.format(encoding=encoding, word="7").encode())
    said = _refusal(svg)
    assert said == (
        f"seven.svg: a damaged SVG drawing: its XML declaration says it is in {encoding}, but it is not (it is written "
        "a byte a letter): name the encoding it is in there, UTF-8 most likely"
    )


def test_a_utf_8_svg_cut_inside_a_character_is_said_cut_off(qapp, tmp_path: Path) -> None:
    """A UTF-8 7 cut off one byte into the é of its comment (a download that did not finish) is said cut off: a
    mutant that decoded its last character as final told the user its declaration was wrong ("its byte …, 0xc3,
    is not UTF-8: name the encoding it is in there"), a fix that would not help."""
    whole = DECLARED_SVG.format(encoding="UTF-8", word="café").encode()
    (svg := tmp_path / "seven.svg").write_bytes(whole[: whole.index("é".encode()) + 1])
    assert _refusal(svg) == f"seven.svg: cannot read the image ({CUT_OFF})"


def test_an_svg_declaring_an_encoding_python_does_not_know_is_not_said_misdeclared(qapp, tmp_path: Path) -> None:
    """An encoding Python does not know (a made-up name) cannot be checked: the file is not said to be in another
    one (a mutant said it damaged on no ground); Qt's own words are said."""
    (svg := tmp_path / "seven.svg").write_bytes(DECLARED_SVG.format(encoding="x-klingon", word="7").encode())
    said = _refusal(svg)
    assert said.startswith("seven.svg: not a readable image"), said
    assert "damaged" not in said, said


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--lr", "0,0"], "--lr: must be a number above 0 and at most 10, got '0,0' (a decimal is written with a "
         "point)"),
        (["--pen", "0,0"], "--pen: must be a number from 0 to 0.95, got '0,0' (a decimal is written with a point: "
         "0.0)"),
        (["--pen", "0,95"], "--pen: must be a number from 0 to 0.95, got '0,95' (a decimal is written with a point: "
         "0.95)"),
        (["--replay", "1,0"], "--replay: must be a number at least 0 and below 1, got '1,0' (a decimal is written with "
         "a point)"),
        (["--lr", "20,5"], "--lr: must be a number above 0 and at most 10, got '20,5' (a decimal is written with a "
         "point)"),
        (["--lr", "abc"], "--lr: must be a number above 0 and at most 10, got 'abc'"),  # no number meant: no hint
        (["--lr", "1e-400"], "--lr: must be a number above 0 and at most 10, got '1e-400' (a float reads it as 0)"),
        (["--pen", "1,5e-400"], "--pen: must be a number from 0 to 0.95, got '1,5e-400' (a decimal is written with a "
         "point: 1.5e-400, but a float reads it as 0)"),
    ],
)  # fmt: skip
def test_a_number_written_with_a_comma_is_offered_only_where_its_flag_takes_it(tmp_path, monkeypatch, argv, said):
    """A number written with a comma is offered with a point only where the flag takes it: at the range's ends
    too (`--pen 0,0`, `--pen 0,95`), never past an end the range leaves out (`--lr 0,0`, `--replay 1,0`, which the
    run would then refuse) nor beyond it (`--lr 20,5`); one a float cannot hold says so. Mutants that dropped
    ``above`` or ``below``, turned either, or made "and" "or" offered 0.0 to --lr and 1.0 to --replay."""
    monkeypatch.chdir(tmp_path)
    line = _refused(argv)
    assert line == f"python -m training.fit: error: argument {said}", line


@pytest.mark.parametrize(
    ("module", "argv", "said"),
    [
        ("training.arguments", [], "python -m training.fit: error: --out "),
        ("training.merge", ["a.safetensors", "b.safetensors"], "python -m training.merge: error: argument --out: "),
    ],
)
def test_a_hidden_models_name_pasted_after_a_space_is_quoted_and_offered_without_it(
    tmp_path, monkeypatch, module, argv, said
) -> None:
    """`training.fit --out ' runs/.m.safetensors'` (a space pasted before it) was offered "give  runs/m.safetensors,
    say", its space unseen, where `--out ' m.pt'` is offered m.safetensors: the name offered for a hidden model kept
    the space. It is quoted where named and offered without the space; mutants that named it unquoted, or quoted
    only a space at its end, lived too."""
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    main = importlib.import_module(module).main
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as end:
        main(["--out", " runs/.m.safetensors", *argv])
    assert end.value.code == 2
    line = err.getvalue().strip().splitlines()[-1]
    assert line == (
        f"{said}' runs/.m.safetensors' begins with a dot: the model would be a hidden file, which ls and the app's "
        "Open model do not show; give runs/m.safetensors, say"
    ), line
    assert list(tmp_path.iterdir()) == []


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280">\n'
SVG_BAR = '<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/>\n'


@pytest.mark.parametrize(
    ("before", "line"),
    [("", 3), ("<style><![CDATA[ path {} ]]></style>\n" + SVG_BAR, 5)],
)
def test_a_cdata_section_left_open_is_named_by_the_line_it_opens_on(qapp, tmp_path: Path, before, line) -> None:
    """A whole 7 whose style's CDATA section is never closed names the line that section opens on, the one to fix:
    mutants that looked for its opening from the file's end, or from its start past a section closed before it,
    named the file's last line or the closed section's."""
    text = SVG_HEAD + before + "<style>\n<![CDATA[ path {} \n</style>\n" + SVG_BAR + "</svg>"
    (svg := tmp_path / "seven.svg").write_text(text)
    said = _refusal(svg)
    assert said.startswith(f"seven.svg: a damaged SVG drawing: a CDATA section opened on line {line} (<![CDATA[)"), said


def test_a_processing_instruction_left_open_is_not_called_a_comment(qapp, tmp_path: Path) -> None:
    """Only a comment's ``<!--`` left open is said to be a comment left open: a mutant that took any token expat
    found unclosed for one told a 7 whose ``<?pi`` was never closed to put a --> after a comment it does not hold."""
    (svg := tmp_path / "seven.svg").write_text(SVG_HEAD + "<?pi left open\n" + SVG_BAR + "</svg>")
    said = _refusal(svg)
    assert "comment" not in said, said
