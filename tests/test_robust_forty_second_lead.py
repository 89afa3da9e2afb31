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
    from training.ship import fit_command

    line = fit_command(["--out", "runs\n2/pen.safetensors"])
    assert line == "python -m training.fit --out $'runs\\n2/pen.safetensors'"
