"""Paths the tool writes to or reads code from, and the one rule about links in them.

A symbolic link sends a write or a read somewhere other than the place named: a site
folder linked to the other edition's, a template linked to the raw data, a file that
`roadmap init` would write through to outside the repository. Each of those places
asks `linked_part` before it is used.
"""

from __future__ import annotations

from pathlib import Path, PurePath


def linked_part(base: Path, rel: str | PurePath) -> str | None:
    """The first part of `rel` below `base` that is a symbolic link (a dangling one too),
    as a path relative to `base`; None when there is none. `base` itself is not judged."""
    parts = PurePath(rel).parts
    for n in range(len(parts)):
        if base.joinpath(*parts[: n + 1]).is_symlink():
            return "/".join(parts[: n + 1])
    return None
