"""Issue 11, library and CLI: each hostile input found by hand, kept fixed (one test per item, named by it)."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import struct
import subprocess
import sys
import time
import warnings
import zlib
from pathlib import Path

import hypothesis
import numpy as np
import pytest
import torch
from conftest import SIGTERM_THEN_THE_REAL_ONE, hand_made_png, peak_memory, png_header
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image, features
from safetensors import safe_open
from safetensors.torch import save as safetensors_save
from test_core_cli import run

from rowreader import CheckpointError, MnistFileError, ReaderConfig, RowReader, load_checkpoint, save_checkpoint
from rowreader import cli as cli_module
from rowreader.cli import main
from rowreader.data import default_data_dir, mnist_files, read_idx
from rowreader.example_folder import load_examples
from rowreader.picture import read_picture
from rowreader.preprocess import MAX_PIXELS, normalise, to_mnist

REPO = Path(__file__).resolve().parents[1]
POSIX = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev/full exist on POSIX systems only")
TEXT_NOT_PICTURE = "a text file starting 'not a picture', not a picture"  # what b"not a picture" is called


def run_cli(*argv: object, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "rowreader", *map(str, argv)], capture_output=True, text=True, env=env, **kwargs
    )


@pytest.fixture
def tiny_file(tmp_path, tiny_reader) -> Path:
    path = tmp_path / "tiny.safetensors"
    save_checkpoint(path, tiny_reader, {"test_accuracy": 0.5})
    return path


@pytest.fixture
def digit_png(tmp_path) -> Path:
    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    path = tmp_path / "one.png"
    Image.fromarray(page).save(path)
    return path


def with_header(path: Path, **changes: str) -> Path:
    """Rewrite a checkpoint's JSON header fields (the tensors stay)."""
    with safe_open(str(path), framework="pt") as f:
        tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118
        header = dict(f.metadata())
    header.update(changes)
    path.write_bytes(safetensors_save(tensors, metadata=header))
    return path


# ---- item 2: NaN/inf in the config; weights that overflow when folded --------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [("pixel_mean", float("nan")), ("pixel_std", float("inf")), ("forget_bias", float("inf")), ("pixel_std", 1e-30)],
)
def test_item2_config_refuses_non_finite_and_absurd_floats(field, value):
    with pytest.raises(ValueError, match=rf"ReaderConfig\.{field} must"):
        ReaderConfig(**{field: value})


def test_item2_checkpoint_with_an_infinite_pixel_std_is_refused(capsys, tiny_file, digit_png):
    config = json.dumps({**ReaderConfig(input_size=16, hidden_size=24, layers=2).to_dict(), "pixel_std": "Infinity"})
    with_header(tiny_file, config=config.replace('"Infinity"', "Infinity"))
    with pytest.raises(CheckpointError, match="pixel_std must be a finite number"):
        load_checkpoint(tiny_file)
    code, out, err = run(capsys, "predict", "--json", "--checkpoint", tiny_file, digit_png)
    assert code == 1 and "pixel_std" in err and "nan" not in out.lower()


def test_item2_weights_that_overflow_float32_when_folded_are_refused_not_streamed_as_nan():
    reader = RowReader(ReaderConfig(input_size=4, hidden_size=4, pixel_std=1e-3)).eval()
    with torch.no_grad():
        reader.input.weight.fill_(1e36)  # finite; ÷ pixel_std and × the LSTM's input weights it is not
        reader.lstm.weight_ih_l0.fill_(1e3)
    with pytest.raises(ValueError, match="too large for float32"):
        reader.stream()


# ---- item 3: a tiny file whose header asks for a huge model ------------------------------------------------


@pytest.mark.parametrize("hidden", [4000, 20_000, 10**6])
def test_item3_huge_header_is_refused_before_allocating(tiny_file, hidden):
    config = {**ReaderConfig(input_size=16, hidden_size=24, layers=2).to_dict(), "hidden_size": hidden}
    with_header(tiny_file, config=json.dumps(config))
    started = time.process_time()  # the CPU this process spent, which a busy machine does not stretch
    with pytest.raises(CheckpointError, match=r"hidden_size|does not fit|shape"):
        load_checkpoint(tiny_file)
    assert time.process_time() - started < 1.0  # was 20 s and 6.8 GB for 20,000; 4,000 took seconds


# ---- item 4: metadata of the wrong type ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "metadata, message",
    [
        ("[1, 2]", "metadata must be a JSON object"),
        ('{"test_accuracy": "abc"}', "test_accuracy"),
        ('{"test_accuracy": 7}', "test_accuracy"),
        ('{"accuracy_per_row": [0.5, "x"]}', "accuracy_per_row"),
        ('{"command": 3}', "command"),
    ],
)
def test_item4_metadata_of_the_wrong_type_is_refused_at_load(tiny_file, metadata, message):
    with_header(tiny_file, metadata=metadata)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(tiny_file)


def test_item4_bad_metadata_is_never_written(tmp_path, tiny_reader):
    path = tmp_path / "m.safetensors"
    with pytest.raises(ValueError, match="test_accuracy"):
        save_checkpoint(path, tiny_reader, {"test_accuracy": "abc"})
    assert not path.exists()


# ---- item 8: signed integer images -----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32])
def test_item8_signed_integer_images_keep_their_grey_levels(dtype):
    info = np.iinfo(dtype)
    page = np.full((64, 64), info.min, dtype)
    ramp = np.linspace(info.min, info.max, 30).astype(dtype)
    page[10:54, 17:47] = ramp[None, :]  # dark → light across the stroke
    out = to_mnist(page, ink="light", normalise_strokes=False)
    grey = out[(out > 0.05) & (out < 0.95)]
    assert grey.size > 40  # a ramp of grey levels, not a binarised block


# ---- item 9: the stream refuses rows and positions it cannot use -----------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_item9_feed_refuses_non_finite_rows_and_keeps_its_state(tiny_reader, bad):
    stream = tiny_reader.stream()
    stream.feed(np.full(28, 0.5))
    row = np.zeros(28)
    row[5] = bad
    with pytest.raises(ValueError, match="finite"):
        stream.feed(row)
    assert stream.rows_read == 1
    assert np.isfinite(stream.feed(np.zeros(28)).probs).all()


@pytest.mark.parametrize("bad", [1.5, True, "1", None])
def test_item9_rewind_takes_whole_numbers_only(tiny_reader, bad):
    stream = tiny_reader.stream()
    stream.feed(np.zeros(28))
    stream.feed(np.zeros(28))
    with pytest.raises(TypeError, match="whole number"):
        stream.rewind(bad)
    stream.rewind(np.int64(1))
    assert stream.rows_read == 1


# ---- item 10: raw tracebacks from the CLI ------------------------------------------------------------------


def idx(magic: int, shape: tuple[int, ...], body: bytes = b"") -> bytes:
    return struct.pack(">I", magic) + struct.pack(f">{len(shape)}I", *shape) + body


def test_item10_evaluate_on_idx_files_with_no_images(capsys, tmp_path, tiny_file):
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(idx(2051, (0, 28, 28)))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx(2049, (0,)))
    code, _, err = run(capsys, "evaluate", "--data-dir", tmp_path, "--checkpoint", tiny_file, "--device", "cpu")
    assert code == 1 and "holds no images" in err


def test_item10_idx_header_whose_size_product_overflows(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx(2051, (2**32 - 1, 2**32 - 1, 2**32 - 1), b"\0" * 100)))
    with pytest.raises(MnistFileError, match=r"t10k-images-idx3-ubyte\.gz: header says"):
        read_idx(path, 2051, 3)


def test_item10_gzip_bomb_is_not_decompressed_past_the_declared_size(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(idx(2049, (10,)) + b"\0" * 50_000_000))  # 50 MB behind a 10-byte header
    with pytest.raises(MnistFileError, match="has trailing bytes"), peak_memory() as peak:
        read_idx(path, 2049, 1)
    assert peak.bytes < 5_000_000  # was the whole 50 MB


def test_item10_evaluate_download_offline_is_one_clear_error(capsys, monkeypatch, tmp_path, tiny_file):
    import torchvision.datasets

    class Offline:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: <urlopen error [Errno -3]>")

    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    code, _, err = run(
        capsys, "evaluate", "--download", "--data-dir", tmp_path, "--checkpoint", tiny_file, "--device", "cpu"
    )
    assert code == 1 and "could not download MNIST" in err and "urlopen error" in err


def test_item10_closed_pipe_ends_quietly(digit_png, tiny_file):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rowreader", "predict", "--checkpoint", tiny_file, *[digit_png] * 30],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141 and b"Traceback" not in err and b"Exception ignored" not in err  # as `yes | head`


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_item10_output_to_a_full_disk_is_one_clear_error(digit_png, tiny_file, json_flag):
    with open("/dev/full", "w") as full:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        argv = [sys.executable, "-m", "rowreader", "predict", *json_flag, "--checkpoint", tiny_file, digit_png]
        result = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "cannot write the output: No space left on device" in result.stderr and "Traceback" not in result.stderr


# ---- item 11 and "also": paths that are not regular files ------------------------------------------------------


@POSIX
def test_item11_predict_refuses_a_fifo_instead_of_hanging(tmp_path, tiny_file):
    fifo = tmp_path / "f.png"
    os.mkfifo(fifo)
    result = run_cli("predict", "--checkpoint", tiny_file, fifo, timeout=60)
    assert result.returncode == 1 and "named pipe" in result.stderr


@POSIX
def test_item11_fifo_or_device_as_checkpoint(tmp_path):
    fifo = tmp_path / "model.safetensors"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/null")):
        with pytest.raises(OSError, match=r"named pipe|device"):
            load_checkpoint(path)


def test_also_a_folder_as_checkpoint_is_called_a_folder(capsys, tmp_path, digit_png):
    code, _, err = run(capsys, "predict", "--checkpoint", tmp_path, digit_png)
    assert code == 1 and "is a folder" in err and "not found" not in err


def test_also_no_raw_decompression_bomb_warning(tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(png_header(10_000, 10_000))  # 100 Mpx: over PIL's warning threshold, under our limit
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # no pixel data in the file: called damaged since the fifteenth round (it was "cannot read the image")
        with pytest.raises(cli_module._Failure, match="a damaged PNG picture: its pixel data ends"):
            cli_module.read_image(path)
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


def test_also_pictures_over_the_shared_pixel_limit_are_refused_before_decoding(tmp_path):
    side = int(MAX_PIXELS**0.5) + 1
    path = tmp_path / "huge.png"
    path.write_bytes(png_header(side, side))
    with pytest.raises(cli_module._Failure, match=f"more than the {MAX_PIXELS:,}"):
        cli_module.read_image(path)


def test_found_a_checkpoint_that_cannot_stream_is_refused_at_load(capsys, tmp_path, digit_png):
    """Finite weights that overflow float32 once folded: `predict` raised a raw ValueError from the stream."""
    path = tmp_path / "huge.safetensors"
    save_checkpoint(path, RowReader(ReaderConfig(input_size=4, hidden_size=4, pixel_std=1e-3)))
    with safe_open(str(path), framework="pt") as file:  # a save refuses such weights: they are written in after it
        tensors, header = {name: file.get_tensor(name) for name in file.keys()}, file.metadata()  # noqa: SIM118
    tensors["input.weight"].fill_(1e36)
    tensors["lstm.weight_ih_l0"].fill_(1e3)
    path.write_bytes(safetensors_save(tensors, metadata=header))
    with pytest.raises(CheckpointError, match=r"huge\.safetensors: .*too large for float32"):
        load_checkpoint(path)
    code, _, err = run(capsys, "predict", "--checkpoint", path, digit_png)
    assert code == 1 and "too large for float32" in err


def test_found_a_batch_too_large_for_memory_is_refused_before_allocating(tiny_file):
    checkpoint = load_checkpoint(tiny_file)
    started = time.process_time()  # CPU time: a busy machine does not stretch it
    with pytest.raises(ValueError, match="GiB of state"):
        checkpoint.stream(batch=10**9)
    assert time.process_time() - started < 1.0
    assert checkpoint.stream(batch=64).batch == 64


def test_pictures_read_on_many_threads_leave_the_warning_filters_as_they_were(tmp_path):
    """Each reading silences PIL's metadata warnings inside warnings.catch_warnings, which swaps the process's
    filter list: two threads in it at once left "ignore every warning" in place for good (the app reads
    examples on worker threads)."""
    import threading

    from rowreader.picture import read_picture

    path = tmp_path / "a.png"
    Image.fromarray((np.random.default_rng(0).random((28, 28)) * 255).astype(np.uint8)).save(path)
    before = list(warnings.filters)

    def read_many() -> None:
        for _ in range(200):
            read_picture(path)

    threads = [threading.Thread(target=read_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert warnings.filters == before


# ---- the fourth round (30 Nov 2026): found by trying it as a hostile user, without a window ------------------


def test_fourth_a_sidecar_nested_too_deeply_skips_its_example_not_the_folder(tmp_path, digit_png):
    """A sidecar of 200,000 '[' (under the 4 MB limit) raised RecursionError out of load_examples: one damaged
    file kept every example from loading."""
    from rowreader.example_folder import load_examples

    for label, name in ((1, "a"), (7, "b")):
        (tmp_path / "ex" / str(label)).mkdir(parents=True)
        (tmp_path / "ex" / str(label) / f"{name}.png").write_bytes(digit_png.read_bytes())
    (tmp_path / "ex" / "7" / "b.json").write_text("[" * 200_000)
    found = load_examples(tmp_path / "ex")
    assert [e.label for e in found.examples] == [1]
    assert len(found.problems) == 1 and "b.png" in found.problems[0] and "nested too deeply" in found.problems[0]


@pytest.mark.parametrize("batch", [None, 3])
def test_fourth_the_stream_refuses_pixels_outside_0_1_instead_of_misreading_them(tiny_reader, mnist_test, batch):
    """``load_mnist`` gives uint8 digits (0…255); fed to a stream as they are, they were read without a word, and
    the shipped model read MNIST's test digits 13.5 % right. ``DigitSession.set_image`` already refused them."""
    images = mnist_test[0][:3]
    stream = tiny_reader.stream(batch=batch)
    image = images if batch else images[0]
    with pytest.raises(ValueError, match=r"in \[0, 1\].*divide 0…255 pixels .* by 255"):
        stream.feed_image(image)
    assert stream.rows_read == 0
    with pytest.raises(ValueError, match=r"in \[0, 1\] \(ink = 1\), got -0\.5…0\.5$"):
        stream.feed(np.full(stream._row_shape, -0.5) + np.eye(1, 28, 3)[0])
    assert stream.rows_read == 0
    assert len(stream.feed_image(image / 255)) == 28


def test_fourth_a_unipen_line_nested_too_deeply_is_named_by_file_and_line(tmp_path):
    """``$ROWREADER_UNIPEN`` pointing at a file with a line of 100,000 '[' gave a bare RecursionError: training said
    "error: maximum recursion depth exceeded…", naming neither the file nor the line."""
    from rowreader.unipen import UnipenFileError, read_unipen

    path = tmp_path / "digits.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("[" * 100_000 + "\n")
    with pytest.raises(UnipenFileError, match=r"digits\.jsonl\.gz, line 1: .*nested too deeply"):
        read_unipen(path)


def test_fourth_predict_on_many_files_folds_the_weights_once_and_holds_no_results(
    tmp_path, tiny_file, digit_png, monkeypatch
):
    """3,000 scans took 155 s, two thirds of it building a new stream (folding the same weights) per file, and
    ``--json`` held every result until the end: 23 kB per file, 2 GB for 100,000, before the first byte came
    out. Now one stream reads every file and each result is written as it comes (the same document)."""
    from rowreader.checkpoint import Checkpoint

    built = []
    real_stream = Checkpoint.stream
    monkeypatch.setattr(Checkpoint, "stream", lambda self, *a, **k: built.append(1) or real_stream(self, *a, **k))

    def predict(files: int) -> tuple[int, int]:
        """(peak memory, streams built) of one ``predict --json`` of ``files`` files"""
        built.clear()
        with open(os.devnull, "w") as devnull:
            monkeypatch.setattr(sys, "stdout", devnull)
            with peak_memory() as peak:
                assert main(["predict", "--json", "--checkpoint", str(tiny_file), *[str(digit_png)] * files]) == 0
            return peak.bytes, len(built)

    (few, few_streams), (many, many_streams) = predict(10), predict(210)
    assert many - few < 1_000_000, f"peak grew by {(many - few) / 1e6:.1f} MB for 200 more files"
    assert many_streams == few_streams  # as many for 210 files as for 10


def test_fourth_predict_json_is_still_one_document(capsys, tiny_file, digit_png, tmp_path):
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((40, 40), 255, np.uint8)).save(blank)
    missing = tmp_path / "none.png"
    code, out, err = run(capsys, "predict", "--json", "--checkpoint", tiny_file, digit_png, missing, blank)
    assert code == 1 and "none.png" in err
    results = json.loads(out)
    assert [r["file"] for r in results] == [str(digit_png), str(blank)] and results[1]["empty"]
    assert out == json.dumps(results) + "\n"
    code, out, _ = run(capsys, "predict", "--json", "--checkpoint", tiny_file, tmp_path / "none.png")
    assert code == 1 and json.loads(out) == []


def test_fourth_an_example_too_small_to_read_is_not_called_blank(tmp_path):
    """A small digit on a big scan (ink spanning 3 % of the page) was skipped as "the picture has no ink", so the
    user looked for a blank page; the reason now says it is too small, and what to do."""
    from rowreader.example_folder import load_examples

    page = np.full((1000, 1000), 255, np.uint8)
    page[500:530, 500:504] = 0  # a 1, 30 px tall
    (tmp_path / "ex" / "1").mkdir(parents=True)
    Image.fromarray(page).save(tmp_path / "ex" / "1" / "small.png")
    Image.fromarray(np.full((50, 50), 255, np.uint8)).save(tmp_path / "ex" / "1" / "blank.png")
    problems = sorted(load_examples(tmp_path / "ex").problems)
    assert problems[0].endswith("blank.png: no ink found: the picture is all one shade, nothing is drawn on it")
    assert "small.png: the mark is too small to be a digit" in problems[1] and "crop" in problems[1]


@pytest.mark.parametrize("shape", [(1, 20_000_000), (20_000_000, 1), (3, 8_000_000, 3)])
def test_fourth_a_long_thin_picture_is_reduced_in_bounded_memory(shape):
    """Box-averaging padded the last band of rows to whole boxes: a 58-kB PNG of 1 × 60,000,000 pixels (under
    the pixel limit) asked for 6.4 TiB, and `rowreader predict` died with a MemoryError traceback."""
    strip = np.full(shape, 255, np.uint8)
    long_side = max(shape[:2])
    if shape[0] > shape[1]:
        strip[long_side // 4 : 3 * long_side // 4] = 0
    else:
        strip[:, long_side // 4 : 3 * long_side // 4] = 0
    with peak_memory() as peak:
        to_mnist(strip, ink="dark")
    assert peak.bytes < 200e6, f"{peak.bytes / 1e6:.0f} MB"


def test_fourth_predict_reads_a_long_thin_png(tmp_path, tiny_file):
    strip = np.full((1, 20_000_000), 255, np.uint8)
    strip[:, 5_000_000:15_000_000] = 0
    path = tmp_path / "strip.png"
    Image.fromarray(strip).save(path)
    result = run_cli("predict", "--checkpoint", tiny_file, path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-500:]


def test_fourth_weights_that_do_not_fit_the_config_are_never_saved_nor_streamed(tmp_path, tiny_file):
    """``save_checkpoint`` promises that every file it writes loads again, yet it wrote a checkpoint whose tensors
    did not fit its config (refused by ``load_checkpoint`` ever after); a stream built on such weights failed with
    a bare KeyError or a NumPy broadcast error."""
    from rowreader import Checkpoint, RowStream

    good = load_checkpoint(tiny_file)
    bias = good.weights["input.bias"]
    wrong_shape = {**good.weights, "input.bias": np.zeros(len(bias) + 1, np.float32)}
    missing = {k: v for k, v in good.weights.items() if k != "input.bias"}
    out = tmp_path / "bad.safetensors"
    for weights, why in ((wrong_shape, r"tensor input\.bias has shape"), (missing, r"missing \['input\.bias'\]")):
        with pytest.raises(ValueError, match=f"cannot save .*bad.safetensors: .*{why}"):
            save_checkpoint(out, Checkpoint(good.config, weights))
        assert not out.exists() and not list(tmp_path.glob(".bad*"))
        with pytest.raises(ValueError, match=why):
            RowStream(good.config, weights)


def _digit_page(side: tuple[int, int], mode: str) -> Image.Image:
    """A big picture of a plain 1 in ``mode``; RGBA ones have a transparent page and coloured, opaque ink, palette
    ones a white page (index 0) and dark blue ink (index 1)."""
    width, height = side
    if mode == "P":
        page = Image.new("P", side, 0)
        page.putpalette([255, 255, 255, 20, 20, 120])
        ink = 1
    else:
        page = Image.new("RGBA", side, (200, 40, 40, 0)) if mode == "RGBA" else Image.new(mode, side, "white")
        ink = (20, 20, 120, 255) if mode == "RGBA" else "black"
    page.paste(ink, (width // 2 - width // 20, height // 8, width // 2 + width // 20, 7 * height // 8))
    return page


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "P", "1"])
def test_fifth_a_big_8_bit_picture_is_shrunk_by_pillow_and_reads_the_same(tmp_path, mode):
    """An 11,000² RGBA PNG peaked at 1.9 GB in `rowreader predict` (Pillow's 484 MB, then NumPy's copy of it, then
    Pillow's premultiplied copy): it is now box-averaged stripe by stripe before NumPy sees it (566 MB)."""
    path = tmp_path / f"big-{mode}.png"
    _digit_page((2 * 2048 + 5, 3000), mode).save(path)
    read = read_picture(path)
    assert max(read.shape[:2]) <= 2048 and read.shape[:2] == (1000, 1367)  # factor 3, edge boxes kept
    whole = Image.open(path)  # the old way: the full picture, averaged by to_mnist itself
    whole = np.asarray(whole.convert("RGB") if mode == "P" else whole)
    # the same digit; where it sits half-way between two pixels, averaging first may round it into the other one
    assert np.abs(to_mnist(read) - to_mnist(whole)).mean() < 0.02  # a row of the bar: 0.01; no bar: 0.08


@pytest.mark.parametrize(("mode", "decoded"), [("RGBA", 144e6), ("P", 36e6)])
def test_fifth_reading_a_big_picture_holds_about_one_copy_of_it(tmp_path, mode, decoded):
    """RGBA: 577 MB, now 193 MB; a palette picture was converted whole to RGBA first (4 × its 36 MB, and more)."""
    path = tmp_path / "big.png"
    _digit_page((6000, 6000), mode).save(path)
    # VmHWM: the child's own peak (ru_maxrss carries the parent's over fork and exec: pytest's, here)
    script = (
        "import re, sys; from rowreader.picture import read_picture\n"
        "peak = lambda: int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) * 1024\n"
        "before = peak()\n"
        "read_picture(sys.argv[1])\n"
        "print(peak() - before)"
    )
    grown = int(subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True).stdout)
    assert grown < 2 * decoded + 20e6, f"{grown / 1e6:.0f} MB"


@pytest.mark.parametrize(
    "argv",
    [
        ["predict", ""],
        ["predict", "--checkpoint", "", "x.png"],
        ["evaluate", "--data-dir", ""],
        ["download", "--data-dir", ""],
    ],
)
def test_fifth_an_empty_file_or_folder_name_is_refused_not_taken_for_the_current_folder(
    capsys, tmp_path, monkeypatch, argv
):
    """`--data-dir "$UNSET"` downloaded MNIST into whatever folder the shell stood in; `predict ""` said
    ".: is a folder, not an image"."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and "an empty name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _dds_of_unknown_pixel_format(data: bytes) -> bytes:
    dds = bytearray(data)
    dds[80:84] = struct.pack("<I", 0)  # DDS_PIXELFORMAT's flags: none that Pillow knows
    return bytes(dds)


@pytest.mark.parametrize(
    ("fmt", "damage", "reason"),
    [
        ("DDS", _dds_of_unknown_pixel_format, "Unknown pixel format flags 0"),  # NotImplementedError
        ("AVIF", lambda data: data[:-16] + bytes(16), "Failed to decode frame 0"),  # RuntimeError
    ],
)
def test_fifth_a_picture_pillow_raises_runtimeerror_for_is_one_files_error(
    capsys, tmp_path, digit_png, tiny_file, fmt, damage, reason
):
    """Found by fuzzing: Pillow raises NotImplementedError for a DDS of a pixel format it does not know and
    RuntimeError for a damaged AVIF, whatever the file is called; each ended `rowreader predict` (the other files
    unread) and every load of the examples folder."""
    if fmt == "AVIF" and not features.check("avif"):
        pytest.skip(f"this Pillow has no {fmt} decoder")
    buffer = io.BytesIO()
    Image.open(digit_png).convert("L").save(buffer, fmt)
    scan = tmp_path / "examples" / "1" / "scan.png"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(damage(buffer.getvalue()))
    (scan.parent / "good.png").write_bytes(digit_png.read_bytes())
    code = main(["predict", "--checkpoint", str(tiny_file), str(scan), str(digit_png)])
    out, err = capsys.readouterr()
    assert code == 1 and f"{scan}: cannot read the image ({reason}" in err
    assert f"{digit_png}\n" in out and "prediction:" in out
    loaded = load_examples(tmp_path / "examples")
    assert [e.path.name for e in loaded.examples] == ["good.png"] and loaded.problems[0].startswith(f"{scan}: ")


# ---- the sixth round (30 Nov 2026, night): hostile use without a window, again ---------------------------------


def test_sixth_a_sidecar_number_too_big_for_a_float_skips_its_example_not_the_folder(tmp_path, digit_png):
    """A sidecar point of 400 digits (valid JSON, under the size limit) raised OverflowError out of
    load_examples: every example in the folder was lost, and a fine-tune ended in a traceback."""
    for label, name in ((1, "a"), (7, "b")):
        (tmp_path / "ex" / str(label)).mkdir(parents=True)
        (tmp_path / "ex" / str(label) / f"{name}.png").write_bytes(digit_png.read_bytes())
    stroke = {"width": 5, "points": [[int("9" * 400), 1]]}
    (tmp_path / "ex" / "7" / "b.json").write_text(json.dumps({"format": "rowreader-example", "label": 7,
                                                              "strokes": [stroke]}))  # fmt: skip
    found = load_examples(tmp_path / "ex")
    assert [e.label for e in found.examples] == [1]
    assert len(found.problems) == 1 and "b.png" in found.problems[0] and "stroke 0" in found.problems[0]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_sixth_a_link_loop_or_an_empty_file_is_said_so_once(capsys, tmp_path, tiny_file):
    """A link loop said "loop: cannot read the image (loop: cannot read this image (Too many levels of symbolic
    links))", the name twice; a file of 0 bytes (a failed download) was "not an image PIL can read"."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "empty.png").write_bytes(b"")
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_file, tmp_path / "a", tmp_path / "empty.png")
    assert code == 1
    assert f"{tmp_path / 'a'}: goes through a link that loops back on itself, so no image is there;" in err
    assert err.count(str(tmp_path / "a")) == 1
    assert f"{tmp_path / 'empty.png'}: an empty file (0 bytes), not a picture" in err


def _blank_then_digit(path: Path, digit_png: Path, **options) -> Path:
    blank = Image.new("L", Image.open(digit_png).size, 255)
    blank.save(path, save_all=True, append_images=[Image.open(digit_png).convert("L")], **options)
    return path


@pytest.mark.parametrize("name", ["anim.gif", "scan.tiff"])
def test_sixth_a_picture_whose_first_frame_is_blank_says_later_frames_were_not_read(
    capsys, tmp_path, tiny_file, digit_png, name
):
    """An animation or a multi-page scan whose first frame is blank said "no ink found: the image is empty",
    though a later frame holds the digit. Only the first frame is read (as Qt's reader reads it: which frame
    shows the digit is not ours to guess), and now it says so, in text, JSON and the examples folder."""
    picture = _blank_then_digit(tmp_path / name, digit_png)
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_file, picture)
    assert (
        code == 0
        and (
            "no ink in its first frame (of 2): the picture is all one shade, nothing is drawn on it; "
            "only a picture's first frame is read"
        )
        in out
    )
    code, out, _ = run(capsys, "predict", "--json", "--checkpoint", tiny_file, picture)
    assert json.loads(out)[0]["frames"] == 2 and json.loads(out)[0]["empty"] is True
    (tmp_path / "ex" / "4").mkdir(parents=True)
    _blank_then_digit(tmp_path / "ex" / "4" / name, digit_png)
    problems = load_examples(tmp_path / "ex").problems
    assert len(problems) == 1
    assert (
        "no ink in its first frame (of 2): the picture is all one shade, nothing is drawn on it; "
        "only a picture's first frame is read"
    ) in problems[0]


@pytest.mark.parametrize("chunk", ["text", "icc"])
def test_sixth_a_png_with_over_a_megabyte_of_compressed_metadata_is_refused_in_plain_words(
    capsys, tmp_path, tiny_file, digit_png, chunk
):
    """A PNG whose compressed text or colour-profile chunk unpacks to over 1 MB (3 kB on disk) was refused as
    "Decompressed data too large for PngImagePlugin.MAX_TEXT_CHUNK": Pillow's words, naming its own constant."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if chunk == "text":
        info.add_text("Comment", "x" * 3_000_000, zip=True)
    options = {"icc_profile": bytes(2_000_000)} if chunk == "icc" else {}
    Image.open(digit_png).save(tmp_path / "meta.png", pnginfo=info, **options)
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_file, tmp_path / "meta.png")
    assert code == 1 and "MAX_TEXT" not in err
    assert "its metadata (a compressed text or colour-profile chunk of the PNG) unpacks to more than" in err
    assert "save the picture again without its metadata" in err


@pytest.mark.skipif(os.name != "posix", reason="control characters in file names")
def test_sixth_a_file_name_with_a_newline_or_an_escape_stays_on_one_line(capsys, tmp_path, tiny_file, digit_png):
    """`rowreader predict` printed a name as it is: `new\\nline.png` took two lines (its error too, though each
    is one line by promise), and a name holding ESC sequences reached the terminal, which obeyed them."""
    named = tmp_path / "new\nline\x1b[2J.png"
    named.write_bytes(digit_png.read_bytes())
    broken = tmp_path / "bad\n.png"
    broken.write_bytes(b"not a picture")
    code, out, err = run(capsys, "predict", "--checkpoint", tiny_file, named, broken)
    assert code == 1 and "\x1b" not in out + err
    assert out.splitlines()[0] == str(tmp_path / "new\\nline\\x1b[2J.png")
    assert err.splitlines() == [f"rowreader: error: {tmp_path}/bad\\n.png: {TEXT_NOT_PICTURE}"]
    code, out, _ = run(capsys, "predict", "--json", "--checkpoint", tiny_file, named)
    assert json.loads(out)[0]["file"] == str(named)  # JSON keeps the name exact, escaped its own way


def test_sixth_the_stream_takes_numpys_whole_numbers_and_refuses_what_holds_no_real_numbers(tiny_reader):
    """`stream(batch=len_of_something)` with a NumPy integer (`images.shape[0]` after arithmetic is np.int64) was
    "batch must be a positive integer"; a complex row was read without its imaginary part (a NumPy warning the
    only word), text was "could not convert string to float", and `to_mnist` of durations (timedelta64, an
    integer type to NumPy) failed inside a comparison between a timedelta and an int."""
    stream = tiny_reader.stream(batch=np.int64(2))
    assert stream.batch == 2 and isinstance(stream.batch, int)
    single = tiny_reader.stream()
    for row in (np.zeros(28, complex), ["a"] * 28, np.array([None] * 28)):
        with pytest.raises(TypeError, match="pixels must be real numbers in \\[0, 1\\], got an array of"):
            single.feed(row)
    with pytest.raises(TypeError, match="must be real numbers"):
        single.feed_image(np.zeros((28, 28), complex))
    assert single.rows_read == 0 and single.feed(np.ones(28, bool)).row == 0  # booleans are pixels: 0 or 1
    with pytest.raises(TypeError, match="image dtype timedelta64\\[s\\] is not numeric"):
        to_mnist(np.zeros((5, 5), "timedelta64[s]"))


def test_sixth_numpy_values_in_metadata_are_stored_as_numbers_and_others_are_named(tmp_path, tiny_reader):
    """`save_checkpoint(…, {"epochs_trained": np.int64(3)})` was refused as "must be a whole number ≥ 0, got
    np.int64(3)", and any other NumPy value (or bytes, an array) ended in json's TypeError naming no key."""
    path = tmp_path / "m.safetensors"
    save_checkpoint(path, tiny_reader, {"epochs_trained": np.int64(3), "test_accuracy": np.float32(0.5),
                                        "mine": {"seen": np.bool_(True)}})  # fmt: skip
    metadata = load_checkpoint(path).metadata
    assert metadata["epochs_trained"] == 3 and metadata["test_accuracy"] == 0.5 and metadata["mine"]["seen"] is True
    # an array is its list since the twenty-third round; one of complex numbers holds no JSON value
    for value, why in ((b"x", "bytes is not a JSON value"), (np.zeros(3, complex), "complex is not a JSON value")):
        with pytest.raises(ValueError, match=f"metadata 'note' cannot be stored as JSON \\({why}\\)"):
            save_checkpoint(path, tiny_reader, {"note": value})
    with pytest.raises(ValueError, match="metadata keys must be strings, got \\('a',\\)"):
        save_checkpoint(path, tiny_reader, {("a",): 1})
    assert load_checkpoint(path).metadata["epochs_trained"] == 3  # the refused saves left the file as it was


def test_sixth_the_session_takes_a_boolean_digit_as_to_mnist_and_the_stream_do(tiny_reader):
    """`DigitSession.set_image` refused a boolean 28×28 picture ("dtype bool is not a real number type"), which
    `to_mnist` and the stream read as 0/1 pixels."""
    from rowreader.checkpoint import Checkpoint
    from rowreader.session import DigitSession

    session = DigitSession(Checkpoint.from_reader(tiny_reader))
    digit = np.zeros((28, 28), bool)
    digit[5:20, 12:15] = True
    session.set_image(digit)
    assert session.image.dtype == np.float32 and session.image.max() == 1.0 and len(session.predictions) == 28


def test_sixth_evaluate_curve_refuses_float_pixels_outside_0_1_instead_of_scoring_them(tiny_reader, mnist_test):
    """MNIST cast to float32 but not divided by 255 scored 12.8 % with the shipped model, without a word (the
    stream refuses such rows since the fourth round); a NaN pixel was scored too."""
    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test
    images, labels = images[:50], labels[:50]
    with pytest.raises(ValueError, match=r"float images must hold pixels in \[0, 1\].*divide 0…255 pixels .* by 255"):
        evaluate_curve(tiny_reader, images.astype(np.float32), labels)
    poisoned = images.astype(np.float32) / 255
    poisoned[3, 4, 5] = np.nan
    with pytest.raises(ValueError, match="got nan…nan"):
        evaluate_curve(tiny_reader, poisoned, labels)
    assert np.array_equal(
        evaluate_curve(tiny_reader, images, labels), evaluate_curve(tiny_reader, images / 255, labels)
    )


@POSIX
def test_sixth_predict_with_stdout_closed_says_so_instead_of_a_traceback(digit_png):
    """`rowreader predict x.png >&-` ended in "AttributeError: 'NoneType' object has no attribute 'flush'" (and
    'write' with --json): Python starts with no sys.stdout when file descriptor 1 is closed."""
    for extra in ([], ["--json"]):
        done = run_cli("predict", *extra, digit_png, preexec_fn=lambda: os.close(1))
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "rowreader: error: standard output is closed (>&-)" in done.stderr


@pytest.mark.parametrize("below", ["", "sub"])
def test_sixth_exporting_examples_to_a_file_names_the_file(tmp_path, below):
    """`ExampleStore.export_folder("notes.txt")` read every example, then failed as "[Errno 20] Not a directory:
    'notes.txt/1'"; nothing says which part of the path is the file."""
    from rowreader.example_folder import ExamplesError
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    drawing = np.full((100, 100), 255, np.uint8)
    drawing[20:80, 45:55] = 0
    store.add(1, drawing)
    (tmp_path / "notes.txt").write_text("mine")
    target = tmp_path / "notes.txt" / below
    with pytest.raises(ExamplesError, match=f"cannot export to {target}: {tmp_path / 'notes.txt'} is a file"):
        store.export_folder(target)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_sixth_counting_frames_stops_at_a_hundred(capsys, tmp_path, tiny_file):
    """Saying how many frames a blank-first picture has walks the file: a GIF of 20,000 tiny frames (1.6 MB) took
    0.4 s, so a 100-MB one half a minute; the count stops at 100 ("of 100 or more")."""
    frames = [Image.new("L", (8, 8), 255)] + [Image.new("L", (8, 8), k) for k in range(150)]  # all different
    frames[0].save(tmp_path / "long.gif", save_all=True, append_images=frames[1:], duration=10)
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_file, tmp_path / "long.gif")
    assert code == 0 and "no ink in its first frame (of 100 or more)" in out


# ---- the seventh round ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["cuda", "cuda:1", torch.device("cuda")])
def test_seventh_loading_onto_an_absent_cuda_is_the_projects_refusal(monkeypatch, tiny_file, device):
    """`load_checkpoint(path, device="cuda")` without CUDA failed in torch's words ("Found no NVIDIA driver …",
    or nothing at all on a machine that has one GPU and was asked for a second); the commands checked the device
    first, the library did not."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match=r"was asked for, but CUDA is not available here .*ask for 'cpu'"):
        load_checkpoint(tiny_file, device=device)
    with pytest.raises(ValueError, match=r"unknown device 'gpu'; expected auto \| cpu \| cuda \| cuda:N"):
        load_checkpoint(tiny_file, device="gpu")
    assert next(load_checkpoint(tiny_file, device="auto").reader.parameters()).device.type == "cpu"


@POSIX
def test_seventh_temporaries_of_a_writer_killed_while_saving_are_removed_by_the_next_run(tmp_path):
    """SIGKILL while a checkpoint and its state were saved left their hidden temporaries beside --out for good
    (each as large as its file). The next run's check of its outputs removes them: only our temporaries of that
    very file, unlocked (their writer is dead), at any age since teach13; nothing else is touched."""
    from rowreader.atomic import check_writable

    out, state = tmp_path / "m.safetensors", tmp_path / "m.state.pt"
    killed = subprocess.Popen(
        [sys.executable, "-c", "import os, sys, time; from rowreader import atomic; "
         "os.replace = lambda *a: (print('written', flush=True), time.sleep(600)); "  # killed before its rename
         f"atomic.atomic_write_files([({str(out)!r}, b'c' * 1000), ({str(state)!r}, b's' * 1000)])"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert killed.stdout.readline() == "written\n"
    live = subprocess.Popen(  # a writer still at work: the same, left running
        [sys.executable, "-c", "import os, sys, time; from rowreader import atomic; "
         "os.replace = lambda *a: (print('written', flush=True), time.sleep(600)); "
         f"atomic.atomic_write_files([({str(out)!r}, b'L' * 1000)])"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert live.stdout.readline() == "written\n"
        killed.kill()
        killed.wait(timeout=60)
        leftovers = sorted(p for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        assert len(leftovers) == 3  # two of the killed writer, one of the live one
        dead = {p.name for p in leftovers if p.read_bytes()[:1] != b"L"}
        assert len(dead) == 2
        names = ".m.safetensors.0123456789abcdeX.tmp .other.0123456789abcdef.tmp .m.safetensorsx.0123456789abcdef.tmp"
        not_ours = [tmp_path / name for name in (*names.split(), "m.safetensors.0123456789abcdef.tmp")]
        for path in not_ours:
            path.write_text("mine")
        (tmp_path / ".m.safetensors.00000000000000aa.tmp").symlink_to(tmp_path / "m.safetensors.0123456789abcdef.tmp")
        long_ago = time.time() - 120
        for path in [*leftovers, *not_ours]:
            os.utime(path, (long_ago, long_ago))
        # unlocked though written a moment ago: a dead writer's too, since a writer locks its temporary as it makes
        # it (and makes another if a tidy took it in between): teach13 swept it at any age, an export killed at its
        # probe and run again at once
        fresh = tmp_path / ".m.safetensors.00000000000000ff.tmp"
        fresh.write_text("fresh")
        check_writable(out)
        check_writable(state)
        remaining = {p.name for p in tmp_path.iterdir()}
        assert not (dead | {fresh.name}) & remaining  # the dead writer's two are gone, and the fresh one
        assert {p.name for p in not_ours} | {".m.safetensors.00000000000000aa.tmp"} <= remaining
        assert len([n for n in remaining if n.endswith(".tmp")]) == len(not_ours) + 2  # + the live one, the link
    finally:
        live.kill()
        live.wait(timeout=60)
        killed.kill()


def test_seventh_predict_dash_reads_a_picture_from_standard_input(tmp_path, digit_png, tiny_file):
    """`rowreader predict -` was "-: no such file": a picture piped in could not be read. `-` is standard input
    now (once; a file named "-" is ./-), and stdin that holds no picture says why."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def predict(*argv: object, stdin: bytes | None = None, **kwargs) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "rowreader", "predict", "--checkpoint", tiny_file, "--json", *map(str, argv)]
        return subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=120, cwd=tmp_path, **kwargs)

    piped = predict("-", stdin=digit_png.read_bytes())
    from_file = json.loads(predict(digit_png).stdout)[0]
    assert piped.returncode == 0 and json.loads(piped.stdout) == [{**from_file, "file": "-"}]
    (tmp_path / "-").write_bytes(digit_png.read_bytes())
    assert json.loads(predict("./-", stdin=b"").stdout)[0]["prediction"] == from_file["prediction"]
    for argv, stdin, message, code in [
        (["-"], b"", "-: standard input is empty (0 bytes), not a picture", 1),
        (["-"], b"hello", "-: not an image PIL can read", 1),
        # a refused command line, 2 as --help says (the seventeenth round; it was 1, an image's status)
        (["-", "-"], digit_png.read_bytes(), "- is given more than once; standard input holds one picture", 2),
    ]:
        done = predict(*argv, stdin=stdin)
        assert done.returncode == code and message in done.stderr.decode(), done.stderr
    done = predict("-", stdin=None, preexec_fn=lambda: os.close(0)) if os.name == "posix" else None
    assert done is None or "standard input is closed (<&-)" in done.stderr.decode()


def test_seventh_a_quoted_tilde_in_a_name_read_is_pointed_out(capsys, tmp_path, monkeypatch, tiny_file):
    """`rowreader predict '~/seven.png'` said only "no such file"; the name begins with a ~ no shell expanded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_file, "~/seven.png")
    assert code == 1 and f"~/seven.png: no such file; it begins with ~, which no shell expanded (was it quoted?); " \
        f"did you mean {tmp_path / 'seven.png'}?" in err  # fmt: skip
    with pytest.raises(FileNotFoundError, match="did you mean"):
        load_checkpoint("~/m.safetensors")


def test_seventh_download_over_a_file_cut_off_says_to_delete_it(capsys, tmp_path):
    """A download cut off (Ctrl-C, a lost network) leaves a truncated file that torchvision's downloader keeps;
    `rowreader download` then said only "truncated", and ran into it again and again. It says what to do."""
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for stem, magic, shape in [("train-images-idx3-ubyte", 2051, (60000, 28, 28)), ("train-labels-idx1-ubyte", 2049,
                               (60000,)), ("t10k-images-idx3-ubyte", 2051, (10, 28, 28)),
                               ("t10k-labels-idx1-ubyte", 2049, (10,))]:  # fmt: skip
        body = b"" if stem.startswith("train-images") else bytes(int(np.prod(shape)))  # the train images cut off
        (raw / stem).write_bytes(idx(magic, shape, body))
    code, _, err = run(capsys, "download", "--data-dir", tmp_path)
    assert code == 1 and f"{raw / 'train-images-idx3-ubyte'}: truncated" in err
    assert f"; delete that file and run `rowreader download --data-dir {tmp_path}` to fetch it anew" in err  # 13th
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        run(capsys, "download", "--data-dir", tmp_path / "MNIST" / "raw" / "t10k-images-idx3-ubyte")
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "is a file, not a folder" in err and "delete that file" not in err


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists its open files in /proc (Linux)")
def test_seventh_without_file_locks_a_temporary_is_closed_before_its_rename(tmp_path, monkeypatch):
    """Windows has no fcntl, and renames no open file: the temporary, kept open (locked) until its rename where
    locks exist, must be closed first there, or every save failed."""
    from rowreader import atomic

    monkeypatch.setattr(atomic, "fcntl", None)
    real_replace, open_at_rename = os.replace, []

    def replace(src, dst):
        open_at_rename.append(
            any(Path(f"/proc/self/fd/{fd}").resolve() == Path(src) for fd in os.listdir("/proc/self/fd"))
        )
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic.atomic_write_bytes(tmp_path / "a.bin", b"data")
    assert (tmp_path / "a.bin").read_bytes() == b"data" and open_at_rename == [False]
    assert atomic.remove_stale_temporaries(tmp_path / "a.bin") == []


@POSIX
def test_seventh_a_caller_that_knows_the_writer_is_gone_removes_its_temporaries_at_once(tmp_path):
    """The app sweeps a cancelled fine-tune's temporaries as soon as its process ended: no minute to wait (nor any
    sweep since the fifty-sixth round: unlocked, a temporary is a dead writer's at any age)."""
    from rowreader.atomic import remove_stale_temporaries

    fresh, other = tmp_path / ".m.safetensors.00000000000000ff.tmp", tmp_path / ".m.safetensors.tmp"
    fresh.write_text("left by a killed writer")
    other.write_text("not ours")
    assert remove_stale_temporaries(tmp_path / "m.safetensors") == [fresh]
    assert other.exists() and not fresh.exists()


@POSIX
def test_seventh_dev_stdin_from_a_pipe_points_at_dash(tmp_path, digit_png, tiny_file):
    """`cat x.png | rowreader predict /dev/stdin` is refused as a FIFO (reading one could block for good); the
    message now says that `-` reads a picture piped in."""
    done = subprocess.run(
        [sys.executable, "-m", "rowreader", "predict", "--checkpoint", str(tiny_file), "/dev/stdin"],
        input=digit_png.read_bytes(), capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert b"is a named pipe (FIFO), not a regular file; to read a picture piped in, give - as its name" in done.stderr


def test_eighth_a_gru_sessions_cell_states_are_0_wide_before_a_row_as_after():
    """A GRU carries no cell state: `DigitSession.cell_states` was layers × hidden wide before any row was read,
    and 0 wide after; a view sized on the first shape met the second."""
    from rowreader import Checkpoint
    from rowreader.session import DigitSession

    torch.manual_seed(0)
    gru = Checkpoint.from_reader(RowReader(ReaderConfig(cell="gru", hidden_size=24, layers=2)).eval(), {})
    session = DigitSession(gru)
    assert session.cell_states.shape == (0, 0) and session.hidden_states.shape == (0, 48)
    assert not session.has_cell_state
    session.set_image(np.zeros((28, 28), np.float32))
    assert session.cell_states.shape == (28, 0) and session.hidden_states.shape == (28, 48)
    lstm = DigitSession(Checkpoint.from_reader(RowReader(ReaderConfig(hidden_size=24, layers=2)).eval(), {}))
    assert lstm.cell_states.shape == (0, 48) and lstm.has_cell_state


@POSIX
def test_eighth_the_store_says_what_blocks_its_folders_without_qt(tmp_path):
    """What stands where the examples folder should be was told by the app's dock (`blocked_folder`, no Qt in it):
    the library's store knows its layout, and says it in the same words."""
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    assert store.blocked((3,)) is None  # nothing there yet: nothing in the way
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "3").write_text("not a folder")
    assert store.blocked() is None and store.blocked((1, 2)) is None
    assert store.blocked((1, 3)) == f"{tmp_path / 'examples' / '3'} is a file, not a folder"
    (tmp_path / "examples" / "3").unlink()
    (tmp_path / "examples" / "3").symlink_to(tmp_path / "gone")
    assert store.blocked((3,)) == f"{tmp_path / 'examples' / '3'} is a broken link, not a folder"
    (tmp_path / "examples" / "3").unlink()
    os.mkfifo(tmp_path / "examples" / "3")
    assert store.blocked((3,)) == f"{tmp_path / 'examples' / '3'} is a named pipe (FIFO), not a folder"
    below = ExampleStore(tmp_path / "examples" / "3" / "deeper")
    assert below.blocked() == f"{tmp_path / 'examples' / '3'} is a named pipe (FIFO), not a folder"


def test_eighth_help_says_the_reader_is_an_lstm_or_a_gru():
    """`rowreader --help` said "with a stateful LSTM" since `--cell gru` trains a reader the command reads too."""
    import rowreader

    assert "(an LSTM or a GRU)" in " ".join(cli_module.build_parser().format_help().split())
    assert "LSTM or GRU" in (rowreader.__doc__ or "")


# ---- the eighth round ------------------------------------------------------------------------------------------


def interrupted_import(tmp_path: Path, module: str) -> Path:
    """A folder for PYTHONPATH in which importing ``module`` is Ctrl-C: as if it came while the module loaded."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / f"{module}.py").write_text("raise KeyboardInterrupt\n")
    return shadow


@pytest.mark.parametrize("command", [["-m", "rowreader", "predict", "x.png"], ["-m", "rowreader", "download"]])
def test_eighth_ctrl_c_while_the_command_starts_is_one_line_and_exit_130(tmp_path, command):
    """Ctrl-C in the first fraction of a second (NumPy still loading) printed importlib's traceback and Python
    died of SIGINT; it is one line and exit status 130, as Ctrl-C later is (named as typed since the forty-sixth
    round)."""
    shadow = interrupted_import(tmp_path, "numpy")
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "python -m rowreader: interrupted while starting; nothing was done"
    assert "Traceback" not in done.stderr


def test_eighth_importing_the_package_imports_nothing_heavy():
    """`python -m rowreader` imports the package before anything can catch Ctrl-C: it must load nothing."""
    code = "import sys, rowreader; print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'rowreader')))"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip() == "['rowreader']", done.stderr
    import rowreader

    assert rowreader.load_checkpoint is load_checkpoint and rowreader.checkpoint.save_checkpoint is save_checkpoint
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        rowreader.nothing_here  # noqa: B018


def write_tiny_mnist(folder: Path, n: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for prefix in ("train", "t10k"):
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(idx(2051, (n, 28, 28), bytes(n * 784)))
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(idx(2049, (n,), bytes(n)))


def test_eighth_two_downloads_into_one_folder_do_not_write_together(tmp_path, capsys, monkeypatch):
    """Two `rowreader download`s into one folder (two app windows asking, a script run twice) both fetched the
    same files at once, each able to read the other's half-written file; the second stops at once, saying why,
    also when it finds every file there while the first still holds the lock. Training's lock, one definition."""
    from rowreader import data
    from rowreader.atomic import holding_lock

    fetched = []
    monkeypatch.setattr(data, "download_mnist", lambda root: (fetched.append(root), write_tiny_mnist(root)))
    with holding_lock(tmp_path / "MNIST"):  # the first download, still fetching
        code, _, err = run(capsys, "download", "--data-dir", tmp_path)
        assert code == 1 and fetched == []
        assert f"another download of MNIST into {tmp_path} is running (it holds {tmp_path / 'MNIST.lock'})" in err
        write_tiny_mnist(tmp_path)  # its files are all there, the last one perhaps half written
        code, _, err = run(capsys, "download", "--data-dir", tmp_path)
        assert code == 1 and "another download of MNIST" in err and fetched == []
    (tmp_path / "t10k-images-idx3-ubyte").unlink()
    code, out, _ = run(capsys, "download", "--data-dir", tmp_path)  # the first is done: a download goes ahead
    assert code == 0 and fetched == [tmp_path] and "3 training and 3 test digits" in out
    assert not (tmp_path / "MNIST.lock").exists()


def test_eighth_a_data_folder_under_a_file_names_the_file(tmp_path, capsys):
    """`--data-dir notes.txt/mnist`: `evaluate` said the files were "not found in" it and `download` failed in
    mkdir's words ("[Errno 20] Not a directory: 'notes.txt/mnist'"); both name the file in the way."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    for command in ("download", "evaluate"):  # the forty-third round: refused with the command line (status 2)
        with pytest.raises(SystemExit) as refused:
            run(capsys, command, "--data-dir", notes / "mnist" / "x")
        err = capsys.readouterr().err
        assert refused.value.code == 2 and f"argument --data-dir: {notes} is a file, not a folder" in err, err


def test_eighth_the_unipen_file_given_as_its_folder_is_pointed_out(tmp_path):
    """`--pen-dir ~/unipen1a/digits.jsonl.gz` (the file, not its folder) said "no digits.jsonl.gz in
    …/digits.jsonl.gz"; it says it is the file itself and which folder to give."""
    from rowreader.unipen import unipen_file

    (tmp_path / "digits.jsonl.gz").write_bytes(b"")
    with pytest.raises(FileNotFoundError) as err:
        unipen_file(tmp_path / "digits.jsonl.gz")
    assert str(err.value) == (
        f"UNIPEN digits not found: {tmp_path / 'digits.jsonl.gz'} is a file, not a folder (digits.jsonl.gz itself: "
        f"give its folder, {tmp_path})"
    )
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(FileNotFoundError, match=r"notes\.txt is a file, not a folder$"):
        unipen_file(tmp_path / "notes.txt" / "unipen")


def test_eighth_a_postscript_picture_is_not_run(tmp_path, capsys):
    """An EPS is a PostScript program, which Pillow reads by running Ghostscript on it: a "picture" named
    seven.png whose program wrote a file made `rowreader predict` write it (and the examples folder the same).
    Such a file is refused from its header, before anything runs."""
    marker = tmp_path / "written-by-the-picture"
    program = (
        "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 60 60\n"
        f"({marker}) (w) file dup (ran\\n) writestring closefile\n0 0 moveto 60 60 lineto stroke\nshowpage\n"
    )
    (tmp_path / "seven.png").write_text(program)
    code, out, err = run(capsys, "predict", tmp_path / "seven.png")
    assert code == 1 and out == ""
    assert "seven.png: an EPS (PostScript) file, a program Ghostscript would run, so it is not read" in err
    (tmp_path / "3").mkdir()
    (tmp_path / "seven.png").rename(tmp_path / "3" / "seven.png")
    assert "an EPS (PostScript) file" in " ".join(load_examples(tmp_path).problems)
    assert not marker.exists()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG_CACHE_HOME is read on Linux and the BSDs")
@pytest.mark.parametrize("value", ["", "cache", "./x"])
def test_eighth_an_empty_or_relative_xdg_cache_home_is_ignored(monkeypatch, value):
    """`XDG_CACHE_HOME=` (set, empty) made the cache folder "rowreader" in whatever folder a command ran in:
    `rowreader download` put MNIST in ./rowreader/mnist. Empty or relative values are ignored, as the spec says."""
    from rowreader.data import default_data_dir, user_cache_dir

    monkeypatch.delenv("ROWREADER_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    assert user_cache_dir() == Path.home() / ".cache" / "rowreader"
    assert default_data_dir() == Path.home() / ".cache" / "rowreader" / "mnist"
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert user_cache_dir() == Path("/somewhere/cache/rowreader")


@pytest.mark.parametrize("name", ["", "folder", "folder/"])
def test_eighth_saving_to_a_folder_says_so_before_writing(tmp_path, monkeypatch, tiny_reader, name):
    """`save_checkpoint("")` wrote the whole file to a temporary, then said "[Errno 16] Device or resource busy:
    '.'"; a folder's name is refused first, in words."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder, not a file; nothing is written"):
        save_checkpoint(name, tiny_reader)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["folder"]


def test_eighth_a_link_to_nothing_is_named_as_one(tmp_path, capsys):
    """`rowreader predict scan.png` of a link whose picture was moved said "no such file" (and a checkpoint the
    same), though `ls` lists it; the error says it is a link and to what."""
    (tmp_path / "scan.png").symlink_to(tmp_path / "moved.png")
    (tmp_path / "m.safetensors").symlink_to("old/m.safetensors")
    code, _, err = run(capsys, "predict", tmp_path / "scan.png")
    assert code == 1 and f"no such file; it is a link to {tmp_path / 'moved.png'}, which does not exist" in err
    code, _, err = run(capsys, "predict", "--checkpoint", tmp_path / "m.safetensors", tmp_path / "scan.png")
    assert code == 1 and "m.safetensors; it is a link to old/m.safetensors, which does not exist" in err


def test_eighth_a_batch_size_that_is_not_a_whole_number_is_worded(capsys):
    """`rowreader evaluate --batch-size 1e3` said "invalid _positive_int value: '1e3'" (a function's name)."""
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--batch-size", "1e3"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "--batch-size: must be a whole number from 1 to 65,536, got '1e3'" in err
    assert "_positive_int" not in err


@POSIX
def test_eighth_a_unipen_file_that_is_a_pipe_or_a_folder_is_named_as_one(tmp_path):
    """A `digits.jsonl.gz` that is a named pipe or a folder was "not found" (with how to download it); it is still
    not found (a fine-tune goes on without UNIPEN), but the message says what is there."""
    from rowreader.unipen import unipen_file

    (tmp_path / "a").mkdir()
    os.mkfifo(tmp_path / "a" / "digits.jsonl.gz")
    with pytest.raises(FileNotFoundError, match=r"digits\.jsonl\.gz: is a named pipe \(FIFO\), not a regular file"):
        unipen_file(tmp_path / "a")
    (tmp_path / "b" / "digits.jsonl.gz").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match=r"digits\.jsonl\.gz: is a folder, not a UNIPEN file"):
        unipen_file(tmp_path / "b")


def test_eighth_reading_mnist_while_a_download_writes_it_is_refused_in_words(tmp_path, capsys, tiny_file):
    """`rowreader evaluate` (or a training run) reading a folder a `rowreader download` was writing into read its
    half-written files: "truncated", "not found". While the download holds `MNIST.lock`, a reader says so and stops;
    a lock file no one holds (or none) changes nothing, and reading never makes one."""
    from rowreader.atomic import holding_lock
    from rowreader.data import load_mnist

    write_tiny_mnist(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(b"\0\0\x08\x03")  # the download's file, half written
    said = f"a download of MNIST into {tmp_path} is running (it holds {tmp_path / 'MNIST.lock'}); wait for it"
    with holding_lock(tmp_path / "MNIST"):
        code, _, err = run(capsys, "evaluate", "--data-dir", tmp_path, "--checkpoint", tiny_file, "--device", "cpu")
        assert code == 1 and said in err
        with pytest.raises(MnistFileError, match="a download of MNIST into"):
            load_mnist(tmp_path, train=True)
    write_tiny_mnist(tmp_path)
    (tmp_path / "MNIST.lock").touch()  # left by no one (a download killed on Windows): not in the way
    assert len(load_mnist(tmp_path, train=False)[0]) == 3
    (tmp_path / "MNIST.lock").unlink()
    assert len(load_mnist(tmp_path, train=True)[0]) == 3 and not (tmp_path / "MNIST.lock").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")
def test_eighth_a_proc_file_is_named_for_what_it_is_not_empty(capsys, tmp_path):
    """`rowreader predict /proc/cpuinfo` said "an empty file (0 bytes)" (stat gives /proc's files 0 bytes), and a
    checkpoint there failed in safetensors' words ("Input/output error"); both say it is the kernel's file."""
    code, _, err = run(capsys, "predict", "/proc/self/status")
    assert code == 1 and "/proc/self/status: is a file the kernel makes as it is read" in err and "empty" not in err
    with pytest.raises(OSError, match="is a file the kernel makes as it is read"):
        load_checkpoint("/proc/self/status")
    (tmp_path / "empty.png").touch()  # a file with nothing in it is still called empty
    code, _, err = run(capsys, "predict", tmp_path / "empty.png")
    assert code == 1 and "an empty file (0 bytes), not a picture" in err


def test_eighth_a_named_pipe_as_the_data_folder_is_called_a_pipe(tmp_path, capsys, monkeypatch, tiny_file):
    """`ROWREADER_DATA` naming a named pipe: "…: is a file, not a folder"; it says it is a named pipe, as a pipe
    above the folder, a UNIPEN folder and a folder to write into (`training.ship --runs`) do."""
    from rowreader.unipen import unipen_file

    os.mkfifo(tmp_path / "fifo")
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "fifo"))
    code, _, err = run(capsys, "evaluate", "--checkpoint", tiny_file, "--device", "cpu")
    assert code == 1 and f"{tmp_path / 'fifo'}: is a named pipe (FIFO), not a folder" in err
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        run(capsys, "evaluate", "--data-dir", tmp_path / "fifo" / "mnist", "--checkpoint", tiny_file)
    err = capsys.readouterr().err
    assert refused.value.code == 2 and f"{tmp_path / 'fifo'} is a named pipe (FIFO), not a folder" in err
    with pytest.raises(FileNotFoundError, match=r"fifo is a named pipe \(FIFO\), not a folder"):
        unipen_file(tmp_path / "fifo")
    with pytest.raises(OSError, match=r"fifo is a named pipe \(FIFO\), not a folder"):
        save_checkpoint(tmp_path / "fifo" / "m.safetensors", RowReader(ReaderConfig(hidden_size=4)), {})


def _refuse_reading(monkeypatch, below: Path) -> None:
    """Make every file at or under ``below`` unreadable, as ``chmod 000`` does for anyone but root (the tests may
    run as root): opening it, or looking inside it, fails with EACCES."""
    import pathlib

    def denied(path: Path) -> bool:
        return path == below or below in path.parents

    real_open, real_stat, real_os_open = pathlib.Path.open, pathlib.Path.stat, os.open

    def os_open(path, *args, **kwargs):  # how a file is opened to be read once, checked as opened
        if isinstance(path, str | os.PathLike) and denied(Path(path)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)

    def open_(self, *args, **kwargs):
        if denied(Path(self)):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def stat_(self, *args, **kwargs):
        if below in Path(self).parents:  # the folder itself can be stat'ed; what is inside it cannot
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_)
    monkeypatch.setattr(pathlib.Path, "stat", stat_)


def test_ninth_an_unreadable_checkpoint_is_not_called_missing(capsys, monkeypatch, tiny_file):
    """A checkpoint the user may not read (`chmod 000`) was "not a readable safetensors file (truncated or
    foreign?): No such file or directory" (safetensors' word for any file it cannot open); it says why."""
    _refuse_reading(monkeypatch, tiny_file)
    with pytest.raises(CheckpointError, match=r"tiny.safetensors: cannot read this checkpoint \(Permission denied\)"):
        load_checkpoint(tiny_file)
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_file, "x.png")
    assert code == 1 and "Permission denied" in err and "No such file" not in err


def test_ninth_an_unreadable_data_folder_is_one_line(capsys, monkeypatch, tmp_path, tiny_file):
    """`rowreader download` and `evaluate` with `--data-dir` a folder the user may not look inside (`chmod 000`, or
    another user's) ended in a PermissionError traceback; it is one line naming the folder."""
    folder = tmp_path / "locked"
    folder.mkdir()
    _refuse_reading(monkeypatch, folder)
    code, _, err = run(capsys, "evaluate", "--data-dir", folder, "--checkpoint", tiny_file, "--device", "cpu")
    assert code == 1 and f"{folder}: cannot look inside this folder (Permission denied)" in err
    code, _, err = run(capsys, "download", "--data-dir", folder)
    assert code == 1 and f"{folder}: cannot look inside this folder (Permission denied)" in err
    code, _, err = run(capsys, "download", "--data-dir", folder / "mnist")  # the folder that refuses is named
    assert code == 1 and f"{folder}: cannot look inside this folder (Permission denied)" in err


def test_ninth_a_failed_download_leaves_no_folders_behind(capsys, monkeypatch, tmp_path):
    """`rowreader download --data-dir ~/data/mnist` offline left `~/data/mnist/MNIST/raw`, every folder of it made
    for nothing (as root, `/nonexistent/x/MNIST/raw` too); a failed download removes the empty folders it made."""
    import torchvision.datasets

    class Offline:  # torchvision makes ROOT/MNIST/raw, then fails to fetch
        def __init__(self, root, *args, **kwargs):
            (Path(root) / "MNIST" / "raw").mkdir(parents=True, exist_ok=True)
            raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: <urlopen error [Errno -3]>")

    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    code, _, err = run(capsys, "download", "--data-dir", tmp_path / "data" / "mnist")
    assert code == 1 and "could not download MNIST" in err
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "kept").mkdir()  # a folder that was there stays, and so does anything in it
    (tmp_path / "kept" / "notes.txt").write_text("mine")
    code, _, err = run(capsys, "download", "--data-dir", tmp_path / "kept")
    assert code == 1 and sorted(p.name for p in (tmp_path / "kept").iterdir()) == ["notes.txt"]


def test_ninth_a_picture_over_twice_pillows_limit_is_refused_in_our_words(tmp_path):
    """A PNG header of 100,000² pixels was refused in Pillow's words ("exceeds limit of 178956970 pixels, could be
    decompression bomb DOS attack"), a limit the README does not name; it gets the message every picture over the
    limit gets, with the README's limit (Pillow checks its own, twice its warning's, before ours runs)."""
    path = tmp_path / "huge.png"
    path.write_bytes(png_header(100_000, 100_000))
    with pytest.raises(cli_module._Failure) as caught:
        cli_module.read_image(path)
    assert f"10,000,000,000 pixels is more than the {MAX_PIXELS:,} this program reads" in str(caught.value)
    assert "178956970" not in str(caught.value)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is Linux's")
def test_ninth_help_names_the_data_folder_the_command_uses(monkeypatch, tmp_path):
    """`rowreader download --help` said the default folder was ~/.cache/rowreader/mnist while `$XDG_CACHE_HOME` put
    it elsewhere; it names the folder the command will use."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ROWREADER_DATA", raising=False)
    parser = cli_module.build_parser()
    for command in ("download", "evaluate"):
        text = "".join(parser._subparsers._group_actions[0].choices[command].format_help().split())
        assert "".join(str(tmp_path / "cache" / "rowreader" / "mnist").split()) in text and "~/.cache" not in text


def test_ninth_help_never_cuts_a_path_in_two(monkeypatch):
    """`rowreader predict --help` in an 80-column terminal broke the shipped model's path across two lines in the
    middle of a word ("/work/wt/cli" then "9/rowreader/…"), so a path copied from it did not exist."""
    monkeypatch.setenv("COLUMNS", "80")
    predict = cli_module.build_parser()._subparsers._group_actions[0].choices["predict"]
    path = str(cli_module.pretrained_path())
    lines = [line.strip() for line in predict.format_help().splitlines()]
    assert any(path in line for line in lines), lines


def test_ninth_every_json_result_has_every_key(capsys, tmp_path, digit_png):
    """The README gives each result `"unsure"`, but a blank or too-small picture's had none (`r["unsure"]` was a
    KeyError), and a read digit's had no `"empty"` or `"too_small"`; every result has all of them now (`"unsure":
    null` where nothing was read)."""
    blank, dot = tmp_path / "blank.png", tmp_path / "dot.png"
    Image.fromarray(np.full((60, 60), 255, np.uint8)).save(blank)
    page = np.full((200, 200), 255, np.uint8)
    page[100:102, 100:102] = 0
    Image.fromarray(page).save(dot)
    code, out, _ = run(capsys, "predict", "--json", digit_png, blank, dot)
    results = json.loads(out)
    keys = {"file", "rows", "prediction", "probability", "unsure", "empty", "too_small", "ink", "ink_from"}
    assert code == 0 and [set(r) for r in results] == [keys] * 3
    assert [(r["empty"], r["too_small"], r["unsure"]) for r in results] == [
        (False, False, results[0]["probability"] < 0.6),
        (True, False, None),
        (False, True, None),
    ]


def test_ninth_a_picture_named_with_a_leading_dash_gets_a_hint(capsys, tmp_path, monkeypatch, digit_png):
    """`rowreader predict -seven.png` said "the following arguments are required: IMAGE", and `predict a.png
    -seven.png` "unrecognized arguments", though the file was there: argparse took it for an option. The error
    says how to name it."""
    monkeypatch.chdir(tmp_path)
    Path("-seven.png").write_bytes(digit_png.read_bytes())
    for argv in (["predict", "-seven.png"], ["predict", str(digit_png), "-seven.png"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and "-seven.png is a file: name it ./-seven.png (or put -- before it)" in err
    code, out, _ = run(capsys, "predict", "./-seven.png")  # as the hint says
    assert code == 0 and "prediction: " in out
    Path("-scans").mkdir()  # a folder is called a folder
    with pytest.raises(SystemExit):
        main(["predict", "-scans"])
    assert "-scans is a folder: name it ./-scans" in capsys.readouterr().err


@POSIX
def test_ninth_with_stderr_closed_errors_stay_out_of_the_json(tmp_path, digit_png):
    """`rowreader predict --json *.png 2>&-` (a cron job, a service with no stderr) printed its error lines, and
    argparse its usage, on stdout (Python's `print(file=None)`), so the JSON document could not be parsed; with
    nowhere to say it, the exit status alone tells of the error."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "rowreader", "predict", "--json"]
    for extra in ([str(tmp_path / "missing.png"), str(digit_png)], ["--no-such-flag", str(digit_png)]):
        done = subprocess.run(
            [*command, *extra],
            capture_output=False,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=lambda: os.close(2),
        )
        assert done.returncode in (1, 2) and "rowreader" not in done.stdout.split("[", 1)[0], done.stdout
        if done.returncode == 1:
            assert [r["file"] for r in json.loads(done.stdout)] == [str(digit_png)]
        else:
            assert done.stdout == ""


def test_ninth_a_pattern_no_shell_expanded_is_named_as_one(capsys, tmp_path, monkeypatch, digit_png):
    """`rowreader predict 'scans/*.png'` (quoted, or a pattern that matched nothing, which bash passes on as it is)
    said only "scans/*.png: no such file"; it says the name is a pattern no shell expanded, and what it matches."""
    monkeypatch.chdir(tmp_path)
    Path("scans").mkdir()
    code, _, err = run(capsys, "predict", "scans/*.png")
    assert code == 1 and "scans/*.png: no such file; it is a pattern that matches no file" in err
    Path("scans", "a.png").write_bytes(digit_png.read_bytes())
    code, _, err = run(capsys, "predict", "scans/*.png")
    assert code == 1 and "it is a pattern no shell expanded (was it quoted?); it matches 1 file" in err
    with pytest.raises(FileNotFoundError, match=r"it is a pattern that matches no file"):
        load_checkpoint("runs/*.safetensors")


def test_ninth_ink_on_dim_paper_is_found(mnist_test):
    """A photo of a digit on paper in dim light (paper 100/255, ink 20/255) was "no ink found: the image is empty"
    (`--ink auto` took a border under mid-grey for a dark background, and looked for lighter strokes), while
    `--ink dark` read it; so was light chalk on a light-grey board. When the first guess finds nothing standing
    out, the other side is tried."""
    digit = mnist_test[0][0].astype(np.float32) / 255  # 1 = ink
    page = np.kron(digit, np.ones((8, 8), np.float32))
    for paper, ink, side in [(100, 20, "dark"), (200, 250, "light")]:
        photo = (paper + (ink - paper) * page).astype(np.uint8)
        found = to_mnist(photo)
        assert found is not None, (paper, ink)
        np.testing.assert_array_equal(found, to_mnist(photo, ink=side))
    blank = np.full((64, 64), 100, np.uint8)  # a page of one shade is still blank
    assert to_mnist(blank) is None


def test_ninth_evaluate_and_download_print_names_escaped(capsys, monkeypatch, tmp_path, tiny_file):
    """`rowreader evaluate --checkpoint 'm<ESC>[7m….safetensors'` and `download --data-dir 'mn<ESC>[7m'` printed the
    names raw, so the terminal obeyed the escape (and a newline split the line), where `predict` escapes them."""
    digits = (np.zeros((3, 28, 28), np.uint8), np.zeros(3, np.uint8))
    monkeypatch.setattr(cli_module, "load_mnist", lambda *args, **kwargs: digits)
    odd = tmp_path / "m\x1b[7mX\nY.safetensors"
    odd.write_bytes(tiny_file.read_bytes())
    folder = tmp_path / "mn\x1b[7m"
    write_tiny_mnist(folder)  # its files there: evaluate looks for them before torch (the sixtieth round's review45)
    code, out, _ = run(capsys, "evaluate", "--checkpoint", odd, "--data-dir", folder, "--device", "cpu")
    assert code == 0 and "\x1b" not in out and "m\\x1b[7mX\\nY.safetensors" in out and "mn\\x1b[7m" in out
    code, out, _ = run(capsys, "download", "--data-dir", folder)
    assert code == 0 and "\x1b" not in out and "mn\\x1b[7m" in out


def test_ninth_a_data_folder_name_too_long_is_one_line(capsys, tmp_path, tiny_file):
    """`rowreader download --data-dir` (or `evaluate`) with a name longer than the file system takes (255 bytes)
    ended in an OSError traceback, "[Errno 36] File name too long"; it is one line, under the usage since the
    fifty-ninth round (status 2: the command line is refused, as it is read)."""
    folder = tmp_path / ("x" * 300)
    too_long = "its name is 300 bytes long, and this file system takes names of 255 bytes at most"
    for words in (["download"], ["evaluate", "--checkpoint", str(tiny_file), "--device", "cpu"]):
        with pytest.raises(SystemExit) as ended:
            main([*words, "--data-dir", str(folder)])
        assert ended.value.code == 2 and too_long in capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("batch", [None, 2])
def test_ninth_a_copied_or_pickled_stream_reads_on_alone(batch):
    """A stream branched with copy.deepcopy read on with beliefs 0.97 off (its views were copies of their own, cut
    off from its state), copy.copy wrote into the original's history, and pickle failed on the cell's kernel."""
    import copy
    import pickle

    from rowreader import load_pretrained

    checkpoint = load_pretrained()
    images = np.random.default_rng(0).random((2, 28, 28), dtype=np.float32)
    image = images if batch else images[0]
    whole = checkpoint.stream(batch=batch)
    whole.feed_image(image)
    stream = checkpoint.stream(batch=batch)
    for row in range(5):
        stream.feed(image[..., row, :])
    branches = [copy.deepcopy(stream), copy.copy(stream), stream.copy(), pickle.loads(pickle.dumps(stream))]
    stream.feed(np.zeros_like(image[..., 5, :]))  # the original goes its own way
    for branch in branches:
        assert branch.rows_read == 5
        for row in range(5, 28):
            branch.feed(image[..., row, :])
        np.testing.assert_allclose(branch.probabilities, whole.probabilities, atol=1e-6)
    assert stream.rows_read == 6 and np.array_equal(stream.probabilities[:5], whole.probabilities[:5])


@pytest.mark.parametrize("failing_on", ["image", "model"])
def test_ninth_an_observer_that_raises_leaves_the_session_whole(mnist_test, failing_on):
    """A callback that raised on "image" (a bug in a user's print) left the session holding the new digit with the
    old digit's beliefs: a 2, labelled 2, read as the 7 before it. Each event is told once the state is whole."""
    from rowreader import load_pretrained
    from rowreader.session import DigitSession

    images, labels = mnist_test
    checkpoint = load_pretrained()
    session = DigitSession(checkpoint)
    session.set_image(images[0] / 255, label=int(labels[0]))

    def observer(event):
        if event == failing_on:
            raise RuntimeError("a bug in the user's observer")

    session.subscribe(observer)
    with pytest.raises(RuntimeError, match="user's observer"):
        if failing_on == "image":
            session.set_image(images[1] / 255, label=int(labels[1]))
        else:
            session.set_checkpoint(load_checkpoint(REPO / "rowreader" / "pretrained" / "seed.safetensors"))
    reading = session.checkpoint.stream()
    reading.feed_image(session.image)
    np.testing.assert_array_equal(session.probabilities, reading.probabilities)


@pytest.mark.parametrize("delta", [2.7, float("nan"), "1", True])
def test_ninth_a_step_that_is_not_a_whole_number_is_refused_in_words(delta):
    """`session.step(2.7)` moved 2 rows without a word, `step(nan)` failed in NumPy's words and `step("1")` in
    Python's; the player's `step(2.5)` had already paused the scan when the seek refused 7.5 rows."""
    from rowreader import load_pretrained
    from rowreader.player import Mode
    from rowreader.session import DigitSession

    session = DigitSession(load_pretrained())
    session.set_image(np.eye(28, dtype=np.float32))
    session.seek(5)
    with pytest.raises(TypeError, match="step takes a whole number of rows"):
        session.step(delta)
    with pytest.raises(TypeError, match="step takes a whole number of rows"):
        session.player.step(delta)
    assert session.position == 5 and session.player.mode is Mode.LIVE
    assert session.step(np.int64(2)) == 7 and session.player.step(np.int8(-100)) and session.position == 0


@pytest.mark.parametrize("mode", ["P", "LA"])
def test_ninth_the_readmes_picture_reading_reads_palette_and_grey_alpha_pngs(tmp_path, mnist_test, mode):
    """The README's `to_mnist(np.asarray(Image.open("seven.png")))` read an indexed PNG (pngquant's, many editors')
    by its palette indices, a blank page (None), and refused a grey PNG with transparency ("LA", shape [H, W, 2]).
    The README reads the file with `rowreader.picture.read_picture`; `to_mnist` takes grey + alpha arrays and PIL
    images, a palette one by its colours."""
    from rowreader import load_pretrained

    images, labels = mnist_test
    seven = 255 - np.kron(images[0], np.ones((5, 5), np.uint8))  # dark on white, 140 × 140
    assert labels[0] == 7
    picture = Image.new("P", (140, 140))
    picture.putdata((seven < 128).astype(np.uint8).ravel().tolist())
    picture.putpalette([255, 255, 255, 0, 0, 0])  # index 0 the page, 1 the ink: as grey, a page with no contrast
    if mode != "P":
        picture = Image.fromarray(seven).convert(mode)
    picture.save(tmp_path / "seven.png")
    stream = load_pretrained().stream()
    for image in (read_picture(tmp_path / "seven.png"), Image.open(tmp_path / "seven.png")):
        digit = to_mnist(image)
        assert digit is not None and stream.feed_image(digit)[-1].top == 7
    if mode != "P":  # NumPy's own array of the file: grey + alpha
        assert stream.feed_image(to_mnist(np.asarray(Image.open(tmp_path / "seven.png"))))[-1].top == 7


def test_ninth_a_checkpoint_and_a_prediction_print_short_and_compare(tiny_reader):
    """In a notebook, the shipped checkpoint printed 8,500 characters of weights and one row's prediction 10,000
    of hidden and cell state; `checkpoint == other` raised "The truth value of an array … is ambiguous"."""
    from rowreader import Checkpoint, load_pretrained

    checkpoint = load_pretrained()
    assert len(repr(checkpoint)) < 400 and "401,546 parameters" in repr(checkpoint) and "0.9941" in repr(checkpoint)
    prediction = checkpoint.stream().feed(np.zeros(28))
    assert len(repr(prediction)) < 400 and repr(prediction).startswith("RowPrediction(row=0, probs=")
    batch = checkpoint.stream(batch=64).feed(np.zeros((64, 28)))
    assert "hidden" not in repr(batch) and "cell" not in repr(batch)
    assert checkpoint == load_pretrained() and checkpoint != Checkpoint.from_reader(tiny_reader)
    assert checkpoint != "rowreader.safetensors" and checkpoint in [Checkpoint.from_reader(tiny_reader), checkpoint]
    changed = load_pretrained()
    changed.weights["output.bias"] = changed.weights["output.bias"] + 1
    assert checkpoint != changed


def test_ninth_a_checkpoint_saved_as_it_is_keeps_what_was_recorded(tmp_path, tiny_reader):
    """`save_checkpoint(path, load_pretrained())` wrote a copy without its accuracy, recipe and sources (the app's
    status bar then had no accuracy to show), and a `Checkpoint.from_reader(reader, metadata)` lost its metadata."""
    from rowreader import Checkpoint, load_pretrained

    shipped = load_pretrained()
    save_checkpoint(tmp_path / "copy.safetensors", shipped)
    copy = load_checkpoint(tmp_path / "copy.safetensors")
    assert copy.metadata == shipped.metadata and copy.accuracy == 0.9941
    save_checkpoint(tmp_path / "mine.safetensors", Checkpoint.from_reader(tiny_reader, {"test_accuracy": 0.5}))
    assert load_checkpoint(tmp_path / "mine.safetensors").accuracy == 0.5
    save_checkpoint(tmp_path / "new.safetensors", shipped, {"test_accuracy": 0.25})  # given: that is what is written
    assert load_checkpoint(tmp_path / "new.safetensors").metadata.keys() == {
        "date",
        "library_version",
        "preprocess_version",
        "test_accuracy",
    }


@pytest.mark.parametrize("model", ["m.safetensors", None, "state_dict", 0])
def test_ninth_what_is_not_a_model_is_named_for_what_it_is(tmp_path, tiny_reader, model):
    """`save_checkpoint(path, reader.state_dict())`, a path or None failed as "'str' object has no attribute
    'numpy_weights'" (from_reader too), `DigitSession("m.safetensors")` as "… no attribute 'stream'", and
    `load_checkpoint(path, device=0)` as "'int' object has no attribute 'type'"."""
    from rowreader import Checkpoint
    from rowreader.session import DigitSession

    if model == "state_dict":
        model = tiny_reader.state_dict()
    with pytest.raises(TypeError, match="expected a RowReader or a Checkpoint to save, got"):
        save_checkpoint(tmp_path / "m.safetensors", model)
    with pytest.raises(TypeError, match="expected a RowReader, got"):
        Checkpoint.from_reader(model)
    if model is not None:  # DigitSession(None) is a session without a model yet
        with pytest.raises(TypeError, match="expected a Checkpoint, got"):
            DigitSession(model)
    assert not (tmp_path / "m.safetensors").exists()
    save_checkpoint(tmp_path / "m.safetensors", tiny_reader)
    with pytest.raises(TypeError, match=r"device must be auto, cpu, cuda, cuda:N or a torch\.device, got 0"):
        load_checkpoint(tmp_path / "m.safetensors", device=0)


SEVEN_STROKE = np.array([[0.0, 0.0], [10.0, 0.0], [3.0, 15.0]])


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda pen: pen.render_strokes(SEVEN_STROKE), ValueError, r"got one \(3, 2\) array: pass \[stroke\]"),
        (lambda pen: pen.render_strokes([np.zeros((0, 2))]), ValueError, r"non-empty \[n, 2\] array"),
        (lambda pen: pen.render_strokes([[["0", "0"], ["1", "1"]]]), TypeError, "not real numbers"),
        (lambda pen: pen.render_strokes([SEVEN_STROKE.astype(complex)]), TypeError, "not real numbers"),
        (lambda pen: pen.render_strokes([SEVEN_STROKE], pen="10"), TypeError, "pen width must be a number"),
        (lambda pen: pen.render_strokes([SEVEN_STROKE], centre=0.5), ValueError, r"centre must be a pair \(x, y\)"),
        (lambda pen: pen.draw_strokes([SEVEN_STROKE], 5, size=(0, 0)), ValueError, "size must be at least 1×1"),
        (lambda pen: pen.draw_strokes([SEVEN_STROKE], 5, size=(6000, 6000)), ValueError, "at most 134,217,728"),
        (lambda pen: pen.draw_ink_window([], 5), ValueError, "needs at least one stroke"),
        (lambda pen: pen.draw_ink_window([SEVEN_STROKE * 1e7], 5), ValueError, "at most 134,217,728"),
    ],
)
def test_ninth_the_pen_renderer_says_what_is_wrong_with_its_strokes(call, error, words):
    """The pen renderer took hostile strokes in NumPy's or Pillow's words ("The truth value of an array … is
    ambiguous" for one stroke passed bare, "zero-size array to reduction operation" for an empty one), drew text
    and complex coordinates, and allocated whatever size it was given: `draw_strokes(…, size=(10**6, 10**6))` or a
    window round strokes far apart had the process killed for memory."""
    from rowreader import pen

    with pytest.raises(error, match=words):
        call(pen)


def test_ninth_a_drawing_kept_with_bad_strokes_leaves_nothing_behind(tmp_path):
    """`ExampleStore.add` wrote the picture, then failed on its strokes: NumPy numbers in a PenStroke ("Object of
    type float32 is not JSON serializable") left a picture without strokes behind an error, and a NaN width was
    written, to be refused as a problem at every later reading. Strokes are checked (NumPy numbers made plain)
    before the first file is written."""
    from rowreader.example_folder import PenStroke
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    page = np.full((280, 280), 255, np.uint8)
    page[40:240, 130:150] = 0
    for strokes, error in [
        ((PenStroke(((1.0, 2.0), (3.0, 4.0)), float("nan")),), ValueError),
        ((((1.0, 2.0), (3.0, 4.0)),), TypeError),  # points without a PenStroke round them
    ]:
        with pytest.raises(error, match="stroke 0"):
            store.add(1, page, strokes)
    assert not (tmp_path / "examples").exists() or not any((tmp_path / "examples").rglob("*.*"))
    kept = store.add(1, page, (PenStroke(tuple(map(tuple, np.array([[1, 2], [3, 4]], np.float32))), np.float32(5)),))
    assert kept.strokes == (PenStroke(((1.0, 2.0), (3.0, 4.0)), 5.0),)
    found = store.load()
    assert len(found) == 1 and found.problems == []


def test_ninth_the_loaders_refuse_a_split_or_folder_they_cannot_mean(tmp_path, monkeypatch):
    """`load_mnist(train="test")` failed as "KeyError: 'test'", and `load_mnist("")` (an unset variable) looked in,
    or with download=True downloaded into, whatever folder the script was started in; `load_unipen("")` too."""
    from rowreader import load_mnist
    from rowreader.unipen import load_unipen

    monkeypatch.chdir(tmp_path)
    for train in ("test", None):
        with pytest.raises(TypeError, match=r"train must be True .* or False"):
            load_mnist(train=train)
    for load in (load_mnist, load_unipen):
        with pytest.raises(ValueError, match="root is an empty name"):
            load("")
    assert list(tmp_path.iterdir()) == []


def test_ninth_the_accuracy_curve_takes_a_checkpoint_as_it_comes(mnist_test):
    """`evaluate_curve(load_pretrained(), images, labels)` failed as "'Checkpoint' object has no attribute
    'device'", a path as "'str' object …", and a batch size of `np.int64(500)` was "not a positive integer"."""
    from rowreader import load_pretrained
    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test
    checkpoint = load_pretrained()
    curve = evaluate_curve(checkpoint, images[:200], labels[:200], batch_size=np.int64(64))
    np.testing.assert_array_equal(curve, evaluate_curve(checkpoint.reader, images[:200], labels[:200]))
    with pytest.raises(TypeError, match="reader must be a RowReader, a Checkpoint or a torch module, got str"):
        evaluate_curve("rowreader.safetensors", images[:10], labels[:10])


def test_ninth_the_scan_speed_takes_a_numpy_whole_number():
    """`player.speed = np.int64(12)` (a speed from a NumPy array of settings) was "not a whole number", where a
    stream's batch, a rewind, a seek and a step all take NumPy's whole numbers."""
    from rowreader import load_pretrained
    from rowreader.session import DigitSession

    player = DigitSession(load_pretrained()).player
    player.speed = np.int64(12)
    assert player.speed == 12 and type(player.speed) is int and player.interval_ms == 83


def test_ninth_a_notebook_can_list_what_the_package_offers():
    """`dir(rowreader)` listed `Any`, `importlib` and the like but none of the library (its names are imported
    when first asked for), so tab completion in a notebook and `help(rowreader)` offered nothing."""
    import rowreader

    listed = dir(rowreader)
    assert set(rowreader.__all__) <= set(listed)
    assert {"session", "pen", "unipen", "examples", "picture"} <= set(listed)


def test_ninth_examples_and_pen_digits_print_in_a_line_and_compare(tmp_path, unipen):
    """In a notebook, `store.load()` of 9 examples printed 31,000 characters (every 28×28 image in full) and one
    UNIPEN digit up to 12,700 (its strokes); `example in examples` raised "The truth value of an array … is
    ambiguous", and an example could not be put in a set."""
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    page = np.full((280, 280), 255, np.uint8)
    page[40:240, 130:150] = 0
    for label in (1, 1, 7):
        store.add(label, page)
    found, again = store.load(), store.load()
    assert repr(found) == "ExampleSet(3 examples {1: 2, 7: 1}, 0 problems)"
    # its picture's and sidecar's names and a few fields, not its pixels (names grow with the test's folder)
    assert all(len(repr(example)) < 200 + 2 * len(str(example.path)) for example in found.examples)
    assert found.examples[0] in again.examples and len({*found.examples, *again.examples}) == 3
    assert max(len(repr(digit)) for digit in unipen) < 300


@pytest.mark.parametrize(
    ("channels", "told"),
    [
        (1, r"torchvision's channel first\? to_mnist reads one picture: image\[0\]$"),
        (3, r"channels first\? put them last"),
    ],
)
def test_ninth_a_channels_first_picture_is_pointed_out(channels, told):
    """torchvision's `ToTensor()` gives an MNIST digit as [1, 28, 28]; `to_mnist` refused it as a wrong shape
    without saying that only the channels' place was wrong. (A grey one is told its index since the fortieth round,
    as the stream tells it: it may as well be a batch of one.)"""
    image = np.zeros((channels, 28, 28), np.float32)
    with pytest.raises(ValueError, match=told):
        to_mnist(image)
    assert to_mnist(image.transpose(1, 2, 0)) is None  # blank, and read


def test_ninth_saving_into_a_missing_folder_names_the_folder(tmp_path, monkeypatch, tiny_reader):
    """`save_checkpoint("runs/m.safetensors", …)` without a runs folder said "[Errno 2] No such file or directory:
    'runs/m.safetensors'", of a file nobody expected there, and `"~/m.safetensors"` the same, where loading it says
    why `~` is not the home folder. Both name the missing folder, the second with the `~` hint."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"cannot write runs/m\.safetensors: there is no folder runs; make it"):
        save_checkpoint("runs/m.safetensors", tiny_reader)
    with pytest.raises(FileNotFoundError, match="there is no folder ~; it begins with ~"):
        save_checkpoint("~/m.safetensors", tiny_reader)
    assert list(tmp_path.iterdir()) == []


def test_ninth_resolve_device_takes_a_torch_device_and_words_the_rest():
    """`rowreader.resolve_device(torch.device("cpu"))` failed as "'torch.device' object has no attribute 'strip'",
    and `resolve_device(None)` as "'NoneType' object …"."""
    from rowreader import resolve_device

    assert resolve_device(torch.device("cpu")) == torch.device("cpu")
    with pytest.raises(TypeError, match=r"device must be auto \| cpu \| cuda \| cuda:N or a torch\.device, got None"):
        resolve_device(None)


def test_ninth_the_torch_reader_refuses_mnists_bytes_and_takes_float64(mnist_test):
    """`reader(torch.from_numpy(images))` with load_mnist's uint8 digits read 0…255 as pixels: 13.6 % right
    without a word (the stream and evaluate_curve refuse or divide). NumPy's float64 failed as "mat1 and mat2 must
    have the same dtype"."""
    from rowreader import load_pretrained

    images, labels = mnist_test
    reader = load_pretrained().reader
    batch = torch.from_numpy(images[:50].copy())
    with pytest.raises(TypeError, match=r"divide 0…255 pixels .* by 255 first"):
        reader(batch)
    with torch.no_grad():
        single, double = reader(batch.float() / 255), reader(batch.double() / 255)
    assert double.dtype == torch.float32 and torch.allclose(single, double, atol=1e-5)
    assert (single[:, -1].argmax(-1).numpy() == labels[:50]).mean() > 0.95


def test_ninth_a_config_takes_numpy_numbers_and_keeps_pythons(tmp_path):
    """A sweep over `np.arange` gave `ReaderConfig(hidden_size=np.int64(8))`, refused as "must be an integer", and
    `pixel_std=np.float32(0.3)` as "must be a finite number". Both are taken, kept as Python numbers (JSON holds
    them), and a model of that config saves and loads."""
    config = ReaderConfig(input_size=np.int32(8), hidden_size=np.int64(8), pixel_std=np.float32(0.5))
    assert config == ReaderConfig(input_size=8, hidden_size=8, pixel_std=0.5)
    assert type(config.hidden_size) is int and type(config.pixel_std) is float
    save_checkpoint(tmp_path / "m.safetensors", RowReader(config))
    assert load_checkpoint(tmp_path / "m.safetensors").config == config
    for wrong in ({"hidden_size": np.float64(8)}, {"layers": np.bool_(True)}):
        with pytest.raises(ValueError, match="must be a whole number"):
            ReaderConfig(**wrong)


def test_ninth_a_checkpoint_made_in_memory_checks_its_metadata(tiny_reader, tmp_path):
    """`Checkpoint.from_reader(reader, {"test_accuracy": np.float64(2)})` kept an accuracy of 2 (the app showed
    200 %), refused only once saved; a list of pairs as metadata failed as "'list' object is not a mapping"."""
    from rowreader import Checkpoint

    with pytest.raises(ValueError, match="'test_accuracy' must be a number in"):
        Checkpoint.from_reader(tiny_reader, {"test_accuracy": np.float64(2)})
    made = Checkpoint.from_reader(tiny_reader, {"test_accuracy": np.float32(0.5), "epochs_trained": np.int64(3)})
    assert made.metadata == {"test_accuracy": 0.5, "epochs_trained": 3} and type(made.metadata["epochs_trained"]) is int
    for call in (
        lambda: Checkpoint.from_reader(tiny_reader, [("test_accuracy", 0.5)]),
        lambda: save_checkpoint(tmp_path / "m.safetensors", tiny_reader, [("test_accuracy", 0.5)]),
    ):
        with pytest.raises(TypeError, match="metadata must be a dict of JSON values, got list"):
            call()


# ---- the ninth round, teaching (1 Dec 2026): the examples folder through the library ---------------------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_ninth_a_link_loop_as_a_folder_of_examples_is_called_a_loop(tmp_path):
    """A folder that is a loop of links (`a -> b`, `b -> a`) given to Import or Export raised RuntimeError("Symlink
    loop from …"), which no caller expects of the examples library (the app said it, then "Any examples copied
    before this are kept"); read as examples it was "no such folder", though `ls` lists it. Each is an
    ExamplesError that names the loop, before any copy."""
    from rowreader.example_folder import ExamplesError, load_examples
    from rowreader.example_store import ExampleStore

    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    store = ExampleStore(tmp_path / "examples")
    for attempt in (
        lambda: store.import_folder(tmp_path / "a"),
        lambda: store.export_folder(tmp_path / "a"),
        lambda: store.export_folder(tmp_path / "a" / "inside"),
        lambda: load_examples(tmp_path / "a"),
    ):
        with pytest.raises(ExamplesError, match="loop"):
            attempt()
    assert not (tmp_path / "examples").exists()


def test_ninth_a_picture_gone_while_it_is_imported_is_skipped_not_the_whole_import(tmp_path, monkeypatch):
    """A picture deleted (a sync, a clean-up) after Import read the folder and before it was copied ended the whole
    import with "[Errno 2] No such file or directory", the examples after it not copied. It is skipped with the
    reason, as a damaged file is, and so is one of yours gone while it is exported."""
    import rowreader.example_store as examples_module
    from rowreader.example_store import ExampleStore, png_bytes

    source = tmp_path / "scans"
    (source / "1").mkdir(parents=True)
    one = 255 - np.pad(np.full((20, 4), 255, np.uint8), 4)
    for name in ("a.png", "b.png", "c.png"):
        (source / "1" / name).write_bytes(png_bytes(one))
    read_folder = examples_module.load_examples
    doomed = [lambda: source / "1" / "b.png", lambda: min((tmp_path / "examples" / "1").glob("*.png"))]

    def then_one_goes(root, *args, **kwargs):  # the folder is read, then a picture in it is deleted
        found = read_folder(root, *args, **kwargs)
        doomed.pop(0)().unlink()
        return found

    monkeypatch.setattr(examples_module, "load_examples", then_one_goes)
    store = ExampleStore(tmp_path / "examples")
    added, problems, *_ = store.import_folder(source)
    assert len(added) == 2 and len(problems) == 1 and "b.png" in problems[0]
    written, skipped, _ = store.export_folder(tmp_path / "backup")  # one of the two gone after the reading
    assert written == 1 and len(skipped) == 1


def test_ninth_a_write_that_fills_the_disk_leaves_no_temporary(tmp_path, monkeypatch):
    """Keeping an example on a full disk said "[Errno 28] No space left on device … nothing was written", and left
    `.NAME.png.<hex>.tmp` in the digit's folder: the failed write's clean-up closed the file first, the close
    flushed the same bytes again and failed the same way, and the temporary was never removed."""
    import errno

    import rowreader.atomic as atomic
    from rowreader.atomic import atomic_write_bytes

    class FullDisk(io.FileIO):
        """A file on a full disk, as Python's buffered file is there: writing fails, and so does closing (the close
        flushes what is buffered), though the file is closed all the same."""

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            super().close()
            raise OSError(errno.ENOSPC, "No space left on device")

    (tmp_path / "7").mkdir()
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(fd, "wb"))
    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(tmp_path / "7" / "kept.png", b"png")
    assert list((tmp_path / "7").iterdir()) == []


def test_ninth_a_kept_example_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """The disk filling between a kept example's picture and its sidecar: the app said "Could not keep the example
    … nothing was written", and the picture stayed (without its strokes), to appear in the dock at the next
    reading. The picture and its sidecar go in together or not at all (``atomic_write_files``), when kept,
    imported, exported or brought back by undo."""
    import errno

    import rowreader.atomic as atomic
    from rowreader.example_store import ExampleStore

    real = atomic._write_temporary

    def no_room_for_sidecars(path, data):
        if path.suffix == ".json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(atomic, "_write_temporary", no_room_for_sidecars)
    store = ExampleStore(tmp_path / "examples")
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[40:240, 130:150] = 0
    with pytest.raises(OSError, match="No space left"):
        store.add(1, drawing)
    assert list((tmp_path / "examples" / "1").iterdir()) == []


def test_ninth_a_class_folder_chosen_for_its_parent_is_named_so(tmp_path):
    """Import… of `scans/7` (one level too deep, an easy slip in a folder dialog) said "scans/7/a.png: a picture
    outside any class folder has no label; move it into scans/7/<digit>/", advice that would bury the 7s one
    level deeper. It says the folder looks like a class folder and names the one to choose."""
    from rowreader.example_folder import ExamplesError
    from rowreader.example_store import ExampleStore, png_bytes

    (tmp_path / "scans" / "7").mkdir(parents=True)
    (tmp_path / "scans" / "7" / "a.png").write_bytes(png_bytes(255 - np.pad(np.full((20, 4), 255, np.uint8), 4)))
    with pytest.raises(ExamplesError) as refused:
        ExampleStore(tmp_path / "examples").import_folder(tmp_path / "scans" / "7")
    assert f"choose {tmp_path / 'scans'}" in str(refused.value)
    assert "<digit>" not in str(refused.value)


def test_ninth_an_abbreviated_flag_is_refused_not_taken_for_another(capsys, digit_png):
    """`rowreader predict --check x.png` was taken as `--checkpoint x.png` (argparse's prefix matching) and failed
    as "not a checkpoint", the picture read as a model. A flag is taken only when it is written whole."""
    with pytest.raises(SystemExit) as refused:
        main(["predict", "--check", str(digit_png)])
    assert refused.value.code == 2
    assert "unrecognized arguments: --check" in capsys.readouterr().err


def _commands_with_a_parser() -> list[str]:
    """Every command of ours: a module with a ``main`` that builds or calls an argument parser (training.fit's is
    in training.arguments), as ``package.module`` (``bench/x.py`` for a script)."""
    found = []
    for folder in ("rowreader", "training", "gui", "bench"):
        for path in sorted((REPO / folder).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            if "def main(" in text and any(s in text for s in ("ArgumentParser(", "Parser(", "parse_args(")):
                found.append(f"bench/{path.name}" if folder == "bench" else f"{folder}.{path.stem}")
    return found


COMMAND_LINES = [
    *([c] for c in _commands_with_a_parser()),
    *(["rowreader.cli", sub] for sub in ("predict", "evaluate", "download")),
]


@pytest.mark.parametrize("command", COMMAND_LINES, ids=" ".join)
def test_ninth_no_command_line_takes_an_abbreviated_flag(command, bench_module, capsys):
    """Each command line (the CLI and its commands, training's, the app's, the benchmarks) took `--hel` for
    `--help`, and any unique prefix for its flag; every one refuses a flag that is not written whole (exit 2)."""
    import importlib

    name, *words = command
    module = bench_module(name[len("bench/") : -3]) if name.startswith("bench/") else importlib.import_module(name)
    with pytest.raises(SystemExit) as refused:
        module.main([*words, "--hel"])
    assert (refused.value.code, capsys.readouterr().out) == (2, "")  # refused (a required argument may be named first)


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "command",
    [
        ["-m", "rowreader", "--help"],
        ["-m", "rowreader", "--version"],
        ["-m", "rowreader", "predict", "--help"],
        ["-m", "training.ship", "--help"],
        ["bench/bench_fidelity.py", "--help"],
        ["bench/bench_startup.py", "--help"],
        ["bench/bench_finetune.py", "--help"],
    ],
    ids=" ".join,
)
def test_ninth_help_to_a_full_disk_says_it_was_not_written(command):
    """`rowreader --help > /dev/full` said nothing and exited 0 (argparse drops its write error); help and the
    version end as the commands' other output does on a full disk: one line, exit status 1."""
    with open("/dev/full", "w") as full:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        result = subprocess.run(
            [sys.executable, *command], stdout=full, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=120
        )
    assert result.returncode == 1
    assert "cannot write the output: No space left on device" in result.stderr and "Traceback" not in result.stderr


@POSIX
def test_ninth_a_benchmark_stopped_by_ctrl_c_says_so_in_one_line():
    """Ctrl-C ended a benchmark with a page of traceback (Python's own exit, killed by SIGINT); it is one line and
    exit status 130, as `rowreader` and `training.fit` end, while it starts and while it measures."""
    import select
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "bench/bench_fidelity.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal (see conftest)
    )
    seen, deadline = b"", time.monotonic() + 120
    while b"digit/s" not in seen and time.monotonic() < deadline and proc.poll() is None:  # tqdm: it measures
        if select.select([proc.stderr], [], [], 1)[0]:
            seen += os.read(proc.stderr.fileno(), 4096)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    err = (seen + err).decode(errors="replace")
    assert proc.returncode == 130 and "bench_fidelity.py: interrupted" in err and "Traceback" not in err, err[-500:]


def test_ninth_a_benchmark_escapes_the_checkpoint_name_it_prints(bench_module, tmp_path, tiny_reader, capsys):
    """The benchmarks printed a checkpoint's name raw, so an escape sequence in it reached the terminal, which
    obeyed it (a new window title, a cleared screen); it is escaped, as `rowreader predict` escapes file names."""
    path = tmp_path / "m\x1b]0;owned\x07.safetensors"
    save_checkpoint(path, tiny_reader, {"test_accuracy": 0.5})
    bench_module("bench_fidelity").main(["--checkpoint", str(path), "--limit", "3"])
    out = capsys.readouterr().out
    assert "model: " in out and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "a PNG"), ("JPEG", "a JPEG"), ("GIF", "a GIF"), ("BMP", "a BMP")])
def test_ninth_a_picture_opened_as_a_model_is_called_a_picture(tmp_path, fmt, kind):
    """A drawing saved with Ctrl+S and chosen in Open model… was "not a readable safetensors file (truncated or
    foreign?): Error while deserializing header: header too large": it is named as the picture it is."""
    path = tmp_path / f"digit.{fmt.lower()}"
    Image.new("L", (28, 28)).save(path, fmt)
    with pytest.raises(CheckpointError, match=f"digit.{fmt.lower()}: {kind} picture, not a model checkpoint"):
        load_checkpoint(path)
    path.write_bytes(b"\x00" * 64)  # a file that is neither says what it said before
    with pytest.raises(CheckpointError, match="not a readable safetensors file"):
        load_checkpoint(path)


def test_round10_download_offline_says_where_the_four_files_go(capsys, monkeypatch, tmp_path):
    """The README's quick start offers `rowreader download` as the shell's way to get MNIST. Offline it said only
    torchvision's reasons; the app's dialog says which four files to copy where, or to set $ROWREADER_DATA, and
    the command now says the same."""
    import rowreader.data

    def offline(root):
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz:\nTried https://x/, got:\n<urlopen error>")

    monkeypatch.setattr(rowreader.data, "download_mnist", offline)
    code, out, err = run(capsys, "download", "--data-dir", tmp_path / "mnist")
    assert code == 1 and not out and len(err.splitlines()) == 1
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"):
        assert f"{name}.gz" in err
    assert f"into {tmp_path / 'mnist'}" in err and "$ROWREADER_DATA" in err


def test_round10_missing_mnist_names_the_folder_to_download_into(capsys, monkeypatch, tmp_path):
    """`python -m training.fit --data-dir ~/mnist` (or `rowreader evaluate --data-dir …`) without the files told a
    newcomer to run `rowreader download`, which fills the per-user cache, not ~/mnist: the same error came back. The
    advice names the folder when it is not the default one."""
    monkeypatch.delenv("ROWREADER_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    elsewhere = tmp_path / "my mnist"
    elsewhere.mkdir()
    with pytest.raises(FileNotFoundError) as there:
        mnist_files(elsewhere, train=False)
    assert f"`rowreader download --data-dir '{elsewhere}'`" in str(there.value)
    with pytest.raises(FileNotFoundError) as default:
        mnist_files(default_data_dir(), train=False)
    assert "`rowreader download` " in str(default.value)


@pytest.mark.parametrize(
    "stroke", [[[0, 0], [1, 2, 3]], [["0", "0"]], [[0, None]], [], [[0, 1, 2]], [[0, 0], [np.nan, 1]]]
)
def test_tenth_a_stroke_is_refused_in_the_same_words_from_a_caller_and_from_the_unipen_file(tmp_path, stroke):
    """The pen renderer and the UNIPEN reader checked strokes twice, in other words ("not real numbers" and
    "non-numeric", "must be finite" and "non-finite"): one check serves both, the file's error adding file and line."""
    from rowreader import pen
    from rowreader.unipen import UnipenFileError, read_unipen

    with pytest.raises((TypeError, ValueError)) as from_caller:
        pen.draw_strokes([stroke], 5)
    record = {"label": 1, "split": "train", "contributor": "a", "writer": "a/b", "source": "s", "segment": "1"}
    path = tmp_path / "digits.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({**record, "strokes": [stroke]}))
    with pytest.raises(UnipenFileError) as from_file:
        read_unipen(path)
    assert str(from_file.value) == f"{path}, line 1: {from_caller.value}"


def test_tenth_an_offline_download_says_why_once_and_what_to_do(capsys, monkeypatch, tmp_path):
    """Offline, `rowreader download` printed torchvision's whole report, its newlines escaped ("Error downloading
    …:\\nTried https://…, got:\\n<urlopen error …>\\nTried http://…, got:\\n<urlopen error …>\\n"), the same reason for
    each mirror, and not what to do without internet; the app's status bar then read "Could not download MNIST:
    could not download MNIST into …". It is one line: the file, the mirrors, the reason once, and where the four
    files go (or $ROWREADER_DATA)."""
    import torchvision.datasets

    class Offline:
        def __init__(self, *args, **kwargs):
            reason = "<urlopen error [Errno -2] Name or service not known>"
            mirrors = ("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/")
            tried = "".join(f"Tried {mirror}, got:\n{reason}\n" for mirror in mirrors)
            raise RuntimeError(f"Error downloading train-images-idx3-ubyte.gz:\n{tried}")

    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    code, _, err = run(capsys, "download", "--data-dir", tmp_path / "mnist")
    assert code == 1 and err.count("\n") == 1 and "\\n" not in err, err
    assert err.startswith(
        f"rowreader: error: could not download MNIST into {tmp_path / 'mnist'}: train-images-idx3-ubyte.gz from "
        "ossci-datasets.s3.amazonaws.com, yann.lecun.com: urlopen error [Errno -2] Name or service not known. "
        "Without internet: copy the four files (train-images-idx3-ubyte.gz, "
    ), err
    assert err.count("Name or service") == 1 and f"into {tmp_path / 'mnist'}, or set $ROWREADER_DATA" in err


HUGE_NUMBER = "1" + "0" * 5000  # Python refuses to turn more than 4,300 digits into an int


@pytest.mark.parametrize("where", ["config", "metadata", "unipen", "sidecar"])
def test_tenth_a_number_of_5000_digits_is_damage_not_a_python_setting(tmp_path, tiny_file, where):
    """A whole number of 5,000 digits in a checkpoint's header, a UNIPEN line or an example's sidecar was refused
    in Python's words: "Exceeds the limit (4300 digits) for integer string conversion: … use
    sys.set_int_max_str_digits() to increase the limit", advice for a programmer about a file that is damaged."""
    from rowreader.example_folder import SIDECAR_FORMAT, load_examples
    from rowreader.unipen import read_unipen

    if where in ("config", "metadata"):
        text = f'{{"hidden_size": {HUGE_NUMBER}}}' if where == "config" else f'{{"steps": {HUGE_NUMBER}}}'
        with pytest.raises(CheckpointError) as err:
            load_checkpoint(with_header(tiny_file, **{where: text}))
        said = str(err.value)
    elif where == "unipen":
        path = tmp_path / "digits.jsonl.gz"
        path.write_bytes(gzip.compress(f'{{"label": {HUGE_NUMBER}}}\n'.encode()))
        with pytest.raises(ValueError) as err:
            read_unipen(path)
        said = str(err.value)
    else:
        (tmp_path / "ex" / "7").mkdir(parents=True)
        page = np.full((28, 28), 255, np.uint8)
        page[4:24, 12:16] = 0
        Image.fromarray(page).save(tmp_path / "ex" / "7" / "a.png")
        sidecar = {"format": SIDECAR_FORMAT, "label": 7, "strokes": [{"width": 0, "points": []}]}
        text = json.dumps(sidecar).replace('"width": 0', f'"width": {HUGE_NUMBER}')
        (tmp_path / "ex" / "7" / "a.json").write_text(text)
        [said] = load_examples(tmp_path / "ex").problems
    assert "a whole number of 5,001 digits, longer than any value such a file holds" in said, said
    assert "set_int_max_str_digits" not in said


@pytest.mark.parametrize("batch", [None, 2])
def test_tenth_the_stream_says_what_is_wrong_with_a_row_in_its_own_words(tiny_reader, batch):
    """A row of 1e300 overflowed as it became float32 (a RuntimeWarning on stderr) and was refused as holding "NaN
    or infinity", which it did not; ragged lists failed in NumPy's words ("inhomogeneous shape after 1
    dimensions"). Both are refused saying what they are, and the stream's state is untouched."""
    stream = tiny_reader.stream(batch=batch)
    shape = (28,) if batch is None else (batch, 28)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"in \[0, 1\] \(ink = 1\), got 0…1e\+300$"):
            stream.feed(np.full(shape, 1e300) * np.eye(1, 28, 3)[0])
        with pytest.raises(ValueError, match=rf"expected a row of shape \({shape[0]},.*got lists of different lengths"):
            stream.feed([[0.0] * 28, [0.0] * 27] if batch else [0.0, [0.0]])
        with pytest.raises(ValueError, match=r"expected an image of shape .*got lists of different lengths"):
            stream.feed_image([[0.0] * 28] * 27 + [[0.0]])
        with pytest.raises(ValueError, match=r"^an image must hold pixel values in \[0, 1\] \(ink = 1\), got 0…2"):
            stream.feed_image(np.full((*shape[:-1], 28, 28), 2.0) * np.eye(28))  # not "a row must hold"
    assert stream.rows_read == 0


@pytest.mark.parametrize(
    ("config", "weights", "words"),
    [
        ("dict", "weights", r"config must be a ReaderConfig, got dict \(ReaderConfig.from_dict makes one of a dict\)"),
        ("config", "list", r"weights must map tensor names to arrays \(as Checkpoint.weights\), got list"),
    ],
)
def test_tenth_a_stream_built_from_a_dict_config_or_a_list_of_weights_says_so(tiny_reader, config, weights, words):
    """`RowStream(checkpoint.config.to_dict(), weights)` failed as "'dict' object has no attribute 'layers'", and a
    list of weights as "unhashable type: 'numpy.ndarray'"."""
    from rowreader.stream import RowStream

    arrays = tiny_reader.numpy_weights()
    given_config = tiny_reader.config.to_dict() if config == "dict" else tiny_reader.config
    given_weights = list(arrays.values()) if weights == "list" else arrays
    with pytest.raises(TypeError, match=words):
        RowStream(given_config, given_weights)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(13, "Permission denied", "RAW"), "cannot write there (RAW): Permission denied; choose"),
        (OSError(28, "No space left on device"), "cannot write there: No space left on device; choose a folder"),
    ],
)
def test_tenth_a_download_that_cannot_write_its_folder_does_not_blame_the_network(
    capsys, monkeypatch, tmp_path, error, words
):
    """A download that could not write its folder (`--data-dir /proc/x`, a full disk) was told "Without internet:
    copy the four files into /proc/x"; it says the folder cannot be written and to choose another."""
    import rowreader.data

    raw = tmp_path / "mnist" / "MNIST" / "raw"
    if error.filename == "RAW":
        error.filename = str(raw)

    def failing(root):
        raise error

    monkeypatch.setattr(rowreader.data, "download_mnist", failing)
    code, _, err = run(capsys, "download", "--data-dir", tmp_path / "mnist")
    assert code == 1 and words.replace("RAW", str(raw)) in err and "Without internet" not in err, err
    assert err.startswith(f"rowreader: error: could not download MNIST into {tmp_path / 'mnist'}: cannot write there")


def test_tenth_to_mnist_of_ragged_lists_says_so():
    """`to_mnist([[0, 1], [1]])` failed in NumPy's words: "setting an array element with a sequence. The requested
    array has an inhomogeneous shape after 1 dimensions"."""
    with pytest.raises(ValueError, match=r"expected a 2-D grey, .* image, got lists of different lengths$"):
        to_mnist([[0, 1], [1]])


def test_tenth_a_checkpoint_header_nested_too_deeply_is_named_in_words(tiny_file):
    """A checkpoint's metadata of "[[[[…" was refused in Python's words ("maximum recursion depth exceeded while
    decoding a JSON array from a unicode string"); the UNIPEN reader and the sidecars said "nested too deeply", each
    in its own code. One parser says it for all three."""
    deep = with_header(tiny_file, metadata="[" * 100_000 + "]" * 100_000)
    with pytest.raises(CheckpointError, match=r"damaged model config or metadata: JSON nested too deeply to be read$"):
        load_checkpoint(deep)


@pytest.mark.parametrize("name", ["seven.png", Path("seven.png")])
def test_tenth_to_mnist_of_a_file_name_says_to_read_the_picture_first(name):
    """`to_mnist("seven.png")` said "expected a 2-D grey, grey + alpha, RGB or RGBA image, got an array of shape
    ()", as if the file held a 0-D picture; it says a file name is not pixels and how to read it (the same from
    `DigitSession.set_drawing`)."""
    with pytest.raises(TypeError, match=r"got a file name \(.seven.png.\): read the picture first, with rowreader"):
        to_mnist(name)


def test_tenth_a_session_image_of_1e300_is_out_of_range_not_infinite():
    """`DigitSession.set_image` of float64 pixels of 1e300 printed NumPy's "overflow encountered in cast" and
    refused them as "NaN or infinite values", which they were not; it says they lie outside [0, 1]."""
    from rowreader.session import DigitSession

    image = np.zeros((28, 28))
    image[3, 4] = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"must hold pixel values in \[0, 1\] \(ink = 1\), got 0…1e\+300$"):
            DigitSession(None).set_image(image)


def test_tenth_a_header_asking_for_16_layers_names_a_few_missing_tensors_not_all(tiny_file):
    """A checkpoint whose config asks for 16 layers (its tensors are for 2) listed every missing tensor, 56 names
    in one error line of 1,300 characters; it names four and counts the rest."""
    with safe_open(str(tiny_file), framework="pt") as f:
        config = {**json.loads(f.metadata()["config"]), "layers": 16}
    with pytest.raises(CheckpointError) as err:
        load_checkpoint(with_header(tiny_file, config=json.dumps(config)))
    assert "missing ['lstm.bias_hh_l2', 'lstm.bias_hh_l3', 'lstm.bias_hh_l4', 'lstm.bias_hh_l5', … 52 more]" in str(
        err.value
    )
    assert len(str(err.value)) < 300


@pytest.mark.parametrize("shift", [1, -1])
def test_tenth_evaluate_curve_refuses_labels_that_are_not_digits(tiny_reader, mnist_test, shift):
    """Labels counted from 1 (1…10), or with -1 for "unknown", were scored as they were: no prediction can equal
    10, so accuracy fell without a word. Labels outside 0–9 are refused, saying the range found."""
    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test[0][:50], mnist_test[1][:50].astype(np.int64)
    labels[labels == (9 if shift == 1 else 0)] += shift
    with pytest.raises(ValueError, match=r"labels must be digits 0–9, got -?\d+…\d+$"):
        evaluate_curve(tiny_reader, images, labels)


@pytest.mark.parametrize("unit", [1e-310, 1e308])
def test_tenth_a_glyph_in_tiny_or_huge_units_renders_as_in_units_of_one(unit):
    """A glyph in units of 1e-310 (its scale overflowed) or spanning ±1e308 (its extent did) came out of
    `fit_strokes` as NaN, with a NumPy warning, and `render_strokes` then refused its own output: "stroke 0 has
    coordinates that are not finite". The shape is the same in any unit, and so is its rendering."""
    from rowreader import pen

    seven = np.array([[-1.0, -1.0], [1.0, -1.0], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = pen.render_strokes([seven * unit])
    np.testing.assert_array_equal(drawn, pen.render_strokes([seven]))


@pytest.mark.parametrize(
    "stroke",
    [
        lambda k: [[0, 0], [k, 0]],
        lambda k: [[0, 0], [k, k]],
        lambda k: [[140, -k], [140, k]],
        lambda k: [[140 - k, 140 - k], [140, 140], [140 + k, 140 - k]],
        lambda k: [[-k, 20], [k, 20], [k, 60], [-k, 60]],  # leaves the canvas and comes back
    ],
)
def test_tenth_a_stroke_reaching_far_off_the_canvas_is_clipped_not_wrapped(stroke):
    """`draw_strokes` promises ink off the image is clipped; Pillow wraps coordinates past about 2**31 around, so a
    line from (0, 0) to x = 3e9 inked 8 pixels and one to (1e10, 1e10) half the canvas. A stroke reaching that far
    is cut to the part that can ink the image, and draws what the same stroke 1,000 px long draws."""
    from rowreader import pen

    far, near = (pen.draw_strokes([np.array(stroke(k), np.float64)], 5) for k in (3e9, 1000))
    np.testing.assert_array_equal(far, near)
    assert (far < 255).sum() > 500


@pytest.mark.parametrize("width", [1e6, 3e9])
def test_tenth_a_pen_wider_than_any_picture_is_refused_at_once(width):
    """`draw_strokes(…, pen=1e6)` drew one disc for over a minute, and a pen of 3e9 failed in Pillow's words
    ("signed integer is greater than maximum"); pens wider than 65,536 px, wider than any picture drawn, are
    refused."""
    from rowreader import pen

    started = time.process_time()  # CPU time: a busy machine does not stretch it
    with pytest.raises(ValueError, match=rf"pen width must be between 0 and 65536 canvas pixels, got {width!r}"):
        pen.draw_strokes([SEVEN_STROKE], width)
    with pytest.raises(ValueError, match="pen width must be between 0 and 65536"):
        pen.draw_ink_window([SEVEN_STROKE], width)
    assert time.process_time() - started < 5


def test_tenth_a_checkpoint_of_bfloat16_weights_names_the_type_not_damage(tiny_file):
    """A checkpoint whose weights were saved as bfloat16 (to halve it, or straight from a bf16 training run) was
    "not a readable safetensors file (truncated or foreign?): data type 'bfloat16' not understood": a sound file
    called damaged. It names the tensor and its type, as float16 weights are named; cut off, it is still damaged."""
    with safe_open(str(tiny_file), framework="pt") as f:
        tensors = {k: f.get_tensor(k).to(torch.bfloat16) for k in f.keys()}  # noqa: SIM118
        header = f.metadata()
    data = safetensors_save(tensors, metadata=header)
    tiny_file.write_bytes(data)
    with pytest.raises(CheckpointError, match=r"safetensors: tensor input.bias is bfloat16, the model needs float32$"):
        load_checkpoint(tiny_file)
    tiny_file.write_bytes(data[: len(data) - 100])
    with pytest.raises(CheckpointError, match=r"a RowReader checkpoint cut short, not a whole model"):
        load_checkpoint(tiny_file)


def test_tenth_a_picture_taller_than_any_page_is_refused_from_its_header(tmp_path):
    """A PNG of 260 kB, 1 × 134 million pixels (within the pixel limit), took 1.3 GB and 14 s to be called empty:
    Pillow keeps an 8-byte pointer for every row. Pictures of more than 131,072 rows are refused from the header."""
    from rowreader.picture_errors import PictureError
    from rowreader.picture_limits import MAX_ROWS

    rows = MAX_ROWS + 1
    header = struct.pack(">IIBBBBB", 1, rows, 8, 0, 0, 0, 0)  # 1 px wide, 8-bit grey
    pixels = zlib.compress(b"\x00\xff" * rows)  # each row: filter 0, one white pixel
    path = tmp_path / "tall.png"
    path.write_bytes(hand_made_png(header, pixels))
    with pytest.raises(PictureError, match=r"^1×131073 pixels is more than the 131,072 rows this program reads"):
        read_picture(path)


def test_tenth_a_large_float_picture_with_extreme_values_reads_as_clipped_without_overflow():
    """A float picture over 2,048 px holding ±3e38 (clipped to 0…255 when smaller) was averaged before clipping:
    its float32 sums overflowed (NumPy's "overflow encountered in reduce" on stderr) and rows of +3e38 and -3e38
    cancelled to NaN. It is clipped first, as a smaller picture is, and reads as the same picture in 0…255."""
    page = np.full((3000, 400), 255.0, np.float32)
    page[500:2500, 180:220] = 0.0
    extreme, plain = page.copy(), page.copy()
    extreme[::2, :100], extreme[1::2, :100] = -3e38, 3e38
    plain[::2, :100], plain[1::2, :100] = 0.0, 255.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(to_mnist(extreme), to_mnist(plain))


@pytest.mark.parametrize("points", [[["a", "b"]], [[0, 0], [float("nan"), 1]], [[0, 1, 2]], [[0, 0], [1]]])
def test_tenth_a_sidecar_stroke_is_refused_in_the_pen_renderers_words(tmp_path, points):
    """A kept example's sidecar checked its strokes a third way: text was "is malformed: ValueError('could not
    convert string to float: …')", a NaN "has a non-finite or non-positive value", whichever it was. The sidecar
    is checked by the pen renderer's own check, in its words."""
    from rowreader import pen
    from rowreader.example_folder import SIDECAR_FORMAT, load_examples

    with pytest.raises((TypeError, ValueError)) as from_caller:
        pen.draw_strokes([points], 5)
    (tmp_path / "ex" / "7").mkdir(parents=True)
    page = np.full((28, 28), 255, np.uint8)
    page[4:24, 12:16] = 0
    Image.fromarray(page).save(tmp_path / "ex" / "7" / "a.png")
    sidecar = {"format": SIDECAR_FORMAT, "label": 7, "strokes": [{"width": 5, "points": points}]}
    (tmp_path / "ex" / "7" / "a.json").write_text(json.dumps(sidecar))
    [problem] = load_examples(tmp_path / "ex").problems
    assert problem.endswith(f"sidecar {from_caller.value}"), problem


def test_tenth_a_damaged_tiff_is_one_error_line_without_pillows_log(tmp_path):
    """`rowreader predict damaged.tif` printed "More samples per pixel than can be decoded: 122" above its own error
    line: Pillow logs that refusal before raising it, and with no logging set up Python prints it raw on stderr.
    The file found by fuzzing: a TIFF whose StripOffsets tag became SamplesPerPixel."""
    buffer = io.BytesIO()
    Image.new("L", (40, 40), 255).save(buffer, "TIFF")
    data = bytearray(buffer.getvalue())
    first = struct.unpack("<I", data[4:8])[0]
    for entry in range(first + 2, first + 2 + 12 * struct.unpack("<H", data[first : first + 2])[0], 12):
        if struct.unpack("<H", data[entry : entry + 2])[0] == 273:  # StripOffsets (122) → SamplesPerPixel 122
            data[entry : entry + 2] = struct.pack("<H", 277)
    path = tmp_path / "damaged.tif"
    path.write_bytes(bytes(data))
    done = run_cli("predict", path)
    damaged = "a damaged TIFF picture (it begins as one, but cannot be read)"  # the thirteenth round's words
    assert done.returncode == 1 and done.stderr.splitlines() == [f"python -m rowreader: error: {path}: {damaged}"]


def test_tenth_a_header_with_an_infinite_data_offset_is_not_a_readable_file(tmp_path):
    """The bfloat16 check read a header safetensors had refused, and a data offset of 1e400 (found by fuzzing) ended
    in "OverflowError: cannot convert float infinity to integer"; it is a file safetensors cannot read."""
    header = b'{"x": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 1e400]}}'
    path = tmp_path / "m.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + b"\x00\x00")
    with pytest.raises(CheckpointError, match="not a readable safetensors file: "):
        load_checkpoint(path)


# ---- the tenth round, leftovers of the command lines ----------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_tenth_left_saving_into_proc_is_worded(tiny_reader):
    """`save_checkpoint("/proc/x.st")` said "[Errno 2] No such file or directory" of a folder that exists."""
    with pytest.raises(OSError, match=r"cannot write /proc/x\.st: /proc is the kernel's own folder") as exc:
        save_checkpoint("/proc/x.st", tiny_reader)
    assert "Errno" not in str(exc.value)


def test_tenth_left_a_nul_byte_in_a_path_names_the_argument(tmp_path):
    """`load_checkpoint("a\\0b")` and `load_mnist("a\\0b")` raised Python's "embedded null byte", naming no file."""
    from rowreader import load_mnist

    with pytest.raises(ValueError, match=r"^checkpoint 'm\\x00\.safetensors' holds a NUL byte"):
        load_checkpoint("m\0.safetensors")
    with pytest.raises(ValueError, match=r"^root '.*a\\x00b' holds a NUL byte"):
        load_mnist(tmp_path / "a\0b")


def test_tenth_left_a_tensor_mismatch_lists_names_in_natural_order():
    """Names were sorted as text: a reader of 12 layers missing its recurrent tensors listed `l0, l1, l10, l11`."""
    from rowreader.model import weights_mismatch

    config = ReaderConfig(layers=12)
    weights = {name: np.zeros(shape) for name, shape in config.weight_shapes().items() if not name.startswith("lstm")}
    why = weights_mismatch(config, {**weights, "extra10": np.zeros(1), "extra9": np.zeros(1)})
    assert "missing ['lstm.bias_hh_l0', 'lstm.bias_hh_l1', 'lstm.bias_hh_l2', 'lstm.bias_hh_l3', … 44 more]" in why
    assert "unexpected ['extra9', 'extra10']" in why


def test_tenth_left_a_path_over_the_systems_limit_is_worded(tmp_path):
    """An --out of twenty folder names of 240 characters (each one allowed) failed as "[Errno 36] File name too
    long"; the path's length is the reason, and it is said."""
    from rowreader.atomic import check_writable

    deep = Path(*(["b" * 240] * 20), "m.safetensors")
    with pytest.raises(OSError, match=r"its path, with the 22 characters a write's temporary adds, is [\d,]+ bytes"):
        check_writable(tmp_path / deep)
    assert not list(tmp_path.iterdir())


# ---- the eleventh round, the library and its CLI -----------------------------------------------------------------


def rewritten_header(source: Path, target: Path, change) -> Path:
    """``source``'s safetensors file with its JSON header changed by ``change(header)``, written to ``target``."""
    raw = source.read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    change(header)
    text = json.dumps(header).encode()
    target.write_bytes(len(text).to_bytes(8, "little") + text + raw[8 + size :])
    return target


def _renamed_first_tensor(header: dict) -> None:
    header["t" * 5000] = header.pop("input.bias")


def _config_changed(**fields):
    def change(header: dict) -> None:
        header["__metadata__"]["config"] = json.dumps({**json.loads(header["__metadata__"]["config"]), **fields})

    return change


@pytest.mark.parametrize(
    "change",
    [
        _renamed_first_tensor,  # the tenth round's leftover
        _config_changed(**{"w" * 5000: 1}),
        _config_changed(cell="c" * 5000),
        _config_changed(hidden_size=10**900),
        lambda header: header["__metadata__"].update(format_version="9" * 5000),
    ],
    ids=["tensor name", "config field", "cell", "hidden size", "format version"],
)
def test_eleventh_a_long_value_in_a_damaged_checkpoint_is_shortened_in_its_error(tmp_path, tiny_file, change):
    """A damaged header's tensor name, config field, cell name, layer width or format version of 5,000 characters
    (1,000 digits) made an error line as long: the CLI's one line of error was a screenful. Each is shortened."""
    path = rewritten_header(tiny_file, tmp_path / "damaged.safetensors", change)
    with pytest.raises(CheckpointError) as exc:
        load_checkpoint(path)
    assert len(str(exc.value)) < len(str(path)) + 300 and "..." in str(exc.value)


@pytest.mark.parametrize(
    "field",
    [
        {"label": "7" * 5000},
        {"split": "s" * 5000},
        {"source": ["x"] * 5000},
        {"contributor": "c" * 5000, "writer": "w/" + "w" * 5000},
    ],
    ids=["label", "split", "source", "writer"],
)
def test_eleventh_a_long_field_of_a_damaged_unipen_line_is_shortened_in_its_error(tmp_path, field):
    """A UNIPEN line whose label, split, source or writer held 5,000 characters was refused in an error line of
    5,000 to 10,000 characters; the value is shortened, and the file and line still named."""
    from rowreader.unipen import UnipenFileError, read_unipen

    record = {"label": 3, "writer": "aga/w1", "contributor": "aga", "split": "train", "source": "s", "segment": "g"}
    path = tmp_path / "digits.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({**record, "strokes": [[[0, 0], [1, 1]]], **field}).encode()))
    with pytest.raises(UnipenFileError, match=r"digits\.jsonl\.gz, line 1: ") as exc:
        read_unipen(path)
    assert len(str(exc.value)) < len(str(path)) + 200 and "..." in str(exc.value)


def test_eleventh_metadata_too_large_for_a_header_is_a_valueerror_and_nothing_is_written(tmp_path, tiny_reader):
    """`save_checkpoint` promises a ValueError for what it refuses, and writes nothing; metadata past safetensors'
    100-MB header raised its own SafetensorError ("Error while serializing: header too large"), which is none."""
    path = tmp_path / "m.safetensors"
    with pytest.raises(ValueError, match=r"cannot save .*m\.safetensors: its metadata is too large"):
        save_checkpoint(path, tiny_reader, {"notes": '"' * 26_000_000})  # each quote is 4 bytes in the header
    assert not list(tmp_path.iterdir())


def test_eleventh_a_big_endian_16_bit_picture_reads_as_its_little_endian_twin(tmp_path):
    """uint16 pixels use their full range, 0…65535, but NumPy's big-endian uint16 (a TIFF saved as I;16B, a FITS
    scan: `>u2`) is another dtype, so it was read as a plain integer array: a dark page whose values stay within
    0…255 became a digit, while the same values little-endian (a 16-bit PNG) are a blank page. Byte order no longer
    matters."""
    page = np.full((60, 60), 255, np.uint16)  # 0…255 in 16 bits: 8-bit values (the sixteenth round reads them)
    page[10:50, 28:33] = 0
    little = to_mnist(page)
    assert little is not None
    assert np.array_equal(to_mnist(page.astype(">u2")), little)
    Image.fromarray(page).convert("I").convert("I;16B").save(tmp_path / "big.tif")
    assert read_picture(tmp_path / "big.tif").dtype == np.dtype(">u2")
    assert np.array_equal(to_mnist(read_picture(tmp_path / "big.tif")), little)


def test_eleventh_a_stroke_past_1e290_is_refused_not_bent():
    """Coordinates past ±1e290 were clipped one axis at a time before drawing, so a line from (0, 140) heading
    right and a little down, to (1e300, 1e295), was drawn as the canvas's diagonal. Such a stroke is refused, its
    reach named; within ±1e290 it is cut to the canvas as before, and a glyph in any units is still fitted first."""
    from rowreader import pen

    with pytest.raises(ValueError, match=r"^stroke 1 reaches 1e\+300 canvas pixels from the origin, beyond"):
        pen.draw_strokes([SEVEN_STROKE, np.array([[0.0, 140.0], [1e300, 1e295]])], 5)
    level = pen.draw_strokes([np.array([[0.0, 140.0], [1e290, 140.0]])], 5)
    assert (level[140] < 255).all() and (level[:130] == 255).all()
    assert pen.render_strokes([SEVEN_STROKE * 1e300]).min() == 0


def test_eleventh_a_large_photo_is_turned_upright_as_a_small_one_is(tmp_path):
    """A photo's EXIF orientation was applied after the picture was shrunk to 2,048 px, to a copy that had lost it:
    every phone photo (4,000 × 3,000) of a 7 was read lying on its side. It is turned upright at any size."""
    page = np.full((3000, 2400), 255, np.uint8)
    page[400:700, 500:1900] = 0  # a 7: its bar along the top
    page[700:2600, 1600:1900] = 0  # and its stem down the right
    upright = Image.fromarray(page).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera stored it turned a quarter to the left; the viewer turns it back
    upright.rotate(90, expand=True).save(tmp_path / "photo.jpg", exif=exif, quality=95)
    upright.save(tmp_path / "upright.jpg", quality=95)
    read, expected = (to_mnist(read_picture(tmp_path / name)) for name in ("photo.jpg", "upright.jpg"))
    assert np.abs(read - expected).max() < 0.05


@POSIX
def test_eleventh_read_unipen_refuses_a_pipe_or_a_folder_before_opening_it(tmp_path):
    """`read_unipen` opened whatever it was given: a named pipe blocked it forever, and a folder was Python's
    "[Errno 21] Is a directory". Only a regular file is opened, as every reader of the library checks."""
    os.mkfifo(tmp_path / "pipe.jsonl.gz")
    (tmp_path / "folder.jsonl.gz").mkdir()
    code = (
        "from rowreader.unipen import read_unipen\ntry:\n    read_unipen(PATH)\nexcept OSError as err:\n    print(err)"
    )
    for name, why in (
        ("pipe.jsonl.gz", "is a named pipe (FIFO), not a regular file"),
        ("folder.jsonl.gz", "is a folder, not a UNIPEN file"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code.replace("PATH", repr(str(tmp_path / name)))],
            capture_output=True,
            text=True,
            timeout=120,  # bounds a hang (a pipe blocked it forever), not a busy machine's start-up
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert done.stdout == f"{tmp_path / name}: {why}\n"


def test_eleventh_a_file_name_with_a_c1_control_or_a_direction_override_is_escaped(capsys, tmp_path, tiny_file):
    """Names were escaped for C0 controls only: U+009B, the one-character form of ESC [ that some terminals obey,
    reached the terminal raw, and a right-to-left override (U+202E) turned the rest of the line around where the
    terminal lays out bidirectional text (`evil\\u202egnp.exe` shows as `evilexe.png`). Both are escaped, as the
    app already escapes the overrides in its own lines (U+009B as `\\u009b` since cli22: `\\x9b` is the byte)."""
    named = tmp_path / "a\x9b2Jb\u202egnp.exe"
    named.write_bytes(b"not a picture")
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_file, named)
    assert code == 1 and err == f"rowreader: error: {tmp_path}/a\\u009b2Jb\\u202egnp.exe: {TEXT_NOT_PICTURE}\n"


@pytest.mark.parametrize(
    ("images_as", "labels_as"),
    [(None, np.uint16), (None, np.uint32), (None, np.uint64), (">f4", None), (None, ">i8")],
)
def test_eleventh_evaluate_curve_takes_unsigned_labels_and_big_endian_arrays(
    tiny_reader, mnist_test, images_as, labels_as
):
    """Labels of uint16, uint32 or uint64 (a NumPy cast, a data frame's column) failed in torch's words,
    `"min_all" not implemented for 'UInt32'`, and big-endian arrays (read from a file with `>f4`) as "given numpy
    array has byte order different from the native byte order". They score as the same values in int64 and
    float32 do."""
    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test[0][:40] / np.float32(255), mnist_test[1][:40].astype(np.int64)
    expected = evaluate_curve(tiny_reader, images, labels)
    scored = evaluate_curve(
        tiny_reader, images.astype(images_as or images.dtype), labels.astype(labels_as or labels.dtype)
    )
    np.testing.assert_array_equal(scored, expected)


@pytest.mark.parametrize("dtype", [["F32"], {"F32": 1}])
def test_eleventh_a_tensor_type_that_is_not_text_is_a_damaged_file_not_a_traceback(tmp_path, tiny_file, dtype):
    """A header whose tensor type was a list or an object (found by fuzzing) ended `rowreader predict --checkpoint`
    in a traceback, "TypeError: unhashable type: 'list'", from the check for bfloat16; it is a file safetensors
    cannot read, in one line."""

    def change(header: dict) -> None:
        header["input.bias"]["dtype"] = dtype

    path = rewritten_header(tiny_file, tmp_path / "damaged.safetensors", change)
    with pytest.raises(CheckpointError, match="not a readable safetensors file: "):
        load_checkpoint(path)


@pytest.mark.parametrize(
    ("argument", "value"), [("size", "0.5"), ("size", None), ("centre", (None, 0.5)), ("centre", "ab")]
)
def test_eleventh_a_glyph_size_or_centre_that_is_no_number_is_named(argument, value):
    """`render_strokes(…, size="0.5")` (a value read from a settings file) failed as "must be real number, not
    str", and a centre of (None, 0.5) the same: Python's words, naming no argument. Each says which argument,
    as the pen width does."""
    from rowreader import pen

    name = "size" if argument == "size" else "centre x"
    with pytest.raises(TypeError, match=rf"^{name} must be a fraction of the canvas in \(0, 1\], got "):
        pen.render_strokes([SEVEN_STROKE], **{argument: value})


@POSIX
def test_eleventh_standard_input_that_cannot_be_read_fails_that_picture_only(tmp_path, digit_png, tiny_file):
    """`rowreader predict --json x.png - 0>log` (standard input opened for writing) said "cannot write the output:
    Bad file descriptor", of the output that was fine, and stopped there, its JSON left open. It is that picture's
    failure: the others are read and the document closed."""
    with (tmp_path / "log").open("wb") as write_only:
        done = run_cli("predict", "--json", "--checkpoint", tiny_file, "-", digit_png, stdin=write_only)
    assert done.returncode == 1
    assert done.stderr == "python -m rowreader: error: -: standard input cannot be read (Bad file descriptor)\n"
    assert [result["file"] for result in json.loads(done.stdout)] == [str(digit_png)]


@pytest.mark.parametrize("zipped", [True, False])
def test_eleventh_a_pytorch_file_given_as_a_model_is_named_so(tmp_path, zipped):
    """Training writes `m.safetensors.state.pt` beside `m.safetensors`, and a tab completion offers both; given as
    a model, that file (or any torch.save .pt) was "not a readable safetensors file (truncated or foreign?): Error
    while deserializing header: header too large". It is named as what it is; nothing in it is read."""
    path = tmp_path / "m.pt"  # a run's m.state.pt is named as one (the sixteenth round)
    torch.save({"step": torch.zeros(3)}, path, _use_new_zipfile_serialization=zipped)
    kind = "a zip archive, as torch.save writes" if zipped else "a Python pickle, as torch.save wrote"
    with pytest.raises(CheckpointError, match=rf"m\.pt: {kind} \(a \.pt file\?\), not a model"):
        load_checkpoint(path)


def test_eleventh_a_file_named_dash_is_reported_as_dot_slash_dash(capsys, tmp_path, monkeypatch, tiny_file, digit_png):
    """`predict ./- -` (the file named - as the command's own help says to name it, then standard input) wrote both
    results as "file": "-", and the file's error as "-: not an image PIL can read", which reads as standard
    input's: pathlib makes ./- into -. The file is ./- in every line."""
    monkeypatch.chdir(tmp_path)
    Path("-").write_bytes(digit_png.read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"not a picture")))
    code, out, err = run(capsys, "predict", "--json", "--checkpoint", tiny_file, "./-", "-")
    assert code == 1 and [result["file"] for result in json.loads(out)] == ["./-"]
    assert err == f"rowreader: error: -: {TEXT_NOT_PICTURE}\n"
    Path("-").write_bytes(b"not a picture")
    code, out, err = run(capsys, "predict", "--checkpoint", tiny_file, "./-")
    assert code == 1 and err == f"rowreader: error: ./-: {TEXT_NOT_PICTURE}\n"


def test_eleventh_feeding_to_mnists_none_says_there_was_no_ink(tiny_reader):
    """`stream.feed_image(to_mnist(blank_page))` (to_mnist returns None where it finds no ink) failed as "pixels must
    be real numbers in [0, 1], got an array of object"; None is named, and where it comes from."""
    from rowreader.checkpoint import Checkpoint

    stream = Checkpoint.from_reader(tiny_reader).stream()
    blank = to_mnist(np.full((50, 50), 255, np.uint8))
    for feed in (stream.feed_image, stream.feed):
        with pytest.raises(TypeError, match=r"got None \(to_mnist gives None for a picture with no ink"):
            feed(blank)


@pytest.mark.parametrize(
    "stroke", [[[-1e308, 0.0], [1e308, 0.0]], [[0.0, 0.0], [1e200, 0.0]], [[0.0, 0.0], [1e5, 1e5]]]
)
def test_eleventh_a_glyph_too_wide_to_draw_is_refused_by_its_span(stroke):
    """`draw_ink_window` of strokes ±1e308 apart printed NumPy's "overflow encountered in subtract", and any glyph
    too wide to draw was refused as "size must be … at most 134,217,728 pixels drawn, got 134217729×12", a size
    nobody gave, cut to the limit. It names the strokes' real span."""
    from rowreader import pen

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ValueError, match=r"^the strokes span (over 1e308|[\d.e+]+) × [\d.e+]+ canvas pixels with the pen"
        ):
            pen.draw_ink_window([np.array(stroke)], 5)


# ---- the eleventh round, leftovers ---------------------------------------------------------------------------------


def test_eleventh_an_absent_cuda_is_refused_in_words_for_a_library_caller_too(monkeypatch, tiny_file):
    """`load_checkpoint(path, device="cuda")` without CUDA said "--device cuda was asked for", a flag a library
    caller never typed; the refusal names the device asked for, in words that fit both callers."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError) as refused:
        load_checkpoint(tiny_file, device="cuda")
    said = str(refused.value)
    assert "--device" not in said and said.startswith("device 'cuda' was asked for, but CUDA is not available"), said


def _bar_and_box(tmp_path: Path) -> Path:
    """A scanner's folder: a bar in 1/ and a box in 7/, dark ink on white."""
    for digit, (rows, cols) in {1: (slice(40, 240), slice(126, 154)), 7: (slice(60, 220), slice(60, 220))}.items():
        page = np.full((280, 280), 255, np.uint8)
        page[rows, cols] = 0
        (tmp_path / "scans" / str(digit)).mkdir(parents=True)
        Image.fromarray(page).save(tmp_path / "scans" / str(digit) / "a.png")
    return tmp_path / "scans"


def test_eleventh_a_folder_imported_twice_is_copied_once(tmp_path):
    """Importing one folder twice kept every picture twice ("Imported 2 example(s)" both times); a picture kept
    already under its digit, byte for byte, is not copied again, and the import says how many were."""
    from rowreader.example_store import ExampleStore

    scans = _bar_and_box(tmp_path)
    store = ExampleStore(tmp_path / "examples")
    first = store.import_folder(scans)
    assert len(first.added) == 2 and first.already_kept == 0
    again = store.import_folder(scans)
    assert again.added == [] and again.problems == [] and again.already_kept == 2
    assert len(store.load()) == 2
    (scans / "7" / "b.png").write_bytes((scans / "1" / "a.png").read_bytes())  # the bar, now as a 7: a new example
    (scans / "7" / "c.png").write_bytes((scans / "7" / "a.png").read_bytes())  # a copy of a kept picture
    third = store.import_folder(scans)
    assert [e.label for e in third.added] == [7] and third.already_kept == 3
    assert store.load().counts()[7] == 2


@POSIX
def test_eleventh_a_named_pipe_named_like_a_picture_is_named_among_the_skipped(tmp_path):
    """A named pipe called `3/x.png` was passed over without a word (never opened, rightly); it is named among the
    skipped files, as a link to nothing is, and still never opened."""
    (tmp_path / "examples" / "3").mkdir(parents=True)
    os.mkfifo(tmp_path / "examples" / "3" / "x.png")
    found = load_examples(tmp_path / "examples")
    assert len(found) == 0
    assert found.problems == [
        f"{tmp_path / 'examples' / '3' / 'x.png'}: is a named pipe (FIFO), not a regular file; never opened"
    ]


def test_eleventh_a_checkpoint_of_big_endian_arrays_builds_its_reader(tiny_file):
    """A `Checkpoint` made by hand of big-endian arrays streamed, but its `reader` failed in torch's words about
    byte order; the reader is built, and reads as the stream does."""
    from rowreader import Checkpoint

    loaded = load_checkpoint(tiny_file)
    swapped = Checkpoint(loaded.config, {name: array.astype(">f4") for name, array in loaded.weights.items()})
    digit = np.zeros((1, 28, 28), np.float32)
    digit[0, 6:22, 13:15] = 1
    with torch.no_grad():
        read = torch.softmax(swapped.reader(torch.from_numpy(digit))[0, -1], -1).numpy()
    streamed = swapped.stream().feed_image(digit[0])[-1].probs
    np.testing.assert_allclose(read, streamed, atol=1e-5)


@POSIX
def test_eleventh_a_name_that_is_not_utf8_is_valid_json_and_kept_exactly(tmp_path, tiny_file, capsys):
    """`predict --json` wrote a Latin-1 `été.png` as `"\\udce9t\\udce9.png"`, lone surrogates strict JSON parsers
    refuse (jq made them U+FFFD); "file" is valid UTF-8, U+FFFD for each odd byte, and "file_bytes" the exact name
    in hex. A UTF-8 name has no "file_bytes"."""
    odd = os.fsencode(tmp_path) + b"/\xe9t\xe9.png"
    plain = tmp_path / "été.png"
    page = np.full((28, 28), 255, np.uint8)
    page[6:22, 13:15] = 0
    for path in (os.fsdecode(odd), plain):
        Image.fromarray(page).save(path, format="PNG")
    assert main(["predict", "--json", "--checkpoint", str(tiny_file), os.fsdecode(odd), str(plain)]) == 0
    out = capsys.readouterr().out
    first, second = json.loads(out.encode("utf-8"))  # a lone surrogate cannot even be encoded
    assert first["file"] == f"{tmp_path}/\ufffdt\ufffd.png" and bytes.fromhex(first["file_bytes"]) == odd
    assert next(iter(first)) == "file" and "\\ud" not in out
    assert second["file"] == str(plain) and "file_bytes" not in second


def test_eleventh_a_line_that_is_not_json_names_one_line_not_two(tmp_path):
    """A UNIPEN line that is not JSON said "line 3: Expecting value: line 1 column 1 (char 0)": two line numbers,
    the second Python's count inside the one line. It says where in the line now; a sidecar of several lines keeps
    its own line and column."""
    import gzip

    from rowreader.json_text import parse_json
    from rowreader.unipen import UnipenFileError, load_unipen, unipen_file

    with gzip.open(unipen_file(), "rt", encoding="utf-8") as whole:
        lines = [next(whole), next(whole), '{"label": 7, oops}\n']
    with gzip.open(tmp_path / "digits.jsonl.gz", "wt", encoding="utf-8") as part:
        part.writelines(lines)
    with pytest.raises(UnipenFileError) as caught:
        load_unipen(tmp_path)
    message = str(caught.value)
    assert message.endswith("line 3: not valid JSON: Expecting property name enclosed in double quotes at character 14")
    assert message.split("digits.jsonl.gz, ")[1].count("line") == 1
    with pytest.raises(ValueError, match=r"^not valid JSON: Expecting value at line 2 column 8$"):
        parse_json('{\n  "a": }\n')


# ---- the thirteenth round: the command line as a user meets it -------------------------------------------------


def stopped_while_writing(tmp_path: Path, argv: list[str], signum: int) -> tuple[int, bytes, str]:
    """``python -m rowreader ARGV`` sent ``signum`` as soon as its first output arrives: (status, stdout, stderr)."""
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rowreader", *argv],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal (see conftest)
    )
    first = os.read(proc.stdout.fileno(), 65536)  # the first results: it is reading, in the middle of its list
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, first + out, err.decode(errors="replace")


@POSIX
@pytest.mark.parametrize(
    ("signame", "status", "words"), [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "stopped by SIGTERM")]
)
def test_thirteenth_predict_json_stopped_midway_is_still_one_json_document(
    tmp_path, tiny_file, digit_png, signame, status, words
):
    """Ctrl-C (or `kill`) during `predict --json` over many files left the document open: `| jq` met a parse
    error. It is closed after the last result written, and stderr and the exit status say the rest were not read;
    SIGTERM ended it with status 143 and no word at all."""
    import signal

    names = []
    for i in range(3000):  # far more than are read before the signal comes
        (tmp_path / f"d{i}.png").symlink_to(digit_png)
        names.append(f"d{i}.png")
    code, out, err = stopped_while_writing(
        tmp_path, ["predict", "--json", "--checkpoint", str(tiny_file), *names], getattr(signal, signame)
    )
    results = json.loads(out)
    assert code == status, err
    assert 1 <= len(results) < len(names) and [r["file"] for r in results] == names[: len(results)]
    assert (
        err.strip()
        == f"python -m rowreader: error: {words} after {len(results)} of 3,000 images; the rest were not read"
    )


@pytest.mark.parametrize(("command", "slow"), [(["predict", "x.png"], "numpy"), (["evaluate"], "torch")])
def test_thirteenth_sigterm_while_the_command_starts_says_so(tmp_path, command, slow):
    """SIGTERM in the first seconds (NumPy or torch still loading: `timeout 1 rowreader evaluate`) ended a
    command with status 143 and not a word, where Ctrl-C said "interrupted while starting"; it says it was
    stopped, and nothing was written."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / f"{slow}.py").write_text(SIGTERM_THEN_THE_REAL_ONE)  # the stop waits for the import (thirty-second round)
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"}
    done = subprocess.run(
        [sys.executable, "-m", "rowreader", *command], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 143, done.stderr
    said = (  # held while NumPy loads, it is said at once (thirty-fourth round); torch loads within the command
        "python -m rowreader: stopping once it has loaded (a few seconds)…\n"
        "python -m rowreader: stopped by SIGTERM while starting; nothing was done"
        if slow == "numpy"
        else "python -m rowreader: error: stopped by SIGTERM before the digits were read; nothing was scored"
    )  # its words since the fifty-first round's kill4 (evaluate --json's document closed empty)
    assert done.stderr == said + "\n"  # no empty line first: SIGTERM leaves no "^C" to end
    assert sorted(tmp_path.iterdir()) == [shadow]


def test_thirteenth_school_marks_run_as_a_command_says_what_it_is():
    """`python bench/school_marks.py --help` printed nothing and exited 0, as if it had done something: it is a
    module; run, it says so and names the command that uses it."""
    done = subprocess.run(
        [sys.executable, "bench/school_marks.py", "--help"], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "is a module, not a command" in done.stderr and "bench/bench_finetune.py --habits" in done.stderr


@pytest.mark.parametrize("command", [[], ["predict"], ["evaluate"], ["download"]])
def test_thirteenth_every_help_gives_the_exit_statuses(command, capsys):
    """Exit statuses 1, 2, 130 and 143 were written only in cli.py's docstring (130 and 143 not even there): a
    script's author reading `--help` could not tell "stopped" from "failed"."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for status in (
        "0 when everything worked",
        "1 for",
        "2 for a command line",
        "130 when stopped by Ctrl-C",
        "143 by SIGTERM",
    ):
        assert status in text, (command, status)


@POSIX
def test_thirteenth_an_error_names_a_file_that_is_not_utf8_by_its_bytes(tmp_path):
    """The error line for a Latin-1 name said `x\\udce9.png`, Python's escape, a name no file has and no terminal
    shows, where the results on stdout wrote the name's bytes; stderr writes them as stdout does (as on disk until
    cli22, a terminal's U+FFFD; `\\xe9` now, as a suggested `$'…'` writes the byte)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "rowreader", "predict", b"x\xe9.png"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(b"python -m rowreader: error: x\\xe9.png: ") and b"\\udc" not in done.stderr, (
        done.stderr
    )


class _FullDisk(io.RawIOBase):
    """An output that takes nothing: every write fails as on a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(28, "No space left on device")


def test_thirteenth_evaluate_finds_its_output_gone_before_evaluating(tmp_path, tiny_file, monkeypatch, capsys):
    """`rowreader evaluate | head -1` (or `> /dev/full`) evaluated all 10,000 digits, half a minute on 2 cores, and
    only then found that nobody read the result; the output is tried before the evaluation begins."""
    import rowreader.evaluate

    def evaluated(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluated for an output that was gone")

    write_tiny_mnist(tmp_path / "mnist")
    monkeypatch.setattr(rowreader.evaluate, "evaluate_rows", evaluated)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_FullDisk())))
    assert main(["evaluate", "--data-dir", str(tmp_path / "mnist"), "--checkpoint", str(tiny_file)]) == 1
    assert capsys.readouterr().err == "rowreader: error: cannot write the output: No space left on device\n"


@POSIX
@pytest.mark.parametrize("command", [["evaluate"], ["download", "--data-dir", "{tmp}/mnist"]])
def test_thirteenth_a_deleted_current_folder_is_said_before_torch_loads(tmp_path, command):
    """Run from a folder deleted meanwhile (`rm -rf` in another terminal), `evaluate` and `download` ended with
    torch's "Intel oneMKL FATAL ERROR: Cannot load …/libtorch_cpu.so", status 2, and the download left its lock and
    a new folder behind; one line says what is wrong, status 1, nothing made."""
    gone = tmp_path / "gone"
    gone.mkdir()

    def stand_in_a_deleted_folder() -> None:
        os.chdir(gone)
        os.rmdir(gone)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    argv = [a.format(tmp=tmp_path) for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "rowreader", *argv],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=stand_in_a_deleted_folder,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("python -m rowreader: error: the current folder no longer exists"), done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["--help"], ["predict", "--help"]])
def test_thirteenth_help_on_an_output_that_is_not_utf8_is_no_traceback(command):
    """With an output encoding that lacks "…" (a Latin-1 or ASCII locale; PYTHONIOENCODING=ascii here),
    `rowreader predict --help` was a UnicodeEncodeError traceback: argparse writes before the command's own output
    is set up. The help comes out, "…" as an escape."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "rowreader", *command], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert b"usage: python -m rowreader" in done.stdout


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_thirteenth_an_error_line_that_cannot_be_written_does_not_end_the_run(tmp_path, tiny_file, digit_png):
    """With stderr on a full disk (`2>/dev/full`, or a reader that left), the first error line ended the run: the
    images after it were not read and the --json document stayed open. The results go on; the status says 1."""
    argv = ["predict", "--json", "--checkpoint", str(tiny_file), str(digit_png), str(tmp_path / "nothere.png")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "rowreader", *argv, str(digit_png)],
            stdout=subprocess.PIPE,
            stderr=full,
            env=env,
            timeout=120,
        )
    assert done.returncode == 1
    assert [r["file"] for r in json.loads(done.stdout)] == [str(digit_png), str(digit_png)]


@pytest.mark.parametrize("command", ["download", "evaluate"])
def test_thirteenth_a_damaged_mnist_file_in_data_dir_is_fetched_anew_into_that_folder(
    tmp_path, tiny_file, capsys, command
):
    """`rowreader download --data-dir DIR` with a cut-off file in DIR said to run a plain `rowreader download`,
    which fetches into $ROWREADER_DATA or the cache, not DIR; `evaluate --data-dir DIR` said nothing of what to
    do. Both name the folder."""
    data = tmp_path / "my mnist"
    write_tiny_mnist(data)
    cut = data / "t10k-images-idx3-ubyte"
    cut.write_bytes(cut.read_bytes()[:100])
    extra = ["--checkpoint", str(tiny_file)] if command == "evaluate" else []
    code, _, err = run(capsys, command, "--data-dir", data, *extra)
    assert code == 1 and err.startswith(f"rowreader: error: {cut}: truncated"), err
    assert err.rstrip().endswith(f"delete that file and run `rowreader download --data-dir '{data}'` to fetch it anew")


@POSIX
@pytest.mark.parametrize("command", [["--version"], ["--help"], ["predict", "--help"]])
def test_thirteenth_help_or_version_with_stdout_closed_is_status_1_as_every_command(command):
    """`rowreader --version >&-` wrote the version on stderr and exited 0, where every command with stdout closed
    says so and exits 1; help and version do the same now."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "rowreader", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        text=True, timeout=60, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 1
    prog = " ".join(["python -m rowreader", *command[:-1]])  # a command's own help names it, as its refusals do
    assert done.stderr == f"{prog}: error: standard output is closed (>&-), so nothing could be printed; " \
        "redirect it to a file instead\n"  # fmt: skip


def test_thirteenth_a_sidecar_saved_with_a_byte_order_mark_is_read(tmp_path, digit_png):
    """A sidecar edited in Windows' Notepad (which saves UTF-8 with a byte order mark) skipped its example with
    "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)", advice for a programmer; the mark is skipped,
    as RFC 8259 allows, and only at the start."""
    from rowreader.example_folder import SIDECAR_FORMAT, load_examples
    from rowreader.json_text import parse_json

    (tmp_path / "ex" / "1").mkdir(parents=True)
    (tmp_path / "ex" / "1" / "a.png").write_bytes(digit_png.read_bytes())
    sidecar = {"format": SIDECAR_FORMAT, "label": 1, "strokes": [{"width": 2.0, "points": [[1, 2], [3, 4]]}]}
    (tmp_path / "ex" / "1" / "a.json").write_text(json.dumps(sidecar), encoding="utf-8-sig")
    found = load_examples(tmp_path / "ex")
    assert found.problems == [] and [len(e.strokes) for e in found.examples] == [1]
    with pytest.raises(ValueError, match=r"^not valid JSON"):
        parse_json('{"a": 1}\ufeff')


def test_thirteenth_a_url_given_for_a_file_is_refused_in_its_own_words(tmp_path, capsys, monkeypatch, digit_png):
    """`rowreader predict https://example.com/7.png` said "https:/example.com/7.png: no such file", a name nobody
    typed (pathlib folds the //), and `file:///…/7.png` was not found either. A URL is refused at the command line,
    saying what to give instead, unless a file has that very name."""
    for argv, said in [
        (["predict", "https://example.com/7.png"], "curl -O https://example.com/7.png"),
        (["predict", f"file://{digit_png.parent}/my%20seven.png"], f"path instead: {digit_png.parent}/my seven.png"),
        (["evaluate", "--data-dir", "s3://bucket/mnist"], "s3://bucket/mnist is a URL"),
    ]:
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and said in err and "https:/e" not in err, err
    monkeypatch.chdir(tmp_path)
    (tmp_path / "http:").mkdir()
    (tmp_path / "http:" / "seven.png").write_bytes(digit_png.read_bytes())
    assert cli_module.image_argument("http://seven.png") == "http://seven.png"  # a file of that name: read, as typed


@pytest.mark.parametrize("command", ["download", "evaluate"])
def test_thirteenth_a_data_dir_of_an_unknown_users_home_is_one_line(tmp_path, capsys, monkeypatch, command):
    """`--data-dir '~ann/mnist'` (quoted, so no shell expanded it) with no user ann was a traceback: pathlib's
    "RuntimeError: Could not determine home directory."; it is one line, and no folder named ~ann is made."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as refused:  # a refused command line since the fourteenth round (it was 1)
        main([command, "--data-dir", "~nosuchuser13/mnist"])
    assert refused.value.code == 2 and capsys.readouterr().err.endswith(
        f"rowreader {command}: error: argument --data-dir: ~nosuchuser13/mnist: begins with ~nosuchuser13, which "
        "names no home folder (no user nosuchuser13 is known here)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_thirteenth_decided_at_asks_a_batch_which_axis_holds_the_rows(mnist_test):
    """Beliefs of a batch are ``[rows, B, 10]`` from a stream and ``[B, rows, 10]`` from ``forward``: the softmax of
    forward for 10 digits was read, in silence, as 10 rows of 28 digits (an answer of shape [28]), and 28 digits
    cannot be told apart by their shape at all. A batch says its layout; the ambiguous call is refused."""
    from rowreader import decided_at, load_pretrained

    model = load_pretrained()
    images = mnist_test[0][:10] / np.float32(255)
    stream = model.stream(batch=10)
    stream.feed_image(images)
    rows_first = stream.probabilities  # [28, 10, 10]
    one_by_one = [int(decided_at(rows_first[:, b])) for b in range(10)]
    with pytest.raises(TypeError, match=r"\[10, 28, 10\], need batch_first: False for \[rows, B, 10\]"):
        decided_at(rows_first.swapaxes(0, 1))
    assert len(set(one_by_one)) > 2 and decided_at(rows_first, batch_first=False).tolist() == one_by_one
    assert decided_at(rows_first.swapaxes(0, 1), batch_first=True).tolist() == one_by_one
    with torch.no_grad():
        forward = torch.softmax(model.reader(torch.from_numpy(images)), -1).numpy()  # [10, 28, 10]
    assert decided_at(forward, batch_first=True).tolist() == one_by_one
    with pytest.raises(ValueError, match=r"expected probabilities \[B, rows, 10\] with at most 28 rows, got \[28, 40"):
        decided_at(np.zeros((28, 40, 10)), batch_first=True)
    with pytest.raises(ValueError, match=r"batch_first=True takes \[B, rows, 10\]; \[28, 10\] is one digit's"):
        decided_at(rows_first[:, 0], batch_first=True)
    with pytest.raises(TypeError, match="batch_first must be True, False or None, got 'yes'"):
        decided_at(rows_first, batch_first="yes")
    assert decided_at(rows_first, batch_first=0).tolist() == one_by_one  # 1 and 0, as every flag takes them
    assert decided_at(rows_first[:, 0], batch_first=False) == one_by_one[0]


def test_thirteenth_a_batch_of_digits_is_read_in_memory_the_size_of_the_images(mnist_test):
    """A batched stream kept its state after every row, and ``feed_image`` returned 28 copies of it: MNIST's test
    set read at once (the worked study of docs/library.md without its slice) peaked at 1.3 GB, 124 kB a digit. A
    batch keeps its current state, the rows it read and its beliefs; the states of a row in ``feed_image``'s
    answer are read again when asked for. The beliefs are the same, bit for bit."""
    from rowreader import load_pretrained

    model = load_pretrained()
    images = mnist_test[0][:500] / np.float32(255)
    with peak_memory() as peak:
        stream = model.stream(batch=len(images))
        predictions = stream.feed_image(images)
        beliefs = stream.probabilities
    assert peak.bytes < 8 * images.nbytes, f"{peak.bytes / len(images) / 1000:.0f} kB a digit"
    by_row = model.stream(batch=len(images))
    fed = [by_row.feed(images[:, r]) for r in range(28)]
    assert np.array_equal(beliefs, np.stack([p.probs for p in fed]))
    for r in (27, 3, 4, 0):  # asked for in any order, each row's states are those the stream had then
        assert np.array_equal(predictions[r].hidden, fed[r].hidden) and np.array_equal(predictions[r].cell, fed[r].cell)
    assert predictions[5].hidden.shape == (500, 1, 256) and not predictions[5].hidden.flags.writeable
    by_row.rewind(9)  # a batch re-reads its rows after a rewind: the same numbers as the first time
    again = [by_row.feed(images[:, r]) for r in range(9, 28)]
    assert all(np.array_equal(a.hidden, b.hidden) for a, b in zip(again, fed[9:], strict=True))
    assert np.array_equal(by_row.probabilities, beliefs)


def test_thirteenth_decided_at_refuses_logits_and_percentages_as_beliefs(tiny_reader):
    """``forward`` gives logits; passed to ``decided_at`` as they were, they were read as beliefs without a word
    ("decided" wherever a logit passed 0.6), and so were log-probabilities, percentages and NaN (never decided)."""
    from rowreader import decided_at

    images = torch.rand(4, 28, 28)
    with torch.no_grad():
        logits = tiny_reader(images)
    beliefs = torch.softmax(logits, -1).numpy()
    assert decided_at(beliefs, 0.1, batch_first=True).shape == (4,)
    with torch.no_grad():  # bfloat16 beliefs sum to 1 ± 0.003: beliefs all the same
        low_precision = torch.softmax(tiny_reader.to(torch.bfloat16)(images), -1).float().numpy()
    # off by bfloat16's steps (2⁻¹¹ and more; 0.00098 to 0.003 here, by the CPU's kernels), far beyond float32's
    assert abs(low_precision.sum(-1) - 1).max() > 4e-4 and decided_at(low_precision, 0.1, batch_first=True).shape == (
        4,
    )
    for wrong in (logits.numpy(), torch.log_softmax(logits, -1).numpy(), 100 * beliefs, np.full_like(beliefs, np.nan)):
        with pytest.raises(ValueError, match=r"must lie in \[0, 1\] and sum to 1 .*softmax them first"):
            decided_at(wrong, batch_first=True)
    with pytest.raises(ValueError, match=r"got 0\.09…0\.09 summing to 0\.9…0\.9"):
        decided_at(np.full((3, 10), 0.09))
    with pytest.raises(TypeError, match="probabilities must be real numbers, got an array of <U3"):
        decided_at(np.full((3, 10), "0.1"))
    assert decided_at(np.eye(10, dtype=int)[[3, 3]]) == 1 and decided_at(
        np.zeros((0, 4, 10)), batch_first=False
    ).shape == (4,)


def test_thirteenth_forward_takes_any_float_tensor_and_names_a_numpy_batch(tiny_reader):
    """``reader(images)`` with a NumPy batch failed as "'numpy.ndarray' object has no attribute 'dim'", and half or
    bfloat16 images as "mat1 and mat2 must have the same dtype, but got Half and Float" (float64 was converted)."""
    images = np.random.default_rng(0).random((3, 28, 28), dtype=np.float32)
    with pytest.raises(TypeError, match=r"must be a torch tensor \[B, 28, 28\], got ndarray \(torch\.from_numpy"):
        tiny_reader(images)
    with torch.no_grad():
        want = tiny_reader(torch.from_numpy(images))
        for dtype in (torch.float16, torch.bfloat16, torch.float64):
            got = tiny_reader(torch.from_numpy(images).to(dtype))
            assert got.dtype == torch.float32
            torch.testing.assert_close(got, want, atol=0.05, rtol=0)


def test_thirteenth_evaluate_curve_takes_devices_as_the_rest_of_the_library_does(tiny_reader, mnist_test):
    """``evaluate_curve(device="auto")`` (which ``load_checkpoint`` takes) failed in torch's words, a list of twenty
    device types, and so did "gpu"; ``device="cuda"`` without CUDA was told to move the reader there."""
    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test[0][:50], mnist_test[1][:50]
    auto = evaluate_curve(tiny_reader, images, labels, device="auto" if not torch.cuda.is_available() else "cpu")
    assert np.array_equal(auto, evaluate_curve(tiny_reader, images, labels))
    with pytest.raises(ValueError, match=r"unknown device 'gpu'; expected auto \| cpu \| cuda \| cuda:N"):
        evaluate_curve(tiny_reader, images, labels, device="gpu")
    with pytest.raises(TypeError, match=r"device must be auto \| cpu \| cuda \| cuda:N or a torch.device, got 0"):
        evaluate_curve(tiny_reader, images, labels, device=0)
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA is not available here"):
            evaluate_curve(tiny_reader, images, labels, device="cuda")


def test_thirteenth_save_checkpoint_keeps_a_file_that_is_not_a_checkpoint(tmp_path, tiny_reader):
    """``save_checkpoint("notes.txt", reader)`` (or a slip onto ``digit.png``) replaced the user's file with the
    weights: only pipes and devices were spared. A file holding something else is kept unless ``force=True``; an
    empty one, or an earlier checkpoint, is written over as before."""
    notes, picture = tmp_path / "notes.txt", tmp_path / "digit.png"
    notes.write_text("my notes")
    Image.new("L", (28, 28)).save(picture)
    before = picture.read_bytes()
    with pytest.raises(FileExistsError, match=r"notes\.txt: it is a text file starting 'my notes', not a RowReader"):
        save_checkpoint(notes, tiny_reader)
    with pytest.raises(FileExistsError, match=r"digit\.png: it is a PNG picture, not a RowReader checkpoint"):
        save_checkpoint(picture, tiny_reader)
    assert notes.read_text() == "my notes" and picture.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digit.png", "notes.txt"]
    save_checkpoint(notes, tiny_reader, force=True)
    (tmp_path / "empty.safetensors").touch()
    for path in (notes, tmp_path / "empty.safetensors", notes):  # forced, empty, then a checkpoint of ours
        save_checkpoint(path, tiny_reader)
        assert load_checkpoint(path).config == tiny_reader.config


def test_thirteenth_a_model_made_by_hand_is_refused_at_once_in_words(tiny_reader):
    """``RowReader({"hidden_size": 8})`` failed as "'dict' object has no attribute 'cell'", ``initialise(None)``
    drew from torch's global state (a seed meant nothing) and ``initialise(0)`` failed in torch's words; a
    ``Checkpoint`` made with ``metadata=None`` failed at ``accuracy`` ("'NoneType' object has no attribute 'get'"),
    and one missing a tensor in ``load_state_dict``'s words when its ``reader`` was built."""
    from rowreader import Checkpoint

    with pytest.raises(TypeError, match=r"config must be a ReaderConfig, got dict \(ReaderConfig\.from_dict makes"):
        RowReader({"hidden_size": 8})
    for generator in (None, 0):
        with pytest.raises(TypeError, match=r"initialise takes a torch\.Generator \(torch\.Generator\(\)\.manual_seed"):
            RowReader(ReaderConfig(hidden_size=8)).initialise(generator)
    weights = Checkpoint.from_reader(tiny_reader).weights
    assert Checkpoint(tiny_reader.config, weights, None).accuracy is None
    with pytest.raises(TypeError, match="config must be a ReaderConfig, got dict"):
        Checkpoint(tiny_reader.config.to_dict(), weights)
    with pytest.raises(TypeError, match="weights must map tensor names to arrays, got list"):
        Checkpoint(tiny_reader.config, list(weights.values()))
    with pytest.raises(TypeError, match="metadata must be a dict of JSON values, got list"):
        Checkpoint(tiny_reader.config, weights, [("test_accuracy", 0.5)])
    partial = Checkpoint(tiny_reader.config, {k: v for k, v in weights.items() if k != "output.bias"})
    with pytest.raises(
        ValueError,
        match=r"tensors do not match the model: missing \['output\.bias'\]$",  # the 46th round's words
    ):
        _ = partial.reader


def test_thirteenth_a_checkpoint_whose_reader_was_trained_is_not_saved_as_it_was(tmp_path, tiny_file):
    """``ckpt.reader`` trained in place, then ``save_checkpoint(path, ckpt)``: the file held the weights from before
    the training, without a word, and ``ckpt.stream()`` read them while ``evaluate_curve(ckpt)`` scored the trained
    ones. Both say so now, and how to keep the change."""
    from rowreader import Checkpoint

    checkpoint = load_checkpoint(tiny_file)
    checkpoint.stream()
    save_checkpoint(tmp_path / "same.safetensors", checkpoint)  # built, not changed: saved as before
    with torch.no_grad():
        checkpoint.reader.output.bias += 1.0  # a step of training
    with pytest.raises(ValueError, match=r"reader was changed \(trained\?\) since it was made of the weights a save"):
        save_checkpoint(tmp_path / "mine.safetensors", checkpoint)
    with pytest.raises(ValueError, match=r"weights a stream would read; Checkpoint\.from_reader\(checkpoint\.reader"):
        checkpoint.stream()
    assert not (tmp_path / "mine.safetensors").exists()
    kept = Checkpoint.from_reader(checkpoint.reader, checkpoint.metadata)
    save_checkpoint(tmp_path / "mine.safetensors", kept)
    saved = load_checkpoint(tmp_path / "mine.safetensors")
    assert np.array_equal(saved.weights["output.bias"], checkpoint.weights["output.bias"] + 1.0)


def test_thirteenth_load_mnist_refuses_a_download_or_root_of_the_wrong_kind(monkeypatch):
    """``load_mnist(download="no")`` took the string as true (a download where the files were missing), and
    ``root=5`` failed in os.fspath's words ("expected str, bytes or os.PathLike object, not int")."""
    from rowreader import data

    monkeypatch.setattr(data, "_fetch", lambda folder: pytest.fail("fetched"))
    for download in ("no", "False", None):
        with pytest.raises(TypeError, match=r"download must be True \(fetch the files where they are missing\) or"):
            data.load_mnist(download=download)
    with pytest.raises(TypeError, match=r"root must be a folder's path \(a str or a Path\) or None, got int"):
        data.load_mnist(root=5)
    assert len(data.load_mnist(train=False, download=False)[0]) == 10_000


def test_thirteenth_evaluate_curve_reads_a_model_of_ones_own_by_rows(tiny_reader, mnist_test):
    """A student's own torch model of the rows, to compare with, failed as "'Sequential' object has no attribute
    'device'"; one that answers once per image ([B, 10]) would have broadcast into a [B, B] "curve"."""
    from torch import nn

    from rowreader.evaluate import evaluate_curve

    images, labels = mnist_test[0][:60], mnist_test[1][:60]
    torch.manual_seed(0)
    per_row = nn.Sequential(nn.Linear(28, 10))  # each row alone: [B, 28, 28] → [B, 28, 10]
    with torch.no_grad():
        by_hand = per_row(torch.from_numpy(images / np.float32(255))).argmax(-1) == torch.tensor(labels)[:, None]
    assert np.array_equal(evaluate_curve(per_row, images, labels), by_hand.double().mean(0).numpy())
    once = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(ValueError, match=r"gave \[60, 10\] for \[60, 28, 28\] images; evaluate_curve needs logits"):
        evaluate_curve(once, images, labels)
    assert evaluate_curve(tiny_reader, images, labels).shape == (28,)


@pytest.mark.parametrize("command", ["download", "evaluate"])
def test_thirteenth_rowreader_data_of_an_unknown_users_home_is_one_line(tmp_path, capsys, monkeypatch, command):
    """`ROWREADER_DATA='~ann/x'` (no user ann) was pathlib's RuntimeError traceback, where `--data-dir` with the
    same name is one line: the variable's value is checked as the flag's is, and the line names the variable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROWREADER_DATA", "~nosuchuser13/mnist")
    code, _, err = run(capsys, command)
    assert code == 1 and err == (
        "rowreader: error: $ROWREADER_DATA=~nosuchuser13/mnist: begins with ~nosuchuser13, which names no home "
        "folder (no user nosuchuser13 is known here)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_thirteenth_a_control_character_in_json_is_named_once():
    """A tab inside a JSON string (a UNIPEN line, a sidecar) was "Invalid control character at at character 9":
    Python's own message ends in "at", and ours added another."""
    from rowreader.json_text import parse_json

    with pytest.raises(ValueError) as refused:
        parse_json('{"a": "x\ty"}')
    assert str(refused.value) == "not valid JSON: Invalid control character at character 9"


def _thirteenth_big_digit(mnist_test, index: int = 0) -> np.ndarray:
    """MNIST's test digit ``index`` (0 is a 7) drawn large and anti-aliased, dark on white, as uint8 grey."""
    return np.asarray(Image.fromarray(255 - mnist_test[0][index]).resize((224, 224), Image.Resampling.BILINEAR))


def _thirteenth_paper_made_transparent(rgb: np.ndarray, paper: tuple[int, int, int], path: Path) -> None:
    """``rgb`` saved as a 64-colour GIF whose palette colour nearest ``paper`` is transparent (a matte's GIF)."""
    picture = Image.fromarray(rgb).convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    palette = np.array(picture.getpalette()).reshape(-1, 3)
    picture.save(path, transparency=int(np.abs(palette - paper).sum(axis=1).argmin()))


@pytest.mark.parametrize(
    ("paper", "ink"),
    [((255, 255, 255), (0, 0, 0)), ((0, 0, 0), (255, 255, 255)), ((240, 220, 60), (30, 40, 170))],
    ids=["white-paper", "black-paper", "yellow-paper-blue-ink"],
)
def test_thirteenth_a_gif_whose_paper_is_transparent_reads_as_on_its_paper(tmp_path, mnist_test, paper, ink):
    """A GIF's 7, anti-aliased against its paper and the paper made transparent, was composited over black (its
    painted pixels, mostly the halo, averaged lighter than mid-grey), so the light halo read as ink and the 7 as an
    8. Transparency is paper: the halo lies against it, so the paper is the shade it leans to, white or dark."""
    share = (255 - _thirteenth_big_digit(mnist_test)[..., None]) / 255.0
    rgb = (np.array(paper) * (1 - share) + np.array(ink) * share).round().astype(np.uint8)
    _thirteenth_paper_made_transparent(rgb, paper, tmp_path / "seven.gif")
    read = to_mnist(read_picture(tmp_path / "seven.gif"))
    opaque = to_mnist(rgb)
    assert read is not None and np.abs(read - opaque).mean() < 0.01  # composited over black: 0.08


@pytest.mark.parametrize("paper", [255, 0], ids=["white", "black"])
def test_thirteenth_a_page_turned_in_an_editor_reads_its_transparent_corners_as_paper(tmp_path, mnist_test, paper):
    """A page of paper and ink turned 20° in an editor, its new corners transparent: white paper (painted pixels
    lighter than mid-grey) was composited over black, and black over white, so the corners were read as ink."""
    grey = _thirteenth_big_digit(mnist_test)
    grey = grey if paper == 255 else 255 - grey
    turned = Image.fromarray(grey).convert("RGBA").rotate(20, expand=True, resample=Image.Resampling.BICUBIC)
    turned.save(tmp_path / "turned.png")
    on_paper = Image.new("RGBA", turned.size, (paper, paper, paper, 255))
    on_paper.alpha_composite(turned)
    read = to_mnist(read_picture(tmp_path / "turned.png"))
    assert read is not None and np.abs(read - to_mnist(np.asarray(on_paper.convert("L")))).mean() < 0.01


def test_thirteenth_every_kind_of_transparency_reads_the_same(tmp_path, mnist_test):
    """Black strokes on a transparent page whose hidden colour is nearly black, saved as RGBA, grey + alpha and
    palette PNGs, a GIF, a lossless WebP, and grey, 16-bit grey and RGB PNGs whose one transparent colour is the
    page's: all read as the strokes on white. The grey and RGB colour keys (a PNG's tRNS chunk) were ignored, so
    those pages were black strokes on near-black, "no ink", yet honoured in a picture large enough to be shrunk."""
    stroke = (255 - _thirteenth_big_digit(mnist_test)) > 127
    expected = to_mnist(np.where(stroke, 0, 255).astype(np.uint8))
    rgba = np.full((*stroke.shape, 4), 12, np.uint8)
    rgba[..., 3] = 0
    rgba[stroke] = (0, 0, 0, 255)
    pictures = {
        "rgba.png": Image.fromarray(rgba),
        "la.png": Image.fromarray(rgba[..., [0, 3]], "LA"),
        "webp.webp": Image.fromarray(rgba),
        "keyed-grey.png": Image.fromarray(rgba[..., 0]),
        "keyed-rgb.png": Image.fromarray(rgba[..., :3]),
        "keyed-grey-16.png": Image.fromarray(rgba[..., 0].astype(np.uint16) * 257),
        "palette.png": Image.fromarray(stroke.astype(np.uint8), "P"),
        "palette.gif": Image.fromarray(stroke.astype(np.uint8), "P"),
    }
    keys = {"L": 12, "RGB": (12, 12, 12), "I;16": 12 * 257, "P": 0}
    for name, picture in pictures.items():
        if picture.mode == "P":
            picture.putpalette([12, 12, 12, 0, 0, 0])
        keyed = name.startswith(("keyed", "palette"))
        options = {"transparency": keys[picture.mode]} if keyed else {"lossless": True} if "webp" in name else {}
        picture.save(tmp_path / name, **options)
        read = to_mnist(read_picture(tmp_path / name))
        assert read is not None and np.abs(read - expected).mean() < 0.005, name


def test_thirteenth_a_wholly_transparent_picture_is_a_blank_page(mnist_test):
    """A picture with nothing painted (alpha 0 everywhere) showed nothing, yet the colours hidden under its
    transparency were read as a digit; it is a page of paper, with no ink."""
    hidden = np.zeros((224, 224, 4), np.uint8)
    hidden[..., :3] = _thirteenth_big_digit(mnist_test)[..., None]
    assert to_mnist(hidden) is None
    assert to_mnist(hidden[..., [0, 3]]) is None


@pytest.mark.skipif(np.finfo(np.longdouble).max <= np.finfo(np.float64).max, reason="long double is float64 here")
def test_thirteenth_long_double_pixels_beyond_float64_are_finite_numbers(tiny_file):
    """float128 (long double) pixels of 1e400 are finite, but `to_mnist` refused them as "NaN or infinite values"
    and the stream and `DigitSession.set_image` said "got 0…inf". `to_mnist` reads them as it reads any float
    beyond [0, 1] (0…255, the excess clipped), without a NumPy warning; the others say what they are."""
    from rowreader.session import DigitSession

    strokes = np.zeros((28, 28), np.longdouble)
    strokes[5:23, 13:15] = np.longdouble("1e400")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.array_equal(to_mnist(strokes), to_mnist(np.where(strokes > 0, 255.0, 0.0)))
        assert np.array_equal(to_mnist(strokes / np.longdouble("1e400")), to_mnist(strokes > 0))
        with pytest.raises(ValueError, match=r"must hold pixel values in \[0, 1\] \(ink = 1\), got 0…1e\+400$"):
            load_checkpoint(tiny_file).stream().feed_image(strokes)
        with pytest.raises(ValueError, match=r"must hold pixel values in \[0, 1\] \(ink = 1\), got 0…1e\+400$"):
            DigitSession(None).set_image(strokes)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int64, np.int8])
def test_thirteenth_a_mask_of_0s_and_1s_is_read_as_a_boolean_one_is(mnist_test, tiny_file, dtype):
    """`to_mnist((grey > 128).astype(np.uint8))` read a uint8 0/1 mask as 0…255 values, a black page with a digit
    of 1/255 ("no ink"), while the stream read the same array as 0/1 pixels (ink = 1). A mask of 0s and 1s in any
    integer dtype is read as a boolean one: its 1s on a page of 0s are the digit, for both."""
    mask = mnist_test[0][0] > 128
    expected = to_mnist(mask)
    assert expected is not None
    assert np.array_equal(to_mnist(mask.astype(dtype)), expected)
    assert np.array_equal(
        to_mnist(np.kron(mask, np.ones((80, 80), bool)).astype(dtype)), to_mnist(np.kron(mask, np.ones((80, 80), bool)))
    )
    streamed = load_checkpoint(tiny_file).stream().feed_image(mask.astype(dtype))[-1].probs
    np.testing.assert_array_equal(streamed, load_checkpoint(tiny_file).stream().feed_image(mask)[-1].probs)


def test_thirteenth_a_masked_arrays_masked_pixels_are_paper(mnist_test, tiny_file):
    """NumPy's masked arrays were read by their data, the mask ignored: a band of black masked out of a page was
    read as ink, and a float page from `np.ma.masked_invalid` was refused for the NaN under its mask. A masked
    pixel is paper: transparent for `to_mnist` (any channel masked), 0 for the stream and `DigitSession`."""
    from rowreader.session import DigitSession

    page = _thirteenth_big_digit(mnist_test)
    expected = to_mnist(page)
    blotted = page.copy()
    blotted[:, :30] = 0
    masked = np.ma.masked_array(blotted, mask=np.zeros(page.shape, bool))
    masked[:, :30] = np.ma.masked
    assert np.abs(to_mnist(masked) - expected).mean() < 0.005  # the black band read as ink: 0.1
    colour = np.ma.masked_array(np.dstack([blotted] * 3), mask=np.zeros((*page.shape, 3), bool))
    colour.mask[:, :30, 1] = True
    assert np.abs(to_mnist(colour) - expected).mean() < 0.005
    unknown = page / 255.0
    unknown[:, :30] = np.nan
    assert np.abs(to_mnist(np.ma.masked_invalid(unknown)) - expected).mean() < 0.005
    assert to_mnist(np.ma.masked_all((28, 28))) is None

    digit = mnist_test[0][0] / 255.0
    stray = np.ma.masked_array(np.ones((28, 28)), mask=digit == 0)
    stray[digit > 0] = digit[digit > 0]
    stream = load_checkpoint(tiny_file).stream()
    read = stream.feed_image(stray)[-1].probs
    np.testing.assert_array_equal(read, load_checkpoint(tiny_file).stream().feed_image(digit)[-1].probs)
    session = DigitSession(None)
    session.set_image(stray)
    np.testing.assert_array_equal(session.image, digit.astype(np.float32))


@pytest.mark.parametrize(("height", "width"), [(5000, 3), (1500, 1), (3, 5000), (2, 900)])
def test_thirteenth_a_picture_one_or_two_pixels_across_has_its_paper_at_its_ends(height, width):
    """A 5,000 × 3 picture of a 1 (a 1-px stroke down the middle, paper above and below) is averaged to one
    column, all of it border: the border was mostly ink, so the paper above and below was read as two dots (the
    1 as a 5). A picture 1 px wide was read so without any averaging. Such a picture's paper is at its ends."""
    page = np.full((height, width), 255, np.uint8)
    if height > width:
        page[height // 10 : 9 * height // 10, width // 2] = 0
    else:
        page[height // 2, width // 10 : 9 * width // 10] = 0
    read = to_mnist(page, allow_small=height < width)  # a line lying flat is no digit (one_digit.FLATTEST)
    assert read is not None
    inked = (read > 0.3).any(axis=1 if height > width else 0)
    assert inked.sum() == 20 and np.ptp(np.flatnonzero(inked)) == 19  # one stroke, the length of the box


def test_thirteenth_a_bicubic_enlarged_float_digit_is_read_as_0_to_1(mnist_test):
    """A [0, 1] float digit enlarged with a bicubic filter (Pillow's "F" resize; `scipy.ndimage.zoom` does the
    same) overshoots to -0.1…1.12, and one value below 0 made it a 0…255 picture: black, "no ink". Floats are
    [0, 1] up to 2, the overshoot clipped."""
    digit = Image.fromarray((mnist_test[0][0] / 255.0).astype(np.float32), "F")
    enlarged = np.asarray(digit.resize((224, 224), Image.Resampling.BICUBIC))
    assert enlarged.min() < -0.05 and enlarged.max() > 1.05
    read = to_mnist(enlarged)
    assert read is not None and np.abs(read - to_mnist(np.clip(enlarged, 0, 1))).max() == 0


@pytest.mark.parametrize("offset", [2**62, -(2**62), 2**53 + 1])
def test_thirteenth_integers_far_from_0_keep_their_shades(mnist_test, offset):
    """int64 pixels of 2**62 + 0…255 (the picture's own min…max, as integers beyond 16 bits are read) became one
    shade in float64's 53 bits: a blank page. They are subtracted as integers first, at any size."""
    digit = mnist_test[0][0].astype(np.int64)
    assert np.array_equal(to_mnist(digit + offset), to_mnist(digit))  # own min…max: the same 0…255
    large = np.kron(digit, np.ones((80, 80), np.int64))  # 2,240 px: averaged in boxes first
    assert np.abs(to_mnist(large + offset) - to_mnist(large)).max() < 1e-6


@pytest.mark.parametrize(
    ("paper", "pen"),
    [((60, 170, 60), (220, 60, 60)), ((76, 76, 76), (255, 0, 0)), ((0, 160, 160), (200, 60, 200))],
    ids=["red-on-green", "red-on-grey-as-bright", "magenta-on-teal"],
)
def test_thirteenth_a_coloured_pen_on_coloured_paper_of_the_same_brightness_is_ink(tmp_path, mnist_test, paper, pen):
    """A 7 in red pen on green paper, their luminance 0.42 and 0.49 (under 8 % apart), was "no ink found" from
    `rowreader predict`, a digit any eye sees. Where the grey shows no ink, the colours' difference from the
    paper's is read; a blank page with a tint across it and noise in it stays blank."""
    share = (np.asarray(Image.fromarray(mnist_test[0][0]).resize((224, 224), Image.Resampling.BILINEAR)) / 255.0)[
        ..., None
    ]
    drawn = (np.array(paper) * (1 - share) + np.array(pen) * share).round().astype(np.uint8)
    Image.fromarray(drawn).save(tmp_path / "seven.png")
    read = to_mnist(read_picture(tmp_path / "seven.png"))
    grey = to_mnist((255 - share[..., 0] * 255).astype(np.uint8))
    assert read is not None and np.abs(read - grey).mean() < 0.005
    tinted = np.array(paper) + np.linspace(0, 12, 400)[:, None] * np.array([1, -0.5, -1])
    page = np.random.default_rng(3).normal(np.broadcast_to(tinted, (300, 400, 3)), 3).clip(0, 255).astype(np.uint8)
    assert to_mnist(page) is None


@pytest.mark.parametrize("negative", [False, True], ids=["photo", "negative"])
def test_thirteenth_a_photo_with_grain_is_cropped_to_its_digit_not_its_page(tmp_path, mnist_test, negative):
    """A photo of a 7 on paper, with a camera's grain (2 % of full scale) and a little vignetting, saved as a
    JPEG: the grain, stretched with the ink, rose past the ink threshold here and there, so the crop was the
    whole page and the 7 a speck in it (6 of 30 such photos read right). The paper reaches as far as its
    border's grain; so does a negative (white on black) of the photo."""
    ink = np.asarray(Image.fromarray(mnist_test[0][0]).resize((180, 180), Image.Resampling.BILINEAR)) / 255.0
    page = np.zeros((480, 360))
    page[150:330, 90:270] = ink
    rows, columns = np.mgrid[0:480, 0:360]
    paper = 0.78 - 0.08 * (((rows - 240) / 240) ** 2 + ((columns - 180) / 180) ** 2)
    photo = paper * (1 - page) + 0.18 * page + np.random.default_rng(0).normal(0, 0.02, page.shape)
    photo = 1 - photo if negative else photo
    Image.fromarray((np.clip(photo, 0, 1) * 255).astype(np.uint8)).save(tmp_path / "photo.jpg", quality=80)
    read = normalise(read_picture(tmp_path / "photo.jpg"))
    top, left, bottom, right = read.placement.crop
    assert top >= 190 and bottom <= 330 and left >= 120 and right <= 240  # the 7 lies in [193, 326) × [126, 233)
    assert np.abs(read.image - to_mnist(1 - page)).mean() < 0.05  # the same 7 on clean paper


_SMALL_SHAPES = st.one_of(
    st.tuples(st.integers(3, 30), st.integers(3, 30)),
    st.tuples(st.integers(3, 20), st.integers(3, 20), st.sampled_from([1, 3])),
)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from([np.uint8, np.uint16, np.int8, np.int32, np.int64, np.uint64]))
def test_thirteenth_property_a_mask_of_0s_and_1s_in_any_integer_dtype_reads_as_booleans(data, dtype):
    """Any array of 0s and 1s reads as the same booleans do, whatever its integer dtype and shape."""
    mask = data.draw(hnp.arrays(np.bool_, data.draw(_SMALL_SHAPES)))
    expected = to_mnist(mask, allow_small=True)
    read = to_mnist(mask.astype(dtype), allow_small=True)
    assert (read is None and expected is None) or np.array_equal(read, expected)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from([np.uint8, np.int64, np.float32, np.float64]))
def test_thirteenth_property_what_lies_under_a_mask_or_a_transparent_pixel_is_never_read(data, dtype):
    """A masked array reads the same whatever its masked pixels hold (NaN and infinities too), and a uint8 RGBA
    picture the same whatever colours its wholly transparent pixels hold."""
    shape = data.draw(_SMALL_SHAPES)
    floats = st.floats(0, 255, allow_nan=False) if np.dtype(dtype).kind == "f" else None
    values = data.draw(hnp.arrays(dtype, shape, elements=floats))
    masked = data.draw(hnp.arrays(np.bool_, shape))
    other = data.draw(hnp.arrays(dtype, shape))  # anything at all, NaN included for floats
    first = to_mnist(np.ma.masked_array(values, masked), allow_small=True)
    second = to_mnist(np.ma.masked_array(np.where(masked, other, values), masked), allow_small=True)
    assert (first is None and second is None) or np.array_equal(first, second)

    rgba = data.draw(hnp.arrays(np.uint8, (*shape[:2], 4)))
    clear = rgba[:, :, 3] == 0
    recoloured = rgba.copy()
    recoloured[clear, :3] = data.draw(hnp.arrays(np.uint8, (int(clear.sum()), 3)))
    first, second = to_mnist(rgba, allow_small=True), to_mnist(recoloured, allow_small=True)
    assert (first is None and second is None) or np.array_equal(first, second)


def test_thirteenth_a_picture_translucent_everywhere_has_no_edge_against_transparency(mnist_test):
    """Ink at alpha 255 on paper at alpha 200 (found by the property above): every pixel is painted, none lies
    against transparency, and the paper's shade was the median of no pixels (NumPy's "Mean of empty slice", and a
    NaN deciding it). It stands on the shade its painted pixels contrast with, as strokes of one colour do."""
    page = _thirteenth_big_digit(mnist_test)
    rgba = np.dstack([page, page, page, np.where(page < 128, 255, 200).astype(np.uint8)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read = to_mnist(rgba)
    assert read is not None and np.abs(read - to_mnist(page)).mean() < 0.01


def test_thirteenth_a_large_transparent_array_averages_its_colours_by_their_alpha(mnist_test):
    """An RGBA array over 2,048 px (black strokes on a transparent page) was box-averaged colour by colour, so the
    hidden colour of its transparent pixels (white here, black there) paled the strokes' edges: the two read
    differently, and unlike the same picture from a file, which Pillow averages weighted by alpha."""
    strokes = np.kron(mnist_test[0][0] > 128, np.ones((81, 81), bool))  # 2,268 px: boxes of 2 straddle edges
    readings = []
    for hidden in (0, 255):
        rgba = np.full((*strokes.shape, 4), hidden, np.uint8)
        rgba[:, :, 3] = 0
        rgba[strokes] = (0, 0, 0, 255)
        readings.append(to_mnist(rgba))
    assert np.array_equal(readings[0], readings[1])
    assert np.abs(readings[0] - to_mnist(np.where(strokes, 0, 255).astype(np.uint8))).max() < 1e-5


@pytest.mark.parametrize("kind", ["PNG", "GIF", "WebP"])
def test_thirteenth_a_damaged_picture_of_a_known_format_is_called_damaged(tmp_path, capsys, kind):
    """A PNG whose header chunk is damaged (one byte changed: its checksum fails) was "not an image PIL can read"
    from `rowreader predict`, as if PNGs were not read, while the app called it "a damaged PNG picture". Both
    say it is damaged now (one table of the formats' first bytes, in rowreader.picture_errors)."""
    path = tmp_path / f"seven.{kind.lower()}"
    Image.fromarray(np.full((28, 28), 255, np.uint8)).save(path, format=kind)
    damaged = bytearray(path.read_bytes())
    if kind == "PNG":
        damaged[16] ^= 0xFF  # the width: the header's checksum fails
    elif kind == "GIF":
        del damaged[8:]  # cut off within its screen descriptor
    else:
        damaged[12:16] = b"VP9 "  # an unknown chunk where the image's own should be
    path.write_bytes(bytes(damaged))
    code, _, err = run(capsys, "predict", path)
    assert code == 1 and f"{path}: a damaged {kind} picture (it begins as one, but cannot be read)" in err


def test_thirteenth_a_large_pil_image_is_shrunk_before_numpy_copies_it():
    """`to_mnist(Image.open(…))` of a large RGBA picture copied it whole into NumPy before averaging it (3 times
    the picture's bytes at the peak); a PIL image is shrunk as a file is, by Pillow a stripe at a time (1.7
    times), and reads the same as the file."""
    page = np.zeros((4100, 4100, 4), np.uint8)
    page[700:3400, 2000:2150] = (0, 0, 0, 255)
    picture = Image.fromarray(page)
    with peak_memory() as peak:
        read = to_mnist(picture)
    assert peak.bytes < 2 * page.nbytes
    assert read is not None and np.abs(read - to_mnist(page)).mean() < 0.01


@pytest.mark.parametrize("index", [180, 330, 80])
def test_thirteenth_a_tight_crop_whose_border_is_mostly_ink_has_no_grain(mnist_test, monkeypatch, index):
    """The grain rule (a photo's paper reaches as far as its border's grain) took the ink of a digit cropped to its
    own box for grain: a 1 four pixels wide, its border 60 % ink, was cut to its darkest pixels. Grain is measured
    on the paper's side of the border's shade only, and none coarser than half the ink's contrast is believed."""
    from rowreader import preprocess

    digit = mnist_test[0][index]
    rows, columns = np.flatnonzero(digit.any(axis=1)), np.flatnonzero(digit.any(axis=0))
    tight = 255 - digit[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    read = to_mnist(tight)
    monkeypatch.setattr(preprocess, "GRAIN_REACH", 0.0)
    assert np.array_equal(read, to_mnist(tight))


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(hypothesis.strategies.binary(min_size=1, max_size=40))
def test_thirteenth_any_file_name_is_shown_readably_as_one_line(name):
    """A name that is not UTF-8 showed as "caf�.png" (lone surrogates, which Qt renders as U+FFFD or drops); shown,
    it has no lone surrogate and no U+FFFD, a byte of Latin-1's letters is its letter, and a UTF-8 name is shown as
    one_line shows it."""
    from rowreader.output import one_line
    from rowreader.readable import readable

    shown = readable(os.fsdecode(name))
    assert shown.encode("utf-8") and "\ufffd" not in shown  # every character can be drawn, none is a "?"
    assert "\n" not in shown and "\x1b" not in shown
    try:
        assert shown == one_line(name.decode("utf-8"))
    except UnicodeDecodeError:
        assert len(shown) >= len(name.decode("utf-8", "replace"))  # each odd byte is a character of its own
    assert readable(os.fsdecode(b"caf\xe9 \x80.png")) == "café €.png"


@pytest.mark.parametrize("command", ["evaluate", "download"])
def test_thirteenth_a_commands_help_speaks_of_its_own_exit_statuses(command, capsys):
    """`rowreader evaluate --help` and `download --help` gave predict's exit statuses: images, "predict still reads
    the other images" and --json's document, none of which they have. (evaluate has a --json of its own since the
    fiftieth round, and says what a stop leaves of it.)"""
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split("Exit status:")[1].split())
    assert "image" not in text and "143 by SIGTERM" in text
    assert ("--json" in text) == (command == "evaluate")


def test_thirteenth_a_clash_with_an_8_says_an_8(tmp_path):
    """A picture kept as a 1 and in 8/ was "kept as a 1 (…) and as a 8 (8/copy.png)" in the dock and the teach
    dialog; the app's own "an 8" is the library's now (`rowreader.example_folder.a_digit`), so every place says it
    alike."""
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    one = store.add(1, np.pad(np.full((20, 4), 255, np.uint8), 4))
    (store.root / "8").mkdir()
    (store.root / "8" / "copy.png").write_bytes(one.path.read_bytes())
    assert store.load().label_clashes() == [
        f"the same picture is kept as a 1 (1/{one.path.name}) and as an 8 (8/copy.png)"
    ]


def test_thirteenth_a_download_stopped_by_a_signal_leaves_no_folders_it_made(tmp_path, monkeypatch):
    """Ctrl-C or SIGTERM during `rowreader download --data-dir ~/data/mnist` left ~/data/mnist/MNIST/raw behind,
    empty (the clean-up caught Exception, which a KeyboardInterrupt is not): an offline failure already removed them."""
    import rowreader.data

    def stopped(root):
        (root / "MNIST" / "raw").mkdir(parents=True, exist_ok=True)
        raise KeyboardInterrupt

    monkeypatch.setattr(rowreader.data, "download_mnist", stopped)
    with pytest.raises(KeyboardInterrupt):
        rowreader.data.load_mnist(tmp_path / "data" / "mnist", train=False, download=True)
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def _strokes_on_nothing(dtype: type, hidden: float) -> np.ndarray:
    """A 1 of opaque black strokes (alpha at its top: 1.0 for floats, 255 for integers) on transparency, whose
    transparent pixels hold the colour ``hidden``."""
    top = 1.0 if np.issubdtype(dtype, np.floating) else 255
    picture = np.zeros((60, 60, 4), dtype)
    picture[:, :, :3] = hidden
    picture[10:50, 28:33] = (0, 0, 0, top)
    return picture


@pytest.mark.parametrize(("dtype", "hidden"), [(np.float32, 255.0), (np.float64, 3.0), (np.int64, 70_000)])
def test_fourteenth_colours_hidden_under_full_transparency_do_not_set_the_value_range(dtype, hidden):
    """A float RGBA 1 in [0, 1] whose transparent pixels held 255 was read as 0…255 values: its strokes and their
    alpha near 0, "no ink". What lies under full transparency is not seen, so it does not count."""
    want = to_mnist(_strokes_on_nothing(dtype, 0))
    assert want is not None
    np.testing.assert_array_equal(to_mnist(_strokes_on_nothing(dtype, hidden)), want)


@settings(max_examples=40, deadline=None)
@given(hidden=st.floats(-1e30, 1e30, allow_nan=False), large=st.booleans())
def test_fourteenth_whatever_lies_under_full_transparency_the_reading_is_the_same(hidden, large):
    """Any colour hidden under full transparency, in a picture read whole or one box-averaged first (over
    2,048 px), leaves the reading as it is with black hidden there."""
    picture = _strokes_on_nothing(np.float64, hidden)
    if large:
        picture = np.repeat(picture, 35, axis=0)  # 2,100 rows: averaged in boxes first
    clean = picture.copy()
    clean[clean[:, :, 3] == 0] = 0
    np.testing.assert_allclose(to_mnist(picture), to_mnist(clean), atol=1e-6)


def test_fourteenth_nan_hidden_under_full_transparency_is_still_refused():
    picture = _strokes_on_nothing(np.float64, 0)
    picture[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        to_mnist(picture)


# ---- the fourteenth round (1 Dec 2026): the command lines hostile-tested -------------------------------------

NO_USER = "~rowreader-no-such-user/mnist"


@pytest.mark.parametrize("command", ["evaluate", "download"])
def test_fourteenth_a_folder_that_is_a_url_or_no_ones_home_is_a_refused_command_line(command, capsys):
    """`--data-dir https://…/mnist` was told to `curl -O` it, which fetches one file, not a folder; and
    `--data-dir '~ann/x'` (no user ann) was refused as a failed run (status 1, after torch loaded) where the URL was
    a refused command line (2). Both are refused with the command line now, in a folder's words."""
    for data_dir in ("https://example.org/mnist", NO_USER):
        with pytest.raises(SystemExit) as refused:
            main([command, "--data-dir", data_dir])
        err = capsys.readouterr().err
        assert refused.value.code == 2 and f"argument --data-dir: {data_dir}" in err and "curl" not in err
    assert "is a URL, not a folder on this machine" in main_error(capsys, command, "https://example.org/mnist")
    assert "names no home folder (no user rowreader-no-such-user" in main_error(capsys, command, NO_USER)


def main_error(capsys, command: str, data_dir: str) -> str:
    with pytest.raises(SystemExit):
        main([command, "--data-dir", data_dir])
    return capsys.readouterr().err


def test_fourteenth_an_unknown_device_is_refused_before_torch_loads():
    """`rowreader evaluate --device tpu` was refused after the seconds torch takes to import, as a failed run
    (status 1); it is a refused command line (2), said before torch is imported."""
    probe = (
        "import sys; from rowreader.cli import main\n"
        "try: main(['evaluate', '--device', 'tpu'])\n"
        "except SystemExit as e: print(e.code, 'torch' in sys.modules)"
    )
    done = run_python(probe)
    assert done.stdout.split() == ["2", "False"], done.stderr
    assert "argument --device: unknown device 'tpu'; expected auto | cpu | cuda | cuda:N" in done.stderr


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_fourteenth_options_ended_before_the_command_still_run_it(tmp_path, capsys, monkeypatch):
    """`rowreader -- predict x.png` was "invalid choice: '--'": argparse took the end of options for the command.
    The command is an operand like any word after `--`, and the words after it are names: `-seven.png` is a file."""
    monkeypatch.chdir(tmp_path)
    Image.new("L", (28, 28)).save(tmp_path / "-seven.png")
    code, out, err = run(capsys, "--", "predict", "-seven.png")
    assert code == 0 and out.startswith("-seven.png\n  no ink found") and err == ""


@pytest.mark.parametrize("command", [[], ["predict"], ["evaluate"], ["download"]])
def test_fourteenth_every_option_in_help_states_its_default(command, capsys):
    """`rowreader predict --help` said "(default: False)" of --json and --allow-small, Python's word; a flag's
    default is "off", as training's --help says. Every other option states its default."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = capsys.readouterr().out.split("options:")[1].split("Exit status")[0]
    options = [" ".join(e.split()) for e in re.split(r"\n  (?=-)", text) if e.strip()]
    assert "False" not in text and "True" not in text
    for option in options:
        assert option.startswith(("-h, --help", "--version")) or "(default: " in option, option


def test_fourteenth_a_data_folder_that_is_a_url_is_refused_before_any_download(tmp_path, capsys, monkeypatch):
    """`ROWREADER_DATA=https://…/mnist rowreader download` fetched MNIST into ./https:/…/mnist, a folder nobody
    named, and its errors named that folder; `load_mnist("https://…", download=True)` alike. A URL is no folder."""
    from rowreader.data import load_mnist

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROWREADER_DATA", "https://example.org/mnist")
    code, _, err = run(capsys, "download")
    said = "$ROWREADER_DATA=https://example.org/mnist is a URL, not a folder on this machine; give a folder's path"
    assert code == 1 and err == f"rowreader: error: {said}\n"
    with pytest.raises(ValueError, match="file:///data/mnist is a URL; give the folder's path instead: /data/mnist"):
        load_mnist("file:///data/mnist", download=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["~rowreader-no-such-user/x", "https://example.org/unipen"])
def test_fourteenth_a_folder_variable_no_folder_can_be_meant_by_is_named(value, monkeypatch):
    """`ROWREADER_UNIPEN='~ann/x'` (no user ann) was "Could not determine home directory.", naming neither the
    variable nor its value; one reading (rowreader.paths.env_folder) serves $ROWREADER_DATA and $ROWREADER_UNIPEN."""
    from rowreader.paths import env_folder

    monkeypatch.setenv("ROWREADER_UNIPEN", value)
    with pytest.raises(ValueError, match=r"^\$ROWREADER_UNIPEN=" + re.escape(value)):
        env_folder("ROWREADER_UNIPEN")
    monkeypatch.setenv("ROWREADER_UNIPEN", "")
    assert env_folder("ROWREADER_UNIPEN") is None


def test_fourteenth_a_word_a_command_does_not_know_is_refused_under_its_own_usage(capsys):
    """`rowreader predict x.png --Json` was "rowreader: error: unrecognized arguments: --Json" under the program's
    usage, which lists none of predict's options; the command's parser refuses it, under its own usage."""
    with pytest.raises(SystemExit) as refused:
        main(["predict", "x.png", "--Json"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and err.startswith("usage: rowreader predict [-h]")
    # the fifty-second round (argv5) adds the flag it looks like
    assert err.endswith("rowreader predict: error: unrecognized arguments: --Json; did you mean --json?\n")


class _EndlessZeros(io.RawIOBase):
    """Standard input from /dev/zero, counting what is read; more than 8 MiB is a failure of its own."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.read_bytes += len(buffer)
        assert self.read_bytes <= 8 * 2**20, f"read {self.read_bytes:,} bytes of zeros"
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_fourteenth_what_no_picture_begins_with_on_stdin_is_refused_from_its_head(capsys, monkeypatch):
    """`rowreader predict - < /dev/zero` (or `cat disk.iso | rowreader predict -`) held a whole GiB in memory before
    it was refused; what no picture format begins with is refused after its first MiB, the rest not read."""
    zeros = _EndlessZeros()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(zeros)))
    code, out, err = run(capsys, "predict", "-")
    assert code == 1 and out == "" and zeros.read_bytes <= 2 * 2**20
    assert err == "rowreader: error: -: not an image PIL can read\n"  # as a file's


@pytest.mark.parametrize("kind", ["TGA", "TIFF", "BMP"])
def test_fourteenth_a_large_picture_piped_in_is_still_read_whole(kind, tmp_path, capsys, monkeypatch):
    """A TGA has no signature, a TIFF's header may point past the first MiB: each, over a MiB, is read whole."""
    buffer = io.BytesIO()
    Image.new("L", (1100, 1100), 0).save(buffer, kind)
    assert buffer.tell() > 2**20
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer.getvalue())))
    code, out, _ = run(capsys, "predict", "-")
    assert code == 0 and "no ink found" in out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 20_000), st.integers(-9, 9), st.sampled_from([1, -1]))
def test_fourteenth_a_whole_number_of_any_length_is_shown_in_a_line(exponent, offset, sign):
    """`ReaderConfig(hidden_size=10**5000)` failed as "Exceeds the limit (4300 digits) for integer string
    conversion; use sys.set_int_max_str_digits()": the value could not be written into its own error. An error
    names any whole number in a short line, by its digits or, past Python's limit, by their count."""
    from rowreader.json_text import shown

    value = sign * (10**exponent + offset)
    text = shown(value)
    assert len(text) <= 60 and (text.startswith("-") or "negative" in text) == (value < 0)


def test_fourteenth_a_config_of_a_huge_number_says_what_is_wrong():
    wanted = r"hidden_size must be a whole number from 1 to [\d,]+, got a whole number of about 5,000 digits"
    with pytest.raises(ValueError, match=wanted):
        ReaderConfig(hidden_size=10**5000)


def test_fourteenth_leftovers_an_empty_checkpoint_is_said_to_be_empty(tmp_path, capsys):
    """`rowreader predict --checkpoint empty.safetensors` said "not a readable safetensors file (truncated or
    foreign?): Error while deserializing header: header too small", of a file that holds nothing at all."""
    from rowreader.checkpoint import CheckpointError, load_checkpoint, read_metadata
    from rowreader.cli import main as cli_main

    empty = tmp_path / "empty.safetensors"
    empty.touch()
    for read in (read_metadata, load_checkpoint):
        with pytest.raises(CheckpointError, match=r"empty\.safetensors: an empty file \(0 bytes\), not a model"):
            read(empty)
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG")  # never read: the model is loaded first
    assert cli_main(["predict", "--checkpoint", str(empty), str(picture)]) != 0
    err = capsys.readouterr().err
    assert "an empty file (0 bytes), not a model checkpoint" in err and "header too small" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="HOME is POSIX's")
@pytest.mark.parametrize("home", ["", "relative/home"])
def test_fourteenth_leftovers_an_empty_or_relative_home_is_not_the_cache(monkeypatch, home):
    """`HOME= rowreader download` put MNIST in /.cache/rowreader (or failed to), and a relative HOME under the
    folder it ran in; $XDG_CACHE_HOME was already read only when absolute. Such a HOME is read as unset is."""
    import pwd

    from rowreader.data import user_cache_dir

    monkeypatch.setenv("HOME", home)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    cache = user_cache_dir()
    assert cache.is_absolute() and cache != Path("/.cache/rowreader")
    base = "Library/Caches" if sys.platform == "darwin" else ".cache"
    assert cache == Path(pwd.getpwuid(os.getuid()).pw_dir) / base / "rowreader"


@pytest.mark.skipif(sys.platform == "win32", reason="HOME is POSIX's")
def test_fourteenth_leftovers_no_home_at_all_is_said_so(monkeypatch):
    """With an empty HOME and no entry in the password database (a container's odd user), no folder is made up."""
    import pwd

    from rowreader.data import user_cache_dir

    def nobody(uid):
        raise KeyError(uid)

    monkeypatch.setenv("HOME", "")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", nobody)
    with pytest.raises(ValueError, match=r"^\$HOME='' is not an absolute path .* set HOME \(or XDG_CACHE_HOME\)"):
        user_cache_dir()


def test_fifteenth_missing_unipen_names_the_converter_command_that_exists(tmp_path, capsys):
    """Without UNIPEN the error said the data is converted "by the rules in this project's docs/unipen1a-data.md",
    and a newcomer thought a converter had to be written. It names `python -m training.unipen_convert` now, and
    that command takes the arguments the message gives it."""
    import re

    from rowreader.unipen import HOW_TO_GET
    from training.unipen_convert import main as convert_main

    named = re.search(r"`python -m training\.unipen_convert (.+?)`", HOW_TO_GET)
    assert named, HOW_TO_GET
    source = tmp_path / "release"
    source.mkdir()  # a folder: one that is not there is said to be none
    argv = named.group(1).replace("SOURCE_DIR", str(source)).replace("DIR", str(tmp_path / "out")).split()
    assert convert_main(argv) == 2
    assert "is not a checkout of GreenCappuccino/train_r01_v07" in capsys.readouterr().err  # read, then refused


@pytest.mark.skipif(os.name != "posix", reason="the password database is POSIX's")
def test_fifteenth_rowreader_help_with_no_home_known_is_no_traceback(monkeypatch, capsys):
    """With `HOME=` and no home in the password database (a CI user, a container), every `rowreader` command, even
    `--help`, ended in a ValueError traceback: the parser wrote the default cache folder into --data-dir's help.
    The help says "the user cache" then, and only a command that needs the cache says why it cannot have one."""
    import pwd

    from rowreader.cli import main as rowreader_main

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setenv("HOME", "")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    with pytest.raises(SystemExit) as helped:
        rowreader_main(["evaluate", "--help"])
    assert helped.value.code == 0 and "else the user cache)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("pen", [10**400, -(10**400)])
def test_fifteenth_a_pen_width_past_floats_range_is_refused_in_words(pen):
    """`draw_strokes(strokes, 10**400)` ended in an OverflowError from math.isfinite (the library's report): a
    whole number too large for a float is refused as any pen out of range is."""
    from rowreader.pen import draw_strokes

    with pytest.raises(ValueError, match=r"pen width must be between 0 and .* got a number past 1e308"):
        draw_strokes([np.array([[10.0, 10.0], [50.0, 50.0]])], pen)


@pytest.mark.parametrize("bits", [8, 10, 12, 14])
def test_sixteenth_a_16_bit_file_of_12_bit_values_is_read_as_its_8_bit_twin(mnist_test, tmp_path, bits):
    """A 16-bit picture holding a lab camera's or a scanner's 12-bit values (0…4,095) was read as 0…65535: its
    white paper 6 % grey, "empty" (10 and 8 bits too). Each is read in the narrowest saved width holding it."""
    page = 255 - np.kron(mnist_test[0][0], np.ones((4, 4), np.uint8))
    wide = (page.astype(np.uint32) * (2**bits - 1) // 255).astype(np.uint16)
    Image.fromarray(wide).save(tmp_path / "lab.png")
    read = read_picture(tmp_path / "lab.png")
    assert read.max() == 2**bits - 1
    got, expected = to_mnist(read), to_mnist(page)
    assert got is not None and np.abs(got - expected).max() <= 0.01
    assert np.array_equal(to_mnist(wide.astype(np.int64)), got)  # one rule for every integer dtype


@pytest.mark.parametrize("zipped", [True, False])
def test_sixteenth_a_runs_training_state_given_as_a_model_is_named_so(capsys, tmp_path, tiny_file, zipped):
    """`rowreader evaluate --checkpoint m.state.pt` said "a zip archive, as torch.save writes (a .pt file?)",
    where training's commands call that file the run's training state and give its checkpoint. The library says
    the same: a torch file named NAME.state.pt is a run's state, and the checkpoint beside it is named."""
    state = tmp_path / "m.state.pt"
    torch.save({"step": torch.zeros(3)}, state, _use_new_zipfile_serialization=zipped)
    with pytest.raises(CheckpointError, match=r"m\.state\.pt: a run's training state .*; give the checkpoint written"):
        load_checkpoint(state)
    (tmp_path / "m.safetensors").write_bytes(Path(tiny_file).read_bytes())
    code, _, err = run(capsys, "evaluate", "--checkpoint", str(state))
    want = f"{state}: a run's training state (what --resume reads), not a model checkpoint; give {tmp_path}"
    assert code != 0 and want + f"{os.sep}m.safetensors" in err


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\t\n\r"), min_size=1))
@example("BMI,weight,height\n")  # "BM" starts a BMP: a text file so starting was "a BMP picture"
def test_seventeenth_a_text_file_given_as_a_checkpoint_is_called_text(tmp_path_factory, text):
    """A metrics CSV given as the model was "not a readable safetensors file (truncated or foreign?): header too
    large: it says 8,391,099,357,577,834,597 bytes": its first 8 bytes read as a header's length. A text file is
    named as the text it is, its first line shown, when loaded and when a save would replace it."""
    start = text.encode("utf-8")[:64].decode("utf-8", "ignore")  # what is read of it, a cut character left out
    hypothesis.assume(start.strip() and len(text.encode("utf-8")) >= 8)  # shorter: "too small", as before
    path = tmp_path_factory.mktemp("text") / "run.metrics.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(CheckpointError) as raised:
        load_checkpoint(path)
    first_line = repr(start.strip().splitlines()[0])
    want = f"{path}: a text file starting {first_line[:20]}"
    assert str(raised.value).startswith(want) and str(raised.value).endswith(", not a model checkpoint"), raised.value
    with pytest.raises(FileExistsError, match=f"it is a text file starting {re.escape(first_line[:20])}"):
        save_checkpoint(path, RowReader(ReaderConfig(input_size=4, hidden_size=4)))


def test_seventeenth_predict_dash_twice_is_a_refused_command_line(capsys, monkeypatch, tiny_file):
    """`rowreader predict - -` ended with status 1, an image's, where --help gives 2 for a refused command line: it
    is refused as one, under predict's usage, before the model or standard input is read."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(SystemExit) as stopped:
        main(["predict", "--checkpoint", str(tiny_file), "-", "x.png", "-"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "2 for a command line that is refused" in cli_module.exit_status("predict")
    assert err.startswith("usage: rowreader predict") and "error: - is given more than once" in err, err
    assert main(["predict", "--checkpoint", str(tiny_file), "./-", "-"]) == 1  # a file named -, then stdin: read


def test_seventeenth_a_placement_of_no_size_is_refused_where_it_is_made(tiny_reader):
    """A hand-made `Placement((0, 0, 0, 0), …)` was taken by the session's `set_image`, and its `row_at` then
    divided by zero (as a box of no height did in `rows_per_row`): one of no size is refused where it is made, by
    name; the window's placements, and the session given a real one, read as before."""
    from rowreader.checkpoint import Checkpoint
    from rowreader.preprocess import Placement
    from rowreader.session import DigitSession

    for crop, box in [((0, 0, 0, 0), (4, 4, 20, 20)), ((3, 2, 3, 9), (4, 4, 20, 20)), ((0, 0, 9, 9), (4, 4, 0, 20))]:
        with pytest.raises(ValueError, match="a placement of no size"):
            Placement(crop, box)
    for crop, box in [
        ((0, 0, float("nan"), 9), (4, 4, 20, 20)),
        ((0, 0, 9, 9), (4, 4, 20.0, 20)),
        ("abcd", (4, 4, 20, 20)),
    ]:
        with pytest.raises(ValueError, match="must be 4"):
            Placement(crop, box)
    session = DigitSession(Checkpoint.from_reader(tiny_reader))
    result = normalise(np.pad(np.ones((30, 8)), 20))
    session.set_image(result.image, placement=result.placement)
    assert session.placement == result.placement and session.placement.row_at(35.0) in range(28)


@settings(max_examples=80, deadline=None)
@given(
    crop=st.tuples(*[st.floats(-1e6, 1e6)] * 2, *[st.floats(1e-3, 1e6)] * 2).map(
        lambda c: (c[0], c[1], c[0] + c[2], c[1] + c[3])
    ),
    box=st.tuples(st.integers(0, 27), st.integers(0, 27), st.integers(1, 28), st.integers(1, 28)),
    y=st.floats(-1e7, 1e7),
)
def test_seventeenth_any_placement_made_maps_every_line_to_a_row(crop, box, y):
    """Whatever placement can be made, each line of the picture lies in one of the 28 rows, and each row covers
    picture lines of a size: a placement's maths never divides by zero."""
    from rowreader.preprocess import Placement

    hypothesis.assume(crop[2] > crop[0] and crop[3] > crop[1])  # 1e-3 added to 1e6 in floats may add nothing
    placement = Placement(crop, box)
    top, bottom = placement.picture_rows(placement.row_at(y))
    assert 0 <= placement.row_at(y) < 28 and np.isfinite(top) and bottom > top


@pytest.mark.parametrize("piped", [False, True])
def test_seventeenth_a_text_file_given_as_a_picture_is_named_as_text(capsys, monkeypatch, tmp_path, tiny_file, piped):
    """A CSV saved as digit.png (or piped in) was "not an image PIL can read", though the same file given as a model
    is named "a text file starting …": a picture says so too, its first line shown, from the file or standard
    input alike. What is not text (zeros, random bytes) is still "not an image PIL can read"."""
    csv = b"epoch,step,loss\n1,937,0.32\n"
    path = tmp_path / "digit.png"
    path.write_bytes(csv)
    if piped:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(csv)))
    code, out, err = run(capsys, "predict", "--checkpoint", tiny_file, "-" if piped else path)
    name = "-" if piped else str(path)
    assert code == 1 and out == ""
    assert err == f"rowreader: error: {name}: a text file starting 'epoch,step,loss', not a picture\n"
    path.write_bytes(bytes(range(256)) * 4)
    assert run(capsys, "predict", "--checkpoint", tiny_file, path)[2].endswith(": not an image PIL can read\n")
