"""Where the models a teach writes live, how each is named, and what a fine-tune killed mid-write leaves there.

Every taught model is ``<user folder>/models/mine-<time>-<random id>.safetensors``: the prefix is how the Models menu,
the start-up sweep and the note of a crashed teach (gui/teach_record.py) tell a taught model from any other file.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

from rowreader.atomic import (
    LOCK_SUFFIX,
    drop_lock,
    lock_path,
    remove_stale_temporaries,
    remove_stale_temporaries_in,
    take_lock,
)
from rowreader.checkpoint import CHECKPOINT_SUFFIX
from rowreader.example_store import name_stamp

MODELS_FOLDER = "models"
TAUGHT_PREFIX = "mine-"  # how every taught model's name begins: only such files are listed, swept and noted
TAUGHT_MODELS = f"{TAUGHT_PREFIX}*{CHECKPOINT_SUFFIX}"  # the glob of them


def models_dir(user_dir: Path) -> Path:
    """Where the app keeps the models it fine-tuned for this user."""
    return user_dir / MODELS_FOLDER


def new_model_path(user_dir: Path) -> Path:
    """A name no other teach will pick: the time and a random id, as examples are named. The time alone gave
    two app instances teaching in the same second one file, and the later fine-tune overwrote the other's."""
    stamp = name_stamp()
    while (path := models_dir(user_dir) / f"{TAUGHT_PREFIX}{stamp}-{secrets.token_hex(3)}{CHECKPOINT_SUFFIX}").exists():
        pass  # 1 in 16 million: draw again
    return path


def release_leftovers(out: Path) -> None:
    """Remove the temporaries and the ``<out>.lock`` that a fine-tune writing ``out`` left when it was killed, unless
    a live process holds them (:func:`rowreader.atomic.remove_stale_temporaries`, :func:`take_lock`); a lock that is
    not ours (a link, a file with bytes in it) is left as it is. A temporary no writer holds is a dead one's at any
    age (a write whose temporary a tidy takes before its lock writes it again)."""
    remove_stale_temporaries(out)
    if lock_path(out).is_file():
        with contextlib.suppress(OSError):  # LockHeld: a live process's; or no lock of ours: left as it is
            drop_lock(out, take_lock(out))


def sweep_models_folder(user_dir: Path) -> None:
    """At start: what fine-tunes killed with the app (``kill -9`` of its process group) left in the models folder.
    Their ``.lock`` stayed for good: the app's own clean-up, after its fine-tune ends, died with it.

    A taught model's temporary whose ``.lock`` is gone goes too, at any age unless a writer holds it: killed as it
    wrote its model and the app started again within the minute, the lock went and the 1.6-MB temporary stayed
    for good (only the locks were looked for), then, while only those a minute old went, for as long as the start
    within the minute ran."""
    with contextlib.suppress(OSError):  # no models folder, or one that cannot be read: nothing to sweep
        for lock in models_dir(user_dir).glob(TAUGHT_MODELS + LOCK_SUFFIX):
            release_leftovers(lock.with_name(lock.name.removesuffix(LOCK_SUFFIX)))
    remove_stale_temporaries_in(models_dir(user_dir), named=TAUGHT_PREFIX)
