"""Imported first by every benchmark run as a script: it reads the library of the checkout it lies in.

``python bench/bench_stream.py`` puts ``bench/`` first on ``sys.path``, not the checkout's root, so ``rowreader``
came from wherever the virtualenv's editable install points. A second clone or a ``git worktree`` of another commit
sharing that virtualenv (the A/B runs of docs/benchmarks.md) timed the other tree's library under its own bench, and
``bench_handwriting.py`` read that tree's ``rowreader`` with this tree's ``training``.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if sys.path[:1] != [ROOT]:
    sys.path.insert(0, ROOT)
