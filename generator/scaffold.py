"""`roadmap new`: start a contributor from a commented file that already validates.

The file is written only if it does not exist yet, then the data directory is validated;
if the new file itself has an error (a duplicate objective id, say) it is removed again
and the error reported, so a scaffold never leaves broken data behind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .data.model import Quarter
from .data.validate import validate
from .errors import DataError, Diagnostic, RoadmapError, display_path
from .repository.schemas import schema_reference

Kind = Literal["initiative", "objective"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/-]*$")  # safe unquoted in YAML
_PERIOD = re.compile(r"^[0-9]{4}(?:-Q[1-4])?$")

INITIATIVE = """\
# yaml-language-server: $schema={schema}
# A new initiative. Fill it in, uncomment what you need, delete what you do not, then
# run `roadmap validate` and `roadmap plan` to see where the planner puts it.
id: {id}  # must equal the file name
title: {title}
# summary: One line for the team timeline (defaults to the title)
status: proposed  # proposed | planned | in-progress | done | postponed | dropped
impact: 3  # 1 (low) to 5 (high); by default 3 or more counts as high impact
effort: 4  # capacity points in total; by default more than 8 counts as high effort
duration: 1  # quarters it runs; the effort is spread evenly over them
# owner: person-id  # a person id from people.yaml (a plain name when there is none)
# team: team-id  # a team id from people.yaml
# source: team-input  # gap-analysis | dsat-scrubbing | journey-mapping | team-input |
#   regulatory | product-change | cross-functional | leadership | customer-feedback | other
# description: |
#   What changes for customers and agents, and why now (Markdown).
# depends_on: [other-initiative]  # or {{id: other-initiative, lag: 1}} to wait longer
# requires: [hiring]  # tags that calendar events, such as a headcount freeze, can block
# urgency: {{deadline: {later}, reason: Why this date is hard}}
# quarter: {quarter}  # a pin: the planner must start it in this quarter
# supports: [objective-id.key-result-id]  # the key results it moves
# needs:  # what CS needs from other functions, shown to the organisation
#   - {{from: IT, what: Single sign-on for the help center, by: {quarter}}}
# success_metrics: [A measurable sign that it worked]
# reason: Required when the status is postponed or dropped
# internal: Notes for leadership only; never shown to the team or the organisation.
"""

OBJECTIVE = """\
# yaml-language-server: $schema={schema}
# A new objective. It describes a change, not business as usual ("maintain ..." is a
# KPI). Each key result is a number moving from a baseline to a target, not a task.
# Initiatives move a key result by listing it: `supports: [{id}.first-result]`.
objectives:
  - id: {id}
    title: {title}
    level: team  # function | team | individual
    period: {period}  # a quarter such as {quarter}, or a year such as {year}
    # owner: person-id  # a person id from people.yaml (a plain name when there is none)
    # team: team-id  # a team id from people.yaml
    # parent: function-objective-id  # the objective this one cascades from
    key_results:  # 3 to 5 keep an objective focused
      - id: first-result
        title: First outcome, such as conversations resolved on the first contact
        unit: "%"
        baseline: 60  # where the number stands today
        target: 75  # where it should be at the end of the period
        # check_ins: [{{date: {today}, value: 62}}]
      - id: second-result
        title: Second outcome, such as customers rating the answer helpful
        unit: "%"
        baseline: 50
        target: 65
      - id: third-result
        title: Third outcome, such as hours from receipt to first reply
        unit: hours
        baseline: 8
        target: 4  # lower is better works too: the target is below the baseline
"""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    warnings: tuple[Diagnostic, ...]  # what validation says about the new file


def humanize(slug: str) -> str:
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _yaml_str(text: str) -> str:
    plain = _PLAIN.match(text) and text.lower() not in ("true", "false", "null")
    return text if plain else json.dumps(text, ensure_ascii=False)


def new_initiative(
    data_dir: Path, initiative_id: str, title: str | None = None, today: dt.date | None = None
) -> Scaffold:
    """Write initiatives/ID.yaml: a proposed initiative with every optional key explained."""
    _check_id(initiative_id, "initiative")
    q = Quarter.of(today or dt.date.today())
    path = data_dir / "initiatives" / f"{initiative_id}.yaml"
    text = INITIATIVE.format(
        schema=schema_reference(path, data_dir, "initiative"),
        id=initiative_id,
        title=_yaml_str(title or humanize(initiative_id)),
        quarter=q + 1,
        later=q + 2,
    )
    return _write(data_dir, path, text)


def new_objective(
    data_dir: Path,
    objective_id: str,
    title: str | None = None,
    period: str | None = None,
    today: dt.date | None = None,
) -> Scaffold:
    """Write okrs/ID.yaml: one objective with three example key results to replace.

    The period defaults to the next quarter: OKRs are set before their quarter starts.
    """
    _check_id(objective_id, "objective")
    day = today or dt.date.today()
    q = Quarter.of(day)
    if period is not None and not _PERIOD.match(period):
        raise RoadmapError(
            f"period '{period}': expected a quarter such as {q} or a year such as {q.year}"
        )
    path = data_dir / "okrs" / f"{objective_id}.yaml"
    text = OBJECTIVE.format(
        schema=schema_reference(path, data_dir, "okrs"),
        id=objective_id,
        title=_yaml_str(title or humanize(objective_id)),
        period=period or q + 1,
        quarter=q + 1,
        year=q.year,
        today=day.isoformat(),
    )
    return _write(data_dir, path, text)


def _check_id(value: str, what: str) -> None:
    if not _SLUG.match(value):
        raise RoadmapError(
            f"'{value}' is not a valid {what} id: use up to 64 lowercase "
            "letters, digits and dashes, starting with a letter or digit, "
            "such as kb-overhaul"
        )


def _write(data_dir: Path, path: Path, text: str) -> Scaffold:
    if not (data_dir / "roadmap.yaml").is_file():
        raise RoadmapError(
            f"{display_path(data_dir)}: no roadmap.yaml here; pass --data DIR "
            "or run from the folder that has roadmap/"
        )
    shown = display_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise RoadmapError(f"{shown} already exists; edit it, or choose another id") from None
    own = [d for d in validate(data_dir).diagnostics if d.path == shown]
    errors = [d for d in own if d.severity == "error"]
    if errors:
        path.unlink()
        raise DataError(errors)
    return Scaffold(path, tuple(own))
