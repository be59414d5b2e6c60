"""Words for people: no page meant for readers speaks the planner's or the data's language.

Every page of every edition of the example (as of 2027-05-10) is scanned, the guide and
the data-format reference left out (they are where `quarter:`, plan value and bounds
belong), for the tool's terms and for ids shown where a name exists. Link targets and
HTML attributes are not read: a reader does not see them.
"""

from __future__ import annotations

import re

import pytest
from rendered import page

from generator.site.build import Prepared

# What a reader should never meet: a term, and what to say instead (for the message).
TOOL_TERMS = {
    r"[Pp]lan value": "say what the plan does, not its objective's value",
    r"\bproven\b|\boptimal\b|\bheuristic\b|\bHiGHS\b|\bMILP\b": "solver words",
    r"`quarter:`|\bquarter&#58;": "a YAML key: say 'pin it to a quarter'",
    r"`progress:`|\bprogress&#58;": "a YAML key: say 'a new check-in is due'",
    r"\bneeds [A-Z][a-z]+ [a-z]": "a role read as a name ('needs A product manager')",
    r"(?<![\d.,])1 (points|hours|quarters|weeks|objectives|initiatives)\b": "a wrong plural",
    r"\b[a-z][a-z0-9-]*'s own limit\b": "a person by id: by name",
    r"\bSource: [a-z]+-[a-z-]+\b": "a source by id",
}
PAGE_KINDS = ("guide/", "reference/")


def _readable(text: str) -> str:
    """The text of a Markdown page as a reader sees it: no front matter, link targets,
    tags or attributes, Markdown escapes undone."""
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :]
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


def _pages(prepared: dict[str, Prepared], edition: str) -> dict[str, str]:
    return {
        path: _readable(page(prepared, path, edition))
        for path, text in sorted(prepared[edition].files.items())
        if isinstance(text, str) and path.endswith(".md") and not path.startswith(PAGE_KINDS)
    }


def _without_commit_subjects(path: str, text: str) -> str:
    # The changelog's headings are commit subjects: people's own words, not the tool's.
    if path != "changelog.md":
        return text
    return "\n".join(line for line in text.splitlines() if not line.startswith("## "))


@pytest.mark.parametrize("edition", ["team", "organisation", "leadership"])
def test_no_page_speaks_the_tools_language(prepared: dict[str, Prepared], edition: str) -> None:
    found = []
    for path, text in _pages(prepared, edition).items():
        text = _without_commit_subjects(path, text)
        for term, why in TOOL_TERMS.items():
            m = re.search(term, text)
            if m:
                context = " ".join(text[max(0, m.start() - 50) : m.end() + 30].split())
                found.append(f"{path}: {m.group(0)!r} ({why}): ...{context}...")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("edition", ["team", "organisation", "leadership"])
def test_no_page_shows_an_id_where_a_name_exists(
    prepared: dict[str, Prepared], edition: str
) -> None:
    from pathlib import Path

    from generator.data.validate import load_roadmap

    model, _ = load_roadmap(Path(__file__).parent.parent / "roadmap")
    # Ids of one plain word ("quality") are words too; ids with a hyphen are not.
    ids = [
        x
        for x in (
            *(i.id for i in model.initiatives),
            *(t.id for t in model.teams),
            *(p.id for p in model.people),
            *(o.id for o in model.objectives),
            *model.key_result_by_ref,
        )
        if "-" in x or "." in x
    ]
    shown = re.compile(r"(?<![\w/.#-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    found = []
    for path, text in _pages(prepared, edition).items():
        text = _without_commit_subjects(path, text)
        for m in shown.finditer(text):
            context = " ".join(text[max(0, m.start() - 50) : m.end() + 30].split())
            found.append(f"{path}: {m.group(0)}: ...{context}...")
            break
    assert not found, "\n".join(found)
