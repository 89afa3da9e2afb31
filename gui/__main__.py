"""``python -m gui`` / ``rowreader-gui``: open the window, optionally with a checkpoint and a device."""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run anew by run_main (see run): Ctrl-C while Qt and the model load is one line
    from rowreader.launch import run_main

    sys.exit(run_main("gui.__main__"))

import argparse
import os
import re
from collections.abc import Mapping, Sequence

from gui import APP
from rowreader import needs_torch
from rowreader.data import ENV_VAR, home_folder
from rowreader.device import DEVICE_CHOICES, device_argument, device_of_flag
from rowreader.launch import (
    READER_LEFT,
    CommandParser,
    Stopped,
    as_typed,
    command_name,
    loading_note,
    run_main,
    say,
    starting,
    stop_status,
    stop_words,
    stops_held,
)
from rowreader.output import quiet_broken_pipe
from rowreader.paths import env_folder, path_argument

PROG = APP
WAYLAND_PLUGINS = ("wayland", "wayland-egl", "wayland-brcm")  # $QT_QPA_PLATFORM's names for Qt's Wayland plugins


def run() -> int:
    """``rowreader-gui``, started as ``python -m gui`` and the other commands are (:func:`run_main`): Ctrl-C in the
    second before the window showed (Qt and the model loading) printed a page of importlib's traceback, and
    SIGTERM then ended it without a word; each is one line now, "… while starting; nothing was done"."""
    return run_main("gui.__main__", PROG)  # the rowreader-gui command (python -m gui names itself as typed)


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog=PROG,
        description="Draw a digit and watch a recurrent network read it one pixel row at a time.",
        epilog="Exit status: 0 when the window was closed; 1 when its help cannot be written (stdout on a full disk), "
        'or when the display went away under it (Qt\'s line: "The X11 connection broke"); '
        "2 for a command line that is refused (a line on stderr says why); 130 when stopped by Ctrl-C, 143 by "
        "SIGTERM and 129 by SIGHUP (the window closes as Quit closes it, its settings saved); "
        f"{READER_LEFT} when the reader of its help left (`| head -1`), nothing said.",
    )
    parser.add_argument(
        "--checkpoint",
        type=path_argument,
        metavar="PATH",
        help="model to load (default: the model used last, else the one shipped with the package)",
    )
    parser.add_argument(
        "--device",
        type=device_argument,  # the one rule of what a device is called, checked before torch loads
        default="cpu",
        help=f"where models are trained or fine-tuned: {DEVICE_CHOICES} (default: cpu)",
    )
    parser.add_argument(
        "-style",
        "--style",
        metavar="NAME",
        help="Qt's widget style, as Qt's own -style takes it, such as Fusion (default: $QT_STYLE_OVERRIDE, else the "
        "desktop's)",
    )
    parser.add_argument(
        "--color-scheme",
        choices=("system", "light", "dark"),
        default="system",
        help="follow the system's light or dark palette (default), or force one",
    )
    return parser


def no_display(environ: dict[str, str] | os._Environ[str] = os.environ, platform: str = sys.platform) -> str | None:
    """Why a window cannot open here, or None. Over a plain ssh session (no X11 display, no Wayland) Qt aborted with
    a core dump, and its last words blamed a missing libxcb-cursor0, which sent people to install packages they
    had. Only where X11 or Wayland are the way to a screen, and only when no Qt platform was chosen but Wayland."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if chosen := environ.get("QT_QPA_PLATFORM"):
        return no_compositor(chosen, environ) if chosen.partition(":")[0] in WAYLAND_PLUGINS else None
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return None
    if display := environ.get("DISPLAY"):
        return unreachable_display(display, platform)
    return (
        "no display to open the window on ($DISPLAY and $WAYLAND_DISPLAY are unset): start it from a desktop "
        "session, or over `ssh -X`"
    )


def no_compositor(chosen: str, environ: Mapping[str, str]) -> str | None:
    """Why no Wayland compositor can answer where ``chosen`` ($QT_QPA_PLATFORM, one Wayland plugin) has Qt look,
    or None where one may. `QT_QPA_PLATFORM=wayland`, set in a profile for a Wayland desktop, over `ssh -X` or after
    the session ended, had Qt abort with a core dump (status 134), its last words "Reinstalling the application may
    fix this problem". Qt looks at $WAYLAND_DISPLAY (else wayland-0), in $XDG_RUNTIME_DIR where it is a name."""

    if environ.get("WAYLAND_SOCKET"):  # a connection handed over open, by its number
        return None
    where = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(where) or os.path.isabs(runtime):
        where = os.path.join(runtime, where)  # an absolute $WAYLAND_DISPLAY stays as it is
        if (refused := _unanswered(where)) is None:
            return None
        why = f"cannot connect there: {refused}" if refused else "nothing listens there"
    else:
        why = "$XDG_RUNTIME_DIR, the folder it is in, is unset"
    x11 = f" to open it on $DISPLAY={environ['DISPLAY']}" if environ.get("DISPLAY") else ""
    return (
        f"no Wayland compositor answers at {where} ($QT_QPA_PLATFORM={chosen} chose it; {why}): start it from a "
        f"Wayland session, or unset QT_QPA_PLATFORM{x11}"
    )


def unreachable_display(display: str, platform: str = sys.platform) -> str | None:
    """Why no X server can answer at ``display`` ($DISPLAY), or None where one may. A $DISPLAY left from a desktop
    session that has ended, or from an `ssh -X` whose forwarding is off, had Qt abort with a core dump (status 134),
    its last words "xcb-cursor0 or libxcb-cursor0 is needed … Reinstalling the application may fix this problem",
    as with no display at all. Only a server that is certainly absent is said (nothing listens on its socket or
    port); a name this does not know, or a host that is slow to answer, is left to Qt."""
    import socket

    parts = re.fullmatch(r"(?:(?P<protocol>[a-z0-9]+)/)?(?P<host>[^:/]*):(?P<number>\d+)(?:\.\d+)?", display)
    if parts is None or parts["protocol"] not in (None, "unix", "tcp", "inet", "inet6"):
        return None
    host, number = parts["host"], int(parts["number"])
    if parts["protocol"] in (None, "unix") and host in ("", "unix"):
        where = f"/tmp/.X11-unix/X{number}"
        addresses = (f"\0{where}", where) if platform.startswith("linux") else (where,)  # abstract, then a file
        if None in (refused := [_unanswered(address) for address in addresses]):
            return None
        nothing = f"cannot connect to {where}: {refused[-1]}" if refused[-1] else f"nothing listens on {where}"
    else:
        host = host or "localhost"
        try:
            socket.create_connection((host, 6000 + number), timeout=5).close()
        except (ConnectionRefusedError, socket.gaierror) as err:
            nothing = f"{host}:{6000 + number}: {err.strerror or err}"
        except OSError:  # a timeout, a network down: perhaps only slow
            return None
        else:
            return None
    return f"no X server answers at $DISPLAY={display} ({nothing}): start it from a desktop session, or over `ssh -X`"


def _unanswered(address: str) -> str | None:
    """Why no server can answer at the Unix socket ``address``: "" where nothing listens, else the system's reason
    ("Permission denied": `sudo -u ann` in another user's session was told "nothing listens there" of a compositor
    that runs); None where one may, as one accepts or is there but busy. The one probe of a Wayland compositor's
    socket and an X server's. Linux refuses a connection to a full queue at once (EAGAIN), where a timeout was taken
    for "busy": a busy compositor was "nothing listens there", and the app refused to start."""
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.settimeout(5)
        try:
            server.connect(address)
        except (TimeoutError, BlockingIOError):  # there, but busy (elsewhere the connection waits, then times out)
            return None
        except (ConnectionRefusedError, FileNotFoundError):  # no socket, or one nobody serves (a file, a folder)
            return ""
        except OSError as err:
            return err.strerror or str(err)
        return None


def utf8_command() -> list[str] | None:
    """The command line that starts the app anew in Python's UTF-8 mode, or None where Python already reads file
    names as UTF-8. Under a locale that is not UTF-8 (``LANG=en_US.ISO-8859-1``) Qt switches itself to UTF-8 and
    Python does not: a picture named ``seven é.png`` chosen in the file dialog was "no such file", and a virtualenv
    whose path holds an accent aborted the app at start ("Could not find the Qt platform plugin", "Reinstalling the
    application may fix this problem"), Qt looking for its plugins under a name Python had spelled in Latin-1."""
    if sys.platform == "win32" or sys.flags.utf8_mode or not sys.executable:  # Windows: file names are Unicode
        return None
    if os.environ.get("PYTHONUTF8") == "1":  # started anew already: never twice, whatever a Python makes of -X
        return None
    if sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return None
    return [sys.executable, "-X", "utf8", *sys.orig_argv[1:]]


def qt_words(style: str | None) -> list[str]:
    """The command line Qt is given: the program's name, and Qt's own ``-style`` where one was asked for, named as
    Qt names it. Qt is given no other word (each is checked here first); `python -m gui -style Fusion`, a Qt app's
    habit, was refused as "unrecognized arguments". A style Qt has not was a warning on stderr from Qt, the desktop's
    style used: here it is refused, the styles there are named (``ValueError``)."""
    if style is None:
        return sys.argv[:1]
    from PySide6.QtWidgets import QStyleFactory

    styles = QStyleFactory.keys()
    if (name := next((known for known in styles if known.lower() == style.strip().lower()), None)) is None:
        from rowreader.json_text import shown

        raise ValueError(
            f"argument -style/--style: no style {as_typed(shown(style))} here: choose from {', '.join(styles)}"
        )
    return [*sys.argv[:1], "-style", name]


@quiet_broken_pipe  # its words lost (`--help > /dev/full`) are one line and status 1, as the commands' are
def command_line_heard(argv: Sequence[str] | None) -> int:
    """0 when ``argv`` is a command line to open the window with; --help, --version and a refusal exit here."""
    build_parser().parse_args(argv)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and (command := utf8_command()) is not None:  # its children (a teach, a download) too
        os.execve(command[0], command, {**os.environ, "PYTHONUTF8": "1"})
    with starting():  # until the window shows, a stop has done nothing: run_main says so
        if status := command_line_heard(argv):
            return status
        args = build_parser().parse_args(argv)
        if args.checkpoint is not None:  # a few bytes read, before the device (torch, seconds) is checked
            from rowreader.checkpoint import refused_model_file

            if (why := refused_model_file("--checkpoint", args.checkpoint)) is not None:
                build_parser().error(why)
        if sys.platform != "win32":
            # `HOME=` (empty) kept the settings and examples in `//.local/share/RowReader`: Qt reads $HOME as it is,
            # the commands read such a HOME as an unset one (the password database's); Qt is told their reading
            try:
                os.environ["HOME"] = str(home_folder())
            except ValueError as err:  # said as the commands say it (this said "…; unset it", ROWREADER_DATA's hint)
                build_parser().error(str(err))
        try:  # `ROWREADER_DATA='~ann/x'` (no user ann) was a traceback from inside the window's set-up
            env_folder(ENV_VAR)
        except ValueError as err:
            build_parser().error(f"{err}; unset it, or set it to a folder such as ~/mnist")
        # what keeps the window from opening at all is said first, the cause before its effect: no Qt (run_main's
        # one line), a Qt known to abort mid-use (6.12.0), one that cannot load, then no display. Said after "no
        # display", each was news once `ssh -X` gave one; after `--device cuda`'s "needs PyTorch", once torch (1-6 GB)
        # was installed
        if needs_torch.absent(needs_torch.QT):
            raise ModuleNotFoundError(f"No module named {needs_torch.QT!r}", name=needs_torch.QT)
        if why := needs_torch.installed_qt_refused():
            build_parser().error(why)
        if (reason := no_display()) is not None:
            with stops_held(loading_note(PROG)):  # loading needs no display; where there is one, it is loaded below
                import PySide6.QtWidgets  # noqa: F401  (a server without libEGL: its ImportError is run_main's line)
            build_parser().error(reason)
        device = args.device.strip().lower()
        if device.startswith("cpu"):  # `cpu:0` too (torch ignores the index): torch took 3 s to say so first
            device = "cpu"
        elif device != "auto":  # checked now (this imports torch) so a missing GPU is reported before the window opens
            try:
                device = str(device_of_flag(device))
            except RuntimeError as err:
                build_parser().error(str(err))
            except ModuleNotFoundError as err:  # the light install: "this command needs PyTorch" named no flag
                if (module := needs_torch.missing_module(err)) is None:
                    raise
                build_parser().error(needs_torch.install_words(f"--device {args.device}", module))

        try:
            qt = qt_words(args.style)
        except ValueError as err:
            build_parser().error(str(err))

        # Qt is imported only now, so `--help` and argument errors work without a display. A stop waits for the
        # window to be built, then ends the start: raised inside Qt's import it aborted Python ("libshiboken/
        # signature: could not initialize part 2", status 134), and inside Qt's calls of the window's Python code
        # it was lost, the window shown for good (3 of 15 SIGHUPs 0.55-0.9 s into a start)
        window = None
        try:
            with stops_held(loading_note(PROG)):  # said at once: under load the window takes 30 s, the stop silent
                from gui.app import StopSignals, create_app
                from gui.main_window import MainWindow

                app = create_app(qt, args.color_scheme)
                window = MainWindow(checkpoint=args.checkpoint, device=device)
                window.show()
                window.canvas.setFocus()
        except BaseException as err:
            # the stop held while the window was built, raised as the hold ends: its model was still loading on a
            # worker, and Python ended under it ("Qt Concurrent has caught an exception thrown from a worker
            # thread", at times a segfault, status -11): the load is let end, as the note said it would
            if window is not None:
                window.tasks.cancel_callbacks()
                if window.models.load_task is not None:
                    window.tasks.wait_for(window.models.load_task)
                if not isinstance(err, KeyboardInterrupt):
                    window.tasks.wait()
                elif not window.tasks.wait(0):
                    # work that cannot be interrupted (Qt decoding a picture) is left, not waited for without a
                    # limit: Python must not end under it, so the process ends here, with run_main's line
                    say(f"{command_name(PROG)}: {stop_words(err)} while starting; nothing was done")
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(stop_status(err))
            raise
    stops = StopSignals(app)
    try:
        code = app.exec()
    finally:
        stops.uninstall()
    if stops.signum is not None:  # closed as Quit closes it; the status and the line a stopped command gives
        say(f"{command_name(PROG)}: {stop_words(Stopped(stops.signum))}")
        code = stop_status(Stopped(stops.signum))
    from gui.workers import TaskRunner

    if not all(runner.wait(0) for runner in window.findChildren(TaskRunner)):
        # Work the close could not stop (Qt decoding a picture cannot be interrupted): the thread pool's destructor
        # would wait for it, and the process outlived its window by a minute. What is ours was saved at the close.
        # Each pool's: Python's end cut the Models menu's reading of a big header short under Qt's pool, which said
        # "Qt Concurrent has caught an exception thrown from a worker thread" on the way out.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
