"""training.step, the step fit and fine-tune share: the per-row weights, the loss, the clipped update, the accuracy.

The end-to-end runs (test_training_fit) only see that a tiny model learns something; these pin what each piece
computes, so a wrong row weight or a missed clip cannot hide behind a run that still learns.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from rowreader.model import ROWS
from training.step import final_row_accuracy, optimizer_step, row_loss, row_weights

CPU = torch.device("cpu")


def test_the_final_loss_weighs_the_last_row_only():
    assert row_weights("final", CPU).tolist() == [0.0] * (ROWS - 1) + [1.0]


def test_the_every_row_loss_weighs_each_row_by_its_number():
    weights = row_weights("every-row", CPU)
    assert weights.sum().item() == pytest.approx(1.0)
    torch.testing.assert_close(weights / weights[0], torch.arange(1.0, ROWS + 1))


def test_the_loss_is_each_rows_cross_entropy_weighted_and_averaged_over_the_batch():
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(3, ROWS, 10, generator=generator)
    labels = torch.tensor([2, 7, 7])
    weights = row_weights("every-row", CPU)
    per_row = torch.stack([F.cross_entropy(logits[:, r], labels, reduction="none") for r in range(ROWS)], dim=1)
    torch.testing.assert_close(row_loss(logits, labels, weights), (per_row * weights).sum(dim=1).mean())


@pytest.mark.parametrize(("clip", "moved"), [(0.0, 200.0), (1.0, 1.0)])
def test_a_step_clips_the_gradient_to_the_norm_asked_for(clip, moved):
    """Gradient (100, 100, 100, 100), norm 200: SGD at rate 1 moves the weights by the gradient, clipped or not;
    a second step moves them as far again (the first step's gradient is not added to the second's)."""
    weight = torch.zeros(4, requires_grad=True)
    frozen = torch.zeros(4, requires_grad=True)  # not the optimizer's: neither clipped nor stepped
    optimizer = torch.optim.SGD([weight], lr=1.0)
    for step in (1, 2):
        optimizer_step(100 * (weight.sum() + frozen.sum()), optimizer, clip)
        assert weight.norm().item() == pytest.approx(step * moved)
    assert frozen.tolist() == [0.0] * 4


def test_accuracy_is_read_after_the_last_row():
    logits = torch.zeros(2, ROWS, 10)
    logits[:, :-1, 0] = 5.0  # every row before the last says 0
    logits[0, -1, 3] = logits[1, -1, 4] = 5.0  # the last says 3 and 4
    assert final_row_accuracy(logits, torch.tensor([3, 4])) == 1.0
    assert final_row_accuracy(logits, torch.tensor([3, 0])) == 0.5
