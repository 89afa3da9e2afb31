"""A torch tensor handed to the NumPy side of the library, as the NumPy array of its values.

Reading needs no torch, but a student who has one holds tensors: ``forward``'s softmax, a torchvision digit. NumPy
could not take three kinds of them, and its refusals named none of the library's checks: a tensor that requires grad
("Can't call numpy() on Tensor that requires grad"), a bfloat16 one ("Got unsupported ScalarType BFloat16") and one on
a GPU ("can't convert cuda:0 device type tensor to numpy"). torch is never imported here: without it loaded, nothing
can be a tensor.
"""

from __future__ import annotations

import sys

import numpy as np


def host_array(values: object) -> object:
    """``values`` unchanged, unless it is a torch tensor: then its values, detached and on the CPU, as a NumPy array
    (bfloat16, which NumPy lacks, as float32: every bfloat16 is one exactly). A tensor on the meta device holds no
    values: ValueError."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(values, torch.Tensor):
        return values
    tensor = values.detach()
    if tensor.device.type == "meta":
        raise ValueError(f"a tensor on the meta device holds no values to read (shape {list(tensor.shape)})")
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()
    return np.asarray(tensor.cpu().resolve_conj().resolve_neg())
