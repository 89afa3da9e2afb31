"""The twenty-fourth round, library: the last rounds' memory leftovers measured (a checkpoint's metadata, the fold of
its weights), then the library with the array kinds researchers hold, in threads and processes (docs/robustness.md
says what was tried)."""

import json
import re

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors.numpy import save

from rowreader import Checkpoint, ReaderConfig, decided_at, load_checkpoint, load_mnist, load_pretrained, to_mnist
from rowreader.checkpoint import FORMAT, FORMAT_VERSION
from rowreader.json_text import parse_json
from rowreader.session import DigitSession
from rowreader.stream import RowStream

SHIPPED = load_pretrained()


def test_a_loaded_checkpoints_metadata_is_parsed_once_not_copied_again(tmp_path):
    """A checkpoint whose metadata held 5.3 million empty lists (the most a 16 MB header admits) loaded in 8.0 s and
    0.83 GB (ru_maxrss; 708 MB traced): the parsed metadata, checked, was built a second time by ``Checkpoint``, as
    metadata made by hand is. It is kept as parsed: 3.7 s and 0.48 GB (401 MB traced; load 5)."""
    lists = 100_000
    text = '{"x":[' + "[]," * (lists - 1) + "[]]}"
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(SHIPPED.config.to_dict()),
        "metadata": text,
    }
    path = tmp_path / "lists.safetensors"
    path.write_bytes(save(dict(SHIPPED.weights), metadata=header))
    with peak_memory() as parsing:
        parsed = parse_json(text)
    del parsed
    with peak_memory() as loading:
        loaded = load_checkpoint(path)
    assert loaded.metadata["x"] == [[]] * lists
    assert loading.bytes < 1.5 * parsing.bytes  # 1.98 times when parsed, then copied


def test_the_fold_of_a_stream_takes_one_layer_at_a_time_in_float32():
    """The stream folded every weight in float64 at once: a 135 MB network of 4 layers of 1,024 peaked at 4.6 times
    its size (traced; 3.6 times in ru_maxrss), 16 layers of 2,048 at 3.9 times its 2 GiB. Folded a layer at a time,
    in float32 where the fold only moves, adds and halves (as exact as float64: the folded weights are bit for bit
    the same), it peaks at 2.1 times (1.2 in ru_maxrss), the folded weights themselves being one."""
    config = ReaderConfig(input_size=256, hidden_size=256, layers=8)
    rng = np.random.default_rng(24)
    weights = {
        name: (rng.standard_normal(shape, dtype=np.float32) / 16).astype(np.float32)
        for name, shape in config.weight_shapes().items()
    }
    checkpoint = Checkpoint(config, weights)
    size = sum(array.nbytes for array in checkpoint.weights.values())
    with peak_memory() as folding:
        stream = RowStream(config, checkpoint.weights)
    assert folding.bytes < 2.6 * size
    # the folded weights read as the float64 fold of old did: the stream against torch's forward
    import torch

    from rowreader import RowReader

    reader = RowReader(config)
    reader.load_state_dict({name: torch.from_numpy(np.array(array)) for name, array in weights.items()})
    digit = rng.random((28, 28), dtype=np.float32)
    with torch.no_grad():
        expected = torch.softmax(reader(torch.from_numpy(digit)[None]), -1)[0].numpy()
    stream.feed_image(digit)
    np.testing.assert_allclose(stream.probabilities, expected, atol=1e-5)


MNIST_TEST = load_mnist(train=False)


@settings(max_examples=25, deadline=None)
@given(
    count=st.integers(1, 27),
    start=st.integers(0, 9_000),
    kind=st.sampled_from(["uint8", "float64", "float32 / 255"]),
)
def test_flattened_digits_given_to_to_mnist_are_refused_with_the_reshape(count, start, kind):
    """scikit-learn's ``fetch_openml("mnist_784")`` holds a digit as a row of 784 pixels: ``to_mnist(X[:1])`` read a
    picture one pixel tall, its ink a bar two rows high, and the shipped model called it a 7 at 85 % (``X[:10]``: 89 %);
    library.md said to_mnist gives the reshape. No digit fits a strip under 28 px tall (ink under 32 px across is a
    speck there): refused, with the reshape to do, whatever the pixels' type."""
    images = MNIST_TEST[0][start : start + count].reshape(count, 784)
    flat = {"uint8": images, "float64": images.astype(np.float64), "float32 / 255": images / np.float32(255)}[kind]
    with pytest.raises(ValueError, match=re.escape("reshape(28, 28)")) as refused:
        to_mnist(flat)
    assert f"({count}, 784)" in str(refused.value)
    session = DigitSession(SHIPPED)
    with pytest.raises(ValueError, match="flattened digit"):
        session.set_drawing(flat)
    assert session.image is None


def test_a_picture_784_pixels_wide_is_still_read():
    """The refusal above is of strips under 28 px tall alone: a 7 photographed 784 px wide (and a strip 28 px tall,
    whose ink is a speck at that width) read as before."""
    seven = MNIST_TEST[0][0]
    wide = np.zeros((392, 784), np.uint8)
    wide[:, 196:588] = np.kron(seven, np.ones((14, 14), np.uint8))
    digit = to_mnist(wide)
    stream = SHIPPED.stream()
    stream.feed_image(digit)
    assert stream.probabilities[-1].argmax() == MNIST_TEST[1][0] == 7
    assert to_mnist(np.zeros((28, 784), np.uint8)) is None


def test_a_child_forked_while_a_thread_builds_a_reader_builds_its_own():
    """``checkpoint.reader`` is built under one lock for all checkpoints; a process forked while a thread of the parent
    held it (a notebook's background sweep over saved models beside a ``multiprocessing`` pool, Linux's default fork)
    inherited it held by no thread of its own, and every ``checkpoint.reader`` there (``evaluate_curve`` asks) waited
    for ever: 8 of 10 pool workers so forked hung. The child gets a fresh lock, as ``evaluate_curve``'s turns do."""
    import os
    import signal

    import rowreader.checkpoint as checkpoint_module

    fresh = Checkpoint(SHIPPED.config, SHIPPED.weights)  # its reader not built yet
    with checkpoint_module._BUILDING_A_READER:  # as a parent's thread building another reader holds it
        pid = os.fork()
        if pid == 0:  # the child: build, and say so by its exit status; a lock held for ever is ended by the alarm
            status = 1
            try:
                signal.alarm(30)
                status = 0 if fresh.reader is not None else 1
            finally:
                os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0  # 1 after 30 s when it waited for the parent's lock


@pytest.mark.parametrize("how", ["writable", "a read-only view of a writable array"])
def test_a_weight_put_in_place_and_changed_in_place_is_read_by_the_next_stream(how):
    """A checkpoint keeps the weights it folded for its next stream, against the very arrays folded. An array of
    one's own put in its weights (as library.md allows: "weights put in the place of those folded are folded anew")
    and then changed in place (``bias += 50``) was not folded again: the stream read 7 2 1 0 where the weights, a save
    and a fresh Checkpoint of them read 3 3 3 3. A fold is kept only for read-only weights."""
    checkpoint = load_pretrained()
    digits = MNIST_TEST[0][:4] / np.float32(255)

    def answers(model):
        stream = model.stream(batch=4)
        stream.feed_image(digits)
        return stream.probabilities[-1].argmax(axis=1)

    bias = checkpoint.weights["output.bias"].copy()
    put = bias if how == "writable" else bias.view()
    put.flags.writeable = how == "writable"
    checkpoint.weights["output.bias"] = put
    before = answers(checkpoint)
    bias[3] += 50.0
    assert np.array_equal(answers(checkpoint), answers(Checkpoint(checkpoint.config, dict(checkpoint.weights))))
    assert not np.array_equal(answers(checkpoint), before)


def test_a_checkpoints_own_weights_are_folded_once():
    """The fold is still kept where the weights cannot change: a loaded file's, and a hand-made checkpoint's copies."""
    for checkpoint in (load_pretrained(), Checkpoint(SHIPPED.config, {k: v * 1 for k, v in SHIPPED.weights.items()})):
        assert checkpoint.stream().folded is checkpoint.stream().folded


def test_weights_put_in_place_after_the_reader_was_built_are_what_it_scores(tmp_path):
    """``evaluate_curve(checkpoint)`` builds ``checkpoint.reader`` once; weights put in the checkpoint's place after
    that (library.md allows it) were never built into it: the next ``evaluate_curve`` scored the weights of before,
    0.997 of 300 digits where the new ones score 0.08, and ``stream()`` and ``save_checkpoint`` refused, calling the
    reader "changed (trained?)", their advice (``Checkpoint.from_reader(checkpoint.reader)``) the old weights back.
    The reader is built again of the weights put in place; one trained in place is still refused."""
    from rowreader import save_checkpoint
    from rowreader.evaluate import evaluate_curve

    checkpoint = load_pretrained()
    images, labels = MNIST_TEST[0][:300], MNIST_TEST[1][:300]
    evaluate_curve(checkpoint, images, labels)
    first = checkpoint.reader
    assert checkpoint.reader is first  # nothing put in place: the same module
    bias = checkpoint.weights["output.bias"].copy()
    bias[3] += 50.0
    bias.flags.writeable = False
    checkpoint.weights["output.bias"] = bias
    fresh = Checkpoint(checkpoint.config, dict(checkpoint.weights))
    assert np.array_equal(evaluate_curve(checkpoint, images, labels), evaluate_curve(fresh, images, labels))
    stream = checkpoint.stream()
    stream.feed_image(images[0] / np.float32(255))
    assert stream.probabilities[-1].argmax() == 3
    save_checkpoint(tmp_path / "put.safetensors", checkpoint)
    saved = load_checkpoint(tmp_path / "put.safetensors").weights
    assert all(np.array_equal(saved[name], array) for name, array in fresh.weights.items())
    assert checkpoint.reader is checkpoint.reader is not first
    import torch

    with torch.no_grad():
        checkpoint.reader.output.bias.add_(1.0)  # trained in place: refused as before
    with pytest.raises(ValueError, match="trained"):
        checkpoint.stream()


@pytest.mark.parametrize("kind", ["requires grad", "bfloat16", "float16"])
@pytest.mark.parametrize("where", ["feed_image", "feed", "set_image", "to_mnist", "decided_at"])
def test_a_list_of_tensors_is_read_as_their_values(kind, where):
    """A torch tensor is read as its values wherever the library takes pixels or beliefs, but a list of them (a batch
    gathered from a dataset, ``torch.unbind``'s rows, each row's softmax) went to NumPy as it was: those that require
    grad failed in torch's words ("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()"), and
    bfloat16 ones as "Got unsupported ScalarType BFloat16". Each is read as its values, as one tensor is."""
    import torch

    digits = MNIST_TEST[0][:3] / np.float32(255)

    def tensor(values):
        made = torch.from_numpy(np.array(values, np.float32))
        return {"requires grad": made.requires_grad_(), "bfloat16": made.bfloat16(), "float16": made.half()}[kind]

    def same_values(values):  # what the tensors hold, as NumPy float32
        return torch.stack(list(values)).detach().float().numpy()

    if where == "feed_image":
        given = [tensor(digit) for digit in digits]
        got, expected = SHIPPED.stream(batch=3), SHIPPED.stream(batch=3)
        got.feed_image(given)
        expected.feed_image(same_values(given))
    elif where == "feed":
        given = [tensor(row) for row in digits[0]]
        got, expected = SHIPPED.stream(), SHIPPED.stream()
        for row, values in zip(given, same_values(given), strict=True):
            got.feed(row)
            expected.feed(values)
    elif where == "set_image":
        given = list(torch.unbind(tensor(digits[0])))
        got, expected = DigitSession(SHIPPED), DigitSession(SHIPPED)
        got.set_image(given)
        expected.set_image(same_values(given))
    elif where == "to_mnist":
        given = [tensor(row) for row in np.kron(digits[0], np.ones((4, 4), np.float32))]
        assert np.array_equal(to_mnist(given), to_mnist(same_values(given)))
        return
    else:
        stream = SHIPPED.stream()
        stream.feed_image(digits[0])
        given = [tensor(row) for row in stream.probabilities]
        assert decided_at(given) == decided_at(same_values(given)) > 0
        return
    assert np.array_equal(got.probabilities, expected.probabilities)


class _HeldWhileCopied(RowStream):
    """A stream whose copy in ``held`` waits, mid-copy, until told to go on: a read under way there, held."""

    def _state(self):
        import threading

        if threading.current_thread() is getattr(self, "held", None):
            self.copying.set()
            assert self.go_on.wait(30)
        return super()._state()


def test_reads_of_one_stream_from_threads_at_once_are_not_refused():
    """One lock for every call refused reads beside reads: eight threads each copying one stream read 10 rows into
    (to read on alone, as the refusal itself advises: "give each thread its own (stream.copy() …)") had 347 of 400
    copies and 348 of 400 reads of its probabilities refused, though nothing changed it. Reads go side by side; a
    feed during a read, or a read during a feed, is still refused."""
    import threading

    digit = MNIST_TEST[0][0] / np.float32(255)
    stream = _HeldWhileCopied(SHIPPED.config, SHIPPED.weights)
    for row in digit[:10]:
        stream.feed(row)
    stream.copying, stream.go_on = threading.Event(), threading.Event()
    copies = []
    other = stream.held = threading.Thread(target=lambda: copies.append(stream.copy()))
    other.start()
    try:
        assert stream.copying.wait(30)  # the other thread's copy is under way
        beside = stream.copy()  # a second read at the same time: each thread its own copy
        probabilities = stream.probabilities
        with pytest.raises(RuntimeError, match="another thread"):
            stream.feed(digit[10])  # a change is not made under a read
    finally:
        stream.go_on.set()
        other.join(30)
    for copy_made in (copies[0], beside):
        for row in digit[10:]:
            copy_made.feed(row)
    alone = SHIPPED.stream()
    alone.feed_image(digit)
    assert np.array_equal(copies[0].probabilities, alone.probabilities)
    assert np.array_equal(beside.probabilities, alone.probabilities)
    assert np.array_equal(probabilities, alone.probabilities[:10]) and stream.rows_read == 10


def test_decided_at_of_predictions_says_where_their_beliefs_are():
    """``decided_at(stream.feed_image(digit))``, the list of predictions a stream gives (or its ``history``, or one
    prediction) was "expected probabilities [rows, 10] …, got [28]": the 28 were right, the words did not say that
    predictions are no beliefs. It says where they are."""
    stream = SHIPPED.stream()
    predictions = stream.feed_image(MNIST_TEST[0][0] / np.float32(255))
    batch = SHIPPED.stream(batch=2)
    for wrong in (predictions, predictions[-1], stream.history, batch.feed_image(MNIST_TEST[0][:2] / np.float32(255))):
        with pytest.raises(TypeError, match=re.escape("stream.probabilities")):
            decided_at(wrong)
    assert decided_at(np.stack([p.probs for p in predictions])) == decided_at(stream.probabilities) > 0


def test_lists_nested_past_any_picture_are_refused_in_words_with_torch_loaded():
    """Lists are looked into for tensors only as deep as pixels and beliefs go: 5,000 nested lists (torch loaded)
    were a RecursionError in that search; NumPy's refusal in the library's words, as before it."""
    import torch  # noqa: F401  (loaded: the search for tensors runs)

    deep = 0.5
    for _ in range(5_000):
        deep = [deep]
    with pytest.raises(ValueError, match="lists of different lengths"):
        to_mnist(deep)
    with pytest.raises(ValueError, match="lists of different lengths"):
        SHIPPED.stream().feed(deep)
