"""Helpers for the tests that look at built sites in a real headless Chromium.

The browser is Debian's `chromium`, driven by Playwright with `executable_path`, so
nothing is downloaded. Sites are built with the real CLI (conftest.build_site) and
served from a local thread; a page may ask for nothing outside that server.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
# The smallest rendered chart text allowed at each size, in CSS px.
MIN_TEXT = {"phone": 11.0, "desktop": 12.0}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a kept-alive connection is no fault of the page. Anything
        # else is reported, but to the real stderr: the default report goes to sys.stderr,
        # which a CLI test in another thread may be capturing just then.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            print(f"error serving a request from {client_address}:", file=sys.__stderr__)
            traceback.print_exc(file=sys.__stderr__)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free local port; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Site:
    """A built, served site and the data it was built from."""

    name: str
    url: str
    data: Path


@dataclass
class Visit:
    page: Any
    errors: list[str]
    outside: list[str]


@contextmanager
def visit(browser: Any, url: str, size: str, *, javascript: bool = True) -> Iterator[Visit]:
    """Open `url` at a size; collects console errors and requests leaving the server."""
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    page = context.new_page()
    found = Visit(page, [], [])
    local = urlparse(url).netloc

    def route(r: Any) -> None:
        if urlparse(r.request.url).netloc != local:
            found.outside.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("console", lambda m: found.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.errors.append(str(e)))
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        yield found
    finally:
        context.close()


def screenshots_folder() -> Path | None:
    """Where screenshots go: only when ROADMAP_SCREENSHOTS is set (and not "0").

    "1" means tests/artifacts; any other value is the folder itself (a relative one is
    taken from the current directory).
    """
    value = os.environ.get("ROADMAP_SCREENSHOTS", "").strip()
    if value in ("", "0"):
        return None
    return ARTIFACTS if value == "1" else Path(value).resolve()


def screenshot(page: Any, site: str, path: str, size: str) -> None:
    """Save a full-page screenshot for a person to look at; a no-op unless asked for."""
    root = screenshots_folder()
    if root is None:
        return
    folder = root / site
    folder.mkdir(parents=True, exist_ok=True)
    name = (path.strip("/").replace("/", "-") or "home") + f"-{size}.jpg"
    page.screenshot(path=str(folder / name), full_page=True, type="jpeg", quality=80)


# --- a large roadmap with long titles ---------------------------------------------------

LONG_TITLE = " across every channel, region and customer segment we serve this year"
LONG_SUMMARY = (
    ", so that customers get one consistent answer wherever they ask, and agents stop "
    "switching between four tools to find it"
)


def write_long_roadmap(root: Path, n: int = 60, seed: int = 11) -> Path:
    """The benchmark generator's roadmap of `n` initiatives, titles and summaries long."""
    spec = importlib.util.spec_from_file_location(
        "roadmap_data", ROOT / "bench" / "roadmap_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: Path = module.write_data(root, n, seed)
    for path in sorted((data / "initiatives").glob("*.yaml")):
        item = yaml.safe_load(path.read_text("utf-8"))
        item["title"] += LONG_TITLE
        item["summary"] += LONG_SUMMARY
        path.write_text(yaml.safe_dump(item, sort_keys=False, allow_unicode=True), "utf-8")
    (data / "kpis.yaml").write_text(yaml.safe_dump({"kpis": LONG_KPIS}, sort_keys=False), "utf-8")
    return data


def _kpi(
    id: str, name: str, unit: str, direction: str, threshold: float, values: list[float]
) -> dict[str, object]:
    days = ["2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31"]
    history = [{"date": d, "value": v} for d, v in zip(days, values, strict=True)]
    return {"id": id, "name": name, "unit": unit, "direction": direction,
            "threshold": threshold, "history": history}  # fmt: skip


# KPIs with long names, three of them breached on the long roadmap's build day.
LONG_KPIS = [
    _kpi("fcr", "First-contact resolution across every channel and region", "%", "higher", 72,
         [70, 71, 73, 74]),
    _kpi("frt", "Median first response time for tickets in the general queue", "hours",
         "lower", 4, [3.5, 4.2, 4.6, 5.1]),
    _kpi("csat", "Customer satisfaction with the resolution, survey after closing", "score",
         "higher", 4.3, [4.4, 4.2, 4.1, 4.0]),
    _kpi("backlog", "Tickets older than seven days waiting for a first agent reply", "tickets",
         "lower", 150, [120, 130, 140, 145]),
    _kpi("s1", "Time to first contact with the customer after a severity-one escalation",
         "hours", "lower", 1, [1.5, 1.4, 1.3, 1.2]),
]  # fmt: skip


# --- measurements taken in the page -----------------------------------------------------

CHART_TEXT_SIZES = """
() => [...document.querySelectorAll('svg.rm-chart')]
  .filter(svg => svg.getClientRects().length > 0)
  .map(svg => {
    const scale = svg.getScreenCTM().a;
    const sizes = [...svg.querySelectorAll('text')]
      .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    return {chart: svg.classList[1], n: sizes.length, min: Math.min(...sizes)};
  })
"""

FIGURES = """
() => [...document.querySelectorAll('.rm-figure')]
  .filter(f => f.getClientRects().length > 0)
  .map(f => ({
    chart: f.querySelector('svg').classList[1],
    scrolls: f.scrollWidth > f.clientWidth + 1,
    hint: f.querySelector('.rm-hint').checkVisibility(),
  }))
"""

# Every edge sampled every 2 px; a sample inside a box that is neither end is a crossing.
EDGE_CROSSINGS = """
(svg) => {
  const boxes = [...svg.querySelectorAll('g.rm-node')].map(g => {
    const b = g.querySelector('rect').getBBox();
    return {id: g.dataset.id, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
  });
  const crossings = [];
  let samples = 0;
  for (const path of svg.querySelectorAll('path.rm-edge')) {
    const length = path.getTotalLength();
    const hit = new Set();
    for (let s = 0; s <= length; s += 2) {
      const p = path.getPointAtLength(s);
      samples += 1;
      for (const b of boxes) {
        if (b.id === path.dataset.from || b.id === path.dataset.to || hit.has(b.id)) continue;
        if (p.x > b.x0 - 1 && p.x < b.x1 + 1 && p.y > b.y0 - 1 && p.y < b.y1 + 1) {
          hit.add(b.id);
          crossings.push(`${path.dataset.from} -> ${path.dataset.to} crosses ${b.id}`);
        }
      }
    }
  }
  return {boxes: boxes.length, samples, crossings};
}
"""

EDGES = """
(svg) => [...svg.querySelectorAll('path.rm-edge')].map(p => [p.dataset.from, p.dataset.to])
"""

# Each text of a box lies inside the box's rectangle (the build-time measuring holds).
TEXT_IN_BOXES = """
(svg) => {
  const out = [];
  for (const g of svg.querySelectorAll('g.rm-item, g.rm-node')) {
    const r = g.querySelector('rect').getBBox();
    for (const t of g.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < r.x || b.x + b.width > r.x + r.width || b.y < r.y - 1
          || b.y + b.height > r.y + r.height + 1) {
        out.push(`${g.dataset.id}: "${t.textContent}" leaves its box`);
      }
    }
  }
  return out;
}
"""

MARKERS = """
(svg) => [...svg.querySelectorAll('g.rm-marker')].map(g => {
  const c = g.querySelector('circle');
  const t = g.querySelector('text');
  return {
    id: g.dataset.id,
    x: c.cx.baseVal.value, y: c.cy.baseVal.value, r: c.r.baseVal.value,
    fill: getComputedStyle(c).fill, ink: getComputedStyle(t).fill,
    size: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
  };
})
"""


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two `rgb(r, g, b)` colours."""

    def luminance(colour: str) -> float:
        channels = [float(v) / 255 for v in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PRINT_TIMELINE = """
() => {
  const svg = document.querySelector('.rm-print-timeline svg');
  const box = svg.getBoundingClientRect();
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a);
  return {
    width: box.width, height: box.height, min: Math.min(...sizes),
    screen: document.querySelector('.rm-screen-only').checkVisibility(),
  };
}
"""

# The colours of a chart's marks and of its legend's swatches (a white or transparent
# fill counts by its outline), for every chart on the page.
COLOURS = """
() => [...document.querySelectorAll('svg.rm-chart')]
  .filter(svg => svg.getClientRects().length > 0)
  .map(svg => {
    const colour = el => {
      const s = getComputedStyle(el);
      const plain = ['none', 'rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(s.fill);
      return plain ? s.stroke : s.fill;
    };
    const marks = [...svg.querySelectorAll('.rm-box, .rm-used')]
      .filter(el => !el.closest('.rm-legend')).map(colour);
    const keys = [...svg.querySelectorAll('.rm-legend rect')].map(colour);
    return {chart: svg.classList[1], marks: [...new Set(marks)], keys: [...new Set(keys)]};
  })
"""

# Chart text the chart's own edge cuts off (a legend entry wider than the chart, say).
TEXT_OUTSIDE_CHART = """
() => [...document.querySelectorAll('svg.rm-chart')]
  .filter(svg => svg.getClientRects().length > 0)
  .flatMap(svg => {
    const edge = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter(t => {
      const b = t.getBoundingClientRect();
      return b.left < edge.left - 0.5 || b.right > edge.right + 0.5
        || b.top < edge.top - 0.5 || b.bottom > edge.bottom + 0.5;
    }).map(t => `${svg.classList[1]}: "${t.textContent}"`);
  })
"""

# Text that must stay on one line (owner names, dates, key names in tables) but wraps.
WRAPPED = """
() => [...document.querySelectorAll('.md-content .rm-nowrap, .md-content table code')]
  .filter(e => e.getClientRects().length > 1).map(e => e.textContent)
"""

# The narrowest list item in the content, as a share of the content's width.
NARROWEST_ITEM = """
() => {
  const content = document.querySelector('.md-content .md-typeset').getBoundingClientRect();
  const items = [...document.querySelectorAll('.md-content .md-typeset li')];
  return Math.min(...items.map(li => li.getBoundingClientRect().width)) / content.width;
}
"""

# Legend entries a reader cannot see without scrolling the chart sideways.
KEY_HIDDEN = """
() => [...document.querySelectorAll('.rm-figure')]
  .filter(f => f.getClientRects().length > 0)
  .flatMap(f => {
    const edge = f.getBoundingClientRect();
    return [...f.querySelectorAll('.rm-legend text')]
      .filter(t => t.getBoundingClientRect().right > edge.right + 0.5)
      .map(t => `${f.querySelector('svg').classList[1]}: "${t.textContent}"`);
  })
"""

# The narrowest first-column cell that names something (holds a link), in CSS px.
NARROWEST_NAME = """
() => Math.min(...[...document.querySelectorAll('.md-content table td:first-child')]
  .filter(td => td.querySelector(':scope > a')).map(td => td.getBoundingClientRect().width))
"""
