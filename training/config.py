"""Every training setting in one dataclass, and the named recipes (presets) people can start from."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rowreader.checkpoint import side_file_problem
from rowreader.device import device_problem
from rowreader.json_text import shown
from rowreader.model import INITS, MAX_LAYERS, MAX_WIDTH, ReaderConfig, finite, known_fields
from rowreader.number_text import range_words
from rowreader.paths import output_name_problem
from rowreader.whole_number import BATCH_SIZES, whole_number

LOSSES = ("final", "every-row")
MAX_MERGES = 32  # merges of merges through which recorded_loss follows the members' recipes


def recorded_loss(metadata: Any, depth: int = 0) -> str | None:
    """The loss a checkpoint's metadata says its weights were trained with: its recipe's, or a merge's
    (``merged_from``, a record per member): ``final`` where any member learnt its last row alone, ``every-row``
    where every member learnt every row; None where nothing usable is recorded.

    A merge records no recipe of its own, so two seed models merged taught a student every row's beliefs (which
    neither was taught: 22 % of MNIST after row 21) where the seed itself was refused, and a fine-tune of the
    merge taught every row as if they had been."""
    if not isinstance(metadata, dict):
        return None
    recipe = metadata.get("recipe")
    if isinstance(recipe, dict):
        loss = recipe.get("loss")
        return loss if loss in LOSSES else None
    members = metadata.get("merged_from")
    if depth >= MAX_MERGES or not isinstance(members, list) or not members:
        return None
    losses = [recorded_loss(member, depth + 1) for member in members]
    if "final" in losses:
        return "final"
    return "every-row" if all(loss == "every-row" for loss in losses) else None


# The augmentation strengths by name, apart from training.augment's tensor work: naming them there imported torch, and
# `--device tpu` was refused only after its seconds of loading.
@dataclass(frozen=True)
class AugmentConfig:
    """How hard to distort; ``probability`` is the chance that a sample is augmented at all."""

    probability: float
    rotation_deg: float
    shear: float
    aspect: float  # log-uniform range of the x/y scale ratio: 0.2 → ratios in [e^-0.2, e^0.2]
    elastic_px: float  # displacement amplitude in pixels
    elastic_sigma_px: float  # smoothness of the displacement field
    thickness: float  # blend range toward dilation (+) / erosion (−)


AUGMENTATIONS: dict[str, AugmentConfig | None] = {
    "none": None,
    "light": AugmentConfig(0.5, 8.0, 0.15, 0.15, 0.8, 4.0, 0.5),
    "strong": AugmentConfig(0.8, 15.0, 0.3, 0.25, 1.5, 4.0, 0.8),
}


# Bounds that keep a typo from asking for terabytes or years; the network's are ReaderConfig's own.
INT_RANGES = {
    "epochs": (1, 10_000),
    "batch_size": BATCH_SIZES,
    "seed": (0, 2**32 - 1),  # torch, NumPy and the drawn-digit offset all take it
    "drawn": (0, 100_000),
    "pen_reuse": (1, 1000),
    "pen_workers": (0, 1024),
    "train_samples": (1, 10**12),
    "limit": (1, 10**9),
    "threads": (1, 1024),
    "log_every": (0, 10**12),
    "folds": (0, 100),
    "eval_digits": (1, 10**9),
    "newest": (1, 100_000),  # a digit's drawings a fine-tune learns from: all of any folder kept (MNIST's ~6,000)
}
OPTIONAL = {"train_samples", "limit", "threads", "pen_workers", "eval_digits", "newest"}  # None means "not set"
FLOAT_RANGES = {
    "lr": (0.0, 10.0),
    "clip_grad": (0.0, 1e6),
    "pen": (0.0, 0.95),
    "pen_holdout": (0.0, 0.5),
    "distill_weight": (0.0, 1.0),
    "distill_temperature": (0.05, 100.0),
}
ABOVE_LOW = frozenset({"lr"})  # whose low end is itself refused: a rate of 0 trains nothing
# Factors of the weights' float32 arithmetic: below float32's smallest normal number (2^-126, ≈ 1.2e-38) it cannot
# carry them (a step is zero, or subnormal, which a GPU flushes to zero), so `--lr 1e-320` trained for its minutes and
# changed no weight. Above it the arithmetic carries any value: how small is too small to be useful is the user's call.
FLOAT32_TINY = 2.0**-126
FLOAT32_FACTORS = {"clip_grad": "0 (no clipping) or ", "distill_weight": ""}  # a weight of 0 is refused: see FitConfig
# The least --lr whose steps can change a weight: Adam moves each weight by about --lr a step, and float32 rounds
# away a step under half the weight's last place, which is at least 2^-25 of the weight. A fresh network's weights
# lie within ±1/√width, half of them beyond 1/(2√width) ≥ 1/128 even at the widest (4,096 units): a step under
# 2^-32 changes none of those, so `--lr 1e-30` trained for its minutes and changed (almost) nothing, without a word.
LEAST_LR = 2.0**-25 / (2 * math.sqrt(MAX_WIDTH))


def written_up(value: float) -> str:
    """``value`` in the fewest significant digits (two at least) whose number is ``value`` or more: the least number
    a refusal asks for must be taken. 2^-32 written "2.3e-10" lay under it, so `--lr 2.3e-10`, given as told, was
    refused again in the same words; it is "2.33e-10"."""
    return next(text for digits in range(2, 18) if float(text := f"{value:.{digits}g}") >= value)


# A preset's name as a recipe records it: a label, which a recipe of a preset another version has (`pen`, say) keeps.
PRESET_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# Command-line flags that set a field of the model (ReaderConfig), by FitConfig field name → ReaderConfig name.
# Training states written before FitConfig embedded ReaderConfig stored them flat, under these names.
MODEL_FLAGS = {"cell": "cell", "hidden": "hidden_size", "layers": "layers", "input_size": "input_size"}
RAW_PIXELS = {"pixel_mean": 0.0, "pixel_std": 1.0}  # the seed fed [0, 1] pixels as they are
# which of the reader's layers (its child modules) fine-tuning may change
TRAIN_LAYERS: dict[str, tuple[str, ...]] = {
    "all": ("input", "recurrent", "output"),
    "recurrent+output": ("recurrent", "output"),  # "recurrent": the LSTM or GRU, whichever the model has
    "output": ("output",),
}


def flag(name: str) -> str:
    """A setting's name as a command line spells it: ``pen_reuse`` → ``--pen-reuse``. Messages name settings so."""
    return f"--{name.replace('_', '-')}"


@dataclass(frozen=True)
class FitConfig:
    """One training run. The defaults are the ``default`` preset: ≥ 99 % in a few minutes on a 2-core CPU.

    The network is a :class:`ReaderConfig`, embedded whole: the model's defaults are defined once, there, and
    what is trained is exactly what the checkpoint will record.
    """

    # the recipe: what decides the trained weights
    model: ReaderConfig = field(default_factory=ReaderConfig)
    epochs: int = 8
    batch_size: int = 128
    lr: float = 3e-3
    schedule: str = "onecycle"  # "onecycle" (warm-up then cosine decay) or "constant"
    loss: str = "every-row"
    augment: str = "light"
    seed: int = 0
    init: str = "pytorch"  # "seed": input/output weights ~ N(0, 1) and biases 0.1, as the seed tutorial did
    clip_grad: float = 1.0  # max gradient norm; 0 turns clipping off
    drawn: int = 0  # synthetic pen-drawn digits per class added to the training set (training/drawn.py)
    pen: float = 0.0  # share of each epoch's samples that are renderings of UNIPEN train writers' digits; 0 = off
    pen_reuse: int = 3  # epochs each pen rendering is used before it is redrawn (1 = all new every epoch)
    pen_holdout: float = 0.0  # share of the train writers' digits (whole persons) kept out and read every epoch
    train_samples: int | None = None  # stop after this many samples (the seed: 100,000 = 781 steps)
    limit: int | None = None  # use only the first N training and N test images (smoke tests)
    start_from: str | None = None  # begin from this checkpoint's network and weights (fresh optimiser/schedule)
    # distillation: also learn the mean row-by-row beliefs of these readers (any width), e.g. an ensemble
    distill_from: tuple[str, ...] = ()
    distill_weight: float = 0.8  # share of the loss that is the teachers' beliefs; the rest is the labels
    distill_temperature: float = 2.0  # softens both beliefs, so the teachers' second guesses are learnt too
    # fine-tuning (python -m training.fit --finetune BASE --examples DIR): see training/finetune.py
    finetune: str | None = None  # the checkpoint to start from; None = train from scratch
    examples: str | None = None  # ImageFolder of a person's examples (DIR/<digit>/<name>.png)
    replay: float = 0.75  # share of each fine-tuning batch replayed from what it learnt from (MNIST, pen digits)
    train_layers: str = "all"  # which layers fine-tuning changes: all, recurrent+output or output
    folds: int = 3  # cross-validation folds for the honest held-out accuracy; 0 = none
    eval_digits: int | None = None  # MNIST test digits read before and after fine-tuning (None = all 10,000)
    newest: int | None = None  # the most drawings of each digit a fine-tune learns from, its newest (None: 100)
    # the run: where and how, not what
    device: str = "auto"
    threads: int | None = None
    data_dir: str | None = None
    pen_dir: str | None = None  # folder of UNIPEN's digits.jsonl.gz (default: $ROWREADER_UNIPEN or the user cache)
    pen_workers: int | None = None  # processes rendering pen digits ahead (default: one per core but one; 0 = none)
    download: bool = False
    out: str = "runs/rowreader.safetensors"
    resume: bool = False
    metrics: str | None = None  # default: beside --out, as <name>.metrics.csv
    progress: str = "bar"  # fine-tuning progress on stdout: a bar for people, or "json" lines for the app
    list_all: bool = False  # name each example file skipped and picture kept as two digits, where many are counted
    force: bool = False  # overwrite --out / --metrics even when they are not files training wrote
    log_every: int = 0  # print the batch's loss and accuracy every N steps, and a metrics CSV row; 0 = off
    preset: str = "default"

    RUN_FIELDS = frozenset(
        {"device", "threads", "data_dir", "pen_dir", "pen_workers", "download", "out", "resume", "metrics", "force"}
        | {"progress", "list_all"}  # fine-tuning's output
        # a fine-tune records its cap as metadata["examples"]["newest_per_digit"]; in the recipe it made every
        # checkpoint of an earlier version (the shipped one, a ship's finished stages) another recipe
        | {"newest"}
    )

    def __post_init__(self) -> None:
        """Every field checked once, here, before anything is read or allocated: typed, finite, bounded."""
        if self.loss not in LOSSES:
            raise ValueError(f"--loss must be one of {LOSSES}, got {self.loss!r}")
        if not isinstance(self.model, ReaderConfig):
            raise ValueError(f"model must be a ReaderConfig, got {type(self.model).__name__}")
        if self.init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {self.init!r}")
        if self.schedule not in ("onecycle", "constant"):
            raise ValueError(f"schedule must be 'onecycle' or 'constant', got {self.schedule!r}")
        # a recipe of a newer version (`--augment heavy`), resumed, ended in KeyError's traceback after MNIST loaded
        if not isinstance(self.augment, str) or self.augment not in AUGMENTATIONS:
            raise ValueError(f"--augment must be one of {sorted(AUGMENTATIONS)}, got {self.augment!r}")
        # any text was taken, and `device="tpu"` refused only at the run's start: both checked here, as their flags are
        if not isinstance(self.preset, str) or not PRESET_NAME.fullmatch(self.preset):
            raise ValueError(f"--preset must be a preset's name (one of {sorted(PRESETS)}), got {self.preset!r}")
        if (problem := device_problem(self.device)) is not None:
            raise ValueError(f"--device: {problem}")
        # NumPy's numbers (a sweep over np.arange) are numbers, kept as Python's, as ReaderConfig keeps them:
        # epochs=np.int64(3) was "must be a whole number from 1 to 10,000, got np.int64(3)"
        for name, (low, high) in INT_RANGES.items():
            value = getattr(self, name)
            if value is None and name in OPTIONAL:
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
                raise ValueError(f"{flag(name)} must be a whole number from {low} to {high:,}, got {shown(value)}")
            object.__setattr__(self, name, int(value))
        if self.train_samples is not None and self.train_samples < self.batch_size:  # it ran a whole step anyway
            raise ValueError(
                f"--train-samples {self.train_samples} is less than one step of --batch-size {self.batch_size}; "
                f"give at least {self.batch_size}, or a smaller --batch-size"
            )
        for name, (low, high) in FLOAT_RANGES.items():
            value = getattr(self, name)
            # one refusal, the range's: `--lr nan` said "must be a finite number", where `--lr 20` and `--sure nan`
            # name what is taken
            words = range_words(low, high, above=name in ABOVE_LOW)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not finite(value):
                raise ValueError(f"{flag(name)} must be a number {words}, got {value!r}")
            if not isinstance(value, int | float):  # lr=np.float32(1e-3) was "must be a finite number"
                object.__setattr__(self, name, value := float(value))
            if not low <= value <= high or (name in ABOVE_LOW and value == low):
                raise ValueError(f"{flag(name)} must be a number {words}, got {value!r}")
            if name == "lr" and value < LEAST_LR:
                raise ValueError(
                    f"--lr {value!r} would change no weight: Adam moves a weight by about --lr a step, and float32 "
                    f"rounds away a step under 2^-25 of the weight, so under 2^-32 (about {LEAST_LR:.2g}) a step "
                    f"leaves each weight of 1/128 or more (half of even a 4,096-unit network's) as it was; give at "
                    f"least {written_up(LEAST_LR)} (the default is {FitConfig.lr:g}; a fine-tune's, "
                    f"{PRESETS['finetune']['lr']:g})"
                )
            if name in FLOAT32_FACTORS and 0 < value < FLOAT32_TINY:
                raise ValueError(
                    f"{flag(name)} {value!r} is below float32's smallest normal number (2^-126, about 1.2e-38), "
                    f"which the weights' arithmetic cannot carry: it would change nothing; give "
                    f"{FLOAT32_FACTORS[name]}at least 1.2e-38"
                )
        for name in ("out", "metrics"):
            value = getattr(self, name)
            if value is None and name == "metrics":
                continue
            if not isinstance(value, str):
                raise ValueError(f"--{name} must name a file (not a folder), got {value!r}")
            problem = output_name_problem(value) or side_file_problem(value, checkpoint=name == "out")
            if problem is not None:
                raise ValueError(f"--{name} {problem}")
        for name in ("download", "resume", "force", "list_all"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r}")
        if self.pen_holdout and not self.pen:
            raise ValueError("--pen-holdout holds out some of the pen data: it needs --pen above 0")
        replay = self.replay  # "0.5" failed in "<="
        if isinstance(replay, bool) or not isinstance(replay, numbers.Real) or not 0 <= replay < 1:
            raise ValueError(f"--replay must be a number {range_words(0, 1, below=True)}, got {replay!r}")
        if not isinstance(replay, int | float):
            object.__setattr__(self, "replay", float(replay))
        if not isinstance(self.train_layers, str) or self.train_layers not in TRAIN_LAYERS:
            raise ValueError(f"--train-layers must be one of {sorted(TRAIN_LAYERS)}, got {self.train_layers!r}")
        if self.folds == 1:  # INT_RANGES bounds it
            raise ValueError(f"--folds must be 0 (none) or at least 2, got {self.folds}")
        for name in ("start_from", "finetune", "examples", "data_dir", "pen_dir"):  # paths: None or a name
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise ValueError(f"{flag(name)} must name a file or folder, got {value!r}")
        if isinstance(self.distill_from, list):  # from JSON or a saved state: the same recipe
            object.__setattr__(self, "distill_from", tuple(self.distill_from))
        # the name refused, not the tuple: `--distill-from=` was "got ('',)", a Python value no one typed
        named = self.distill_from if isinstance(self.distill_from, tuple) else (self.distill_from,)
        bad = [p for p in named if not isinstance(p, str) or not p]
        if not isinstance(self.distill_from, tuple) or bad:
            raise ValueError(f"--distill-from must name checkpoint files, got {(bad or named)[0]!r}")
        if self.distill_from and self.finetune is not None:
            raise ValueError("--distill-from is for training runs; a fine-tune keeps to its examples and replay")
        if self.start_from is not None and self.finetune is not None:
            raise ValueError(
                "--start-from continues a whole training run; --finetune teaches a person's examples: give one of them"
            )
        if (self.finetune is None) != (self.examples is None):
            raise ValueError("--finetune BASE and --examples DIR go together: give both or neither")
        if self.progress not in ("bar", "json"):
            raise ValueError(f"--progress must be 'bar' or 'json', got {self.progress!r}")
        if self.finetune is not None:  # it was found only after the base, the examples and the replay were read
            self.examples_room()

    def idle_teachers(self) -> str | None:
        """Why a new run of this recipe is refused, where ``--distill-weight 0`` gives ``--distill-from``'s readers
        no share of the loss (read every step, recorded, for nothing); else None, for a resumed run too: judged in
        every FitConfig, a run an older version began so was "a damaged recipe" to ``--resume``, its epochs lost, and
        judged of every command line, the command that began it, ``--resume`` added, was refused."""
        if self.resume or not self.distill_from or self.distill_weight:
            return None
        return (
            "--distill-weight 0 gives --distill-from's readers no share of the loss: they would be read every step, "
            "teach nothing and be recorded as teachers; give a weight above 0 (the default is "
            f"{FitConfig.distill_weight}), or leave out --distill-from"
        )

    def examples_room(self) -> float:
        """A fine-tune's batch share of examples with all ten digits taught (``1 - replay`` of it); ValueError when
        that rounds to no example at all."""
        full = self.batch_size * (1 - self.replay)
        if round(full) < 1:
            raise ValueError(f"--replay {self.replay} leaves no room for the examples in a batch of {self.batch_size}")
        return full

    def recipe(self) -> dict[str, Any]:
        """The settings that decide the result (stored in checkpoints and compared on resume)."""
        return {k: v for k, v in asdict(self).items() if k not in self.RUN_FIELDS}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitConfig:
        """Build from a saved training state, refusing unknown keys as ``ReaderConfig.from_dict`` does.

        States written before the model was embedded (flat ``hidden``, ``layers``, ``input_size``,
        ``normalise_pixels``) are read as the same recipe.
        """
        data = dict(data) if isinstance(data, dict) else data
        if isinstance(data, dict) and "model" not in data:
            model = {MODEL_FLAGS[k]: data.pop(k) for k in list(data) if k in MODEL_FLAGS}
            if not data.pop("normalise_pixels", True):
                model.update(RAW_PIXELS)
            data["model"] = model
        data = known_fields(cls, data)
        return cls(**{**data, "model": ReaderConfig.from_dict(data["model"])})

    def with_flags(self, **flags: Any) -> FitConfig:
        """A copy with command-line values set: model flags (``hidden`` …) go into ``model``, the rest stay here."""
        model = {MODEL_FLAGS[k]: flags.pop(k) for k in list(flags) if k in MODEL_FLAGS}
        try:
            reader = replace(self.model, **model)
        except ValueError as err:  # named as typed: "--hidden", not "ReaderConfig.hidden_size"
            message = str(err)
            for given, name in MODEL_FLAGS.items():
                message = message.replace(f"ReaderConfig.{name} ", f"{flag(given)} ")
            raise ValueError(message) from err
        return replace(self, model=reader, **flags)


PRESETS: dict[str, dict[str, Any]] = {
    # Fast and good: ≥ 99 % final-row accuracy within ~5 minutes on 2 CPU cores.
    "default": {},
    # The shipped model's first stage (docs/shipped-model.md, for the stages after it): the default network
    # trained longer with strong augmentation, so drawn digits read well.
    # 600 synthetic pen-drawn digits per class teach it writing styles MNIST lacks (the flagged 1, say); real pen
    # digits of UNIPEN's 200 train writers make up 40 % of every epoch (measured on an H200 with 30 epochs: 0.3 →
    # 98.08 % on the test writers, 0.4 → 98.31 %, MNIST 99.33 / 99.34 %).
    "shipped": {"epochs": 30, "augment": "strong", "drawn": 600, "pen": 0.4},
    # Fine-tuning on a person's examples (chosen by measurement, see docs/teaching.md):
    # 40 steps of 32 (a quarter examples, three quarters MNIST replay), Adam at a constant 3e-4, every layer.
    "finetune": {
        "epochs": 1,
        "batch_size": 32,
        "lr": 3e-4,
        "schedule": "constant",
        "augment": "strong",
        "train_samples": 40 * 32,
        "eval_digits": 2000,
    },
    # The seed tutorial's recipe, reproduced: 781 steps of 128, Adam 1e-3, last-row loss, N(0, 1) init.
    "seed": {
        "epochs": 2,
        "batch_size": 128,
        "lr": 1e-3,
        "schedule": "constant",
        "model": ReaderConfig(input_size=128, hidden_size=128, layers=1, **RAW_PIXELS),
        "loss": "final",
        "augment": "none",
        "init": "seed",
        "clip_grad": 0.0,
        "train_samples": 100_000,
        "log_every": 20,
    },
}


def apply_preset(config: FitConfig, name: str) -> FitConfig:
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose from {sorted(PRESETS)}")
    return replace(config, preset=name, **PRESETS[name])


def whole_number_argument(name: str, in_range: bool = True) -> Callable[[str], int]:
    """``type=`` of a command-line flag for the setting ``name``: :func:`rowreader.whole_number.whole_number` in
    ``INT_RANGES[name]`` (or the network's ``hidden``, ``layers``), checked as training checks it, so that the command
    typed refuses it in its own name; ``in_range=False`` leaves the range to FitConfig (training.fit's flags)."""
    low, high = INT_RANGES.get(name, (1, MAX_LAYERS if name == "layers" else MAX_WIDTH))
    return whole_number(low, high, in_range)


# A benchmark's ``--seed``: NumPy refuses a negative seed, and the benchmarks met it after minutes of rendering, as a
# traceback.
seed_argument = whole_number_argument("seed")
