"""The fifty-second round of hostile testing, review26: the round's merges read as a hostile reviewer and tried at
their edges; here, gallery's count of what an SVG draws (``gui.svg_drawn``) tried through the doors Qt draws by and
the count did not follow. Each test is checked to fail on the code before its fix."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QLabel

from gui.image_io import load_picture_file
from gui.status_line import StatusLine
from rowreader.picture import PictureError

SEVEN = '<path d="M20 20 L80 20 L40 85" stroke="black" stroke-width="10" fill="none"/>'
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'


def _tiles(levels: int) -> str:
    """The groups ``l0`` (the 7) … ``l{levels}``, each level's group using the one below ten times."""
    groups = "".join(f'<g id="l{i + 1}">' + f'<use xlink:href="#l{i}"/>' * 10 + "</g>" for i in range(levels))
    return f'<g id="l0">{SEVEN}</g>{groups}'


# Each draws group l{levels}, 10 ** levels sevens over each other, by a way Qt follows (each seen drawing the 7).
DOORS = {
    "an href without its #": lambda n: f'{HEAD}<defs>{_tiles(n)}</defs><use xlink:href="#l{n}"/></svg>'.replace(
        '"#l', '"xl'
    ),
    "an xlink: prefix declared nowhere": lambda n: (
        f'{HEAD}<defs>{_tiles(n)}</defs><use xlink:href="#l{n}"/></svg>'.replace(
            ' xmlns:xlink="http://www.w3.org/1999/xlink"', ""
        )
    ),
    "words after the </svg>": lambda n: f'{HEAD}<defs>{_tiles(n)}</defs><use xlink:href="#l{n}"/></svg><p/>',
    "a pattern fill": lambda n: (
        f'{HEAD}<defs>{_tiles(n)}<pattern id="p" width="100" height="100" patternUnits="userSpaceOnUse">'
        f'<use xlink:href="#l{n}"/></pattern></defs><rect width="100" height="100" fill="url(#p)"/></svg>'
    ),
    "a marker": lambda n: (
        f'{HEAD}<defs>{_tiles(n)}<marker id="m" markerWidth="100" markerHeight="100" markerUnits="userSpaceOnUse">'
        f'<use xlink:href="#l{n}"/></marker></defs><path d="M0 0 L1 0" stroke="black" marker-end="url(#m)"/></svg>'
    ),
    "a style sheet's marker": lambda n: (
        f'{HEAD}<style>path.end {{ marker-end: url(#m) }}</style><defs>{_tiles(n)}<marker id="m" markerWidth="100" '
        f'markerHeight="100" markerUnits="userSpaceOnUse"><use xlink:href="#l{n}"/></marker></defs>'
        '<path class="end" d="M0 0 L1 0" stroke="black"/></svg>'
    ),
}


@pytest.mark.parametrize("door", DOORS)
def test_an_svg_drawing_without_end_through_any_door_qt_follows_is_refused(door: str, tmp_path: Path, qapp) -> None:
    """gallery's count took only ``<use xlink:href="#…">`` of a file expat reads with namespaces. Qt also draws a
    ``<use>`` whose href lacks its ``#`` (it drops the first character), an ``xlink:`` prefix never declared, a file
    with words after its ``</svg>`` (the last two the count could not parse and left to Qt), and what a pattern or a
    marker's ``url(#…)`` names, in an attribute or a ``<style>`` sheet: 1.4 kB of seven levels took Qt 9 to 10 s,
    five levels through a sheet's marker 1.8 s, each passing the count. Each is refused
    now; one drawing the 7 ten times over itself by the same door is still read."""
    path = tmp_path / "tiles.svg"
    path.write_text(DOORS[door](1))
    assert load_picture_file(path).image.max() > 0.5  # Qt draws through this door: the 7 is there
    path.write_text(DOORS[door](5))
    started = time.monotonic()
    with pytest.raises(PictureError, match=r"^tiles\.svg: an SVG drawing of more than 65,536 shapes"):
        load_picture_file(path)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("name", "other"),
    [("rowreader.safetensors", "rowreader"), ("handwriting", "Tied model"), ("Shipped model", "tied-0-1.safetensors")],
)
def test_the_status_line_names_a_compared_pair_whole_where_their_room_was_made_for_them(
    name: str, other: str, qapp
) -> None:
    """chart8's twin: the status line gives each name of a compared pair the room its advance measures in whole
    pixels, and Qt elided by the fraction: with room made exactly for both, "hand…ting  ·  98.4 %  ·  vs Tied model
    (dashed)" and "rowreader…fetensors". Each is whole now, by the chart's one ``elided``."""
    label = QLabel()
    metrics = label.fontMetrics()
    rest, vs = "  ·  98.4 %", "  ·  vs  (dashed)"
    room = metrics.horizontalAdvance(rest + vs) + metrics.horizontalAdvance(name) + metrics.horizontalAdvance(other)
    shown = StatusLine._short_model_text(SimpleNamespace(model_label=label), [name, "98.4 %"], other, room)
    assert shown == f"{name}{rest}  ·  vs {other} (dashed)"
