"""The twenty-third round of hostile testing, the command line: `rowreader` on odd command lines and pictures, and
the checkpoint file format as a hostile sender shapes it."""

from __future__ import annotations

import json
import shlex

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from rowreader import checkpoint as checkpoint_module
from rowreader import tensor_file
from rowreader.checkpoint import CheckpointError, checkpoint_bytes, load_checkpoint, load_pretrained, save_checkpoint
from rowreader.cli import main
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_TENSORS


def _safetensors(path, header: dict) -> None:
    """A safetensors file of ``header`` alone (its tensors empty, so no data follows)."""
    text = json.dumps(header, separators=(",", ":")).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text)


def _ours(tensors: int) -> dict:
    """A header that says it is a RowReader checkpoint and declares ``tensors`` empty tensors."""
    metadata = {"format": "rowreader-checkpoint", "format_version": "1", "config": "{}", "metadata": "{}"}
    empty = {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}
    return {"__metadata__": metadata, **{f"t{i}": empty for i in range(tensors)}}


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(size=st.integers(MAX_HEADER_BYTES + 1, 100_000_000))
def test_a_header_past_the_limit_is_refused_from_its_length(tmp_path, size):
    """A header up to safetensors' own 100 MB was parsed: 1.4 million empty tensors in 83 MB took 2 min and 1.85 GB
    to be refused, a 60 MB metadata string 14 s and 0.5 GB. A fine-tune naming 10,000 examples needs 0.7 MB (11.9 MB
    for names of 255 bytes of CJK), so 16 MB was the limit, said from the length's 8 bytes, nothing else read; 4 MB
    since the fifty-fourth round (speed5: the parser holds Python's lock, and the app's window with it)."""
    path = tmp_path / "m.safetensors"
    with path.open("wb") as file:  # a file that holds what its header says (sparse, nothing written): no file cut short
        file.write(size.to_bytes(8, "little") + b"{}")
        file.truncate(8 + size)
    with pytest.raises(
        CheckpointError, match=f"header too large: it says {size:,} bytes, more than {MAX_HEADER_BYTES:,}"
    ):
        load_checkpoint(path)


def test_a_header_of_more_tensors_than_any_model_holds_is_refused_before_each_is_checked(tmp_path, monkeypatch):
    """Each tensor a header declares was checked, then all were sorted: 42 s of the 2 min the 1.4 million took. Over
    10,000 (a RowReader model has at most 68) the file is refused uncounted."""
    path = tmp_path / "m.safetensors"
    _safetensors(path, _ours(MAX_TENSORS + 1))
    checked, real = [], tensor_file._tensor
    monkeypatch.setattr(tensor_file, "_tensor", lambda *args: checked.append(args) or real(*args))
    with pytest.raises(CheckpointError, match="the header declares 10,001 tensors, more than 10,000"):
        load_checkpoint(path)
    assert checked == []


def test_metadata_too_large_for_a_header_that_loads_is_not_saved_and_a_fine_tune_of_10000_examples_is(tmp_path):
    """A save wrote any header safetensors takes (100 MB): none is written that loading refuses. The metadata of a
    fine-tune taught 10,000 examples, named as the app names them in its list and in the line taught before, saves
    and loads back whole."""
    shipped = load_pretrained()
    with pytest.raises(ValueError, match=r"its metadata is too large .* holds at most 4 MB"):
        save_checkpoint(tmp_path / "big.safetensors", shipped, {"notes": "x" * MAX_HEADER_BYTES})
    assert not list(tmp_path.iterdir())
    names = [f"{i % 10}/20261202-233000-{i:06x}.png" for i in range(10_000)]
    examples = {"count": 10_000, "files": names, "taught_before": names}
    save_checkpoint(tmp_path / "mine.safetensors", shipped, {"examples": examples})
    assert load_checkpoint(tmp_path / "mine.safetensors").metadata["examples"] == examples
    assert int.from_bytes(checkpoint_bytes(shipped, {"examples": examples})[:8], "little") < 1_600_000


def test_predict_reads_a_refused_models_header_once(tmp_path, monkeypatch, capsys):
    """`predict --checkpoint` of a file that is no model parsed its header a second time to word the refusal
    (whether it was a picture): the 1.4 million tensors' 2 min were twice 1 min. A picture given as the model is
    still told to be given as IMAGE."""
    seven = tmp_path / "seven.png"
    Image.new("L", (28, 28), 255).save(seven)
    foreign = tmp_path / "foreign.safetensors"
    _safetensors(foreign, {"x": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}})
    read = []
    real = checkpoint_module.read_header
    monkeypatch.setattr(checkpoint_module, "read_header", lambda file: read.append(file) or real(file))
    assert main(["predict", "--checkpoint", str(foreign), str(seven)]) == 1
    assert "not a RowReader checkpoint" in capsys.readouterr().err
    assert len(read) == 1
    assert main(["predict", "--checkpoint", str(seven), str(seven)]) == 1
    assert f"a picture is read as IMAGE: rowreader predict {seven}" in capsys.readouterr().err


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(command=st.sampled_from(["predict", "evaluate", "download"]), at=st.integers(0, 7), how=st.integers(0, 2))
def test_a_command_word_mistyped_says_which_was_meant(capsys, command, at, how):
    """`rowreader predcit x.png` got argparse's "invalid choice" alone: a word one slip from a command names it."""
    at %= len(command) - 1
    word = [
        command[:at] + command[at + 1 :],  # a letter left out
        command[:at] + command[at + 1] + command[at] + command[at + 2 :],  # two swapped
        command.capitalize(),
    ][how]
    with pytest.raises(SystemExit) as stop:
        main([word, "x.png"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"; did you mean {command}?")


def test_a_picture_given_without_predict_says_to_name_it(tmp_path, capsys, monkeypatch):
    """`rowreader seven.png` (predict forgotten) got "invalid choice: 'seven.png' (choose from …)" alone."""
    monkeypatch.chdir(tmp_path)
    Image.new("L", (28, 28), 255).save("seven.png")
    for word in ("seven.png", "scan 2.jpg"):  # one there, one not: both are named as pictures
        with pytest.raises(SystemExit) as stop:
            main([word])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert f"invalid choice: {word!r}" in err
        assert err.rstrip().endswith(
            f"to read a picture, name the command first: rowreader predict {shlex.quote(word)}"
        )
    with pytest.raises(SystemExit):  # the whole command line, its flags and every name, after predict
        main(["--json", "seven.png", "scan 2.jpg"])
    assert capsys.readouterr().err.rstrip().endswith("rowreader predict --json seven.png 'scan 2.jpg'")
    with pytest.raises(SystemExit):
        main(["frobnicate"])  # neither a picture nor a slip: argparse's words alone
    assert capsys.readouterr().err.rstrip().endswith("(choose from 'predict', 'evaluate', 'download')")


def _dot_then_seven(path):
    """An animation of a digit drawn stroke by stroke, as a handwriting app exports it: its first frame a dot."""
    dot, seven = Image.new("L", (112, 112), 255), Image.new("L", (112, 112), 255)
    ImageDraw.Draw(dot).ellipse((50, 20, 53, 23), fill=0)
    ImageDraw.Draw(seven).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    dot.save(path, save_all=True, append_images=[seven], duration=100)


def test_an_animation_whose_first_frame_is_a_dot_is_not_told_to_crop_in_the_app_or_the_examples_folder(tmp_path):
    """`predict` says that only the first frame is read of such an animation; the app and the examples folder said
    "… too small to be a digit …: crop the picture to the digit", which no crop mends."""
    from gui.image_io import load_picture_file
    from rowreader.example_folder import load_example
    from rowreader.picture import PictureError

    gif = tmp_path / "drawn.gif"
    _dot_then_seven(gif)
    said = "the mark in its first frame (of 2) is too small to be a digit: only a picture's first frame is read"
    with pytest.raises(PictureError) as app:
        load_picture_file(gif)
    with pytest.raises(ValueError) as examples:
        load_example(gif, 7)
    for err in (app, examples):
        assert said in str(err.value) and "crop" not in str(err.value)
    Image.open(gif).save(tmp_path / "dot.png")  # the first frame alone, a 4-px dot, is a speck (since round 49)
    with pytest.raises(ValueError, match="too few to draw any digit in"):
        load_example(tmp_path / "dot.png", 7)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(kind=st.sampled_from(["WEBP", "AVIF"]), size=st.integers(2**30 + 1, 2**30 + 2**24))
def test_a_webp_or_avif_longer_than_any_picture_is_refused_from_its_length(tmp_path, kind, size):
    """PIL reads a WebP or an AVIF whole as it opens it (a WebP twice over): one of 150 bytes, or 455, followed by
    3 GB of nothing (a sparse file) took 6.3 GB and 13 to 27 s to be read as its 7. Longer than 8 bytes for each of
    the most pixels read, such a file is refused from its length; the picture alone is still read."""
    from conftest import peak_memory

    from rowreader.picture import read_picture
    from rowreader.picture_errors import PictureError

    path = tmp_path / f"seven.{kind.lower()}"
    picture = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(picture).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    picture.convert("RGB").save(path, kind)
    assert read_picture(path).shape[:2] == (112, 112)
    with path.open("r+b") as file:
        file.truncate(size)  # sparse: nothing written
    most = "0.25" if kind == "WEBP" else "1"  # a WebP holds a quarter of the pixels (the thirty-seventh round)
    with peak_memory() as peak, pytest.raises(PictureError, match=f"file of {size:,} bytes, more than the {most} GiB"):
        read_picture(path)
    assert peak.bytes < 20 * 2**20


def _seven_jpeg_behind(segments: int, marker: int) -> bytes:
    """A JPEG of a 7 whose header first holds ``segments`` metadata segments of 64 kB, each empty."""
    import io

    picture = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(picture).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG")
    segment = bytes([0xFF, marker, 0xFF, 0xFF]) + bytes(0xFFFF - 2)
    return jpeg.getvalue()[:2] + segment * segments + jpeg.getvalue()[2:]


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(marker=st.sampled_from([*range(0xE0, 0xF0), 0xFE]))
def test_a_jpeg_whose_metadata_segments_hold_more_than_64_mb_is_refused_from_their_headers(tmp_path, marker):
    """PIL keeps every APPn and comment segment of a JPEG: a 7 behind 16,000 empty ones of 64 kB (a sparse file of
    1 GB, 63 MB on disk) took 1 GB and 3.9 s to be read. Over Pillow's 64 MB for a PNG's text, as a PNG's metadata
    chunk is, they are refused from their headers, in a file and in bytes alike; under it the picture is read."""
    from conftest import peak_memory

    from rowreader.picture import read_picture, read_picture_data
    from rowreader.picture_errors import PictureError

    data = _seven_jpeg_behind(1_100, marker)
    path = tmp_path / f"seven-{marker:x}.jpg"
    if not path.exists():  # sparse, as a hostile sender's, and once a marker: writing over one took 3 to 4 s
        with path.open("wb") as file:
            file.write(data[:2])
            end = 2 + 1_100 * 0x10001  # each segment its marker, its length and 65,533 bytes
            for start in range(2, end, 0x10001):
                file.seek(start)
                file.write(data[start : start + 4])
            file.seek(end)
            file.write(data[end:])
    assert path.stat().st_size == len(data)
    for read, source in ((read_picture_data, data), (read_picture, path)):
        with peak_memory() as peak, pytest.raises(PictureError, match=r"its metadata segments hold 67,\d+,\d+ bytes"):
            read(source)
        assert peak.bytes < 20 * 2**20
    assert read_picture_data(_seven_jpeg_behind(3, marker)).shape == (112, 112)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(shape=st.lists(st.integers(0, 10**999), min_size=1, max_size=40))
def test_a_tensor_shape_of_huge_sizes_is_refused_in_words_at_once(tmp_path, shape):
    """A header's shape was multiplied out whole: 2,000 sizes of 999 digits in a 2 MB header took 46 s, and the
    product, past 4,300 digits, ended in Python's words ("Exceeds the limit (4300 digits) for integer string
    conversion; use sys.set_int_max_str_digits()"). A shape of more elements than 64 bits count is refused as
    safetensors refuses it; any other is checked as before."""
    import math

    path = tmp_path / "m.safetensors"
    _safetensors(path, {"x": {"dtype": "F32", "shape": shape, "data_offsets": [0, 0]}})
    with pytest.raises(CheckpointError) as refused:
        load_checkpoint(path)
    running = [math.prod(shape[: i + 1]) for i in range(len(shape))]
    if any(count >= 2**64 for count in running):
        assert "of more elements than 64 bits count (safetensors refuses it too)" in str(refused.value)
    else:
        assert "needs" in str(refused.value) or "not a RowReader checkpoint" in str(refused.value)


def test_a_shape_of_two_thousand_999_digit_sizes_is_refused_in_a_second_not_46(tmp_path):
    import time

    path = tmp_path / "m.safetensors"
    _safetensors(path, {"x": {"dtype": "F32", "shape": [10**999 - 1] * 2_000, "data_offsets": [0, 0]}})
    started = time.process_time()  # the process's own CPU: at a load of 20 (a CI beside five agents) 12.6 s passed
    with pytest.raises(CheckpointError, match="of more elements than 64 bits count"):
        load_checkpoint(path)
    assert time.process_time() - started < 10  # 0.8 s for the whole command at a load of 8


def _fits(path, cards: list[str], data: bytes = b"") -> None:
    """A FITS file of these header cards (padded to 2,880 bytes) and data."""
    header = b"".join(card.ljust(80).encode() for card in cards)
    path.write_bytes(header.ljust(-(-len(header) // 2880) * 2880, b" ") + data)


def test_a_fits_header_with_no_end_in_64_mb_is_refused_before_pil_reads_it_card_by_card(tmp_path):
    """PIL reads a FITS header 80 bytes at a time until its END card: one card and 1 GB of nothing (a sparse file)
    took 24 s to be called cut off. Without an END in 64 MB it is refused at once; a FITS picture still reads, its
    END after 1.6 MB of cards too."""
    from conftest import peak_memory

    from rowreader.picture import read_picture
    from rowreader.picture_errors import PictureError

    path = tmp_path / "zeros.fits"
    _fits(path, ["SIMPLE  =                    T"])
    with path.open("r+b") as file:
        file.truncate(2**27)
    with peak_memory() as peak, pytest.raises(PictureError, match="a damaged FITS picture: no END card ends its"):
        read_picture(path)
    assert peak.bytes < 20 * 2**20
    seven = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(seven).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2"]
    cards += ["NAXIS1  =                  112", "NAXIS2  =                  112", *["COMMENT"] * 20_000, "END"]
    _fits(path, cards, seven.tobytes())
    assert np.array_equal(np.sort(read_picture(path), axis=None), np.sort(np.asarray(seven), axis=None))


@pytest.mark.parametrize("where", ["rowreader.checkpoint.read_tensors", "rowreader.stream.FoldedWeights.__init__"])
def test_a_model_too_large_for_the_memory_left_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch, where):
    """A sparse model file of 8 kB on disk declaring 2 GiB of weights (16 layers of 2,048) took 57 s and 7.75 GB (at
    `ulimit -v 8000000`) to end `predict` in a traceback, NumPy's "Unable to allocate 256. MiB" while its weights
    were folded; run out of memory while the weights are read or folded, it is one line naming the model, status
    1, nothing on stdout (as for any model that cannot be used)."""
    import shutil

    from rowreader.checkpoint import pretrained_path

    model = shutil.copy(pretrained_path(), tmp_path / "big.safetensors")
    seven = tmp_path / "seven.png"
    Image.new("L", (28, 28), 255).save(seven)

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(where, no_memory)
    assert main(["predict", "--json", "--checkpoint", str(model), str(seven)]) == 1
    out, err = capsys.readouterr()
    size = model.stat().st_size / 2**20
    assert out == ""
    assert err.splitlines() == [
        f"rowreader: error: {model}: not enough memory to load this model of {size:.1f} MiB (reading digits with it "
        "takes several times its size: let the command use more memory, or give a smaller model)"
    ]


def _psd(path, colour_mode: int = 0, resources: int = 0) -> None:
    """A grey Photoshop file of a 7 whose colour-mode data and image resources say they hold these many bytes
    (zeros: a sparse file)."""
    import struct

    seven = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(seven).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    with path.open("wb") as file:
        file.write(b"8BPS" + struct.pack(">H6xHIIHH", 1, 1, 112, 112, 8, 1))
        for length in (colour_mode, resources):
            file.write(struct.pack(">I", length))
            file.seek(length, 1)
        file.write(struct.pack(">IH", 0, 0) + seven.tobytes())  # no layers; raw pixels


@pytest.mark.parametrize("section", ["colour_mode", "resources"])
def test_a_photoshop_file_whose_metadata_says_it_holds_more_than_64_mb_is_refused_from_its_header(tmp_path, section):
    """PIL reads a PSD's colour-mode data and image resources whole as it opens it: a header whose colour-mode data
    said 3 GB (a sparse file) took 3.2 GB and 23 s to be read as a blank page. Over Pillow's 64 MB for a PNG's
    text, as a PNG's metadata chunk is, they are refused from the lengths; the 7 alone is read."""
    from conftest import peak_memory

    from rowreader.picture import read_picture
    from rowreader.picture_errors import PictureError
    from rowreader.picture_limits import MAX_METADATA_BYTES

    path = tmp_path / "seven.psd"
    _psd(path)
    assert read_picture(path).shape == (112, 112)
    _psd(path, **{section: MAX_METADATA_BYTES + 1})
    with peak_memory() as peak, pytest.raises(PictureError, match="a damaged Photoshop picture: its colour-mode"):
        read_picture(path)
    assert peak.bytes < 20 * 2**20
