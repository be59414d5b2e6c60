"""The template context is a public API: docs/templates.md lists every key of every page
kind and every filter, and nothing that does not exist.

Users' template overrides depend on these names, so a key or filter added without a word
in the docs fails here (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import jinja2
import pytest

from generator.site import pages
from generator.site.render import environment, packaged_templates

DOC = Path(__file__).resolve().parents[1] / "docs" / "templates.md"
CONTEXTS = [
    pages.PageContext,
    pages.HomeContext,
    pages.TeamPageContext,
    pages.ObjectiveContext,
    pages.CalendarContext,
    pages.InitiativeContext,
    pages.ReviewContext,
    pages.KPIContext,
    pages.ScenariosContext,
    pages.PresentContext,
    pages.ChangelogContext,
]


def _sections() -> dict[str, list[str]]:
    """Heading -> the first cells (the backticked names) of the tables below it."""
    out: dict[str, list[str]] = {}
    heading = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line
            out[heading] = []
        elif line.startswith("| `"):
            first = line.split("|")[1]
            out[heading] += re.findall(r"`([^`]+)`", first)
    return out


def _documented_keys(context: type) -> list[str]:
    matches = [names for h, names in _sections().items() if f"(`{context.__name__}`" in h]
    assert len(matches) == 1, f"docs/templates.md has no one section for {context.__name__}"
    return matches[0]


def _own_keys(context: type) -> set[str]:
    """The keys a context type adds to those of every page (all of them for the changelog,
    which extends nothing)."""
    keys = set(typing.get_type_hints(context))
    shared = set(typing.get_type_hints(pages.PageContext))
    return keys - shared if context is not pages.PageContext and shared <= keys else keys


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.__name__)
def test_every_context_key_is_documented_and_nothing_else(context: type) -> None:
    documented = _documented_keys(context)
    assert sorted(documented) == sorted(set(documented)), "a key is listed twice"
    assert set(documented) == _own_keys(context)


def test_every_page_kind_is_documented() -> None:
    kinds = {
        name
        for name, value in vars(pages).items()
        if name.endswith("Context") and isinstance(value, type) and typing.is_typeddict(value)
    }
    assert kinds == {c.__name__ for c in CONTEXTS}


def test_every_template_is_named_in_the_docs() -> None:
    text = DOC.read_text(encoding="utf-8")
    for template in sorted(packaged_templates().glob("*.md.j2")):
        assert f"`{template.name}`" in text, template.name


def test_every_filter_is_documented_and_nothing_else() -> None:
    env, plain = environment(), jinja2.Environment()
    added = {n for n, f in env.filters.items() if plain.filters.get(n) is not f}
    assert {"md", "status_badge", "safe"} <= added  # the comparison sees the tool's own
    documented = set(_sections()["## Filters"])
    assert documented == added


def test_the_pages_receive_exactly_their_documented_keys() -> None:
    """The context a page is rendered with has the keys its type declares: the types are
    not merely documentation."""
    import datetime as dt

    from generator.data.validate import load_roadmap
    from generator.planning.planner import make_plan
    from generator.site.editions import project
    from generator.site.views.roadmap import build_view

    model, _ = load_roadmap(Path(__file__).resolve().parents[1] / "roadmap")
    day = dt.date(2027, 5, 10)
    plan = make_plan(model, today=day)
    by_template = {
        "home.md.j2": pages.HomeContext,
        "team-page.md.j2": pages.TeamPageContext,
        "objective.md.j2": pages.ObjectiveContext,
        "calendar.md.j2": pages.CalendarContext,
        "initiative.md.j2": pages.InitiativeContext,
        "review.md.j2": pages.ReviewContext,
        "kpi.md.j2": pages.KPIContext,
        "changelog.md.j2": pages.ChangelogContext,
        "present.html.j2": pages.PresentContext,
        "scenarios.md.j2": pages.ScenariosContext,
    }
    for audience in ("leadership", "team"):
        view = project(build_view(model, plan, day), audience)
        seen = set()
        for page in pages.site_pages(model, plan, view, audience, history=[], review_changes={}):
            want = by_template.get(page.template, pages.PageContext)
            assert set(page.context) == set(typing.get_type_hints(want)), page.path
            seen.add(page.template)
        assert "initiative.md.j2" in seen
