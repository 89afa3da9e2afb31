"""The twenty-second round, library: the library from Python as a researcher uses it, in scripts, notebooks and
threads, with hostile inputs (docs/robustness.md says what was tried)."""

import struct

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from rowreader import to_mnist
from rowreader.picture import read_picture


def _transparent_page(digit: np.ndarray, paper_alpha: int) -> Image.Image:
    """MNIST's ``digit`` as dark ink on white paper, its ink opaque and its paper of ``paper_alpha``: a PNG drawn
    on a transparent page."""
    rgba = np.zeros((*digit.shape, 4), np.uint8)
    rgba[..., :3] = (255 - digit)[..., None]
    rgba[..., 3] = np.where(digit > 0, 255, paper_alpha)
    return Image.fromarray(rgba, "RGBA")


@given(index=st.integers(0, 199), paper_alpha=st.integers(0, 255), mode=st.sampled_from(["RGBa", "La"]))
def test_a_premultiplied_picture_reads_as_its_straight_twin(mnist_test, index, paper_alpha, mode):
    """Pillow's premultiplied modes: `to_mnist` of an "RGBa" image converted it to RGB, its alpha dropped, so a
    transparent page read as black (88 of 200 MNIST digits right, against 188 as RGBA), and an "La" image failed in
    Pillow's words ("conversion from La to L not supported"). Each reads as the straight picture it was made from,
    to the rounding of its premultiplied bytes."""
    straight = _transparent_page(mnist_test[0][index], paper_alpha)
    premultiplied = straight.convert(mode) if mode == "RGBa" else straight.convert("LA").convert("La")
    expected = to_mnist(straight)
    got = to_mnist(premultiplied)
    assert got is not None and np.abs(got - expected).max() < 0.05


def test_a_tiff_of_associated_alpha_is_read(tmp_path, mnist_test):
    """A grey TIFF whose alpha is associated (premultiplied: ExtraSamples = 1, as some editors save one) opens in
    Pillow as "La": `read_picture` (and so `rowreader predict` and the app) refused it as "cannot read the image
    (conversion from La to L not supported)". It reads as its unassociated twin."""
    straight = _transparent_page(mnist_test[0][0], 0).convert("LA")
    straight.save(tmp_path / "straight.tif")
    data = bytearray((tmp_path / "straight.tif").read_bytes())
    entry = struct.pack("<HHIH", 338, 3, 1, 2)  # the tag ExtraSamples: one SHORT, 2 (unassociated alpha)
    assert data.count(entry) == 1
    at = data.index(entry)
    data[at + 8] = 1  # associated alpha
    (tmp_path / "associated.tif").write_bytes(bytes(data))
    assert Image.open(tmp_path / "associated.tif").mode == "La"
    got = to_mnist(read_picture(tmp_path / "associated.tif"))
    assert got is not None and np.array_equal(got, to_mnist(read_picture(tmp_path / "straight.tif")))
