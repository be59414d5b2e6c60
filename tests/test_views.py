"""View models: what the pages are told, before any template runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

from generator.data.validate import load_roadmap
from generator.planning.planner import make_plan
from generator.site.render import environment, render_site
from generator.site.views.roadmap import build_view
from generator.site.views.teams import team_views


def _kr(kr_id: str, value: float | None = None) -> dict[str, object]:
    kr: dict[str, object] = {"id": kr_id, "title": f"Measure {kr_id}", "baseline": 0, "target": 10}
    if value is not None:
        kr["check_ins"] = [{"date": "2027-01-20", "value": value}]
    return kr


OKRS = {
    "objectives": [
        {
            "id": "before",
            "title": "Answer faster last quarter",
            "level": "function",
            "period": "2026-Q4",
            "key_results": [_kr("a", 7.5), _kr("b", 7.5), _kr("c", 7.5)],
        },
        {
            "id": "now",
            "title": "Answer faster this quarter",
            "level": "function",
            "period": "2027-Q1",
            "key_results": [_kr("a", 2), _kr("b", 2), _kr("c", 2)],
        },
        {
            "id": "later",
            "title": "Answer better next summer",
            "level": "function",
            "period": "2027-Q3",
            "key_results": [_kr("a"), _kr("b"), _kr("c")],
        },
    ]
}


def _leadership_pages(data: Path) -> dict[str, str]:
    """The Markdown pages of the leadership edition of `data`, planned as of 2027-01-05."""
    model, _ = load_roadmap(data)
    day = dt.date(2027, 1, 5)
    files = render_site(model, make_plan(model, today=day), "leadership", today=day).files
    return {name: text for name, text in files.items() if isinstance(text, str)}


def test_okr_health_is_judged_per_period_by_pace_or_by_score(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    data = make_roadmap({"id": "x"}, files={"okrs/okrs.yaml": OKRS})
    model, _ = load_roadmap(data)
    day = dt.date(2027, 2, 1)  # day 32 of the 90 days of 2027-Q1
    view = build_view(model, make_plan(model, today=day), day)
    assert view.started == frozenset({"before", "now"})
    assert [h.text for h in view.okr_health] == [
        "2026-Q4 has ended. The mean score is 0.75 over 1 measured objective: a healthy "
        "stretch (0.7-0.8).",
        "2027-Q1 is running (day 32 of 90, 36% through): 0.36 of the way to target is "
        "expected by today; 1 objective behind.",
        "2027-Q3 has not started (it begins on 2027-07-01): 1 objective, not judged yet.",
    ]
    now = view.standing["now"]
    assert (now.state, now.pace and now.pace.state) == ("running", "behind")
    assert now.summary == "score 0.20, 0.36 expected by today"
    assert now.text == "0.20 of the way to target, 0.36 expected by today."
    assert view.standing["before"].summary == "score 0.75, period ended"
    assert view.standing["later"].summary == "not started yet"
    kr_pace = now.key_results["a"]
    assert kr_pace is not None and kr_pace.expected_value == "3.6"
    page = render_site(model, make_plan(model, today=day), "team", today=day).files["okrs/index.md"]
    assert isinstance(page, str)
    assert "Behind: [Answer faster this quarter](now.md)." in page
    assert "(now.md): function, 2027\\-Q1, score 0\\.20, 0\\.36 expected by today " in page
    assert '<span class="rm-pace rm-pace-behind">Behind</span>' in page
    assert "(later.md): function, 2027\\-Q3, not started yet" in page
    assert "mean score" not in page.split("2026")[0]  # no statement before the periods'


def test_a_need_of_proposed_work_is_tentative(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    need = [{"from": "IT", "what": "A sandbox", "by": "2027-Q2"}]
    data = make_roadmap(
        {"id": "firm", "status": "planned", "needs": need},
        {"id": "maybe", "status": "proposed", "needs": need},
    )
    model, _ = load_roadmap(data)
    plan = make_plan(model, today=dt.date(2027, 1, 5))
    view = build_view(model, plan, dt.date(2027, 1, 5))
    [(function, needs)] = view.needs
    assert function == "IT"
    assert {n.initiative.id: n.tentative for n in needs} == {"firm": False, "maybe": True}
    page = render_site(model, plan, "organisation", today=dt.date(2027, 1, 5)).files[
        "organisation.md"
    ]
    assert isinstance(page, str)
    assert '| <span class="rm-tentative">Tentative:</span> the work is only proposed |' in page
    assert "| Yes: the work is planned |" in page


def test_a_team_sees_what_it_waits_for_and_who_waits_for_it(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    data = make_roadmap(
        {"id": "qa-baseline", "team": "quality", "owner": "hana"},
        {"id": "contact-reason-tagging", "team": "ops"},
        {"id": "coaching-programme", "team": "quality", "depends_on": ["qa-baseline"]},
        {
            "id": "ai-reply-drafts",
            "team": "ops",
            "depends_on": ["contact-reason-tagging", "coaching-programme"],
        },
        files={
            "people.yaml": {
                "teams": [
                    {"id": "ops", "name": "Operations"},
                    {"id": "quality", "name": "Quality", "lead": "hana"},
                ],
                "people": [{"id": "hana", "name": "Hana Ito", "team": "quality"}],
            }
        },
    )
    model, _ = load_roadmap(data)
    plan = make_plan(model, today=dt.date(2027, 1, 5))
    view = build_view(model, plan, dt.date(2027, 1, 5))
    ops, quality = team_views(model, view)
    assert (ops.name, quality.name, quality.lead, quality.members) == (
        "Operations",
        "Quality",
        "Hana Ito",
        ("Hana Ito",),
    )
    assert [(w.waiting.id, w.prerequisite.id) for w in ops.waits_on] == [
        ("ai-reply-drafts", "coaching-programme")
    ]
    assert ops.waited_on == ()
    assert [(w.waiting.id, w.prerequisite.id) for w in quality.waited_on] == [
        ("ai-reply-drafts", "coaching-programme")
    ]
    assert [(owner, [i.id for i in items]) for owner, items in quality.owners] == [
        ("Hana Ito", ["qa-baseline"]),
        ("No owner named", ["coaching-programme"]),
    ]
    files = render_site(model, plan, "team", today=dt.date(2027, 1, 5)).files
    page = files["teams/ops.md"]
    assert isinstance(page, str)
    end = plan.placement("coaching-programme")
    assert end is not None
    assert (
        "- [Initiative ai\\-reply\\-drafts](../initiatives/ai-reply-drafts.md) needs "
        "[Initiative coaching\\-programme](../initiatives/coaching-programme.md) first "
        f"(Quality: planned to finish in {end.end.year}\\-Q{end.end.number})."
    ) in page
    team_page = files["team.md"]
    assert isinstance(team_page, str)
    assert "own page: [Operations](teams/ops\\.md), [Quality](teams/quality\\.md)." in team_page
    assert (
        "teams/ops.md"
        not in render_site(model, plan, "organisation", today=dt.date(2027, 1, 5)).files
    )


def test_not_doing_is_grouped_by_reason_with_decisions_last(build) -> None:  # type: ignore[no-untyped-def]
    items = [
        build.item("dropped-one", status="dropped"),
        build.item("too-big", impact=1, effort=20),
        build.item("no-room", impact=3, effort=40),
    ]
    model = build.roadmap(items, capacity=10)
    view = build_view(model, make_plan(model, today=dt.date(2027, 1, 5)), dt.date(2027, 1, 5))
    assert [(kind, [i.id for i in group]) for kind, group in view.not_doing_by_kind] == [
        ("no-capacity", ["no-room"]),
        ("ballast", ["too-big"]),
        ("dropped", ["dropped-one"]),
    ]


def test_pages_read_the_example_from_disk() -> None:
    # The example's organisation page names a tentative need (its WFM tool is proposed).
    data = Path(__file__).resolve().parent.parent / "roadmap"
    model, _ = load_roadmap(data)
    plan = make_plan(model, today=dt.date(2027, 5, 10))
    page = render_site(model, plan, "organisation", today=dt.date(2027, 5, 10)).files[
        "organisation.md"
    ]
    assert isinstance(page, str)
    assert page.count("Tentative:") >= 1
    assert '<span class="rm-status rm-status-proposed">Proposed</span>' in page


def test_work_behind_a_key_result_says_when_it_is_not_scheduled(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    okrs = {
        "objectives": [
            {
                "id": "faster",
                "title": "Answer faster",
                "level": "function",
                "period": "2027",
                "key_results": [_kr("a"), _kr("b"), _kr("c")],
            }
        ]
    }
    data = make_roadmap(
        {"id": "doing", "supports": ["faster.a"]},
        {"id": "heavy", "impact": 1, "effort": 12, "supports": ["faster.a"]},
        files={"okrs/okrs.yaml": okrs},
    )
    files = _leadership_pages(data)
    objective, index = files["okrs/faster.md"], files["initiatives/index.md"]
    assert (
        '- <span class="rm-status rm-status-planned">Planned</span> '
        "[Initiative doing](../initiatives/doing.md): 2027\\-Q1"
    ) in objective
    assert (
        '- <span class="rm-status rm-status-planned">Planned</span> '
        "[Initiative heavy](../initiatives/heavy.md): **not scheduled** "
        "(ballast: low impact for high effort)"
    ) in objective
    # Planned in the data, left out by the plan: the list says both, in words.
    assert (
        '| [Initiative heavy](../initiatives/heavy.md) | <span class="rm-status '
        'rm-status-planned">Planned</span> | left out: ballast: low impact for high effort |'
    ) in index


def test_changelog_sections_are_separate_blocks() -> None:
    entry = SimpleNamespace(
        date=dt.date(2027, 2, 1),
        subject="Move the KB",
        short="abc1234",
        author="Ana",
        initial=False,
    )
    history = [
        SimpleNamespace(
            entry=entry,
            summary="1 moved, 1 added",
            sections=[
                ("Added", [(Markup("`x` X"), Markup("2027-Q2"))]),
                ("Moved between quarters", [(Markup("`kb` KB"), Markup(""))]),
            ],
        )
    ]
    text = environment().get_template("changelog.md.j2").render(history=history)
    assert "- `x` X: 2027-Q2\n\n**Moved between quarters**\n\n- `kb` KB\n" in text


def test_leadership_table_and_team_view_say_status_impact_and_who_is_responsible(
    make_roadmap,  # type: ignore[no-untyped-def]
) -> None:
    data = make_roadmap(
        {"id": "firm", "title": "Firm work", "owner": "hana", "team": "quality", "impact": 4},
        {"id": "maybe", "title": "Maybe work", "status": "proposed", "impact": 2},
        files={
            "people.yaml": {
                "teams": [{"id": "quality", "name": "Quality"}],
                "people": [{"id": "hana", "name": "Hana Ito", "team": "quality"}],
            }
        },
    )
    files = _leadership_pages(data)
    leadership, team = files["leadership.md"], files["team.md"]
    assert (
        "| Initiative | Status | When | Owner | Impact | Effort | Score | Quadrant |" in leadership
    )
    assert (
        '| [Firm work](initiatives/firm.md) | <span class="rm-status rm-status-planned">'
        'Planned</span> | <span class="rm-nowrap">2027\\-Q1</span> | '
        '<span class="rm-nowrap">Hana Ito</span> | 4 | 5 |'
    ) in leadership
    assert "*Owner: Hana Ito, Quality.*" in team
    assert "*Owner: not named.*" in team


# --- asks, the not-doing register and requests (the example on 2027-05-10) ---------------

PLANNER_TERMS = ("point", "pool", "score", "quadrant", "quarter:", "plan value", "ballast")


def _asks_row(page: str, what: str) -> str:
    return next(line for line in page.splitlines() if line.startswith(f"| {what}"))


def test_the_organisation_sees_each_ask_with_its_state_contact_and_lateness(
    prepared,  # type: ignore[no-untyped-def]
) -> None:
    from rendered import page

    org = page(prepared, "organisation.md", "organisation")
    legal = _asks_row(org, "Sign\\-off on the complaint definition")
    assert '<span class="rm-nowrap">2027\\-04\\-30</span>' in legal  # a date as `by:`
    assert "| Maria Keller | Legal counsel for consumer credit |" in legal
    assert '<span class="rm-ask rm-ask-requested">Requested</span>' in legal
    assert '<span class="rm-ask rm-ask-need-late">Late</span> (the date has passed)' in legal
    kb = _asks_row(org, "A reviewer per product area")
    assert '<span class="rm-ask rm-ask-need-unconfirmed">Not agreed yet</span>' in kb
    assert "(the work starts 2027\\-Q3 and nobody has agreed yet)" in kb
    sso = _asks_row(org, "SSO connector")
    assert '<span class="rm-ask rm-ask-agreed">Agreed</span> (agreed on 2027\\-02\\-03)' in sso
    assert "rm-ask-need" not in sso
    budget = _asks_row(org, "Headcount budget")
    assert '<span class="rm-ask rm-ask-declined">Declined</span>' in budget
    assert '<span class="rm-ask rm-ask-need-declined">Work at risk</span>' in budget
    assert '<span class="rm-ask rm-ask-delivered">Delivered</span>' in _asks_row(
        org, "Release notes"
    )


def test_the_organisation_sees_the_answer_to_each_request(prepared) -> None:  # type: ignore[no-untyped-def]
    from rendered import page, section

    org = page(prepared, "organisation.md", "organisation")
    answers = section(org, "## What you asked us for")
    assert answers[answers.index("### Finance") + 3] == (
        '| Workforce management tool procurement (<a href="https://github.com/acme/cs-roadmap/'
        'issues/14">the request</a>) | Not doing: The time we have for this kind of work until '
        "2027\\-Q4 goes to work that matters more\\. |"
    )
    assert answers[answers.index("### Legal") + 3] == (
        "| [Consumer\\-credit complaint handling](initiatives/credit-complaints-handling.md) "
        "| Planned for 2027\\-Q4 |"
    )
    marketing = answers[answers.index("### Marketing") + 3]
    assert marketing.startswith("| Social media customer care (<a href=")
    assert "| Not doing: Social channels carry under 2% of our contacts\\." in marketing
    assert "organisation.md" not in prepared["team"].files  # leadership has the page too


def test_every_team_page_lists_what_it_waits_for_from_other_functions_by_date(
    prepared,  # type: ignore[no-untyped-def]
) -> None:
    from rendered import page, section

    emea = section(
        page(prepared, "teams/emea-escalations.md", "team"),
        "## What we wait for from other functions",
    )
    assert [line.split("**")[1] for line in emea] == ["2027\\-09\\-15", "2027\\-Q3"]
    assert emea[0].startswith(
        "- **2027\\-09\\-15**: Headcount budget confirmed after the freeze, from Finance, for "
        "[Tier\\-2 hiring](../initiatives/tier2-hiring.md): "
        '<span class="rm-ask rm-ask-declined">Declined</span>'
    )
    assert "(asked by Aisha Rahman, answered by EMEA recruiting lead)" in emea[1]
    ops = section(
        page(prepared, "teams/cs-ops.md", "team"), "## What we wait for from other functions"
    )
    assert len(ops) == 1 and "from Legal" in ops[0] and "rm-ask-need-late" in ops[0]
    quality = section(
        page(prepared, "teams/quality.md", "team"), "## What we wait for from other functions"
    )
    assert quality == ["- Nothing: our scheduled work asks nothing of other functions."]
    whole = section(page(prepared, "team.md", "team"), "## What we wait for from other functions")
    assert len(whole) == 6 and whole[0].startswith("- **2027\\-04\\-30**: Sign\\-off")


def test_the_not_doing_register_reads_in_every_edition_in_plain_words(
    prepared,  # type: ignore[no-untyped-def]
) -> None:
    from rendered import page, section

    for edition in ("leadership", "team", "organisation"):
        register = page(prepared, "not-doing.md", edition)
        for kind in (
            "Postponed",
            "Dropped",
            "Not worth the effort for now",
            "No room in this roadmap",
        ):
            assert f"## {kind}" in register, (edition, kind)
        for title in (
            "Social media customer care",
            "Chatbot deflection",
            "Legacy IVR rebuild",
            "Ticket archive migration",
            "Workforce management tool procurement",
        ):
            assert title in register, (edition, title)
        assert "*When we look at it again:* in 2027\\-Q3, or once the help center" in register
        assert "cannot answer from our help\\-center articles" in register  # revisit_when alone
        if edition == "leadership":
            assert "Revisit due" in register and "*The planner:* no capacity" in register
            continue
        words = " ".join(section(register, "## No room in this roadmap")).lower()
        words += " ".join(section(register, "## Not worth the effort for now")).lower()
        assert not [t for t in PLANNER_TERMS if t in words], words
        assert "Revisit due" not in register and "The planner" not in register
        assert "EUR" not in register  # the internal notes stay with leadership


def test_leadership_sees_open_asks_by_risk_and_revisits_that_are_due(
    prepared,  # type: ignore[no-untyped-def]
) -> None:
    from rendered import page, section

    lead = page(prepared, "leadership.md")
    asks = section(lead, "## Open asks to other functions, by risk")
    groups = [line for line in asks if line.startswith("### ")]
    assert groups == [
        "### Declined, while the work that needs them is planned",
        "### Late",
        "### Not agreed yet, for work that has started or starts next quarter",
        "### On track",
    ]
    assert not [line for line in asks if "Release notes" in line]  # delivered: not open
    due = section(lead, "## Not-doing items due for a second look")
    assert len(due) == 1 and due[0].startswith("- [Legacy IVR rebuild]")
    assert '<span class="rm-ask rm-ask-need-late">Revisit due</span> by 2027\\-03\\-31' in due[0]


def test_tool_written_reasons_of_the_register_name_what_blocks_work(build) -> None:  # type: ignore[no-untyped-def]
    items = [
        build.item("base", 2, 20),  # ballast: left out
        build.item("after", 4, 4, deps=("base",)),  # blocked by it
        build.item("long", 4, 4, duration=6),  # longer than the horizon
    ]
    view = build_view(build.roadmap(items), make_plan(build.roadmap(items)), dt.date(2027, 1, 5))
    reasons = {e.id: (e.label, e.reason) for e in view.register}
    assert reasons == {
        "after": (
            "Waits for other work",
            "It cannot start before Base, which is not being done either.",
        ),
        "base": (
            "Not worth the effort for now",
            "The benefit is small for the work it would take, so other work comes first.",
        ),
        "long": (
            "Too long for this roadmap",
            "It could not be finished before this roadmap ends (2027-Q4).",
        ),
    }


def test_the_calendar_and_its_file_carry_the_asks_due_dates(
    prepared,  # type: ignore[no-untyped-def]
) -> None:
    from icalendar import Calendar
    from rendered import page, section

    for edition in ("leadership", "team", "organisation"):
        rows = section(
            page(prepared, "calendar.md", edition),
            "## When other functions are to deliver what we asked",
        )[4:]
        assert [r.split("</span>")[0].rsplit(">", 1)[1] for r in rows] == [
            "Fri 30 Apr 2027",  # a date as written
            "Wed 30 Jun 2027",  # 2027-Q2: its last day
            "Wed 30 Jun 2027",
            "Wed 15 Sep 2027",
            "Thu 30 Sep 2027",
        ]  # the delivered ask of Payroll 3.0 readiness is not due any more
        assert "rm-ask-need-late" in rows[0]
        ics = Calendar.from_ical(prepared[edition].files["calendar.ics"])
        asks = {
            str(e["uid"]): (e.decoded("dtstart"), str(e["summary"]), str(e["description"]))
            for e in ics.walk("VEVENT")
            if str(e["uid"]).startswith("ask-")
        }
        assert len(asks) == 5
        assert asks["ask-credit-complaints-handling-0@customer-service.cs-roadmap"] == (
            dt.date(2027, 4, 30),
            "Due from Legal: Sign-off on the complaint definition and response templates",
            "For Consumer-credit complaint handling (by 2027-04-30). Requested; owner in CS: "
            "Maria Keller.",
        )


def test_a_mid_quarter_review_and_an_objective_page_show_the_pace(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    review = {"kind": "mid-quarter", "decisions": [], "learnings": ["Slow start"]}
    data = make_roadmap(
        {"id": "x"}, files={"okrs/okrs.yaml": OKRS, "reviews/2027-02-10.yaml": review}
    )
    model, _ = load_roadmap(data)
    day = dt.date(2027, 3, 1)
    files = render_site(model, make_plan(model, today=day), "leadership", today=day).files
    page = files["reviews/2027-02-10.md"]
    assert isinstance(page, str)
    # 2027-02-10 is day 41 of 90: 0.46 expected; the check-ins of 2027-01-20 scored 0.20
    assert "## Pace at this review" in page
    assert (
        "| [Answer faster this quarter](\\.\\./okrs/now.md) | 2027\\-Q1 | 0\\.20 | 0\\.46 | "
        '<span class="rm-pace rm-pace-behind">Behind</span> |'
    ) in page
    assert "Answer better next summer" not in page  # not running then: no pace
    objective = files["okrs/now.md"]
    assert isinstance(objective, str)
    # day 60 of 90 on the page's own day: 0.67 of the way, 6.7 of the 0 -> 10 expected
    assert (
        '<span class="rm-pace rm-pace-behind">Behind</span> 0\\.20 of the way to target, '
        "0\\.67 expected by today\\."
    ) in objective
    assert "| Baseline | Target | Latest | Score | Expected by today | Pace |" in objective
    assert (
        "| 0 | 10 | 2 | 0\\.20 | 6\\.7 (0\\.67) | "
        '<span class="rm-pace rm-pace-behind">Behind</span> |'
    ) in objective


def test_an_annual_objective_lists_its_milestones_with_how_each_went(prepared) -> None:  # type: ignore[no-untyped-def]
    from rendered import page

    text = page(prepared, "okrs/agent-mastery.md", "team")
    assert (
        "- [Make the Payroll 3\\.0 release feel effortless for customers and agents]"
        "(launch\\-ready.md): function, 2027\\-Q2, score 0\\.49, 0\\.44 expected by today "
        '<span class="rm-pace rm-pace-on-pace">On pace</span>'
    ) in text
    assert "(quality\\-coaching\\-shift.md): team, 2027\\-Q1, score 0\\.60, period ended" in text
