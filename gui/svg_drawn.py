"""How much an SVG draws, counted before Qt loads it: each ``<use>`` draws all that it names again, so a file of
2 kB in eight levels of ten ``<use>`` each draws 100 million shapes. Qt drew one of a hundred thousand (1.5 kB) in
6 s on the Open's worker, one of a million in 62 s, and the 2-kB one had not ended in two minutes, 77 s of them in
loading it for its size, before a pixel was drawn. Only the app reads SVG (Pillow does not), so this is the app's,
not the library's."""

from __future__ import annotations

import base64
import codecs
import io
import itertools
import re
import stat
import zlib
from collections import Counter
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree
from xml.parsers import expat

from PIL import Image

from rowreader.output import MAX_KIND_SHOWN, one_line, shortened
from rowreader.picture_errors import PictureError, TooLarge, missing_utf16_mark
from rowreader.picture_quiet import pillow_quiet
from rowreader.preprocess import MAX_PIXELS

# The shapes and groups an SVG may draw, each <use> counted as what it repeats: about 4 s of Qt's drawing at
# 60 µs each (measured: 10^4 took 0.6 s, 10^5 6 s), hundreds of times a drawn digit's handful.
MAX_SVG_DRAWN = 2**16
MAX_SVGZ_BYTES = 64 * 2**20  # what a gzipped SVG (.svgz) may unpack to for the count
MAX_NESTED = 16  # drawings in drawings' <image>s (Qt draws each inside the one that holds it): no digit's are deeper

# An XML declaration's encoding, by which Qt decodes the file: expat reads only UTF-8, UTF-16 and one-byte encodings
DECLARED = re.compile(rb"""<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")

# The elements whose words Qt draws, letter by letter (a <tspan>'s tail is its <text>'s)
TEXT_TAGS = {"text", "tspan", "textArea"}

# What draws another element again: a <use>'s href, and any url(#id) (a marker, mask, pattern, clip or gradient)
URL_REF = re.compile(r"""url\(\s*['"]?#([^)'"\s]+)""")


def check_svg_drawn(data: bytes, folder: Path = Path()) -> None:
    """Refuse an SVG (or SVGZ) that draws more than :data:`MAX_SVG_DRAWN` elements, ``<use>`` expanded, or whose
    ``<image>`` names a pipe or a device, or pictures of more than :data:`MAX_PIXELS` in all (``folder``: where its
    names are, the file's, as Qt takes them). One that cannot be parsed here is left to Qt, whose own words say why it
    cannot read it."""
    if _drawn_in(data, [MAX_SVGZ_BYTES], [MAX_PIXELS], 0, folder) > MAX_SVG_DRAWN:
        raise TooLarge(
            f"an SVG drawing of more than {MAX_SVG_DRAWN:,} shapes, each <use> counted as all it repeats, more than "
            "the app draws (Qt took a minute to draw a million): save it as a PNG first"
        )


def sized_to_nothing(data: bytes) -> bool:
    """Whether an SVG's (or SVGZ's) ``<svg>`` gives a width, height or viewBox size of 0 or below, which the SVG
    specification draws nothing of (0 "disables rendering", below 0 is an error; a browser shows nothing). Qt split
    them: below 0 it reads as a damaged file (its size (-1, -1)), 0 as a size not given, the file drawn at its
    shapes' bounds, so a width of -5 was "of no size" and one of 0 drawn at 15 × 15 beside that very message."""
    if data[:2] == b"\x1f\x8b":
        data = unpacked(data, [MAX_SVGZ_BYTES])
    if (root := _tree(data)) is None and (text := _decoded(data)) is not None:
        root = _tree(text)
    if root is None:
        return False
    box = VIEW_BOX.fullmatch(root.get("viewBox", ""))  # any other is an error SVG ignores, as Qt does
    sizes = [root.get("width", ""), root.get("height", ""), *(box.groups()[2:] if box else ())]
    return any(_at_most_zero(word) for word in sizes)


# A length's number as SVG writes it, before its unit ("0px", "-5", ".0", "0e5", "0%")
NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
LENGTH = re.compile(rf"\s*({NUMBER})")
# A viewBox as SVG writes it, four numbers apart by spaces or a comma: "0 0 0" or "a b 0 10" was of no size, though
# Qt and a browser ignore it and draw the file at its width and height
VIEW_BOX = re.compile(r"(?:\s*,\s*|\s+)".join([rf"\s*({NUMBER})"] + [f"({NUMBER})"] * 3) + r"\s*")


def _at_most_zero(word: str) -> bool:
    """Whether a length begins with a number of 0 or below, or with a minus sign at all ("-inf"); a word of no
    number ("auto", "") is none."""
    if word.lstrip().startswith("-"):
        return True
    return (number := LENGTH.match(word)) is not None and float(number[1]) <= 0


def _drawn_in(data: bytes, room: list[int], pixels: list[int], depth: int, folder: Path = Path()) -> int:
    """The elements an SVG (or SVGZ) draws, 0 where it cannot be parsed, and those of each drawing an ``<image>`` of
    it holds in a ``data:`` URL: Qt draws those as it loads the file (one of ten million squares so took it 4.5 s,
    counted as one image). ``room``: what SVGZ data may yet unpack to, ``pixels``: what the pictures its ``<image>``s
    name may yet hold, the nested ones' and their host's together."""
    if depth > MAX_NESTED:
        raise TooLarge(f"an SVG drawing nested over {MAX_NESTED} deep in its own <image>s: save it as a PNG first")
    if data[:2] == b"\x1f\x8b":  # an SVGZ: its SVG, unpacked no further than the count needs
        data = unpacked(data, room)
    if (root := _tree(data)) is None and (text := _decoded(data)) is not None:
        root = _tree(text)
    if root is None:
        return 0
    drawn = _drawn(root)
    for image in root.iter():
        if image.tag.rpartition(":")[2] != "image" or drawn > MAX_SVG_DRAWN:
            continue
        if not (href := _drawn_href(image)):
            continue
        if href[:5].lower() == "data:":  # one in it: a name in it is Qt's folder's, not ours
            drawn += _drawn_in(held := _data_url(href), room, pixels, depth + 1)
            pixels[0] -= _pixels_of(io.BytesIO(held))
        else:
            pixels[0] -= _pixels_named(folder / href, href)
        if pixels[0] < 0:
            raise TooLarge(
                f"an SVG drawing whose <image>s name or hold pictures of more than {MAX_PIXELS:,} pixels in "
                "all, which Qt reads whole to draw them: save the drawing as a PNG first"
            )
    return drawn


def _drawn_href(image: ElementTree.Element) -> str:
    """The one picture an ``<image>`` draws, as Qt picks it: its ``xlink:href``, else (that missing or empty) its
    ``href``; any other prefix's is not drawn. Both were counted, so an ``<image>`` giving one picture in both was
    counted twice towards :data:`MAX_PIXELS` and refused at half the pixels Qt reads."""
    return (image.get("xlink:href") or image.get("href") or "").strip()


def _pixels_named(path: Path, name: str) -> int:
    """The pixels of the picture an ``<image>``'s ``name`` (``path`` where Qt looks for it) holds, from its header, 0
    where none is: Qt reads each whole to draw it, so 1 kB naming a 143-kB PNG of 11,000² twenty times took 2.4 GB and
    9.5 s, past the pixels the app reads of a picture opened. One that is a pipe, a socket or a device is refused: Qt
    opens the file it names to read it, and an SVG naming a FIFO held the Open's reading for good."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # none there (or no name a file could have): Qt draws nothing for it
        return 0
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise PictureError(
            f"an SVG drawing whose <image> names {one_line(shortened(name, MAX_KIND_SHOWN))}, a pipe or a device, not "
            "a picture: Qt would wait on it for good; save the drawing as a PNG"
        )
    return _pixels_of(path) if stat.S_ISREG(mode) else 0


def _pixels_of(source: Path | BinaryIO) -> int:
    """The pixels a picture's header says it holds, 0 for none Pillow knows (a note, an SVG: Qt draws one at its size,
    counted as a drawing, or nothing)."""
    try:
        with pillow_quiet(), Image.open(source) as picture:  # its header alone
            return picture.width * picture.height
    except Image.DecompressionBombError:  # more than Pillow opens at all
        return MAX_PIXELS + 1
    except Exception:
        return 0


def _data_url(url: str) -> bytes:
    """The bytes a ``data:`` URL holds, as Qt reads them: percent-decoded, then base64-decoded where its header ends
    in ``;base64``, characters outside base64's alphabet skipped."""
    header, _, payload = url[5:].partition(",")
    data = unquote_to_bytes(payload)
    if not header.strip().lower().endswith(";base64"):
        return data
    data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    if len(data) % 4 == 1:  # a lone character, a sixth of a byte: left off
        data = data[:-1]
    return base64.b64decode(data + b"=" * (-len(data) % 4))


def unpacked(data: bytes, room: list[int]) -> bytes:
    """An SVGZ's SVG as Qt unpacks it: each gzip member in turn, up to the first that is damaged or cut short, in
    ``room[0]`` bytes at most (taken from it). Only the first was unpacked, so a 2-kB drawing of a hundred million
    shapes split over two members (the first ending mid-tag, unreadable alone) was left uncounted, and Qt, which reads
    on into the next member, drew it."""
    return _members(data, room)[0]


def unpacked_whole(data: bytes) -> bytes | None:
    """An SVGZ's SVG where its gzip is whole (each member read to its end, nothing damaged or after it), else None:
    one cut short or damaged is left to Qt's gzip reader, whose refusal the app words (cut off, Qt's inflating)."""
    svg, whole = _members(data, [MAX_SVGZ_BYTES])
    return svg if whole else None


def _members(data: bytes, room: list[int]) -> tuple[bytes, bool]:
    """What :func:`unpacked` unpacks, and whether every member was read to its end with nothing after it."""
    unpacked, whole = bytearray(), True
    while data:
        unpacking = zlib.decompressobj(wbits=31)
        try:  # one byte over the limit is enough to refuse
            unpacked += unpacking.decompress(data, room[0] + 1 - len(unpacked))
        except zlib.error:  # Qt stops there too, with what came before
            whole = False
            break
        if len(unpacked) > room[0]:
            raise TooLarge(f"an SVGZ drawing that unpacks to more than {MAX_SVGZ_BYTES // 2**20} MB: save it as a PNG")
        whole = unpacking.eof
        data = unpacking.unused_data if unpacking.eof else b""
    room[0] -= len(unpacked)
    return bytes(unpacked), whole


def _decoded(data: bytes) -> str | None:
    """``data`` decoded as Qt decodes it, where expat cannot: UTF-32 by its byte-order mark, or an encoding its XML
    declaration names (Shift_JIS, GBK, Big5); None where neither is so. Expat refused them, so 1.5 kB of nested
    ``<use>`` declared Shift_JIS went uncounted, and Qt, which reads them, took 9 s to draw its ten million squares."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # without it, Qt takes no SVG for one
        return data.decode("utf-32", "replace")
    if (declared := DECLARED.match(data)) is None:
        return None
    try:
        return data.decode(declared[1].decode("ascii"), "replace")
    except (LookupError, UnicodeError):  # one Python cannot decode by (idna, undefined): left to Qt, as expat's is
        return None


def _tree(data: bytes | str) -> ElementTree.Element | None:
    """The SVG's elements as Qt's reader takes them, or None where expat cannot read them (nor can Qt). Names are
    kept as written, prefix and all: Qt draws an ``xlink:href`` whose prefix is declared nowhere, which a reader of
    namespaces refuses, and so is left uncounted; and what follows the root's end is not read, as Qt does not."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate()  # no namespaces; an entity that expands without end is refused by expat
    parser.buffer_text = True
    depth, opened = 0, False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, opened
        depth, opened = depth + 1, True
        builder.start(tag, attrs)

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(tag)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, builder.data
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError, LookupError):  # LookupError: an encoding declared that Python lacks
        if depth or not opened:  # the root never ended
            return None
    return builder.close()


def svg_cut_short(data: bytes) -> bool:
    """Whether an SVG's XML ends before its last element does, with nothing wrong before that (a download or a copy
    that did not finish): Qt said only "Unable to read image data" of it, where a PNG or an SVGZ cut short is said
    cut off. XML wrong before its end (a tag closed that was not opened) is damage, and no markup at all (nothing
    unpacked of a damaged SVGZ) no SVG. One expat cannot decode is read as Qt decodes it (:func:`_decoded`): a
    Shift_JIS, GBK or UTF-32 SVG the app reads whole was Qt's words at every length cut short. Zero bytes after
    the cut are left off (:func:`_unpadded`)."""
    data = _unpadded(data)
    if (cut := _ends_early(data)) is None and (text := _decoded(data)) is not None:
        cut = _ends_early(text.removesuffix("\ufffd"))  # a character cut at the end, decoded as one replaced
    return bool(cut)


def misdeclared(data: bytes) -> str | None:
    """Why an SVG is not read whose XML declaration names an encoding it is not in (``encoding="UTF-16"`` over a
    byte a letter, ``"UTF-8"`` over Latin-1's é): Qt said only "Unable to read image data". None where the
    declaration names none, one Python does not know, or the one the file is in (a character cut at its end: a cut).
    """
    if (declared := DECLARED.match(data)) is None:  # its declaration read a byte a letter, as it is written
        return None
    name = declared[1].decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    said = f"a damaged SVG drawing: its XML declaration says it is in {name}, but it is not"
    if codec.startswith(("utf-16", "utf-32")):  # two or four bytes a letter, never "<?xml" a byte a letter
        return f"{said} (it is written a byte a letter): name the encoding it is in there, UTF-8 most likely"
    try:  # a character cut at the end is kept back, not refused: the file is cut there
        codecs.getincrementaldecoder(codec)().decode(data, final=False)
    except UnicodeDecodeError as err:
        return (
            f"{said} (its byte {err.start:,}, {data[err.start]:#04x}, is not {name}): name the encoding it is in there"
        )
    return None


# How a whole SVG ends: its root's end tag, prefixed or not, spaces before its ">" (``</svg:svg>``, ``</svg >``):
# ``</svg>`` alone was looked for, and a whole ``<svg:svg>`` 7 with a comment left open was said cut off
WHOLE_END = re.compile(r"</(?:[^\s<>/:]+:)?svg\s*>\Z", re.IGNORECASE)

# What XML opens that runs to the end of the file unless closed: its words, how it opens and how it closes
COMMENT, CDATA = ("a comment", "<!--", "-->"), ("a CDATA section", "<![CDATA[", "]]>")
INSTRUCTION = ("a processing instruction", "<?", "?>")  # a whole 7 with `<?pi` left open was said cut off


def left_open(data: bytes) -> str | None:
    """Why an SVG is not read that opens a comment, a CDATA section or a processing instruction and never closes it,
    where the file ends as a whole SVG does (its root's end tag last, :data:`WHOLE_END`): it was said cut off, as one
    cut inside such a section is, though nothing is missing. None where the file ends otherwise, or cannot be decoded
    (:func:`_text_of`)."""
    if (text := _text_of(data)) is None or not WHOLE_END.search(text.rstrip("\0 \t\r\n")):
        return None
    if (found := _unclosed(text)) is None:
        return None
    (kind, opener, closer), line = found
    return (
        f"a damaged SVG drawing: {kind} opened on line {line} ({opener}) is never closed (no {closer}), so all after "
        f"it, the drawing's end too, is taken for part of it: put its {closer} where it should end"
    )


def broken_xml(data: bytes) -> str | None:
    """Why an SVG is not read whose XML breaks XML's rules before its end (a ``<!--`` inside a tag, a tag closed
    that was not opened), and where: Qt said only "Unable to read image data" of it, as of a file that is no
    picture. None where its XML is sound as far as it goes (one cut short is said so: :func:`svg_cut_short`)."""
    if (text := _text_of(_unpadded(data))) is None:  # zeros after a cut: laid out by a download, no damage
        return None
    parser = expat.ParserCreate("utf-8")  # UTF-8 whatever it declares: it is so now
    try:  # its end not yet told: a token cut there is held, not refused, and so is a character cut (replaced)
        parser.Parse(text.removesuffix("\ufffd").encode(), False)
    except expat.ExpatError as err:
        return (
            f"a damaged SVG drawing: its XML is broken on line {err.lineno}, column {err.offset + 1} "
            f"({expat.errors.messages[err.code]}): mend it there in a text editor, or save the drawing again"
        )
    return None


def _text_of(data: bytes) -> str | None:
    """An SVG's text: in the encoding its declaration names, or UTF-32 by its mark, as Qt decodes it (a Latin-1 or
    Shift_JIS 7 with a comment left open was still said cut off), else UTF-8 or UTF-16, its mark there or not; None
    where it is in none of them."""
    if (text := _decoded(data)) is not None:
        return text
    mark = missing_utf16_mark(data) or b""
    utf16 = mark or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        return (mark + data).decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeError:
        return None


def _unclosed(text: str) -> tuple[tuple[str, str, str], int] | None:
    """The comment, CDATA section or processing instruction that expat reads ``text`` to its end inside of, and the
    line it opens on."""
    encoded, parser = text.encode(), expat.ParserCreate("utf-8")  # UTF-8 whatever it declares: it is so now
    try:
        parser.Parse(encoded, True)
    except expat.ExpatError as err:
        if err.code == expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION]:  # said at the end
            last = text.rfind(CDATA[2])
            return CDATA, text[: text.find(CDATA[1], last + 1)].count("\n") + 1
        token = err.code == expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]  # said where it opens
        opened = encoded[parser.ErrorByteIndex :]
        for section in (COMMENT, INSTRUCTION):
            if token and opened.startswith(section[1].encode()):
                return section, err.lineno
    return None


def _unpadded(data: bytes) -> bytes:
    """``data`` without the zero bytes it ends in, whole characters kept (UTF-16's and UTF-32's end in zeros): a
    download or a copy lays its file out in zeros first, then fills it, so one that did not finish is an SVG cut off
    with zeros after, which was Qt's "Unable to read image data" where the same cut without them is said cut off."""
    width = 2 if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or missing_utf16_mark(data) else 1
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # UTF-32's little-endian mark begins as UTF-16's
        width = 4
    end = len(data.rstrip(b"\0"))
    return data[: end + -end % width]


def _ends_early(data: bytes | str) -> bool | None:
    """Whether XML that expat reads to its end ends before its last element does; None where it is wrong before."""
    parser, begun = expat.ParserCreate(), []
    parser.StartElementHandler = lambda tag, attributes: begun.append(tag)
    try:
        parser.Parse(data, False)  # expat holds a token cut at the end until it is told the data has ended
    except (expat.ExpatError, ValueError, LookupError):
        return None
    try:
        parser.Parse(b"", True)
    except expat.ExpatError as err:  # "unclosed token" (cut inside a tag), "no element found" (an element left open)
        # or none begun after markup: an SVG cut in its doctype (`…<!DOCTYPE svg`) was Qt's "Unable to read image data"
        markup = ("<" if isinstance(data, str) else b"<") in data
        return bool(begun) or markup or err.code != expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]
    return False


def _outside_defs(root: ElementTree.Element) -> int:
    """The elements under ``root`` and itself that are in no ``<defs>``: each is drawn once at least (:func:`_drawn`),
    so more than :data:`MAX_SVG_DRAWN` are refused without the walk, which took most of the 17.9 s of CPU a 50-MB SVG
    of 1.2 million rects took to refuse. A ``<defs>`` inside another is taken off twice: fewer counted, never more."""
    defs = [element for element in root.iter() if element.tag.rpartition(":")[2] == "defs"]
    return sum(1 for _ in root.iter()) - sum(sum(1 for _ in element.iter()) for element in defs)


def _letters(element: ElementTree.Element) -> int:
    """The letters a text element draws, each counted as a shape: ``<use>`` repeats them as it repeats shapes, and
    11 kB of a text of 10,000 letters used 10,000 times, counted as 11,112 elements, took Qt 48 s to read. A space
    is a letter: 2,000 kept by ``xml:space="preserve"`` (or no-break ones) used 10,000 times took it 31 s."""
    if element.tag.rpartition(":")[2] not in TEXT_TAGS:
        return 0
    return sum(len(text) for text in (element.text or "", *(part.tail or "" for part in element)))


def _drawn(root: ElementTree.Element) -> int:
    """The elements under ``root`` and itself (a text's letters each one), each counted with all it draws again, up
    to ``MAX_SVG_DRAWN + 1``: a ``<use>`` the element its href names (Qt takes the href's name after its first
    character, ``#`` or not), and any element what its ``url(#id)`` values name (a marker, a mask, a pattern); an
    id given twice counts each element of it. A ``url(#id)`` in a ``<style>`` sheet may reach every element by its
    rules, so the whole is counted again for each element the sheets name. One met again on its own path (a loop,
    which Qt refuses) counts nothing. Walked with a stack, not recursion, so no depth of nesting escapes the count."""
    if _outside_defs(root) > MAX_SVG_DRAWN:  # each drawn once at least: what they draw again need not be walked
        return MAX_SVG_DRAWN + 1
    named: dict[str, list[ElementTree.Element]] = {}
    for element in root.iter():
        for key in ("id", "xml:id"):
            if name := element.get(key):
                named.setdefault(name, []).append(element)
    counted: dict[ElementTree.Element, int] = {}
    # a name's elements' counts summed, kept once each of them is counted: an attribute of 3,000 url(#a) over 3,000
    # elements of id "a" summed 9 million counts, and a 129-kB file took 24 s to refuse
    totals: dict[str, int] = {}

    def parts(element: ElementTree.Element) -> tuple[list[ElementTree.Element], Counter[str]]:
        """The elements in ``element``, and the names it draws again, each with how often it names it."""
        tag = element.tag.rpartition(":")[2]
        if tag == "defs":  # drawn only where a <use> names them
            return [], Counter()
        names = Counter(name for value in element.attrib.values() for name in URL_REF.findall(value))
        if tag == "use":
            names.update(href[1:] for key, href in element.attrib.items() if key.rpartition(":")[2] == "href")
        return list(element), Counter({name: times for name, times in names.items() if name in named})

    def total(name: str) -> int:
        """What the elements ``name`` names draw together; one met again on its own path, not yet counted, nothing."""
        if (known := totals.get(name)) is not None:
            return known
        drawn = min(MAX_SVG_DRAWN + 1, sum(counted.get(used, 0) for used in named[name]))
        if all(used in counted for used in named[name]):
            totals[name] = drawn
        return drawn

    def count(top: ElementTree.Element) -> int:
        on_path: set[ElementTree.Element] = set()
        stack: list[tuple[ElementTree.Element, bool]] = [(top, False)]
        while stack:
            element, done = stack.pop()
            if done:
                on_path.discard(element)
                inner, names = parts(element)
                again = sum(times * total(name) for name, times in names.items())
                drawn = 1 + _letters(element) + sum(counted.get(part, 0) for part in inner) + again
                counted[element] = min(MAX_SVG_DRAWN + 1, drawn)
            elif element not in counted and element not in on_path:
                on_path.add(element)
                stack.append((element, True))
                inner, names = parts(element)
                used = (part for name in names if name not in totals for part in named[name])
                stack.extend((part, False) for part in itertools.chain(inner, used) if part not in counted)
        return counted[top]

    styled = {
        used
        for sheet in root.iter()
        if sheet.tag.rpartition(":")[2] == "style"
        for name in URL_REF.findall(sheet.text or "")
        for used in named.get(name, [])
    }
    return min(MAX_SVG_DRAWN + 1, count(root) * (1 + sum(count(used) for used in styled)))
