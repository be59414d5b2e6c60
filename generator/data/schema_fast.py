"""A fast valid-or-not check compiled from each JSON Schema.

jsonschema walks a document through one validator object per keyword and value, which
made schema checks the slowest stage of `roadmap validate` (about as slow as parsing
the YAML). Most files in a pull request are valid, so each schema is also compiled into
plain closures that only answer "valid or not"; jsonschema runs, for its located
messages, only on the files that fail. The closures must agree with jsonschema on every
value (tests cross-check them); a schema using a keyword not covered here gets no fast
path at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

Check = Callable[[Any], bool]
_IGNORED = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "examples",
        "x-expected",
    }
)


class _Unsupported(Exception):
    pass


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def _json_key(v: Any) -> Any:
    """A hashable stand-in equal for JSON-equal values (1 == 1.0, but true != 1)."""
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, dict):
        return ("map", frozenset((k, _json_key(x)) for k, x in v.items()))
    if isinstance(v, list):
        return ("list", tuple(_json_key(x) for x in v))
    return ("value", v)


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(v: Any) -> bool:
        for c in checks:  # noqa: SIM110 - a plain loop is faster than all() here
            if not c(v):
                return False
        return True

    return check


def _compile(schema: Any) -> Check:
    if schema is True or schema is False:
        return lambda v: schema
    if not isinstance(schema, dict):
        raise _Unsupported(repr(schema))
    checks: list[Check] = []
    for keyword, arg in schema.items():
        if keyword in _IGNORED:
            continue
        if keyword not in _KEYWORDS:
            raise _Unsupported(keyword)
        checks.append(_KEYWORDS[keyword](arg, schema))
    return _all(checks) if checks else (lambda v: True)


def _type(arg: Any, _: dict[str, Any]) -> Check:
    names = [arg] if isinstance(arg, str) else list(arg)
    if not set(names) <= _TYPES.keys():
        raise _Unsupported(f"type {names}")
    tests = [_TYPES[n] for n in names]
    return tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))


def _properties(arg: dict[str, Any], _: dict[str, Any]) -> Check:
    props = [(name, _compile(sub)) for name, sub in arg.items()]

    def check(v: Any) -> bool:
        if isinstance(v, dict):
            for name, c in props:
                if name in v and not c(v[name]):
                    return False
        return True

    return check


def _additional(arg: Any, schema: dict[str, Any]) -> Check:
    if "patternProperties" in schema:
        raise _Unsupported("patternProperties")
    known = frozenset(schema.get("properties", {}))
    if arg is False:
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    sub = _compile(arg)
    return lambda v: not isinstance(v, dict) or all(sub(x) for k, x in v.items() if k not in known)


def _items(arg: Any, schema: dict[str, Any]) -> Check:
    if "prefixItems" in schema:
        raise _Unsupported("prefixItems")
    sub = _compile(arg)
    return lambda v: not isinstance(v, list) or all(sub(x) for x in v)


def _enum(arg: list[Any], _: dict[str, Any]) -> Check:
    if not all(isinstance(o, str) for o in arg):
        raise _Unsupported("enum of non-strings")
    options = frozenset(arg)
    return lambda v: isinstance(v, str) and v in options


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` compiled with its ECMA-262 meaning of `$`.

    In ECMA-262 (what JSON Schema and editors use) `$` matches only at the very end of
    the text; in Python it also matches before a final newline, so `^[a-z]+$` would let
    `"evil\\n"` through as an id. Every `$` outside a character class becomes `\\Z`.
    """
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return re.compile("".join(out))


def _pattern(arg: str, _: dict[str, Any]) -> Check:
    search = ecma_regex(arg).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _format(arg: str, _: dict[str, Any]) -> Check:
    conforms = Draft202012Validator.FORMAT_CHECKER.conforms
    return lambda v: conforms(v, arg)


def _of(combine: Callable[[list[bool]], bool]) -> Callable[[Any, dict[str, Any]], Check]:
    def make(arg: list[Any], _: dict[str, Any]) -> Check:
        subs = [_compile(s) for s in arg]
        return lambda v: combine([c(v) for c in subs])

    return make


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": lambda arg, _: lambda v: not isinstance(v, dict) or all(k in v for k in arg),
    "dependentRequired": lambda arg, _: (
        lambda v: (
            not isinstance(v, dict)
            or all(n in v for k, needs in arg.items() if k in v for n in needs)
        )
    ),
    "propertyNames": lambda arg, _: (
        lambda sub: lambda v: not isinstance(v, dict) or all(sub(k) for k in v)
    )(_compile(arg)),
    "items": _items,
    "minItems": lambda arg, _: lambda v: not isinstance(v, list) or len(v) >= arg,
    "maxItems": lambda arg, _: lambda v: not isinstance(v, list) or len(v) <= arg,
    "uniqueItems": lambda arg, _: (
        lambda v: not (arg and isinstance(v, list)) or len({_json_key(x) for x in v}) == len(v)
    ),
    "enum": _enum,
    "pattern": _pattern,
    "format": _format,
    "minLength": lambda arg, _: lambda v: not isinstance(v, str) or len(v) >= arg,
    "maxLength": lambda arg, _: lambda v: not isinstance(v, str) or len(v) <= arg,
    "minimum": lambda arg, _: lambda v: not _is_number(v) or not v < arg,
    "maximum": lambda arg, _: lambda v: not _is_number(v) or not v > arg,
    "exclusiveMinimum": lambda arg, _: lambda v: not _is_number(v) or not v <= arg,
    "exclusiveMaximum": lambda arg, _: lambda v: not _is_number(v) or not v >= arg,
    "oneOf": _of(lambda results: results.count(True) == 1),
    "anyOf": _of(any),
    "allOf": _of(all),
}


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A quick valid-or-not test equal to `schema` (refs inlined), or None if it cannot be."""
    try:
        return _compile(schema)
    except _Unsupported:
        return None
