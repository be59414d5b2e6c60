"""Watching for `roadmap serve`: what changed, and what to show while the data is invalid.

The polling watcher (has anything under these paths changed since the last look?) is
used with builders that run no MkDocs plugins; polling needs no extra dependency and a
roadmap has a few hundred small files at most.

While an edit leaves the data invalid, the server shows `error_page` at every address
instead of the site (a request must never wait for a build that cannot succeed): the
positioned messages, escaped for HTML since they quote the data, on a page that
reloads itself every few seconds, so the site is back as soon as the data is fixed.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import words

RELOAD_SECONDS = 2

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


def error_page(messages: Sequence[str]) -> str:
    """A page of its own (no theme, nothing loaded from elsewhere) with the messages."""
    errors = sum(": error: " in m for m in messages)
    heading = "The roadmap data is invalid"
    count = words.plural(errors, "error") if errors else "A problem"
    lines = "\n".join(html.escape(m) for m in messages)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="{RELOAD_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>
body {{ font: 18px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
  padding: 0 1rem; color: #1b1b1b; }}
h1 {{ font-size: 1.75rem; color: #b00020; }}
pre {{ font-size: 16px; white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6;
  border-left: 4px solid #b00020; padding: 1rem; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<p>{html.escape(count)} kept the site from being built. Fix the data files named below;
this page reloads by itself and shows the site again once the data is valid.</p>
<pre class="rm-serve-errors">{lines}</pre>
</body>
</html>
"""
