"""Append an entry to a list in a YAML file's text, leaving every other byte as it was.

`roadmap checkin` and `roadmap record` add one entry to a file that people also edit by
hand, so the change must read in `git diff` as the added lines only: comments, key
order, quoting, blank lines and layout all stay. ruamel.yaml's round-trip dump keeps
most of that but still rewrites some values (`parent: null` becomes `parent:`), so
instead ruamel.yaml composes the text to find where the list ends and how it is
written, emits the new entry in the same style, and the entry is spliced into the
text there:

* a block list gets the entry as new lines after its last item, at the same
  indentation, as a block mapping or as a `- {flow: mapping}` like the item before;
* a flow list (`[...]`) gets `, {entry}` after its last item;
* a missing list is added after the mapping's last key: in block style with the
  file's own list indentation, in flow style inside a flow mapping.

The caller checks the result by loading it (see `data/edit.py`); this module only
writes text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class CannotAppend(Exception):
    """The text has no list (or mapping) where the entry should go, or is not YAML."""


def append_entry(text: str, where: Sequence[str | int], key: str, entry: Mapping[str, Any]) -> str:
    """`text` with `entry` appended to the list under `key` of the mapping at `where`."""
    try:
        root = YAML().compose(text)
    except YAMLError as exc:
        raise CannotAppend(f"not readable as YAML: {exc}") from None
    holder = _walk(root, where)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if text and not text.endswith(("\n", "\r")):  # the last line gets its line break
        lines[-1] += newline
        text += newline
    for k, value in holder.value:
        if isinstance(k, ScalarNode) and k.value == key:
            if not isinstance(value, SequenceNode):
                raise CannotAppend(f"`{key}` is not a list")
            return _into_list(text, lines, value, entry, newline)
    return _new_key(text, lines, root, holder, key, entry, newline)


def _walk(node: Node | None, where: Sequence[str | int]) -> MappingNode:
    for step in where:
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None
            )
        else:
            node = None
        if node is None:
            break
    if not isinstance(node, MappingNode):
        raise CannotAppend("no mapping to add the entry to")
    return node


def _into_list(
    text: str, lines: list[str], seq: SequenceNode, entry: Mapping[str, Any], nl: str
) -> str:
    if seq.flow_style:
        if seq.value:
            at = seq.value[-1].end_mark.index
            return text[:at] + ", " + _flow(entry) + text[at:]
        at = seq.end_mark.index - 1  # the closing bracket
        return text[:at] + _flow(entry) + text[at:]
    last = seq.value[-1]
    dash = seq.start_mark.column
    on_dash_line = lines[last.start_mark.line][dash : dash + 1] == "-"
    gap = last.start_mark.column - dash if on_dash_line and last.start_mark.column > dash else 2
    flow = isinstance(last, MappingNode) and bool(last.flow_style)
    return _insert_lines(lines, _end_line(lines, last), _item(entry, dash, gap, flow, nl))


def _new_key(
    text: str,
    lines: list[str],
    root: Node,
    holder: MappingNode,
    key: str,
    entry: Mapping[str, Any],
    nl: str,
) -> str:
    if holder.flow_style or not holder.value:
        at = holder.value[-1][1].end_mark.index if holder.value else holder.end_mark.index - 1
        sep = ", " if holder.value else ""
        return text[:at] + f"{sep}{key}: [{_flow(entry)}]" + text[at:]
    column = holder.value[0][0].start_mark.column
    offset, flow = _list_style(root, key)
    body = _item(entry, column + offset, 2, flow, nl)
    head = f"{' ' * column}{key}:{nl}"
    return _insert_lines(lines, _end_line(lines, holder.value[-1][1]), head + body)


def _list_style(root: Node, key: str) -> tuple[int, bool]:
    """How the file indents its block lists, and whether `key` lists elsewhere hold flow items.

    The offset is the `-`'s column less its key's (0 or 2, say), from the file's first
    block list; items are flow mappings when another list under the same key (another
    KPI's history) writes them so.
    """
    offset: int | None = None
    flow = False
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(v, SequenceNode) and not v.flow_style and v.value:
                    if offset is None:
                        offset = max(0, v.start_mark.column - k.start_mark.column)
                    if isinstance(k, ScalarNode) and k.value == key:
                        flow = isinstance(v.value[-1], MappingNode) and bool(v.value[-1].flow_style)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return (2 if offset is None else offset), flow


def _end_line(lines: list[str], node: Node) -> int:
    """The index of the last line that holds `node`'s own text (not comments after it)."""
    while True:
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            node = node.value[-1][1]
        elif isinstance(node, SequenceNode) and not node.flow_style and node.value:
            node = node.value[-1]
        else:
            break
    end = node.end_mark
    line: int = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    line = min(line, len(lines) - 1)
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1  # a block scalar's end takes in the blank lines after it
    return line


def _insert_lines(lines: list[str], after: int, block: str) -> str:
    return "".join([*lines[: after + 1], block, *lines[after + 1 :]])


def _yaml() -> YAML:
    y = YAML()
    y.width = 1_000_000  # never fold a long note over several lines
    return y


def _flow(entry: Mapping[str, Any]) -> str:
    """`{key: value, ...}` on one line."""
    m = CommentedMap(entry)
    m.fa.set_flow_style()
    out = io.StringIO()
    _yaml().dump(CommentedSeq([m]), out)
    return out.getvalue().strip()[2:]  # without the "- "


def _item(entry: Mapping[str, Any], dash: int, gap: int, flow: bool, nl: str) -> str:
    """The entry as a block list item: its `-` at column `dash`, its keys `gap` further."""
    if flow:
        return f"{' ' * dash}- {_flow(entry)}{nl}"
    out = io.StringIO()
    _yaml().dump(CommentedMap(entry), out)
    body = out.getvalue().splitlines()
    first = f"{' ' * dash}-{' ' * (gap - 1)}{body[0]}"
    rest = [f"{' ' * (dash + gap)}{ln}" for ln in body[1:]]
    return nl.join([first, *rest]) + nl
