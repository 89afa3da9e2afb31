"""The tests' own leftovers (area leftovers12): the mutants mutants20 (sixty-third round) left alive, each killed here
where a user could see it (seen failing on the mutant named beside it, passing on the code)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from gui_window import painted_texts, shown, until, window_without_model
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.example_transfer import cut_short_noted
from gui.screen_room import plain_box
from gui.teach_process import TeachProcess
from gui.timeline import BeliefTimeline
from rowreader.cli import build_parser
from rowreader.example_folder import CASED_SIDECAR, sidecar_problem
from rowreader.model import ReaderConfig
from rowreader.output import name_said
from rowreader.session import DigitSession
from rowreader.stream import RowStream


def test_a_name_as_long_as_the_longest_path_is_said_whole() -> None:
    """A name of 4,095 characters is one a system takes: said whole; one longer is said by its ends and length
    (mutants: `<` for `<=`, shortening a name Linux takes; the limit raised tenfold, a line of 40 kB said whole).
    4,096 until cli22: Linux's PATH_MAX counts the NUL."""
    assert name_said("a" * 4095) == "a" * 4095
    assert name_said("a" * 4096) == f"{'a' * 60}…{'a' * 20} (4,096 characters)"


def test_the_largest_batch_said_to_fit_is_taken() -> None:
    """Told to "read the images in batches of N or fewer", a stream of N is made, N + 1 refused (mutant: N said one
    too many, a batch of it refused as too large; review59's test took N + 1 as N's bound alone). A reader of one unit
    (a batch of 976,128, 0.15 GB of its buffers touched) for the shipped one's 1 GB."""
    config = ReaderConfig(hidden_size=1, layers=1)
    weights = {name: np.zeros(shape, np.float32) for name, shape in config.weight_shapes().items()}
    with pytest.raises(ValueError) as refused:
        RowStream(config, weights, batch=2**40)
    most = int(str(refused.value).rsplit("batches of ", 1)[1].split()[0].replace(",", ""))
    assert RowStream(config, weights, batch=most).batch == most
    with pytest.raises(ValueError, match=f"a stream of batch {most + 1} for this model needs"):
        RowStream(config, weights, batch=most + 1)


def test_a_chart_with_a_line_of_room_below_100_prints_0_but_not_50(qtbot, monkeypatch) -> None:
    """A chart whose plot spans between one and two lines prints 0% (a line from 100%) but not 50% (half a line
    from each; mutant: half a line taken as room, 50% printed overlapping 100% and 0% by half its height)."""
    chart = BeliefTimeline(DigitSession())
    line = chart.fontMetrics().height()
    for height in range(40, 200):
        chart.setFixedSize(560, height)
        plot = chart.plot_rect()
        if line <= chart.y_of(0.0, plot) - chart.y_of(1.0, plot) < 2 * line - 1:
            break
    shown(qtbot, chart)
    assert [text for text in painted_texts(monkeypatch, chart) if text.endswith("%")] == ["0%", "100%"], height


@pytest.mark.parametrize(("title", "wider_than_screen"), [("W" * 300, True), ("Probe", False)])
def test_a_title_wider_than_the_screen_widens_its_box_to_three_quarters_of_it(qtbot, title, wider_than_screen) -> None:
    """A box's room for its title stops at 3/4 of the screen: a title of a long name made a box no narrower than
    the title itself, past the screen's edge (mutants: the cap dropped, or the whole screen's width); a short title
    is given its own width (a control)."""
    window = QWidget()
    qtbot.addWidget(window)
    box = plain_box(QMessageBox.Icon.Information, title, "Two short\nlines.", window)
    qtbot.addWidget(box)
    box.show()
    margins = box.layout().contentsMargins()
    least = box.layout().minimumSize().width() - margins.left() - margins.right()
    screen = box.screen().availableGeometry().width()
    assert (least == screen * 3 // 4) == wider_than_screen, (least, screen)


# leftovers10's untested survivors of mutants17 and mutants18


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["Json", "JSON"], "Json is no command word: did you mean the flag --json?"),
        (["—json", "Json"], "did you mean --json? (it begins — (em dash), not two hyphens --)"),
    ],
)
def test_of_two_words_meaning_one_flag_the_first_is_named(words: list[str], said: str, capsys) -> None:
    """`evaluate Json JSON` and `evaluate —json Json`: one hint for --json, the first word's, as a value stuck to a
    flag is told (mutants20's); mutant17's `flag not in hints` dropped named the later bare word over it."""
    with pytest.raises(SystemExit):
        build_parser().commands["evaluate"].parse_args(words)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.endswith(f"unrecognized arguments: {' '.join(words)}; {said}"), line


def test_a_cased_sidecar_beside_a_broken_a_json_link_is_told_to_move_the_link_away(tmp_path: Path) -> None:
    """3/a.Json beside a.json, a link to nothing: renaming a.Json to a.json replaces the link, so the link is named
    as there to be moved away first, as any a.json is (mutant18's `exists` for `lexists`: a link to nothing taken for
    no file, "rename it a.json" alone)."""
    folder = tmp_path / "3"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"")
    (folder / "a.Json").write_text("{}")
    (folder / "a.json").symlink_to("gone.json")
    said = sidecar_problem(folder / "a.Json", [folder / "a.png"])
    assert said == f"{CASED_SIDECAR} a.json, after moving away the a.json already there", said


# a child that takes a second to stop once told to (SIGTERM), as a fine-tune does, then says it is at step 3 of 40
_STOPPING_CHILD = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, lambda *_: (time.sleep(1), sys.exit(1)))\n"
    'print(\'{"event": "progress", "step": 3, "steps": 40}\', flush=True)\n'
    "time.sleep(60)\n"
)


@pytest.mark.parametrize("stopped", [True, False])
def test_a_teach_stopped_mid_steps_then_the_window_closed_is_not_noted_cut_short(
    qtbot, tmp_path: Path, stopped: bool
) -> None:
    """Esc at step 3 of 40, then Ctrl+Q while the fine-tune still stops: the user stopped it, not the close, so no
    "cut short" is noted (mutant18's close without `not process.cancelled` noted it "at step 3 of 40"). teach15's
    test Escs as the fine-tune starts, mostly before it handles SIGTERM: it ended at once, the close found it gone,
    and the mutant lived 2 runs of 3. Not stopped, the close cuts it short and notes it (a control)."""
    user = tmp_path / "user"
    window = window_without_model(qtbot, tmp_path, user_dir=user)
    # the teaching's child, as the app makes it (not one the window's reference cycle keeps alive: soak1)
    process = TeachProcess(
        tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors", parent=window.teaching
    )
    process.process.start(sys.executable, ["-c", _STOPPING_CHILD])
    assert process.process.waitForStarted(10_000)
    until(qtbot, lambda: process.run.step == 3, seconds=20)  # its line read: it stops as a fine-tune does now
    window.teaching.process = process
    if stopped:
        process.cancel()  # as Esc and Cancel do
        assert process.running and process.cancelled
    window.close()
    assert not process.running
    noted = cut_short_noted(user, "teach")
    assert (noted is None) == stopped, noted
