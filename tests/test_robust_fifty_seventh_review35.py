"""The fifty-seventh round, review35: a fresh reading of light3's, a11y8's, marks5's and mutants12's merges.

light3's ``qt_refused`` judges the installed PySide6 against the pin ``qt_requirement`` reads from the project's
metadata; the pin was found only where it began with ``<`` or ``>``. ``packaging`` would say the same in fewer lines,
but the light install has none (pip keeps its own copy private; none of numpy, pillow, safetensors, tqdm or
PySide6-Essentials requires it), so the hand parser stays and is checked here against the pins pyproject could hold.
"""

from __future__ import annotations

import pytest

from rowreader.needs_torch import QT_PACKAGE, install_words, qt_refused, qt_requirement
from rowreader.output import shell_word


def _installed_with(tmp_path, monkeypatch, requirement: str) -> None:
    """The project's metadata, as setuptools writes it, first on the path, its Qt pin ``requirement``."""
    info = tmp_path / "rowreader-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rowreader\nVersion: 0.0.1\nRequires-Dist: numpy>=1.24\n"
        f"Requires-Dist: {requirement}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))


@pytest.mark.parametrize(
    "pin",
    [
        "PySide6-Essentials!=6.12.0,>=6.7",  # setuptools sorts the clauses: the natural pin for '6.12.0 aborts'
        "PySide6-Essentials==6.11.3",
        "pyside6_essentials<6.12,>=6.7",  # the name as pip matches it, any case, - or _
    ],
)
def test_a_qt_pin_not_starting_with_lt_or_gt_is_still_the_pin(tmp_path, monkeypatch, pin):
    """A pin of ``!=`` first, or ``==``, was not found: the app let 6.12.0 start, and the install it named was the bare
    package, which pip resolves to the newest, the Qt that aborts."""
    _installed_with(tmp_path, monkeypatch, pin)
    assert qt_requirement() == pin
    assert qt_refused("6.12.0") is not None
    assert f"pip install {shell_word(pin)}`" in install_words("the app", "PySide6")


def test_a_pin_with_a_marker_or_another_package_is_not_taken_for_qts(tmp_path, monkeypatch):
    """Another package whose name begins like Qt's is not its pin; where nothing names Qt, the bare package."""
    _installed_with(tmp_path, monkeypatch, "PySide6-Essentials-extra>=9")
    assert qt_requirement() == QT_PACKAGE
    assert qt_refused("6.12.0") is None
