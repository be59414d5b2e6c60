"""YAML syntax errors explained for the person who made them.

The parser says what it expected ("did not find expected '-' indicator"), not what the
author did; the common slips are a value that YAML reads as syntax (`unit: %`, also in
`{...}`), text after a closing quote (`metric: "%" FCR`), `: ` inside a value of
`{...}`, a line indented differently from its neighbours, and tabs. Each gets a message
that names the fix, computed from the error's position and the text around it.
`cut_by_comment` is the one warning of this kind: a ` #` that ended a plain value where
the text seems to go on.
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
    quoted = _quote_hint(p, here) or _closed_quote_hint(p, here) or _flow_colon_hint(p, here)
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
    if m and m.group("value") and m.group("value")[0] in _SYNTAX_STARTS:
        value, key = m.group("value"), m.group("key").strip()
    else:  # in a flow mapping: `{id: fcr, unit: %, direction: higher}`
        f = _FLOW_KEY_BEFORE.search(here[: p.col - 1])
        value = _flow_value(here[p.col - 1 :])
        if not f or not value or value[0] not in _SYNTAX_STARTS:
            return None
        key = f.group("key").strip()
    return (
        f"a value cannot start with {_SYNTAX_STARTS[value[0]]} unless it is in quotes; "
        f"write {key}: {json.dumps(value, ensure_ascii=False)}"
    )


# The key of a flow mapping entry just before a position: `{id: fcr, unit: ` ends in `unit`.
_FLOW_KEY_BEFORE = re.compile(r"[{,]\s*(?P<key>[^\s:#,{}\[\]][^:#,{}\[\]]*?):\s+$")
# The key of a flow mapping entry and the start of its value, up to a position.
_FLOW_ENTRY_BEFORE = re.compile(
    r"[{,]\s*(?P<key>[^\s:#,{}\[\]][^:#,{}\[\]]*?):\s+(?P<start>[^\s,{}][^,{}]*)$"
)
# A key and a quoted value just before a position: `metric: "%" ` (the text after the
# closing quote is what the parser could not read).
_QUOTED_BEFORE = re.compile(
    r"(?:^\s*(?:-\s+)?|[{,]\s*)(?P<key>[^\s:#,{}\[\]\"'][^:#,{}\[\]]*?):\s+"
    r"(?P<quoted>\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')\s*$"
)


def _flow_value(rest: str) -> str:
    """The text of a flow-mapping value from its start up to the next `,` or `}`."""
    return re.split(r"[,}]", rest, maxsplit=1)[0].strip()


def _closed_quote_hint(p: SyntaxProblem, here: str) -> str | None:
    """`metric: "%" FCR`: text after a value's closing quote."""
    if not p.problem.startswith(("did not find expected key", "did not find expected ','")):
        return None
    m = _QUOTED_BEFORE.search(here[: p.col - 1])
    if not m:
        return None
    in_flow = p.problem.startswith("did not find expected ','")
    rest = _flow_value(here[p.col - 1 :]) if in_flow else _without_comment(here[p.col - 1 :])
    rest = rest.strip()
    if not rest or rest.startswith("#"):
        return None
    quoted, key = m.group("quoted"), m.group("key").strip()
    inner = quoted[1:-1]
    if quoted[0] == "'":  # '' is a quote inside single quotes; \ and " need escaping in ""
        inner = json.dumps(inner.replace("''", "'"), ensure_ascii=False)[1:-1]
    whole = f"{inner} {json.dumps(rest, ensure_ascii=False)[1:-1]}"
    return (
        f"a quoted value ends at its closing quote, so the text after it ('{rest}') "
        f'cannot be read; put the whole value in quotes: {key}: "{whole}"'
    )


def _flow_colon_hint(p: SyntaxProblem, here: str) -> str | None:
    """`{id: fcr, note: Legal: review first}`: a ': ' inside a value of a flow mapping."""
    if not (
        p.problem.startswith("did not find expected ','")
        and (p.context or "").startswith("while parsing a flow mapping")
        and here[p.col - 1 : p.col] == ":"
    ):
        return None
    hint = f"{_parser_words(p)}; put a value holding ': ' in quotes"
    f = _FLOW_ENTRY_BEFORE.search(here[: p.col - 1])
    if not f:
        return hint
    value = f.group("start") + _flow_value(here[p.col - 1 :])
    return f"{hint}: {f.group('key').strip()}: {json.dumps(value, ensure_ascii=False)}"


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


_COMMENT_AFTER = re.compile(r"(?P<gap>[ \t]+)#(?P<comment>.*)$")
# From the start of a run of blanks only, so a long run costs one pass, not one per blank.
_HASH_AFTER_SPACE = re.compile(r"(?<![ \t])(?P<gap>[ \t]+)#")
_GOES_ON = (",", ";", ":", "(", "[", "&", "/", "+", "-")
_OPENS_CLOSES = (("(", ")"), ("[", "]"), ("{", "}"))


def _looks_cut(text: str, gap: str, comment: str) -> bool:
    return (
        any(text.count(o) > text.count(c) for o, c in _OPENS_CLOSES)
        or text.count('"') % 2 == 1
        or text.endswith(_GOES_ON)
        or (gap == " " and comment[:1].isalnum() and " " in text)
    )


def may_cut_by_comment(line: str) -> bool:
    """Whether a ` #` on this line could cut a value short, on the line's text alone.

    A quick filter, so the loader looks at the values of the few lines that pass: the
    text before a ` #` (key and all) must look cut as `cut_by_comment` judges a value,
    or hold no `: ` (the next line of a value that began on a line before, whose open
    bracket may be there).
    """
    counts = dict.fromkeys('()[]{}"', 0)
    seen, colon, space = 0, False, False  # each character before a match is looked at once
    for m in _HASH_AFTER_SPACE.finditer(line):
        start = m.start()
        piece = line[seen:start]
        for c in counts:
            counts[c] += piece.count(c)
        colon = colon or ": " in line[max(seen - 1, 0) : start]
        space = space or " " in piece
        seen = start
        if not colon:
            return True
        cut = (
            any(counts[o] > counts[c] for o, c in _OPENS_CLOSES)
            or counts['"'] % 2 == 1
            or line.endswith(_GOES_ON, 0, start)
            or (m.group("gap") == " " and line[m.end() : m.end() + 1].isalnum() and space)
        )
        if cut:
            return True
    return False


def cut_by_comment(value: str, line: str, end_col: int, key: str | None) -> tuple[int, str] | None:
    """A ` #` that ended a plain value where the text seems to go on, as (column, message).

    `line` is the line the value ends on and `end_col` the 0-based column just after
    it. YAML starts a comment at a `#` after a space, so `summary: Plain bill (see ticket
    #4521) so ...` keeps only `Plain bill (see ticket`. A comment after a complete value
    (`unit: hours  # per week`) is fine; the value looks cut when it leaves a `(`, `[`
    or `{` or a double quote open, or ends in a character that leads on (`,`, `:`, `-`,
    `(`, `/`, `&`, `+`, `;`), or when the value is words and the `#` sits one space
    after it and touches the next word (`see ticket #4521`, `ask in #support`), as
    numbers and channels are written and comments are not (`effort: 5 #points` and
    `owner: maria #lead` stay quiet).
    """
    m = _COMMENT_AFTER.match(line, end_col)
    if not m or not _looks_cut(value, m.group("gap"), m.group("comment")):
        return None
    col = end_col + len(m.group("gap")) + 1
    whole = json.dumps(value + m.group(0).rstrip(), ensure_ascii=False)
    what = f"{key} keeps only" if key else "the value is only"
    return col, (
        f"' #' starts a comment, so {what} {json.dumps(value, ensure_ascii=False)}; "
        "if the # is part of the text, put the whole value in quotes"
        + (f": {key}: {whole}" if key and len(whole) <= 80 else "")
    )
