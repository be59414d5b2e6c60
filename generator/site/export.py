"""`roadmap export timeline`: the team timeline as one standalone SVG file, for slides.

The file carries its own stylesheet with fixed colours (no theme variables) and a
white background, is laid out wider than the site's chart (slides are wide) and has
a heading, so it reads the same pasted anywhere. It shows what the team edition
shows: nothing internal.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from ..data.validate import load_roadmap
from ..errors import RoadmapError, display_path
from ..planning.planner import make_plan
from ..planning.progress import with_progress_risks
from .charts import timeline
from .editions import project
from .views.roadmap import build_view
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
    _write_atomically(output, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n")
    return output


def _write_atomically(target: Path, text: str) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise RoadmapError(f"cannot write {display_path(target)}: it is a folder, not a file")
    if not folder.is_dir():
        raise RoadmapError(
            f"cannot write {display_path(target)}: the folder {display_path(folder)} does not exist"
        )
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=".timeline-", suffix=".svg", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        raise RoadmapError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
