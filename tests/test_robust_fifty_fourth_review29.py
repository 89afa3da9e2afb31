"""The fifty-fourth round's review of the fifty-third's merges (area review29), each checked to fail on the code
before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import constant_reader

from rowreader.checkpoint import save_checkpoint


def _tied(tmp_path: Path) -> str:
    """A model even between 3 and 7 after every row, whatever it reads (the others under 0.1 % each)."""
    beliefs = [1e-9] * 10
    beliefs[3] = beliefs[7] = 0.5
    path = tmp_path / "tied.safetensors"
    save_checkpoint(path, constant_reader(beliefs))
    return str(path)


@pytest.mark.parametrize(
    ("row", "said"),
    [(28, "read as 3 or 7 (50.0% each) after 28 rows"), (1, "read as 3 or 7 (50.0% each) after 1 row"), (0, None)],
)
def test_review29_screenshot_says_a_tie_and_no_rows_as_its_window_does(
    tmp_path: Path, capsys, row: int, said: str | None
) -> None:
    """cli7 named every digit of a tie in ``rowreader predict`` and the app's header ("Unsure: perhaps 3 or 7 (50.0%
    each)"), but ``gui.screenshot`` printed "read as 3 after 28 rows" of that very window (argmax's lowest digit), and
    at ``--row 0``, the window saying "No rows read yet", "read as None after 0 rows"."""
    from gui.screenshot import main

    out = tmp_path / "shot.png"
    assert main([str(out), "--checkpoint", _tied(tmp_path), "--row", str(row), "--no-lstm"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"wrote {out} (digit 7, "), line
    assert line.endswith(f"{said or 'no rows read yet'})"), line
