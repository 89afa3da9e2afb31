"""The fifty-first round of hostile testing, teach6: teaching the reader one's own handwriting as a hostile user:
examples with odd drawings (blank, black, one drawing 30 times, every example one digit), ``python -m training.fit
--finetune`` with odd arguments (each bound and default of its help, ``--out`` a link to the base or a file's
folder), and the app's teach; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil

from training.fit import main

FAST = ["--train-samples", "64", "--batch-size", "16", "--eval-digits", "200", "--threads", "1"]


def test_a_refusal_for_too_few_drawings_says_that_newest_left_the_others_out(
    tmp_path, tiny_base, mnist_examples, capsys
):
    """A folder of two different 1s taught with ``--newest 1`` was refused as "…/ones: one example; teaching needs at
    least two different drawings (three of each digit to learn is a good start)": the folder holds two, and keeping
    three of each would be refused alike. The warning above it said two were left out, the refusal blamed the folder.
    The refusal now names ``--newest`` as what left the others out, and says to give a larger one."""
    ones = tmp_path / "ones"
    shutil.copytree(mnist_examples / "1", ones / "1")
    out = tmp_path / "o.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(ones), "--out", str(out), "--newest", "1", *FAST]
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.endswith(
        f"{ones}: one example; teaching needs at least two different drawings: --newest 1 left 1 older example out"
        "; give a larger --newest"
    ), err
    assert not out.exists()
