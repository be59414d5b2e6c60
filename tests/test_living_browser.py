"""The living roadmap in a real MkDocs build, looked at in a real headless Chromium.

One build of the example (the leadership edition, read on 2027-05-10) and one browser for
all checks: status shows in words and in colour with readable contrast, the KPI chart
is drawn with its breaches, and a held review is one click from the calendar.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main

playwright_api = pytest.importorskip("playwright.sync_api", reason="install the test extra")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("living") / "site"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--data",
            str(ROOT / "roadmap"),
            "--site-dir",
            str(out),
            "--today",
            "2027-05-10",
            "--strict",
            "--audience",
            "leadership",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_page(site: Path) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def test_every_living_page_is_built(site: Path) -> None:
    for path in (
        "where-we-start/index.html",
        "kpis/index.html",
        "kpis/fcr/index.html",
        "reviews/index.html",
        "reviews/2027-02-08/index.html",
        "reviews/2027-03-15/index.html",
        "reviews/2027-03-31/index.html",
    ):
        assert (site / path).is_file(), path


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_status_is_in_words_and_colour_with_readable_contrast(url: str, browser_page: Any) -> None:
    browser_page.goto(url + "leadership/")
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


def test_the_kpi_chart_is_drawn_with_its_breaches(url: str, browser_page: Any) -> None:
    browser_page.goto(url + "kpis/s1-first-contact/")
    chart = browser_page.locator("svg.rm-kpi-trend")
    box = chart.bounding_box()
    assert box is not None and box["width"] >= 500 and box["height"] >= 200
    assert chart.locator("path.rm-breach-mark").count() == 4
    sizes = browser_page.eval_on_selector_all(
        "svg.rm-kpi-trend text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12


def test_a_held_review_is_one_click_from_the_calendar(url: str, browser_page: Any) -> None:
    browser_page.goto(url + "calendar/")
    row = browser_page.locator("tr", has_text="2027-Q1 mid-quarter OKR review")
    assert "held" in row.inner_text()
    row.get_by_role("link", name="record").click()
    heading = browser_page.locator("h1").inner_text()
    assert heading.rstrip("¶") == "Mid-quarter OKR review, 2027-02-08"  # ¶: the permalink
    decisions = browser_page.locator("h2#decisions + ul li")
    assert decisions.count() == 3
