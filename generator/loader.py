"""Load YAML files into plain data while remembering where every value came from.

PyYAML's own constructors lose source positions, accept `!!python/...` tags in the
unsafe loaders, turn `2027-03-15` into a date and `no` into False, keep the last of two
duplicate keys, and walk alias bombs into exponential trees. So we read PyYAML's event
stream (the C parser when available) and build the values ourselves, iteratively:

* scalars resolve as in the YAML 1.2 core schema: only `true`/`false` are booleans, and
  dates stay strings;
* only the standard tags are accepted;
* duplicate keys, several documents, deep nesting and over-large alias expansions are
  errors at the offending mark;
* every value's and every key's position is kept in `Document.positions`, keyed by the
  JSON path (a tuple of keys and indices), so later stages can point at `path:line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, Severity, display_path

try:  # the C parser is several times faster; fall back to the pure-Python one
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import Loader as _Parser  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
# Aliases may repeat a subtree, but the expanded document stays bounded, so a
# "billion laughs" file costs nothing to reject instead of an exponential walk later.
MAX_EXPANDED_NODES = 100_000

JsonPath = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null")}
_MAP_TAG, _SEQ_TAG = _STD + "map", _STD + "seq"


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Document:
    """One loaded file: its data, its display path, and the position of every node."""

    path: Path
    display: str
    data: Any
    positions: dict[JsonPath, Mark] = field(default_factory=dict)
    key_positions: dict[JsonPath, Mark] = field(default_factory=dict)

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

    def diagnostic(self, path: JsonPath, message: str, *, key: bool = False,
                   severity: Severity = "error") -> Diagnostic:
        m = self.mark(path, key=key)
        return Diagnostic(self.display, m.line, m.col, severity, message)


class LoadError(Exception):
    """A file could not be read as YAML; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def load_file(path: Path) -> Document:
    """Read one YAML file whose top level must be a mapping; raise LoadError if it cannot be."""
    display = display_path(path)

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
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise fail("file is empty; expected a mapping of keys to values")
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        raise fail("file contains a NUL character; is it a binary file?", line,
                   i - (text.rfind("\n", 0, i) + 1) + 1)
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> Document:
    doc = Document(path=path, display=display, data=None)
    try:
        doc.data = _Builder(doc).build(_events(text))
    except _BuildFailure as exc:
        raise LoadError(Diagnostic(display, exc.mark.line, exc.mark.col, "error", exc.message)) \
            from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (exc.problem, exc.context and f"({exc.context})") if p)
        raise LoadError(Diagnostic(display, line, col, "error", f"invalid YAML: {what}")) from None
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        mark = getattr(exc, "position", None)
        raise LoadError(Diagnostic(display, 1, 1, "error", f"invalid YAML: {exc}")) from None
    if not isinstance(doc.data, dict):
        kind = _kind(doc.data)
        raise LoadError(doc.diagnostic((), f"top level must be a mapping of keys to values, "
                                            f"found {kind}"))
    return doc


def _events(text: str) -> Iterator[yaml.Event]:
    parser = _Parser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
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


class _BuildFailure(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        self.mark, self.message = mark, message


def _mark(event: yaml.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: JsonPath
    anchor: str | None
    size: int = 1
    pending_key: str | None = None
    pending_key_mark: Mark | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total = 0

    def build(self, events: Iterator[yaml.Event]) -> Any:
        stack: list[_Frame] = []
        result: Any = None
        documents = 0
        for ev in events:
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _BuildFailure(_mark(ev), "a file holds one YAML document; "
                                                   "remove the second `---`")
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                               yaml.DocumentEndEvent)):
                continue
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, frame.size)
                if stack:
                    self._attach(stack[-1], frame.container, frame.size, frame.path)
                else:
                    result = frame.container
                continue

            # A node starts: a scalar, an alias, or a collection.
            mark = _mark(ev)
            if stack and isinstance(stack[-1].container, dict) and stack[-1].pending_key is None:
                self._take_key(stack[-1], ev, mark)
                continue
            path = self._child_path(stack)
            if isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in self.anchors:
                    raise _BuildFailure(mark, f"alias *{ev.anchor} refers to no finished anchor")
                value, size = self.anchors[ev.anchor]
                self._count(size, mark)
                self.doc.positions[path] = mark
                if stack:
                    self._attach(stack[-1], value, size, path)
                else:
                    result = value
                continue
            if isinstance(ev, yaml.ScalarEvent):
                value = self._scalar(ev, mark)
                self._count(1, mark)
                self.doc.positions[path] = mark
                if ev.anchor is not None:
                    self.anchors[ev.anchor] = (value, 1)
                if stack:
                    self._attach(stack[-1], value, 1, path)
                else:
                    result = value
                continue
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                is_map = isinstance(ev, yaml.MappingStartEvent)
                self._check_tag(ev.tag, _MAP_TAG if is_map else _SEQ_TAG, mark)
                if len(stack) >= MAX_DEPTH:
                    raise _BuildFailure(mark, f"nesting is deeper than {MAX_DEPTH} levels")
                self._count(1, mark)
                self.doc.positions[path] = mark
                stack.append(_Frame({} if is_map else [], path, ev.anchor))
                continue
            raise _BuildFailure(mark, f"unexpected YAML event {type(ev).__name__}")  # pragma: no cover
        return result

    def _count(self, size: int, mark: Mark) -> None:
        self.total += size
        if self.total > MAX_EXPANDED_NODES:
            raise _BuildFailure(mark, f"aliases expand the document past {MAX_EXPANDED_NODES:,} "
                                      "values; write the data out instead of repeating anchors")

    def _child_path(self, stack: list[_Frame]) -> JsonPath:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, dict):
            assert top.pending_key is not None
            return (*top.path, top.pending_key)
        return (*top.path, len(top.container))

    def _take_key(self, frame: _Frame, ev: yaml.Event, mark: Mark) -> None:
        if not isinstance(ev, yaml.ScalarEvent):
            raise _BuildFailure(mark, "a mapping key must be a plain value, "
                                      "not a list, mapping or alias")
        self._check_tag(ev.tag, None, mark)
        key = ev.value
        if key in frame.key_lines:
            raise _BuildFailure(mark, f"duplicate key '{key}' (first set on line "
                                      f"{frame.key_lines[key]}); keep one of them")
        frame.key_lines[key] = mark.line
        frame.pending_key, frame.pending_key_mark = key, mark
        self.doc.key_positions[(*frame.path, key)] = mark

    def _attach(self, frame: _Frame, value: Any, size: int, path: JsonPath) -> None:
        frame.size += size
        if isinstance(frame.container, dict):
            assert frame.pending_key is not None
            frame.container[frame.pending_key] = value
            frame.pending_key = None
        else:
            frame.container.append(value)

    def _check_tag(self, tag: str | None, expected: str | None, mark: Mark) -> None:
        if tag is None or tag == "!" or tag == expected or (expected is None and
                                                            tag in _SCALAR_TAGS):
            return
        raise _BuildFailure(mark, f"the tag {_short_tag(tag)} is not allowed here; "
                                  "roadmap files use plain YAML values only")

    def _scalar(self, ev: yaml.ScalarEvent, mark: Mark) -> Any:
        tag, value = ev.tag, ev.value
        if tag is not None and tag != "!":
            if tag not in _SCALAR_TAGS:
                self._check_tag(tag, None, mark)
            return _explicit(tag, value, mark)
        if not ev.implicit[0]:  # quoted or block scalar without a tag: a string
            return value
        return _resolve_plain(value)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _resolve_plain(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _explicit(tag: str, value: str, mark: Mark) -> Any:
    kind = tag[len(_STD):]
    if kind == "str":
        return value
    resolved = _resolve_plain(value)
    ok = {
        "null": resolved is None,
        "bool": isinstance(resolved, bool),
        "int": isinstance(resolved, int) and not isinstance(resolved, bool),
        "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
    }[kind]
    if not ok:
        raise _BuildFailure(mark, f"'{value}' is not a valid !!{kind}")
    return float(resolved) if kind == "float" else resolved
