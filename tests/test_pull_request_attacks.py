"""What a pull request can change besides the data (site folders, templates, settings,
the cache) cannot turn the build against the site: each case here was once a way in.

The data itself is attacked in test_hostile_site.py; these are the paths around it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = "site_name: X\ntheme: {name: material, font: false}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "roadmap", root / "roadmap")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.chdir(root)
    return root


def _build(run_cli: RunCli, *extra: str) -> tuple[int, str]:
    result = run_cli("build", "--today", "2027-05-10", *extra)
    return result.exit_code, result.output


# --- site folders -----------------------------------------------------------------------


@pytest.mark.parametrize("link", ["site", "leadership-site"])
def test_a_site_folder_that_is_a_link_is_refused(project: Path, run_cli: RunCli, link: str) -> None:
    """`site -> leadership-site` committed would publish the leadership edition as the
    public one (and the swap would replace the folder the link points to)."""
    other = "leadership-site" if link == "site" else "site"
    (project / other).mkdir()
    (project / other / "keep.txt").write_text("theirs", "utf-8")
    (project / link).symlink_to(other)
    code, out = _build(run_cli, "--site-dir", link)
    assert code == 1, out
    assert f"{link} is a symbolic link (to {other})" in out and "Traceback" not in out
    assert sorted(p.name for p in (project / other).iterdir()) == ["keep.txt"]


def test_a_site_folder_below_a_link_is_refused(project: Path, run_cli: RunCli) -> None:
    (project / "elsewhere").mkdir()
    (project / "out").symlink_to("elsewhere")
    code, out = _build(run_cli, "--site-dir", "out/site")
    assert code == 1
    assert "out is a symbolic link" in out
    assert list((project / "elsewhere").iterdir()) == []


def test_the_gitignore_of_a_new_repository_ignores_a_link_named_site(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """`/site/` matches only a folder, so a link named `site` could be committed."""
    repo = tmp_path / "new"
    assert run_cli("init", str(repo)).exit_code == 0
    rules = (repo / ".gitignore").read_text("utf-8").splitlines()
    assert "/site" in rules and "/leadership-site" in rules
    assert "/site/" not in rules


# --- templates --------------------------------------------------------------------------


def test_a_template_cannot_include_through_a_link_to_outside(
    project: Path, run_cli: RunCli
) -> None:
    """A linked folder inside the project holding a link to outside: `rglob` never looked
    inside it, and Jinja's loader follows every link (to /proc/self/environ, the build's
    secrets)."""
    (project / "other").mkdir()
    (project / "other" / "env").symlink_to("/proc/self/environ")
    (project / "templates").mkdir()
    (project / "templates" / "inc").symlink_to("../other")
    (project / "templates" / "team.md.j2").write_text('{% include "inc/env" %}\n', "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1, out
    assert "templates/inc is a symbolic link" in out and "Traceback" not in out
    assert not (project / "site").exists()


def test_a_template_that_is_a_link_into_the_data_is_refused(project: Path, run_cli: RunCli) -> None:
    """Even a link inside the project breaks the promise that templates see the view
    models only: here, the raw YAML with its internal notes in a public page."""
    (project / "templates").mkdir()
    (project / "templates" / "raw.md.j2").symlink_to("../roadmap/initiatives/kb-overhaul.yaml")
    (project / "templates" / "team.md.j2").write_text('{% include "raw.md.j2" %}\n', "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1
    assert "templates/raw.md.j2 is a symbolic link" in out


def test_a_templates_folder_that_is_a_link_is_refused(project: Path, run_cli: RunCli) -> None:
    (project / "templates").symlink_to("roadmap")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1
    assert "is a symbolic link" in out and "Traceback" not in out


# --- the site's settings ----------------------------------------------------------------


@pytest.mark.slow  # whole builds
def test_a_link_title_in_the_data_is_not_kept(project: Path, run_cli: RunCli) -> None:
    """Material's tooltips insert `title` attributes as HTML: none comes from the data."""
    path = project / "roadmap" / "initiatives" / "kb-overhaul.yaml"
    payload = "<img src=x onerror=alert(1)>"
    text = path.read_text("utf-8")
    start, end = text.index("description: |\n"), text.index("\nowner:")
    described = f'description: |\n  See [the plan](https://example.org "{payload}").\n'
    path.write_text(text[:start] + described + text[end + 1 :], "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 0, out
    page = (project / "site" / "initiatives" / "kb-overhaul" / "index.html").read_text("utf-8")
    assert 'href="https://example.org"' in page
    assert "onerror" not in page


@pytest.mark.parametrize("feature", ["content.tooltips", "content.footnote.tooltips", "x.new"])
def test_theme_features_are_allowed_by_value(project: Path, run_cli: RunCli, feature: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("    - navigation.top\n", f"    - {feature}\n"), "utf-8"
    )
    code, out = _build(run_cli, "--site-dir", "site")
    assert code == 1, out
    assert f"theme.features: '{feature}' is refused" in out
    assert ("as HTML" in out) == ("tooltips" in feature)


@pytest.mark.slow  # whole builds
def test_strict_fails_on_the_warning_that_guards_code_execution(
    project: Path, run_cli: RunCli
) -> None:
    """A theme's custom_dir templates run arbitrary Python: `--strict`, the CI gate,
    must not pass them."""
    (project / "overrides").mkdir()
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    config.write_text(text, "utf-8")
    relaxed = _build(run_cli, "--site-dir", "site")
    assert relaxed[0] == 0 and "warning: theme.custom_dir templates run as code" in relaxed[1]
    code, out = _build(run_cli, "--site-dir", "site-strict", "--strict")
    assert code == 1
    assert "error: theme.custom_dir templates run as code" in out
    assert not (project / "site-strict").exists()


@pytest.mark.parametrize(
    "entry",
    [
        "extra_javascript: ['/\\t/evil.example/x.js']\n",
        "extra_css: ['\\x01//evil.example/x.css']\n",
        "extra_javascript: ['h\\nttps://evil.example/x.js']\n",
    ],
    ids=["tab", "c0-control", "newline"],
)
def test_a_url_from_another_host_is_found_as_a_browser_reads_it(
    project: Path, run_cli: RunCli, entry: str
) -> None:
    (project / "mkdocs.yml").write_text(MINIMAL + entry.replace("'", '"'), "utf-8")
    code, out = _build(run_cli, "--site-dir", "site")
    assert code == 1, out
    assert "from another host" in out


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('repo_url: "https://x.example/\\" onmouseover=\\"alert(1)"\n', "repo_url must be"),
        ("extra:\n  homepage: 'javascript:alert(1)'\n", "extra.homepage must be"),
        ("extra:\n  social:\n    - {icon: x, link: 'javascript:alert(1)'}\n", "extra.social"),
        ("edit_uri: '\" onfocus=\"alert(1)'\n", "edit_uri must be"),
    ],
)
def test_links_the_theme_prints_raw_must_be_web_links(
    project: Path, run_cli: RunCli, entry: str, message: str
) -> None:
    (project / "mkdocs.yml").write_text(MINIMAL + entry, "utf-8")
    code, out = _build(run_cli, "--site-dir", "site")
    assert code == 1, out
    assert message in out


@pytest.mark.slow  # whole builds
def test_text_the_theme_prints_raw_is_escaped(project: Path, run_cli: RunCli) -> None:
    payload = "<script>alert(1)</script>"
    settings = "".join(
        f"{key}: '{payload}'\n" for key in ("site_description", "site_author", "repo_name")
    )
    (project / "mkdocs.yml").write_text(
        MINIMAL + settings + "repo_url: https://example.org/r\n", "utf-8"
    )
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 0, out
    page = (project / "site" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion too deep"),
        ("{% for i in range(10**9) %}{% endfor %}", "Range too big"),
        ('{{ "%d" % "text" }}', "failed while rendering team.md"),
        ('{{ "{:q}".format(1) }}', "failed while rendering team.md"),
        ("{{ 1 // 0 }}", "failed while rendering team.md"),
    ],
    ids=["recursion", "range", "percent-format", "format", "division"],
)
def test_a_failing_template_is_a_clean_exit_1(
    project: Path, run_cli: RunCli, template: str, message: str
) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "team.md.j2").write_text(template + "\n", "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1, out
    assert message in out and "Traceback" not in out, out
    assert not (project / "site").exists()


def test_a_template_that_never_ends_is_stopped(
    project: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    from generator.site import render

    monkeypatch.setattr(render, "TEMPLATE_SECONDS", 1)
    monkeypatch.setattr(render, "TEMPLATE_SECONDS_PER_PAGE", 0)
    (project / "templates").mkdir()
    loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    (project / "templates" / "team.md.j2").write_text(loops + "\n", "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1, out
    assert "the templates took more than" in out and "Traceback" not in out


def test_a_page_of_gigabytes_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    from generator.site import render

    monkeypatch.setattr(render, "MAX_PAGE_CHARS", 1_000_000)
    (project / "templates").mkdir()
    (project / "templates" / "team.md.j2").write_text('{{ "x" * 2000000 }}\n', "utf-8")
    code, out = _build(run_cli, "--site-dir", "site", "--audience", "team")
    assert code == 1
    assert "wrote more than 1,000,000 characters for team.md" in out


def test_a_docs_file_name_cannot_forge_a_workflow_command(project: Path, run_cli: RunCli) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "a\n::error title=x::forged.md").write_text("# A\n", "utf-8")
    code, out = _build(run_cli, "--site-dir", "site")
    assert code == 1
    assert "a file name with a control character is refused" in out
    assert "\n::error" not in out


def test_the_builders_messages_go_through_the_printable_filter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    from generator.site import mkdocs_adapter

    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:]
    logger.handlers = []
    try:
        mkdocs_adapter._quiet()
        logger.warning("Doc file 'a\n::error::forged' not found")
    finally:
        logger.handlers = saved
    err = capsys.readouterr().err
    assert "a\\n::error::forged" in err and "\n::error" not in err


def test_a_huge_blob_in_history_is_never_read_into_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One 500 MB blob in an earlier version gave every build a 1 GB peak: a blob over
    the file limit is now judged by its size, as a working tree file would be."""
    from gitrepo import commit, git

    from generator.history import git as history_git
    from generator.history.changelog import changelog

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    settings = "title: R\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 10}\n"
    item = "id: a\ntitle: A\nstatus: planned\nimpact: 3\neffort: 5\n"
    commit(repo, "Start", {"roadmap/roadmap.yaml": settings, "roadmap/initiatives/a.yaml": item})
    big = "summary: " + "x" * (3 * 1024 * 1024) + "\n"
    commit(repo, "Huge", {"roadmap/initiatives/b.yaml": big})
    huge = git(repo, "rev-parse", "HEAD:roadmap/initiatives/b.yaml")
    commit(repo, "Remove it", {"roadmap/initiatives/b.yaml": None})
    asked: list[str] = []
    real = history_git.read_objects

    def counting(repository: object, objects: list[str]) -> list[bytes]:
        asked.extend(objects)
        return real(repository, objects)  # type: ignore[arg-type]

    monkeypatch.setattr(history_git, "read_objects", counting)
    entries = changelog(repo, repo / "roadmap")
    assert huge not in asked
    assert [e.subject for e in entries]  # the history is still read and reported


@pytest.mark.parametrize("kind", ["dangling-file-link", "folder-link"])
def test_init_force_never_writes_through_a_link(tmp_path: Path, run_cli: RunCli, kind: str) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    if kind == "folder-link":
        (repo / ".github").symlink_to(outside)
    else:
        (repo / "mkdocs.yml").symlink_to(outside / "written-through.yml")
    result = run_cli("init", str(repo), "--force")
    assert result.exit_code == 1, result.output
    assert "is a symbolic link" in result.output
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in repo.iterdir()) == [
        ".github" if kind == "folder-link" else "mkdocs.yml"
    ]


def test_a_public_edition_holds_no_leadership_fact_a_template_could_print() -> None:
    """A template of one's own sees what its edition's view models hold: in a public
    edition, neither a person's own capacity limit nor the titles of left-out work."""
    import dataclasses
    import datetime as dt

    from generator.data.validate import load_roadmap
    from generator.history.changelog import ChangelogEntry
    from generator.history.diff import PlanDiff
    from generator.planning.planner import make_plan
    from generator.site.editions import project, public_history
    from generator.site.views.roadmap import build_view

    model, _ = load_roadmap(ROOT / "roadmap")
    day = dt.date(2027, 5, 10)
    plan = make_plan(model, today=day)
    full = build_view(model, plan, day)
    assert any(p.pool.startswith("person:") for q in full.quarters for p in q.load.pools)
    left_out = full.not_doing[0]
    for edition in ("team", "organisation"):
        view = project(full, edition)  # type: ignore[arg-type]
        assert not [p for q in view.quarters for p in q.load.pools if p.pool.startswith("person:")]
        names = tuple((i.id, i.initiative.title) for i in full.items)
        diff = PlanDiff("", "b", (), (), (), (), (), (), None, names=names)  # the first version
        entry = ChangelogEntry("0" * 40, dt.datetime(2027, 1, 1, tzinfo=dt.UTC), "x", "y", diff)
        shown = public_history([dataclasses.replace(entry)], view)
        assert len(shown) == 1
        kept = dict(shown[0].diff.names)
        assert left_out.id not in kept and kept  # the titles of the work shown stay
        assert left_out.initiative.title not in repr(shown)
