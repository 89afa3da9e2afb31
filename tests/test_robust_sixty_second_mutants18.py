"""The sixty-second round, mutants18: mutation testing by hand of the round's new code (window19's start boxes and
widths, teach18's Ctrl+T, cli17's and review53's words). Each test here was seen failing on a mutant the round's tests
let live, and passing on the code."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from gui_window import exposed, finished_teach_on, keep_examples, open_shipped_window, until
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QExposeEvent, QRegion
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.screen_room import open_once_placed, plain_box, screen_room
from gui.teach_command import TeachCommand
from gui.teach_process import TeachProcess
from rowreader.example_folder import CASED_SIDECAR, UNOWNED_SIDECAR, sidecar_problem
from training.config import PRESETS
from training.files import OutputError, check_outputs, state_path
from training.finetune import forgot_line
from training.merge import merge_parser


def test_a_box_over_a_window_shown_then_hidden_opens_at_once(qtbot) -> None:
    """A window hidden again (its handle there, not exposed) is not one the window manager is about to place: its box
    opens at once, as a never-shown window's does, and does not wait for a show that may never come."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    exposed(qtbot, window)
    window.hide()
    qtbot.waitUntil(lambda: not window.windowHandle().isExposed(), timeout=5000)
    box = plain_box(QMessageBox.Icon.Information, "Now", "At once.", window)
    open_once_placed(box, window)
    assert box.isVisible()
    box.close()


def _start_box_on(qtbot, window: QWidget) -> QMessageBox:
    """A start's box asked to open on ``window``, just shown at a place of its own: it waits for the window's expose."""
    qtbot.addWidget(window)
    window.setGeometry(500, 300, 640, 570)
    window.show()
    box = plain_box(QMessageBox.Icon.Information, "Said at the start", "A teach did not finish.", window)
    open_once_placed(box, window)
    return box


def test_a_box_waiting_for_its_window_is_not_opened_by_an_expose_that_leaves_it_unexposed(qtbot) -> None:
    """Qt sends an expose event of nothing where a window goes out of sight (xcb, as it is unmapped): the box waits on
    for the window to be on the screen, not opened by that event where the window manager has placed nothing yet."""
    window = QWidget()
    box = _start_box_on(qtbot, window)
    handle = window.windowHandle()
    assert not handle.isExposed()
    QCoreApplication.sendEvent(handle, QExposeEvent(QRegion()))
    QCoreApplication.sendPostedEvents(box)  # its open, were it asked for: one tick later
    assert not box.isVisible()
    qtbot.waitUntil(box.isVisible, timeout=5000)  # then opened once the window is on the screen
    assert window.frameGeometry().contains(box.frameGeometry().center())
    box.close()


class _Painted(QWidget):
    """A window that counts its paints."""

    painted = 0

    def paintEvent(self, event) -> None:
        self.painted += 1


def test_a_box_waiting_for_its_window_leaves_the_window_its_expose(qtbot) -> None:
    """The box's watch on the window's first expose only looks at it: taken (the filter answering True), the window
    is never told it is on the screen and stays unpainted, a blank frame behind the box."""
    window = _Painted()
    box = _start_box_on(qtbot, window)
    qtbot.waitUntil(box.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: window.painted > 0, timeout=2000)
    box.close()


def test_a_teach_that_lost_much_at_a_fine_tunes_own_lr_is_not_told_to_lower_it() -> None:
    """--lr is named, to be lowered, only where it was above a fine-tune's own: at the preset's there is none lower to
    give, and the words would send the user to lower a rate they never raised."""
    lost = {"digits": 2000, "before": 0.99, "after": 0.5}
    usual = PRESETS["finetune"]["lr"]
    at_usual = forgot_line(lost, usual, "base.safetensors")
    assert at_usual is not None and "--lr" not in at_usual, at_usual
    above = forgot_line(lost, usual * 10, "base.safetensors")
    assert above is not None and f"a lower --lr (this one {usual * 10:g}; a fine-tune's is {usual:g})" in above


@pytest.mark.parametrize("free", [300, 328])
def test_the_finished_teach_dialogs_buttons_row_is_tried_only_where_the_screen_holds_it(
    qtbot, tmp_path, monkeypatch, free
) -> None:
    """The buttons' row (312 px here) is among the widths tried up to the screen's room and no further: 300 px free
    (284 of room), tried beyond it, the dialog went 312 px wide, off the screen; 328 free, a room of exactly the row,
    left out, it kept its buttons one under the other at 284. There the dialog lies 44 px from the screen's left edge,
    room to widen leftwards to the row (teach24: at the edge the chart goes rather than the dialog widen rightwards)."""
    at = (44, 0) if free == 328 else None
    dialog, _ = finished_teach_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, free, 345), 268, at)
    room = screen_room(dialog).width()
    assert dialog.width() <= room, (dialog.width(), room)
    if free == 328:  # the row's own width, the screen's room: its buttons in a row
        assert dialog.width() == room == 312 and dialog.buttons.orientation() == Qt.Orientation.Horizontal


def _merge_refused(words: list[str], capsys) -> str:
    """The last line `training.merge WORDS` is refused with."""
    with pytest.raises(SystemExit):
        merge_parser().parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("-h", "-- ends the options, so -h after it is read as a name: drop the --"),  # a short flag typed whole
        ("-H", None),  # one dash, askew: another word (own_flag's docstring), not --help
        ("--for", None),  # a link to nothing named so: a name, as a file of that name is
        (
            "--out=m.safetensors",
            "-- ends the options, so --out after it is read as a name: drop the --",
        ),  # no "did you"
    ],
)
def test_which_words_after_dashes_are_a_flag_of_the_command(word, hint, tmp_path: Path, capsys, monkeypatch) -> None:
    """`merge -- WORD a`: the -- hint for a short flag typed whole, none for a one-dash word askew nor for a dangling
    link named like a flag (it is a name there, as a file is: lexists, not exists)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--for").symlink_to(tmp_path / "gone")
    said = _merge_refused(["--", word, "a"], capsys)
    assert said.endswith(f"required: --out; {hint}" if hint else "required: --out"), said


@pytest.mark.parametrize("there", ["link", "broken"])
def test_a_cased_sidecar_beside_an_a_json_link_is_told_what_renaming_it_does(there: str, tmp_path: Path) -> None:
    """3/a.Json beside 3/a.json: a link to a.Json itself (the one file, named two ways, as on a case-blind disk) is
    not "already there" to be moved away, renaming loses nothing; a link to nothing is told and asked without raising
    (a look at where it leads, `samefile`, raised FileNotFoundError)."""
    folder = tmp_path / "3"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"")
    (folder / "a.Json").write_text("{}")
    (folder / "a.json").symlink_to("a.Json" if there == "link" else "gone.json")
    said = sidecar_problem(folder / "a.Json", [folder / "a.png"])
    if there == "link":
        assert said == f"{CASED_SIDECAR} a.json", said
    else:
        assert said is not None and said.startswith(f"{CASED_SIDECAR} a.json"), said


def test_strokes_beside_pictures_none_of_them_its_png_name_them_in_order(tmp_path: Path) -> None:
    """The pictures beside a.json, none a.png, are named in the order of their names whatever order they were met
    in (a folder's listing has none), so one folder says the same each time."""
    folder = tmp_path / "3"
    folder.mkdir()
    pictures = [folder / name for name in ("a.jpg", "a.PNG")]
    for picture in (*pictures, folder / "a.json"):
        picture.write_bytes(b"")
    said = sidecar_problem(folder / "a.json", pictures)
    assert said == f"{UNOWNED_SIDECAR} (a.PNG, a.jpg); rename the one it belongs to a.png", said


@pytest.mark.parametrize("through", ["out", "folder"])
def test_one_output_named_through_a_link_is_said_to_go_through_it(through: str, tmp_path: Path, monkeypatch) -> None:
    """`--out out.safetensors` (a link to r.csv) beside `--metrics r.csv`: the link met first is still said, whichever
    of the two names goes through it; so is a link among the folders on its way (`--metrics here/r.csv`, here → .)."""
    monkeypatch.chdir(tmp_path)
    out, metrics = Path("out.safetensors"), Path("r.csv")
    if through == "out":
        out.symlink_to("r.csv")
    else:
        Path("here").symlink_to(".")
        out, metrics = Path("r.safetensors"), Path("here/r.safetensors")
    with pytest.raises(OutputError, match=r", through a link\); give them different names"):
        check_outputs(out, state_path(out), metrics, force=False)


def test_esc_as_the_model_is_checked_after_the_examples_are_read_starts_nothing(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """Ctrl+T reads the examples, then checks the model's file in the background: Esc in that second moment ("Teaching
    stopped before it began") is kept to when the check ends, nothing started, as Esc during the reading is."""
    started: list[TeachProcess] = []
    monkeypatch.setattr(TeachProcess, "start", lambda process: started.append(process))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=2)
    checking, release, unusable = threading.Event(), threading.Event(), TeachCommand._base_unusable

    def held(base: Path, in_use=None) -> str | None:  # the background check, held until Esc is pressed
        if threading.get_ident() != threading.main_thread().ident:
            checking.set()
            release.wait(20)
        return unusable(base, in_use)

    monkeypatch.setattr(TeachCommand, "_base_unusable", staticmethod(held))
    try:
        teaching.teach()  # Ctrl+T
        until(qtbot, checking.is_set, seconds=20)
        assert teaching.stop_preparing()  # Esc
    finally:
        release.set()
    until(qtbot, lambda: not window.tasks.busy, seconds=20)
    qtbot.wait(50)
    assert teaching.process is None and not started
    assert window.statusBar().currentMessage().startswith("Teaching stopped before it began")
