"""`late` and `stale`: started work past its planned end, or without a recent check-in."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from conftest import Build, MakeRoadmap

from generator.cli import main
from generator.data.model import Initiative, ProgressCheckIn
from generator.planning.planner import make_plan
from generator.planning.progress import progress_risks, with_progress_risks

D = dt.date


def _started(
    build: Build, *check_ins: ProgressCheckIn, duration: int = 1, pin: int | None = None
) -> Initiative:
    item = build.item("s1-path", 4, 6, duration=duration, status="in-progress", pin=pin)
    return replace(item, progress=check_ins)


def test_late_once_the_last_planned_quarter_has_ended(build: Build) -> None:
    item = _started(build, ProgressCheckIn(D(2027, 3, 30), "at-risk", "Sign-off slipped"))
    model = build.roadmap([item])
    plan = make_plan(model)  # in progress: placed in 2027-Q1
    assert progress_risks(model, plan, D(2027, 3, 31)) == ()  # the last day is still in time
    (late,) = progress_risks(model, plan, D(2027, 4, 1))
    assert (late.id, late.kind, late.message) == (
        "s1-path",
        "late",
        "planned to end in 2027-Q1 (by 2027-03-31) but still in progress on 2027-04-01; mark "
        "it done, or give it a later end and say why in a progress check-in",
    )


def test_a_pinned_longer_item_ends_where_its_pin_and_duration_say(build: Build) -> None:
    item = _started(build, ProgressCheckIn(D(2027, 8, 20), "on-track", "Fine"), duration=2, pin=1)
    model = build.roadmap([item])
    plan = make_plan(model)  # 2027-Q2..2027-Q3
    assert progress_risks(model, plan, D(2027, 9, 30)) == ()
    assert [r.kind for r in progress_risks(model, plan, D(2027, 10, 1))] == ["late"]


def test_stale_after_six_weeks_without_a_check_in(build: Build) -> None:
    item = _started(build, ProgressCheckIn(D(2027, 1, 10), "on-track", "Started"), duration=4)
    model = build.roadmap([item])
    plan = make_plan(model)
    assert progress_risks(model, plan, D(2027, 2, 21)) == ()  # exactly 6 weeks
    (stale,) = progress_risks(model, plan, D(2027, 2, 22))
    assert stale.message == (
        "the latest progress check-in is from 2027-01-10, 6 weeks ago (the limit is 6); "
        "add one under `progress:`"
    )
    # the age is a setting
    strict = replace(model, settings=replace(model.settings, stale_after_weeks=2))
    assert [r.kind for r in progress_risks(strict, plan, D(2027, 1, 25))] == ["stale"]


def test_a_check_in_dated_after_today_does_not_count_yet(build: Build) -> None:
    mistyped = ProgressCheckIn(D(2072, 4, 28), "on-track", "Typed 2072 for 2027")
    item = _started(build, ProgressCheckIn(D(2027, 1, 10), "at-risk", "Started"), mistyped)
    model = build.roadmap([replace(item, duration=4)])
    (stale,) = progress_risks(model, make_plan(model), D(2027, 5, 10))
    assert stale.message == (
        "the latest progress check-in is from 2027-01-10, 17 weeks ago (the limit is 6); "
        "add one under `progress:`"
    )


def test_without_any_check_in_the_age_counts_from_the_planned_start(build: Build) -> None:
    model = build.roadmap([_started(build, duration=4)])
    plan = make_plan(model)
    assert progress_risks(model, plan, D(2027, 2, 12)) == ()
    (stale,) = progress_risks(model, plan, D(2027, 5, 10))
    assert stale.message == (
        "no progress check-in since it started on 2027-01-01, 18 weeks ago (the limit is 6); "
        "add one under `progress:`"
    )


def test_only_work_in_progress_can_be_late_or_stale(build: Build) -> None:
    planned = build.item("later", status="planned")
    done = replace(build.item("old", status="done"), delivered=D(2027, 1, 5))
    model = build.roadmap([planned, done])
    assert progress_risks(model, make_plan(model), D(2028, 6, 1)) == ()


def test_the_risks_join_the_plan_in_order(build: Build) -> None:
    item = _started(build)
    other = build.item("a-first", pin=1, deadline=0)  # a deadline risk, sorted first by id
    model = build.roadmap([item, other])
    plan = with_progress_risks(model, make_plan(model), D(2027, 6, 1))
    assert [(r.id, r.kind) for r in plan.risks] == [
        ("a-first", "deadline"),
        ("s1-path", "late"),
        ("s1-path", "stale"),
    ]


def test_plan_json_lists_late_and_stale_as_of_today(
    make_roadmap: MakeRoadmap, tmp_path: Path
) -> None:
    data = make_roadmap(
        {
            "id": "qa-scorecard",
            "status": "in-progress",
            "progress": [{"date": "2027-02-22", "status": "at-risk", "note": "Sign-off slipped"}],
        },
        settings={"progress": {"stale_after_weeks": 8}},
    )

    def risks(today: str) -> list[tuple[str, str]]:
        result = CliRunner().invoke(
            main, ["plan", "--data", str(data), "--format", "json", "--today", today]
        )
        assert result.exit_code == 0, result.output
        return [(r["id"], r["kind"]) for r in json.loads(result.stdout)["risks"]]

    assert risks("2027-03-31") == []
    assert risks("2027-04-19") == [("qa-scorecard", "late")]  # 8 weeks: not yet stale
    assert risks("2027-04-20") == [("qa-scorecard", "late"), ("qa-scorecard", "stale")]
