"""`roadmap new review` and `roadmap new current-state`: the living roadmap's scaffolds.

A review record is prefilled from the data as it stands: the kind from the cadence
event nearest to the day, the work in progress with its latest check-in (as comments,
to walk through in the meeting), and for an okr-close every objective of the closing
period with its computed score, ready for the agreed score and an honest comment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .data.model import ReviewKind, Roadmap, closed_quarter
from .data.validate import validate
from .errors import RoadmapError, display_path
from .okrs.cadence import cadence_events
from .okrs.scoring import score_objective
from .scaffold import Scaffold, _write

REVIEW_KINDS: tuple[ReviewKind, ...] = ("roadmap", "mid-quarter", "okr-close")
_EVENT_KIND: dict[str, ReviewKind] = {
    "roadmap-review": "roadmap",
    "mid-quarter-review": "mid-quarter",
    "okr-closing": "okr-close",
}

REVIEW_HEAD = """\
# yaml-language-server: $schema=../../generator/schemas/review.schema.json
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
# yaml-language-server: $schema=../generator/schemas/current-state.schema.json
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


def _work_in_progress(model: Roadmap) -> list[str]:
    lines = []
    for i in model.initiatives:
        if i.status != "in-progress":
            continue
        latest = i.latest_progress
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
    text = REVIEW_HEAD.format(
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
        extra += _work_in_progress(model)
    if extra:
        text += "\n".join(extra) + "\n"
    path = data_dir / "reviews" / f"{day.isoformat()}.yaml"
    _refuse_existing(path, "edit it, or give the review another date")
    return _write(data_dir, path, text)


def new_current_state(data_dir: Path, today: dt.date | None = None) -> Scaffold:
    """Write current-state.yaml with one example friction point to replace."""
    path = data_dir / "current-state.yaml"
    _refuse_existing(path, "edit it")
    day = (today or dt.date.today()).isoformat()
    return _write(data_dir, path, CURRENT_STATE.format(today=day))


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
