"""The built example site in a real headless Chromium (Debian's package, driven by Playwright).

The timeline and the matrix are visible with JavaScript on and off, and search works
from the built files. Every page type at both widths is checked in
test_views_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import Site, visit


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_timeline_and_matrix_are_visible(
    chromium: Any, example_site: Site, javascript: bool
) -> None:
    with visit(chromium, example_site.url + "team/", "desktop", javascript=javascript) as v:
        timeline = v.page.locator(".rm-figure svg.rm-timeline")
        assert timeline.is_visible()
        assert timeline.bounding_box()["width"] > 400
        assert "Knowledge base overhaul" in timeline.inner_html()
        assert not v.errors, v.errors
    with visit(chromium, example_site.url + "leadership/", "desktop", javascript=javascript) as v:
        matrix = v.page.locator("svg.rm-matrix")
        matrix.scroll_into_view_if_needed()
        assert matrix.is_visible()
        assert matrix.bounding_box()["height"] > 300
        assert (
            v.page.locator("svg.rm-matrix > title").text_content()
            == "Impact and effort of every open initiative"
        )
        assert not v.errors, v.errors


def test_search_works_from_the_built_files(chromium: Any, example_site: Site) -> None:
    with visit(chromium, example_site.url, "desktop") as v:
        v.page.wait_for_load_state("networkidle")
        v.page.locator("label.md-search__icon, .md-search__input").first.click()
        v.page.locator("input.md-search__input").press_sequentially("knowledge", delay=50)
        result = v.page.locator(".md-search-result__item").first
        result.wait_for(state="visible", timeout=10_000)
        assert "Knowledge" in v.page.locator(".md-search-result").inner_text()
        assert not v.errors and not v.outside


# --- KPI, review and current-state pages; status badges -------------------------------


@pytest.fixture(scope="module")
def browser_page(chromium: Any) -> Iterator[Any]:
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def test_every_kpi_review_and_current_state_page_is_built(
    example_site: Any, browser_page: Any
) -> None:
    for path in (
        "where-we-start/",
        "kpis/",
        "kpis/fcr/",
        "reviews/",
        "reviews/2027-02-08/",
        "reviews/2027-03-15/",
        "reviews/2027-03-31/",
    ):
        response = browser_page.goto(example_site.url + path)
        assert response is not None and response.status == 200, path


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_status_is_in_words_and_colour_with_readable_contrast(
    example_site: Any, browser_page: Any
) -> None:
    browser_page.goto(example_site.url + "leadership/")
    badges = browser_page.eval_on_selector_all(
        "table .rm-signal",
        """els => els.map(e => {
            const s = getComputedStyle(e);
            const rgb = v => v.match(/[0-9.]+/g).map(Number);
            const mark = getComputedStyle(e, "::before").content;
            return [e.className, mark + " " + e.innerText.trim(), rgb(s.color),
                    rgb(s.backgroundColor)];
        })""",
    )
    seen = {cls.split("rm-signal-")[1]: (text, fg, bg) for cls, text, fg, bg in badges}
    # the words, and a symbol before them (hidden from screen readers, which read the words)
    assert seen["at-risk"][0] == '"▲ " / "" At risk'
    assert seen["on-track"][0] == '"● " / "" On track'
    assert seen["late"][0] == '"⚠ " / "" Late' and seen["stale"][0] == '"… " / "" Stale'
    assert seen["at-risk"][2][:3] != seen["on-track"][2][:3]  # colours differ
    for status in ("at-risk", "on-track"):
        _, fg, bg = seen[status]
        assert _contrast(tuple(fg), tuple(bg)) >= 4.5, status
    # the words, and the status badges beside them, are readable in a table too: 12 px at least
    sizes = browser_page.eval_on_selector_all(
        "table .rm-signal, table .rm-health, table .rm-status",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert len(sizes) >= 10 and min(sizes) >= 12


def test_the_kpi_chart_is_drawn_with_its_breaches(example_site: Any, browser_page: Any) -> None:
    browser_page.goto(example_site.url + "kpis/s1-first-contact/")
    chart = browser_page.locator("svg.rm-kpi-trend")
    box = chart.bounding_box()
    assert box is not None and box["width"] >= 500 and box["height"] >= 200
    assert chart.locator("path.rm-breach-mark > title").count() == 4  # not the key's cross
    sizes = browser_page.eval_on_selector_all(
        "svg.rm-kpi-trend text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12


def test_a_held_review_is_one_click_from_the_calendar(example_site: Any, browser_page: Any) -> None:
    browser_page.goto(example_site.url + "calendar/")
    row = browser_page.locator("tr", has_text="2027-Q1 mid-quarter OKR review")
    assert "held" in row.inner_text()
    row.get_by_role("link", name="record").click()
    heading = browser_page.locator("h1").inner_text()
    assert heading.rstrip("¶") == "Mid-quarter OKR review, 2027-02-08"  # ¶: the permalink
    decisions = browser_page.locator("h2#decisions + ul li")
    assert decisions.count() == 3
