"""Several trained readers as one wider reader whose belief after every row is the members' averaged.

Why: readers trained apart make partly different mistakes, and averaging their beliefs (an *ensemble*) reads
better than any one of them. Averaging k readers' logits is exactly the function of a single reader k times as
wide whose weights are the members' laid side by side: the input projections stacked, every recurrent matrix
block-diagonal (each member's units read only its own projection and its own previous state, gate by gate), and
an output layer that takes the mean. So the ensemble is an ordinary checkpoint: it streams row by row, shows in
the app's LSTM view, and can be trained on further like any other (``python -m training.fit --start-from``),
which lets the members' units start to talk to each other.

    python -m training.merge A.safetensors B.safetensors --out AB.safetensors
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C while torch loads is quiet
    from rowreader.launch import run_main
    from training.interrupt import stop_from_the_start

    stop_from_the_start()  # SIGHUP (the terminal closed) and SIGTERM, from the first moment, as training.fit's
    sys.exit(run_main("training.merge"))

import argparse
import shlex
from dataclasses import replace
from pathlib import Path

import numpy as np

from rowreader.cells import get_cell
from rowreader.checkpoint import Checkpoint, save_checkpoint, side_file_problem
from rowreader.data import data_dir_help
from rowreader.launch import CommandParser, command_name, ignore_stops, say, say_error, starting, stop_name, stops_held
from rowreader.model import MAX_WIDTH, ROWS, ReaderConfig
from rowreader.output import OutputLost, one_line, print_any_file_name, quiet_broken_pipe
from rowreader.paths import folder_argument, output_file_argument, path_argument
from training.arguments import checkpoint_named, kin_of, refuse_named_twice, rowreaders_commands
from training.files import (
    check_checkpoint_out,
    check_room,
    checkpoint_source,
    claimed_outputs,
    load_named,
    longest_share,
    refuse_past_the_header,
    refuse_repeats,
    say_what_is_replaced,
    taught_in,
    weight_bytes,
)
from training.interrupt import exit_status_help, load_once_read


def _block_diagonal(blocks: list[np.ndarray], gates: int) -> np.ndarray:
    """Members' ``[gates·H, W]`` matrices as one ``[gates·kH, kW]`` with member m's rows in every gate's m-th slot."""
    k = len(blocks)
    rows, width = blocks[0].shape
    h = rows // gates
    out = np.zeros((gates, k, h, k, width), np.float32)
    for m, block in enumerate(blocks):
        out[:, m, :, m, :] = block.reshape(gates, h, width)
    return out.reshape(gates * k * h, k * width)


def _gate_stacked(vectors: list[np.ndarray], gates: int) -> np.ndarray:
    """Members' ``[gates·H]`` biases as one ``[gates·kH]``, gate by gate."""
    return np.stack([v.reshape(gates, -1) for v in vectors], axis=1).reshape(-1).astype(np.float32)


def refuse_fewer_than_two(count: int) -> None:
    """A ValueError for a merge of fewer than two readers: one alone is no mean of beliefs, only a copy."""
    if count < 2:
        raise ValueError(f"merging needs at least two readers, got {count}")


def merged_config(configs: list[ReaderConfig], names: list[str] | None = None) -> ReaderConfig:
    """The wider reader's shape; a ValueError when the members cannot be laid side by side, naming them by
    ``names`` (their files), else by place: "reader 2 is …" left the user counting the command's arguments."""
    refuse_fewer_than_two(len(configs))
    names = names or [f"reader {i}" for i in range(1, len(configs) + 1)]
    first = configs[0]

    for name, config in zip(names[1:], configs[1:], strict=True):
        # every field that differs, named: readers of another forget_bias alone were both "lstm 1×8 (input 128,
        # pixels 0.1307±0.3081)", the refusal naming no difference
        if differ := [f"{k} ({v} and {getattr(first, k)})" for k, v in vars(config).items() if getattr(first, k) != v]:
            raise ValueError(
                f"{name} is {config.shape()}, {names[0]} {first.shape()}: they differ in {', '.join(differ)}; only "
                "readers of one shape merge"
            )
    k = len(configs)
    for name in ("input_size", "hidden_size"):
        if getattr(first, name) * k > MAX_WIDTH:
            raise ValueError(f"{k} readers of {name} {getattr(first, name)} would be wider than {MAX_WIDTH} units")
    return replace(first, input_size=first.input_size * k, hidden_size=first.hidden_size * k)


def _names(members: list[Checkpoint]) -> list[str] | None:
    """The members' files, as :func:`merged_config`'s refusals name them (by place where one has none)."""
    return [one_line(str(m.path)) for m in members] if all(m.path for m in members) else None


def merge_readers(members: list[Checkpoint]) -> Checkpoint:
    """One reader computing the mean of the members' logits after every row (to float rounding)."""
    config = merged_config([m.config for m in members], _names(members))
    gates = get_cell(config.cell).gates
    weights = [m.weights for m in members]
    merged = {
        "input.weight": np.concatenate([w["input.weight"] for w in weights]),
        "input.bias": np.concatenate([w["input.bias"] for w in weights]),
        "output.weight": np.concatenate([w["output.weight"] for w in weights], axis=1) / len(members),
        "output.bias": np.mean([w["output.bias"] for w in weights], axis=0),
    }
    recurrent = [name for name in config.weight_shapes() if name not in merged]
    for name in recurrent:
        parts = [w[name] for w in weights]
        merged[name] = _block_diagonal(parts, gates) if parts[0].ndim == 2 else _gate_stacked(parts, gates)
    return Checkpoint(config, {k: np.asarray(v, np.float32) for k, v in merged.items()})


def checkpoint_out_argument(text: str) -> Path:
    """``type=`` of ``--out``: a file to write (:func:`output_file_argument`), not named as training names the files
    beside a checkpoint: `--out m.state.pt` wrote the merge under the name of ``m.safetensors``'s training state."""
    path = output_file_argument(text)
    if (problem := side_file_problem(text, checkpoint=True)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return path


def merge_parser() -> CommandParser:
    """training.merge's command line: its own, and named by training's other commands for a flag given to them."""
    parser = CommandParser(
        prog="python -m training.merge",
        description=__doc__.splitlines()[0],
        epilog=exit_status_help(
            stopped=" (a stop that comes while the merged model is written waits for it: the merge is complete, "
            "status 0)"
        ),
    )
    parser.add_argument(
        "members", nargs="+", type=path_argument, metavar="CHECKPOINT", help="two or more readers of one shape"
    )
    parser.add_argument(
        "--out", type=checkpoint_out_argument, required=True, help="the merged checkpoint to write (required)"
    )
    parser.add_argument(
        "--data-dir",
        type=folder_argument,
        help=f"{data_dir_help()}, to record the merged reader's test curve: a folder named is refused without MNIST "
        "in it; without MNIST in the default one the merge is saved with no curve",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite --out even if it is not a merge's checkpoint (a training run's, a fine-tune's, any other "
        "file) (default: off)",
    )
    parser.kin, parser.far = kin_of("training.merge"), rowreaders_commands
    return parser


@quiet_broken_pipe  # `| head` ends it quietly
def main(argv: list[str] | None = None) -> int:
    parser = merge_parser()
    argv = sys.argv[1:] if argv is None else argv
    with starting():
        args = parser.parse_args(argv)
    try:  # before torch's seconds: each was said once it had loaded (2.3–3.7 s, 1.3–1.8 s of CPU, loads 5–8)
        refuse_fewer_than_two(len(args.members))
        for path in args.members:
            checkpoint_named(path, parser)
        refuse_named_twice(args.members)
    except (OSError, ValueError) as err:
        say_error(parser.prog, str(err))
        return 2
    load_once_read("training.merge", "torch")  # the readers' MNIST curve, training.state's checks
    print_any_file_name()
    try:
        with claimed_outputs():  # --out locked once checked, until written
            members = [load_named(path, parser) for path in args.members]  # inputs first: a typo made --out's folders
            readers = [(m, "one of the readers being merged") for m in args.members]
            check_checkpoint_out(args.out, args.force, readers, own="a merge's")
            # a member's own members too: what each learnt (recorded_loss) is read from its recipe
            recorded = ("recipe", "command", "device", "merged_from")
            sources = [checkpoint_source(m) | {k: m.metadata[k] for k in recorded if k in m.metadata} for m in members]
            refuse_repeats(args.members, members)
            metadata = {"merged_from": sources, "command": shlex.join(["python", "-m", "training.merge", *argv])}
            refuse_past_the_header(  # refused by the save, after merging, reading MNIST and the merged reader's curve
                merged_config([m.config for m in members], _names(members)),
                metadata | longest_curve(),
                f"the record of its command and the readers merged{taught_in(sources, 'the readers merged')}",
                "merge readers taught fewer examples, or give shorter paths",
            )
            say_what_is_replaced(args.out, "the merged model")  # once every refusal is behind it
            merged = merge_readers(members)
            check_room(args.out, weight_bytes(merged.config), "the merged model")  # before reading MNIST with it
            metadata |= mnist_curve(merged, args.data_dir)
            save_merged(args.out, merged, metadata, args.force)
    except KeyboardInterrupt as err:  # "stopped by SIGTERM" alone left --out, perhaps an older merge, to be looked at
        err.left = f"nothing was written to {one_line(str(args.out))}"  # type: ignore[attr-defined]
        raise  # said by run_main, as every command's stop
    except OutputLost as err:  # `> /dev/full`: its note's write was "error: [Errno 28] …", status 2, as a full disk
        err.left = f"nothing was written to {one_line(str(args.out))}"  # type: ignore[attr-defined]
        raise  # said by quiet_broken_pipe: "cannot write the output", status 1
    except (OSError, ValueError) as err:
        say_error(parser.prog, str(err))  # as its refused flags are said
        return 2
    c = merged.config
    shown = one_line(str(args.out))  # escaped: an escape sequence in a name reached the terminal
    try:  # `> /dev/full` said "cannot write the output" alone of a merge written whole, read as a failed merge
        print(f"{len(members)} readers → {shown}: {c.shape()}, the mean of their beliefs")
        if "test_accuracy" in metadata:
            alone = ", ".join(accuracy_alone(m, metadata["test_digits"]) for m in members)
            print(f"MNIST test: {metadata['test_accuracy']:.2%} after row 28 (the readers alone: {alone})")
        sys.stdout.flush()
    except OutputLost as err:
        err.left = f"the merge is complete: the merged model is written whole, in {shown}"  # type: ignore[attr-defined]
        raise
    return 0


def save_merged(out: Path, merged: Checkpoint, metadata: dict, force: bool) -> None:
    """Write the merged model; once it is in place the merge is complete, and a stop is no stop. One landing just
    after its rename (or held through it) said "training.merge: stopped by SIGTERM", status 143 and no report, over
    a merged model written whole, so a script took the merge for lost. A stop held while it was written is said, and
    the merge ends as it does (status 0, its report); a second one, insisted on before the model was in place,
    stops it (the write's temporary removed)."""
    saved = False
    try:
        with stops_held():
            save_checkpoint(out, merged, metadata, force=force)
            saved = True
            ignore_stops()  # the process ends with the report: a stop from now on would call the merge lost
    except KeyboardInterrupt as err:
        if not saved:
            raise
        said = f"{stop_name(err)} came while the merged model was written; it was written whole first"
        say(f"{command_name('training.merge')}: {said}, and the merge is complete")


def accuracy_alone(member: Checkpoint, digits: int) -> str:
    """A member's recorded accuracy, saying on how many test digits when not on the ``digits`` the merged reader
    read: a member trained with ``--limit 64`` stood at "1.56%" beside the merged reader's on all 10,000."""
    if member.accuracy is None:
        return "?"
    counted = member.metadata.get("test_digits")
    on = f" on {counted:,} test digits" if isinstance(counted, int) and counted != digits else ""
    return f"{member.accuracy:.2%}{on}"


def longest_curve() -> dict:
    """What :func:`mnist_curve` records, its numbers at their longest: for the header's measure before the work."""
    from rowreader.data import MNIST_TEST_DIGITS

    share = longest_share(4)
    return {"test_accuracy": share, "test_digits": MNIST_TEST_DIGITS, "accuracy_per_row": [share] * ROWS}


def mnist_curve(merged: Checkpoint, data_dir: Path | None) -> dict:
    """The merged reader's MNIST test accuracy after every row, as training records it; nothing without MNIST in
    the default folder, a ValueError without it in ``data_dir`` (a folder named is a curve asked for)."""
    from rowreader.data import MnistFileError, load_mnist
    from rowreader.evaluate import evaluate_curve

    try:
        images, labels = load_mnist(data_dir, train=False)
    except (OSError, MnistFileError) as err:
        if data_dir is not None:  # asked for by name: `--data-dir /dev/null` merged unmeasured, status 0
            why = str(err).rstrip(".")
            raise ValueError(f"--data-dir: {why}; leave --data-dir out to merge without a test curve") from err
        # the default's missing or damaged: merged unmeasured; said now, before the merge is written (flushed: a
        # full stdout stops it here, with nothing written, not after)
        print(f"note: no MNIST test curve recorded ({err})", flush=True)
        return {}
    curve = evaluate_curve(merged.reader, images, labels)
    return {
        "test_accuracy": round(float(curve[-1]), 4),
        "test_digits": len(labels),
        "accuracy_per_row": [round(float(a), 4) for a in curve],
    }
