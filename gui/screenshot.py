"""`python -m gui.screenshot OUT.png`: draw a demo digit in the real window and save what it shows.

Runs on the offscreen platform unless told otherwise, so it works on servers and in CI; this is how the
README's screenshot is made. ``QT_SCALE_FACTOR=2`` gives a high-DPI screenshot.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C or SIGTERM, while Qt loads or later, is one line
    from rowreader.launch import run_main

    sys.exit(run_main("gui.screenshot"))

import argparse
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gui.demo import DIGITS
from rowreader.atomic import refuse_unwritable, unwritten
from rowreader.json_text import shown
from rowreader.launch import CommandParser, exit_statuses, say_error
from rowreader.model import ROWS
from rowreader.number_text import whole_text
from rowreader.output import counted, one_line, quiet_broken_pipe
from rowreader.paths import output_file_argument, path_argument
from rowreader.whole_number import whole_number

PROG = "python -m gui.screenshot"
# its --help's, as every other command's (it named none): what the window needs is checked before it opens (2); a
# model it cannot read, or a picture or line it cannot write, is found with the window open (1)
SCREENSHOT_STATUSES = exit_statuses(
    "a model that cannot be read, or a picture or its line that cannot be written (a full disk): a line on stderr "
    "says which",
    1,
    " or an OUT or a model refused before the window opens (not a .png, a file that is not ours, no such model)",
)
# what its picture is (rowreader.own_png.KIND_KEY): one kind with gui.teach_screenshot's, each replaced the other's
APP = "a picture of the app's window"
MAX_SIDE = 8192  # logical pixels: wider than any screen; a run at 8192x8192 peaked at 0.94 GB (5 s)


def offscreen_with_room(platform: str, width: int, height: int, folder: Path) -> str:
    """The platform to run on: the one asked for, or, for "offscreen", one with a screen the window fits on.

    Qt's offscreen platform has one 800×600 screen: at QT_SCALE_FACTOR=2 that is 400×300, and the window, fitted
    to its screen as on a small laptop, came out 384×352 with scroll bars (a 768×704 picture) instead of the size
    asked at twice the pixels. The screen given (a config file in ``folder``) has room for the window twice over."""
    config = folder / "offscreen.json"
    if platform != "offscreen" or ":" in str(config):  # another platform, or a path Qt's option list would split
        return platform
    try:
        scale = max(1.0, float(os.environ.get("QT_SCALE_FACTOR") or 1))
    except ValueError:  # Qt says what it makes of it
        scale = 1.0
    room = {"width": max(800, round(2 * width * scale)), "height": max(600, round(2 * height * scale))}
    screen = {"name": "screenshot", "x": 0, "y": 0, **room, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def window_size(text: str) -> tuple[int, int]:
    """``type=`` of ``--size``: WxH, refused as every flag's number is, "argument --size: must be …, got 'typed'"
    (it said "--size must be …, got 9000x760" of `9000X760`, not as typed, and `0800x0` as "800x0")."""
    # each side a whole number as every flag's is: int() took `１２００x７６０` (full-width) and `1_180x760`
    sides = [whole_text(side) for side in text.lower().split("x")]
    if len(sides) != 2 or None in sides:
        raise argparse.ArgumentTypeError(f"must look like 1180x760, got {shown(text)}")
    width, height = sides
    # 100000x100000 was painted into a picture of ~12 bytes a pixel until the system killed it, Qt's painter
    # warnings all it said
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        room = f"1…{MAX_SIDE:,} pixels a side (an 8K screen is 7,680×4,320)"
        raise argparse.ArgumentTypeError(f"must be {room}, got {shown(text)}")  # shortened: 4,200 digits were whole
    return width, height


@quiet_broken_pipe  # `--help > /dev/full` exited 0, and "wrote …" to a full disk was a traceback
def main(argv: Sequence[str] | None = None) -> int:
    parser = CommandParser(prog=PROG, description=__doc__.splitlines()[0], epilog=SCREENSHOT_STATUSES)
    parser.add_argument("out", type=output_file_argument, help="PNG file to write (its name ends in .png)")
    parser.add_argument("--digit", choices=sorted(DIGITS), default="7", help="demo digit to draw (default: 7)")
    parser.add_argument(
        "--row",
        type=whole_number(0, ROWS),
        default=ROWS,
        help=f"rows read when the picture is taken, 0–{ROWS} (default: {ROWS})",
    )
    parser.add_argument("--checkpoint", type=path_argument, help="model to use (default: the shipped one)")
    parser.add_argument(  # light by default, not the app's "system": the pictures in docs/ are the same anywhere
        "--color-scheme",
        choices=("system", "light", "dark"),
        default="light",
        help="palette, as the app's --color-scheme (default: light, whatever the desktop's)",
    )
    parser.add_argument(
        "--size",
        type=window_size,
        default="1180x760",
        help=f"window size in logical pixels, WxH, 1…{MAX_SIDE:,} a side (default: 1180x760)",
    )
    parser.add_argument("--no-lstm", action="store_true", help="hide the LSTM state view (default: off)")
    parser.add_argument(
        "--compare",
        type=path_argument,
        help="a second model to compare with (dashed), e.g. the seed model (default: none)",
    )
    args = parser.parse_args(argv)
    width, height = args.size
    # before the window: a FIFO as OUT hung for good, and a folder, a missing one or `shot.txt` (no format Qt
    # writes) said "could not write" once the model had loaded and the digit been read
    if args.out.suffix.lower() != ".png":
        parser.error(f"OUT must name a .png file (a PNG is written), got {str(args.out)!r}")
    from rowreader.own_png import WINDOW_BEFORE, refuse_a_file_not_ours  # Pillow, only once the arguments are read

    try:
        refuse_unwritable(args.out)
        refuse_a_file_not_ours(args.out, APP, (WINDOW_BEFORE,))  # a person's holiday.png was replaced by the window
    except OSError as err:
        parser.error(str(err))
    from rowreader.checkpoint import refused_model_file

    for flag, model in (("--checkpoint", args.checkpoint), ("--compare", args.compare)):  # before Qt and the window
        if model is not None and (why := refused_model_file(flag, model)) is not None:
            parser.error(why)

    from rowreader.needs_torch import installed_qt_refused

    if why := installed_qt_refused():  # as the app's: the window drawn on a Qt known to abort mid-use
        parser.error(why)
    with tempfile.TemporaryDirectory() as tmp:  # a throwaway settings file: never the user's own
        platform = os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["QT_QPA_PLATFORM"] = offscreen_with_room(platform, width, height, Path(tmp))
        try:
            from PySide6.QtCore import QSettings

            from gui.app import create_app, quiet_offscreen_size_hints
            from gui.demo import draw_digit
            from gui.image_io import save_grabs
            from gui.main_window import MainWindow
            from gui.model_loading import reads_the_model_asked_for, why_not_read
            from gui.numbers import answer
            from gui.workers import TaskRunner

            app = create_app(sys.argv[:1], args.color_scheme)
            quiet_offscreen_size_hints()
        finally:  # its config goes with tmp: a process started later must not read it, however Qt's start ended
            os.environ["QT_QPA_PLATFORM"] = platform
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(checkpoint=args.checkpoint, settings=settings, user_dir=Path(tmp))
        window.heatmap_dock.setVisible(not args.no_lstm)
        window.show()
        # sized once shown without the LSTM view: sized first, `--no-lstm` kept the height the view needs (600×534
        # for 600x460, "no smaller"); hidden before show, its least size still counted
        window.resize(width, height)
        while window.tasks.busy:  # the model loads in the background
            app.processEvents()
            window.tasks.wait(50)
        app.processEvents()
        if not reads_the_model_asked_for(window, args.checkpoint):
            say_error(PROG, f"no model: {why_not_read(window)}")
            return 1
        if args.compare is not None:
            window.compare_with(args.compare)
            while window.tasks.busy:
                app.processEvents()
                window.tasks.wait(50)
            if window.comparison is None:  # it drew the window without the dashed lines, status 0
                say_error(PROG, f"no model to compare with: {why_not_read(window)}")
                return 1
        draw_digit(window.canvas, args.digit)
        if args.row < ROWS:
            window.session.player.seek(args.row)  # paused mid-read, as a person stepping with ← would see it
        app.processEvents()
        grab, pictured = window.grab(), window.size()
        window.close()
        for runner in window.findChildren(TaskRunner):  # the Models menu's pool too: Python ending under its work
            runner.wait()  # printed Qt's "Qt Concurrent has caught an exception thrown from a worker thread"
        try:
            save_grabs([(args.out, grab)], APP)
        except OSError as err:
            say_error(PROG, unwritten(args.out, err))
            return 1
    # the window's words for what it shows: a tie's lowest digit alone ("read as 3") beside a header saying "perhaps
    # 3 or 7 (50.0% each)", and "read as None after 0 rows" where it said "No rows read yet"
    read = window.predictions()
    said = f"read as {answer(read[-1])} after {counted(args.row, 'row')}" if read else "no rows read yet"
    # a --size under the window's smallest was pictured at that smallest, and the line did not say so
    size = f"{pictured.width()}×{pictured.height()}"
    smallest = "" if (pictured.width(), pictured.height()) == (width, height) else f"; pictured {size}: no smaller"
    print(f"wrote {one_line(str(args.out))} (digit {args.digit}, {said}{smallest})")
    return 0
