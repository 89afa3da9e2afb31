"""The forty-ninth round of hostile testing, review11: the forty-eighth round's changes read with a hostile reviewer's
eyes (training's refusals of part of a step, the ink notes read with the pixels, the checkpoint's metadata order, the
icon and cursor walks); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest

from training import arguments


@pytest.mark.parametrize(
    "typed",
    [["--batch-size", "128"], ["--train-samples", "100000"], ["--train-samples", "100000", "--batch-size", "128"]],
)
def test_the_seed_recipe_typed_as_it_is_is_its_recipe(typed: list[str]) -> None:
    """`--preset seed --batch-size 128` (the preset's own batch, typed) was refused as "--train-samples 100,000 (the
    seed preset's) is not a whole number of steps of --batch-size 128", though `--preset seed` alone runs that very
    recipe: a value typed equal to the preset's changes nothing, so it is refused no more than the preset is."""
    config = arguments.parse_args(["--preset", "seed", *typed], starting=False)
    assert (config.train_samples, config.batch_size) == (100_000, 128)


def test_the_seed_recipe_with_another_batch_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """What the refusal is for stays: another --batch-size under the seed's 100,000 samples is part of a step."""
    with pytest.raises(SystemExit) as exited:
        arguments.parse_args(["--preset", "seed", "--batch-size", "64"], starting=False)
    assert exited.value.code == 2
    assert "not a whole number of steps of --batch-size 64" in capsys.readouterr().err
