"""How a command ends: stopped (Ctrl-C, SIGTERM, SIGHUP) or failing, with one line on stderr and an exit status its
``--help`` gives (128 + the signal's number when stopped).

``python -m training.fit`` and ``python -m rowreader`` printed a page of importlib's traceback when Ctrl-C came
before ``main`` had started (Python's own exit: killed by SIGINT), and SIGTERM then (``kill``, ``timeout``, a
service manager) ended them with status 143 and no word at all. A command's module now starts through
:func:`run_main`, which imports it (this module imports nothing heavy, nor does the ``rowreader`` package) and
ends an interrupted import, or an interrupt that escapes ``main``, with one line, as Ctrl-C later does. A stop during
the import is held until the import ends, a second one ending it at once (``stops_held``): one landing inside a
compiled module's own import broke NumPy's or aborted Python.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Any, NoReturn

from rowreader.number_text import REAL, meant
from rowreader.output import typed_command

# The signals that stop a long command as Ctrl-C does, in every command that starts through run_main and in the app
# (a terminal closed under a run sends SIGHUP). Windows has no SIGHUP: named, not taken from the module, so the
# commands start there.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """SIGTERM met as Ctrl-C is (a KeyboardInterrupt), remembering the signal for the exit status."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    def __reduce__(self) -> tuple[object, ...]:
        """Made again from its signal: pickled with its name alone (a process pool's worker stopped by SIGTERM), it
        could not be unpickled ("missing 1 required positional argument")."""
        return type(self), (self.signum,), self.__dict__


def stop_by_signal(signum: int, frame: FrameType | None) -> None:
    """The commands' SIGTERM and SIGHUP handler (:func:`stops_like_ctrl_c`'s): a :class:`Stopped` wherever it lands."""
    raise Stopped(signum)


def stop_status(err: KeyboardInterrupt) -> int:
    """The exit status a shell gives a command ended by the signal: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + int(getattr(err, "signum", signal.SIGINT))


def stop_name(err: KeyboardInterrupt) -> str:
    """The stop, named as a user knows it: "Ctrl-C", "SIGTERM", "SIGHUP"."""
    signum = int(getattr(err, "signum", signal.SIGINT))
    return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


def stop_words(err: KeyboardInterrupt) -> str:
    """What stopped the command, in the words of its last line: "interrupted" (Ctrl-C) or "stopped by SIGTERM"."""
    signum = int(getattr(err, "signum", signal.SIGINT))
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"


def _ours(signum: int, default: object) -> bool:
    """Whether the signal's handler is Python's own, so ours to take: one left ignored (``nohup``) or set by
    someone else stays theirs; handlers can be set only in the main thread."""
    return threading.current_thread() is threading.main_thread() and signal.getsignal(signum) == default


@contextlib.contextmanager
def stops_like_ctrl_c() -> Iterator[None]:
    """While the body runs, SIGTERM and SIGHUP raise :class:`Stopped`, which ends the command as Ctrl-C does (one
    line, nothing half-written, as each command promises for Ctrl-C); afterwards each is as it was. SIGHUP (the
    terminal closed under `rowreader predict --json … > out.json`) ended it on the spot, status 129, not a word and the
    document cut in the middle of a result; one ignored (``nohup``) stays ignored."""
    taken = [stop for stop in STOP_SIGNALS if stop != signal.SIGINT and _ours(stop, signal.SIG_DFL)]
    for stop in taken:
        signal.signal(stop, stop_by_signal)
    try:
        yield
    finally:
        for stop in taken:
            if signal.getsignal(stop) is stop_by_signal:
                signal.signal(stop, signal.SIG_DFL)


def say_at_once(line: str) -> None:
    """``line`` on stderr from inside a signal handler: one plain write to its descriptor, past ``sys.stderr``'s
    buffer, which a handler landing inside one of its writes (a warning printed as torch loads) found busy
    ("reentrant call"). Nothing where stderr is closed (``2>&-``) or replaced by a stream without a descriptor."""
    if sys.stderr is None:  # closed when Python started: descriptor 2 may since be another file's
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.write(sys.stderr.fileno(), line.encode(errors="backslashreplace"))


@contextlib.contextmanager
def stops_held(note: str = "") -> Iterator[None]:
    """While the body runs (one result written, an epoch's checkpoint and state put in place), Ctrl-C, SIGTERM
    and SIGHUP wait for it to end, then go to the handler they would have met (which stops the command).

    Ctrl-C inside a write cut a result in two, so what was written before it could not be closed into a whole JSON
    document; a stop between the renames of an epoch's two files parted the pair. A second stop during the same
    body does not wait (:func:`insists`): a write blocked on a reader that never reads, or on a hung disk, would
    otherwise hold the command for good (training's save swallowed every Ctrl-C and SIGTERM, only ``kill -9`` ended
    it).
    Only Python handlers are held (Python's own Ctrl-C, a command's stop): one left ignored or to the system stays
    so; and only in the main thread, where handlers can be set.

    ``note``: a line said on stderr as the first stop is held, at once (:func:`say_at_once`): a hold of seconds
    (torch's import under load, 7–16 s) said nothing until it ended, and the user, seeing nothing, pressed again,
    which stops at once, inside the import (the thirty-fourth round). For Ctrl-C it begins a line of its own, after
    the terminal's "^C", and the stop raised once the body ends is marked ``noted``: the line that ends the command
    then needs none of its own.
    """
    # within a body already held (an epoch's save inside its evaluation's hold), the outer hold goes on: a hold of
    # a hold took a second Ctrl-C for the first, and the third stopped the run
    if threading.current_thread() is not threading.main_thread() or any(
        getattr(signal.getsignal(s), "holds_stops", False) for s in STOP_SIGNALS
    ):
        yield
        return
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    held = {s: handler for s, handler in previous.items() if callable(handler)}
    came: list[int] = []

    def put_back() -> None:
        for signum, handler in held.items():
            if signal.getsignal(signum) is hold:
                signal.signal(signum, handler)

    def hold(signum: int, frame: FrameType | None) -> None:
        insisted = insists(signum, came)
        came.append(signum)
        if insisted:
            put_back()
            held[signum](signum, frame)
        elif len(came) == 1 and note:
            say_at_once(("\n" if signum == signal.SIGINT else "") + note + "\n")

    hold.holds_stops = True  # type: ignore[attr-defined]
    for signum in held:
        signal.signal(signum, hold)
    try:
        yield
    finally:
        put_back()
    if came:
        try:
            held[came[0]](came[0], None)
        except KeyboardInterrupt as err:
            err.noted = bool(note)  # type: ignore[attr-defined]
            raise


def insists(signum: int, came: Sequence[int]) -> bool:
    """Whether a stop after those that ``came`` is one insisted on (it stops at once), not the same stop sent
    twice: Ctrl-C, or the same signal again. SIGTERM and SIGHUP are sent together (a closed session's, a service
    manager's), and the second was taken for a stop insisted on: it stopped `predict --json` inside a write blocked
    on its pipe, the result written but not counted ("after 16 of 300 images" under a document of 17: 12 of 20 tries
    in the thirty-sixth round)."""
    return bool(came) and (signum in came or signal.SIGINT in (signum, *came))


@contextlib.contextmanager
def stops_sent_together_are_one() -> Iterator[None]:
    """While the body runs, the first stop (Ctrl-C, SIGTERM, SIGHUP) goes to its handler as before, and one sent
    with it (SIGHUP after SIGTERM) is the same stop, ignored; one insisted on still goes through (:func:`insists`: a
    write blocked on a reader that never reads). SIGTERM and SIGHUP sent together into `rowreader predict --json`
    over 300 pictures: Python runs the second's handler right after the first's, and it stopped the document's
    closing too, so the line said "stopped by SIGTERM", not how far it got (5 of 20 tries in the thirty-sixth round).
    The handler that raises the first stop is this one, so no moment is left between that stop and the next being
    ignored. Only Python handlers, in the main thread, as :func:`stops_held`'s."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {s: handler for s in STOP_SIGNALS if callable(handler := signal.getsignal(s))}
    came: list[int] = []

    def once(signum: int, frame: FrameType | None) -> None:
        stops = not came or insists(signum, came)
        came.append(signum)
        if stops:
            handlers[signum](signum, frame)

    for signum in handlers:
        signal.signal(signum, once)
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            if signal.getsignal(signum) is once:
                signal.signal(signum, handler)


# The status of a command whose reader left (`rowreader predict … | head -1`): 128 + SIGPIPE, what a shell says of
# `yes | head -1`'s yes, which `set -o pipefail` scripts know. It was 1, the status of a file refused, with no line
# saying why where --help promised one. A number, not signal.SIGPIPE: Windows has none, and its pipes end so too.
READER_LEFT = 141


def exit_statuses(unusable: str, status: int = 1, also: str = "", stopped: str = "") -> str:
    """What a command's exit statuses mean, for its --help: a script or a batch system tells "stopped" from
    "refused" by them. ``unusable``: what ends it with ``status`` (``rowreader``'s 1; training's 2, as for a refused
    command line); ``also``: a status of its own ("; 3 when …"); ``stopped``: what a stop leaves (" (…)")."""
    refused = "2 for a command line that is refused"
    failing = f"1 for {unusable}; {refused}" if status == 1 else f"{refused} or {unusable}"
    hangup = "; 129 when stopped by SIGHUP (its terminal closed)" if hasattr(signal, "SIGHUP") else ""
    return (
        f"Exit status: 0 when everything worked; {failing}{also}{hangup}; 130 when stopped by Ctrl-C and 143 by "
        f"SIGTERM{stopped}; {READER_LEFT} when the reader of its output left (`| head -1`), nothing said."
    )


ERROR = ": error: "


STDOUT_CLOSED = "standard output is closed (>&-), so nothing could be printed; redirect it to a file instead"


UNIT_GLUE = "\0"  # stands for the space before a unit while help is wrapped: no wrapper breaks a line at it


def units_kept(formatter: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """``formatter`` that never ends a line of help between a number and its per cent sign: at 80 columns
    `rowreader predict --help` said "ink spanning under 4" at one line's end and "% of the image" on the next."""
    if issubclass(formatter, _UnitsKept):
        return formatter
    return type(formatter.__name__, (_UnitsKept, formatter), {})


class _UnitsKept(argparse.HelpFormatter):
    """The space before each `%` held while the text is wrapped (see :func:`units_kept`)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return [line.replace(UNIT_GLUE, " ") for line in super()._split_lines(_glued(text), width)]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return super()._fill_text(_glued(text), width, indent).replace(UNIT_GLUE, " ")


def _glued(text: str) -> str:
    return re.sub(r"(?<=\d) %", UNIT_GLUE + "%", text)


class NegativeNumber:
    """What tells argparse a word is a value, not a flag: a negative number in any form a number flag reads
    (:data:`rowreader.number_text.REAL`: `-1e3`, `-inf`, `-nan`, `-1.`) or hints on (:func:`meant`: `-0,5`,
    `-1'000`, `-1_000`, `-١`), or any word of a minus and a digit (`-0e`, `-1e3x`, `-.5x`), which no flag is, so
    that the flag's reader refuses it in its words. argparse's own took `--lr -inf` for a flag, "expected one
    argument", cli22's pattern `--sure -0,5`, where `0,5` was told "a decimal is written with a point: 0.5", and
    `--hidden -0e` (an exponent half typed) still, where `--hidden 0e` named the flag's range."""

    @staticmethod
    def match(word: str) -> bool:
        """Whether ``word`` is such a number (argparse calls ``match`` as it would a pattern's)."""
        return word.startswith("-") and (
            word[1:2].isdecimal()
            or (word[1:2] == "." and word[2:3].isdecimal())
            or REAL.fullmatch(word) is not None
            or meant(word, whole=False) is not None
            or meant(word, whole=True) is not None
        )


class CommandParser(argparse.ArgumentParser):
    """argparse's parser for every command of the project: no abbreviated flags (`--check` was taken for
    `--checkpoint`), and a refusal on one line whatever the words typed hold. argparse quoted an unknown word as
    it was: `ls | xargs rowreader predict` over a file named `--x<ESC>]0;…` put the escape sequence on the terminal,
    which obeyed it, where every file name the commands print is escaped (:func:`rowreader.output.one_line`)."""

    _given: Sequence[str] = ()  # the words being parsed, for a refusal's hint
    _unknown: Sequence[str] = ()  # those of them no flag takes

    def __init__(self, *args: Any, version: bool = True, **kwargs: Any) -> None:
        """``version``: whether it answers ``--version``, as every command does alike ("PROG 0.1.0"); not a
        subcommand's parser, nor a ship stage's (its ``--also '--version'`` is refused). `python -m gui --version`
        and training's commands refused it (status 2) where `rowreader --version` answered, and, while each
        command added it itself, the benchmarks and the screenshots' commands still did. The version is the
        package's, written once (pyproject.toml reads it from there)."""
        if version:  # a command's own parser, named as it runs (a subcommand's is named after it by argparse)
            from rowreader.output import script_name

            kwargs["prog"] = command_name(kwargs.get("prog") or script_name())
        kwargs["formatter_class"] = units_kept(kwargs.get("formatter_class", argparse.HelpFormatter))
        super().__init__(*args, **{"allow_abbrev": False, **kwargs})
        self._negative_number_matcher = NegativeNumber()
        if version:
            from rowreader import __version__

            self.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:
        """The words parsed, one holding a NUL byte refused first: no shell can pass one, but a caller from Python
        can, and ``training.fit``'s ``parse_args(["--start-from", "a\\0b"])`` ended in a ValueError traceback."""
        self._given = list(sys.argv[1:] if args is None else args)  # a command's parser gets the words after it
        self._unknown = ()  # none yet: argparse refuses a missing --out before it says which words it left
        if (nul := next((word for word in self._given if "\0" in word), None)) is not None:
            from rowreader.json_text import shown

            self.error(f"{as_typed(shown(nul))} holds a NUL byte (\\x00), which no command line can carry")
        parsed, unknown = super().parse_known_args(args, namespace)
        if self._given.count("--") == 1 and self._given[-1] == "--" and unknown[-1:] == ["--"]:
            unknown = unknown[:-1]  # ends the options, names nothing: `evaluate --` was "takes no names after it"
        self._unknown = unknown
        return parsed, unknown

    def _get_option_tuples(self, option_string: str) -> list[tuple[Any, str, str | None]]:
        """argparse's readings of ``option_string`` as a flag it begins, none where abbreviations are off: Python
        3.11's argparse turned them off for two hyphens alone, so `python -m gui -s Fusion` and `-styl Fusion` were
        taken for Qt's -style. A short flag with its value joined (``-ofile``) is still read."""
        found = super()._get_option_tuples(option_string)
        return found if self.allow_abbrev else [tup for tup in found if tup[1] == option_string[:2]]

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """A word's value, its refusal (argparse's "invalid float value", a type's own) quoting it as typed: only
        the word's repr is changed, so a name said as it is (``--out 'x\\udcff'``, a backslash typed) stays so."""
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as err:
            raise argparse.ArgumentError(action, quoting_as_typed(err.message, [arg_string])) from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """argparse's refusal of a value not among the choices, the value named shortened and as typed: a word of
        4,100 characters given to ``--ink`` made a line of 4,198, where a whole number's refusal shortens it."""
        if action.choices is not None and value not in action.choices:
            from rowreader.json_text import shown

            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(action, f"invalid choice: {as_typed(shown(value))} (choose from {choices})")

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        """An option's value, ``--`` refused: Python 3.11's argparse drops a ``--`` wherever it stands, so
        ``--epochs=--`` gave the flag an empty list (``--distill-from=--`` trained with no teacher, ``rowreader
        evaluate --batch-size=--`` was a traceback). An option's words hold ``--`` only so, typed after its ``=``."""
        if action.option_strings and "--" in arg_strings:
            raise argparse.ArgumentError(action, "expected a value, not -- (which ends the options)")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        super().error(self.explained(message))

    def explained(self, message: str) -> str:
        """argparse's refusal ``message`` with this parser's hints, on one line: the error's words, and those a
        caller refusing in its own words gives (ship's --also: a flag mistyped there lost its "did you mean …?",
        which training.fit given the same words says)."""
        from rowreader.output import one_line

        if message == f"unrecognized arguments: {' '.join(self._unknown)}":  # argparse's, each word said whole
            message = unrecognized(self._unknown)
        if message.startswith(("unrecognized arguments: ", "the following arguments are required: ")):
            message += self._flag_hint()
        if message.startswith("unrecognized arguments: ") and any(word[:1] == "@" for word in self._unknown):
            message += "; no command reads its words from a file: give them on the command line"  # pip's @args.txt
        # `--json=true`, `--download=no` were argparse's "ignored explicit argument 'true'", what it is not said
        if found := re.match(r"^argument (\S+): ignored explicit argument (.*)$", message):
            message = self._valued_switch(*found.groups())
        return one_line(message + _number_hint(message) + self._dashed_file_hint(message))

    def _valued_switch(self, names: str, given: str) -> str:
        """argparse's "ignored explicit argument" in words: the switch ``names`` (-h/--help) takes no value, and was
        ``given`` one (its repr). A word of one hyphen is read as a short flag, the rest its value: `predict -habits`
        was "argument -h/--help: takes no value (given 'abits')", the word typed unsaid, and the flag it may mean
        (`-help`: --help) too."""
        from rowreader.json_text import shown

        typed = next((w for w in self._before_dashes() if w[1:2] != "-" and _short_valued(w, given)), None)
        if typed is None:  # `--json=true`: the flag typed whole, its value after an =
            return (
                f"argument {names}: takes no value (given {given}): give {names} alone to turn it on, or leave it out"
            )
        said = f"argument {names}: takes no value ({as_typed(shown(typed))} was read as {typed[:2]} given {given})"
        if len(typed.partition("=")[0]) > 2 and (found := self.whose(typed)) is not None:  # -h=3 means none
            return f"{said}: did you mean {found[0]}?{askew(typed, found[0])}"
        return f"{said}: give {typed[:2]} alone, or leave it out"

    def _flag_hint(self) -> str:
        """The flag an unknown word is cut short from, mistyped of or pasted askew of, or the command beside this one
        whose flag it is: abbreviations are off (`--check` was taken for `--checkpoint`), `predict --chec m a.png`
        was only "unrecognized arguments: --chec", and `predict --sure 0.9`, `--json` typed `—json` (an em dash
        pasted from a web page) or `--Json` were only that too. Nothing for a word after ``--`` or a file of that name.
        One rule for every command: a flag of ``kin`` or ``far`` is named with the line that takes it. The words no
        flag takes are looked at first, then the others: `training.merge —force --out m a b` (—force taken for the
        CHECKPOINT, a b left over) and `training.unipen_convert --epochs 3` ("required: --out") said nothing of it.
        Each flag meant is named once, every word's: `predict --epochs 3 --sure 0.9 x.png` named --epochs alone."""
        options = self._before_dashes()
        hints: dict[str, tuple[str, str]] = {}  # by the flag meant: the name typed, and what is said of it
        for word in dict.fromkeys([*self._unknown, *options]):
            # not yet known where argparse refused first: `predict -cm.safetensors` (no picture) was "required:
            # IMAGE" alone; a word of a short flag of this command's own (`-h`, gui's `-style`) is read as that flag
            left = word in self._unknown or (word[:1] == "-" and word[:2] not in self._option_string_actions)
            if left and (stuck := self._stuck_value(word)) and stuck[0] not in hints:
                hints[stuck[0]] = word, stuck[1]
            if word not in options or (found := self.whose(word)) is None or found[0] in hints:
                continue
            flag, owners = found
            typed_as = word.partition("=")[0]
            if (
                typed_as.startswith("-")
                and typed_as[1:2] != "-"
                and (one := "-" + flag[2:]) in self._option_string_actions
            ):
                flag = one  # gui's -style, Qt's own: one hyphen is right, so not said to want two (`-Style`)
            why = askew(typed_as, flag)
            meant = f"did you mean {flag}?{why}"
            if word not in self._unknown and not word.startswith("-"):  # argparse's operand, not an option
                meant = f"{word} was read as a name, not an option: did you mean {flag}?{why}"
            if flag not in self._option_string_actions:  # another command's
                hints[flag] = (
                    typed_as,
                    f"{'' if typed_as == flag else meant + '; '}{self._kin_line(owners, flag, word)}",
                )
            elif typed_as != flag:  # its own flag typed whole is refused for what follows it; askew, meant
                hints[flag] = typed_as, meant
        # `training.ship dry-run`: a flag's name typed without its dashes, left over or taken for a name (`merge
        # data-dir d a b`, --out missing, said nothing of it); not a flag's value (`merge --out force …`)
        operands = [w for at, w in enumerate(options) if not (at and self._takes_value(options[at - 1]))]
        for word in dict.fromkeys([*self._unknown, *operands]):
            if (flag := self.bare_flag(word)) is not None and flag not in hints:
                said = "is no command word" if word in self._unknown else "was read as a name, not an option"
                hints[flag] = word, f"{word} {said}: did you mean the flag {flag}?"
        if dashes := self._dashes_hint():
            hints["--"] = "--", dashes
        # of several words, a "did you mean" says which it is of
        return "".join(
            f"; {word}: {said}" if len(hints) > 1 and said.startswith("did ") else f"; {said}"
            for word, said in hints.values()
        )

    def _takes_value(self, word: str) -> bool:
        """Whether ``word`` is this command's flag, typed whole without ``=``, that takes the next word as its value."""
        action = self._option_string_actions.get(word)
        return action is not None and action.nargs != 0

    def _stuck_value(self, word: str) -> tuple[str, str] | None:
        """The flag and hint of a short flag with its value stuck to it (`predict -cm.safetensors`: -c, --checkpoint
        cut short, then its value), where the letter begins one flag of this command alone, and that flag takes a
        value; `-jx` (--json takes none: -j -x?) and `-e3` in training.fit (--epochs, --examples…) guess nothing,
        nor does a negative number (`--brush -inf` in predict was "did you mean --ink nf?")."""
        if word[:1] != "-" or word[1:2] in ("-", "") or len(word) < 3 or "=" in word or NegativeNumber.match(word):
            return None
        found = self.whose(word[:2])
        if found is None or not self._takes_value(found[0]) or self.whose(word) is not None:
            return None
        return found[0], f"did you mean {found[0]} {_said(word[2:])}? (the flag whole, its value apart)"

    def _dashes_hint(self) -> str:
        """Why a ``--`` made the words after it names: `python -m training -- --out r` (the habit of npm's `npm run x
        -- …`) was only "unrecognized arguments: -- --out r". Said wherever a flag of this command follows it, typed
        whole, in capitals or cut short (`-- --LIMIT 5`, and --limit cut to three letters, were only "takes no names"),
        and where argparse left it over (this command takes no names): `training.merge -- --out m a b` took --out for
        a CHECKPOINT and said only "required: --out". Nothing where only names follow a command that takes them."""
        if "--" not in self._given:
            return ""
        after = self._given[self._given.index("--") + 1 :]
        flags = {_said(typed): flag for word in after if (flag := self.own_flag(typed := word.partition("=")[0]))}
        if not flags:
            return "-- ends the options, and this command takes no names after it" if "--" in self._unknown else ""
        read = "is read as a name" if len(flags) == 1 else "are read as names"
        # askew: `-- --limit<zero-width space>` was "did you mean --limit for --limit?", the character unsaid
        mistyped = [f"{flag} for {typed}{askew(typed, flag)}" for typed, flag in flags.items() if typed != flag]
        meant = f" (did you mean {' and '.join(mistyped)}?)" if mistyped else ""
        return f"-- ends the options, so {' and '.join(flags)} after it {read}: drop the --{meant}"

    def own_flag(self, word: str) -> str | None:
        """This command's long flag that ``word`` is, typed whole, in capitals, cut short or mistyped (``--LIMIT``,
        --limit cut short or with a letter left out), or a short one typed whole (``-h``, gui's ``-style``); None for
        another word (``-7.png``, ``-5``, ``-H``) or a file: `merge -- X a`, X --force cut short and a file of that name
        there, was "did you mean --force". One dash (or ``__``) only before a flag's whole name, in any case: `-Style`,
        `-Limit`, `__limit` (which had the bare hint), never `-H` or `-lim`, which could be short flags."""
        if os.path.lexists(word):
            return None
        if word in self._option_string_actions:
            return word
        if (meant := as_flag(word)) is None:
            return None
        if word.startswith("--"):
            return _flag_meant(meant, {"": (self, "")})
        whole = ("-" + meant[2:], meant)  # gui's -style (Qt's) typed with one hyphen, as is right
        return next((flag for flag in whole if flag in self._option_string_actions and len(meant) > 3), None)

    def bare_flag(self, word: str) -> str | None:
        """This command's long flag that ``word`` names without its dashes (``resume``, ``Dry_Run``), else None; a
        file of that name is a name."""
        flag = as_flag(f"--{word}") if word[:1].isalpha() else None
        return flag if flag in self._option_string_actions and not os.path.lexists(word) else None

    def _before_dashes(self) -> Sequence[str]:
        """The words given before a ``--``, after which none is an option."""
        return self._given[: self._given.index("--")] if "--" in self._given else self._given

    def operand_hint(self, word: str, given: Sequence[str]) -> str:
        """Where ``word``, an operand that is no file (`predict x.png -- --sure`, `predict —json x.png`), names a
        flag of this command or another: "--sure: no such file" alone was true, but said neither why nor whose.
        ``given``: the command's words, for the value a flag of another command is shown with."""
        self._given = list(given)
        if (found := self.whose(word)) is None:
            bare = self.bare_flag(word)  # `merge --out m.safetensors force a b`: "checkpoint not found: force"
            return "" if bare is None else f"; did you mean the option {bare}? ({word} has no dashes)"
        flag, owners = found
        typed_as = word.partition("=")[0]
        # only a -- before it, or an option's = (`--start-from=--force`), makes a word begun by a hyphen a name
        valued = next((w.partition("=")[0] for w in given if w.startswith("-") and w.partition("=")[2] == word), None)
        if typed_as != flag:  # pasted askew: argparse took it for a name
            mine = flag in self._option_string_actions
            # `predict -- -Json x.png`: --json typed right there is a name too (—json, an em dash, needs no --)
            after_dashes = mine and valued is None and word.startswith("-")
            return f"; did you mean the option {flag}?{askew(typed_as, flag)}" + (
                f"; after -- it is read as a file's name: put {flag} before --" * after_dashes
                if mine
                else f"; {self._kin_line(owners, flag, word)}"
            )
        where, fix = "after -- is read as a file's name", "put it before --"
        if valued is not None:
            where, fix = f"typed after {valued}= is read as its value", f"give {flag} apart, and {valued} a file"
        if flag in self._option_string_actions:
            return f"; the option {flag} {where}: {fix}"
        return f"; the option {flag} {where}, and {self._kin_line(owners, flag, word)}"

    def whose(self, word: str) -> tuple[str, dict[str, Any]] | None:
        """The long flag ``word`` names, typed whole, cut short, mistyped or askew, and the commands looked at (this
        one first, as ""); None where it names none, or is a file. This command's own and its ``kin``'s are looked at
        first, ``far``'s (another program's, a child process to ask) only where they name none."""
        meant = as_flag(word)
        if meant is None or os.path.lexists(word):
            return None
        owners: dict[str, tuple[argparse.ArgumentParser, str]] = {"": (self, "")}  # "": this command's own
        for more in (self.kin, self.far):
            owners.update(more() if more is not None else {})
            if (flag := _flag_meant(meant, owners)) is not None:
                return flag, owners
        return None

    # What :meth:`whose` names a flag of another command by: its name (as said: "evaluate"), and its parser and
    # the command line that takes the flag, ``{words}`` the flag and its value (or what makes that line of them, for
    # a command that takes some of the flags in another way or not at all); set by each program with kin. ``far``
    # likewise, for the commands of the other program (rowreader's for training's, training's for rowreader's).
    kin: Callable[[], dict[str, tuple[argparse.ArgumentParser, str | Callable[[list[str]], str]]]] | None = None
    far: Callable[[], dict[str, tuple[argparse.ArgumentParser, str]]] | None = None

    def _kin_line(self, owners: dict[str, Any], flag: str, word: str, then: Sequence[str] | None = None) -> str:
        """ "FLAG is evaluate's, not predict's: rowreader evaluate FLAG VALUE …", the value the word after it;
        ``then``: the words typed after it, all kept where the flag takes what follows (`rowreader finetune
        b.safetensors --examples d`, the flag typed as a command word, was named "python -m training.fit --finetune
        …", the base and examples dropped)."""
        from rowreader.output import shell_line

        named = [name for name, (parser, _) in list(owners.items())[1:] if flag in parser._option_string_actions]
        parser, line = owners[named[0]]
        words = [flag]
        at = self._given.index(word) + 1 if word in self._given else len(self._given)
        after = list(self._given[at : at + 1] if then is None else then)
        takes = parser._option_string_actions[flag].nargs != 0
        # a flag after it is none of its value: `predict --epochs --json x.png` was shown `training.fit --epochs
        # --json …`, refused as "expected one argument"; a negative number is a value, as argparse reads it
        valued = after and (
            not after[0].startswith("-") or after[0] == "-" or parser._negative_number_matcher.match(after[0])
        )
        if "=" in word:
            words.append(word.partition("=")[2])
        elif (then is not None and not takes) or (takes and valued):
            words.extend(after)
        # a value not among the flag's choices is none of its (predict given --preset mistyped, =4, named
        # `training.fit --preset 4`, refused): left out, the choices said where a line to type is (not ship's "sets it
        # for each stage")
        choices = parser._option_string_actions[flag].choices
        unchosen = choices is not None and len(words) > 1 and words[1] not in choices
        if unchosen:
            del words[1:]
        whose = " and ".join(f"{name}'s" for name in named)
        mine = self.prog.split()[-1]
        said = line(words) if callable(line) else line.format(words=shell_line(words))
        if unchosen and said.endswith(" …"):
            said += f" (choose from {', '.join(map(repr, choices))})"
        return f"{flag} is {whose}, not {mine}'s: {said}"

    def _dashed_file_hint(self, message: str) -> str:
        """How to name a file that begins with a dash, which argparse takes for an option: `predict -seven.png` was
        "the following arguments are required: IMAGE", and `training.fit --finetune -mine.safetensors` "argument
        --finetune: expected one argument", with the file right there (``-`` is stdin, never such a file)."""
        # the words before a --: after it none is taken for an option (`rowreader -- -seven.png` was told to put one)
        dashed = next((a for a in self._before_dashes() if a.startswith("-") and a != "-" and os.path.lexists(a)), None)
        if dashed is None:
            return ""
        from rowreader.output import shell_word
        from rowreader.paths import what_is_there

        other = "" if "expected one argument" in message else " (or put -- before it)"  # -- ends a flag's value too
        return f"; {dashed} is {what_is_there(dashed)}: name it {shell_word('./' + dashed)}{other}"

    def _print_message(self, message: str, file: Any = None) -> None:
        """Help and the version go to stdout; with it closed (``>&-``) argparse wrote them on stderr and exited 0,
        so a script took `python -m training.fit --help >&-` for help written."""
        if file is None and sys.stdout is None:
            say(f"{self.prog}{ERROR}{STDOUT_CLOSED}")  # its own name, a subcommand's too: not say_error's command's
            self.exit(1)
        super()._print_message(message, file)


# Dashes a web page, a word processor or a phone writes where two hyphens were typed: hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, horizontal bar, minus sign, small and fullwidth hyphen-minus.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"


def _short_valued(word: str, given: str) -> bool:
    """Whether ``word`` is a short flag (or a run of them) and after it the value argparse quotes as ``given``."""
    return word[:1] == "-" and any(repr(word[at:]) == given for at in range(2, len(word)))


def as_flag(word: str) -> str | None:
    """The long flag ``word`` (its name, before any ``=``) reads as, typed askew: its dashes of any kind two hyphens,
    blanks around it (a no-break space pasted with it) dropped, lower case, ``_`` as ``-``, full-width letters as
    ASCII (`--ｌｉｍｉｔ 5`, typed with a Japanese or Chinese input method left on, had no hint); None for no dash."""
    import unicodedata

    from rowreader.output import unseen

    name = unicodedata.normalize("NFKC", word).partition("=")[0]
    name = "".join(c for c in name if c not in unseen(name)).strip()  # --limit cut short, a ZWSP after it: no hint
    bare = name[len(_lead(name)) :]
    if bare == name or not bare:
        return None
    return "--" + bare.lower().replace("_", "-")


def _lead(name: str) -> str:
    """The dashes ``name`` begins with: of any kind (:data:`_DASHES`), or two underscores or more, as ``__pen_dir``
    is typed with the shift key held (it had no hint); one underscore begins a name (``_draft.png``)."""
    underscores = name[: len(name) - len(name.lstrip("_"))]
    return underscores if len(underscores) > 1 else name[: len(name) - len(name.lstrip(_DASHES))]


def _flag_meant(meant: str, owners: dict[str, tuple[argparse.ArgumentParser, str]]) -> str | None:
    """The flag of ``owners`` that ``meant`` (:func:`as_flag`'s) is, begins or is close to; the first owner's first."""
    import difflib

    flags = {flag: name for name, (parser, _) in reversed(owners.items()) for flag in _long_flags(parser)}
    cut_short = [flag for flag in flags if flag.startswith(meant)]
    if meant in flags:
        return meant
    if len(cut_short) == 1:
        return cut_short[0]
    # names compared without their two dashes, which every flag shares: with them `predict --brush` was "did you
    # mean --runs?" (0.77 alike; brush and runs 0.67), a flag of training.ship's, not one a canvas user meant
    by_name = {flag[2:]: flag for flag in flags}
    close = difflib.get_close_matches(meant[2:], by_name, n=1, cutoff=0.75)
    return by_name[close[0]] if close else None


def kin_in_child(module: str) -> Callable[[], dict[str, tuple[argparse.ArgumentParser, str]]]:
    """:attr:`CommandParser.far` of the commands ``python -m module`` lists (a JSON object: each command's name, its
    line and its long flags, whether each takes a value), asked only for a refusal: rowreader imports no training,
    yet `rowreader predict --epochs 3` should say whose --epochs is. Nothing where the child cannot tell."""
    return functools.partial(_commands_in_child, module)


@functools.cache  # once a process, not once a parser: predict builds one for each picture not found, a child each
def _commands_in_child(module: str) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """What :func:`kin_in_child` asks of ``python -m module``, read into parsers."""
    import json
    import subprocess

    # the module beside this package (one distribution), never one of the folder it runs in: `python -m` puts
    # that first (-P does not), and a training/ of the user's own there was run
    beside = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([beside, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    try:
        told = subprocess.run(
            [sys.executable, "-P", "-m", module],
            env=path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        listed = json.loads(told)
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    commands = {}
    for name, (line, flags) in listed.items():
        parser = argparse.ArgumentParser(prog=name, add_help=False)
        for flag, takes in flags.items():  # a value (True), none (False), or one of a list
            parser.add_argument(
                flag, **({"choices": takes} if isinstance(takes, list) else {} if takes else {"action": "store_true"})
            )
        commands[name] = (parser, line)
    return commands


def _long_flags(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for flag in parser._option_string_actions if flag.startswith("--")]


def askew(typed: str, flag: str) -> str:
    """How ``typed`` differs from ``flag`` where a reader cannot see it: characters that show as nothing, dashes that
    are not two hyphens, blanks."""
    import unicodedata

    from rowreader.output import unseen, unseen_said

    seen = "".join(c for c in typed if c not in unseen(typed))
    bare = seen.strip()
    dashes = _lead(bare)
    said = [f"it holds {unseen_said(typed)}"] if seen != typed else []
    if dashes != "--" and flag.startswith("--" + unicodedata.normalize("NFKC", bare[len(dashes) :][:1]).lower()):
        names = ", ".join(dict.fromkeys(unicodedata.name(c, "?").lower() for c in dashes))
        said.append(f"it begins {dashes} ({names}), not two hyphens --")
    if bare != seen:
        names = ", ".join(dict.fromkeys(unicodedata.name(c, "?").lower() for c in typed if c.isspace()))
        said.append(f"it has a blank around it ({names})")
    if (wide := next((c for c in bare[len(dashes) :] if unicodedata.east_asian_width(c) == "F"), None)) is not None:
        said.append(f"its letters are full-width ({wide}, not {unicodedata.normalize('NFKC', wide)})")
    return f" ({'; '.join(said)})" if said else ""


# A byte not UTF-8 of a word, as repr writes it (``\\udcff``), after an even number of backslashes: a backslash
# typed is written doubled, so ``\\\\udcff`` is one typed, followed by the letters "udcff".
_NOT_UTF8_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")


def unrecognized(words: Sequence[str]) -> str:
    """argparse's refusal of ``words`` no flag takes, each too long to say whole shortened as a refused value is
    (:func:`~rowreader.json_text.shown`): a word of 4,100 characters was said whole, in a line of 4,156."""
    return "unrecognized arguments: " + " ".join(_said(word) for word in words)


def _said(word: str) -> str:
    """``word`` as typed, or as :func:`~rowreader.json_text.shown` says it where that shortens it; an empty word
    quoted (`training.fit ''`, an unset variable, was "unrecognized arguments: " with nothing after it)."""
    from rowreader.json_text import shown

    said = shown(word)
    return word if word and said == repr(word) else as_typed(said)


def quoting_as_typed(message: str, words: Sequence[str]) -> str:
    """``message`` with each of ``words`` it quotes (argparse's repr, or the types' shortened ``shown``) put back
    :func:`as_typed`: only a word's quoting is changed, so a name said as it is (``'x\\udcff'``, a backslash typed)
    stays so. A type's refusal, and a command's checks after argparse's (``training.fit --out $'\\x80/'`` was "got
    '\\udc80/'", bytes no one typed)."""
    from rowreader.json_text import shown

    for word in words:
        for quoted in {repr(word), shown(word)}:
            message = message.replace(quoted, as_typed(quoted))
    return message


def as_typed(quoted: str) -> str:
    """``quoted`` (a word's repr) with each byte not UTF-8 put back as Python holds it, so
    that it is written as the byte typed (:func:`rowreader.output.print_any_file_name`): argparse's refusals and the
    type checks' quoted ``$'\\xff\\xfe'`` as ``'\\udcff\\udcfe'``, bytes no one typed, where a file not found
    was named by its bytes."""
    return _NOT_UTF8_ESCAPE.sub(lambda found: found[1] + chr(0xDC00 + int(found[2], 16)), quoted)


def _number_hint(message: str) -> str:
    """How to write a number argparse refused as typed in a German (or French, Russian…) way, or in other digits, if
    it was plainly one (:func:`rowreader.number_text.meant`): `--lr 0,001` was only "invalid float value: '0,001'".
    A whole-number flag's own refusal gives its hint itself, knowing its range."""
    import ast  # only for a refusal: a command's start stays light

    from rowreader.number_text import meant

    # argparse's repr ("1\u202f024" escaped); a repr holding ' is in double quotes: `--lr "1'000"` (Swiss). Bytes
    # not UTF-8, put back by as_typed, are all it holds that is not printable: such a word is no number.
    found = re.search(r"""invalid (float|int) value: ('[^']*'|"[^"]*")$""", message)
    if found is None or not found.group(2).isprintable():
        return ""
    hint = meant(ast.literal_eval(found.group(2)), whole=found.group(1) == "int")
    return f" ({hint[1]}: {hint[0]})" if hint else ""


def say(line: str) -> None:
    """``line`` on stderr. Nothing where stderr is closed (``2>&-``) or cannot be written (``2>/dev/full``): the exit
    status still says it. ``print(…, file=sys.stderr)`` with stderr closed (``None``) printed on stdout: a stop's
    line landed in `rowreader predict --json … > out.json 2>&-`'s document, and in `unipen_convert`'s report."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a stand-in stderr without write, as run_main had
        print(line, file=sys.stderr)


def say_error(prog: str, message: str) -> None:
    """``PROG: error: MESSAGE`` on stderr (:func:`say`), on one line whatever a file's name in it holds, as argparse
    words a refused flag: training's commands said a refused flag as "python -m training.fit: error: …" and a
    missing file as a bare "error: …". ``prog``: the command's name where it runs in-process
    (:func:`command_name`)."""
    from rowreader.output import one_line  # only when there is an error to say: a command's start stays light

    say(f"{command_name(prog)}{ERROR}{one_line(message)}")


def error_reason(line: str) -> str | None:
    """The message of a line :func:`say_error` wrote (or argparse's ``PROG: error: …``), else None: how the app
    reads why a fine-tune it started failed."""
    if line.startswith(bare := ERROR.lstrip(": ")):  # a training command's own, until this round
        return line.removeprefix(bare).strip()
    prog, found, message = line.partition(ERROR)
    named = found and prog and not prog[0].isspace() and ": " not in prog  # not "RuntimeError: CUDA error: …"
    return message.strip() if named else None


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """The body (a command line being read) is part of a command's start: a stop in it has done nothing, and
    :func:`run_main` says so, as for one while the module imports. Ctrl-C in the milliseconds argparse took said
    "interrupted" alone, as if work had begun."""
    try:
        yield
    except KeyboardInterrupt as err:
        err.while_starting = True  # type: ignore[attr-defined]
        raise


def ignore_stops() -> None:
    """Ctrl-C, SIGTERM and SIGHUP are ignored from now on (in the main thread, where handlers are set): the command has
    finished, its files whole and its status decided. In the seconds Python and torch then take to close, a stop
    ended a finished run with 130 or 143 (killed by the signal, or after an atexit hook's traceback), as if it had
    been stopped midway, and a script took the run for lost."""
    if threading.current_thread() is threading.main_thread():
        for stop in STOP_SIGNALS:
            signal.signal(stop, signal.SIG_IGN)


def loading_note(prog: str) -> str:
    """What a command says at once when a stop is held while it loads (:func:`stops_held`'s ``note``)."""
    return f"{command_name(prog)}: stopping once it has loaded (a few seconds)…"


# The names of the commands run_main is running in this process, innermost last: what command_name answers.
_RUNNING: list[str] = []


def command_name(default: str) -> str:
    """The name a command gives itself, its ``prog``, in its usage, refusals, ``--version`` and stop lines alike: the
    one :func:`run_main` runs it under (as the user typed it), else ``default`` (its ``main`` called in-process, as
    a test does). `python -m training.fit` was "python -m training.fit: error: …" and "training.fit: interrupted",
    and `python -m gui --version` said "rowreader-gui 0.1.0", a command not typed."""
    return _RUNNING[-1] if _RUNNING else default


def rowreader_words() -> list[str]:
    """The words that run the ``rowreader`` command, for a hint another command gives (`download them once: …`):
    ``python -m rowreader`` where the command running was typed as ``python -m …``, as from a checkout, where no
    console script may be installed (`python -m rowreader evaluate` and `python -m training.fit` advised
    `rowreader download`: "command not found"); else ``rowreader`` (the console scripts, a library call)."""
    return ["python", "-m", "rowreader"] if command_name("").startswith("python -m ") else ["rowreader"]


def run_main(module: str, prog: str | None = None, argv: Sequence[str] | None = None, *, last: bool = True) -> int:
    """``module.main(argv)``, its module imported here; Ctrl-C or SIGTERM that reaches this far is one line on
    stderr, ``PROG: interrupted …`` (``PROG: stopped by SIGTERM …``), and exit status 128 + the signal's number.
    ``prog``: the command's name (:func:`command_name`); by default how this process's command was typed
    (``python -m gui``, ``rowreader-gui``, ``bench_fit.py``: :func:`rowreader.output.typed_command`).

    SIGTERM is taken for the import (torch takes seconds) and for ``main``: left to the system once the module had
    loaded, it ended a command reading its command line (``rowreader``), a merge or a benchmark on the spot, with
    not a word and a half-written file's temporary left behind. A handler already set (training's, from its first
    moment) stays; training takes this one over as its own (:mod:`training.interrupt`).

    A command that needs torch (or torchvision) in a Python without it, or with one that cannot load, says so on one
    line, with the command that installs it, and ends with status 1 (:mod:`rowreader.needs_torch`).

    ``last``: the process ends with this command, so once ``main`` has returned (or was stopped) further stops are
    ignored (:func:`ignore_stops`); a command line read apart, before the command itself, is not the last. A stop
    given a ``left`` by the command (what it left: "nothing was written to OUT", a merge's) ends its line."""
    # imported with this module: imported here, a SIGTERM in its 3 ms, training's handler already set, ended `python
    # -m training.fit` (the app's teach) in a traceback, status 1, never "stopped by SIGTERM while starting"
    prog = typed_command() if prog is None else prog
    started = False
    _RUNNING.append(prog)
    try:
        with stops_like_ctrl_c():
            # A stop waits for the import to end (a second one does not): raised inside a compiled module's own
            # import (torch, numpy) it came out as that module's failure, in its words, a traceback and status 1
            # ("PyCapsule_Import could not import module 'datetime'"), aborted Python (pybind11's "terminate called
            # … KeyboardInterrupt", status 134) or was lost: 6 of 660 stops sent at random into five commands
            with stops_held(loading_note(prog)):
                imported = importlib.import_module(module)
            main = imported.main
            started = True
            try:
                return main(argv) if argv is not None else main()
            finally:  # here, not once the body is left: that put the system's handler back, which ended a command
                if last:  # done in that instant with status 143 and not a word (a reader gone: 141 decided), as
                    ignore_stops()  # it did one that exited (SystemExit: a refused command line's 2)
    except KeyboardInterrupt as err:
        when = "" if started and not getattr(err, "while_starting", False) else " while starting; nothing was done"
        # the terminal's "^C" ends no line; the note said as the stop was held did (a second "^C" again ends none)
        after_c = "\n" if stop_status(err) == 128 + signal.SIGINT and not getattr(err, "noted", False) else ""
        left = f"; {err.left}" if hasattr(err, "left") else ""  # what the command says its stop left (a merge)
        say(f"{after_c}{prog}: {stop_words(err)}{when}{left}")
        return stop_status(err)
    except (ImportError, OSError) as err:  # a light install: no torch (training, `rowreader evaluate`), no Qt (the
        # app), a Qt missing a library, or a torch that cannot load (a broken CUDA library: OSError)
        from rowreader.needs_torch import QT, install_words, missing_module, qt_unloadable, torch_unloadable

        if (why := qt_unloadable(err) or torch_unloadable(err)) is not None:
            say_error(prog, why)
            return 1
        if (module := missing_module(err)) is None:
            raise
        say_error(prog, install_words("the app" if module == QT else "this command", module))
        return 1
    finally:
        _RUNNING.pop()
        if last:
            ignore_stops()
        forget_a_caught_ctrl_c()


def forget_a_caught_ctrl_c() -> None:
    """Python forgets a Ctrl-C that came out of an ``exec`` of a text (which ``dataclasses`` and ``namedtuple`` run by
    the thousand as torch imports), caught since: as it left that ``exec`` CPython marked it unhandled, and once
    ``python -m …`` ended it killed itself by SIGINT (status -2 to a parent, not 130) whatever was caught and returned
    (3 of 16 second Ctrl-Cs inside torch's import, in the thirty-sixth round). An ``exec`` of a text that ends well
    clears that mark, as each ``exec`` begins by doing."""
    exec("")  # an empty text: nothing is run but the clearing
