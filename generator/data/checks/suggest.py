"""Did-you-mean: the known name that an unknown one most likely misspells.

Every suggestion the checks and the schema messages make comes from `closest`, so they
all agree on what counts as close.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

Hint = Callable[[str, Iterable[str]], str]  # a did-you-mean suffix, or ""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like `name`, or None when none is close enough."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known name, or "" when none is close."""
    close = closest(name, known)
    return f"; did you mean '{close}'?" if close else ""


class Hints:
    """Did-you-mean hints for one check run.

    Each set of known names is sorted once and each unknown name matched once: a
    thousand references to one renamed id in a large roadmap cost one difflib search,
    not a thousand searches over every id.
    """

    def __init__(self) -> None:
        self._sorted: dict[int, tuple[Iterable[str], list[str]]] = {}
        self._found: dict[tuple[str, int], str] = {}

    def __call__(self, name: str, known: Iterable[str]) -> str:
        key = (name, id(known))
        if key not in self._found:
            # Keep `known` alive beside its sorted copy so its id cannot be reused.
            _, names = self._sorted.setdefault(id(known), (known, sorted(known)))
            self._found[key] = did_you_mean(name, names)
        return self._found[key]
