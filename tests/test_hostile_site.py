"""The hostile roadmap through a full build and a real Chromium, in all three editions.

Every free-text field of every data file, and the git history's commit subjects and
authors, hold attacks (tests/hostile.py). For each edition, every page is opened in
headless Chromium with every request to another host blocked and recorded, and every
dialog recorded: a payload that ran would call alert(). On every page the browser's own
view of the DOM is checked (link protocols as the browser parsed them, event-handler
attributes, script and frame elements), every link that comes from the data is
clicked, every element with a title is hovered and focused, and the site search is run
over the payloads. The site is built with every theme feature an author may turn on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import serve
from conftest import build_site
from hostile import REQUEST_HOST, hostile_project

EDITIONS = ("leadership", "team", "organisation")
# The theme's own footer link: following it on a click is the reader's choice, not data's.
THEME_LINKS = frozenset({"https://squidfunk.github.io/mkdocs-material/"})

# What the browser sees, per page: links whose parsed protocol is not a web or mail
# link, elements with event-handler attributes, scripts that mention alert, frames.
DOM_PROBE = """() => {
  const bad = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (!['http:', 'https:', 'mailto:'].includes(new URL(a.href, location.href).protocol))
      bad.push('link ' + a.getAttribute('href'));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push('handler ' + el.tagName + ' ' + attr.name);
    }
  }
  for (const s of document.scripts) {
    if (s.textContent.includes('alert(')) bad.push('script ' + s.textContent.slice(0, 80));
  }
  for (const f of document.querySelectorAll('iframe, object, embed, frame'))
    bad.push('frame ' + f.outerHTML.slice(0, 80));
  return bad;
}"""


# Hover and focus every element with a title, as a reader's pointer and keyboard would:
# a theme feature that shows titles as HTML (tooltips) would run a payload here.
HOVER_TITLED = """() => {
  const titled = [...document.querySelectorAll('[title]')];
  for (const el of titled) {
    for (const type of ['pointerenter', 'mouseenter', 'mouseover', 'focusin'])
      el.dispatchEvent(new MouseEvent(type, {bubbles: !type.endsWith('enter')}));
    if (typeof el.focus === 'function') el.focus();
  }
  return titled.length;
}"""


CLICK_NEW_LINKS = """(seen) => {
  const known = new Set(seen);
  const fresh = [...document.querySelectorAll('a[href]')].filter(a => !known.has(a.outerHTML));
  fresh.forEach(a => a.click());
  return fresh.map(a => a.outerHTML);
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, poisoned = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    assert poisoned > 250, "the walk over the schemas found too few text fields"
    return project


@pytest.fixture(scope="module")
def sites(hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        edition: build_site(
            hostile / "roadmap",
            tmp_path_factory.mktemp(edition) / "site",
            "--today",
            "2027-05-10",
            "--audience",
            edition,
        )
        for edition in EDITIONS
    }


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium


class Watch:
    """A browser context that records dialogs and blocks requests to other hosts.

    With `stay` set, a navigation is answered "204 No Content": the browser follows the
    link and stays on the page, so every link of a page can be clicked without
    reloading it (a javascript: link would still run).
    """

    def __init__(self, browser: Any, base: str) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.stay = False
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        local = urlparse(base).netloc

        def route(r: Any) -> None:
            outside = urlparse(r.request.url).netloc != local
            if self.stay and r.request.is_navigation_request():
                followed = (
                    r.request.url in THEME_LINKS or urlparse(r.request.url).netloc == REQUEST_HOST
                )
                if outside and not followed:
                    self.outside.append(r.request.url)
                r.fulfill(status=204)
                return
            if outside and r.request.url not in THEME_LINKS:
                self.outside.append(r.request.url)
            elif outside:
                r.abort()
            else:
                r.continue_()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        # A link with target=_blank opens a window of its own (the theme's footer link).
        self.context.on("page", lambda popup: popup.close() if popup != self.page else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_runs_script_even_when_every_link_is_clicked(
    browser: Any, sites: dict[str, Path], edition: str
) -> None:
    site = sites[edition]
    pages = sorted(
        p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if p.is_file()
    )
    assert len(pages) > 15
    with serve(site) as base:
        watch = Watch(browser, base)
        try:
            clicked, hovered, problems, seen = 0, 0, {}, set()
            for rel in pages:
                watch.page.goto(base + ("" if rel == "." else rel + "/"), wait_until="load")
                hovered += watch.page.evaluate(HOVER_TITLED)
                found = watch.page.evaluate(DOM_PROBE)
                if found:
                    problems[rel] = found
                watch.stay = True
                # A real, trusted click on each link that comes from the data ...
                data_links = watch.page.locator(".rm-prose a")
                for i in range(data_links.count()):
                    data_links.nth(i).click(timeout=5_000)
                # ... and the activation of every other link of the page, hidden ones too.
                # A link behaves as its markup says, so one the same as a link clicked on
                # an earlier page (the navigation, the footer) is not clicked again.
                clicked += data_links.count()
                fresh = watch.page.evaluate(CLICK_NEW_LINKS, sorted(seen))
                seen.update(fresh)
                clicked += len(fresh)
                watch.page.wait_for_timeout(100)
                watch.stay = False
            assert not problems, problems
            assert not watch.dialogs, f"script ran: {watch.dialogs}"
            assert not watch.outside, f"requests left the machine: {watch.outside[:5]}"
            assert clicked > 5 * len(pages)
            assert hovered > len(pages)  # the navigation's links have titles, at least
        finally:
            watch.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_payloads_are_shown_as_text(browser: Any, sites: dict[str, Path], edition: str) -> None:
    """Not vacuous: the attacks reached the pages, as text, and titles stay titles."""
    with serve(sites[edition]) as base:
        watch = Watch(browser, base)
        try:
            watch.page.goto(base + "initiatives/", wait_until="load")
            text = watch.page.inner_text("article")
            assert "Zq" in text and ("<script>" in text or "onerror" in text or "{:" in text)
            first = watch.page.locator("article table a").first
            first.click()
            watch.page.wait_for_load_state("load")
            title = watch.page.title()
            assert ("Zq" in title and "<" in title) or "{" in title or "[" in title or "&" in title
            assert not watch.dialogs
        finally:
            watch.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_searching_the_payloads_runs_no_script(
    browser: Any, sites: dict[str, Path], edition: str
) -> None:
    with serve(sites[edition]) as base:
        watch = Watch(browser, base)
        try:
            watch.page.goto(base, wait_until="networkidle")
            watch.page.locator("label.md-search__icon, .md-search__input").first.click()
            search = watch.page.locator("input.md-search__input")
            for query in ("Zq", "script alert", "onerror", "javascript"):
                search.fill("")
                search.press_sequentially(query, delay=20)
                watch.page.wait_for_timeout(400)
            results = watch.page.locator(".md-search-result__item")
            search.fill("")
            search.press_sequentially("Zq", delay=20)
            results.first.wait_for(state="visible", timeout=10_000)
            assert results.count() > 0
            assert not watch.page.evaluate(DOM_PROBE)
            results.first.click()
            watch.page.wait_for_load_state("load")
            assert not watch.dialogs, f"script ran: {watch.dialogs}"
            assert not watch.outside, watch.outside[:5]
        finally:
            watch.close()


def test_links_to_requests_stay_web_links_to_the_whole_address(
    browser: Any, sites: dict[str, Path]
) -> None:
    """`request_url` values that try to close the link early or add attributes arrive as
    one https link each, to the address as written, on the organisation page."""
    from hostile import REQUEST_URLS

    with serve(sites["organisation"]) as base:
        watch = Watch(browser, base)
        try:
            watch.page.goto(base + "organisation/", wait_until="load")
            links = watch.page.evaluate(
                """(host) => [...document.querySelectorAll('article a[href]')]
                    .filter(a => new URL(a.href).host === host)
                    .map(a => [a.href, a.textContent, a.getAttributeNames().join(' ')])""",
                REQUEST_HOST,
            )
            assert len(links) == 3, links
            for href, text, attributes in links:
                assert href in {
                    watch.page.evaluate("(u) => new URL(u).href", u) for u in REQUEST_URLS
                }
                assert (text, attributes) == ("the request", "href")
            assert not watch.dialogs
        finally:
            watch.close()


def _poisoned(hostile: Path, initiative: str) -> dict[str, Any]:
    import yaml

    path = hostile / "roadmap/initiatives" / f"{initiative}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


@pytest.mark.parametrize("edition", EDITIONS)
def test_asks_and_the_register_show_their_payloads_as_text(
    browser: Any, hostile: Path, sites: dict[str, Path], edition: str
) -> None:
    """Not vacuous for the new fields: an ask's `counterpart`, and a left-out item's
    `reason` and `revisit_when`, arrive as text; its `internal` note stays out."""
    credit = _poisoned(hostile, "credit-complaints-handling")
    social = _poisoned(hostile, "omnichannel-social-care")
    counterpart = credit["needs"][0]["counterpart"]
    assert counterpart.startswith("Zq") and social["revisit_when"].startswith("Zq")
    chatbot = _poisoned(hostile, "chatbot-deflection")
    assert chatbot["internal"].startswith("Zq **markdown**")

    def shown(text: str) -> str:
        return " ".join(text.split())

    with serve(sites[edition]) as base:
        watch = Watch(browser, base)
        try:
            watch.page.goto(base + "not-doing/", wait_until="load")
            register = shown(watch.page.inner_text("article"))
            page = "organisation/" if edition != "team" else "teams/cs-ops/"
            watch.page.goto(base + page, wait_until="load")
            asks = shown(watch.page.inner_text("article"))
            assert not watch.dialogs
        finally:
            watch.close()
    assert shown(social["reason"]) in register
    assert shown(social["revisit_when"]) in register
    assert "markdown field with safe links" not in register  # no internal note, anywhere
    assert shown(counterpart) in asks
