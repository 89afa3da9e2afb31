"""The main window end to end (pytest-qt, offscreen): drawing is recognised, scan/step, undo, files, models.

The digits are drawn as strokes through the canvas's mouse path and read by the shipped model; while no model
is shipped yet, a small one is trained here first (~20 s on two cores).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from gui_window import shown
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.demo import draw_digit
from gui.image_io import qimage_to_array
from gui.main_window import MainWindow
from gui.model_names import model_name
from gui.window_room import FIRST_SIZE
from rowreader import Checkpoint, load_checkpoint, save_checkpoint, to_mnist
from rowreader.checkpoint import pretrained_path
from rowreader.model import ROWS
from rowreader.player import Mode


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped model, or (until one is shipped) a small one trained on 20k MNIST digits for two epochs."""
    if pretrained_path().is_file():
        return pretrained_path()
    from rowreader import ReaderConfig
    from training.config import FitConfig
    from training.fit import fit

    out = tmp_path_factory.mktemp("model") / "small.safetensors"
    fit(FitConfig(ReaderConfig(hidden_size=96), epochs=2, limit=20_000, device="cpu", threads=1, out=str(out)))
    return out


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own: tests never read or write the user's settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, settings: QSettings, model: Path | None) -> MainWindow:
    window = shown(qtbot, MainWindow(checkpoint=model, settings=settings))
    window.activateWindow()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    return window


@pytest.fixture
def window(qtbot, settings: QSettings, model_path: Path) -> MainWindow:
    w = open_window(qtbot, settings, model_path)
    w.resize(FIRST_SIZE)  # the first size where the screen has room (the offscreen screen is 800×800)
    assert w.session.checkpoint is not None, w.last_error
    return w


def close_error(window: MainWindow) -> tuple[str, str]:
    """Check an error dialog is showing, close it, and return its (title, message)."""
    assert window.error_dialog is not None and window.error_dialog.isVisible()
    assert window.last_error is not None
    assert window.error_dialog.text() == window.last_error[1]
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    return window.last_error


@pytest.mark.parametrize("digit", ["1", "0", "7"])
def test_drawn_digits_are_recognised(window: MainWindow, digit: str) -> None:
    draw_digit(window.canvas, digit)
    predictions = window.predictions()
    assert len(predictions) == ROWS
    assert int(np.argmax(predictions[-1])) == int(digit), f"read as {np.round(predictions[-1], 3)}"
    # what the bars show is the belief after the last row, and the timeline holds every row
    np.testing.assert_array_equal(window.bars.probs, predictions[-1])
    assert window.session.source == "drawing"


def test_live_mode_follows_the_stroke_while_it_is_drawn(window: MainWindow, qtbot) -> None:
    """Each stroke update is re-read, so the belief exists before the pen is lifted."""
    seen: list[int] = []
    window.session.subscribe(lambda event: seen.append(len(window.session.predictions)) if event == "rows" else None)
    rect = window.canvas.document_rect()
    points = [(rect.left() + rect.width() * 0.5, rect.top() + rect.height() * (0.15 + 0.7 * t / 20)) for t in range(21)]
    window.canvas.draw_stroke(points)
    assert seen and seen[-1] == ROWS
    assert window.canvas.undo_stack.count() == 1


def test_empty_canvas_shows_no_prediction(window: MainWindow) -> None:
    assert window.predictions() == [] and window.bars.probs is None
    draw_digit(window.canvas, "7")
    assert window.predictions()
    QTest.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.is_empty() and window.predictions() == [] and window.bars.probs is None


def test_scan_delivers_28_rows_in_order(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "0")
    final = window.predictions()
    rows: list[int] = []
    window.session.subscribe(
        lambda event: (
            rows.append(window.session.current.row) if event == "position" and window.session.current else None
        )
    )
    window.actions_.speed.setValue(window.actions_.speed.maximum())
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.mode is Mode.SCAN and window.session.position < ROWS
    qtbot.waitUntil(lambda: window.mode is Mode.LIVE, timeout=10_000)  # a finished scan returns to live
    assert rows == list(range(ROWS))
    np.testing.assert_allclose(window.predictions(), final, atol=1e-6)


def test_space_pauses_and_arrows_step(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "7")
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.mode is Mode.STEP and window.session.position == ROWS - 1
    assert len(window.predictions()) == ROWS - 1
    QTest.keyClick(window.canvas, Qt.Key.Key_Home)
    assert window.session.position == 0 and window.predictions() == []
    QTest.keyClick(window.canvas, Qt.Key.Key_Right)
    QTest.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.session.position == 2 and len(window.predictions()) == 2
    assert window.input_view._rows_read == 2 and window.timeline._rows_read == 2
    window.actions_.speed.setValue(2)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)  # play from row 2 …
    assert window.mode is Mode.SCAN
    qtbot.waitUntil(lambda: window.session.position >= 3, timeout=5_000)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)  # … and pause
    paused_at = window.session.position
    assert window.mode is Mode.STEP
    qtbot.wait(700)
    assert window.session.position == paused_at
    QTest.keyClick(window.canvas, Qt.Key.Key_End)
    assert window.mode is Mode.LIVE and window.session.position == ROWS


def test_undo_redo_clear_shortcuts(window: MainWindow) -> None:
    draw_digit(window.canvas, "7")  # two strokes
    seven = window.predictions()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, ctrl)
    assert len(window.canvas.content.strokes) == 1
    assert not np.allclose(window.predictions()[-1], seven[-1])  # the view follows the undo at once
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, ctrl | shift)
    np.testing.assert_allclose(window.predictions(), seven, atol=1e-6)
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert window.canvas.is_empty() and window.predictions() == []
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, ctrl)  # a clear can be undone: nothing is ever lost
    np.testing.assert_allclose(window.predictions(), seven, atol=1e-6)


def test_bad_image_file_gives_a_dialog_and_keeps_the_drawing(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.canvas, "1")
    content, predictions = window.canvas.content, window.predictions()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    window.pictures.open_image(bad)
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    title, message = close_error(window)
    assert title == "Could not open the image" and "broken.png" in message
    assert window.canvas.content is content
    np.testing.assert_array_equal(window.predictions(), predictions)
    blank = tmp_path / "blank.png"
    Image.new("L", (64, 64), 255).save(blank)
    window.pictures.open_image(blank)
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    assert "no ink found" in close_error(window)[1]
    assert window.canvas.content is content


def test_bad_checkpoint_gives_a_dialog_and_keeps_model_and_drawing(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.canvas, "0")
    model, content, predictions = window.session.checkpoint, window.canvas.content, window.predictions()
    bad = tmp_path / "model.safetensors"
    bad.write_bytes(b"\x00" * 100)
    window.open_model(bad)
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    title, message = close_error(window)
    assert title == "Could not open the model" and "model.safetensors" in message
    assert window.session.checkpoint is model and window.canvas.content is content
    np.testing.assert_array_equal(window.predictions(), predictions)
    window.open_model(tmp_path / "missing.safetensors")
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    assert "not found" in close_error(window)[1]
    assert window.session.checkpoint is model


def test_switching_models_rereads_and_names_the_model(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.canvas, "7")
    other = tmp_path / "other.safetensors"
    reader = window.session.checkpoint.reader
    save_checkpoint(other, reader, {"test_accuracy": 0.5})
    window.open_model(other)
    qtbot.waitUntil(lambda: window.session.model_name == "other.safetensors", timeout=10_000)
    assert "other.safetensors" in window.status.model_label.text() and "50.00%" in window.status.model_label.text()
    assert (
        f"LSTM {reader.config.hidden_size}" in window.status.model_label.text()
        and "CPU" in window.status.model_label.text()
    )
    assert len(window.predictions()) == ROWS
    assert "MNIST 50.00%" in window.status.model_label.text()  # measured on all of MNIST test: the count in the tooltip
    assert "MNIST 50.00% (10,000)" in window.status.model_label.toolTip()


def test_an_accuracy_on_part_of_mnist_says_on_how_many_digits(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """A taught model's 98.9 % on 2,000 digits sat beside the shipped model's 99.34 % on 10,000, as if teaching had
    cost half a point; on the same 2,000 digits it had cost 0.3."""
    taught = tmp_path / "mine.safetensors"
    save_checkpoint(taught, window.session.checkpoint.reader, {"test_accuracy": 0.989, "test_digits": 2000})
    window.open_model(taught)
    qtbot.waitUntil(lambda: window.session.model_name == "mine.safetensors", timeout=10_000)
    assert "MNIST 98.90% (2,000)" in window.status.model_label.toolTip()


def test_a_gru_model_opens_and_reads_like_its_forward(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """A reader with another cell (rowreader/cells/gru.py) works in the app with no change to the GUI."""
    import torch

    from rowreader import ReaderConfig, RowReader

    torch.manual_seed(0)
    reader = RowReader(ReaderConfig(cell="gru", hidden_size=32)).eval()
    path = tmp_path / "gru.safetensors"
    save_checkpoint(path, reader, {"test_accuracy": 0.25})
    draw_digit(window.canvas, "4")
    window.open_model(path)
    qtbot.waitUntil(lambda: window.session.model_name == "gru.safetensors", timeout=10_000)
    assert "GRU 32" in window.status.model_label.text()
    with torch.no_grad():
        want = torch.softmax(reader(torch.from_numpy(window.session.image.copy())[None]), dim=-1)[0].numpy()
    np.testing.assert_allclose(window.session.probabilities, want, atol=1e-5)
    assert window.session.hidden_states.shape == (ROWS, 32) and window.session.cell_states.shape == (ROWS, 0)
    window.heatmap.show()  # h only: a GRU has no cell state to show
    window.heatmap.refresh()
    assert window.heatmap.cell.shape == (ROWS, 0) and not window.heatmap.grab().isNull()


def confident_example(window: MainWindow, images: np.ndarray, labels: np.ndarray, digit: int) -> int:
    """Index of a test digit the model reads right with ≥ 90 % on the raw image (so tests check the I/O path)."""
    stream = window.session.checkpoint.reader.stream()
    for index in np.nonzero(labels == digit)[0][:50]:
        probs = stream.feed_image(images[index] / 255.0)[-1].probs
        if probs.argmax() == digit and probs.max() >= 0.9:
            return int(index)
    raise AssertionError(f"the model reads none of the first 50 test {digit}s confidently")


def test_open_image_reads_a_digit_picture(window: MainWindow, qtbot, tmp_path: Path, mnist_test) -> None:
    images, labels = mnist_test
    index = confident_example(window, images, labels, 3)
    picture = tmp_path / "three.png"
    Image.fromarray(255 - images[index]).resize((140, 140)).save(picture)  # dark on light, larger: like a scan
    window.pictures.open_image(picture)
    qtbot.waitUntil(lambda: window.session.source == "three.png", timeout=5_000)
    expected = to_mnist(np.asarray(Image.open(picture)), ink="auto")
    np.testing.assert_allclose(window.session.image, expected, atol=1e-6)  # the file, normalised like MNIST
    assert int(np.argmax(window.predictions()[-1])) == 3
    assert window.canvas.content.base is not None and window.session.label is None
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # opening is undoable
    assert window.canvas.is_empty()


def test_random_test_digit_shows_its_true_label(window: MainWindow, qtbot, mnist_test) -> None:
    images, labels = mnist_test
    assert window.actions_.random.isEnabled()
    QTest.keyClick(window.canvas, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.label is not None, timeout=10_000)
    index = int(window.session.source.split("#")[1])
    assert window.session.label == labels[index]
    np.testing.assert_allclose(window.session.image, images[index] / 255.0, atol=1e-6)  # read exactly as MNIST
    assert "true label" in window.statusBar().currentMessage()


def test_paste_and_drop_pictures(window: MainWindow, qtbot, tmp_path: Path, mnist_test) -> None:
    images, labels = mnist_test
    index = confident_example(window, images, labels, 4)
    image = QImage(np.ascontiguousarray(images[index]).data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
    QGuiApplication.clipboard().setImage(image)
    QTest.keyClick(window.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.source == "pasted image", timeout=5_000)
    assert int(np.argmax(window.predictions()[-1])) == 4

    path = tmp_path / "dropped.png"
    Image.fromarray(images[confident_example(window, images, labels, 2)]).save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert window.pictures.accept_mime(mime, "dropped")
    qtbot.waitUntil(lambda: window.session.source == "dropped.png", timeout=5_000)
    assert not window.pictures.accept_mime(QMimeData(), "dropped")  # neither a file nor a picture


def test_save_drawing_and_its_28x28_input(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.canvas, "7")
    drawing, small = window.saving.save_drawing(tmp_path / "seven")
    assert drawing == tmp_path / "seven.png" and small == tmp_path / "seven-28x28.png"
    saved = np.asarray(Image.open(drawing))
    assert saved.shape == (280, 280) and saved[0, 0] == 255 and saved.min() == 0  # dark ink on white paper
    np.testing.assert_array_equal(np.asarray(Image.open(small)), np.round(window.session.image * 255))
    # the saved drawing reads back as the same digit
    window.canvas.clear()
    window.pictures.open_image(drawing)
    qtbot.waitUntil(lambda: window.session.source == "seven.png", timeout=5_000)
    assert int(np.argmax(window.predictions()[-1])) == 7


def test_save_into_a_missing_folder_reports_an_error(window: MainWindow, tmp_path: Path) -> None:
    draw_digit(window.canvas, "1")
    with pytest.raises(OSError):
        window.saving.save_drawing(tmp_path / "no" / "such" / "folder" / "one.png")
    title, _ = close_error(window)
    assert title == "Could not save the drawing"
    assert len(window.canvas.content.strokes) == 1


def test_settings_are_remembered(qtbot, settings: QSettings, model_path: Path, tmp_path: Path) -> None:
    first = open_window(qtbot, settings, model_path)
    first.resize(720, 580)  # inside the offscreen screen (800×600), so no clamping on restore
    size = first.size()
    assert size.width() == 720
    first.actions_.speed.setValue(13)
    QTest.keyClick(first.canvas, Qt.Key.Key_BracketLeft)  # thinner brush
    brush = first.canvas.brush_width
    copy = tmp_path / "chosen.safetensors"
    copy.write_bytes(model_path.read_bytes())
    first.open_model(copy)
    qtbot.waitUntil(lambda: first.session.model_name == "chosen.safetensors", timeout=10_000)
    first.actions_.show_state.trigger()  # hide the LSTM view
    first.close()

    second = open_window(qtbot, settings, None)  # no --checkpoint: the model chosen last time
    assert second.actions_.speed.value() == 13 and second.canvas.brush_width == brush
    assert second.size() == size
    assert second.session.model_name == "chosen.safetensors"
    assert not second.heatmap_dock.isVisible()


def test_window_screenshot_is_saved_and_not_blank(window: MainWindow, tmp_path: Path) -> None:
    draw_digit(window.canvas, "7")
    window.session.seek(20)
    path = tmp_path / "window.png"
    assert window.grab().save(str(path))
    shot = qimage_to_array(QImage(str(path)))[..., :3].astype(int)
    assert shot.shape[0] >= 600 and shot.shape[1] >= 1000
    assert shot.std() > 20  # not one flat colour
    canvas = window.canvas.geometry()
    top_left = window.canvas.mapTo(window, canvas.topLeft() - canvas.topLeft())
    region = shot[top_left.y() : top_left.y() + canvas.height(), top_left.x() : top_left.x() + canvas.width()]
    assert (region.sum(axis=2) < 150).mean() > 0.02  # the drawn 7's dark ink is in the canvas area


def test_checkpoint_written_by_the_library_loads_on_start(qtbot, settings: QSettings, tmp_path: Path) -> None:
    """--checkpoint PATH: any checkpoint the library writes is the window's model, named in the status bar."""
    from rowreader import ReaderConfig, RowReader

    path = tmp_path / "tiny.safetensors"
    save_checkpoint(path, RowReader(ReaderConfig(input_size=8, hidden_size=8)), {"test_accuracy": 0.1234})
    window = open_window(qtbot, settings, path)
    assert isinstance(window.session.checkpoint, Checkpoint)
    assert window.session.checkpoint.reader.config.hidden_size == 8
    assert "tiny.safetensors" in window.status.model_label.text() and "12.34%" in window.status.model_label.text()
    loaded = load_checkpoint(path)
    assert loaded.metadata["test_accuracy"] == 0.1234


def test_dropping_a_file_on_the_window_opens_it(window: MainWindow, qtbot, tmp_path: Path, mnist_test) -> None:
    images, labels = mnist_test
    path = tmp_path / "dragged.png"
    Image.fromarray(images[confident_example(window, images, labels, 6)]).save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    point = QPointF(window.canvas.geometry().center())
    enter = QDragEnterEvent(
        point.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: window.session.source == "dragged.png", timeout=5_000)
    assert int(np.argmax(window.predictions()[-1])) == 6
    text_only = QMimeData()
    text_only.setText("hello")
    refused = QDragEnterEvent(
        point.toPoint(), Qt.DropAction.CopyAction, text_only, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    refused.setAccepted(False)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_closing_while_a_model_loads_leaves_no_thread_or_late_callback(
    qtbot, settings: QSettings, model_path: Path
) -> None:
    window = MainWindow(checkpoint=model_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert window.tasks.busy  # the model is loading in the background
    window.close()
    assert window.tasks._pool.activeThreadCount() == 0  # the pool was drained before the window went away
    qtbot.wait(100)  # a late result would arrive now …
    assert window.session.checkpoint is None  # … and is dropped, not applied to a closed window
    assert QGuiApplication.overrideCursor() is None  # the busy cursor is gone too


def test_about_names_the_version_the_model_and_the_data_it_learnt_from(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    from gui.about import show_about

    box = show_about(window)
    text = box.text()
    assert "RowReader 0.1.0" in text and window.session.model_name in text
    assert "CC BY 4.0" in text and "doi:10.5281/zenodo.1195803" in text and "MNIST" in text
    box.close()
    # a model whose file name is markup is shown as typed, not rendered
    odd = tmp_path / "<b>mine<br>.safetensors"
    odd.write_bytes(pretrained_path().read_bytes())
    window.open_model(odd)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    box = show_about(window)
    assert "&lt;b&gt;mine&lt;br&gt;.safetensors" in box.text() and "<b>mine" not in box.text()
    box.close()


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"test_accuracy": True, "test_digits": "many", "date": "yesterday", "dataset": 7},
        {"finetuned_from": {"path": 5}, "examples": "x"},
        {"finetuned_from": "base", "examples": {"count": "3"}, "test_accuracy": float("nan")},
    ],
)
def test_about_reads_any_metadata_without_failing(metadata) -> None:
    from types import SimpleNamespace

    from gui.about import model_lines

    shipped = load_checkpoint(pretrained_path())
    odd = Checkpoint(shipped.config, shipped.weights, {}, Path("m.safetensors"))
    odd.metadata = metadata  # what no checkpoint is made with (refused) but a script may still set
    lines = model_lines(
        SimpleNamespace(model_named=model_name, session=SimpleNamespace(checkpoint=odd, model_name="m.safetensors"))
    )
    assert lines[0].startswith("Model in use: m.safetensors") and all(isinstance(line, str) for line in lines)


def test_about_says_what_a_taught_model_was_taught_from() -> None:
    from types import SimpleNamespace

    from gui.about import model_lines

    shipped = load_checkpoint(pretrained_path())
    meta = {"finetuned_from": {"path": "/x/rowreader.safetensors"}, "examples": {"count": 30}, "test_digits": 2000}
    taught = Checkpoint(shipped.config, shipped.weights, {**meta, "test_accuracy": 0.9945}, Path("mine.safetensors"))
    lines = model_lines(
        SimpleNamespace(
            model_named=model_name, session=SimpleNamespace(checkpoint=taught, model_name="mine.safetensors")
        )
    )
    assert "Taught from rowreader.safetensors on your 30 examples" in lines
    assert "MNIST test accuracy after the last row: 99.45% (2,000 digits)" in lines


def test_switching_to_the_model_compared_with_compares_with_the_one_left(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    # it compared the model with itself (only the teach dialog's pair used to swap)
    other = tmp_path / "other.safetensors"
    other.write_bytes(pretrained_path().read_bytes())
    shipped = window.session.checkpoint.path
    window.compare_with(other)
    qtbot.waitUntil(lambda: window.comparison is not None, timeout=10_000)
    window.open_model(other)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == other, timeout=10_000)
    assert window.comparison is not None and window.comparison.checkpoint.path == shipped
    assert "vs Shipped model (dashed)" in window.status.model_label.text()
    window.open_model(shipped)  # and back: the pair stays in view
    qtbot.waitUntil(lambda: window.session.checkpoint.path == shipped, timeout=10_000)
    assert window.comparison.checkpoint.path == other


def test_the_brush_is_remembered_only_when_chosen(window: MainWindow, settings: QSettings) -> None:
    """A brush the user set is saved; the default is not, so a later default (28 → 24 px on 2 Dec 2026) reaches
    people who never chose one, and a choice equal to the old default is not overwritten by a new one."""
    settings.setValue("canvas/brush_width", 40.0)
    window.save_settings()
    assert not settings.contains("canvas/brush_width")  # the default in use: nothing of the user's to keep
    window.canvas.set_brush_width(12.0)
    window.save_settings()
    assert float(settings.value("canvas/brush_width")) == 12.0
