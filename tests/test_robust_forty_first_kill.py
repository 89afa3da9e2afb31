"""The forty-first round of hostile testing, kill: the writers the fortieth round changed (the examples' export
and import, training.fit with --resume and moved teachers, training.merge over a model, training.ship's rehearsal)
stopped by SIGKILL, SIGTERM, SIGINT and SIGHUP at swept times, and what the next run finds.

What the sweeps found wrong, each test seen failing on the code before its fix: an export or an import killed
outright and run again at once (a user trying again) left the killed one's hidden temporaries for good, since a
tidy removed only those a minute old; and a tidy in the instant between a write's temporary being made and being
locked would have removed a live write's file; an export killed between an example's picture and its sidecar left the
picture alone for good, said to be "already exists"; and ship refused a finished stage whose recipe names no inputs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from rowreader import atomic
from rowreader.example_folder import PenStroke
from rowreader.example_store import ExampleStore

REPO = Path(__file__).resolve().parents[1]

# A child that does the store's `WHAT` (export or import) and is killed outright at its `AT`th placing of a written
# temporary under its name: its temporaries written, locked, and never renamed nor removed, as `kill -9` leaves them
# (the 3rd: the second example's picture; the 2nd: the first example's sidecar, its picture placed).
KILLED = """
import os, signal, sys
from rowreader import atomic
from rowreader.example_store import ExampleStore
placed = atomic._place_new
calls = []
def place(tmp, path):
    calls.append(path)
    if len(calls) == int(sys.argv[4]):
        os.kill(os.getpid(), signal.SIGKILL)
    placed(tmp, path)
atomic._place_new = place
what, store, other = sys.argv[1:4]
if what == "export":
    ExampleStore(store).export_folder(other)
else:
    ExampleStore(store).import_folder(other)
"""


def _examples(root: Path, count: int = 6) -> ExampleStore:
    """``count`` different kept drawings, each with its strokes' sidecar, in a store at ``root``."""
    store = ExampleStore(root)
    for i in range(count):
        drawing = np.full((280, 280), 255, np.uint8)
        drawing[40:240, 60 + 20 * i : 90 + 20 * i] = 0
        store.add(i % 10, drawing, (PenStroke(((75.0 + 20 * i, 40.0), (75.0 + 20 * i, 240.0)), 20.0),))
    return store


def _killed(what: str, store: Path, other: Path, at: int = 3) -> None:
    child = subprocess.run(
        [sys.executable, "-c", KILLED, what, str(store), str(other), str(at)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr


def _files(root: Path) -> tuple[list[str], list[str]]:
    """The examples' files under ``root`` (relative, sorted), and the writes' temporaries there."""
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return [n for n in names if not n.endswith(".tmp")], [n for n in names if n.endswith(".tmp")]


def test_an_export_killed_outright_then_run_again_at_once_leaves_no_temporary(tmp_path):
    """An export of 200 examples killed by SIGKILL mid-copy left 1–2 hidden ``.NAME.<hex>.tmp`` files (the pair
    being written) in the folder exported to; the export run again at once wrote the rest and said so, but left
    those for good (a tidy took only temporaries a minute old). An unlocked temporary is a dead writer's."""
    store = _examples(tmp_path / "examples")
    target = tmp_path / "stick"
    _killed("export", store.root, target)
    assert _files(target)[1], "the killed export left no temporary: the test kills too late"
    done = store.export_folder(target)
    assert done.skipped == []
    kept, temporaries = _files(target)
    assert temporaries == []
    assert kept == _files(store.root)[0]  # every picture and sidecar, under its own name
    assert done.written + done.already_there == 6


def test_an_export_killed_between_a_picture_and_its_sidecar_is_completed_by_the_next(tmp_path):
    """An export killed by SIGKILL between an example's two renames left its picture without its sidecar (12
    pictures, 11 sidecars in the sweep); the next export said "0/….png: already exists, left as it is" of the
    killed one's own file, and the strokes were never exported (200 pictures, 199 sidecars). The very picture
    there without its sidecar is given it."""
    store = _examples(tmp_path / "examples")
    target = tmp_path / "stick"
    _killed("export", store.root, target, at=2)
    kept, _ = _files(target)
    assert [Path(n).suffix for n in kept] == [".png"], "the killed export did not leave a picture alone"
    done = store.export_folder(target)
    assert done.skipped == []
    assert _files(target) == (_files(store.root)[0], [])
    assert (done.written, done.already_there) == (6, 0)


def test_an_import_killed_outright_then_run_again_at_once_leaves_no_temporary(tmp_path):
    """An import into the examples folder killed by SIGKILL mid-copy, then run again at once, left the killed
    one's hidden temporaries in the digits' folders for good (the tidy at the store's first reading takes those a
    minute old): the import, holding the folder's import lock, removes those no writer holds."""
    source = _examples(tmp_path / "scans").root
    examples = tmp_path / "examples"
    _killed("import", examples, source)
    assert _files(examples)[1], "the killed import left no temporary: the test kills too late"
    done = ExampleStore(examples).import_folder(source)
    assert done.problems == []
    kept, temporaries = _files(examples)
    assert temporaries == []
    assert len(done.added) + done.already_kept == 6
    assert len([n for n in kept if n.endswith(".png")]) == len([n for n in kept if n.endswith(".json")]) == 6


def test_a_tidy_in_the_instant_before_a_temporary_is_locked_loses_no_write(tmp_path, monkeypatch):
    """With a tidy removing unlocked temporaries at once, one that ran between a write's exclusive create and its
    lock (microseconds: another window's export into the same folder) would take the live write's file, whose
    rename then failed (FileNotFoundError, the example not written). The writer sees its file unnamed once locked,
    and writes it again under a new name."""
    path = tmp_path / "a.png"
    lock = atomic.lock_file
    tidied: list[Path] = []

    def tidy_first(fd: int, wait: bool = False) -> bool:
        if wait and not tidied:  # the writer's lock (a tidy's own is not waited for)
            monkeypatch.setattr(atomic, "lock_file", lock)
            tidied.extend(atomic.remove_stale_temporaries(path))
            monkeypatch.setattr(atomic, "lock_file", tidy_first)
        return lock(fd, wait)

    monkeypatch.setattr(atomic, "lock_file", tidy_first)
    atomic.atomic_write_bytes(path, b"picture")
    assert len(tidied) == 1  # the tidy did take the first temporary
    assert path.read_bytes() == b"picture"
    assert sorted(os.listdir(tmp_path)) == ["a.png"]


def test_ship_skips_a_finished_stage_whose_recipe_names_no_inputs(tmp_path, monkeypatch, tiny_reader):
    """The fortieth round's comparison of a stage's inputs by their SHA-256s took an input its checkpoint's recipe
    does not name (a run of a version before distillation; the twenty-fourth round's checkpoint killed in its first
    save) for one that differs: "stage1.safetensors was made with another recipe than the first stage's
    (distill_from differs: a rehearsal with --also?)", exit 2 on every run (that round's test failed on main). Only
    what both know is compared, as for every other setting."""
    from rowreader.checkpoint import save_checkpoint
    from training import ship

    save_checkpoint(tmp_path / "stage1.safetensors", tiny_reader, {"epochs_trained": 2, "recipe": {"epochs": 2}})
    (tmp_path / "stage1.state.pt").write_bytes(b"its state")
    calls: list[list[str]] = []
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or 0)
    assert ship.ship(tmp_path, ["--epochs", "2"]) == 0
    assert [argv[-1] for argv in calls] == [  # the first stage skipped as done, the others run
        str(tmp_path / f"{name}.safetensors") for name in ("pen30-nodrawn", "pen50", "shipped")
    ]
