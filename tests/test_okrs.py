"""OKR scoring, calibration, KPI floors, the cascade, the lints and `roadmap okrs`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli

from generator.data.checks import supporters
from generator.data.loader import Document
from generator.data.model import CheckIn, KeyResult, Objective, Origin, Roadmap
from generator.data.validate import load_roadmap, validate
from generator.okrs.health import calibration
from generator.okrs.scoring import (
    cascade,
    kpi_statuses,
    latest_check_in,
    score_all,
    score_key_result,
    score_objective,
)
from generator.planning.planner import make_plan

FIXTURES = Path(__file__).parent / "fixtures" / "okr-lints"
CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir())
ORIGIN = Origin(Document(Path("okrs/test.yaml"), "okrs/test.yaml", {}))


def kr(
    baseline: float | None,
    target: float | None,
    *check_ins: tuple[str, float],
    kpi: str | None = None,
    id: str = "k",
) -> KeyResult:
    """A key result with check-ins kept in the order given (the model sorts; we may not)."""
    return KeyResult(
        objective="o",
        id=id,
        title="A number",
        unit="",
        description="",
        baseline=baseline,
        target=target,
        check_ins=tuple(CheckIn(dt.date.fromisoformat(d), v, "") for d, v in check_ins),
        kpi=kpi,
        origin=ORIGIN,
    )


def objective(*krs: KeyResult, id: str = "o", parent: str | None = None) -> Objective:
    return Objective(
        id=id,
        title="Make it better",
        description="",
        level="function",
        period="2027-Q1",
        owner=None,
        team=None,
        parent=parent,
        key_results=krs,
        origin=ORIGIN,
    )


def write_data(root: Path, overlay: Path | None = None) -> Path:
    """A copy of the clean base roadmap under root/roadmap, with a case laid over it."""
    data = root / "roadmap"
    shutil.copytree(FIXTURES / "base", data)
    if overlay is not None:
        for f in overlay.rglob("*.yaml"):
            dest = data / f.relative_to(overlay)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest)
    return data


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def base_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Roadmap:
    monkeypatch.chdir(tmp_path)
    result = validate(write_data(tmp_path))
    assert result.model is not None
    return result.model


# --- scoring -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (20, 40, 30, 0.5),  # halfway
        (20, 40, 20, 0.0),  # no movement
        (20, 40, 40, 1.0),  # hit
        (20, 40, 55, 1.0),  # overshoot is clipped to 1
        (20, 40, 10, 0.0),  # went the wrong way: clipped to 0
        (4, 1, 1.5, 2.5 / 3),  # lower is better
        (4, 1, 0.5, 1.0),  # lower is better, overshoot
        (4, 1, 5, 0.0),  # lower is better, got worse
        (0, -10, -4, 0.4),  # negative numbers
    ],
)
def test_score_formula(baseline: float, target: float, latest: float, expected: float) -> None:
    s = score_key_result(kr(baseline, target, ("2027-02-01", latest)))
    assert s.score == pytest.approx(expected)
    assert s.latest == latest


def test_no_check_ins_scores_zero() -> None:
    s = score_key_result(kr(20, 40))
    assert (s.score, s.latest, s.latest_date, s.history) == (0.0, None, None, ())


@pytest.mark.parametrize(("latest", "expected"), [(80, 1.0), (81, 0.0), (79, 0.0)])
def test_baseline_equal_to_target(latest: float, expected: float) -> None:
    assert score_key_result(kr(80, 80, ("2027-02-01", latest))).score == expected


def test_baseline_equal_to_target_without_check_ins_scores_zero() -> None:
    assert score_key_result(kr(80, 80)).score == 0.0


@pytest.mark.parametrize(("baseline", "target"), [(None, 40), (20, None), (None, None)])
def test_missing_baseline_or_target_scores_null(
    baseline: float | None, target: float | None
) -> None:
    s = score_key_result(kr(baseline, target, ("2027-02-01", 30)))
    assert s.score is None
    assert s.latest == 30  # the measurement is still reported


def test_latest_is_the_check_in_with_the_latest_date_not_the_last_listed() -> None:
    k = kr(20, 40, ("2027-03-01", 35), ("2027-01-15", 22), ("2027-02-01", 25))
    s = score_key_result(k)
    assert s.latest == 35
    assert s.latest_date == dt.date(2027, 3, 1)
    assert s.score == pytest.approx(0.75)
    # the trend runs in date order, each point with its own score
    assert [(c.value, round(score or 0, 2)) for c, score in s.history] == [
        (22, 0.1),
        (25, 0.25),
        (35, 0.75),
    ]


def test_same_day_check_ins_take_the_one_listed_last() -> None:
    latest = latest_check_in(kr(0, 10, ("2027-02-01", 3), ("2027-02-01", 4)))
    assert latest is not None and latest.value == 4


def test_latest_through_the_model_when_written_out_of_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_data(tmp_path)
    write(
        data / "okrs" / "base.yaml",
        (FIXTURES / "base" / "okrs" / "base.yaml")
        .read_text()
        .replace(
            "check_ins: [{date: 2027-02-10, value: 24}]",
            "check_ins: [{date: 2027-03-20, value: 30}, {date: 2027-02-10, value: 24}]",
        ),
    )
    model = validate(data).model
    assert model is not None
    s = score_key_result(model.key_result_by_ref["self-service.deflection"])
    assert (s.latest, s.score) == (30, pytest.approx(10 / 15))


def test_objective_score_is_the_mean_of_its_scored_key_results() -> None:
    o = objective(
        kr(0, 10, ("2027-02-01", 5), id="a"),
        kr(0, 10, ("2027-02-01", 10), id="b"),
        kr(None, 10, ("2027-02-01", 10), id="c"),
        kr(0, 10, id="d"),
    )
    s = score_objective(o)
    assert s.score == pytest.approx((0.5 + 1.0 + 0.0) / 3)  # c is left out, d counts as 0
    assert [k.score for k in s.key_results] == [0.5, 1.0, None, 0.0]


def test_objective_without_a_scored_key_result_scores_null() -> None:
    assert score_objective(objective(kr(None, 10, id="a"), kr(5, None, id="b"))).score is None


def test_children_are_not_mixed_into_the_parent_score(base_model: Roadmap) -> None:
    scores = {s.objective.id: s.score for s in score_all(base_model)}
    # self-service: deflection (24-20)/15, fcr (70-68)/8, handle-time no check-ins: 0
    assert scores["self-service"] == pytest.approx((4 / 15 + 2 / 8 + 0) / 3)
    assert scores["kb-team"] == 0.0


# --- calibration ---------------------------------------------------------------------


def _scored(*values: float) -> list:
    return [
        score_objective(objective(kr(0, 100, ("2027-02-01", v * 100), id="k"), id=f"o{n}"))
        for n, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (
            (0.2, 0.4),
            "well below the healthy 0.7-0.8 band: the work fell behind or the targets "
            "were over-ambitious",
        ),
        ((0.6, 0.7), "just below the healthy 0.7-0.8 band"),
        ((0.7, 0.8), "a healthy stretch (0.7-0.8)"),
        ((0.8, 0.9), "above the 0.7-0.8 band: the targets may have been too safe"),
        (
            (1.0, 1.0, 0.96),
            "at or near 1.0 (mean 0.99 over 3 measured objectives): the targets "
            "were probably too easy",
        ),
    ],
)
def test_calibration_note(values: tuple[float, ...], words: str) -> None:
    assert words in calibration(_scored(*values))


def test_calibration_leaves_out_objectives_without_check_ins() -> None:
    scores = [*_scored(0.75), score_objective(objective(kr(0, 10, id="k"), id="later"))]
    note = calibration(scores)
    assert note == (
        "The mean score is 0.75 over 1 measured objective (1 objective without "
        "check-ins not counted): a healthy stretch (0.7-0.8)."
    )


def test_calibration_with_nothing_scored() -> None:
    assert calibration([]).startswith("No objective was measured")


# --- KPI floors ----------------------------------------------------------------------


def _with_check_in(model: Roadmap, ref: str, value: float) -> Roadmap:
    objectives = []
    for o in model.objectives:
        krs = tuple(
            dataclasses.replace(
                k, check_ins=(*k.check_ins, CheckIn(dt.date(2027, 3, 30), value, ""))
            )
            if k.ref == ref
            else k
            for k in o.key_results
        )
        objectives.append(dataclasses.replace(o, key_results=krs))
    return dataclasses.replace(model, objectives=tuple(objectives))


def test_kpi_floor_without_achieved_key_results(base_model: Roadmap) -> None:
    st = {s.kpi.id: s for s in kpi_statuses(base_model)}
    assert (st["fcr"].floor, st["fcr"].raised_by, st["fcr"].status) == (70, (), "healthy")
    assert (st["handle-time"].floor, st["handle-time"].status) == (12, "healthy")


def test_achieved_key_result_raises_the_kpi_floor(base_model: Roadmap) -> None:
    model = _with_check_in(base_model, "self-service.fcr", 77)  # target 76: achieved
    st = {s.kpi.id: s for s in kpi_statuses(model)}["fcr"]
    assert (st.floor, st.raised_by) == (76, ("self-service.fcr",))
    assert st.kpi.threshold == 70
    assert st.status == "breached"  # current 72 meets the old threshold, not the new floor


def test_achieved_lower_is_better_key_result_tightens_the_ceiling(base_model: Roadmap) -> None:
    model = _with_check_in(base_model, "self-service.handle-time", 10)  # 14 -> 10: achieved
    st = {s.kpi.id: s for s in kpi_statuses(model)}["handle-time"]
    assert (st.floor, st.raised_by, st.status) == (10, ("self-service.handle-time",), "breached")


def test_unachieved_key_result_leaves_the_floor(base_model: Roadmap) -> None:
    model = _with_check_in(base_model, "self-service.fcr", 75.9)
    assert {s.kpi.id: s.floor for s in kpi_statuses(model)}["fcr"] == 70


def test_floor_never_loosens(base_model: Roadmap) -> None:
    lowered = dataclasses.replace(
        base_model,
        kpis=tuple(
            dataclasses.replace(k, threshold=80) if k.id == "fcr" else k for k in base_model.kpis
        ),
    )
    model = _with_check_in(lowered, "self-service.fcr", 77)  # achieved, but 76 < 80
    st = {s.kpi.id: s for s in kpi_statuses(model)}["fcr"]
    assert (st.floor, st.raised_by) == (80, ())


def test_kpi_without_current_value_has_no_status(base_model: Roadmap) -> None:
    model = dataclasses.replace(
        base_model, kpis=tuple(dataclasses.replace(k, current=None) for k in base_model.kpis)
    )
    assert {s.status for s in kpi_statuses(model)} == {"no data"}


# --- the cascade and the links to initiatives -----------------------------------------


def test_cascade_is_depth_first_from_the_roots(base_model: Roadmap) -> None:
    assert [(d, o.id) for d, o in cascade(base_model)] == [(0, "self-service"), (1, "kb-team")]


def test_cascade_never_loses_or_repeats_an_objective(base_model: Roadmap) -> None:
    # An objective that names itself as parent (validation should refuse it) still shows.
    looped = dataclasses.replace(
        base_model,
        objectives=tuple(dataclasses.replace(o, parent=o.id) for o in base_model.objectives),
    )
    assert sorted(o.id for _, o in cascade(looped)) == ["kb-team", "self-service"]


def test_supporters_leave_out_postponed_and_dropped_work(base_model: Roadmap) -> None:
    dropped = dataclasses.replace(
        base_model,
        initiatives=tuple(
            dataclasses.replace(i, status="dropped") if i.id == "macros-cleanup" else i
            for i in base_model.initiatives
        ),
    )
    assert [i.id for i in supporters(base_model)["self-service.fcr"]] == ["macros-cleanup"]
    assert supporters(dropped)["self-service.fcr"] == ()


# --- lints ---------------------------------------------------------------------------


def test_the_clean_base_draws_no_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert validate(write_data(tmp_path)).diagnostics == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_lint_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = validate(write_data(tmp_path, case))
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [d.format() for d in result.diagnostics] == expected


def test_level_cascade_errors_make_the_data_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = validate(write_data(tmp_path, FIXTURES / "cases" / "level-cascade"))
    assert result.model is None
    assert [(d.line, d.severity) for d in result.errors] == [(13, "error"), (22, "error")]
    assert "a team objective cannot cascade from the individual objective 'luca-speed'" in (
        result.errors[0].message
    )


def test_individual_under_team_is_a_valid_cascade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_data(tmp_path)
    write(
        data / "okrs" / "me.yaml",
        """\
        objectives:
          - id: me
            title: Become the colleague people ask about articles
            level: individual
            period: 2027-Q1
            parent: kb-team
            key_results:
              - {id: a, title: Articles I own that are current, baseline: 10, target: 30}
              - {id: b, title: Questions answered in the channel, baseline: 5, target: 20}
              - {id: c, title: Helpful ratings on my articles, baseline: 40, target: 70}
        """,
    )
    write(
        data / "initiatives" / "kb-overhaul.yaml",
        (data / "initiatives" / "kb-overhaul.yaml").read_text() + "  - me.a\n  - me.b\n  - me.c\n",
    )
    result = validate(data)
    assert result.model is not None and result.diagnostics == []


@pytest.mark.parametrize(
    "title",
    [
        "Published articles without a review",
        "Resolved escalations rated 4 or 5",
        "Completion rate of onboarding",
        "Launch-week first response time",
        "Hold time in the phone queue",
        "Rollout coverage across teams",
    ],
)
def test_activity_lint_leaves_metric_titles_alone(title: str, base_model: Roadmap) -> None:
    from generator.data.checks import lint_okrs

    o = objective(kr(1, 2, id="a"), kr(1, 2, id="b"), dataclasses.replace(kr(1, 2), title=title))
    model = dataclasses.replace(base_model, objectives=(*base_model.objectives, o))
    assert not [d for d in lint_okrs(model) if "activity" in d.message]


# --- roadmap okrs / roadmap validate --------------------------------------------------


def test_okrs_json(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    result = run_cli("okrs", "--format", "json", "--today", "2027-02-20")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first, second = data["objectives"]
    assert data["today"] == "2027-02-20"
    assert [(p["period"], p["state"]) for p in data["periods"]] == [
        ("2027", "running"),
        ("2027-Q1", "running"),
    ]
    # day 51 of 365 and of 90: pace per objective and per key result
    assert first["state"] == "running"
    assert first["pace"] == {
        "state": "on-pace",
        "expected": pytest.approx(51 / 365),
        "actual": pytest.approx((4 / 15 + 2 / 8 + 0) / 3),
    }
    assert [r["pace"]["state"] for r in first["key_results"]] == ["ahead", "ahead", "behind"]
    assert second["pace"] == {"state": "behind", "expected": pytest.approx(51 / 90), "actual": 0.0}
    assert {k: first[k] for k in ("id", "level", "period", "parent")} == {
        "id": "self-service",
        "level": "function",
        "period": "2027",
        "parent": None,
    }
    assert first["score"] == pytest.approx((4 / 15 + 2 / 8 + 0) / 3)
    assert [{k: r[k] for k in ("id", "score", "latest")} for r in first["key_results"]] == [
        {"id": "deflection", "score": pytest.approx(4 / 15), "latest": 24},
        {"id": "fcr", "score": 0.25, "latest": 70},
        {"id": "handle-time", "score": 0.0, "latest": None},
    ]
    assert (second["id"], second["parent"], second["period"]) == (
        "kb-team",
        "self-service",
        "2027-Q1",
    )
    assert data["kpis"][0] == {
        "id": "fcr",
        "name": "First-contact resolution",
        "unit": "%",
        "direction": "higher",
        "threshold": 70,
        "floor": 70,
        "raised_by": [],
        "current": 72,
        "status": "healthy",
    }


def test_okrs_text(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    result = run_cli("okrs", "--today", "2027-02-20")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "OKRs: Lint fixture roadmap (as of 2027-02-20)"
    # one statement per period, none averaging across them
    assert lines[2:4] == [
        "- 2027 is running (day 51 of 365, 14% through): 0.14 of the way to target is "
        "expected by today; 1 objective on pace.",
        "- 2027-Q1 is running (day 51 of 90, 57% through): 0.57 of the way to target is "
        "expected by today; 1 objective behind.",
    ]
    assert (
        "self-service  [#---------] 0.17  (function, 2027); on pace: 0.17 of the way to "
        "target, 0.14 expected by today"
    ) in lines
    assert (
        "    kb-team  [----------] 0.00  (team, 2027-Q1); behind: 0.00 of the way to target, "
        "0.57 expected by today"
    ) in lines  # indented under its parent
    assert (
        "  - [##--------] 0.27  deflection: Help-center sessions that end without a ticket" in lines
    )
    assert (
        "      20% -> 35%; latest 24% on 2027-02-10; ahead: 0.27 of the way to target, 0.14 "
        "expected by today (22.1%)"
    ) in lines
    assert "      work: macros-cleanup; sets the floor of KPI fcr" in lines
    assert (
        "  fcr          First-contact resolution  current 72%         healthy  floor >= 70%"
    ) in lines
    assert (
        "  handle-time  Average handle time       current 11 minutes  healthy  floor <= 12 minutes"
    ) in lines


def test_okrs_on_invalid_data_exits_1(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path, FIXTURES / "cases" / "level-cascade")
    result = run_cli("okrs", "--format", "json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        "roadmap/okrs/cascade.yaml:13:12: error: a team objective cannot cascade" in result.stderr
    )


def test_validate_prints_lint_warnings_and_exits_0(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case = FIXTURES / "cases" / "too-few-key-results"
    write_data(tmp_path, case)
    result = run_cli("validate")
    assert result.exit_code == 0
    assert (case / "expected.txt").read_text().strip() in result.stderr.splitlines()
    result = run_cli("validate", "--strict")
    assert result.exit_code == 1
    assert (
        "roadmap/okrs/few.yaml:7:7: error: objective 'escalations' has 2 key results; "
        "3 to 5 keep it focused and measurable"
    ) in result.stderr.splitlines()


def test_informational_note_does_not_fail_strict(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path, FIXTURES / "cases" / "idle-initiative")
    assert run_cli("validate", "--strict").exit_code == 0


def _objective(oid: str, level: str, period: str, **extra: object) -> dict[str, object]:
    return {
        "id": oid,
        "title": f"Objective {oid}",
        "level": level,
        "period": period,
        **extra,
        "key_results": [
            {"id": f"kr{n}", "title": f"Result {n}", "baseline": 0, "target": 10} for n in range(3)
        ],
    }


def test_a_quarterly_objective_may_be_a_milestone_of_an_annual_one_at_its_level(
    make_roadmap,  # type: ignore[no-untyped-def]
) -> None:
    okrs = {
        "objectives": [
            _objective("trusted-care", "function", "2027"),
            _objective("q1-step", "function", "2027-Q1", parent="trusted-care"),
            _objective("wrong-year", "function", "2028-Q1", parent="trusted-care"),
        ]
    }
    data = make_roadmap({"id": "a"}, files={"okrs/2027.yaml": okrs})
    errors = [d.format() for d in validate(data).diagnostics if d.severity == "error"]
    assert errors == [
        f"{data}/okrs/2027.yaml:40:11: error: period 2028-Q1 is not in 2027, the year of "
        "the function objective 'trusted-care'; a quarterly milestone of an annual objective "
        "lies inside its year"
    ]


def test_individual_goals_are_private_unless_shared_and_never_for_the_organisation(
    make_roadmap,  # type: ignore[no-untyped-def]
) -> None:
    from generator.data.validate import load_roadmap
    from generator.planning.planner import make_plan
    from generator.site.render import render_site

    okrs = {
        "objectives": [
            _objective("team-goal", "team", "2027-Q1"),
            _objective("private-goal", "individual", "2027-Q1", parent="team-goal"),
            _objective(
                "shared-goal", "individual", "2027-Q1", parent="team-goal", visibility="team"
            ),
            _objective("lead-only", "team", "2027-Q1", visibility="leadership"),
            _objective(
                "below-lead-only", "individual", "2027-Q1", parent="lead-only", visibility="team"
            ),
        ]
    }
    supports = ["private-goal.kr0", "shared-goal.kr0", "team-goal.kr0"]
    data = make_roadmap({"id": "a", "supports": supports}, files={"okrs/q1.yaml": okrs})
    model, _ = load_roadmap(data)
    day = dt.date(2027, 2, 1)
    plan = make_plan(model, today=day)
    expected = {
        "leadership": {"team-goal", "private-goal", "shared-goal", "lead-only", "below-lead-only"},
        "team": {"team-goal", "shared-goal"},
        "organisation": {"team-goal"},
    }
    for edition, shown in expected.items():
        files = render_site(model, plan, edition, today=day).files  # type: ignore[arg-type]
        pages = {
            p.removeprefix("okrs/").removesuffix(".md") for p in files if p.startswith("okrs/")
        }
        assert pages - {"index"} == shown, edition
        text = "\n".join(str(v) for v in files.values())
        for oid in expected["leadership"] - shown:
            assert f"Objective {oid}" not in text, (edition, oid)


def test_lints_of_a_closed_period_are_notes_that_never_fail_strict(
    make_roadmap,  # type: ignore[no-untyped-def]
    run_cli: RunCli,
) -> None:
    okrs = {"objectives": [_objective("done-quarter", "team", "2027-Q1")]}
    data = make_roadmap({"id": "a"}, files={"okrs/q1.yaml": okrs})
    during = run_cli("validate", "--data", data, "--strict", "--today", "2027-02-01")
    assert during.exit_code == 1
    assert "error: key result 'done-quarter.kr0' has no work behind it" in during.stderr
    after = run_cli("validate", "--data", data, "--strict", "--today", "2027-06-01")
    assert after.exit_code == 0, after.stderr
    assert "note: key result 'done-quarter.kr0' has no work behind it" in after.stderr
    assert "(the period 2027-Q1 has ended)" in after.stderr


def test_check_ins_dated_far_ahead_or_outside_their_period_are_warned_about(
    make_roadmap,  # type: ignore[no-untyped-def]
    run_cli: RunCli,
) -> None:
    objective = _objective("q", "team", "2027-Q1")
    objective["key_results"][0]["check_ins"] = [  # type: ignore[index]
        {"date": "2027-06-20", "value": 3},
        {"date": "2028-01-20", "value": 4},
    ]
    item = {
        "id": "a",
        "status": "in-progress",
        "supports": ["q.kr0", "q.kr1", "q.kr2"],
        "progress": [{"date": "2027-11-26", "status": "on-track", "note": "fine"}],
    }
    data = make_roadmap(item, files={"okrs/q1.yaml": {"objectives": [objective]}})
    result = run_cli("validate", "--data", data, "--today", "2027-07-01")
    lines = [
        ln.split(": warning: ", 1)[1] for ln in result.stderr.splitlines() if ": warning: " in ln
    ]
    assert (
        "check-in dated 2027-11-26, more than a week after today (2027-07-01); it does not "
        "count yet; did you mean 2026-11-26?" in lines
    )
    assert any(
        "'q.kr0': check-in dated 2027-06-20, outside the period 2027-Q1" in ln for ln in lines
    )
    assert any(
        "'q.kr0': check-in dated 2028-01-20, more than a week after today" in ln for ln in lines
    )
    without = run_cli("validate", "--data", data)  # no --today: dates ahead are not judged
    assert "more than a week after today" not in without.stderr


@pytest.mark.slow  # a whole build
def test_a_plain_build_says_how_many_warnings_the_data_has(
    make_roadmap,  # type: ignore[no-untyped-def]
    run_cli: RunCli,
    tmp_path: Path,
) -> None:
    okrs = {"objectives": [_objective("running", "team", "2027-Q1")]}
    data = make_roadmap({"id": "a"}, files={"okrs/q1.yaml": okrs})
    result = run_cli(
        "build", "--data", data, "--site-dir", tmp_path / "site", "--today", "2027-02-01"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "the data has 3 warnings (`roadmap validate` lists them); a build with --strict, as in "
        "the workflows, fails on them" in result.stderr
    )


# --- work that lands after its key result's period ---------------------------------------

_QUARTERLY = {
    "objectives": [
        {
            "id": "q1",
            "title": "Answer faster this quarter",
            "level": "function",
            "period": "2027-Q1",
            "key_results": [
                {"id": n, "title": f"Measure {n}", "baseline": 0, "target": 10}
                for n in ("a", "b", "c")
            ],
        }
    ]
}


def _after_data(make_roadmap: Any) -> Path:  # type: ignore[misc]
    return make_roadmap(
        {"id": "early", "supports": ["q1.a"], "quarter": "2027-Q1"},
        {"id": "late", "supports": ["q1.b", "q1.c"], "quarter": "2027-Q3"},
        {"id": "spans", "supports": ["q1.c"], "quarter": "2027-Q1", "duration": 2},
        files={"okrs/q1.yaml": _QUARTERLY},
    )


def test_work_starting_after_its_key_results_period_is_a_warning_at_the_entry(
    run_cli: RunCli, make_roadmap: Any
) -> None:
    data = _after_data(make_roadmap)
    result = run_cli("validate", "--data", str(data), "--today", "2027-02-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"{data}/initiatives/late.yaml:7:3: warning: initiative 'late' starts 2027-Q3, "
        "after 2027-Q1, the period of the key result 'Measure b' (q1.b) it supports, so it "
        "cannot move that number: plan it to end by 2027-Q1, or move the key result to a "
        "period the work can affect (2027-Q3 or later)"
    ) in lines
    assert any(
        ln.startswith(f"{data}/initiatives/late.yaml:8:3: warning: initiative 'late'")
        for ln in lines
    )
    # Work that starts inside the period moves its number in part: a note.
    assert (
        f"{data}/initiatives/spans.yaml:7:3: note: initiative 'spans' ends 2027-Q2, after "
        "2027-Q1, the period of the key result 'Measure c' (q1.c) it supports: it can move "
        "that number only in part by the period's end; if the key result counts on the "
        "finished work, move it to 2027-Q2 or later"
    ) in lines
    assert not [ln for ln in lines if "'early'" in ln and "period" in ln]
    assert lines[-1].endswith("(3 initiatives, 1 objective, 2 warnings)")
    strict = run_cli("validate", "--data", str(data), "--today", "2027-02-01", "--strict")
    assert strict.exit_code == 1
    assert "late.yaml:7:3: error: initiative 'late' starts 2027-Q3" in strict.stderr
    # Once the key result's period has ended, it is history: a note, and --strict passes.
    after = run_cli("validate", "--data", str(data), "--today", "2027-05-01", "--strict")
    assert after.exit_code == 0, after.stderr
    assert "late.yaml:7:3: note: initiative 'late' starts 2027-Q3" in after.stderr


def test_work_after_its_key_result_is_a_plan_risk_and_flagged_on_the_objective_page(
    run_cli: RunCli, make_roadmap: Any
) -> None:
    from generator.site.render import render_site

    data = _after_data(make_roadmap)
    result = run_cli("plan", "--data", str(data), "--today", "2027-02-01", "--format", "json")
    risks = [r for r in json.loads(result.stdout)["risks"] if r["kind"] == "after-key-result"]
    assert [(r["id"], r["message"].split(",")[0]) for r in risks] == [
        ("late", "starts 2027-Q3"),
        ("late", "starts 2027-Q3"),
    ]
    model, _ = load_roadmap(data)
    day = dt.date(2027, 2, 1)
    plan = make_plan(model, today=day)
    for edition in ("leadership", "team"):
        page = render_site(model, plan, edition, today=day).files["okrs/q1.md"]
        assert isinstance(page, str)
        assert page.count("**Lands after the period:** Starts 2027\\-Q3") == 2, edition
        assert (
            "**Lands after the period:** Starts 2027\\-Q3, after 2027\\-Q1, so it cannot move "
            "this number in its period: plan it to end by 2027\\-Q1, or set this key result "
            "in 2027\\-Q3 or later"
        ) in page
        assert (
            "**Lands after the period:** Ends 2027\\-Q2, after 2027\\-Q1: it moves this "
            "number only in part by the period's end"
        ) in page
        assert "(q1.b)" not in page  # the page names no key-result id
    leadership = render_site(model, plan, "leadership", today=day).files["leadership.md"]
    assert isinstance(leadership, str)
    assert "- **after\\-key\\-result**, [Initiative late]" in leadership
