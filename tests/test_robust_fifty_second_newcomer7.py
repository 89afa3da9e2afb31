"""The fifty-second round of hostile testing, newcomer7: the README and docs/ followed by a newcomer on a fresh clone,
command by command. What they said ran and printed what they say; this file pins what no test read: a menu path in
a code block's comment (the README's "then Models ▸ Compare with ▸ Shipped model") and every level of a nested path,
where test_readme checks the first item of a path in prose only; and the README's library example with its to_mnist
step left out, the picture fed to the stream as it was read."""

from __future__ import annotations

import re

import numpy as np
import pytest
from gui_window import opened_menu, shown
from PIL import Image
from PySide6.QtCore import QSettings
from test_readme import PAGES, words

import rowreader
from gui.main_window import MainWindow
from rowreader.checkpoint import pretrained_path
from rowreader.picture import read_picture

# "Menu ▸ Item ▸ Sub-item": each step ends where a sentence, a bracket, a code span or a shortcut does.
MENU_PATH = re.compile(r"\b([A-Z][a-z]+)((?: ▸ [^▸,.;:()`*\"]*[^▸,.;:()`*\" ])+)")


def menu_paths(text: str) -> list[list[str]]:
    """Every "Menu ▸ Item ▸ …" in ``text`` (prose and code alike), as its steps."""
    return [[match[1], *match[2].split(" ▸ ")[1:]] for match in MENU_PATH.finditer(words(text))]


def missing_step(window, path: list[str]) -> str | None:
    """The first step of ``path`` the window's menus lack, with what is there; None where every step is there. A
    step is an item whose text it begins with ("Shipped model goes back" names Shipped model)."""
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    if path[0] not in menus:
        return None  # a word before ▸ that names no menu ("Read ▸" is one; "Esc ▸" would not be)
    menu = menus[path[0]]
    for step in path[1:]:
        if menu is None:
            return f"{step!r}: the item before it opens no menu"
        opened_menu(menu)  # the Models menu is filled as it opens
        items = {a.text().replace("&", ""): a.menu() for a in menu.actions() if not a.isSeparator()}
        found = [name for name in items if step.startswith(name)]
        if not found:
            return f"{step!r} is not in {sorted(items)}"
        menu = items[max(found, key=len)]
    return None


def test_every_menu_path_the_docs_name_is_the_windows_to_its_last_step(qtbot, tmp_path) -> None:
    """The README's Training section tells a newcomer, in a command's comment, to compare their model through "Models ▸
    Compare with ▸ Shipped model": a path that test_readme never read (code blocks are not prose) and could not have
    checked past "Compare with". Every path in the README and docs/, prose and code, is followed to its last step."""
    # a model of one's own in use, as there (the shipped model in use is offered under Compare with to no one)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(checkpoint=pretrained_path().with_name("seed.safetensors"), settings=settings))
    qtbot.waitUntil(lambda: window.session.checkpoint is not None and not window.tasks.busy, timeout=20_000)
    paths = [(page, path) for page, text in PAGES.items() for path in menu_paths(text)]
    assert ["Models", "Compare with", "Shipped model"] in [path for _, path in paths]
    assert sum(len(path) > 2 for _, path in paths) >= 1
    wrong = [f"{page}: {' ▸ '.join(path)}: {why}" for page, path in paths if (why := missing_step(window, path))]
    assert not wrong, "\n".join(wrong)
    # and the check can fail, at any step
    assert missing_step(window, ["Models", "Compare with", "Seed model"]) is not None
    assert missing_step(window, ["File", "Compare with the seed model", "Shipped model"]) is not None
    assert missing_step(window, ["Teach", "Forget examples"]) is not None


@pytest.mark.parametrize("batch", [None, 2])
@pytest.mark.parametrize("side", [(200, 200), (200, 150, 3), (280, 280, 4), (60, 45)])
def test_a_picture_fed_as_it_was_read_is_told_to_mnist(tmp_path, batch, side) -> None:
    """A newcomer who skips the README's `to_mnist` step feeds the stream the picture as `read_picture` or
    `np.asarray(Image.open(…))` gives it: "expected an image of shape (28, 28), got (200, 200)" said what was wrong
    but not what makes the 28×28 input (a 28×28 colour picture alone was told)."""
    picture = np.full(side, 255, np.uint8)
    Image.fromarray(picture).save(tmp_path / "seven.png")
    read = read_picture(tmp_path / "seven.png") / np.float32(255)
    model = rowreader.load_pretrained()
    stream = model.stream(batch=batch)
    pixels = read if batch is None else np.stack([read] * batch)
    with pytest.raises(ValueError, match=r"got \(.*\); a picture\? to_mnist\(picture\) makes the 28×28 input") as err:
        stream.feed_image(pixels)
    assert stream.rows_read == 0, err.value
