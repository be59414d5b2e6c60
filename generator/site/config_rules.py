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

from ..textsafe import html_escape

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
# Material's theme.features that only change how the site behaves. Not `content.tooltips`
# or `content.footnote.tooltips`: they insert `title` attributes into the page as HTML,
# and titles come from the data (page titles, link titles).
ALLOWED_FEATURES = frozenset(
    {
        *("announce.dismiss", "header.autohide", "search.highlight", "search.share"),
        *("search.suggest", "toc.follow", "toc.integrate"),
        *("content.action.edit", "content.action.view", "content.code.annotate"),
        *("content.code.copy", "content.code.select", "content.tabs.link"),
        *(
            f"navigation.{name}"
            for name in (
                "expand", "footer", "indexes", "instant", "instant.prefetch",
                "instant.preview", "instant.progress", "path", "prune", "sections",
                "tabs", "tabs.sticky", "top", "tracking",
            )
        ),
    }
)  # fmt: skip


def as_browser_reads(url: Any) -> str:
    """A URL as a browser parses it: tabs and newlines anywhere are dropped, and C0
    controls and spaces at either end (WHATWG URL standard), backslashes read as `/`."""
    text = "".join(c for c in str(url) if c not in "\t\n\r")
    return text.strip("".join(map(chr, range(0x21)))).replace("\\", "/")


def is_remote(url: Any) -> bool:
    """A URL another host serves (or a path a browser would read as one)."""
    if isinstance(url, dict):
        url = url.get("path", "")
    text = as_browser_reads(url).lower()
    return text.startswith("//") or ":" in text.split("/", 1)[0]


def _is_web_link(url: Any, *, relative: bool = False) -> bool:
    """An http(s) or mailto address (or, with `relative`, a path on the site) that cannot
    break out of the HTML attribute the theme prints it into."""
    text = as_browser_reads(url)
    if any(c in text for c in "\"'<>`") or any(ord(c) < 0x20 or c == " " for c in text):
        return False
    scheme = text.split(":", 1)[0].lower() if ":" in text.split("/", 1)[0] else ""
    if scheme:
        return scheme in ("http", "https", "mailto") and text[len(scheme) + 1 :] != ""
    return relative and not text.startswith("//")


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
    features = theme.get("features", [])
    if not isinstance(features, list):
        at(("theme", "features"), "error", "theme.features must be a list of feature names")
    else:
        for i, feature in enumerate(features):
            if feature not in ALLOWED_FEATURES:
                why = (
                    "it shows titles from the data as HTML, where they could run as script"
                    if isinstance(feature, str) and "tooltips" in feature
                    else "it is not one the build knows to be safe"
                )
                at(
                    ("theme", "features", str(i)),
                    "error",
                    f"theme.features: {str(feature)!r} is refused: {why}; "
                    "docs/publishing.md lists the allowed ones",
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


def _extra_links(extra: dict[str, Any], at: Report) -> None:
    """Links the theme prints as they are: the home page and the social icons."""
    if "homepage" in extra and not _is_web_link(extra["homepage"], relative=True):
        at(("extra", "homepage"), "error", "extra.homepage must be an http(s) address or a path")
    social = extra.get("social")
    if social is None:
        return
    if not isinstance(social, list):
        at(("extra", "social"), "error", "extra.social must be a list of {icon, link}")
        return
    for i, entry in enumerate(social):
        link = entry.get("link") if isinstance(entry, dict) else None
        if not _is_web_link(link, relative=True):
            at(
                ("extra", "social", str(i)),
                "error",
                "extra.social: each link must be an http(s) or mailto address",
            )
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            entry["name"] = html_escape(entry["name"])


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
        if value is not None and not (
            _is_web_link(value) and as_browser_reads(value).lower().startswith("http")
        ):
            at((key,), "error", f"{key} must be an http(s) address")
    # Text the theme prints as HTML, unescaped: escaped here, so it reads as written.
    if "edit_uri" in settings and not _is_web_link(settings["edit_uri"], relative=True):
        at(("edit_uri",), "error", "edit_uri must be a path or an http(s) address")
    for key in ("site_description", "site_author", "repo_name"):
        if isinstance(settings.get(key), str):
            settings[key] = html_escape(settings[key])
    if isinstance(extra, dict):
        _extra_links(extra, at)
    if isinstance(settings.get("copyright"), str):
        # The theme prints it as HTML: keep links and emphasis, nothing that runs.
        settings["copyright"] = nh3.clean(
            settings["copyright"],
            tags=_COPYRIGHT_TAGS,
            attributes={"*": set(), "a": {"href"}},
            url_schemes={"http", "https", "mailto"},
        )
