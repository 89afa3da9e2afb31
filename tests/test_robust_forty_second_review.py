"""The forty-second round of hostile testing, review: a hostile reading of what the fortieth and forty-first rounds
changed (the chart's peak names, My examples' thumbnails and keys, export and import temporaries, the comparisons of
recorded files and recipes), then those changes tried as a user; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import shlex

import pytest
import torch
from gui_window import lone_dock
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader import load_checkpoint, save_checkpoint
from rowreader.checkpoint import pretrained_path
from training.fit import main as fit_main
from training.state import check_generator_device


def _suggested_start(err: str) -> list[str]:
    """The words of the ``--start-from … --out`` a refusal suggests, as a shell splits them."""
    start = err.index("(--start-from ") + 1
    return shlex.split(err[start : err.index(" and another --out", start)])


@pytest.mark.parametrize("name", ["my run/t3.safetensors", "it's/t3.safetensors"])
def test_going_on_from_the_weights_alone_names_a_path_a_shell_reads_back(tmp_path, capsys, name):
    """A checkpoint copied without its state (epoch 27 of the GPU machine's run), and a GPU's state resumed on the
    CPU, are told to "go on from its weights alone in a new run (--start-from OUT and another --out …)": OUT was
    written bare, so `runs/my run/t3.safetensors` pasted into a shell was two words, "--start-from runs/my" and a
    stray argument. Both refusals say it in one sentence now, the path quoted as a shell reads it back."""
    out = tmp_path / name
    out.parent.mkdir()
    save_checkpoint(out, load_checkpoint(pretrained_path()), {"epochs_trained": 27})
    capsys.readouterr()
    assert fit_main(["--device", "cpu", "--threads", "1", "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert _suggested_start(err) == ["--start-from", str(out)], err
    cuda_state = torch.zeros(16, dtype=torch.uint8)
    with pytest.raises(ValueError) as refused:
        check_generator_device(cuda_state, torch.device("cpu"), out)
    assert _suggested_start(str(refused.value)) == ["--start-from", str(out)], refused.value


def test_a_named_pipe_given_for_a_recorded_file_is_refused_not_waited_on(tmp_path):
    """`--resume --distill-from fifo` (a teacher's path the shell took for another file, or `<(…)`'s pipe), and
    `training.ship --runs R` whose stage checkpoint is a pipe, compared the file with the run's record by hashing it
    first: the open of a named pipe waits for a writer, and `training.fit --resume` hung before a word, until
    killed (20 s, `timeout`). A path that names no regular file is said so at once, as every other read of ours
    does."""
    import os
    import threading

    from rowreader.paths import NotARegularFileError
    from training.files import are_the_recorded_files

    fifo = tmp_path / "t1.safetensors"
    os.mkfifo(fifo)
    outcome: list[BaseException | bool] = []

    def compare() -> None:
        try:
            outcome.append(are_the_recorded_files([fifo], [{"sha256": "0" * 64}]))
        except BaseException as err:  # the outcome itself is what is asserted
            outcome.append(err)

    comparing = threading.Thread(target=compare, daemon=True)
    comparing.start()
    comparing.join(2)
    if comparing.is_alive():  # waiting on the pipe: a writer's open lets it go, for the test to end
        os.close(os.open(fifo, os.O_WRONLY))
        comparing.join(2)
    assert outcome and isinstance(outcome[0], NotARegularFileError), outcome
    assert "named pipe" in str(outcome[0]), outcome


@pytest.mark.parametrize("flag", ["--dry-run", "--runs", "--also"])
def test_a_flag_of_ships_own_it_gives_no_stage_is_not_said_to_be_given(flag, tmp_path, capsys):
    """`training.ship --also '--dry-run'` (or `--runs R`, or `--also` in `--also`) was refused as "a flag of ship's
    own, which it gives every stage": ship gives no stage these (training.fit has none of them). Said of the flags it
    does pass on alone; these are ship's own, and go to ship."""
    from training import ship

    with pytest.raises(SystemExit) as refused:
        ship.main(["--runs", str(tmp_path), "--dry-run", f"--also={flag} x"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert f"--also {flag}: a flag of ship's own" in err and "give it to ship, not in --also" in err, err
    assert "which it gives every stage" not in err, err


def test_undo_of_a_move_chooses_the_example_it_moves_back(qtbot, tmp_path):
    """The forty-first round made Ctrl+Z of a Delete choose the example it brings back; a move to another digit
    (Shift+F10 ▸ Move to digit) undone was left as a Delete had been: the second of four 4s moved to the 7s, then
    Ctrl+Z, the 4 came back to its row, but the choice stayed on the thumbnail after it, where the move had left it,
    and Delete there deleted that one, not the example just moved back. The undo chooses it, as the Delete's does."""
    import numpy as np
    from gui_window import shown
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    for shift in range(4):
        picture = np.full((28, 28), 255, np.uint8)
        picture[4:24, 8 + shift] = picture[14, 4:24] = 0
        store.add(4, picture)
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    dock.activateWindow()
    qtbot.waitUntil(dock.isActiveWindow)
    fours, sevens = dock.view.rows[4][1], dock.view.rows[7][1]
    fours.setFocus()
    qtbot.waitUntil(fours.hasFocus)
    fours.setCurrentRow(1)
    chosen = dock.view.selected()
    dock.relabel(chosen, 7)  # what the menu's Move to digit ▸ 7 asks
    assert fours.count() == 3 and sevens.count() == 1 and dock.view.selected() != chosen
    dock.undo_stack.undo()
    assert fours.count() == 4 and sevens.count() == 0
    assert dock.view.selected() is not None and dock.view.selected().path == chosen.path, dock.view.selected()
    QTest.keyClick(fours, Qt.Key.Key_Delete)  # what Delete deletes now: the example moved back
    assert all(e.path != chosen.path for e in dock.found.examples)
    assert fours.count() == 3


def _index_in(message: str) -> tuple:
    """The index a refusal names (``image[0, ..., 0]``), as Python takes it."""
    import re

    found = re.search(r"image\[([^\]]*)\]", message)
    assert found, message
    return tuple(Ellipsis if part == "..." else int(part) for part in found[1].split(", "))


@settings(max_examples=12, deadline=None)
@given(lead=st.integers(1, 4), tail=st.integers(0, 1))
def test_a_digit_in_a_batch_of_one_is_named_by_its_index_by_the_stream_and_the_session(lead, tail):
    """`x, y = next(iter(loader))` with a batch of one is [1, 1, 28, 28] (Keras's, [1, 28, 28, 1]): the fortieth
    round made to_mnist name the index that gives the digit (`image[0, 0]`), saying the stream and the session do
    too, but `stream.feed_image(x)` said "expected an image of shape (28, 28), got (1, 1, 28, 28)" alone, and
    `DigitSession.set_image(x)` "use set_drawing for others". Both name the index now, which reads."""
    import numpy as np

    from rowreader.session import DigitSession

    if lead + tail < 2:  # [1, 28, 28] is torchvision's one digit, named so already
        return
    checkpoint = load_checkpoint(pretrained_path())
    image = np.zeros((1,) * lead + (28, 28) + (1,) * tail, np.float32)
    image[(0,) * lead + (slice(8, 20), 14)] = 1.0
    for read in (checkpoint.stream().feed_image, DigitSession(checkpoint).set_image):
        with pytest.raises(ValueError) as refused:
            read(image)
        index = _index_in(str(refused.value))
        read(image[index])  # what it names reads
