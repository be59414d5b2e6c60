"""The permissions of the files the tool creates: what the user's umask allows.

A file written through a temporary file (so that it appears whole) would otherwise
keep the temporary file's mode, 0600, whatever the umask: an exported pack or table
that nobody else on the machine, or the web server, can read. Every new file gets
0666 with the umask's bits taken away, as a file written with `open()` would.
"""

from __future__ import annotations

import os


def new_file_mode() -> int:
    """0666 less the process's umask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
