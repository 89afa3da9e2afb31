"""The forty-sixth round of hostile testing, lead: what the whole suite found on main once the round's branches were
merged, each test checked to fail on the code before its fix."""

from __future__ import annotations

from test_gui_teach import held_teach
from test_robust_forty_second_scale import ended_having_learnt

import gui.teach_command as teach_command


def test_an_example_deleted_before_the_background_note_of_what_a_teach_read_is_still_named(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """Which examples a teach read is noted in the background once the fine-tune says it read the folder; an example
    deleted in the second before that note ran (a busy machine: the whole suite failed three tests so, the note
    then writing the teach's record first) was left out of it, and the end of the teach said nothing of it, though
    the taught model learnt from it. What the model learnt (its metadata lists it) is looked for among all the
    examples found as the teach began: the deleted one is named."""
    window, dialog = held_teach(qtbot, tmp_path, mnist_test, monkeypatch)
    teaching = window.teaching
    found = teaching.panel.found.examples
    gone = found[4]
    real_still_there = teach_command.still_there

    def deleted_first(paths):  # the delete lands before the background note looks
        gone.path.unlink(missing_ok=True)  # in a file manager
        return real_still_there(paths)

    monkeypatch.setattr(teach_command, "still_there", deleted_first)
    learnt = [f"{e.label}/{e.path.name}" for e in found]  # the fine-tune read them all, the one gone too
    teaching.process.run.found = len(learnt)
    teaching.process.progress.emit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert not gone.path.exists()
    said = ended_having_learnt(qtbot, window, dialog, learnt)
    assert f"1 example was deleted or moved while it was taught ({gone.label}/{gone.path.name})" in said, said
    dialog.close()
