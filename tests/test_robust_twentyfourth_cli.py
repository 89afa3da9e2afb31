"""The twenty-fourth round of hostile testing, the command line: `rowreader` and the fine-tune's command in odd
surroundings (locales, names, closed and full outputs, many files), and the checkpoint format as a hostile sender
shapes it."""

from __future__ import annotations

import json

import numpy as np
import torch
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import save_checkpoint
from rowreader.cli import main
from rowreader.example_folder import load_examples
from rowreader.network import RowReader
from rowreader.output import one_line
from training import finetune as finetune_module
from training.fit import main as fit_main


def test_a_teach_whose_names_would_not_fit_the_header_is_refused_before_it_teaches(tmp_path, monkeypatch, capsys):
    """A taught model names every example it was taught and every one taught along its line, and a header held 16
    MB (4 since the fifty-fourth round, the numbers here a quarter): a second teach of 9,100 examples named with 245
    control characters each (7 bytes of header each) was refused only at its save, after 11 minutes of teaching (a
    first teach saved at 15.99 MB). Now before the teach begins."""
    torch.manual_seed(0)
    name = "\x01" * 240 + ".png"
    line = [f"3/{i:05d}{name}" for i in range(2_330)]
    base = tmp_path / "base.safetensors"
    save_checkpoint(base, RowReader(TINY), {"examples": {"files": line[:1_000], "taught_before": line[1_000:]}})
    examples = tmp_path / "examples"
    for i in range(40):
        page = np.full((60, 60), 255, np.uint8)
        page[10:50, 28:33] = 0
        page[10 + i, 33:36] = 0  # a tick at its own height: each a different drawing, none a copy set aside
        (examples / "1").mkdir(parents=True, exist_ok=True)
        Image.fromarray(page).save(examples / "1" / f"{i:02d}{name}")
    taught = []
    monkeypatch.setattr(finetune_module, "finetune", lambda *args, **kwargs: taught.append(args) or 1 / 0)
    out = tmp_path / "out.safetensors"
    status = fit_main(["--finetune", str(base), "--examples", str(examples), "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 2 and taught == [] and not out.exists()
    assert "the names of 40 examples and the 2,330 taught to the models it comes from would take 4,0" in error
    assert "header, which holds 4,000,000: teach fewer examples or give them shorter names, or teach a model" in error


def test_a_distillation_whose_teachers_names_would_not_fit_is_refused_before_it_trains(tmp_path, capsys):
    """A run distilled from two models each taught 9,000 examples named with control characters trained its first
    epoch, then was refused at its save ("its metadata is too large", 30.5 MB); a merge of them after it read
    MNIST. Both are refused before any work, the output untouched (each 1,250 since a header holds 4 MB, not 16)."""
    from training.merge import main as merge_main

    readers = []
    for digit in (3, 4):
        torch.manual_seed(digit)
        line = [f"{digit}/{i:05d}" + "\x01" * 240 + ".png" for i in range(1_250)]
        readers.append(str(tmp_path / f"taught{digit}.safetensors"))
        save_checkpoint(readers[-1], RowReader(TINY), {"examples": {"files": line, "taught_before": []}})
    out = tmp_path / "out.safetensors"
    tiny = ["--hidden", "24", "--limit", "64", "--epochs", "1", "--device", "cpu"]
    assert fit_main(["--distill-from", *readers, *tiny, "--out", str(out)]) == 2
    assert merge_main([*readers, "--out", str(out)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert [line.split(": error: ")[0] for line in errors] == ["python -m training.fit", "python -m training.merge"]
    assert all("the names of the 2,500 examples" in line and "nothing was done" in line for line in errors)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "taught3.safetensors",
        "taught4.safetensors",
    ]


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


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    form=st.sampled_from(["./{}", ".//{}", "{dir}//{}", "{dir}/./{}", "./sub/../{}", "{}"]),
    name=st.sampled_from(["seven.png", "-x.png", "-", "a\tb.png", "été.png"]),
)
def test_each_result_names_its_picture_as_it_was_typed(tmp_path, monkeypatch, capsys, form, name):
    """``--json``'s "file" and the text's first line were the name as pathlib folds it: ``./seven.png`` came back as
    ``seven.png`` and ``dir//seven.png`` as ``dir/seven.png``, so `find . -name '*.png' | xargs rowreader predict
    --json` matched none of its names to a result, and ``./-x.png`` came back as ``-x.png``, an option if given
    back. A missing file's error named it so too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir(exist_ok=True)
    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    Image.fromarray(page).save(tmp_path / name, format="PNG")
    typed = form.format(name, dir=tmp_path)
    if typed == "-":
        typed = "./-"
    assert main(["predict", "--json", "--", typed]) == 0
    assert [result["file"] for result in json.loads(capsys.readouterr().out)] == [typed]
    assert main(["predict", "--", typed, typed + ".gone"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == one_line(typed) and err == f"rowreader: error: {one_line(typed)}.gone: no such file\n"


def test_a_file_on_standard_input_longer_than_it_takes_is_refused_from_its_length(tmp_path, monkeypatch, capsys):
    """`predict - < scan.png`, a 7 followed by 2 GB of nothing (a sparse file; by name it reads in 1.6 s and 52 MB),
    read a GiB a MiB at a time before it was refused, 28 s and 2.1 GB. A regular file is measured first; a pipe is
    still read up to the GiB (its length says nothing)."""
    import io
    import sys

    import rowreader.cli as cli_module

    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    big, small = tmp_path / "big.png", tmp_path / "small.png"
    Image.fromarray(page).save(big)
    Image.fromarray(page).save(small)
    with open(big, "r+b") as file:
        file.truncate(2**31)
    read = []
    monkeypatch.setattr(cli_module, "read_at_most", lambda *args: read.append(args) or b"")
    with open(big, "rb") as file:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(file))
        assert main(["predict", "--json", "-"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and read == []
    assert err == "rowreader: error: -: more than 1 GiB on standard input; save the picture to a file\n"
    with open(small, "rb") as file:  # what fits is read as before
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(file))
        assert main(["predict", "--json", "-"]) == 0
    assert main(["predict", "--json", str(small)]) == 0
    piped, named = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert piped[0]["rows"] == named[0]["rows"] and piped[0]["file"] == "-"


@given(raw=st.one_of(st.text().map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary()))
def test_a_names_json_form_is_the_same_whichever_encoding_python_read_it_in(raw):
    """Under `LC_ALL=C PYTHONUTF8=0` Python reads names as ASCII, so a UTF-8 ``été.png`` came as surrogates and
    ``--json`` gave it a ``"file_bytes"`` as if it were not UTF-8 (its "file" right). Read either way, a name gets
    the same JSON: its text where its bytes are UTF-8, else U+FFFD for the bytes that are not and the exact bytes."""
    from rowreader.cli import json_file_name

    as_ascii, as_utf8 = raw.decode("ascii", "surrogateescape"), raw.decode("utf-8", "surrogateescape")
    assert json_file_name(as_ascii) == json_file_name(as_utf8)
    try:
        assert json_file_name(as_utf8) == {"file": raw.decode("utf-8")}
    except UnicodeDecodeError:
        assert bytes.fromhex(json_file_name(as_utf8)["file_bytes"]) == raw


def test_an_output_left_non_blocking_loses_no_result(tmp_path):
    """A stdout whose descriptor the starting program left non-blocking (O_NONBLOCK: Node's child processes, some CI
    runners) read by a slow reader: `predict --json` of 40 pictures wrote 16 results as a whole document, status 0,
    nothing on stderr (Python's text layer drops what a full pipe refuses). Every result now, and the flag, which that
    program shares, is put back at exit."""
    import contextlib
    import fcntl
    import os
    import subprocess
    import sys
    import time

    from conftest import REPO

    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 28:33] = 0
    Image.fromarray(page).save(tmp_path / "one.png")
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)  # full after a result
    os.set_blocking(write, False)
    ours = os.dup(write)  # the starting program's own descriptor of it
    names = [str(tmp_path / "one.png")] * 30
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "rowreader", "predict", "--json", *names], stdout=write, stderr=subprocess.PIPE, env=env
    )
    os.close(write)
    os.set_blocking(read, False)
    out = bytearray()
    while True:  # a slow reader, until the child is gone and its pipe empty (``ours`` keeps it open)
        try:
            out += os.read(read, 1024)
        except BlockingIOError:
            if child.poll() is not None:
                with contextlib.suppress(BlockingIOError):  # what it wrote as it ended
                    while chunk := os.read(read, 65536):
                        out += chunk
                break
        time.sleep(0.002)
    os.close(read)
    assert child.wait(timeout=60) == 0 and child.stderr.read() == b""
    assert [result["file"] for result in json.loads(out)] == names
    assert not os.get_blocking(ours)
    os.close(ours)
