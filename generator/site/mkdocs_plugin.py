"""MkDocs plugin used by `roadmap serve`: the roadmap pages as virtual files.

Nothing is written into docs/ (writing there from inside a build makes `mkdocs serve`
rebuild forever): every generated page is added with `File.generated`, and edits under
the data and template folders trigger a rebuild with live reload.

When serving, invalid data does not fail the build (MkDocs' server would hold every
request until a build succeeds): the site built is `watch.error_page` at its index and
as its 404 page, so every address shows the messages until the data is fixed. A plain
`mkdocs build` with this plugin still fails on invalid data.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..errors import DataError, RoadmapError

log = logging.getLogger("mkdocs.plugins.roadmap")


class RoadmapPluginConfig(Config):  # type: ignore[no-untyped-call]
    data_dir = config_options.Type(str, default="roadmap")  # not `data`: Config is a UserDict
    # "" builds the edition `publish.audience` names (or the default edition)
    audience = config_options.Choice(("", "all", "leadership", "team", "organisation"), default="")


class RoadmapPlugin(BasePlugin[RoadmapPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._files: dict[str, str | bytes] = {}
        self._serving = False  # on_startup makes MkDocs keep this instance across rebuilds
        self._error: str | None = None  # the error page, while the data is invalid

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .build import prepare

        self._error = None
        try:
            prepared = prepare(Path(self.config.data_dir), self.config.audience or None)
        except DataError as exc:
            for d in exc.diagnostics:
                log.error(d.format())
            if not self._serving:
                raise PluginError("the roadmap data is invalid; fix the errors above") from None
            log.error("the roadmap data is invalid; the site shows the errors until it is fixed")
            return self._show_error([d.format() for d in exc.diagnostics], config)
        except RoadmapError as exc:
            if not self._serving:
                raise PluginError(str(exc)) from None
            log.error(f"{exc}; the site shows this until it is fixed")
            return self._show_error([f"error: {exc}"], config)
        self._files = prepared.files
        config.nav = prepared.config["nav"]
        for css in prepared.config.get("extra_css", []):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in prepared.config.get("extra_javascript", []):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

    def _show_error(self, messages: list[str], config: MkDocsConfig) -> MkDocsConfig:
        from .watch import error_page

        self._error = error_page(messages)
        self._files = {}
        config.nav = []
        return config

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._error is None:
            return
        site = Path(config.site_dir)
        for name in ("index.html", "404.html"):  # the server answers a missing page with 404.html
            (site / name).write_text(self._error, "utf-8")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for rel, content in sorted(self._files.items()):
            existing = files.get_file_from_path(rel)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, rel, content=content))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        data = Path(self.config.data_dir).resolve()
        server.watch(str(data))
        for extra in (data.parent / "templates", data.parent / "docs"):
            if extra.is_dir():
                server.watch(str(extra))
        return server
