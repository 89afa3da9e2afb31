"""The sixty-ninth round, leftovers18: the round's small leftovers, a model's name given to `--out` beginning with a
space in training.fit and training.merge."""

from __future__ import annotations

import pytest

from training.config import FitConfig
from training.merge import main as merge_main


@pytest.mark.parametrize(
    ("out", "offered"),
    [(" m.safetensors", "give m.safetensors, say"), ("runs/ .safetensors", "give runs/model.safetensors, say")],
)
def test_a_model_name_beginning_with_a_space_is_refused(out: str, offered: str) -> None:
    """`training.fit --out ' m.safetensors'` trained for minutes and wrote " m.safetensors", which the next command's
    `--checkpoint m.safetensors` does not find; `--out 'runs/ .safetensors'` wrote a file named " .safetensors", no
    name at all. Now the name is refused before anything runs, and a name without the space is offered."""
    with pytest.raises(ValueError, match="begins its file's name with a space") as refused:
        FitConfig(out=out)
    assert offered in str(refused.value)


def test_merge_refuses_a_model_name_beginning_with_a_space(capsys: pytest.CaptureFixture[str]) -> None:
    """`training.merge A B --out ' m.safetensors'` took the name, as training.fit did; now it is refused with the
    command line (status 2), the name without its space offered."""
    with pytest.raises(SystemExit) as stopped:
        merge_main(["a.safetensors", "b.safetensors", "--out", " m.safetensors"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "begins its file's name with a space" in error and "give m.safetensors, say" in error
