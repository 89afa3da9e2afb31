"""Pictures onto the canvas: an image file opened, dropped or pasted, or a random MNIST test digit.

Decoding runs on worker threads (an 11,000² picture froze the window for 2 s on the UI thread); a picture that
cannot be used gets an error dialog and the drawing stays as it was. A picture that arrives after the user began
drawing is not put over the drawing: the status bar says so (it replaced the new strokes, and only Ctrl+Z told
where they had gone). So is a test digit whose set was still loading, and it gives way to a picture asked for since.

The status bar says which ink each picture was read in and why, in ``rowreader predict``'s words; File ▸ Read in the
other ink (Ctrl+I) reads the picture shown again in the other ink, as ``predict --ink`` does: a light-on-dark scan
the border misjudged had no way to be read right in the app. It holds for that picture alone (the next one opened is
told from its own pixels again), and only while nothing is drawn over it, so a drawing is never replaced.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from gui.canvas_content import BaseLayer, Content
from gui.file_dialogs import IMAGE_FILES
from gui.image_io import (
    Picture,
    Reading,
    encoded_image_from_mime,
    far_url_from_mime,
    file_reading,
    image_from_mime,
    local_file_from_mime,
    normalise_picture,
    qimage_to_array,
    read_any_picture_data_and_note,
)
from gui.latest_request import LatestRequest
from gui.model_names import same_file
from gui.status_line import MESSAGE_MS
from gui.workers import PROGRESS_MS
from rowreader.checkpoint import CHECKPOINT_SUFFIX, is_checkpoint
from rowreader.data import DamagedMnistFile, load_mnist
from rowreader.example_folder import ExamplesError, class_folders
from rowreader.paths import refuse_nul
from rowreader.picture import Noted
from rowreader.preprocess import Ink, InkColour
from rowreader.readable import readable
from rowreader.stated_ink import ink_words

if TYPE_CHECKING:
    from gui.main_window import MainWindow

FAR_ADDRESS_SHOWN = 100  # characters of an address dropped that is no file here, in the message that says so
OTHER_INK_KEY = "Ctrl+I"  # File ▸ Read in the other ink, named where the status bar says the ink (as --ink is)
# Pictures remembered to be read in the other ink and named with their notes when Ctrl+Z brings one back: each holds
# how it is read again (a pasted picture's bytes), so these, not all the undo stack's; older ones are named plainly.
# Only those Ctrl+Z or Ctrl+Shift+Z can still show count: a reading a new edit dropped from the history is forgotten.
MAX_SHOWN = 20


@dataclass(frozen=True)
class Shown:
    """A picture shown as it was read: how to read it again in another ink (None where :meth:`PictureInputs.use`
    was given none), its name, the ink it was read in, the canvas's content that shows it, and its notes as the
    status bar said them with its name."""

    reading: Reading | None
    name: str
    read_in: InkColour | None
    content: Content
    notes: str


def examples_folder(path: Path) -> bool:
    """Whether ``path`` is laid out as examples are (ImageFolder's ``0/ … 9/``), as Import reads it."""
    try:
        return bool(class_folders(path))
    except (ExamplesError, OSError):
        return False


class PictureInputs:
    """Opens, takes dropped and pasted pictures, and picks MNIST digits; ``window.pictures`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.mnist: tuple[np.ndarray, np.ndarray] | None = None  # MNIST's test digits and labels, once loaded
        self._rng = np.random.default_rng()
        self._asked = LatestRequest()  # the picture asked for last is shown, not a slower one asked for before it
        self._drawn_since_asked = False
        self._content_asked = window.canvas.content  # the drawing when the picture was asked for
        self._loading_mnist = False  # Ctrl+R's first press reads the test set; more presses meanwhile wait for it
        self._digit_asked = -1  # the ticket of the last Ctrl+R meanwhile (see random_digit)
        # the pictures shown, newest last, to read again in the other ink and to name again with their notes when
        # Ctrl+Z or Ctrl+Shift+Z brings one back
        self._shown: list[Shown] = []
        self._pending_notes = ""  # what the picture being put on the canvas was found to be, said with its name
        self._reading: int | None = None  # the ticket of the picture being read, while it is the one asked for last
        window.canvas.stroke_started.connect(self._on_stroke_started)

    def open_image(self, path: str | os.PathLike[str]) -> None:
        """Read and normalise a picture in the background; a bad file gets an error dialog, the drawing stays."""
        try:  # a pasted or dropped name holding a NUL said Python's "embedded null byte" alone, naming no file
            refuse_nul(path, "picture")
        except ValueError as err:
            self._window.report_error("Could not open the image", str(err))
            return
        name = readable(Path(path).name or os.fspath(path))  # a byte not UTF-8: Qt's string drops it; "/" has none
        self._read(file_reading(Path(path)), name, f"Opening {name}…", "Could not open the image")

    def _read(
        self, reading: Reading, name: str, doing: str, failed: str, ink: Ink = "auto", label: int | None = None
    ) -> None:
        """Read a picture in ``ink`` on a worker, then show it (with its true ``label``, if known) unless drawn over
        or superseded meanwhile."""
        window, ticket = self._window, self.asking()
        window.say(doing, PROGRESS_MS)

        def fail(err: BaseException) -> None:
            self.given_up(ticket)
            window.report_error(failed, readable(str(err)))

        window.tasks.run(
            lambda: reading(ink), lambda picture: self._use_if_latest(ticket, picture, name, reading, label, ink), fail
        )

    def asking(self) -> int:
        """A picture asked for, read on a worker (here, or an example of My examples): its ticket. Ctrl+I is off
        until it is shown (:meth:`use`) or given up (:meth:`given_up`): pressed meanwhile, it dropped the picture
        asked for last, or its own reading was dropped; an example clicked raced it so, Ctrl+I on meanwhile."""
        ticket = self._reading = self._ask()
        self._window.actions_.other_ink.setEnabled(False)
        return ticket

    def still_asked(self, ticket: int) -> bool:
        """Whether the picture of ``ticket`` (:meth:`asking`) is the one asked for last."""
        return self._asked.is_latest(ticket)

    def given_up(self, ticket: int) -> None:
        """The picture of ``ticket`` will not be shown (it failed, or the canvas moved on): the picture shown can be
        read again in the other ink, as before it was asked."""
        if self._asked.is_latest(ticket):
            self._asked.supersede()
            self._window.actions_.other_ink.setEnabled(self.can_read_again())

    def _to_read_again(self) -> Shown | None:
        """The picture on the canvas as it was read (opened, dropped or pasted, or brought back by Ctrl+Z or
        Ctrl+Shift+Z), nothing drawn over it, that can be read in the other ink while no other picture is being read
        to take its place; None for anything else."""
        canvas = self._window.canvas
        if canvas.is_drawing or (self._reading is not None and self._asked.is_latest(self._reading)):
            return None
        shown = next((shown for shown in self._shown if shown.content is canvas.content), None)
        return shown if shown is not None and shown.reading is not None and shown.read_in is not None else None

    def can_read_again(self) -> bool:
        """Whether Ctrl+I can read the picture shown in the other ink (:meth:`_to_read_again`): Ctrl+Z of a Ctrl+I
        brought the first reading back with Ctrl+I greyed (only the newest reading was remembered)."""
        return self._to_read_again() is not None

    def notes_for(self, base: BaseLayer) -> str:
        """What the picture ``base`` shows was found to be when it was read (its ink and who said so, whether it
        may be more than one digit), said with its name: Ctrl+Z of a Ctrl+I brought the first reading back saying
        "Reading seven.png" alone, the ink it was read in unsaid. "" for a picture nothing was said of."""
        if self._pending_notes:
            return self._pending_notes
        return next((shown.notes for shown in reversed(self._shown) if shown.content.base is base), "")

    def read_in_other_ink(self) -> None:
        """Ctrl+I: the picture shown, read again in the ink it was not read in (one undoable step, as Open is)."""
        if (shown := self._to_read_again()) is None or shown.reading is None:
            return
        reading, name, read_in = shown.reading, shown.name, shown.read_in
        label = shown.content.base.label if shown.content.base is not None else None  # an example's digit: it lost it
        ink: InkColour = "light" if read_in == "dark" else "dark"
        self._read(
            reading, name, f"Reading {name} as {ink} ink…", "Could not read the image in the other ink", ink, label
        )

    def say_why_not_read_again(self) -> None:
        """Ctrl+I where nothing can be read again (File ▸ Read in the other ink greyed): the key was dropped unheard,
        on a drawing, an empty canvas and a picture drawn over alike; the status line now says why."""
        canvas = self._window.canvas
        base, only = canvas.content.base, f"{OTHER_INK_KEY} reads a picture opened, dropped or pasted"
        shown = next(
            (shown for shown in reversed(self._shown) if base is not None and shown.content.base is base), None
        )
        reading = self._reading is not None and self._asked.is_latest(self._reading)
        if reading and self._reading == self._digit_asked:  # Ctrl+I again once it is shown would do no more
            why = f"a test digit is being loaded, and it has no other ink to read ({only})"
        elif reading:
            why = "a picture is being read (Ctrl+I again once it is shown)"
        elif canvas.is_empty():
            why = "nothing is shown (open, drop or paste a picture, then Ctrl+I)"
        elif base is None:
            why = f"a drawing is read as drawn ({only})"
        elif shown is not None and shown.reading is not None and shown.read_in is not None:
            why = f"{shown.name} is drawn on (Ctrl+Z your strokes, then Ctrl+I)"
        elif shown is None and base.picture is not None:  # it was said to have "no other ink", though opened
            why = (
                f"{base.source} was read more than {MAX_SHOWN} pictures ago (open, drop or paste it again, then Ctrl+I)"
            )
        else:  # a test digit, an example whose file could not be read, or a picture with no ink to choose
            why = f"{base.source or 'the picture'} has no other ink to read ({only})"
        self._window.say(f"Not read in the other ink: {why}.")

    def choose_image(self) -> None:
        if path := self._window.files.choose("Open image", IMAGE_FILES):
            self.open_image(path)

    def use(
        self, picture: Picture | np.ndarray, source: str, label: int | None = None, again: Reading | None = None
    ) -> None:
        """Show a picture (crisp, at its own resolution) and read its 28×28 input; an array is an MNIST digit.
        A picture still loading, asked for before, is no longer wanted. ``again`` reads it anew in an ink asked
        (Ctrl+I); the status bar then says which ink it was read in, and why."""
        self._asked.supersede()
        window = self._window
        window.session.player.live()
        if isinstance(picture, Picture):
            said = [picture.note]  # "37" was read as a 4, and only "Reading 37.png" said
            read_in = picture.read_in if again is not None and picture.ink_from is not None else None
            if read_in is not None and picture.ink_from is not None:
                said.append(ink_words(read_in, picture.ink_from, OTHER_INK_KEY))  # after the more urgent
            # said with the window's "Reading …" as one message: said after it, a screen reader heard the name twice
            self._pending_notes = notes = "; ".join(why for why in said if why is not None)
            try:
                window.canvas.load_base(picture.image, label, source, picture.ink, picture.placement)
            finally:
                self._pending_notes = ""
            # those Ctrl+Z can still show: 20 Ctrl+I tried and taken back pushed out the picture opened, still shown
            held = window.canvas.held()
            kept = [shown for shown in self._shown if id(shown.content) in held]
            self._shown = [*kept[1 - MAX_SHOWN :], Shown(again, source, read_in, window.canvas.content, notes)]
        else:
            window.canvas.load_base(picture, label=label, source=source)  # its "Reading …" said by the window
        window.actions_.other_ink.setEnabled(self.can_read_again())

    def _ask(self) -> int:
        self._drawn_since_asked = False
        self._content_asked = self._window.canvas.content
        return self._asked.ask()

    def _moved_on(self) -> bool:
        """Whether the canvas shows other than it did when the picture was asked for, or is being drawn on."""
        return self._window.canvas.is_drawing or self._window.canvas.content is not self._content_asked

    def _on_stroke_started(self) -> None:
        self._drawn_since_asked = True

    def _use_if_latest(
        self, ticket: int, picture: Picture, source: str, again: Reading, label: int | None, ink: Ink
    ) -> None:
        """Show the picture asked for last, unless the user has drawn since asking: the drawing is what they chose
        to work on meanwhile, so the picture is not put over it (undoable or not, losing strokes is a surprise).
        ``ink`` other than "auto": a Ctrl+I's re-reading of the picture shown, put only where it is still shown."""
        if not self._asked.is_latest(ticket):
            return
        window, changed = self._window, self._moved_on()
        if ink != "auto" and changed:
            # Ctrl+I reads the picture shown: put over what Ctrl+Z or Ctrl+Shift+Z showed meanwhile, it replaced
            # strokes brought back, or another picture and the Ctrl+Shift+Z of the one it read
            self.given_up(ticket)
            why = (
                "drawn on before its reading came (Ctrl+Z your strokes, then Ctrl+I)"
                if self._drawn_since_asked
                else "no longer shown as it was when its reading came (Ctrl+I again where it is shown undrawn on)"
            )
            window.say(f"Not read in the other ink: {source}, {why}.", 2 * MESSAGE_MS)
            return
        # drawn on, or drawing: a click beside the page (no edit, nothing drawn) turned the picture away
        if self._drawn_since_asked and changed:
            self.given_up(ticket)
            window.say(
                f"Not put over your drawing: {source}, which arrived after you began drawing (open, drop or paste it "
                "again to use it).",
                2 * MESSAGE_MS,
            )
            return
        self.use(picture, source, label, again)

    def accept_mime(self, mime: QMimeData, what: str) -> bool:
        """Use a dropped or pasted file (a picture, or a model: ``*.safetensors``) or picture; False when it
        holds neither."""
        window = self._window
        if (path := local_file_from_mime(mime)) is not None:
            # a model: it was read as a picture, "not a readable image"; so was one of another name (`--out m.pt`)
            if path.suffix.lower() == CHECKPOINT_SUFFIX or is_checkpoint(path):
                window.open_model(path)
            elif path.is_dir() and examples_folder(path):  # "odd: is a folder, not an image", and no word of Import
                # your own was sent to Import too, which refuses it ("is your examples folder itself")
                what = (
                    "your examples folder: My examples (Teach ▸ My examples) shows them"
                    if same_file(path, window.teaching.store.root)
                    else "a folder of examples (its digits' folders 0–9): Teach ▸ Import examples… copies them into "
                    "yours"
                )
                window.report_error("Not an image", f"{readable(path.name)} is {what}. A drop opens one picture.")
            else:
                self.open_image(path)
            return True
        name = f"{what} image"
        # decoded and converted on a worker: on the UI thread an 11,000² picture froze the window for 2 s
        data = encoded_image_from_mime(mime)  # asked for its frames when the first is blank
        if data is not None:
            decode = partial(read_any_picture_data_and_note, data, name)
        elif (image := image_from_mime(mime)) is not None:
            decode = partial(_noteless, image)
        elif (url := far_url_from_mime(mime)) is not None:
            address = url.toDisplayString()  # a page's inline picture is a data: address of megabytes
            address = address if len(address) <= FAR_ADDRESS_SHOWN else f"{address[: FAR_ADDRESS_SHOWN - 1]}…"
            window.report_error(
                "Could not open the image",
                f"{address} is not a file on this computer: save it first, then open or drop the saved file.",
            )
            return True
        else:
            return False

        def prepare(ink: Ink) -> Picture:
            picture, note = decode()  # the ink note read with the pixels, in their one decoding
            return normalise_picture(picture, name, None if data is None else io.BytesIO(data), note, ink)

        # a large one takes seconds: the status bar said nothing meanwhile, as if the drop or paste were lost
        self._read(prepare, name, f"Opening the {name}…", "Could not use the image")
        return True

    def paste(self) -> None:
        """Read what the clipboard holds. Its formats are asked first, once: under X11 each question waits up to 5 s
        for the program that copied, and one that had stopped answering held the window over 95 s (text was three
        questions, a picture more than fifteen); now 5 s, and with its formats known, Qt answers the rest itself."""
        mime = QGuiApplication.clipboard().mimeData()  # None when no application offers clipboard data
        if mime is None or not mime.formats() or not self.accept_mime(mime, "pasted"):
            self._window.report_error("Nothing to paste", "The clipboard holds no image and no image file.")

    def mnist_fetched(self, test_set: tuple[np.ndarray, np.ndarray]) -> None:
        """MNIST was downloaded (see :class:`~gui.mnist_offer.MnistOffer`): keep its test digits for Ctrl+R."""
        self.mnist = test_set
        self._window.update_actions()

    def random_digit(self) -> None:
        """Ctrl+R: a random MNIST test digit with its true label (the test set is loaded once, in the background);
        offers to download MNIST first where it is not on this computer."""
        window = self._window
        why = "A random test digit is one of MNIST's 10,000 test digits, shown with its true label."
        if self.mnist is None and not window.mnist_offer.ensure(why, self.random_digit, train=False):
            return
        if self.mnist is not None:
            images, labels = self.mnist
            index = int(self._rng.integers(len(images)))
            self.use(images[index] / np.float32(255), f"MNIST test #{index}", int(labels[index]))
            return
        window.say("Loading the MNIST test set…", PROGRESS_MS)
        # asked for as a picture opened is, at each press: a stroke drawn or a picture asked for meanwhile was replaced
        self._digit_asked = self.asking()
        if self._loading_mnist:  # pressed again meanwhile: it read the set once per press, then showed as many digits
            return
        self._loading_mnist = True

        def loaded(data: tuple[np.ndarray, np.ndarray]) -> None:
            self._loading_mnist = False
            self.mnist = data
            if not self.still_asked(ticket := self._digit_asked):  # a picture asked for since: shown; the set kept
                return
            if self._drawn_since_asked and self._moved_on():
                self.given_up(ticket)
                window.say(
                    "Not put over your drawing: a random test digit, as its set came after you began drawing "
                    "(Ctrl+R again for one).",
                    2 * MESSAGE_MS,
                )
                return
            self.random_digit()

        def failed(err: BaseException) -> None:
            self._loading_mnist = False
            self.given_up(self._digit_asked)
            window.report_error("Could not load MNIST", _with_remedy(err))

        window.tasks.run(lambda: load_mnist(window.data_root, train=False), loaded, failed)


def _noteless(image: QImage) -> Noted:
    """A picture copied as Qt decoded it (no encoded bytes offered): its pixels, and no ink note, as none is kept."""
    return qimage_to_array(image), None


def _with_remedy(err: BaseException) -> str:
    """An MNIST file that cannot be read, and what to do: only a missing file was ever offered for download, so a
    download cut short left Ctrl+R failing for good with no way out named."""
    if not isinstance(err, DamagedMnistFile):
        return str(err)
    return f"{err}\n\nDelete that file, then press Ctrl+R again: RowReader then offers to download MNIST anew."
