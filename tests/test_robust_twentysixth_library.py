"""The twenty-sixth round, library: docs/library.md's examples run as written, the stream used carelessly, and
``ExampleStore`` written by two processes at once (docs/robustness.md says what was tried)."""

import copy
import functools
import json
import pickle
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

import rowreader
from rowreader import example_folder, example_store
from rowreader.checkpoint import Checkpoint
from rowreader.evaluate import evaluate_curve
from rowreader.example_store import ExampleStore
from rowreader.session import DigitSession
from rowreader.stream import RowStream


@functools.cache
def _shipped() -> Checkpoint:
    return rowreader.load_pretrained()


def bar_of_ink(offset: int = 0) -> np.ndarray:
    """A bar of dark ink on white, a 1, moved ``offset`` px to the right."""
    drawing = np.full((100, 100), 255, np.uint8)
    drawing[20:80, 45 + offset : 55 + offset] = 0
    return drawing


def test_a_new_example_never_takes_the_name_of_one_kept(tmp_path, monkeypatch):
    """A new example's name was its second and 24 random bits, and a write replaces what bears its name: two adds of
    one digit in one second whose bits met (an import copies some 300 of a digit a second; two processes adding at
    once) both said they were kept, and one example was lost. A name taken is drawn again, from 64 bits."""
    drawn = iter(["c0ffee", "c0ffee", "c0ffee", "beef00"])
    asked = []

    def token_hex(nbytes: int | None = None) -> str:
        asked.append(nbytes)
        return next(drawn)

    # the names', not the temporaries'
    monkeypatch.setattr(example_store, "secrets", SimpleNamespace(token_hex=token_hex))
    store = ExampleStore(tmp_path)
    first, second = store.add(3, bar_of_ink()), store.add(3, bar_of_ink(20))
    assert first.path != second.path
    assert {p.name for p in (tmp_path / "3").glob("*.png")} == {first.path.name, second.path.name}
    assert [e.path for e in ExampleStore(tmp_path).load().examples] == sorted([first.path, second.path])
    assert min(asked) * 8 >= 64, asked


WHOLE = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
FLOATS = ("float16", "float32", "float64", "longdouble")


def _values(dtype: str) -> st.SearchStrategy:
    """Any value ``dtype`` holds, its extremes first."""
    if dtype in WHOLE:
        info = np.iinfo(dtype)
        return st.integers(int(info.min), int(info.max))
    return st.floats(allow_nan=True, allow_infinity=True, width={"float16": 16, "float32": 32}.get(dtype, 64))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), dtype=st.sampled_from(WHOLE + FLOATS), batch=st.sampled_from([None, 3]))
@example(data=None, dtype="uint8", batch=None)  # a white page's first row, as a picture holds it
def test_pixels_outside_0_to_1_are_refused_in_words_never_with_a_numpy_warning(data, dtype, batch):
    """The refusal's hint added 1 to the lowest pixel in its own type: a white page's uint8 row (255), or uint16's
    65535, overflowed, NumPy's "RuntimeWarning: overflow encountered in scalar add" printed above the refusal, and
    under ``-W error`` (pytest's ``filterwarnings = error``) raised in its place. Any pixels refused are refused in
    words alone, for a row and an image, one stream or a batch, and the session."""
    if data is None:
        low, high = 255, 255
    else:
        low, high = sorted([data.draw(_values(dtype)), data.draw(_values(dtype))])
    lead = () if batch is None else (batch,)
    row = np.full((*lead, 28), low, dtype)
    row[..., -1] = high
    image = np.repeat(row[..., None, :], 28, axis=-2)
    inside = bool(np.all((row >= 0) & (row <= 1)))
    stream = _shipped().stream(batch=batch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calls = [lambda: stream.feed(row), lambda: stream.feed_image(image)]
        if batch is None:
            calls.append(lambda: DigitSession(_shipped()).set_image(image))
        for call in calls:
            if inside:
                call()
            else:
                with pytest.raises(ValueError, match=r"must hold (finite )?pixel values"):
                    call()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dtype=st.sampled_from(FLOATS),
    values=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=4),
    rows=st.integers(1, 28),
)
@example(dtype="float64", values=[1.7976931348623157e308], rows=28)  # logits beyond any belief
@example(dtype="float64", values=[np.inf, -np.inf], rows=3)
def test_decided_at_refuses_what_is_not_beliefs_in_words_never_with_a_numpy_warning(dtype, values, rows):
    """Beliefs summed past float64's range (1.8e308, logits of a broken reader) overflowed in the check, and ∞ − ∞
    was "invalid": NumPy's warning, under ``-W error`` in place of the refusal. Refused in words now, or read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test's own casts of 1e308 into float16
        beliefs = np.resize(np.asarray(values, np.float64), (rows, 10)).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            rowreader.decided_at(beliefs)
        except ValueError as err:
            assert "probabilities must lie in [0, 1]" in str(err)


def test_undoing_a_delete_never_writes_over_a_file_named_so_since(tmp_path):
    """Undo of a delete put the files back under their names whatever stood there now: a scanner's next scan1.png,
    saved after the old scan1.png was deleted, was written over and lost without a word (one example where two
    drawings were kept). It comes back under a new name now; undone twice (two windows), it is there once."""
    folder = tmp_path / "3"
    folder.mkdir()
    Image.fromarray(bar_of_ink()).save(folder / "scan1.png")
    store = ExampleStore(tmp_path)
    [old] = store.load().examples
    removed = store.remove(old)
    Image.fromarray(bar_of_ink(20)).save(folder / "scan1.png")
    new_scan = (folder / "scan1.png").read_bytes()
    back = store.restore(removed)
    assert (folder / "scan1.png").read_bytes() == new_scan
    assert back.path != folder / "scan1.png" and back.path.read_bytes() == removed.picture
    kept = store.add(5, bar_of_ink(10))
    removed = store.remove(kept)
    first, second = store.restore(removed), store.restore(removed)  # undone in two windows: the same files, once
    assert first.path == second.path == kept.path
    assert len(ExampleStore(tmp_path).load().examples) == 3


def test_ctrl_z_of_a_delete_whose_name_was_taken_says_so(qtbot, tmp_path):
    """The window's Ctrl+Z of such a delete: the example comes back under a new name, the new scan stays, and the
    status line says why it was renamed (it said only "too long to write again", of a name 9 bytes long)."""
    from gui_window import window_without_model

    window = window_without_model(qtbot, tmp_path)
    store = window.teaching.store
    (store.root / "3").mkdir(parents=True)
    scan = store.root / "3" / "scan1.png"
    Image.fromarray(bar_of_ink()).save(scan)
    window.teaching.panel.reload()
    (example,) = window.teaching.panel.found.examples
    old = scan.read_bytes()
    said = []
    window.teaching.panel.said.connect(said.append)
    window.teaching.panel.delete(example)
    Image.fromarray(bar_of_ink(20)).save(scan)
    new_scan = scan.read_bytes()
    window.actions_.undo.trigger()
    (back,) = set((store.root / "3").glob("*.png")) - {scan}
    assert (scan.read_bytes(), back.read_bytes()) == (new_scan, old)
    assert said[-1] == f"Brought back the example of 3 as {back.name}: its own name, scan1.png, names another file now"


@pytest.mark.parametrize("place", ["scan2.png", "monday/scan2.png", "monday/am/scan2.png"])
def test_a_move_and_its_undo_keep_an_example_in_its_sub_folder(tmp_path, place):
    """An example in a sub-folder of its digit's (3/monday/scan2.png, as ImageFolder reads it) moved to 5 and back,
    as Ctrl+Z of a move does, came back as 3/scan2.png, out of its folder; a move to its own digit renamed it
    (3/scan1.png became 3/20261203-…png). It keeps its place under each digit now, and a move to its own digit
    changes nothing."""
    (tmp_path / "3" / place).parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(bar_of_ink()).save(tmp_path / "3" / place)
    store = ExampleStore(tmp_path)
    (example,) = store.load().examples
    picture = example.path.read_bytes()
    assert store.relabel(example, 3).path == example.path
    moved = store.relabel(example, 5)
    assert moved.path == tmp_path / "5" / place
    back = store.relabel(moved, 3)
    assert back.path == tmp_path / "3" / place and back.path.read_bytes() == picture
    assert [e.path for e in ExampleStore(tmp_path).load().examples] == [back.path]


class _Tagged(RowStream):
    __slots__ = ("tag",)


class _TwiceTagged(_Tagged):
    __slots__ = "other"  # a name alone, as Python takes it


@pytest.mark.parametrize("how", ["copy", "copy.copy", "copy.deepcopy", "pickle"])
@pytest.mark.parametrize("batch", [None, 2])
def test_a_subclass_copy_keeps_the_attributes_it_keeps_in_slots(how, batch):
    """library.md: "a subclass's copy is of its class, with its attributes". One kept in ``__slots__`` lies outside
    ``__dict__``, and every copy and pickle came back without it (AttributeError on ``copy.tag``). Carried now, the
    copy reading on as the original does."""
    shipped = _shipped()
    stream = _TwiceTagged(shipped.config, shipped.weights, batch=batch)
    stream.tag, stream.other, stream.note = "mine", 5, "in __dict__"
    row = np.full((28,) if batch is None else (batch, 28), 0.5)
    stream.feed(row)
    clone = {
        "copy": stream.copy,
        "copy.copy": lambda: copy.copy(stream),
        "copy.deepcopy": lambda: copy.deepcopy(stream),
        "pickle": lambda: pickle.loads(pickle.dumps(stream)),
    }[how]()
    assert type(clone) is _TwiceTagged
    assert (clone.tag, clone.other, clone.note) == ("mine", 5, "in __dict__")
    assert np.array_equal(clone.feed(row).probs, stream.feed(row).probs)
    assert not hasattr(_Tagged(shipped.config, shipped.weights).copy(), "tag")  # never set: still not set


@pytest.mark.parametrize("where", ["file_key", "load_example"])
def test_an_example_deleted_while_the_folder_is_read_is_gone_not_a_problem(tmp_path, monkeypatch, where):
    """A reading while another process deleted its examples (another window's Delete) named those deleted between
    the listing and their reading as files that could not be read: 4 of 400 in one reading, "no such file" or
    "[Errno 2] No such file or directory: '…'". Gone is gone, as for a file gone before the listing."""
    store = ExampleStore(tmp_path)
    doomed, stays = store.add(3, bar_of_ink()), store.add(4, bar_of_ink(20))
    real = getattr(example_folder, where)

    def deleted_first(path, *args, **kwargs):
        if path == doomed.path:  # the other process's delete lands here
            store.remove(doomed)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(example_folder, where, deleted_first)
    found = ExampleStore(tmp_path).load()
    assert found.problems == []
    assert [e.path for e in found.examples] == [stays.path]


def _sidecar(label: int) -> str:
    return json.dumps(
        {
            "format": "rowreader-example",
            "version": 1,
            "label": label,
            "strokes": [{"width": 9, "points": [[50, 20], [50, 80]]}],
        }
    )


@pytest.mark.parametrize(
    ("moved", "there"),
    [
        (("scan1.jpg", True), ("scan1.png", False)),  # its strokes were read as the png's, and it had none
        (("scan1.png", False), ("scan1.gif", True)),  # the gif's strokes were read as the moved png's
        (("scan1.jpg", False), ("scan1.gif", True)),  # two of a name, neither a png: the gif's strokes were nobody's
        (("scan1.jpg", True), ("scan1.gif", False)),  # its own strokes were nobody's
    ],
)
def test_a_move_beside_a_picture_of_its_name_keeps_each_drawings_strokes_its_own(tmp_path, moved, there):
    """A sidecar NAME.json is read as the only NAME.* picture's, else NAME.png's. A move checked only the picture's
    name and (for one with strokes) NAME.json, so 3/scan1.jpg with its strokes moved beside 5/scan1.png left the
    jpg with none and gave the png, another drawing, the jpg's strokes (which teaching draws again as that example).
    Such a name is taken now: the example moves under a new one, and every drawing keeps its own strokes."""
    for label, (name, strokes) in ((3, moved), (5, there)):
        (tmp_path / str(label)).mkdir()
        Image.fromarray(bar_of_ink(label)).save(tmp_path / str(label) / name)
        if strokes:
            (tmp_path / str(label) / name).with_suffix(".json").write_text(_sidecar(label))
    store = ExampleStore(tmp_path)
    before = {e.path.read_bytes(): len(e.strokes) for e in store.load().examples}
    (three,) = (e for e in store.load().examples if e.label == 3)
    store.relabel(three, 5)
    found = ExampleStore(tmp_path).load()
    assert found.problems == [] and len(found.examples) == 2
    assert {e.path.read_bytes(): len(e.strokes) for e in found.examples} == before


def test_dark_ink_on_light_paper_is_told_to_go_through_to_mnist_not_to_be_divided(mnist_test):
    """A picture's uint8 pixels (dark ink on white paper, MNIST's 255 - x) were told "divide 0…255 pixels
    (load_mnist's uint8 digits) by 255 first": done as told, the stream read the paper as ink and 1,000 of MNIST's
    test digits came out 12.0 % right (99.2 % through ``to_mnist``). Mostly light pixels are told to use
    ``to_mnist``; MNIST's own bytes are still told to divide."""
    images = mnist_test[0][:4]
    for read, digits in [
        (_shipped().stream(batch=4).feed_image, images),
        (_shipped().stream().feed_image, images[0]),
        (DigitSession(_shipped()).set_image, images[0]),
    ]:
        with pytest.raises(ValueError, match=r"got 0…255; dark ink on light paper, a picture\? to_mnist\(picture\)"):
            read(255 - digits)
        with pytest.raises(ValueError, match=r"got 0…255; divide 0…255 pixels \(load_mnist's uint8 digits\) by 255"):
            read(digits)


@pytest.mark.parametrize("where", ["stream", "batch", "session", "evaluate_curve", "forward"])
def test_a_digit_with_its_channel_last_is_told_the_index_that_drops_it(mnist_test, where):
    """Keras's MNIST examples hold digits as ``[N, 28, 28, 1]`` (channels last); the stream, the session,
    ``evaluate_curve`` and ``forward`` said only the shapes, where torchvision's ``[N, 1, 28, 28]`` is told its
    index. Told ``image[..., 0]`` now, which reads it."""
    images, labels = mnist_test[0][:3] / np.float32(255), mnist_test[1][:3]
    keras = images[..., None]
    read = {
        "stream": lambda x: _shipped().stream().feed_image(x[0]),
        "batch": lambda x: _shipped().stream(batch=3).feed_image(x),
        "session": lambda x: DigitSession(_shipped()).set_image(x[0]),
        "evaluate_curve": lambda x: evaluate_curve(_shipped(), x, labels),
        "forward": lambda x: _shipped().reader(torch.from_numpy(np.ascontiguousarray(x))),
    }[where]
    with pytest.raises(ValueError, match=r"drop its channel axis of 1 \(Keras's layout, channels last\): image") as err:
        read(keras)
    index = "image[..., 0]" if where in ("stream", "session") else "images[..., 0]"
    assert str(err.value).endswith(index)
    read(keras[..., 0])  # as told


@pytest.mark.parametrize("channels", [3, 4])
@pytest.mark.parametrize("batch", [None, 3])
def test_a_colour_picture_given_to_the_stream_is_told_to_go_through_to_mnist(mnist_test, channels, batch):
    """An RGB or RGBA digit of 28×28 fed to the stream was told "expected an image of shape (28, 28), got (28, 28,
    3)" alone (the session already says to use ``set_drawing``); the stream names ``to_mnist``, which reads it."""
    grey = mnist_test[0][:3] / np.float32(255)
    colour = np.repeat(grey[..., None], channels, axis=-1)
    stream = _shipped().stream(batch=batch)
    with pytest.raises(ValueError, match=r"a colour picture\? to_mnist\(picture\) makes the grey 28×28 input"):
        stream.feed_image(colour if batch else colour[0])
    pictures = [rowreader.to_mnist(picture) for picture in colour]
    stream.feed_image(np.stack(pictures) if batch else pictures[0])  # as told
