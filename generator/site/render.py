"""Stage: render. A pure function from the model and the plan to the site's files.

`render_site` returns {relative path: text} for every page, chart and asset: plain
Markdown, SVG (inline in the pages) and JSON, which any Markdown site builder can
read. Nothing here knows about MkDocs; `site.py` is the adapter that does.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..data.loader import Document
from ..data.model import Origin, Roadmap
from ..data.schema import SCHEMA_NAMES, schema_text
from ..errors import BuildError
from ..history.changelog import ChangelogEntry
from ..history.report import markdown_sections
from ..history.reviews import ReviewChanges
from ..okrs.cadence import cadence_events, calendar_file_events, to_ics
from ..planning.plan import Plan
from ..textsafe import html_escape, md_block, md_text
from . import charts
from .badges import code_spans, kpi_health, kpi_rule, nowrap, status_badge
from .editions import EDITION_PAGES, Edition, project, public_history
from .living import LivingView, build_living, living_nav, living_pages
from .planning_view import planning_view
from .schema_docs import data_format_page
from .teams import team_views
from .views import NOT_DOING_LABELS, SiteView, build_view

PAGE_TITLES = {
    "team": "Team",
    "leadership": "Leadership",
    "not-doing": "Not doing",
    "organisation": "Organisation",
}


def packaged_templates() -> Path:
    """The built-in templates: inside the wheel, or the repository's templates/ folder."""
    inside = Path(str(resources.files("generator"))) / "templates"
    return inside if inside.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def _escaped(value: object) -> Markup:
    return Markup(md_text(value))


# What a template may never reach: the files behind the data (a Path can read and write
# the build machine's files) and the raw documents, which hold every field of every
# edition. Templates see the view models only.
_NOT_FOR_TEMPLATES = (PurePath, Document, Origin, types.ModuleType)


class _TemplateSandbox(ImmutableSandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr == "origin" or isinstance(obj, _NOT_FOR_TEMPLATES):
            return False
        if isinstance(value, _NOT_FOR_TEMPLATES):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def environment(override: Path | None = None) -> jinja2.Environment:
    """Templates in `override` replace the built-in ones file by file.

    Templates are code that a pull request can change, so every template runs in Jinja's
    sandbox (no attribute of Python internals, no mutation of the context), and no
    filter hands data to the page unescaped: `safe`, `e` and `forceescape` escape for
    Markdown like every `{{ }}`, and the filters that build raw HTML are removed.
    """
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and override.is_dir():
        loaders.append(jinja2.FileSystemLoader(override))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    env = _TemplateSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=md_text,  # every {{ }} is escaped for Markdown unless it is Markup
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("safe", "e", "escape", "forceescape"):
        env.filters[name] = _escaped
    for name in ("xmlattr", "urlize"):
        del env.filters[name]
    env.filters["nest"] = lambda depth: Markup("    " * int(depth))  # list indentation
    env.filters["md"] = md_block
    env.filters["score"] = lambda v: "–" if v is None else f"{v:.2f}"
    env.filters["points"] = lambda v: f"{v:g}"
    env.filters["status_badge"] = status_badge
    env.filters["kpi_health"] = kpi_health
    env.filters["kpi_rule"] = kpi_rule
    env.filters["code_spans"] = code_spans
    env.filters["nowrap"] = nowrap
    return env


@dataclass(frozen=True)
class Page:
    path: str  # relative to the docs root, e.g. "initiatives/kb-overhaul.md"
    title: str
    template: str
    context: dict[str, Any]


def _links(view: SiteView, root: str) -> dict[str, Markup]:
    """A Markdown link to every initiative page, from a page `root` levels deep."""
    return {
        i.id: Markup(f"[{md_text(i.initiative.title)}]({root}initiatives/{i.id}.md)")
        for i in view.items
    }


def _pages(
    model: Roadmap, plan: Plan, view: SiteView, audience: Edition, living: LivingView
) -> list[Page]:
    views = EDITION_PAGES[audience]
    t = model.settings.thresholds
    svg = {
        "timeline": charts.timeline_figure(view.scheduled, view.quarters, "the roadmap"),
        "matrix": charts.figure(
            charts.matrix(view.matrix_items, t.impact, t.effort), "Impact and effort matrix"
        ),
        "capacity": charts.figure(charts.capacity(view.quarters), "Capacity per quarter"),
        "dependencies": charts.figure(
            charts.dependencies(view.items), "Dependencies between initiatives"
        ),
    }
    scores = {o.objective.id: o for o in view.objectives}
    # One link table per folder depth, shared by every page at that depth.
    top, nested = _links(view, ""), _links(view, "../")
    base: dict[str, Any] = {
        "view": view,
        "audience": audience,
        "views": views,
        "svg": svg,
        "thresholds": t,
        "scores": scores,
        "kind_labels": NOT_DOING_LABELS,
        "planning": planning_view(model, plan, audience),
        "living": living,
    }
    teams = team_views(model, view) if "team" in views else ()
    base["teams"] = teams
    pages = [Page("index.md", "Home", "home.md.j2", {**base, "root": "", "link": top})]
    for name in views:
        pages.append(
            Page(
                f"{name}.md", PAGE_TITLES[name], f"{name}.md.j2", {**base, "root": "", "link": top}
            )
        )
    for team in teams:
        timeline = charts.timeline_figure(team.scheduled, view.quarters, team.name)
        pages.append(
            Page(
                team.path,
                team.name,
                "team-page.md.j2",
                {**base, "root": "../", "link": nested, "team": team, "timeline": timeline},
            )
        )
    pages.append(
        Page("okrs/index.md", "OKRs", "okrs.md.j2", {**base, "root": "../", "link": nested})
    )
    for o in view.objectives:
        trends = {
            k.key_result.id: charts.figure(
                charts.trend(k.key_result), f"Check-ins: {k.key_result.title}"
            )
            for k in o.key_results
            if k.key_result.check_ins
        }
        pages.append(
            Page(
                f"okrs/{o.objective.id}.md",
                o.objective.title,
                "objective.md.j2",
                {
                    **base,
                    "root": "../",
                    "link": nested,
                    "objective": o,
                    "trends": trends,
                    "owner": model.person_name(o.objective.owner),
                    "work": view.objective_work,
                    "bars": {
                        k.key_result.id: Markup(charts.progress(k.score)) for k in o.key_results
                    },
                    "parent": scores.get(o.objective.parent or ""),
                    "children": [
                        scores[c] for c in view.objective_children.get(o.objective.id, ())
                    ],
                },
            )
        )
    pages.append(
        Page(
            "calendar.md",
            "Calendar",
            "calendar.md.j2",
            {**base, "root": "", "link": top, "cadence": cadence_events(model)},
        )
    )
    pages.append(
        Page(
            "initiatives/index.md",
            "Initiatives",
            "initiatives.md.j2",
            {**base, "root": "../", "link": nested},
        )
    )
    for item in view.items:
        pages.append(
            Page(
                f"initiatives/{item.id}.md",
                item.initiative.title,
                "initiative.md.j2",
                {**base, "root": "../", "link": nested, "item": item},
            )
        )
    for extra in living_pages(living, {**base, "root": "../", "link": nested}):
        pages.append(Page(extra.path, extra.title, extra.template, extra.context))
    return pages


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, str | bytes]  # relative path -> content
    nav: list[Any]  # MkDocs-style nav, plain data


@dataclass(frozen=True)
class HistoryEntry:
    """One changelog entry, ready for the page: text pieces are Markdown-safe."""

    entry: ChangelogEntry
    summary: str
    sections: list[tuple[str, list[tuple[Markup, Markup]]]]


def _history(entries: list[ChangelogEntry]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            e,
            e.diff.summary(),
            [
                (heading, [(Markup(line), Markup(detail)) for line, detail in items])
                for heading, items in markdown_sections(e.diff)
            ],
        )
        for e in entries
    ]


def front_matter(title: str) -> str:
    """The page's title for the theme, as YAML front matter.

    A theme prints the title into `<title>` and the navigation as HTML, and some filters
    (`striptags`) unescape it first; an HTML-escaped title in front matter is printed as
    it is, so no theme can turn a title from the data back into markup.
    """
    return "---\n" + yaml.safe_dump({"title": html_escape(title)}, allow_unicode=True) + "---\n\n"


def render_site(
    model: Roadmap,
    plan: Plan,
    audience: Edition = "team",
    *,
    today: dt.date,
    templates: Path | None = None,
    history: list[ChangelogEntry] | None = None,
    review_changes: dict[dt.date, ReviewChanges] | None = None,
) -> RenderedSite:
    """Every generated file of the site for one audience. Pure: same input, same output."""
    view = project(build_view(model, plan, today), audience)
    if audience != "leadership":
        history = public_history(history or [], view)
    env = environment(templates)
    files: dict[str, str | bytes] = {}
    living = build_living(
        model,
        view,
        review_pages="leadership" in EDITION_PAGES[audience],
        progress_shown="team" in EDITION_PAGES[audience],
        changes=review_changes,
    )
    pages = _pages(model, plan, view, audience, living)
    pages.append(
        Page(
            "changelog.md",
            "Changelog",
            "changelog.md.j2",
            {"view": view, "audience": audience, "history": _history(history or [])},
        )
    )
    for page in pages:
        try:
            body = env.get_template(page.template).render(page.context)
            files[page.path] = front_matter(page.title) + body
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(
                f"{exc.filename or exc.name}:{exc.lineno}:1: error: template syntax: {exc.message}"
            ) from None
        except jinja2.TemplateError as exc:
            raise BuildError(
                f"template {page.template} failed while rendering {page.path}: {exc}"
            ) from None
    files["calendar.ics"] = to_ics(calendar_file_events(model), model.settings.title)
    for name in ("common", *SCHEMA_NAMES):
        files[f"schemas/{name}.schema.json"] = schema_text(name)
    files["reference/data-format.md"] = data_format_page()
    files["stylesheets/roadmap.css"] = "".join(
        (packaged_templates() / name).read_text("utf-8") for name in ("roadmap.css", "living.css")
    )
    files["javascripts/roadmap.js"] = (packaged_templates() / "roadmap.js").read_text("utf-8")
    extra = living_nav(living)
    nav: list[Any] = [{"Home": "index.md"}, *extra["Home"]]
    nav += [{PAGE_TITLES[v]: f"{v}.md"} for v in EDITION_PAGES[audience]]
    # Pages per initiative and per objective are reached from their index pages, not
    # from the navigation: a theme repeats the navigation on every page, so listing them
    # all there would make the site grow with the square of the roadmap's size.
    nav.append({"OKRs": "okrs/index.md"})
    nav += extra["OKRs"]
    nav.append({"Initiatives": "initiatives/index.md"})
    nav.append({"Calendar": "calendar.md"})
    nav += extra["Calendar"]
    nav.append({"Changelog": "changelog.md"})
    nav.append({"Data format": "reference/data-format.md"})
    return RenderedSite(files, nav)
