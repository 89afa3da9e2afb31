"""The sixty-second round's review57: a short hostile review of the round's last merges (review54's, review56's,
mutants18's) and the lead's fixes. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO
from test_robust_sixty_second_review54 import assert_screenshot_refuses

from rowreader.checkpoint import refused_model_file

# Whole files whose safetensors header does not read, past the 1-7 bytes review54 refused: loading says the same
UNREADABLE_HEADERS = {
    b"": "the header is empty",  # 8 bytes in all, a header's length of 0: nothing follows it
    b"[1, 2]": "the header is JSON list, not an object",
    b'"model"': "the header is JSON str, not an object",
    b'{"__metadata__": 5}': "the header's __metadata__ is not an object of strings",
    b"\xff\xfe": "the header is not UTF-8 text",
}


@pytest.mark.parametrize("header", UNREADABLE_HEADERS, ids=["empty", "list", "str", "metadata", "bytes"])
def test_a_model_file_whose_header_does_not_read_is_refused_on_the_command_line(tmp_path, header: bytes) -> None:
    """A file of 8 bytes whose header's length is 0, or whose header is JSON but no safetensors header, is no model
    as plainly as one of 7 bytes: loading says so of each, yet the command line's check let them pass, and
    `gui.screenshot --checkpoint` made its window, then ended "no model: …", status 1."""
    path = tmp_path / "model.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header)
    why = refused_model_file("--checkpoint", path)
    assert why is not None and why.startswith(f"--checkpoint {path}: not a readable safetensors file: "), why
    assert UNREADABLE_HEADERS[header] in why


def test_the_screenshot_refuses_an_eight_byte_model_before_its_window(tmp_path) -> None:
    """The command itself: status 2 and the flag named, no picture written."""
    assert_screenshot_refuses(tmp_path, "--checkpoint", "eight.safetensors", bytes(8))


@pytest.mark.parametrize(
    "words",
    [
        ["-m", "rowreader", "--", "evaluate", "--help"],  # a flag after the -- is a name: refused (as before)
        ["-m", "rowreader", "evaluate", "--data-dir", "nothing-here", "--"],
        ["-m", "rowreader", "--", "evaluate"],
        ["-m", "rowreader", "download", "--data-dir", "/dev/null", "--"],
        ["-m", "training.fit", "--epochs", "0", "--"],
    ],
    ids=["flag-after", "evaluate-dash", "dash-evaluate", "download-dash", "fit-dash"],
)
def test_a_last_dashes_naming_nothing_is_not_refused_as_a_name(tmp_path, words: list[str]) -> None:
    """``--`` ends the options; where it is the last word it names nothing, as POSIX's getopt reads it, yet
    `rowreader evaluate --`, `rowreader -- evaluate` (the -- moved after the command) and `training.fit … --` were
    refused "unrecognized arguments: --; -- ends the options, and this command takes no names after it", of no
    name: each now goes on to its own checks (a data folder not there, a --epochs of 0), or, for a flag after
    the -- (read as a name), is refused as it was."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "ROWREADER_DATA": "nothing-here"}
    done = subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ
    )
    refused = "unrecognized arguments: --" in done.stderr
    assert refused == (words[-1] == "--help"), done.stderr
    assert done.returncode != 0 and "Traceback" not in done.stderr, done
