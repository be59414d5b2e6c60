"""Plain YAML values as roadmap files may hold them: the scalar types, the tags, and
the limits on one value (its length, its characters, the size of a number).

The loader calls these for every scalar and key it reads; a value out of bounds raises
`Refused` at its mark, which the loader turns into a `path:line:col` error.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

MAX_TEXT = 20_000  # characters in one value or key; the schemas set tighter limits per field
MAX_NUMBER = 10**15  # beyond this, sums and float conversions lose meaning or overflow
_MAX_DIGITS = 20  # a plain number with more digits than this is refused before parsing

# Control characters other than tab and newline can only come from escapes such as
# "\\e" in a quoted string; a terminal or CI log would act on them, so values refuse them.
# So are the bidirectional overrides, which make a text read differently from what it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Unicode noncharacters and lone surrogates: never text, and XML (the SVG charts, the
# calendar) cannot hold them. They reach a value only through an escape in quotes.
_NONCHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NOT_A_NUMBER = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

STD = "tag:yaml.org,2002:"
SCALAR_TAGS = {STD + t for t in ("str", "int", "float", "bool", "null")}


class Mark(NamedTuple):  # a tuple: one is made per node, and a frozen dataclass is slow to make
    line: int  # 1-based
    col: int  # 1-based


class Refused(Exception):
    """A value the roadmap files may not hold, at its mark."""

    def __init__(self, mark: Mark, message: str) -> None:
        self.mark, self.message = mark, message


def check_tag(tag: str | None, expected: str | None, mark: Mark) -> None:
    """Only the standard tags: `expected` for a mapping or list, a scalar tag for keys."""
    if tag is None or tag == "!" or tag == expected or (expected is None and tag in SCALAR_TAGS):
        return
    raise Refused(
        mark,
        f"the tag {short_tag(tag)} is not allowed here; roadmap files use plain YAML values only",
    )


def check_text(text: str, mark: Mark) -> None:
    """A value's or key's length and characters."""
    if len(text) > MAX_TEXT:
        raise Refused(mark, _too_long(len(text)))
    if not text.isprintable():  # fast: most texts are printable
        found = _CONTROL.search(text)
        if found:
            raise Refused(
                mark,
                f"the control character U+{ord(found.group()):04X} is not allowed in a value; "
                "remove it (in quotes it comes from an escape such as \\e or \\x1b)",
            )
        found = _NONCHARACTER.search(text)
        if found:
            raise Refused(
                mark,
                f"U+{ord(found.group()):04X} is not a character (a Unicode noncharacter or a "
                "lone surrogate) and is not allowed in a value; remove it (in quotes it comes "
                "from an escape such as \\uFFFE)",
            )


def scalar_value(tag: str | None, value: str, plain: bool, mark: Mark) -> Any:
    """The value of a scalar as the YAML 1.2 core schema reads it (dates stay text).

    `plain` is False for quoted and block scalars, which are always text.
    """
    if tag is not None and tag != "!":
        if tag not in SCALAR_TAGS:
            check_tag(tag, None, mark)
        resolved = _explicit(tag, value, mark)
    elif tag == "!" or not plain:  # `! 12`, quoted or block scalars: strings
        return value
    else:
        resolved = _resolve_plain(value, mark)
    if _NOT_A_NUMBER.match(value) or (isinstance(resolved, float) and not math.isfinite(resolved)):
        # Infinities and NaN would poison every sum and comparison downstream.
        raise Refused(mark, f"{value} is not a usable number; write a finite value")
    if isinstance(resolved, bool) or not isinstance(resolved, (int, float)):
        return resolved
    if abs(resolved) > MAX_NUMBER:
        raise Refused(mark, _too_large(value))
    return resolved


def short_tag(tag: str) -> str:
    return "!!" + tag[len(STD) :] if tag.startswith(STD) else tag


# Only a plain scalar starting with one of these can be anything but a string.
_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfF")


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
        raise Refused(mark, _too_large(value))
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
    kind = tag[len(STD) :]
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
        raise Refused(mark, f"'{value}' is not a valid !!{kind}")
    return float(resolved) if kind == "float" else resolved
