"""Present mode (present/ in every edition) and the review pack PDF (`roadmap export pack`).

The slides are checked where people read them: in headless Chromium at 1920x1080 (text
at 24 px or more, nothing wider than the screen, each slide one screen, readable with
JavaScript off, the keyboard moving between slides), and in the PDF read back by pypdf
and pdftotext (one slide a page, every heading, fonts embedded).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, RunCli, build_site, copy_example

from generator.data.validate import load_roadmap
from generator.planning.planner import make_plan
from generator.site.render import render_site

TODAY = dt.date(2027, 5, 10)
EDITIONS = ("team", "leadership", "organisation")


def _deck(edition: str, data: Path = EXAMPLE) -> str:
    model, _ = load_roadmap(data)
    plan = make_plan(model, today=TODAY)
    site = render_site(model, plan, edition, today=TODAY)  # type: ignore[arg-type]
    assert {"Present": "present/index.md"} in site.nav
    return str(site.files["present/index.md"])


def _headings(page: str) -> list[str]:
    import html
    import re

    found = re.findall(r'<h2 class="rm-slide-heading" id="[^"]+">([^<]+)</h2>', page)
    return [html.unescape(h) for h in found]


def test_each_edition_has_the_slides_of_its_meeting() -> None:
    team, lead, org = (_deck(e) for e in EDITIONS)
    base = ["The timeline", "Now, next, later", "KPI health"]
    for page in (team, lead, org):
        found = _headings(page)
        assert all(any(h.startswith(b) for h in found) for b in base), found
        assert "What we need from other functions" in found
        assert page.startswith("---\nhide:\n- navigation\n- toc\n- footer\ntitle: Present\n---\n")
    assert "Progress on started work" in _headings(team)
    assert "Progress on started work" not in _headings(org)  # check-ins are not theirs
    leadership_only = ("What the last review decided", "Risks and decisions due")
    for heading in leadership_only:
        assert any(h.startswith(heading) for h in _headings(lead)), heading
        assert not any(h.startswith(heading) for h in _headings(team) + _headings(org))
    # Numbered: "KPI health (1 of 2)" continues on a second slide rather than shrinking.
    assert "KPI health (1 of 2)" in _headings(team) and "KPI health (2 of 2)" in _headings(team)


def test_text_from_the_data_is_escaped_on_the_slides(tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    path = data / "initiatives" / "kb-overhaul.yaml"
    text = path.read_text("utf-8").replace(
        "title: Knowledge base overhaul",
        "title: \"<script>alert('x')</script> & <b>bold</b>\"",
    )
    path.write_text(text, "utf-8")
    page = _deck("team", data)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert (
        "&lt;script&gt;alert&#40;&#39;x&#39;&#41;&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    ) in page


# --- in the browser --------------------------------------------------------------------------

MEASURE = """() => {
  const out = {slides: [], small: [], wide: document.documentElement.scrollWidth - innerWidth};
  for (const s of document.querySelectorAll('.rm-deck .rm-slide')) {
    const r = s.getBoundingClientRect();
    const h = s.querySelector('h2');
    const hr = h.getBoundingClientRect();
    const shown = hr.width > 0 && hr.height > 0 && getComputedStyle(h).visibility !== 'hidden';
    out.slides.push({id: s.id, height: r.height, heading: h.textContent, visible: shown});
  }
  const walk = document.createTreeWalker(document.querySelector('.rm-deck'), NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const t = walk.currentNode;
    if (!t.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(t.parentElement).fontSize);
    if (size < 24) out.small.push([t.parentElement.tagName, size, t.textContent.slice(0, 40)]);
  }
  out.chrome = ['.md-header', '.md-sidebar--primary', '.md-footer'].map(
    q => document.querySelector(q) && getComputedStyle(document.querySelector(q)).display);
  return out;
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    from browsing import serve

    root = tmp_path_factory.mktemp("present")
    urls: dict[str, str] = {}
    with serve(root) as url:
        for edition in EDITIONS:
            build_site(EXAMPLE, root / edition, "--today", "2027-05-10", "--audience", edition)
            urls[edition] = f"{url}{edition}/present/"
        yield urls


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_slides_fill_the_screen_and_read_from_the_back_of_the_room(
    chromium: Any, sites: dict[str, str], edition: str, javascript: bool
) -> None:
    context = chromium.new_context(
        viewport={"width": 1920, "height": 1080}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        assert page.goto(sites[edition]).status == 200  # type: ignore[union-attr]
        found = page.evaluate(MEASURE)
        assert len(found["slides"]) >= 6
        assert found["small"] == [], f"text under 24 px: {found['small'][:5]}"
        assert found["wide"] <= 0, "wider than the screen"
        assert found["chrome"] == ["none", "none", "none"], "the theme's header and menus show"
        for s in found["slides"]:
            assert s["visible"], s
            assert s["height"] <= 1080 + 0.5, f"{s['heading']} is taller than the screen"
    finally:
        context.close()


def test_the_keyboard_moves_between_slides(chromium: Any, sites: dict[str, str]) -> None:
    page = chromium.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(sites["team"])
        ids = page.eval_on_selector_all(".rm-deck .rm-slide", "all => all.map(s => s.id)")
        for key, expected in (
            ("ArrowRight", ids[1]),
            ("PageDown", ids[2]),
            ("ArrowLeft", ids[1]),
            ("End", ids[-1]),
            ("Home", ids[0]),
        ):
            page.keyboard.press(key)
            page.wait_for_function(f"location.hash === '#{expected}'", timeout=3000)
            where = f"document.getElementById('{expected}').getBoundingClientRect().top"
            top = page.evaluate(where)
            assert abs(top) < 2, f"{key}: slide {expected} is not at the top ({top})"
    finally:
        page.close()


# --- the review pack ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pack_is_one_slide_a_page_with_every_heading(
    run_cli: RunCli, tmp_path: Path, edition: str
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "pack.pdf"
    result = run_cli(
        "export", "pack", "--data", EXAMPLE, "--output", out, "--audience", edition,
        "--today", "2027-05-10",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    headings = _headings(_deck(edition))
    assert result.stderr == (
        f"wrote the {edition} edition's review pack ({len(headings)} slides) to {out}\n"
    )
    reader = PdfReader(out)
    assert len(reader.pages) == len(headings)
    for page, heading in zip(reader.pages, headings, strict=True):
        assert heading in " ".join(page.extract_text().split()), heading
        assert round(float(page.mediabox.width) / float(page.mediabox.height), 2) == 1.78
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    pdftotext = shutil.which("pdftotext")  # poppler's reading too
    assert pdftotext, "pdftotext is missing: the README's test setup installs poppler-utils"
    text = subprocess.run(
        [pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    for k, heading in enumerate(headings):
        assert heading in " ".join(pages[k].split()), (k, heading)
    if edition != "leadership":
        everything = " ".join(p.extract_text() for p in reader.pages)
        assert "Risks and decisions due" not in everything
        assert "EUR 18k" not in everything  # an internal note of the example


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("pack.txt", "pack.txt: the review pack is written as PDF; name a file ending in .pdf"),
        ("missing/pack.pdf", "the folder missing does not exist"),
        ("folder.pdf", "folder.pdf: it is a folder, not a file"),
    ],
)
def test_the_pack_says_why_it_cannot_be_written(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.pdf").mkdir()
    result = run_cli("export", "pack", "--data", EXAMPLE, "--output", output)
    assert result.exit_code == 1
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.pdf"]  # nothing half-written
