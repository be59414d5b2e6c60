"""Stage: build. Gather everything, then write: a failed build never touches the site.

`prepare` runs validate -> plan -> render and returns the complete set of files (the
generated pages, the hand-written guide from docs/, and a `mkdocs.yml`). `build_site`
writes them to a staging folder beside the target, lets the builder adapter turn them
into HTML there, and only then swaps the result into place.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from ..clock import build_date
from ..data.validate import load_roadmap
from ..errors import BuildError, DataError, Diagnostic, RoadmapError, display_path
from ..history.changelog import changelog
from ..history.reviews import review_changes
from ..history.scenarios import compare as compare_scenarios
from ..paths import linked_part
from ..planning.fit import with_fits
from ..planning.planner import DEFAULT_TIME_LIMIT, make_plan
from ..planning.progress import with_progress_risks
from ..planning.risks import plan_findings
from ..textsafe import html_escape
from . import mkdocs_adapter, zensical_adapter
from .config import SiteConfigError, load_site_config, serve_address
from .editions import Edition, edition_named, with_banner
from .guide import guide_pages, refuse_links_outside
from .publish import cannot_write, site_lock, staging, swap_into_place
from .render import render_site
from .watch import Watcher, error_page

Builder = Literal["mkdocs", "zensical"]
BUILDERS: tuple[Builder, ...] = ("mkdocs", "zensical")


@dataclass(frozen=True)
class Prepared:
    files: dict[str, str | bytes]  # relative to the docs folder
    config: dict[str, Any]  # mkdocs.yml content, without docs_dir/site_dir
    edition: Edition
    warnings: tuple[Diagnostic, ...] = ()  # about the site settings
    data_warnings: int = 0  # the data's warnings (`roadmap validate` lists them)


def prepare(
    data_dir: Path,
    audience: str | None = None,
    *,
    strict: bool = False,
    today: dt.date | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Prepared:
    """Validate, plan and render: every file of the site, in memory.

    `audience` names the edition (None: `publish.audience`, else the default edition).
    """
    project = data_dir.resolve().parent
    site_config = load_site_config(project)  # refusals first: before any work is done
    if strict and site_config.warnings:
        # The settings' warnings guard what runs during the build (a theme's custom_dir
        # templates run as code): the CI gate does not let them pass.
        raise SiteConfigError([replace(d, severity="error") for d in site_config.warnings])
    refuse_links_outside(project / "templates", project)
    day = today or build_date()
    model, data_warnings = load_roadmap(data_dir, strict=strict, today=day)
    edition = edition_named(audience, model.settings.publish_audience)
    plan = with_progress_risks(model, make_plan(model, today=day, time_limit=time_limit), day)
    data_warnings = [*data_warnings, *plan_findings(model, plan, day)]
    if strict and any(d.severity == "warning" for d in data_warnings):
        raise DataError(data_warnings)
    if edition == "leadership":  # what would make left-out work fit: for leadership only
        plan = with_fits(model, plan, today=day, time_limit=time_limit)
    rendered = render_site(
        model,
        plan,
        edition,
        today=day,
        templates=project / "templates",
        history=changelog(project, data_dir.resolve()),
        review_changes=review_changes(data_dir.resolve(), [r.date for r in model.reviews]),
        comparison=(
            compare_scenarios(model, today=day, time_limit=time_limit, main_plan=plan)
            if edition == "leadership" and model.scenarios
            else None
        ),
    )
    guide_files, guide_nav = guide_pages(project)
    config = dict(site_config.settings)
    config["site_name"] = html_escape(model.settings.title)  # the theme prints it as HTML
    config["nav"] = rendered.nav + ([{"Guide": guide_nav}] if guide_nav else [])
    css = list(config.get("extra_css") or [])
    for sheet in ("stylesheets/roadmap.css", "stylesheets/present.css"):
        if sheet not in css:
            css.append(sheet)
    config["extra_css"] = css
    scripts = list(config.get("extra_javascript") or [])
    if "javascripts/roadmap.js" not in scripts:
        scripts.append("javascripts/roadmap.js")
    config["extra_javascript"] = scripts
    config["use_directory_urls"] = config.get("use_directory_urls", True)
    files = {**guide_files, **rendered.files}
    if edition == "leadership":
        files = {
            rel: with_banner(
                content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
            )
            if rel.endswith(".md")
            else content
            for rel, content in files.items()
        }
    warned = sum(d.severity == "warning" for d in data_warnings)
    return Prepared(files, config, edition, site_config.warnings, warned)


def write_sources(prepared: Prepared, folder: Path) -> Path:
    """Write the Markdown sources and mkdocs.yml into `folder`; return the config path.

    Unchanged files are left alone and files no longer generated are removed, so a
    builder watching `folder` rebuilds only what changed.
    """
    docs = folder / "docs"
    for rel, content in sorted(prepared.files.items()):
        _write_if_changed(docs / rel, content)
    if docs.is_dir():
        for stale in sorted(p for p in docs.rglob("*") if p.is_file()):
            if stale.relative_to(docs).as_posix() not in prepared.files:
                stale.unlink()
    config = {**prepared.config, "docs_dir": "docs", "site_dir": "site"}
    config_path = folder / "mkdocs.yml"
    _write_if_changed(config_path, yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return config_path


def _write_if_changed(target: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _stop_like_ctrl_c(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_site(
    data_dir: Path,
    audience: str | None = None,
    *,
    dev_addr: str | None = None,
    builder: Builder = "mkdocs",
) -> None:
    """Serve the site locally; edits to the data, templates or guide rebuild it.

    The server listens on loopback unless --dev-addr names another address; it answers
    only requests whose Host header names that address (see mkdocs_adapter).
    """
    project = data_dir.resolve().parent
    site_config = load_site_config(project)
    address = serve_address(site_config, dev_addr, project)
    # SIGTERM (a terminal closed, `kill`, a supervisor stopping it) ends the server like
    # Ctrl-C: the staging folders below are removed on the way out, not left behind.
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    if builder == "zensical":
        _serve_regenerated(data_dir, audience, address)
        return
    config = dict(site_config.settings)
    plugins = [p for p in config.get("plugins", ["search"]) if p != "roadmap"]
    plugins.append({"roadmap": {"data_dir": str(data_dir.resolve()), "audience": audience or ""}})
    with tempfile.TemporaryDirectory(prefix="roadmap-serve-") as tmp:
        (Path(tmp) / "docs").mkdir()
        config_path = Path(tmp) / "mkdocs.yml"
        config.update({"plugins": plugins, "docs_dir": "docs", "site_dir": "site"})
        config_path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
        mkdocs_adapter.serve(config_path, dev_addr=address)


def _serve_regenerated(data_dir: Path, audience: str | None, dev_addr: str | None) -> None:
    """Serve with a builder that runs no MkDocs plugins (Zensical): regenerate the sources
    into a staging folder whenever the data, templates, guide or settings change, and
    have the builder build them again (`zensical_adapter.serve`)."""
    zensical_adapter.require()
    project = data_dir.resolve().parent
    watcher = Watcher(
        [data_dir.resolve(), project / "templates", project / "docs", project / "mkdocs.yml"]
    )
    with tempfile.TemporaryDirectory(prefix="roadmap-serve-") as tmp:
        folder = Path(tmp)
        config_path = write_sources(prepare(data_dir, audience), folder)

        def regenerate() -> bool | str:
            """Whether new sources were written, or the error page to show instead."""
            if not watcher.changed():
                return False
            try:
                write_sources(prepare(data_dir, audience), folder)
                return True
            except DataError as exc:
                for d in exc.diagnostics:
                    print(d.format(), file=sys.stderr)
                print(
                    "the roadmap data is invalid; the site shows the errors until it is fixed",
                    file=sys.stderr,
                )
                return error_page([d.format() for d in exc.diagnostics])
            except RoadmapError as exc:
                print(f"error: {exc}; the site shows this until it is fixed", file=sys.stderr)
                return error_page([f"error: {exc}"])

        zensical_adapter.serve(config_path, dev_addr=dev_addr, poll=regenerate)


def _linked_site(site_dir: Path) -> str | None:
    """The site folder, or a folder on its way from the working folder, that is a
    symbolic link (as typed, relative to the working folder when below it); None if none."""
    here = Path.cwd()
    path = site_dir if site_dir.is_absolute() else here / site_dir
    if path.is_relative_to(here) and path != here:
        return linked_part(here, path.relative_to(here))
    return os.fspath(path) if path.is_symlink() else None


def _check_target(site_dir: Path, data_dir: Path) -> None:
    # A link would send the build somewhere else than the folder named: `site -> leadership-site`
    # committed to a repository would publish one edition under the other's name, and the
    # atomic swap would replace whatever folder the link points to.
    linked = _linked_site(site_dir)
    if linked is not None:
        raise BuildError(
            f"refusing to build into {os.fspath(site_dir)}: {linked} is a symbolic link "
            f"(to {(Path.cwd() / linked).readlink()}); the site folder must be a real folder "
            "(remove the link)"
        )
    target = site_dir.resolve()
    for protected in (Path.cwd().resolve(), data_dir.resolve(), Path.home().resolve()):
        if target == protected or protected.is_relative_to(target):
            raise BuildError(
                f"refusing to build into {display_path(site_dir)}: it holds "
                "your data or working folder; pick another --site-dir"
            )
    if target.exists() and (
        not target.is_dir() or (any(target.iterdir()) and not (target / "index.html").exists())
    ):
        raise BuildError(
            f"refusing to replace {display_path(site_dir)}: it is not empty and "
            "is not a built site; remove it or pick another --site-dir"
        )


@dataclass(frozen=True)
class Built:
    site_dir: Path
    edition: Edition
    warnings: tuple[Diagnostic, ...]  # about the site settings
    data_warnings: int = 0


def build_site(
    data_dir: Path,
    site_dir: Path,
    *,
    audience: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    builder: Builder = "mkdocs",
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Built:
    """Build the site into `site_dir` atomically; on failure the old site stays as it was."""
    _check_target(site_dir, data_dir)
    if builder == "zensical":
        zensical_adapter.require()  # before any work: the message names the extra
    prepared = prepare(data_dir, audience, strict=strict, today=today, time_limit=time_limit)
    target = site_dir.resolve()
    adapter = zensical_adapter if builder == "zensical" else mkdocs_adapter
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with site_lock(target), staging(target) as stage:
            config_path = write_sources(prepared, stage)
            adapter.build(config_path, strict=strict)
            swap_into_place(stage / "site", target)
    except OSError as exc:
        raise cannot_write(site_dir, exc) from None
    return Built(site_dir, prepared.edition, prepared.warnings, prepared.data_warnings)
