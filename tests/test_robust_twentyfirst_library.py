"""The twenty-first round, library: the library from Python and a notebook as a researcher uses it, with odd but
plausible inputs (docs/robustness.md says what was tried)."""

import importlib
import inspect
import warnings

import numpy as np
import pytest
import torch
from test_core_data import write_split

import rowreader
from rowreader import load_mnist, load_pretrained, to_mnist
from rowreader.pen import fit_strokes
from rowreader.session import DigitSession


@pytest.mark.parametrize("gz", [True, False])
def test_load_mnist_gives_arrays_the_caller_may_write(tmp_path, gz):
    """`load_mnist`'s arrays were read-only views of the file's bytes: `torch.from_numpy(images)` warned that writing
    to the tensor "will result in undefined behavior", and `rng.shuffle(images)` or `images[labels == 3] = 0` failed
    ("array is read-only"). Each call gives arrays of its own, gzipped or not."""
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), rng.integers(0, 10, 5, dtype=np.uint8)
    write_split(tmp_path, images, labels, gz=gz)
    got, got_labels = load_mnist(tmp_path, train=False)
    assert got.flags.writeable and got_labels.flags.writeable
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # torch's UserWarning about an array it may not write
        torch.from_numpy(got)
    rng.shuffle(got)
    got_labels[:] = 0
    again, again_labels = load_mnist(tmp_path, train=False)
    assert np.array_equal(again, images) and np.array_equal(again_labels, labels)  # the writes were the caller's


@pytest.mark.parametrize(
    ("side", "error"), [(0, ValueError), (4, ValueError), (-5, ValueError), (2.5, TypeError), ("280", TypeError)]
)
def test_fit_strokes_names_a_canvas_side_it_cannot_use(side, error):
    """`fit_strokes(strokes, side=0)` was refused as "pen width must be between 0 and -4 canvas pixels", a pen
    nobody gave, and `side="280"` as "unsupported operand type(s) for -: 'str' and 'float'"."""
    with pytest.raises(error, match=r"^side must be a whole number of canvas pixels above 4 \(its margins\), got "):
        fit_strokes([np.array([[0.0, 0.0], [1.0, 2.0]])], side=side)
    fitted = fit_strokes([np.array([[0.0, 0.0], [1.0, 2.0]])], pen=4, side=np.int64(100))  # NumPy's whole number
    assert fitted[0].min() >= 0 and fitted[0].max() <= 100


def test_a_rendering_of_strokes_is_the_callers_to_write():
    """`render_strokes` (and `draw_strokes`, `draw_ink_window`) gave NumPy's read-only view of Pillow's bytes: a speck
    added to a rendering, `canvas[y, x] = 0`, failed as "assignment destination is read-only", as `load_mnist`'s
    arrays did, and `torch.from_numpy(canvas)` warned."""
    from rowreader.pen import draw_ink_window, render_strokes

    strokes = [np.array([[0.0, 0.0], [0.0, 10.0]]), np.array([[3.0, 2.0]])]
    for canvas in (render_strokes(strokes), draw_ink_window(fit_strokes(strokes), 28)):
        canvas[0, 0] = 0
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            torch.from_numpy(canvas)


def test_a_session_reads_a_drawing_with_to_mnists_own_default(mnist_test):
    """`session.set_drawing(picture)` took the ink to be dark by default where `to_mnist` tells it from the border:
    MNIST's own digit, light on dark, was read as its paper, the first test digit's 7 as a 0 at 95 %."""
    images, labels = mnist_test
    session = DigitSession(load_pretrained())
    assert np.array_equal(session.set_drawing(images[0]), to_mnist(images[0]))
    assert session.current is not None and session.current.top == labels[0] == 7


def test_help_says_what_every_public_call_does():
    """`help(rowreader)` showed `RowPrediction.top`, `probability` and `rows_read` (and the batch's), `Player.mode`
    and `DigitSession.checkpoint` with no word of what they are, and `to_mnist`'s value ranges as "see
    ``_value_range``", a private function help does not show."""
    public = [getattr(rowreader, name) for name in rowreader.__all__ if name != "__version__"]
    for module_name in ("pen", "unipen", "session", "picture", "player", "evaluate"):
        module = importlib.import_module(f"rowreader.{module_name}")
        public += [
            value
            for name, value in vars(module).items()
            if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__
        ]
    undocumented = []
    for value in public:
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        members = [(value.__qualname__, value)]
        if inspect.isclass(value):
            members += [(f"{value.__qualname__}.{name}", member) for name, member in vars(value).items()]
        for name, member in members:
            function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            if name.rpartition(".")[2].startswith("_") or not callable(function):
                continue
            if not (function.__doc__ or "").strip():
                undocumented.append(name)
    assert undocumented == []
    assert "_value_range" not in (to_mnist.__doc__ or "")


def test_evaluate_curve_tells_a_checkpoint_on_the_cpu_how_to_read_on_a_gpu(monkeypatch):
    """`evaluate_curve(load_pretrained(), images, labels, device="cuda")` said "move it first (reader.to(device))"
    of a reader the caller never held (a checkpoint's is built on the CPU); it names the loaders' `device=`. The GPU
    is stood in for where the device is resolved: the refusal comes before anything is moved there."""
    import rowreader.evaluate as evaluate

    monkeypatch.setattr(evaluate, "resolve_device", lambda device: torch.device("cuda", 0))
    images, labels = np.zeros((2, 28, 28), np.float32), np.zeros(2, np.int64)
    with pytest.raises(ValueError, match=r"checkpoint's reader is on cpu, not on cuda:0; load it there: load_ch"):
        evaluate.evaluate_curve(load_pretrained(), images, labels, device="cuda")
    with pytest.raises(ValueError, match=r"^the reader is on cpu, not on cuda:0; move it first \(reader\.to"):
        evaluate.evaluate_curve(load_pretrained().reader, images, labels, device="cuda")


def test_the_canvas_draws_with_the_pens_own_measures():
    """`rowreader.pen` draws the pen digits training and the benchmarks read "as the app's canvas does", yet the
    canvas kept copies of its side, default brush and least pointer step (280, 28.0, 0.75), free to drift apart from
    the pen's. It takes the pen's."""
    import gui.canvas
    import rowreader.pen

    assert gui.canvas.DOC_SIDE is rowreader.pen.CANVAS
    assert gui.canvas.DEFAULT_BRUSH is rowreader.pen.DEFAULT_PEN
    assert gui.canvas.MIN_STEP is rowreader.pen.MIN_STEP
