"""The sixty-fourth round, review67: what mutants21 left alive (bench_finetune's replay, one_digit's C in pieces),
each test seen failing on its mutant and passing on the code (docs/robustness.md)."""

from __future__ import annotations

import cProfile
import math
import pstats
import sys

import numpy as np
import pytest
import ringed_digits
from conftest import load_bench
from test_robust_sixty_fourth_training5 import python_calls

from rowreader.one_digit import _pieces_within
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit

# UNIPEN test digits whose C, drawn 0.25 pen inside ringed_digits' ring, lies 1.25 to 2 of its pens from them
NEAR_C = ["aga/amywldrp/73", "ibm/r04-05/1448"]


def _bench_finetune(monkeypatch, mnist_test, base, pen_replay) -> tuple[int, list[str], list[int]]:
    """``bench_finetune.py --set replay=0.5`` teaching one of two persons (MNIST test digits stand in for the rendered
    UNIPEN persons, ``pen_replay`` for the drawn replay): its status, what it did in order, and the test digits each
    fine-tune was handed."""
    from training import finetune as finetune_module
    from training import replay as replay_module

    bench = load_bench("bench_finetune")
    images, labels = mnist_test
    chosen = np.concatenate([np.flatnonzero(labels == d)[:6] for d in range(10)])
    people = [
        bench.Person(name, images[half].astype(np.float32) / 255, labels[half].astype(np.int64))
        for name, half in (("p", chosen[::2]), ("q", chosen[1::2]))
    ]
    done: list[str] = []
    handed: list[int] = []
    monkeypatch.setattr(bench, "render_people", lambda *args: done.append("render") or people)
    monkeypatch.setattr(replay_module, "pen_replay", lambda *args: done.append("replay") or pen_replay())
    finetune = finetune_module.finetune

    def counted(checkpoint, examples, replay, config):
        handed.append(len(replay.test_labels))
        return finetune(checkpoint, examples, replay, config)

    monkeypatch.setattr(finetune_module, "finetune", counted)
    flags = ["--checkpoint", str(base), "--k", "1", "--hardest", "1", "--others", "0", "--set", "train_samples=32"]
    return bench.main([*flags, "--set", "replay=0.5"]), done, handed


def test_bench_finetune_reads_the_replay_before_rendering_and_hands_one_test_digit(
    monkeypatch, capsys, tiny_base, mnist_test
):
    """The replay the teaches draw from is read before the persons are rendered (mutant: ``or`` as ``and``, which
    read none first) and each fine-tune is handed one test digit of it, the bench reading MNIST itself (mutant: the
    cut dropped, 10,000 handed)."""
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent-review67")
    replay = np.zeros((20, 28, 28), np.uint8), np.arange(20, dtype=np.int64) % 10
    status, done, handed = _bench_finetune(monkeypatch, mnist_test, tiny_base, lambda: replay)
    capsys.readouterr()
    assert status == 0 and done == ["replay", "render"] and handed == [1]


def test_a_missing_pen_replay_is_said_before_any_rendering(monkeypatch, capsys, tiny_base, mnist_test):
    """A pen replay that cannot be read is said in words before minutes of rendering and teaching (mutant: ``and``,
    a traceback at the first teach)."""

    def missing():
        raise FileNotFoundError("no UNIPEN file in /nowhere")

    status, done, handed = _bench_finetune(monkeypatch, mnist_test, tiny_base, missing)
    assert (status, done, handed) == (2, ["replay"], [])
    assert "no UNIPEN file in /nowhere" in capsys.readouterr().err


def test_a_maze_is_not_a_pens_few_pieces():
    """Ink whose fill does not end in ``JOIN_ROUNDS`` rounds (a serpentine, one row a round) is no C's stroke
    (mutant: ``_pieces_within`` true of it); a ring of one piece, or two, is."""
    maze = np.zeros((201, 20), bool)
    maze[::2] = True
    maze[1::4, -1] = True  # each row joined to the next at alternate ends
    maze[3::4, 0] = True
    assert not _pieces_within(maze, 2)
    ring = np.zeros((20, 20), bool)
    ring[2:18, 2:5] = True
    assert _pieces_within(ring, 1)
    ring[2:18, 10:13] = True
    assert not _pieces_within(ring, 1) and _pieces_within(ring, 2)


def _c_in_pieces(strokes: list[np.ndarray], pen: float, pieces: int) -> list[np.ndarray]:
    """A C round ``strokes`` open to the right (1.4 half turns), 0.25 pen inside ringed_digits' ring, in ``pieces``
    arcs with gaps of about 2.5 pens between."""
    c = ringed_digits.ring(strokes, pen, -0.25, turns=1.4, start=0.3 * math.pi)
    return [c[part[2:-2]] for part in np.array_split(np.arange(len(c)), pieces)]


@pytest.mark.parametrize("name", NEAR_C)
def test_a_c_in_three_pieces_is_asked_two_pens(unipen: list[PenDigit], name: str) -> None:
    """A C of two pieces 1.25 to 2 pens from its digit is taken away; one of three is a digit's outer dashes, asked
    two pens, and kept (mutant: OPEN_STROKES 3, which took it away)."""
    digit = next(digit for digit in unipen if digit.split == "test" and f"{digit.writer}/{digit.segment}" == name)
    strokes = fit_strokes(digit.strokes, 8, size=0.3)
    alone = normalise(draw_strokes(strokes, 8)).image
    read = {
        pieces: normalise(draw_strokes([*strokes, *_c_in_pieces(strokes, 8, pieces)], 8)).image for pieces in (2, 3)
    }
    assert alone is not None and np.array_equal(read[2], alone)
    assert read[3] is not None and not np.array_equal(read[3], alone)


def _after_counting() -> None:
    """Called once the calls are counted: the caller's profiler must see it."""


def test_counting_python_calls_leaves_a_callers_profiler_profiling():
    """training5's call count under ``python -m cProfile -m pytest`` (the tool its work was measured with) failed as
    "'Profile' object is not callable", setting back cProfile's object as a Python profile function, and the
    profile of the rest of the run was lost: it counts in a thread of its own now."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        assert python_calls(lambda: sorted([3, 1, 2], key=abs)) >= 1
        _after_counting()
    finally:
        profile.disable()
    assert sys.getprofile() is None
    seen = {name for _, _, name in pstats.Stats(profile).stats}
    assert "_after_counting" in seen, sorted(seen)


FOLDER_TOO_LONG = (
    "its folder name bbbbbbbbbbbbbbbbbbbb… is 300 bytes long, and this file system takes names of 255 bytes at most; "
    "give a shorter one"
)


@pytest.mark.parametrize("parent", [True, False], ids=["its-parent-there", "none-there"])
def test_a_folder_name_too_long_is_said_one_way_read_written_or_a_folder(capsys, tmp_path, parent: bool) -> None:
    """A folder's name of 300 bytes was said three ways (docs10): `--checkpoint` as "checkpoint not found: PATH" or
    "PATH: cannot read this checkpoint (File name too long)", `training.fit --out` naming the folder by its first 20
    characters and its bytes, `--data-dir` by those characters alone. One rule now: the path, which name, its bytes."""
    from rowreader.cli import main as rowreader_main
    from training.fit import main as fit_main

    root = tmp_path / "here" if parent else tmp_path / "nowhere" / "here"
    if parent:
        root.mkdir()
    folder = root / ("b" * 300)
    lines = []
    for run in (
        lambda: rowreader_main(["predict", "--checkpoint", str(folder / "m.safetensors"), str(tmp_path / "x.png")]),
        lambda: fit_main(["--out", str(folder / "m.safetensors")]),
        lambda: rowreader_main(["evaluate", "--data-dir", str(folder / "mnist")]),
    ):
        try:
            status = run()
        except SystemExit as ended:  # the command line refused as it is read
            status = ended.code
        assert status in (1, 2)
        lines.append(capsys.readouterr().err.strip().splitlines()[-1])
    for line in lines:
        assert line.endswith(FOLDER_TOO_LONG) and str(folder) in line, line
