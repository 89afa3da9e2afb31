"""The twenty-first round, second look at the library, teaching and the default brush: what the round had just
changed, attacked again (docs/robustness.md says what was tried)."""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from conftest import TINY, shipped_model_says
from gui_window import open_shipped_window, teach_under_way

from gui.teaching import Teaching
from rowreader import ReaderConfig, RowReader, load_pretrained, pen, save_checkpoint
from rowreader.checkpoint import Checkpoint, file_holds, load_checkpoint, pretrained_path
from rowreader.paths import file_sha256
from rowreader.pen import DEFAULT_PEN, render_strokes


def test_the_bench_names_the_default_pens_ratio_as_it_measures_ratios(bench_module):
    """`bench_handwriting.py` headed its table by pen width / ink height with "the default pen on a 190-px digit:
    0.13", 24 / 190, where each digit's ratio is its pen over its ink's height, half a pen past the strokes at either
    end: 24 / 214 = 0.11 (0.13 was the old 28-px pen's). The heading's number is the one its table would give."""
    bench = bench_module("bench_handwriting")
    canvas = render_strokes([np.array([[0.0, 0.0], [0.0, 1.0]])], DEFAULT_PEN)  # a 1, 190 px tall, the default pen
    rows = np.nonzero((canvas < 128).any(axis=1))[0]
    measured = DEFAULT_PEN / np.ptp(rows)  # as Rendered.pen_ratios measures it
    assert pytest.approx(measured, abs=0.002) == bench.DEFAULT_PEN_RATIO


def test_a_model_taught_from_what_replaced_the_file_in_use_is_not_read_as_if_it_were_yours(qtbot, tmp_path) -> None:
    """Ctrl+T notes the model file's SHA-256 as the teach starts; the fine-tune reads that file seconds later (torch
    loads first). Replaced in between (a training run saving each epoch to the model in use), the replacement was
    taught and the window switched to the result, saying "Done: now reading with …" as if the model in use had been
    taught. The taught model records the SHA-256 of what it learnt from: it is kept in the Models menu, not read, and
    the dialog says why."""
    model = tmp_path / "opened.safetensors"
    model.write_bytes(pretrained_path().read_bytes())
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")  # not the tests' shared folder
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    teaching = window.teaching
    taught = teach_under_way(window, model, "mine-20261202-160000-abcdef.safetensors", heldout=[(0, 0.5), (2, 1.0)])
    reader = load_pretrained().reader
    with torch.no_grad():
        reader.output.bias.add_(1.0)  # the same network, other weights: an epoch later
    save_checkpoint(model, reader, {"test_accuracy": 0.9}, force=True)  # before the fine-tune read it
    learnt_from = {"path": str(model), "sha256": file_sha256(model), "test_accuracy": 0.9}
    save_checkpoint(taught, reader, {"test_accuracy": 0.9, "finetuned_from": learnt_from})
    teaching._taught(taught)
    dialog = teaching.dialog
    assert dialog.status.text().startswith(
        "Not the model in use taught: the file of opened.safetensors was replaced after teaching began, and "
        f"{taught.name} was taught from what it held then"
    )
    assert dialog.switch_back_button.isHidden() and dialog.compare_button.isHidden()
    qtbot.wait(100)  # a model being opened (the taught one, before) is read by then
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert window.session.checkpoint.path == model  # still the model it had
    assert window.session.checkpoint.config == load_pretrained().config


def test_ctrl_t_asks_whether_the_model_is_still_its_files_without_building_a_stream(tmp_path, monkeypatch) -> None:
    """At Ctrl+T the window asked whether the model in use was still its file's with `load_checkpoint(file) !=
    in_use`, on its own thread: the load builds a stream to check the weights, 1 to 5 s for a 200 MB model (LSTM
    2048 × 2) with the window frozen. `file_holds` reads the file and compares (0.15 s); other weights in the same
    network, or another network, are still found."""
    model = tmp_path / "mine.safetensors"
    reader = RowReader(TINY)
    save_checkpoint(model, reader, {"test_accuracy": 0.5})
    in_use = load_checkpoint(model)
    monkeypatch.setattr(Checkpoint, "stream", lambda *_: pytest.fail("a stream was built at Ctrl+T"))
    assert Teaching._base_unusable(model, in_use) is None and file_holds(model, in_use)
    with torch.no_grad():
        reader.output.bias.add_(1.0)
    save_checkpoint(model, reader, {"test_accuracy": 0.5}, force=True)
    assert "was replaced since it was opened: it holds another model." in Teaching._base_unusable(model, in_use)
    save_checkpoint(model, RowReader(ReaderConfig(input_size=16, hidden_size=8)), {"test_accuracy": 0.5}, force=True)
    assert "(LSTM 8; the model in use: LSTM 2×24)" in Teaching._base_unusable(model, in_use)


def test_a_picture_where_nothing_was_found_is_no_answer_in_the_tests_count(mnist_test) -> None:
    """`shipped_model_says` (conftest, merged from eight tests) read a picture where nothing was found as an empty
    field, "a wrong answer": the shipped model reads an empty field as a 1, so every 1 lost counted as read right, and
    a test of 1s passed with `to_mnist` finding nothing. Nothing found is no answer."""
    images, labels = mnist_test
    one = images[np.flatnonzero(labels == 1)[0]].astype(np.float32) / 255
    assert list(shipped_model_says([None, one])) == [-1, 1]


def test_teachings_pen_replay_is_drawn_anew_when_the_pen_changes(tmp_path, monkeypatch) -> None:
    """Teaching replays UNIPEN digits drawn as on the canvas, with its default brush, kept in the user cache under
    the data's checksum, the count and the preprocessing's version: when the default went 28 → 24 px, a cache an
    earlier version drew was read on, and teaching went on replaying 28-px digits. The pen's code names it too."""
    import training.pen_data
    import training.replay as replay_module

    monkeypatch.setattr(replay_module, "user_cache_dir", lambda: tmp_path / "cache")
    now, _ = replay_module.pen_replay(None, count=5)
    then = tmp_path / "pen.py"  # the pen's code as it was: 28 px
    then.write_text(Path(pen.__file__).read_text().replace("DEFAULT_PEN = 24.0", "DEFAULT_PEN = 28.0"))
    monkeypatch.setattr(replay_module, "pen_renderer", SimpleNamespace(__file__=str(then)))
    monkeypatch.setattr(training.pen_data, "DEFAULT_PEN", 28.0)
    before, _ = replay_module.pen_replay(None, count=5)
    assert before.mean() > 1.05 * now.mean()  # heavier: drawn anew with that pen, not read from the 24-px cache
    assert len(list((tmp_path / "cache").glob("pen-replay-*.npz"))) == 2


def test_switch_back_to_a_link_pointed_at_another_model_since_says_so(qtbot, tmp_path) -> None:
    """The teach notes its models' digests by the file each names (`resolve()`): a model opened as a link
    (`current.safetensors` → `v1`) pointed at another model while it was taught was a file never noted, so Switch
    back read the other model and said "Now reading with current.safetensors again, as before teaching"."""
    first, link = tmp_path / "v1.safetensors", tmp_path / "current.safetensors"
    first.write_bytes(pretrained_path().read_bytes())
    link.symlink_to(first)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.open_model(link)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == link and not window.tasks.busy, timeout=20_000)
    teaching = window.teaching
    taught = teach_under_way(window, link, "mine-20261202-161000-abcdef.safetensors", heldout=[(0, 0.9), (2, 1.0)])
    taught.write_bytes(pretrained_path().read_bytes())
    newer = tmp_path / "v2.safetensors"
    save_checkpoint(newer, RowReader(TINY), {"test_accuracy": 0.1})
    (tmp_path / "pointing").symlink_to(newer)
    (tmp_path / "pointing").replace(link)  # the link now names v2, as `ln -sfn` leaves it
    teaching._taught(taught)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == taught and not window.tasks.busy, timeout=20_000)
    teaching.switch_back()
    assert "current.safetensors, was replaced (its file holds another model now)" in teaching.dialog.status.text()
    assert window.session.checkpoint.path == taught and not window.tasks.busy
