"""The fifty-fourth round, kill7: the app stopped at the worst moment (SIGKILL between two renames that go together,
a file replaced behind its back as it teaches); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Saves a 1 as the drawing named first (settings in the file named second), then a 7 to the same name, killed outright
# (SIGKILL: the system out of memory, a second stop signal while the window closes) the instant the 7's drawing is
# renamed into place, before its 28×28 input is. Prints the 1's input, as saved, in hex.
KILLED_BETWEEN_THE_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QSettings
    from gui.app import create_app
    from gui.main_window import MainWindow
    app = create_app()
    window = MainWindow(settings=QSettings(sys.argv[2], QSettings.Format.IniFormat), load_model=False)
    window.canvas.draw_stroke([(140, 40), (140, 240)])  # a 1
    _, small = window.saving.save_drawing(sys.argv[1])
    print(small.read_bytes().hex(), flush=True)
    window.canvas.clear()
    window.canvas.draw_stroke([(60, 40), (220, 40), (120, 240)])  # a 7
    rename = os.replace
    def killed(source, target):
        rename(source, target)
        if os.path.basename(target) == os.path.basename(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = killed
    window.saving.save_drawing(sys.argv[1])
    """
)


def test_a_save_killed_between_its_two_renames_leaves_no_drawing_beside_another_drawings_input(tmp_path: Path) -> None:
    """Ctrl+S writes NAME.png and NAME-28x28.png in full, then renames them into place one after the other, and the
    app's docs said a killed save "leaves the last pair as it was, never one drawing beside another's input". Killed
    between the two renames (here as the 7's drawing is renamed; in the app a second stop as the window closes, or
    the system out of memory), digit.png was the new 7 and digit-28x28.png still the 1's input, a pair of two
    drawings that nothing told apart. The last drawing's input now goes once both are written, before the renames:
    a stop anywhere leaves the last pair, a drawing without its input, or the new pair."""
    drawing = tmp_path / "digit.png"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BETWEEN_THE_RENAMES, str(drawing), str(tmp_path / "settings.ini")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    first_input = bytes.fromhex(killed.stdout.split()[0])
    small = tmp_path / "digit-28x28.png"
    assert drawing.is_file()
    assert not small.exists() or small.read_bytes() != first_input, "the 7 beside the 1's input"
