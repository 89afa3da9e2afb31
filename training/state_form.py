"""Whether a training state's optimiser and schedule are of the form the recipe's own save, before ``--resume``.

torch restores both without a look. A field of another type or length, or a number that is not finite, surfaced
a step later in torch's words or as a traceback (an lr of "x", betas of one value, a schedule without its phases),
or never: an empty schedule began anew, a schedule's step count past its end stopped the run at its first step,
and an NaN lr said "loss became nan … try a lower --lr", blaming the rate.
"""

from __future__ import annotations

import math

import torch


def form_differs(saved: object, fresh: object, name: str) -> str | None:
    """The name of the first value in ``saved`` whose form is not ``fresh``'s, or None.

    Dicts are compared on the keys both hold (another torch version saves a few others of its own), lists and
    tuples item by item, tensors by shape (and finiteness), numbers by type and finiteness, the rest by type."""
    if isinstance(fresh, dict):
        if not isinstance(saved, dict):
            return name
        common = sorted(fresh.keys() & saved.keys(), key=str)
        return next((d for k in common if (d := form_differs(saved[k], fresh[k], f"{name}.{k}"))), None)
    if isinstance(fresh, list | tuple):
        if type(saved) is not type(fresh) or len(saved) != len(fresh):  # type: ignore[arg-type]
            return name
        pairs = enumerate(zip(saved, fresh, strict=True))  # type: ignore[call-overload]
        return next((d for i, (s, f) in pairs if (d := form_differs(s, f, f"{name}[{i}]"))), None)
    if isinstance(fresh, torch.Tensor):
        same = isinstance(saved, torch.Tensor) and saved.shape == fresh.shape and bool(torch.isfinite(saved).all())
        return None if same else name
    if type(saved) is not type(fresh) or (isinstance(saved, float) and not math.isfinite(saved)):
        return name
    return None


def check_optimizer(saved: dict, optimizer: torch.optim.Optimizer) -> None:
    """ValueError if Adam's saved settings are not of the form ``optimizer``'s (the recipe's, not yet stepped)."""
    if (differs := form_differs(saved.get("param_groups"), optimizer.state_dict()["param_groups"], "")) is not None:
        raise ValueError(f"Adam's settings (param_groups{differs}) are not of the form the recipe's Adam saves")
    moments = saved.get("state")
    if not isinstance(moments, dict) or not all(
        isinstance(kinds, dict) and all(isinstance(value, torch.Tensor) for value in kinds.values())
        for kinds in moments.values()
    ):
        raise ValueError("Adam's moments (state) are not tensors, by parameter and kind")


def check_moments(optimizer: torch.optim.Optimizer, step: int) -> None:
    """ValueError if Adam's restored moments are missing after a step, or not of their parameters' shapes: torch
    loads them without a look, and the first step failed in its words ("The size of tensor a (2) must match the
    size of tensor b (28)"), or began them anew without a word."""
    for group in optimizer.param_groups:
        for index, parameter in enumerate(group["params"]):
            moments = optimizer.state.get(parameter, {})
            if step and not moments:
                raise ValueError(f"Adam's moments of parameter {index} are missing, after {step} steps")
            for kind, value in moments.items():
                if isinstance(value, torch.Tensor) and value.dim() and value.shape != parameter.shape:
                    raise ValueError(
                        f"Adam's {kind} of parameter {index} is {list(value.shape)}, the parameter "
                        f"{list(parameter.shape)}"
                    )


def check_schedule(saved: dict, fresh: dict, step: int) -> None:
    """ValueError if a saved learning-rate schedule is not the recipe's (``fresh``: its schedule before any step)
    at ``step``: where it stands and how long it is must agree, and every field be of its form."""
    if "base_lrs" not in saved or saved.get("last_epoch") != step:
        raise ValueError(f"its learning-rate schedule stands at step {saved.get('last_epoch')!r}, the run at {step}")
    if saved.get("total_steps") != fresh.get("total_steps"):
        raise ValueError(
            f"its learning-rate schedule has total_steps {saved.get('total_steps')!r}, the recipe's "
            f"{fresh.get('total_steps')!r}"
        )
    if (differs := form_differs(saved, fresh, "")) is not None:
        raise ValueError(f"its learning-rate schedule ({differs.lstrip('.')}) is not of the form the recipe's saves")
