"""``python -m training.flag_table``: training's commands and their long flags, as JSON, for rowreader's refusals.

rowreader imports no training, yet `rowreader predict --epochs 3` should say whose --epochs is: its commands run this
module in a child process (:func:`rowreader.launch.kin_in_child`) and read what it prints. It was the ``__main__`` of
training.arguments, whose ``main`` checks a command line: one module, two jobs, and `python -m training.arguments
--epochs x` printed this table, not a word of the command line it was given.
"""

from __future__ import annotations

import json

from training.arguments import kin_of


def flag_table() -> dict[str, tuple[str, dict[str, bool | list[str]]]]:
    """training's commands: each one's line and long flags, whether each takes a value, or its choices where it has
    them (predict given --preset mistyped, =4, named "python -m training.fit --preset 4", a preset no one has)."""
    return {
        name: (
            line,
            {
                flag: list(map(str, action.choices)) if action.choices else action.nargs != 0
                for flag, action in parser._option_string_actions.items()
                if flag.startswith("--")
            },
        )
        for name, (parser, line) in kin_of("")().items()
    }


if __name__ == "__main__":
    print(json.dumps(flag_table()))
