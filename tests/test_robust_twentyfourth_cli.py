"""The twenty-fourth round of hostile testing, the command line: `rowreader` and the fine-tune's command in odd
surroundings (locales, names, closed and full outputs, many files), and the checkpoint format as a hostile sender
shapes it."""

from __future__ import annotations

import numpy as np
import torch
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import checkpoint_bytes, metadata_header_bytes, save_checkpoint
from rowreader.examples import load_examples
from rowreader.network import RowReader
from training import finetune as finetune_module
from training.fit import main as fit_main


def test_a_teach_whose_names_would_not_fit_the_header_is_refused_before_it_teaches(
    tmp_path, mnist_examples, monkeypatch, capsys
):
    """A taught model names every example it was taught and every one taught along its line, and a header holds 16
    MB: a second teach of 9,100 examples named with 245 control characters each (13.5 MB of header, a first teach
    saved at 15.99 MB) was refused only at its save, after 7 minutes of teaching. Now before the teach begins."""
    torch.manual_seed(0)
    line = [f"3/{i:05d}" + "\x01" * 240 + ".png" for i in range(9_000)]  # 7 bytes of header a control character
    base = tmp_path / "base.safetensors"
    metadata = {"test_accuracy": 0.5, "examples": {"files": line[:4_500], "taught_before": line[4_500:]}}
    save_checkpoint(base, RowReader(TINY), metadata)  # 15.3 MB of header: it loads
    taught = []
    monkeypatch.setattr(finetune_module, "finetune", lambda *args, **kwargs: taught.append(args) or 1 / 0)
    out = tmp_path / "out.safetensors"
    status = fit_main(["--finetune", str(base), "--examples", str(mnist_examples), "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 2 and taught == [] and not out.exists()
    assert "the names of 20 examples and the 9,000 taught to the models it comes from would take 15.3 MB" in error
    assert "teach a model taught fewer (the shipped one); nothing was taught" in error


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(st.one_of(st.characters(), st.sampled_from('\x01\udcff"\\数')), max_size=40)))
def test_what_the_refusal_measures_is_what_a_save_writes(names):
    """The names' bytes counted before the teach are those a save's header takes (JSON in a JSON string: a control
    character 7 bytes, a quote 4, a name's undecodable byte 7), so the refusal is the save's, made earlier."""

    def header_bytes(metadata: dict) -> int:  # its JSON, without the spaces that pad it to 8 bytes
        data = checkpoint_bytes(reader, metadata)
        return len(data[8 : 8 + int.from_bytes(data[:8], "little")].rstrip(b" "))

    reader = RowReader(TINY)
    with_names, without = {"examples": {"files": names}}, {"examples": {"files": []}}
    assert header_bytes(with_names) - header_bytes(without) == (
        metadata_header_bytes(with_names) - metadata_header_bytes(without)
    )


def test_a_picture_named_as_long_as_the_file_system_takes_is_an_example(tmp_path, mnist_test):
    """A picture's name of 255 bytes, the most ext4 takes, was skipped ("[Errno 36] File name too long: '….json'",
    the sidecar looked for a byte longer): 9,119 such scans copied into an examples folder were all skipped, and
    the fine-tune said "no usable examples"."""
    images, labels = mnist_test
    folder = tmp_path / "examples" / str(labels[0])
    folder.mkdir(parents=True)
    for stem in ("7" * 251, "é" * 125 + "x", "short"):
        Image.fromarray(255 - images[0]).save(folder / f"{stem}.png")
    found = load_examples(tmp_path / "examples")
    assert found.problems == []
    assert sorted(len(e.path.name.encode()) for e in found.examples) == [9, 255, 255]
    assert [e.sidecar is None for e in found.examples].count(True) == 2
    assert np.array_equal(found.examples[0].image, found.examples[2].image)
