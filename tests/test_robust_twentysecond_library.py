"""The twenty-second round, library: the library from Python as a researcher uses it, in scripts, notebooks and
threads, with hostile inputs (docs/robustness.md says what was tried)."""

import copy
import gzip
import os
import pickle
import re
import signal
import struct
import threading

import numpy as np
import pytest
import torch
from conftest import TINY
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader import Checkpoint, ReaderConfig, RowReader, load_checkpoint, load_pretrained, save_checkpoint, to_mnist
from rowreader.evaluate import evaluate_curve
from rowreader.launch import Stopped
from rowreader.picture import read_picture
from rowreader.session import DigitSession
from rowreader.unipen import UnipenFileError, load_unipen


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
    Pillow's words ("conversion from La to L not supported"). Each reads as the straight picture it was made from
    (its ink opaque and its paper white, premultiplying loses nothing)."""
    straight = _transparent_page(mnist_test[0][index], paper_alpha)
    premultiplied = straight.convert(mode) if mode == "RGBa" else straight.convert("LA").convert("La")
    got = to_mnist(premultiplied)
    assert got is not None and np.array_equal(got, to_mnist(straight))


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


def _as_given(kind: str, images: torch.Tensor) -> torch.Tensor:
    """``images`` (float pixels) as a tensor of ``kind``: sparse, float8 or needing grad."""
    if kind == "sparse":
        return images.to_sparse()
    if kind == "float8":
        return images.to(torch.float8_e4m3fn)
    return images.clone().requires_grad_()


@pytest.mark.parametrize("kind", ["sparse", "float8", "grad"])
def test_evaluate_curve_reads_a_tensor_as_its_values(mnist_test, kind):
    """The library reads a torch tensor as its values wherever it takes pixels (docs/library.md), but
    `evaluate_curve` failed in torch's words on a sparse tensor ("Could not run 'aten::min' with arguments from the
    'SparseCPU' backend") and a float8 one ('"min_all" not implemented for 'Float8_e4m3fn''), and on sparse labels. Each
    scores as its dense float32 values do."""
    images, labels = mnist_test
    pixels = torch.from_numpy(images[:40] / np.float32(255))
    if kind == "float8":
        pixels = pixels.to(torch.float8_e4m3fn).float()  # the values float8 holds
    model = load_pretrained()
    expected = evaluate_curve(model, pixels, labels[:40])
    got = evaluate_curve(model, _as_given(kind, pixels), torch.from_numpy(labels[:40].astype(np.int64)).to_sparse())
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("meta", ["images", "labels"])
def test_evaluate_curve_names_a_meta_or_nested_tensor(mnist_test, meta):
    """A meta tensor given as images or labels failed as "Tensor.item() cannot be called on meta tensors", and a
    nested one as "Internal error: NestedTensorImpl doesn't support sizes. Please file an issue."; each is named."""
    images, labels = mnist_test
    given = {"images": images[:4], "labels": labels[:4]}
    given[meta] = torch.empty(given[meta].shape, device="meta")
    with pytest.raises(ValueError, match=rf"^{meta}: a tensor on the meta device holds no values to read"):
        evaluate_curve(load_pretrained(), given["images"], given["labels"])
    nested = torch.nested.nested_tensor([torch.zeros(28, 28), torch.zeros(27, 28)], layout=torch.jagged)
    with pytest.raises(ValueError, match=r"^images: a nested tensor \(of parts of different shapes\)"):
        evaluate_curve(load_pretrained(), nested, labels[:2])


def test_a_reader_on_the_meta_device_is_refused_in_words(tmp_path, mnist_test):
    """A reader on the meta device (made there to be filled later, and not filled) failed in torch's words, "Cannot
    copy out of meta tensor; no data!", at `stream()`, `Checkpoint.from_reader`, `save_checkpoint` and
    `evaluate_curve` (after scoring nothing); a checkpoint made of its meta tensors by hand named no tensor. Each says
    what it is, and nothing is written."""
    reader = RowReader(TINY).to("meta")
    images, labels = mnist_test
    for attempt in (
        reader.stream,
        lambda: Checkpoint.from_reader(reader),
        lambda: save_checkpoint(tmp_path / "m.safetensors", reader),
        lambda: evaluate_curve(reader, images[:4], labels[:4]),
    ):
        with pytest.raises(ValueError, match=r"the reader is on the meta device, which holds no weights: give it some"):
            attempt()
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match=r"^tensor input\.weight: a tensor on the meta device holds no values"):
        Checkpoint(TINY, dict(reader.state_dict()))


def test_the_library_errors_survive_a_pickle_as_a_process_pool_sends_them(tmp_path):
    """`load_unipen` of a damaged file in a process pool: its UnipenFileError, pickled with its message alone, could not
    be unpickled ("missing 2 required positional arguments: 'line' and 'reason'"), so `ProcessPoolExecutor` said only
    "BrokenProcessPool: A process in the process pool was terminated abruptly" and `multiprocessing.Pool`'s result
    handler died, its `get()` waiting forever. `launch.Stopped` (SIGTERM in a worker) failed as "'SIGTERM' is not a
    valid Signals". Both come back whole."""
    (tmp_path / "digits.jsonl.gz").write_bytes(gzip.compress(b'{"bad json\n'))
    with pytest.raises(UnipenFileError) as caught:
        load_unipen(root=tmp_path)
    error = caught.value
    error.add_note("a note a caller added")
    for again in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert type(again) is UnipenFileError and str(again) == str(error) and again.__notes__ == error.__notes__
        assert (again.path, again.line, again.reason) == (error.path, error.line, error.reason)
    stopped = pickle.loads(pickle.dumps(Stopped(signal.SIGTERM)))
    assert isinstance(stopped, Stopped) and stopped.signum == signal.SIGTERM and str(stopped) == "SIGTERM"


def test_evaluate_curve_runs_in_a_child_forked_after_it_ran(mnist_test):
    """A child forked once torch had run in the parent (a `multiprocessing` pool with Linux's default start method,
    after one evaluation in the notebook) waited forever in `evaluate_curve`'s first parallel op: torch's pool of
    threads does not survive a fork. Such a child reads with one thread, and gives the parent's numbers."""
    images, labels = mnist_test
    model = load_pretrained()
    threads = torch.get_num_threads()
    torch.set_num_threads(2)  # a pool of threads to lose: the hang needs one
    try:
        expected = evaluate_curve(model, images[:200], labels[:200])
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's status says how it went
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # a hung child ends by SIGALRM (pytest's handler waits)
            signal.alarm(30)
            same = np.array_equal(evaluate_curve(model, images[:200], labels[:200]), expected)
            os._exit(0 if same and torch.get_num_threads() == 1 else 1)
        _, status = os.waitpid(child, 0)
    finally:
        torch.set_num_threads(threads)
    assert os.waitstatus_to_exitcode(status) == 0, f"the forked child ended with {os.waitstatus_to_exitcode(status)}"


class _Watched(torch.nn.Module):
    """A reader of its own that notes the mode of every forward, and lets a test order two threads' reads: the first
    read of an evaluation says so (``started``) and waits, at most a second, for ``go``."""

    def __init__(self) -> None:
        super().__init__()
        self.bias = torch.nn.Parameter(torch.zeros(10))
        self.seen: list[bool] = []
        self.waits: dict[int, tuple[threading.Event, threading.Event]] = {}

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        self.seen.append(self.training)
        started, go = self.waits.pop(threading.get_ident(), (None, None))
        if started is not None:
            started.set()
            go.wait(1.0)
        return self.bias.expand(len(images), 28, 10)


def test_two_threads_evaluating_one_module_each_read_it_in_eval_mode():
    """Two threads scoring one model at once (test sets in a pool of threads): each set eval mode and restored the mode
    it found, so the second, finding the first's eval mode, read on in the train mode the first restored and left the
    model in eval mode. A module with dropout scored 0.939 where it scores 0.992 (4 curves of 20 wrong), and was left
    in eval mode 2 times in 5. Evaluations of one module take turns: every read is in eval mode, the mode restored."""
    module = _Watched().train()
    images, labels = np.zeros((3, 28, 28), np.float32), np.zeros(3, np.int64)
    first, second = (threading.Event(), threading.Event()), (threading.Event(), threading.Event())
    done = threading.Event()

    def evaluate(events: tuple[threading.Event, threading.Event], then: threading.Event | None) -> None:
        module.waits[threading.get_ident()] = events
        evaluate_curve(module, images, labels, batch_size=1)
        if then is not None:
            then.set()

    a = threading.Thread(target=evaluate, args=(first, done))
    a.start()
    assert first[0].wait(10)  # A reads its first batch, in eval mode, and waits for B's first read
    b = threading.Thread(target=evaluate, args=((second[0], done), None))
    b.start()
    if second[0].wait(2):  # B reads (it did, at once, before the fix) while A waits
        first[1].set()  # A reads on, ends and restores train mode, then B reads on
    a.join(10)
    b.join(10)
    assert not a.is_alive() and not b.is_alive()
    assert module.seen == [False] * 6 and module.training


def _flat_attempts(model: Checkpoint, flat: np.ndarray, labels: np.ndarray) -> dict:
    """Every reader of pixels given MNIST flattened, as scikit-learn's `fetch_openml("mnist_784")` and MNIST as CSV
    hold it: one digit ``[784]``, a batch ``[B, 784]``."""
    return {
        "stream": lambda: model.stream().feed_image(flat[0]),
        "row": lambda: model.stream().feed(flat[0]),
        "batch": lambda: model.stream(batch=len(flat)).feed_image(flat),
        "batch row": lambda: model.stream(batch=len(flat)).feed(flat),
        "forward": lambda: model.reader(torch.from_numpy(flat)),
        "evaluate_curve": lambda: evaluate_curve(model, flat, labels),
        "session": lambda: DigitSession(model).set_image(flat[0]),
        "to_mnist": lambda: to_mnist(flat[0]),
    }


@pytest.mark.parametrize(
    "where", ["stream", "row", "batch", "batch row", "forward", "evaluate_curve", "session", "to_mnist"]
)
def test_a_flattened_digit_is_told_how_to_reshape(mnist_test, where):
    """MNIST flattened, `fetch_openml("mnist_784")`'s and a CSV's layout, was refused by every reader of pixels with
    the shapes alone ("expected an image of shape (28, 28), got (784,)"; the session added "use set_drawing for
    others", which refuses it too). Each names the flattening and the reshape that undoes it."""
    images, labels = mnist_test
    flat = images[:3].reshape(3, 784) / np.float32(255)
    one = where in ("stream", "row", "session", "to_mnist")
    how = re.escape("image.reshape(28, 28)" if one else "images.reshape(-1, 28, 28)")
    with pytest.raises(
        ValueError, match=rf"; .*a flattened digit of 784 pixels \(fetch_openml's mnist_784, a CSV\)\? {how}$"
    ):
        _flat_attempts(load_pretrained(), flat, labels[:3])[where]()


def test_a_child_forked_during_an_evaluation_evaluates_the_same_module():
    """A child forked while a thread of the parent evaluated a module inherited that evaluation's turn, held by a thread
    the child does not have: its own `evaluate_curve` of the module waited forever. The child's turns start free."""
    module = _Watched().eval()
    images, labels = np.zeros((3, 28, 28), np.float32), np.zeros(3, np.int64)
    started, go = threading.Event(), threading.Event()

    def evaluate() -> None:
        module.waits[threading.get_ident()] = (started, go)
        evaluate_curve(module, images, labels, batch_size=1)

    evaluating = threading.Thread(target=evaluate)
    evaluating.start()
    try:
        assert started.wait(10)  # the thread holds its turn, in its first read
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's status says how it went
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # a hung child ends by SIGALRM (pytest's handler waits)
            signal.alarm(30)
            os._exit(0 if np.array_equal(evaluate_curve(module, images, labels), np.ones(28)) else 1)
        _, status = os.waitpid(child, 0)
    finally:
        go.set()
        evaluating.join(10)
    assert os.waitstatus_to_exitcode(status) == 0, f"the forked child ended with {os.waitstatus_to_exitcode(status)}"


_FLOAT32_MAX = float(np.finfo(np.float32).max)
_SPECIAL_WEIGHTS = st.sampled_from([0.0, -0.0, 1e-45, -1e-45, 1.1754944e-38, _FLOAT32_MAX, -_FLOAT32_MAX, 0.1, 1.0])


@settings(max_examples=60)
@given(
    cell=st.sampled_from(["lstm", "gru"]),
    layers=st.integers(1, 3),
    sizes=st.tuples(st.integers(1, 9), st.integers(1, 9)),
    floats=st.tuples(st.floats(-100, 100), st.floats(-10, 10), st.floats(1e-3, 1e3)),
    seed=st.integers(0, 2**31 - 1),
    special=st.lists(_SPECIAL_WEIGHTS, min_size=1, max_size=4),
    how=st.sampled_from(["reader", "checkpoint", "saved again"]),
)
def test_every_network_saves_and_loads_bit_for_bit_or_is_refused(
    tmp_path_factory, cell, layers, sizes, floats, seed, special, how
):
    """A reader holding float32's largest weight (finite) was saved, and the file then refused by `load_checkpoint`
    ("the output weights are NaN, infinite or too large for float32: this model cannot stream"), though
    `checkpoint_bytes` promises every file it makes loads again. Any network the library builds (either cell, 1–3
    layers, any sizes and config floats, weights of -0.0, subnormals and float32's extremes) saves and loads back bit
    for bit, config, weights and module, or its save is refused and writes nothing."""
    config = ReaderConfig(sizes[0], sizes[1], layers, *floats, cell=cell)
    torch.manual_seed(seed)
    reader = RowReader(config)
    with torch.no_grad():
        flat = torch.nn.utils.parameters_to_vector(reader.parameters())
        for i, value in zip(np.random.default_rng(seed).integers(0, len(flat), len(special)), special, strict=True):
            flat[int(i)] = value
        torch.nn.utils.vector_to_parameters(flat, reader.parameters())
    path = tmp_path_factory.mktemp("round") / "m.safetensors"
    try:
        if how == "reader":
            save_checkpoint(path, reader, {"f": floats[0]})
        else:
            save_checkpoint(path, Checkpoint.from_reader(reader, {"f": floats[0]}))
            if how == "saved again":
                save_checkpoint(path, load_checkpoint(path))
    except ValueError as err:
        assert "cannot stream" in str(err) and not path.exists()
        assert _FLOAT32_MAX in special or -_FLOAT32_MAX in special
        return
    loaded = load_checkpoint(path)
    assert loaded.config == config and loaded.metadata["f"] == floats[0]
    for name, tensor in reader.state_dict().items():
        assert loaded.weights[name].tobytes() == tensor.numpy().tobytes(), name
        assert loaded.reader.state_dict()[name].numpy().tobytes() == tensor.numpy().tobytes(), name


def test_training_refuses_an_epoch_whose_weights_cannot_stream(tmp_path, capsys, monkeypatch):
    """Training checked each epoch's weights for NaN and ±inf only: a finite weight of 1e36 (a diverging run's) was
    saved as a checkpoint that `load_checkpoint` refuses. The epoch is refused as a diverged one is (exit 3, nothing
    written), in the words the load would use."""
    from test_robust_training import fit

    real_step = torch.optim.Adam.step

    def overflowing_step(self, *args, **kwargs):
        result = real_step(self, *args, **kwargs)
        with torch.no_grad():
            self.param_groups[0]["params"][0].fill_(1e36)  # finite in float32; its folded sums are not
        return result

    monkeypatch.setattr(torch.optim.Adam, "step", overflowing_step)
    assert fit(tmp_path) == 3
    assert "too large for float32: this model cannot stream" in capsys.readouterr().err
    assert not (tmp_path / "m.safetensors").exists() and not (tmp_path / "m.state.pt").exists()
