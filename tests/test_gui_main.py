"""`python -m gui` and `python -m gui.screenshot`: arguments, a real start-up, high-DPI rendering, dark palette."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

import gui.__main__ as gui_main
from gui.image_io import qimage_to_array
from gui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]


def test_bad_device_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        gui_main.main(["--device", "tpu"])
    assert exit_info.value.code == 2
    assert "unknown device 'tpu'" in capsys.readouterr().err


def test_missing_checkpoint_is_an_argument_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        gui_main.main(["--checkpoint", str(tmp_path / "nope.safetensors")])
    assert exit_info.value.code == 2
    assert f"--checkpoint: checkpoint not found: {tmp_path / 'nope.safetensors'}" in capsys.readouterr().err


def test_main_opens_the_window_with_the_given_checkpoint(qapp, tmp_path: Path, monkeypatch) -> None:
    """The real entry point: parses, builds the window, loads the model, runs the event loop until closed."""
    from rowreader import ReaderConfig, RowReader, save_checkpoint

    path = tmp_path / "start.safetensors"
    save_checkpoint(path, RowReader(ReaderConfig(input_size=8, hidden_size=8)), {"test_accuracy": 0.5})
    # QSettings() inside main() must not touch the user's settings: point the default location at tmp_path.
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    seen: dict[str, str] = {}
    deadline = time.monotonic() + 20

    def close_when_loaded() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        # and once the window is active (some widget has the focus): the tiny model loaded before that, and the
        # focus was read as None in 2 of 3 runs, on the code before this round too
        active = QApplication.focusWidget() is not None or time.monotonic() > deadline  # never a hang: it fails
        if windows and windows[0].session.checkpoint is not None and active:
            seen["model"] = windows[0].status.model_label.text()
            seen["focus"] = type(QApplication.focusWidget()).__name__
            windows[0].close()
        else:
            QTimer.singleShot(20, close_when_loaded)

    QTimer.singleShot(0, close_when_loaded)
    assert gui_main.main(["--checkpoint", str(path), "--device", "cpu"]) == 0
    assert "start.safetensors" in seen["model"] and "50.00%" in seen["model"]
    assert seen["focus"] == "DrawingCanvas"  # ready to draw at once
    assert list((tmp_path / "settings").rglob("*.conf")) or list((tmp_path / "settings").rglob("*.ini"))


PROBE = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gui.screenshot import main
    out = sys.argv[1]
    import gui.main_window as mw
    shown = {}
    original_close = mw.MainWindow.closeEvent
    def close(self, event):
        cache = self.canvas._display_cache
        shown.update(dpr=self.devicePixelRatioF(), cache_dpr=cache.devicePixelRatio(), cache_width=cache.width(),
                     doc_width=self.canvas.document_rect().width(), logical=[self.width(), self.height()])
        original_close(self, event)
    mw.MainWindow.closeEvent = close
    code = main([out, "--size", "900x620", "--digit", "0", *sys.argv[2:]])
    print(json.dumps(shown))
    sys.exit(code)
    """
)


def run_probe(tmp_path: Path, scale: str, *args: str) -> tuple[dict, np.ndarray]:
    out = tmp_path / f"shot-{scale}.png"
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    return info, qimage_to_array(QImage(str(out)))[..., :3]


def test_high_dpi_screens_get_full_resolution_images(tmp_path: Path) -> None:
    """QT_SCALE_FACTOR=2: the canvas's backing image has twice the pixels, so strokes stay crisp."""
    info, shot = run_probe(tmp_path, "2")
    # the README's `QT_SCALE_FACTOR=2 python -m gui.screenshot shot@2x.png` gave a 768×704 picture: the window fitted
    # to the offscreen platform's 800×600 screen (400×300 at 2×), scroll bars and all; it is the size asked
    assert info["logical"] == [900, 620]
    assert info["dpr"] == 2.0 and info["cache_dpr"] == 2.0
    assert info["cache_width"] == round(2 * info["doc_width"])
    assert shot.shape[:2] == (2 * info["logical"][1], 2 * info["logical"][0])


@pytest.mark.parametrize("flag", ["--checkpoint", "--compare"])
def test_a_screenshot_of_a_model_that_does_not_load_is_refused(tmp_path: Path, flag: str) -> None:
    """`python -m gui.screenshot shot.png --checkpoint runs/my.safetensors`, the name mistyped, wrote a picture of
    the shipped model (the window reads it in the place of one that does not load) with status 0, and a --compare
    that did not load a picture with no dashed lines; "error: no model" named no command where it did stop."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "gui.screenshot", str(out), flag, str(tmp_path / "my.safetensors")]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    # refused on its command line (status 2) since the forty-fifth round, as the app's --checkpoint is
    assert done.returncode == 2 and not out.exists(), done.stderr
    assert f"python -m gui.screenshot: error: {flag}: checkpoint not found: " in done.stderr, done.stderr


def test_dark_palette_screenshot_is_dark_and_not_blank(tmp_path: Path) -> None:
    _, shot = run_probe(tmp_path, "1", "--color-scheme", "dark")
    brightness = shot.mean(axis=2)
    assert np.median(brightness) < 80  # mostly dark
    assert (brightness > 200).mean() > 0.01  # with light ink and text on it
