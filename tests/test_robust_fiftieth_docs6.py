"""The fiftieth round of hostile testing, docs6: the README and the pages under docs/ held against the code after the
round's changes (a lone line and a rule beside a digit, the teach dialog's close question, the picture checks, the
models remembered, the chart's read-out), each claim checked against the code or by running it; each test is checked
to fail on the docs before their fix."""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pytest

from rowreader import to_mnist
from rowreader.picture_words import LINE

REPO = Path(__file__).resolve().parents[1]


def words(name: str) -> str:
    """A page's text, its whitespace collapsed, so a claim may wrap anywhere."""
    return " ".join((REPO / name).read_text(encoding="utf-8").split())


def test_the_docs_say_a_picture_of_a_line_is_refused_in_the_words_the_app_says_it() -> None:
    """The app's page said only that `to_mnist` and `predict` call a single line no digit: a picture of one opened in
    the app is refused too, in its error box, and a line drawn on the canvas is read (a 7's first stroke), neither
    said; the library's page never said that `to_mnist` returns None for a line, nor what `allow_small` reads. Now
    both say it, the app's page in the words the app and `predict` give."""
    from gui.image_io import normalise_picture
    from rowreader.picture_errors import PictureError

    page = np.full((400, 400), 255, np.uint8)
    page[200:203, 60:340] = 0  # a rule, 3 × 280 px
    assert to_mnist(page) is None and to_mnist(page, allow_small=True) is not None
    with pytest.raises(PictureError) as refused:
        normalise_picture(page, "line.png")
    said = LINE.split(":")[0]  # "the mark is a single line, not a digit"
    assert said in str(refused.value)
    app, library = words("docs/the-app.md"), words("docs/library.md")
    assert said in app, "the app's page does not quote the refusal"
    assert "a picture opened" in app.split(said)[0][-400:], "the app's page does not say a picture is refused"
    assert "A line drawn on the canvas is read" in app
    entry = library.split("* `to_mnist(image")[1].split(" * `")[0]
    assert "a single line lying flat" in entry and "`allow_small=True` reads" in entry


def test_the_docs_say_a_thin_rule_beside_a_digit_is_taken_away() -> None:
    """`to_mnist` takes away a thin rule above or below a digit (an underline: a 7 underlined was a 1 at 88.8 %), but
    no page said so: the library's page named only the printed rules of ruled paper lifted, the README's layout and
    docs/development.md only a printed box, `one_digit`'s docstring likewise, and none the single line it refuses.
    Now each names both."""
    seven = np.full((400, 400), 255, np.uint8)
    seven[60:70, 100:300] = 0  # a 7's bar, 10 px
    for row in range(70, 330):  # its stem, leaning
        column = 290 - (row - 70) * 120 // 260
        seven[row, column - 5 : column + 5] = 0
    underlined = seven.copy()
    underlined[350:353, 60:340] = 0  # a rule 3 px thick, apart below it, spanning it
    assert np.array_equal(to_mnist(underlined), to_mnist(seven))
    library = words("docs/library.md").split("* `to_mnist(image")[1].split(" * `")[0]
    assert "a thin rule or underline above or below it" in library
    import rowreader.one_digit as one_digit

    layout = words("README.md").split("one_digit.py (")[1].split(")")[0]
    path = words("docs/development.md").split("`one_digit.py`'s measures")[1].split(")")[0]
    told = " ".join((one_digit.__doc__ or "").split())
    for where, text in (("README's layout", layout), ("development.md", path), ("one_digit's docstring", told)):
        assert "a single line" in text and "under or over it" in text, f"{where}: {text}"


def test_the_teaching_page_and_the_readme_name_the_teach_dialogs_close_question() -> None:
    """Alt+F4 or the title bar's close button on the teach dialog asks "Stop teaching?" (Keep teaching the default)
    since this round, but the teaching page's "Cancel, and what is left behind" and the README's teaching steps still
    said that closing the window stops the teach, as Cancel does. Both now say it asks first, in the dialog's words."""
    from gui.teach import TeachDialog

    source = inspect.getsource(TeachDialog.closeEvent)
    for said in ('"Stop teaching?"', '"Keep teaching"'):
        assert said in source
    teaching = words("docs/teaching.md").split("**Cancel, and what is left behind.**")[1][:900]
    readme = words("README.md").split("Cancel, Esc, closing the window")[1][:300]
    for where, text in (("docs/teaching.md", teaching), ("README.md", readme)):
        assert '"Stop teaching?"' in text and "Keep teaching" in text, where


def test_the_teaching_page_quotes_the_models_menus_notes_as_the_menu_gives_them(tmp_path: Path) -> None:
    """The teaching page quoted the Models menu's notes of a model gone or damaged, but not this round's "(not a model:
    an empty file)" and "(not a model: a PNG picture)", which a file emptied or replaced by a picture now shows where
    it said "damaged" (which invites deleting it): the page had a user look for "(damaged: …)" in vain. Each note the
    menu gives such files is now quoted there."""
    from gui.models_menu import _read_note

    (tmp_path / "empty.safetensors").write_bytes(b"")
    page = np.full((28, 28), 255, np.uint8)
    from PIL import Image

    Image.fromarray(page).save(tmp_path / "picture.safetensors", format="PNG")
    (tmp_path / "damaged.safetensors").write_bytes(b"\x40" + bytes(7) + b'{"a":1}')  # its header cut short
    # a whole header the loader refuses says why (the fifty-eighth round; it was "damaged" too)
    twice = b'{"__metadata__":{},"__metadata__":{}}'
    (tmp_path / "twice.safetensors").write_bytes(len(twice).to_bytes(8, "little") + twice)
    teaching = words("docs/teaching.md")
    for name in ("gone", "empty", "picture", "damaged", "twice"):
        note = _read_note(tmp_path / f"{name}.safetensors")[1].strip()
        assert note.startswith("(") and note in teaching, note


def test_the_teaching_page_says_the_dock_counts_a_picture_too_large_apart(tmp_path: Path) -> None:
    """My examples counts a picture refused for its size alone (``TooLarge``, which ``too_large`` counts since this
    round's one sequence of checks) apart from the damaged files, but the teaching page told only of pictures of
    digits side by side counted apart: a user reading "1 picture(s) too large" had no page saying what it meant. The
    page now quotes the count the dock gives for a folder holding one damaged file and one too large."""
    import struct
    import zlib

    from rowreader.example_folder import load_examples
    from rowreader.skipped_files import skipped_kinds

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    three = tmp_path / "3"
    three.mkdir()
    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 0, 0, 0, 0)  # 900 million grey pixels, said in 25 bytes
    big = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(100))) + chunk(b"IEND", b"")
    )
    (three / "big.png").write_bytes(big)
    (three / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nxx")
    said = skipped_kinds(load_examples(tmp_path).problems)
    assert said == "1 damaged file and 1 picture too large"
    assert f'"⚠ skipped {said}: …"' in words("docs/teaching.md")
