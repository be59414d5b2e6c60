"""The one place that knows MkDocs. Everything else writes plain Markdown and mkdocs.yml.

`zensical_adapter` is the other builder behind the same two functions; the data, the
templates and the rendered Markdown are the same for both.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import BuildError


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


def serve(config_file: Path, *, dev_addr: str | None = None) -> None:
    """Serve the site with live reload; the `roadmap` plugin in the config regenerates it."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    _quiet(logging.INFO)
    try:
        if dev_addr:
            mkdocs_serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
        else:
            mkdocs_serve(config_file=str(config_file), livereload=True)
    except MkDocsException as exc:
        raise BuildError(f"the site server failed: {exc}") from None


def _quiet(level: int = logging.WARNING) -> None:
    """MkDocs logs progress at INFO; show its warnings only, on stderr."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(level)
        logger.addHandler(handler)
    logger.setLevel(level)
