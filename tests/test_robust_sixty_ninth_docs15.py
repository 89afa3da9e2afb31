"""The sixty-ninth round, docs15: every document against the code after the round's changes (the commands' number
words, model names, the pictures' words, the exit statuses their --help gives, the teach bar after Cancel)."""

from __future__ import annotations

import importlib

import pytest
from gui_window import teach_running_at

from gui.teach_process import TeachProcess

# every command that is no benchmark (the benchmarks' statuses are in docs/benchmarks.md), as docs/input-checks.md
# says: each one's --help gives its exit statuses
COMMANDS = (
    "rowreader.cli",
    "training.arguments",
    "training.merge",
    "training.ship",
    "training.unipen_convert",
    "training.drawn",
    "gui.screenshot",
    "gui.teach_screenshot",
)


def _help_of(name: str, capsys) -> str:
    """What `--help` of command module ``name`` prints, its words on one line."""
    with pytest.raises(SystemExit) as ended:
        importlib.import_module(name).main(["--help"])
    assert ended.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_every_commands_help_gives_its_exit_statuses(capsys) -> None:
    """`python -m gui.teach_screenshot --help` named no exit status, where cli26 gave training.drawn's and
    gui.screenshot's "as every other command's does": a script that makes the README's teaching pictures could not
    tell a refused OUT_DIR or --examples (2) from a teach that did not start (1). It lists them now, as they are."""
    for name in COMMANDS:
        text = _help_of(name, capsys)
        assert "Exit status: 0 when everything worked; " in text, name
        assert "2 for a command line that is refused" in text, (name, text)
        assert "130 when stopped by Ctrl-C and 143 by SIGTERM" in text, (name, text)


def test_the_teach_pictures_help_tells_a_refusal_from_a_failed_teach(capsys) -> None:
    """gui.teach_screenshot refuses what it is given before its window opens (status 2) and ends 1 once a teach it
    ran could not start or its pictures could not be written; its --help said neither. It says both now."""
    text = _help_of("gui.teach_screenshot", capsys)
    assert "1 for examples that cannot be copied, a model that cannot be read, a teach that does not start" in text
    assert "or an OUT_DIR, --examples, --home or model refused before the window opens" in text, text


def test_a_teach_cancelled_at_its_first_report_is_said_cancelled_before_step_1(qtbot, tmp_path, monkeypatch) -> None:
    """The fine-tune reports "step 0 of 40" before its first step (the base model's readings); Cancel then left the
    teach dialog's bar saying "Cancelled at step 0 of 40", a step that does not exist, the words the window's close
    line had lost (teach_cut_short_words: "before its first step"). The bar says "Cancelled before step 1" now, and
    a run cancelled at a step it reached still names it."""
    monkeypatch.setattr(TeachProcess, "running", property(lambda self: True))
    monkeypatch.setattr(TeachProcess, "cancel", lambda self: None)
    bars = []
    for step in (0, 1):
        dialog, _ = teach_running_at(qtbot, tmp_path, step)
        dialog.cancel_button.click()
        dialog.finish(False, "Cancelled. Still reading with the shipped model; nothing was written.")
        bars.append(dialog.bar.text())
    assert bars == ["Cancelled before step 1", "Cancelled at step 1 of 40"]


def test_no_commands_help_shows_docstring_marks(capsys) -> None:
    """`python -m gui.screenshot --help` and `gui.teach_screenshot --help` began "``python -m gui.screenshot
    OUT.png``: draw a demo digit…", reST's double backticks from the module's docstring printed to a user, where
    every other command quotes a command line as a shell user writes it. Their help quotes it in single backticks,
    as training.ship's does."""
    for name in COMMANDS:
        assert "``" not in _help_of(name, capsys), name
