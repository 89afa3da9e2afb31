"""The twenty-sixth round of hostile testing, the command line: a checkpoint's whole header measured before the
work (training.fit, the fine-tune, training.merge), and `rowreader` on odd files and names."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import torch
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import Checkpoint, checkpoint_bytes, load_checkpoint, save_checkpoint
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from rowreader.paths import file_sha256
from rowreader.tensor_file import MAX_HEADER_BYTES
from training import finetune as finetune_module
from training import fit as fit_module
from training import merge as merge_module
from training.config import FitConfig, apply_preset
from training.replay import ReplayData

LIMIT = MAX_HEADER_BYTES  # 16,000,000 when these tests were written, 4,000,000 since the fifty-fourth round
# a name of the examples a model was taught, 7 bytes of header for each control character
NAME = "\x01" * 240 + ".png"


def _header_size(data: bytes) -> int:
    """The header's bytes as a file of ``data`` says them (padded to 8 bytes)."""
    return int.from_bytes(data[:8], "little")


def _metadata_bytes(metadata: dict) -> int:
    """The bytes ``metadata`` takes in a checkpoint's header: its JSON, written there as a JSON string (a name of
    control characters takes 7 bytes for each, ``\\\\u0001``). The library's ``metadata_header_bytes`` was this
    measure until training measured the whole header (``past_the_header``) and these tests alone used it."""
    return len(json.dumps(json.dumps(metadata, allow_nan=False)))


def _names_filling(measure, target: int, digit: int) -> list[str]:
    """Names of examples, distinct, for which ``measure(names)`` (monotone, a name's bytes added) is ``target``."""
    first = f"{digit}/{0:05d}{NAME}"
    one = measure([first, f"{digit}/x.png"]) - measure([first])
    per = measure([first, f"{digit}/{1:05d}{NAME}"]) - measure([first])
    names = [f"{digit}/{i:05d}{NAME}" for i in range((target - measure([])) // per - 1)]
    rest = target - measure(names)
    names.append(f"{digit}/x" + "a" * (rest - one) + ".png")
    assert measure(names) == target
    return names


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cell=st.sampled_from(["lstm", "gru"]),
    sizes=st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 3)),
    text=st.text(st.one_of(st.characters(), st.sampled_from('\x01\udcff"\\数\x7f')), max_size=60),
)
def test_the_header_measured_from_the_config_is_the_one_a_save_writes(cell, sizes, text):
    """The tensor table of a checkpoint's header follows from its config (names, shapes, offsets back to back), so
    the header's bytes are known before a weight exists: measured so, they are the save's, padding included."""
    from rowreader.checkpoint import header_bytes

    config = ReaderConfig(input_size=sizes[0], hidden_size=sizes[1], layers=sizes[2], cell=cell)
    metadata = {"note": text, f"mine {text}": [text, 0.1 + len(text)], "examples": {"files": [text] * 3}}
    weights = {name: np.zeros(shape, np.float32) for name, shape in config.weight_shapes().items()}
    assert header_bytes(config, metadata) == _header_size(checkpoint_bytes(Checkpoint(config, weights), metadata))


def test_a_header_of_the_limits_bytes_saves_and_a_byte_more_is_refused_in_the_words_training_uses(tmp_path):
    """At the boundary: a header whose JSON is the limit's bytes saves and loads; a byte more (8 more, padded) is
    refused, before the weights are serialised, in the words training's commands refuse it with before their
    work (`past_the_header`, the one measure)."""
    from rowreader.checkpoint import past_the_header

    reader = RowReader(TINY)

    def unpadded(metadata: dict) -> int:
        data = checkpoint_bytes(reader, metadata)
        return len(data[8 : 8 + _header_size(data)].rstrip(b" "))

    fill = LIMIT - (unpadded({"notes": "x" * 10}) - 10)
    at_the_limit, over = {"notes": "x" * fill}, {"notes": "x" * (fill + 1)}
    assert past_the_header(TINY, at_the_limit) is None
    save_checkpoint(tmp_path / "full.safetensors", reader, at_the_limit)
    assert load_checkpoint(tmp_path / "full.safetensors").metadata["notes"] == at_the_limit["notes"]
    words = f"would take {LIMIT + 8:,} bytes of the model file's header, which holds {LIMIT:,}"
    assert past_the_header(TINY, over) == words
    with pytest.raises(ValueError, match=f"cannot save .*over.safetensors: its metadata is too large .*{words}"):
        save_checkpoint(tmp_path / "over.safetensors", reader, over)
    assert not (tmp_path / "over.safetensors").exists()


def _taught_models(tmp_path, measure_sources, target: int) -> list[str]:
    """Two taught models whose records as sources (``measure_sources(sources)``) take ``target`` bytes."""
    paths = [tmp_path / "taught3.safetensors", tmp_path / "taught4.safetensors"]
    half = [f"4/{i:05d}{NAME}" for i in range(LIMIT * 4_600 // 16_000_000)]  # some 8 MB of 16, as they were
    save_checkpoint(paths[1], RowReader(TINY), {"examples": {"files": half, "taught_before": []}})

    def source(path, names: list[str]) -> dict:  # what training.files.checkpoint_source records
        return {"file": path.name, "sha256": "0" * 64, "test_accuracy": None, "taught": sorted(names)}

    second = source(paths[1], half)
    first = _names_filling(lambda names: measure_sources([source(paths[0], names), second]), target, 3)
    save_checkpoint(paths[0], RowReader(TINY), {"examples": {"files": first, "taught_before": []}})
    return [str(path) for path in paths]


def test_a_distillation_whose_names_fit_but_whose_whole_record_does_not_is_refused_before_it_trains(
    tmp_path, monkeypatch, capsys
):
    """The last round measured the names alone before a run: names of a byte under 16 MB passed, the run trained its
    epoch, and the save refused a header tipped over by the rest of its record (a 90-character command: 16,001,072
    bytes). Now the whole record is measured before the first epoch, nothing trained, nothing written."""
    teachers = _taught_models(tmp_path, lambda sources: _metadata_bytes({"sources": sources}), LIMIT - 2_000)
    trained = []
    monkeypatch.setattr(fit_module, "train_epoch", lambda *args: trained.append(args) or 1 / 0)
    out = tmp_path / "out.safetensors"
    tiny = ["--hidden", "24", "--limit", "64", "--batch-size", "64", "--epochs", "1", "--device", "cpu"]
    assert fit_module.main(["--distill-from", *teachers, *tiny, "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert trained == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "taught3.safetensors",
        "taught4.safetensors",
    ]
    assert error.startswith("python -m training.fit: error: the record of its command, recipe and sources, with the ")
    assert "names of the 2," in error and f"bytes of the model file's header, which holds {LIMIT:,}: " in error
    assert error.rstrip().endswith("nothing was done")


def test_a_merge_whose_names_fit_but_whose_whole_record_does_not_is_refused_before_it_reads_mnist(
    tmp_path, monkeypatch, capsys
):
    """A merge measured its members' records alone (a byte under 16 MB passed), merged them (the merged weights k²
    times a member's matrices), read MNIST and measured the merged reader's curve, then its save refused the header
    its command and curve tipped over. Now before the merging: the merged config alone sizes the header."""
    members = _taught_models(tmp_path, lambda sources: _metadata_bytes({"sources": sources}), LIMIT - 300)
    measured = []
    monkeypatch.setattr(merge_module, "mnist_curve", lambda *args: measured.append(args) or 1 / 0)
    monkeypatch.setattr(merge_module, "merge_readers", lambda *args: measured.append(args) or 1 / 0)
    out = tmp_path / "out.safetensors"
    assert merge_module.main([*members, "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert measured == [] and not out.exists()
    assert error.startswith("python -m training.merge: error: the record of its command and the readers merged, ")
    assert f"bytes of the model file's header, which holds {LIMIT:,}: " in error
    assert error.rstrip().endswith("nothing was done")


def _examples(folder, count: int = 8) -> None:
    for i in range(count):
        page = np.full((60, 60), 255, np.uint8)
        page[10:50, 28:33] = 0
        page[10 + i, 33:36] = 0  # a tick at its own height: each a different drawing, none a copy set aside
        (folder / "1").mkdir(parents=True, exist_ok=True)
        Image.fromarray(page).save(folder / "1" / f"{i:02d}{NAME}")


def test_a_teach_whose_names_fit_but_whose_whole_record_does_not_is_refused_before_it_reads_its_replay(
    tmp_path, monkeypatch, capsys
):
    """A teach measured the names it records (its examples', those taught along its line, the misread): a byte under
    16 MB passed, and the rest of its record (command, recipe, curves) tipped the save over after the whole teach."""
    examples = tmp_path / "examples"
    _examples(examples)
    files = [f"1/{i:02d}{NAME}" for i in range(8)]

    def measure(line: list[str]) -> int:  # as the last round's check measured a teach's names
        misread = [{"file": name, "label": 0, "read_as": 0} for name in files]
        return _metadata_bytes({"files": files, "taught_before": sorted(line), "misread": misread})

    line = _names_filling(measure, LIMIT - 300, 3)
    base = tmp_path / "base.safetensors"
    save_checkpoint(base, RowReader(TINY), {"examples": {"files": line, "taught_before": []}})
    replayed = []
    monkeypatch.setattr(finetune_module, "load_replay", lambda *args: replayed.append(args) or 1 / 0)
    out = tmp_path / "out.safetensors"
    assert fit_module.main(["--finetune", str(base), "--examples", str(examples), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert replayed == [] and not out.exists()
    assert "error: the record of its command, recipe and the names of 8 examples and the " in error
    assert f"bytes of the model file's header, which holds {LIMIT:,}: teach fewer examples" in error
    assert error.rstrip().endswith("nothing was taught")


def test_what_a_teach_saves_takes_no_more_header_than_was_measured_before_it(tmp_path, monkeypatch, mnist_test):
    """The measure before a teach stands each number it cannot know yet (accuracies, seconds, the misread) at its
    longest: what the teach then records takes no more, so a teach the measure lets through saves; and no more than
    a few hundred bytes less, so one that saves today is not refused."""
    from rowreader.checkpoint import header_bytes
    from rowreader.example_folder import load_examples

    torch.manual_seed(0)
    base_path = tmp_path / "base.safetensors"
    line = [f"2/{i:05d}{NAME}" for i in range(50)]
    save_checkpoint(base_path, RowReader(TINY), {"examples": {"files": line, "taught_before": []}})
    base = load_checkpoint(base_path)
    images, labels = mnist_test
    examples = tmp_path / "examples"
    for i in range(12):
        (examples / str(labels[i])).mkdir(parents=True, exist_ok=True)
        Image.fromarray(255 - images[i]).save(examples / str(labels[i]) / f"{i:02d}{NAME}")
    taught = load_examples(examples)
    config = replace(apply_preset(FitConfig(), "finetune"), train_samples=32, batch_size=16, eval_digits=50)
    measured = []
    real = finetune_module.refuse_past_the_header
    monkeypatch.setattr(
        finetune_module, "refuse_past_the_header", lambda *args: measured.append(args[1]) or real(*args)
    )
    assert finetune_module.beyond_the_header(base, taught, config, "python -m training.fit …") is None
    mnist, digits = torch.from_numpy(images[:200].copy()), torch.from_numpy(labels[:200].astype(np.int64))
    replay = ReplayData(mnist, digits, mnist[:50], digits[:50], "MNIST + synthetic drawn digits")
    metadata = finetune_module.finetune(base, taught, replay, config).metadata | {"command": "python -m training.fit …"}
    assert metadata["heldout_accuracy"]["folds"] == 3 and metadata["finetuned_from"]["sha256"] == file_sha256(base_path)
    bound, saved = header_bytes(TINY, measured[0]), header_bytes(TINY, metadata)
    # the misread examples are not known before: the measure names as many as there are, up to 100, the longest
    unknown = _metadata_bytes({"m": measured[0]["heldout_accuracy"]["misread"]}) - _metadata_bytes(
        {"m": metadata["heldout_accuracy"]["misread"]}
    )
    assert saved <= bound and bound - unknown < saved + 1_000, (saved, bound, unknown)
    assert json.loads(json.dumps(measured[0])).keys() == metadata.keys()


@pytest.mark.parametrize("command", ["predict", "evaluate"])
def test_a_model_piped_in_is_told_to_be_saved_to_a_file_first(tmp_path, capsys, command):
    """`curl …/m.safetensors | rowreader predict --checkpoint /dev/stdin x.png` said only "is a named pipe (FIFO),
    not a regular file", and `--checkpoint -` (standard input, as for pictures) "checkpoint not found: -": what to do
    instead is said now. A file named "-" is ./-, and said missing as it was."""
    import os

    from rowreader.cli import main

    fifo = tmp_path / "piped"
    os.mkfifo(fifo)
    picture = tmp_path / "seven.png"
    Image.fromarray(np.full((28, 28), 255, np.uint8)).save(picture)
    pictures = [str(picture)] if command == "predict" else []
    for model in (str(fifo), "-", "./-"):
        assert main([command, "--checkpoint", model, *pictures]) == 1
        error = capsys.readouterr().err.strip()
        advice = "; a model is read from its file, not from a pipe: save it to a file and give that file's name"
        assert error.endswith(advice) == (model != "./-"), error
        assert error.startswith(
            f"rowreader: error: {model}: is a named pipe (FIFO)" if model == str(fifo) else "rowreader"
        )
