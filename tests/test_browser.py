"""The built example site in a real headless Chromium (Debian's package, driven by Playwright).

Every view loads without console errors and without a request leaving the machine; the
timeline and the matrix are visible, also with JavaScript off; the pages fit a phone
and a desktop. Screenshots land in tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from generator.cli import main

playwright_api = pytest.importorskip("playwright.sync_api", reason="install the test extra")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWS = [
    "",
    "team/",
    "leadership/",
    "not-doing/",
    "organisation/",
    "okrs/",
    "calendar/",
    "initiatives/kb-overhaul/",
    "okrs/self-serve-first/",
]
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--data",
            str(ROOT / "roadmap"),
            "--site-dir",
            str(site),
            "--today",
            "2027-05-10",
            "--audience",
            "leadership",
        ],
    )
    assert result.exit_code == 0, result.output
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is not installed: `apt-get install chromium` (the README's "
            "test command does this)"
        )
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser: object, url: str, size: str, *, javascript: bool = True) -> tuple:
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},  # type: ignore[attr-defined]
        java_script_enabled=javascript,
    )
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    local = urlparse(url).netloc

    def route(r: object) -> None:
        target = r.request.url  # type: ignore[attr-defined]
        if urlparse(target).netloc != local:
            outside.append(target)
            r.abort()  # type: ignore[attr-defined]
        else:
            r.continue_()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors, outside


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_loads_cleanly_and_stays_local(
    browser: object, base_url: str, view: str, size: str
) -> None:
    context, page, errors, outside = _open(browser, base_url, size)
    try:
        response = page.goto(base_url + view, wait_until="networkidle")
        assert response is not None and response.status == 200
        assert not errors, errors
        assert not outside, f"requests left the machine: {outside}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{view} scrolls sideways by {overflow}px at {size} width"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = (view.strip("/").replace("/", "-") or "home") + f"-{size}.png"
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_timeline_and_matrix_are_visible(browser: object, base_url: str, javascript: bool) -> None:
    context, page, errors, _ = _open(browser, base_url, "desktop", javascript=javascript)
    try:
        page.goto(base_url + "team/")
        timeline = page.locator(".rm-figure svg.rm-timeline")
        assert timeline.is_visible()
        assert timeline.bounding_box()["width"] > 400
        assert "Knowledge base overhaul" in timeline.inner_html()
        page.goto(base_url + "leadership/")
        matrix = page.locator("svg.rm-matrix")
        matrix.scroll_into_view_if_needed()
        assert matrix.is_visible()
        assert matrix.bounding_box()["height"] > 300
        assert (
            page.locator("svg.rm-matrix > title").text_content()
            == "Impact and effort of every open initiative"
        )
        assert not errors, errors
    finally:
        context.close()


def test_search_works_from_the_built_files(browser: object, base_url: str) -> None:
    context, page, errors, outside = _open(browser, base_url, "desktop")
    try:
        page.goto(base_url, wait_until="networkidle")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("knowledge", delay=50)
        result = page.locator(".md-search-result__item").first
        result.wait_for(state="visible", timeout=10_000)
        assert "Knowledge" in page.locator(".md-search-result").inner_text()
        assert not errors and not outside
    finally:
        context.close()
