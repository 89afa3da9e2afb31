"""The fifty-eighth round of hostile testing, files8: files coming into the app as a hostile user brings them (an
import of a folder of notes, PDFs and empty files named ``.png``; model files in the models folder past RowReader's
header limits or naming a key twice). Each is said for what it is, in the library's words: a file that is whole but
no picture was counted among the import's "damaged files", and a whole model file the loader refuses with its exact
reason was listed as "(damaged: cannot be read)" in the Models menu."""

from __future__ import annotations

import json
from pathlib import Path

from gui_window import open_shipped_window
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QMessageBox

from gui.image_io import MODEL_INSTEAD
from rowreader.checkpoint import CheckpointError, load_checkpoint, pretrained_path
from rowreader.example_store import ExampleStore
from rowreader.skipped_files import skipped_kinds
from rowreader.tensor_file import MAX_HEADER_BYTES


def _seven(path: Path) -> None:
    """A 28×28 picture of a 7-ish stroke at ``path``: one picture the import takes."""
    picture = Image.new("L", (28, 28), 0)
    ImageDraw.Draw(picture).line((6, 4, 22, 4, 12, 24), fill=255, width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path)


def test_fifty_eighth_files8_an_import_counts_a_note_a_pdf_and_an_empty_file_as_no_pictures(tmp_path: Path) -> None:
    """A note, a PDF and an empty file saved as ``3/*.png`` are whole and said so in their own lines ("a text file
    starting …, not a picture"), but the import's box and the dock counted them among "4 damaged files", which
    invites looking for a disk fault. Now only the PNG cut short is damaged."""
    folder = tmp_path / "in"
    _seven(folder / "7" / "good.png")
    threes = folder / "3"
    threes.mkdir()
    (threes / "note.png").write_text("this is not a picture\n")
    (threes / "scan.png").write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    (threes / "empty.png").write_bytes(b"")
    (threes / "cut.png").write_bytes((folder / "7" / "good.png").read_bytes()[:40])
    result = ExampleStore(tmp_path / "store").import_folder(folder, lambda: False, lambda *_: None)
    assert len(result.added) == 1
    said = {Path(problem.split(": ", 1)[0]).name: problem.split(": ", 1)[1] for problem in result.problems}
    assert said["note.png"] == "a text file starting 'this is not a picture', not a picture"
    assert said["empty.png"] == "an empty file (0 bytes), not a picture"
    assert said["scan.png"].startswith("a PDF document, not a picture")
    assert skipped_kinds(result.problems) == "1 damaged file and 3 files that are not pictures"
    one = [problem for problem in result.problems if "note.png" in problem]
    assert skipped_kinds(one) == "1 file that is not a picture"


def _header_past_the_limit(path: Path) -> None:
    """The shipped model with its metadata padded to a header just past ``MAX_HEADER_BYTES``: whole, and refused."""
    data = pretrained_path().read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = data[8 : 8 + size].replace(
        b'"__metadata__":{', b'"__metadata__":{"pad":"' + b" " * MAX_HEADER_BYTES + b'",'
    )
    path.write_bytes(len(header).to_bytes(8, "little") + header + data[8 + size :])


def _metadata_twice(path: Path) -> None:
    """The shipped model with an empty ``__metadata__`` named before its own: refused as safetensors refuses it."""
    data = pretrained_path().read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = data[8 : 8 + size].replace(b'{"__metadata__"', b'{"__metadata__":{},"__metadata__"', 1)
    path.write_bytes(len(header).to_bytes(8, "little") + header + data[8 + size :])


def _config_key_twice(path: Path) -> None:
    """The shipped model with ``cell`` named twice in its config (JSON inside the header's metadata)."""
    data = pretrained_path().read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    header["__metadata__"]["config"] = header["__metadata__"]["config"].replace("{", '{"cell": "gru", ', 1)
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + data[8 + size :])


def test_fifty_eighth_files8_the_models_menu_says_why_a_whole_model_file_cannot_be_read(qtbot, tmp_path: Path) -> None:
    """A model file whose header is past RowReader's limit, or names ``__metadata__`` (or a key of its config) twice,
    was listed as "(damaged: cannot be read)" in the Models menu, though loading it says exactly why: now the menu says
    it, in the loader's words. A file cut short is damaged, and still said so."""
    user = tmp_path / "user"
    models = user / "models"
    models.mkdir(parents=True)
    large, twice, cut, config = (models / f"mine-20261206-14000{n}-abcd.safetensors" for n in range(4))
    _header_past_the_limit(large)
    _metadata_twice(twice)
    cut.write_bytes(pretrained_path().read_bytes()[:5000])
    _config_key_twice(config)
    why = {}
    for path in (large, twice, config):
        try:
            load_checkpoint(path)
        except CheckpointError as err:
            why[path] = str(err).removeprefix(f"{path}: ").removeprefix("not a readable safetensors file: ")
    assert why[large].startswith("header too large: it says 4,00") and why[large].endswith(f"{MAX_HEADER_BYTES:,}")
    assert why[twice] == "'__metadata__' named twice in one object"
    assert why[config] == "damaged model config or metadata: 'cell' named twice in one object"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    choices = {path: text for text, path in window.teaching.models_menu.choices()}
    assert choices[large] == f"Yours: {large.stem} (cannot be read: {why[large]})"
    assert choices[twice] == f"Yours: {twice.stem} (cannot be read: {why[twice]})"
    assert choices[config] == f"Yours: {config.stem} (cannot be read: {why[config]})"
    assert choices[cut] == f"Yours: {cut.stem} (damaged: cannot be read)"


def test_fifty_eighth_files8_a_model_opened_as_a_picture_is_named_a_model(qtbot, tmp_path: Path) -> None:
    """File ▸ Open image… with "All files" on a model (``*.safetensors``, or one saved as ``model.png``) said only
    "not an image PIL can read", as if it were a damaged picture; a drop opens a model as one, and ``rowreader
    predict`` names it. Now the box says it is a model and how to open it; the model in use stays."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for name in ("other.safetensors", "model.png"):
        model = tmp_path / name
        model.write_bytes(pretrained_path().read_bytes())
        window.last_error = None
        window.pictures.open_image(model)
        qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
        title, message = window.last_error
        window.error_dialog.done(QMessageBox.StandardButton.Ok)
        assert title == "Could not open the image"
        assert message == f"{name}: not an image PIL can read; {MODEL_INSTEAD}"
    assert window.session.checkpoint.path == pretrained_path()
    notes = tmp_path / "notes.png"  # a picture that is none is said as before
    notes.write_text("this is not a picture\n")
    window.last_error = None
    window.pictures.open_image(notes)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    assert window.last_error[1] == "notes.png: a text file starting 'this is not a picture', not a picture"


def test_fifty_eighth_files8_your_own_examples_folder_dropped_is_not_sent_to_import(qtbot, tmp_path: Path) -> None:
    """Your examples folder dragged from a file manager onto the window was "a folder of examples …: Teach ▸ Import
    examples… copies them into yours", and Import then refused it ("is your examples folder itself"). Now the drop
    says it is yours and where it is shown; another folder of examples is still sent to Import."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    root = window.teaching.store.root
    _seven(root / "7" / "kept.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(root))])
    assert window.pictures.accept_mime(mime, "dropped")
    assert window.last_error == (
        "Not an image",
        "examples is your examples folder: My examples (Teach ▸ My examples) shows them. A drop opens one picture.",
    )
    other = tmp_path / "from a friend"
    _seven(other / "7" / "given.png")
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    assert window.pictures.accept_mime(mime, "dropped")
    assert "from a friend is a folder of examples (its digits' folders 0–9): Teach ▸ Import" in window.last_error[1]
