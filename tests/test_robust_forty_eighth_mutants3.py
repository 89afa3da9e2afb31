"""The forty-eighth round of hostile testing, mutants3: one small change at a time (a comparison flipped, a bound moved
by one, a check dropped, a call removed) in modules no mutants round had reached (the ink a drawing states, the cycle
collector's pause, the background tasks' runner, the words for a picture that is not read, the paths a command is
given, --resume's checks), each run against the test files that name its module; each test here kills a mutant that
lived, and is checked to fail on it."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import struct
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, PngImagePlugin

from gui.workers import TaskRunner
from rowreader.atomic import check_writable
from rowreader.example_folder import (
    AHEAD_NS,
    MAX_SIDECAR_BYTES,
    MISLABELLED_SURE,
    NEWEST_PER_DIGIT,
    SIDECAR_FORMAT,
    SIDECAR_VERSION,
    Example,
    ExampleSet,
    PenStroke,
    checked_sidecar,
    load_examples,
    newest_first,
)
from rowreader.example_store import ExampleStore, png_bytes
from rowreader.paths import NotARegularFileError, output_file_argument, regular_file, special_kind
from rowreader.picture import read_picture_data, read_picture_data_and_note
from rowreader.picture_errors import CUT_OFF, PictureError
from rowreader.stated_ink import INK_KEY, ink_chunk, stated_ink
from training.resume import check_same_data, check_same_drawn_digits, finished, recipe_differences, recorded_commands
from training.train_data import Data


def _drawing() -> np.ndarray:
    """A drawn 0 inked round the whole border of its page (as the widest pen leaves it): its pixels cannot tell."""
    grey = np.full((28, 28), 255, np.uint8)
    grey[:, :3] = grey[:, -3:] = grey[:3, :] = grey[-3:, :] = 0
    return grey


@pytest.mark.parametrize("ink", ["auto", "Dark", "", None])
def test_a_chunk_states_only_dark_or_light(ink) -> None:
    """``ink_chunk("auto", …)`` wrote "auto <digest>" into a kept drawing, a chunk no reader takes (the check of
    the ink dropped lived): a caller passing the ink it was given ("auto") saved a drawing that says nothing. It is
    refused by name."""
    with pytest.raises(ValueError, match="must be 'dark' or 'light'"):
        ink_chunk(ink, _drawing())


def test_a_drawings_chunk_says_nothing_of_its_bytes_laid_out_in_another_shape() -> None:
    """The chunk names the pixels with their shape: the same 784 bytes laid out 56 × 14 by a program that keeps text
    chunks are another picture, and its border is not the drawing's. Without the shape in the digest (the mutant
    lived) the chunk's "dark" was taken for them too."""
    drawing = _drawing()
    said = Image.open(io.BytesIO(png_bytes(drawing, "dark"))).info[INK_KEY]
    other = drawing.reshape(56, 14)
    info = PngImagePlugin.PngInfo()
    info.add_text(INK_KEY, said)
    buffer = io.BytesIO()
    Image.fromarray(other, mode="L").save(buffer, format="PNG", pnginfo=info)
    assert stated_ink(*read_picture_data_and_note(buffer.getvalue())[::-1]) == "auto"
    assert stated_ink(*read_picture_data_and_note(png_bytes(drawing, "dark"))[::-1]) == "dark"


def test_two_tasks_at_once_say_busy_once_and_idle_once_after_the_last(qtbot) -> None:
    """The window shows its busy cursor at ``busy_changed(True)`` and takes it back at ``False``; Qt stacks such
    cursors. Two tasks at once (a model loading while the examples are read) must say busy once, and idle only when
    the second has ended: said busy at each (the mutant lived), the cursor pushed twice and taken back once stayed
    busy over an idle window; said idle at the first end, it went while the second still ran."""
    runner = TaskRunner()
    said: list[bool] = []
    runner.busy_changed.connect(said.append)
    release, ended = threading.Event(), []
    runner.run(lambda: release.wait(5), ended.append, ended.append)
    runner.run(lambda: "quick", ended.append, ended.append)
    qtbot.waitUntil(lambda: ended == ["quick"], timeout=5_000)
    assert said == [True] and runner.busy
    release.set()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=5_000)
    assert said == [True, False] and not runner.busy
    runner.wait()


def test_a_close_stops_long_work_and_an_idle_close_says_nothing(qtbot) -> None:
    """As the window closes, ``cancel_callbacks`` tells long work to stop (an import checks ``stopping`` between
    files, where the close waited 10 s for it) and drops its late result; without the stop (the mutant lived) the
    copying went on after the window. Idle is said once: a close with nothing running said it (the mutant lived), and
    the result dropped at the close said it again as it arrived, the window taking back a busy cursor it no longer
    had (another's, a dialog's) each time; now the close says it where a task ran, and only there."""
    runner = TaskRunner()
    said: list[bool] = []
    runner.busy_changed.connect(said.append)
    runner.cancel_callbacks()
    assert said == [] and runner.stopping.is_set()
    runner = TaskRunner()
    runner.busy_changed.connect(said.append)
    delivered, files = [], []

    def copying() -> int:
        while not runner.stopping.wait(0.01) and len(files) < 500:
            files.append(len(files))
        return len(files)

    runner.run(copying, delivered.append, delivered.append)
    qtbot.waitUntil(lambda: len(files) > 2, timeout=5_000)
    runner.cancel_callbacks()
    assert runner.wait(5_000)
    qtbot.wait(50)
    assert len(files) < 500 and delivered == [] and said == [True, False]


def _said(data: bytes) -> str:
    """Why ``data`` is not read as a picture."""
    with pytest.raises(PictureError) as caught:
        read_picture_data(data)
    return str(caught.value)


def test_a_damaged_webp_of_exactly_its_stated_length_is_damaged_not_cut_off() -> None:
    """A WebP's header says how long it is; a file of exactly that length is whole, so one Pillow cannot read is
    damaged. Judged cut off at its very length (``<=`` for ``<``, the mutant lived), a whole damaged WebP was said to
    be "cut off, as by a download"; a byte short of it, it is cut off."""
    body = b"WEBP" + b"VP8 " + struct.pack("<I", 10) + bytes(10)
    whole = b"RIFF" + struct.pack("<I", len(body)) + body
    assert _said(whole) == "a damaged WebP picture (it begins as one, but cannot be read)"
    assert CUT_OFF in _said(whole[:-1])


def test_an_icon_that_ends_exactly_at_its_directorys_end_is_not_cut_off() -> None:
    """An ICO whose one directory entry puts a picture of 0 bytes at 0 and whose file ends exactly where its
    directory does holds all it says: it is damaged. Judged by ``<=`` (the mutant lived) it was "cut off"; a byte of
    its directory gone, it is."""
    icon = b"\0\0\1\0" + struct.pack("<H", 1) + bytes(16)
    assert _said(icon) == "a damaged ICO icon (it begins as one, but cannot be read)"
    assert CUT_OFF in _said(icon[:-1])


def _tiff(depths: list[int], samples: int, extra: list[int], side: int = 4) -> bytes:
    """A little-endian grey TIFF of ``side`` × ``side`` pixels, one strip, BitsPerSample listing ``depths``."""
    data = bytes(side * side * samples * max(depths) // 8)
    tags = [
        (256, 3, 1, side),
        (257, 3, 1, side),
        (258, 3, len(depths), None),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 4, 1, None),
        (277, 3, 1, samples),
        (278, 3, 1, side),
        (279, 4, 1, len(data)),
    ]
    if extra:
        tags.append((338, 3, len(extra), None))
    arrays_at = 8 + 2 + 12 * len(tags) + 4
    depth_bytes = struct.pack(f"<{len(depths)}H", *depths)
    extra_bytes = struct.pack(f"<{len(extra)}H", *extra)
    depth_at, extra_at = arrays_at, arrays_at + len(depth_bytes)
    data_at = extra_at + len(extra_bytes)
    out = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags))
    for tag, kind, count, value in tags:
        if tag == 258:
            field = depth_bytes.ljust(4, b"\0") if len(depth_bytes) <= 4 else struct.pack("<I", depth_at)
        elif tag == 338:
            field = extra_bytes.ljust(4, b"\0") if len(extra_bytes) <= 4 else struct.pack("<I", extra_at)
        elif tag == 273:
            field = struct.pack("<I", data_at)
        else:
            field = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + field
    return out + b"\0\0\0\0" + depth_bytes + extra_bytes + data


@pytest.mark.parametrize(
    ("depths", "extra", "said"),
    [
        ([16], [2], "16-bit grey with an alpha"),  # one depth listed for both samples, as TIFF allows
        ([64, 64], [2], "64-bit grey with an alpha"),
        ([16, 16], [1], "16-bit grey with an alpha"),  # an associated (premultiplied) alpha
        ([16, 16], [0], "16-bit grey and other samples"),
    ],
)
def test_a_whole_tiff_pil_has_no_mode_for_is_named_not_called_damaged(depths, extra, said) -> None:
    """A whole TIFF of grey and one more sample that Pillow has no mode for is named, to be saved as a PNG (the app
    hands it to Qt); called damaged, it was not. The mutants that lived called damaged one listing a single depth for
    its two samples (``len(depths) != samples``), one of 64-bit samples (``bits <= 32``), and named a premultiplied
    alpha "other samples" (``kind == 2``)."""
    with pytest.raises(PictureError, match=rf"^a TIFF of {said} \(2 samples a pixel\), a kind PIL cannot read"):
        read_picture_data(_tiff(depths, 2, extra))


_SHORT_OF_MEMORY = """
import io, resource
from PIL import Image
from rowreader.picture import read_picture_data, read_picture_data_and_note
buffer = io.BytesIO()
Image.new("L", (6000, 6000), 255).save(buffer, "PNG")  # 36 MB of pixels, 0.1 MB of PNG
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) for line in status if line.startswith("VmSize")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 20 * 2**20, resource.RLIM_INFINITY))  # `ulimit -v`: 20 MB to spare
try:
    read_picture_data(buffer.getvalue())
except MemoryError:
    print("MemoryError")
except Exception as err:
    print(type(err).__name__, err)
"""


def test_a_whole_picture_read_short_of_memory_is_not_called_damaged() -> None:
    """A whole PNG that needs more memory than a `ulimit -v` leaves fails in Pillow's own code, with MemoryError: it
    stays one, which ``predict`` and the app word as too little memory ("scale it down, or let the command use more
    memory"). Worded as any other failure in Pillow (the mutant dropping the MemoryError check lived), it was "a
    damaged PNG picture (Pillow's reader failed: MemoryError)", of a good file."""
    said = subprocess.run(
        [sys.executable, "-c", _SHORT_OF_MEMORY], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert said.strip() == "MemoryError", said


def test_a_folder_named_like_a_missing_picture_is_not_offered_for_it(tmp_path) -> None:
    """`predict seven` beside a folder `Seven/` (or `seven.d/`) is told the picture is not found, not "did you mean
    Seven?": a folder is no picture, and given, it is refused as one. Offered (the mutant dropping the look at what
    the near name is lived), the advice led to a second refusal. A file so named is still offered."""
    (tmp_path / "Seven").mkdir()
    (tmp_path / "seven.d").mkdir()
    with pytest.raises(FileNotFoundError) as caught:
        regular_file(tmp_path / "seven", "image")
    assert str(caught.value) == f"image not found: {tmp_path / 'seven'}"
    (tmp_path / "seven.png").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"did you mean .*seven\.png\?$"):
        regular_file(tmp_path / "seven", "image")


@pytest.mark.parametrize("name", ["scan [1.png", "scan[].png", "notes [draft"])
def test_a_missing_name_with_a_lone_bracket_is_not_called_a_pattern(tmp_path, name) -> None:
    """A name with a "[" that opens no set ("scan [1.png") is no pattern to bash or glob: not found, it is only not
    found. Any "[" taken for one (the mutant lived) told the user it was "a pattern that matches no file (a shell
    passes such a pattern on as it is)", of a name they typed in quotes as it is. "scan [1].png" is one."""
    with pytest.raises(FileNotFoundError) as caught:
        regular_file(tmp_path / name, "image")
    assert str(caught.value) == f"image not found: {tmp_path / name}"
    with pytest.raises(FileNotFoundError, match="it is a pattern that matches no file"):
        regular_file(tmp_path / "scan [1].png", "image")


def test_a_recipe_of_batch_size_0_is_not_finished_and_no_zero_division() -> None:
    """``training.ship`` and ``training.fit`` ask a checkpoint's recorded recipe whether its run finished; one whose
    ``batch_size`` is 0 (damaged, or written by another program) is not judged by its ``--train-samples``: without
    the check (the mutant lived) it ended in ZeroDivisionError, a traceback. Judged by its epochs, it still is."""
    recipe = {"epochs": 3, "train_samples": 640, "batch_size": 0}
    assert finished(recipe, 1, 10) is None
    assert finished(recipe, 3, 10) == "all 3 epochs"
    assert finished({**recipe, "batch_size": 64}, 1, 10) == "its 640 samples (--train-samples)"


def test_a_tilde_folder_made_here_as_advised_is_written_into(tmp_path, monkeypatch) -> None:
    """`--out '~/m.safetensors'` (quoted: no shell expanded the ~) is refused with "… or make a folder named ~ here
    first (mkdir ./~) if that is what you mean"; once the user has, it is written there. Without the look for that
    folder (the mutant lived) it was refused again, in the same words, after doing what they said."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OSError, match=r"make a folder named ~ here first \(mkdir \./~\)"):
        check_writable("~/m.safetensors")
    (tmp_path / "~").mkdir()
    check_writable("~/m.safetensors")


def test_resumed_commands_recorded_as_other_than_words_are_not_carried_on() -> None:
    """A checkpoint's ``resumed_with`` holding a number (damaged, or edited by hand) was carried into the next run's
    record with the new command after it (the mutant checking only that it is a list lived): a record no one could
    run again. The commands are kept only where all are words."""
    recorded = {"command": "fit --epochs 2", "resumed_with": ["fit --resume", 5]}
    assert recorded_commands(recorded, "fit --resume --out m") == ("fit --epochs 2", ["fit --resume --out m"])
    assert recorded_commands({"command": "a", "resumed_with": ["b"]}, "c") == ("a", ["b", "c"])


def _one(foot: bool) -> np.ndarray:
    """A white page with a black upright bar, a drawing of a 1; with a foot, another drawing of it."""
    grey = np.full((28, 28), 255, np.uint8)
    grey[4:24, 12:15] = 0
    if foot:
        grey[21:24, 8:19] = 0
    return grey


def test_exactly_two_different_drawings_are_enough_to_teach(tmp_path) -> None:
    """A teach needs two different drawings (one to teach, one held out): with exactly two it goes on. Asked for more
    than two (the mutant lived), a 1 drawn with a foot and one without were refused as "2 examples of one drawing;
    teaching needs at least two different drawings", which they are not; one drawing kept twice still is."""
    store = ExampleStore(tmp_path / "examples")
    store.add(1, _one(False))
    store.add(1, _one(True))
    found = load_examples(store.root)
    assert found.different() == 2 and found.too_few() is None
    (tmp_path / "one").mkdir()
    twice = ExampleStore(tmp_path / "one")
    twice.add(1, _one(False))
    twice.add(1, _one(False))
    assert (
        load_examples(twice.root).too_few()
        == "2 examples of one drawing; teaching needs at least two different drawings"
    )


def test_a_run_recorded_with_no_drawn_digits_is_not_resumed_with_some(tmp_path) -> None:
    """A run whose checkpoint records 0 drawn digits (or, before the eighteenth round, a dataset naming none) is not
    resumed by a version that draws 20 for its recipe: the second half would learn from digits the first never saw.
    Taking 0 for "nothing recorded" (``if then`` for ``if then is not None``: the mutant lived) let it go on."""
    empty = torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64)
    data = Data(*empty, *empty, "sum", drawn=20)
    for recorded in ({"drawn_digits": 0}, {"dataset": "MNIST train (60000)"}):
        with pytest.raises(ValueError, match="was trained on 0 synthetic drawn digits, and this version draws 20"):
            check_same_drawn_digits(tmp_path / "m.safetensors", recorded, data)
    check_same_drawn_digits(tmp_path / "m.safetensors", {"drawn_digits": 20}, data)


def test_a_file_under_sys_is_refused_as_the_kernels() -> None:
    """`rowreader predict /sys/kernel/…` names a file Linux makes as it is read (stat gives it 4,096 bytes whatever
    it holds): refused as one, as a file under /proc is. Looked for under /proc alone (the mutant lived), it was
    opened and read as a picture."""
    kernels = next(path for path in sorted(Path("/sys/kernel").iterdir()) if path.is_file())
    with pytest.raises(NotARegularFileError, match="is a file the kernel makes as it is read"):
        regular_file(kernels, "image")


def test_a_picture_written_exactly_a_day_ahead_of_the_clock_is_still_dated(tmp_path) -> None:
    """A picture's time more than a day ahead of the clock is no time (a clock wrong as it was written), ranked with
    the gone; one exactly a day ahead is still a time, "more than" being the rule. Refused at exactly a day (``<``
    for ``<=``: the mutant lived), the newest picture went last."""
    older, newer = tmp_path / "a.png", tmp_path / "b.png"
    older.write_bytes(b"")
    newer.write_bytes(b"")
    os.utime(older, ns=(10**18, 10**18))  # 2001: an ordinary time
    os.utime(newer, ns=(4 * 10**18, 4 * 10**18))  # 2096, ahead: the file's change time (now) is taken
    written = os.stat(newer).st_ctime_ns
    assert newest_first([older, newer], now_ns=written - AHEAD_NS) == [newer, older]
    assert newest_first([older, newer], now_ns=written - AHEAD_NS - 1) == [older, newer]  # b's time is no time


def test_the_preset_a_run_was_named_by_is_no_difference() -> None:
    """A recipe records its preset's name, a label: a stage whose every setting is the same is the same run whatever
    preset named it (a preset renamed in a later version, say). Compared (the mutant dropping "preset" from what is
    not compared lived), ``--resume`` and ship's finished stages were refused as "from different runs (preset
    differs)"."""
    assert recipe_differences({"preset": "quick", "epochs": 2}, {"preset": "default", "epochs": 2}) == []
    assert recipe_differences({"preset": "quick", "epochs": 2}, {"preset": "default", "epochs": 3}) == ["epochs"]


def test_a_url_given_as_a_file_to_write_is_not_told_to_be_fetched() -> None:
    """`--out https://host/m.safetensors` names a file to write, which no URL can be here: it is told to give a
    file's path. Worded as a file to read (the mutant lived), it was told to "fetch it first (curl -O …)", a file
    that does not exist yet."""
    with pytest.raises(argparse.ArgumentTypeError) as caught:
        output_file_argument("https://example.com/m.safetensors")
    said = str(caught.value)
    assert said == "https://example.com/m.safetensors is a URL, not a file on this machine; give a file's path", said


def test_newest_0_or_true_is_refused_not_read(tmp_path) -> None:
    """``load_examples(root, newest=0)`` read no picture without a word, an empty set that a teach then called "no
    example", and ``newest=True`` read one; each is refused, saying it takes a whole number, at least 1 (the mutants
    allowing 0, and a bool, lived)."""
    store = ExampleStore(tmp_path / "examples")
    store.add(1, _one(False))
    with pytest.raises(ValueError, match="at least 1, or None for all \\(not 0\\)"):
        load_examples(store.root, newest=0)
    with pytest.raises(TypeError, match="at least 1, or None for all \\(not True\\)"):  # not read as 1
        load_examples(store.root, newest=True)
    assert len(load_examples(store.root, newest=1)) == 1


def test_a_checkpoint_recording_no_test_set_is_resumed_on_its_training_data(tmp_path) -> None:
    """A checkpoint saved before the twenty-fourth round records no ``test_sha256``: its run is resumed on the same
    training data, the test set not compared. Compared all the same (the mutant lived), every such run was refused
    as "the MNIST test set differs … (test_sha256 None… then, …)", a difference of nothing recorded."""
    empty = torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64)
    data = Data(*empty, *empty, "train-sum", test_sha256="test-sum")
    check_same_data(tmp_path / "m.safetensors", {"dataset_sha256": "train-sum"}, data)
    with pytest.raises(ValueError, match="the MNIST test set differs"):
        check_same_data(tmp_path / "m.safetensors", {"dataset_sha256": "train-sum", "test_sha256": "other"}, data)


def test_a_teach_is_said_to_learn_at_most_the_newest_of_each_digit(tmp_path) -> None:
    """A teach learns each digit's newest :data:`NEWEST_PER_DIGIT` drawings: 101 different 3s and two 4s are taught
    as 102 (100 and 2), the count Ctrl+T's check gives the teach. Counted whole (the mutant lived), 103."""
    pixels = np.random.default_rng(0).random((NEWEST_PER_DIGIT + 3, 28, 28), dtype=np.float32)
    labels = [3] * (NEWEST_PER_DIGIT + 1) + [4, 4]
    found = ExampleSet(
        [
            Example(tmp_path / f"{i}.png", label, image)
            for i, (label, image) in enumerate(zip(labels, pixels, strict=True))
        ]
    )
    assert found.different() == NEWEST_PER_DIGIT + 3
    assert found.taught() == NEWEST_PER_DIGIT + 2


def test_a_picture_whose_sidecars_name_is_exactly_the_longest_keeps_its_sidecar(tmp_path) -> None:
    """A picture named so that its NAME.json is exactly as long as the file system takes (255 bytes) can have its
    sidecar, its strokes: only a longer one cannot. Refused at exactly the longest (``>=``: the mutant lived), the
    picture was read without its sidecar, its strokes not looked for."""
    store = ExampleStore(tmp_path / "examples")
    kept = store.add(1, _one(True)).path
    stem = "s" * (255 - len(".json"))
    picture = kept.with_name(stem + ".png")
    kept.rename(picture)
    [example] = load_examples(store.root).examples
    assert example.path == picture and example.sidecar == picture.with_suffix(".json")


@pytest.mark.parametrize(("mode", "said"), [(stat.S_IFBLK, "a device"), (stat.S_IFCHR, "a device")])
def test_a_disk_is_called_a_device(mode, said) -> None:
    """`rowreader predict /dev/sda` (a block device: a disk) is refused as "a device", as /dev/zero is; only a
    character device called so (the mutant lived), a disk was "a special file"."""
    assert special_kind(mode | 0o600) == said


def test_a_sidecar_of_exactly_the_most_bytes_is_read(tmp_path) -> None:
    """A drawing's sidecar (its strokes) of exactly :data:`MAX_SIDECAR_BYTES` is read: only a larger one is not ours.
    Refused at exactly the most (``>=``: the mutant lived), the strokes of such a drawing were lost to it."""
    store = ExampleStore(tmp_path / "examples")
    stroke = PenStroke(((4.0, 4.0), (20.0, 24.0)), 3.0)
    sidecar = store.add(1, _one(True), (stroke,)).path.with_suffix(".json")
    text = sidecar.read_bytes().rstrip()
    sidecar.write_bytes(text + b" " * (MAX_SIDECAR_BYTES - len(text)))
    assert sidecar.stat().st_size == MAX_SIDECAR_BYTES
    [example] = load_examples(store.root).examples
    assert len(example.strokes) == 1


@pytest.mark.parametrize(("version", "newer"), [(SIDECAR_VERSION, False), (SIDECAR_VERSION + 1, True)])
def test_a_damaged_sidecar_of_this_version_is_not_blamed_on_a_newer_one(version, newer) -> None:
    """A sidecar whose strokes are not a list is damaged; said of a later version's sidecar, the refusal adds that a
    newer RowReader wrote it. Added for this version's own (``>=``: the mutant lived), a damaged sidecar was "written
    by a newer RowReader (sidecar version 1; this one reads 1)"."""
    raw = json.dumps({"format": SIDECAR_FORMAT, "version": version, "label": 3, "strokes": 5}).encode()
    with pytest.raises(ValueError, match="strokes") as caught:
        checked_sidecar(raw, 3)
    assert ("written by a newer RowReader" in str(caught.value)) == newer, str(caught.value)


def _kept_ones(right: int, sure: float) -> list[str]:
    """What a teach says of ``right`` 1s read as 1s and one more 1 read as a 7 with ``sure`` of its belief."""
    pixels = np.random.default_rng(1).random((right + 1, 28, 28), dtype=np.float32)
    found = ExampleSet([Example(Path(f"{i}.png"), 1, pixels[i]) for i in range(right + 1)])
    beliefs = np.zeros((right + 1, 10))
    beliefs[:right, 1] = 1.0
    beliefs[right, 7], beliefs[right, 1] = sure, 1.0 - sure
    return found.kept_under_another_digit(beliefs)


def test_a_drawing_is_called_kept_in_the_wrong_folder_on_three_read_right_and_a_sure_reading() -> None:
    """A 1 read as a 7 is "in the wrong folder?" where the model reads at least three of the other 1s (nine in ten) as
    1s and is at least :data:`MISLABELLED_SURE` of the 7. Two read right were taken as enough (``max(2, …)``), and a
    reading of exactly 99 % not (``>`` for ``>=``): both mutants lived."""
    said = "3 of your other 3 1s read as 1s; 1/3.png reads as a 7. In the wrong folder?"
    assert _kept_ones(3, MISLABELLED_SURE) == [said]
    assert _kept_ones(2, 1.0) == []
    assert _kept_ones(3, MISLABELLED_SURE - 0.001) == []
