"""The thirty-first round of hostile testing, cli: `rowreader` and `python -m training.unipen_convert` used from
scripts and pipes (their output parsed, their exit statuses read) and stopped as a terminal closing stops them."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import rowreader.cli as cli_module
import training.unipen_convert as convert_module
from rowreader.launch import run_main

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")


def _hang_up() -> None:
    """The terminal closed: SIGHUP to this process, once the command has taken it (left to the system, it would end
    the test run itself, as it ended the command: status 129, not a word)."""
    handler = signal.getsignal(signal.SIGHUP)
    assert handler not in (signal.SIG_DFL, None), "SIGHUP is left to the system: it would end the process"
    signal.raise_signal(signal.SIGHUP)


def _digit(path: Path) -> Path:
    pixels = np.zeros((28, 28), np.uint8)
    pixels[5:23, 13:16] = 255  # a 1
    Image.fromarray(pixels).save(path)
    return path


@POSIX
def test_a_terminal_closed_under_predict_json_closes_its_document_and_says_so(tmp_path, capsys, monkeypatch):
    """`rowreader predict --json scans/*.png > out.json` in a terminal that closed (SIGHUP) ended on the spot: status
    129, not a word, and out.json cut in the middle of a result (3,000 pictures: 952 read, json.load failed with
    "Expecting ',' delimiter"). It stops as SIGTERM does now: the document closed after the last whole result."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as a command started from a terminal finds it
    images = [str(_digit(tmp_path / f"{i}.png")) for i in range(3)]
    real = cli_module._predict_one
    calls = []

    def hung_up_at_the_second(stream, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            _hang_up()
        return real(stream, path, *args, **kwargs)

    monkeypatch.setattr(cli_module, "_predict_one", hung_up_at_the_second)
    status = run_main("rowreader.cli", "rowreader", ["predict", "--json", *images])
    out, err = capsys.readouterr()
    assert status == 128 + signal.SIGHUP
    assert [result["file"] for result in json.loads(out)] == images[:1]
    assert "rowreader: error: stopped by SIGHUP after 1 of 3 images; the rest were not read" in err


@POSIX
def test_a_terminal_closed_under_the_converter_says_so_and_writes_nothing(tmp_path, capsys, monkeypatch):
    """`python -m training.unipen_convert` ended without a word on SIGHUP (status 129), as it started through
    run_main alone, which took SIGTERM only; its --help promised "129 when stopped by SIGHUP". It says so now, and
    the --out folder it made is gone."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    source = tmp_path / "src"
    (source / "include").mkdir(parents=True)

    def hung_up_while_reading(src):
        _hang_up()
        raise AssertionError("not stopped")

    monkeypatch.setattr(convert_module, "convert", hung_up_while_reading)
    out = tmp_path / "out"
    status = run_main("training.unipen_convert", "training.unipen_convert", [str(source), "--out", str(out)])
    assert status == 128 + signal.SIGHUP
    assert capsys.readouterr().err.strip().endswith("training.unipen_convert: stopped by SIGHUP")
    assert not out.exists()


@POSIX
@pytest.mark.parametrize("command", [[], ["predict"], ["evaluate"], ["download"]])
def test_every_rowreader_help_gives_sighups_status(command, capsys):
    """`rowreader --help` gave 130 and 143 but not 129, which a terminal closed under a command now ends it with."""
    with pytest.raises(SystemExit):
        cli_module.main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "129 when stopped by SIGHUP" in text and "130 when stopped by Ctrl-C and 143 by SIGTERM" in text
