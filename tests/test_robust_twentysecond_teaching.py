"""The twenty-second round of hostile testing, teaching: "Teach it my handwriting" end to end (2 Dec 2026)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
from conftest import TINY
from gui_window import keep_examples, open_shipped_window, start_teaching
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QProcess
from test_gui_teach import done_at_once

import gui.teach_switch
import rowreader.stream
from gui.demo import draw_digit
from gui.teach_process import TeachProcess
from rowreader import RowReader, save_checkpoint
from rowreader.checkpoint import Checkpoint, load_checkpoint, pretrained_path


def on_the_windows_thread() -> bool:
    """Asked by thread id: ``threading.current_thread()`` on a pool's thread makes a ``Dummy`` thread that lives on."""
    return threading.get_ident() == threading.main_thread().ident


def folds_on_threads(monkeypatch) -> list[bool]:
    """For each fold of a model's weights for a stream from now on, whether the window's thread did it."""
    threads: list[bool] = []
    fold = rowreader.stream.FoldedWeights.__init__

    def counted(self, *args, **kwargs) -> None:
        threads.append(on_the_windows_thread())
        fold(self, *args, **kwargs)

    monkeypatch.setattr(rowreader.stream.FoldedWeights, "__init__", counted)
    return threads


def test_a_model_switched_to_is_not_folded_again_on_the_windows_thread(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Switching models held the window 2.6 s for a 200 MB model and 24 s for 1.1 GB (the event loop's longest
    stall, load 4–7): ``load_checkpoint`` folded the weights for a stream in the background, to check them, and
    dropped them; the session folded them again on the window's thread. A checkpoint keeps its folded weights."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    model = tmp_path / "mine.safetensors"
    save_checkpoint(model, RowReader(TINY))
    threads = folds_on_threads(monkeypatch)
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    window.compare_with(pretrained_path())  # read beside it: its session's stream too
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    assert threads == [False, False], threads


def test_a_checkpoint_folds_again_weights_put_in_place_of_those_it_folded() -> None:
    """The folded weights kept are of the very arrays folded: weights put in their place since are read, not the
    old ones (a stale fold would read another model without a word)."""
    checkpoint = load_checkpoint(pretrained_path())
    row = np.r_[np.zeros(14), np.ones(14)].astype(np.float32)
    first = checkpoint.stream().feed(row).probs
    weights = dict(checkpoint.weights)
    weights["output.bias"] = weights["output.bias"] + np.eye(10, dtype=np.float32)[first.argmin()] * 5
    checkpoint.weights = weights
    again = checkpoint.stream().feed(row).probs
    fresh = Checkpoint(checkpoint.config, weights).stream().feed(row).probs
    assert (again == fresh).all() and not (again == first).all()


def test_switching_the_teach_dialogs_models_hashes_no_file_on_the_windows_thread(
    qtbot, tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """The teach dialog hashed model files on the window's thread: at Ctrl+T (and checked the weights there), at the
    teach's end, and again at every switch between its two models (Switch back, Use the taught model, the Models
    menu, Compare both): 0.5 s a time for a 200 MB model, 2.2 s for 1.1 GB. Each file is hashed once, in the
    background."""
    monkeypatch.setattr(TeachProcess, "start", done_at_once)
    hashed: list[tuple[str, bool]] = []
    real = gui.teach_switch.file_sha256
    monkeypatch.setattr(
        gui.teach_switch,
        "file_sha256",
        lambda path: hashed.append((Path(path).name, on_the_windows_thread())) or real(path),
    )
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    keep_examples(window.teaching.store, mnist_test)
    start_teaching(window, qtbot)
    out = window.teaching.process.run.out
    qtbot.waitUntil(lambda: window.session.checkpoint.path == out and not window.tasks.busy, timeout=20_000)
    teaching = window.teaching
    for switch in (lambda _: teaching.switch_back(), window.open_model):  # the dialog's button, the Models menu
        for path in (pretrained_path(), out):
            switch(path)
            qtbot.waitUntil(
                lambda p=path: window.session.checkpoint.path == p and not window.tasks.busy, timeout=20_000
            )
    teaching.compare_both()
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    window.open_model(pretrained_path())
    qtbot.waitUntil(
        lambda: window.session.checkpoint.path == pretrained_path() and not window.tasks.busy, timeout=20_000
    )
    names = [name for name, _ in hashed]
    assert sorted(names) == sorted({pretrained_path().name, out.name}), hashed  # each once
    assert not any(main for _, main in hashed), hashed


def test_a_model_file_written_over_in_place_keeping_its_time_is_still_found_replaced(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The dialog's digests are kept by the file's stat: a file written over in place, same size, its modification
    time set back (``touch -r``), is another model all the same: its change time moved, so it is hashed anew."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    model = tmp_path / "opened.safetensors"
    shutil.copyfile(pretrained_path(), model)
    teaching._keep_digest(model)
    assert not teaching._replaced(model)
    before = model.stat()
    data = bytearray(model.read_bytes())
    data[-8:] = bytes(8) if data[-8:] != bytes(8) else b"\x01" * 8  # the last weights' bytes: same size, other model
    with model.open("r+b") as file:  # in place: the same inode
        file.write(data)
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert model.stat().st_ino == before.st_ino and model.stat().st_mtime_ns == before.st_mtime_ns
    assert teaching._replaced(model)


def test_the_status_bar_gives_a_taught_models_mnist_beside_its_bases_on_the_same_digits(qtbot, tmp_path: Path) -> None:
    """The status bar gave the shipped model's "MNIST 99.41%" (10,000 digits) and a taught one's "MNIST 99.35%
    (2,000)": switching, a 0.06-point cost, where the same 2,000 digits said 0.15. A taught model's bar gives what the
    model it was taught from read of the same digits first: "MNIST 99.50% → 99.35% (2,000)"."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    shipped = window.session.checkpoint

    @settings(max_examples=12)
    @given(
        before=st.integers(0, 2000),
        after=st.integers(0, 2000),
        digits=st.sampled_from([2000, 500]),
    )
    def says(before: int, after: int, digits: int) -> None:
        before, after = before * digits // 2000, after * digits // 2000
        eval_ = {"digits": digits, "before": before / digits, "after": after / digits}
        metadata = {"test_accuracy": after / digits, "test_digits": digits, "mnist_eval": eval_}
        window.session.set_checkpoint(Checkpoint(shipped.config, shipped.weights, metadata, tmp_path / "m.safetensors"))
        window.status.update()
        bar, tip = window.status.model_label.text(), window.status.model_label.toolTip()
        pair = f"MNIST {before / digits:.2%} → {after / digits:.2%}"
        assert f"{pair} ({digits:,})" in bar, bar
        assert f"{pair} ({digits:,}: before → after teaching)" in tip, tip

    says()
    window.session.set_checkpoint(shipped)  # the shipped model: its one number, of 10,000
    window.status.update()
    assert "→" not in window.status.model_label.text()


def test_a_window_closed_as_its_teach_ends_leaves_no_note_of_an_unfinished_teach(
    qtbot, tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """The taught model's SHA-256 is taken in the background once the fine-tune has written it; the window closed in
    that moment (0.5 s for a 200 MB model) must not leave the note that tells the next start a teach did not finish."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # it runs until the test says it ended
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    keep_examples(window.teaching.store, mnist_test)
    start_teaching(window, qtbot)
    out = window.teaching.process.run.out
    note = out.with_name(out.name + ".teaching")
    assert note.is_file()
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pretrained_path(), out)
    window.teaching.process.succeeded.emit(out)  # the teach ends, and the window is closed at once
    window.close()
    assert not note.exists() and out.is_file()


@settings(max_examples=20)
@given(reason=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1))
def test_the_fine_tunes_own_error_reads_as_a_sentence_in_the_dialog(qapp, reason: str) -> None:
    """A fine-tune that stopped on its own error put that line at the head of the dialog and in the status bar as it
    is, lower-case: "cannot write the fine-tuned model …: No space left on device …. Still reading with …" (the disk
    filled while it was taught). It is said as what it is, the reason whole: "The fine-tune stopped: cannot write …"."""
    process = TeachProcess(Path("base.safetensors"), Path("examples"), Path("out.safetensors"))
    process.run.log.append(f"python -m training.fit: error: {reason}")
    process._read_stderr = lambda: None  # nothing more from a child that was never started
    said = process._why_it_failed(2, QProcess.ExitStatus.NormalExit)
    assert said.startswith("The fine-tune stopped") and reason.strip() in said, said
    process.deleteLater()


def test_an_example_kept_while_it_was_taught_is_said_not_to_be_learnt(qtbot, tmp_path: Path, mnist_test, monkeypatch):
    """A 7 drawn and kept (Ctrl+K) while the fine-tune ran, the window answering meanwhile, was not learnt: the
    fine-tune had read the folder already. The dialog said "Done", the dock counted the 7 among the examples, and
    nothing said to teach again. It names the examples the taught model did not learn (its metadata lists those it
    did)."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # it runs until the test says it ended
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test)
    dialog = start_teaching(window, qtbot)
    learnt = [f"{e.label}/{e.path.name}" for e in teaching.panel.found.examples]
    draw_digit(window.canvas, "7")
    teaching.keep(7)
    qtbot.waitUntil(lambda: len(teaching.panel.found.examples) == len(learnt) + 1, timeout=20_000)
    (new,) = [e for e in teaching.panel.found.examples if f"{e.label}/{e.path.name}" not in learnt]
    out = teaching.process.run.out
    out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(out, load_checkpoint(pretrained_path()), {"examples": {"count": len(learnt), "files": learnt}})
    teaching.process.succeeded.emit(out)  # the teach ends
    qtbot.waitUntil(lambda: teaching.taught_model is not None and not window.tasks.busy, timeout=20_000)
    assert f"1 example kept while it was taught was not learnt (7/{new.path.name})." in dialog.status.text()
    assert dialog.status.text().endswith("Teach again (Ctrl+T) to learn from your examples as they are now.")
