"""Reviews: the records in the model, matched against the cadence (held, missed, outside
it, prepared ahead), the review pages, and the plan's changes between reviews from a
dated git history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REVIEWED_SETTINGS, MakeRoadmap, RunCli
from gitrepo import commit, git
from rendered import AT_RISK, ON_TRACK, QA_NOTE, lines, page, section

from generator.data.model import Quarter, ReviewKind, ReviewRecord, Roadmap, closed_quarter
from generator.history.reviews import review_changes
from generator.okrs.cadence import CadenceEvent, cadence_events
from generator.okrs.held import match_reviews
from generator.site.build import Prepared, prepare

D = dt.date


def record(day: dt.date, kind: ReviewKind, period: str | None = None) -> ReviewRecord:
    from generator.data.loader import Document
    from generator.data.model import Origin

    origin = Origin(Document(Path("x"), "x", {}))
    return ReviewRecord(day, kind, "", (), (), (), period, (), origin)


@pytest.fixture(scope="module")
def events(recorded: Roadmap) -> tuple[CadenceEvent, ...]:
    return cadence_events(recorded)


def test_reviews_are_read_from_their_file_names_in_date_order(recorded: Roadmap) -> None:
    assert [(r.date, r.kind) for r in recorded.reviews] == [
        (D(2027, 2, 8), "mid-quarter"),
        (D(2027, 3, 15), "roadmap"),
        (D(2027, 4, 2), "okr-close"),
    ]
    mid, road, close = recorded.reviews
    assert [(d.initiative, d.text) for d in mid.decisions] == [
        ("macros", "Every macro gets an owner by March"),
        (None, "Check in monthly"),
    ]
    assert mid.learnings == ("Check-ins need numbers",)
    assert mid.attendees == ("maria", "aisha")
    assert road.summary == "The first roadmap review." and road.period is None
    # held two days into 2027-Q2, with no `period:`, it closes 2027-Q1
    assert close.period == "2027-Q1"
    assert [(o.objective, o.score, o.comment) for o in close.objectives] == [
        ("first-contact", 0.6, "Macros came late")
    ]


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (D(2027, 3, 31), "2027-Q1"),  # the closing day itself
        (D(2027, 3, 20), "2027-Q1"),  # the last weeks of the quarter
        (D(2027, 4, 9), "2027-Q1"),  # the first weeks of the next
        (D(2027, 5, 15), "2027-Q1"),  # 45 days after Q1 ends, 47 before Q2 does
        (D(2027, 5, 17), "2027-Q2"),  # now nearer to the end of Q2
        (D(2027, 1, 5), "2026-Q4"),  # across the year
    ],
)
def test_an_okr_close_without_a_period_closes_the_quarter_that_ends_nearest(
    day: dt.date, closed: str
) -> None:
    assert closed_quarter(day) == Quarter.parse(closed)


# --- held, missed and prepared reviews against the cadence ---------------------------------


def test_records_match_the_cadence_event_they_held(events: tuple[CadenceEvent, ...]) -> None:
    held = match_reviews(
        events,
        [
            record(D(2027, 2, 1), "mid-quarter"),  # 7 days before 2027-Q1's week-6 review
            record(D(2027, 4, 2), "okr-close", "2027-Q1"),  # a few days after the quarter
            record(D(2027, 7, 12), "okr-close", "2027-Q2"),  # late, but says what it closes
            record(D(2027, 3, 20), "roadmap"),  # 5 days after the 2027-03-15 review
            record(D(2027, 3, 22), "roadmap"),  # the same review again: outside the cadence
            record(D(2027, 5, 1), "roadmap"),  # 45 days from any roadmap review
            record(D(2027, 12, 30), "okr-close", "2027"),  # the year closes with 2027-Q4
        ],
    )
    matched = {e.title: r.date for e in events if (r := held.records.get(e.uid))}
    assert matched == {
        "2027-Q1 mid-quarter OKR review": D(2027, 2, 1),
        "2027-Q1 OKR closing": D(2027, 4, 2),
        "2027-Q2 OKR closing": D(2027, 7, 12),
        "Roadmap review": D(2027, 3, 20),
        "2027-Q4 OKR closing": D(2027, 12, 30),
    }
    assert [r.date for r in held.unscheduled] == [D(2027, 3, 22), D(2027, 5, 1)]
    today = D(2027, 8, 9)
    states = {(e.title, e.start): held.state(e, today) for e in events}
    assert states[("2027-Q2 mid-quarter OKR review", D(2027, 5, 10))] == "missed"
    assert states[("Roadmap review", D(2027, 6, 15))] == "missed"
    assert states[("2027-Q3 mid-quarter OKR review", D(2027, 8, 9))] == "now"
    assert states[("2027-Q3 OKR closing", D(2027, 9, 30))] == "upcoming"
    assert states[("2027-Q3 OKR setting", D(2027, 6, 17))] is None  # not a review


def test_without_any_review_record_nothing_is_missed(events: tuple[CadenceEvent, ...]) -> None:
    held = match_reviews(events, [])
    assert not held.kept
    assert {held.state(e, D(2027, 8, 9)) for e in events if e.start < D(2027, 8, 1)} == {None}


def test_roadmap_calendar_marks_held_and_missed_reviews(
    run_cli: RunCli, make_roadmap: MakeRoadmap, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    make_roadmap(
        {"id": "a"},
        settings=REVIEWED_SETTINGS,
        files={
            "reviews/2027-02-08.yaml": {"kind": "mid-quarter"},
            "reviews/2027-04-20.yaml": {"kind": "roadmap"},
        },
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("calendar", "--today", "2027-04-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:8] == [
        "  past          Fri 2026-12-18 to Thu 2026-12-31  2027-Q1 OKR setting",
        "  past, held    Mon 2027-02-08                    2027-Q1 mid-quarter OKR review "
        "(reviews/2027-02-08.yaml)",
        "  past, missed  Mon 2027-03-15                    Roadmap review",
        "  past          Thu 2027-03-18 to Wed 2027-03-31  2027-Q2 OKR setting",
        "  past, missed  Wed 2027-03-31                    2027-Q1 OKR closing",
        "  next          Mon 2027-05-10                    2027-Q2 mid-quarter OKR review",
    ]
    assert "  held outside the cadence: roadmap review (reviews/2027-04-20.yaml)" in (
        result.stdout.splitlines()
    )


def test_the_site_lists_missed_reviews_and_reviews_outside_the_cadence(
    make_roadmap: MakeRoadmap,
) -> None:
    data = make_roadmap(
        {"id": "a"},
        settings=REVIEWED_SETTINGS,
        files={
            "reviews/2027-02-08.yaml": {"kind": "mid-quarter"},
            "reviews/2027-04-20.yaml": {"kind": "roadmap", "learnings": ["Held late"]},
        },
    )
    site = prepare(data, "leadership", today=D(2027, 4, 30))
    calendar = site.files["calendar.md"]
    assert isinstance(calendar, str)
    assert "| Mon 15 Mar 2027 | Roadmap review | **missed**: no record in reviews/ |" in calendar
    assert "## Reviews held outside the cadence\n\n- [Roadmap review, 2027\\-04\\-20]" in calendar
    index = site.files["reviews/index.md"]
    assert isinstance(index, str)
    assert index.endswith(
        "## Missed\n\n"
        "- 2027\\-03\\-15: Roadmap review, with no record in `reviews/`\n"
        "- 2027\\-03\\-31: 2027\\-Q1 OKR closing, with no record in `reviews/`\n"
    )
    late = site.files["reviews/2027-04-20.md"]
    assert isinstance(late, str)
    assert "\nThis review was held outside the review cadence.\n" in late


def test_a_record_dated_after_today_is_prepared_not_held(
    run_cli: RunCli, make_roadmap: MakeRoadmap, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = make_roadmap(
        {"id": "a"},
        settings=REVIEWED_SETTINGS,
        files={
            "reviews/2027-02-08.yaml": {
                "kind": "mid-quarter",
                "decisions": [{"decision": "Keep the plan"}],
            },
            "reviews/2027-06-15.yaml": {
                "kind": "roadmap",
                "decisions": [{"decision": "Agenda: the second half"}],
            },
            "reviews/2027-07-20.yaml": {"kind": "roadmap"},  # outside the cadence
            "reviews/2027-06-30.yaml": {
                "kind": "okr-close",
                "objectives": [{"objective": "o", "comment": "Written ahead"}],
            },
            "okrs/o.yaml": {
                "objectives": [
                    {"id": "o", "title": "Objective", "level": "function", "period": "2027-Q2",
                     "key_results": [{"id": "k", "title": "Key result"}]}
                ]
            },
        },
    )  # fmt: skip
    site = prepare(data, "leadership", today=D(2027, 5, 10))
    files = {k: v for k, v in site.files.items() if isinstance(v, str)}
    assert (
        "| Tue 15 Jun 2027 | Roadmap review | upcoming; [record prepared for 2027-06-15]"
        "(reviews/2027-06-15.md) |" in files["calendar.md"].splitlines()
    )
    assert "- [Roadmap review, 2027\\-07\\-20](reviews/2027-07-20.md) (prepared, not held yet)" in (
        files["calendar.md"].splitlines()
    )
    assert "| roadmap review (prepared, not held yet) | 1 | 0 |" in files["reviews/index.md"]
    assert (
        "# Roadmap review, 2027\\-06\\-15\n\n"
        '!!! note "Prepared, not held yet"\n'
        "    This record is dated 2027\\-06\\-15, after the day this site was built "
        "(2027\\-05\\-10): the review has not been held yet, so what follows is its "
        "preparation.\n"
    ) in files["reviews/2027-06-15.md"]
    # the last review is the one held by today, and a prepared closing scores nothing yet
    assert (
        "[Mid\\-quarter OKR review, 2027\\-02\\-08](reviews/2027-02-08.md) decided:"
        in (files["leadership.md"])
    )
    assert "Closed on" not in files["okrs/o.md"]
    # once the day has come, the same records are held
    later = prepare(data, "leadership", today=D(2027, 7, 1)).files
    assert "| Tue 15 Jun 2027 | Roadmap review | **held**: [record](reviews/2027-06-15.md) |" in (
        str(later["calendar.md"]).splitlines()
    )
    assert '!!! note "Closed on 2027\\-06\\-30' in str(later["okrs/o.md"])
    monkeypatch.chdir(tmp_path)
    result = run_cli("calendar", "--today", "2027-05-10")
    assert result.exit_code == 0, result.output
    assert (
        "  upcoming, prepared  Tue 2027-06-15                    Roadmap review "
        "(reviews/2027-06-15.yaml)"
    ) in result.stdout.splitlines()
    assert "  prepared outside the cadence: roadmap review (reviews/2027-07-20.yaml)" in (
        result.stdout.splitlines()
    )


# --- the example's review pages, rendered in memory --------------------------------------


def test_reviews_index_and_pages_exist_only_in_leadership_editions(
    prepared: dict[str, Prepared],
) -> None:
    assert section(page(prepared, "reviews/index.md"), "# Reviews")[5:] == [
        "| 2027\\-03\\-31 | [OKR closing, 2027\\-03\\-31](\\.\\./reviews/2027-03-31.md) | "
        "2027\\-Q1 OKR closing | 2 | 2 |",
        "| 2027\\-03\\-15 | [Roadmap review, 2027\\-03\\-15](\\.\\./reviews/2027-03-15.md) | "
        "roadmap review | 4 | 2 |",
        "| 2027\\-02\\-08 | [Mid\\-quarter OKR review, 2027\\-02\\-08]"
        "(\\.\\./reviews/2027-02-08.md) | 2027\\-Q1 mid\\-quarter OKR review | 3 | 2 |",
    ]
    nav = prepared["leadership"].config["nav"]
    assert {"Reviews": "reviews/index.md"} in nav
    for edition in ("team", "organisation"):
        assert not any(p.startswith("reviews/") for p in prepared[edition].files), edition
        assert {"Reviews": "reviews/index.md"} not in prepared[edition].config["nav"]


def test_a_review_page_records_decisions_learnings_and_what_happened(
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "reviews/2027-03-15.md")
    assert lines(text)[:5] == [
        "# Roadmap review, 2027\\-03\\-15",
        "",
        "The record of the roadmap review due on 2027\\-03\\-15.",
        "",
        "Attended by Maria Keller, Jonas Brandt, Aisha Rahman, Hannah Berg, Priya Nair, Sofia "
        "Lindqvist, Diego Ramos, Kwame Mensah.",
    ]
    assert section(text, "## Decisions")[0] == (
        "- [Payroll 3\\.0 support readiness](../initiatives/payroll3-readiness.md): Pinned to "
        "2027\\-Q2 so that agents are certified before the release reaches customers\\."
    )
    assert len(section(text, "## Learnings")) == 2
    assert section(text, "## Delivered since the 2027\\-02\\-08 review") == [
        "- [Zendesk trigger and routing clean\\-up](../initiatives/zendesk-triggers.md): "
        "delivered 2027\\-02\\-26"
    ]
    # the example's git history holds no data edits dated between the two reviews
    assert section(text, "## What changed in the plan since the 2027\\-02\\-08 review")[0] in (
        "The git history of the data shows no change to the plan between the 2027\\-02\\-08 "
        "review and this one\\.",
        "What changed since the 2027\\-02\\-08 review is not known: the data folder has no "
        "git history\\.",
    )
    assert section(text, "## Work in progress at the review")[2:-1] == [
        "| [Contact driver analysis](../initiatives/contact-driver-analysis.md) | "
        f"{ON_TRACK} | 15% | Twelve months of tickets exported with the new routing tags; call "
        "tagging has started (2027\\-03\\-01) |",
        "| [QA scorecard redesign](../initiatives/qa-scorecard-redesign.md) | "
        f"{AT_RISK} | 55% | {QA_NOTE} (2027\\-02\\-22) |",
        "| [S1 escalation path](../initiatives/s1-escalation-path.md) | "
        f"{AT_RISK} | 35% | The tier\\-2 on\\-call rota is still informal because HR has not "
        "agreed an on\\-call allowance (2027\\-03\\-03) |",
    ]
    assert lines(text)[-1] == (
        "[Previous: Mid\\-quarter OKR review, 2027\\-02\\-08](\\.\\./reviews/2027-02-08.md) · "
        "[Next: OKR closing, 2027\\-03\\-31](\\.\\./reviews/2027-03-31.md)"
    )
    first = page(prepared, "reviews/2027-02-08.md")
    assert section(first, "## What changed in the plan")[0].startswith(
        "This is the first review on record"
    )


def test_an_okr_closing_scores_the_objectives_of_its_period(
    prepared: dict[str, Prepared],
) -> None:
    rows = section(page(prepared, "reviews/2027-03-31.md"), "## Objectives of 2027\\-Q1")
    assert rows[2] == (
        "| [Make escalations a moment that builds customer trust instead of eroding it]"
        "(\\.\\./okrs/escalation\\-trust.md) | function | 0\\.80 | 0\\.83 | S1 first contact "
        "reached one hour with the paging trial; proactive updates stopped at 88% because the "
        "update template arrived late\\. |"
    )
    assert rows[-1] == (
        "| [Turn my QA reviews into coaching that visibly lifts agent scores]"
        "(\\.\\./okrs/elena\\-coaching\\-impact.md) | individual | – | 0\\.74 | not discussed at "
        "this closing |"
    )
    assert len(rows) == 2 + 9  # every 2027-Q1 objective: six scored, three not discussed


def test_objective_pages_link_to_their_closing_and_the_one_before(
    prepared: dict[str, Prepared],
) -> None:
    closed = page(prepared, "okrs/escalation-trust.md")
    assert (
        '!!! note "Closed on 2027\\-03\\-31: agreed score 0\\.80, computed 0\\.83"\n'
        "    S1 first contact reached one hour with the paging trial; proactive updates stopped "
        "at 88% because the update template arrived late\\. [The closing's record]"
        "(\\.\\./reviews/2027-03-31.md).\n"
    ) in closed
    following = page(prepared, "okrs/launch-ready.md")  # a 2027-Q2 objective
    assert (
        '!!! info "Set after the 2027\\-Q1 OKR closing"\n'
        "    The [2027\\-Q1 closing](\\.\\./reviews/2027-03-31.md) was held on 2027\\-03\\-31. "
        "It learned:\n\n"
        "    - Objectives that depended on a single analysis finishing scored lowest;"
    ) in following
    # public prepared: the dates and scores, no comment, no learnings, no link
    for edition in ("team", "organisation"):
        following = page(prepared, "okrs/launch-ready.md", edition)
        assert "    The 2027\\-Q1 closing was held on 2027\\-03\\-31.\n" in following
        assert "learned" not in following and "single analysis" not in following
        assert "reviews/" not in following
        closed = page(prepared, "okrs/escalation-trust.md", edition)
        assert (
            '!!! note "Closed on 2027\\-03\\-31: agreed score 0\\.80, computed 0\\.83"\n'
            "    Scored at the 2027\\-Q1 OKR closing.\n"
        ) in closed
        assert "paging trial" not in closed


def test_calendar_marks_reviews_held(prepared: dict[str, Prepared]) -> None:
    text = page(prepared, "calendar.md")
    assert (
        "| Mon 8 Feb 2027 | 2027\\-Q1 mid\\-quarter OKR review | **held**: "
        "[record](reviews/2027-02-08.md) |"
    ) in lines(text)
    assert "| Mon 10 May 2027 | 2027\\-Q2 mid\\-quarter OKR review | now |" in lines(text)
    assert "| Mon 15 Mar 2027 | Roadmap review | **held** |" in lines(
        page(prepared, "calendar.md", "team")
    )


# --- what changed between reviews, from git ------------------------------------------------


def _initiative(id_: str, *extra: str) -> str:
    return (
        "\n".join(
            [
                f"id: {id_}",
                f"title: {id_.capitalize()}",
                "status: planned",
                "impact: 4",
                "effort: 4",
                *extra,
            ]
        )
        + "\n"
    )


@pytest.fixture(scope="module")
def dated_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Data edits merged between reviews held on 2027-02-08, 2027-03-15 and 2027-06-15."""
    repo = tmp_path_factory.mktemp("reviews") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    settings = "title: Small\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 10}\n"
    mp = pytest.MonkeyPatch()
    try:

        def at(day: str, message: str, files: dict[str, str | None]) -> None:
            mp.setenv("GIT_COMMITTER_DATE", f"{day}T12:00:00+01:00")
            mp.setenv("GIT_AUTHOR_DATE", f"{day}T12:00:00+01:00")
            commit(repo, message, files)

        at(
            "2027-01-10",
            "Initial roadmap",
            {
                "roadmap/roadmap.yaml": settings,
                "roadmap/initiatives/alpha.yaml": _initiative("alpha"),
                "roadmap/initiatives/beta.yaml": _initiative("beta"),
            },
        )
        at("2027-02-08", "Review held", {"roadmap/reviews/2027-02-08.yaml": "kind: mid-quarter\n"})
        at(
            "2027-02-20",
            "Move beta to the third quarter",
            {
                "roadmap/initiatives/beta.yaml": _initiative("beta", "quarter: 2027-Q3"),
            },
        )
        at(
            "2027-03-01",
            "Add gamma, drop alpha",
            {
                "roadmap/initiatives/gamma.yaml": _initiative("gamma"),
                "roadmap/initiatives/alpha.yaml": _initiative(
                    "alpha", "status: dropped", "reason: Product does it"
                ).replace("status: planned\n", ""),
            },
        )
        at("2027-03-15", "Roadmap review", {"roadmap/reviews/2027-03-15.yaml": "kind: roadmap\n"})
        at("2027-06-15", "Roadmap review", {"roadmap/reviews/2027-06-15.yaml": "kind: roadmap\n"})
    finally:
        mp.undo()
    return repo / "roadmap"


def test_each_review_compares_the_plan_with_the_review_before(dated_history: Path) -> None:
    changes = review_changes(dated_history, [D(2027, 6, 15), D(2027, 2, 8), D(2027, 3, 15)])
    first, march, june = changes[D(2027, 2, 8)], changes[D(2027, 3, 15)], changes[D(2027, 6, 15)]
    assert (first.since, first.diff, first.why_not) == (None, None, "the first review on record")
    assert march.since == D(2027, 2, 8) and march.diff is not None
    assert sorted(c.id for c in march.diff.initiatives) == ["alpha", "beta", "gamma"]
    assert march.diff.summary() == (
        "1 newly not doing, 1 moved, 1 added, 1 status change, 1 initiative edited"
    )
    assert june.diff is not None and june.diff.empty  # nothing changed after March


def test_a_review_page_shows_the_changes(dated_history: Path) -> None:
    site = prepare(dated_history, "leadership", today=D(2027, 6, 20))
    text = site.files["reviews/2027-03-15.md"]
    assert isinstance(text, str)
    changed = text.split("## What changed in the plan since the 2027\\-02\\-08 review\n\n")[1]
    assert "**Moved between quarters**" in changed and "`beta`" in changed
    assert "**Added**" in changed and "`gamma`" in changed
    assert "`alpha`" in changed.split("**Newly in the not\\-doing list**")[1]
    assert "\n\n**Moved between quarters**\n\n" in changed  # each list ends before a heading


def test_without_git_history_the_page_says_so(make_roadmap: MakeRoadmap) -> None:
    data = make_roadmap(
        {"id": "a"},
        files={
            "reviews/2027-02-08.yaml": {"kind": "roadmap"},
            "reviews/2027-03-08.yaml": {"kind": "roadmap"},
        },
    )
    changes = review_changes(data, [D(2027, 2, 8), D(2027, 3, 8)])
    assert changes[D(2027, 3, 8)].why_not == "the data folder has no git history"
