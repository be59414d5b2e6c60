"""Diagnostics and the small exception hierarchy shared by every stage.

Expected problems (bad data, a failed build) are `RoadmapError`s: the command line
prints them and exits 1. Anything else is a bug in the tool and says so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]

# Characters that a terminal or a CI log would act on rather than show: C0 and C1
# controls (newline included, which would start a forged workflow command) and DEL.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` on one line with every control character spelled out (`\\n`, `\\x1b`)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:col: severity: message`."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return printable(text)

    def format_github(self) -> str:
        kind = {"error": "error", "warning": "warning", "note": "notice"}[self.severity]
        # GitHub workflow commands escape %, CR and LF in data, and also , and : in properties.
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = (
            self.path.replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
            .replace(":", "%3A")
            .replace(",", "%2C")
        )
        return printable(f"::{kind} file={path},line={self.line},col={self.col}::{msg}")


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.fspath(path)


class RoadmapError(Exception):
    """An expected failure: reported cleanly, exit status 1."""


class DataError(RoadmapError):
    """The roadmap data is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class PositionedError(RoadmapError):
    """A refusal that points at a place in the data, which is itself valid (an unknown id)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class BuildError(RoadmapError):
    """The site could not be built; the published site is left as it was."""
