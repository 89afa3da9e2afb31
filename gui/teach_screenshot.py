"""`python -m gui.teach_screenshot --examples DIR OUT_DIR`: teach the model in the real window and save pictures.

Copies DIR (an ImageFolder of examples) into a throwaway user folder, its pictures under their own names, runs
"Teach it my handwriting" with the real recipe, and saves ``teach-window.png`` (the window with the "My examples"
dock) and ``teach-chart.png`` (the teach dialog's chart and numbers) into OUT_DIR. Offscreen unless told otherwise;
this is how the README's pictures of teaching are made.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C or SIGTERM, while Qt loads or it teaches, is one line
    from rowreader.launch import run_main

    sys.exit(run_main("gui.teach_screenshot"))

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from gui.demo import DIGITS, draw_digit
from rowreader.launch import CommandParser, exit_statuses
from rowreader.output import quiet_broken_pipe
from rowreader.own_png import RUN_KEY, WINDOW_BEFORE, refuse_a_file_not_ours
from rowreader.paths import path_argument

PROG = "python -m gui.teach_screenshot"
PICTURES = ("teach-window.png", "teach-chart.png")  # what it writes into OUT_DIR
# what its pictures are (rowreader.own_png.KIND_KEY): one kind with gui.screenshot's, each replaced the other's
TAUGHT = "a picture of a teach, its window or chart"
# its --help's, as every other command's (it named none, the one command left so): what it is given is checked before
# the window opens (2); the copy, the model, the teach and the pictures are found wanting with the window open (1)
TEACH_SCREENSHOT_STATUSES = exit_statuses(
    "examples that cannot be copied, a model that cannot be read, a teach that does not start (too few examples), "
    "or a picture that cannot be written (a full disk): a line on stderr says which",
    1,
    " or an OUT_DIR, --examples, --home or model refused before the window opens (no such folder, a picture that is "
    "not ours, no such model)",
)


def run_record(window, dialog, digit: str) -> str:
    """What the pictures show, as JSON: the teach's numbers, the demo digit's belief after every row by the taught
    model and the one compared (dashed), the rows each decides at, the digit colours drawn and the dock's line
    (the examples' folder). docs/teach-window.png was remade from the palette of before, the same hour the colours
    changed, and docs/teaching.md's numbers could not be told from another run's:
    tests/test_robust_twentyfifth_window.py holds both to this record."""
    import json

    from gui.theme import class_color

    comparison = window.timeline.comparison  # None if the model taught from did not come to be compared
    column = int(digit)

    def curve(probabilities) -> list[float]:
        return [round(float(p), 6) for p in probabilities[:, column]]

    return json.dumps(
        {
            "summary": dialog.summary.text(),
            "digit": column,
            "taught": curve(window.session.probabilities),
            "compared": [] if comparison is None else curve(comparison.probabilities),
            "decided": [window.session.decided_at, None if comparison is None else comparison.decided_at],
            "colours": [class_color(d).name() for d in range(10)],
            "dock": window.teaching.panel.message.text(),  # where the examples are said to be
        }
    )


@quiet_broken_pipe  # `--help > /dev/full` exited 0
def main(argv: Sequence[str] | None = None) -> int:
    parser = CommandParser(prog=PROG, description=__doc__.splitlines()[0], epilog=TEACH_SCREENSHOT_STATUSES)
    parser.add_argument("out_dir", type=path_argument, help="folder for teach-window.png and teach-chart.png")
    parser.add_argument(
        "--examples", type=path_argument, required=True, help="ImageFolder of examples: DIR/0/*.png … (required)"
    )
    parser.add_argument("--checkpoint", type=path_argument, help="model to teach (default: the shipped one)")
    parser.add_argument(
        "--home",
        type=path_argument,
        help="the home folder the window shows the examples in: they are copied into HOME/.local/share/RowReader, "
        "which must not exist yet, and which is removed after (default: a throwaway folder, whose /tmp path the "
        "dock shows in the picture)",
    )
    parser.add_argument(
        "--digit", choices=sorted(DIGITS), default="7", help="demo digit drawn in the window (default: 7)"
    )
    args = parser.parse_args(argv)
    # before any window or teach: a missing --examples was a traceback, and an OUT_DIR that is a file one after the
    # whole teach (minutes)
    from rowreader.atomic import refuse_unwritable, unwritten
    from rowreader.example_folder import ExamplesError, class_folders
    from rowreader.launch import say_error
    from rowreader.output import one_line
    from rowreader.paths import what_is_there

    # the home first: with a wrong --examples too, it was said only once the examples were right
    user_dir = None if args.home is None else args.home / ".local" / "share" / "RowReader"
    if user_dir is not None and os.path.lexists(user_dir):  # a user's own examples: never copied into, nor removed
        parser.error(f"--home: {one_line(str(user_dir))} exists already; give a home folder that has none")
    try:
        class_folders(args.examples)
    except ExamplesError as err:
        parser.error(f"--examples: {one_line(str(err))}")
    from rowreader.checkpoint import refused_model_file

    if args.checkpoint is not None and (why := refused_model_file("--checkpoint", args.checkpoint)) is not None:
        parser.error(why)  # before the examples are copied and the window made, as the app's --checkpoint
    if args.out_dir.exists() and not args.out_dir.is_dir():
        parser.error(f"OUT_DIR {one_line(str(args.out_dir))} is {what_is_there(args.out_dir)}, not a folder")
    pictures = [args.out_dir / name for name in PICTURES]
    for picture in pictures:  # OUT_DIR under a file, or a picture's name taken by a folder: said after the teach
        try:
            refuse_unwritable(picture)
            # a person's own teach-chart.png was replaced after the teach, as gui.screenshot's picture of the app
            refuse_a_file_not_ours(picture, TAUGHT, (WINDOW_BEFORE,))
        except OSError as err:
            parser.error(str(err))
    from rowreader import needs_torch

    if why := needs_torch.installed_qt_refused():  # as the app's: seconds of Qt's event loop on a Qt that aborts
        parser.error(why)
    # asked before the copy and the window: after them it was "Teaching needs PyTorch: Teaching needs PyTorch (torch),
    # …"; run_main says it once, as for every command that needs torch
    if needs_torch.absent("torch"):
        raise ModuleNotFoundError("No module named 'torch'", name="torch")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QSize
    from PySide6.QtWidgets import QApplication

    from gui.app import create_app, quiet_offscreen_size_hints
    from gui.image_io import save_grabs
    from gui.main_window import MainWindow
    from gui.model_loading import reads_the_model_asked_for, why_not_read
    from gui.user_folder import EXAMPLES_FOLDER

    app = create_app(sys.argv[:1], "light")
    quiet_offscreen_size_hints()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as made:
        # the dock names the examples' folder, and docs/teach-window.png showed "30 examples in /tmp/tmpp_j1hiqd/…"
        if user_dir is None:
            user_dir = Path(tmp)
        else:  # removed after, with the folders above it this run made (HOME/.local/share)
            for folder in (user_dir, *user_dir.parents):
                if folder.exists():
                    break
                made.callback(shutil.rmtree, folder, ignore_errors=True)
        # DIR's pictures under their own names: imported, each took a new one (a date and a random id), and the names
        # order the examples a teach reads, so every run was another teach (MNIST 99.10, 99.30 and 99.25 % in three);
        # copied, a run is the command line's fine-tune of DIR, bit for bit
        try:
            shutil.copytree(args.examples, user_dir / EXAMPLES_FOLDER)
        except OSError as err:
            say_error(PROG, f"cannot copy the examples: {err}")
            return 1
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(checkpoint=args.checkpoint, settings=settings, user_dir=user_dir)
        window.resize(1380, 760)
        window.show()

        def wait(done, limit: float) -> None:
            deadline = time.monotonic() + limit
            while not done() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)

        wait(lambda: not window.tasks.busy, 60)
        if not reads_the_model_asked_for(window, args.checkpoint):  # it taught the shipped model in its place
            say_error(PROG, f"no model: {why_not_read(window)}")
            return 1
        window.teaching.panel.reload()  # a picture it cannot use is named in the dock, and by the teach, and skipped
        window.teaching.dock.show()
        window.teaching.teach()
        wait(lambda: not window.teaching.preparing, 60)
        dialog = window.teaching.dialog
        if dialog is None:
            title, message = window.last_error or ("Teaching did not start", "")
            say_error(PROG, f"{title}: {message}")  # it printed the tuple's repr
            return 1
        process = window.teaching.process
        wait(lambda: not process.running, 1200)
        wait(lambda: window.session.checkpoint.path == process.run.out, 60)
        dialog.compare_button.click()  # the model it was taught from, dashed beside the taught one
        wait(lambda: window.comparison is not None, 60)
        draw_digit(window.canvas, args.digit)
        wait(lambda: False, 0.3)
        window_grab = window.grab()
        # offscreen, the screen (800 × 800) is smaller than the window pictured, so the dialog was placed shrunk:
        # pictured at the size it opens at beside a window that fits its screen
        dialog.resize(dialog.size().expandedTo(QSize(520, 420)))
        wait(lambda: False, 0.1)
        run = run_record(window, dialog, args.digit)
        try:  # a failed save was a bare False, and the command said it was done, status 0; both or neither
            save_grabs(list(zip(pictures, (window_grab, dialog.grab()), strict=True)), TAUGHT, {RUN_KEY: run})
        except OSError as err:
            say_error(PROG, unwritten(pictures[0], err))
            return 1
        print(f"{len(window.teaching.store.load())} examples; {dialog.status.text()}\n{dialog.summary.text()}")
        dialog.close()
        window.close()
        QApplication.processEvents()
    return 0
