"""``--distill-from``: learning the mean row-by-row beliefs of other readers (teachers) besides the labels.

The teachers are read and checked before any data is loaded or file written, and on ``--resume`` they must be the
very files the run began with.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from rowreader.checkpoint import Checkpoint, read_metadata
from training.arguments import fit_parser
from training.config import FitConfig, recorded_loss
from training.files import load_named, refuse_repeats


def distill_loss(
    logits: torch.Tensor, teacher_logits: torch.Tensor, weights: torch.Tensor, temperature: float
) -> torch.Tensor:
    """KL(teachers ‖ student) between beliefs softened by ``temperature``, after every row, weighted per row like
    ``row_loss`` and scaled by T² so its gradients keep their size at any temperature (Hinton et al., 2015).

    An ensemble reads better than any of its members (docs/shipped-model.md), but it is wider and slower;
    learning its beliefs, second guesses included, passes part of that on to a reader of the usual width.
    """
    teacher = F.log_softmax(teacher_logits / temperature, dim=-1)
    student = F.log_softmax(logits / temperature, dim=-1)
    per_row = (teacher.exp() * (teacher - student)).sum(dim=-1)
    return (per_row * weights).sum(dim=1).mean() * temperature**2


def load_teachers(config: FitConfig) -> list[Checkpoint]:
    """``--distill-from``'s readers, read and checked before any data is loaded or file written. Any width, cell
    or depth: only their beliefs after each row are learnt. A new run's at no weight are refused (a resumed run
    goes on with the recipe it began with)."""
    if (idle := config.idle_teachers()) is not None:
        raise ValueError(idle)
    paths = [Path(p) for p in config.distill_from]
    parser = fit_parser()  # for a hint, where a teacher is not found
    teachers = [load_named(path, parser, "--distill-from") for path in paths]
    refuse_repeats(paths, teachers)
    for path, teacher in zip(paths, teachers, strict=True):
        refuse_a_last_row_teacher(path, teacher, config.loss)
    return teachers


def refuse_a_last_row_teacher(path: Path, teacher: Checkpoint, loss: str) -> None:
    """ValueError where ``teacher`` was trained on its last row only (its recipe's loss ``final``, the seed's; or a
    merge of such a reader, :func:`~training.config.recorded_loss`) and
    the run learns beliefs after every row: its earlier beliefs were never taught (the shipped seed model reads
    40 % of MNIST after row 21), and a student learnt them, without a word, as the teachers' own."""
    if loss != "final" and recorded_loss(teacher.metadata) == "final":
        merged = "recipe" not in teacher.metadata  # a merge's members' recipes (training.merge)
        what = "merges a reader trained" if merged else "was trained"
        raise ValueError(
            f"--distill-from {path} {what} on its last row only (its recipe's --loss final): its beliefs before "
            f"the last row were never taught, and this run (--loss {loss}) would learn them after every row; give "
            "--loss final to learn its last row alone, or another reader"
        )


def check_same_teachers(out: Path, teachers: list[dict]) -> None:
    """On ``--resume``: the teachers (``checkpoint_source`` records) must be the files the run began with (a changed
    file would teach the second half of the run something else, while the checkpoint still names the first)."""
    if not teachers:
        return
    recorded = read_metadata(out).get("distilled_from")
    recorded = [t.get("sha256") for t in recorded if isinstance(t, dict)] if isinstance(recorded, list) else None
    if recorded != [t["sha256"] for t in teachers]:
        raise ValueError(f"--resume: the --distill-from readers are not the files {out} was trained with; resume "
                         "with the same files")  # fmt: skip
