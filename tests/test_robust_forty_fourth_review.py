"""The forty-fourth round of hostile testing, review: a hostile reading of what the forty-third round changed (the
folder flags refused at parse time, ``python -m gui --checkpoint`` refusing non-models by their first bytes, the
writable check's locked temporary, the stops ignored from a command's return, ``say_progress``, ``ExampleSet.cut``
and ``load_examples(newest=)``), then each tried as a user; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
import torch
from conftest import TINY
from test_robust_forty_third_kill import stopped_as_its_handler_is_put_back

from rowreader import RowReader
from rowreader.checkpoint import checkpoint_bytes, load_checkpoint, not_a_checkpoint


def _model_starting(tmp_path, start: bytes):
    """A real tiny checkpoint whose first two bytes (its header's length, little-endian) are ``start``: its note's
    length moves the header's, which safetensors pads to eight bytes."""
    torch.manual_seed(0)
    model = RowReader(TINY)
    for n in range(2_000):
        data = checkpoint_bytes(model, {"note": "x" * n})
        if data.startswith(start):
            path = tmp_path / "mine.safetensors"
            path.write_bytes(data)
            return path
    raise AssertionError(f"no note's length gives a header starting {start!r}")


def test_a_real_model_whose_header_length_reads_as_a_pickle_is_not_refused(tmp_path, capsys, monkeypatch):
    """A model's first eight bytes are its header's length: 1,408 bytes is ``80 05 00 …``, a pickle's first bytes, so
    `python -m gui --checkpoint mine.safetensors` refused a real model a note of 135 characters had made ("a Python
    pickle, as torch.save wrote (a .pt file?), not a model checkpoint", status 2) that every command loads. A file
    whose header reads as a safetensors header is no foreign file: only one that fails to read is named by its start."""
    from gui import __main__ as gui_main

    model = _model_starting(tmp_path, b"\x80\x05")
    assert load_checkpoint(model).config == TINY  # a model every command reads
    assert not_a_checkpoint(model) is None
    monkeypatch.setattr("gui.main_window.MainWindow", lambda *a, **k: pytest.fail("reached the window"))
    with pytest.raises(BaseException) as went:  # the window is reached: the model was taken
        gui_main.main(["--checkpoint", str(model)])
    assert "reached the window" in str(went.value), capsys.readouterr().err


def test_a_swiss_thousands_separator_gets_the_hint_the_others_get(capsys):
    """`--epochs 1'000` (a Swiss thousands separator, one of those the hint knows) got no hint where `--epochs 1.000`
    got "(a whole number is written without separators: 1000)": the refusal shows a text holding ``'`` in double
    quotes, and the hint looked only for single ones. Either quoting is read now."""
    from training.arguments import parse_args

    with pytest.raises(SystemExit) as refused:
        parse_args(["--epochs", "1'000"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert refused.value.code == 2
    assert err.endswith("""got "1'000" (a whole number is written without separators: 1000)"""), err


def test_a_stop_in_the_instant_a_command_exits_leaves_its_status_as_it_decided(tmp_path):
    """The forty-third round ignored stops from the moment ``main`` returns, but not from the moment it exits
    (``SystemExit``: every refused command line, status 2, and each ``sys.exit`` of a command): ``run_main`` still
    put the system's handler back, then ignored stops, and a SIGTERM between the two killed the process, status 143
    and not a word. The instant is placed as the forty-third round's test placed it; the status is the one decided."""
    ended = stopped_as_its_handler_is_put_back(tmp_path, "raise SystemExit(2)")
    assert ended.returncode == 2, (ended.returncode, ended.stderr)
    assert ended.stderr == ""
