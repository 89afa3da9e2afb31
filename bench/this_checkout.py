"""Imported first by every benchmark run as a script: it reads the library of the checkout it lies in.

``python bench/bench_stream.py`` puts ``bench/`` first on ``sys.path``, not the checkout's root, so ``rowreader``
came from wherever the virtualenv's editable install points. A second clone or a ``git worktree`` of another commit
sharing that virtualenv (the A/B runs of docs/benchmarks.md) timed the other tree's library under its own bench, and
``bench_handwriting.py`` read that tree's ``rowreader`` with this tree's ``training``.

``ROOT`` is the one name of the checkout's root: the scripts that start children (``rowreader predict``, the app)
give it them as ``PYTHONPATH``. Imported so by a test, which loads a script with ``bench/`` last on ``sys.path``,
it leaves ``sys.path`` as it is: the tests read the library they were started with. Run as ``python -m
bench.bench_fit``, bench/ was on no path: the script's siblings (``rounds``, this module) were not found.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = str(HERE.parent)
if sys.path[:1] == [str(HERE)]:  # run as `python bench/X.py`: bench/ is first, and the checkout's root goes before it
    sys.path.insert(0, ROOT)
elif __name__ == "bench.this_checkout":  # run as `python -m bench.X`: the root, then bench/ (rounds, the script again)
    sys.path[:0] = [ROOT, str(HERE)]

if __name__ == "__main__":  # `python bench/this_checkout.py --help` did nothing, status 0, as if it had run
    print(
        "this_checkout.py is a module, not a command: every benchmark imports it first, so that it reads the library "
        "of the checkout it lies in; run a benchmark instead (python bench/bench_stream.py --help).",
        file=sys.stderr,
    )
    sys.exit(2)  # as for a command line refused: nothing was done
