"""Offer to fetch MNIST when an action needs it and it is not on this computer, then carry on with the action.

A fresh install has no MNIST: the README's quick start starts the app with the shipped model and nothing else.
Two actions need the digits: Random test digit (Ctrl+R) and Teach it my handwriting (Ctrl+T), which replays MNIST
so the reader does not forget. Without this, the first was greyed out and the second failed with the command
line's advice (``--data-dir`` / ``download=True``). Nothing is downloaded without asking; the download runs on a
worker thread (torchvision's downloader, which checks the canonical checksums) and the action then continues.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from rowreader.data import ENV_VAR, FILES, load_mnist, mnist_files

if TYPE_CHECKING:
    from gui.main_window import MainWindow

DOWNLOAD_MB = 11  # the four gzipped files: 9.9 + 1.6 MB of images, 34 kB of labels


class MnistOffer(QObject):
    """``ensure(why, then)``: ``True`` when MNIST is here; else asks to download it and calls ``then`` after."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.fetching = False
        self.question: QMessageBox | None = None  # the open "Download MNIST?" box, if any (for tests)

    def available(self, train: bool = True) -> bool:
        """The test split, and the training split too if ``train``, are in the window's data folder."""
        try:
            for split in (False, True) if train else (False,):
                mnist_files(self.window.data_root, split)
        except FileNotFoundError:
            return False
        return True

    def ensure(self, why: str, then: Callable[[], None], train: bool = True) -> bool:
        """Whether the caller may go on now; if not, the user is asked and ``then`` runs once the files are here."""
        if self.available(train):
            return True
        if self.fetching:
            self.window.say("Still downloading MNIST: it goes on as soon as the files are here")
            return False
        root = self.window.data_root
        names = ", ".join(f"{name}.gz" for name in FILES[True] + FILES[False])
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "MNIST digits needed",
            f"{why}\n\nThey are not on this computer (looked in {root}). Download them now? About {DOWNLOAD_MB} MB "
            f"from the mirrors torchvision uses, checked against the published checksums, into {root}.\n\n"
            f"Without internet: copy the four files ({names}) into that folder, or set ${ENV_VAR} to the folder "
            "that holds them, and start the app again.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a folder name must not render as HTML
        download = box.addButton("Download", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(download)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda *_: setattr(self, "question", None))
        download.clicked.connect(lambda *_: self._fetch(then))
        self.question = box
        box.open()  # window-modal, not exec(): the window keeps painting
        return False

    def _fetch(self, then: Callable[[], None]) -> None:
        root = self.window.data_root
        self.fetching = True
        self.window.say(f"Downloading MNIST into {root}…", 120_000)

        def done(test_set) -> None:
            self.fetching = False
            self.window.mnist_fetched(test_set)
            self.window.say(f"MNIST downloaded into {root}")
            then()

        def failed(err: BaseException) -> None:
            self.fetching = False
            self.window.report_error(
                "Could not download MNIST",
                f"{err}\n\nWithout internet: copy the four MNIST files into {root}, or set ${ENV_VAR} to the "
                "folder that holds them.",
            )

        # load_mnist fetches all four files when any is missing, and reading the test split back checks them
        self.window.tasks.run(lambda: load_mnist(root, train=False, download=True), done, failed)
