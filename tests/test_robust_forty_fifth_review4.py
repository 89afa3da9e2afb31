"""The forty-fifth round of hostile testing, review4: a hostile review of this round's last merges (polish, dock,
scale2: the words for copies set aside, a model's name mid-sentence, the maps docked beside, the work moved off the
window's thread), each defect fixed; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import open_shipped_window
from test_gui_teach import keep_examples, start_teaching

from gui.taught_models import models_dir
from gui.teach_process import TeachProcess
from gui.teach_record import unfinished_teaches


def test_a_teach_killed_with_copies_kept_is_not_said_to_have_left_older_ones_out(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """The note of a teach cut short counted copies among the older examples left out: 20 different drawings and 5
    copies of one 3 kept, the app killed mid-teach, the next start said "The last teaching … on the newest 20 of your
    25 examples did not finish", where the dialog says "20 drawings of your 25 examples (5 copies set aside)" and
    nothing was left out for being older. The note holds the copies, and says them as the dialog does
    (``examples_named``, one definition)."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # killed before it said anything
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store = window.teaching.store
    keep_examples(store, mnist_test, per_digit=2)
    images, labels = mnist_test
    three = np.kron(255 - images[np.flatnonzero(labels == 3)[0]], np.ones((10, 10), np.uint8))
    for _ in range(5):  # the first 3 kept again, five times: copies of one drawing
        store.add(3, three)
    start_teaching(window, qtbot)
    window.teaching.record._lock.close()  # the app killed: the OS frees its lock, the note stays
    (said,) = unfinished_teaches(models_dir(tmp_path / "user"))
    assert " on 20 drawings of your 25 examples (5 copies set aside) did not finish" in said, said
    assert "newest" not in said, said
