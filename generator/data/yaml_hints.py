"""YAML syntax errors explained for the person who made them.

The parser says what it expected ("did not find expected '-' indicator"), not what the
author did; the common slips are a value that YAML reads as syntax (`unit: %`), a line
indented differently from its neighbours, and tabs. Each gets a message that names the
fix, computed from the error's position and the text around it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# A key and its value on one line, with any list dash and trailing comment apart.
_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#][^:#]*?):\s+(?P<value>.*?)\s*$")
_SYNTAX_STARTS = {
    "%": "'%'",
    "@": "'@'",
    "`": "a backtick",
    "*": "'*'",
    "&": "'&'",
    "!": "'!'",
}


@dataclass(frozen=True)
class SyntaxProblem:
    problem: str  # the parser's own words
    context: str | None
    line: int  # 1-based, where the parser stopped
    col: int
    context_line: int | None  # where the enclosing block starts, 1-based
    context_col: int | None


def explain(p: SyntaxProblem, text: str) -> str:
    """The message for one YAML syntax error (without the `invalid YAML: ` prefix)."""
    lines = text.splitlines()
    here = lines[p.line - 1] if 0 < p.line <= len(lines) else ""
    if here[p.col - 1 : p.col] == "\t" or "tab character" in p.problem:
        return f"{_parser_words(p)}; indent with spaces, not tabs"
    quoted = _quote_hint(p, here)
    if quoted:
        return quoted
    indented = _indent_hint(p, lines, here)
    if indented:
        return indented
    if p.problem.startswith("mapping values are not allowed"):
        return (
            f"{_parser_words(p)}; check the indentation, or put a text that contains ': ' in quotes"
        )
    return _parser_words(p)


def _parser_words(p: SyntaxProblem) -> str:
    what = p.problem or "not valid YAML"
    if p.context:
        where = ""
        if p.context_line is not None and (p.context_line, p.context_col) != (p.line, p.col):
            where = f" that starts at line {p.context_line}, column {p.context_col}"
        what += f" ({p.context}{where})"
    return what


def _quote_hint(p: SyntaxProblem, here: str) -> str | None:
    """`unit: %`, `note: @team`, `title: *Important*`: a value YAML reads as syntax."""
    scanning = p.problem.startswith("found character that cannot start any token") or (
        p.context in ("while scanning an alias", "while scanning an anchor", "while scanning a tag")
    )
    if not scanning:
        return None
    m = _KEY_VALUE.match(_without_comment(here))
    if not m or not m.group("value") or m.group("value")[0] not in _SYNTAX_STARTS:
        return None
    value, key = m.group("value"), m.group("key").strip()
    return (
        f"a value cannot start with {_SYNTAX_STARTS[value[0]]} unless it is in quotes; "
        f"write {key}: {json.dumps(value, ensure_ascii=False)}"
    )


def _without_comment(line: str) -> str:
    """The line without a trailing ` # comment` (a `#` inside the value stays)."""
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines_before(lines: list[str], line: int) -> list[tuple[int, str]]:
    """(1-based number, text) of the non-blank, non-comment lines before `line`, nearest first."""
    out = []
    for n in range(line - 1, 0, -1):
        text = lines[n - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            out.append((n, text))
    return out


def _indent_hint(p: SyntaxProblem, lines: list[str], here: str) -> str | None:
    """A line indented to a column its block does not expect."""
    block = p.context or ""
    if not (
        block.startswith(("while parsing a block mapping", "while parsing a block collection"))
        and p.problem.startswith(("did not find expected key", "did not find expected '-'"))
    ):
        return None
    col = _indent(here) + 1
    before = _content_lines_before(lines, p.line)
    if here.lstrip().startswith("- "):
        siblings = [(n, t) for n, t in before if t.lstrip().startswith("- ")]
        if siblings:
            n, t = siblings[0]
            return (
                f"this list item is indented to column {col}, but the item before it, on "
                f"line {n}, is at column {_indent(t) + 1}; line the dashes up"
            )
        return (
            "a list item ('- ') cannot sit beside the keys of a mapping; indent the list "
            "under the key it belongs to (key:, then '  - item' on the next lines)"
        )
    if before:
        n, t = before[0]
        above = _indent(t) + (2 if t.lstrip().startswith("- ") else 0) + 1
        if above != col:
            return (
                f"this line is indented to column {col}, but the key above it, on line {n}, "
                f"is at column {above}; keys of the same item line up, so indent this line "
                f"to column {above} (or, if it starts a new list item, begin it with '- ')"
            )
    return None  # nothing better to say than the parser's own words
