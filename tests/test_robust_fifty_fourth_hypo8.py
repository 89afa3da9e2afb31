"""The fifty-fourth round, hypo8: Hypothesis over boundaries no property stated yet: the SVG shape counter over any
nesting of ``<g>``, ``<use>``, ``<text>`` and ``<image>`` naming one another (ids given more than once, ``url(#id)``
named over and over), each counted as a plain expansion counts it, and fast; the tie wording over any beliefs; any
strokes drawn on the canvas, read or refused, the drawing's largest part never taken away with a mark beside it."""

from __future__ import annotations

import math
import time
from xml.etree import ElementTree

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gui.svg_drawn import MAX_SVG_DRAWN, URL_REF, _drawn, _tree, check_svg_drawn
from rowreader.cli import main
from rowreader.pen import draw_strokes
from rowreader.picture_errors import TooLarge
from rowreader.preprocess import normalise
from rowreader.stream import NO_VALUE, answer, belief_percent, leaders

FAST = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def _expanded(
    element: ElementTree.Element, named: dict[str, list[ElementTree.Element]], seen: dict[ElementTree.Element, int]
) -> int:
    """What ``element`` draws, every name expanded wherever it is named and every element of it counted, each
    naming counted again (the drawings drawn here name no loop; ``seen`` only saves counting one element twice):
    the count the counter must agree with, found by plain recursion."""
    if element in seen:
        return seen[element]
    tag = element.tag.rpartition(":")[2]
    if tag == "defs":
        return 1
    letters = (
        sum(len(t) for t in (element.text or "", *(p.tail or "" for p in element))) if tag in ("text", "tspan") else 0
    )
    names = [name for value in element.attrib.values() for name in URL_REF.findall(value)]
    if tag == "use":
        names += [href[1:] for key, href in element.attrib.items() if key.rpartition(":")[2] == "href"]
    again = sum(_expanded(used, named, seen) for name in names for used in named.get(name, []))
    seen[element] = 1 + letters + sum(_expanded(part, named, seen) for part in element) + again
    return seen[element]


@st.composite
def drawings(draw: st.DrawFn) -> str:
    """An SVG of shapes in <defs>, each of a level whose name it is given (a name given to several), naming only
    lower levels (no loops), and a body of <g>, <use>, <text> and <image> naming any level, some many times."""
    levels = draw(st.integers(1, 4))

    def names(below: int) -> str:
        if below == 0:
            return ""
        named = draw(st.lists(st.integers(0, below - 1), max_size=3))
        times = draw(st.integers(1, 40))
        return " ".join(f"url(#n{level})" for level in named for _ in range(times))

    def shape(below: int, own: str) -> str:
        kind = draw(st.sampled_from(["g", "use", "text", "image", "rect"]))
        fill = f' fill="{refs}"' if (refs := names(below)) else ""
        if kind == "use" and below:
            return f'<use{own}{fill} xlink:href="#n{draw(st.integers(0, below - 1))}"/>'
        if kind == "text":
            before, after = "a" * draw(st.integers(0, 5)), "d" * draw(st.integers(0, 3))
            return f"<text{own}{fill}>{before}<tspan>bc</tspan>{after}</text>"
        if kind == "g":
            inner = "".join(shape(below, "") for _ in range(draw(st.integers(0, 3))))
            return f"<g{own}{fill}>{inner}</g>"
        return f'<{kind}{own}{fill} href="x.png"/>' if kind == "image" else f"<rect{own}{fill}/>"

    defs = "".join(shape(level, f' id="n{level}"') for level in range(levels) for _ in range(draw(st.integers(1, 30))))
    body = "".join(shape(levels, "") for _ in range(draw(st.integers(1, 4))))
    return SVG.format(f"<defs>{defs}</defs>{body}")


@FAST
@given(drawings())
@example(SVG.format('<defs><rect id="n0"/><rect id="n0"/></defs><use href="#n0"/><rect fill="url(#n0) url(#n0)"/>'))
def test_any_nesting_of_shapes_is_counted_as_its_expansion_and_fast(svg: str) -> None:
    root = _tree(svg.encode())  # as the counter reads a file: expat's, no namespaces
    assert root is not None
    named: dict[str, list[ElementTree.Element]] = {}
    for element in root.iter():
        if name := element.get("id"):
            named.setdefault(name, []).append(element)
    expected = min(MAX_SVG_DRAWN + 1, _expanded(root, named, {}))
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    assert _drawn(root) == expected
    assert time.process_time() - started < 2


def test_a_name_given_to_thousands_and_named_thousands_of_times_is_refused_at_once() -> None:
    """3,000 url(#a) in one attribute over 3,000 shapes of id "a" (129 kB) took 24 s to refuse: 9 million parts."""
    shapes = '<rect id="a" width="1" height="1"/>' * 3000
    urls = " ".join(["url(#a)"] * 3000)
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(TooLarge, match="more than 65,536 shapes"):
        check_svg_drawn(SVG.format(f'<defs>{shapes}</defs><rect fill="{urls}"/>').encode())
    assert time.process_time() - started < 3


def test_a_name_met_again_on_its_own_path_still_counts_its_other_elements() -> None:
    """A loop through an id given twice: the <use> inside the first "a" counts the second "a" (3: a group of two
    rects), not the first (on its path, which Qt refuses); each later <use> counts both (5 and 3) and itself."""
    loop = '<g id="a"><use href="#a"/></g><g id="a"><rect/><rect/></g>'
    root = _tree(SVG.format(f'{loop}<use href="#a"/><use href="#a"/>').encode())
    assert root is not None
    assert _drawn(root) == 1 + (1 + (1 + 3)) + 3 + 2 * (1 + 5 + 3)


BELIEFS = st.lists(
    st.floats(0, 1) | st.sampled_from([0.5, 0.1, 1 / 3, 0.59996, 0.6, 0.0004, float("nan")]), min_size=10, max_size=10
)


@FAST
@given(BELIEFS)
@example([0.5, 0.5, *[0.0] * 8])
@example([0.1] * 10)
@example([0.59996, 0.6, *[0.0] * 8])
def test_the_tie_wording_names_every_top_digit_as_written(beliefs: list[float]) -> None:
    """Any beliefs: the answer names the digits ``leaders`` gives (what ``--json`` writes as "tied"), in order, and
    each is written with the one belief no other digit's written belief passes."""
    tied, text = leaders(beliefs), answer(beliefs)
    if not tied:
        assert text == NO_VALUE
        return
    written = belief_percent(beliefs[tied[0]])
    if len(tied) == 1:
        assert text == f"{tied[0]} ({written})"
    elif len(tied) == 10:
        assert text == f"all ten at {written}"
    else:
        assert text == f"{', '.join(map(str, tied[:-1]))} or {tied[-1]} ({written} each)"
    finite = [p for p in beliefs if math.isfinite(p)]
    assert {belief_percent(beliefs[d]) for d in tied} == {written}
    assert all(belief_percent(p) == written or p <= beliefs[tied[0]] for p in finite)


def _largest_part(ink: np.ndarray) -> np.ndarray:
    """The largest 8-connected part of ``ink`` as a mask, its labels spread by 3×3 maxima until they settle."""
    labels = np.where(ink, np.arange(1, ink.size + 1).reshape(ink.shape), 0)
    while True:
        padded = np.pad(labels, 1)
        spread = np.max(
            [padded[y : y + ink.shape[0], x : x + ink.shape[1]] for y in range(3) for x in range(3)], axis=0
        )
        spread = np.where(ink, spread, 0)
        if np.array_equal(spread, labels):
            break
        labels = spread
    kinds, sizes = np.unique(labels[ink], return_counts=True)
    return labels == kinds[np.argmax(sizes)]


STROKES = st.lists(
    st.lists(st.tuples(st.floats(10, 270), st.floats(10, 270)), min_size=1, max_size=5), min_size=1, max_size=4
)


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(STROKES, st.sampled_from([4.0, 12.0, 24.0, 32.0]))
@example([[(140.0, 40.0), (140.0, 240.0)], [(200.0, 200.0)]], 24.0)  # a 1 and a dot beside it
@example(
    [[(30.0, 60.0), (140.0, 60.0), (80.0, 240.0)], [(235.0, 150.0), (245.0, 170.0), (265.0, 120.0)]], 24.0
)  # a 7, a tick
def test_any_drawing_on_the_canvas_is_read_or_refused_and_its_largest_part_kept(
    strokes: list[list[tuple[float, float]]], pen: float
) -> None:
    """Any strokes drawn on the app's canvas: ``normalise`` reads them or says why not (no ink, too small), never
    a traceback, and a digit read keeps every pixel of the drawing's largest part (a mark beside it may go)."""
    drawn = draw_strokes([np.array(stroke) for stroke in strokes], pen)
    read = normalise(drawn)
    assert read.ink is not None
    if read.image is None:
        assert read.too_small or not (drawn < 128).any()
        return
    largest = _largest_part(drawn < 128)
    assert (read.ink[largest] > 0).all()


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["predict", "--epochs", "--json", "x.png"], "python -m training.fit --epochs …"),
        (["predict", "--epochs", "-3", "x.png"], "python -m training.fit --epochs -3 …"),
    ],
)
def test_another_programs_flag_is_shown_with_a_value_only_where_the_word_after_it_is_one(
    argv: list[str], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`predict --epochs --json x.png` was told "python -m training.fit --epochs --json …", which is refused as
    "argument --epochs: expected one argument": the flag after it was shown as its value."""
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err.rstrip().endswith(shown)
