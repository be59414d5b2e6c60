"""The data-format reference page, generated from the JSON Schemas at build time.

The page is made from the very schemas that validate the data, so it cannot drift
from what `roadmap validate` accepts.
"""

from __future__ import annotations

import json
from typing import Any

from ..data.schema import SCHEMA_NAMES, schema_text
from .badges import code_spans

FILES = {
    "roadmap": "roadmap/roadmap.yaml",
    "initiative": "roadmap/initiatives/<id>.yaml",
    "calendar": "roadmap/calendar.yaml",
    "people": "roadmap/people.yaml",
    "kpis": "roadmap/kpis.yaml",
    "okrs": "roadmap/okrs/*.yaml",
    "review": "roadmap/reviews/<YYYY-MM-DD>.yaml",
    "current-state": "roadmap/current-state.yaml",
    "scenario": "roadmap/scenarios/<id>.yaml",
}


def _common() -> dict[str, Any]:
    defs: dict[str, Any] = json.loads(schema_text("common"))["$defs"]
    return defs


def _type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = defs.get(name, {})
        return str(schema.get("x-expected") or target.get("x-expected") or name)
    if "x-expected" in schema:
        return str(schema["x-expected"])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return "list of " + _type(schema.get("items", {}), defs)
    if kind == "object":
        return "mapping"
    bounds = []
    if "minimum" in schema:
        bounds.append(f">= {schema['minimum']}")
    if "exclusiveMinimum" in schema:
        bounds.append(f"> {schema['exclusiveMinimum']}")
    if "maximum" in schema:
        bounds.append(f"<= {schema['maximum']}")
    names = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
    }
    text = names.get(str(kind), str(kind or "any"))
    return f"{text} ({', '.join(bounds)})" if bounds else text


def _rows(schema: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        key = f"{prefix}{name}"
        desc = sub.get("description", "")
        rows.append(
            f"| `{key}` | {'yes' if name in required else ''} | "
            f"{code_spans(_type(sub, defs))} | {code_spans(desc)} |"
        )
        if sub.get("type") == "object" and "properties" in sub:
            rows += _rows(sub, defs, f"{key}.")
        items = sub.get("items", {})
        if sub.get("type") == "array" and isinstance(items, dict) and "properties" in items:
            rows += _rows(items, defs, f"{key}[].")
        for alt in sub.get("items", {}).get("oneOf", []) if isinstance(items, dict) else []:
            if alt.get("type") == "object":
                rows += _rows(alt, defs, f"{key}[].")
    return rows


def data_format_page() -> str:
    defs = _common()
    out = [
        "# Data format",
        "",
        "Generated from the JSON Schemas that `roadmap validate` uses. Unknown keys are "
        "errors. Each file may start with `# yaml-language-server: $schema=...` so that "
        "editors complete and check it; the schemas are published with this site under "
        "`schemas/`.",
        "",
    ]
    for name in SCHEMA_NAMES:
        schema = json.loads(schema_text(name))
        out += [
            f"## {schema['title']}",
            "",
            f"`{FILES[name]}`: "
            f"{code_spans(schema.get('description', '').split(': ', 1)[-1])} "
            f"Schema: [{name}.schema.json](../schemas/{name}.schema.json).",
            "",
            "| Key | Required | Type | Meaning |",
            "|---|---|---|---|",
        ]
        out += _rows(schema, defs)
        out.append("")
    return "\n".join(out)
