"""Pictures in and out: files, the clipboard and drops become 28×28 inputs; drawings are saved as PNG.

Reading and normalising run on a worker thread (``QImage`` and ``QImageReader`` are safe off the UI thread),
so a huge photo never freezes the window. Writes are atomic, so a failed save never destroys an older file.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage, QImageReader

from rowreader.atomic import atomic_write_bytes
from rowreader.preprocess import to_mnist


class PictureError(ValueError):
    """A file or clipboard item that cannot be used as a digit; the message says why, for an error dialog."""


def qimage_to_array(image: QImage) -> np.ndarray:
    """Any QImage → uint8 ``[H, W, 4]`` RGBA (a copy, independent of the QImage's buffer)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    height, width = rgba.height(), rgba.width()
    rows = np.frombuffer(rgba.constBits(), np.uint8).reshape(height, rgba.bytesPerLine())
    return rows[:, : width * 4].reshape(height, width, 4).copy()


def read_picture(path: str | Path) -> np.ndarray:
    """Decode an image file (any format Qt reads, EXIF rotation applied) to RGBA, or say why it cannot be."""
    path = Path(path)
    if not path.is_file():
        raise PictureError(f"{path}: no such file")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise PictureError(f"{path.name}: not a readable image ({reader.errorString()})")
    return qimage_to_array(image)


def normalise_picture(picture: np.ndarray, name: str) -> np.ndarray:
    """A picture of a digit → the 28×28 input, with a clear error for pictures that hold no digit."""
    image = to_mnist(picture, ink="auto")
    if image is None:
        raise PictureError(f"{name}: no digit found (the picture is blank or has no contrast)")
    return image


def load_picture_file(path: str | Path) -> np.ndarray:
    """Read and normalise in one go: the work a background task does for Open and drops."""
    return normalise_picture(read_picture(path), Path(path).name)


def local_file_from_mime(mime: QMimeData) -> Path | None:
    """The first local file named in a drop or paste, if any."""
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return Path(url.toLocalFile())
    return None


def image_from_mime(mime: QMimeData) -> QImage | None:
    """Image data carried by a drop or paste itself (a copied picture), if any."""
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image
    return None


def png_bytes(grey: np.ndarray) -> bytes:
    """uint8 ``[H, W]`` greyscale → PNG bytes."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(grey, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def save_png(path: str | Path, grey: np.ndarray) -> None:
    """Write a greyscale PNG atomically (the old file survives any failure)."""
    atomic_write_bytes(path, png_bytes(grey))


def drawing_png(ink: np.ndarray) -> np.ndarray:
    """The canvas ink (255 = ink) as a picture people expect: dark strokes on white paper."""
    return 255 - np.asarray(ink, dtype=np.uint8)


def input_png(image28: np.ndarray) -> np.ndarray:
    """The 28×28 model input as MNIST stores digits: white ink on black, 0…255."""
    return np.clip(np.asarray(image28) * 255.0 + 0.5, 0, 255).astype(np.uint8)
