"""``python -m gui.screenshot OUT.png``: draw a demo digit in the real window and save what it shows.

Runs on the offscreen platform unless told otherwise, so it works on servers and in CI; this is how the
README's screenshot is made. ``QT_SCALE_FACTOR=2`` gives a high-DPI screenshot.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gui.demo import DIGITS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        allow_abbrev=False, prog="python -m gui.screenshot", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--digit", choices=sorted(DIGITS), default="7", help="demo digit to draw (default: 7)")
    parser.add_argument("--row", type=int, default=28, help="rows read when the picture is taken, 0–28 (default: 28)")
    parser.add_argument("--checkpoint", type=Path, help="model to use (default: the shipped one)")
    parser.add_argument(  # light by default, not the app's "system": the pictures in docs/ are the same anywhere
        "--color-scheme",
        choices=("system", "light", "dark"),
        default="light",
        help="palette, as the app's --color-scheme (default: light, whatever the desktop's)",
    )
    parser.add_argument("--size", default="1180x760", help="window size in logical pixels, WxH (default: 1180x760)")
    parser.add_argument("--no-lstm", action="store_true", help="hide the LSTM state view")
    parser.add_argument("--compare", type=Path, help="a second model to compare with (dashed), e.g. the seed model")
    args = parser.parse_args(argv)
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 1180x760, got {args.size!r}")
    if not 0 <= args.row <= 28:
        parser.error(f"--row must be 0…28, got {args.row}")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from gui.app import create_app
    from gui.demo import draw_digit
    from gui.main_window import MainWindow

    app = create_app(sys.argv[:1], args.color_scheme)
    with tempfile.TemporaryDirectory() as tmp:  # a throwaway settings file: never the user's own
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(checkpoint=args.checkpoint, settings=settings, user_dir=Path(tmp))
        window.resize(width, height)
        window.heatmap_dock.setVisible(not args.no_lstm)
        window.show()
        while window.tasks.busy:  # the model loads in the background
            app.processEvents()
            window.tasks.wait(50)
        app.processEvents()
        if window.session.checkpoint is None:
            print(f"error: no model: {window.last_error}", file=sys.stderr)
            return 1
        if args.compare is not None:
            window.compare_with(args.compare)
            while window.tasks.busy:
                app.processEvents()
                window.tasks.wait(50)
        draw_digit(window.canvas, args.digit)
        if args.row < 28:
            window.session.player.seek(args.row)  # paused mid-read, as a person stepping with ← would see it
        app.processEvents()
        ok = window.grab().save(str(args.out))
        window.close()
    if not ok:
        print(f"error: could not write {args.out}", file=sys.stderr)
        return 1
    top = window.predictions()[-1].argmax() if window.predictions() else None
    print(f"wrote {args.out} (digit {args.digit}, read as {top} after {args.row} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
