"""View models for the changelog page: each change to the plan, as Markdown-safe pieces."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ...history.changelog import ChangelogEntry
from ...history.report import markdown_sections


@dataclass(frozen=True)
class HistoryEntry:
    """One changelog entry, ready for the page: text pieces are Markdown-safe."""

    entry: ChangelogEntry
    summary: str
    sections: list[tuple[str, list[tuple[Markup, Markup]]]]


def history_entries(entries: list[ChangelogEntry]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            e,
            e.diff.summary(),
            [
                (heading, [(Markup(line), Markup(detail)) for line, detail in items])
                for heading, items in markdown_sections(e.diff, ids=False)
            ],
        )
        for e in entries
    ]
