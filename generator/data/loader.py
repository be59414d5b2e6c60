"""Load YAML files into plain data while remembering where every value came from.

PyYAML's own constructors lose source positions, accept `!!python/...` tags in the
unsafe loaders, turn `2027-03-15` into a date and `no` into False, keep the last of two
duplicate keys, and walk alias bombs into exponential trees. So we read PyYAML's event
stream (the C parser when available) and build the values ourselves, iteratively:

* scalars resolve as in the YAML 1.2 core schema: only `true`/`false` are booleans, and
  dates stay strings;
* only the standard tags are accepted;
* duplicate keys, several documents, deep nesting, over-long texts and lists, numbers
  too large to compute with, and alias expansions past a size bound are errors at the
  offending mark, so no file under the size limit can make a later stage slow or huge;
* every value's and every key's position is kept in `Document.positions`, keyed by the
  JSON path (a tuple of keys and indices), so later stages can point at `path:line:col`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, Severity, display_path
from .yaml_hints import SyntaxProblem, cut_by_comment, explain, may_cut_by_comment
from .yaml_values import STD, Mark, Refused, check_tag, check_text, scalar_value

try:  # the C parser is several times faster; fall back to the pure-Python one
    from yaml._yaml import CParser as _Parser

    _BYTE_OFFSETS = True  # libyaml reports reader errors at a UTF-8 byte offset
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import Loader as _Parser  # type: ignore[assignment]

    _BYTE_OFFSETS = False

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
# Aliases may repeat a subtree, but the expanded document stays bounded, so a
# "billion laughs" file costs nothing to reject instead of an exponential walk later.
# Each value counts its characters (at least 1), so repeating one long text through an
# alias costs what writing it out would.
MAX_EXPANDED_SIZE = 2_000_000
MAX_ITEMS = 1_000  # entries in one list or mapping; the schemas set tighter limits per field

JsonPath = tuple[str | int, ...]

_MAP_TAG, _SEQ_TAG = STD + "map", STD + "seq"


@dataclass
class Document:
    """One loaded file: its data, its display path, and the position of every node."""

    path: Path
    display: str
    data: Any
    positions: dict[JsonPath, Mark] = field(default_factory=dict)
    key_positions: dict[JsonPath, Mark] = field(default_factory=dict)
    flow_mappings: set[JsonPath] = field(default_factory=set)  # written `{key: value, ...}`
    warnings: list[Diagnostic] = field(default_factory=list)  # read, but maybe not as meant

    def mark(self, path: JsonPath, *, key: bool = False) -> Mark:
        """The position of the value at `path` (or of its key), else of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), Mark(1, 1))

    def diagnostic(
        self, path: JsonPath, message: str, *, key: bool = False, severity: Severity = "error"
    ) -> Diagnostic:
        m = self.mark(path, key=key)
        return Diagnostic(self.display, m.line, m.col, severity, message)


class LoadError(Exception):
    """A file could not be read as YAML; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def load_file(path: Path, display: str | None = None) -> Document:
    """Read one YAML file whose top level must be a mapping; raise LoadError if it cannot be.

    `display` is the path shown in messages (default: as the user would type it).
    """
    display = display_path(path) if display is None else display

    def fail(message: str, line: int = 1, col: int = 1) -> LoadError:
        return LoadError(Diagnostic(display, line, col, "error", message))

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is {size / 1024 / 1024:.1f} MB; files over 1 MB are refused")
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:  # the file grew between stat and read
        raise fail("file is over 1 MB; files over 1 MB are refused")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # the column in characters, as editors count it, not in bytes
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise fail(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None
    return load_text(text, path, display)


def load_text(text: str, path: Path, display: str) -> Document:
    """Read one file's text, already decoded, as `load_file` reads the file."""

    def fail(message: str, line: int = 1, col: int = 1) -> LoadError:
        return LoadError(Diagnostic(display, line, col, "error", message))

    if len(text.encode("utf-8")) > MAX_BYTES:
        raise fail("file is over 1 MB; files over 1 MB are refused")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise fail("file is empty; expected a mapping of keys to values")
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        raise fail(
            "file contains a NUL character; is it a binary file?",
            line,
            i - (text.rfind("\n", 0, i) + 1) + 1,
        )
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> Document:
    doc = Document(path=path, display=display, data=None)
    try:
        doc.data = _Builder(doc, text).build(_events(text))
    except Refused as exc:
        raise LoadError(
            Diagnostic(display, exc.mark.line, exc.mark.col, "error", exc.message)
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise LoadError(_syntax_error(exc, text, display)) from None
    except yaml.reader.ReaderError as exc:  # a control character, say
        raise LoadError(_reader_error(exc, text, display)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises one of the above
        raise LoadError(
            Diagnostic(display, 1, 1, "error", f"invalid YAML: {' '.join(str(exc).split())}")
        ) from None
    if not isinstance(doc.data, dict):
        kind = _kind(doc.data)
        raise LoadError(
            doc.diagnostic((), f"top level must be a mapping of keys to values, found {kind}")
        )
    return doc


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Diagnostic:
    mark, context = exc.problem_mark, exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = SyntaxProblem(
        exc.problem or "",
        exc.context,
        line,
        col,
        context.line + 1 if context else None,
        context.column + 1 if context else None,
    )
    return Diagnostic(display, line, col, "error", f"invalid YAML: {explain(problem, text)}")


def _reader_error(exc: yaml.reader.ReaderError, text: str, display: str) -> Diagnostic:
    before = (
        text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        if _BYTE_OFFSETS
        else text[: exc.position]
    )
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Diagnostic(
        display,
        line,
        col,
        "error",
        f"invalid YAML: the control character U+{char:04X} is not allowed; remove it",
    )


def _events(text: str) -> Iterator[yaml.Event]:
    parser = _Parser(text)
    try:
        while (event := parser.get_event()) is not None:
            yield event
            if event.__class__ is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _mark(event: yaml.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1) if m is not None else Mark(1, 1)


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: JsonPath
    anchor: str | None
    is_map: bool
    size: int = 1
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


_NODE_START = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class _Builder:
    def __init__(self, doc: Document, text: str = "") -> None:
        self.doc = doc
        # Lines where a ` #` may end a plain value early (`summary: see ticket #4521`).
        self.lines = text.splitlines() if " #" in text or "\t#" in text else []
        self.comment_lines = {
            n
            for n, line in enumerate(self.lines)
            if (" #" in line or "\t#" in line) and may_cut_by_comment(line)
        }
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total = 0

    def build(self, events: Iterator[Any]) -> Any:
        # The hot loop of validation (every node of every file passes here once), so
        # it dispatches on the exact event class (hence `Any`: the checks below are the
        # type narrowing) and keeps attribute lookups local.
        stack: list[_Frame] = []
        result: Any = None
        documents = 0
        positions = self.doc.positions
        anchors = self.anchors
        comment_lines = self.comment_lines
        for ev in events:
            cls = ev.__class__
            if cls in _NODE_START:
                m = ev.start_mark
                mark = Mark(m.line + 1, m.column + 1)
                top = stack[-1] if stack else None
                if top is None:
                    path: JsonPath = ()
                elif top.is_map:
                    if top.pending_key is None:
                        self._take_key(top, ev, mark)
                        continue
                    path = (*top.path, top.pending_key)
                else:
                    path = (*top.path, len(top.container))
                if cls is yaml.ScalarEvent:
                    check_text(ev.value, mark)
                    value: Any = scalar_value(ev.tag, ev.value, ev.implicit[0], mark)
                    size = len(ev.value) + 1
                    if (
                        comment_lines
                        and not ev.style
                        and ev.end_mark.line in comment_lines
                        and isinstance(value, str)
                    ):
                        self._cut_by_comment(ev, path)
                    if ev.anchor is not None:
                        anchors[ev.anchor] = (value, size)
                elif cls is yaml.AliasEvent:
                    if ev.anchor not in anchors:
                        raise Refused(mark, f"alias *{ev.anchor} refers to no finished anchor")
                    value, size = anchors[ev.anchor]
                else:
                    is_map = cls is yaml.MappingStartEvent
                    if is_map and ev.flow_style:
                        self.doc.flow_mappings.add(path)
                    check_tag(ev.tag, _MAP_TAG if is_map else _SEQ_TAG, mark)
                    if len(stack) >= MAX_DEPTH:
                        raise Refused(mark, f"nesting is deeper than {MAX_DEPTH} levels")
                    self._count(1, mark)
                    positions[path] = mark
                    stack.append(_Frame({} if is_map else [], path, ev.anchor, is_map))
                    continue
                self._count(size, mark)
                positions[path] = mark
                if top is None:
                    result = value
                else:
                    self._attach(top, value, size)
                continue
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, frame.size)
                if stack:
                    self._attach(stack[-1], frame.container, frame.size)
                else:
                    result = frame.container
                continue
            if cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise Refused(
                        _mark(ev), "a file holds one YAML document; remove the second `---`"
                    )
            # stream start and end, document end: nothing to build
        return result

    def _cut_by_comment(self, ev: Any, path: JsonPath) -> None:
        end = ev.end_mark
        key = path[-1] if path and isinstance(path[-1], str) else None
        found = cut_by_comment(ev.value, self.lines[end.line], end.column, key)
        if found:
            col, message = found
            self.doc.warnings.append(
                Diagnostic(self.doc.display, end.line + 1, col, "warning", message)
            )

    def _count(self, size: int, mark: Mark) -> None:
        self.total += size
        if self.total > MAX_EXPANDED_SIZE:
            raise Refused(
                mark,
                f"aliases expand the document past {MAX_EXPANDED_SIZE:,} characters; "
                "write the data out instead of repeating anchors",
            )

    def _take_key(self, frame: _Frame, ev: yaml.Event, mark: Mark) -> None:
        if not isinstance(ev, yaml.ScalarEvent):
            raise Refused(mark, "a mapping key must be a plain value, not a list, mapping or alias")
        check_tag(ev.tag, None, mark)
        key = ev.value
        check_text(key, mark)
        if key in frame.key_lines:
            raise Refused(
                mark,
                f"duplicate key '{key}' (first set on line "
                f"{frame.key_lines[key]}); keep one of them",
            )
        frame.key_lines[key] = mark.line
        frame.pending_key = key
        self.doc.key_positions[(*frame.path, key)] = mark
        if ev.anchor is not None:  # `&k key: v` lets a later `*k` repeat the key as a value
            self.anchors[ev.anchor] = (key, 1)

    def _attach(self, frame: _Frame, value: Any, size: int) -> None:
        frame.size += size
        if len(frame.container) >= MAX_ITEMS:
            kind = "mapping" if frame.is_map else "list"
            line, col = self.doc.positions.get(frame.path, Mark(1, 1))
            raise Refused(
                Mark(line, col),
                f"this {kind} has more than {MAX_ITEMS:,} entries; split the data "
                "into several files or shorten it",
            )
        if frame.is_map:
            assert frame.pending_key is not None
            frame.container[frame.pending_key] = value  # type: ignore[call-overload]
            frame.pending_key = None
        else:
            frame.container.append(value)  # type: ignore[union-attr]
