"""The command line: predict (text and JSON, every image kind, bad and empty files), evaluate, download, --version."""

from __future__ import annotations

import gzip
import json
import os
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader import cli, load_checkpoint, load_pretrained, save_checkpoint, to_mnist
from rowreader.cli import main
from rowreader.evaluate import evaluate_curve


def run(capsys, *argv: object) -> tuple[int, str, str]:
    """``rowreader ARGV`` run in this process: its exit status, stdout and stderr."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def digit_files(tmp_path_factory, mnist_test) -> dict[str, tuple[Path, int]]:
    """MNIST test digits saved as the image files a user might have: name → (path, true label)."""
    folder = tmp_path_factory.mktemp("images")
    images, labels = mnist_test
    files: dict[str, tuple[Path, int]] = {}

    def add(name: str, index: int, image: Image.Image) -> None:
        path = folder / name
        image.save(path)
        files[name] = (path, int(labels[index]))

    big = [np.kron(images[i], np.ones((6, 6), np.uint8)) for i in range(8)]  # 168 × 168 drawings
    add("light-on-dark.png", 0, Image.fromarray(big[0]))
    add("dark-on-light.png", 1, Image.fromarray(255 - big[1]))
    add("rgb.jpg", 2, Image.fromarray(np.stack([255 - big[2]] * 3, axis=-1)))
    rgba = np.zeros((*big[3].shape, 4), np.uint8)
    rgba[..., 3] = big[3]  # black strokes whose coverage is the alpha channel, on transparency
    add("transparent.png", 3, Image.fromarray(rgba))
    add("palette.gif", 4, Image.fromarray(255 - big[4]).convert("P"))
    add("bilevel.bmp", 5, Image.fromarray(255 - big[5]).convert("1"))
    add("grey-alpha.png", 6, Image.fromarray(255 - big[6]).convert("LA"))
    add("sixteen-bit.png", 7, Image.fromarray(big[7].astype(np.uint16) * 257))
    add("float.tiff", 8, Image.fromarray(np.kron(images[8], np.ones((4, 4))).astype(np.float32) / 255.0))
    add("empty.png", 0, Image.fromarray(np.full((64, 64), 255, np.uint8)))
    (folder / "not-an-image.png").write_bytes(b"this is text, not a PNG")
    files["not-an-image.png"] = (folder / "not-an-image.png", -1)
    good = (folder / "light-on-dark.png").read_bytes()
    (folder / "truncated.png").write_bytes(good[: len(good) // 2])
    files["truncated.png"] = (folder / "truncated.png", -1)
    return files


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory) -> Path:
    import torch

    from rowreader import ReaderConfig, RowReader

    torch.manual_seed(5)
    path = tmp_path_factory.mktemp("ckpt") / "tiny.safetensors"
    save_checkpoint(path, RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)))
    return path


READABLE = [
    "light-on-dark.png",
    "dark-on-light.png",
    "rgb.jpg",
    "transparent.png",
    "palette.gif",
    "bilevel.bmp",
    "grey-alpha.png",
    "sixteen-bit.png",
    "float.tiff",
]


def test_predict_text_reports_every_row_and_the_answer(capsys, digit_files):
    path, label = digit_files["dark-on-light.png"]
    code, out, err = run(capsys, "predict", path)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == str(path)
    rows = [line for line in lines if line.strip().startswith("after ")]
    assert len(rows) == 28 and rows[0].strip().startswith("after  1 of 28 rows:") and "after 28 of 28 rows:" in rows[-1]
    assert lines[-1].strip().startswith(f"prediction: {label} (")


def test_predict_counts_rows_read_as_the_app_does_and_json_keeps_its_index(capsys, digit_files):
    """The text said "after row 16" where the app, the README and the benchmarks say row 17 (1-based: rows read);
    it counts rows read now, and JSON keeps ``"row"``, the 0-based index of the pixel row just read."""
    path, _ = digit_files["dark-on-light.png"]
    _, text, _ = run(capsys, "predict", path)
    _, out, _ = run(capsys, "predict", "--json", path)
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("after ")]
    for line, row in zip(lines, json.loads(out)[0]["rows"], strict=True):
        top = int(np.argmax(row["probs"]))
        assert line.startswith(f"after {row['row'] + 1:2d} of 28 rows: {top} ("), line
    with pytest.raises(SystemExit):
        main(["predict", "--help"])
    assert '"row" is the index of the pixel row just read, from 0' in " ".join(capsys.readouterr().out.split())


def test_predict_json_for_every_image_kind(capsys, digit_files):
    paths = [digit_files[name][0] for name in READABLE]
    code, out, err = run(capsys, "predict", "--json", *paths)
    assert code == 0, err
    results = json.loads(out)
    assert [r["file"] for r in results] == [str(p) for p in paths]
    for name, result in zip(READABLE, results, strict=True):
        assert set(result) >= {"file", "rows", "prediction", "probability"}
        assert [r["row"] for r in result["rows"]] == list(range(28))
        for row in result["rows"]:
            assert len(row["probs"]) == 10 and sum(row["probs"]) == pytest.approx(1.0, abs=1e-4)
        last = result["rows"][-1]["probs"]
        assert result["prediction"] == int(np.argmax(last)) and result["probability"] == max(last)
        assert result["prediction"] == digit_files[name][1], name


def test_predict_json_numbers_are_the_streams(capsys, digit_files, tiny_checkpoint):
    path, _ = digit_files["dark-on-light.png"]
    code, out, _ = run(capsys, "predict", "--json", "--checkpoint", tiny_checkpoint, path)
    assert code == 0
    got = np.array([row["probs"] for row in json.loads(out)[0]["rows"]])
    reader = load_checkpoint(tiny_checkpoint).reader
    want = np.stack([p.probs for p in reader.stream().feed_image(to_mnist(np.asarray(Image.open(path))))])
    np.testing.assert_allclose(got, want, atol=1e-6)


def test_bad_files_are_reported_and_the_rest_still_processed(capsys, digit_files, tmp_path, tiny_checkpoint):
    good, _ = digit_files["light-on-dark.png"]
    bad = digit_files["not-an-image.png"][0]
    truncated = digit_files["truncated.png"][0]
    missing = tmp_path / "missing.png"
    ckpt = ("--checkpoint", tiny_checkpoint)
    code, out, err = run(capsys, "predict", *ckpt, "--json", bad, good, missing, truncated, tmp_path)
    assert code == 1
    results = json.loads(out)
    assert [r["file"] for r in results] == [str(good)] and len(results[0]["rows"]) == 28
    lines = err.splitlines()
    assert len(lines) == 4 and all(line.startswith("rowreader: error: ") for line in lines)
    assert f"{bad}: a text file starting 'this is text, not a PNG', not a picture" in lines[0]
    assert f"{missing}: no such file" in lines[1]
    assert f"{truncated}: cannot read the image" in lines[2]
    assert f"{tmp_path}: is a folder" in lines[3]
    code, out, err = run(capsys, "predict", *ckpt, bad, good)  # text mode alike
    assert code == 1 and str(bad) in err and "prediction: " in out


def test_an_empty_image_says_so(capsys, digit_files, tiny_checkpoint):
    path, _ = digit_files["empty.png"]
    code, out, err = run(capsys, "predict", "--checkpoint", tiny_checkpoint, path)
    assert code == 0 and err == ""
    assert "no ink found" in out and "prediction" not in out
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_checkpoint, "--json", path)
    expected = {"file": str(path), "rows": [], "prediction": None, "probability": None, "unsure": None, "empty": True}
    assert json.loads(out) == [{**expected, "too_small": False, "ink": None, "ink_from": None}]


def test_nan_pixels_are_a_per_file_error(capsys, tmp_path, digit_files, tiny_checkpoint):
    path = tmp_path / "nan.tiff"
    values = np.zeros((40, 40), np.float32)
    values[5, 5] = np.nan
    Image.fromarray(values).save(path)
    code, _, err = run(capsys, "predict", "--checkpoint", tiny_checkpoint, path, digit_files["light-on-dark.png"][0])
    assert code == 1 and f"{path}: image contains NaN" in err


def test_ink_option(capsys, digit_files):
    path, label = digit_files["dark-on-light.png"]
    _, out, _ = run(capsys, "predict", "--json", "--ink", "dark", path)
    assert json.loads(out)[0]["prediction"] == label
    _, wrong, _ = run(capsys, "predict", "--json", "--ink", "light", path)  # white paper read as ink
    assert json.loads(wrong)[0]["rows"] != json.loads(out)[0]["rows"]
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "--ink", "purple", str(path)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'purple'" in capsys.readouterr().err


def test_a_missing_or_broken_checkpoint_is_one_clear_error(capsys, digit_files, tmp_path):
    path, _ = digit_files["dark-on-light.png"]
    code, out, err = run(capsys, "predict", "--checkpoint", tmp_path / "none.safetensors", path)
    assert code == 1 and out == "" and "checkpoint not found" in err
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00" * 100)
    code, _, err = run(capsys, "predict", "--checkpoint", junk, path)
    assert code == 1 and err.startswith("rowreader: error: ") and "not a readable safetensors file" in err


def test_predict_needs_an_image(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["predict"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: IMAGE" in capsys.readouterr().err


def write_idx(folder: Path, images: np.ndarray, labels: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, array, magic in (
        ("t10k-images-idx3-ubyte.gz", images, 2051),
        ("t10k-labels-idx1-ubyte.gz", labels, 2049),
    ):
        header = struct.pack(f">I{array.ndim}I", magic, *array.shape)
        (folder / name).write_bytes(gzip.compress(header + array.tobytes()))


def test_evaluate_prints_the_curve_and_final_accuracy(capsys, tmp_path, mnist_test, tiny_checkpoint):
    images, labels = mnist_test[0][:300], mnist_test[1][:300]
    write_idx(tmp_path / "data", images, labels)
    code, out, err = run(
        capsys, "evaluate", "--data-dir", tmp_path / "data", "--checkpoint", tiny_checkpoint, "--device", "cpu"
    )
    assert code == 0, err
    want = evaluate_curve(load_checkpoint(tiny_checkpoint).reader, images, labels)
    lines = [line.strip() for line in out.splitlines()]
    assert "300 MNIST test digits" in out and "device: cpu" in out
    for k in range(1, 29):
        assert f"k={k:2d}  {want[k - 1]:7.2%}".strip() in lines
    assert lines[-1] == f"final-row test accuracy: {want[-1]:.2%}"


def test_evaluate_counts_its_digits_as_download_does(capsys, tmp_path, mnist_test, tiny_checkpoint):
    """`evaluate` said "data: 10000 MNIST test digits" where `download` and the fine-tune say "10,000" (the
    forty-seventh round, cli4): the count is grouped as all the project's other output is."""
    write_idx(tmp_path / "data", mnist_test[0][:1200], mnist_test[1][:1200])
    code, out, err = run(
        capsys, "evaluate", "--data-dir", tmp_path / "data", "--checkpoint", tiny_checkpoint, "--device", "cpu"
    )
    assert code == 0, err
    assert "data: 1,200 MNIST test digits from " in out


def test_evaluate_reads_the_default_data_with_the_shipped_model(capsys, tmp_path, monkeypatch, mnist_test):
    """No --data-dir and no --checkpoint: MNIST from ROWREADER_DATA, read by the shipped model, in batches that
    do not divide the digits. Its accuracy on all 10,000 is test_core_evaluate's (this read them all, 29 s)."""
    images, labels = mnist_test[0][:300], mnist_test[1][:300]
    write_idx(tmp_path / "data", images, labels)
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "data"))
    code, out, err = run(capsys, "evaluate", "--device", "auto", "--batch-size", "128")
    assert code == 0, err
    want = evaluate_curve(load_pretrained().reader, images, labels)
    assert "300 MNIST test digits" in out
    assert out.splitlines()[-1] == f"final-row test accuracy: {want[-1]:.2%}"


def test_evaluate_errors(capsys, tmp_path, tiny_checkpoint):
    code, _, err = run(capsys, "evaluate", "--data-dir", tmp_path, "--checkpoint", tiny_checkpoint)
    assert code == 1 and "MNIST files not found" in err and "--download" in err
    with pytest.raises(SystemExit) as stop:  # a device not here: a refused command line, as training.fit's
        main(["evaluate", "--device", "cuda:3", "--checkpoint", str(tiny_checkpoint)])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and ("CUDA is not available" in err or ("CUDA device" in err and "(0…" in err))
    with pytest.raises(SystemExit):
        main(["evaluate", "--batch-size", "0"])
    assert "--batch-size: must be a whole number from 1 to 65,536, got '0'" in capsys.readouterr().err  # as for 1e3


def test_evaluate_download_flag_is_passed_on(capsys, monkeypatch, tmp_path, tiny_checkpoint):
    import rowreader.cli as cli

    seen = {}

    def fake_load(root, train, download):
        seen.update(root=root, train=train, download=download)
        raise FileNotFoundError("stop here")

    monkeypatch.setattr(cli, "load_mnist", fake_load)
    run(capsys, "evaluate", "--download", "--data-dir", tmp_path, "--checkpoint", tiny_checkpoint)
    assert seen == {"root": tmp_path, "train": False, "download": True}


def test_download_reads_back_what_is_there_without_the_network(capsys, monkeypatch, tmp_path):
    import rowreader.data

    def no_network(root):
        raise AssertionError("the files are there: nothing to fetch")

    monkeypatch.setattr(rowreader.data, "download_mnist", no_network)
    code, out, _ = run(capsys, "download")  # $ROWREADER_DATA: this machine's MNIST
    assert code == 0 and "60,000 training and 10,000 test digits" in out


def test_download_offline_is_one_clear_error(capsys, monkeypatch, tmp_path):
    import rowreader.data

    def offline(root):
        raise OSError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(rowreader.data, "download_mnist", offline)
    code, out, err = run(capsys, "download", "--data-dir", tmp_path / "mnist")
    assert code == 1 and not out
    assert f"could not download MNIST into {tmp_path / 'mnist'}" in err and "name resolution" in err


def test_download_of_a_damaged_file_names_it(capsys, monkeypatch, tmp_path):
    import rowreader.data

    def truncated(root):  # a download cut short: the file is there, but not whole
        raw = root / "MNIST" / "raw"
        raw.mkdir(parents=True)
        for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"):
            (raw / stem).write_bytes(b"")
        (raw / "t10k-labels-idx1-ubyte").write_bytes(b"")

    monkeypatch.setattr(rowreader.data, "download_mnist", truncated)
    code, _, err = run(capsys, "download", "--data-dir", tmp_path)
    assert code == 1 and "t10k-images-idx3-ubyte" in err


def test_help_shows_defaults(capsys):
    for command in ("download", "predict", "evaluate"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "(default:" in out
    assert "(default: auto)" in out and "(default: 2000)" in out and "the shipped model" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("rowreader 0.")


def test_module_and_console_script_entry_points(digit_files):
    path, label = digit_files["dark-on-light.png"]
    result = subprocess.run(
        [sys.executable, "-m", "rowreader", "predict", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["prediction"] == label
    script = Path(sys.executable).with_name("rowreader")
    assert script.exists(), "the console script `rowreader` is not installed (pip install -e .)"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.startswith("rowreader ")


def test_a_dot_is_too_small_unless_allowed_and_low_confidence_is_unsure(capsys, tmp_path, tiny_checkpoint):
    page = np.full((280, 280), 255, np.uint8)
    yy, xx = np.indices(page.shape)
    page[(yy - 100) ** 2 + (xx - 150) ** 2 <= 14**2] = 0  # a click with a 28-px brush
    path = tmp_path / "dot.png"
    Image.fromarray(page).save(path)
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_checkpoint, path)
    assert code == 0 and "too small to be a digit" in out and "prediction" not in out
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_checkpoint, "--json", path)
    assert json.loads(out)[0]["too_small"] is True and json.loads(out)[0]["prediction"] is None
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_checkpoint, "--json", "--allow-small", path)
    result = json.loads(out)[0]
    assert result["prediction"] is not None and len(result["rows"]) == 28
    # the untrained tiny model is close to uniform: its answer is reported as unsure
    assert result["unsure"] is (result["probability"] < 0.6) is True
    code, out, _ = run(capsys, "predict", "--checkpoint", tiny_checkpoint, "--allow-small", path)
    assert "unsure" in out


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation(tmp_path):
    """A phone saves the sensor's picture and an EXIF tag saying how to turn it; reading it unturned saw a 5."""
    page = np.full((280, 280), 255, np.uint8)
    page[40:220, 126:154] = 0  # an upright 1: lying on its side, it would be a bar across
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    Image.fromarray(page).transpose(Image.Transpose.ROTATE_90).save(tmp_path / "phone.jpg", exif=exif.tobytes())
    upright, _ = cli.read_image(tmp_path / "phone.jpg")
    assert upright.shape[:2] == (280, 280)
    columns = (upright < 128).sum(axis=0)
    assert columns[126:154].min() > 150 and columns[:100].max() == 0  # the bar stands upright again


PHONE_EXIF = Image.Exif()
PHONE_EXIF[0x0112], PHONE_EXIF[0x010F] = 6, "Phone"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(damage=st.lists(st.tuples(st.integers(0, len(PHONE_EXIF.tobytes()) - 1), st.integers(0, 255)), max_size=6))
def test_a_damaged_exif_block_never_fails_the_picture_nor_prints(tmp_path, damage):
    """Found by fuzzing the orientation tag: ``struct.error`` escaped the reader, and PIL printed raw warnings on
    stderr (tag data larger than file, corrupt EXIF data) for what is only optional metadata."""
    exif = bytearray(PHONE_EXIF.tobytes())
    for index, value in damage:
        exif[index] = value
    page = np.full((40, 40), 255, np.uint8)
    page[8:32, 18:22] = 0
    path = tmp_path / "phone.jpg"
    Image.fromarray(page).save(path, exif=bytes(exif))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pixels, _ = cli.read_image(path)
    assert pixels.shape in ((40, 40), (40, 40, 3)) and (pixels < 128).any()


def test_a_file_name_that_is_not_utf8_is_printed_as_its_bytes(digit_files, tmp_path):
    """Latin-1 'été.png' on an en_US.UTF-8 desktop (stdout strict UTF-8): printing its name was a traceback. Its
    bytes are printed `\\xe9`, as a suggested `$'…'` and `printf %b` read them (raw until cli22: U+FFFD on a
    terminal)."""
    source, label = digit_files["dark-on-light.png"]
    name = os.fsencode(tmp_path) + b"/\xe9t\xe9.png"
    Path(os.fsdecode(name)).write_bytes(source.read_bytes())
    for encoding in ("utf-8", "ascii"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        command = [sys.executable, "-m", "rowreader", "predict", os.fsdecode(name)]
        result = subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        escaped = os.fsencode(tmp_path) + b"/\\xe9t\\xe9.png"
        assert result.stdout.splitlines()[0] == escaped and f"prediction: {label}".encode() in result.stdout
    result = subprocess.run([*command, "--json"], capture_output=True, timeout=120, check=False)
    (read,) = json.loads(result.stdout)
    assert result.returncode == 0 and bytes.fromhex(read["file_bytes"]) == name  # lossless, as the bytes on disk


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=_JSON_VALUES, indent=st.sampled_from([None, 2]))
def test_a_byte_order_mark_before_any_json_is_skipped_and_nowhere_else(value, indent):
    """A file saved with a byte order mark (Windows' Notepad) reads as without it, whatever it holds; a mark
    anywhere but first is still damage."""
    from rowreader.json_text import parse_json

    text = json.dumps(value, indent=indent)
    assert parse_json("\ufeff" + text) == parse_json(text) == value
    with pytest.raises(ValueError, match=r"^not valid JSON"):
        parse_json(text + "\ufeff")
