"""The forty-seventh round of hostile testing, window4: a demanding user drawing in a real window (Xvfb, openbox,
xdotool, at 100 %, 150 % and 200 %, light and dark): all ten digits in several styles, tiny in a corner and huge past
the edges, thin and thick pens, undo and redo, the drawing saved (Ctrl+S) and read again by ``rowreader predict``
and by the app; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import itertools
import json

import numpy as np
from gui_window import open_shipped_window
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from gui.image_io import drawing_png, load_picture_file
from rowreader.cli import main as cli_main
from rowreader.example_store import ExampleStore
from rowreader.picture import read_picture_data_and_note
from rowreader.stated_ink import INK_KEY, ink_chunk, stated_ink


def _huge_ring(window) -> None:
    """A 0 drawn with the widest pen, round past all four edges of the page: its ink covers the page's border."""
    canvas = window.canvas
    canvas.set_brush_width(64.0)
    rect = canvas.document_rect()
    corners = [(0.5, 0.02), (0.95, 0.1), (1.1, 0.5), (0.95, 0.9), (0.5, 1.1), (0.05, 0.9), (-0.1, 0.5), (0.05, 0.1)]
    corners.append(corners[0])
    points = []
    for (ax, ay), (bx, by) in itertools.pairwise(corners):
        points += [(ax + (bx - ax) * i / 12, ay + (by - ay) * i / 12) for i in range(12)]
    canvas.draw_stroke([(rect.left() + x * rect.width(), rect.top() + y * rect.height()) for x, y in points])


def test_a_drawing_past_the_edges_saved_is_read_again_as_drawn(qtbot, tmp_path, capsys) -> None:
    """A 0 drawn huge with the 64-px pen, past every edge, and saved (Ctrl+S): the window read it 0 at 99.6 %, but
    ``rowreader predict`` of the saved drawing said 0 at 91.3 %, and the app opening it again another input: its
    border is all ink, so the picture was taken for light ink on dark paper and its paper read as the digit. The
    saved drawing says its ink is dark (a PNG text chunk), and both read it as the window did."""
    window = open_shipped_window(qtbot, tmp_path)
    _huge_ring(window)
    shown = window.session.image.copy()
    path = tmp_path / "huge.png"
    window.saving.save_drawing(path)
    assert cli_main(["predict", "--json", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    result = result[0] if isinstance(result, list) else result
    np.testing.assert_allclose(result["rows"][-1]["probs"], window.predictions()[-1], atol=2e-3)
    np.testing.assert_allclose(load_picture_file(path).image, shown, atol=2 / 255)


def test_a_kept_drawing_past_the_edges_is_taught_as_drawn(qtbot, tmp_path) -> None:
    """The same huge 0 kept (Ctrl+K) was read back from My examples by its border too: the teach was given its
    paper as the digit (its input a whole 1.0 away from the window's at some pixels). The kept PNG says its
    ink, and the example's input is the window's."""
    window = open_shipped_window(qtbot, tmp_path)
    _huge_ring(window)
    store = ExampleStore(tmp_path / "examples")
    example = store.add(0, drawing_png(window.canvas.render_ink()))
    np.testing.assert_allclose(example.image, window.session.image, atol=2 / 255)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=64), said=st.sampled_from(["dark", "light", "Dark", "auto", "", "x" * 300]))
def test_a_stated_ink_is_two_words_and_nothing_else(data, said) -> None:
    """Whatever a note holds, reading its stated ink never fails (the picture's own reading words what is wrong),
    and only "dark" or "light" is taken; any other word, or a picture saying nothing, leaves "auto" as it is."""
    grey = np.full((3, 3), 255, np.uint8)
    assert stated_ink(data.decode("latin-1"), grey) == "auto"
    assert stated_ink(None, grey) == "auto"
    buffer = io.BytesIO()
    info = ink_chunk(said, grey) if said in ("dark", "light") else PngImagePlugin.PngInfo()
    if said not in ("dark", "light"):
        info.add_text(INK_KEY, said)
    Image.fromarray(grey).save(buffer, format="PNG", pnginfo=info)
    picture, note = read_picture_data_and_note(buffer.getvalue())
    assert stated_ink(note, picture) == (said if said in ("dark", "light") else "auto")
    assert stated_ink(note, picture, "light") == "light"  # an ink asked for is the one read
