"""The metrics CSV written as training goes, and the one-line accuracy summaries printed after each epoch."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rowreader.atomic import atomic_write_bytes
from rowreader.model import ROWS

COLUMNS = ["epoch", "step", "seconds", "loss", "lr", "train_accuracy", "test_accuracy"] + [
    f"test_accuracy_row_{r}" for r in range(1, ROWS + 1)
]


def accuracy_summary(curve: np.ndarray, rows: Sequence[int]) -> str:
    """``test 0.9912 (row 7: 0.6120, row 14: 0.9480, row 21: 0.9881)``: final row first."""
    parts = ", ".join(f"row {r}: {curve[r - 1]:.4f}" for r in rows)
    return f"test {curve[-1]:.4f} ({parts})"


def _same_step(row: dict, other: dict) -> bool:
    """Whether two metrics rows are of one epoch and step (written as numbers, or as a spreadsheet saved them)."""
    return all(str(row.get(key)) == str(other.get(key)) for key in ("epoch", "step"))


class MetricsLog:
    """Rows of the metrics CSV, appended and flushed one by one so the file is useful while training runs.

    The rows also travel in the training state, so a resumed run rewrites the file as it was at its epoch. An
    epoch's own row is written once its checkpoint and state are (``saved``); a save that fails takes back that
    epoch's rows (``unsaved``), so the file never claims an epoch that was not saved.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.history: list[dict] = []
        self._replace_on_next_row = False
        self._failing: str | None = None  # why the last write failed: said once; the next row rewrites the file
        self._saved = 0  # rows of ``history`` that the saved training state holds
        self._on_disk = 0  # rows of ``history`` in the file
        self._written: tuple[int, int, int] | None = None  # the file as this log last left it (_as_left)

    def start(self) -> None:
        """Begin a fresh log. The file on disk is replaced by the first row, not now: a run that fails before
        its first row leaves an earlier run's metrics as they were."""
        self.history = []
        self._replace_on_next_row = True
        self._saved = self._on_disk = 0

    def restore(self, history: list[dict]) -> None:
        """Go on from a training state's rows, each step once: an older version (before b99e94ec) wrote an epoch's
        last step twice where --log-every divided it, its logged row then the epoch's, and a resume kept both."""
        self.history = [
            row
            for row, after in zip(history, [*history[1:], None], strict=True)
            if not (after is not None and "test_accuracy" not in row and _same_step(row, after))
        ]
        self._saved = len(self.history)
        self._write(self._rewrite)

    def saved(self) -> None:
        """The training state now holds every row so far: write those not yet in the file (the epoch's own)."""
        self._saved = len(self.history)
        self._flush()

    def unsaved(self) -> None:
        """The epoch could not be saved: its rows leave ``history``, and the file, if they reached it. When no epoch
        of this run was saved, the file this run began goes (a full disk can still delete)."""
        del self.history[self._saved :]
        if self._on_disk <= self._saved:
            return
        if not self.history:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self._on_disk, self._replace_on_next_row = 0, True
            return
        self._write(lambda: self._cut_back(len(self.history)))

    def _cut_back(self, rows: int) -> None:
        """The file cut back to its first ``rows`` rows of ``history`` (and the header), which needs no room on the
        disk: a save that failed took the lost epoch's rows back by writing the file anew, which failed on the same
        full disk, and the rows stayed; an append the disk cut short left half a row (a number cut short)."""
        size = len(self._text(rows).encode())
        if self.path.stat().st_size > size:  # never lengthened with zeros (a file changed meanwhile)
            os.truncate(self.path, size)
        self._on_disk, self._written = rows, self._as_left()

    def add(
        self,
        *,
        epoch: int,
        step: int,
        seconds: float,
        loss: float,
        lr: float,
        train_accuracy: float,
        test_curve=None,
        write: bool = True,
    ) -> None:
        """A row; written now, or with ``write=False`` once the epoch is ``saved``."""
        row = {
            "epoch": epoch,
            "step": step,
            "seconds": f"{seconds:.1f}",
            "loss": f"{loss:.6f}",
            "lr": f"{lr:.6g}",
            "train_accuracy": f"{train_accuracy:.5f}",
        }
        if test_curve is not None:
            row["test_accuracy"] = f"{test_curve[-1]:.5f}"
            row.update({f"test_accuracy_row_{r + 1}": f"{a:.5f}" for r, a in enumerate(test_curve)})
        self.history.append(row)
        if write:
            self._flush()

    def _flush(self) -> None:
        if self._on_disk == len(self.history):
            return
        # a file deleted meanwhile (a tidy-up while the run went on) came back as the later rows without a header,
        # which the next run refused as not ours: it is written whole again
        if self._replace_on_next_row or self._failing is not None or not self.path.exists():
            if self._write(self._rewrite):
                self._replace_on_next_row = False
            return
        # a spreadsheet's save of the file (`;` between fields, no newline at its end) had the next row glued to its
        # last, "0.50000" and "2,8,…" read as 0.500002: a file changed since this log wrote it is written whole again
        if self._as_left() != self._written:
            tqdm.write(
                f"note: the metrics CSV {self.path} was changed by another program since this run wrote it (saved "
                "from a spreadsheet?); it is written whole again with the run's rows (keep your changes under "
                "another name)",
                file=sys.stderr,
            )
            self._write(self._rewrite)
            return
        self._write(self._append)

    def _as_left(self) -> tuple[int, int, int] | None:
        """The file's identity, size and time of change, to tell it from one another program wrote since."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def _append(self) -> None:
        try:
            with self.path.open("a", newline="") as f:
                csv.DictWriter(f, COLUMNS).writerows(self.history[self._on_disk :])
            self._written = self._as_left()
        except OSError:
            with contextlib.suppress(OSError):
                self._cut_back(self._on_disk)  # what part of the rows reached the disk goes
            raise
        self._on_disk = len(self.history)

    def _write(self, write: Callable[[], None]) -> bool:
        """Run ``write``; if the file cannot be written (a full disk under it), say so once and go on: the rows
        stay in ``history`` (and in the training state), and the next row rewrites the whole file. A full disk
        under the CSV ended the run before its epoch was saved ("error: [Errno 28] … m.csv"), the epoch lost."""
        try:
            write()
        except OSError as err:
            if self._failing is None:  # as the progress bar writes a line: it was glued to the bar's text
                tqdm.write(
                    f"warning: cannot write the metrics CSV {self.path} ({err.strerror or err}); training goes on, "
                    "and the whole file is written again with the next row that can be (the training state keeps "
                    "every row too)",
                    file=sys.stderr,
                )
            self._failing = err.strerror or str(err)
            return False
        self._failing = None
        return True

    def unwritten(self) -> str | None:
        """Why the file lacks rows that ``history`` holds (its last write failed), else None. A run whose CSV's disk
        was full said "done" without a word of it, its one warning an epoch back promising the file with a later row."""
        return None if self._failing is None else f"the metrics CSV {self.path} could not be written ({self._failing})"

    def _text(self, rows: int | None = None) -> str:
        """The file with the header and the first ``rows`` rows (all by default)."""
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, COLUMNS)
        writer.writeheader()
        writer.writerows(self.history[:rows])
        return text.getvalue()

    def _rewrite(self) -> None:
        """Header and every row so far, swapped in atomically (readers see the old file or the new one)."""
        atomic_write_bytes(self.path, self._text().encode())
        self._on_disk, self._written = len(self.history), self._as_left()
