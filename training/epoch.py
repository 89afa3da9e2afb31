"""One epoch of a run: a pass over the shuffled training set, then the accuracy after every row on the test set."""

from __future__ import annotations

import math
import time

import numpy as np
import torch

from rowreader.evaluate import evaluate_curve
from rowreader.output import counted
from training.augment import augment
from training.config import AUGMENTATIONS
from training.distill import distill_loss
from training.metrics import accuracy_summary
from training.progress import progress_bar
from training.run import Run
from training.step import final_row_accuracy, optimizer_step, row_loss
from training.train_data import Data

REPORT_ROWS = (7, 14, 21)  # the rows (1-based) whose test accuracy each epoch prints after the last row's


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: further steps would only destroy the weights."""


def train_epoch(run: Run, data: Data) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One pass over the shuffled training set (fewer steps if ``train_samples`` ends the run sooner).

    Returns the last batch's loss, logits and labels, for the epoch's log line.
    """
    config, reader = run.config, run.reader
    reader.train()
    epoch_x, epoch_y = data.train_x, data.train_y
    if run.pens is not None:
        pen_x, pen_y = run.pens.epoch(run.epoch)
        epoch_x = torch.cat([data.train_x, torch.from_numpy(pen_x).to(run.device)])
        epoch_y = torch.cat([data.train_y, torch.from_numpy(pen_y).to(run.device)])
    order = torch.randperm(len(epoch_x), generator=run.cpu_gen).to(run.device)
    steps = min(run.steps_per_epoch, run.total_steps - run.step)
    bar_total = steps * config.batch_size
    # scaled from 1,000 up ("60.0k"): below, tqdm wrote --limit 1's one image as "1.00/1.00" and 12 as "12.0/12.0"
    scale = bar_total >= 1000
    with progress_bar(total=bar_total, unit="img", unit_scale=scale, desc=f"epoch {run.epoch + 1}") as bar:
        loop_started = time.perf_counter()
        for i in range(steps):
            idx = order[i * config.batch_size : (i + 1) * config.batch_size]
            images = augment(epoch_x[idx].float() / 255, AUGMENTATIONS[config.augment], run.aug_gen)
            labels = epoch_y[idx]
            logits = reader(images)
            loss = row_loss(logits, labels, run.row_weights)
            if run.teachers:
                with torch.no_grad():
                    taught = torch.stack([teacher(images) for teacher in run.teachers]).mean(dim=0)
                weight = config.distill_weight
                distilled = distill_loss(logits, taught, run.row_weights, config.distill_temperature)
                loss = (1 - weight) * loss + weight * distilled
            # Reading the loss waits for the device, so it is read every 10 steps, not every step: a
            # divergence is caught within 10 steps, long before the epoch's checkpoint could be written.
            check = i % 10 == 0 or i == steps - 1
            if check and not math.isfinite(loss_value := loss.item()):
                raise TrainingDiverged(
                    f"loss became {loss_value} at step {run.step + 1}; try a lower --lr (now {config.lr})"
                )
            run.last_rate = run.optimizer.param_groups[0]["lr"]
            optimizer_step(loss, run.optimizer, config.clip_grad)
            run.scheduler.step()
            run.step += 1
            bar.update(len(idx))
            if check:
                bar.set_postfix(loss=f"{loss_value:.4f}", refresh=False)
            if config.log_every and run.step % config.log_every == 0:
                batch_acc = final_row_accuracy(logits, labels)
                bar.write(f"Step {run.step}, Minibatch Loss= {loss.item():.4f}, Training Accuracy= {batch_acc:.5f}")
                # the epoch's last step is the epoch's own row (evaluate_epoch: the same numbers and the test
                # accuracy); logged here too, each epoch's end was two rows of one step in the CSV
                if i < steps - 1:
                    run.log.add(
                        epoch=run.epoch + 1,
                        step=run.step,
                        seconds=run.elapsed(),
                        loss=loss.item(),
                        lr=run.next_rate(),
                        train_accuracy=batch_acc,
                    )
    run.train_seconds += time.perf_counter() - loop_started
    return loss, logits, labels


def evaluate_epoch(run: Run, data: Data, last_batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor]) -> np.ndarray:
    """Accuracy after every row on the test set, logged and printed; the epoch counts as done from here."""
    loss, logits, labels = last_batch
    curve = evaluate_curve(run.reader, data.test_x, data.test_y, run.device)
    run.epoch += 1
    run.best = max(run.best, float(curve[-1]))
    run.log.add(
        epoch=run.epoch,
        step=run.step,
        seconds=run.elapsed(),
        loss=loss.item(),
        lr=run.next_rate(),
        train_accuracy=final_row_accuracy(logits, labels),
        test_curve=curve,
        write=False,  # written once the epoch is saved (save_epoch): the CSV claimed an epoch a full disk lost
    )
    print(f"epoch {run.epoch}: {accuracy_summary(curve, REPORT_ROWS)}, best {run.best:.4f} ({run.elapsed():.0f} s)")
    if run.holdout:  # unseen train-split writers' pen digits; the test writers stay untouched
        held_curve = evaluate_curve(run.reader, *run.holdout, run.device)
        run.pen_info["pen"]["holdout"]["accuracy_per_row"] = [round(float(a), 5) for a in held_curve]
        held_summary = accuracy_summary(held_curve, REPORT_ROWS).removeprefix("test ")
        print(f"  pen holdout ({_holdout_digits(run.pen_info['pen']['holdout'])} of unseen writers): {held_summary}")
    return curve


def _holdout_digits(holdout: dict) -> str:
    """The held-out digits each epoch reads, and of how many where ``--limit`` kept fewer, as the start line says
    of the test digits."""
    read, there = holdout["digits"], holdout["held_out"]
    return counted(read, "digit") if read == there else f"the first {read:,} of {counted(there, 'digit')}"
