"""The twenty-first round of hostile testing, data: getting and reading MNIST and UNIPEN as a new user would."""

from __future__ import annotations

import gzip
import os

import pytest
from test_core_unipen import good_line, write_lines
from test_training_unipen_convert import PEN_DATA, label_file, release

from rowreader.unipen import UnipenFileError, load_unipen
from training.unipen_convert import main


@pytest.mark.parametrize(
    ("encode", "says"),
    [
        (lambda text: text.encode("utf-16"), "is UTF-16 text"),
        (lambda text: text.encode("utf-32"), "is UTF-32 text"),
        (lambda text: gzip.compress(text.encode()), "is gzip-compressed"),
        (lambda text: text.encode("utf-8-sig"), "is text with a UTF-8 byte-order mark"),
    ],
)
@pytest.mark.parametrize("which", ["data/1a/xyz/anna.dat", "include/xyz/data/anna.dat"])
def test_a_source_file_saved_as_utf16_or_gzipped_is_named_as_such(tmp_path, capsys, encode, says, which):
    """It was "line 1: text before the first keyword (a UNIPEN file starts with one)": true of no byte the user
    could see in an editor, which shows the file's text as it was."""
    texts = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA}
    source = release(tmp_path / "src", texts)
    (source / which).write_bytes(encode(texts[which]))
    assert main([str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source / which}: {says}, not ASCII text" in err
    assert "before the first keyword" not in err
    assert not (tmp_path / "out").exists()


def test_digits_saved_again_as_utf16_say_so(tmp_path):
    """A gzip of UTF-16 text was "not a readable gzip file of UTF-8 text": it is a readable gzip."""
    path = write_lines(tmp_path / "d", [good_line()])
    text = gzip.decompress(path.read_bytes()).decode()
    path.write_bytes(gzip.compress(text.encode("utf-16")))
    with pytest.raises(UnipenFileError, match=r"line 1: a gzip of UTF-16 text, not UTF-8 .*convert it again"):
        load_unipen(tmp_path / "d")


def test_a_gunzipped_digits_file_is_named_not_only_missing(tmp_path):
    """``gunzip digits.jsonl.gz`` leaves ``digits.jsonl``: the error said only "no digits.jsonl.gz in DIR"."""
    path = write_lines(tmp_path / "d", [good_line()])
    path.with_suffix("").write_bytes(gzip.decompress(path.read_bytes()))
    path.unlink()
    with pytest.raises(FileNotFoundError, match=r"digits\.jsonl is digits\.jsonl\.gz unpacked, not read"):
        load_unipen(tmp_path / "d")


def test_a_folder_from_the_environment_without_the_file_names_the_variable(tmp_path, monkeypatch):
    """MNIST's "not found in $ROWREADER_DATA=old/dir"; UNIPEN's was "no digits.jsonl.gz in old/dir", its advice "or set
    $ROWREADER_UNIPEN": a variable set long ago in a profile was not to be seen as the cause."""
    monkeypatch.setenv("ROWREADER_UNIPEN", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=rf"no digits\.jsonl\.gz in \$ROWREADER_UNIPEN={tmp_path}\. "):
        load_unipen()
    with pytest.raises(FileNotFoundError, match=rf"no digits\.jsonl\.gz in {tmp_path}\. "):  # named: no variable
        load_unipen(tmp_path)


def test_a_byte_not_utf8_is_refused_at_its_own_line(tmp_path):
    """It was refused at the first line of the 8 kB chunk that held it, lines earlier (here line 221; line 96 for
    100 of the real file), as "not a readable gzip file of UTF-8 text" though the gzip read whole."""
    lines = [good_line() for _ in range(300)]
    lines[249] = lines[249].replace('"writer": "', '"writer": "\udce9', 1)  # a latin-1 é, written as the byte
    path = tmp_path / "d" / "digits.jsonl.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress("".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")))
    with pytest.raises(UnipenFileError, match=r"line 250: not UTF-8 text \(byte 0xe9 at character \d+\)"):
        load_unipen(tmp_path / "d")


@pytest.mark.parametrize(
    ("make", "says"), [(lambda p: p.symlink_to(p.parent / "gone"), "a broken link"), (os.mkfifo, "a named pipe (FIFO)")]
)
def test_a_label_file_that_cannot_be_read_is_refused_not_skipped(tmp_path, capsys, make, says):
    """A ``*.dat`` label file that was a broken link (or a pipe) was passed over: the conversion succeeded, its
    digits missing, the printed checksum the only sign."""
    texts = {"data/1a/xyz/anna.dat": label_file("xyz/data/anna.dat", "0 1"), "include/xyz/data/anna.dat": PEN_DATA}
    source = release(tmp_path / "src", texts)
    make(source / "data/1a/xyz/bob.dat")
    assert main([str(source), "--out", str(tmp_path / "out")]) == 2
    assert f"{source / 'data/1a/xyz/bob.dat'}: is {says}, not a label file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_file_of_blank_lines_holds_no_digits(tmp_path):
    """It loaded as an empty list: a training run with ``--pen`` went on to fail far from the cause."""
    (tmp_path / "digits.jsonl.gz").write_bytes(gzip.compress(b"\r\n\n  \n"))
    with pytest.raises(UnipenFileError, match="holds no digits"):
        load_unipen(tmp_path)
