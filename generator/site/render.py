"""Stage: render. A pure function from the model and the plan to the site's files.

`render_site` returns {relative path: text} for every page, chart and asset: plain
Markdown, SVG (inline in the pages) and JSON, which any Markdown site builder can
read. The pages come from the page table (`pages.py`); nothing here knows about MkDocs:
`build.py` and the builder adapters (`mkdocs_adapter.py`, `zensical_adapter.py`) do.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

import jinja2
import yaml
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from .. import words
from ..data.loader import Document
from ..data.model import Origin, Roadmap
from ..data.schema import SCHEMA_NAMES, schema_text
from ..errors import BuildError, display_path
from ..history.changelog import ChangelogEntry
from ..history.reviews import ReviewChanges
from ..history.scenarios import Comparison
from ..okrs.cadence import calendar_file_events, to_ics
from ..paths import linked_part
from ..planning.plan import Plan
from ..textsafe import html_escape, html_text, md_block, md_text
from .badges import code_spans, kpi_health, kpi_rule, nowrap, pace_badge, status_badge
from .editions import Edition, project, public_history
from .pages import navigation, site_pages
from .schema_docs import data_format_page
from .views.calendar import ask_due_events
from .views.roadmap import build_view


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


class _FilesOnlyLoader(jinja2.FileSystemLoader):
    """Templates of one folder, read only as the files they are: no symbolic links.

    Jinja's loader follows every link, so a link inside `templates/` (or a linked folder
    holding one) would let `{% include %}` put any file of the build machine into a page
    (the build's environment, or the raw YAML with its internal notes). A template here
    is a regular file reached through real folders, or it does not exist.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)
        linked = linked_part(self.folder, PurePath(*parts))
        if linked is not None:
            raise jinja2.TemplateError(
                f"templates/{linked} is a symbolic link; templates must be files of the "
                "templates folder itself (remove the link)"
            )
        return super().get_source(environment, template)


def environment(override: Path | None = None, *, html: bool = False) -> jinja2.Environment:
    """Templates in `override` replace the built-in ones file by file.

    Templates are code that a pull request can change, so every template runs in Jinja's
    sandbox (no attribute of Python internals, no mutation of the context), and no
    filter hands data to the page unescaped: `safe`, `e` and `forceescape` escape for
    Markdown like every `{{ }}`, and the filters that build raw HTML are removed.
    """
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and override.is_symlink():
        raise BuildError(
            f"{display_path(override)} is a symbolic link; the templates folder must be a "
            "folder of the repository (remove the link)"
        )
    if override is not None and override.is_dir():
        loaders.append(_FilesOnlyLoader(override))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    if html:  # a template that writes HTML (`*.html.j2`): every {{ }} is escaped for HTML
        env = _TemplateSandbox(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            finalize=html_text,  # escaped for HTML, and inert as Markdown
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["safe"] = escape  # `safe` escapes too: no text from the data is raw
    else:
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
    env.filters["score"] = words.score
    env.filters["points"] = words.number
    env.filters["quantity"] = words.quantity
    env.filters["status_badge"] = status_badge
    env.filters["kpi_health"] = kpi_health
    env.filters["pace_badge"] = pace_badge
    env.filters["kpi_rule"] = kpi_rule
    env.filters["code_spans"] = code_spans
    env.filters["nowrap"] = nowrap
    return env


# What one build's templates may take: a template is code a pull request can change, so
# an endless loop, a deep recursion or a page of gigabytes ends the build cleanly.
TEMPLATE_SECONDS = 120
TEMPLATE_SECONDS_PER_PAGE = 1.0
MAX_PAGE_CHARS = 20_000_000
_TEMPLATE_FAILURES = (
    jinja2.TemplateError,
    RecursionError,
    OverflowError,  # `range` over the sandbox's limit
    ValueError,  # a bad format string
    TypeError,
    ArithmeticError,
    LookupError,
    MemoryError,
)


class _OutOfTime(Exception):
    pass


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Stop rendering after `seconds` (on the main thread, where a timer can interrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise BuildError(
            f"the templates took more than {seconds} seconds; a template loops without end "
            "or does far too much work"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _render(env: jinja2.Environment, template: str, page: Any) -> str:
    """One page through its template; every way a template can fail is a BuildError."""
    try:
        body = env.get_template(template).render(page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            f"{exc.filename or exc.name}:{exc.lineno}:1: error: template syntax: {exc.message}"
        ) from None
    except _TEMPLATE_FAILURES as exc:
        what = "recursion too deep" if isinstance(exc, RecursionError) else str(exc)
        raise BuildError(
            f"template {template} failed while rendering {page.path}: {what or type(exc).__name__}"
        ) from None
    if len(body) > MAX_PAGE_CHARS:
        raise BuildError(
            f"template {template} wrote more than {MAX_PAGE_CHARS:,} characters for "
            f"{page.path}; a page that large is refused"
        )
    return body


@dataclass(frozen=True)
class RenderedSite:
    files: dict[str, str | bytes]  # relative path -> content
    nav: list[Any]  # MkDocs-style nav, plain data


def front_matter(title: str, *, hide: tuple[str, ...] = ()) -> str:
    """The page's title for the theme, as YAML front matter.

    `hide` names parts of the theme the page leaves out (Material's `hide`): a wide page
    hides the table of contents, so that its chart (the timeline of the whole horizon)
    gets the width of the page at a desktop width; present mode hides everything.

    A theme prints the title into `<title>` and the navigation as HTML, and some filters
    (`striptags`) unescape it first; an HTML-escaped title in front matter is printed as
    it is, so no theme can turn a title from the data back into markup.
    """
    meta: dict[str, Any] = {"title": html_escape(title)}
    if hide:
        meta["hide"] = list(hide)  # Material's page setting: leave these parts out
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n"


def render_site(
    model: Roadmap,
    plan: Plan,
    audience: Edition = "team",
    *,
    today: dt.date,
    templates: Path | None = None,
    history: list[ChangelogEntry] | None = None,
    review_changes: dict[dt.date, ReviewChanges] | None = None,
    comparison: Comparison | None = None,
) -> RenderedSite:
    """Every generated file of the site for one audience. Pure: same input, same output."""
    view = project(build_view(model, plan, today), audience)
    if audience != "leadership":
        history = public_history(history or [], view)
    env = environment(templates)
    html_env = environment(templates, html=True)
    files: dict[str, str | bytes] = {}
    pages = site_pages(
        model,
        plan,
        view,
        audience,
        history=history or [],
        review_changes=review_changes or {},
        comparison=comparison if audience == "leadership" else None,
    )
    with _time_budget(TEMPLATE_SECONDS + TEMPLATE_SECONDS_PER_PAGE * len(pages)):
        for page in pages:
            if page.template.endswith(".html.j2"):  # a full-screen page: no theme chrome
                head = front_matter(page.title, hide=("navigation", "toc", "footer"))
                files[page.path] = head + _render(html_env, page.template, page) + "\n"
            else:
                head = front_matter(page.title, hide=("toc",) if page.wide else ())
                files[page.path] = head + _render(env, page.template, page)
    files["calendar.ics"] = to_ics(
        (*calendar_file_events(model), *ask_due_events(view.function, view.open_asks)),
        model.settings.title,
    )
    for name in ("common", *SCHEMA_NAMES):
        files[f"schemas/{name}.schema.json"] = schema_text(name)
    files["reference/data-format.md"] = data_format_page()
    for asset in ("stylesheets/roadmap.css", "stylesheets/present.css", "javascripts/roadmap.js"):
        files[asset] = (packaged_templates() / PurePath(asset).name).read_text("utf-8")
    # The reference is not a templated page: it is written from the schemas as it is.
    # It is for the people who edit the data: in the navigation of the leadership
    # edition only (the team and organisation editions still have it, unlisted).
    nav = navigation(pages)
    if audience == "leadership":
        nav.append({"Data format": "reference/data-format.md"})
    return RenderedSite(files, nav)
