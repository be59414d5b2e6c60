"""The one place that knows MkDocs. Everything else writes plain Markdown and mkdocs.yml.

`zensical_adapter` is the other builder behind the same two functions; the data, the
templates and the rendered Markdown are the same for both.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import BuildError, printable
from .host_guard import allowed_hosts


def build(config_file: Path, *, strict: bool = False) -> None:
    """Build the site described by `config_file` into its `site_dir`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet()
    try:
        config = load_config(config_file=str(config_file), strict=strict)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildError(f"the site builder failed: {exc}") from None


def serve(config_file: Path, *, dev_addr: str) -> None:
    """Serve the site with live reload; the `roadmap` plugin in the config regenerates it.

    The server answers only requests whose Host header names the address it listens on
    (or localhost), so a web page elsewhere cannot read the site through DNS rebinding.
    """
    import mkdocs.commands.serve as mkdocs_serve_module
    from mkdocs.exceptions import MkDocsException

    _quiet(logging.INFO)
    # mkdocs.commands.serve makes its server from this name; swap in the checking one.
    original = vars(mkdocs_serve_module)["LiveReloadServer"]
    setattr(mkdocs_serve_module, "LiveReloadServer", _host_checking(original))  # noqa: B010
    try:
        mkdocs_serve_module.serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
    except MkDocsException as exc:
        raise BuildError(f"the site server failed: {exc}") from None
    finally:
        setattr(mkdocs_serve_module, "LiveReloadServer", original)  # noqa: B010


def _host_checking(server_class: Any) -> Any:
    class HostCheckingServer(server_class):  # type: ignore[misc]
        def __init__(self, *args: Any, host: str, port: int, **kwargs: Any) -> None:
            self.allowed_hosts = allowed_hosts(host.lower(), port)
            super().__init__(*args, host=host, port=port, **kwargs)

        def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            if environ.get("HTTP_HOST", "").lower() not in self.allowed_hosts:
                start_response("403 Forbidden", [("Content-Type", "text/plain")])
                return [b"Forbidden: this server answers requests for its own address only.\n"]
            return super().serve_request(environ, start_response)

    return HostCheckingServer


class _Printable(logging.Formatter):
    """The builder's messages quote file names and settings from the repository: each
    goes through the same printable filter as the tool's own (a newline in a docs/ file
    name would otherwise start a forged `::error` workflow command in a CI log)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def _not_the_nav_notice(record: logging.LogRecord) -> bool:
    """MkDocs lists, at INFO, every page that is not in the navigation: pages per
    initiative and objective are reached from their index pages on purpose (pages.py),
    so the list is noise, dozens of lines on every rebuild of `roadmap serve`."""
    return 'are not included in the "nav" configuration' not in record.getMessage()


def _quiet(level: int = logging.WARNING) -> None:
    """MkDocs logs progress at INFO; show its warnings only, on stderr."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_Printable("mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(level)
        handler.addFilter(_not_the_nav_notice)
        logger.addHandler(handler)
    logger.setLevel(level)
