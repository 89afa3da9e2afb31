"""The twenty-third round of hostile testing, the code's health: gui/ read module by module as a student reads it,
each docstring and comment against the code, and the README's and docs' claims about the app against what it does."""

from __future__ import annotations

import importlib
import io
import re
import tokenize
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader.model import CLASSES, ROWS

REPO = Path(__file__).resolve().parents[1]

# A dotted name of the project's own: gui.screen_room.show_beside, rowreader.output.one_line; not a file's name
# ("rowreader.safetensors", "training.log")
DOTTED = re.compile(r"(?<![\w./-])((?:gui|rowreader|training)(?:\.[A-Za-z_]\w*)+)(?![\w-])")
FILE_ENDINGS = {"conf", "csv", "json", "log", "md", "png", "pt", "py", "safetensors", "teaching", "txt"}


def _prose(path: Path) -> list[str]:
    """The comments and docstrings of a Python file: where a reader is told what to read next."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT or t.string.startswith(('"""', 'r"""'))]


def _resolves(dotted: str) -> bool:
    """Whether ``dotted`` names a module of the project, or something in one."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_every_module_and_name_the_code_s_comments_send_a_reader_to_exists():
    """gui/session_view.py sent a reader to ``gui.tips.TIP_CHARS`` and ``gui.tips.show_beside``: there is no
    gui/tips.py (the one became gui.plain_text's, the other gui.screen_room's). Every dotted name of the project's
    that a comment or docstring of gui/, rowreader/ or training/ gives is one that can be imported."""
    files = [p for folder in ("gui", "rowreader", "training") for p in sorted((REPO / folder).rglob("*.py"))]
    named = {
        (path.relative_to(REPO).as_posix(), dotted)
        for path in files
        for text in _prose(path)
        for dotted in DOTTED.findall(text)
        if dotted.rpartition(".")[2] not in FILE_ENDINGS
    }
    assert len(named) > 50  # the check reads what it is meant to
    assert [(where, dotted) for where, dotted in sorted(named) if not _resolves(dotted)] == []


def _beliefs(rows: int, seed: int) -> np.ndarray:
    """``rows`` beliefs over the ten digits (each row sums to 1), some of them sure of one digit."""
    rng = np.random.default_rng(seed)
    probabilities = rng.dirichlet(np.full(CLASSES, 0.3), rows).astype(np.float32)
    sure = rng.random(rows) < 0.3
    probabilities[sure] = np.eye(CLASSES, dtype=np.float32)[rng.integers(0, CLASSES, sure.sum())]
    return probabilities


@given(rows=st.integers(1, ROWS), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_the_belief_change_strip_is_the_total_variation_distance(rows, seed):
    """The Δ belief strip says "how far each row moved the belief: total variation distance from the belief before
    it" (docs/the-app.md); the tests held it only to ``belief_change`` itself, so it could have been any multiple of
    the distance (a quarter passed both). Held here to the definition: the most belief any set of digits gained, the
    uniform belief before row 1; a switch from one sure digit to another is 1."""
    from gui.state_heatmap import belief_change

    probabilities = _beliefs(rows, seed)
    before = np.vstack([np.full(CLASSES, 1 / CLASSES), probabilities[:-1]])
    gained = np.clip(probabilities - before, 0, None).sum(axis=1)  # the set of digits that gained, all it gained
    np.testing.assert_allclose(belief_change(probabilities), gained, atol=1e-6)
    switch = np.eye(CLASSES, dtype=np.float32)[[3, 3, 8]]
    np.testing.assert_allclose(belief_change(switch), [0.9, 0.0, 1.0], atol=1e-6)


@given(seed=st.integers(0, 2**32 - 1), units=st.integers(1, 40))
@settings(max_examples=60, deadline=None)
def test_the_lstm_maps_order_units_by_their_row_then_by_how_much_they_changed(seed, units):
    """Units "sorted by the row where each changes most (ties: by the size of that change, largest first)": the
    tests held the rows alone, so the ties could have come in any order (smallest first passed). Small whole
    changes make ties of both kinds."""
    from gui.state_heatmap import unit_order

    states = np.random.default_rng(seed).integers(-3, 4, (ROWS, units)).astype(np.float32) / 4
    steps = np.abs(np.diff(states, axis=0, prepend=0.0))
    order = unit_order(states)
    assert sorted(order) == list(range(units))
    keys = [(int(steps[:, u].argmax()), -float(steps[:, u].max())) for u in order]
    assert keys == sorted(keys)


def test_the_share_of_the_status_bar_docs_say_messages_keep_is_the_codes():
    """docs/the-app.md said the model's text in the status bar gives way before "a message get less than 30 % of the
    bar"; messages have kept a quarter of it (``MESSAGE_SHARE``, 0.3 cut "Shipped model" to "Ship…odel" in the
    smallest window). The page gives the share the code keeps."""
    from gui.status_line import MESSAGE_SHARE

    words = {"a quarter": 0.25, "a third": 1 / 3, "half": 0.5}
    text = " ".join((REPO / "docs" / "the-app.md").read_text(encoding="utf-8").split())
    said = re.search(r"a message get less than (\d+ %|a quarter|a third|half) of the bar", text)
    assert said is not None, "docs/the-app.md no longer says what share of the status bar messages keep"
    share = said[1]
    assert (words[share] if share in words else int(share.removesuffix(" %")) / 100) == MESSAGE_SHARE


def test_a_hard_link_of_the_model_in_use_is_not_compared_with_it(qtbot, tmp_path):
    """gui/model_names.py called the shipped model's hard link "Shipped model" (the same file), while Compare with
    told files apart by resolved name: compared with the shipped model, the link was read beside it, the status bar
    said "Shipped model · vs Shipped model (dashed)" and the dashed lines lay under the solid ones. One definition of
    the same file serves both: it is refused as the model in use, as the file itself or a link to it is."""
    import os

    from gui_window import open_shipped_window

    from gui.comparing import SEED_MODEL
    from rowreader.checkpoint import pretrained_path

    link = tmp_path / "my-model.safetensors"
    os.link(pretrained_path(), link)
    window = open_shipped_window(qtbot, tmp_path)
    window.compare_with(link)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert window.comparison is None and "vs" not in window.status.model_label.text()
    assert "is the model in use" in window.statusBar().currentMessage()
    seed = tmp_path / "seed-again.safetensors"
    os.link(SEED_MODEL, seed)  # the seed model by another name is the seed model: its menu item is checked
    window.compare_with(seed)
    qtbot.waitUntil(lambda: window.comparison is not None, timeout=20_000)
    assert window.actions_.compare_seed.isChecked()


def test_the_app_page_gives_the_rows_the_readme_measures_for_the_drawn_seven():
    """docs/the-app.md said the seed model decides on the drawn 7 at "row 16 against row 9"; the window reads it at
    row 15 (the README says so, and test_readme holds the README to the window's own reading of that 7). Both pages
    give the same rows."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    page = " ".join((REPO / "docs" / "the-app.md").read_text(encoding="utf-8").split())
    shipped = re.search(r"decided at row (\d+)\. The seed model \(dashed\)", readme)
    seed = re.search(r"and decides on 7 at row (\d+)\.", readme)
    said = re.search(r"\(a drawn 7: row (\d+) against row (\d+);", page)
    assert shipped and seed and said, "a page no longer says how early the drawn 7 is decided"
    assert (said[1], said[2]) == (seed[1], shipped[1])


def test_the_chart_shades_from_the_decided_row_and_says_sure_since_while_scanning(qtbot, tmp_path):
    """docs/the-app.md: "The shaded stretch starts at 'decided at row k' … While a scan is still running it says
    'sure since row k'". No test looked at where the shade is painted (a stretch begun a row early passed them all)
    or at the model in use's own "sure since" (its "decided at" while scanning passed too). The drawn 7, read to
    row 20 and to the end: the title line says each, and the shade covers the rows from k on and none before."""
    from gui_window import open_shipped_window

    from gui.demo import draw_digit

    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "7")
    timeline = window.timeline
    decided = timeline.decided_at
    assert decided is not None and decided < 20
    metrics = timeline.fontMetrics()
    assert timeline.title_line(7, ROWS, metrics) == f"7: decided at row {decided}"
    window.session.seek(20)
    assert timeline.title_line(7, 20, metrics) == f"7: sure since row {decided}"
    window.session.seek(ROWS)
    plot = timeline.plot_rect()
    picture = timeline.grab().toImage()
    ratio = picture.devicePixelRatio()
    labels = [rect for _, rect, _ in timeline.peak_labels()]
    y = plot.bottom() - 2  # under the 0 % level, where no line runs

    def colour(row: float) -> int:
        x = timeline.x_of(row, plot)
        return picture.pixel(round(x * ratio), round(y * ratio)) & 0xFFFFFF

    clear = [
        r + 0.5 for r in range(1, ROWS) if not any(rect.contains(timeline.x_of(r + 0.5, plot), y) for rect in labels)
    ]
    shaded = {colour(row) for row in clear if row > decided}
    plain = {colour(row) for row in clear if row < decided}
    assert len(shaded) == 1 and len(plain) == 1 and shaded != plain, (shaded, plain)


def test_the_lstm_maps_keep_the_drawings_unit_order_while_it_is_scanned(qtbot, tmp_path):
    """ "The order is fixed per drawing so it stays put during a scan" (docs/the-app.md, gui/state_heatmap.py): no
    test stepped through a drawing, and the maps reordered by the rows read so far at every row passed them all.
    Stepped back to rows 10 and 3, the columns keep the order of all 28 rows; a new drawing gets its own."""
    from gui_window import open_shipped_window

    from gui.demo import draw_digit
    from gui.state_heatmap import unit_order

    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    heatmap = window.heatmap
    assert heatmap.isVisible()
    draw_digit(window.canvas, "7")
    whole = unit_order(window.session.hidden_states)
    for row in (10, 3):
        window.session.player.seek(row)
        assert window.session.position == row
        np.testing.assert_array_equal(heatmap.order, whole)
        assert not np.array_equal(unit_order(window.session.hidden_states), whole)  # the rows read alone differ
    window.canvas.clear()
    draw_digit(window.canvas, "0")
    np.testing.assert_array_equal(heatmap.order, unit_order(window.session.hidden_states))
    assert not np.array_equal(heatmap.order, whole)


def test_what_the_model_sees_dims_the_rows_to_come_and_marks_the_last_row_read(qtbot):
    """ "Rows already read are bright, rows still to come are dimmed, and the row read last is outlined with an
    arrow" (docs/the-app.md): no test looked at the view's pixels, and a view that dimmed nothing, or drew no
    outline and no arrow, passed them all. All ink, 10 rows read: rows 1–10 full white, rows 11–28 at the dimmed
    share, and the highlight colour around row 10 and at the arrow left of it."""
    from gui_window import shown
    from PySide6.QtGui import QPalette

    from gui.input_view import DIMMED, ModelInputView
    from rowreader.session import DigitSession

    session = DigitSession()
    view = shown(qtbot, ModelInputView(session), (320, 300))
    session.set_image(np.ones((ROWS, ROWS), np.float32))
    session.seek(10)
    picture = view.grab().toImage()
    ratio = picture.devicePixelRatio()
    rect = view.grid_rect()
    cell = rect.height() / ROWS

    def grey(x: float, y: float) -> tuple[int, int, int]:
        colour = picture.pixelColor(round(x * ratio), round(y * ratio))
        return colour.red(), colour.green(), colour.blue()

    middle = rect.left() + (ROWS // 2 + 0.5) * cell  # a column's middle, off the grid lines
    assert grey(middle, rect.top() + 4.5 * cell) == (255, 255, 255)
    dimmed = round(255 * DIMMED)
    assert grey(middle, rect.top() + 20.5 * cell) == (dimmed, dimmed, dimmed)
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    marked = highlight.red(), highlight.green(), highlight.blue()

    def near(colour: tuple[int, int, int]) -> bool:  # the outline is antialiased
        return max(abs(a - b) for a, b in zip(colour, marked, strict=True)) <= 16

    assert near(grey(middle, rect.top() + 9 * cell - 1))  # the outline's top edge, on row 10's
    assert near(grey(rect.left() - 5, rect.top() + 9.5 * cell))  # the arrow, left of row 10
    assert not near(grey(middle, rect.top() + 4 * cell - 1))  # no other row is outlined


@given(value=st.floats(-1, 1))
@settings(max_examples=60, deadline=None)
def test_the_lstm_maps_are_blue_below_zero_and_red_above(value):
    """ "blue −1, red +1" (docs/the-app.md, the maps' legend): no test read the colour map's direction, and a map
    turned round (−1 red) passed them all. Below zero a state is bluer than red, above it redder, the further the
    more, and zero is a neutral grey."""
    from gui.theme import diverging_rgb32

    def rgb(v: float) -> tuple[int, int, int]:
        pixel = int(diverging_rgb32(np.array([v]))[0])
        return (pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF

    red, _, blue = rgb(value)
    if value < -0.01:
        assert blue > red
    elif value > 0.01:
        assert red > blue
    assert max(rgb(0.0)) - min(rgb(0.0)) <= 2  # grey
    assert rgb(-1.0)[2] - rgb(-1.0)[0] >= rgb(min(value, -0.01))[2] - rgb(min(value, -0.01))[0]
    assert rgb(1.0)[0] - rgb(1.0)[2] >= rgb(max(value, 0.01))[0] - rgb(max(value, 0.01))[2]


def test_paused_the_chart_marks_the_row_and_the_drawing_dims_the_rows_to_come(qtbot, tmp_path):
    """Two more of docs/the-app.md's claims no test could fail on: "A dashed line marks the current row" (the
    chart without it passed), and the drawing, paused, "dims what is still to come" (no dimming passed). Paused at
    row 12 of the drawn 7: the highlight colour runs down the chart at row 12 (dashed: on part of it), and the 7's
    stem below the band is lighter than in Live."""
    from gui_window import open_shipped_window
    from PySide6.QtGui import QPalette

    from gui.demo import draw_digit

    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "7")
    canvas, timeline = window.canvas, window.timeline
    ink = canvas.render_ink()
    low = int(np.flatnonzero(ink.max(axis=1) > 200)[-1]) - 10  # near the stem's end, well below row 12's band
    column = int(np.flatnonzero(ink[low] > 200).mean())
    rect = canvas.document_rect()
    at = (rect.left() + (column + 0.5) * rect.width() / 280, rect.top() + (low + 0.5) * rect.height() / 280)

    def stem() -> int:
        picture = canvas.grab().toImage()
        ratio = picture.devicePixelRatio()
        return picture.pixelColor(round(at[0] * ratio), round(at[1] * ratio)).lightness()

    live = stem()
    window.session.player.seek(12)
    qtbot.waitUntil(lambda: canvas.row_band is not None)
    assert stem() > live + 60, (live, stem())
    plot = timeline.plot_rect()
    picture = timeline.grab().toImage()
    ratio = picture.devicePixelRatio()
    x = round(timeline.x_of(12, plot) * ratio)
    highlight = timeline.palette().color(QPalette.ColorRole.Highlight)
    ys = range(round(plot.top() * ratio) + 2, round(plot.bottom() * ratio) - 2)

    def marked(column: int) -> int:  # how many of the plot's pixels down ``column`` (or beside it) are the highlight's
        def off(c) -> int:
            return max(
                abs(c.red() - highlight.red()), abs(c.green() - highlight.green()), abs(c.blue() - highlight.blue())
            )

        return sum(min(off(picture.pixelColor(column + dx, y)) for dx in (-1, 0, 1)) <= 40 for y in ys)

    assert marked(x) > len(ys) / 4 > marked(round(timeline.x_of(12.5, plot) * ratio)), (marked(x), len(ys))


def test_a_note_of_a_crashed_teach_that_cannot_be_read_takes_no_other_notes_word_with_it(tmp_path, monkeypatch):
    """gui/teach_record.py took back "the" message when a note could not be dealt with (``messages.pop()``, for a
    note it could not remove), but the note checked second failing to be looked at (EIO: a folder on a mount gone
    stale) took back the first note's message, that note already removed: the crash it told of was never said. With
    only the failing note, ``pop`` of nothing raised IndexError into the window's start. Each note's word is its
    own: the first is said, the one that cannot be looked at is left for the next start."""
    import errno
    import json
    from pathlib import Path

    from gui_window import unfinished_teaches

    from gui.teach_record import RECORD_FORMAT, SUFFIX

    notes = [tmp_path / f"mine-2026120{day}-120000-abcdef.safetensors{SUFFIX}" for day in (1, 2)]
    for note in notes:
        note.write_text(json.dumps({"format": RECORD_FORMAT, "started": "2026-12-01T12:00:00+00:00", "examples": 30}))
    stale = Path.is_file

    def is_file(path: Path) -> bool:
        if path == notes[1]:
            raise OSError(errno.EIO, "Input/output error")
        return stale(path)

    monkeypatch.setattr(Path, "is_file", is_file)
    said = unfinished_teaches(tmp_path)
    assert len(said) == 1 and "did not finish" in said[0] and not notes[0].exists() and notes[1].exists()
    assert unfinished_teaches(tmp_path) == [] and notes[1].exists()  # alone: no word, and no IndexError


@given(count=st.integers(1, 9))
@settings(max_examples=20, deadline=None)
def test_the_teach_dialog_names_the_first_three_examples_it_still_misreads(count):
    """docs/teaching.md: the dialog "names the examples it still reads as another digit (the first three, with the
    digit read)". The one test gave it two, so naming two of five, or all of them, passed. The first three are
    named, each with the digit read, and the rest counted."""
    from gui.teach import misread_line

    misread = [(f"{digit}/kept-{digit}.png", (digit + 1) % 10) for digit in range(count)]
    line = misread_line(misread, count)
    named = [file for file, _ in misread if file in line]
    assert named == [file for file, _ in misread[:3]]
    assert all(f"{file} as a {read}" in line or f"{file} as an {read}" in line for file, read in misread[:3])
    assert (f"and {count - 3} more" in line) == (count > 3)


def test_the_models_menu_lists_the_newest_few_taught_models_newest_first(qtbot, tmp_path):
    """The Models menu "stays short: shipped, your newest few" (``MAX_RECENT_MODELS``, newest first): the one test
    of it had six files and the models in use, which a menu of every file passes too. Of three more taught models
    than that, none in use, the newest are listed, newest first, after the shipped model."""
    from gui_window import open_shipped_window

    from gui.models_menu import MAX_RECENT_MODELS
    from gui.taught_models import models_dir

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    folder = models_dir(window.teaching.user_dir)
    folder.mkdir(parents=True)
    names = [f"mine-202612{day:02}-120000-aaaaaa.safetensors" for day in range(1, MAX_RECENT_MODELS + 4)]
    for name in names:
        (folder / name).write_bytes(b"not a model: listed all the same")
    listed = [path.name for _, path in window.teaching.models_menu.choices()]
    newest = sorted(names, reverse=True)[:MAX_RECENT_MODELS]
    assert listed[1:] == newest, listed
