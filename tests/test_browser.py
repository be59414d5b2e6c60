"""The built example site in a real headless Chromium (Debian's package, driven by Playwright).

The timeline and the matrix are visible with JavaScript on and off, and search works
from the built files. Every page type at both widths is checked in
test_views_browser.py.
"""

from __future__ import annotations

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
