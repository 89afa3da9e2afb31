"""What one training step computes: the loss after every row, and the clipped update that follows it.

Training (:mod:`training.fit`) and fine-tuning (:mod:`training.finetune`) take the same step, so both import it
from here.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from rowreader.model import ROWS


def row_weights(loss_name: str, device: torch.device) -> torch.Tensor:
    """Per-row loss weights (sum 1) for ``--loss``: ``"final"``, the last row only; ``"every-row"``, every row with
    weight ∝ row number.

    Weighting every row trains the running predictions the app shows, while leaning on later rows where the
    answer can actually be known.
    """
    if loss_name == "final":
        w = torch.zeros(ROWS, device=device)
        w[-1] = 1.0
        return w
    w = torch.arange(1, ROWS + 1, dtype=torch.float32, device=device)
    return w / w.sum()


def row_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy after every row, weighted per row (``row_weights``) and averaged over the batch."""
    per_row = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.repeat_interleave(ROWS), reduction="none")
    return (per_row.view(-1, ROWS) * weights).sum(dim=1).mean()


def optimizer_step(loss: torch.Tensor, optimizer: torch.optim.Optimizer, clip_grad: float) -> None:
    """Back-propagate ``loss`` and update the parameters ``optimizer`` holds (clipped to ``clip_grad`` if > 0).

    Only the optimizer's parameters are clipped and stepped, so fine-tuning a subset of layers uses this too.
    """
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if clip_grad > 0:
        torch.nn.utils.clip_grad_norm_([p for g in optimizer.param_groups for p in g["params"]], clip_grad)
    optimizer.step()


def final_row_accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of the batch whose prediction after the last row is right (the seed's "Training Accuracy")."""
    return (logits[:, -1].argmax(-1) == labels).float().mean().item()
