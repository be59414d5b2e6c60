"""Stage: build. Gather everything, then write: a failed build never touches the site.

`prepare` runs validate -> plan -> render and returns the complete set of files (the
generated pages, the hand-written guide from docs/, and a `mkdocs.yml`). `build_site`
writes them to a staging folder beside the target, lets the builder adapter turn them
into HTML there, and only then swaps the result into place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ..data.validate import load_roadmap
from ..errors import BuildError, DataError, RoadmapError, display_path
from ..history.changelog import changelog
from ..planning.planner import make_plan
from ..planning.progress import with_progress_risks
from ..textsafe import html_escape
from . import mkdocs_adapter, zensical_adapter
from .render import render_site
from .views import Audience
from .watch import Watcher

Builder = Literal["mkdocs", "zensical"]
BUILDERS: tuple[Builder, ...] = ("mkdocs", "zensical")

GUIDE = "guide"
DEFAULT_CONFIG: dict[str, Any] = {
    "site_name": "Customer Service Roadmap",
    "theme": {"name": "material", "font": False},
    "plugins": ["search"],
    "markdown_extensions": [
        "tables",
        "admonition",
        "attr_list",
        "pymdownx.superfences",
        {"pymdownx.tabbed": {"alternate_style": True}},
    ],
}


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class Prepared:
    files: dict[str, str | bytes]  # relative to the docs folder
    config: dict[str, Any]  # mkdocs.yml content, without docs_dir/site_dir


def _base_config(project: Path) -> dict[str, Any]:
    path = project / "mkdocs.yml"
    if not path.exists():
        return dict(DEFAULT_CONFIG)
    try:
        loaded = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise RoadmapError(
            f"{display_path(path)}:{where}: error: cannot read the site settings: {exc}"
        ) from None
    if not isinstance(loaded, dict):
        raise RoadmapError(f"{display_path(path)}:1:1: error: expected a mapping of settings")
    theme = loaded.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    if isinstance(loaded.get("hooks"), list):
        loaded["hooks"] = [str((project / h).resolve()) for h in loaded["hooks"]]
    return loaded


def _guide(project: Path) -> tuple[dict[str, str | bytes], list[Any]]:
    """The hand-written pages in docs/, under guide/, with a nav entry each."""
    docs = project / "docs"
    files: dict[str, str | bytes] = {}
    nav: list[Any] = []
    if not docs.is_dir():
        return files, nav
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = path.relative_to(docs).as_posix()
        files[f"{GUIDE}/{rel}"] = path.read_bytes()
        if path.suffix == ".md":
            first = next(
                (ln for ln in path.read_text("utf-8").splitlines() if ln.startswith("# ")),
                f"# {path.stem}",
            )
            nav.append({first[2:].strip(): f"{GUIDE}/{rel}"})
    return files, nav


def prepare(
    data_dir: Path,
    audience: Audience = "all",
    *,
    strict: bool = False,
    today: dt.date | None = None,
) -> Prepared:
    """Validate, plan and render: every file of the site, in memory."""
    model, _ = load_roadmap(data_dir, strict=strict)
    day = today or build_date()
    plan = with_progress_risks(model, make_plan(model), day)
    project = data_dir.resolve().parent
    rendered = render_site(
        model,
        plan,
        audience,
        today=day,
        templates=project / "templates",
        history=changelog(project, data_dir.resolve()),
    )
    guide_files, guide_nav = _guide(project)
    config = _base_config(project)
    config["site_name"] = html_escape(model.settings.title)  # the theme prints it as HTML
    config["nav"] = rendered.nav + ([{"Guide": guide_nav}] if guide_nav else [])
    css = config.setdefault("extra_css", [])
    if "stylesheets/roadmap.css" not in css:
        css.append("stylesheets/roadmap.css")
    config["use_directory_urls"] = config.get("use_directory_urls", True)
    return Prepared({**guide_files, **rendered.files}, config)


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


def serve_site(
    data_dir: Path,
    audience: Audience = "all",
    *,
    dev_addr: str | None = None,
    builder: Builder = "mkdocs",
) -> None:
    """Serve the site locally; edits to the data, templates or guide rebuild it."""
    if builder == "zensical":
        _serve_regenerated(data_dir, audience, dev_addr)
        return
    project = data_dir.resolve().parent
    config = _base_config(project)
    plugins = [p for p in config.get("plugins", ["search"]) if p != "roadmap"]
    plugins.append({"roadmap": {"data_dir": str(data_dir.resolve()), "audience": audience}})
    with tempfile.TemporaryDirectory(prefix="roadmap-serve-") as tmp:
        (Path(tmp) / "docs").mkdir()
        config_path = Path(tmp) / "mkdocs.yml"
        config.update({"plugins": plugins, "docs_dir": "docs", "site_dir": "site"})
        config_path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
        mkdocs_adapter.serve(config_path, dev_addr=dev_addr)


def _serve_regenerated(data_dir: Path, audience: Audience, dev_addr: str | None) -> None:
    """Serve with a builder that runs no MkDocs plugins (Zensical): regenerate the sources
    into a staging folder whenever the data, templates, guide or settings change, and let
    the builder watch that folder."""
    zensical_adapter.require()
    project = data_dir.resolve().parent
    watcher = Watcher(
        [data_dir.resolve(), project / "templates", project / "docs", project / "mkdocs.yml"]
    )
    with tempfile.TemporaryDirectory(prefix="roadmap-serve-") as tmp:
        folder = Path(tmp)
        config_path = write_sources(prepare(data_dir, audience), folder)

        def regenerate() -> None:
            if not watcher.changed():
                return
            try:
                write_sources(prepare(data_dir, audience), folder)
            except DataError as exc:
                for d in exc.diagnostics:
                    print(d.format(), file=sys.stderr)
                print(
                    "the roadmap data is invalid; still serving the last good site", file=sys.stderr
                )
            except RoadmapError as exc:
                print(f"error: {exc}; still serving the last good site", file=sys.stderr)

        zensical_adapter.serve(config_path, dev_addr=dev_addr, poll=regenerate)


def _check_target(site_dir: Path, data_dir: Path) -> None:
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


def build_site(
    data_dir: Path,
    site_dir: Path,
    *,
    audience: Audience = "all",
    strict: bool = False,
    today: dt.date | None = None,
    builder: Builder = "mkdocs",
) -> Path:
    """Build the site into `site_dir` atomically; on failure the old site stays as it was."""
    _check_target(site_dir, data_dir)
    if builder == "zensical":
        zensical_adapter.require()  # before any work: the message names the extra
    prepared = prepare(data_dir, audience, strict=strict, today=today)
    parent = site_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=parent))
    try:
        config_path = write_sources(prepared, stage)
        adapter = zensical_adapter if builder == "zensical" else mkdocs_adapter
        adapter.build(config_path, strict=strict)
        _swap(stage / "site", site_dir.resolve())
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return site_dir


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is with two renames, so readers never see half a site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
