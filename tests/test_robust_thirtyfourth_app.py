"""The thirty-fourth round of hostile testing, app: the Models menu, the status bar, Ctrl+T, My examples and the maps
as a demanding user meets them in a real window (models opened from folders removed since, networks of two layers,
Ctrl+T pressed again as a cancelled teach stops, a clash named in a narrow dock, a stacked model's units pointed at);
each test checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from gui_window import SLOW_TEACH, open_shipped_window, open_teach_dialog, settled, window_without_model
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel

import rowreader
from gui.teach_command import TeachCommand
from rowreader.checkpoint import load_checkpoint, pretrained_path
from rowreader.model import ReaderConfig


def _opened(qtbot, window, model: Path) -> None:
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)


def test_thirtyfourth_app_a_model_opened_from_a_folder_removed_since_is_marked_in_the_models_menu(
    qtbot, tmp_path: Path
) -> None:
    """Opened from a folder, the folder removed (`rm -r` in a terminal), a model was still "Opened: m.safetensors"
    in the Models menu, listed like a sound one, while a taught model deleted so is marked "(cannot be read: No such
    file or directory)"; choosing it was the first word of it. Opened and compared models are marked likewise, a
    damaged one too; sound ones are as before."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    folder, other = tmp_path / "downloads", tmp_path / "kept"
    folder.mkdir()
    other.mkdir()
    gone, cut, sound = folder / "gone.safetensors", other / "cut.safetensors", other / "sound.safetensors"
    for model in (gone, cut, sound):
        shutil.copyfile(pretrained_path(), model)
    for model in (gone, cut, sound):
        _opened(qtbot, window, model)
    window.open_model(pretrained_path())
    qtbot.waitUntil(lambda: window.session.checkpoint.path == pretrained_path() and not window.tasks.busy)
    window.compare_with(gone)
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    window.teaching.models_menu.opened.remove(gone)  # read beside only: listed as the model compared with
    shutil.rmtree(folder)
    cut.write_bytes(cut.read_bytes()[:5000])
    texts = [text for text, _ in window.teaching.models_menu.choices()]
    assert "Compared: gone.safetensors (cannot be read: No such file or directory)" in texts
    assert "Opened: cut.safetensors (damaged: cannot be read)" in texts
    assert "Opened: sound.safetensors" in texts


def test_thirtyfourth_app_a_network_of_two_layers_is_named_so_in_the_status_bar(qtbot, tmp_path: Path) -> None:
    """A GRU of two layers of 64 units read "GRU 64, read with NumPy on the CPU" in the status bar (the maps beside
    it 128 units wide; the About box "2×64 GRU"), and Ctrl+T from a model file replaced by one of another depth said
    "(LSTM 256; the model in use: LSTM 256)". Layers are named where there are more than one; one is as before."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    assert "LSTM 256, read with NumPy on the CPU" in window.status.model_label.toolTip()
    model = tmp_path / "two.safetensors"
    rowreader.save_checkpoint(model, rowreader.RowReader(ReaderConfig(hidden_size=24, layers=2, cell="gru")))
    _opened(qtbot, window, model)
    assert "GRU 2×24, read with NumPy on the CPU" in window.status.model_label.toolTip()
    in_use = load_checkpoint(model)
    rowreader.save_checkpoint(model, rowreader.RowReader(ReaderConfig(hidden_size=24, cell="gru")), force=True)
    assert "(GRU 24; the model in use: GRU 2×24)" in str(TeachCommand._base_unusable(model, in_use))


def test_thirtyfourth_app_ctrl_t_as_a_cancelled_teach_stops_says_so(qtbot, tmp_path: Path, mnist_test) -> None:
    """Esc cancels a teach and closes its dialog at once; the fine-tune takes a moment to stop (2 s in the window at
    load 8, longer while torch imports: it holds a first stop until then). Ctrl+T then did nothing at all: the
    action was turned off for the whole run, so `teach()`'s "The last teach is still stopping" (the twelfth
    round's fix, tested by calling `teach()`) was never reached from the key, nor the raising of an open dialog."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    ctrl_t = window.teaching.teach_action
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    dialog.reject()  # Esc: cancels, and the dialog closes at once
    assert process.running and ctrl_t.isEnabled()
    ctrl_t.trigger()  # as the key does: nothing where the action is off
    assert "still stopping" in window.statusBar().currentMessage() and window.teaching.process is process
    qtbot.waitUntil(lambda: not process.running, timeout=20_000)


def test_thirtyfourth_app_a_clash_in_a_narrow_dock_is_shortened_not_cut(qtbot, tmp_path: Path, mnist_test) -> None:
    """One picture kept as a 2 and as a 7: My examples says "⚠ the same picture is kept as a 2
    (2/20261203-222555-862813c7da8d8792.png) and as a 7 (7/…)". At 150 % with the window at its smallest (933 px on a
    1366×768 screen) the dock was narrower than one such name, a word the label cannot wrap: the line was cut at the
    dock's edge, which examples it named unseen, and no tooltip said it. Each word is shortened in its middle to fit,
    its end kept, and the tooltip has the line whole."""
    window = window_without_model(qtbot, tmp_path)
    images, labels = mnist_test
    picture = np.kron(255 - images[int(np.flatnonzero(labels == 2)[0])], np.ones((10, 10), np.uint8))
    panel = window.teaching.panel
    for digit in (2, 7):
        panel.store.add(digit, picture)
    panel.load_in_background(window.tasks)
    qtbot.waitUntil(lambda: bool(panel.clashes), timeout=20_000)
    message = panel.message
    message.setFixedWidth(message.fontMetrics().horizontalAdvance("(2/20261203-222555-") + 10)
    settled(qtbot, message.width)
    clash = next(line for line in message.text().split("\n") if "same picture" in line)
    room = message.contentsRect().width()
    shown = QLabel.text(message).split("\n")
    wrapped = message.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, "\n".join(shown))
    assert wrapped.width() <= room, (wrapped, room, shown)  # as the label wraps it: nothing past its edge
    assert any(line.endswith(".png)") and "…" in line for line in shown), shown  # the names' ends kept
    assert clash in message.toolTip()


def test_thirtyfourth_app_the_maps_name_a_stacked_models_units_by_layer(qtbot, tmp_path: Path) -> None:
    """ "Inside the LSTM" lays a model's layers side by side: pointing at a 2×64 GRU's map said "h unit 100", its
    second layer's unit 36, which nothing said (the status bar's "GRU 64" beside it). A stacked model's unit is named
    with its layer; a one-layer model's as before."""
    from test_gui_reading import hover

    from gui.demo import draw_digit

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    window.heatmap_dock.show()
    model = tmp_path / "two.safetensors"
    rowreader.save_checkpoint(model, rowreader.RowReader(ReaderConfig(hidden_size=24, layers=2)))
    _opened(qtbot, window, model)
    draw_digit(window.canvas, "7")
    heatmap = window.heatmap
    qtbot.waitUntil(lambda: heatmap.hidden.shape == (28, 48), timeout=20_000)
    column = next(c for c, unit in enumerate(heatmap.order) if unit >= 24)  # a unit of the second layer
    _, rect, _, _ = heatmap._layout()
    hover(heatmap, rect.left() + rect.width() * (column + 0.5) / 48, rect.top() + rect.height() * 10.5 / 28)
    unit = int(heatmap.order[column])
    assert heatmap.readout().startswith(f"h unit {unit - 24} of layer 2, after row 11: ")
