"""`roadmap export timeline` and `roadmap export plan`: files made from the plan.

The timeline is one standalone SVG file, for slides.

The file carries its own stylesheet with fixed colours (no theme variables) and a
white background, is laid out wider than the site's chart (slides are wide) and has
a heading, so it reads the same pasted anywhere. It shows what the team edition
shows: nothing internal.

The plan is a table (CSV or XLSX) with one row per initiative, holding only what the
chosen edition shows: the team and organisation editions leave out the quadrant, the
score and the risks (`editions.plan_columns`) and the initiatives they do not show,
and no edition has a column for internal notes. Text a spreadsheet would run as a
formula stays text (`data/tables`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from ..data.tables import TABLE_FORMATS, TableFormat, Value, table_bytes
from ..data.validate import load_roadmap
from ..errors import RoadmapError, display_path
from ..files import new_file_mode
from ..planning.planner import make_plan
from ..planning.progress import with_progress_risks
from ..textsafe import html_escape
from ..words import INITIATIVE_STATUS, PLAN_COLUMNS, QUADRANT
from .charts import timeline
from .editions import Edition, edition_named, plan_columns, project
from .views.roadmap import ItemView, build_view
from .views.teams import team_views

SLIDE_WIDTH = 1200.0


def export_timeline(
    data_dir: Path,
    output: Path,
    *,
    today: dt.date,
    time_limit: float,
    team: str | None = None,
) -> Path:
    """Write the timeline (of the whole function, or of one team) to `output`."""
    if output.suffix.lower() != ".svg":
        raise RoadmapError(
            f"{display_path(output)}: the timeline is written as SVG; name a file ending in .svg"
        )
    model, _ = load_roadmap(data_dir)
    plan = with_progress_risks(model, make_plan(model, today=today, time_limit=time_limit), today)
    view = project(build_view(model, plan, today), "team")
    items, whose = view.scheduled, model.settings.title
    if team is not None:
        teams = {t.id: t for t in team_views(model, view)}
        if team not in teams:
            known = ", ".join(sorted(teams)) or "none: people.yaml names no teams"
            raise RoadmapError(f"unknown team '{team}'; the teams are: {known}")
        items, whose = teams[team].scheduled, f"{teams[team].name} ({model.settings.title})"
    heading = f"{whose}: {view.horizon[0]} to {view.horizon[-1]}"
    svg = timeline(
        items,
        view.quarters,
        width=SLIDE_WIDTH,
        standalone=True,
        title=f"Timeline of {whose} by quarter",
        heading=heading,
    )
    _write_atomically(output, ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode())
    return output


def export_plan(
    data_dir: Path,
    output: Path,
    fmt: TableFormat,
    *,
    today: dt.date,
    time_limit: float,
    audience: str | None = None,
) -> tuple[Path, Edition, int]:
    """Write the plan table of one edition to `output`; the file, the edition, the rows."""
    if fmt not in TABLE_FORMATS:
        raise RoadmapError(f"unknown format '{fmt}'; expected one of: {', '.join(TABLE_FORMATS)}")
    if output.suffix.lower() != f".{fmt}":
        raise RoadmapError(
            f"{display_path(output)}: the plan is written as {fmt.upper()}; name a file ending "
            f"in .{fmt}"
        )
    model, _ = load_roadmap(data_dir)
    edition = edition_named(audience, model.settings.publish_audience)
    plan = with_progress_risks(model, make_plan(model, today=today, time_limit=time_limit), today)
    view = project(build_view(model, plan, today), edition)
    columns = plan_columns(edition, tuple(PLAN_COLUMNS))
    order = [*view.scheduled, *view.not_doing, *view.done]
    listed = {i.id for i in order}
    order += [i for i in view.items if i.id not in listed]
    rows = [[_plan_cell(item, c) for c in columns] for item in order]
    created = dt.datetime.combine(today, dt.time())
    data = table_bytes(fmt, [PLAN_COLUMNS[c] for c in columns], rows, sheet="Plan", created=created)
    _write_atomically(output, data)
    return output, edition, len(rows)


def _plan_cell(item: ItemView, column: str) -> Value:
    """One cell of the plan table: numbers as numbers, lists one item a line."""
    i, p = item.initiative, item.placement
    match column:
        case "id":
            return i.id
        case "title":
            return i.title
        case "status":
            return INITIATIVE_STATUS[i.status]
        case "owner":
            return item.owner
        case "team":
            return item.team
        case "start":
            return str(p.start) if p else None
        case "end":
            return str(p.end) if p else None
        case "impact":
            return i.impact
        case "effort":
            return int(i.effort) if float(i.effort).is_integer() else i.effort
        case "quadrant":
            return QUADRANT.get(item.quadrant) if item.quadrant else None
        case "score":
            return round(item.score, 2) if item.score is not None else None
        case "key_results":
            return "\n".join(f"{ref}: {title}" for ref, title in item.supports) or None
        case "depends_on":
            return "\n".join(item.depends_on) or None
        case "risks":
            return "\n".join(r.message for r in item.risks) or None
    raise AssertionError(f"no cell for column {column}")  # pragma: no cover


# The review pack's own page rules: one 1920x1080 slide a page, as on the screen.
PACK_CSS = """
@page { size: 1920px 1080px; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; }

.rm-deck .rm-slide {
  display: block; position: relative; box-sizing: border-box;
  height: 1080px; min-height: 0; overflow: hidden; padding: 48px 96px 96px;
  break-after: page; break-inside: avoid; border-bottom: 0;
}
.rm-deck .rm-slide > * + * { margin-top: 18px; }
.rm-deck .rm-slide-foot { position: absolute; left: 96px; bottom: 32px; margin: 0; }
.rm-deck .rm-slide:last-child { break-after: auto; }
"""


def export_pack(
    data_dir: Path,
    output: Path,
    *,
    today: dt.date,
    time_limit: float,
    audience: str | None = None,
) -> tuple[Path, Edition, int]:
    """Write the slides of present mode as a PDF, one slide a page; the file, the edition
    and the number of slides. WeasyPrint lays the pages out (text stays text, fonts are
    embedded)."""
    if output.suffix.lower() != ".pdf":
        raise RoadmapError(
            f"{display_path(output)}: the review pack is written as PDF; name a file ending in .pdf"
        )
    from ..site.pages import site_pages
    from ..site.render import environment, packaged_templates

    model, _ = load_roadmap(data_dir)
    edition = edition_named(audience, model.settings.publish_audience)
    plan = with_progress_risks(model, make_plan(model, today=today, time_limit=time_limit), today)
    view = project(build_view(model, plan, today), edition)
    pages = site_pages(model, plan, view, edition, history=[], review_changes={})
    present = next(p for p in pages if p.template == "present.html.j2")
    templates = data_dir.resolve().parent / "templates"
    deck = environment(templates, html=True).get_template("present.html.j2").render(present.context)
    css = (packaged_templates() / "present.css").read_text("utf-8")
    document = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html_escape(view.title)}</title><style>{css}{PACK_CSS}</style></head>"
        f"<body>{deck}</body></html>"
    )
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise RoadmapError(
            f"cannot write the review pack: WeasyPrint does not load ({exc}); docs/meetings.md "
            "says what it needs"
        ) from None
    pdf = weasyprint.HTML(string=document, base_url=None).write_pdf()
    assert pdf is not None
    _write_atomically(output, pdf)
    return output, edition, len(present.context["deck"].slides)  # type: ignore[typeddict-item]


def _write_atomically(target: Path, data: bytes) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise RoadmapError(f"cannot write {display_path(target)}: it is a folder, not a file")
    if not folder.is_dir():
        raise RoadmapError(
            f"cannot write {display_path(target)}: the folder {display_path(folder)} does not exist"
        )
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temp, new_file_mode())  # the user's umask, not the temporary file's 0600
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        raise RoadmapError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
