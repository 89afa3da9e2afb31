"""The fortieth round of hostile testing, leftovers: what earlier rounds saw and left ("Seen, not changed" in
docs/robustness.md), each mended where it could be done soundly; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing

import rowreader


def _public_callables() -> typing.Iterator[tuple[str, object]]:
    """Every public function, class and method of every module of rowreader (`rowreader.__all__` among them)."""
    modules = [rowreader] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(rowreader.__path__, "rowreader.")
        if not info.name.endswith("__main__")
    ]
    for module in modules:
        names = [*rowreader.__all__, "RowReader"] if module is rowreader else list(vars(module))
        for name in names:
            thing = getattr(module, name)
            if name.startswith("_") or not callable(thing):
                continue
            if module is not rowreader and getattr(thing, "__module__", None) != module.__name__:
                continue  # imported from elsewhere: walked in its own module
            yield f"{module.__name__}.{name}", thing
            for attr, member in vars(thing).items() if inspect.isclass(thing) else ():
                member = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                if not attr.startswith("_") and callable(member):
                    yield f"{module.__name__}.{name}.{attr}", member


def test_every_public_type_hint_resolves():
    """`typing.get_type_hints` (what Sphinx, pydantic, typer and a notebook's signature help ask) of
    `load_checkpoint`, `save_checkpoint`, `load_pretrained`, `to_mnist`, `resolve_device`, `Checkpoint` and its
    `stream`, `reader`, `build_reader`, `from_reader`, and `RowReader.stream` raised NameError, and 23 hints in all
    across the package: `torch`, `nn`, `RowReader`, `RowStream`, `Image` and `Checkpoint` were imported for type
    checkers only. Every one resolves, to the real class."""
    failures = []
    walked = 0
    for name, thing in _public_callables():
        walked += 1
        try:
            typing.get_type_hints(thing)
        except Exception as err:  # each is listed
            failures.append(f"{name}: {type(err).__name__}: {err}")
    assert not failures, "\n".join(failures)
    assert walked > 300
    hints = typing.get_type_hints(rowreader.save_checkpoint)
    assert rowreader.RowReader in typing.get_args(hints["model"])
    assert typing.get_type_hints(rowreader.Checkpoint.stream)["return"] is rowreader.RowStream
