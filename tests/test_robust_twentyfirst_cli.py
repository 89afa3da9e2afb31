"""The twenty-first round of hostile testing, the command line: what `rowreader predict` says of an IMAGE that is
none (a folder, a model, a link loop), each message naming the file and what to give instead."""

from __future__ import annotations

import io
import os
import shutil

import pytest

from rowreader.checkpoint import pretrained_path
from rowreader.cli import main


def predict(capsys, *words: object) -> tuple[int, str]:
    code = main(["predict", *map(str, words)])
    return code, capsys.readouterr().err


def test_a_folder_given_as_an_image_says_how_to_name_its_pictures(capsys, tmp_path):
    """`rowreader predict scans/` said "scans: is a folder, not an image", and nothing of how to read what is in it."""
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "7.png").write_bytes(b"")
    code, err = predict(capsys, tmp_path / "scans")
    assert code == 1
    assert (
        f"is a folder, not an image; to read the pictures in it, name them: rowreader predict {tmp_path}/scans/*.png"
        in err
    )
    # a folder named with its / (the root, "/", too) is FOLDER/*.png, not FOLDER//*.png
    assert f"name them: rowreader predict {tmp_path}/scans/*.png\n" in predict(capsys, f"{tmp_path}/scans/")[1]


def test_a_model_given_as_an_image_says_to_give_it_as_checkpoint(capsys, tmp_path):
    """`rowreader predict mine.safetensors seven.png` (--checkpoint forgotten) said "mine.safetensors: not an image
    PIL can read", as of any file it cannot tell."""
    model = shutil.copy(pretrained_path(), tmp_path / "mine.safetensors")
    code, err = predict(capsys, model)
    assert code == 1
    assert f"{model}: not an image PIL can read; it is a RowReader model: give it as --checkpoint {model}" in err


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_loop_as_the_checkpoint_says_what_to_do(capsys, tmp_path):
    """`--checkpoint loop` said "cannot read this checkpoint (Too many levels of symbolic links)", the kernel's
    words and no way out."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    code, err = predict(capsys, "--checkpoint", tmp_path / "loop", tmp_path / "x.png")
    assert code == 1
    assert f"{tmp_path / 'loop'}: goes through a link that loops back on itself, so no checkpoint is there" in err
    assert "Too many levels" not in err


def test_a_picture_or_a_folder_as_the_checkpoint_says_what_to_give(capsys, tmp_path):
    """`--checkpoint seven.png` said "a PNG picture, not a model checkpoint" and `--checkpoint runs` "is a folder,
    not a checkpoint": what they were not, and nothing of what to give."""
    from PIL import Image

    Image.new("L", (28, 28)).save(tmp_path / "seven.png")
    (tmp_path / "runs").mkdir()
    shutil.copy(pretrained_path(), tmp_path / "runs" / "m.safetensors")
    (tmp_path / "empty").mkdir()
    _, err = predict(capsys, "--checkpoint", tmp_path / "seven.png", tmp_path / "seven.png")
    assert f"not a model checkpoint; a picture is read as IMAGE: rowreader predict {tmp_path}/seven.png" in err
    _, err = predict(capsys, "--checkpoint", tmp_path / "runs", tmp_path / "seven.png")
    assert f"runs: is a folder, not a checkpoint; give the model in it ({tmp_path}/runs/m.safetensors)" in err
    _, err = predict(capsys, "--checkpoint", tmp_path / "empty", tmp_path / "seven.png")
    assert "empty: is a folder, not a checkpoint; it holds no RowReader model" in err


def test_predict_dash_with_nothing_piped_says_how_to_pipe_a_picture(capsys, monkeypatch):
    """`rowreader predict - < /dev/null` (or a pipe from a command that printed nothing) said "standard input is
    empty (0 bytes), not a picture" and nothing of what to give; the terminal's refusal said it."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, err = predict(capsys, "-")
    assert code == 1
    assert "-: standard input is empty (0 bytes), not a picture; pipe one in: rowreader predict - < seven.png" in err


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_loop_as_the_data_folder_is_called_a_loop(capsys, tmp_path):
    """`evaluate --data-dir loop` (a link that leads to itself) said "loop: is a broken link, not a folder", as if
    its folder had been moved or deleted. Refused as the command line is read since the forty-third round."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(SystemExit) as stopped:
        main(["download", "--data-dir", str(tmp_path / "loop")])
    assert stopped.value.code == 2
    assert f"{tmp_path / 'loop'} is a link that loops back on itself, not a folder" in capsys.readouterr().err
