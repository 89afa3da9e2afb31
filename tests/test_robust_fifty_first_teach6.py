"""The fifty-first round of hostile testing, teach6: teaching the reader one's own handwriting as a hostile user:
examples with odd drawings (blank, black, one drawing 30 times, every example one digit), ``python -m training.fit
--finetune`` with odd arguments (each bound and default of its help, ``--out`` a link to the base or a file's
folder), and the app's teach; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil

import pytest
from gui_window import open_shipped_window, open_teach_dialog, taught_until
from test_gui_teach import FAST as FAST_TEACH

from gui.teach_process import TeachProcess
from rowreader import save_checkpoint
from rowreader.checkpoint import load_checkpoint, pretrained_path
from training.fit import main

FAST = ["--train-samples", "64", "--batch-size", "16", "--eval-digits", "200", "--threads", "1"]


def test_a_refusal_for_too_few_drawings_says_that_newest_left_the_others_out(
    tmp_path, tiny_base, mnist_examples, capsys
):
    """A folder of two different 1s taught with ``--newest 1`` was refused as "…/ones: one example; teaching needs at
    least two different drawings (three of each digit to learn is a good start)": the folder holds two, and keeping
    three of each would be refused alike. The warning above it said two were left out, the refusal blamed the folder.
    The refusal now names ``--newest`` as what left the others out, and says to give a larger one."""
    ones = tmp_path / "ones"
    shutil.copytree(mnist_examples / "1", ones / "1")
    out = tmp_path / "o.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(ones), "--out", str(out), "--newest", "1", *FAST]
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.endswith(
        f"{ones}: one example; teaching needs at least two different drawings: --newest 1 left 1 older example out"
        "; give a larger --newest"
    ), err
    assert not out.exists()


def test_a_teach_whose_examples_folder_became_a_file_names_no_flag(qtbot, tmp_path, mnist_test):
    """The examples folder replaced by a file as Ctrl+T started the fine-tune (a sync tool, a restore): the dialog and
    the status bar said "The fine-tune stopped: argument --examples: …/examples is a file, not a folder", the
    command line's flag, which nobody using the app typed (the app passes it). The app now says it without the
    flag, as it words the fine-tune's other errors (``in_the_apps_words``): "… …/examples is a file, not a folder"."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=2, teach_args=FAST_TEACH)
    root = window.teaching.store.root
    shutil.rmtree(root)  # before the fine-tune's interpreter has read its command line (it takes a second to start)
    root.write_text("not a folder")
    taught_until(qtbot, process, lambda: not process.running)
    qtbot.waitUntil(lambda: "The fine-tune stopped" in dialog.status.text(), timeout=10_000)
    said = dialog.status.text()
    assert f"The fine-tune stopped: {root} is a file, not a folder." in said and "--" not in said, said
    assert root.read_text() == "not a folder"  # what stands there is left as it is


def test_the_bench_refuses_a_batch_with_no_room_for_the_examples_before_any_work(bench_module, capsys):
    """``bench/bench_finetune.py --set batch_size=1`` (or ``--set replay=0.99``) was accepted: 25 s of reading MNIST
    and rendering every person later, the first fine-tune ended it in a traceback ("ValueError: --replay 0.75 leaves
    no room for the examples in a batch of 1", status 1). The command line refused it at once; the bench's recipe,
    with no ``--finetune`` base in it, was never asked. It is now refused as ``--set``'s other mistakes are, status 2,
    before the checkpoint is read."""
    for setting in ("batch_size=1", "replay=0.99"):
        with pytest.raises(SystemExit) as exit_:
            bench_module("bench_finetune").main(["--checkpoint", "/nowhere/never-read.safetensors", "--set", setting])
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and "--set: --replay 0." in err and "leaves no room for the examples" in err, err


def test_a_teach_whose_examples_were_all_deleted_meanwhile_does_not_say_teach_again(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """Every example deleted while the teach ran (a file manager's Delete on the folder's digits): the dialog ended
    "20 examples were deleted or moved while it was taught (…): it learnt from them as before. Teach again (Ctrl+T)
    to learn from your examples as they are now.", and Ctrl+T then refused: "You have kept no example". It now says
    what the folder holds and what to do first, in Ctrl+T's words."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # it runs until the test says it ended
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    dialog, _ = open_teach_dialog(qtbot, window, mnist_test, per_digit=2)
    learnt = [teaching.panel.found.name_of(e) for e in teaching.panel.found.examples]
    teaching.process.run.found = 20  # the fine-tune has read the folder ("start"): what it read is noted
    teaching.process.progress.emit()
    qtbot.waitUntil(lambda: len(teaching.taught_from) == 20, timeout=20_000)
    for digit in teaching.store.root.iterdir():
        shutil.rmtree(digit)
    teaching.panel.reload()
    qtbot.waitUntil(lambda: not len(teaching.panel.found), timeout=20_000)
    out = teaching.process.run.out
    out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(out, load_checkpoint(pretrained_path()), {"examples": {"count": 20, "files": learnt}})
    teaching.process.succeeded.emit(out)  # the teach ends
    qtbot.waitUntil(lambda: teaching.taught_model is not None and not window.tasks.busy, timeout=20_000)
    said = dialog.status.text()
    assert "20 examples were deleted or moved while it was taught" in said and "Teach again" not in said, said
    assert said.endswith(
        "You have kept no example; teaching needs at least two different drawings: keep a few more (Ctrl+K), then "
        "teach again (Ctrl+T)."
    ), said
