"""What a reader sees, measured in headless Chromium at 1280 px and at 390 px.

Two sites: the example roadmap, and 60 generated initiatives with long titles. On every
page type at both widths: no console error, no request leaving the machine, no page
wider than the screen, chart text at 12 px or more on a desktop and 11 px or more on a
phone, a chart wider than its column scrolls inside a figure that says so while its
whole key stays in view, and axe-core finds nothing serious or critical in the content
the project generates (every rule once per page type, at desktop width; at phone width
only the two rules whose outcome depends on the width). With ROADMAP_SCREENSHOTS set
(to 1, or to a folder), screenshots of every page at both widths land in
tests/artifacts/<site>/ (or in that folder).

Then the charts' stated properties, one test each: no dependency edge runs through a
box other than its two ends, and the graph draws exactly the links in the data; no two
matrix markers overlap, each sits in its own quadrant and its number reads on it; text
stays inside its box; status shows in form and in words; every colour has a legend;
breached KPIs say so in words and colour.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from browsing import (
    CHART_TEXT_SIZES,
    COLOURS,
    EDGE_CROSSINGS,
    EDGES,
    FIGURES,
    KEY_HIDDEN,
    MARKERS,
    MIN_TEXT,
    NARROWEST_ITEM,
    NARROWEST_NAME,
    PRINT_TIMELINE,
    ROOT,
    SIZES,
    TEXT_IN_BOXES,
    TEXT_OUTSIDE_CHART,
    WRAPPED,
    Site,
    contrast,
    screenshot,
    visit,
)
from conftest import RunCli

from generator.data.validate import load_roadmap
from generator.okrs.scoring import kpi_statuses
from generator.planning.planner import make_plan

axe_api = pytest.importorskip("axe_playwright_python.sync_playwright", reason="test extra")

# Per site: a team, an objective with check-ins and an initiative to stand for their kind.
PAGE_TYPES = {
    "home": "",
    "team": "team/",
    "team page": "teams/{team}/",
    "leadership": "leadership/",
    "not doing": "not-doing/",
    "organisation": "organisation/",
    "okrs": "okrs/",
    "objective": "okrs/{objective}/",
    "calendar": "calendar/",
    "initiatives": "initiatives/",
    "initiative": "initiatives/{initiative}/",
    "changelog": "changelog/",
    "data format": "reference/data-format/",
    "where we start": "where-we-start/",
    "kpis": "kpis/",
    "kpi": "kpis/{kpi}/",
    "reviews": "reviews/",
    "review": "reviews/{review}/",
    "guide": "guide/planning/",
}
SAMPLES = {
    "example": {
        "team": "cs-ops",
        "objective": "self-serve-first",
        "initiative": "kb-overhaul",
        "kpi": "s1-first-contact",
        "review": "2027-03-31",
    },
    "long": {"team": "team-000", "objective": "fn-0000", "initiative": "init-00001"},
}
SERIOUS = ("serious", "critical")
# Minor by axe-core's measure, but once seen on these pages: a header cell with no text.
ALSO_REPORTED = ("empty-table-header",)
CONTENT = {"include": [[".md-content"]]}
# Every rule once per page type, on a desktop; on a phone only the rules that depend on
# the layout (wide tables and charts scroll there; links and buttons must stay large
# enough to tap), which no desktop run can see: about 0.6 s a page against 1.4 s.
AXE_OPTIONS: dict[str, dict[str, Any]] = {
    "desktop": {"resultTypes": ["violations"]},
    "phone": {
        "resultTypes": ["violations"],
        "runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "target-size"]},
    },
}


@pytest.fixture(params=["example", "long"], scope="module")
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(f"{request.param}_site")  # type: ignore[no-any-return]


def _path(site: Site, page_type: str) -> str:
    return PAGE_TYPES[page_type].format(**SAMPLES[site.name])


# Pages whose content does not grow with the roadmap are looked at on the example only.
SAME_AT_ANY_SIZE = ("calendar", "changelog", "data format", "initiative", "guide")
# The KPI, review and current-state pages: the long roadmap keeps none of those.
SAME_AT_ANY_SIZE += ("where we start", "kpis", "kpi", "reviews", "review")
CASES = [
    (name, page_type)
    for name in SAMPLES
    for page_type in PAGE_TYPES
    if name == "example" or page_type not in SAME_AT_ANY_SIZE
]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(("site_name", "page_type"), CASES)
def test_every_page_reads_at_this_width(
    chromium: Any, request: pytest.FixtureRequest, site_name: str, page_type: str, size: str
) -> None:
    site: Site = request.getfixturevalue(f"{site_name}_site")
    path = _path(site, page_type)
    with visit(chromium, site.url + path, size) as v:
        page = v.page
        assert not v.errors, v.errors
        assert not v.outside, f"requests left the machine: {v.outside}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {size} width"
        if page_type != "changelog":  # its lines come from the plan diff's own report
            text = page.locator(".md-content").inner_text()
            assert "`" not in text, f"a literal backtick on {path}"  # code shows as code
        small = [c for c in page.evaluate(CHART_TEXT_SIZES) if c["n"] and c["min"] < MIN_TEXT[size]]
        assert not small, f"chart text below {MIN_TEXT[size]}px on {path}: {small}"
        assert page.evaluate(TEXT_OUTSIDE_CHART) == [], f"chart text cut off on {path}"
        assert page.evaluate(WRAPPED) == [], f"names or keys wrapped on {path}"
        assert page.evaluate(KEY_HIDDEN) == [], f"a chart's key needs scrolling on {path}"
        if size == "phone":  # a name in a table keeps a few words a line; Infinity: none
            names = page.evaluate(NARROWEST_NAME)
            assert names >= 150, f"names in a table squeezed to {names:.0f}px on {path}"
        if page_type == "not doing" and size == "phone":  # reasons use the whole width
            assert page.locator(".md-content table").count() == 0
            assert page.evaluate(NARROWEST_ITEM) > 0.8
        for chart in page.evaluate(COLOURS):  # every colour has a legend
            unexplained = set(chart["marks"]) - set(chart["keys"])
            assert not unexplained, f"{chart['chart']} on {path}: no legend for {unexplained}"
        for figure in page.evaluate(FIGURES):
            assert figure["hint"] == figure["scrolls"], (
                f"{figure['chart']} on {path}: scrolls={figure['scrolls']}, "
                f"hint shown={figure['hint']}"
            )
        results = axe_api.Axe().run(page, context=CONTENT, options=AXE_OPTIONS[size])
        serious = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in SERIOUS or v["id"] in ALSO_REPORTED
        ]
        assert not serious, f"axe-core on {path} at {size}: {serious}"
        screenshot(page, site.name, path, size)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_guide_page_passes_axe_core(chromium: Any, example_site: Site, scheme: str) -> None:
    # The guide (docs/ of the project) is built into every site. Its code blocks had
    # comments at 4.47:1 on the theme's light code background and numbers at 4.45:1 on
    # the dark one, and one of its tables a header cell with no text.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    found = {}
    try:
        page = context.new_page()
        for doc in sorted((ROOT / "docs").glob("*.md")):
            page.goto(f"{example_site.url}guide/{doc.stem}/")
            results = axe_api.Axe().run(page, context=CONTENT, options=AXE_OPTIONS["desktop"])
            found[doc.stem] = [
                f"{r['id']}: {[n['target'] for n in r['nodes']][:3]}"
                for r in results.response["violations"]
                if r["impact"] in SERIOUS or r["id"] in ALSO_REPORTED
            ]
    finally:
        context.close()
    assert len(found) >= 5 and not any(found.values()), found


def test_wide_charts_scroll_on_a_phone_and_say_so(chromium: Any, example_site: Site) -> None:
    with visit(chromium, example_site.url + "leadership/", "phone") as v:
        figures = v.page.evaluate(FIGURES)
        assert {f["chart"] for f in figures} == {"rm-capacity", "rm-matrix", "rm-deps"}
        assert all(f["scrolls"] and f["hint"] for f in figures), figures
        hint = v.page.locator(".rm-figure .rm-hint").first
        assert hint.inner_text() == "Wider than the screen: scroll sideways to see all of it."
    with visit(chromium, example_site.url + "leadership/", "desktop") as v:
        fits = {f["chart"]: f["scrolls"] for f in v.page.evaluate(FIGURES)}
        assert fits == {"rm-capacity": False, "rm-matrix": False, "rm-deps": True}


def _expected_links(site: Site) -> set[tuple[str, str]]:
    model, _ = load_roadmap(site.data)
    return {(d.id, i.id) for i in model.initiatives for d in i.depends_on}


def test_dependency_edges_touch_only_their_own_boxes(chromium: Any, site: Site) -> None:
    with visit(chromium, site.url + "leadership/", "desktop") as v:
        svg = v.page.locator(".rm-figure svg.rm-deps")
        found = svg.evaluate(EDGE_CROSSINGS)
        assert found["boxes"] >= 6 and found["samples"] > 200
        assert found["crossings"] == []
        edges = [tuple(e) for e in svg.evaluate(EDGES)]
        assert sorted(edges) == sorted(set(edges))  # each link drawn once
        assert set(edges) == _expected_links(site)  # only links that exist


def test_the_reported_crossing_is_gone(chromium: Any, reported_site: Site) -> None:
    # contact-reason-tagging -> ai-reply-drafts skips a layer where coaching-programme
    # sits; drawn straight, the edge ran under that box and read tagging -> coaching.
    with visit(chromium, reported_site.url + "leadership/", "desktop") as v:
        svg = v.page.locator(".rm-figure svg.rm-deps")
        assert svg.evaluate(EDGE_CROSSINGS)["crossings"] == []
        assert sorted(tuple(e) for e in svg.evaluate(EDGES)) == [
            ("coaching-programme", "ai-reply-drafts"),
            ("contact-reason-tagging", "ai-reply-drafts"),
            ("qa-baseline", "coaching-programme"),
        ]


def test_matrix_markers_do_not_overlap_and_read(chromium: Any, site: Site) -> None:
    model, _ = load_roadmap(site.data)
    plan = make_plan(model)
    quadrant = {p.id: p.quadrant for p in plan.scheduled}
    quadrant.update({o.id: o.quadrant for o in plan.not_doing})
    with visit(chromium, site.url + "leadership/", "desktop") as v:
        svg = v.page.locator(".rm-figure svg.rm-matrix")
        markers = svg.evaluate(MARKERS)
        threshold_x = svg.evaluate("s => s.querySelector('line.rm-threshold').x1.baseVal.value")
    open_items = [i for i in model.initiatives if i.status != "done"]
    assert len(markers) == len(open_items)
    for n, a in enumerate(markers):
        for b in markers[n + 1 :]:
            gap = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 - a["r"] - b["r"]
            assert gap >= 0, f"markers of {a['id']} and {b['id']} overlap by {-gap:.1f}px"
        high_effort = quadrant[a["id"]] in ("strategic", "ballast")
        side = a["x"] - a["r"] > threshold_x if high_effort else a["x"] + a["r"] < threshold_x
        assert side, f"{a['id']} ({quadrant[a['id']]}) sits on the wrong side of the threshold"
        assert contrast(a["fill"], a["ink"]) >= 4.5, a
        assert a["size"] >= 12


def test_text_stays_inside_boxes(chromium: Any, site: Site) -> None:
    with visit(chromium, site.url + "team/", "desktop") as v:
        assert v.page.locator(".rm-figure svg.rm-timeline").evaluate(TEXT_IN_BOXES) == []
    with visit(chromium, site.url + "leadership/", "desktop") as v:
        assert v.page.locator(".rm-figure svg.rm-deps").evaluate(TEXT_IN_BOXES) == []


def test_timeline_shows_status_in_form_and_words_with_a_legend(chromium: Any, site: Site) -> None:
    with visit(chromium, site.url + "team/", "desktop") as v:
        items = v.page.locator(".rm-figure svg.rm-timeline").evaluate(
            """s => [...s.querySelectorAll('g.rm-item')].map(g => {
                const r = g.querySelector('rect');
                return {cls: r.getAttribute('class'), dash: getComputedStyle(r).strokeDasharray,
                        fill: getComputedStyle(r).fill, text: g.textContent};
            })"""
        )
        legend = v.page.locator(".rm-figure svg.rm-timeline").evaluate(
            """s => [...s.querySelectorAll('rect.rm-swatch')].map(
                r => [r.getAttribute('class').split(' ')[1], r.nextElementSibling.textContent])"""
        )
    words = {
        "rm-s-proposed": "Proposed",
        "rm-s-planned": "Planned",
        "rm-s-in-progress": "In progress",
    }
    seen = set()
    for item in items:
        status = next(c for c in item["cls"].split() if c.startswith("rm-s-"))
        seen.add(status)
        assert words[status] in item["text"]
        dashed = item["dash"] != "none"
        assert dashed == (status == "rm-s-proposed"), item
        assert (item["fill"] == "rgb(255, 255, 255)") == (status == "rm-s-proposed"), item
    assert "rm-s-proposed" in seen and seen & {"rm-s-planned", "rm-s-in-progress"}
    colours = {
        c for i in items for c in i["cls"].split() if c in ("rm-qw", "rm-st", "rm-fi", "rm-ba")
    }
    names = {"rm-qw": "Quick win", "rm-st": "Strategic", "rm-fi": "Fill-in", "rm-ba": "Ballast"}
    assert {(c, names[c]) for c in colours} <= {tuple(x) for x in legend}


def test_status_badges_differ_in_form_not_only_colour(chromium: Any, site: Site) -> None:
    for path in ("", "leadership/", "organisation/", "team/"):
        with visit(chromium, site.url + path, "desktop") as v:
            badges = v.page.evaluate(
                """() => [...document.querySelectorAll('.md-content .rm-status')].map(b => {
                    const s = getComputedStyle(b);
                    return [b.className.split(' ')[1], b.textContent, s.borderTopStyle,
                            s.backgroundColor];
                })"""
            )
        forms = {cls: (text, style, bg) for cls, text, style, bg in badges}
        assert forms["rm-status-proposed"][:2] == ("Proposed", "dashed"), path
        assert forms["rm-status-planned"][:2] == ("Planned", "solid"), path
        assert (
            forms["rm-status-proposed"][2] == forms["rm-status-planned"][2] == ("rgba(0, 0, 0, 0)")
        )
        if "rm-status-in-progress" in forms:
            text, _, bg = forms["rm-status-in-progress"]
            assert text == "In progress" and bg != "rgba(0, 0, 0, 0)"


# The rows of the organisation page's asks tables, with each badge's words and colours.
ASK_ROWS = """() => [...document.querySelectorAll('article table')]
    .filter(t => t.rows[0].cells[0].textContent === 'What')
    .flatMap(t => [...t.rows].slice(1)).map(r => ({
        text: r.innerText,
        badges: [...r.querySelectorAll('.rm-ask')].map(b => {
            const s = getComputedStyle(b);
            return [b.textContent, s.backgroundColor, s.borderTopStyle];
        }),
    }))"""


def test_asks_show_state_contact_and_lateness_in_colour_and_words(
    chromium: Any, organisation_edition_site: Site
) -> None:
    with visit(chromium, organisation_edition_site.url + "organisation/", "desktop") as v:
        rows = {r["text"].split("\t")[0]: r for r in v.page.evaluate(ASK_ROWS)}
        answers = v.page.evaluate(
            """() => [...document.querySelectorAll('article table')]
                .filter(t => t.rows[0].cells[0].textContent === 'Request')
                .flatMap(t => [...t.rows].slice(1))
                .map(r => [r.innerText, [...r.querySelectorAll('a')].map(a => a.href)])"""
        )
        assert not v.errors and not v.outside
    legal = rows["Sign-off on the complaint definition and response templates"]
    for words in ("2027-04-30", "Maria Keller", "Legal counsel for consumer credit", "Late"):
        assert words in legal["text"], legal
    assert "the date has passed" in legal["text"]
    colours = {text: (bg, border) for r in rows.values() for text, bg, border in r["badges"]}
    assert colours["Late"][0] == colours["Work at risk"][0] == "rgb(198, 40, 40)"
    assert colours["Not agreed yet"][0] == "rgb(249, 168, 37)"
    assert colours["Requested"] == ("rgba(0, 0, 0, 0)", "dashed")
    assert colours["Agreed"][1] == "solid" and colours["Declined"][1] == "dotted"
    assert colours["Delivered"][0] == "rgb(46, 125, 50)"
    assert "Not agreed yet" in rows["A reviewer per product area to check article accuracy"]["text"]
    # Each request of another function gets its answer, with a link to the request.
    by_title = {text.split("\t")[0]: (text, hrefs) for text, hrefs in answers}
    wfm = by_title["Workforce management tool procurement (the request)"]
    assert "Not doing: The time we have" in wfm[0]
    assert wfm[1] == ["https://github.com/acme/cs-roadmap/issues/14"]
    assert "Planned for 2027-Q4" in by_title["Consumer-credit complaint handling"][0]


def test_team_pages_list_what_they_wait_for_and_the_register_reads(
    chromium: Any, team_edition_site: Site
) -> None:
    waits = """() => {
        const h = [...document.querySelectorAll('article h2')]
            .find(h => h.textContent.startsWith('What we wait for from other functions'));
        return [...h.nextElementSibling.querySelectorAll('li')].map(li => li.innerText);
    }"""
    with visit(chromium, team_edition_site.url + "teams/emea-escalations/", "desktop") as v:
        emea = v.page.evaluate(waits)
    assert [line.split(":")[0] for line in emea] == ["2027-09-15", "2027-Q3"]
    assert "Declined" in emea[0] and "Work at risk" in emea[0] and "Aisha Rahman" in emea[0]
    with visit(chromium, team_edition_site.url + "team/", "desktop") as v:
        assert len(v.page.evaluate(waits)) == 6
    with visit(chromium, team_edition_site.url + "not-doing/", "desktop") as v:
        text = v.page.inner_text("article")
        headings = v.page.locator("article h2").all_inner_texts()
    assert [h.rstrip("¶").strip() for h in headings] == [
        "Postponed",
        "Dropped",
        "Not worth the effort for now",
        "No room in this roadmap",
    ]
    assert "When we look at it again: in 2027-Q3, or once the help center" in text
    assert "Revisit due" not in text and "EUR" not in text and "points" not in text


def test_leadership_sees_revisits_that_are_due_and_open_asks_by_risk(
    chromium: Any, example_site: Site
) -> None:
    with visit(chromium, example_site.url + "not-doing/", "desktop") as v:
        flag = v.page.locator("article li .rm-ask", has_text="Revisit due")
        assert flag.count() == 1
        assert flag.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(198, 40, 40)"
        assert "Legacy IVR rebuild" in flag.evaluate("b => b.closest('li').innerText")
    with visit(chromium, example_site.url + "leadership/", "desktop") as v:
        groups = v.page.locator("article h3").all_inner_texts()
    groups = [g.rstrip("¶").strip() for g in groups]
    declined = groups.index("Declined, while the work that needs them is planned")
    assert groups[declined : declined + 4] == [
        "Declined, while the work that needs them is planned",
        "Late",
        "Not agreed yet, for work that has started or starts next quarter",
        "On track",
    ]


@pytest.mark.parametrize("name", ["example_site", "long_site"])
def test_breached_kpis_say_so_in_words_and_colour(
    chromium: Any, request: pytest.FixtureRequest, name: str
) -> None:
    site: Site = request.getfixturevalue(name)
    statuses = kpi_statuses(load_roadmap(site.data)[0])
    expected = {k.kpi.name for k in statuses if k.status == "breached"}
    for path in ("", "leadership/"):
        with visit(chromium, site.url + path, "desktop") as v:
            rows = v.page.evaluate(
                """() => [...document.querySelectorAll('.md-content .rm-health')].map(b => [
                    b.closest('tr').cells[0].textContent, b.textContent,
                    getComputedStyle(b).backgroundColor])"""
            )
            summary = v.page.locator("p", has_text="KPIs are breached").inner_text()
        breached = {name for name, word, _ in rows if word == "Breached"}
        assert breached == expected and len(expected) >= 2, rows
        colours = {word: bg for _, word, bg in rows}
        assert colours["Breached"] != colours["Healthy"]
        assert summary.startswith(f"{len(expected)} of {len(statuses)} KPIs are breached:")


def test_okr_pace_reads_in_words_and_colour(chromium: Any, example_site: Site) -> None:
    """As of 2027-05-10: 2027-Q2 and the year 2027 are running, 2027-Q1 has ended."""
    from generator.okrs.health import objective_pace
    from generator.okrs.scoring import score_all

    day = dt.date(2027, 5, 10)
    expected = {
        s.objective.title: pace.words
        for s in score_all(load_roadmap(example_site.data)[0])
        if (pace := objective_pace(s, day)) is not None
    }
    with visit(chromium, example_site.url + "okrs/", "desktop") as v:
        rows = v.page.evaluate(
            """() => [...document.querySelectorAll('.md-content li .rm-pace')].map(b => [
                b.closest('li').querySelector('a').textContent, b.textContent,
                getComputedStyle(b).backgroundColor, parseFloat(getComputedStyle(b).fontSize)])"""
        )
        periods = v.page.locator(".md-content .md-typeset > ul").first.inner_text()
    assert {title: word for title, word, _, _ in rows} == expected
    assert {"Behind", "On pace"} <= set(expected.values())
    colours = {word: bg for _, word, bg, _ in rows}
    assert colours["Behind"] != colours["On pace"]
    assert min(size for *_, size in rows) >= 12
    # one statement per period, none of them an average across periods
    assert "2027-Q1 has ended. The mean score is" in periods
    assert "2027-Q2 is running (day 40 of 91, 44% through)" in periods
    with visit(chromium, example_site.url + "okrs/launch-ready/", "desktop") as v:
        cells = v.page.locator(".md-content table td .rm-pace").all_inner_texts()
    assert cells == ["On pace", "Behind", "Ahead"]


# A4 landscape less the print stylesheet's 10 mm margins, in CSS px (96 per inch).
LANDSCAPE = (round(277 / 25.4 * 96), round(190 / 25.4 * 96))


@pytest.mark.parametrize("path", ["team/", "teams/cs-ops/"])
def test_the_timeline_prints_on_one_landscape_page(
    chromium: Any, example_site: Site, path: str
) -> None:
    with visit(chromium, example_site.url + path, "desktop") as v:
        pdf = v.page.pdf(prefer_css_page_size=True)
        v.page.emulate_media(media="print")
        v.page.set_viewport_size({"width": LANDSCAPE[0], "height": LANDSCAPE[1]})
        printed = v.page.evaluate(PRINT_TIMELINE)
    boxes = [
        tuple(float(n) for n in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)
    ]
    landscape = [b for b in boxes if b[2] > b[3]]
    assert len(landscape) == 1 and len(boxes) >= 2, boxes  # its own page, and only it
    assert printed["width"] <= LANDSCAPE[0] and printed["height"] <= LANDSCAPE[1], printed
    assert printed["min"] >= 9, printed  # 9 px is about 7 pt on paper
    assert printed["screen"] is False  # the screen copy does not print as well


def test_the_exported_timeline_stands_alone(
    run_cli: RunCli, chromium: Any, example_site: Site, tmp_path: Any
) -> None:
    output = tmp_path / "timeline.svg"
    result = run_cli(
        "export",
        "timeline",
        "--data",
        str(example_site.data),
        "--output",
        str(output),
        "--today",
        "2027-05-10",
    )
    assert result.exit_code == 0, result.output
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(output.as_uri())
        found = page.evaluate(
            """() => {
                const svg = document.documentElement;
                const texts = [...svg.querySelectorAll('text')];
                return {
                    min: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize))),
                    inks: [...new Set(texts.map(t => getComputedStyle(t).fill))],
                    background: getComputedStyle(svg.querySelector('rect.rm-bg')).fill,
                    dashed: [...svg.querySelectorAll('rect.rm-s-proposed')].every(
                        r => getComputedStyle(r).strokeDasharray !== 'none'),
                };
            }"""
        )
    finally:
        page.close()
    assert found["min"] >= 12
    assert found["background"] == "rgb(255, 255, 255)"
    assert set(found["inks"]) == {"rgb(31, 31, 31)", "rgb(255, 255, 255)", "rgb(74, 74, 74)"}
    assert found["dashed"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["team/", "teams/quality/"])
def test_the_team_edition_reads_in_light_and_dark(
    chromium: Any, team_edition_site: Site, path: str, scheme: str
) -> None:
    # The team edition holds no scores, so its boxes share one neutral colour, which its
    # legend explains; the theme's dark scheme keeps every contrast.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(team_edition_site.url + path)
        [chart] = [c for c in page.evaluate(COLOURS) if c["chart"] == "rm-timeline"]
        assert chart["marks"] and set(chart["marks"]) <= set(chart["keys"]), chart
        assert chart["marks"] == ["rgb(55, 71, 79)"]  # one neutral colour, no quadrants
        sizes = [c for c in page.evaluate(CHART_TEXT_SIZES) if c["n"]]
        assert sizes and min(c["min"] for c in sizes) >= MIN_TEXT["desktop"]
        results = axe_api.Axe().run(page, context=CONTENT, options=AXE_OPTIONS["desktop"])
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
        assert not serious, f"axe-core on {path} ({scheme}): {serious}"
        screenshot(page, f"team-edition-{scheme}", path, "desktop")
    finally:
        context.close()


def test_links_in_running_text_are_underlined_and_tabs_are_not(
    chromium: Any, example_site: Site
) -> None:
    with visit(chromium, example_site.url, "desktop") as v:
        found = v.page.evaluate(
            """() => {
                const line = e => getComputedStyle(e).textDecorationLine;
                return {
                    text: [...document.querySelectorAll('.md-content li > a')].map(line),
                    tabs: [...document.querySelectorAll('.md-content .tabbed-labels label')]
                        .map(l => [l.textContent, line(l.querySelector('a') || l)]),
                };
            }"""
        )
    assert found["text"] and set(found["text"]) == {"underline"}
    assert found["tabs"] == [
        ["Now (2027-Q2)", "none"],
        ["Next (2027-Q3)", "none"],
        ["Later", "none"],
    ]


def test_the_leadership_banner_stands_apart_from_the_heading(
    chromium: Any, example_site: Site
) -> None:
    with visit(chromium, example_site.url + "okrs/", "phone") as v:
        found = v.page.evaluate(
            """() => {
                const banner = document.querySelector('.md-content .rm-edition-banner');
                const heading = banner.nextElementSibling;
                const s = getComputedStyle(banner);
                return {next: heading.tagName, border: s.borderLeftStyle,
                        gap: heading.getBoundingClientRect().top
                            - banner.getBoundingClientRect().bottom};
            }"""
        )
    assert found["next"] == "H1" and found["border"] == "solid" and found["gap"] >= 16, found


TIMELINE_FITS = """
() => {
  const f = document.querySelector('.rm-figure.rm-screen-only');
  const svg = f.querySelector('svg.rm-timeline');
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const heads = [...svg.querySelectorAll('text.rm-head')].map(t => t.getBoundingClientRect());
  return {
    scrolls: f.scrollWidth > f.clientWidth + 1,
    page: document.documentElement.scrollWidth,
    min: Math.min(...sizes),
    quarters: heads.length,
    right: Math.max(...heads.map(r => r.right)),
    edge: f.getBoundingClientRect().right,
  };
}
"""


def test_the_whole_horizon_fits_a_desktop_page(chromium: Any, tmp_path: Any) -> None:
    """Six quarters, the longest horizon a timeline is drawn for, on the team page and on
    every team's page: no sideways scroll at 1280 px or 1920 px, text at 12 px or more;
    on a phone the figure still scrolls inside itself."""
    import shutil

    from browsing import serve
    from conftest import EXAMPLE, build_site

    data = tmp_path / "roadmap"
    shutil.copytree(EXAMPLE, data)
    settings = data / "roadmap.yaml"
    text = settings.read_text("utf-8")
    assert "quarters: 4}" in text
    settings.write_text(text.replace("quarters: 4}", "quarters: 6}"), "utf-8")
    site = build_site(data, tmp_path / "site", "--today", "2027-05-10", "--audience", "team")
    teams = sorted(p.parent.name for p in (site / "teams").glob("*/index.html"))
    assert teams
    with serve(site) as url:
        for width in (1280, 1920):
            context = chromium.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for path in ["team/", *(f"teams/{t}/" for t in teams)]:
                page.goto(url + path)
                fit = page.evaluate(TIMELINE_FITS)
                assert fit["quarters"] == 6, (width, path, fit)
                assert not fit["scrolls"], (width, path, fit)
                assert fit["right"] <= fit["edge"], (width, path, fit)
                assert fit["page"] <= width, (width, path, fit)
                assert fit["min"] >= 12, (width, path, fit)
            context.close()
        with visit(chromium, url + "team/", "phone") as v:
            fit = v.page.evaluate(TIMELINE_FITS)
            assert fit["scrolls"] and fit["min"] >= MIN_TEXT["phone"], fit


# Every text of a chart: its box on screen and its font size in CSS px.
TEXT_BOXES = """
(svg) => {
  const scale = svg.getScreenCTM().a;
  const frame = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, x0: b.left, x1: b.right, y0: b.top, y1: b.bottom,
            inside: b.left >= frame.left - 0.5 && b.right <= frame.right + 0.5,
            size: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
}
"""


def test_capacity_shows_each_pool_legibly_at_1280(chromium: Any, example_site: Site) -> None:
    with visit(chromium, example_site.url + "leadership/", "desktop") as v:
        svg = v.page.locator(".rm-figure svg.rm-capacity")
        boxes = svg.evaluate(TEXT_BOXES)
        texts = [b["text"] for b in boxes]
        # Each pool is a row: the EMEA team's full quarter shows though the sum has room.
        for name in ("Function pool", "EMEA Escalation Team", "Knowledge and Self-Service"):
            assert name in " ".join(texts)  # a long name may wrap
        assert "9 of 9: full" in texts and "All pools together" in texts
        assert min(b["size"] for b in boxes) >= MIN_TEXT["desktop"]
        assert all(b["inside"] for b in boxes), [b["text"] for b in boxes if not b["inside"]]
        for a, b in itertools.combinations(boxes, 2):
            overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5 and (
                min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > 0.5
            )
            assert not overlap, (a["text"], b["text"])
        fits = {f["chart"]: f["scrolls"] for f in v.page.evaluate(FIGURES)}
        assert fits["rm-capacity"] is False  # no sideways scroll at 1280 px
