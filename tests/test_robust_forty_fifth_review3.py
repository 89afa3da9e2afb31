"""The forty-fifth round of hostile testing, review3: a hostile review of what this round merged last (the command's
name as typed, the model file's check, the locked cut-short notes, the status words, the charts' keyboard cursor);
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
import zipapp
from pathlib import Path

import numpy as np
import pytest
from gui_window import keyed, lone_dock, shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.example_transfer import (
    CUT_SHORT_FILES,
    cut_short_noted,
    cut_short_words,
    forget_cut_short,
    note_cut_short,
)
from gui.state_heatmap import DESCRIPTION, StateHeatmap
from gui.timeline import BeliefTimeline
from rowreader import ReaderConfig, RowReader, __version__
from rowreader.checkpoint import Checkpoint, load_pretrained, refused_model_file
from rowreader.example_store import ExampleStore
from rowreader.readable import readable
from rowreader.session import DigitSession

REPO = Path(__file__).resolve().parent.parent


def _python(*words: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python WORDS…`` as a user types it, the repository on PYTHONPATH."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, env=env, cwd=cwd, input=stdin, timeout=60
    )


@pytest.mark.parametrize(("typed", "named"), [("app", "app"), ("app/", "app"), ("app.pyz", "app.pyz"), (".", "app")])
def test_a_folder_or_zipapp_run_by_python_is_named_as_typed(tmp_path, typed, named):
    """`python app.pyz --version` (a zipapp, or a folder, whose ``__main__.py`` starts a command through
    ``run_main``) said "python -m __main__ 0.1.0", and its refusals and stop lines "python -m __main__: …": Python
    gives such a ``__main__`` a spec named ``__main__``, taken for a module run with -m. It is named by the file or
    folder typed, as a script is (``python .`` by the folder's name)."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "__main__.py").write_text(
        "import sys\nfrom rowreader.launch import run_main\nsys.exit(run_main('training.merge'))\n"
    )
    zipapp.create_archive(app, tmp_path / "app.pyz")
    done = _python(typed, "--version", cwd=app if typed == "." else tmp_path)
    assert done.returncode == 0 and done.stdout == f"{named} {__version__}\n", done.stdout + done.stderr


def test_a_command_read_from_stdin_is_named_python(tmp_path):
    """`python - --version` with the script on stdin was named "-" ("- 0.1.0", "-: error: …"), the dash Python puts
    in argv[0], as ``-c`` would have been but for its own case; it is "python", as ``python -c`` is."""
    script = "import sys\nfrom rowreader.launch import run_main\nsys.exit(run_main('training.merge'))\n"
    done = _python("-", "--version", cwd=tmp_path, stdin=script)
    assert done.returncode == 0 and done.stdout == f"python {__version__}\n", done.stdout + done.stderr


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_the_maps_cursor_stays_on_the_maps_when_another_model_is_chosen(qtbot, kind):
    """The maps' keyboard cursor on the shipped model's last cell-map unit (End on the cell map), then a model of 16
    units chosen in the Models menu (the keys still on the maps): the maps' refresh read unit 495 of 16, an
    IndexError out of the session's change, so the model's switch failed and the maps kept the old model's picture
    (a GRU's, with no cell map, alike). The cursor stays on the new maps, on their last unit, and reads out there."""
    import torch

    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(10)
    maps = keyed(qtbot, StateHeatmap(session), (900, 200))
    for key in (Qt.Key.Key_Down, Qt.Key.Key_End, Qt.Key.Key_Right, Qt.Key.Key_End):
        QTest.keyClick(maps, key)
    assert maps.key_cell is not None and maps.key_cell[0] == 2 * maps.hidden.shape[1] - 1
    reader = RowReader(ReaderConfig(hidden_size=16, cell=kind)).initialise(torch.Generator().manual_seed(0))
    session.set_checkpoint(Checkpoint.from_reader(reader.eval(), {}))
    last = maps.hidden.shape[1] + maps.cell.shape[1] - 1
    assert maps.key_cell == (last, 10), maps.key_cell
    assert maps.hover is not None and maps.hover[0] == ("tanh(c)" if kind == "lstm" else "h")
    assert maps.readout().startswith(maps.hover[0]), maps.readout()


def test_a_drawing_cleared_under_the_keyboard_cursor_takes_the_cursor_with_it(qtbot):
    """The maps' cursor shown (Right, Down) and the drawing cleared (Clear, with the keys still on the maps): the
    empty maps went on saying "row 11: not read yet; Enter reads to it", to a screen reader too, and neither Enter nor
    Escape did anything there (nothing to read). The chart's cursor, cleared so, was hidden but kept, and came back
    at its old row on the next drawing, unasked. Each cursor now goes with the reading, as it goes with the keys."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(10)
    maps = keyed(qtbot, StateHeatmap(session), (700, 240))
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
        QTest.keyClick(maps, key)
    assert maps.key_cell == (-1, 11) and maps.readout()
    session.clear()
    assert maps.key_cell is None and maps.hover is None and maps.readout() == "", maps.readout()
    assert maps.accessibleDescription() == DESCRIPTION
    session.set_image(_one())
    chart = keyed(qtbot, BeliefTimeline(session), (560, 300))
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.key_row is not None and chart.readout()
    session.clear()
    session.set_image(_one())
    session.seek(10)
    assert chart.key_row is None and chart.readout() == "", chart.readout()
    assert not chart.accessibleDescription().startswith("row 1"), chart.accessibleDescription()


@pytest.mark.parametrize("thing", ["folder", "link", "bytes"])
def test_a_note_is_kept_and_forgotten_with_something_else_at_its_lock_name(tmp_path, thing):
    """Something not a lock at ``import-cut-short.txt.lock`` (a folder, a link, a file with bytes in it): the next
    start said the note of an import cut short, then could not take the lock to forget it, quietly, and said it again
    at every start after, for good; a close's note was not written at all. The note is read and written without the
    lock there (it only keeps two windows' writes apart), and what is at the lock's name is left as it is."""
    note = tmp_path / CUT_SHORT_FILES["import"]
    lock = tmp_path / (note.name + ".lock")
    if thing == "folder":
        lock.mkdir()
    elif thing == "link":
        lock.symlink_to(tmp_path / "elsewhere")
    else:
        lock.write_bytes(b"mine")
    words = cut_short_words("import", 205, tmp_path / "big")
    note.write_text(words)  # a close's, before the lock's name was taken
    forget_cut_short(tmp_path, "import", [words])  # said at the start
    assert not note.exists()
    note_cut_short(tmp_path, "import", words)
    assert cut_short_noted(tmp_path, "import") == [words]
    assert os.path.lexists(lock) and (thing != "bytes" or lock.read_bytes() == b"mine")


@pytest.mark.parametrize("odd", ["scan\x1b[31m.png", "scan\udcff.png"])
def test_an_example_brought_back_under_a_new_name_is_named_readably(qtbot, tmp_path, odd):
    """An example named with a control character (``scan<ESC>[31m.png``) or a byte that is not UTF-8, deleted, its
    name then taken by another picture, and Ctrl+Z: the bar said "Brought back the example of 1 as 0001.png: its own
    name, scan<ESC>[31m.png, names another file now", the escape raw (Qt dropped the byte that is not UTF-8: another
    name), where the Delete's own words, a keep's and a move's name it readably. Both names are now so."""
    store = ExampleStore(tmp_path / "examples")
    picture = np.full((28, 28), 255, np.uint8)
    picture[4:24, 12:16] = 0
    first = store.add(1, picture)
    path = first.path.with_name(odd)
    first.path.rename(path)
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    said: list[str] = []
    dock.said.connect(said.append)
    (example,) = [e for e in store.load().examples if e.label == 1]
    dock.delete(example)
    assert said == [f"Deleted the example of 1 ({readable(odd)}): Ctrl+Z brings it back"], said
    path.write_bytes(b"another")  # another file takes the name meanwhile
    dock.undo_stack.undo()
    assert len(said) == 2 and f", {readable(odd)}, names another file now" in said[1], said
    assert all(ch.isprintable() for ch in said[1]) and "\udcff" not in said[1], said


@pytest.mark.parametrize(
    ("words", "stdin"),
    [
        (["-c", "from bench_fit import main; main(['--version'])"], None),
        (["-"], "from bench_fit import main; main(['--version'])"),
        (["-c", "import sys; sys.argv[0] = ''; from bench_fit import main; main(['--version'])"], None),
    ],
)
def test_a_command_whose_main_is_called_from_python_c_is_never_named_dash_c(tmp_path, words, stdin):
    """A command's ``main`` called outside ``run_main`` (`python -c "from bench_fit import main; main()"`, a script
    on stdin, argv[0] emptied) named itself from argv[0] as it was: "-c 0.1.0", "-c: error: unrecognized arguments",
    "- 0.1.0", " 0.1.0" (bench_fit, bench_stream, bench_fidelity and bench_startup give no name of their own). It is
    "python", as a command run so under ``run_main`` is named (``typed_command``)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(REPO), str(REPO / "bench")))}
    done = subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, env=env, cwd=tmp_path, input=stdin, timeout=60
    )
    assert done.returncode == 0 and done.stdout == f"python {__version__}\n", done.stdout + done.stderr


def test_a_script_whose_name_holds_an_escape_sequence_names_itself_escaped(tmp_path):
    """A script named ``a<ESC>]0;pwned<BEL>.py`` that starts a command (a zipapp or a copy saved under that name) put
    its name raw in its --version, usage and refusal lines, and the terminal obeyed it (a new window title), where
    every file name the commands print is escaped (``rowreader.output.one_line``). Its name is escaped too."""
    script = tmp_path / "a\x1b]0;pwned\x07.py"
    script.write_text("import sys\nfrom rowreader.launch import run_main\nsys.exit(run_main('training.merge'))\n")
    version = _python(script.name, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout == f"a\\x1b]0;pwned\\x07.py {__version__}\n", version.stdout
    refused = _python(script.name, "--bogus", cwd=tmp_path)
    assert refused.returncode == 2 and "\x1b" not in refused.stderr and "\x07" not in refused.stderr, refused.stderr
    assert "a\\x1b]0;pwned\\x07.py: error: " in refused.stderr, refused.stderr


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(high=st.integers(0, 2**56 - 1), held=st.integers(0, 7))
def test_a_model_file_cut_short_is_said_in_bytes_both_ways(tmp_path, high, held):
    """A model file whose header runs past its end was refused as "its first 8 bytes say a header of 16 bytes
    follows, and the whole file holds 15": 15 what, where the header's length had its unit. Both are in bytes."""
    claimed = 0x10 + (high << 8)  # a first byte no other kind of file starts with: told by its length alone
    path = tmp_path / "m.safetensors"
    path.write_bytes(claimed.to_bytes(8, "little") + b"{" * held)
    why = refused_model_file("--checkpoint", path)
    assert why is not None and why.endswith(
        f"a header of {claimed:,} bytes follows, and the whole file holds {8 + held:,} bytes"
    ), why
