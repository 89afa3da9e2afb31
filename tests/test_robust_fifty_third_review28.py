"""The fifty-third round of hostile testing, review28: the round's merges read as a hostile reviewer and tried at
their edges; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette

from gui.image_io import load_picture_file
from gui.models_menu import STILL_READING
from gui.theme import MIN_CONTRAST, MIN_TEXT_CONTRAST, contrast, graphic_colour, selected_colours
from rowreader.checkpoint import pretrained_path
from rowreader.example_folder import ExamplesError, load_examples
from rowreader.picture import PictureError


@pytest.mark.parametrize(
    ("names", "why"),
    [
        (["00", "01", "02", "03"], "'00' is not 0 (a 0 before it): rename it 0 to read its pictures"),
        ([" 3"], "' 3' is not 3 (a space around it): rename it 3 to read its pictures"),
        (["\u0663", "\u0667"], "'\u0663' is not 3 (Arabic-Indic Digit Three): rename it 3 to read its pictures"),
    ],
)
def test_a_folder_whose_every_class_folder_is_named_like_a_digit_says_the_name_to_give_them(tmp_path, names, why):
    """teach9 made a class folder named " 3", "03" or "\u0663" beside the others say what differs and the name to
    give it; where every class folder is so named (a sort's 00 … 09, a person who writes 3 as \u0663) the folder is
    refused as a whole, and that refusal, its twin, still said only "class folders must be named by their digit,
    0 to 9 (not '\u0663')": to that person untrue, and the space of " 3" unseen. It says the same now."""
    for name in names:
        (tmp_path / name).mkdir()
    with pytest.raises(ExamplesError) as refused:
        load_examples(tmp_path)
    assert str(refused.value).endswith(f"; {why}"), str(refused.value)


@pytest.mark.parametrize(
    ("highlight", "face"),
    [("#000000", "#353535"), ("#000000", "#202124"), ("#ffffff", "#e0e0e0"), ("#ffffff", "#efefef")],
)
def test_a_black_or_white_selection_is_moved_off_a_face_it_does_not_stand_out_from(qapp, highlight, face):
    """window9's ``selected_colours`` moves a selection in lightness until it stands out 3:1 from the buttons' face;
    its loop ran only while the lightness lay strictly between 0 and 1, so a selection of pure black on a dark face
    (a high-contrast or hand-set palette) or pure white on a light one was never moved: 1.71:1 and 1.32:1, where
    #010101 became 4.2:1. ``graphic_colour`` (the teach chart's lines, the focus frame) shared the loop."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    palette.setColor(QPalette.ColorRole.Button, QColor(face))
    fill, text = selected_colours(palette)
    assert contrast(fill, QColor(face)) >= MIN_CONTRAST, fill.name()
    assert contrast(text, fill) >= MIN_TEXT_CONTRAST
    assert contrast(graphic_colour(QColor(highlight), QColor(face)), QColor(face)) >= MIN_CONTRAST


def test_the_models_menu_lists_a_model_in_use_whose_file_became_a_loop_of_links(qtbot, tmp_path: Path) -> None:
    """speed4 resolved the listed paths off the window's thread with ``_resolved`` (a loop of links, a NUL: the path
    as it is), but :meth:`ModelsMenu.choices`, its twin, still called ``Path.resolve``: the model in use, its file
    made one of two links to each other since it was read (``ln -sf`` the wrong way round), raised RuntimeError from
    the look, and every opening of the menu showed only "Still reading the model files…", a traceback each time.
    It is listed, checked as in use, saying why it cannot be read."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    model, other = tmp_path / "runs" / "m.safetensors", tmp_path / "runs" / "other.safetensors"
    model.parent.mkdir()
    shutil.copyfile(pretrained_path(), model)
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    model.unlink()
    model.symlink_to(other)
    other.symlink_to(model)
    menu = window.teaching.models_menu
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(lambda: STILL_READING not in [act.text() for act in menu.actions()], timeout=20_000)
    (item,) = [act for act in menu.actions() if act.toolTip() == str(model)]
    assert item.text().startswith("Opened: m.safetensors (cannot be read: "), item.text()
    assert item.isChecked()
    menu.hide()


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u3000"])
def test_the_spaces_of_a_text_used_again_are_counted(tmp_path: Path, qapp, space: str) -> None:
    """review27 counted a text's letters as shapes but left out its white space (``str.split``): 2,000 spaces kept
    by ``xml:space="preserve"`` (or no-break or ideographic spaces, which nothing collapses), used 10,000 times
    (2.9–6.9 kB), counted as 11,112 elements, took Qt 31 s, 26 s and 127 s to read (on a shared machine), where
    2,000 letters so are refused at once. Each character is counted."""
    groups = "".join(f'<g id="l{i + 1}">' + f'<use href="#l{i}"/>' * 10 + "</g>" for i in range(4))
    path = tmp_path / "spaces.svg"
    path.write_bytes(
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><defs><text id="l0" x="0" y="10" '
            f'font-size="1" xml:space="preserve">{space * 2000}</text>{groups}</defs><use href="#l4"/></svg>'
        ).encode()
    )
    with pytest.raises(PictureError, match=r"^spaces\.svg: an SVG drawing of more than 65,536 shapes"):
        load_picture_file(path)


def test_the_models_menu_lists_a_taught_model_it_may_not_look_at(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A models folder the user may list but not enter (``chmod -R 644`` over the user's folder): each taught model's
    ``stat`` fails with EACCES, which ``Path.is_file`` raises rather than answers, and the menu's look ended in
    PermissionError: every opening showed only "Still reading the model files…", a traceback each time. The
    model is listed, saying why it cannot be read (here ``stat`` alone is refused in the folder: root reads
    anything)."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    models = user / "models"
    models.mkdir(parents=True, exist_ok=True)
    taught = models / "mine-20261205-225000-abcd.safetensors"
    shutil.copyfile(pretrained_path(), taught)
    looked = os.stat

    def shut(path, *args, **kwargs):
        if str(path).startswith(f"{models}{os.sep}"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return looked(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", shut)
    menu = window.teaching.models_menu
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(lambda: STILL_READING not in [act.text() for act in menu.actions()], timeout=20_000)
    assert [act.text() for act in menu.actions() if act.toolTip() == str(taught)] == [
        "Yours: mine-20261205-225000-abcd (cannot be read: Permission denied)"
    ]
    menu.hide()
