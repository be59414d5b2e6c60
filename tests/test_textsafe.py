"""Text from YAML is escaped where it lands in Markdown and HTML."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest
from conftest import REVIEWED_SETTINGS, MakeRoadmap
from hypothesis import given
from hypothesis import strategies as st

from generator.site.build import prepare
from generator.textsafe import md_block, md_text

D = dt.date

EXTENSIONS = ["tables", "attr_list", "admonition"]


def html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "Title {: onmouseover=alert(1) }",
        "[click](javascript:alert(1))",
        "# heading | cell",
        "1. not a list",
        "&lt;script&gt; already escaped",
    ],
)
def test_plain_text_renders_as_the_same_text(payload: str) -> None:
    out = html(md_text(payload))
    assert "<script" not in out
    assert "<img" not in out
    assert "onmouseover=" not in out.replace("onmouseover=alert(1)", "")  # only as text
    assert "<a " not in out
    assert "<h1" not in out
    assert "<ol" not in out
    assert out.startswith("<p>")


def test_plain_text_keeps_a_table_cell_whole() -> None:
    out = html("| a | b |\n|---|---|\n| " + md_text("x | y") + " | z |")
    assert out.count("<td>") == 2
    assert "x | y" in out


def test_markdown_fields_keep_formatting_but_no_raw_html() -> None:
    out = html(md_block("**bold** and a [link](https://example.org)\n\n<b onclick=x>hi</b>"))
    assert "<strong>bold</strong>" in out
    assert 'href="https://example.org"' in out
    assert "<b " not in out and "&lt;b onclick=x&gt;" in out


def test_a_markdown_field_reaches_the_page_as_one_untouched_html_block() -> None:
    """The builder's own Markdown extensions never see the field's text as Markdown."""
    block = str(md_block("Line one\n\n```\n```\n!!! note\n    not an admonition\n"))
    assert "\n" not in block
    out = markdown.markdown(
        f"# Page\n\n{block}\n\nAfter.\n",
        extensions=[*EXTENSIONS, "pymdownx.superfences", "pymdownx.tabbed", "md_in_html"],
    )
    assert block in out  # passed through byte for byte
    assert 'class="admonition' not in out


HOSTILE_LINKS = [
    "[x](javascript:window.a=1;void((1)))",
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "> [r]: javascript:alert(1)\n\n[y][r]",
    "- [r]: javascript:alert(1)\n\n[y][r]",
    '=== "Tab"\n\n    [r]: javascript:alert(1)\n\n[y][r]',
    "!!! note\n    [r]: javascript:alert(1)\n\n[y][r]",
    "<javascript:alert(1)>",
    "![i](javascript:alert(1))",
    "[x](https://ok.example) [y](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", HOSTILE_LINKS)
def test_no_link_from_a_markdown_field_can_run_script(payload: str) -> None:
    out = html(md_block(payload))
    for target in re.findall(r'(?:href|src)="([^"]*)"', out):
        assert re.sub(r"[\x00-\x20]", "", target).lower().startswith(("https:", "http:")), out


@pytest.mark.parametrize(
    "target", ["https://a.example", "http://a", "mailto:x@y", "../a.md", "#anchor", "page.md#x"]
)
def test_safe_link_targets_are_kept(target: str) -> None:
    assert f'href="{target}"' in html(md_block(f"[x]({target})"))


def test_attribute_lists_in_markdown_fields_are_disarmed() -> None:
    out = html(md_block("## Head {: onclick=alert(1) }\n\nText {: .x onmouseover=y }"))
    assert 'onclick="' not in out and 'onmouseover="' not in out
    # `##` sits below the page's h2; braces arrive as character references
    assert "<h4>Head &#123;: onclick=alert(1) &#125;</h4>" in out


def test_pathological_markdown_still_renders() -> None:
    """Unclosed brackets once took Python-Markdown over a minute; bench/ measures time."""
    for text in ("[" * 20_000, "[x](" * 5_000, "*a " * 7_000, "> " * 5_000 + "x"):
        assert str(md_block(text)).startswith('<div class="rm-prose">')


def test_reference_links_cannot_multiply_a_field_into_megabytes() -> None:
    source = "[a]: /" + "u" * 10_000 + "\n\n" + "[a]" * 3_300
    assert len(source) < 20_000
    out = str(md_block(source))
    assert len(out) < 3 * len(source)
    assert "<a " not in out and "[a][a]" in out  # shown as its text


def test_braces_from_a_field_reach_the_page_as_character_references() -> None:
    """A macros plugin (Jinja over the page) would otherwise run `{{ ... }}` from the data."""
    out = str(md_block("{{ cycler.init }} and {% raw %}"))
    assert "{" not in out and "}" not in out
    assert "&#123;&#123; cycler.init &#125;&#125;" in out


# --- free text of check-ins, KPI readings, reviews and the current state, on the pages ---


def test_text_from_the_new_fields_is_escaped_on_every_page(make_roadmap: MakeRoadmap) -> None:
    evil = "<script>alert(1)</script> [click](javascript:alert(2)) {: onclick=x }"
    data = make_roadmap(
        {
            "id": "a",
            "status": "in-progress",
            "addresses": ["f"],
            "progress": [{"date": "2027-02-01", "status": "off-track", "note": evil}],
        },
        settings=REVIEWED_SETTINGS,
        files={
            "current-state.yaml": {
                "summary": evil,
                "friction": [{"id": "f", "title": evil, "evidence": evil, "metric": evil}],
            },
            "kpis.yaml": {
                "kpis": [
                    {
                        "id": "k",
                        "name": "K",
                        "direction": "higher",
                        "threshold": 1,
                        "history": [{"date": "2027-01-31", "value": 0, "note": evil}],
                    }
                ]
            },
            "reviews/2027-02-08.yaml": {
                "kind": "mid-quarter",
                "summary": evil,
                "decisions": [{"initiative": "a", "decision": evil}],
                "learnings": [evil],
            },
        },
    )
    site = prepare(data, "leadership", today=D(2027, 2, 10))
    pages = {k: v for k, v in site.files.items() if k.endswith(".md")}
    shown = [k for k, v in pages.items() if isinstance(v, str) and "alert" in v]
    assert {
        "leadership.md",
        "team.md",
        "index.md",
        "reviews/2027-02-08.md",
        "kpis/k.md",
        "where-we-start/index.md",
        "initiatives/a.md",
    } <= set(shown)
    for path in shown:
        text = pages[path]
        assert isinstance(text, str)
        assert "<script>" not in text, path
        assert 'href="javascript' not in text, path
        # Markdown fields arrive as one sanitised HTML block, which the builder does not read
        # as Markdown again; everywhere else a link must not be able to form
        outside = re.sub(r'<div class="rm-prose">.*?</div>', "", text)
        assert "](javascript:" not in outside, path
        assert re.search(r"(?<!\\)\{:", outside) is None, path  # an attribute list, unescaped


@given(st.text())
def test_html_text_reads_the_same_and_is_inert_as_html_and_markdown(text: str) -> None:
    import html

    from generator.textsafe import html_text

    out = str(html_text(text))
    assert html.unescape(out) == text
    bare = re.sub(r"&(#\d+|amp|lt|gt|quot);", "", out)  # what is left besides references
    assert not set(bare) & set("<>\"'[]()`*_{}|\\!#~&")
