"""Reading digits needs no torch (the library's reading path, ``rowreader predict``, the whole app) and the library
no Qt.

torch costs over a second and hundreds of MB to import; the app, the CLI's ``predict`` and the session only read
rows, which is NumPy. Each check runs in a fresh interpreter, as a user's would start, and fails if anything on
the way imported torch.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from rowreader.resample import resize

REPO = Path(__file__).resolve().parents[1]


def run_fresh(code: str, tmp_path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_reading_a_digit_and_the_predict_command_import_no_torch(tmp_path):
    digit = np.zeros((120, 90), np.uint8)
    digit[10:110, 40:52] = 255  # a thick "1"
    Image.fromarray(digit).save(tmp_path / "one.png")
    out = run_fresh(
        """
        import sys, numpy as np
        from rowreader import load_pretrained, to_mnist
        from rowreader.cli import main
        from rowreader.session import DigitSession
        ckpt = load_pretrained()
        session = DigitSession(ckpt)
        drawing = np.zeros((200, 200)); drawing[20:180, 95:105] = 1.0
        session.set_drawing(drawing, ink="light")
        assert len(session.predictions) == 28
        assert main(["predict", "one.png"]) == 0
        print("TORCH", sorted(m for m in sys.modules if m.split(".")[0] == "torch")[:3])
        """,
        tmp_path,
    )
    assert "prediction: 1" in out
    assert out.splitlines()[-1] == "TORCH []"


def test_the_app_opens_loads_the_model_and_reads_without_torch(tmp_path):
    out = run_fresh(
        """
        import pkgutil, importlib, sys, time, numpy as np
        import gui
        for m in pkgutil.walk_packages(gui.__path__, "gui."):
            importlib.import_module(m.name)
        from PySide6.QtCore import QSettings
        from gui.app import create_app
        from gui.main_window import MainWindow
        app = create_app(["test"], "light")
        window = MainWindow(settings=QSettings("settings.ini", QSettings.Format.IniFormat))
        window.show()
        deadline = time.monotonic() + 60
        while window.session.checkpoint is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        image = np.zeros((28, 28), np.float32); image[4:24, 12:16] = 1.0
        window.session.set_image(image)
        print("ROWS", len(window.session.predictions))
        window.close()
        window.tasks.wait(5000)
        print("TORCH", sorted(m for m in sys.modules if m.split(".")[0] == "torch")[:3])
        """,
        tmp_path,
    )
    assert "ROWS 28" in out
    assert out.splitlines()[-1] == "TORCH []"


QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "shiboken2", "sip")


def test_importing_the_library_imports_no_qt():
    """The core must run where Qt is absent or unwanted (servers, training jobs): no Qt module may load."""
    code = (
        "import pkgutil, importlib, sys, rowreader\n"
        "names = [m.name for m in pkgutil.walk_packages(rowreader.__path__, 'rowreader.')]\n"
        "names.remove('rowreader.__main__')  # it runs the CLI on import\n"
        "for name in names: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})\n"
        "print(len(names), bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    count, bad = result.stdout.strip().split(" ", 1)
    assert bad == "[]", f"Qt modules imported by rowreader: {bad}"
    assert int(count) >= 9  # every submodule was really imported (cli, evaluate, stream, …)


def test_numpy_resize_equals_torch_antialiased_bilinear():
    """to_mnist's resize is torch's ``interpolate(antialias=True)`` in NumPy, shrinking and enlarging alike."""
    rng = np.random.default_rng(0)
    for _ in range(100):
        h, w = (int(v) for v in rng.integers(1, 300, 2))
        out_h, out_w = (int(v) for v in rng.integers(2, 90, 2))  # width 1: see the next test
        image = rng.random((h, w), dtype=np.float32)
        x = torch.from_numpy(image)[None, None]
        want = F.interpolate(x, size=(out_h, out_w), mode="bilinear", antialias=True, align_corners=False)
        np.testing.assert_allclose(resize(image, out_h, out_w), want[0, 0].clamp(0, 1).numpy(), atol=1e-5)


def test_resize_to_one_column_keeps_the_vertical_profile():
    """torch's kernel returns all ones here (it loses the rows); shrinking the two axes in turn must not matter."""
    image = np.zeros((20, 15), np.float32)
    image[:10] = 1.0
    np.testing.assert_allclose(resize(image, 10, 1)[:, 0], resize(resize(image, 10, 15), 10, 1)[:, 0], atol=1e-6)
    assert resize(image, 10, 1)[0, 0] > 0.99 and resize(image, 10, 1)[-1, 0] < 0.01
