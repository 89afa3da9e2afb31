"""The forty-sixth round of hostile testing, killfit: training and its neighbours treated roughly, as users would:
`python -m training.fit` (--limit 512 --epochs 2 --hidden 32) stopped by SIGINT, SIGTERM and SIGKILL while loading,
while its pen workers rendered, mid-epoch and around its saves, then resumed; its folder made read-only, its disk
full; --out a picture, a folder, a link; two runs at one --out; `training.ship` killed between stages;
`training.merge` given odd readers and odd --outs. Each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
import torch

from rowreader.checkpoint import Checkpoint, save_checkpoint
from rowreader.model import ReaderConfig
from rowreader.network import RowReader
from training import merge

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # a picture's start: what the refusal should name


@pytest.fixture
def readers(tmp_path):
    """Two small readers of one shape, saved: a merge's members."""
    paths = []
    for seed in (0, 1):
        reader = RowReader(ReaderConfig(hidden_size=8)).initialise(torch.Generator().manual_seed(seed))
        paths.append(tmp_path / f"r{seed}.safetensors")
        save_checkpoint(paths[-1], Checkpoint.from_reader(reader))
    return paths


def test_a_merge_says_what_the_file_it_will_not_replace_is(tmp_path, readers, capsys, monkeypatch):
    """`training.merge a b --out holiday.safetensors`, that name a picture of the user's, was refused as "exists and
    is not a RowReader checkpoint; choose another path or --force", not a word of what the file was, where
    training.fit's refusal of the same file says "(it is a PNG picture)" (a fine-tune's said as the merge's). The
    merge and the fine-tune say it as training.fit does, from the one description, and the picture is kept."""
    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "no-mnist"))
    out = tmp_path / "holiday.safetensors"
    out.write_bytes(PNG)
    assert merge.main([*map(str, readers), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "exists and is not a RowReader checkpoint (it is a PNG picture); choose another path, or pass --force" in err
    assert out.read_bytes() == PNG
