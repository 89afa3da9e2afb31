"""A person's own examples (drawings kept with their true label, in torchvision's ImageFolder layout), in three
modules, each with one job:

* :mod:`rowreader.example_folder` reads a folder: its layout and checks, ``load_examples``, ``ExampleSet``;
* :mod:`rowreader.example_store` writes one: ``ExampleStore`` keeps, deletes, moves, undoes, imports and exports;
* :mod:`rowreader.example_index` keeps the examples' inputs in the user cache between runs.

``from rowreader.examples import ExampleStore, ExampleSet`` (the names docs/library.md and docs/input-checks.md
show) still works; every other name is imported from its own module.
"""

from rowreader.example_folder import ExampleSet
from rowreader.example_store import ExampleStore

__all__ = ["ExampleSet", "ExampleStore"]
