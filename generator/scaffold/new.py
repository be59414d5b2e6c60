"""`roadmap new`: start a contributor from a commented file that already validates.

The file is written only if it does not exist yet, then the data directory is validated;
if the new file itself has an error (a duplicate objective id, say) it is removed again
and the error reported, so a scaffold never leaves broken data behind.

A review record is prefilled from the data as it stands: the kind from the cadence
event nearest to the day, the work in progress with its latest check-in up to that day
(as comments, to walk through in the meeting), and for an okr-close every objective of
the closing period with its computed score, ready for the agreed score and an honest
comment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..data.model import Quarter, ReviewKind, Roadmap, closed_quarter
from ..data.validate import validate
from ..errors import DataError, Diagnostic, RoadmapError, display_path
from ..okrs.cadence import cadence_events
from ..okrs.scoring import score_objective
from .schemas import schema_comment_for

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/-]*$")  # safe unquoted in YAML
_PERIOD = re.compile(r"^[0-9]{4}(?:-Q[1-4])?$")

INITIATIVE = """\
{schema}
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
{schema}
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
        schema=schema_comment_for(path, data_dir, "initiative"),
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
        schema=schema_comment_for(path, data_dir, "okrs"),
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


REVIEW_KINDS: tuple[ReviewKind, ...] = ("roadmap", "mid-quarter", "okr-close")
_EVENT_KIND: dict[str, ReviewKind] = {
    "roadmap-review": "roadmap",
    "mid-quarter-review": "mid-quarter",
    "okr-closing": "okr-close",
}

REVIEW_HEAD = """\
{schema}
# The record of the {what} held on {day}.
# Write down what was decided and what was learned: the site gives the review its own
# page and marks it held in the calendar.
kind: {kind}  # roadmap | mid-quarter | okr-close
# summary: |
#   The review in a few sentences (Markdown).
# attendees: [{people}]  # person ids from people.yaml
decisions:
  - decision: Replace with one decision the review took
  # - {{initiative: {initiative}, decision: What was decided about this initiative}}
learnings:
  - Replace with one thing the review learned
"""

WHAT = {
    "roadmap": "roadmap review",
    "mid-quarter": "mid-quarter OKR review",
    "okr-close": "OKR closing",
}

CURRENT_STATE = """\
{schema}
# Where the operation starts from: the friction points that the analysis of today's
# operation found (contact drivers, DSAT comments, journey maps, QA samples). Each
# initiative names the friction points it reduces in `addresses:`; the site's "Where we
# start" page shows which friction the roadmap addresses and which it leaves alone.
as_of: {today}  # when the analysis was made
# summary: |
#   The operation today in a few sentences (Markdown): volume, channels, teams.
friction:
  - id: repeat-contacts  # initiatives refer to it: addresses: [repeat-contacts]
    title: Customers come back about the same problem
    evidence: |
      What shows it: numbers, quotes, observations. Replace this example.
    # metric: First-contact resolution 68%  # the number that shows it today
    # kpi: fcr  # a KPI from kpis.yaml that tracks it
"""


def _kind_for(model: Roadmap | None, day: dt.date) -> ReviewKind:
    """The kind of the cadence review nearest to `day` (a roadmap review without any)."""
    if model is None:
        return "roadmap"
    reviews = [e for e in cadence_events(model) if e.kind in _EVENT_KIND]
    if not reviews:
        return "roadmap"
    nearest = min(reviews, key=lambda e: (abs((e.start - day).days), e.start))
    return _EVENT_KIND[nearest.kind]


def _work_in_progress(model: Roadmap, day: dt.date) -> list[str]:
    lines = []
    for i in model.initiatives:
        if i.status != "in-progress":
            continue
        # A check-in dated after the review was not known at it (a record written late).
        held = [c for c in i.progress if c.date <= day]
        latest = held[-1] if held else None
        state = f"{latest.status} on {latest.date}" if latest else "no check-in yet"
        lines.append(f"#   {i.id}: {state}")
    if not lines:
        return []
    return ["# Work in progress at this review (latest check-in):", *lines]


def _closing(model: Roadmap, day: dt.date) -> list[str]:
    period = str(closed_quarter(day))
    objectives = [o for o in model.objectives if o.period == period]
    lines = [f"period: {period}  # the OKR period this closing closes"]
    if not objectives:
        return [*lines, f"# No objective has the period {period}."]
    lines.append("objectives:  # the agreed score (0.0-1.0) and what drove the outcome")
    for o in objectives:
        score = score_objective(o).score
        computed = "no computed score" if score is None else f"computed score {score:.2f}"
        lines += [
            f"  - objective: {o.id}  # {computed}",
            "    # score: 0.7",
            "    comment: Replace with what drove the outcome",
        ]
    return lines


def new_review(
    data_dir: Path, day: dt.date | None = None, kind: ReviewKind | None = None
) -> Scaffold:
    """Write reviews/DAY.yaml, the record of a review held on `day` (default today)."""
    day = day or dt.date.today()
    model = validate(data_dir).model if (data_dir / "roadmap.yaml").is_file() else None
    kind = kind or _kind_for(model, day)
    people = ", ".join(p.id for p in model.people[:3]) if model and model.people else "maria"
    in_progress = [i.id for i in model.initiatives if i.status == "in-progress"] if model else []
    path = data_dir / "reviews" / f"{day.isoformat()}.yaml"
    text = REVIEW_HEAD.format(
        schema=schema_comment_for(path, data_dir, "review"),
        what=WHAT[kind],
        day=day.isoformat(),
        kind=kind,
        people=people,
        initiative=in_progress[0] if in_progress else "initiative-id",
    )
    extra: list[str] = []
    if model is not None:
        if kind == "okr-close":
            extra += _closing(model, day)
        extra += _work_in_progress(model, day)
    if extra:
        text += "\n".join(extra) + "\n"
    _refuse_existing(path, "edit it, or give the review another date")
    return _write(data_dir, path, text)


def new_current_state(data_dir: Path, today: dt.date | None = None) -> Scaffold:
    """Write current-state.yaml with one example friction point to replace."""
    path = data_dir / "current-state.yaml"
    _refuse_existing(path, "edit it")
    day = (today or dt.date.today()).isoformat()
    text = CURRENT_STATE.format(
        schema=schema_comment_for(path, data_dir, "current-state"), today=day
    )
    return _write(data_dir, path, text)


def _refuse_existing(path: Path, advice: str) -> None:
    if path.exists():
        raise RoadmapError(f"{display_path(path)} already exists; {advice}")


def parse_day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_day(text)
    except ValueError:
        return _bad_day(text)


def _bad_day(text: str) -> dt.date:
    raise RoadmapError(f"'{text}' is not a date: write the day of the review as YYYY-MM-DD")
