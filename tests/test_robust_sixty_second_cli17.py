"""The sixty-second round's commands' words (area cli17), each test seen failing on the code before its fix: a `--`
before a flag typed in capitals, cut short, or before a required one; strokes beside two pictures of their name, none
of them NAME.png; a fine-tune that lost what its base knew, said in numbers alone; a link among a run's outputs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import training.replay
from rowreader import ReaderConfig, RowReader
from rowreader.checkpoint import pretrained_path, save_checkpoint
from rowreader.example_store import ExampleStore
from rowreader.skipped_files import skipped_kinds
from training.arguments import fit_parser
from training.files import OutputError, check_checkpoint_out, check_outputs, state_path
from training.merge import merge_parser

DASHES = "-- ends the options, so"


def _refusal(parser, words: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


def taught_model(folder: Path) -> Path:
    """A small fine-tune's model in ``folder`` (taught.safetensors, from base.safetensors on 4 examples): what an
    `--out` that links to it is told it holds."""
    taught = folder / "taught.safetensors"
    save_checkpoint(
        taught,
        RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)),
        {"finetuned_from": {"path": "base.safetensors"}, "examples": {"count": 4}},
    )
    return taught


@pytest.mark.parametrize(
    ("parser", "words", "said"),
    [
        # argparse took --out m for CHECKPOINTs: "required: --out" alone, the -- unsaid
        (merge_parser, ["--", "--out", "m", "a", "b"], "--out after it is read as a name: drop the --"),
        (merge_parser, ["--", "--OUT", "m", "a"], "--OUT after it is read as a name: drop the -- (did you mean --out"),
        # "takes no names" alone, where `-- --limit 5` named --limit
        (fit_parser, ["--", "--LIMIT", "5"], "--LIMIT after it is read as a name: drop the -- (did you mean --limit"),
        (fit_parser, ["--", "--lim", "5"], "--lim after it is read as a name: drop the -- (did you mean --limit"),
    ],
)
def test_a_flag_after_dashes_is_named_whatever_its_case_or_length(parser, words, said, capsys) -> None:
    assert f"{DASHES} {said}" in _refusal(parser(), words, capsys)


def test_dashes_before_names_alone_say_nothing_of_them(capsys) -> None:
    """`training.merge -- a b` is "required: --out" alone: a CHECKPOINT may follow --, and none is a flag."""
    assert _refusal(merge_parser(), ["--", "a", "b"], capsys).endswith("the following arguments are required: --out")


def test_strokes_beside_two_pictures_of_their_name_say_which_are_there(tmp_path: Path) -> None:
    """a.PNG and a.jpg beside a.json: neither reads the strokes (only a.png would), and the import said "without its
    picture (.png) … copy its picture in too" of pictures that were there, and counted it as such."""
    folder = tmp_path / "source" / "3"
    folder.mkdir(parents=True)
    for name in ("a.PNG", "a.jpg"):
        Image.fromarray(np.eye(28, dtype=np.uint8) * 255).save(folder / name)
    (folder / "a.json").write_text(json.dumps({"format": "rowreader-example", "version": 1, "label": 3, "strokes": []}))
    imported = ExampleStore(tmp_path / "examples").import_folder(tmp_path / "source")
    assert len(imported.added) == 2
    [line] = imported.problems
    assert line.startswith(f"{folder / 'a.json'}: a drawing's strokes (.json) beside pictures of its name, none ")
    assert "(a.PNG, a.jpg); rename the one it belongs to a.png" in line and "copy its picture in" not in line
    assert skipped_kinds(imported.problems) == "1 drawing (.json) no picture reads"


def few_replay_digits(monkeypatch) -> None:
    """A fine-tune's pen replay drawn 30 digits, not 1,000, in the session's fresh cache (a teach at `--replay 0`
    loads it all the same): the first teach of a test session took 86 s on a loaded machine drawing them, 34 s so."""
    monkeypatch.setattr(training.replay, "PEN_REPLAY_DIGITS", 30)


def test_a_teach_that_lost_what_the_model_knew_says_so_in_words(
    tmp_path: Path, mnist_examples, capsys, monkeypatch
) -> None:
    """`--lr 10` (the range's top) wrote a model at 6 % of MNIST from 99 %, said "99.00% → 6.00%; its 0s 100.00% →
    0.00%" among the numbers alone, then "done"."""
    from training.fit import main

    few_replay_digits(monkeypatch)

    out = tmp_path / "mine.safetensors"
    fast = [
        "--train-samples",
        "32",
        "--batch-size",
        "16",
        "--eval-digits",
        "100",
        "--threads",
        "1",
        "--folds",
        "0",
        "--replay",
        "0",
    ]
    words = ["--finetune", str(pretrained_path()), "--examples", str(mnist_examples), "--out", str(out), "--lr", "10"]
    assert main([*words, *fast]) == 0
    said = capsys.readouterr().out
    assert "the teach lost much of what the model knew (MNIST 99.00% → " in said, said
    assert (
        "keep reading with rowreader.safetensors, or teach again with a lower --lr (this one 10; a fine-tune's" in said
    )


def test_a_link_among_a_runs_outputs_is_said_with_where_it_leads(tmp_path: Path) -> None:
    """`--metrics olink` (a link to --out r) was "--metrics and --out are the same file (olink)", --out's name unsaid;
    an --out linking to a fine-tune's model "holds a model taught from …; --force to replace it", though --force
    replaces the link and keeps that model."""
    out = tmp_path / "r.safetensors"
    (tmp_path / "olink.safetensors").symlink_to(out.name)
    with pytest.raises(OutputError) as refused:
        check_outputs(out, state_path(out), tmp_path / "olink.safetensors", force=False)
    assert str(refused.value) == (
        f"--metrics {tmp_path / 'olink.safetensors'} and --out {out} are the same file ({out.resolve()}, through a "
        "link); give them different names"
    )
    taught = taught_model(tmp_path)
    (tmp_path / "tlink.safetensors").symlink_to(taught.name)
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(tmp_path / "tlink.safetensors", force=False, own="a merge's")
    assert str(refused.value).endswith(
        "tlink.safetensors is a link to taught.safetensors, which holds a model taught from base.safetensors on 4 "
        "examples, not a merge's; nothing was written: give another --out, or pass --force to replace the link "
        "with a file of its own (taught.safetensors stays as it is)"
    )


def test_a_merges_out_linking_to_a_reader_merged_says_which(tmp_path: Path) -> None:
    """`training.merge --out r2link a r2` (r2link a link to r2) was "--out r2link is one of the readers being merged"
    alone: which one, and that a link made it so, unsaid."""
    reader = tmp_path / "r2.safetensors"
    save_checkpoint(reader, RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)), {})
    (link := tmp_path / "r2link.safetensors").symlink_to(reader.name)
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(link, False, [(reader, "one of the readers being merged")], own="a merge's")
    assert str(refused.value) == (
        f"--out {link} is one of the readers being merged ({reader}: both lead to {reader.resolve()}); write the "
        "result to a new file"
    )
