"""Make text from YAML safe to place in generated Markdown pages.

HTML escaping alone is not enough inside Markdown: Material's `attr_list` turns
`Title {: onmouseover=alert(1) }` into an attribute, `[x](javascript:...)` becomes a
link, and a leading `#` or `1.` changes the block. So:

* plain-text fields go through `md_text`: HTML-escaped, Markdown punctuation
  backslash-escaped, newlines folded. It is the Jinja `finalize`, so every `{{ }}` gets
  it unless the value is already `Markup`;
* Markdown fields (vision, strategy, descriptions, internal notes) go through
  `md_block`: we render them to HTML ourselves with markdown-it-py (CommonMark, linear
  on hostile input, raw HTML off), clean that HTML with nh3 (the ammonia sanitiser) and
  an allow-list of tags, attributes and link schemes, and hand the page builder the
  result as one raw HTML block, which MkDocs, Zensical or any other Python-Markdown
  builder passes through unchanged. No regular expression over the Markdown source
  decides what is safe.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

# Python-Markdown's escapable characters, plus `|` which the tables extension adds.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}  # and relative links

# CommonMark with tables and strikethrough; raw HTML in a field is shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_TAGS = {
    *("p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "a", "h3", "h4", "h5", "h6"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
# No `title`: a theme may show titles as HTML tooltips (Material's content.tooltips does).
# `"*": set()` replaces ammonia's default attributes of every tag, `title` and `lang`.
_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


# Characters that mean something to Markdown, as numeric character references: text
# written this way into an HTML block reads the same, and no Markdown engine that looks
# inside the block (some builders do) can make a link, emphasis or attribute list of it.
_MD_INERT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "[]()`*_{}|\\!#~"}
)


def html_text(value: object) -> Markup:
    """Text for an HTML context that is also inert as Markdown (present mode's slides)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_MD_INERT))  # one pass: no reference escaped twice


def html_link(url: str, label: str) -> Markup:
    """An HTML link to an http(s) address from the data (the schema allows no other),
    inert as Markdown in a table cell too; anything else is the label alone."""
    if not url.lower().startswith(("http://", "https://")):
        return html_text(label)
    return Markup(f'<a href="{html_text(url)}">{html_text(label)}</a>')


def md_text(value: object) -> str:
    """Plain text for an inline Markdown context (also safe in a table cell)."""
    if isinstance(value, Markup):
        return str(value)
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _demote_headings(tokens: list[Token]) -> None:
    """`#` in a field becomes an h3: the page's own title and sections own h1 and h2."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"


def markdown_to_html(value: str) -> str:
    """A Markdown field as clean HTML: allowed tags and attributes only, safe links only."""
    tokens = _MARKDOWN.parse(value)
    _demote_headings(tokens)
    rendered = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_ALLOWED_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Reference links can repeat one long URL thousands of times (`[a]: /uuu...` then `[a]`
# over and over): rendered HTML beyond this many times the source is not used.
MAX_GROWTH = 8
_GROWTH_FLOOR = 4_000


def md_block(value: str) -> Markup:
    """A Markdown field from the data, as one sanitised raw HTML block for the page.

    The block is written on one line (newlines become `&#10;`, the same character to
    HTML), so no line-based Markdown extension of the builder can read its content as
    Markdown again, and `{`, `}` are character references, so no template language a
    builder plugin may run over the page can read it as code. A field whose HTML would
    be more than MAX_GROWTH times its length is shown as its plain text instead.
    """
    html = markdown_to_html(value)
    if len(html) > MAX_GROWTH * len(value) + _GROWTH_FLOOR:
        html = "<p>" + html_escape(value) + "</p>"
    html = html.strip().replace("\r", "").replace("\n", "&#10;")
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(f'<div class="rm-prose">{html}</div>')
