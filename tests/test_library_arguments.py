"""The library's options read as their signatures say (the fifteenth round, library): each test here failed before
its fix (but the guard that NumPy's booleans are still read)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from rowreader import preprocess
from rowreader.preprocess import to_mnist


def a_one() -> np.ndarray:
    page = np.full((40, 40), 255, np.uint8)
    page[5:35, 18:22] = 0
    return page


@pytest.mark.parametrize("option", ["normalise_strokes", "allow_small"])
@pytest.mark.parametrize("value", ["no", "False", None, [False]])
def test_a_flag_that_is_not_true_or_false_is_refused(option, value):
    """`to_mnist(image, normalise_strokes="no")` is a true string: the strokes were normalised when asked not to,
    without a word (as `load_mnist(download="no")` would have fetched, refused since the tenth round)."""
    with pytest.raises(TypeError, match=rf"^{option} must be True or False, got {re.escape(repr(value))}$"):
        to_mnist(a_one(), **{option: value})


def test_numpys_booleans_are_true_or_false():
    """What the check must not refuse: a flag computed with NumPy (``np.bool_``)."""
    assert to_mnist(a_one(), normalise_strokes=np.bool_(False)) is not None


def test_an_unknown_ink_is_refused_before_the_picture_is_read(monkeypatch):
    """`to_mnist(photo, ink="Dark")` was refused only after the picture had been box-averaged, graded and evened
    out: half a second for a 10,000² photo. Nothing is done to the picture before the options are checked."""

    def read(*args, **kwargs):
        raise AssertionError("the picture was read before its options were checked")

    monkeypatch.setattr(preprocess, "prereduce", read)
    with pytest.raises(ValueError, match=r"^ink must be 'auto', 'dark' or 'light', got 'Dark'$"):
        to_mnist(a_one(), ink="Dark")


def test_none_is_named_as_none():
    """`to_mnist(None)` said "expected a 2-D grey, grey + alpha, RGB or RGBA image, got an array of shape ()"."""
    with pytest.raises(TypeError, match=r"^expected an image's pixels, got None$"):
        to_mnist(None)


@pytest.mark.parametrize("force", ["no", "False", None])
def test_save_checkpoint_keeps_a_file_not_ours_when_force_is_not_true_or_false(tmp_path, force):
    """`save_checkpoint("notes.txt", model, force="no")` is a true string: it wrote the model over the notes."""
    import rowreader

    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(TypeError, match=rf"^force must be True or False, got {re.escape(repr(force))}$"):
        rowreader.save_checkpoint(notes, rowreader.load_pretrained(), force=force)
    assert notes.read_text() == "mine"


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [("source", None, "source must be text"), ("source", 5, "source must be text"), ("too_small", "no", "too_small")],
)
def test_a_session_refuses_a_source_that_is_not_text_and_a_flag_that_is_not_true_or_false(option, value, words):
    """`DigitSession.set_image(image, source=None)` kept None for the window's title to show, and
    `set_image(None, too_small="no")` called a blank page a mark too small to read."""
    from rowreader.session import DigitSession

    session = DigitSession(None)
    image = None if option == "too_small" else np.zeros((28, 28), np.float32)
    with pytest.raises(TypeError, match=rf"^{words}.*, got {re.escape(repr(value))}$"):
        session.set_image(image, **{option: value})
    assert session.image is None and not session.too_small


def test_forward_names_images_on_another_device_than_the_reader():
    """`reader(images)` of images on the meta device failed in torch's words, "Tensor on device cpu is not on the
    expected device meta!"; it says where each is, and how to move them."""
    import torch

    from rowreader import ReaderConfig, RowReader

    reader = RowReader(ReaderConfig(hidden_size=8, input_size=4))
    with pytest.raises(ValueError, match=r"^images are on the meta device, which holds no values, the reader on cpu"):
        reader(torch.zeros(2, 28, 28, device="meta"))
    assert reader(torch.zeros(2, 28, 28)).shape == (2, 28, 10)


def test_a_config_of_numpys_text_is_a_config_of_text():
    """`ReaderConfig(cell=np.str_("gru"))` (a sweep over np.array(["lstm", "gru"])) kept NumPy's text, and printed as
    `cell=np.str_('gru')` in the config, the checkpoint's repr and every error naming the config."""
    from rowreader import ReaderConfig

    config = ReaderConfig(cell=np.str_("gru"))
    assert type(config.cell) is str and repr(config) == repr(ReaderConfig(cell="gru"))
