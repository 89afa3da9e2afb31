"""A module the library names in its annotations but imports only when used: ``torch`` above all.

Reading digits imports no torch, so ``torch``, ``torch.nn`` and the torch module ``rowreader.network`` were imported
for type checkers only, and ``typing.get_type_hints`` of ``load_checkpoint``, ``save_checkpoint``,
``resolve_device``, ``Checkpoint.build_reader`` … (what Sphinx, pydantic, typer and a notebook's signature help ask)
failed as "name 'torch' is not defined". Each module now holds a stand-in under that name, which imports the real one
when a hint (or the module's code) first asks it for one of the names the module uses it for. Any other name is an
AttributeError at once: a misspelt ``tensr`` asked of rowreader.checkpoint's stand-in imported torch (seconds,
hundreds of MB) only to say "module 'torch' has no attribute 'tensr'".
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _Later(types.ModuleType):
    """Stands for the module of its name until asked for one of the names ``serves``."""

    def __init__(self, name: str, serves: frozenset[str], owner: str) -> None:
        super().__init__(name)
        self._serves, self._owner = serves, owner

    def __getattr__(self, name: str) -> Any:
        # help(), pydoc and inspect ask a module for __file__, __path__ …: none of them is worth importing torch for
        if name.startswith("_") or name not in self._serves:
            raise AttributeError(
                f"{name!r}: the stand-in for {self.__name__} in {self._owner}'s type hints serves only "
                f"{', '.join(sorted(self._serves))}; import {self.__name__} for any other name",
                name=name,
                obj=self,
            )
        from rowreader.needs_torch import needing_torch  # without torch: the words that say how to install it

        with needing_torch(f"reading the type hints that name {self.__name__}"):
            module = importlib.import_module(self.__name__)
        return getattr(module, name)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r}, imported when first used>"


def later(name: str, *serves: str) -> Any:
    """A stand-in for the module ``name``, importing it when asked for one of the names ``serves`` (those its
    module's hints and code ask of it, which a test reads from the source): ``torch = later("torch", "Tensor")``
    beside ``import torch`` under TYPE_CHECKING."""
    return _Later(name, frozenset(serves), sys._getframe(1).f_globals.get("__name__", "?"))
