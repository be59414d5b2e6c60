"""The site settings (mkdocs.yml), read as code: keys that would run code, read files
from the build machine or load assets from other hosts are refused with their position.

mkdocs.yml is plain builder configuration that another builder (Zensical) reads too;
this module only reads it, checks it and hands it on. A pull request can change it, so
whatever it may make the build do is decided here, not by the builder.
"""

from __future__ import annotations

import copy
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, RoadmapError, display_path
from .config_rules import check_settings

# Used when a project has no mkdocs.yml (light and dark mode included); `roadmap init`
# writes the same file into a new repository.
DEFAULT_SETTINGS_FILE = Path(__file__).with_name("default-mkdocs.yml")
DEFAULT_CONFIG: dict[str, Any] = yaml.safe_load(DEFAULT_SETTINGS_FILE.read_text("utf-8"))


class SiteConfigError(RoadmapError):
    """mkdocs.yml holds something the build refuses; carries every finding."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


@dataclass(frozen=True)
class SiteConfig:
    settings: dict[str, Any]  # the mkdocs.yml content, paths made absolute
    warnings: tuple[Diagnostic, ...]
    dev_addr: str | None  # as written in mkdocs.yml, checked by `serve_address`


def _marks(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Line and column of every mapping key, by its path of keys (lists by index)."""
    out: dict[tuple[str, ...], tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return out

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*path, str(key.value))
                out[here] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                here = (*path, str(i))
                out[here] = (item.start_mark.line + 1, item.start_mark.column + 1)
                walk(item, here)

    if root is not None:
        walk(root, ())
    return out


def load_site_config(project: Path) -> SiteConfig:
    """mkdocs.yml of `project` (or the defaults), checked; raise SiteConfigError on refusals."""
    path = project / "mkdocs.yml"
    if not path.exists():
        return SiteConfig(copy.deepcopy(DEFAULT_CONFIG), (), None)
    shown = display_path(path)
    text = path.read_text("utf-8")
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        hint = ""
        if "python/" in str(exc):
            hint = "; tags that name Python objects (!!python/...) run code and are not allowed"
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"cannot read the site settings: {problem}{hint}"
        raise SiteConfigError([Diagnostic(shown, line, col, "error", message)]) from None
    if not isinstance(loaded, dict):
        raise SiteConfigError([Diagnostic(shown, 1, 1, "error", "expected a mapping of settings")])
    marks = _marks(text)
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []

    def at(key_path: tuple[str, ...], severity: str, message: str) -> None:
        line, col = marks.get(key_path, (1, 1))
        target = errors if severity == "error" else warnings
        target.append(Diagnostic(shown, line, col, severity, message))  # type: ignore[arg-type]

    check_settings(loaded, project, at)
    if errors:
        raise SiteConfigError(errors + warnings)
    dev_addr = loaded.pop("dev_addr", None)  # serve decides the address; see serve_address
    return SiteConfig(loaded, tuple(warnings), str(dev_addr) if dev_addr is not None else None)


DEFAULT_DEV_ADDR = "127.0.0.1:8000"


def is_loopback(address: str) -> bool:
    host = address.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_address(config: SiteConfig, asked: str | None, project: Path) -> str:
    """Where `roadmap serve` listens: --dev-addr, else mkdocs.yml's loopback address.

    A `dev_addr` in mkdocs.yml that is not a loopback address would show the site (any
    edition) to the network: only --dev-addr on the command line may ask for that.
    """
    if asked:
        return asked
    if config.dev_addr is None:
        return DEFAULT_DEV_ADDR
    if not is_loopback(config.dev_addr):
        line, col = _marks((project / "mkdocs.yml").read_text("utf-8")).get(("dev_addr",), (1, 1))
        raise RoadmapError(
            f"{display_path(project / 'mkdocs.yml')}:{line}:{col}: error: dev_addr "
            f"{config.dev_addr} would serve the site to the network; to mean it, pass "
            f"`roadmap serve --dev-addr {config.dev_addr}`"
        )
    return config.dev_addr
