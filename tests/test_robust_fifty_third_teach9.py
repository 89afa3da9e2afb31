"""The fifty-third round of hostile testing, teach9: teaching as a demanding user meets it (the teach dialog's
warnings placed, a keep stuck past the window's close, taught records, odd examples folders); each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window, teach_over_the_drawing
from PySide6.QtCore import QSize
from test_robust_forty_second_scale import held_at

import gui.main_window as main_window
import gui.screen_room
import gui.teach
from gui.demo import draw_digit
from gui.example_transfer import cut_short_noted
from rowreader.example_folder import NOT_A_DIGITS_FOLDER, load_examples
from rowreader.skipped_files import skipped_kinds

LONE = "only one drawing of {}: the held-out estimate says little of how it reads your next ones"


def test_the_teach_dialogs_warnings_are_placed_measuring_the_window_once(qtbot, tmp_path, monkeypatch):
    """teach8 saw the window stand still 0.6–1.35 s (load 10–11) as a teach's warnings first showed: the dialog tried
    each width from its own to the screen's for a place clear of the drawing, the bars and the chart, and at each it
    walked the window's widgets anew for where its views lie (they do not move meanwhile), and weighed each place
    twice (once with the chart as it is, once giving way, the same height where nothing gives way). Offscreen, the
    window larger than the screen, none is clear: 65 walks and 65 placements for 33 widths. It walks them once
    and weighs each size once."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    dialog, process = teach_over_the_drawing(qtbot, window, tmp_path)
    walks, weighed = [], []
    views_in_order, grown_place = gui.screen_room.views_in_order, gui.teach.grown_place
    for module in (gui.screen_room, gui.teach):
        monkeypatch.setattr(module, "views_in_order", lambda w: walks.append(w) or views_in_order(w))
    # each size weighed where it would lie (teach19: counted at best_place, which a grown dialog kept in place, its
    # buttons under the pointer, no longer calls)
    monkeypatch.setattr(
        gui.teach, "grown_place", lambda d, size, *rest: weighed.append(QSize(size)) or grown_place(d, size, *rest)
    )
    process._apply({"event": "start", "examples": 8, "warnings": [LONE.format(digit) for digit in range(8)]})
    assert not dialog.warnings_area.isHidden()
    assert len(weighed) > 10  # the search ran far: none clear offscreen
    assert len(walks) == 1, len(walks)
    assert len(weighed) == len({(size.width(), size.height()) for size in weighed}), len(weighed)
    dialog.close()


def test_a_keep_stuck_past_the_close_is_noted_and_said_at_the_next_start(qtbot, tmp_path, monkeypatch):
    """A drawing kept (Ctrl+K) as the window closed, its write stuck past the close's wait (a hung home folder on a
    network mount): the app ends without it, the drawing gone with the window, and nothing said it, on stderr or at
    the next start, where the close says an import or export so cut short. Now it is noted as they are, and the next
    start says it: which digit, that it may not be kept, and how to keep it again."""
    monkeypatch.setattr(main_window, "CLOSE_WAIT_MS", 200)
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    reached, release = held_at(monkeypatch, 2)
    draw_digit(window.canvas, "1")
    window.teaching.keep(1)  # written within its time: nothing to note
    qtbot.waitUntil(lambda: len(window.teaching.panel.found) == 1, timeout=10_000)
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    window.close()
    release.set()
    assert window.tasks.wait(10_000)
    noted = cut_short_noted(user, "keep")
    assert noted is not None and len(noted) == 1, noted
    assert "the keep of a drawing of 7 was cut short as the window closed" in noted[0], noted

    again = open_shipped_window(qtbot, tmp_path / "again", user_dir=user)  # the next start
    qtbot.waitUntil(lambda: again.statusBar().currentMessage().startswith("Last time"), timeout=10_000)
    said = again.statusBar().currentMessage()
    assert said == "Last time, the window's close cut short a keep of a 7: draw it again and keep it (Ctrl+K)", said
    assert f"Last time, {noted[0].split(': ', 1)[1]}" == again.statusBar().toolTip()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (" 3", "' 3' is not 3 (a space around it): rename it 3 to read its pictures"),
        ("3 ", "'3 ' is not 3 (a space around it): rename it 3 to read its pictures"),
        ("03", "'03' is not 3 (a 0 before it): rename it 3 to read its pictures"),
        ("\u0663", "'\u0663' is not 3 (Arabic-Indic Digit Three): rename it 3 to read its pictures"),
        (
            "\uff10\uff17",
            "'\uff10\uff17' is not 7 (a 0 before it, Fullwidth Digit Seven): rename it 7 to read its pictures",
        ),
    ],
)
def test_a_class_folder_named_like_a_digit_says_what_differs(tmp_path, name, why):
    """A class folder named " 3" (a space pasted in), "03" (a sort's habit) or "\u0663" (the Arabic-Indic 3) beside
    the others was "DIR/ 3: a folder not named by a digit (0 to 9), so none of its pictures is read": the space
    unseen, and to a person who writes 3 as \u0663 it is a digit. It says what differs, and the name to give it; it is
    still counted among the folders not named 0–9."""
    (tmp_path / "1").mkdir()
    (tmp_path / name).mkdir()
    problems = load_examples(tmp_path).problems
    assert problems == [f"{tmp_path / name}: {NOT_A_DIGITS_FOLDER}; {why}"], problems
    assert skipped_kinds(problems) == "1 folder not named 0–9"
