"""Accuracy after every row: the curve that says how early a row reader can decide."""

from __future__ import annotations

import numpy as np
import torch

from rowreader.model import RowReader


@torch.no_grad()
def evaluate_curve(
    reader: RowReader,
    images: np.ndarray | torch.Tensor,
    labels: np.ndarray | torch.Tensor,
    device: torch.device | str | None = None,
    batch_size: int = 2000,
) -> np.ndarray:
    """Fraction of ``images`` (uint8 or float [N, 28, 28]) classified right after each row: float64 ``[28]``.

    Uses the batched ``forward`` (not the stream): this is for whole test sets.
    """
    device = torch.device(device) if device is not None else reader.device
    was_training = reader.training
    reader.eval()
    images_t = torch.as_tensor(images)
    labels_t = torch.as_tensor(labels).to(device=device, dtype=torch.long)
    if len(images_t) != len(labels_t):
        raise ValueError(f"{len(images_t)} images but {len(labels_t)} labels")
    correct = torch.zeros(images_t.shape[1], dtype=torch.long, device=device)
    for start in range(0, len(images_t), batch_size):
        batch = images_t[start : start + batch_size].to(device)
        batch = batch.float() / 255 if batch.dtype == torch.uint8 else batch.float()
        predicted = reader(batch).argmax(dim=-1)  # [B, 28]
        correct += (predicted == labels_t[start : start + batch_size, None]).sum(dim=0)
    reader.train(was_training)
    return (correct.double() / max(1, len(images_t))).cpu().numpy()
