"""What mkdocs.yml may ask of the build: allow-lists, not deny-lists.

A builder runs whatever mkdocs.yml names: hooks and plugins are Python code, a Markdown
extension is a module it imports (one in the repository would run at import), `INHERIT`
pulls in a second file that the builder reads with PyYAML's unsafe loader, and themes,
fonts and analytics load assets from other hosts. So the build allows the Markdown
extensions and plugins it knows to be harmless, refuses every key that runs code, reads
files or loads remote assets, and says so at the key's line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import nh3

Report = Callable[[tuple[str, ...], str, str], None]  # (key path, severity, message)

# Python-Markdown's own extensions and the PyMdown ones that only change how Markdown
# reads; not pymdownx.snippets or pymdownx.b64, which copy local files into pages.
ALLOWED_EXTENSIONS = frozenset(
    {
        *("abbr", "admonition", "attr_list", "def_list", "extra", "fenced_code", "footnotes"),
        *("md_in_html", "tables", "toc", "codehilite", "legacy_attrs", "legacy_em", "meta"),
        *("nl2br", "sane_lists", "smarty", "wikilinks"),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex", "betterem", "caret", "critic", "details", "emoji",
                "escapeall", "extra", "fancylists", "highlight", "inlinehilite", "keys",
                "magiclink", "mark", "progressbar", "saneheaders", "smartsymbols",
                "striphtml", "superfences", "tabbed", "tasklist", "tilde",
                "blocks.admonition", "blocks.details", "blocks.tab", "blocks.caption",
                "blocks.definition", "blocks.html",
            )
        ),
    }
)  # fmt: skip
# The search index, and `roadmap` (what `roadmap serve` adds itself).
ALLOWED_PLUGINS = frozenset({"search", "roadmap", "tags", "offline"})
REFUSED_KEYS = {
    "hooks": "`hooks` run Python code during the build",
    "INHERIT": "`INHERIT` makes the builder read a second settings file with an unsafe "
    "loader (it can run code); write the settings into mkdocs.yml",
    "extra_templates": "`extra_templates` are rendered by the builder's Jinja, outside "
    "the sandbox the roadmap's templates run in",
}
_COPYRIGHT_TAGS = {"a", "br", "em", "strong", "span", "code"}


def is_remote(url: Any) -> bool:
    """A URL another host serves (or a path a browser would read as one)."""
    if isinstance(url, dict):
        url = url.get("path", "")
    text = str(url).strip().lower().replace("\\", "/")
    return text.startswith("//") or ":" in text.split("/", 1)[0]


def _name(entry: Any) -> str | None:
    """The name of a list entry written `name` or `{name: {options}}`."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry)), str):
        return str(next(iter(entry)))
    return None


def _named_list(settings: dict[str, Any], key: str, allowed: frozenset[str], at: Report) -> None:
    entries = settings.get(key)
    if entries is None:
        return
    if not isinstance(entries, list):
        at((key,), "error", f"{key} must be a list of names (each with its options)")
        return
    for i, entry in enumerate(entries):
        name = _name(entry)
        if name is None:
            at((key, str(i)), "error", f"{key}: write each entry as a name or {{name: options}}")
            continue
        plain = name.split(":", 1)[0].removeprefix("markdown.extensions.")
        if plain not in allowed:
            at(
                (key, str(i)),
                "error",
                f"{key}: {name!r} is not one the build allows (it would run code or read "
                "files the build cannot vouch for); docs/publishing.md lists the allowed ones",
            )


def _assets(settings: dict[str, Any], at: Report) -> None:
    for key in ("extra_javascript", "extra_css"):
        entries = settings.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            at((key,), "error", f"{key} must be a list of paths in docs/")
            continue
        for i, entry in enumerate(entries):
            path = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(path, str) or "\0" in path:
                at((key, str(i)), "error", f"{key}: expected the path of a file in docs/")
            elif is_remote(entry):
                at(
                    (key, str(i)),
                    "error",
                    f"{key} loads {path!r} from another host; keep the file in docs/ and "
                    "name it by its path there",
                )


def _theme(settings: dict[str, Any], project: Path, at: Report) -> None:
    theme = settings.get("theme")
    if isinstance(theme, str):
        theme = settings["theme"] = {"name": theme}
    if not isinstance(theme, dict):
        at(("theme",), "error", "theme must be a mapping such as {name: material}")
        return
    if theme.get("name", "material") != "material":
        at(
            ("theme", "name"),
            "error",
            "only the material theme is supported (others load scripts from other hosts)",
        )
    font = theme.setdefault("font", False)  # no web fonts from Google's servers
    if font is not False:
        at(
            ("theme", "font"),
            "error",
            "theme.font loads fonts from Google's servers; set `font: false`",
        )
    for key in ("logo", "favicon"):
        if key in theme and is_remote(theme[key]):
            at(("theme", key), "error", f"theme.{key} loads an image from another host")
    if "static_templates" in theme:
        at(
            ("theme", "static_templates"),
            "error",
            "theme.static_templates are rendered outside the sandbox; remove them",
        )
    custom_dir = theme.get("custom_dir")
    if custom_dir is None:
        return
    if not isinstance(custom_dir, str) or "\0" in custom_dir:
        at(("theme", "custom_dir"), "error", "theme.custom_dir must be the path of a folder")
        return
    custom = (project / custom_dir).resolve()
    if not custom.is_relative_to(project.resolve()):
        at(
            ("theme", "custom_dir"),
            "error",
            "theme.custom_dir points outside the project; keep theme overrides in it",
        )
        return
    at(
        ("theme", "custom_dir"),
        "warning",
        "theme.custom_dir templates run as code during the build: keep them under an "
        "owner's review (CODEOWNERS)",
    )
    theme["custom_dir"] = str(custom)


def check_settings(settings: dict[str, Any], project: Path, at: Report) -> None:
    """Report everything mkdocs.yml asks that the build refuses; tidy what it can."""
    for key, why in REFUSED_KEYS.items():
        if key in settings:
            at((key,), "error", f"{why}; remove it")
    _named_list(settings, "markdown_extensions", ALLOWED_EXTENSIONS, at)
    _named_list(settings, "plugins", ALLOWED_PLUGINS, at)
    _assets(settings, at)
    _theme(settings, project, at)
    extra = settings.get("extra")
    if isinstance(extra, dict) and "analytics" in extra:
        at(("extra", "analytics"), "error", "extra.analytics loads a script from another host")
    for key in ("site_url", "repo_url"):
        value = settings.get(key)
        if value is not None and not str(value).lower().startswith(("https://", "http://")):
            at((key,), "error", f"{key} must be an http(s) address")
    if isinstance(settings.get("copyright"), str):
        # The theme prints it as HTML: keep links and emphasis, nothing that runs.
        settings["copyright"] = nh3.clean(
            settings["copyright"],
            tags=_COPYRIGHT_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
        )
