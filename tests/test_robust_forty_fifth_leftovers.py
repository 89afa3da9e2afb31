"""The forty-fifth round of hostile testing, leftovers: what earlier rounds saw and left on the command line (the
name each entry point gives itself, a model file cut short, an argument checked after a costlier or later one),
tried at every entry point; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SIGTERM_THEN_THE_REAL_ONE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gui import teach_screenshot
from gui.__main__ import main as gui_main
from rowreader import __version__
from rowreader.checkpoint import CheckpointError, load_checkpoint, not_a_checkpoint

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "rowreader" / "pretrained" / "rowreader.safetensors"


def _typed(*words: str, path: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m WORDS…`` as a user types it, ``path`` before the repository on PYTHONPATH."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (path, str(REPO)))), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", *words], capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
        preexec_fn=lambda: __import__("signal").signal(15, 0),  # SIGTERM as from a shell, whatever pytest's is
    )  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(claimed=st.integers(41, 2**64 - 1))
@example(claimed=1_152)  # 80 04 00 …: was "a Python pickle" (protocol 4) until the forty-ninth round's lead
def test_a_model_file_whose_header_length_claims_more_than_it_holds_is_cut_short(tmp_path, claimed):
    """A safetensors file whose first 8 bytes claim a header past the file's end (2^63 bytes in a file of 42) passed
    the command line's check of a model (``not_a_checkpoint``: `python -m gui --checkpoint` opened the window on it)
    and loading it said "header too large", as if the file held too much. It is now refused at that first check,
    as a file cut short or damaged, from its length and its size alone."""
    path = tmp_path / "m.safetensors"
    path.write_bytes(claimed.to_bytes(8, "little") + b"{}" + b" " * 32)
    why = not_a_checkpoint(path)
    assert why is not None and "cut short or damaged" in str(why) and f"{claimed:,} bytes" in str(why)
    with pytest.raises(CheckpointError, match="cut short or damaged"):
        load_checkpoint(path)


def test_the_app_refuses_a_model_file_cut_short_before_any_window(tmp_path, capsys):
    """`python -m gui --checkpoint cut.safetensors` (its header's length 2^63) opened the window on the model used
    last and only a dialog said why; it is now refused on the command line, status 2, no window made."""
    path = tmp_path / "cut.safetensors"
    path.write_bytes((2**63).to_bytes(8, "little") + b"{}")
    with pytest.raises(SystemExit) as refused:
        gui_main(["--checkpoint", str(path)])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "error: --checkpoint " in err and "cut short or damaged" in err, err


def test_the_app_says_a_model_file_is_no_model_before_it_loads_torch_for_the_device(tmp_path, capsys):
    """`python -m gui --device cuda --checkpoint seven.png` imported torch (seconds) to check the device first, and
    without torch said the device needs it, where the picture given as a model is the mistake either way. The
    model file, a few bytes read, is now checked before the device."""
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    with pytest.raises(SystemExit) as refused:
        gui_main(["--device", "cuda:7", "--checkpoint", str(picture)])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "a PNG picture, not a model checkpoint" in err, err
    # torch not loaded: test_robust_forty_sixth_review5's, in a Python of its own (this session's conftest loads it)


def test_teach_screenshot_says_a_home_with_a_rowreader_folder_before_the_examples(tmp_path, capsys):
    """`python -m gui.teach_screenshot --home DIR` with DIR/.local/share/RowReader there and a wrong --examples was
    told only of the examples; fixed, it was then refused for the home. The home is now checked first."""
    home = tmp_path / "home"
    (home / ".local" / "share" / "RowReader").mkdir(parents=True)
    with pytest.raises(SystemExit) as refused:
        teach_screenshot.main([str(tmp_path / "out"), "--examples", str(tmp_path / "none"), "--home", str(home)])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "error: --home: " in err and "exists already" in err, err


@pytest.mark.parametrize(
    "module", ["gui", "gui.screenshot", "gui.teach_screenshot", "training", "training.merge", "training.drawn"]
)
def test_a_command_says_its_version_under_the_name_typed(module):
    """`python -m gui --version` said "rowreader-gui 0.1.0", a command not typed, where its refusals and stop lines
    are to name the command as typed. Every entry point's name is now one, run_main's, as the user typed it
    (``rowreader.launch.command_name``): its usage, refusals, --version and stop lines alike."""
    done = _typed(module, "--version")
    assert done.returncode == 0 and done.stdout == f"python -m {module} {__version__}\n", done.stdout + done.stderr


def test_a_stop_line_names_the_command_as_its_refusals_do(tmp_path):
    """`python -m training.merge` refused a flag as "python -m training.merge: error: …" but a SIGTERM while torch
    loaded said "training.merge: stopped by SIGTERM …" (run_main's own name for it), and so did training.fit's
    ("training.fit: …"). The stop line now names the command the refusal names."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "torch.py").write_text(SIGTERM_THEN_THE_REAL_ONE)
    out = tmp_path / "merged.safetensors"
    refused = _typed("training.merge", str(SHIPPED), "--out", str(out), "--bogus")
    assert refused.returncode == 2 and "\npython -m training.merge: error: " in refused.stderr, refused.stderr
    other = tmp_path / "other.safetensors"  # a second name: one named twice is refused before torch loads
    other.symlink_to(SHIPPED)
    done = _typed("training.merge", str(SHIPPED), str(other), "--out", str(out), path=str(shadow))
    assert done.returncode == 143, done.stderr
    assert (
        done.stderr.splitlines()[-1] == "python -m training.merge: stopped by SIGTERM while starting; nothing was done"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("command", "flag"),
    [("gui.screenshot", "--checkpoint"), ("gui.screenshot", "--compare"), ("gui.teach_screenshot", "--checkpoint")],
)
def test_the_screenshot_commands_refuse_a_model_file_on_their_command_line(tmp_path, command, flag):
    """`python -m gui.screenshot --checkpoint seven.png shot.png` (or --compare, or a model file cut short; and
    gui.teach_screenshot's --checkpoint) started Qt and made the window, then said "no model: …", status 1, where
    `python -m gui --checkpoint` refuses the same file on its command line. Each model flag is now checked as the
    app's is, status 2, before Qt."""
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    examples = tmp_path / "examples"
    for digit in range(10):
        (examples / str(digit)).mkdir(parents=True)
    out = (
        [str(tmp_path / "shot.png")]
        if command == "gui.screenshot"
        else [str(tmp_path / "out"), "--examples", str(examples)]
    )
    done = _typed(command, *out, flag, str(picture))
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith(
        f"python -m {command}: error: {flag} {picture}: a PNG picture, not a model checkpoint\n"
    )
    assert "propagateSizeHints" not in done.stderr  # no window was made


@pytest.mark.parametrize("flag", ["--checkpoint", "--compare"])
def test_the_latency_bench_refuses_a_model_file_on_its_command_line(tmp_path, flag):
    """`bench_gui_latency.py --checkpoint seven.png` (or --compare) imported torch and Qt, made the window and loaded
    the shipped model before it said "no model: …"; the file is now refused as the app refuses it, before any of
    that."""
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    script = REPO / "bench" / "bench_gui_latency.py"
    done = subprocess.run(
        [sys.executable, str(script), flag, str(picture)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2, done.stderr
    said = f"bench_gui_latency.py: error: {flag} {picture}: a PNG picture, not a model checkpoint\n"
    assert done.stderr.endswith(said), done.stderr
    assert "propagateSizeHints" not in done.stderr  # no window was made
