"""The training state saved after every epoch beside the checkpoint, so ``--resume`` can continue exactly.

It holds only tensors, numbers, strings and lists (loaded with ``weights_only=True``: no code runs on load)
and is written atomically, together with the epoch's checkpoint (``training.saving.save_epoch``). Read back, it is
checked whole before a step is taken: its fields here, its optimiser, schedule and epoch against the recipe's own
(``check_optimizer``, ``check_moments``, ``check_schedule``, ``check_epoch``) as ``training.run.start_run`` restores
them.
"""

from __future__ import annotations

import io
import math
import pickle
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from rowreader.checkpoint import checkpoint_beside, is_checkpoint
from rowreader.model import is_real_number
from rowreader.output import counted, shell_word
from rowreader.tensor_file import json_count
from training.files import state_path  # defined there, apart from torch; imported from here too
from training.metrics import COLUMNS


@dataclass
class TrainingState:
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    cpu_rng: torch.Tensor
    aug_rng: torch.Tensor
    epoch: int
    step: int
    best: float
    elapsed: float
    train_seconds: float
    config: dict[str, Any]
    history: list[dict]


def state_bytes(state: TrainingState) -> bytes:
    """The training state file's contents (written together with the epoch's checkpoint, see ``save_epoch``)."""
    buffer = io.BytesIO()
    data = asdict(state)
    data["model"] = {k: v.detach().cpu() for k, v in state.model.items()}
    data["cpu_rng"], data["aug_rng"] = state.cpu_rng.cpu(), state.aug_rng.cpu()
    torch.save(data, buffer)
    return buffer.getvalue()


def _is_non_negative(value: Any) -> bool:
    return is_real_number(value) and value >= 0


def _is_tensor_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, torch.Tensor) for v in value.values())


def _is_number_text(value: Any) -> bool:
    """A finite number, or text that reads as one (the metrics rows hold "0.123456", as the CSV writes them)."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    return is_real_number(value)


def _is_metrics_row(row: Any) -> bool:
    """One metrics CSV row as :class:`~training.metrics.MetricsLog` makes it: its columns only, epoch and step whole
    numbers, the rest numbers. Text where a number goes (a formula, a name) was written back to the CSV as it was."""
    if not isinstance(row, dict) or not set(row) <= set(COLUMNS):
        return False
    counts = all(json_count(row[name]) for name in ("epoch", "step") if name in row)
    return counts and all(_is_number_text(value) for name, value in row.items() if name not in ("epoch", "step"))


# Each field's test and its wording: a damaged state must fail here, by name, not as a TypeError mid-training.
_SCHEMA: dict[str, tuple[str, Any]] = {
    "model": ("a dict of tensors", _is_tensor_dict),
    "optimizer": ("a dict", lambda v: isinstance(v, dict)),
    "scheduler": ("a dict", lambda v: isinstance(v, dict)),
    "cpu_rng": ("a uint8 tensor", lambda v: isinstance(v, torch.Tensor) and v.dtype == torch.uint8),
    "aug_rng": ("a uint8 tensor", lambda v: isinstance(v, torch.Tensor) and v.dtype == torch.uint8),
    "epoch": ("a whole number ≥ 0", json_count),
    "step": ("a whole number ≥ 0", json_count),
    "best": ("a number in [0, 1]", lambda v: _is_non_negative(v) and v <= 1),
    "elapsed": ("a number ≥ 0", _is_non_negative),
    "train_seconds": ("a number ≥ 0", _is_non_negative),
    "config": ("a dict", lambda v: isinstance(v, dict)),
    # rows of the metrics CSV: a field it has no column for stopped --resume in csv's words, no file named
    "history": (
        "a list of the metrics CSV's rows",
        lambda v: isinstance(v, list) and all(_is_metrics_row(r) for r in v),
    ),
}


# What marks a training state as ours, of any version and even damaged (a missing field is then reported by
# load_state, not taken for someone else's file): the model, optimiser, schedule, generators and recipe.
_MARKS = frozenset({"model", "optimizer", "scheduler", "cpu_rng", "aug_rng", "config"})


def is_training_state(path: Path) -> bool:
    """True for a file of :func:`state_bytes` (of any version): a torch archive holding a dict with our fields.

    Being a zip file is not enough: every ``torch.save`` file is one (someone's own ``model.state.pt``), and so are
    a ``.docx`` or a ``.jar``. Read with ``weights_only=True`` (no code runs) and memory-mapped (no tensor is read).
    """
    if not zipfile.is_zipfile(path):
        return False
    try:
        data = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception:  # not a torch archive, or one holding more than plain data: not ours either way
        return False
    return isinstance(data, dict) and _MARKS.issubset(data)


def load_state(path: Path) -> TrainingState:
    if not path.is_file():
        # "train once with the same --out first" was said to a run killed (kill -9, a power cut) in its first epoch,
        # which had trained once with that --out: it saved nothing, and only starting again goes on
        raise FileNotFoundError(
            f"--resume: no training state at {path}, so no epoch of a run of this --out was saved (a run stopped in "
            "its first epoch saves none); start the run again without --resume (or give the --out it was run with)"
        )
    if not zipfile.is_zipfile(path):  # torch's word for it is a paragraph about miniz
        # beside a whole checkpoint, its weights are not lost with the state: "start anew" alone lost every epoch
        beside = checkpoint_beside(path)
        weights = f", or {from_the_weights_alone(Path(beside))}" if is_checkpoint(beside) else ""
        raise ValueError(
            f"--resume: {path} is cut short or damaged (not a whole training state), so the run cannot go on from "
            f"it; start the run anew without --resume (--force writes over it){weights}"
        )
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:  # torch's paragraph advised weights_only=False: to run what the file holds
        if (held := _refused_by_weights_only(str(err))) is None:
            raise ValueError(f"--resume: {path} is not a readable training state ({err})") from err
        raise ValueError(
            f"--resume: {path} is not a readable training state: it holds {held}, which no run saves, and it is "
            "not read (nothing in a training state is run); start the run anew without --resume (--force writes "
            "over it)"
        ) from None
    except Exception as err:  # a damaged or foreign file: say which, never guess
        raise ValueError(f"--resume: {path} is not a readable training state ({err})") from err
    if not isinstance(data, dict) or set(data) != set(_SCHEMA):
        raise ValueError(f"--resume: {path} is not a training state of this version (fields differ)")
    for name, (wanted, valid) in _SCHEMA.items():
        if not valid(data[name]):
            raise ValueError(f"--resume: {path} is damaged: {name} must be {wanted}")
    if (odd := _first_not_finite(data)) is not None:
        raise ValueError(f"--resume: {path} is damaged: {odd} holds NaN or infinite values")
    return TrainingState(**data)


def _refused_by_weights_only(message: str) -> str | None:
    """What torch's ``weights_only`` reading refused in a file, in words, from its ``message``; None for another
    refusal. Pickle's LONG4 (139) is a whole number of 256 bytes or more (614 digits on): torch reads no longer
    one, and no run saves one. A global is named as Python's: it may be a class (``int``, said "a int, an object of a
    class"), a function (``getattr``) or an object of a class (a ``collections.deque``). The last words are for what
    else it refuses: an operand of another pickle protocol (a frozenset saved with ``pickle_protocol=4``)."""
    if "WeightsUnpickler error" not in message:
        return None
    if re.search(r"Unsupported operand 139\b", message):
        return "a whole number longer than a training state holds (over 600 digits)"
    if found := re.search(r"GLOBAL (\S+) was not an allowed global", message):
        return f"Python's {found[1]}"
    return "a value torch's safe reading refuses"


def _first_not_finite(data: dict[str, Any]) -> str | None:
    """The first weight or Adam moment of a state holding NaN or ±inf, in words. ``save_epoch`` writes none, so one
    is damage (a bit flipped on disk): resuming from it said "loss became nan at step 5; try a lower --lr"."""
    moments = data["optimizer"].get("state")
    named = [(f"weight {name}", tensor) for name, tensor in data["model"].items()]
    if isinstance(moments, dict):
        named += [
            (f"Adam's {kind} of parameter {index}", value)
            for index, kinds in moments.items()
            if isinstance(kinds, dict)
            for kind, value in kinds.items()
            if isinstance(value, torch.Tensor)
        ]
    return next((name for name, tensor in named if not torch.isfinite(tensor).all()), None)


# ---- the optimiser and schedule a state restores, held to the form the recipe's own save -----------------------
# torch restores both without a look. A field of another type or length, or a number that is not finite, surfaced
# a step later in torch's words or as a traceback (an lr of "x", betas of one value, a schedule without its phases),
# or never: an empty schedule began anew, a schedule's step count past its end stopped the run at its first step,
# and an NaN lr said "loss became nan … try a lower --lr", blaming the rate.


def form_differs(saved: object, fresh: object, name: str) -> str | None:
    """The name of the first value in ``saved`` whose form is not ``fresh``'s, or None.

    Dicts are compared on the keys both hold (another torch version saves a few others of its own), lists and
    tuples item by item, tensors by shape (and finiteness), numbers by type and finiteness, options (None or a
    bool, as versions differ) as either, the rest by type."""
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
    if fresh is None or isinstance(fresh, bool):  # an option (Adam's `fused`) one torch version leaves None
        return None if saved is None or isinstance(saved, bool) else name
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
                raise ValueError(f"Adam's moments of parameter {index} are missing, after {counted(step, 'step')}")
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


def check_epoch(epoch: int, step: int, steps_per_epoch: int, total_steps: int) -> None:
    """ValueError if ``epoch`` does not end where the state's step count stands (``--train-samples`` may end the
    last epoch early). A state whose epoch alone was edited, its step, schedule and moments agreeing, was resumed
    from that epoch: epochs the schedule had planned were run again, or skipped."""
    ends = min(epoch * steps_per_epoch, total_steps)
    if step != ends:
        raise ValueError(
            f"it says epoch {epoch} ended at step {step:,}, but an epoch {epoch} of its recipe ends at step {ends:,}"
        )


# A generator's saved state shows the kind of device it draws on: the CPU's (a Mersenne Twister) is 5,056 bytes,
# CUDA's (Philox) its seed and offset, 16.
CUDA_GENERATOR_BYTES = 16


def check_generator_device(saved: torch.Tensor, device: torch.device, out: Path, recorded: object = None) -> None:
    """ValueError if ``saved`` (a state's augmentation generator, drawn on the run's device) cannot go on on
    ``device``: a run begun on a GPU and resumed on a CPU (or the other way) was refused as "does not fit its own
    recipe (damaged?): Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 16",
    after MNIST was read, of a state that was whole. ``recorded``: ``out``'s device, as its checkpoint names it."""
    then = "cuda" if saved.numel() == CUDA_GENERATOR_BYTES else "cpu"
    if saved.numel() not in (CUDA_GENERATOR_BYTES, torch.Generator().get_state().numel()) or then == device.type:
        return  # the same kind, or damage, which start_run names
    named = f" ({recorded})" if isinstance(recorded, str) and recorded.startswith(then) else ""
    began, here = ("a CUDA GPU", "the CPU") if then == "cuda" else ("the CPU", "a CUDA GPU")
    raise ValueError(
        f"--resume: {state_path(out)} was saved by a run on {began}{named}; its augmentation's random generator "
        f"goes on only on that kind of device, not on {here}: resume it with --device {then}"
        f"{' on a machine with CUDA' if then == 'cuda' else ''}, or {from_the_weights_alone(out)}"
    )


def from_the_weights_alone(out: Path) -> str:
    """What a run that cannot be resumed can still do, said by each refusal of ``--resume`` that ends so: the path
    as a shell reads it back (written bare, `runs/my run/t3.safetensors` pasted was two words)."""
    return (
        f"go on from its weights alone in a new run (--start-from {shell_word(str(out))} and another --out: a fresh "
        "Adam and schedule)"
    )
