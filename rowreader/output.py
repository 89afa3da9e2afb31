"""A command's output kept to lines a reader can trust: a name printed on one line with its control characters
escaped, any file name printable whatever its bytes, and a reader that goes away (``| head``, a full disk) ending a
short command in one line, or a long run going on without its output. The input side is :mod:`rowreader.paths`.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import errno
import functools
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import ParamSpec

_P = ParamSpec("_P")


# a byte of a name that is not UTF-8 (Python's U+DC80..U+DCFF) as \xHH, the byte, as `$'…'` writes it: raw, an error
# line showed `x<0xfe>.png` as U+FFFD, another name, beside a suggested `$'x\xff.png'`; so \xHH past 0x7f is a byte,
# never a character
_BYTES = {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}

# C0 controls and DEL as escapes, the common ones as Python writes them, C1 controls as \uHHHH (U+009B is ESC [ in
# one character; its \x9b is the byte), the bidirectional controls, which turn the rest of a line around where a
# terminal lays out such text, and the Unicode line and paragraph separators, where str.splitlines (and JavaScript)
# end a line: a picture named "a\u2028b.png" took two of `rowreader predict`'s lines for a script that split its
# output so.
_CONTROLS = (
    {c: f"\\x{c:02x}" for c in (*range(32), 127)}
    | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
    | {
        c: f"\\u{c:04x}"
        for c in (
            *range(128, 160),
            *(0x061C, 0x200E, 0x200F, 0x2028, 0x2029),
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    }
    | _BYTES
)


def one_line(text: str) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x1b``, ``\\u202e``), and a byte of a name that
    is not UTF-8 as ``\\xHH`` (:data:`_BYTES`), for output read line by line. A file named ``a\\nb.png`` took two
    lines of ``rowreader predict``'s output (its error, one line by promise, too), and a name holding an escape
    sequence reached the terminal, which obeys it (a new window title, a cleared screen)."""
    return text.translate(_CONTROLS)


# shown as nothing, though Unicode calls them letters or marks, not format characters: the combining grapheme joiner,
# the Hangul fillers (U+3164, a "blank" name in chats), Khmer's inherent vowels, the Mongolian and other variation
# selectors (U+FE0F, pasted after an emoji), the Braille blank; `x<U+3164>.png` beside x.png had no hint
_BLANK_LETTERS = frozenset(
    map(chr, [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164, 0xFFA0])
) | frozenset(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))


def unseen(text: str) -> list[str]:
    """The characters of ``text`` that show as nothing: Unicode's format characters (a zero-width space or joiner, a
    soft hyphen, a byte-order mark, a mark of direction) and :data:`_BLANK_LETTERS`, pasted with a word from a web
    page or a chat. `predict x<zero-width space>.png` beside x.png was "x.png: no such file" to the eye, and
    `--limit` cut short with one or `<zero-width space>--limit` an "unrecognized" --limit with no hint."""
    import unicodedata

    return [c for c in text if (unicodedata.category(c) == "Cf" and c not in _SEEN_SIGNS) or c in _BLANK_LETTERS]


# format characters that are drawn, Unicode's prepended concatenation marks (the Arabic number sign U+0600, the end
# of ayah U+06DD, the Syriac abbreviation mark U+070F…): `x<U+0600>.png` was said to hold "an invisible character"
_SEEN_SIGNS = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")

# what Unicode draws with the character after it (its Prepend class): those signs, Malayalam's dot reph and the like
_PREPENDED = _SEEN_SIGNS | frozenset(
    map(chr, [0x0D4E, 0x111C2, 0x111C3, 0x1193F, 0x11941, 0x11A3A, *range(0x11A84, 0x11A8A), 0x11D46, 0x11F02])
)
# drawn on the character before, though no mark to unicodedata: Thai's and Lao's sara am (นำ), the zero-width
# non-joiner and the half-width kana's voicing marks (ｶﾞ)
_ON_THE_ONE_BEFORE = frozenset("\u0e33\u0eb3\u200c\uff9e\uff9f")


def unseen_said(text: str) -> str:
    """What :func:`unseen` finds in ``text``, in words ("an invisible character (zero width space U+200B)"), or ""."""
    import unicodedata

    found = dict.fromkeys(unseen(text))
    names = ", ".join(f"{unicodedata.name(c, 'format character').lower()} U+{ord(c):04X}" for c in found)
    return f"{'an invisible character' if len(found) == 1 else 'invisible characters'} ({names})" if found else ""


# what a file records (a picture's kind, a model's base) past this many characters is cut where a line names it:
# read from the file, 200 kB of it made a line of 200 kB
MAX_KIND_SHOWN = 80


def shortened(text: str, chars: int) -> str:
    """``text`` of at most ``chars`` characters, shortened in its middle, where a name's start and its end (the file's
    own name) both are: a label wraps only between words, and a name of 200 characters ran past its window's edge;
    a refusal names what a file records (a kind, a base model) in a line a person can read, whatever its length.
    Each end stops short of a character it would split (:func:`_kept_whole`): "xéé…" put an accent on the ellipsis."""
    if len(text) <= chars:
        return text
    # its end counted from the text's length: text[-0:] is all of it, and 1 character was "…" and the whole text
    head, tail = _kept_whole(text, chars // 2, -1), _kept_whole(text, len(text) - (chars - chars // 2 - 1), 1)
    return f"{text[:head]}…{text[tail:]}"


# no path a system takes is longer: Linux's PATH_MAX, 4,096, counts the NUL that ends it; a name longer is said shortly
_LONGEST_PATH = 4095


def name_said(name: str) -> str:
    """``name`` for an error message: whole, unless longer than any path (4,095 bytes, as the system counts a path),
    then its ends and its length (:func:`name_shortened`). A path of a million characters was named whole by
    ``load_checkpoint``, ``load_mnist`` and ``save_checkpoint`` ("File name too long"), a line of 1 MB; one of 2,100
    "é" (4,200 bytes, no path either) was said whole, its characters counted."""
    short = _shortened_name(name)
    return name if short is None else " ".join(short)


def name_seen(name: str) -> str:
    """``name`` for an error message, as :func:`name_said` gives it, but quoted (:func:`name_quoted`) where it begins
    or ends in a space, which unquoted no one sees: `training.fit --out ' '` was "--out   does not end in
    .safetensors", and `--out 'm.safetensors '` (a space pasted after it) "--out m.safetensors  does not end in …"."""
    return name_quoted(name) if name != name.strip() else name_said(name)


def name_quoted(name: str) -> str:
    """``name`` quoted as typed (its repr) for a refusal of it, shortened as :func:`name_said` shortens it where it is
    longer than any path: `training.merge --out` of 4,200 characters ending in / ("must name a file (not a folder)")
    was said whole, a line of 4,288, where every other refusal of a path shortens it. The shortened ends are quoted
    too: unquoted, an escape (ESC) and a backslash typed before x1b were both said ``a\\x1b``, a byte not UTF-8 raw."""
    short = _shortened_name(name)
    return repr(name) if short is None else f"{short[0]!r} {short[1]}"


def _shortened_name(name: str) -> tuple[str, str] | None:
    """``name``'s ends about an ellipsis and its length in words, where it is longer than any path; else ``None``."""
    try:
        size = len(os.fsencode(name))  # a byte not UTF-8 (a lone surrogate) is the one byte it stands for
    except UnicodeEncodeError:  # a surrogate that stands for no byte (from JSON): as UTF-8 would hold it
        size = len(name.encode("utf-8", "surrogatepass"))
    return None if size <= _LONGEST_PATH else name_shortened(name, size)


def name_shortened(name: str, size: int) -> tuple[str, str]:
    """``name``'s first 60 and last 20 characters about an ellipsis, and its length (``size`` bytes) in words: the one
    rule of a name too long to say whole. A cut never splits what shows as one character (:func:`_joined`): "…́ééé"
    put an accent alone on the ellipsis, and a flag's two letters cut apart showed as two boxed letters."""
    start, end = _kept_whole(name, 60, 1), _kept_whole(name, len(name) - 20, -1)
    bytes_too = f", {size:,} bytes" if size != len(name) else ""
    return f"{name[:start]}…{name[end:]}", f"({len(name):,} characters{bytes_too})"


def first_characters(text: str, chars: int) -> str:
    """``text``'s first ``chars`` characters, and those drawn as one with the last (:func:`_kept_whole`): a too-long
    folder name cut at 20 put "aéé…"'s last accent on the ellipsis, as :func:`name_shortened` once did."""
    return text[: _kept_whole(text, chars, 1)]


def _kept_whole(text: str, at: int, step: int) -> int:
    """A cut at ``at`` moved by ``step`` (1 on, -1 back) while it lies inside what shows as one character, at most 10
    characters (a family of four with skin tones is 11), so that a name of marks alone is still shortened."""
    for _ in range(10):
        at += step * _joined(text, at)
    return at


def _regional(c: str) -> bool:
    return "\U0001f1e6" <= c <= "\U0001f1ff"


# Unicode 15.1's Indic_Conjunct_Break (DerivedCoreProperties.txt), which Python 3.11's unicodedata (Unicode 14) lacks:
# the viramas that join two consonants into one conjunct (क्ष, "kṣa", is one character to the eye), and the consonants
# they join, of the six scripts whose virama does (Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam)
_LINKERS = frozenset("\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d")
_CONSONANTS = frozenset(
    chr(c)
    for script in (
        "0915-0939 0958-095F 0978-097F",  # Devanagari
        "0995-09A8 09AA-09B0 09B2 09B6-09B9 09DC-09DD 09DF 09F0-09F1",  # Bengali
        "0A95-0AA8 0AAA-0AB0 0AB2-0AB3 0AB5-0AB9 0AF9",  # Gujarati
        "0B15-0B28 0B2A-0B30 0B32-0B33 0B35-0B39 0B5C-0B5D 0B5F 0B71",  # Oriya
        "0C15-0C28 0C2A-0C39 0C58-0C5A",  # Telugu
        "0D15-0D3A",  # Malayalam
    )
    for span in script.split()
    for c in range(int(span[:4], 16), int(span[-4:], 16) + 1)
)


def _conjunct(text: str, at: int) -> bool:
    """Whether the consonant ``text[at]`` ends a conjunct (Unicode 15.1's rule GB9c): a consonant, then a virama
    among marks (a nukta, a joiner), before it. A long name of "क्ष" was cut between "क्" and "ष", half a letter on
    each side of the ellipsis."""
    import unicodedata

    if text[at] not in _CONSONANTS:
        return False
    linked = False
    while at > 0 and (text[at - 1] == "\u200d" or unicodedata.category(text[at - 1]) == "Mn"):
        at -= 1
        linked = linked or text[at] in _LINKERS
    return linked and at > 0 and text[at - 1] in _CONSONANTS


def _joined(text: str, at: int) -> bool:
    """Whether ``text[at]`` is drawn as one character with ``text[at - 1]`` (Unicode's grapheme clusters, in short): a
    mark on its letter (Thai's sara am too: "น้…ำ" drew it on a dotted circle), a sign before what it is drawn on
    (U+0600), a conjunct's letters (क्ष), a zero-width joiner and what it joins (a family of four people), a
    variation selector, a skin tone or tag on its emoji, a flag's second regional indicator, Hangul jamo of one
    syllable, CR LF."""
    import unicodedata

    if not 0 < at < len(text):
        return False
    before, c = text[at - 1], text[at]
    if unicodedata.category(c)[0] == "M" or c in _ON_THE_ONE_BEFORE or c == "\u200d":
        return True
    if "\ufe00" <= c <= "\ufe0f" or "\U0001f3fb" <= c <= "\U0001f3ff" or "\U000e0020" <= c <= "\U000e007f":
        return True
    if before == "\u200d":  # a pictograph it joins (👨‍👩), or a conjunct's letter (क्‍ष); a‍|a is two, and a run
        # of them was one that no cut could keep whole, cut anywhere in it
        return unicodedata.category(c) == "So" or _conjunct(text, at)
    if _conjunct(text, at):  # क्ष is drawn as one, and क्… showed a half letter
        return True
    if before in _PREPENDED:  # an Arabic number sign on the digits after it, but not on a line's end
        return unicodedata.category(c) not in ("Cc", "Zl", "Zp")
    if _regional(before) and _regional(c):  # pairs from the run's start: the cut is inside one where it is odd
        run = at
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        return (at - run) % 2 == 1
    if before == "\r" and c == "\n":
        return True
    # Hangul: L × (L | V | LV | LVT), (LV | V) × (V | T), (LVT | T) × T; a vowel after a mark began a syllable
    return _jamo(c) in {"L": "L V LV LVT", "V": "V T", "LV": "V T", "T": "T", "LVT": "T"}.get(_jamo(before), "").split()


def _jamo(c: str) -> str:
    """What part of a Hangul syllable ``c`` is: "L", "V", "T", a whole "LV" or "LVT", or "" for none."""
    if "\u1100" <= c <= "\u115f" or "\ua960" <= c <= "\ua97c":
        return "L"
    if "\u1160" <= c <= "\u11a7" or "\ud7b0" <= c <= "\ud7c6":
        return "V"
    if "\u11a8" <= c <= "\u11ff" or "\ud7cb" <= c <= "\ud7fb":
        return "T"
    if "\uac00" <= c <= "\ud7a3":
        return "LVT" if (ord(c) - 0xAC00) % 28 else "LV"
    return ""


def name_text(name: str | os.PathLike[str]) -> str:
    """A file's name as a command's text output writes it: :func:`one_line`, its backslashes doubled, so that every
    backslash printed begins an escape (``\\\\``, ``\\n``, ``\\t``, ``\\r``, ``\\xHH`` a byte, ``\\uHHHH`` a
    character) that a script can undo, as bash's ``$'…'`` and ``printf %b`` do. ``a\\nb.png`` (a backslash and an
    n) was printed as ``a\\nb.png``, as a name holding a newline was. A name longer than any path is
    :func:`name_said`'s: `rowreader predict` given one named it whole, a line of 5,200 characters, where the
    library's words beside it shortened it."""
    return one_line(name_said(os.fspath(name)).replace("\\", "\\\\"))


# $'…' takes \xHH as a byte: a control from U+0080 on is written as its UTF-8 bytes (\u0085 was the character only
# where the shell's locale is UTF-8: under LANG=C bash gave back a backslash, a u and 0085), and a byte not UTF-8
# as the byte (:data:`_BYTES`), never raw to the terminal: a C1 control would be obeyed, and
# `did you mean '\xff.png'?` (the byte raw) showed as '�.png', which copied is U+FFFD, another name
_SHELL_CONTROLS = {
    c: "".join(f"\\x{byte:02x}" for byte in chr(c).encode()) if 0x80 <= c < 0xDC80 else text
    for c, text in _CONTROLS.items()
}


def shell_word(text: str) -> str:
    """``text`` as one word a shell reads back, for a command a message suggests: :func:`shlex.quote`'s, on one line.
    A name holding a control character came out of ``shlex.quote`` as ``'scans<newline>2'``, which :func:`one_line`
    made ``'scans\\n2'``, a different name to the shell that was handed it: such a name is written in ``$'…'``
    (bash, zsh, ksh), whose escapes give it back."""
    import shlex  # only for a message that suggests a command: a command's start stays light

    if text.translate(_SHELL_CONTROLS) == text:
        return shlex.quote(text)
    return "$'" + text.replace("\\", "\\\\").replace("'", "\\'").translate(_SHELL_CONTROLS) + "'"


def shell_line(words: list[str]) -> str:
    """A command line of words each :func:`shell_word` writes, as :func:`shlex.join` joins them."""
    return " ".join(map(shell_word, words))


def warn(warnings: list[str]) -> None:
    """Each warning on stderr, on one line (a file's name may hold a newline or an escape sequence)."""
    for warning in warnings:
        print(f"warning: {one_line(warning)}", file=sys.stderr)


# Warnings of one kind the command line says one by one; beyond them, they are counted and the first few named
NAMED_WHOLE = 5
NAMED_AMONG_MORE = 3
LIST_ALL = "--list-all"


def few_named(lines: list[str], summary: str, rest: str, every: bool = False) -> list[str]:
    """``lines`` to print, each, where there are few (or ``every``); else ``summary`` (how many, in words), the first
    :data:`NAMED_AMONG_MORE` of them, and the ``rest`` counted with how to name them all (:data:`LIST_ALL`). The
    fine-tune said each file skipped and each picture kept under two digits on a line of its own: 300 copies of one
    damaged picture were 300 lines of stderr, what else it said lost among them."""
    if every or len(lines) <= NAMED_WHOLE:
        return lines
    more = len(lines) - NAMED_AMONG_MORE
    return [
        f"{summary}; the first {NAMED_AMONG_MORE}:",
        *lines[:NAMED_AMONG_MORE],
        f"{more:,} more {rest}, not named here: {LIST_ALL} names each",
    ]


def counted(number: int, noun: str, *, plural: str | None = None) -> str:
    """``number`` and ``noun``, the noun plural unless the number is one (``plural``, where an ``s`` at the end is
    not it: "folders not named 0–9"), thousands always grouped: `--limit 1` said "the 1 training images of an
    epoch" and "1 images", as each message had its own plural or none; the examples dock "1 damaged file(s)"; and
    one run printed "1,463 images" on its start line and "1208 digits" on its pen holdout's, each call its own
    format."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def _name_bytes_or_escape(err: UnicodeError) -> tuple[str | bytes, int]:
    """stdout's encoding-error handler. A file name that is not UTF-8 (Latin-1 ``été.png``) reaches Python with its
    bytes as surrogates, and printing it was a ``UnicodeEncodeError`` traceback wherever stdout is strict (an
    ``en_US.UTF-8`` desktop): its bytes go out as they are on disk, as ``ls`` writes them to a pipe, where
    :func:`one_line` has not written them ``\\xHH``. A character the output's encoding lacks
    (``PYTHONIOENCODING=ascii``) goes out as a ``\\u`` escape (é as ``\\u00e9``: ``\\xe9`` is the byte).

    A byte from 0x80 to 0x9f goes out as :func:`one_line` writes it, ``\\x9b`` (:data:`_BYTES`), the byte to
    ``$'…'`` and ``printf %b``: alone it is a C1 control (0x9b is CSI, ESC [ in one byte), which a terminal taking
    8-bit controls obeys: ``b<0x9b>2J.png`` cleared it. (It went out as ``\\udc9b``, Python's spelling, which no
    shell reads back, beside the ``\\x9b`` of the lines :func:`one_line` wrote.)"""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    c1 = [i for i in range(err.start, err.end) if 0xDC80 <= ord(err.object[i]) < 0xDCA0]
    if c1 and c1[0] == err.start:  # one at a time: the rest of the run comes back to this handler
        return _BYTES[ord(err.object[err.start])], err.start + 1
    try:  # the bytes before the first C1 one
        return codecs.lookup_error("surrogateescape")(
            UnicodeEncodeError(err.encoding, err.object, err.start, c1[0] if c1 else err.end, err.reason)
        )
    except UnicodeEncodeError:  # \u00e9, not Python's \xe9: \xHH is a byte not UTF-8 (:data:`_BYTES`)
        chars = err.object[err.start : err.end]
        return "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in chars), err.end


codecs.register_error("rowreader.names", _name_bytes_or_escape)


def print_any_file_name() -> None:
    """Let a command's stdout and stderr print every file name it is given (see ``_name_bytes_or_escape``), and
    everything else they are given (see :func:`_writes_wait`); its mains call it. Python's stderr wrote such a name
    in its own escape, ``x\\udce9.png``, where stdout wrote the name's bytes as they are on disk."""
    stdout = sys.stdout
    if stdout is sys.__stdout__ and isinstance(stdout, io.TextIOWrapper) and isinstance(stdout.buffer, io.RawIOBase):
        sys.stdout = _short_writes_kept(stdout)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="rowreader.names")
            _writes_wait(stream)


def _short_writes_kept(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """Unbuffered ``stream`` (``python -u``, PYTHONUNBUFFERED=1 as Docker images set it) kept unbuffered, each write
    whole: Python's text layer over the bare file drops what a short write leaves (a full disk, ``ulimit -f``)
    without a word, so `evaluate --json > out.json` was cut at the limit with status 0; :class:`_WholeWrites` writes
    the rest, and fails. Not buffered by line: a JSON result ends no line, and ``predict --json … 2>&1`` put an
    image's error before the result it follows, the result held until 8 kB were there."""
    stream.flush()
    raw = _WholeWrites(stream.fileno(), "w", closefd=False)  # its own: the descriptor is never closed with it
    return io.TextIOWrapper(raw, encoding=stream.encoding, errors=stream.errors, write_through=True)


class _WholeWrites(io.FileIO):
    """A file whose every write is written whole or raises: the rest of a short write is written again, which then
    fails (EFBIG, ENOSPC) where the file can take no more."""

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            wrote = super().write(view[done:])
            if not wrote:  # None: a non-blocking descriptor's full pipe (see _writes_wait); 0: nothing taken
                raise BlockingIOError(errno.EAGAIN, "the output took no more", done)
            done += wrote
        return done


def _writes_wait(stream: io.TextIOWrapper) -> None:
    """``stream``'s writes made to wait for its reader, for the command's life, where the program that started it
    left its descriptor non-blocking (O_NONBLOCK: Node's child processes, some CI runners). Python's text layer then
    drops what a full pipe refuses without a word: `predict --json` of 40 pictures to a slow reader wrote 16 results,
    a whole document, status 0. The flag is shared with that program, so it is put back at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no descriptor (a test's stream), or Windows
        fd = stream.fileno()
        if not os.get_blocking(fd):
            os.set_blocking(fd, True)
            if not _MADE_TO_WAIT:
                atexit.register(_not_waiting_again)
            _MADE_TO_WAIT.append(fd)


_MADE_TO_WAIT: list[int] = []


def _not_waiting_again() -> None:
    for stream in (sys.stdout, sys.stderr):  # what is still buffered goes out first, while writes still wait (2>&1
        with contextlib.suppress(Exception):  # shares one flag between both)
            if stream is not None:
                stream.flush()
    for fd in _MADE_TO_WAIT:
        with contextlib.suppress(OSError):
            os.set_blocking(fd, False)


def silence_stdout(stream: object = None) -> None:
    """Point file descriptor 1 (``stream``'s, if given) at the null device: what is still buffered, and the
    interpreter's last flush at exit, then go nowhere instead of failing again ("Exception ignored …
    BrokenPipeError")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (e.g. captured by a test)
        pass


def quiet_broken_pipe(main: Callable[_P, int]) -> Callable[_P, int]:
    """A command's ``main`` that ends quietly, with status 141 (``READER_LEFT``), when the reader of its output leaves
    (``python -m training.ship --dry-run | head -2`` ended in a BrokenPipeError traceback), and in one line when
    its output cannot be written (``bench/bench_fidelity.py > results.txt`` on a full disk was a traceback)."""

    @functools.wraps(main)
    def quiet(*args: _P.args, **kwargs: _P.kwargs) -> int:
        print_any_file_name()  # here, before stdout is wrapped (it reconfigures the real stream)
        stdout = sys.stdout
        if stdout is not None:
            sys.stdout = _OutputThatStops(stdout)  # type: ignore[assignment]
        try:
            try:
                status = main(*args, **kwargs)
            except SystemExit as done:  # `--help > /dev/full` exited 0: argparse drops its write error
                if done.code in (0, None) and isinstance(sys.stdout, _OutputThatStops):
                    sys.stdout.flush()
                    if sys.stdout.lost is not None:
                        raise sys.stdout.lost from None
                raise
            if sys.stdout is not None:
                sys.stdout.flush()  # inside the try: the last lines may still be buffered
            return status
        except BrokenPipeError:
            from rowreader.launch import READER_LEFT

            silence_stdout()
            return READER_LEFT
        except OutputLost as err:
            silence_stdout()
            from rowreader.launch import say_error

            left = f"; {err.left}" if hasattr(err, "left") else ""  # what the command says it wrote, or not (a merge)
            say_error(typed_command(), f"cannot write the output: {err.strerror or err}{left}")
            return 1
        finally:
            if isinstance(sys.stdout, _OutputThatStops):
                sys.stdout = stdout

    return quiet


def printing_results(main: Callable[_P, int]) -> Callable[_P, int]:
    """:func:`quiet_broken_pipe` for a command whose printed lines are its results (a benchmark): with stdout closed
    (``>&-``) it is refused at once, one line and status 1. ``bench_stream.py >&-`` timed for nobody and exited 0,
    its results gone where ``rowreader predict x.png >&-`` says so; a run of minutes is not started for nothing."""
    quiet = quiet_broken_pipe(main)

    @functools.wraps(main)
    def seen(*args: _P.args, **kwargs: _P.kwargs) -> int:
        if sys.stdout is None:
            from rowreader.launch import STDOUT_CLOSED, say_error

            say_error(typed_command(), STDOUT_CLOSED)
            return 1
        return quiet(*args, **kwargs)

    return seen


def typed_command() -> str:
    """How this process's command was typed, for a line said where no parser's prog is at hand: ``python -m
    training.merge`` for a module run with -m, else the script's name (``bench_fidelity.py``, ``rowreader-fit``).
    A full disk under training's and the benchmarks' output was a bare "error: cannot write the output", where
    every other error line names its command.

    A folder or zipapp run by Python (`python app.pyz`) has a spec named ``__main__``, which was said "python -m
    __main__": named by what was typed, as a script is (`python .` by the folder's name). A script read from
    stdin (`python -`) or given as text (`python -c`) is "python", never "-" or "-c" (:func:`script_name`)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name != "__main__":
        return f"python -m {spec.name.removesuffix('.__main__')}"
    return script_name()


def script_name() -> str:
    """The name of the script this process runs, from argv[0] (``bench_fit.py``, ``rowreader-fit``, ``app.pyz``);
    "python" for a script read from stdin, given with -c, or with argv[0] emptied. A command's parser named outside
    :func:`rowreader.launch.run_main` (its ``main`` called from `python -c`) is so named: it said "-c 0.1.0".
    Escaped (:func:`one_line`), as every name printed is: a script named with an escape sequence sent it raw to the
    terminal in its --version, usage and refusal lines."""
    if not sys.argv or sys.argv[0] in ("", "-", "-c"):
        return "python"
    return one_line(os.path.basename(os.path.abspath(sys.argv[0])))  # abspath: `app/` and `.` have a name there


class OutputLost(OSError):
    """stdout itself could not be written: told apart from a file the command reads or writes."""


class _OutputThatStops:
    """``sys.stdout`` for a short command (:func:`quiet_broken_pipe`): its own write errors become
    :class:`OutputLost`, so that they end the command in one line while any other OSError still reaches the caller."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self._stream = stream
        self.lost: OSError | None = None  # the first write error, kept for whoever dropped it (argparse's help)

    def write(self, text: str) -> int:
        with self._told_apart():
            return self._stream.write(text)

    def flush(self) -> None:
        with self._told_apart():
            self._stream.flush()

    @contextlib.contextmanager
    def _told_apart(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError as err:
            self.lost = self.lost or err
            raise
        except OSError as err:
            self.lost = self.lost or OutputLost(err.errno, err.strerror)
            raise OutputLost(err.errno, err.strerror) from err

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class _OutputThatMayGo:
    """``sys.stdout`` (or ``sys.stderr``) for a long run (training): when its output can no longer be written (the
    reader left, ``training.fit | head -3``; a full disk under a log) the rest goes to the null device, a note on
    stderr says so once (for stdout), and the run trains on. The write error ended training between an epoch's
    evaluation and its save, so that epoch was lost (exit 2, "error: [Errno 32] Broken pipe"); with stderr in the
    pipe too (``2>&1 | head -3``) the progress bar's next write still did, its error said into the closed pipe."""

    def __init__(self, stream: io.TextIOBase, noted: bool = True) -> None:
        self._stream = stream
        self._noted = noted  # say it on stderr: not of stderr itself
        self.gone = False  # read by a run whose output is for a program (see output_gone)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            self._lose(err)
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            self._lose(err)

    def _lose(self, err: OSError) -> None:
        silence_stdout(self._stream)
        if not self.gone:
            self.gone = True
            why = "its reader left" if isinstance(err, BrokenPipeError) else err.strerror or str(err)
            if self._noted:
                print(f"note: the output cannot be written ({why}); going on without it", file=sys.stderr, flush=True)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def output_gone() -> bool:
    """Whether a long run's output could no longer be written and is now going nowhere (see ``_OutputThatMayGo``)."""
    return bool(getattr(sys.stdout, "gone", False))


@contextlib.contextmanager
def keep_going_without_output(noted: bool = True) -> Iterator[None]:
    """While the body runs, a long run outlives its output, stdout and stderr (see ``_OutputThatMayGo``).
    ``noted``: stdout lost is said on stderr ("going on without it"); not where the run stops then instead (a
    fine-tune's --progress json lines, which said "going on without it", then that it stopped)."""
    stdout, stderr = sys.stdout, sys.stderr
    if stdout is not None and not isinstance(stdout, _OutputThatMayGo):
        sys.stdout = _OutputThatMayGo(stdout, noted)  # type: ignore[assignment]
    if stderr is not None and not isinstance(stderr, _OutputThatMayGo):
        sys.stderr = _OutputThatMayGo(stderr, noted=False)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr
