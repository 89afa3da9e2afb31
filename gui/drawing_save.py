"""Ctrl+S: the drawing as a PNG (dark on white, 280×280) and, beside it, the 28×28 input the model reads."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.image_io import drawing_png, input_png
from gui.screen_room import plain_box
from rowreader.atomic import WHAT_TO_DO, atomic_write_files, refuse_long_name, remove_stale_temporaries
from rowreader.example_store import png_bytes
from rowreader.own_png import DRAWING_INPUT, own_png_bytes, refuse_a_file_not_ours
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class DrawingSave:
    """Asks where and writes the two pictures; ``window.saving`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def save_drawing(self, path: str | os.PathLike[str]) -> tuple[Path, Path | None]:
        """Write the drawing (dark on white, 280×280) and, beside it, the 28×28 input (``*-28x28.png``)."""
        window, path = self._window, png_path(path)
        try:  # before any look at it: the look raised "File name too long", and Ctrl+S said nothing at all
            refuse_long_name(path)
        except OSError as err:
            window.report_error("Could not save the drawing", readable(str(err)))
            raise
        image = window.session.image
        small: Path | None = path.with_name(f"{path.stem}-28x28.png")
        # the file dialog asked about PATH only: a NAME-28x28.png not marked as a drawing's input is not ours (any
        # 28×28 picture was taken for one, and a user's own 28×28 icon or MNIST sample was replaced without a word)
        theirs = stale = None
        left = ""
        try:  # "-28x28" makes a name that fits one that does not: the drawing is saved, alone
            refuse_long_name(small)
        except OSError:
            small, left = None, "; not its 28×28 input, whose name (NAME-28x28.png) would be too long"
        try:
            if small is not None:
                refuse_a_file_not_ours(small, DRAWING_INPUT)
        except FileExistsError:
            theirs, small = small, None
        if image is None:  # too small to read: no input, and one of ours there is the last drawing's, which goes
            # (a dot saved over a 7 left the 7's input beside it, the pair no longer one drawing's)
            stale = small if small is not None and (small.exists() or small.is_symlink()) else None
            small, theirs, left = None, None, ""
        pictures = [(path, png_bytes(drawing_png(window.canvas.render_ink()), "dark"))]
        if small is not None:
            pictures.append((small, own_png_bytes(Image.fromarray(input_png(image), "L"), kind=DRAWING_INPUT)))
        for name, _ in pictures:  # what a save of this name killed mid-write left beside it (hidden, for good)
            remove_stale_temporaries(name)
        # the last drawing's input, ours, goes before the renames: killed between them, the new drawing stood beside it
        last_input = small if stale is None else stale
        try:
            # together: one by one, a save killed (or a disk full) between them left the new drawing beside the
            # last drawing's 28×28 input, the pair no longer one drawing's
            atomic_write_files(pictures, removing=[last_input] if last_input is not None else [])
        except OSError as err:
            # the system's words after the file's name; our own (a pipe where a folder goes) name it already
            why = f"{err.filename or path}: {err.strerror}" if err.strerror else str(err)
            why += WHAT_TO_DO.get(err.errno, "")  # a full disk was the system's words alone, not what to do
            window.report_error("Could not save the drawing", readable(why))  # a newline in a name: one line
            raise
        if stale is not None:
            left = f"; {stale.name}, the last drawing's input, removed (this one is too small to read)"
        left = (
            f"; {theirs.name} is not marked as a 28×28 input RowReader saved, so it was left as it is"
            if theirs
            else left
        )
        window.say(readable(f"Saved {path.name}" + (f" and {small.name}" if small else "") + left))
        return path, small

    def choose_path(self) -> None:
        window = self._window
        if window.canvas.is_empty():
            window.say("Nothing to save yet: draw a digit first")
            return
        start = str(Path(window.files.last_dir()) / "digit.png")
        dialog = QFileDialog(window, "Save drawing", start, "PNG images (*.png)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        # the dialog adds ".png" itself, so it asks before replacing digit.png: typed as "digit", the name it
        # checked did not exist, and save_drawing's own ".png" then overwrote a picture without a word
        dialog.setDefaultSuffix("png")
        # asked here about the file to be written: the dialog asked about "photo.jpg", a name typed, and Yes then
        # wrote photo.jpg.png (over one there, never asked about)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
        while dialog.exec() and dialog.selectedFiles():
            path = dialog.selectedFiles()[0]
            # os.path: a name too long for the file system raised from Path.exists, out of Qt's slot, unsaid
            if os.path.exists(png_path(path)) and not self._may_replace(png_path(path)):
                if not window.isVisible():  # closed as it asked (a stop signal): the dialog came back alone, for good
                    return
                continue  # back to the dialog, as after its own question
            window.files.remember_dir(path)
            with contextlib.suppress(OSError):  # already reported in a dialog
                self.save_drawing(path)
            return

    def _may_replace(self, path: Path) -> bool:
        """The file dialog's own question, about the file that would be replaced, in a plain box: Qt's question took
        a name such as "<b>x.png" for HTML (shown "x.png", in bold), and for a short name openbox cut its title to
        "Save draw…owReader" (:func:`plain_box`)."""
        no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
        text = f"{path.name} already exists.\nDo you want to replace it?"
        box = plain_box(QMessageBox.Icon.Question, "Save drawing", text, self._window, yes | no)
        box.setDefaultButton(no)
        return box.exec() == yes


def png_path(path: str | os.PathLike[str]) -> Path:
    """The file a drawing saved as ``path`` is written to: a name without ".png" gets it added ("photo.jpg.png")."""
    path = Path(path)
    if path.suffix.lower() == ".png":
        return path
    return path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
