"""The fifty-eighth round of hostile testing, review38: teach15's merge read as a hostile reviewer (Esc's
"Stopping the teach", the aloud end after Esc, MNIST gone as a teach starts, a teach stopped then the window
closed); each test seen failing on the code before its fix, or on the branch it pins mutated away."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.teach_process import in_the_apps_words
from rowreader.data import FILES, default_data_dir, mnist_files


def test_mnist_moved_into_a_folder_below_as_a_teach_starts_says_where_they_are_in_the_apps_words(
    tmp_path: Path,
) -> None:
    """MNIST's files moved into a folder inside its folder as a teach started: the fine-tune says where they are
    ("They are in …/sub: pass that folder (--data-dir / root=) or set $ROWREADER_DATA to it"), and teach15's
    app words put "Teach again (Ctrl+T): RowReader then offers to download them" over all of it. Ctrl+T then said
    "They are not on this computer" and offered 11 MB the folder below held. Where they are is kept, with the app's
    way to it ($ROWREADER_DATA is read as it starts), no flag or Python argument."""
    shared, below = default_data_dir(), tmp_path / "mnist" / "sub"
    below.mkdir(parents=True)
    for stem in FILES[True]:
        (below / f"{stem}.gz").symlink_to(shared / f"{stem}.gz")
    with pytest.raises(FileNotFoundError) as raised:
        mnist_files(tmp_path / "mnist", True)
    said = in_the_apps_words(str(raised.value))
    assert f"They are in {below}" in said, said
    assert said.endswith("set $ROWREADER_DATA to it, then start RowReader again."), said
    assert "offers to download" not in said, said
    assert not any(word in said for word in ("--", "root=", "download=True", "python -m", "`")), said
