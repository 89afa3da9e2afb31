"""``python -m training.fit``'s command line: its flags, their help, and the combinations refused as doing nothing.

The result is one :class:`~training.config.FitConfig`: the preset's recipe with the flags given on top of it.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from rowreader.cells import cell_names
from rowreader.checkpoint import CheckpointError, read_config, read_metadata
from rowreader.data import data_dir_help
from rowreader.device import DEVICE_HELP, device_argument
from rowreader.example_folder import NEWEST_PER_DIGIT
from rowreader.json_text import shown
from rowreader.launch import CommandParser, quoting_as_typed, say_error, starting, unrecognized
from rowreader.number_text import real_number
from rowreader.output import (
    LIST_ALL,
    NAMED_AMONG_MORE,
    NAMED_WHOLE,
    counted,
    quiet_broken_pipe,
    shell_line,
    typed_command,
)
from rowreader.paths import folder_argument, path_argument, regular_file, url_instead_of_path
from rowreader.unipen import pen_dir_help
from training.config import (
    ABOVE_LOW,
    AUGMENTATIONS,
    FLOAT_RANGES,
    LOSSES,
    MODEL_FLAGS,
    PRESETS,
    TRAIN_LAYERS,
    FitConfig,
    apply_preset,
    flag,
    recorded_loss,
    whole_number_argument,
)
from training.interrupt import exit_status_help

Number = TypeVar("Number", int, float)

# how training's commands are typed (:func:`rowreader.output.typed_command`), a script run by its path included
TRAINING_TYPED = (
    "python -m training",
    "python -m training.fit",
    "python -m training.finetune",
    "rowreader-fit",
    "fit.py",
    "finetune.py",
)
TRAINING_MODULES = ("fit", "finetune", "merge", "ship", "drawn", "unipen_convert")  # what `training WORD` meant
FINETUNE_TYPED = (".finetune", "finetune.py")  # the ends of a fine-tune's, which its help describes


def fit_command() -> str:
    """The command training.fit's usage and errors name: as it was typed (:func:`typed_command`, as every command's
    stop line says it) where that is a training command, else "python -m training.fit" (a run called from Python:
    training.ship's stages, `python -c`). Its own reading of argv[0] named `python training/finetune.py` "python -m
    training.finetune", where its stop line said "finetune.py"."""
    typed = typed_command().removesuffix(".exe")
    return typed if typed in TRAINING_TYPED else "python -m training.fit"


def file_named(text: str) -> str:
    """``type=`` of a file flag: a URL is refused (:func:`rowreader.paths.path_argument`'s words); the name kept as
    typed, as the recipe records it. An empty name is refused in its words too: `--finetune ""` was FitConfig's "must
    name a file or folder, got ''" (and `--distill-from ""` "must name checkpoint files"), where `--examples ""` and
    every other command said "an empty name (an unset shell variable?)"."""
    path_argument(text)
    return text


def output_named(text: str) -> str:
    """``type=`` of a file training writes: a URL is refused as no file here (it was told to `curl -O` it); the
    name kept as typed. What else such a name must be is FitConfig's to say (``runs/``, ``-``). An empty name is
    refused as every command refuses one (:func:`rowreader.paths.path_argument`): `--out ""` was "must name a file
    (not a folder)", as if "" were a folder, where `training.merge --out ""` said "an empty name"."""
    if not text:
        path_argument(text)
    if (why := url_instead_of_path(text, writing=True)) is not None:
        raise argparse.ArgumentTypeError(why)
    return text


def folder_named(text: str) -> str:
    """``type=`` of a folder flag: :func:`rowreader.paths.folder_argument`'s checks, an empty name's too, refused
    with the command line (status 2) before torch loads: ``--data-dir https://…`` was "MNIST files not found in
    https:/…", a name nobody typed, and ``--data-dir ""`` was FitConfig's "must name a file or folder" where ship and
    rowreader said "an empty name". Kept as typed, for the recipe and ship's stages' command lines."""
    folder_argument(text)
    return text


@quiet_broken_pipe  # `--help > /dev/full` is one line and status 1, as from training.fit's main
def main(argv: list[str] | None = None) -> int:
    """The command line read alone, with nothing else imported (no torch): training's commands run this first, so
    a refusal (`--device tpu`) or --help comes at once, not after torch's seconds of loading. 0: it is sound."""
    with starting():  # a stop now has done nothing: "interrupted while starting"
        config = parse_args(sys.argv[1:] if argv is None else argv)
        if not config.resume:  # a resumed run reads its recipe's, in its own words (training.resume)
            refuse_checkpoints_not_there(fit_parser(), config)
        if config.finetune is None:  # `--metrics m --out m`, `--out notes.safetensors`: said once torch had loaded
            refuse_outputs(config)
        refuse_an_mnist_folder(config)
    return 0


class _Parser(CommandParser):
    """argparse's parser whose refusals may go to ``refuse`` (a message, and it exits) instead of its own usage
    and error: ship refuses its --also flags in its own words, not under training.fit's usage."""

    refuse: Callable[[str], NoReturn] | None = None
    typed: dict[str, str]  # a number flag's setting → the text it was read from (the last, where given twice)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed = {}

    def error(self, message: str) -> NoReturn:
        if self.refuse is not None:
            self.refuse(self.explained(message))
        super().error(message)


def _fit_parser(version: bool = True) -> _Parser:
    """training.fit's flags, each help naming its default (a fine-tune's too, where its preset's differs);
    ``version`` as for :class:`CommandParser`."""
    d, fine_tune = FitConfig(), apply_preset(FitConfig(), "finetune")  # a fine-tune's defaults are its preset's

    def whole(name: str) -> Callable[[str], int]:  # FitConfig says a whole number out of range, in its own words
        return typed_kept(name, whole_number_argument(name, in_range=False))

    def real(name: str) -> Callable[[str], float]:  # and a real number, its range here only for a refusal's hint
        low_high = FLOAT_RANGES.get(name, (0.0, 1.0))
        # --replay: below 1
        return typed_kept(name, real_number(*low_high, below=name not in FLOAT_RANGES, above=name in ABOVE_LOW))

    def typed_kept(name: str, read: Callable[[str], Number]) -> Callable[[str], Number]:
        """``read``, keeping the text it read in ``p.typed``: FitConfig refuses the number, the user's text is said."""

        @functools.wraps(read)  # its names: argparse's in its messages, and what tells a count from a real number
        def kept(text: str) -> Number:
            value = read(text)
            p.typed[name] = text
            return value

        return kept

    prog = fit_command()
    described = "Train a RowReader on MNIST and write a checkpoint. A preset sets a whole recipe; flags given "
    if prog.endswith(FINETUNE_TYPED):  # `python -m training.finetune --help` said "Train a RowReader on MNIST"
        described = "Teach a trained RowReader one person's examples and write the taught model, as python -m "
        described += "training.fit --finetune does: its flags are training.fit's, less those only a training run "
        described += "reads (refused). The finetune preset sets the recipe; flags given "
    p = _Parser(
        prog=prog,
        version=version,
        description=described + "explicitly override it.",
        # a run's output lost is no stop (training/fit.py's keep_going_without_output): the help said status 1
        epilog=exit_status_help(
            "; 3 when training diverged (the loss became NaN or infinite)",
            ": its --help; a run outlives its output, saying so on stderr, and ends 0, and a fine-tune's --progress "
            "json lines, read by a program, stop it once their reader is gone, nothing written",
        ),
    )
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="recipe to start from (default: default, or finetune with --finetune)",
    )
    p.add_argument("--device", type=device_argument, help=f"{DEVICE_HELP} (default: {d.device})")
    p.add_argument("--epochs", type=whole("epochs"), help=f"passes over the training set (default: {d.epochs})")
    p.add_argument(
        "--batch-size",
        type=whole("batch_size"),
        help=f"images per step (default: {d.batch_size}; a fine-tune: {fine_tune.batch_size})",
    )
    p.add_argument(
        "--lr",
        type=real("lr"),
        help=f"peak learning rate of Adam's one-cycle schedule, a fine-tune's constant one (default: {d.lr}; a "
        f"fine-tune: {fine_tune.lr})",
    )
    p.add_argument("--cell", choices=cell_names(), help=f"recurrent cell (default: {d.model.cell})")
    p.add_argument("--hidden", type=whole("hidden"), help=f"recurrent units per layer (default: {d.model.hidden_size})")
    p.add_argument("--layers", type=whole("layers"), help=f"stacked recurrent layers (default: {d.model.layers})")
    p.add_argument(
        "--loss",
        choices=LOSSES,
        help=f"train the last row only, or every row (default: {d.loss}; with --finetune, the base model's own)",
    )
    p.add_argument(
        "--augment",
        choices=sorted(AUGMENTATIONS),
        help=f"distortion strength (default: {d.augment}; a fine-tune: {fine_tune.augment})",
    )
    p.add_argument(
        "--seed", type=whole("seed"), help=f"random seed; same seed on CPU → same result (default: {d.seed})"
    )
    p.add_argument(
        "--data-dir",
        type=folder_named,
        help=data_dir_help(),
    )
    p.add_argument("--download", action="store_true", default=None, help="fetch MNIST if missing (default: off)")
    p.add_argument(
        "--out", type=output_named, help=f"checkpoint to write; training state goes beside it (default: {d.out})"
    )
    p.add_argument(
        "--resume", action="store_true", default=None, help="continue from --out's saved state (default: off)"
    )
    p.add_argument(
        "--drawn",
        type=whole("drawn"),
        help=f"synthetic pen-drawn digits per class added to training (default: {d.drawn})",
    )
    p.add_argument(
        "--pen",
        type=real("pen"),
        metavar="SHARE",
        help="share of each epoch's samples that are renderings of UNIPEN's train writers' pen digits, "
        f"in [0, 0.95]; 0 = off (default: {d.pen})",
    )
    p.add_argument(
        "--pen-reuse",
        type=whole("pen_reuse"),
        help=f"epochs each pen rendering is used before it is redrawn (default: {d.pen_reuse})",
    )
    p.add_argument(
        "--pen-holdout",
        type=real("pen_holdout"),
        metavar="SHARE",
        help="share of the train writers' pen digits (whole persons) kept out of training and read after every "
        f"epoch, to watch it on unseen writers (default: {d.pen_holdout})",
    )
    p.add_argument(
        "--pen-dir",
        type=folder_named,
        help=pen_dir_help(),
    )
    p.add_argument(
        "--pen-workers",
        type=whole("pen_workers"),
        help="processes that render pen digits ahead; 0 = none (default: cores − 1, 1 to 16)",
    )
    p.add_argument(
        "--start-from",
        type=file_named,
        metavar="CHECKPOINT",
        help="begin from this checkpoint's network and weights, with a fresh optimiser and --lr schedule "
        "(a second, gentler stage of training); default: from scratch",
    )
    p.add_argument(  # given twice (`--distill-from A --distill-from B`), the second list replaced the first: B alone
        "--distill-from",
        action="extend",
        nargs="+",
        type=file_named,
        metavar="CHECKPOINT",
        help="also learn the mean row-by-row beliefs of these readers, e.g. an ensemble (default: none)",
    )
    p.add_argument(
        "--distill-weight",
        type=real("distill_weight"),
        help=f"share of the loss given to the teachers' beliefs, in [0, 1] (default: {d.distill_weight})",
    )
    p.add_argument(
        "--distill-temperature",
        type=real("distill_temperature"),
        help=f"softening of both beliefs before they are compared (default: {d.distill_temperature})",
    )
    p.add_argument(  # a training run's as much as a fine-tune's: it was listed among the fine-tuning flags alone
        "--train-samples",
        type=whole("train_samples"),
        help="stop after this many samples, by default all of --epochs "
        f"(a fine-tune's default: {fine_tune.train_samples})",
    )
    p.add_argument(
        "--limit",
        type=whole("limit"),
        help="use only the first N train and test images, --drawn's in proportion and --pen-holdout's first N "
        "(default: all)",
    )
    p.add_argument(
        "--threads",
        type=whole("threads"),
        help="CPU threads for torch, at most the cores; on cores other work keeps busy 1 is often much faster "
        "(default: torch's choice, one a core)",
    )
    p.add_argument("--metrics", type=output_named, help="metrics CSV path (default: beside --out, <name>.metrics.csv)")
    p.add_argument(
        "--force",
        action="store_true",
        default=None,
        help="overwrite --out / --metrics even if they exist and were not written by training (default: off)",
    )
    p.add_argument(
        "--log-every",
        type=whole("log_every"),
        help=f"print the batch's loss and accuracy every N steps, and add them as a row of the metrics CSV, its test "
        f"columns empty; 0 = off (default: {d.log_every})",
    )
    tune = p.add_argument_group(
        "fine-tuning on a person's examples",
        "python -m training.fit --finetune BASE.safetensors --examples DIR --out OUT.safetensors",
    )
    tune.add_argument(
        "--finetune",
        type=file_named,
        metavar="BASE",
        help="start from this checkpoint instead of from scratch (default: none, a training run)",
    )
    tune.add_argument(
        "--examples",
        type=folder_named,
        metavar="DIR",
        help="the examples: DIR/0/*.png … DIR/9/*.png, any picture (no default: needed with --finetune)",
    )
    tune.add_argument(
        "--replay",
        type=real("replay"),
        help="share of each batch replayed from what the model learnt from, with examples of all ten digits; "
        f"with fewer digits the examples' share shrinks in proportion (default: {fine_tune.replay})",
    )
    tune.add_argument(
        "--train-layers", choices=sorted(TRAIN_LAYERS), help=f"layers that may change (default: {d.train_layers})"
    )
    tune.add_argument("--folds", type=whole("folds"), help=f"cross-validation folds, 0 = none (default: {d.folds})")
    tune.add_argument(
        "--eval-digits",
        type=whole("eval_digits"),
        help=f"MNIST test digits read before and after (default: {fine_tune.eval_digits})",
    )
    tune.add_argument(
        "--newest",
        type=whole("newest"),
        metavar="N",
        help="the most drawings of each digit taught, its newest, 1–100,000: older ones are left out and counted "
        f"(default: {NEWEST_PER_DIGIT}; its 40 steps draw 32 of each digit, so more only take longer)",
    )
    tune.add_argument("--progress", choices=("bar", "json"), help="progress as a bar or JSON lines (default: bar)")
    tune.add_argument(
        LIST_ALL,
        action="store_true",
        default=None,
        help=f"name each example file skipped and each picture kept under two digits, not only the first "
        f"{NAMED_AMONG_MORE} where there are more than {NAMED_WHOLE} (default: off)",
    )
    if prog.endswith(FINETUNE_TYPED):
        _as_a_fine_tune(p, fine_tune)
    return p


def _as_a_fine_tune(parser: _Parser, fine_tune: FitConfig) -> None:
    """``python -m training.finetune --help``: only what a fine-tune takes, each default a fine-tune's. It listed
    the training presets and a training run's flags (--epochs, --hidden, --start-from…), each then refused; they
    are still read, and refused in the same words, only no longer offered."""
    refused = {*TRAINING_ONLY, "pen_dir", "start_from", "distill_from", "distill_weight", "distill_temperature"}
    helps = {
        "preset": "the fine-tune's recipe, the only one it takes (default: finetune)",
        "batch_size": f"images per step (default: {fine_tune.batch_size})",
        "lr": f"the constant learning rate (default: {fine_tune.lr})",
        "loss": "train the last row only, or every row (default: the base model's own)",
        "augment": f"distortion strength (default: {fine_tune.augment})",
        "train_samples": f"stop after this many samples (default: {fine_tune.train_samples})",
        # it said no default, yet one without --out wrote training.fit's, replacing a training run's model there
        "out": f"the taught model to write (default: {fine_tune.out}); a fine-tune's model there is replaced, as a "
        "note says first, any other file refused",
        "force": "overwrite --out even if it exists and was not written by a fine-tune (default: off)",
        "finetune": "the trained model to teach (needed)",
        "examples": "the examples: DIR/0/*.png … DIR/9/*.png, any picture (needed)",
    }
    for action in parser._actions:
        if action.dest in refused:
            action.help = argparse.SUPPRESS
        elif action.dest in helps:
            action.help = helps[action.dest]
    # its one choice, not only shown: "--preset fast" was refused with "choose from 'default', 'finetune', 'seed',
    # 'shipped'", and each of the three others then refused as a training run's
    parser._option_string_actions["--preset"].choices = ["finetune"]
    for group in parser._action_groups:  # its usage line, as the command typed
        if group.description and "--finetune BASE" in group.description:
            group.description = f"{parser.prog} --finetune BASE.safetensors --examples DIR --out OUT.safetensors"


def fit_parser(version: bool = True) -> _Parser:
    """training.fit's parser as its command line is read, naming the commands beside it in a refusal or a hint
    (:meth:`~rowreader.launch.CommandParser.operand_hint`: a checkpoint not found that is an option pasted askew)."""
    parser = _fit_parser(version)
    parser.kin, parser.far = kin_of("training.fit"), rowreaders_commands
    return parser


def kin_of(name: str) -> Callable[[], dict[str, tuple[argparse.ArgumentParser, str | Callable[[list[str]], str]]]]:
    """The training commands beside ``name`` (:attr:`CommandParser.kin`), built only for a refusal: `training.merge
    … --epochs 3` was "unrecognized arguments: --epochs 3" alone, the flag training.fit's. Ship takes a stage's
    flags in its --also."""

    def kin() -> dict[str, tuple[argparse.ArgumentParser, str | Callable[[list[str]], str]]]:
        from training.merge import merge_parser
        from training.ship import ship_parser, through_also

        fit = through_also if name == "training.ship" else "python -m training.fit {words} …"
        commands = {
            "training.fit": (_fit_parser(version=False), fit),
            "training.merge": (merge_parser(), "python -m training.merge {words} …"),
            "training.ship": (ship_parser(), "python -m training.ship {words} …"),
        }
        return {command: kept for command, kept in commands.items() if command != name}

    return kin


def rowreaders_commands() -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """rowreader's commands (:attr:`CommandParser.far` of training's): `python -m training.fit --sure 0.9` was
    "unrecognized arguments: --sure 0.9" alone, the flag `rowreader evaluate`'s."""
    from rowreader.cli import build_parser
    from rowreader.launch import rowreader_words

    typed = shell_line(rowreader_words())
    return {f"rowreader {name}": (c, f"{typed} {name} {{words}} …") for name, c in build_parser().commands.items()}


def parse_args(
    argv: list[str] | None, refuse: Callable[[str], NoReturn] | None = None, starting: bool = True
) -> FitConfig:
    """The run's configuration; a refused command line exits (status 2) under this usage, or goes to ``refuse``.

    ``starting``: the run starts now, so a ``--start-from`` checkpoint there is the one it starts from (ship reads
    every stage's command line first, while an earlier stage's checkpoint is still to be made or replaced)."""
    p = fit_parser(version=refuse is None)  # training.fit's own command line; not a stage's of ship's
    p.refuse = refuse
    words = sys.argv[1:] if argv is None else list(argv)
    parsed, extra = p.parse_known_args(words)
    if extra:
        p.error(_unrecognized(words, extra))
    args = vars(parsed)
    refuse_flags_that_do_nothing(p, args)
    # given, even empty: `--finetune=` was told "--preset finetune is a fine-tune's recipe", no --preset typed
    preset = args.pop("preset") or ("finetune" if args["finetune"] is not None else "default")
    if (preset == "finetune") != (args["finetune"] is not None):  # the other kind's recipe, silently misapplied
        if args["finetune"] is not None:
            p.error(f"--preset {preset} trains from scratch; a fine-tune (--finetune) uses the finetune preset")
        p.error("--preset finetune is a fine-tune's recipe: give --finetune BASE --examples DIR with it")
    tuned = [flag(k) for k in ("distill_weight", "distill_temperature") if args[k] is not None]
    if tuned and not args["distill_from"]:  # silently ignored, it looked as if the run learnt from teachers
        verb = "matters" if len(tuned) == 1 else "matter"
        p.error(f"{' and '.join(tuned)} only {verb} with --distill-from, which was not given")
    if args["finetune"] and args["loss"] is None:
        args["loss"] = base_loss(args["finetune"])
    try:
        config = apply_preset(FitConfig(), preset).with_flags(**{k: v for k, v in args.items() if v is not None})
    except ValueError as err:  # its checks quote a value as argparse does: said as typed
        values = [v for value in args.values() for v in (value if isinstance(value, list) else [value])]
        p.error(quoting_as_typed(numbers_as_typed(str(err), p.typed, args), [v for v in values if isinstance(v, str)]))
        raise  # unreachable: p.error exits
    if (idle := config.idle_teachers()) is not None:
        p.error(idle)
    refuse_part_of_a_step(p, config, args)
    if config.start_from is not None and starting:
        typed = {k: args[k] for k in MODEL_FLAGS if args.get(k) is not None}
        refuse_a_network_unlike_the_start(p, config.start_from, typed)
    # `--pen-dir DIR` alone trained on MNIST alone, as if the pen digits had been read; a resumed run's --pen is
    # its recipe's (and a fine-tune replays pen digits from --pen-dir)
    # (--pen-workers 0 is how a script asks for no process, pen or not)
    idle = [flag(k) for k in ("pen_dir", "pen_reuse") if args[k] is not None]
    if idle and not config.pen and not config.resume and config.finetune is None:
        one = len(idle) == 1
        p.error(
            f"{' and '.join(idle)} only {'matters' if one else 'matter'} with --pen above 0 (here 0): the run would "
            f"train on MNIST alone; add --pen (0.3, say), or leave {'it' if one else 'them'} out"
        )
    return config


def numbers_as_typed(message: str, typed: dict[str, str], args: dict[str, Any]) -> str:
    """FitConfig's refusal ``message`` of a number flag with the number as the user typed it (``typed``, by setting;
    ``args``, the numbers read): `--lr -1e3` was "got -1000.0", `--pen -5` "got -5.0", `--hidden -0` "got 0", where
    rowreader's commands say "got '-5'"; `--lr 0.0000000001` "--lr 1e-10 would change no weight" (the text shortened
    as :func:`~rowreader.json_text.shown` shortens it: 5,000 zeros after it made a line of 5,370 characters). A range
    refused is worded as the flag's reader words one, "argument --hidden: must be …, got '5000'": it was "--hidden must
    be …, got 5000", where `--hidden 1e9` said "argument --hidden: must be …, got '1e9'"."""
    for name, text in typed.items():
        value = args[name]
        if message.startswith(f"{flag(name)} "):
            for read in dict.fromkeys((repr(value), shown(value))):
                if message.endswith(f", got {read}"):
                    ranged = message[: -len(read)] + shown(text)
                    return f"argument {flag(name)}:{ranged[len(flag(name)) :]}"
            if message.startswith(f"{flag(name)} {value!r} "):
                said = shown(text.strip())[1:-1]  # a number's text is digits: its quotes alone are shown's
                return f"{flag(name)} {said}{message[len(flag(name)) + 1 + len(repr(value)) :]}"
    return message


def checkpoint_named(path: str | Path, parser: CommandParser, option: str = "") -> Path:
    """``path`` as a Path where it names a regular file, as a checkpoint read must (:func:`regular_file`'s refusals,
    the reading's first); one not found that is an option typed after ``--`` or pasted askew (`training.merge …
    b.safetensors —force`, `--start-from=--force`) says which, as predict does of a picture's name (one rule,
    ``operand_hint``). ``option``: the flag whose value names it; "" for an operand (merge's)."""
    try:
        return regular_file(path, "checkpoint")
    except FileNotFoundError as err:
        typed = f"{option}={path}" if option else str(path)
        raise FileNotFoundError(f"{err}{parser.operand_hint(str(path), [typed])}") from err


def refuse_checkpoints_not_there(parser: CommandParser, config: FitConfig) -> None:
    """Exit (status 2, the run's one line) where a checkpoint the run reads (``--finetune``, ``--start-from``,
    ``--distill-from``) is no file (:func:`checkpoint_named`), or a teacher is named twice
    (:func:`refuse_named_twice`): `--finetune missing.safetensors` was refused only once torch had loaded, 1.5 s
    on an idle machine and 3–15 s on a busy one, where :func:`main` comes before it.
    What a file holds is the run's to read (a training state named, a damaged header); and :func:`parse_args`
    builds a recipe of files not there yet (ship's stages, the tests')."""
    named = [("--finetune", config.finetune), ("--start-from", config.start_from)]
    try:
        for option, path in [*named, *(("--distill-from", path) for path in config.distill_from)]:
            if path is not None:
                checkpoint_named(path, parser, option)
        refuse_named_twice(config.distill_from)
    except (OSError, ValueError) as err:
        say_error(fit_command(), str(err))
        sys.exit(2)


def refuse_an_mnist_folder(config: FitConfig) -> None:
    """Exit (status 2, the run's one line) where no MNIST can be in the folder the run reads (``--data-dir``, else
    ``$ROWREADER_DATA``: a file, a FIFO, a link that loops, a name too long): said once torch had loaded, 2-5 s.
    A new run (not a fine-tune's, nor one resumed) reads both splits, or fetches them: an empty folder took 6 s."""
    from rowreader.data import mnist_folder

    fresh = not (config.download or config.resume or config.finetune is not None)
    try:
        mnist_folder(config.data_dir, *((True, False) if fresh else ()))
    except (OSError, ValueError) as err:  # as the run catches them
        say_error(fit_command(), str(err))
        sys.exit(2)


def refuse_outputs(config: FitConfig) -> None:
    """Exit (status 2, the run's one line) where a training run's outputs would be refused by the run
    (:func:`training.files.check_outputs`: two named alike, a file not ours there): 8 s of torch's loading came
    first. Imported here, not above: training.files imports this module, and a refused flag needs none of it."""
    from training.files import check_outputs, run_outputs

    try:
        check_outputs(*run_outputs(config), force=config.force, resuming=config.resume)
    except (OSError, ValueError) as err:  # as the run catches them: a file's reading may say ValueError
        say_error(fit_command(), str(err))
        sys.exit(2)


def refuse_named_twice(paths: Iterable[str | Path]) -> None:
    """A ValueError where one reader is named twice (`a a`, `a ./a`), which adds nothing to a mean of beliefs
    (training.files' ``refuse_repeats``, which tells copies too, says why). Told by the names alone, it is said
    before torch loads: `training.merge a a` and `--distill-from a a` took 2.5–3.7 s, a reader not there 0.4–0.6 s."""
    seen: set[Path] = set()
    for path in paths:
        if Path(path) in seen:
            raise ValueError(f"{path} is named twice; give different readers")
        seen.add(Path(path))


def refuse_part_of_a_step(parser: argparse.ArgumentParser, config: FitConfig, args: dict[str, Any]) -> None:
    """Exit (status 2) where ``--train-samples`` is not a whole number of ``--batch-size`` steps and the flags typed
    (in ``args``) made it so: `--train-samples 50 --batch-size 32` trained one step, 32 samples, and its checkpoint
    recorded 50. A preset's own pair is its recipe (the seed's 100,000 in 781 steps of 128, the tutorial's), typed
    or not: `--preset seed --batch-size 128` was refused, its own batch typed, where `--preset seed` ran."""
    samples, batch = config.train_samples, config.batch_size
    own = apply_preset(FitConfig(), config.preset)
    if not samples or samples % batch == 0 or (samples, batch) == (own.train_samples, own.batch_size):
        return
    whose = "" if args["train_samples"] is not None else f" (the {config.preset} preset's)"
    fewer = samples // batch * batch  # at least one step: FitConfig refuses fewer samples than a batch
    parser.error(
        f"--train-samples {samples:,}{whose} is not a whole number of steps of --batch-size {batch}: the run would "
        f"train {fewer:,} samples ({counted(fewer // batch, 'step')}) and record {samples:,}; give "
        f"--train-samples {fewer:,} or {fewer + batch:,}"
    )


def _unrecognized(words: list[str], extra: list[str]) -> str:
    """argparse's refusal of ``extra``, unless its first word is a file typed after --resume: a newcomer's reading
    of "--resume continues it", which argparse called an unrecognized argument, the file they meant."""
    # the word after --resume, not the word's first place: `--out runs/a --resume runs/a` found --out's value there
    after = [word for before, word in itertools.pairwise(words) if before == "--resume" and not word.startswith("-")]
    if after and after[0] == extra[0]:
        return f"--resume takes no file: it continues the run that --out names (--resume --out {extra[0]})"
    named = f"rowreader {extra[0].lower()}"  # `Evaluate` too
    if words[:1] == extra[:1] and named in (commands := rowreaders_commands()):  # `fit predict …`
        line = commands[named][1].format(words=shell_line(words[1:])).removesuffix(" …").rstrip()
        return f"{extra[0]} is a command of rowreader's, not {fit_command().split()[-1]}'s: {line}"
    if words[:1] == extra[:1] and (hint := _training_module_named(extra[0], words[1:])) is not None:
        return hint
    return unrecognized(extra)


def _training_module_named(word: str, rest: list[str]) -> str | None:
    """The command meant by a first word that names one of training's (``rest`` its words), else None: `python -m
    training fit --epochs 3`, training.fit's name split at its dot, and `python -m training ship` were
    "unrecognized arguments: fit" (or "ship") alone; `Fit` and `training.ship` were still, as was a flag's name
    typed without its dashes (`python -m training resume --out runs/a`)."""
    name = word.replace("-", "_").lower().removeprefix("training.")
    if name not in TRAINING_MODULES:
        return _flag_named(word, rest)
    typed = fit_command()
    if name == "fit":  # its words after the command as typed, which is more than one word (`python -m training`)
        return f"{word} is no command word: {typed} is training.fit itself; drop it: {typed} {shell_line(rest)}".strip()
    line = shell_line(["python", "-m", f"training.{name}", *rest])
    return f"{word} is a command of its own, not a word of {typed}'s (which is training.fit): {line}"


def _flag_named(word: str, rest: list[str]) -> str | None:
    """The hint for a first word that is one of training.fit's long flags without its dashes, else None."""
    if (flag := _fit_parser().bare_flag(word)) is None:
        return None
    typed = fit_command()
    return f"{word} is no command word: {typed} takes the flag {flag}: {typed} {shell_line([flag, *rest])}"


def typed_settings(argv: list[str]) -> frozenset[str]:
    """The recipe's settings a command line gives, named as :func:`recipe_differences` names them
    (``pen``, ``model.hidden_size``), a value typed equal to its default too: ``--resume --pen 0`` on a run of
    ``--pen 0.3`` went on with its pen digits without a word, 0 being the default (the note named only values
    other than the defaults, a typed one not told from none)."""
    args = vars(_fit_parser().parse_args(argv))
    return frozenset(f"model.{MODEL_FLAGS[k]}" if k in MODEL_FLAGS else k for k, v in args.items() if v is not None)


def refuse_a_network_unlike_the_start(parser: argparse.ArgumentParser, start: str, typed: dict[str, Any]) -> None:
    """Exit (status 2) where a network flag typed (``typed``: ``hidden`` → 256) disagrees with ``--start-from``'s
    network, which decides it. A flag equal to its default could not be told from none: `--start-from` a reader of
    8 units `--hidden 256` trained the 8 units without a word, and `--cell lstm` from a GRU trained the GRU."""
    try:
        network = read_config(start)
    except CheckpointError:  # said where the run reads it, with the other inputs
        return
    differ = [f"{flag(k)} {v}" for k, v in typed.items() if getattr(network, MODEL_FLAGS[k]) != v]
    if differ:
        parser.error(
            f"--start-from {start} decides the network (its own, {network.shape()}): {' and '.join(differ)} "
            f"cannot be trained from it; leave {'it' if len(differ) == 1 else 'them'} out, or train a new network "
            "(without --start-from)"
        )


# Flags one kind of run reads and the other never looks at. Given to the other, they did nothing without a word:
# `--finetune … --limit 100` taught on everything, `--epochs 5` ran its 40 steps, `--hidden 64` kept the base's
# width, `--resume` started afresh; `--folds 5` or `--replay 0.5` on a training run changed nothing.
TRAINING_ONLY = ("epochs", "cell", "hidden", "layers", "drawn", "pen", "pen_reuse", "pen_holdout", "pen_workers",
                 "limit", "resume", "metrics", "log_every")  # fmt: skip
FINETUNE_ONLY = ("replay", "train_layers", "folds", "eval_digits", "progress", "list_all", "newest")


def refuse_flags_that_do_nothing(parser: argparse.ArgumentParser, args: dict) -> None:
    """Exit (status 2) naming any flag given that the kind of run asked for (training or fine-tuning) ignores."""
    finetune = args["finetune"] is not None
    unused = [name for name in (TRAINING_ONLY if finetune else FINETUNE_ONLY) if args[name] is not None]
    if not unused:
        return
    flags = [flag(name) for name in unused]
    named = flags[0] if len(flags) == 1 else f"{', '.join(flags[:-1])} and {flags[-1]}"
    one = len(flags) == 1
    if finetune:
        parser.error(
            f"{named} {'does' if one else 'do'} nothing in a fine-tune (--finetune), which trains the base model's "
            f"own network for --train-samples samples; leave {'it' if one else 'them'} out"
        )
    parser.error(
        f"{named} only {'matters' if one else 'matter'} with --finetune BASE --examples DIR; "
        f"leave {'it' if one else 'them'} out of a training run"
    )


def recipe_differences(recorded: object, recipe: dict) -> list[str]:
    """The settings of a training ``recipe`` (``FitConfig.recipe()``) that a recorded one (a checkpoint's metadata)
    gives another value, by name (``model.hidden_size``).

    Only what both know is compared, at every level: a run begun by an older version records fewer keys (its
    model without ``cell``, say), and each one added later was refused as "differing", for ``--resume`` and for
    ``training.ship``'s finished stages alike. What a training run never reads (the fine-tune's own settings and
    the preset's name, a label) is not compared: a new default for ``--replay`` refused every run made before it."""
    now = json.loads(json.dumps(recipe, default=vars))

    def differing(then: object, now: object, prefix: str) -> list[str]:
        if not (isinstance(then, dict) and isinstance(now, dict)):
            return [] if then == now else [prefix.removesuffix(".")]
        return [d for k in sorted(now.keys() & then.keys()) for d in differing(then[k], now[k], f"{prefix}{k}.")]

    if not isinstance(recorded, dict):
        return []
    unread = {*FINETUNE_ONLY, "preset"}
    return differing({k: v for k, v in recorded.items() if k not in unread}, now, "")


def base_loss(path: str) -> str | None:
    """The loss a model was trained with (its recorded recipe): a fine-tune keeps to it unless ``--loss`` is given.

    Teaching every row to a reader trained on its last row only undoes what it learnt: the seed model lost 7.6
    MNIST points to an every-row fine-tune of 30 examples, 1.5 to a last-row one. ``None`` (the preset's) when
    nothing usable is recorded; a file that cannot be read is reported later, where the model is loaded.
    """
    try:
        return recorded_loss(read_metadata(path))
    except CheckpointError:
        return None
