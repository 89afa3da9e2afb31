"""The thirtieth round of hostile testing, the code's structure: what the parts of the app's Teaching share.

``gui.teaching.Teaching`` is one object whose methods lie in five modules (``Keeping``, ``ExampleTransfer``,
``TeachCommand``, ``TeachSwitch``, ``ExamplesWatch``); its ``__init__`` makes all their state, and each part read
what it needed of it unannounced: the docstrings that listed it left out ``_example_asked`` and the keep's own four
(Keeping), ``importing`` (ExampleTransfer), ``preparing`` (ExamplesWatch, which listed ``_settled``, unused there) and
everything TeachCommand uses. Each part now declares at its top what it uses; this keeps the declarations whole.
And the row stream's folded weights, which ``Checkpoint.stream`` passed to ``RowStream`` by a private keyword.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from conftest import small_readers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.checkpoint import Checkpoint
from rowreader.stream import FoldedWeights, RowStream

REPO = Path(__file__).resolve().parents[1]


def _class(path: Path, name: str) -> ast.ClassDef:
    return next(
        node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef) and node.name == name
    )


def _parts() -> dict[str, Path]:
    """Teaching's bases (but QObject) and the module each is imported from."""
    teaching = REPO / "gui" / "teaching.py"
    tree = ast.parse(teaching.read_text(encoding="utf-8"))
    where = {
        alias.asname or alias.name: node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gui.")
        for alias in node.names
    }
    bases = [base.id for base in _class(teaching, "Teaching").bases if isinstance(base, ast.Name)]
    return {name: REPO / Path(*where[name].split(".")).with_suffix(".py") for name in bases if name in where}


def _body_names(cls: ast.ClassDef) -> tuple[set[str], set[str], set[str]]:
    """A class body's methods, its class attributes (signals), and the names it only annotates."""
    methods = {item.name for item in cls.body if isinstance(item, ast.FunctionDef)}
    values = {
        target.id
        for item in cls.body
        if isinstance(item, ast.Assign)
        for target in item.targets
        if isinstance(target, ast.Name)
    }
    declared = {
        item.target.id for item in cls.body if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }
    return methods, values, declared


def _self_attributes(node: ast.AST) -> set[str]:
    return {
        sub.attr
        for sub in ast.walk(node)
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self"
    }


def test_each_part_of_teaching_declares_what_it_uses_of_the_others() -> None:
    """Every ``self.name`` a part uses that is not its own (nor a method of another part, which it calls) is declared
    at the top of its class; every name declared is used there and made by ``Teaching.__init__``, the one place the
    shared state is made (or is one of Teaching's signals)."""
    parts = _parts()
    assert set(parts) == {"Keeping", "ExampleTransfer", "TeachCommand", "TeachSwitch", "ExamplesWatch"}, parts
    teaching = _class(REPO / "gui" / "teaching.py", "Teaching")
    init = next(item for item in teaching.body if isinstance(item, ast.FunctionDef) and item.name == "__init__")
    made = {
        target.attr
        for node in ast.walk(init)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
    }
    teaching_methods, signals, _ = _body_names(teaching)
    classes = {name: _class(path, name) for name, path in parts.items()}
    all_methods = teaching_methods | {m for cls in classes.values() for m in _body_names(cls)[0]}
    problems = []
    for name, cls in classes.items():
        methods, values, declared = _body_names(cls)
        used = _self_attributes(cls) - methods - values
        undeclared = sorted(used - declared - all_methods)
        unused = sorted(declared - used)
        not_made = sorted(declared - made - signals)
        problems += [f"{name} uses {undeclared} without declaring them"] if undeclared else []
        problems += [f"{name} declares {unused}, which it does not use"] if unused else []
        problems += [f"{name} declares {not_made}, which Teaching.__init__ does not make"] if not_made else []
    assert not problems, "\n".join(problems)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reader=small_readers(), batch=st.sampled_from([None, 1, 3]), seed=st.integers(0, 2**32 - 1))
def test_a_stream_of_weights_folded_already_reads_as_one_that_folds_them(reader, batch, seed) -> None:
    """``Checkpoint.stream`` handed ``RowStream`` a private ``_folded=`` and took ``stream._w`` back, a handshake
    between two classes that no guard saw. Folded weights are public now (``FoldedWeights``, a stream's ``folded``)
    and ``RowStream.of_folded`` is the one way to read with them: bit for bit as a stream that folds them itself."""
    config, weights = reader
    images = np.random.default_rng(seed).random((28, 28) if batch is None else (batch, 28, 28), dtype=np.float32)
    folding = RowStream(config, weights, batch=batch)
    folded = RowStream.of_folded(folding.folded, batch)
    fresh = RowStream.of_folded(FoldedWeights(config, weights), batch)
    assert folded.folded is folding.folded and folded.config == config and folded.batch == batch
    read = [stream.feed_image(images) for stream in (folding, folded, fresh)]
    for other in read[1:]:
        assert all(np.array_equal(a.probs, b.probs) for a, b in zip(read[0], other, strict=True))
    checkpoint = Checkpoint(config, weights)
    assert checkpoint.stream(batch).folded is checkpoint.stream().folded  # folded once, kept through of_folded
    with pytest.raises(TypeError, match="folded must be FoldedWeights"):
        RowStream.of_folded(weights, batch)
    with pytest.raises(ValueError, match="batch must be a positive integer or None, got 0"):
        RowStream.of_folded(folding.folded, 0)
