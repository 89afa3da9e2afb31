"""``--resume``: the saved recipe and state, accepted only with the checkpoint and data the run began with."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from rowreader.checkpoint import cut_short, read_metadata
from rowreader.json_text import shown
from rowreader.model import CLASSES, is_whole
from rowreader.output import counted
from training.arguments import recipe_differences
from training.config import FitConfig
from training.files import are_the_recorded_files
from training.state import TrainingState, from_the_weights_alone, load_state, state_path
from training.train_data import DRAWN_DIGITS, Data


def check_same_run(out: Path, recipe: dict, epoch: int | None = None) -> dict:
    """On ``--resume``: the checkpoint must be the one the training state's run wrote (its ``recipe``); checked
    before any data is read, and before the state's own epochs are judged (a state copied from another, finished
    run was "the run in OUT already finished", blaming the checkpoint). Returns the checkpoint's metadata.
    ``epoch``: the state's, to say what a checkpoint gone leaves and how to go on."""
    try:
        recorded = read_metadata(out)  # the metadata alone: no weight is read
    except (OSError, ValueError) as err:
        # moved away (to be tried in the app), it was "checkpoint not found", nothing said of the state or what to do;
        # cut short (copied back from a disk that filled), "cannot be read to check the data …: … (cut off?)"
        held = f"{state_path(out)} holds {f'epoch {epoch} of a run' if epoch is not None else 'a run'} whose checkpoint"
        why = "a run goes on only beside its checkpoint (it records the data and sources the run began with)"
        if not out.exists() and not out.is_symlink():
            raise FileNotFoundError(
                f"--resume: {held}, {out}, is not there (moved or deleted since?), and {why}: put it back there (a "
                "copy of it will do), or start the run again without --resume"
            ) from err
        # ours cut short, as --out's check asks: a PNG saved over it was "cut short" by its first 8 bytes, as a length
        if (cut := cut_short(out)) is not None:
            cut = cut.removesuffix(" (cut off?)")
            raise ValueError(
                f"--resume: {held}, {out}, is cut short ({cut}): put a whole copy of it back there, or start the run "
                "again without --resume (--force writes over both)"
            ) from err
        raise ValueError(f"--resume: {out} cannot be read to check the data it was trained on: {err}") from err
    # A state copied from another run beside this checkpoint went on training the other run and wrote it over this
    # one; a checkpoint with no recipe (a merged reader, a fine-tuned child) was written by no run at all.
    if not isinstance(recorded.get("recipe"), dict):
        raise ValueError(
            f"--resume: {out} records no training recipe (a merged reader, or not written by training.fit), so "
            f"{state_path(out)} cannot be its run's; resume needs the checkpoint and training state one run wrote"
        )
    differing = recipe_differences(recorded["recipe"], recipe)
    if differing:
        raise ValueError(
            f"--resume: {state_path(out)} and {out} are from different runs ({', '.join(differing)} "
            f"{'differs' if len(differing) == 1 else 'differ'}); "
            "resume needs the checkpoint and training state one run wrote"
        )
    return recorded


def check_same_data(out: Path, recorded: dict, data: Data) -> None:
    """On ``--resume``: the data must be what the run began with (``recorded``: its checkpoint's metadata, which holds
    the checksums), or its second half would learn from other data than its first while the checkpoint still
    names the first. The UNIPEN file is :func:`check_same_pen_file`'s."""
    _same(out, recorded, "MNIST training set", data.checksum, "dataset_sha256", "trained")
    # the test set too: replaced between a stop and --resume (t10k-* of another copy), it was read without a word,
    # the CSV's and the printed accuracies of the epochs before and after of other digits, "best" compared across
    # them. Recorded since the twenty-fourth round: a checkpoint saved before holds no test_sha256 to compare.
    if "test_sha256" in recorded:
        _same(out, recorded, "MNIST test set", data.test_sha256, "test_sha256", "measured")
    check_same_drawn_digits(out, recorded, data)


def check_same_pen_file(out: Path, recorded: dict, sha256: str) -> None:
    """On ``--resume``: the UNIPEN file (of checksum ``sha256``) must be the run's. Checked once it is read whole (a
    cut file is told as cut, with the line), and before its ``--pen-holdout`` is judged: a part of the file was
    told first as "this version holds out 10 digits …", the version blamed, the checksum not yet compared."""
    _same(out, recorded, "UNIPEN file", sha256, "pen_sha256", "trained")


def _same(out: Path, recorded: dict, what: str, now: str | None, key: str, done: str) -> None:
    """ValueError where ``recorded[key]`` (the checksum ``what`` had as the run began) is not ``now``."""
    if recorded.get(key) != now:
        raise ValueError(
            f"--resume: the {what} differs from the one {out} was {done} on "
            f"({key} {str(recorded.get(key))[:12]}… then, {str(now)[:12]}… now); resume with the same data"
        )


def check_same_drawn_digits(out: Path, recorded: dict, data: Data) -> None:
    """On ``--resume``: ``--drawn``'s synthetic digits must be those the run began with. They are drawn by the code,
    not read from a file: a run begun by a version that drew more of them (before ``--limit`` shrank them) or drew
    them otherwise went on with others, said as "does not fit its own recipe (damaged?)" or not at all. Their number
    is the checkpoint's ``drawn_digits`` (it was read out of the words of its "dataset", which a checkpoint written
    before the eighteenth round alone gives); their checksum is in those written since the seventeenth."""
    then = recorded.get("drawn_digits")
    if then is None and isinstance(dataset := recorded.get("dataset"), str):
        then = int(found[1]) if (found := re.search(rf"(\d+){DRAWN_DIGITS}", dataset)) else 0
    per_class = recipe.get("drawn") if isinstance(recipe := recorded.get("recipe"), dict) else None
    if is_whole(then) and is_whole(per_class) and then > CLASSES * per_class:  # --limit cuts them, never adds
        # 10**30 was "trained on 1,000,…,000 synthetic drawn digits, and this version draws 0": the version blamed
        raise ValueError(
            f"--resume: {out}'s drawn_digits holds {shown(then)}, more than the {CLASSES * per_class:,} its recipe's "
            f"--drawn {per_class} draws (edited by hand?); put back the checkpoint the run wrote, or start the run "
            "again without --resume"
        )
    if then is not None and then != data.drawn:
        raise ValueError(
            f"--resume: {out} was trained on {then:,}{DRAWN_DIGITS}, and this version draws {data.drawn:,} for "
            "its recipe; resume with the version that began the run, or start the run again without --resume"
        )
    if (then_sha := recorded.get("drawn_sha256")) is not None and then_sha != data.drawn_sha256:
        raise ValueError(
            f"--resume: the synthetic drawn digits differ from those {out} was trained on (drawn_sha256 "
            f"{str(then_sha)[:12]}… then, {str(data.drawn_sha256)[:12]}… now: another version draws them); resume "
            "with the version that began the run, or start the run again without --resume"
        )


def recorded_holdout(out: Path, recorded: dict, config: FitConfig) -> int | None:
    """On ``--resume``: how many ``--pen-holdout`` digits the run read after each epoch (its checkpoint's
    ``pen.holdout.digits``), so that it goes on reading those: one begun before ``--limit`` cut them read all of
    them, and resumed read only the first N, its printed and recorded holdout accuracy then of other digits. None
    where its recipe (``config``) holds none out; a ValueError naming the key where it holds no whole number above
    0, or is missing (12.5, "64", true edited in by hand, or the key deleted, fell back to ``--limit``'s first N
    without a word: every run that held digits out recorded how many it read; -5 was told as "the run read -5 held-out
    pen digits", the version and UNIPEN file blamed)."""
    if not (config.pen and config.pen_holdout):
        return None
    key, digits = "pen.holdout", pen.get("holdout") if isinstance(pen := recorded.get("pen"), dict) else None
    if isinstance(digits, dict):
        key, digits = "pen.holdout.digits", digits.get("digits")
    if is_whole(digits) and digits > 0:  # every such run read one or more
        return digits
    held = (
        f"{out}'s {key} holds {shown(digits)}, not a whole number above 0"
        if digits is not None
        else f"{out} has no {key}"
    )
    raise ValueError(
        f"--resume: {held} of held-out pen digits the run read after each epoch (edited by hand?); put back the "
        "checkpoint the run wrote, or start the run again without --resume"
    )


def recorded_commands(recorded: dict, command: str) -> tuple[str, list[str]]:
    """On ``--resume``: the command that began the run, which the checkpoint goes on recording as the one that makes
    its model, and the commands that resumed it, ``command`` last. A resumed checkpoint recorded the resuming command
    instead: its flags that --resume ignores (``--epochs 5 --hidden 64``) named a model that was never made."""
    began, resumed = recorded.get("command"), recorded.get("resumed_with", [])
    if not isinstance(began, str):  # a checkpoint whose run recorded no command: this one is all there is
        return command, []
    if not (isinstance(resumed, list) and all(isinstance(c, str) for c in resumed)):
        resumed = []
    return began, [*resumed, command]


def recorded_devices(recorded: dict, device: str) -> list[str | None]:
    """On ``--resume``: the device of each leg of the run, the first command's first, ``device`` (this one's) last.
    A resumed checkpoint recorded the last leg's device alone (a run begun with one thread and resumed with two said
    "cpu (2 threads)"). One an older version wrote holds no ``devices``: its ``device`` is its last leg's, and the
    legs before that (one per command in its ``resumed_with``) were never recorded: None."""
    devices = recorded.get("devices")
    if not (isinstance(devices, list) and all(d is None or isinstance(d, str) for d in devices)):
        resumed = recorded.get("resumed_with")
        last = recorded.get("device")
        devices = [None] * (len(resumed) if isinstance(resumed, list) else 0) + [
            last if isinstance(last, str) else None
        ]
    return [*devices, device]


def resume_config(
    config: FitConfig, out: Path, typed: Collection[str] = ()
) -> tuple[FitConfig, TrainingState | None, dict]:
    """With ``--resume``: the saved recipe (with this command's run settings), the saved state and the checkpoint's
    metadata (``check_same_run``); without, ``config`` as it is, no state and no metadata. ``typed``: the settings
    the command line gave (``training.arguments.typed_settings``), each said where the run's differs."""
    if not config.resume:
        return config, None, {}
    if out.is_file() and not state_path(out).exists():  # "no training state …, so no epoch … was saved" was untrue
        trained = _epochs_trained(out)
        again = "start the run again without --resume"
        if isinstance(trained, int) and trained > 1:  # 27 epochs of a GPU's run were "start the run again"
            again = f"put {state_path(out).name} back beside it, or {from_the_weights_alone(out)}"
        raise FileNotFoundError(f"--resume: {no_state_beside(out, trained)}; {again}")
    state = load_state(state_path(out))
    try:
        saved = FitConfig.from_dict(state.config)
    except (TypeError, ValueError) as err:  # "damaged" was said of a recipe an older version ran and this refuses
        raise ValueError(
            f"--resume: {state_path(out)} holds a recipe this version does not run ({err}): damaged, or begun by "
            "another version; resume with the version that began the run, or start the run again without --resume"
        ) from err
    recorded = check_same_run(out, saved.recipe(), state.epoch)
    _refuse_a_checkpoint_behind(out, recorded, state)
    saved = _teachers_where_they_are(saved, config, typed, recorded)
    if state.epoch > saved.epochs:  # no run saves one: an epoch of 10**600 was "already finished all 2 epochs"
        raise ValueError(
            f"--resume: {state_path(out)} is damaged: its epoch is past the {counted(saved.epochs, 'epoch')} of "
            "its recipe; start the run again without --resume"
        )
    if (trained := finished(saved.recipe(), state.epoch, state.step)) is not None:
        longer = "--train-samples" if "samples" in trained else "--epochs"
        raise ValueError(
            f"--resume: the run in {out} already finished {trained} of its recipe, and a finished run is not "
            f"extended (its learning-rate schedule ends there); to train longer, start a new run with the {longer} you "
            "want and another --out"
        )
    # it said "ignoring ['model']" of `--hidden 16`, and not what the run goes on with; and a plain `--resume --out
    # m.safetensors` was told "not this command's augment 'light' …, epochs 8 …", defaults nobody typed: only the
    # settings this command gives are named (``typed``; else those it gives otherwise than the defaults)
    given, kept, untyped = (json.loads(json.dumps(c.recipe(), default=vars)) for c in (config, saved, FitConfig()))
    if "train_samples" not in typed and _cut_to_its_epochs(kept, given):
        given["train_samples"] = kept["train_samples"]  # the same recipe, as training.fit recorded it
    typed = {*recipe_differences(untyped, given), *typed}
    if differing := [name for name in recipe_differences(kept, given) if name in typed]:
        ignored = ", ".join(f"{name} {_at(given, name)!r} (the run's: {_at(kept, name)!r})" for name in differing)
        print(f"note: resuming with the saved recipe, not this command's {ignored}", file=sys.stderr)
    return replace(saved, **{k: getattr(config, k) for k in FitConfig.RUN_FIELDS}), state, recorded


def _cut_to_its_epochs(kept: dict, given: dict) -> bool:
    """Whether the run's ``train_samples`` is a preset's (``given``'s, not typed) cut to what its epochs hold, as
    training.fit cuts and records it: the very command that began `--preset seed --limit 256` was told on --resume
    "not this command's train_samples 100000 (the run's: 768)"."""
    then, now = kept.get("train_samples"), given.get("train_samples")
    return isinstance(then, int) and isinstance(now, int) and then < now


def _refuse_a_checkpoint_behind(out: Path, recorded: dict, state: TrainingState) -> None:
    """ValueError where ``out`` records fewer epochs and steps than its training state: a save renames the checkpoint
    first, so one run's pair is level or the checkpoint an epoch ahead. Behind, the checkpoint is a later run's: a
    finished run's command run again without --resume and killed between its first save's renames left its epoch-1
    checkpoint beside the finished state, and --resume called the epoch-1 model "already finished"."""
    if (behind := checkpoint_behind(out, recorded, state)) is not None:
        raise ValueError(f"--resume: {behind}; start the run again without --resume")


def checkpoint_behind(out: Path, recorded: dict, state: TrainingState) -> str | None:
    """Why ``out`` (its metadata ``recorded``) and its training state ``state`` are no pair to resume, in words,
    where the checkpoint is behind in both epochs and steps; else None. Steps too: a state whose epoch alone was
    edited is told apart from its own recipe (training.run), as damaged."""
    trained, steps = recorded.get("epochs_trained"), recorded.get("steps")
    if not isinstance(trained, int) or not isinstance(steps, int) or trained >= state.epoch or steps >= state.step:
        return None
    return (
        f"{out} holds epoch {trained} of the run, behind {state_path(out)} at epoch {state.epoch}: they are two runs' "
        "files (a run begun again over this one without --resume, stopped while saving its first epoch, leaves its "
        "checkpoint beside the earlier run's state)"
    )


def _teachers_where_they_are(saved: FitConfig, config: FitConfig, typed: Collection[str], recorded: dict) -> FitConfig:
    """The saved recipe, its teachers the ``--distill-from`` files this command gives where they are the very files
    the run began with (the SHA-256s its checkpoint records), moved: a run's folder moved or copied with its teachers
    (a --runs of training.ship's, its shipped stage unfinished) was refused until they were put back where they had
    been, a path perhaps of another machine; the command's files were only named in a note, as ignored."""
    records = recorded.get("distilled_from")
    given = list(config.distill_from)
    if "distill_from" not in typed or not isinstance(records, list) or len(records) != len(given) or not given:
        return saved
    try:
        same = are_the_recorded_files(given, records)
    except OSError:  # one not there, or not readable: the run's own are loaded, and said missing by name
        return saved
    return replace(saved, distill_from=config.distill_from) if same else saved


def no_state_beside(out: Path, trained: object = None) -> str:
    """Why a checkpoint alone cannot be resumed. A run killed between its first save's two renames leaves epoch 1's
    checkpoint without its state; the same command then said "--resume goes on with it", and --resume "no
    training state …; train once with the same --out first", which the user had done. ``trained``: the checkpoint's
    ``epochs_trained``. Past epoch 1 a state was on disk at every moment (the checkpoint is renamed into place
    first), so it went later: a checkpoint copied from the GPU machine without it, at epoch 27, was said to be "a
    run killed while saving its first epoch"."""
    name = state_path(out).name
    why = "a run killed while saving its first epoch leaves the checkpoint alone"
    if isinstance(trained, int) and trained > 1:
        why = (f"its run saved one with each of its {trained} epochs, so it was moved or deleted since, or the "
               "checkpoint was copied here without it")  # fmt: skip
    return (
        f"{out} has no training state beside it ({name}: {why}), and a run goes on only from its state (Adam's "
        "moments, the schedule, the random generators), so it cannot be resumed"
    )


def _epochs_trained(out: Path) -> object:
    """``out``'s recorded ``epochs_trained`` (None where its metadata cannot be read: the refusal says the rest)."""
    try:
        return read_metadata(out).get("epochs_trained")
    except (OSError, ValueError):
        return None


def _at(recipe: dict, name: str) -> object:
    """The value a dotted name (``model.hidden_size``, as :func:`recipe_differences` names it) has in ``recipe``."""
    for key in name.split("."):
        recipe = recipe[key]
    return recipe


def finished(recipe: object, epochs_trained: object, steps: object) -> str | None:
    """What a run of ``recipe`` (a checkpoint's or state's) that saved ``epochs_trained`` epochs after ``steps`` steps
    has trained, in words, once that is all it trains ("all 8 epochs"; "its 640 samples (--train-samples)" where
    ``train_samples`` ended it within its epochs), else None. Judged by its epochs alone, a run that --train-samples
    had ended ("done") was "epoch 1 of 3 of an earlier run; --resume goes on with it", and --resume read MNIST, then
    said "nothing to train …; raise --epochs" (ignored by --resume); ship resumed such a stage on every run."""
    if not isinstance(recipe, dict) or not isinstance(epochs := recipe.get("epochs"), int):
        return None
    if isinstance(epochs_trained, int) and epochs_trained >= epochs:
        return "its one epoch" if epochs == 1 else f"all {epochs} epochs"  # not "all 1 epochs"
    samples, batch = recipe.get("train_samples"), recipe.get("batch_size")
    numbers = isinstance(samples, int) and isinstance(batch, int) and batch > 0 and isinstance(steps, int)
    if numbers and steps >= samples // batch:  # the run's last step (training.run.start_run: total_steps)
        if samples % batch:  # the seed preset's 100,000 are 781 steps of 128: "its 100,000 samples", 32 never trained
            steps = counted(samples // batch, "step")  # an older run's 50 in batches of 32: "1 steps"
            return f"its {samples // batch * batch:,} samples ({steps} of {batch:,}; --train-samples {samples:,})"
        return f"its {counted(samples, 'sample')} (--train-samples)"
    return None
