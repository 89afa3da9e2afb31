"""The fifty-sixth round of hostile testing, header6: model files' headers where menu5 left them. A damaged model file
in the models folder whose 4 MB header is a million tiny values (``[[],[],…]``, ``[0,0,…]``, ``{"a":{}}``…) held the
window's start 0.77-0.95 s at a load of 8: the Models menu reads every model file as the window starts, and the C
JSON parser holds Python's lock while it makes the values. A header may now hold at most
:data:`rowreader.tensor_file.MAX_HEADER_VALUES` values, counted from its bytes before it is parsed, and a save
measures the same, so no file is written that would not load."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from gui_window import open_shipped_window, opened_menu
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rowreader import checkpoint, tensor_file
from rowreader.checkpoint import (
    CheckpointError,
    load_checkpoint,
    past_the_header,
    pretrained_path,
    read_metadata,
    save_checkpoint,
)
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_HEADER_VALUES

SHIPPED = pretrained_path().read_bytes()
_SIZE = int.from_bytes(SHIPPED[:8], "little")
TABLE = json.loads(SHIPPED[8 : 8 + _SIZE])  # the shipped model's header: its metadata and its tensors
DATA = SHIPPED[8 + _SIZE :]


def _counted(text: bytes) -> int:
    """The test's own count of what a header may hold: one, and one for each comma, colon, ``[`` and ``{``."""
    return 1 + sum(text.count(mark) for mark in (b",", b":", b"[", b"{"))


def _with_junk(path: Path, junk: str, outside: bool = False) -> bytes:
    """The shipped model written to ``path`` with ``junk`` (JSON text) under a key of its metadata's own, as a newer
    RowReader might write one (``outside``: beside its tensors in the header itself); its header's bytes."""
    table = json.loads(json.dumps(TABLE))
    if outside:
        text = json.dumps(table, separators=(",", ":"))[:-1] + f',"__junk__":{junk}}}'
    else:
        metadata = json.loads(table["__metadata__"]["metadata"])
        table["__metadata__"]["metadata"] = json.dumps(metadata)[:-1] + f', "junk": {junk}}}'
        text = json.dumps(table, separators=(",", ":"))
    header = text.encode()
    path.write_bytes(len(header).to_bytes(8, "little") + header + DATA)
    return header


def _a_million(item: str) -> str:
    """A JSON list of as many ``item`` as a 4 MB header holds, each escaped as the metadata's string holds it."""
    return "[" + ",".join([item] * ((MAX_HEADER_BYTES - 10_000) // len(json.dumps(item + ",")))) + "]"


@pytest.mark.parametrize(
    ("item", "outside"),
    [("[]", False), ("0", False), ('{"a":{}}', False), ('""', False), ("null", False), ("[]", True)],
)
def test_fifty_sixth_header6_a_header_of_a_million_tiny_values_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch, item: str, outside: bool
) -> None:
    """A header of 4 MB of empty lists (1.3 million), zeros (2 million), ``{"a":{}}``, empty strings or nulls, in the
    model's metadata or beside its tensors: parsed in full (twice, the metadata a string inside the header), the lock
    held 0.2-0.4 s each read, then loaded (a key of its own) or refused. Now refused from its bytes, in one line,
    nothing of it parsed."""
    model = tmp_path / "mine-20261206-080000-abcd.safetensors"
    header = _with_junk(model, _a_million(item), outside)
    assert len(header) <= MAX_HEADER_BYTES  # within the bytes a header may hold: its values are what is refused
    parsed: list[int] = []
    for module in (tensor_file, checkpoint):
        parse = module.parse_json
        monkeypatch.setattr(
            module, "parse_json", lambda text, parse=parse, **how: parsed.append(len(text)) or parse(text, **how)
        )
    words = f"header holds too many values: up to {_counted(header):,} .*, more than {MAX_HEADER_VALUES:,}"
    with pytest.raises(CheckpointError, match=words) as refused:
        read_metadata(model)
    assert "\n" not in str(refused.value)
    assert parsed == []


def test_fifty_sixth_header6_the_models_menu_lists_a_crowded_file_as_damaged_unparsed(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The window's start reads every file of the models folder: 1.3 million empty lists among them held it; now the
    file is refused unparsed there, listed with why beside a sound model (as damaged until the fifty-eighth round)."""
    user = tmp_path / "user"
    (user / "models").mkdir(parents=True)
    crowded = user / "models" / "mine-20261206-080000-abcd.safetensors"
    _with_junk(crowded, _a_million("[]"))
    sound = user / "models" / "mine-20261206-070000-abcd.safetensors"
    _with_junk(sound, "[[]]")
    parsed: list[int] = []
    parse = tensor_file.parse_json
    monkeypatch.setattr(tensor_file, "parse_json", lambda text, **how: parsed.append(len(text)) or parse(text, **how))
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    menu = opened_menu(window.teaching.models_menu)
    listed = [action.text() for action in menu.actions() if action.toolTip() in (str(crowded), str(sound))]
    # with the loader's reason (the fifty-eighth round: it was "(damaged: cannot be read)"), shortened to the screen
    assert listed[1:] == ["Yours: mine-20261206-070000-abcd"]
    assert listed[0].startswith("Yours: mine-20261206-080000-abcd (cannot be read: ")
    assert listed[0].endswith(f"more than {MAX_HEADER_VALUES:,})"), listed
    menu.hide()
    assert all(size < 100_000 for size in parsed), parsed


def test_fifty_sixth_header6_a_header_at_the_limit_loads_and_one_more_value_is_refused(tmp_path: Path) -> None:
    """At the boundary: a header of exactly :data:`MAX_HEADER_VALUES` is parsed and loads, its metadata's own key
    kept whole; one more is refused."""
    base = _counted(_with_junk(tmp_path / "probe.safetensors", "[]"))  # the header with a list holding nothing
    at = tmp_path / "at.safetensors"
    header = _with_junk(at, _list_of(MAX_HEADER_VALUES - base))
    assert _counted(header) == MAX_HEADER_VALUES
    assert len(load_checkpoint(at).metadata["junk"]) == MAX_HEADER_VALUES - base + 1
    over = tmp_path / "over.safetensors"
    assert _counted(_with_junk(over, _list_of(MAX_HEADER_VALUES - base + 1))) == MAX_HEADER_VALUES + 1
    with pytest.raises(CheckpointError, match=f"up to {MAX_HEADER_VALUES + 1:,} "):
        read_metadata(over)


def _list_of(count: int) -> str:
    """A JSON list that adds ``count`` to what a header holding ``[]`` in its place counts: each zero after the first
    follows a comma (the first, the ``[`` counted already)."""
    return "[" + ",".join(["0"] * (count + 1)) + "]"


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    extra=st.integers(-3, 3),
    item=st.sampled_from([[], 0, {"a": {}}, "", None, [0, "a,b:[{"]]),
)
@example(extra=0, item=[])  # the boundary
@example(extra=1, item=[])  # one past it
@example(extra=800_000, item=[])  # 0.9 million empty lists, 3.7 MB
def test_fifty_sixth_header6_a_save_writes_no_header_a_load_refuses(tmp_path: Path, extra: int, item: object) -> None:
    """Metadata of tiny values near the limit: a save wrote a header of a million empty lists (4 MB, within its bytes),
    which every read then parsed in full. Now each save either loads back whole or is refused, nothing written, in
    the words training asks before its work (:func:`past_the_header`)."""
    shipped = load_checkpoint(pretrained_path())
    probe = tmp_path / "probe.safetensors"
    save_checkpoint(probe, shipped, {"junk": [item]})
    header = probe.read_bytes()[8 : 8 + int.from_bytes(probe.read_bytes()[:8], "little")]
    each = _counted(json.dumps([item, item]).encode()) - _counted(json.dumps([item]).encode())
    count = max(1, (MAX_HEADER_VALUES - _counted(header)) // each + 1 + extra)
    metadata = {"junk": [item] * count}
    model = tmp_path / "m.safetensors"
    model.unlink(missing_ok=True)  # an earlier example's: one tmp_path for them all
    said = past_the_header(shipped.config, metadata)
    try:
        save_checkpoint(model, shipped, metadata)
    except ValueError as err:
        assert said is not None and said in str(err) and "values" in said, (said, err)
        assert not model.exists()
        return
    assert said is None
    written = model.read_bytes()
    assert _counted(written[8 : 8 + int.from_bytes(written[:8], "little")]) <= MAX_HEADER_VALUES
    assert load_checkpoint(model).metadata["junk"] == metadata["junk"]


def test_fifty_sixth_header6_a_fine_tune_of_57000_examples_named_as_the_app_names_them_loads(tmp_path: Path) -> None:
    """Set well above any real file: a fine-tune's record of 57,000 examples named as the app names them, and one of
    44,000 taught a second time (both lists, the header near its 4 MB), save and load back whole."""
    shipped = load_checkpoint(pretrained_path())
    for count, twice in ((57_000, False), (44_000, True)):
        names = [f"{i % 10}/20261206-080000-{i:016x}.png" for i in range(count)]
        examples = {"count": count, "files": names, **({"taught_before": names} if twice else {})}
        model = tmp_path / f"{count}.safetensors"
        save_checkpoint(model, shipped, {"examples": examples})
        assert read_metadata(model)["examples"] == examples


@pytest.mark.parametrize(
    ("metadata", "line"),
    [
        ({"dataset": "ab " * 1_200_000}, "Learnt from: ab ab ab"),  # 3.6 MB of words: 4.8 s, the text 3.75 MB
        ({"date": "x" * 3_900_000}, "Made: xxx"),  # no ISO date, shown as written: 0.8 s
        # a base named by 200 kB of folders: each resolved one by one, 1.9 s (3.8 MB: over 5 minutes)
        ({"finetuned_from": {"path": "/x" * 100_000}, "examples": {"count": 3}}, "Taught from x on your 3 examples"),
    ],
)
def test_fifty_sixth_header6_help_about_a_model_of_outsized_metadata_opens_at_once(
    qtbot, tmp_path: Path, metadata: dict, line: str
) -> None:
    """A model's metadata is anyone's text up to 4 MB: Help ▸ About on a model naming what it learnt from in 3.6 MB
    held the window 3.3-4.8 s, on its base named by 200 kB of folders 1.9 s (for good at 3.8 MB). Now what the file
    says is shown shortened, and a base's name too long for any file is not looked for on the disk."""
    from gui.about import MOST_SHOWN, about_text, model_lines

    model = tmp_path / "m.safetensors"
    save_checkpoint(model, load_checkpoint(pretrained_path()), metadata)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    window.open_model(model)  # as Ctrl+O opens it
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    start = time.process_time()
    text = about_text(window)
    assert time.process_time() - start < 0.3
    assert len(text) < 3 * MOST_SHOWN
    assert any(shown.startswith(line) for shown in model_lines(window)), model_lines(window)
