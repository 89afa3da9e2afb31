"""Offer to fetch MNIST when an action needs it and it is not on this computer, then carry on with the action.

A fresh install has no MNIST: the README's quick start starts the app with the shipped model and nothing else.
Two actions need the digits: Random test digit (Ctrl+R) and Teach it my handwriting (Ctrl+T), which replays MNIST
so the reader does not forget. Without this, the first was greyed out and the second failed with the command
line's advice (``--data-dir`` / ``download=True``). Nothing is downloaded without asking; ``rowreader download``
(torchvision's downloader, which checks the canonical checksums) runs as a child process, waited for on a worker
thread, and the action then continues.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import PIPE
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from gui.screen_room import open_within_screen, plain_box
from gui.teach_process import source_root
from rowreader import needs_torch
from rowreader.data import (
    ENV_VAR,
    FILES,
    MnistFileError,
    choose_a_folder,
    download_failed,
    find_mnist_file,
    load_mnist,
    mnist_files,
    where_mnist_goes,
)
from rowreader.paths import folder_below

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# How the app's user chooses the MNIST folder: the app has no --data-dir, and reads $ROWREADER_DATA as it starts.
APP_WAY = f"and set ${ENV_VAR} to it, then start the app again"
DOWNLOAD_MB = 11  # the four gzipped files: 9.9 + 1.6 MB of images, 34 kB of labels


def offline_advice(root: Path) -> str:
    """What to do without internet, said alike before and after a failed download: the offline user needs the
    four file names most after the download failed, and $ROWREADER_DATA is only read when the app starts."""
    return f"{where_mnist_goes(root)} and start the app again."


class MnistOffer(QObject):
    """``ensure(why, then)``: ``True`` when MNIST is here; else asks to download it and calls ``then`` after."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.fetching = False
        self.question: QMessageBox | None = None  # the open "Download MNIST?" box, if any (for tests)
        # A child process fetches the files: torchvision (and torch with it) stays out of the app, and closing
        # the window can stop a download that hangs on the network.
        self.program = [sys.executable, "-m", "rowreader", "download"]
        self._child: subprocess.Popen | None = None

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
        # one file gone (deleted after it was found damaged) was "not on this computer", as if all four were
        stems = [stem for stem in FILES[True] + FILES[False] if find_mnist_file(root, stem) is None]
        missing = [f"{stem}.gz" for stem in stems]
        where, looked = "They are not on this computer", f" (looked in {root})"
        if 0 < len(missing) < len(FILES[True] + FILES[False]):
            where = f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing"
        # unpacked a folder too deep: "not on this computer" of files right there (the command line names it)
        if (below := folder_below(root, lambda folder: all(find_mnist_file(folder, s) for s in stems))) is not None:
            where, looked = f"They are in {below}, a folder inside {root}: {APP_WAY.removeprefix('and ')}", ""
        # the light install, without torchvision: Download was offered, and could only fail
        fetchable = not needs_torch.absent("torchvision")
        offer = (
            f"Download them now? About {DOWNLOAD_MB} MB from the mirrors torchvision uses, checked against the "
            f"published checksums, into {root}."
            if fetchable
            else f"{needs_torch.install_words('Downloading them', 'torchvision')}."
        )
        box = plain_box(
            QMessageBox.Icon.Question if fetchable else QMessageBox.Icon.Information,
            "MNIST digits needed",
            f"{why}\n\n{where}{looked}. {offer}\n\n{offline_advice(root)}",
            self.window,
            QMessageBox.StandardButton.Cancel if fetchable else QMessageBox.StandardButton.Ok,
        )
        if fetchable:
            download = box.addButton("Download", QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(download)
            download.clicked.connect(lambda *_: self._fetch(then))
        box.finished.connect(lambda *_: setattr(self, "question", None))
        self.question = box
        open_within_screen(box, self.window)  # window-modal, not exec(): the window keeps painting
        return False

    def _fetch(self, then: Callable[[], None]) -> None:
        root = self.window.data_root
        self.fetching = True
        self.window.say(f"Downloading MNIST into {root}…", 120_000)
        command = [*self.program, "--data-dir", str(root)]
        env = dict(os.environ)
        if (source := source_root()) is not None:  # the child imports the same code as the app
            env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)

        def work() -> tuple[np.ndarray, np.ndarray]:
            with subprocess.Popen(command, stdout=PIPE, stderr=PIPE, text=True, env=env) as child:
                self._child = child
                _, errors = child.communicate()
            if child.returncode != 0:
                _, marker, said = errors.rpartition("rowreader: error: ")  # its message (torchvision's: several lines)
                # the command prints its error on one line, newlines escaped: shown as "\n", they are lines again
                said = said.replace("\\n", "\n").strip() if marker else "\n".join(errors.strip().splitlines()[-12:])
                raise MnistFileError(said or f"the download stopped (exit status {child.returncode})")
            return load_mnist(root, train=False)  # NumPy only: torch stays out of the app

        def done(test_set: tuple[np.ndarray, np.ndarray]) -> None:
            self.fetching = False
            self.window.pictures.mnist_fetched(test_set)
            self.window.say(f"MNIST downloaded into {root}")
            then()

        def failed(err: BaseException) -> None:
            self.fetching = False
            said = str(err)
            why = said.removeprefix(download_failed(root))  # "Could not download MNIST: could not download MNIST…"
            if why.endswith(choose_a_folder()):  # the folder cannot be written: "--data-dir / root=" mean nothing here
                message = why.removesuffix(choose_a_folder()) + choose_a_folder(APP_WAY)
            elif why != said:  # the command's reason, then its advice; the app adds when $ROWREADER_DATA is read
                message = f"{why}\n\n${ENV_VAR} is read when the app starts: after setting it, start the app again."
            else:  # another download running, the command itself failing: its words, then what to do offline
                message = f"{said}\n\n{offline_advice(root)}"
            self.window.report_error("Could not download MNIST", message)

        self.window.tasks.run(work, done, failed)

    def shutdown(self) -> None:
        """At close: stop a download still running, so the window need not wait for the network."""
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()
