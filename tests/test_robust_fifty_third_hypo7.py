"""The fifty-third round, hypo7: Hypothesis over boundaries no property stated yet: an example's sidecar of any JSON
beside a good example (each read, or named in one short line and skipped, the good one still read); the chart's
and read-out's `elided` over any text and room; a metrics CSV of any rows under the run's header, named by
`training.fit --metrics`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from gui.readout import elided
from rowreader.example_folder import SIDECAR_FORMAT, load_examples
from rowreader.example_store import png_bytes
from training.files import OutputError, check_outputs
from training.metrics import COLUMNS

# A skipped file's reason is one line a person reads (the app's My examples, fine-tune's "skipped" lines); the
# longest a sidecar's checks write of a value is `shown`'s 60 characters and a little
LONGEST_REASON = 400
FAST = settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=8,
)


def _seven(shift: int) -> bytes:
    """A drawn 7 as the app keeps it, ``shift`` px right: a bar and a stroke down, dark on white (two alike are one
    drawing, the second set aside as its copy)."""
    grey = np.full((28, 28), 255, np.uint8)
    grey[6:9, 6 + shift : 22] = 0
    for row in range(9, 24):
        grey[row, 20 - (row - 9) // 2 : 23 - (row - 9) // 2] = 0
    return png_bytes(grey, ink="dark")


@FAST
@given(field=st.sampled_from(["label", "width", "points", "strokes", "date", "version"]), value=JSON)
@example(field="label", value="x" * 100_000)  # "sidecar says label 'xxx…' …": the whole 100 kB in the line
@example(field="label", value=" 7" + " " * 100_000)  # "sidecar's label is the text ' 7     …'"
@example(field="width", value=[1] * 30_000)  # "pen width must be a number …, got [1, 1, 1, …]": 90 kB
@example(field="width", value="x" * 100_000)
def test_a_sidecar_of_any_json_is_read_or_named_in_one_short_line(tmp_path: Path, field: str, value: object) -> None:
    """A sidecar whose label or stroke width held a long value was named with that value whole: a label of 100,000
    letters made a 100,049-character reason, printed by fine-tune's "skipped" line and held by My examples. Any JSON
    in any field reads, or is one line of at most ``LONGEST_REASON``, and the good example beside it still reads."""
    folder = tmp_path / "examples" / "7"
    folder.mkdir(parents=True, exist_ok=True)
    good = {"format": SIDECAR_FORMAT, "version": 1, "label": 7, "strokes": []}
    sidecar: dict = {**good, "strokes": [{"width": 8.0, "points": [[1, 2]]}]}
    if field in ("width", "points"):
        sidecar["strokes"][0][field] = value
    else:
        sidecar[field] = value
    for shift, (name, data) in enumerate((("good", good), ("odd", sidecar))):
        (folder / f"{name}.png").write_bytes(_seven(shift))
        (folder / f"{name}.json").write_text(json.dumps(data))
    examples = load_examples(folder.parent)
    assert [e.path.name for e in examples.examples if e.path.name == "good.png"] == ["good.png"]
    assert len(examples.examples) + len(examples.problems) == 2
    for problem in examples.problems:
        assert "odd.json" in problem or "odd.png" in problem, problem
        assert "\n" not in problem and len(problem) - len(str(folder)) <= LONGEST_REASON, problem[:200]


@FAST
@given(
    text=st.text(max_size=12),
    room=st.integers(-3, 200),
    mode=st.sampled_from([Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight]),
)
@example(text="4", room=0, mode=Qt.TextElideMode.ElideMiddle)  # Qt gives one letter back whole: 8 px in 0
@example(text="W", room=5, mode=Qt.TextElideMode.ElideRight)
def test_elided_text_fits_its_room_or_is_whole(qapp, text: str, room: int, mode: Qt.TextElideMode) -> None:
    """`elided` is what the chart's title and read-out write in ``room`` px: Qt's `elidedText` gives one letter back
    whole however little room there is ("4", 8 px, in 0), so the title's choice, which asks whether a compared
    model's name fits, took a one-letter name ("4.safetensors" compared) as fitting where no room was left. What it
    gives fits ``room``, and is the text itself where the text fits."""
    metrics = QFontMetrics(QFont())
    shown = elided(metrics, text, mode, room)
    assert metrics.horizontalAdvance(shown) <= max(room, 0)
    if metrics.horizontalAdvance(text) <= room:
        assert shown == text


CSV_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@FAST
@given(rows=st.lists(CSV_TEXT, max_size=3), long_field=st.sampled_from(["", "x" * 140_000, '"' + "x\n" * 70_000]))
@example(rows=["1,"], long_field="x" * 140_000)  # a note of 140,000 characters pasted into a cell
@example(rows=[], long_field='"' + "x\n" * 70_000)  # a quote never closed: the rest of the file one field
def test_a_metrics_csv_of_any_rows_is_taken_or_refused_in_words(tmp_path: Path, rows: list[str], long_field: str):
    """`--metrics` naming a CSV under the run's header whose rows hold a field over the csv module's 131,072
    characters ended `training.fit` in a traceback, "_csv.Error: field larger than field limit", before any work.
    Any rows under the header are taken as a run's record, or refused as an OutputError naming the file and
    --force; never another error."""
    metrics = tmp_path / f"other{len(rows)}{len(long_field)}.csv"
    metrics.write_text(",".join(COLUMNS) + "\n" + "\n".join([*rows, long_field]) + "\n", newline="")
    out = tmp_path / "m.safetensors"
    try:
        check_outputs(out, out.with_name("m.state.pt"), metrics, force=False)
    except OutputError as err:
        assert str(metrics) in str(err) and "--force" in str(err)
        assert "\n" not in str(err) and len(str(err)) < 600
    check_outputs(out, out.with_name("m.state.pt"), metrics, force=True)  # --force replaces it, its rows unread
