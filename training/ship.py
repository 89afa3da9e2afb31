"""Rebuild the shipped model with one command: `python -m training.ship [--runs runs] [--device auto]`.

The shipped reader is four `training.fit` runs (docs/shipped-model.md): a first stage, two teachers
trained apart, and a last stage that goes on from the first while it learns the teachers' averaged beliefs.
This runs them in order into `--runs`, each exactly as recorded; each checkpoint records its own
`training.fit` command, so every stage can also be run (or checked) alone. A stage whose checkpoint says it
trained all its epochs is skipped and an interrupted one is resumed, so after Ctrl-C the same command goes on
where it stopped. Nothing is copied over the shipped file: the last line says how to install the result.
`--dry-run` prints the four commands.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    from rowreader.launch import run_main
    from training.interrupt import stop_from_the_start

    stop_from_the_start()  # SIGTERM while torch loads said nothing (Ctrl-C: "interrupted while starting")
    sys.exit(run_main("training.ship"))

import argparse
import functools
import json
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from rowreader.checkpoint import CHECKPOINT_SUFFIX, PRETRAINED_NAME, CheckpointError, read_metadata
from rowreader.data import data_dir_help
from rowreader.device import DEVICE_CHOICES, device_argument
from rowreader.json_text import shown
from rowreader.launch import STDOUT_CLOSED, STOP_SIGNALS, CommandParser, as_typed, say_error, starting
from rowreader.output import (
    keep_going_without_output,
    one_line,
    print_any_file_name,
    quiet_broken_pipe,
    shell_line,
    shell_word,
)
from rowreader.paths import file_in_the_way, folder_argument, not_a_folder
from rowreader.unipen import pen_dir_help
from training import arguments
from training.config import flag as spelt
from training.config import whole_number_argument
from training.files import are_the_recorded_files, state_path
from training.interrupt import exit_status_help, load_once_read

PROG = "python -m training.ship"


@dataclass(frozen=True)
class Stage:
    name: str  # the checkpoint is RUNS/<name>.safetensors; later stages name earlier ones as {name}
    what: str
    args: str  # training.fit's recipe flags, as typed


SHIPPED = f"rowreader/pretrained/{PRETRAINED_NAME}"  # where the last line says to copy the result

# The recipe of the shipped model (its metadata records the last stage's command; a test holds them equal).
STAGES = (
    Stage("stage1", "the first stage", "--preset shipped --pen 0.4"),
    Stage("pen30-nodrawn", "teacher A", "--preset shipped --pen 0.3 --drawn 0"),
    Stage("pen50", "teacher B", "--preset shipped --drawn 0 --pen 0.5 --start-from {stage1} --epochs 8 --lr 5e-4"),
    Stage(
        "shipped",
        "the shipped model",
        "--preset shipped --drawn 0 --start-from {stage1} --epochs 8 --lr 5e-4 --pen 0.4 "
        "--distill-from {pen30-nodrawn} {pen50} --distill-weight 0.8 --distill-temperature 2",
    ),
)


def stage_argv(stage: Stage, runs: Path, settings: list[str]) -> list[str]:
    """The ``training.fit`` arguments of one stage: its recipe, earlier stages' files, the run settings, --out."""
    # `--runs -x` made "--out -x/stage1.safetensors", which training.fit took for a flag: its usage and "expected one
    # argument", a command not typed; "./-x/…" is the same file
    folder = f"./{runs}" if str(runs).startswith("-") else str(runs)
    paths = {s.name: os.path.join(folder, f"{s.name}{CHECKPOINT_SUFFIX}") for s in STAGES}
    return [arg.format(**paths) for arg in shlex.split(stage.args)] + settings + ["--out", paths[stage.name]]


def progress(out: Path) -> str:
    """``"new"``, ``"done"`` (all its epochs, or its --train-samples, trained) or ``"unfinished"``, from the
    checkpoint's metadata alone."""
    if not out.exists():
        return "new"
    # a file of someone's own there was "not a readable safetensors file …", nothing of why ship read it
    where = "ship writes a stage's checkpoint there: move it away, or give another --runs"
    try:
        metadata = read_metadata(out)
    except CheckpointError as err:
        raise CheckpointError(f"{err}; {where}") from err
    trained, planned = metadata.get("epochs_trained"), metadata.get("recipe", {}).get("epochs")
    if not isinstance(trained, int) or not isinstance(planned, int):
        raise CheckpointError(f"{out}: its metadata does not say how many epochs it trained; {where}")
    from training.resume import finished  # torch: loaded once the command line is read (parse_args)

    return "done" if finished(metadata["recipe"], trained, metadata.get("steps")) else "unfinished"


def check_recipe(out: Path, stage: Stage, argv: list[str]) -> None:
    """A stage's existing checkpoint must hold the recipe ``argv`` asks for (CheckpointError naming what differs).

    A rehearsal (``--also '--limit 512 --epochs 1'``) into the same ``--runs`` left four finished toy checkpoints:
    the real command then skipped every stage as done and said to ship a model of 8 units trained on 512 digits
    (and an unfinished one was resumed with its own recipe, the flags given now ignored)."""
    recipe = json.loads(json.dumps(arguments.parse_args(argv, starting=False).recipe(), default=vars))
    metadata = read_metadata(out)
    then = {k: v for k, v in metadata.get("recipe", {}).items() if k not in INPUTS}
    differing = arguments.recipe_differences(then, recipe) + [k for k in INPUTS if _input_differs(metadata, recipe, k)]
    if differing:
        raise CheckpointError(
            f"{out} was made with another recipe than {stage.what}'s ({', '.join(differing)} "
            f"{'differs' if len(differing) == 1 else 'differ'}: a rehearsal "
            "with --also?); move it away, or give the --also it was made with to go on with it"
        )


# A stage's inputs, the earlier stages' checkpoints, by the recipe's name and the record of their files. Compared by
# their paths, a finished --runs moved (`mv runs runs-h200`, or copied from the GPU machine that trained it) was "made
# with another recipe than teacher B's (start_from differs: a rehearsal with --also?)", its files the same.
INPUTS = {"start_from": "start_from", "distill_from": "distilled_from"}


def _input_differs(metadata: dict, recipe: dict, key: str) -> bool:
    """Whether a stage's checkpoint (``metadata``) was made from other files than ``recipe``'s ``key`` names now:
    not where its recipe says they were, and not of the SHA-256s it records of them."""
    recorded = metadata.get("recipe", {})
    if key not in recorded:  # only what both know is compared (recipe_differences): a run of an older version, or
        return False  # a first stage's recipe without distill_from, was "made with another recipe" for good
    then, now = recorded.get(key), recipe.get(key)
    if then == now or not now:
        return then != now
    paths = [now] if isinstance(now, str) else now
    records = metadata.get(INPUTS[key])
    records = [records] if isinstance(records, dict) else records
    if not isinstance(records, list) or len(records) != len(paths):
        return True
    try:
        return not are_the_recorded_files(paths, records)
    except OSError:
        return True


def flags(text: str) -> list[str]:
    """``--also``'s text split as a shell would (an unclosed quote was a traceback); the text refused is named
    shortened, as every refused value is (4,100 characters made a line of 4,197)."""
    try:
        return shlex.split(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"cannot split {as_typed(shown(text))} into flags: {err}") from err


# Flags ship gives every stage itself. In --also they did nothing (the stage's own --out came later and won), made the
# four stages write one metrics file each over the last, or failed the first stage not begun (--resume).
STAGE_FLAGS = {
    "--out": "each writes RUNS/<stage>.safetensors; choose the folder with --runs",
    "--metrics": "each writes its own beside its checkpoint",
    "--resume": "an unfinished stage is resumed when the same command is run again",
    # given again, each came after a stage's own and won: the later stages began from it, not stage 1's checkpoint
    "--start-from": "teacher B and the shipped model start from RUNS/stage1.safetensors",
    "--distill-from": "the shipped model learns from the two teachers the stages make",
    # `--also '--preset seed'` came after each stage's `--preset shipped` and replaced all four recipes but the flags
    # typed, a seed-sized model called a rehearsal: --also adds settings to the shipped recipe, never another recipe
    "--preset": "every stage is --preset shipped with its own flags; give the settings to change, e.g. '--epochs 1'",
}
# ship's own flags that it passes on to every stage as they were given (the others, --runs, --dry-run and --also, are
# not training.fit's: "which it gives every stage" was said of them too, in --also)
PASSED_ON = ("--device", "--data-dir", "--pen-dir", "--threads", "--pen-workers")
# Flags of training.fit's that make no stage: its help was printed (status 0, nothing run), a fine-tune refused under
# training.fit's usage.
_HELP = "--also's flags go to every stage's training.fit, whose --help lists them"
NO_STAGE_FLAGS = {
    "--help": _HELP,
    "-h": _HELP,
    "--finetune": "ship trains the shipped model; a fine-tune of it is `python -m training.fit --finetune BASE "
    "--examples DIR`",
    # it was "a flag of ship's own, not training.fit's", though training.fit answers it too
    "--version": "a stage given it prints training.fit's version and trains nothing; `python -m training.ship "
    "--version` says the version",
}


def through_also(words: list[str]) -> str:
    """How ship takes a flag of training.fit's given to it (``words``: the flag and its value), for its refusal: in
    --also, or, for a flag ship sets for each stage, one that makes no stage or a fine-tune's, why not.
    `training.ship --out m.safetensors` was told "python -m training.ship --also '--out m.safetensors' …", which
    ship then refused (and `--replay 0.5` so)."""
    if why := STAGE_FLAGS.get(words[0]):
        return f"ship sets it for each stage ({why})"
    if why := NO_STAGE_FLAGS.get(words[0]):
        return why
    if words[0].startswith("--distill-"):  # `--also '--distill-weight 0.5'`: "only matters with --distill-from"
        return "ship sets it beside --distill-from in the stage that learns from the teachers (--dry-run shows it)"
    if words[0] in {"--examples", *map(spelt, arguments.FINETUNE_ONLY)}:  # `--also '--replay 0.5'` is refused so
        return f"it is a fine-tune's, and {NO_STAGE_FLAGS['--finetune']}"
    return f"python -m training.ship --also {shell_word(' '.join(words))} …"


def ship_parser() -> CommandParser:
    """training.ship's command line: its own, and named by training's other commands for a flag given to them."""
    p = CommandParser(
        prog=PROG,
        description=__doc__.split("\n\n")[0],
        epilog=exit_status_help("; a stage's own status when it fails (3: its training diverged)"),
    )
    p.add_argument(
        "--runs", type=folder_argument, default=Path("runs"), help="folder for the four checkpoints (default: runs)"
    )
    # checked here: a bad one was training.fit's error, under training.fit's usage, for a flag of ship's own; then
    # (`--device ''`, `--pen-dir ''`) "--also: the first stage's training.fit refuses it", of an --also not given
    p.add_argument(
        "--device",
        type=device_argument,
        default="auto",
        help=f"{DEVICE_CHOICES}, for every stage (default: auto)",
    )
    p.add_argument("--data-dir", type=arguments.folder_named, help=data_dir_help())
    p.add_argument("--pen-dir", type=arguments.folder_named, help=pen_dir_help())
    p.add_argument("--threads", type=whole_number_argument("threads"), help="CPU threads (default: torch's choice)")
    p.add_argument(
        "--pen-workers",
        type=whole_number_argument("pen_workers"),
        help="processes rendering pen digits ahead (default: training.fit's)",
    )
    p.add_argument("--dry-run", action="store_true", help="print the four commands and run nothing (default: off)")
    p.add_argument(  # given twice (`--also '--limit 512' --also '--epochs 1'`), the second replaced the first
        "--also",
        action="extend",
        type=flags,
        default=[],
        metavar="FLAGS",
        help="more training.fit flags for every stage, for a quick rehearsal, e.g. --also '--limit 512 --epochs 1' "
        "(default: none: the real recipe)",
    )
    p.kin, p.far = arguments.kin_of("training.ship"), arguments.rowreaders_commands
    return p


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = ship_parser()
    own = {option for action in p._actions for option in action.option_strings}
    args = p.parse_args(also_joined(sys.argv[1:] if argv is None else argv, own))
    for word in args.also:
        if (why := not_in_also(named := word.split("=")[0], own)) is not None:
            p.error(f"--also {named}: {why}")

    def refused(stage: Stage, message: str) -> NoReturn:
        # a flag mistyped: "did you mean --out?" alone led to --out's refusal in turn; why is said with it
        for flag in re.findall(r"did you mean (--[\w-]+)\?", message):
            message += f"; --also {flag}: {why}" if (why := not_in_also(flag, own)) is not None else ""
        p.error(f"--also: {stage.what}'s training.fit refuses it: {message}")  # ship's usage and words, one line

    args.rehearsed = changed_by_also(args.runs, run_settings(args), args.also, refused)  # a dry run refuses a typo too
    # torch, for the stages, once every stage's line is read: `--also '--lr nan'` was refused after its 2-5 s; a dry
    # run prints them, in a Python without torch too
    if not args.dry_run:
        load_once_read("training.ship", "training.fit", "training.resume")
    return args


def not_in_also(named: str, own: set[str]) -> str | None:
    """Why the flag ``named`` is refused in --also (``own``: ship's own flags), or None: ship sets it for each stage,
    it makes no stage, or it is ship's own. One rule for the flag typed and the flag a mistyped one is taken for."""
    if why := STAGE_FLAGS.get(named):
        return f"ship sets it for each stage ({why}); leave it out"
    if why := NO_STAGE_FLAGS.get(named):
        return f"{why}; leave it out"
    if named in own:  # `--device cpu --also '--device cuda'` gave each stage both, the later winning unsaid
        given = ", which it gives every stage" if named in PASSED_ON else ", not training.fit's"
        return f"a flag of ship's own{given}; give it to ship, not in --also"
    return None


def also_joined(argv: list[str], own: set[str]) -> list[str]:
    """``--also VALUE`` as ``--also=VALUE``: argparse took one flag given as the value (``--also --download``) for
    a flag of its own, and said "expected one argument". A flag of ship's own (``--also --dry-run``) is left
    alone: a value forgotten is still refused."""
    joined, i = list(argv), 0
    while i < len(joined) - 1:
        value = joined[i + 1]
        if joined[i] == "--also" and value.startswith("-") and value.split("=")[0] not in own:
            joined[i : i + 2] = [f"--also={value}"]
        i += 1
    return joined


def run_settings(args: argparse.Namespace) -> list[str]:
    """The flags every stage gets: those of :data:`PASSED_ON` given (the device always), then --also's."""
    settings = []
    for flag in PASSED_ON:
        if (value := getattr(args, flag.removeprefix("--").replace("-", "_"))) is not None:
            settings += [flag, str(value)]
    return settings + args.also


@quiet_broken_pipe  # `--dry-run | head -2` was a BrokenPipeError traceback
def main(argv: list[str] | None = None) -> int:
    with starting():  # ship's command line and every stage's, read before anything is done
        args = parse_args(argv)
        print_any_file_name()
        settings = run_settings(args)
    if (blocking := file_in_the_way(args.runs)) is not None:  # a dry run printed four commands the run refused
        say_error(PROG, f"--runs: {not_a_folder(blocking)}; give a folder")  # as its refused flags are said
        return 2
    if args.dry_run:
        if sys.stdout is None:  # `--dry-run >&-` printed nothing and exited 0, as if the plan had been written
            say_error(PROG, STDOUT_CLOSED)
            return 1
        for stage in STAGES:
            print(f"# {stage.what}\n{stage_line(stage_argv(stage, args.runs, settings))}")
        return 0
    with keep_going_without_output():  # hours of training outlive a closed `| head` or `| tee`
        return ship(args.runs, settings, args.rehearsed)


def stage_line(argv: list[str]) -> str:
    """A stage's command as printed: quoted for a shell, control characters escaped (:func:`one_line`). A --runs
    holding an escape sequence reached the terminal inside the quotes, which obeyed it."""
    return shell_line(["python", "-m", "training.fit", *argv])


def changed_by_also(
    runs: Path, settings: list[str], also: list[str], refuse: Callable[[Stage, str], NoReturn] | None = None
) -> list[str]:
    """The recipe settings (``model.hidden_size``) that ``--also`` (the end of ``settings``) changes in any stage;
    a stage's command line refused goes to ``refuse`` (else training.fit's usage and error)."""
    without = settings[: len(settings) - len(also)]
    changed: set[str] = set()
    for stage in STAGES:
        to_refuse = None if refuse is None else functools.partial(refuse, stage)
        rehearsed, real = (
            arguments.parse_args(stage_argv(stage, runs, given), to_refuse, starting=False).recipe()
            for given in (settings, without)
        )
        recorded = json.loads(json.dumps(real, default=vars))  # as a checkpoint records it
        changed.update(arguments.recipe_differences(recorded, rehearsed))
    return sorted(changed)


def ship(runs: Path, settings: list[str], rehearsed: list[str] | None = None) -> int:
    """Run (or skip, or resume) every stage in order; training.fit's exit status, 0 when all are done.

    ``rehearsed``: the recipe settings ``--also`` changed; the model made is then not to be shipped (a rehearsal's
    was offered: "to ship it, cp …" under a model of 8 units that read 11.7 % of MNIST)."""
    from training import fit  # torch, as progress says

    for stage in STAGES:
        argv_ = stage_argv(stage, runs, settings)
        out = Path(argv_[-1])
        try:
            state = progress(out)
            if state != "new":
                check_recipe(out, stage, argv_)
        except CheckpointError as err:
            say_error(PROG, str(err))
            return 2
        if state == "done":
            print(f"{stage.what}: {one_line(str(out))} has trained all its epochs; skipped")
            continue
        # killed between its first save's two renames, the checkpoint alone: --resume refused it on every run of
        # ship (which adds --resume itself); the stage starts again, and training.fit says what it replaces
        if state == "unfinished" and out.is_file() and not state_path(out).exists():
            state = "new"
        argv_ += ["--resume"] if state == "unfinished" else []
        print(f"{stage.what}: {stage_line(argv_)}", flush=True)
        code = fit.main(argv_)
        if code:
            stopped = code in {128 + stop for stop in STOP_SIGNALS}  # training.fit kept the last epoch's checkpoint
            why = "was interrupted; the same command goes on from there" if stopped else f"failed (exit {code})"
            if code == 2:  # training.fit's refusals say "choose another --out" (a second ship holding it, a full
                # disk), a flag ship refuses in --also: the --out it means is ship's to choose
                why += f"; its --out is {one_line(str(out))}, set by ship: for another --out, give another --runs"
            print(f"{stage.what} {why}", file=sys.stderr)
            return code
    made = stage_argv(STAGES[-1], runs, settings)[-1]  # its --out: "cp -x/shipped.safetensors" is cp's flag -x
    if rehearsed:
        print(f"done: a rehearsal (--also changed {', '.join(rehearsed)}): {one_line(made)} is not the shipped "
              "model; the command without --also, into another --runs, trains that")  # fmt: skip
        return 0
    print(f"done: to ship it, {shell_line(['cp', made, SHIPPED])}")
    return 0
