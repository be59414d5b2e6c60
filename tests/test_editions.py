"""Editions: what each audience's build holds, and the safe default of `roadmap build`.

Every check reads the whole built site, search index and sitemap included, because
what matters is what a reader of the published folder can get, not what a page shows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import RunCli, build_site, cli, copy_example
from gitrepo import commit, git

TODAY = "2027-05-10"


def everything(site: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file()
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in a git repository with a commit whose subject and author are private."""
    root = tmp_path_factory.mktemp("editions") / "project"
    copy_example(root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "First roadmap", {})
    target = root / "roadmap/initiatives/macros-cleanup.yaml"
    target.write_text(target.read_text("utf-8") + "quarter: 2027-Q4\n", "utf-8")
    # A private goal's target moves in the same commit: the changelog of a public edition
    # must not show it.
    goals = root / "roadmap/okrs/individual-2027-q1.yaml"
    text = goals.read_text("utf-8")
    goals.write_text(text.replace("        target: 40\n", "        target: 35\n", 1), "utf-8")
    git(root, "add", "-A")
    git(
        root,
        "commit",
        "-q",
        "--author",
        "Pat Private <pat@example.invalid>",
        "-m",
        "Secret-subject",
    )
    return root


@pytest.fixture(scope="module")
def editions(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for name in ("default", "leadership", "all", "team", "organisation"):
        site = tmp_path_factory.mktemp(name) / "site"
        extra = () if name == "default" else ("--audience", name)
        out[name] = build_site(project / "roadmap", site, "--today", TODAY, *extra)
    return out


def _plan(project: Path) -> dict[str, object]:
    # The plan of the day the editions are built for: its reasons are the ones they show.
    result = cli("plan", "--format", "json", "--data", project / "roadmap", "--today", TODAY)
    assert result.exit_code == 0
    plan = json.loads(result.output.split("\n", 0)[0])
    assert isinstance(plan, dict)
    return plan


def _leadership_only(project: Path) -> list[str]:
    """Texts only a leadership edition may hold: notes, the planner's reasons (for left-out
    work too: the register's public reasons are other words), the flag of a revisit that
    is due, the commit subject and its author, and what the review records say."""
    plan = _plan(project)
    texts = ["Secret-subject", "Pat Private", "Revisit due"]
    for path in sorted((project / "roadmap/initiatives").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if doc.get("internal"):
            texts.append(" ".join(doc["internal"].split())[:40])
    texts += [s["reason"][:40] for s in plan["scheduled"]]  # type: ignore[index,union-attr]
    texts += [
        n["reason"][:40]  # type: ignore[index]
        for n in plan["not_doing"]  # type: ignore[union-attr]
        if n["kind"] not in ("postponed", "dropped")  # type: ignore[index]
    ]
    texts += _individual_goals(project, shared=False)
    for path in sorted((project / "roadmap/reviews").glob("*.yaml")):  # review records
        doc = yaml.safe_load(path.read_text("utf-8"))
        texts += [d["decision"][:40] for d in doc.get("decisions", [])]
        texts += [text[:40] for text in doc.get("learnings", [])]
        texts += [o["comment"][:40] for o in doc.get("objectives", []) if o.get("comment")]
    return texts


def _individual_goals(project: Path, *, shared: bool) -> list[str]:
    """The titles of individual objectives and their key results: the private ones (no
    `visibility: team`), or with `shared` those shared with the team too."""
    texts = []
    for path in sorted((project / "roadmap/okrs").glob("*.yaml")):
        for o in yaml.safe_load(path.read_text("utf-8"))["objectives"]:
            if o["level"] == "individual" and (shared or o.get("visibility") != "team"):
                texts += [o["title"], *(k["title"] for k in o["key_results"])]
    return texts


@pytest.mark.slow  # five whole-site builds
def test_individual_goals_are_in_no_organisation_file(
    editions: dict[str, Path], project: Path
) -> None:
    every = _individual_goals(project, shared=True)
    private = _individual_goals(project, shared=False)
    shared = [t for t in every if t not in private]
    assert len(private) >= 8 and len(shared) >= 4
    full, team, body = (everything(editions[e]) for e in ("leadership", "team", "organisation"))
    assert all(t in full for t in every)
    assert all(t in team for t in shared)  # shared with the team: on the team's pages
    for text in every:  # pages, search index, sitemap and the calendar file alike
        assert text not in body, text


@pytest.mark.slow  # five whole-site builds
@pytest.mark.parametrize("edition", ["default", "team", "organisation"])
def test_public_editions_hold_no_leadership_only_fact(
    editions: dict[str, Path], project: Path, edition: str
) -> None:
    site = editions[edition]
    texts = _leadership_only(project)
    # The leadership edition holds every one of them, so the check is not vacuous.
    full = everything(editions["leadership"])
    leadership_has = [t for t in texts if t.replace("'", "&#39;") in full or t in full]
    assert len(leadership_has) >= len(texts) - 2, set(texts) - set(leadership_has)
    body = everything(site)
    for text in texts:
        assert text not in body, f"{text!r} is in the {edition} edition"
    assert not (site / "leadership").exists()
    assert "Leadership edition" not in body


def _public_register(project: Path) -> list[str]:
    """What the register shows every reader: the titles of left-out work, their `reason:`
    and `revisit_when:`."""
    left_out = {n["id"] for n in _plan(project)["not_doing"]}  # type: ignore[union-attr]
    texts = []
    for path in sorted((project / "roadmap/initiatives").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if doc["id"] in left_out:
            texts.append(doc["title"])
            texts += [" ".join(doc[k].split())[:40] for k in ("reason", "revisit_when") if k in doc]
    return texts


@pytest.mark.slow  # five whole-site builds
@pytest.mark.parametrize("edition", ["default", "team", "organisation"])
def test_public_editions_hold_the_not_doing_register(
    editions: dict[str, Path], project: Path, edition: str
) -> None:
    site = editions[edition]
    register = (site / "not-doing/index.html").read_text("utf-8")
    index = (site / "search/search_index.json").read_text("utf-8")
    texts = _public_register(project)
    assert len(texts) >= 10
    for text in texts:
        html = text.replace("'", "&#39;")
        assert text in register or html in register, f"{text!r} is not in the register"
        assert json.dumps(text)[1:-1] in index or html in index, f"{text!r} is not searchable"
    assert "The benefit is small for the work it would take" in register  # tool's words


@pytest.mark.slow  # five whole-site builds
def test_the_default_edition_is_team_and_follows_publish_audience(
    run_cli: RunCli, editions: dict[str, Path], project: Path, tmp_path: Path
) -> None:
    assert (editions["default"] / "team/index.html").is_file()
    assert not (editions["default"] / "organisation").exists()
    data = tmp_path / "roadmap"
    shutil.copytree(project / "roadmap", data)
    settings = data / "roadmap.yaml"
    settings.write_text(settings.read_text("utf-8") + "publish: {audience: organisation}\n")
    site = tmp_path / "site"
    result = run_cli("build", "--data", data, "--site-dir", site, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "built the organisation edition" in result.output
    assert (site / "organisation/index.html").is_file() and not (site / "team").exists()


@pytest.mark.slow  # five whole-site builds
def test_all_is_the_leadership_edition(editions: dict[str, Path]) -> None:
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(editions["all"]) == pages(editions["leadership"])
    assert (editions["all"] / "leadership/index.html").is_file()


@pytest.mark.slow  # five whole-site builds
def test_every_leadership_page_says_so(editions: dict[str, Path]) -> None:
    pages = sorted(editions["leadership"].rglob("index.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text("utf-8")
        assert 'class="rm-edition-banner"' in html, page
        assert "Leadership edition" in html and "internal notes" in html, page


@pytest.mark.slow  # five whole-site builds
def test_changelog_shows_subjects_and_authors_to_leadership_only(
    editions: dict[str, Path],
) -> None:
    lead = (editions["leadership"] / "changelog/index.html").read_text("utf-8")
    team = (editions["team"] / "changelog/index.html").read_text("utf-8")
    assert "Secret-subject" in lead and "Pat Private" in lead
    assert "Secret-subject" not in team and "Pat Private" not in team
    assert "Macros" in team  # the plan change itself is shown
