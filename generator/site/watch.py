"""A polling watcher: has anything under these paths changed since the last look?

Used by `roadmap serve` with builders that run no MkDocs plugins; polling needs no
extra dependency and a roadmap has a few hundred small files at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]  # path -> (mtime in ns, size)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Modification time and size of every file under `paths` (missing paths count as empty)."""
    seen: Snapshot = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            try:
                st = path.stat()
            except OSError:  # removed between listing and stat: the next look sees it
                continue
            if path.is_file():
                seen[str(path)] = (st.st_mtime_ns, st.st_size)
    return seen


class Watcher:
    """Remembers the last snapshot; `changed()` says whether a new one differs."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = tuple(paths)
        self.last = snapshot(self.paths)

    def changed(self) -> bool:
        now = snapshot(self.paths)
        if now == self.last:
            return False
        self.last = now
        return True
