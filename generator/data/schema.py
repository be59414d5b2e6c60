"""JSON Schema validation of each loaded file, with messages that point at the line.

The schemas (Draft 2020-12) ship inside the package in `schemas/` and are published
with the site so editors can complete and check the data files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import referencing
from jsonschema import Draft202012Validator, ValidationError
from referencing.jsonschema import DRAFT202012

from ..errors import Diagnostic
from ..words import number, plural
from .checks.suggest import closest, did_you_mean
from .loader import Document
from .schema_fast import Check, compile_check, ecma_regex

SCHEMA_NAMES = (
    "roadmap",
    "initiative",
    "calendar",
    "people",
    "kpis",
    "okrs",
    "review",
    "current-state",
    "scenario",
)
_BASE = "https://cs-roadmap.schemas.invalid/"  # an in-memory base for relative $refs only


def schema_text(name: str) -> str:
    """The JSON text of one published schema (`common` or one of SCHEMA_NAMES)."""
    return (resources.files("generator") / "schemas" / f"{name}.schema.json").read_text("utf-8")


@cache
def _registry() -> referencing.Registry[Any]:
    registry: referencing.Registry[Any] = referencing.Registry()
    for name in ("common", *SCHEMA_NAMES):
        resource = referencing.Resource.from_contents(
            json.loads(schema_text(name)), default_specification=DRAFT202012
        )
        registry = registry.with_resource(_BASE + f"{name}.schema.json", resource)
    return registry


_ANNOTATIONS = frozenset({"description", "title", "default", "x-expected", "$comment"})


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with every `common.schema.json#/$defs/...` reference written out.

    Resolving a `$ref` through the registry on every value costs more than the check
    itself (validation of 2,000 files spent half its time in urljoin); the shared
    definitions hold no references of their own, so writing them out is exact.
    """
    if isinstance(schema, list):
        return [_inline(s, defs) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _inline(v, defs) for k, v in schema.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.removesuffix(".schema.json") in SCHEMA_NAMES:
        # a whole file's schema (a scenario's new initiatives are initiatives)
        whole = _inline(json.loads(schema_text(ref.removesuffix(".schema.json"))), defs)
        whole = {k: v for k, v in whole.items() if k not in ("$schema", "title")}
        return {**whole, **{k: v for k, v in out.items() if k != "$ref"}}
    prefix = "common.schema.json#/$defs/"
    if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] in defs:
        target = defs[ref[len(prefix) :]]
        siblings = {k: v for k, v in out.items() if k != "$ref"}
        if all(k in _ANNOTATIONS or k not in target for k in siblings):
            return {**target, **siblings}
        return {"allOf": [target], **siblings}
    return out


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# Draft 2020-12 with `pattern` read as ECMA-262 regular expressions, as editors read them.
_Validator = jsonschema.validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def validator(name: str) -> Draft202012Validator:
    defs = json.loads(schema_text("common"))["$defs"]
    schema = {**_inline(json.loads(schema_text(name)), defs), "$id": _BASE + f"{name}.schema.json"}
    return _Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def fast_check(name: str) -> Check | None:
    """The compiled valid-or-not check of one schema, or None when it cannot be compiled."""
    return compile_check(validator(name).schema)


def check_document(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in one file, each at the line of the offending key or value."""
    quick = fast_check(kind)
    if quick is not None and quick(doc.data):
        return []
    found: dict[Diagnostic, None] = {}  # a date can fail both its pattern and its format
    errors = list(validator(kind).iter_errors(doc.data))
    misspelt = _misspelt_required(errors)
    for error in errors:
        if (
            error.validator == "required"
            and (
                tuple(error.absolute_path),
                _missing_key(error),
            )
            in misspelt
        ):
            continue  # the unknown key's "did you mean" says it all, once
        found.update(dict.fromkeys(_diagnostics(doc, error)))
    return list(found)


def _close_key(key: str, known: list[str]) -> str | None:
    """The known key that `key` most likely misspells (`depends-on` -> `depends_on`)."""
    normal = key.replace("-", "_").lower()
    return normal if normal in known else closest(normal, known)


def _missing_key(error: ValidationError) -> str:
    message = str(error.message)
    return message.split("'")[1] if "'" in message else message


def _misspelt_required(errors: list[ValidationError]) -> set[tuple[tuple[Any, ...], str]]:
    """(mapping path, required key) pairs where an unknown key in that mapping is a
    misspelling of the required one: `impcat: 4` is one mistake, not two."""
    out = set()
    for error in errors:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = sorted(schema.get("properties", {}))
        for key in error.instance:
            if key not in known and (close := _close_key(str(key), known)):
                out.add((tuple(error.absolute_path), close))
    return out


def _resolve_ref(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    resolved = _registry().resolver(_BASE + "x").lookup(ref).contents
    return {**resolved, **{k: v for k, v in schema.items() if k != "$ref"}}


def _where(path: tuple[str | int, ...]) -> str:
    if not path:
        return "the file"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any) -> str:
    if value is None:
        return ""  # _kind already says it
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, (dict, list)):
        return ""
    return json.dumps(value)


_NUMBER = re.compile(r"^\s*-?[0-9]+(\.[0-9]+)?\s*$")
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def _expected(schema: dict[str, Any]) -> str | None:
    schema = _resolve_ref(schema)
    hint = schema.get("x-expected")
    return hint if isinstance(hint, str) else None


def _got(value: Any) -> str:
    return f"{_kind(value)} {_show(value)}".rstrip()


# One message function per JSON Schema keyword, looked up by the keyword that failed
# (`error.validator`); a keyword without one gets jsonschema's own message. A function
# may yield several diagnostics (every unknown key), or none (an error another one
# already explains).
Explain = Callable[[Document, ValidationError], Iterator[Diagnostic]]


def _diagnostics(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    explain = _MESSAGES.get(str(error.validator), _default)
    yield from explain(doc, error)


def _schema(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _default(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    yield doc.diagnostic(path, f"{_where(path)}: {error.message}")


def _additional_properties(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    if not isinstance(error.instance, dict):
        yield from _default(doc, error)
        return
    path = tuple(error.absolute_path)
    where = _where(path)
    known = sorted(_schema(error).get("properties", {}))
    for key in sorted(k for k in error.instance if k not in known):
        msg = f"unknown key '{key}'"
        if where != "the file":
            msg += f" in {where}"
        close = _close_key(key, known)
        if key == "<<":
            msg += "; merge keys (<<) are not supported, write the keys out"
        elif error.instance[key] is None and path in doc.flow_mappings:
            msg += "; " + _comma_in_flow_value(error.instance, key)
        elif error.instance[key] is None and " " in key.strip() and not close:
            # `{what: Release notes, a beta tenant}`: the comma started a new key
            msg += (
                "; if it is the rest of a text that has a comma in it, put the whole text in quotes"
            )
        else:
            msg += (
                f"; did you mean '{close}'?"
                if close
                else (f"; expected one of: {', '.join(known)}" if known else "")
            )
        yield doc.diagnostic((*path, key), msg, key=True)


def _comma_in_flow_value(mapping: dict[str, Any], key: str) -> str:
    """`{id: qa, name: Support, QA}`: the comma made `QA` a key of its own."""
    hint = "a comma inside a value of {...} splits it; put the value in quotes"
    keys = list(mapping)
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if before is None or not isinstance(mapping[before], str):
        return hint
    whole = json.dumps(f"{mapping[before]}, {key}", ensure_ascii=False)
    return f"{hint}: {before}: {whole}"


def _required(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    target = "the file" if not path else _where(path)
    # At the key that holds the incomplete mapping (`urgency:`), not its first child.
    yield doc.diagnostic(
        path, f"missing required key '{_missing_key(error)}' in {target}", key=True
    )


def _type(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    schema = _schema(error)
    wanted = error.validator_value
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    expected = _expected(schema) or " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    hint = ""
    if (
        names == ["string"]
        and "pattern" not in schema
        and isinstance(error.instance, (bool, int, float))
    ):
        hint = "; put it in quotes if it is meant as text"  # `title: 2027`, `owner: true`
    elif (
        {"number", "integer"} & set(names)
        and isinstance(error.instance, str)
        and _NUMBER.match(error.instance)
        and path
        and isinstance(path[-1], str)
    ):  # `effort: "2"`: the quotes make the number text
        hint = f"; remove the quotes: {path[-1]}: {error.instance.strip()}"
    yield doc.diagnostic(
        path, f"{_where(path)}: expected {expected}, got {_got(error.instance)}{hint}"
    )


def _enum(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    where = _where(path)
    options = [str(o) for o in error.validator_value]
    if not isinstance(error.instance, str):
        got = _got(error.instance)
        yield doc.diagnostic(path, f"{where}: expected one of: {', '.join(options)}; got {got}")
        return
    msg = f"{where}: {_show(error.instance)} is not one of: {', '.join(options)}"
    yield doc.diagnostic(path, msg + did_you_mean(error.instance, options))


def _text_shape(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    """`pattern`, `format` and `minLength`: a text (or a mapping key) of the wrong shape."""
    if not isinstance(error.instance, str):
        yield from _default(doc, error)
        return
    path = tuple(error.absolute_path)
    where = _where(path)
    schema = _schema(error)
    keyword = error.validator
    expected = _expected(schema) or (
        "a non-empty value" if keyword == "minLength" else f"a {error.validator_value}"
    )
    if "propertyNames" in error.absolute_schema_path:  # a mapping key, not a value
        yield doc.diagnostic(
            (*path, error.instance),
            f"{where}: key {_show(error.instance)} is not valid; expected {expected}",
            key=True,
        )
        return
    problem = "is not valid"
    if keyword == "pattern" and error.instance == "index":
        problem = "is taken by the index pages"
    if keyword == "format":
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and not ecma_regex(pattern).search(error.instance):
            return  # the pattern's own error already says what is wrong
        if error.validator_value == "date":
            problem = "is not a real date (check the month and the day)"
    yield doc.diagnostic(path, f"{where}: {_show(error.instance)} {problem}; expected {expected}")


def _alternatives(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    """`oneOf` and `anyOf`: explain the branch meant for this kind of value (a mapping's
    own errors, say) rather than "matched none of the alternatives"."""
    if _keys_alternatives(error):
        yield from _missing_alternatives(doc, error)
        return
    relevant = [
        e for e in error.context or [] if not (e.validator == "type" and not e.relative_path)
    ]
    if relevant and isinstance(error.instance, (dict, list)):
        for sub in relevant:
            yield from _diagnostics(doc, sub)
        return
    expected = _expected(_schema(error))
    if expected:
        path = tuple(error.absolute_path)
        yield doc.diagnostic(
            path, f"{_where(path)}: expected {expected}, got {_got(error.instance)}"
        )
        return
    best = jsonschema.exceptions.best_match(error.context or [])
    if best is None:
        yield from _default(doc, error)
    else:
        yield from _diagnostics(doc, best)


def _keys_alternatives(error: ValidationError) -> bool:
    """An `anyOf` of `required` sets: keys that say the same in other words."""
    context = error.context or []
    return bool(context) and all(e.validator == "required" for e in context)


def _missing_alternatives(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    """One message for the alternatives ('quarter', or 'from' and 'to'). When one set
    is written in part, its `dependentRequired` names the key left out instead."""
    sets: dict[Any, list[str]] = {}
    for e in error.context or []:
        branch = e.relative_schema_path[0] if e.relative_schema_path else 0
        keys = sets.setdefault(branch, [])
        for key in e.validator_value:
            if key not in keys:
                keys.append(key)
    written = error.instance if isinstance(error.instance, dict) else {}
    if any(key in written for keys in sets.values() for key in keys):
        return
    first, *others = (" and ".join(f"'{k}'" for k in keys) for keys in sets.values())
    path = tuple(error.absolute_path)
    target = "the file" if not path else _where(path)
    alternatives = "".join(f", or {o}" for o in others)
    yield doc.diagnostic(path, f"missing required key {first} in {target}{alternatives}", key=True)


def _dependent_required(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    """`from` without `to`: at the key written, naming the one left out."""
    written = error.instance if isinstance(error.instance, dict) else {}
    path = tuple(error.absolute_path)
    for key, needs in dict(error.validator_value).items():
        missing = [n for n in needs if key in written and n not in written]
        if missing:
            also = " and ".join(f"'{n}'" for n in missing)
            yield doc.diagnostic(
                (*path, key), f"{_where((*path, key))}: needs {also} as well", key=True
            )


_BOUNDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "more than",
    "exclusiveMaximum": "less than",
}


def _bound(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    rule = f"{_BOUNDS[str(error.validator)]} {error.validator_value}"
    hint = ""
    value = error.instance
    if (
        error.validator == "maximum"
        and error.validator_value == 1
        and isinstance(value, int | float)
        and 10 <= value <= 100
    ):
        hint = f"; did you mean {number(value / 100)}? (written from 0 to 1, not as a percentage)"
    yield doc.diagnostic(
        path, f"{_where(path)}: {_show(error.instance)} is out of range; expected {rule}{hint}"
    )


def _max_length(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    yield doc.diagnostic(
        path,
        f"{_where(path)}: text is {len(error.instance)} characters long; "
        f"the limit is {error.validator_value}",
    )


def _max_items(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    if not isinstance(error.instance, list):
        yield from _default(doc, error)
        return
    path = tuple(error.absolute_path)
    yield doc.diagnostic(
        path,
        f"{_where(path)}: has {plural(len(error.instance), 'item')}; "
        f"the limit is {error.validator_value}",
    )


def _min_items(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    yield doc.diagnostic(
        path,
        f"{_where(path)}: needs at least {plural(error.validator_value, 'item')}",
    )


def _unique_items(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    yield doc.diagnostic(path, f"{_where(path)}: lists the same item twice")


_MESSAGES: dict[str, Explain] = {
    "additionalProperties": _additional_properties,
    "required": _required,
    "type": _type,
    "enum": _enum,
    "pattern": _text_shape,
    "format": _text_shape,
    "minLength": _text_shape,
    "oneOf": _alternatives,
    "anyOf": _alternatives,
    "dependentRequired": _dependent_required,
    **dict.fromkeys(_BOUNDS, _bound),
    "maxLength": _max_length,
    "maxItems": _max_items,
    "minItems": _min_items,
    "uniqueItems": _unique_items,
}
