"""The fifty-third round, mutants8: mutation testing by hand of gui/settings.py, gui/readout.py and
training/arguments.py (see docs/robustness.md). Each test here failed on a small change to the code (a mutant) that
every earlier test let through, and asks what a user would meet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from gui.settings import MAX_SETTINGS_BYTES, app_settings, read_flag, read_int, read_number, read_path, settings_trouble


def test_a_hand_edited_negative_speed_is_read_as_the_slowest(tmp_path):
    """``rows_per_second=-5`` in a hand-edited settings file is read as the slowest speed, 1: the mutant that
    clamped only from above handed the window -5 rows a second."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("scan/rows_per_second", "-5")
    assert read_int(settings, "scan/rows_per_second", 8, 1, 56) == 1


def test_the_smallest_chart_says_a_row_not_read_yet_whole_in_its_short_words(qtbot):
    """Pointing past the rows read in the smallest chart (240 × 150), the note is "row 11: not read yet", whole:
    the mutant that gave the long note where the short was asked cut it to "row 11: not read yet; cl…"."""
    from gui_window import shown
    from test_robust_gui import tied_reader

    from gui.timeline import BeliefTimeline
    from rowreader.session import DigitSession

    session = DigitSession(tied_reader(7))
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    session.seek(10)
    timeline = shown(qtbot, BeliefTimeline(session), (240, 150))
    note, _ = timeline.unread_note_box(11, timeline.plot_rect(), timeline.fontMetrics())
    assert note == "row 11: not read yet"


def test_a_yes_or_no_where_a_number_is_kept_is_read_as_the_default():
    """Where the settings keep types (macOS's plist, settings held in memory), ``defaults write … brush_width
    -bool YES`` is a bool, no width: it is read as the default. The mutant that let bools through read it as 1."""
    settings = QSettings("", QSettings.Format.IniFormat)  # in memory: a bool stays a bool, as in a plist
    settings.clear()
    settings.setValue("canvas/brush_width", True)
    assert read_number(settings, "canvas/brush_width", 2.5, 0.5, 10.0) == 2.5


def test_a_yes_kept_as_a_bool_is_read_as_yes():
    """Where the settings keep types (macOS's plist, settings held in memory), the app's own ``True`` (My examples
    seen) is read back as yes: the mutant that took only the text "true" read it as no, and the dock was shown
    again at each start as if never seen."""
    settings = QSettings("", QSettings.Format.IniFormat)
    settings.clear()
    settings.setValue("examples/dock_seen", True)
    assert read_flag(settings, "examples/dock_seen") is True


def test_a_settings_file_of_exactly_the_limit_is_read(app_names):
    """A settings file of 1,000,000 bytes is "at most 1 MB", as the refusal of a larger one says: it is read, its
    keys kept. The mutant that refused it at the limit started the window clean, its file not read."""
    app_names.setApplicationName("RowReader-mutants8-limit")  # where QSettings() reads, a file of this test's own
    conf = Path(QSettings().fileName())
    conf.parent.mkdir(parents=True, exist_ok=True)
    head = b"[scan]\nrows_per_second=12\n"
    conf.write_bytes(head + b"#" * (MAX_SETTINGS_BYTES - len(head) - 1) + b"\n")
    try:
        assert conf.stat().st_size == MAX_SETTINGS_BYTES
        settings = app_settings()
        assert settings_trouble(settings) is None
        assert read_int(settings, "scan/rows_per_second", 8, 1, 56) == 12
    finally:
        for left in conf.parent.glob(f"{conf.name}*"):  # the file and the copy of its hand edits
            left.unlink()


def test_three_settings_this_version_cannot_read_are_named_whole(app_names, capfd):
    """A file holding three settings of a type this Qt does not know names all three, with nothing after them:
    the mutant that marked three as "more" said "(a, b, c, …)", as if a fourth were left unnamed."""
    app_names.setApplicationName("RowReader-mutants8-newer")
    conf = Path(QSettings().fileName())
    conf.parent.mkdir(parents=True, exist_ok=True)
    future = "@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\rQFutureTypeV9\\0\\0\\0\\x1\\x1)"
    conf.write_text(f"[General]\na={future}\nb={future}\nc={future}\n", encoding="latin-1")
    try:
        capfd.readouterr()
        app_settings()
        err = capfd.readouterr().err
        assert f"{conf} holds 3 settings this RowReader cannot read (a, b, c), a newer version's?" in err, err
    finally:
        conf.unlink()


def test_a_compared_model_with_a_short_name_is_named_in_the_read_out(qapp):
    """The seed model compared ("seed", four letters) heads its column "┄ seed" where it fits whole: the mutant that
    asked every name for nine characters shown headed it "┄ dashed", as if its name had not fitted."""
    from PySide6.QtGui import QFont

    from gui.readout import dashed_column_name

    assert dashed_column_name("seed", QFont(), 500) == "┄ seed"


def test_a_remembered_folder_holding_a_nul_is_dropped_as_it_is_read(tmp_path):
    """`last_dir=/tmp/a\\0b` hand-written (Qt reads the escape as a NUL) is no path: it is read as the default and
    dropped, not written back at every close. The mutant that let a NUL through gave it back as the folder, a
    name no system call takes, and kept it in the file."""
    path = tmp_path / "s.ini"
    path.write_text("[files]\nlast_dir=/tmp/a\\0b\n", encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert "\0" in settings.value("files/last_dir")  # as Qt reads it
    assert read_path(settings, "files/last_dir", "/home") == "/home"
    settings.sync()
    assert not QSettings(str(path), QSettings.Format.IniFormat).contains("files/last_dir")


def test_a_misspelt_flag_before_resume_and_a_file_is_named(capsys):
    """`python -m training.fit --bogus --resume runs/a.safetensors` names --bogus, the word argparse could not read;
    the mutant that took any word after --resume for the refused one said only "--resume takes no file", and the
    misspelt flag went unsaid."""
    from training.arguments import parse_args

    with pytest.raises(SystemExit) as stop:
        parse_args(["--bogus", "--resume", "runs/a.safetensors"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--bogus" in err and "takes no file" not in err, err


def test_a_flag_misspelt_after_resume_is_not_taken_for_a_file(capsys):
    """`--resume --bogus` is refused as an unrecognized --bogus: the mutant that took any word after --resume for
    a file told the user "--resume takes no file" and to type `--resume --out --bogus`."""
    from training.arguments import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--resume", "--bogus"])
    err = capsys.readouterr().err
    assert "unrecognized arguments: --bogus" in err and "takes no file" not in err, err


def test_a_hand_written_path_with_a_comma_and_a_doubled_at_is_found(tmp_path):
    """A model at `…/a,@@b.safetensors` hand-written unquoted is read by Qt as the list ["…/a", "@b.safetensors"]
    (its escape of a leading @): the name is joined again as it is on the disk. The mutant that did not try the
    doubled @ gave back `…/a,@b.safetensors`, which names nothing, and the remembered model was passed over."""
    model = tmp_path / "a,@@b.safetensors"
    model.write_bytes(b"")
    path = tmp_path / "s.ini"
    path.write_text(f"[model]\npath={model}\n", encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert isinstance(settings.value("model/path"), list)  # as Qt reads it
    assert read_path(settings, "model/path") == str(model)


def test_a_pointed_compared_value_is_banded_as_far_right_of_it_as_left_of_the_name():
    """Where the read-out's dashed line is pointed at (alone or with the solid), its band reaches 3 px past the
    compared value as it begins 3 px before the digit's name: the mutant that stopped it at the value's edge gave it
    no margin on the right."""
    from PySide6.QtCore import QRectF

    from gui.readout import readout_bands

    line = QRectF(10, 20, 60, 14)  # the name and the solid value
    (band,) = readout_bands(line, 20.0, 30.0, (True, True))
    assert band.left() == line.left() - 3 and band.right() == line.right() + 30 + 3
    _, value = readout_bands(line, 20.0, 30.0, (False, True))  # the dashed line alone: its value's band
    assert value.left() == line.right() and value.right() == line.right() + 30 + 3


def test_a_hand_written_path_with_a_comma_naming_nothing_is_given_back_as_written(tmp_path):
    """A remembered model `…/a,b.safetensors` hand-written unquoted, its file gone, is given back as written (a
    comma alone), for the start to say it is gone: the mutant that joined by ", " first named
    `…/a, b.safetensors`, a file the user never had."""
    gone = tmp_path / "gone" / "a,b.safetensors"
    path = tmp_path / "s.ini"
    path.write_text(f"[model]\npath={gone}\n", encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert read_path(settings, "model/path") == str(gone)


def test_two_distillation_flags_without_teachers_matter_in_the_plural(capsys):
    """`--distill-weight 0.5 --distill-temperature 2` without --distill-from: "… only matter with --distill-from";
    the mutant that always wrote "matters" said it of the two."""
    from training.arguments import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--distill-weight", "0.5", "--distill-temperature", "2"])
    err = capsys.readouterr().err
    assert "--distill-weight and --distill-temperature only matter with --distill-from" in err, err


def test_a_resumed_run_takes_its_pen_folder_without_pen_typed(tmp_path):
    """`--resume --pen-dir DIR` goes on with the recipe's own --pen (a run begun with pen digits), so the folder is
    taken, not refused as doing nothing at --pen 0: the mutant refused it, saying the run would train on MNIST
    alone."""
    from training.arguments import parse_args

    config = parse_args(["--resume", "--pen-dir", str(tmp_path)])
    assert config.resume and config.pen_dir == str(tmp_path)


def test_a_killed_saves_temporary_stamped_just_before_its_lock_is_swept(tmp_path):
    """Qt's temporary of a save killed at its rename, stamped half a second before its lock (a disk keeping coarse
    times, a clock stepped back), goes at the start as one stamped after it does: the mutant that took only those
    stamped at or after the lock kept it for good."""
    import os
    import signal
    import subprocess
    import sys

    from gui.settings import sweep_save_leftovers

    conf = tmp_path / "RowReader.conf"
    conf.write_text("[scan]\nrows_per_second=12\n", encoding="utf-8")
    temporary = tmp_path / "RowReader.conf.npXhla"
    temporary.write_text("[scan]\nrows_per_second=11\n", encoding="utf-8")
    killed = (  # as Qt's save is killed at its rename: its lock held, its temporary written
        "import os, signal, sys\nfrom PySide6.QtCore import QLockFile\nlock = QLockFile(sys.argv[1] + '.lock')\n"
        "assert lock.tryLock(0)\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert subprocess.run([sys.executable, "-c", killed, str(conf)]).returncode == -signal.SIGKILL
    locked_at = os.stat(f"{conf}.lock").st_mtime
    os.utime(temporary, (locked_at - 0.5, locked_at - 0.5))
    sweep_save_leftovers(conf)
    assert not temporary.exists() and conf.is_file()
