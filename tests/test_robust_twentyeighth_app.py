"""The twenty-eighth round's app defects: the whole app as a careless or unlucky person uses it (killed at bad
moments, two copies on one HOME, its settings and user folder damaged between starts); each test checked to fail on
the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import open_shipped_window, reading_a_copy_of_the_shipped_model
from PySide6.QtCore import QSettings

from gui.model_loading import MODEL_KEY
from rowreader.checkpoint import pretrained_path


def test_twentyeighth_app_a_copy_closed_last_keeps_the_model_chosen_last(qtbot, tmp_path: Path) -> None:
    """Two copies of the app on one HOME: the first opened a model of the user's, the second then went back to the
    shipped one (Models ▸ Shipped model) and was closed, the first closed after it. Its close wrote its own model
    over the setting the second had just saved, and the next start read the model chosen before, not the one chosen
    last (the README: "The model last opened … is the one the next start reads with"). Each model is remembered as
    it is opened; a close writes no model."""
    mine = tmp_path / "models" / "mine.safetensors"
    first = reading_a_copy_of_the_shipped_model(qtbot, tmp_path, mine)
    second = open_shipped_window(qtbot, tmp_path)  # opened after mine: the shipped model is the last one chosen
    assert Path(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value(MODEL_KEY)) == (
        pretrained_path()
    )
    second.close()
    first.close()
    remembered = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value(MODEL_KEY)
    assert Path(remembered) == pretrained_path(), f"the next start reads {remembered}"
