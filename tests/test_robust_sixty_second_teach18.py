"""The sixty-second round of hostile testing, teach18: teaching under a user who does not wait (Ctrl+T pressed, then
the window closed at once). Each defect found is checked offscreen, against the real app, and seen failing on the code
before its fix."""

from __future__ import annotations

from gui_window import keep_examples, open_shipped_window

from gui.example_transfer import cut_short_noted


def test_ctrl_t_then_ctrl_q_at_once_is_said_as_a_teach_cut_short(qtbot, tmp_path, mnist_test, capfd) -> None:
    """Ctrl+T, then Ctrl+Q while it still read the examples (seconds for thousands, the status saying "Reading your
    examples…"): the window closed and nothing said the teach had not run, on stderr or at the next start, where the
    same two keys a moment later (its process started) said "the teach was cancelled as the window closed (before its
    first step)" in both. Now the close says so of a teach still being prepared too."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    window.teaching.teach_action.trigger()
    assert window.teaching.preparing and window.teaching.process is None  # its examples being read
    window.close()
    words = "the teach was cancelled as the window closed (before its first step): no model was written"
    assert words in capfd.readouterr().err
    assert [words in note for note in cut_short_noted(user, "teach")] == [True]
    assert not list((user / "models").glob("*.safetensors"))  # and none was written: the words are true
