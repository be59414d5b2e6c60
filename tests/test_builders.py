"""Both site builders, MkDocs and Zensical, publish the same site from the same sources.

Every edition is built once per builder (real builds, session-scoped); the tests compare
page sets, the article HTML of every page, internal links and what each edition holds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, RunCli, build_site

BUILDERS = ("mkdocs", "zensical")
EDITIONS = ("leadership", "team", "organisation")
SEARCH_INDEX = {"mkdocs": "search/search_index.json", "zensical": "search.json"}

SiteFor = Callable[[str, str], Path]


@pytest.fixture(scope="session")
def site_for(tmp_path_factory: pytest.TempPathFactory) -> SiteFor:
    """`site_for(builder, edition)`: the example built once per pair, on first use."""
    built: dict[tuple[str, str], Path] = {}

    def get(builder: str, edition: str) -> Path:
        if (builder, edition) not in built:
            site = tmp_path_factory.mktemp(f"{builder}-{edition}") / "site"
            options = ["--strict", "--audience", edition, "--builder", builder]
            built[builder, edition] = build_site(EXAMPLE, site, *options, "--today", "2027-05-10")
        return built[builder, edition]

    return get


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def published_files(site: Path) -> list[str]:
    """Everything but the builder's own assets and search index."""
    skip = ("assets/", "search/", "search.json", "sitemap.xml")
    return sorted(
        rel
        for rel in (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        if not rel.startswith(skip)
    )


_ARTICLE = re.compile(r"<article.*?</article>", re.S)
_URL_ATTR = re.compile(r'(href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|/)")


def _absolute(page: str, url: str) -> str:
    """A relative link on `page` as a path from the site root (fragment kept)."""
    path, _, fragment = url.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page), path))
    resolved += "/" if path.endswith("/") and resolved != "/" else ""
    return resolved + (f"#{fragment}" if fragment else "")


def article(site: Path, page: str) -> str:
    """The page's article with links made absolute and whitespace collapsed."""
    (html,) = _ARTICLE.findall((site / page).read_text("utf-8"))
    html = html.replace('<a id="__skip" tabindex="-1"></a>', "")  # Zensical's skip target
    html = _URL_ATTR.sub(
        lambda m: (
            m.group(0)
            if _EXTERNAL.match(m.group(2))
            else f'{m.group(1)}="{_absolute(page, m.group(2))}"'
        ),
        html,
    )
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


@pytest.mark.slow  # six whole-site builds (two builders, three editions)
@pytest.mark.parametrize("edition", EDITIONS)
def test_both_builders_publish_the_same_pages_and_articles(site_for: SiteFor, edition: str) -> None:
    mkdocs, zensical = site_for("mkdocs", edition), site_for("zensical", edition)
    assert published_files(mkdocs) == published_files(zensical)
    assert len(pages(mkdocs)) > 20
    for page in pages(mkdocs):
        assert article(mkdocs, page) == article(zensical, page), page


@pytest.mark.slow  # six whole-site builds (two builders, three editions)
@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_internal_link_resolves(site_for: SiteFor, builder: str, edition: str) -> None:
    site = site_for(builder, edition)
    broken, checked = [], 0
    for page in pages(site):
        for _, url in _URL_ATTR.findall((site / page).read_text("utf-8")):
            if _EXTERNAL.match(url) or not url:
                continue
            checked += 1
            target = site / _absolute(page, url).partition("#")[0].lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page}: {url}")
    assert broken == []
    assert checked > 20 * len(pages(site))


def _internal_notes() -> list[str]:
    notes = []
    for path in sorted((EXAMPLE / "initiatives").glob("*.yaml")):
        note = yaml.safe_load(path.read_text("utf-8")).get("internal")
        if note:
            notes.append(" ".join(note.split())[:40])
    assert len(notes) >= 3, "the example needs internal notes for this test to mean anything"
    return notes


@pytest.mark.slow  # six whole-site builds (two builders, three editions)
@pytest.mark.parametrize("builder", BUILDERS)
def test_leadership_text_stays_in_the_leadership_edition(site_for: SiteFor, builder: str) -> None:
    notes = _internal_notes()
    leadership = site_for(builder, "leadership")
    everything = b"".join(p.read_bytes() for p in leadership.rglob("*.html"))
    assert all(n.encode() in everything for n in notes)  # so the check below means something
    for edition in ("team", "organisation"):
        site = site_for(builder, edition)
        for path in (p for p in site.rglob("*") if p.is_file()):
            body = path.read_bytes()
            assert not [n for n in notes if n.encode() in body], path
        assert not (site / "leadership").exists()
        assert (site / "not-doing/index.html").is_file()  # the register: public reasons only
        for listing in ("sitemap.xml", SEARCH_INDEX[builder]):
            text = (site / listing).read_text("utf-8")
            assert "leadership/" not in text, listing


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_missing_zensical_names_the_extra(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from generator.site import zensical_adapter

    monkeypatch.setattr(zensical_adapter, "find_spec", lambda name: None)
    site = tmp_path / "site"
    args = [command, "--data", str(EXAMPLE), "--builder", "zensical"]
    args += ["--site-dir", str(site)] if command == "build" else []
    result = run_cli(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the zensical builder is not installed: pip install 'cs-roadmap[zensical]' "
        "adds it (or use --builder mkdocs)\n"
    )
    assert not site.exists()
