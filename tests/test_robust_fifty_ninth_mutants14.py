"""The fifty-ninth round of hostile testing, mutants14: mutation testing by hand of the round's new code; each test
here kills a mutant the earlier tests let live (seen failing on that mutant, passing on the code)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from rowreader.atomic import name_max, path_max
from rowreader.paths import folder_argument, kernel_folder_problem


def _refused(text: str) -> str | None:
    """``folder_argument``'s refusal of ``text``, or None where it is taken."""
    try:
        folder_argument(text)
    except argparse.ArgumentTypeError as err:
        return str(err)
    return None


@pytest.mark.parametrize("letter", ["a", "é"])
def test_a_folder_name_at_the_file_systems_limit_is_taken_and_one_byte_more_refused(
    tmp_path: Path, monkeypatch, letter: str
) -> None:
    """cli14's limit is the file system's, counted in bytes: a name of exactly 255 bytes is a folder any file system
    here holds (refused, `>=` for `>`, it would be told to be shorter than it must), and 128 `é` (256 bytes, 128
    characters) is refused as 256 `a` are (counted in characters, it passed, to fail later as a run)."""
    monkeypatch.chdir(tmp_path)
    longest = name_max(tmp_path)
    size = len(letter.encode())
    at_most = letter * (longest // size) + "a" * (longest % size)
    assert len(os.fsencode(at_most)) == longest
    assert _refused(f"{at_most}/x") is None
    over = letter * (longest // size + 1)
    assert f"its name is {len(over.encode()):,} bytes long" in (_refused(f"x/{over}") or "")


@pytest.mark.parametrize("letter", ["a", "é"])
def test_a_folder_path_just_under_the_systems_limit_is_taken_and_one_at_it_refused(
    tmp_path: Path, monkeypatch, letter: str
) -> None:
    """review40's limit counts bytes and the path's ending NUL: 4,095 bytes are a path the system takes, 4,096 are
    not ("File name too long"). Taken at 4,096 (`>` for `>=`), or counted in characters (names of `é`), it failed
    later as a run; refused at 4,095 it would turn away a folder that works."""
    monkeypatch.chdir(tmp_path)
    longest = path_max(tmp_path)
    names = [letter * (200 // len(letter.encode()))] * (longest // 201)
    under = "/".join(names)
    under += "/" + "b" * (longest - 1 - len(os.fsencode(under)) - 1)
    assert len(os.fsencode(under)) == longest - 1
    assert _refused(under) is None
    assert f"is a folder's path of {longest:,} bytes" in (_refused(under + "c") or "")


@pytest.mark.parametrize(
    ("heldout", "words"),
    [
        ([], ["MNIST test before: 99.41%"]),
        ([(0, 0.9)], ["Your held-out examples before teaching: 90.0% read right", "MNIST test before: 99.41%"]),
        (
            [(0, 0.9), (20, 0.975)],
            [
                "Your held-out examples before teaching: 90.0% read right",
                "Your held-out examples after step 20 of 40: 97.5% read right",
                "MNIST test before: 99.41%",
            ],
        ),
    ],
)
def test_the_teach_chart_says_each_value_once_with_none_one_or_two_held_out_points(
    qtbot, tmp_path: Path, heldout: list[tuple[int, float]], words: list[str]
) -> None:
    """teach16's description says the held-out examples' first and latest points and MNIST's; its test had three
    held-out points, where the first and latest are apart whatever the slicing. With one point it must be said once
    (not as the first and again as the latest), with two both, and with none (no held-out examples yet, MNIST read)
    MNIST's before once, not taken for the first held-out point as well."""
    from gui.teach_chart import TeachChart
    from gui.teach_process import TeachRun

    chart = TeachChart()
    qtbot.addWidget(chart)
    run = TeachRun(tmp_path / "base", tmp_path / "examples", tmp_path / "out", steps=40, step=20)
    run.heldout, run.mnist_before = list(heldout), 0.9941
    chart.show_run(run)
    assert chart.accessibleDescription() == " ".join(f"{text}." for text in words)


def test_a_folder_into_proc_is_named_as_typed_on_one_line(tmp_path: Path, monkeypatch) -> None:
    """cli14's words for a name leading into /proc: typed relative from / (`proc/m`), it is /proc itself, said in the
    old words, as `/proc/m` is (the name made absolute, not compared as typed); through a link whose name holds a
    newline, the name is said on one line, escaped as every name the command line shows (raw, the refusal took two
    lines)."""
    monkeypatch.chdir("/")
    assert kernel_folder_problem("proc/m") == "/proc is the kernel's own folder, where no file can be saved"
    link = tmp_path / "a\nb"
    link.symlink_to("/proc/self")
    said = kernel_folder_problem(link / "m")
    assert said == f"{tmp_path}/a\\nb/m leads into /proc, the kernel's own folder, where no file can be saved"


# a fine-tune as the real one stops: SIGTERM taken by its handler, its process ending with 128 + 15, no model written
STOPS_ON_SIGTERM = """
import json, signal, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
print(json.dumps({"event": "start", "examples": 10}), flush=True)
time.sleep(60)
"""


def test_a_cancel_the_fine_tune_stops_for_by_its_own_handler_says_cancelled(qtbot, tmp_path: Path) -> None:
    """teach16's rule says "Cancelled" where the process ended by the stop (killed, or 128 + the signal): the real
    fine-tune takes SIGTERM and ends with 143, a normal exit. The teach tests' stand-ins die of the signal (a crash
    exit), so the rule's second half was untried: without it, Cancel said "stopped from outside RowReader (SIGTERM
    …)", a stop the user made named as someone else's."""
    import sys

    from gui.teach_process import TeachProcess
    from rowreader.checkpoint import pretrained_path

    process = TeachProcess(pretrained_path(), tmp_path, tmp_path / "mine.safetensors")
    said: list[str] = []
    process.failed.connect(said.append)
    process.succeeded.connect(lambda path: said.append(f"taught {path}"))
    process.process.start(sys.executable, ["-c", STOPS_ON_SIGTERM])
    qtbot.waitUntil(lambda: process.run.found == 10, timeout=10_000)  # its handler set
    process.cancel()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert process.process.exitCode() == 143
    assert said == ["Cancelled"]
    assert list(tmp_path.iterdir()) == []


def test_an_export_into_a_digit_folder_the_system_forbids_writes_the_other_digits(
    tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """files9 let an export go on past a digit's folder it may not write; its test gave "Permission denied"
    (EACCES, another user's folder) alone. A folder made immutable (`chattr +i`), or a file system that forbids the
    write, says "Operation not permitted" (EPERM): the same refusal of one folder, not a disk that refuses all, so
    its 3s are named and the 4 is still written."""
    import errno

    from test_robust_fifty_ninth_files9 import refuse_writes_in

    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    for digit in (3, 4):
        store.add(digit, mnist_test[0][(mnist_test[1] == digit).nonzero()[0][0]])
    target = tmp_path / "shared"
    (target / "3").mkdir(parents=True)
    refuse_writes_in(monkeypatch, target / "3", errno.EPERM)
    done = store.export_folder(target)
    assert done.written == 1 and len(list((target / "4").glob("*.png"))) == 1
    assert len(done.skipped) == 1 and done.skipped[0].startswith(f"{target / '3'}/")
    assert done.skipped[0].endswith("Operation not permitted"), done.skipped
