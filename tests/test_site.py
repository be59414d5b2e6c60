"""The built site: audiences, escaping, atomic builds, determinism, offline assets.

These build the real example roadmap with the real MkDocs Material; no mocks. What the
home and leadership pages summarise is read from pages rendered in memory.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, RunCli, build_site, copy_example
from gitrepo import commit, git
from rendered import AT_RISK, BREACHED, CDA_NOTE, LATE, ON_TRACK, QA_NOTE, STALE, page, section

from generator.site.build import Prepared

TODAY = "2027-05-10"


def build(site: Path, data: Path = EXAMPLE, audience: str = "all", *extra: str) -> None:
    build_site(data, site, "--audience", audience, "--today", TODAY, *extra)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def internal_notes() -> list[str]:
    notes = []
    for p in sorted((EXAMPLE / "initiatives").glob("*.yaml")):
        note = yaml.safe_load(p.read_text("utf-8")).get("internal")
        if note:
            notes.append(" ".join(note.split()))
    assert len(notes) >= 3, "the example needs internal notes for this test to mean anything"
    return notes


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for audience in ("all", "team", "organisation"):
        site = tmp_path_factory.mktemp(audience) / "site"
        build(site, audience=audience)
        out[audience] = site
    return out


def test_full_build_has_every_view(sites: dict[str, Path]) -> None:
    site = sites["all"]
    for name in (
        "index.html",
        "team/index.html",
        "leadership/index.html",
        "not-doing/index.html",
        "organisation/index.html",
        "okrs/index.html",
        "calendar/index.html",
        "initiatives/kb-overhaul/index.html",
        "calendar.ics",
        "schemas/initiative.schema.json",
    ):
        assert (site / name).is_file(), name
    leadership = (site / "leadership/index.html").read_text("utf-8")
    assert "rm-matrix" in leadership and "rm-capacity" in leadership and "rm-deps" in leadership
    assert "rm-timeline" in (site / "team/index.html").read_text("utf-8")


@pytest.mark.parametrize("audience", ["team", "organisation"])
def test_team_and_organisation_builds_hold_nothing_internal(
    sites: dict[str, Path], audience: str
) -> None:
    site = sites[audience]
    notes = internal_notes()
    # The full build does show them, so the check below is not vacuous.
    full = b"".join(p.read_bytes() for p in sites["all"].rglob("*.html"))
    assert any(n[:40].encode() in full for n in notes)
    for path in site.rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            for note in notes:
                assert note[:40].encode() not in body, f"internal text in {path}"
            assert b"Internal notes" not in body, path
    assert not (site / "leadership").exists()
    assert (site / "not-doing/index.html").is_file()  # the register is in every edition
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    index = (site / "search/search_index.json").read_text("utf-8")
    for text in (sitemap, index):
        assert "/leadership/" not in text
        assert "Leadership view" not in text


class _Collector(HTMLParser):
    # As in a browser, <title> and <textarea> hold text only (RCDATA), never tags.
    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag in ("script", "style")
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self.in_script else self.text).append(data)


HOSTILE = {
    "title": "<script>alert('t')</script> Overhaul",
    "summary": "Summary {: onmouseover=alert('s') } & <b>bold</b>",
    "description": (
        "[click](javascript:alert('d')) <img src=x onerror=alert('i')>\n\n"
        "## Heading {: onclick=alert('h') }\n\n[ref]: javascript:alert('r')\n"
    ),
}


def test_hostile_strings_reach_the_html_as_text(tmp_path: Path) -> None:
    data = copy_example(tmp_path / "project")
    path = data / "initiatives/kb-overhaul.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc.update(HOSTILE)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    settings = yaml.safe_load((data / "roadmap.yaml").read_text("utf-8"))
    settings["title"] = "<script>alert('site')</script> Roadmap & more"
    (data / "roadmap.yaml").write_text(yaml.safe_dump(settings), "utf-8")
    site = tmp_path / "site"
    build(site, data)
    page = site / "initiatives/kb-overhaul/index.html"
    seen_title = False
    for html in site.rglob("*.html"):
        parser = _Collector()
        parser.feed(html.read_text("utf-8"))
        assert not any("alert(" in s for s in parser.scripts), html
        for tag, name, value in parser.attrs:
            assert not (name.startswith("on") and "alert" in value), (html, tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), html
        if html == page:
            text = "".join(parser.text)
            seen_title = "<script>alert('t')</script> Overhaul" in text
            assert "Summary {: onmouseover=alert('s') } & <b>bold</b>" in text
            assert "<script>alert('site')</script> Roadmap & more" in text
    assert seen_title


def test_a_failed_build_leaves_the_published_site_untouched(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = copy_example(tmp_path / "project")
    site = tmp_path / "site"
    build(site, data)
    before = tree_digest(site)
    target = data / "initiatives/kb-overhaul.yaml"
    text = re.sub(r"^impact: .*$", "impact: high", target.read_text("utf-8"), flags=re.M)
    target.write_text(text, "utf-8")
    result = run_cli("build", "--data", str(data), "--site-dir", str(site))
    assert result.exit_code == 1
    assert "kb-overhaul.yaml:" in result.output and "error:" in result.output
    assert tree_digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_failing_template_leaves_the_published_site_untouched(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = copy_example(tmp_path / "project")
    site = tmp_path / "site"
    build(site, data)
    before = tree_digest(site)
    (data.parent / "templates").mkdir()
    (data.parent / "templates/team.md.j2").write_text("{{ no_such_value }}\n", "utf-8")
    result = run_cli("build", "--data", str(data), "--site-dir", str(site))
    assert result.exit_code == 1
    assert "team.md.j2" in result.output and "no_such_value" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(site) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(run_cli: RunCli, tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine", "utf-8")
    result = run_cli("build", "--data", str(EXAMPLE), "--site-dir", str(precious))
    assert result.exit_code == 1
    assert "refusing to replace" in result.output
    assert (precious / "keep.txt").read_text("utf-8") == "mine"


@pytest.mark.slow  # two whole builds
def test_same_input_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    build(tmp_path / "one")
    build(tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_no_asset_is_loaded_from_another_host(sites: dict[str, Path]) -> None:
    pattern = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["']?(?:https?:)?//""")
    for html in sites["all"].rglob("*.html"):
        assert not pattern.search(html.read_text("utf-8")), html


def test_data_format_reference_lists_every_schema_field(sites: dict[str, Path]) -> None:
    page = (sites["all"] / "reference/data-format/index.html").read_text("utf-8")
    for key in (
        "depends_on",
        "urgency.deadline",
        "objectives[].key_results[].check_ins",
        "events[].capacity_factor",
        "horizon.quarters",
    ):
        assert f"<code>{key}" in page, key


def test_changelog_page_shows_the_commits_that_moved_the_plan(tmp_path: Path) -> None:
    data = copy_example(tmp_path / "project")
    project = data.parent
    git(project, "init", "-q", "-b", "main")
    commit(project, "First roadmap", {})
    target = data / "initiatives/macros-cleanup.yaml"
    pinned = target.read_text("utf-8") + "quarter: 2027-Q4\n"
    commit(project, "Pin the macros clean-up to <Q4>", {str(target.relative_to(project)): pinned})
    site = tmp_path / "site"
    build(site, data)
    page = (site / "changelog/index.html").read_text("utf-8")
    assert "Pin the macros clean-up to &lt;Q4&gt;" in page
    assert "First roadmap" in page
    assert "Macros clean-up" in page and "2027-Q4" in page and "macros-cleanup<" not in page


def test_home_answers_the_first_questions(sites: dict[str, Path]) -> None:
    home = (sites["all"] / "index.html").read_text("utf-8")
    for heading in ("At a glance", "What we need from other functions", "What we are not doing"):
        assert heading in home
    assert "No capacity left" in home or "Ballast" in home
    team_home = (sites["team"] / "index.html").read_text("utf-8")
    assert "What we are not doing" not in team_home
    assert "At a glance" in team_home


# --- the home and leadership pages of the example, rendered in memory (no MkDocs) --------


def test_leadership_shows_kpis_and_the_last_review(prepared: dict[str, Prepared]) -> None:
    text = page(prepared, "leadership.md")
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
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "index.md")
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
    ]  # no "Not started": 2027-Q1 is over and takes no unstarted work
    # the organisation edition sees the breaches, not the state of the team's work
    org = page(prepared, "index.md", "organisation")
    attention = org[org.index('!!! warning "Needs attention"') : org.index("## Vision")]
    assert "KPI breached: [First" in attention
    assert "QA scorecard redesign" not in attention and "Not started" not in attention


def test_data_format_is_in_the_navigation_of_the_leadership_edition_only(
    sites: dict[str, Path],
) -> None:
    """The reference is for editors: the team and organisation editions keep the page (the
    Guide links to it) but leave it out of their navigation."""
    link = 'href="reference/data-format/"'
    assert link in (sites["all"] / "index.html").read_text("utf-8")
    for audience in ("team", "organisation"):
        assert (sites[audience] / "reference/data-format/index.html").exists()
        for name in ("index.html", "okrs/index.html"):
            html = (sites[audience] / name).read_text("utf-8")
            assert "data-format/" not in html, (audience, name)
