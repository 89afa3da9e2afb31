"""How much an SVG draws, counted before Qt loads it: each ``<use>`` draws all that it names again, so a file of
2 kB in eight levels of ten ``<use>`` each draws 100 million shapes. Qt drew one of a hundred thousand (1.5 kB) in
6 s on the Open's worker, one of a million in 62 s, and the 2-kB one had not ended in two minutes, 77 s of them in
loading it for its size, before a pixel was drawn. Only the app reads SVG (Pillow does not), so this is the app's,
not the library's."""

from __future__ import annotations

import zlib
from xml.etree import ElementTree

from rowreader.picture_errors import TooLarge

# The shapes and groups an SVG may draw, each <use> counted as what it repeats: about 4 s of Qt's drawing at
# 60 µs each (measured: 10^4 took 0.6 s, 10^5 6 s), hundreds of times a drawn digit's handful.
MAX_SVG_DRAWN = 2**16
MAX_SVGZ_BYTES = 64 * 2**20  # what a gzipped SVG (.svgz) may unpack to for the count

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_svg_drawn(data: bytes) -> None:
    """Refuse an SVG (or SVGZ) that draws more than :data:`MAX_SVG_DRAWN` elements, ``<use>`` expanded. One that
    cannot be parsed here is left to Qt, whose own words say why it cannot read it."""
    if data[:2] == b"\x1f\x8b":  # an SVGZ: its SVG, unpacked no further than the count needs
        unpacking = zlib.decompressobj(wbits=31)
        try:
            data = unpacking.decompress(data, MAX_SVGZ_BYTES)
        except zlib.error:
            return
        if unpacking.unconsumed_tail:
            raise TooLarge(f"an SVGZ drawing that unpacks to more than {MAX_SVGZ_BYTES // 2**20} MB: save it as a PNG")
    try:
        root = ElementTree.fromstring(data)  # expat refuses an entity that expands without end
    except (ElementTree.ParseError, ValueError):
        return
    if _drawn(root) > MAX_SVG_DRAWN:
        raise TooLarge(
            f"an SVG drawing of more than {MAX_SVG_DRAWN:,} shapes, each <use> counted as all it repeats, more than "
            "the app draws (Qt took a minute to draw a million): save it as a PNG first"
        )


def _drawn(root: ElementTree.Element) -> int:
    """The elements under ``root`` and itself, each ``<use>`` counted as the element it names too, up to
    ``MAX_SVG_DRAWN + 1``; one met again on its own path (a loop, which Qt refuses) counts nothing. Walked with a
    stack, not recursion, so no depth of nesting escapes the count."""
    named = {element.get("id"): element for element in root.iter() if element.get("id")}
    counted: dict[ElementTree.Element, int] = {}
    on_path: set[ElementTree.Element] = set()

    def parts(element: ElementTree.Element) -> list[ElementTree.Element]:
        tag = element.tag.rpartition("}")[2]
        if tag == "defs":  # drawn only where a <use> names them
            return []
        href = (element.get(XLINK_HREF) or element.get("href") or "") if tag == "use" else ""
        used = named.get(href[1:]) if href.startswith("#") else None
        return [*element, *([used] if used is not None else [])]

    stack: list[tuple[ElementTree.Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        if done:
            on_path.discard(element)
            counted[element] = min(MAX_SVG_DRAWN + 1, 1 + sum(counted.get(part, 0) for part in parts(element)))
        elif element not in counted and element not in on_path:
            on_path.add(element)
            stack.append((element, True))
            stack.extend((part, False) for part in parts(element) if part not in counted)
    return counted[root]
