"""The forty-second round of hostile testing, lead: what the round's helpers saw and left, taken up as they were
merged; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from types import SimpleNamespace

import training.files
from training.files import refuse_a_member_twice


def test_a_merges_members_are_looked_for_with_each_teachers_file_hashed_once(tmp_path, monkeypatch):
    """Looking for a reader counted twice hashed every teacher's file once for each other teacher: n·(n−1) reads
    of files that may be large (the review saw it). Each file is hashed once now, and the refusal is unchanged."""
    paths = [tmp_path / f"t{index}.safetensors" for index in range(5)]
    for index, path in enumerate(paths):
        path.write_bytes(bytes([index]) * 100)
    hashed = []
    real = training.files.file_sha256
    monkeypatch.setattr(training.files, "file_sha256", lambda path: hashed.append(path) or real(path))
    merge = {"merged_from": [{"file": "a.safetensors", "sha256": "0" * 64}]}
    readers = [SimpleNamespace(metadata=merge if index == 4 else {}) for index in range(5)]
    refuse_a_member_twice(paths, readers)  # none shared: no refusal
    assert sorted(hashed) == sorted(paths)
    merge["merged_from"].append({"file": "t2.safetensors", "sha256": real(paths[2])})
    try:
        refuse_a_member_twice(paths, readers)
    except ValueError as error:
        assert f"{paths[2]} is one of the readers {paths[4]} merges (t2.safetensors)" in str(error)
    else:
        raise AssertionError("t2 beside a merge that holds it was not refused")


def test_a_stage_command_with_a_newline_in_a_name_is_written_as_a_shell_reads_it_back():
    """ship's stage commands, its "to ship it, cp …", training.fit's "run `rowreader download …`" and its moved
    teachers' "--distill-from …" were written with ``one_line(shlex.join(…))``: a name holding a newline came out
    ``'runs\\n2'``, another name to the shell it was pasted into (the review saw it). Written as every other
    suggested command is (:func:`shell_line`): ``$'runs\\n2'``."""
    from training.ship import stage_line

    line = stage_line(["--out", "runs\n2/pen.safetensors"])
    assert line == "python -m training.fit --out $'runs\\n2/pen.safetensors'"


def test_the_index_to_mnist_suggests_for_a_batch_of_one_reads():
    """``to_mnist`` of a DataLoader's batch of one colour digit, ``[1, 3, 28, 28]``, suggested ``image[0]``, which it
    then refused as channels first (the review saw it): the suggestion reads, as the stream's and the session's do."""
    import re

    import numpy as np

    from rowreader.preprocess import to_mnist

    for shape in ((1, 3, 28, 28), (1, 1, 3, 40, 30), (1, 1, 28, 28), (1, 1, 1, 28, 28)):
        image = np.ones(shape, np.float32)  # white paper, channels first
        image[..., 8:20, 12:16] = 0.0  # a bar of dark ink, a 1
        try:
            to_mnist(image)
        except ValueError as error:
            suggested = re.search(r"to_mnist reads one picture: (image.*)$", str(error))
            assert suggested, str(error)
            picture = eval(suggested[1], {"image": image})  # the test's own array, the message's expression
            assert to_mnist(picture) is not None, (shape, suggested[1])
        else:
            raise AssertionError(f"{shape} was read as a picture")


def test_a_merge_over_a_merged_model_says_what_it_replaces(tiny_base, tmp_path, capsys):
    """A merge given the --out of an earlier merge said it "holds a RowReader model" (the review saw it): it says
    "a merge of 3 readers", as a fine-tune's note names the model taught and a run's the epochs trained."""
    from rowreader.checkpoint import load_checkpoint, save_checkpoint
    from training.files import say_what_is_replaced

    out = tmp_path / "m123.safetensors"
    records = [{"file": f"t{n}.safetensors", "sha256": f"{n}" * 64} for n in (1, 2, 3)]
    save_checkpoint(out, load_checkpoint(tiny_base), {"merged_from": records})
    say_what_is_replaced(out, "the merged model")
    assert f"note: {out} holds a merge of 3 readers; the merged model replaces it at its end" in capsys.readouterr().err


def test_settings_held_in_memory_start_clean(qapp, tmp_path, monkeypatch):
    """Settings held in memory (a settings file too large to read, a home Qt cannot name) "start clean", but Qt
    keeps every QSettings of no file in one store for the process: the second began with the first's keys (a window's
    12 rows a second; the twenty-first round's test failed after the newcomer's, with the scale round's beside)."""
    from gui.settings import MAX_SETTINGS_BYTES, app_settings

    names = qapp.organizationName(), qapp.applicationName()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    qapp.setOrganizationName("RowReaderTest")
    qapp.setApplicationName("RowReaderTest")
    try:
        conf = tmp_path / "RowReaderTest" / "RowReaderTest.conf"
        conf.parent.mkdir()
        conf.write_bytes(b"k=1\n" * (MAX_SETTINGS_BYTES // 4 + 1))
        first = app_settings()
        first.setValue("scan/rows_per_second", 12)
        second = app_settings()
        assert second.allKeys() == []
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
