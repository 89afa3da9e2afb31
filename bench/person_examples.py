"""A UNIPEN test person's drawings as a folder of examples: how the teach pictures' examples are made.

``python bench/person_examples.py ibm/15 DIR [--k 3] [--pen-dir DIR]`` writes the first k drawings of each digit
the person wrote, in ``load_unipen(split="test")``'s order, drawn with ``rowreader.pen.render_strokes``'s defaults
(the canvas's brush, dark on white, 280×280), into ``DIR/<digit>/<n>.png``: the folder ``python -m
gui.teach_screenshot --examples DIR`` teaches (docs/teaching.md). A picture there that RowReader did not make is kept.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main: Ctrl-C is one line (exit 130)
    if __package__:  # `python -m bench.NAME`: bench/ is not on sys.path; this_checkout puts it there
        from bench import this_checkout
    else:
        import this_checkout  # noqa: F401  (this checkout's library, not an installed one)
    from rowreader.launch import run_main

    sys.exit(run_main("person_examples"))

from collections.abc import Sequence

from PIL import Image

from rowreader.atomic import check_writable
from rowreader.json_text import shown
from rowreader.launch import CommandParser, as_typed, say_error, starting
from rowreader.output import one_line, quiet_broken_pipe
from rowreader.own_png import refuse_a_file_not_ours, write_own_png
from rowreader.paths import folder_argument, kernel_folder_problem
from rowreader.pen import render_strokes
from rowreader.unipen import PenDigit, load_unipen, pen_dir_help
from rowreader.whole_number import whole_number

PROG = "person_examples.py"
EXAMPLE = "an example drawing"  # what its pictures are (rowreader.own_png.KIND_KEY)


def first_of_each_digit(digits: Sequence[PenDigit], person: str, k: int) -> list[PenDigit]:
    """The first ``k`` of each digit ``person`` wrote, in ``digits``' order."""
    chosen: list[PenDigit] = []
    for digit in digits:
        if digit.person == person and sum(d.label == digit.label for d in chosen) < k:
            chosen.append(digit)
    return chosen


@starting()
def parse_args(argv: Sequence[str] | None):
    p = CommandParser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("person", help="a UNIPEN test person, e.g. ibm/15")
    p.add_argument("out_dir", type=folder_argument, help="folder to write DIR/<digit>/<n>.png into")
    p.add_argument("--k", type=whole_number(1), default=3, help="drawings per digit (default: 3)")
    p.add_argument("--pen-dir", type=folder_argument, help=pen_dir_help())
    args = p.parse_args(argv)
    if (why := kernel_folder_problem(args.out_dir)) is not None:  # said once UNIPEN was read, seconds later
        p.error(f"argument out_dir: {why}")
    return args


@quiet_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        test = load_unipen(args.pen_dir, split="test")
    except (OSError, ValueError) as err:
        say_error(PROG, str(err))
        return 2
    chosen = first_of_each_digit(test, args.person, args.k)
    if not chosen:
        writers = sorted({d.person for d in test})
        # quoted once, shortened: one_line's `\x1b` quoted again was `\\x1b`, and 4,100 characters were said whole
        person = as_typed(shown(args.person))
        say_error(PROG, f"no UNIPEN test person {person}; there are {len(writers)}, e.g. {writers[0]}")
        return 2
    written = 0
    # each drawing's file, in the order written: the n-th drawing of a digit is DIR/<digit>/<n>.png
    files = [(args.out_dir / str(digit) / f"{n}.png", drawing) for digit in range(10)
             for n, drawing in enumerate(d for d in chosen if d.label == digit)]  # fmt: skip
    try:
        for path, _ in files:  # all before any: a person's own 7/0.png was refused with 1/ and 3/ already written
            refuse_a_file_not_ours(path, EXAMPLE)
        check_writable(args.out_dir / "0" / "0.png")  # it was Python's "[Errno 20] Not a directory: …/0"
        for path, drawing in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_own_png(path, Image.fromarray(render_strokes(drawing.strokes)), kind=EXAMPLE)
            written += 1
    except KeyboardInterrupt as err:  # "interrupted" alone, over a folder of examples half made
        was = "was" if written == 1 else "were"
        err.left = (  # type: ignore[attr-defined]
            f"{written} of {len(chosen)} drawings {was} written into {one_line(str(args.out_dir))} (the same command "
            "writes them all)"
        )
        raise
    except OSError as err:
        say_error(PROG, str(err))
        return 1
    counts = " ".join(f"{d}:{sum(c.label == d for c in chosen)}" for d in range(10))
    print(f"{len(chosen)} drawings of {one_line(args.person)} into {one_line(str(args.out_dir))} ({counts})")
    return 0
