"""The forty-second round of hostile testing, review: a hostile reading of what the fortieth and forty-first rounds
changed (the chart's peak names, My examples' thumbnails and keys, export and import temporaries, the comparisons of
recorded files and recipes), then those changes tried as a user; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import shlex

import pytest
import torch

from rowreader import load_checkpoint, save_checkpoint
from rowreader.checkpoint import pretrained_path
from training.fit import main as fit_main
from training.state import check_generator_device


def _suggested_start(err: str) -> list[str]:
    """The words of the ``--start-from … --out`` a refusal suggests, as a shell splits them."""
    start = err.index("(--start-from ") + 1
    return shlex.split(err[start : err.index(" and another --out", start)])


@pytest.mark.parametrize("name", ["my run/t3.safetensors", "it's/t3.safetensors"])
def test_going_on_from_the_weights_alone_names_a_path_a_shell_reads_back(tmp_path, capsys, name):
    """A checkpoint copied without its state (epoch 27 of the GPU machine's run), and a GPU's state resumed on the
    CPU, are told to "go on from its weights alone in a new run (--start-from OUT and another --out …)": OUT was
    written bare, so `runs/my run/t3.safetensors` pasted into a shell was two words, "--start-from runs/my" and a
    stray argument. Both refusals say it in one sentence now, the path quoted as a shell reads it back."""
    out = tmp_path / name
    out.parent.mkdir()
    save_checkpoint(out, load_checkpoint(pretrained_path()), {"epochs_trained": 27})
    capsys.readouterr()
    assert fit_main(["--device", "cpu", "--threads", "1", "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert _suggested_start(err) == ["--start-from", str(out)], err
    cuda_state = torch.zeros(16, dtype=torch.uint8)
    with pytest.raises(ValueError) as refused:
        check_generator_device(cuda_state, torch.device("cpu"), out)
    assert _suggested_start(str(refused.value)) == ["--start-from", str(out)], refused.value
