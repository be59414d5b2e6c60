"""Templates, site settings and guide pages are code: what they may make a build do.

A pull request can change `templates/`, `mkdocs.yml` and `docs/`, so each is held to
what a reviewer would expect: templates run sandboxed and cannot print data unescaped,
mkdocs.yml cannot run code or pull in remote assets, docs/ cannot publish files from
outside the repository, and `roadmap serve` stays on loopback unless asked otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.site.config import is_loopback
from generator.site.mkdocs_adapter import allowed_hosts

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "roadmap", root / "roadmap")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.chdir(root)
    return root


def _build(*extra: str) -> tuple[int, str]:
    return run("build", "--site-dir", "site", "--today", "2027-05-10", *extra)


def test_a_template_override_cannot_run_code(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/team.md.j2").write_text(
        '# Team\n\n{{ cycler.__init__.__globals__.os.popen("id").read() }}\n', "utf-8"
    )
    code, out = _build()
    assert code == 1
    assert "templates/team.md.j2" in out or "team.md.j2" in out
    assert "unsafe" in out and "Traceback" not in out
    assert not (project / "site").exists()


def test_a_template_override_cannot_print_data_unescaped(project: Path) -> None:
    target = project / "roadmap/initiatives/kb-overhaul.yaml"
    target.write_text(
        target.read_text("utf-8").replace(
            "title: Knowledge base overhaul", "title: '[x](javascript:alert(1)) <b>bold</b>'"
        ),
        "utf-8",
    )
    (project / "templates").mkdir()
    (project / "templates/team.md.j2").write_text(
        "# Team\n\n{% for i in view.items %}"
        "- {{ i.initiative.title | safe }} / {{ i.initiative.title | e }} / "
        "{{ i.initiative.title | forceescape }}\n{% endfor %}",
        "utf-8",
    )
    code, out = _build()
    assert code == 0, out
    html = (project / "site/team/index.html").read_text("utf-8")
    assert "javascript:" not in html.split('href="', 1)[-1].split('"')[0]
    assert 'href="javascript' not in html and "<b>bold</b>" not in html
    assert html.count("[x](javascript:alert(1)) &lt;b&gt;bold&lt;/b&gt;") == 3


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("hooks:\n  - hooks.py\n", "mkdocs.yml:{line}:1: error: `hooks` run Python code"),
        (
            "extra_javascript:\n  - https://cdn.example.invalid/x.js\n",
            "mkdocs.yml:{line2}:5: error: extra_javascript loads "
            "'https://cdn.example.invalid/x.js' from another host",
        ),
        (
            "extra_css:\n  - //cdn.example.invalid/x.css\n",
            "mkdocs.yml:{line2}:5: error: extra_css loads '//cdn.example.invalid/x.css'",
        ),
        (
            "extra_javascript:\n  - {path: 'javascript:alert(1)'}\n",
            "mkdocs.yml:{line2}:5: error: extra_javascript loads",
        ),
    ],
)
def test_site_settings_that_run_code_or_load_remote_assets_are_refused(
    project: Path, settings: str, message: str
) -> None:
    config = project / "mkdocs.yml"
    before = config.read_text("utf-8")
    line = before.count("\n") + 1
    config.write_text(before + settings, "utf-8")
    code, out = _build()
    assert code == 1
    assert message.format(line=line, line2=line + 1) in out, out
    assert not (project / "site").exists()


def test_an_extension_that_copies_files_into_pages_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"
    )
    config.write_text(text, "utf-8")
    line = text.splitlines().index("  - pymdownx.snippets") + 1
    code, out = _build()
    assert code == 1
    assert f"mkdocs.yml:{line}:5: error: pymdownx.snippets copies files of the build" in out


def test_python_tags_in_site_settings_are_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  x: !!python/name:os.system\n", "utf-8")
    code, out = _build()
    assert code == 1
    assert "tags that name Python objects (!!python/...) run code and are not allowed" in out


def test_plugins_and_theme_overrides_are_warned_about(project: Path) -> None:
    (project / "overrides").mkdir()
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    text = text.replace("  - search\n", "  - search\n  - tags\n")
    config.write_text(text, "utf-8")
    lines = text.splitlines()
    code, out = _build()
    assert code == 0, out
    custom = lines.index("  custom_dir: overrides") + 1
    assert f"mkdocs.yml:{custom}:3: warning: theme.custom_dir templates run as code" in out
    tags = lines.index("  - tags") + 1
    assert f"mkdocs.yml:{tags}:5: warning: the plugin 'tags' runs code during the build" in out


def test_a_theme_folder_outside_the_project_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: ../..\n"
    )
    config.write_text(text, "utf-8")
    code, out = _build()
    assert code == 1
    assert "error: theme.custom_dir points outside the project" in out


def test_a_link_in_docs_to_a_file_outside_the_project_is_refused(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs/guide.md").write_text("# Guide\n", "utf-8")
    os.symlink("/proc/self/environ", project / "docs/env.txt")
    code, out = _build()
    assert code == 1
    assert "docs/env.txt is a link to /proc/" in out and "outside the project" in out
    assert not (project / "site").exists()


def test_a_template_linked_to_a_file_outside_the_project_is_refused(project: Path) -> None:
    (project / "templates").mkdir()
    os.symlink("/proc/self/environ", project / "templates/team.md.j2")
    code, out = _build()
    assert code == 1
    assert "templates/team.md.j2 is a link to /proc/" in out and "outside the project" in out
    assert not (project / "site").exists()


def test_a_link_in_docs_to_a_file_of_the_project_is_published(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "notes.md").write_text("# Team notes\n\nHello.\n", "utf-8")
    os.symlink(project / "notes.md", project / "docs/notes.md")
    code, out = _build()
    assert code == 0, out
    assert "Hello." in (project / "site/guide/notes/index.html").read_text("utf-8")


def test_guide_titles_reach_the_navigation_as_text(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs/x.md").write_text("# <img src=x onerror=alert(1)> Guide\n\nText.\n")
    code, out = _build()
    assert code == 0, out
    home = (project / "site/index.html").read_text("utf-8")
    assert "<img src=x" not in home and "&lt;img src=x onerror=alert(1)&gt; Guide" in home


def test_serve_refuses_a_network_address_from_the_site_settings(project: Path) -> None:
    config = project / "mkdocs.yml"
    before = config.read_text("utf-8")
    config.write_text(before + "dev_addr: 0.0.0.0:8011\n", "utf-8")
    code, out = run("serve")
    assert code == 1
    line = before.count("\n") + 1
    assert (
        f"mkdocs.yml:{line}:1: error: dev_addr 0.0.0.0:8011 would serve the site to the "
        "network; to mean it, pass `roadmap serve --dev-addr 0.0.0.0:8011`"
    ) in out


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("0.0.0.0:8011", False),
        ("192.168.1.5:8000", False),
        ("example.com:80", False),
    ],
)
def test_loopback_addresses(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_the_local_server_answers_its_own_host_names_only() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert {"127.0.0.1:8000", "localhost:8000", "localhost", "[::1]:8000"} <= hosts
    assert "evil.example:8000" not in hosts and "rebind.example" not in hosts
