"""Saving an epoch: the checkpoint (weights and what they were made from) and the training state, both or neither."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np

from rowreader.atomic import atomic_write_files
from rowreader.checkpoint import check_weights_finite, checkpoint_bytes
from rowreader.device import describe_device
from rowreader.launch import stops_held
from rowreader.model import ROWS, ReaderConfig
from training.epoch import TrainingDiverged
from training.files import LONGEST_NUMBER, OutputError, longest_share, refuse_past_the_header, taught_in
from training.run import Run
from training.state import TrainingState, state_bytes, state_path
from training.train_data import DRAWN_DIGITS


def save_epoch(run: Run, out: Path, curve: np.ndarray, checksum: str, command: str) -> None:
    """The checkpoint and the training state, written together (``atomic_write_files``): neither replaces its
    predecessor until both are on disk, so a full disk leaves the last epoch's pair as it was. Refused if a weight
    is not finite. A stop (Ctrl-C, SIGTERM) waits for the whole save, the pair made as well as written: one in the
    making (1.7 s of a 2,048-unit network's 3.6-s save, on a busy CPU) lost the epoch whose numbers it had just
    printed ("epoch 1 was not saved (stopped before it was)")."""
    with stops_held():  # Ctrl-C between the two renames parted the pair, and the run misnamed what it kept
        _save_epoch(run, out, curve, checksum, command)


def _save_epoch(run: Run, out: Path, curve: np.ndarray, checksum: str, command: str) -> None:
    files: list[tuple[Path, bytes]] = []
    try:
        try:  # the loss is read before the last update: only the weights themselves can vouch for it
            check_weights_finite(run.reader.numpy_weights(), run.reader.config)  # as load_checkpoint would judge them
        except ValueError as err:
            run.log.unsaved()
            raise TrainingDiverged(
                f"{err} after epoch {run.epoch}; nothing was written for it. Try a lower --lr (now {run.config.lr})"
            ) from err
        elapsed = run.elapsed()
        state = TrainingState(
            model=run.reader.state_dict(),
            optimizer=run.optimizer.state_dict(),
            scheduler=run.scheduler.state_dict(),
            cpu_rng=run.cpu_gen.get_state(),
            aug_rng=run.aug_gen.get_state(),
            epoch=run.epoch,
            step=run.step,
            best=run.best,
            elapsed=elapsed,
            train_seconds=run.train_seconds,
            config=run.config.to_dict(),
            history=run.log.history,
        )
        metadata = checkpoint_metadata(run, curve, checksum, run.epoch, elapsed, command)
        # The checkpoint first: a run stopped between the two renames has a checkpoint one epoch ahead of its state,
        # and --resume repeats that epoch; the other way round, a first epoch's state had no checkpoint to resume by.
        files = [(out, checkpoint_bytes(run.reader, metadata)), (state_path(out), state_bytes(state))]
        try:
            for renew in run.renew_locks:  # another run writing these files now: nothing of theirs is touched
                renew()
        except OutputError as err:
            raise OutputError(f"{err}; epoch {run.epoch} of this run was not saved over its files") from err
        try:
            atomic_write_files(files)
            run.saved_epochs = run.epoch
        except OSError as err:
            run.log.unsaved()  # the metrics CSV claims no epoch that was not saved
            where, why = err.filename or out, err.strerror or str(err)
            if err.errno == errno.EFBIG:  # the state grows with the run: the check before it saw room, then not
                why += (" (past this process's file-size limit, `ulimit -f`; a --resume under it fails so again: "
                        "raise it first)")  # fmt: skip
            raise OSError(f"cannot save epoch {run.epoch} to {where}: {why}; {run.kept(out)}") from err
    except KeyboardInterrupt:  # a second stop, which a held save does not wait for: landing after the last
        if files and _on_disk(*files[-1]):  # rename, it said "nothing was saved … start the run again" of the epoch
            run.saved_epochs = run.epoch  # saved
        elif files and _on_disk(*files[0]):  # between the renames: the epoch's checkpoint alone, called unwritten
            run.checkpoint_alone = run.epoch
        raise
    run.log.saved()


def _on_disk(path: Path, data: bytes) -> bool:
    """Whether ``path`` holds ``data``: the last file of a save is in place, and so the whole pair."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def refuse_a_run_past_the_header(run: Run, checksum: str, command: str) -> None:
    """ValueError before the first epoch if the checkpoint ``run`` saves could not be: what it records, its numbers
    not yet measured at their longest (:func:`training.files.refuse_past_the_header`). A run learning from taught
    models whose names alone fitted, with a command of long paths, trained its epoch and was refused at the save."""
    metadata = checkpoint_metadata(run, np.zeros(ROWS), checksum, run.config.epochs, 0.0, command)
    for key in ("test_accuracy", "wall_seconds", "train_seconds", "samples_per_second"):
        metadata[key] = LONGEST_NUMBER
    metadata |= {"accuracy_per_row": [longest_share(5)] * ROWS, "steps": run.total_steps}
    refuse_a_record_past_the_header(run.reader.config, metadata)


def refuse_a_record_past_the_header(model: ReaderConfig, metadata: dict) -> None:
    """ValueError if a checkpoint of a ``model`` recording ``metadata`` could not be saved: the whole of a run's
    record before its first epoch, and what is known of it (the command, the models it learns from) before its data
    is read."""
    sources = [*([metadata["start_from"]] if metadata.get("start_from") else []), *metadata.get("distilled_from", [])]
    refuse_past_the_header(
        model,
        metadata,
        f"the record of its command, recipe and sources{taught_in(sources, 'the models it learns from')}",
        "give models taught fewer examples, or shorter paths",
    )


def checkpoint_metadata(run: Run, curve: np.ndarray, checksum: str, epoch: int, elapsed: float, command: str) -> dict:
    config = run.config
    pen_info = run.pen_info
    pen = f" + {pen_info['pen']['per_epoch']} UNIPEN train-writer pen renderings per epoch" if pen_info else ""
    # --limit's part named: the app's About box said "Learnt from: MNIST" of a model taught 64 of its 60,000 digits
    mnist = (
        f"MNIST's first {run.mnist_digits:,} training digits (--limit)" if config.limit == run.mnist_digits else "MNIST"
    )
    return {
        "test_accuracy": float(curve[-1]),
        "test_digits": run.test_digits,
        **({"test_sha256": run.test_sha256} if run.test_sha256 else {}),  # --resume compares it
        "accuracy_per_row": [round(float(a), 5) for a in curve],
        "recipe": config.recipe(),
        "epochs_trained": epoch,
        "steps": run.step,
        "wall_seconds": round(elapsed, 1),  # everything, evaluation and checkpoints included
        "train_seconds": round(run.train_seconds, 1),  # the optimisation steps alone
        "samples_per_second": run.step * config.batch_size / max(run.train_seconds, 1e-9),
        "device": describe_device(run.device),  # the leg that saved; "devices" each leg's, where resumed
        "dataset": mnist + (f" + {run.drawn_digits}{DRAWN_DIGITS}" if run.drawn_digits else "") + pen,
        "dataset_sha256": checksum,
        "drawn_digits": run.drawn_digits,  # a number to compare on --resume, where "dataset" says it in words
        **({"drawn_sha256": run.drawn_sha256} if run.drawn_sha256 else {}),
        "command": command,
        **run.pen_info,
        **({"start_from": run.started_from} if run.started_from else {}),
        **({"distilled_from": run.distilled_from} if run.distilled_from else {}),
        **({"resumed_with": run.resumed_with} if run.resumed_with else {}),
        **({"devices": run.devices} if run.devices else {}),
    }
