"""Templates, site settings and guide pages are code: what they may make a build do.

A pull request can change `templates/`, `mkdocs.yml` and `docs/`, so each is held to
what a reviewer would expect: templates run sandboxed and cannot print data unescaped,
mkdocs.yml cannot run code or pull in remote assets, docs/ cannot publish files from
outside the repository, and `roadmap serve` stays on loopback unless asked otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import Result
from conftest import RunCli, cli, copy_example

from generator.site.config import is_loopback
from generator.site.mkdocs_adapter import allowed_hosts


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    copy_example(root)
    monkeypatch.chdir(root)
    return root


def _build(*extra: str) -> Result:
    return cli("build", "--site-dir", "site", "--today", "2027-05-10", *extra)


def test_a_template_override_cannot_run_code(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/team.md.j2").write_text(
        '# Team\n\n{{ cycler.__init__.__globals__.os.popen("id").read() }}\n', "utf-8"
    )
    result = _build()
    assert result.exit_code == 1
    assert "templates/team.md.j2" in result.output or "team.md.j2" in result.output
    assert "unsafe" in result.output and "Traceback" not in result.output
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
    result = _build()
    assert result.exit_code == 0, result.output
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
    result = _build()
    assert result.exit_code == 1
    assert message.format(line=line, line2=line + 1) in result.output, result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    "entry",
    [
        "pymdownx.snippets",
        "pymdownx.snippets:SnippetExtension: {base_path: ['/'], check_paths: false}",
        "pymdownx.b64",
        "docs.xyz_probe",
        "zensical.extensions.include_markdown",
    ],
)
def test_only_known_markdown_extensions_are_allowed(project: Path, entry: str) -> None:
    """A deny-list misses aliases; an extension is a module the builder imports."""
    (project / "docs").mkdir()
    (project / "docs/xyz_probe.py").write_text("open('/tmp/imported', 'w')\n", "utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "markdown_extensions:\n", f"markdown_extensions:\n  - {entry}\n"
    )
    config.write_text(text, "utf-8")
    line = text.splitlines().index(f"  - {entry}") + 1
    result = _build()
    assert result.exit_code == 1
    name = entry.split(": ", 1)[0] if ": {" in entry else entry
    assert (
        f"mkdocs.yml:{line}:5: error: markdown_extensions: {name!r} is not one the build"
        in result.output
    )


MINIMAL = "site_name: X\ntheme: {name: material, font: false}\n"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("INHERIT: docs/base.yml\n", "`INHERIT` makes the builder read a second settings file"),
        ("extra_templates: [guide/robots.txt]\n", "`extra_templates` are rendered by the"),
        ("plugins:\n  - macros\n", "plugins: 'macros' is not one the build allows"),
        ("extra:\n  analytics: {provider: google, property: G-X}\n", "extra.analytics loads"),
        ("repo_url: 'javascript:alert(1)'\n", "repo_url must be an http(s) address"),
        ("extra_css: 5\n", "extra_css must be a list of paths in docs/"),
        ("extra_javascript: ['\\\\evil.example\\x.js']\n", "extra_javascript loads"),
        ("markdown_extensions: 7\n", "markdown_extensions must be a list of names"),
        ("plugins: [[x]]\n", "plugins: write each entry as a name or {name: options}"),
    ],
)
def test_settings_that_run_code_or_reach_other_hosts_are_refused(
    project: Path, settings: str, message: str
) -> None:
    (project / "mkdocs.yml").write_text(MINIMAL + settings, "utf-8")
    result = _build()
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output, result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        ("  font: {text: Roboto}\n", "theme.font loads fonts from Google's servers"),
        ('  custom_dir: "a\\0b"\n', "theme.custom_dir must be the path of a folder"),
        ("  static_templates: [x.html]\n", "theme.static_templates are rendered outside"),
        ("  logo: https://evil.example/logo.png\n", "theme.logo loads an image from another"),
    ],
)
def test_theme_settings_that_load_remote_assets_or_run_code_are_refused(
    project: Path, theme: str, message: str
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  font: false", "  font: false  # x")
    if "font" in theme:
        text = text.replace(
            "  font: false  # no web fonts from a CDN: the site works offline\n", ""
        )
        text = text.replace("  font: false  # x", "")
    config.write_text(text.replace("  name: material\n", "  name: material\n" + theme), "utf-8")
    result = _build()
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output, result.output


def test_another_theme_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("name: material", "name: mkdocs"))
    result = _build()
    assert result.exit_code == 1
    assert "only the material theme is supported" in result.output


def test_the_copyright_line_keeps_links_but_no_script(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8")
        + 'copyright: \'&copy; Us, <a href="https://example.org">site</a>'
        + '<script src="https://evil.example/x.js"></script><img src=x onerror=alert(1)>\'\n',
        "utf-8",
    )
    result = _build()
    assert result.exit_code == 0, result.output
    home = (project / "site/index.html").read_text("utf-8")
    assert '<a href="https://example.org"' in home
    assert "evil.example" not in home and "onerror" not in home


def test_python_tags_in_site_settings_are_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  x: !!python/name:os.system\n", "utf-8")
    result = _build()
    assert result.exit_code == 1
    assert (
        "tags that name Python objects (!!python/...) run code and are not allowed" in result.output
    )


def test_theme_overrides_are_warned_about_and_known_plugins_allowed(project: Path) -> None:
    (project / "overrides").mkdir()
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    text = text.replace("  - search\n", "  - search\n  - tags\n")
    config.write_text(text, "utf-8")
    lines = text.splitlines()
    result = _build()
    assert result.exit_code == 0, result.output
    custom = lines.index("  custom_dir: overrides") + 1
    assert (
        f"mkdocs.yml:{custom}:3: warning: theme.custom_dir templates run as code" in result.output
    )
    assert "tags" not in result.output


def test_a_theme_folder_outside_the_project_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: ../..\n"
    )
    config.write_text(text, "utf-8")
    result = _build()
    assert result.exit_code == 1
    assert "error: theme.custom_dir points outside the project" in result.output


def test_a_link_in_docs_to_a_file_outside_the_project_is_refused(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs/guide.md").write_text("# Guide\n", "utf-8")
    os.symlink("/proc/self/environ", project / "docs/env.txt")
    result = _build()
    assert result.exit_code == 1
    assert (
        "docs/env.txt is a link to /proc/" in result.output
        and "outside the project" in result.output
    )
    assert not (project / "site").exists()


def test_a_template_linked_to_a_file_outside_the_project_is_refused(project: Path) -> None:
    (project / "templates").mkdir()
    os.symlink("/proc/self/environ", project / "templates/team.md.j2")
    result = _build()
    assert result.exit_code == 1
    assert (
        "templates/team.md.j2 is a link to /proc/" in result.output
        and "outside the project" in result.output
    )
    assert not (project / "site").exists()


def test_a_link_in_docs_to_a_file_of_the_project_is_published(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "notes.md").write_text("# Team notes\n\nHello.\n", "utf-8")
    os.symlink(project / "notes.md", project / "docs/notes.md")
    result = _build()
    assert result.exit_code == 0, result.output
    assert "Hello." in (project / "site/guide/notes/index.html").read_text("utf-8")


def test_guide_titles_reach_the_navigation_as_text(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs/x.md").write_text("# <img src=x onerror=alert(1)> Guide\n\nText.\n")
    result = _build()
    assert result.exit_code == 0, result.output
    home = (project / "site/index.html").read_text("utf-8")
    assert "<img src=x" not in home and "&lt;img src=x onerror=alert(1)&gt; Guide" in home


def test_serve_refuses_a_network_address_from_the_site_settings(
    run_cli: RunCli, project: Path
) -> None:
    config = project / "mkdocs.yml"
    before = config.read_text("utf-8")
    config.write_text(before + "dev_addr: 0.0.0.0:8011\n", "utf-8")
    result = run_cli("serve")
    assert result.exit_code == 1
    line = before.count("\n") + 1
    assert (
        f"mkdocs.yml:{line}:1: error: dev_addr 0.0.0.0:8011 would serve the site to the "
        "network; to mean it, pass `roadmap serve --dev-addr 0.0.0.0:8011`"
    ) in result.output


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


def test_a_template_override_cannot_reach_files_or_the_raw_data(project: Path) -> None:
    """The view models carry where each value came from; templates may not follow it."""
    (project / "templates").mkdir()
    attempts = [
        "{{ view.items[0].initiative.origin.document.data }}",
        '{{ view.items[0].initiative["origin"] }}',
        "{{ view.items[0].initiative.origin }}",
        "{% set p = view.items[0].initiative.origin.document.path %}{{ p.read_text() }}",
    ]
    for attempt in attempts:
        (project / "templates/home.md.j2").write_text(f"# Home\n\n{attempt}\n", "utf-8")
        result = _build()
        assert result.exit_code == 1, attempt
        assert "home.md.j2" in result.output and "Traceback" not in result.output, result.output
    assert not (project / "site").exists()
