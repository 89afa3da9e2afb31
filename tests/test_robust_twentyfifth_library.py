"""The twenty-fifth round, library: the last round's memory leftover (a big-endian picture copied whole), then
``evaluate_curve`` and ``decided_at`` on odd beliefs and labels (docs/robustness.md says what was tried)."""

import warnings

import numpy as np
import pytest
import torch
from conftest import peak_memory
from hypothesis import example, given, settings
from hypothesis import strategies as st
from torch.profiler import ProfilerActivity, profile

from rowreader import decided_at, to_mnist
from rowreader.evaluate import evaluate_curve
from rowreader.preprocess import MAX_INPUT_SIDE

WIDE = ("<u2", "<i2", "<u4", "<i4", "<i8", "<f2", "<f4", "<f8")  # the dtypes that have a byte order


def _page(height: int, width: int, dtype: str, channels: int | None) -> np.ndarray:
    """A bar of ink on light paper, in ``dtype``'s own scale."""
    kind = np.dtype(dtype).kind
    light, dark = (0.9, 0.05) if kind == "f" else (200, 3)
    page = np.full((height, width), light, dtype)
    page[height // 6 : 5 * height // 6, width // 2 - max(1, width // 16) : width // 2 + max(1, width // 16)] = dark
    page[height // 3, : width // 2] = dark
    return page if channels is None else np.repeat(page[:, :, None], channels, axis=2)


def test_a_big_endian_picture_larger_than_the_reduced_size_is_not_copied_whole():
    """A big-endian picture was copied whole into the machine's byte order before it was averaged down: a 6,000²
    float64 one (288 MB) peaked at 384 MB traced where its little-endian twin peaks at 98 MB (a 6,000² ``>u2``: 168
    against 98). The blocks are averaged as they are read; it peaks as its twin does (96 and 96 MB)."""
    little = _page(2100, 2100, "<f8", None)  # 35 MB; reduced in boxes of 2
    big = little.astype(">f8")
    with peak_memory() as native:
        expected = to_mnist(little)
    with peak_memory() as swapped:
        got = to_mnist(big)
    assert expected is not None
    assert np.array_equal(got, expected)
    assert swapped.bytes < native.bytes + little.nbytes / 4, (swapped.bytes, native.bytes)


@settings(max_examples=30, deadline=None)
@given(
    dtype=st.sampled_from(WIDE),
    channels=st.sampled_from([None, 1, 2, 3, 4]),
    tall=st.booleans(),
    side=st.integers(20, 90),
    masked=st.booleans(),
)
def test_byte_order_never_changes_what_to_mnist_reads(dtype, channels, tall, side, masked):
    """Without the copy into native order, every step reads a big-endian picture as its little-endian twin: grey or
    with channels, reduced in boxes (one side past ``MAX_INPUT_SIDE``) or not, masked or not."""
    height = MAX_INPUT_SIDE + 1 + side if tall else side
    little = _page(height, side, dtype, channels)
    if masked:
        hide = np.zeros(little.shape, bool)
        hide[: height // 8] = True
        little = np.ma.masked_array(little, hide)
    big = little.astype(np.dtype(dtype).newbyteorder(">"))
    assert big.dtype.byteorder == ">"
    expected, got = to_mnist(little), to_mnist(big)
    assert (got is None) == (expected is None)
    if expected is not None:
        assert np.array_equal(got, expected)


class _Logits(torch.nn.Module):
    """A reader of one's own that gives fixed logits ``[N, 28, 10]``, a batch at a time, in order."""

    def __init__(self, logits: torch.Tensor) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(1))
        self.logits, self.given = logits, 0

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        out = self.logits[self.given : self.given + len(images)]
        self.given += len(images)
        return out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(1, 60),
    nan_share=st.sampled_from([0.0, 0.1, 0.5, 1.0]),
    batch=st.integers(1, 70),
)
def test_a_prediction_of_nan_counts_as_wrong_not_as_the_digit_torch_names(seed, count, nan_share, batch):
    """torch's argmax takes NaN for the largest logit: a reader whose logits were all NaN "read" every digit as 0
    and scored MNIST's test set 9.8 %, the share of its 0s; the shipped model with a NaN in its output bias for 3
    scored 10.1 %, the share of 3s, at every row (the stream refuses such weights). A prediction holding NaN has no
    top class: it counts as wrong (0.0 there). The rest as by hand, in float64."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(count, 28, 10)).astype(np.float32)
    logits[rng.random((count, 28)) < nan_share, rng.integers(0, 10)] = np.nan
    labels = rng.integers(0, 10, count)
    top = np.where(np.isnan(logits).any(axis=-1), -1, np.nanargmax(np.nan_to_num(logits, nan=-np.inf), axis=-1))
    expected = (top == labels[:, None]).sum(axis=0) / count
    got = evaluate_curve(_Logits(torch.from_numpy(logits)), np.zeros((count, 28, 28), np.uint8), labels, None, batch)
    assert got.dtype == np.float64
    assert np.array_equal(got, expected)


def test_all_nan_logits_score_nothing():
    """The measured case: logits all NaN scored the share of 0s among the labels; they score 0 at every row."""
    labels = np.arange(100) % 10  # a tenth are 0s: 0.1 at every row before
    reader = _Logits(torch.full((100, 28, 10), float("nan")))
    assert np.array_equal(evaluate_curve(reader, np.zeros((100, 28, 28), np.uint8), labels), np.zeros(28))


def test_ties_give_the_lowest_digit_in_evaluate_curve_and_decided_at_alike():
    """Exact ties (checked and sound, now documented): the lowest digit tied is the top, in ``evaluate_curve`` (torch's
    argmax) as in ``decided_at`` and the stream (NumPy's), so the two never disagree on one model's tied answer."""
    logits = torch.zeros(2, 28, 10)
    logits[:, :, 3] = logits[:, :, 7] = 5.0
    curve = evaluate_curve(_Logits(logits), np.zeros((2, 28, 28), np.uint8), np.array([3, 7]))
    assert np.array_equal(curve, np.full(28, 0.5))
    beliefs = np.zeros((28, 10))
    beliefs[:, 3] = beliefs[:, 7] = 0.5
    assert decided_at(beliefs, 0.5) == 1  # the final answer, 3, holds half of the belief from the first row
    assert beliefs[-1].argmax() == 3


class _HalvesInPlace(torch.nn.Module):
    """A reader of one's own that scales its input in place, as ``x.sub_(mean).div_(std)`` normalises it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = torch.nn.Linear(28, 10)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        images.mul_(0.5)
        return self.rows(images)


@settings(max_examples=20, deadline=None)
@given(
    kind=st.sampled_from(["float32", "float64", "tensor", "bool", "uint8"]),
    count=st.integers(1, 30),
    batch=st.integers(1, 40),
)
def test_a_reader_that_writes_its_input_never_changes_the_callers_images(kind, count, batch):
    """The batch a reader got was a view of the caller's float32 images (array or tensor): a module normalising its
    input in place halved them (0.8 → 0.4), so a second evaluation read other pictures. Each batch is the reader's
    own copy."""
    pixels = np.random.default_rng(count).random((count, 28, 28), np.float32)
    images = {
        "float32": pixels,
        "float64": pixels.astype(np.float64),
        "tensor": torch.from_numpy(pixels),
        "bool": pixels > 0.5,
        "uint8": (pixels * 255).astype(np.uint8),
    }[kind]
    before = (images.numpy() if kind == "tensor" else images).copy()
    torch.manual_seed(0)
    reader = _HalvesInPlace()
    first = evaluate_curve(reader, images, np.zeros(count, np.int64), None, batch)
    assert np.array_equal(np.asarray(images), before)
    assert np.array_equal(evaluate_curve(reader, images, np.zeros(count, np.int64), None, batch), first)


def test_a_read_only_array_is_read_where_it_lies_not_copied_whole():
    """A read-only array (``np.load(..., mmap_mode="r")``, a memory map) was copied whole before the first batch, torch
    wanting memory it may write: 200,000 digits peaked at 158 MB traced (157 MB of pixels). It is shared, no warning
    said, each batch copied: 0 MB traced; the curve is the writable copy's."""
    rng = np.random.default_rng(25)
    images = (rng.random((20_000, 28, 28)) > 0.8).astype(np.uint8) * 255  # 15.7 MB
    labels = rng.integers(0, 10, len(images))
    images.setflags(write=False)
    labels.setflags(write=False)
    torch.manual_seed(0)
    reader = torch.nn.Linear(28, 10)
    with peak_memory() as peak, warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # torch.from_numpy's "The given NumPy array is not writable"
        curve = evaluate_curve(reader, images, labels, None, 5000)
    assert peak.bytes < images.nbytes / 4, peak.bytes
    assert np.array_equal(curve, evaluate_curve(reader, images.copy(), labels.copy(), None, 5000))


@settings(max_examples=60, deadline=None)
@given(
    tops=st.lists(st.integers(-3, 3), min_size=1, max_size=28),
    sure=st.sampled_from([0.6, 0.7, 0.9, 0.5, 0.3]),
    dtype=st.sampled_from([np.float16, np.float32]),
)
@example(tops=[0], sure=0.9, dtype=np.float32)  # the measured case
def test_the_decided_row_is_the_same_whatever_float_type_holds_the_beliefs(tops, sure, dtype):
    """NumPy compared the beliefs with ``sure`` cast to their type: float32's 0.9 is 0.89999998, so with ``sure=0.9``
    a float32 belief of 0.89999998 was decided at row 1 and the same number in float64 never decided (float16 and 0.9,
    float32 and 0.7 alike; the default 0.6 rounds up in both). The value decides, compared in float64, wobble round the
    threshold included."""
    step = float(np.finfo(dtype).eps)
    beliefs = np.zeros((len(tops), 10), dtype)
    for row, offset in enumerate(tops):  # the answer's belief a few steps either side of ``sure``
        top = dtype(sure) + dtype(offset * step / 2)
        beliefs[row, 4], beliefs[row, 9] = top, dtype(1) - top
    wide = beliefs.astype(np.float64)
    assert decided_at(beliefs, sure) == decided_at(wide, sure)
    held = wide[:, wide[-1].argmax()] >= sure  # by hand: the run of rows holding, counted back from the last
    run = len(held) - next((i for i, h in enumerate(held[::-1]) if not h), len(held))
    assert decided_at(beliefs, sure) == (run + 1 if held[-1] else 0)


@pytest.mark.parametrize(("dtype", "whole_copy"), [(np.uint8, 1), (np.uint16, 8)])
def test_a_mask_of_integers_is_read_as_it_is_not_copied_whole(dtype, whole_copy):
    """A mask of integers (0s and 1s) was copied whole as booleans before the first batch, and a uint16 one first into
    int64 to find its least and largest: 200,000 digits grew the peak memory by 227 MB (uint8) and 1,378 MB (uint16)
    where a boolean mask grows it by 67. It is read as it is, its extremes found 4,096 digits at a time: 61 and 69 MB.
    Here torch's profiler names the largest single allocation: a batch's, not a copy of them all."""
    rng = np.random.default_rng(25)
    images = rng.integers(0, 2, (8000, 28, 28), dtype=np.uint8).astype(dtype)
    labels = rng.integers(0, 10, len(images))
    torch.manual_seed(0)
    reader = torch.nn.Linear(28, 10)
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as run:
        curve = evaluate_curve(reader, images, labels, None, 1000)
    largest = max(event.cpu_memory_usage for event in run.events())
    assert largest < images.size * whole_copy, largest
    assert np.array_equal(curve, evaluate_curve(reader, images.astype(bool), labels, None, 1000))
