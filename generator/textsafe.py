"""Make text from YAML safe to place in generated Markdown pages.

HTML escaping alone is not enough inside Markdown: Material's `attr_list` turns
`Title {: onmouseover=alert(1) }` into an attribute, `[x](javascript:...)` becomes a
link, and a leading `#` or `1.` changes the block. So:

* plain-text fields go through `md_text`: HTML-escaped, Markdown punctuation
  backslash-escaped, newlines folded. It is the Jinja `finalize`, so every `{{ }}` gets
  it unless the value is already `Markup`;
* Markdown fields (vision, strategy, description, internal) go through `md_block`: raw
  HTML is escaped so none can form, attribute lists are disarmed, and every link whose
  target is not http(s), mailto or a relative path is neutralised.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Python-Markdown's escapable characters, plus `|` which the tables extension adds.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Inline links and images: ](target) ; reference definitions: [label]: target
_INLINE_LINK = re.compile(r"\]\(((?:[^()]|\([^()]*\))*)\)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
UNSAFE_LINK = "#unsafe-link-removed"


def html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def md_text(value: object) -> str:
    """Plain text for an inline Markdown context (also safe in a table cell)."""
    if isinstance(value, Markup):
        return str(value)
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def safe_url(target: str) -> bool:
    cleaned = _CONTROL.sub("", target)
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1).lower() in _ALLOWED_SCHEMES


def _neutralise(target: str) -> str:
    return target if safe_url(target) else UNSAFE_LINK


def md_block(value: str) -> Markup:
    """Markdown text from the data, with no raw HTML, attribute lists or unsafe links."""
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("{", "\\{").replace("}", "\\}")
    text = _INLINE_LINK.sub(lambda m: "](" + _neutralise(m.group(1).strip()) + ")", text)
    text = _REF_DEF.sub(lambda m: m.group(1) + _neutralise(m.group(2)), text)
    return Markup(text)


def slug_link(text: str, href: str) -> Markup:
    """A Markdown link whose text comes from the data and whose target we built."""
    return Markup(f"[{md_text(text)}]({href})")
