"""Putting a built site in place: one build at a time, and readers never see half a site.

The builder writes into a staging folder beside the target (`.site.building-*`); the
result replaces the target in one step. On Linux that step is `renameat2` with
RENAME_EXCHANGE, which swaps the two folders atomically, so the site path always holds
a whole site. Elsewhere two renames do it, with the old site kept until the new one is
in place. A lock on the folder that holds the target makes concurrent builds of the same site take
turns, and lets the next build remove what a killed build left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import BuildError, display_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not serialised there
    fcntl = None  # type: ignore[assignment]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_prefix(target: Path) -> str:
    return f".{target.name}.building-"


def _leftovers(target: Path) -> list[Path]:
    names = (staging_prefix(target), f".{target.name}.old-")
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(names))


@contextlib.contextmanager
def site_lock(target: Path) -> Iterator[None]:
    """Hold the lock of the folder that holds the site (an advisory lock on the folder
    itself, so no lock file is left behind); once held, clear what interrupted builds
    left beside the site."""
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        for stale in _leftovers(target):
            shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` (same file system, so the swap is a rename)."""
    stage = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def swap_into_place(new: Path, target: Path) -> None:
    """Put the folder `new` where `target` is; the old site is removed afterwards."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cannot_write(target: Path, exc: OSError) -> BuildError:
    why = exc.strerror or str(exc)
    return BuildError(
        f"cannot write the site to {display_path(target)}: {why}; check that the folder "
        "and the one above it can be written, or pick another --site-dir"
    )
