"""``python -m training.fit``: train a row reader on MNIST, on CUDA or the CPU, and write a checkpoint.

The whole dataset sits on the training device as uint8 tensors; every step indexes a batch, converts it,
augments it there and runs one fused forward/backward — no per-sample Python. After each epoch the model is
evaluated after every row, and a checkpoint (weights + config + metadata) and a training state (optimizer,
scheduler, random generators) are written atomically, so Ctrl-C never loses more than the running epoch and
``--resume`` continues exactly where the last epoch ended.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    from training.__main__ import run

    sys.exit(run())

import contextlib
import json
import os
import shlex
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import torch

from rowreader.atomic import check_writable, remove_stale_temporaries
from rowreader.checkpoint import Checkpoint, CheckpointError, read_metadata
from rowreader.data import DamagedMnistFile, damaged_mnist_advice
from rowreader.device import describe_device, device_of_flag
from rowreader.launch import say, say_error, starting, stop_status, stop_words, stops_held
from rowreader.output import counted, keep_going_without_output, one_line, quiet_broken_pipe, shell_line
from training.arguments import fit_command, parse_args, typed_settings
from training.config import PRESETS, FitConfig
from training.cores import check_memory, check_pen_workers, check_threads
from training.distill import check_same_teachers, load_teachers
from training.epoch import REPORT_ROWS, TrainingDiverged, evaluate_epoch, train_epoch
from training.files import (
    check_outputs,
    check_room,
    checkpoint_source,
    claimed_outputs,
    folders_made_for,
    refuse_inputs_as_out,
    run_lock,
    run_outputs,
    say_what_is_replaced,
    weight_bytes,
)
from training.finetune import run_finetune
from training.interrupt import READER_LEFT, nothing_left_to_stop, signals_stop_the_run
from training.metrics import MetricsLog, accuracy_summary
from training.pen_data import PenEpochs, PenWorkerLost
from training.resume import (
    check_same_data,
    check_same_pen_file,
    checkpoint_behind,
    finished,
    no_state_beside,
    recorded_commands,
    recorded_devices,
    recorded_holdout,
    resume_config,
)
from training.run import Run, read_checkpoints, start_checkpoint, start_run
from training.saving import (
    checkpoint_metadata,
    refuse_a_record_past_the_header,
    refuse_a_run_past_the_header,
    save_epoch,
)
from training.state import check_generator_device, load_state, state_path
from training.train_data import load_data, open_pen_data


# `--help > /dev/full` said nothing and exited 0, argparse dropping its write error; it ends as the other commands'
# output does (one line, status 1). While training, keep_going_without_output still lets the run outlive its output.
@quiet_broken_pipe
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.stderr is None:  # `2>&-`: the progress bar's first write ended the run, no word possible (exit 1)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
    with starting():  # read a second time (training.arguments read it before torch loaded): still nothing done
        config = parse_args(argv)
    command = shlex.join(["python", "-m", "training.fit", *argv])  # quoted: a path with a space stays one argument
    with signals_stop_the_run():
        return _run_or_fine_tune(config, command, typed_settings(argv))


def _run_or_fine_tune(config: FitConfig, command: str, typed: frozenset[str] = frozenset()) -> int:
    """Train (or fine-tune) as configured; every error it expects ends in one line and an exit status."""
    try:
        check_threads(config.threads)  # a training run and a fine-tune alike
        # `| head -3` lost an epoch (see claimed_outputs); a fine-tune's JSON lines lost stop it, said as such
        with keep_going_without_output(noted=config.progress != "json"), claimed_outputs():
            if config.finetune is not None:
                run_finetune(config, command)
            else:
                fit(config, command=command, typed=typed)
    except KeyboardInterrupt as err:
        if config.finetune is not None and READER_LEFT.is_set():  # no one sent a signal: "stopped by SIGTERM" lied
            written = getattr(err, "written", False)
            kept = "its model was written whole first, in" if written else "nothing was written to"
            say_error(fit_command(), f"the reader of its --progress json lines is gone (the program reading them "
                      f"ended); it stopped, and {kept} {one_line(config.out)}")  # fmt: skip
            return 1  # what it prints cannot be written, as its --help words status 1
        if config.finetune is not None and getattr(err, "written", False):  # too late: the model is in place
            say(f"\n{stop_words(err)} as the fine-tuned model was written; it is whole, in {one_line(config.out)}")
        elif config.finetune is not None:  # training says what it kept; a fine-tune ended without a word
            wrote = f"nothing was written to {one_line(config.out)} (a fine-tune writes only at its end)"
            say(f"\n{stop_words(err)}; {wrote}")
        elif said := getattr(err, "said", ""):  # what the run kept
            after = "" if getattr(err, "noted", False) else "\n"  # a bar's line, or "^C", ends where no note did
            say(f"{after}{said}")
        else:  # stopped before a run began: silent while the files were checked
            # a --resume said "nothing was written" alone: its saved epochs are there, and it goes on from them
            # not yet checked: said only if there; os.path's look, as Path.is_file raised ENAMETOOLONG in this handler
            saved = config.resume and os.path.isfile(state_path(Path(config.out)))
            kept = (
                "; the run saved there is as it was: the same command goes on from its last saved epoch"
                if saved
                else ""
            )
            say(f"\n{stop_words(err)} before training began; nothing was written to {one_line(config.out)}{kept}")
        # the lines above are said (:func:`say`), lost where they cannot be written: printed, a terminal closed as
        # the run loaded (its SIGHUP taken) failed the write (EIO), and the run ended with status 1, not 129
        return stop_status(err)  # 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP, as shells count
    except DamagedMnistFile as err:  # a download cut short: torchvision keeps the file, so say what to do
        if config.progress == "json":  # the app words its own remedy (Ctrl+T then offers the download)
            with contextlib.suppress(OSError, ValueError):
                print(json.dumps({"event": "error", "damaged_mnist": True, "message": str(err)}), flush=True)
        say_error(fit_command(), damaged_mnist_advice(err, config.data_dir))  # into the folder read, --data-dir's
        return 2
    except (FileNotFoundError, OSError, ValueError, RuntimeError) as err:
        say_error(fit_command(), str(err))  # as its refused flags are said: "python -m training.fit: error: …"
        return 2 if not isinstance(err, TrainingDiverged) else 3
    return 0


def fit(config: FitConfig, command: str = "python -m training.fit", typed: frozenset[str] = frozenset()) -> dict:
    """Run training as configured and return the final summary (also written into the checkpoint).

    ``command`` is recorded in the checkpoint so anyone can see how a model was made; ``typed``, the recipe's
    settings it gives (``training.arguments.typed_settings``), are named on ``--resume`` where the run's differ.
    Before any data is read: the output files are checked (distinct; absent or ours unless ``force``) and locked
    against a second run.
    """
    outputs = run_outputs(config)
    out, _, metrics_path = outputs
    check_pen_workers(config.pen_workers)
    start = None if config.resume else start_checkpoint(config)  # an input: checked before any output is touched
    teachers = None if config.resume else load_teachers(config)  # inputs too; on --resume, the saved recipe's
    if not config.resume:  # what the checkpoint records of them and of the command, checked before the data is read
        known = {"command": command, "distilled_from": [checkpoint_source(model) for model in teachers or []]}
        if start is not None:
            known["start_from"] = checkpoint_source(start)
        refuse_a_record_past_the_header(start.config if start else config.model, known)
    check_outputs(*outputs, force=config.force, resuming=config.resume)  # again: a caller of fit() skips main's
    with folders_made_for(outputs):  # a mistyped --data-dir left the empty new/sub of `--out new/sub/m.safetensors`
        for path in outputs:  # the state's name is the longer one for an --out without suffix
            check_writable(path)
        with contextlib.ExitStack() as locks:
            # each file locked, not --out alone: runs with `--out m.safetensors` and `--out m.pt` (one m.state.pt and
            # m.metrics.csv), or two --outs and one --metrics, wrote each other's files at once
            renewers = []
            for path in outputs:
                flag = "--metrics" if path == metrics_path and config.metrics else "--out"
                renewers.append(locks.enter_context(run_lock(path, flag)))
                # the lock is this run's, so a temporary of the file is a dead writer's: a run killed while saving
                # and resumed at once left them, each as large as the file, for good
                remove_stale_temporaries(path)
            return _train(config, command, out, metrics_path, start, teachers, typed, renewers)


def _train(
    config: FitConfig,
    command: str,
    out: Path,
    metrics_path: Path,
    start: Checkpoint | None,
    teachers: list[Checkpoint] | None,
    typed: frozenset[str] = frozenset(),
    renewers: Sequence[Callable[[], None]] = (),
) -> dict:
    """The run, top to bottom: set up, then per epoch a pass over the data, an evaluation and a save."""
    device = device_of_flag(config.device)  # fails at once for CUDA without CUDA
    if config.threads:
        torch.set_num_threads(config.threads)
    # Ctrl-C during the set-up (reading MNIST, starting the pen workers: seconds to minutes) ended the run without
    # a word, and a failed resume check left the pen workers running; both are handled below, as in training.
    pens: PenEpochs | None = None
    run: Run | None = None
    curve = None
    try:
        given_metrics = config.metrics
        config, state, recorded = resume_config(config, out, typed)
        if state is not None:  # before the data is read: a GPU's run goes on on a GPU
            check_generator_device(state.aug_rng, device, out, recorded.get("device"))
        if state is not None and given_metrics is None:
            _say_where_the_metrics_go(state.config.get("metrics"), metrics_path)
        # each output against the recipe's inputs: `--metrics START --force` wrote the CSV over the start checkpoint
        for role, path in (("--out", out), ("the training state", state_path(out)), ("--metrics", metrics_path)):
            refuse_inputs_as_out(path, read_checkpoints(config), role)
        if state is None:  # after the refusals: "this run replaces it" stood above "--out is --start-from itself"
            say_what_is_replaced(out, "this run", when="when its first epoch is saved", held=_held_by(out))
            if (lone := _held_without_its_checkpoint(out)) is not None:
                say_what_is_replaced(state_path(out), "this run", when="when its first epoch is saved", held=lone)
        if config.resume:  # the saved recipe's teachers, which must be the files the run began with
            try:
                teachers = load_teachers(config)
            except FileNotFoundError as err:  # a teacher moved away since: "checkpoint not found: T", of no run
                began = shell_line(config.distill_from)
                raise FileNotFoundError(
                    f"--resume: {err}; the run began learning from --distill-from {began} and goes on only from "
                    "those files: put it back there to resume, or give --distill-from with the files where they are "
                    "now"
                ) from err
        distilled_from = [checkpoint_source(teacher) for teacher in teachers]
        if config.resume:
            check_same_teachers(out, distilled_from)
        if start is not None:
            config = replace(config, model=start.config)
        saves = "an epoch's checkpoint and training state, twice over"
        largest = 3 * weight_bytes(config.model)  # a training state's least: the weights and Adam's two moments
        check_room(out, _room_for_saves(out, config), saves, files=_files_for_saves(out, metrics_path), largest=largest)
        # a --metrics on a full disk elsewhere trained its run and wrote no CSV (a warning an epoch in)
        check_room(metrics_path, METRICS_ROW_BYTES * (config.epochs + 1), "the metrics CSV", 2, flag="--metrics")
        check_memory(config.model, device)
        data = load_data(config, device, new_run=state is None)  # a resumed run's --limit is its recipe's
        held_read, same_pen_file = None, None
        if state is not None:
            check_same_data(out, recorded, data)
            held_read = recorded_holdout(out, recorded, config)  # the run's own
            same_pen_file = partial(check_same_pen_file, out, recorded)
        # fails here, before any step, if the pen data is missing, damaged or (resumed) not the run's
        pens, pen_info, holdout = open_pen_data(config, len(data.train_x), device, held_read, same_pen_file)
        started_from = None  # what the checkpoint records of --start-from's checkpoint, kept when resuming
        resumed_with: list[str] = []
        devices: list[str | None] = []
        if state is not None:
            started_from = recorded.get("start_from")
            command, resumed_with = recorded_commands(recorded, command)
            devices = recorded_devices(recorded, describe_device(device))  # its threads set: this leg's own
        n = len(data.train_x) + (pens.per_epoch if pens else 0)
        if state is None:
            config = _samples_the_epochs_hold(config, n, "train_samples" in typed)
        run = start_run(config, device, n, MetricsLog(metrics_path), state, pens, pen_info, holdout)
        if start is not None:
            run.reader.load_state_dict(start.build_reader(device).state_dict())
            started_from = checkpoint_source(start)
        run.started_from = started_from
        run.resumed_with, run.devices = resumed_with, devices
        run.renew_locks = renewers
        run.teachers = [teacher.build_reader(device).eval().requires_grad_(False) for teacher in teachers]
        run.distilled_from = distilled_from
        run.test_digits, run.test_sha256 = len(data.test_y), data.test_sha256
        run.drawn_digits, run.drawn_sha256 = data.drawn, data.drawn_sha256
        run.mnist_digits = len(data.train_y) - data.drawn
        print(
            f"training {config.preset!r} recipe on {describe_device(device)}: {counted(n, 'image')}, "
            f"{_schedule(config.epochs, run.steps_per_epoch, run.total_steps, config.batch_size)}; "
            f"{config.model.shape()}, loss {config.loss}, "
            f"augment {config.augment}"
            + (f", incl. {data.drawn:,} drawn digits" if data.drawn else "")
            + (f", incl. {counted(pens.per_epoch, 'UNIPEN pen rendering')} per epoch" if pens else "")
            + (f"; learning the beliefs of {counted(len(teachers), 'reader')} too" if teachers else "")
            + _tested_on(len(data.test_y), data.test_there)
        )
        refuse_a_run_past_the_header(run, data.checksum, command)  # what its save would refuse, before its epochs
        while run.epoch < config.epochs and run.step < run.total_steps:
            last_batch = train_epoch(run, data)
            # the epoch is trained: a stop waits for its evaluation and its save. Held from the save on, one pressed
            # on seeing "epoch N: test …" (or while --pen-holdout's digits were read after it) lost epoch N. Said at
            # once: the evaluation took 26 s (256 units, 10,000 digits, load 11), and a stop silent for that long
            # was pressed again, which stops at once and loses the epoch
            with stops_held(f"stopping once epoch {run.epoch + 1} is evaluated and saved (seconds)…"):
                curve = evaluate_epoch(run, data, last_batch)
                save_epoch(run, out, curve, data.checksum, command)
    except KeyboardInterrupt as err:
        if run is not None:  # before, _run_or_fine_tune says nothing was written
            # the signal named: a log read after its terminal closed said "interrupted", as if Ctrl-C had been pressed.
            # Said by main, not here: bench_fit's runs in a folder it removes said "nothing was saved to
            # /tmp/tmpkxpjhay0/bench.safetensors; start the run again", a run the user never began
            err.said = f"{stop_words(err)} at step {run.step}; {run.kept_when_interrupted(out)}"  # type: ignore[attr-defined]
        raise
    except PenWorkerLost as err:  # it said concurrent.futures' words alone, nothing of what was saved
        raise PenWorkerLost(f"{err}; {run.kept(out) if run else 'nothing was saved'}") from err
    finally:
        if pens is not None:
            pens.close()  # stops the rendering workers
    if curve is None:
        raise RuntimeError("nothing to train: the saved state already covers every epoch; raise --epochs")
    # the epochs trained, as the last save recorded them: `--epochs 2` ended by --train-samples after 1 returned 2
    summary = checkpoint_metadata(run, curve, data.checksum, run.epoch, run.elapsed(), command)
    nothing_left_to_stop()
    if (unwritten := run.log.unwritten()) is not None:  # the model is whole: said, and the run is done
        print(f"warning: {unwritten}; every row is kept in the training state {state_path(out)}, as its history",
              file=sys.stderr)  # fmt: skip
    print(
        f"done: {accuracy_summary(curve, REPORT_ROWS)}; {_rate(summary['samples_per_second'])} samples/s, "
        f"{summary['wall_seconds']:.0f} s → {one_line(str(out))}"
    )
    return summary


def _samples_the_epochs_hold(config: FitConfig, n: int, typed: bool) -> FitConfig:
    """``config``, its ``train_samples`` no more than ``--epochs`` of ``n`` images hold. Typed (``typed``), more is
    refused before a step: `--limit 100 --epochs 1 --train-samples 1024` trained 96 samples and recorded 1,024, not a
    word of the rest. A preset's own count is cut to what they hold, and said: `--preset seed --limit 1000` trained
    1,792 samples and recorded the preset's 100,000. The run is the same step for step (it ended at its epochs)."""
    samples, batch, steps = config.train_samples or 0, config.batch_size, n // config.batch_size
    held = config.epochs * steps * batch
    if not steps or samples <= held:  # no step at all: start_run says the batch is more than the images
        return config
    if not typed:  # a library's FitConfig too: the recipe's, where no preset sets it
        whose = f"the {config.preset} preset's" if "train_samples" in PRESETS.get(config.preset, {}) else "the recipe's"
        print(f"note: {whose} {samples:,} training samples are more than --epochs "
              f"{config.epochs:,} holds over {counted(n, 'image')}; the run trains those it holds, {held:,} "
              f"samples ({counted(config.epochs * steps, 'step')} of {batch:,}), and records so",
              file=sys.stderr)  # fmt: skip
        return replace(config, train_samples=held)
    raise ValueError(
        f"--train-samples {samples:,} is more than --epochs {config.epochs:,} holds over "
        f"{counted(n, 'image')} ({held:,} samples: {counted(config.epochs * steps, 'step')} of "
        f"{batch:,}); give --epochs {-(-samples // (steps * batch)):,}, or --train-samples {held:,} or less"
    )


def _tested_on(digits: int, there: int) -> str:
    """The start line's word on the test digits each epoch is scored on, where ``--limit`` kept fewer than the files
    hold: a run's "test 0.5868" of its first 6,000 was taken for wrong beside `rowreader evaluate`'s 61.87 % of all
    10,000, nothing in the run's output saying which digits its own were."""
    if digits >= there:
        return ""
    return f"; tested on the first {digits:,} of the {counted(there, 'MNIST test digit')} (--limit)"


def _rate(per_second: float) -> str:
    """Samples a second, a tenth shown under 10: `--limit 1 --batch-size 1` trained "0 samples/s"; thousands grouped
    as the rest of the output groups them ("4288 samples/s")."""
    return f"{per_second:,.0f}" if per_second >= 10 else f"{per_second:.1f}"


def _say_where_the_metrics_go(began: object, metrics: Path) -> None:
    """On ``--resume`` without ``--metrics``: a run begun with ``--metrics logs/run1.csv`` went on writing its rows
    to the CSV beside ``--out`` without a word, logs/run1.csv left at the epoch it was stopped in."""
    if isinstance(began, str) and began and Path(began).absolute() != metrics.absolute():
        print(f"note: this run began with --metrics {one_line(began)}; resumed without it, it writes its metrics CSV, "
              f"every row, to {one_line(str(metrics))} (give --metrics {one_line(began)} to go on there)",
              file=sys.stderr)  # fmt: skip


def _held_by(out: Path) -> tuple[str, str]:
    """What ``out`` holds of an earlier run, in words ("" if no run's checkpoint), and what --resume can do with it:
    a new run over an earlier run's checkpoint replaces it with its own first epoch, and the same command run again
    after Ctrl-C, without --resume, did so without a word, the epochs trained gone."""
    try:
        metadata = read_metadata(out)
    except CheckpointError:  # none there (or one --force is to replace: check_outputs said so)
        return "", ""
    trained, planned = metadata.get("epochs_trained"), metadata.get("recipe", {}).get("epochs")
    if not isinstance(trained, int) or not isinstance(planned, int):
        return "", ""
    if (done := finished(metadata["recipe"], trained, metadata.get("steps"))) is not None:
        return f"a finished run of {done.removeprefix('its ').removeprefix('all ').replace('one ', '1 ')}", ""
    if not state_path(out).is_file():  # it said "--resume goes on with it", which then found no state
        return f"epoch {trained} of {planned} of an earlier run", f"; {no_state_beside(out, trained)}"
    try:  # "--resume goes on with it", which --resume then refused: a later run's checkpoint beside this state
        behind = checkpoint_behind(out, metadata, load_state(state_path(out)))
    except (OSError, ValueError):  # not a state --resume could read: --resume says why
        behind = None
    if behind is not None:
        return f"epoch {trained} of {planned} of an earlier run", f"; --resume cannot go on with it: {behind}"
    return f"epoch {trained} of {planned} of an earlier run", "; --resume goes on with it instead"


def _held_without_its_checkpoint(out: Path) -> tuple[str, str] | None:
    """What a run's training state beside an ``out`` that is not there holds, as :func:`_held_by` says it, else None:
    a new run replaced the state of a run whose checkpoint was moved away (to be tried in the app) without a word."""
    if out.exists() or out.is_symlink() or not state_path(out).is_file():
        return None
    try:
        state = load_state(state_path(out))
    except (OSError, ValueError):  # not a whole state of ours: check_outputs judged it (--force)
        return None
    held = f"epoch {state.epoch} of {state.config.get('epochs')} of an earlier run"
    return (
        f"{held} whose checkpoint, {out.name}, is not beside it",
        "; put the checkpoint back and --resume goes on with it instead",
    )


def _room_for_saves(out: Path, config: FitConfig) -> int:
    """The bytes free that every epoch's save needs: an epoch's pair stays on disk until the next is written whole,
    so two pairs, less what the pair already there (a run resumed, or begun anew over its own files) holds. Room for
    one pair alone let a run save its first epoch and fail at its second, on every try."""
    pair = save_bytes(config)
    held = sum(path.stat().st_size for path in (out, state_path(out)) if path.is_file())
    return max(pair, 2 * pair - held)


def _files_for_saves(out: Path, metrics: Path) -> int:
    """The inodes a run's saves take: the two temporaries of an epoch's pair, written beside the pair before it,
    and each of its files (the pair, the metrics CSV) not yet there. Counted as the two temporaries alone, a run with
    three free inodes saved epoch 1 and failed at epoch 2 ("No space left on device") on every --resume."""
    return 2 + sum(not path.exists() for path in (out, state_path(out), metrics))


# What an epoch's pair holds besides the weights: the random generators' states (6.6 kB each), the recipe, the
# scheduler's state and the headers (26 kB measured), and a metrics row per epoch in the state and the CSV. Counted
# as 4 weights alone, a small network's pair (157 kB at --hidden 8, 131 kB of weights) found a 300-kB disk roomy
# enough, saved epoch 1 and failed at epoch 2 on every try.
PAIR_OVERHEAD, EPOCH_OVERHEAD = 48_000, 2_000
METRICS_ROW_BYTES = 400  # the CSV's header, or an epoch's row (7 fields and 28 accuracies: 280 to 330 bytes)


def save_bytes(config: FitConfig) -> int:
    """The bytes of one epoch's checkpoint and training state: the checkpoint's weights, the state's with Adam's two
    moments, and what they hold besides (but for ``--log-every``'s rows of steps, a few hundred bytes each)."""
    return 4 * weight_bytes(config.model) + PAIR_OVERHEAD + EPOCH_OVERHEAD * config.epochs


def _schedule(epochs: int, steps_per_epoch: int, total_steps: int, batch_size: int) -> str:
    """How long the run is, as it will run: the seed preset's 781 steps were announced as "2 epochs × 468 steps".
    Counted in thousands as the rest of the output counts ("99968 samples" stood beside "99,968" later)."""
    whole = counted(epochs, "epoch")
    if total_steps < epochs * steps_per_epoch:  # --train-samples ends it first
        samples = counted(total_steps * batch_size, "sample")
        return f"{counted(total_steps, 'step')} of {batch_size:,} ({samples}, within {whole})"
    return f"{whole} × {counted(steps_per_epoch, 'step')} of {batch_size:,}"
