"""Progress check-ins: `late` and `stale` (started work past its planned end, or without a
recent check-in), the check-ins in the model, and how the example's pages show progress."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from conftest import Build, MakeRoadmap, RunCli
from rendered import AT_RISK, CDA_NOTE, LATE, ON_TRACK, QA_NOTE, STALE, page, section

from generator.data.model import Initiative, ProgressCheckIn, Roadmap
from generator.planning.planner import make_plan
from generator.planning.progress import progress_risks, with_progress_risks
from generator.site.build import Prepared, prepare

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
        "it done, or set `duration: 2` so that it ends in 2027-Q2, and say why in a progress "
        "check-in (`roadmap checkin s1-path`)",
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
        "a new check-in is due"
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
        "a new check-in is due"
    )


def test_without_any_check_in_the_age_counts_from_the_planned_start(build: Build) -> None:
    model = build.roadmap([_started(build, duration=4)])
    plan = make_plan(model)
    assert progress_risks(model, plan, D(2027, 2, 12)) == ()
    (stale,) = progress_risks(model, plan, D(2027, 5, 10))
    assert stale.message == (
        "no progress check-in since it started on 2027-01-01, 18 weeks ago (the limit is 6); "
        "a new check-in is due"
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
    run_cli: RunCli, make_roadmap: MakeRoadmap, tmp_path: Path
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
        result = run_cli("plan", "--data", str(data), "--format", "json", "--today", today)
        assert result.exit_code == 0, result.output
        return [(r["id"], r["kind"]) for r in json.loads(result.stdout)["risks"]]

    assert risks("2027-03-31") == []
    assert risks("2027-04-19") == [("qa-scorecard", "late")]  # 8 weeks: not yet stale
    assert risks("2027-04-20") == [("qa-scorecard", "late"), ("qa-scorecard", "stale")]


# --- check-ins in the model, and on the pages of the example (rendered in memory) -------


def test_progress_is_sorted_by_date_and_the_latest_is_last(recorded: Roadmap) -> None:
    macros = recorded.initiative_by_id["macros"]
    assert macros.progress == (
        ProgressCheckIn(D(2027, 1, 20), "on-track", "Half the macros retired", 50.0),
        ProgressCheckIn(D(2027, 2, 20), "at-risk", "Owners missing for 12 macros", None),
    )
    assert macros.latest_progress == macros.progress[-1]
    assert macros.addresses == ("repeat-contacts",)
    assert recorded.initiative_by_id["triggers"].delivered == D(2027, 2, 26)


def test_leadership_shows_started_work_worst_first(prepared: dict[str, Prepared]) -> None:
    rows = section(page(prepared, "leadership.md"), "## Progress on started work")
    assert rows == [
        "The latest check-in of each initiative in progress; those that need attention come first.",
        "| Initiative | Status | Trend | Done | Latest note | As of |",
        "|---|---|---|---:|---|---|",
        "| [QA scorecard redesign](initiatives/qa-scorecard-redesign.md) | "
        f"{AT_RISK} {LATE} {STALE} | ↓ worse: was on track on 2027\\-01\\-25 | 55% | "
        f"{QA_NOTE} | 2027\\-02\\-22 |",
        f"| [Contact driver analysis](initiatives/contact-driver-analysis.md) | {ON_TRACK} "
        f"{LATE} | ↑ better: was at risk on 2027\\-03\\-29 | 85% | {CDA_NOTE} | 2027\\-04\\-26 |",
        f"| [S1 escalation path](initiatives/s1-escalation-path.md) | {ON_TRACK} | ↑ better: "
        "was at risk on 2027\\-03\\-03 | 60% | On\\-call allowance agreed; the paging rule for "
        "new S1 tickets has been live since 26 April | 2027\\-04\\-28 |",
    ]
    # 2027-Q1 is over on 2027-05-10: the planner starts no unstarted work there, so no
    # work is "not started, though its quarter has ended" (only a pin could be).
    assert "Not started" not in page(prepared, "leadership.md")


def test_leadership_lists_the_late_and_stale_risks(prepared: dict[str, Prepared]) -> None:
    risks = section(page(prepared, "leadership.md"), "## Risks")
    assert [r for r in risks if r.startswith(("- **late**", "- **stale**"))] == [
        "- **late**, [Contact driver analysis](initiatives/contact-driver-analysis.md): planned "
        "to end in 2027\\-Q1 \\(by 2027\\-03\\-31\\) but still in progress on 2027\\-05\\-10; "
        "mark it done, or set <code>duration&#58; 2</code> so that it ends in 2027\\-Q2, and say "
        "why in a progress check\\-in "
        "\\(<code>roadmap checkin contact&#45;driver&#45;analysis</code>\\)",
        "- **late**, [QA scorecard redesign](initiatives/qa-scorecard-redesign.md): planned to "
        "end in 2027\\-Q1 \\(by 2027\\-03\\-31\\) but still in progress on 2027\\-05\\-10; mark it "
        "done, or set <code>duration&#58; 2</code> so that it ends in 2027\\-Q2, and say why in "
        "a progress check\\-in \\(<code>roadmap checkin qa&#45;scorecard&#45;redesign</code>\\)",
        "- **stale**, [QA scorecard redesign](initiatives/qa-scorecard-redesign.md): the latest "
        "progress check\\-in is from 2027\\-02\\-22, 11 weeks ago \\(the limit is 6\\); a new "
        "check\\-in is due",
    ]


def test_team_page_shows_status_and_delivered_work(prepared: dict[str, Prepared]) -> None:
    text = page(prepared, "team.md", "team")
    # late and stale are risks, which only the leadership edition holds
    assert section(text, "## Under way") == [
        f"- {AT_RISK} **[QA scorecard redesign]"
        f"(initiatives/qa-scorecard-redesign.md)**: {QA_NOTE} (2027\\-02\\-22)",
        f"- {ON_TRACK} **[Contact driver analysis](initiatives/contact-driver-analysis.md)**: "
        f"{CDA_NOTE} (2027\\-04\\-26)",
        f"- {ON_TRACK} **[S1 escalation path](initiatives/s1-escalation-path.md)**: On\\-call "
        "allowance agreed; the paging rule for new S1 tickets has been live since 26 April "
        "(2027\\-04\\-28)",
    ]
    assert section(text, "## Delivered") == [
        "- [Zendesk trigger and routing clean\\-up](initiatives/zendesk-triggers.md): "
        "delivered 2027\\-02\\-26"
    ]


def test_initiative_page_shows_its_progress_and_friction(prepared: dict[str, Prepared]) -> None:
    text = page(prepared, "initiatives/qa-scorecard-redesign.md")
    assert section(text, "## Progress") == [
        f"{AT_RISK} {LATE} {STALE} ↓ worse: was on track on 2027\\-01\\-25.",
        "| Date | Status | Done | Note |",
        "|---|---|---:|---|",
        f"| 2027\\-02\\-22 | At risk | 55% | {QA_NOTE} |",
        "| 2027\\-01\\-25 | On track | 30% | Draft scorecard with nine criteria shared with the "
        "team leads |",
    ]
    assert section(text, "## Friction it addresses") == [
        "- [Quality reviews reward ticking boxes]"
        "(\\.\\./where-we-start/index.md#box\\-ticking\\-qa)"
    ]
    done = page(prepared, "initiatives/zendesk-triggers.md")
    assert "\n**Delivered:** 2027\\-02\\-26.\n" in done
    assert section(done, "## Progress")[0] == (
        "| Date | Status | Done | Note |"
    )  # done work keeps its history, without a current status


def test_the_organisation_edition_shows_no_progress_notes(prepared: dict[str, Prepared]) -> None:
    text = "".join(
        v
        for k, v in prepared["organisation"].files.items()
        if k.endswith(".md") and isinstance(v, str)
    )
    assert "two team leads still want the compliance items" not in text
    assert "rm-signal-" not in text


def test_work_whose_start_quarter_has_ended_without_starting_is_flagged(
    make_roadmap: MakeRoadmap,
) -> None:
    data = make_roadmap(
        # Pinned to 2027-Q1 and not started: a quarter that is over takes no unstarted work
        # of the planner's choosing, but a pin stays where it is.
        {"id": "waiting", "title": "Waiting", "quarter": "2027-Q1"},
        {"id": "going", "status": "in-progress"},
        {"id": "later", "quarter": "2027-Q2"},
    )
    flagged = (
        "- [Waiting](initiatives/waiting.md): still planned; the plan starts it in 2027\\-Q1, "
        "which ended on 2027\\-03\\-31"
    )
    on_the_last_day = prepare(data, "leadership", today=dt.date(2027, 3, 31)).files
    assert "### Not started" not in str(on_the_last_day["leadership.md"])
    after = prepare(data, "leadership", today=dt.date(2027, 4, 1)).files
    assert section(str(after["leadership.md"]), "### Not started, though its quarter has ended")[
        -1:
    ] == [flagged]  # neither the work in progress nor the work of the quarter under way
    home = str(prepare(data, "team", today=dt.date(2027, 4, 1)).files["index.md"])
    assert (
        "    - Not started: [Waiting](initiatives/waiting.md) is still planned; the plan starts "
        "it in 2027\\-Q1, which ended on 2027\\-03\\-31.\n"
    ) in home
    org = str(prepare(data, "organisation", today=dt.date(2027, 4, 1)).files["index.md"])
    assert "Not started" not in org


def test_a_check_in_dated_after_today_does_not_set_the_status_yet(
    make_roadmap: MakeRoadmap,
) -> None:
    progress = [
        {"date": "2027-04-20", "status": "at-risk", "note": "Vendor late"},
        {"date": "2027-06-01", "status": "on-track", "note": "Written ahead"},
    ]
    data = make_roadmap(
        {"id": "going", "status": "in-progress", "duration": 4, "progress": progress}
    )
    text = str(prepare(data, "leadership", today=dt.date(2027, 5, 10)).files["leadership.md"])
    assert section(text, "## Progress on started work")[3] == (
        f"| [Initiative going](initiatives/going.md) | {AT_RISK} | · first check\\-in | – | "
        "Vendor late | 2027\\-04\\-20 |"
    )
    own = str(prepare(data, "team", today=dt.date(2027, 5, 10)).files["initiatives/going.md"])
    assert (
        "| 2027\\-06\\-01 (after 2027\\-05\\-10: not counted yet) | On track | – | Written ahead |"
    ) in own.splitlines()
    later = str(prepare(data, "leadership", today=dt.date(2027, 6, 1)).files["leadership.md"])
    assert section(later, "## Progress on started work")[3].startswith(
        f"| [Initiative going](initiatives/going.md) | {ON_TRACK} | ↑ better: was at risk on "
    )


def test_work_still_in_progress_after_its_planned_end_is_happening_now(
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "index.md", "team")
    now = text[text.index('=== "Now (2027\\-Q2)"') : text.index('=== "Next')].splitlines()
    assert [ln.split("](")[0].split("[")[-1] for ln in now if ln.startswith("    - ")][:3] == [
        "Contact driver analysis",  # planned for 2027-Q1, still in progress
        "QA scorecard redesign",  # the same
        "S1 escalation path",  # planned for 2027-Q1 to 2027-Q2
    ]
