"""What a Python without torch says where something needs it: training, ``rowreader evaluate``, teaching in the app
(torch), fetching MNIST (torchvision). Reading digits needs neither, so a light install (numpy, Pillow,
safetensors, Qt, the project with ``--no-deps``) reads, and these say what to install, once, instead of a page of
importlib's traceback ending "ModuleNotFoundError: No module named 'torch'" (the teach dialog showed its last lines).
So does the app in a Python without Qt (PySide6), where the command line alone was wanted and reads.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# the README's CPU build: a light install has chosen small over fast, and the CUDA build is 6.1 GB on Linux
# (10⁹ bytes on disk, as the README measures it)
TORCH_PINS = ("torch<2.15", "torchvision<0.30")  # pyproject.toml's upper bounds, as the README's install names them
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
QT, QT_PACKAGE = "PySide6", "PySide6-Essentials"  # the app's Qt: its module, and what pip installs it as


def missing_module(err: BaseException) -> str | None:
    """``torch``, ``torchvision`` or ``PySide6`` where ``err`` is that package not installed, else None: a module
    inside one failing to import (``torch._C``, a broken install) is another fault, and stays its own traceback,
    unless the package is a bare folder (:func:`absent`), where ``from PySide6.QtCore import …`` fails first."""
    name = getattr(err, "name", None) if isinstance(err, ModuleNotFoundError) else None
    top = (name or "").partition(".")[0]
    return top if top in ("torch", "torchvision", QT) and (name == top or absent(top)) else None


def qt_unloadable(err: BaseException) -> str | None:
    """Why this Python's Qt cannot be used, where ``err`` is the loader failing on one of PySide6's own compiled
    parts, else None. On a server without libEGL (QtGui needs it, and libGL, libfontconfig …), `python -m gui` and
    `python -m gui.screenshot` ended in a page of traceback, "libEGL.so.1: cannot open shared object file"."""
    import os

    path = getattr(err, "path", None) if isinstance(err, ImportError) else None
    try:
        spec = importlib.util.find_spec(QT) if path else None
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = os.path.dirname(spec.origin)
    if os.path.dirname(os.path.abspath(path)) != folder:  # another package's part: its own traceback
        return None
    return (
        f"Qt ({QT}, in {folder}) cannot load {os.path.basename(path)}: {err.msg}; reading on the command line "
        'needs no Qt. A system library it needs is missing (the README\'s "Linux desktop packages" names them), or '
        f"this {QT} is damaged (reinstall it)"
    )


def absent(module: str = "torch") -> bool:
    """Whether ``module`` is not installed in this Python, asked without importing it (torch takes seconds). A folder
    of its name without its ``__init__.py`` (what an uninstall can leave, or a folder so named where the command is
    run) is none: Python takes it for an empty namespace, and the app without Qt ended in a traceback, "No module
    named 'PySide6.QtCore'", where it says that it needs Qt."""
    try:
        return (spec := importlib.util.find_spec(module)) is None or spec.origin is None
    except (ImportError, ValueError):  # a half-removed package: import it and fail in its own words
        return False


def install_words(what: str, module: str = "torch") -> str:
    """``what`` needs ``module``, which this Python lacks: the command that installs it, for this very Python."""
    if module == QT:
        return (
            f"{what} needs Qt ({QT}), which is not installed in this Python ({sys.executable}); the command line "
            f"does not. Install it with {install_command(qt_requirement())}"
        )
    named = "PyTorch (torch)" if module == "torch" else module
    return (
        f"{what} needs {named}, which is not installed in this Python ({sys.executable}); reading digits does not. "
        f"Install it with {install_command(*TORCH_PINS)}"
    )


def conda_environment() -> str | None:
    """This Python's folder where it is a conda environment's own (conda keeps its records in ``conda-meta`` there),
    else None. In one, the refusals named pip's install, which puts a second copy beside conda's packages, that
    conda neither sees nor updates. ``$CONDA_PREFIX`` alone is not asked: a venv made from, or run beside, an
    activated conda environment is pip's, and its prefix has no ``conda-meta``."""
    import os

    return sys.prefix if os.path.isdir(os.path.join(sys.prefix, "conda-meta")) else None


def conda_install(*requirements: str) -> str:
    """conda's command that installs ``requirements`` (pip's names and pins: conda-forge's names, as the
    environment this Python is names it (``-p``, activated or not)."""
    from rowreader.output import shell_word  # only when it is said: a command's start stays light

    names = {"pyside6-essentials": "pyside6", "torch": "pytorch"}  # pip's names conda-forge spells otherwise
    wanted = [names.get(name, name) + pin.replace(" ", "") for name, pin in map(_named, requirements)]
    return f"conda install -p {shell_word(conda_environment() or sys.prefix)} -c conda-forge " + " ".join(
        map(shell_word, wanted)
    )


def install_command(*requirements: str) -> str:
    """The command, in backquotes, that installs ``requirements`` into this Python: conda's in a conda environment,
    else pip's for this very interpreter, PyTorch's (:data:`TORCH_PINS`) from its CPU build's index, and said so."""
    from rowreader.output import shell_word

    if conda_environment():
        return f"`{conda_install(*requirements)}`"
    pip = f"{shell_word(sys.executable)} -m pip install " + " ".join(map(shell_word, requirements))
    if requirements == TORCH_PINS:
        return f"`{pip} --index-url {CPU_INDEX}` (the CPU build; without --index-url, the CUDA build on Linux)"
    return f"`{pip}`"


def torch_unloadable(err: BaseException) -> str | None:
    """Why torch (or torchvision) cannot be loaded, where ``err`` came out of its own import (a statement of its
    modules run as they load), else None. A torch whose shared library is missing or broken (``OSError:
    libcudart.so.12: cannot open shared object file``, ``ImportError: … undefined symbol``) ended `training.fit`,
    `training.ship` and the benchmarks in a page of traceback, `rowreader evaluate` in "cannot write the output",
    and bench_finetune as a refused input (status 2). A torchvision built for another torch (``pip install -U torch``
    alone) raises RuntimeError as it loads, "operator torchvision::nms does not exist": `rowreader download` said
    it and "Without internet: copy the four files", as if the network had failed."""
    import os

    if not isinstance(err, (ImportError, OSError, RuntimeError)) or missing_module(err) is not None:
        return None
    for module in ("torch", "torchvision"):
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.origin is None:
            continue
        folder = os.path.dirname(spec.origin)
        trace = err.__traceback__
        while trace is not None:
            code = trace.tb_frame.f_code
            if code.co_name == "<module>" and os.path.abspath(code.co_filename).startswith(folder + os.sep):
                # the folder inside the parentheses: torchvision's was "torchvision (, in …)"
                named = "PyTorch (torch, in" if module == "torch" else f"{module} (in"
                other = "" if module == "torch" else ", or built for another torch"
                return (
                    f"{named} {folder}) cannot be loaded: {err}; reading digits does not need it. A library it "
                    f"needs is missing, or this {module} is damaged{other}: reinstall it with "
                    f"{install_command(*TORCH_PINS)}"
                )
            trace = trace.tb_next
    return None


def qt_requirement() -> str:
    """The versions of Qt the project allows, as its metadata has them from pyproject.toml (one definition), else
    as the pyproject.toml of the checkout this package is in says them (run on $PYTHONPATH, not installed: with no
    pin, 6.12.0 started, and the install named for a missing Qt was the bare package, which pip resolves to it), or
    the package alone where neither has them."""
    import os
    import tomllib
    from importlib import metadata

    try:
        wanted = metadata.requires("rowreader") or []
    except metadata.PackageNotFoundError:
        checkout = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        try:
            with open(os.path.join(checkout, "pyproject.toml"), "rb") as file:
                project = tomllib.load(file).get("project")
        except (OSError, ValueError):  # none there (an install without metadata), or not TOML
            project = None
        ours = isinstance(project, dict) and project.get("name") == "rowreader"  # not another project's file
        wanted = project.get("dependencies", []) if ours else []
    return next((spec for spec in wanted if _named(spec)[0] == _named(QT_PACKAGE)[0]), QT_PACKAGE)


def _named(spec: str) -> tuple[str, str]:
    """A requirement's package name as pip compares names (any case; runs of -, _ and . alike), and what follows
    it: a pin of ``!=`` or ``==`` first (setuptools sorts the clauses) was not taken for Qt's, the app let 6.12.0 start
    and named the bare package's install, which pip resolves to the newest."""
    import re

    name = re.match(r"[A-Za-z0-9._-]*", spec).group()
    return re.sub(r"[-_.]+", "-", name).lower(), spec[len(name) :]


def qt_version() -> str | None:
    """The version the PySide6 Python finds first sets in its ``__init__.py`` (pip's and a system's or conda's alike
    write it plainly), read as Python would run it (tokenised, its first 64 KiB): Qt not imported, as a stop inside
    Qt's import aborts Python. None where there is none, or it does not say its version plainly (nothing run, nothing
    guessed). PySide6-Essentials' metadata was
    read first, and it can name another copy: with pip's 6.11.3 installed, a 6.12.0 put on $PYTHONPATH was judged as
    6.11.3, started, and aborted as pip's does."""
    import io
    import re
    import tokenize

    try:
        spec = importlib.util.find_spec(QT)
        if spec is None or spec.origin is None:  # none there, or a folder without its __init__.py
            return None
        with tokenize.open(spec.origin) as init:  # in its coding line's encoding, as Python reads it
            text = init.read(1 << 16)
    except (ImportError, ValueError, OSError, SyntaxError):  # half-removed, not text, unreadable: not guessed at
        return None
    # the statements Python runs, tokenised (not run): a line of a docstring that read `__version__ = "6.11.3"`
    # before its 6.12.0 was taken for it, as was the "6" of `"6" + ".12.0"`. The last module-level one is Qt's
    said, statement = None, []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NEWLINE:
                if [t.string for t in statement[:2]] == ["__version__", "="] and statement[0].start[1] == 0:
                    plain = len(statement) == 3 and re.fullmatch(r"""(["'])([^"'\\\n]+)\1""", statement[2].string)
                    said = plain.group(2) if plain else None
                statement = []
            elif token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
                statement.append(token)
    except (tokenize.TokenError, SyntaxError):  # cut at 64 KiB, or not Python: what was read so far
        pass
    return said


def qt_refused(version: str, folder: str = "") -> str | None:
    """Why the app will not run on PySide6 ``version``, with the pip install that fixes it, or None where the
    project's pin (:func:`qt_requirement`) allows it (or says nothing that can be judged). pip alone kept to the
    pin, and the light install's ``--no-deps`` (or a later ``pip install -U``) never asks it: on 6.12.0 the window
    opened, then aborted Python after about thirty Ctrl+R's ("Fatal Python error: none_dealloc"), the drawing lost.
    ``folder``: where that PySide6 is, said, as one on $PYTHONPATH is found before pip's, which its install then does
    not move."""
    import operator
    import re

    wanted = qt_requirement()
    release = re.match(r"\d+(?:\.\d+)*", version)
    clauses = [re.fullmatch(r"\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)*)\s*", c) for c in _named(wanted)[1].split(",")]
    if release is None or not any(clauses):  # a clause not read here (``~=6.8``) is let be; the others still judge
        return None

    def parts(text: str) -> tuple[tuple[int, str], ...]:  # 6.12 == 6.12.0, as pip compares them
        # each number as (its digits' count, its digits): the order of ints without int(), which refuses a 5,000-digit
        # version (ValueError: Python's limit on converting text), a traceback where the app should refuse it
        numbers = [(len(n), n) for n in (n.lstrip("0") for n in text.split("."))]
        return tuple(numbers + [(0, "")] * (8 - len(numbers)))

    have = parts(release.group())
    tests = {
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
        "==": operator.eq,
        "!=": operator.ne,
    }
    if all(tests[c.group(1)](have, parts(c.group(2))) for c in clauses if c is not None):
        return None
    return (
        f"this Python ({sys.executable}) has PySide6 {version}{f' (in {folder})' if folder else ''}, and the app runs "
        f"only on {wanted} "
        "(6.12.0 aborts Python after a few thousand turns of Qt's event loop; a newer release is allowed once "
        f"checked). Install one with {install_command(wanted)}"
    )


def installed_qt_refused() -> str | None:
    """Why the app will not run on this Python's PySide6 (:func:`qt_refused`), or None. Asked by every
    command that opens the window (the app, and the two that take its pictures offscreen): the screenshots ran on
    6.12.0, the teach's with seconds of Qt's event loop, where the app refused it."""
    import os

    if (version := qt_version()) is None:
        return None
    spec = importlib.util.find_spec(QT)  # found a moment ago by qt_version
    return qt_refused(version, os.path.dirname(spec.origin) if spec and spec.origin else "")


@contextmanager
def needing_torch(what: str) -> Iterator[None]:
    """The library's torch names imported, or, without torch, a ``ModuleNotFoundError`` (an ``ImportError``) that
    says ``what`` needs PyTorch and how to install it: ``from rowreader import RowReader`` said only "No module named
    'torch'", as if the library were broken. It still names torch (``err.name``), so :func:`missing_module` and the
    commands' one line know it; any other failure passes as it is."""
    try:
        yield
    except ModuleNotFoundError as err:
        if missing_module(err) != "torch":
            raise
        raise ModuleNotFoundError(install_words(what), name="torch") from None
