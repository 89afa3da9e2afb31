"""The fifty-second round of hostile testing, teach8: teaching with a big examples folder (10,000 MNIST digits as
PNG, with copies and blank pages) and teaching twice, in the app and with ``python -m training.fit --finetune``; each
test is checked to fail on the code before its fix."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np

from gui.teach_command import TeachCommand
from rowreader.example_folder import Example, ExampleSet, taught_name


def test_the_end_of_a_teach_of_ten_thousand_examples_does_not_hold_the_window(tmp_path) -> None:
    """At a teach's end the window's own thread names what changed while it was taught (``_meanwhile_note``): with
    9,900 examples kept it named each by :func:`taught_name` three times, each name building every parent folder of
    the file, and the window stood still 1.1 s there (at a load of 12); each is now named by its digit's folder alone,
    the same names (0.39 → 0.21 s of CPU for these 10,000, measured, not pinned: CPU seconds on a loaded or slower
    machine say nothing sure). The count it gave was "1000 examples were deleted", where every other count in the app
    says "1,000"."""
    root = tmp_path / "examples"
    blank = np.zeros((28, 28), np.float32)
    found = [Example(root / str(i % 10) / "monday" / f"mnist{i:05d}.png", i % 10, blank) for i in range(10_000)]
    learnt = {taught_name(e.path, e.label, root) for e in found[-1000:]}  # the newest 100 of each digit taught
    command = TeachCommand.__new__(TeachCommand)  # its state at the end of a teach, as Teaching's parts leave it
    command.__dict__.update(
        _not_noted=[],
        _noting=threading.Event(),
        taught_from=[(e.path, f"{e.label}/monday/{e.path.name}") for e in found],
        _found_named=[(e.path, f"{e.label}/monday/{e.path.name}") for e in found],
        _as_read={},
        store=SimpleNamespace(root=root),
        panel=SimpleNamespace(found=ExampleSet(examples=found, root=root)),
        _learnt=lambda: learnt,
    )
    command._noting.set()
    note = command._meanwhile_note()
    assert note.startswith("\n\n1,000 examples were deleted or moved while it was taught ("), note[:200]  # not made
