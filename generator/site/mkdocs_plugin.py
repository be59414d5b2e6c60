"""MkDocs plugin used by `roadmap serve`: the roadmap pages as virtual files.

Nothing is written into docs/ (writing there from inside a build makes `mkdocs serve`
rebuild forever): every generated page is added with `File.generated`, and edits under
the data and template folders trigger a rebuild with live reload.
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

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .build import prepare

        try:
            prepared = prepare(Path(self.config.data_dir), self.config.audience or None)
        except DataError as exc:
            for d in exc.diagnostics:
                log.error(d.format())
            raise PluginError("the roadmap data is invalid; fix the errors above") from None
        except RoadmapError as exc:
            raise PluginError(str(exc)) from None
        self._files = prepared.files
        config.nav = prepared.config["nav"]
        for css in prepared.config.get("extra_css", []):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in prepared.config.get("extra_javascript", []):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

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
