"""JSON Schema validation of each loaded file, with messages that point at the line.

The schemas (Draft 2020-12) ship inside the package in `schemas/` and are published
with the site so editors can complete and check the data files.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import referencing
from jsonschema import Draft202012Validator, ValidationError
from referencing.jsonschema import DRAFT202012

from .errors import Diagnostic
from .loader import Document

SCHEMA_NAMES = ("roadmap", "initiative", "calendar", "people", "kpis", "okrs")
_BASE = "https://cs-roadmap.schemas.invalid/"  # an in-memory base for relative $refs only


def schema_text(name: str) -> str:
    """The JSON text of one published schema (`common` or one of SCHEMA_NAMES)."""
    return (resources.files(__package__) / "schemas" / f"{name}.schema.json").read_text("utf-8")


@cache
def _registry() -> referencing.Registry[Any]:
    registry: referencing.Registry[Any] = referencing.Registry()
    for name in ("common", *SCHEMA_NAMES):
        resource = referencing.Resource.from_contents(
            json.loads(schema_text(name)), default_specification=DRAFT202012
        )
        registry = registry.with_resource(_BASE + f"{name}.schema.json", resource)
    return registry


@cache
def validator(name: str) -> Draft202012Validator:
    schema = {**json.loads(schema_text(name)), "$id": _BASE + f"{name}.schema.json"}
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def check_document(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in one file, each at the line of the offending key or value."""
    found: list[Diagnostic] = []
    for error in validator(kind).iter_errors(doc.data):
        found.extend(_diagnostics(doc, error))
    return found


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
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, (dict, list)):
        return ""
    return json.dumps(value)


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
        return "null"
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


def _diagnostics(doc: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    where = _where(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    validator_name = error.validator
    if validator_name == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(schema.get("properties", {}))
        for key in sorted(k for k in error.instance if k not in known):
            msg = f"unknown key '{key}'"
            if where != "the file":
                msg += f" in {where}"
            normal = key.replace("-", "_").lower()
            close = [k for k in known if k == normal] or difflib.get_close_matches(
                normal, known, n=1, cutoff=0.6
            )
            msg += f"; did you mean '{close[0]}'?" if close else (
                f"; expected one of: {', '.join(known)}" if known else ""
            )
            yield doc.diagnostic((*path, key), msg, key=True)
        return
    if validator_name == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        target = "the file" if not path else where
        yield doc.diagnostic(path, f"missing required key '{missing}' in {target}")
        return
    if validator_name == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = _expected(error.schema) if isinstance(error.schema, dict) else None
        if not expected:
            expected = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield doc.diagnostic(
            path, f"{where}: expected {expected}, got {_kind(error.instance)} {_show(error.instance)}".rstrip()
        )
        return
    if validator_name == "enum":
        options = [str(o) for o in error.validator_value]
        msg = f"{where}: {_show(error.instance)} is not one of: {', '.join(options)}"
        if isinstance(error.instance, str):
            close = difflib.get_close_matches(error.instance, options, n=1, cutoff=0.6)
            if close:
                msg += f"; did you mean '{close[0]}'?"
        yield doc.diagnostic(path, msg)
        return
    if validator_name in ("pattern", "format", "minLength") and isinstance(error.instance, str):
        expected = _expected(schema) or (
            "a non-empty value" if validator_name == "minLength" else f"a {error.validator_value}"
        )
        yield doc.diagnostic(path, f"{where}: {_show(error.instance)} is not valid; "
                                   f"expected {expected}")
        return
    if validator_name in ("oneOf", "anyOf"):
        # Explain the branch meant for this kind of value (a mapping's own errors, say)
        # rather than "matched none of the alternatives".
        relevant = [e for e in error.context or []
                    if not (e.validator == "type" and not e.relative_path)]
        if relevant and isinstance(error.instance, (dict, list)):
            for sub in relevant:
                yield from _diagnostics(doc, sub)
            return
        expected = _expected(schema)
        if expected:
            got = f"{_kind(error.instance)} {_show(error.instance)}".rstrip()
            yield doc.diagnostic(path, f"{where}: expected {expected}, got {got}")
            return
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None:
            yield from _diagnostics(doc, best)
            return
    if validator_name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = error.validator_value
        rule = {
            "minimum": f"at least {bound}",
            "maximum": f"at most {bound}",
            "exclusiveMinimum": f"more than {bound}",
            "exclusiveMaximum": f"less than {bound}",
        }[str(validator_name)]
        yield doc.diagnostic(path, f"{where}: {_show(error.instance)} is out of range; "
                                   f"expected {rule}")
        return
    if validator_name == "maxLength":
        yield doc.diagnostic(path, f"{where}: text is {len(error.instance)} characters long; "
                                   f"the limit is {error.validator_value}")
        return
    if validator_name == "minItems":
        yield doc.diagnostic(path, f"{where}: needs at least {error.validator_value} "
                                   f"item{'s' if error.validator_value != 1 else ''}")
        return
    if validator_name == "uniqueItems":
        yield doc.diagnostic(path, f"{where}: lists the same item twice")
        return
    if validator_name == "propertyNames":
        for key in error.instance if isinstance(error.instance, dict) else ():
            if not validator_for_fragment(schema["propertyNames"]).is_valid(key):
                expected = _expected(schema["propertyNames"]) or "a valid key"
                yield doc.diagnostic((*path, key), f"{where}: key {key!r} is not valid; "
                                                   f"expected {expected}", key=True)
        return
    yield doc.diagnostic(path, f"{where}: {error.message}")


@cache
def _fragment_validator(text: str) -> Draft202012Validator:
    schema = {**json.loads(text), "$id": _BASE + "fragment.json"}
    return Draft202012Validator(schema, registry=_registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def validator_for_fragment(schema: dict[str, Any]) -> Draft202012Validator:
    return _fragment_validator(json.dumps(schema, sort_keys=True))
