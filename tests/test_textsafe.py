"""Text from YAML is escaped where it lands in Markdown and HTML."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.textsafe import UNSAFE_LINK, md_block, md_text, safe_url

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


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:msgbox(1)",
    ],
)
def test_unsafe_link_targets_are_neutralised(target: str) -> None:
    out = html(md_block(f"[x]({target}) and ![i]({target})\n\n[r]: {target}\n\n[y][r]"))
    targets = re.findall(r'(?:href|src)="([^"]*)"', out)
    assert len(targets) >= 2
    assert set(targets) == {UNSAFE_LINK}
    assert not safe_url(target)


@pytest.mark.parametrize(
    "target", ["https://a.example", "http://a", "mailto:x@y", "../a.md", "#anchor", "page.md#x"]
)
def test_safe_link_targets_are_kept(target: str) -> None:
    assert safe_url(target)
    assert f'href="{target}"' in html(md_block(f"[x]({target})"))


def test_attribute_lists_in_markdown_fields_are_disarmed() -> None:
    out = html(md_block("## Head {: onclick=alert(1) }\n\nText {: .x onmouseover=y }"))
    assert "onclick=" not in out.replace("{: onclick=alert(1) }", "")
    assert 'onclick="' not in out and 'onmouseover="' not in out
