"""The living roadmap's pages, rendered in memory from the example roadmap (no MkDocs).

The example is read on 2027-05-10: the S1 escalation path is back on track, the QA
scorecard redesign is at risk, late and stale, four KPIs breach their floors, three
reviews were held, and one friction point has no work against it.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MakeRoadmap

from generator.site.build import Prepared, prepare
from generator.site.editions import Edition

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "roadmap"
TODAY = dt.date(2027, 5, 10)

AT_RISK = '<span class="rm-signal rm-signal-at-risk">At risk</span>'
ON_TRACK = '<span class="rm-signal rm-signal-on-track">On track</span>'
LATE = '<span class="rm-signal rm-signal-late">Late</span>'
STALE = '<span class="rm-signal rm-signal-stale">Stale</span>'
BREACHED = '<span class="rm-health rm-health-breached">Breached</span>'
QA_NOTE = "Sign\\-off moves to March because two team leads still want the compliance items"
HEALTHY = '<span class="rm-health rm-health-healthy">Healthy</span>'
CDA_NOTE = (
    "Top 25 drivers ranked, each with an owner; the report goes to Product and the knowledge "
    "team in May"
)


@pytest.fixture(scope="module")
def editions() -> dict[str, Prepared]:
    audiences: tuple[Edition, ...] = ("leadership", "team", "organisation")
    return {a: prepare(EXAMPLE, a, today=TODAY) for a in audiences}


def page(editions: dict[str, Prepared], path: str, edition: str = "leadership") -> str:
    """The page's Markdown after its front matter and the leadership edition's banner."""
    text = editions[edition].files[path]
    assert isinstance(text, str)
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :].lstrip("\n")
    if text.startswith('<div class="rm-edition-banner"'):
        text = text[text.index("</div>\n") + 7 :].lstrip("\n")
    return text


def lines(text: str) -> list[str]:
    return text.splitlines()


def section(text: str, heading: str) -> list[str]:
    """The lines under `heading` up to the next heading of the same or a higher level."""
    out, inside = [], False
    level = heading.split(" ")[0]
    for line in text.splitlines():
        if line == heading:
            inside = True
            continue
        if inside and re.match(rf"^#{{1,{len(level)}}} ", line):
            break
        if inside and line:
            out.append(line)
    return out


def test_leadership_shows_started_work_worst_first(editions: dict[str, Prepared]) -> None:
    rows = section(page(editions, "leadership.md"), "## Progress on started work")
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
        "### Not started, though its quarter has ended",
        "The plan starts these in a quarter that is over, but their status says they have not",
        "started: set `status: in-progress` with a check-in once work begins, or move them and",
        "say why.",
        "- [Help\\-center single sign\\-on](initiatives/help-center-sso.md): still proposed; the "
        "plan starts it in 2027\\-Q1, which ended on 2027\\-03\\-31",
        "- [Holiday coverage playbook](initiatives/holiday-coverage-playbook.md): still "
        "proposed; the plan starts it in 2027\\-Q1, which ended on 2027\\-03\\-31",
    ]


def test_leadership_lists_the_late_and_stale_risks(editions: dict[str, Prepared]) -> None:
    risks = section(page(editions, "leadership.md"), "## Risks")
    assert [r for r in risks if r.startswith(("- **late**", "- **stale**"))] == [
        "- **late**, [Contact driver analysis](initiatives/contact-driver-analysis.md): planned "
        "to end in 2027\\-Q1 \\(by 2027\\-03\\-31\\) but still in progress on 2027\\-05\\-10; "
        "mark it done, or give it a later end and say why in a progress check\\-in",
        "- **late**, [QA scorecard redesign](initiatives/qa-scorecard-redesign.md): planned to "
        "end in 2027\\-Q1 \\(by 2027\\-03\\-31\\) but still in progress on 2027\\-05\\-10; mark it "
        "done, or give it a later end and say why in a progress check\\-in",
        "- **stale**, [QA scorecard redesign](initiatives/qa-scorecard-redesign.md): the latest "
        "progress check\\-in is from 2027\\-02\\-22, 11 weeks ago \\(the limit is 6\\); add one "
        "under <code>progress&#58;</code>",  # code in a message shows as code
    ]


def test_leadership_shows_kpis_and_the_last_review(editions: dict[str, Prepared]) -> None:
    text = page(editions, "leadership.md")
    kpis = section(text, "## KPI health")
    assert kpis[5].startswith(
        f"| [First\\-contact resolution](kpis/fcr.md) | {BREACHED} | 68% |"
    )  # each KPI links to its page
    assert kpis[5].endswith(
        "| down 2 percentage points since 2027\\-03\\-31 \\(worse\\) | "
        "breached at all 5 since 2026\\-12\\-31 |"
    )  # the step since the measurement before, then the whole history against the floor
    assert section(text, "## What the last review decided") == [
        "[OKR closing, 2027\\-03\\-31](reviews/2027-03-31.md) decided:",
        "- Keep the one\\-hour S1 first contact as the floor of the S1 KPI from now on\\.",
        "- [QA scorecard redesign](initiatives/qa-scorecard-redesign.md): Continues into "
        "2027\\-Q2 with a sign\\-off meeting of all team leads in April\\.",
        "All reviews are on the [reviews page](reviews/index.md).",
    ]
    assert section(text, "## Delivered") == [
        "- [Zendesk trigger and routing clean\\-up](initiatives/zendesk-triggers.md): "
        "delivered 2027\\-02\\-26"
    ]
    assert "Already done:" not in text
    assert section(text, "## Friction the plan addresses") == [
        "7 of 9 friction points found in the current operation are addressed by work in the "
        "plan; not addressed: [The phone menu sends callers to the wrong queue]"
        "(where-we-start/index.md#misrouted\\-calls), [Billing questions bounce between CS and "
        "Finance](where-we-start/index.md#billing\\-handoffs). [Where we start]"
        "(where-we-start/index.md) lists each with the work against it."
    ]


def test_home_highlights_breaches_and_work_that_needs_attention(
    editions: dict[str, Prepared],
) -> None:
    text = page(editions, "index.md")
    start = text.index('!!! warning "Needs attention"')
    block = text[start : text.index("## Vision")].strip().splitlines()
    assert block[1:] == [
        "",
        "    - KPI breached: [First response time \\(median\\)](kpis/first-response-time.md) is "
        "at 5\\.2 hours, above its ceiling of 4 hours.",
        "    - KPI breached: [First\\-contact resolution](kpis/fcr.md) is at 68%, below its "
        "floor of 72%.",
        "    - KPI breached: [S1 time to first tier\\-2 contact](kpis/s1-first-contact.md) is at "
        "1\\.3 hours, above its ceiling of 1 hour.",
        "    - KPI breached: [Agent attrition \\(annualised\\)](kpis/agent-attrition.md) is at "
        "29%, above its ceiling of 25%.",
        f"    - {AT_RISK} {LATE} {STALE} [QA scorecard redesign]"
        f"(initiatives/qa-scorecard-redesign.md): {QA_NOTE}",
        f"    - {ON_TRACK} {LATE} [Contact driver analysis]"
        f"(initiatives/contact-driver-analysis.md): {CDA_NOTE}",
        "    - Not started: [Help\\-center single sign\\-on](initiatives/help-center-sso.md) is "
        "still proposed; the plan starts it in 2027\\-Q1, which ended on 2027\\-03\\-31.",
        "    - Not started: [Holiday coverage playbook](initiatives/holiday-coverage-playbook.md) "
        "is still proposed; the plan starts it in 2027\\-Q1, which ended on 2027\\-03\\-31.",
    ]
    # the organisation edition sees the breaches, not the state of the team's work
    org = page(editions, "index.md", "organisation")
    attention = org[org.index('!!! warning "Needs attention"') : org.index("## Vision")]
    assert "KPI breached: [First" in attention
    assert "QA scorecard redesign" not in attention and "Not started" not in attention


def test_team_page_shows_status_and_delivered_work(editions: dict[str, Prepared]) -> None:
    text = page(editions, "team.md", "team")
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


def test_initiative_page_shows_its_progress_and_friction(editions: dict[str, Prepared]) -> None:
    text = page(editions, "initiatives/qa-scorecard-redesign.md")
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
    done = page(editions, "initiatives/zendesk-triggers.md")
    assert "\n**Delivered:** 2027\\-02\\-26.\n" in done
    assert section(done, "## Progress")[0] == (
        "| Date | Status | Done | Note |"
    )  # done work keeps its history, without a current status


def test_reviews_index_and_pages_exist_only_in_leadership_editions(
    editions: dict[str, Prepared],
) -> None:
    assert section(page(editions, "reviews/index.md"), "# Reviews")[5:] == [
        "| 2027\\-03\\-31 | [OKR closing, 2027\\-03\\-31](\\.\\./reviews/2027-03-31.md) | "
        "2027\\-Q1 OKR closing | 2 | 2 |",
        "| 2027\\-03\\-15 | [Roadmap review, 2027\\-03\\-15](\\.\\./reviews/2027-03-15.md) | "
        "roadmap review | 4 | 2 |",
        "| 2027\\-02\\-08 | [Mid\\-quarter OKR review, 2027\\-02\\-08]"
        "(\\.\\./reviews/2027-02-08.md) | 2027\\-Q1 mid\\-quarter OKR review | 3 | 2 |",
    ]
    nav = editions["leadership"].config["nav"]
    assert {"Reviews": "reviews/index.md"} in nav
    for edition in ("team", "organisation"):
        assert not any(p.startswith("reviews/") for p in editions[edition].files), edition
        assert {"Reviews": "reviews/index.md"} not in editions[edition].config["nav"]


def test_a_review_page_records_decisions_learnings_and_what_happened(
    editions: dict[str, Prepared],
) -> None:
    text = page(editions, "reviews/2027-03-15.md")
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
    first = page(editions, "reviews/2027-02-08.md")
    assert section(first, "## What changed in the plan")[0].startswith(
        "This is the first review on record"
    )


def test_an_okr_closing_scores_the_objectives_of_its_period(
    editions: dict[str, Prepared],
) -> None:
    rows = section(page(editions, "reviews/2027-03-31.md"), "## Objectives of 2027\\-Q1")
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
    editions: dict[str, Prepared],
) -> None:
    closed = page(editions, "okrs/escalation-trust.md")
    assert (
        '!!! note "Closed on 2027\\-03\\-31: agreed score 0\\.80, computed 0\\.83"\n'
        "    S1 first contact reached one hour with the paging trial; proactive updates stopped "
        "at 88% because the update template arrived late\\. [The closing's record]"
        "(\\.\\./reviews/2027-03-31.md).\n"
    ) in closed
    following = page(editions, "okrs/launch-ready.md")  # a 2027-Q2 objective
    assert (
        '!!! info "Set after the 2027\\-Q1 OKR closing"\n'
        "    The [2027\\-Q1 closing](\\.\\./reviews/2027-03-31.md) was held on 2027\\-03\\-31. "
        "It learned:\n\n"
        "    - Objectives that depended on a single analysis finishing scored lowest;"
    ) in following
    # public editions: the dates and scores, no comment, no learnings, no link
    for edition in ("team", "organisation"):
        following = page(editions, "okrs/launch-ready.md", edition)
        assert "    The 2027\\-Q1 closing was held on 2027\\-03\\-31.\n" in following
        assert "learned" not in following and "single analysis" not in following
        assert "reviews/" not in following
        closed = page(editions, "okrs/escalation-trust.md", edition)
        assert (
            '!!! note "Closed on 2027\\-03\\-31: agreed score 0\\.80, computed 0\\.83"\n'
            "    Scored at the 2027\\-Q1 OKR closing.\n"
        ) in closed
        assert "paging trial" not in closed


def test_calendar_marks_reviews_held(editions: dict[str, Prepared]) -> None:
    text = page(editions, "calendar.md")
    assert (
        "| 2027\\-02\\-08 | 2027\\-Q1 mid\\-quarter OKR review | **held**: "
        "[record](reviews/2027-02-08.md) |"
    ) in lines(text)
    assert "| 2027\\-05\\-10 | 2027\\-Q2 mid\\-quarter OKR review | now |" in lines(text)
    assert "| 2027\\-03\\-15 | Roadmap review | **held** |" in lines(
        page(editions, "calendar.md", "team")
    )


def test_kpi_pages_show_the_trend_against_threshold_and_floor(
    editions: dict[str, Prepared],
) -> None:
    text = page(editions, "kpis/s1-first-contact.md")
    assert lines(text)[2] == (
        f"{BREACHED} Currently 1\\.3 hours; the floor is at most 1 hour (lower is better). "
        "Change: up 0\\.3 hours since 2027\\-03\\-31 \\(worse\\). Against the floor over "
        "time: breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31."
    )
    assert (
        "The threshold in `kpis.yaml` is 2; achieved key results raised the floor:\n\n"
        "- [Hours between an S1 arriving and the first tier\\-2 contact]"
        "(\\.\\./okrs/escalation\\-trust.md)\n"
    ) in text
    table = [ln for ln in lines(text) if ln.startswith("| 2027")]
    assert table == [
        "| 2027\\-04\\-30 | 1\\.3 hours | breached | Two nights without on\\-call cover while the "
        "allowance was negotiated |",
        "| 2027\\-03\\-31 | 1 hour | met | Paging rule trial with the tier\\-2 on\\-call rota |",
        "| 2027\\-02\\-28 | 2\\.6 hours | breached | – |",
        "| 2027\\-01\\-31 | 3\\.2 hours | breached | – |",
    ]
    svg = re.search(r"<svg .*?</svg>", text)
    assert svg is not None
    chart = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert (
        chart.findtext(f"{ns}title")
        == "S1 time to first tier-2 contact over time against its floor"
    )
    assert chart.findtext(f"{ns}desc") == (
        "S1 time to first tier-2 contact, lower is better; threshold 2, floor raised to 1. "
        "2026-12-31: 4 (breached); 2027-01-31: 3.2 (breached); 2027-02-28: 2.6 (breached); "
        "2027-03-31: 1; 2027-04-30: 1.3 (breached)."
    )
    # each measurement carries its value as a tooltip; the key's cross and dot carry none
    marks = chart.findall(f".//{ns}path[@class='rm-breach-mark']/{ns}title")
    dots = chart.findall(f".//{ns}circle[@class='rm-point']/{ns}title")
    assert len(marks) == 4 and len(dots) == 1
    key = chart.find(f"{ns}g[@class='rm-legend']")
    assert key is not None
    assert [t.text for t in key.iter(f"{ns}text")] == [
        "Worse than the floor",
        "Breaches",
        "Meets the floor",
    ]
    labels = [t.text for t in chart.iter(f"{ns}text")]
    assert "threshold 2" in labels and "floor 1 (raised)" in labels
    index = page(editions, "kpis/index.md", "organisation")
    assert (
        f"| [CSAT](\\.\\./kpis/csat.md) | 4\\.4 score | at least 4\\.3 score | {HEALTHY} |" in index
    )


def test_where_we_start_lists_friction_with_its_work_and_the_gaps(
    editions: dict[str, Prepared],
) -> None:
    text = page(editions, "where-we-start/index.md", "organisation")
    assert (
        '!!! note "Gaps"\n'
        "    - Not addressed by any initiative in the plan: [The phone menu sends callers to the "
        "wrong queue](#misrouted\\-calls), [Billing questions bounce between CS and Finance]"
        "(#billing\\-handoffs).\n"
        "    - Work that addresses no friction point: [CSAT survey redesign]"
        "(../initiatives/csat-survey-redesign.md), [Payroll 3\\.0 support readiness]"
        "(../initiatives/payroll3-readiness.md).\n"
    ) in text
    assert section(text, "## Severity\\-1 cases wait in silence {#silent-escalations}")[-4:] == [
        "**Addressed by:**",
        "- [S1 escalation path](../initiatives/s1-escalation-path.md) (in progress, 2027\\-Q1 "
        "to 2027\\-Q2)",
        "- [Tier\\-2 hiring](../initiatives/tier2-hiring.md) (proposed, 2027\\-Q4)",
        "- [Zendesk trigger and routing clean\\-up](../initiatives/zendesk-triggers.md) (done)",
    ]
    assert (
        section(text, "## Billing questions bounce between CS and Finance {#billing-handoffs}")[-1]
        == "**Not addressed by any initiative in the plan.**"
    )
    # the leadership edition also names the work that addresses it but is left out
    lead = page(editions, "where-we-start/index.md")
    heading = "## The phone menu sends callers to the wrong queue {#misrouted-calls}"
    assert section(lead, heading)[-2:] == [
        "**Not addressed by any initiative in the plan.**",
        "**Left out of the plan:** [Legacy IVR rebuild](../initiatives/legacy-ivr-rebuild.md) "
        "(ballast: low impact for high effort).",
    ]
    assert {"Where we start": "where-we-start/index.md"} in editions["team"].config["nav"]


def test_the_organisation_edition_shows_no_progress_notes(editions: dict[str, Prepared]) -> None:
    text = "".join(
        v
        for k, v in editions["organisation"].files.items()
        if k.endswith(".md") and isinstance(v, str)
    )
    assert "two team leads still want the compliance items" not in text
    assert "rm-signal-" not in text


def test_the_kpi_tables_say_how_each_kpi_stood_against_its_floor_over_time(
    editions: dict[str, Prepared], make_roadmap: MakeRoadmap
) -> None:
    def over_time(text: str) -> list[str]:
        rows = [ln for ln in lines(text) if ln.startswith("| [")]
        return [row.split(" | ")[-1].rstrip(" |") for row in rows]

    assert over_time(page(editions, "kpis/index.md", "team")) == [
        "met since 2027\\-01\\-31; 1 of 5 breached since 2026\\-12\\-31",
        "breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31",
        "breached at all 5 since 2026\\-12\\-31",
        "met at all 4 since 2027\\-01\\-31",
        "breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31",
        "breached at all 5 since 2026\\-12\\-31",
        "no history yet",  # SLA attainment has only a current value
    ]
    kpis = {
        "kpis": [
            {"id": "one", "name": "One", "direction": "lower", "threshold": 4,
             "history": [{"date": "2027-04-01", "value": 3}]},
            {"id": "back", "name": "Back", "direction": "higher", "threshold": 70,
             "history": [{"date": "2027-01-31", "value": 71}, {"date": "2027-02-28", "value": 69},
                         {"date": "2027-03-31", "value": 70}, {"date": "2027-04-30", "value": 75}]},
        ]
    }  # fmt: skip
    data = make_roadmap({"id": "a"}, files={"kpis.yaml": kpis})
    home = prepare(data, "team", today=TODAY).files["index.md"]
    assert isinstance(home, str)
    assert over_time(home[home.index("| KPI |") :]) == [
        "met at its one measurement \\(2027\\-04\\-01\\)",
        "met since 2027\\-03\\-31; 1 of 4 breached since 2027\\-01\\-31",  # 70 meets "at least 70"
    ]


def test_work_whose_start_quarter_has_ended_without_starting_is_flagged(
    make_roadmap: MakeRoadmap,
) -> None:
    data = make_roadmap(
        {"id": "waiting", "title": "Waiting"},  # planned, placed in 2027-Q1
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
    editions: dict[str, Prepared],
) -> None:
    text = page(editions, "index.md", "team")
    now = text[text.index('=== "Now (2027\\-Q2)"') : text.index('=== "Next')].splitlines()
    assert [ln.split("](")[0].split("[")[-1] for ln in now if ln.startswith("    - ")][:3] == [
        "Contact driver analysis",  # planned for 2027-Q1, still in progress
        "QA scorecard redesign",  # the same
        "S1 escalation path",  # planned for 2027-Q1 to 2027-Q2
    ]
