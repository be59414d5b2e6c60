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

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import Diagnostic, Severity, display_path
from .yaml_hints import SyntaxProblem, explain

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
MAX_TEXT = 20_000  # characters in one value or key; the schemas set tighter limits per field
MAX_ITEMS = 1_000  # entries in one list or mapping; the schemas set tighter limits per field
MAX_NUMBER = 10**15  # beyond this, sums and float conversions lose meaning or overflow
_MAX_DIGITS = 20  # a plain number with more digits than this is refused before parsing

JsonPath = tuple[str | int, ...]

# Control characters other than tab and newline can only come from escapes such as
# "\\e" in a quoted string; a terminal or CI log would act on them, so values refuse them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NOT_A_NUMBER = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null")}
_MAP_TAG, _SEQ_TAG = _STD + "map", _STD + "seq"


class Mark(NamedTuple):  # a tuple: one is made per node, and a frozen dataclass is slow to make
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
        doc.data = _Builder(doc).build(_events(text))
    except _BuildFailure as exc:
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


class _BuildFailure(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        self.mark, self.message = mark, message


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
    def __init__(self, doc: Document) -> None:
        self.doc = doc
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
                    value: Any = self._scalar(ev, mark)
                    size = len(ev.value) + 1
                    if size > MAX_TEXT + 1:
                        raise _BuildFailure(mark, _too_long(size - 1))
                    if not ev.value.isprintable():  # fast: most texts are printable
                        _check_control(ev.value, mark)
                    if ev.anchor is not None:
                        anchors[ev.anchor] = (value, size)
                elif cls is yaml.AliasEvent:
                    if ev.anchor not in anchors:
                        raise _BuildFailure(
                            mark, f"alias *{ev.anchor} refers to no finished anchor"
                        )
                    value, size = anchors[ev.anchor]
                else:
                    is_map = cls is yaml.MappingStartEvent
                    self._check_tag(ev.tag, _MAP_TAG if is_map else _SEQ_TAG, mark)
                    if len(stack) >= MAX_DEPTH:
                        raise _BuildFailure(mark, f"nesting is deeper than {MAX_DEPTH} levels")
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
                    raise _BuildFailure(
                        _mark(ev), "a file holds one YAML document; remove the second `---`"
                    )
            # stream start and end, document end: nothing to build
        return result

    def _count(self, size: int, mark: Mark) -> None:
        self.total += size
        if self.total > MAX_EXPANDED_SIZE:
            raise _BuildFailure(
                mark,
                f"aliases expand the document past {MAX_EXPANDED_SIZE:,} characters; "
                "write the data out instead of repeating anchors",
            )

    def _take_key(self, frame: _Frame, ev: yaml.Event, mark: Mark) -> None:
        if not isinstance(ev, yaml.ScalarEvent):
            raise _BuildFailure(
                mark, "a mapping key must be a plain value, not a list, mapping or alias"
            )
        self._check_tag(ev.tag, None, mark)
        key = ev.value
        if len(key) > MAX_TEXT:
            raise _BuildFailure(mark, _too_long(len(key)))
        if not key.isprintable():
            _check_control(key, mark)
        if key in frame.key_lines:
            raise _BuildFailure(
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
            raise _BuildFailure(
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

    def _check_tag(self, tag: str | None, expected: str | None, mark: Mark) -> None:
        if (
            tag is None
            or tag == "!"
            or tag == expected
            or (expected is None and tag in _SCALAR_TAGS)
        ):
            return
        raise _BuildFailure(
            mark,
            f"the tag {_short_tag(tag)} is not allowed here; "
            "roadmap files use plain YAML values only",
        )

    def _scalar(self, ev: yaml.ScalarEvent, mark: Mark) -> Any:
        tag, value = ev.tag, ev.value
        if tag is not None and tag != "!":
            if tag not in _SCALAR_TAGS:
                self._check_tag(tag, None, mark)
            resolved = _explicit(tag, value, mark)
        elif tag == "!" or not ev.implicit[0]:  # `! 12`, quoted or block scalars: strings
            return value
        else:
            resolved = _resolve_plain(value, mark)
        if _NOT_A_NUMBER.match(value) or (
            isinstance(resolved, float) and not math.isfinite(resolved)
        ):
            # Infinities and NaN would poison every sum and comparison downstream.
            raise _BuildFailure(mark, f"{value} is not a usable number; write a finite value")
        if isinstance(resolved, bool) or not isinstance(resolved, (int, float)):
            return resolved
        if abs(resolved) > MAX_NUMBER:
            raise _BuildFailure(mark, _too_large(value))
        return resolved


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


# Only a plain scalar starting with one of these can be anything but a string.
_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfF")


def _check_control(text: str, mark: Mark) -> None:
    found = _CONTROL.search(text)
    if found:
        raise _BuildFailure(
            mark,
            f"the control character U+{ord(found.group()):04X} is not allowed in a value; "
            "remove it (in quotes it comes from an escape such as \\e or \\x1b)",
        )


def _too_long(n: int) -> str:
    return f"this text is {n:,} characters long; the limit is {MAX_TEXT:,} characters per value"


def _too_large(value: str) -> str:
    shown = value if len(value) <= 24 else value[:21] + "..."
    return f"the number {shown} is too large; numbers are limited to ±{MAX_NUMBER:,}"


_START = Mark(1, 1)


def _resolve_plain(value: str, mark: Mark = _START) -> Any:
    if value and value[0] not in _MAYBE_NOT_TEXT:  # most values are text: skip the regexes
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if len(value) > _MAX_DIGITS and (
        _INT.match(value) or _INT_OCT.match(value) or _INT_HEX.match(value)
    ):
        # int() of thousands of digits is slow and then fails Python's digit limit
        raise _BuildFailure(mark, _too_large(value))
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    return value


def _explicit(tag: str, value: str, mark: Mark) -> Any:
    kind = tag[len(_STD) :]
    if kind == "str":
        return value
    resolved = _resolve_plain(value, mark)
    ok = {
        "null": resolved is None,
        "bool": isinstance(resolved, bool),
        "int": isinstance(resolved, int) and not isinstance(resolved, bool),
        "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
    }[kind]
    if not ok:
        raise _BuildFailure(mark, f"'{value}' is not a valid !!{kind}")
    return float(resolved) if kind == "float" else resolved
