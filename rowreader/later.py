"""A module the library names in its annotations but imports only when used: ``torch`` above all.

Reading digits imports no torch, so ``torch``, ``torch.nn`` and the torch module ``rowreader.network`` were imported
for type checkers only, and ``typing.get_type_hints`` of ``load_checkpoint``, ``save_checkpoint``,
``resolve_device``, ``Checkpoint.build_reader`` … (what Sphinx, pydantic, typer and a notebook's signature help ask)
failed as "name 'torch' is not defined". Each module now holds a stand-in under that name, which imports the real one
when a hint (or anything) first asks it for a name.
"""

from __future__ import annotations

import importlib
import types
from typing import Any


class _Later(types.ModuleType):
    """Stands for the module of its name until asked for one of that module's names."""

    def __getattr__(self, name: str) -> Any:
        # help(), pydoc and inspect ask a module for __file__, __path__ …: none of them is worth importing torch for
        if name.startswith("__"):
            raise AttributeError(name)
        from rowreader.needs_torch import needing_torch  # without torch: the words that say how to install it

        with needing_torch(f"reading the type hints that name {self.__name__}"):
            module = importlib.import_module(self.__name__)
        return getattr(module, name)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r}, imported when first used>"


def later(name: str) -> Any:
    """A stand-in for the module ``name``: ``torch = later("torch")`` beside ``import torch`` under TYPE_CHECKING."""
    return _Later(name)
