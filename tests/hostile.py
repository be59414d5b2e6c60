"""A hostile variant of the example roadmap: every free-text field of every file holds an
attack, chosen by walking the JSON Schemas, so a field added later is attacked too.

Each payload, if it ever ran, would call `alert(N)`; the browser test listens for
dialogs. Each also carries the word `Zq` so the site search finds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import copy_example
from gitrepo import commit, git

from generator.data.schema import validator
from generator.data.validate import FOLDERS, OPTIONAL_FILES
from generator.site.config_rules import ALLOWED_FEATURES

TEXT_PAYLOADS = [
    "Zq </title><script>alert(1)</script><!--",
    "Zq <img src=x onerror=alert(2)>",
    "Zq {: onmouseover=alert(3) }",
    "Zq [x](javascript:alert(4))",
    "Zq &lt;script&gt;alert(5)&lt;/script&gt;",
    'Zq "><svg onload=alert(6)>',
    "Zq {{ cycler.__init__.__globals__ }} {% raw %}",
    "Zq <a href=javascript:alert(7)>a</a>",
    "Zq `</code><script>alert(8)</script>`",
    'Zq --8<-- "/etc/passwd"',
    "Zq <iframe src=javascript:alert(9)>",
    "Zq ' onfocus='alert(10)' autofocus='",
]

MARKDOWN_PAYLOAD = "\n\n".join(
    [
        "Zq **markdown** field with safe links: [up](../) and [top](#top)",
        "[nested](javascript:window.alert(21);void((1)))",
        "[plain](javascript:alert(22)) [upper](JavaScript:alert(23)) [tab](java\tscript:alert(24))",
        "[data](data:text/html,<script>alert(25)</script>) [vb](vbscript:msgbox(26))",
        "> [r1]: javascript:alert(27)\n\n[quote ref][r1]",
        "- [r2]: javascript:alert(28)\n\n[list ref][r2]",
        '=== "Tab"\n\n    [r3]: javascript:alert(29)\n\n[tab ref][r3]',
        "!!! note\n    [r4]: javascript:alert(30)\n\n[note ref][r4]",
        "<script>alert(31)</script> <img src=x onerror=alert(32)> <svg onload=alert(33)>",
        '<a href="javascript:alert(34)">raw link</a> <iframe src="javascript:alert(35)"></iframe>',
        "<javascript:alert(36)> ![img](javascript:alert(37)) ![remote](https://evil.invalid/x.png)",
        "## Heading {: onclick=alert(38) }",
        "```\n</code></pre><script>alert(39)</script>\n```",
        "<!-- --><script>alert(40)</script> <style>*{display:none}</style>",
        '[titled](../ "<img src=x onerror=alert(60)>") a link title',
        "| a | b |\n|---|---|\n| <img src=x onerror=alert(41)> | [c](javascript:alert(42)) |",
        '--8<-- "/etc/passwd"',
    ]
)

# Fields that name a person or team from people.yaml: poisoning them breaks references.
_REFERENCES = frozenset({"owner", "team", "lead", "contact"})

# Links to requests (`request_url:`) must be http(s); these are, and try to break out of
# the link in Markdown and HTML. Following one is the reader's choice: the browser tests
# let navigations to REQUEST_HOST through (and nothing else that leaves the machine).
REQUEST_HOST = "requests.example.org"
REQUEST_URLS = [
    f"https://{REQUEST_HOST}/1)(javascript:alert(71))",
    f"https://{REQUEST_HOST}/2]](javascript:alert(72)){{:onclick=alert(73)}}",
    f"https://{REQUEST_HOST}/3?a=1&b=|x|*y*#~z~",
]


def _is_free_text(schema: dict[str, Any]) -> bool:
    return (
        schema.get("type") == "string"
        and not {"pattern", "enum", "format", "const"} & set(schema)
        and "propertyNames" not in schema
    )


def _branch(schema: dict[str, Any], value: Any) -> dict[str, Any]:
    """The oneOf/anyOf branch (or the schema itself) that describes `value`."""
    for key in ("oneOf", "anyOf"):
        for option in schema.get(key, []):
            if isinstance(value, dict) and option.get("type") == "object":
                return dict(option)
            if isinstance(value, str) and option.get("type") == "string":
                return dict(option)
    for option in schema.get("allOf", []):
        schema = {**option, **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


class Poisoner:
    def __init__(self) -> None:
        self.count = 0

    def text(self, schema: dict[str, Any]) -> str:
        self.count += 1
        if schema.get("x-expected") == "Markdown text":
            payload = f"{MARKDOWN_PAYLOAD}\n\nfield {self.count}"
        else:
            payload = TEXT_PAYLOADS[self.count % len(TEXT_PAYLOADS)]
        return payload[: schema.get("maxLength", len(payload))]

    def walk(self, value: Any, schema: dict[str, Any], key: str = "") -> Any:
        schema = _branch(schema, value)
        if isinstance(value, dict):
            props = schema.get("properties", {})
            return {k: self.walk(v, props.get(k, {}), k) for k, v in value.items()}
        if isinstance(value, list):
            items = schema.get("items", {})
            return [self.walk(v, items if isinstance(items, dict) else {}, key) for v in value]
        if isinstance(value, str) and key not in _REFERENCES and _is_free_text(schema):
            return self.text(schema)
        return value


def _kind(rel: Path) -> str | None:
    if rel.as_posix() == "roadmap.yaml":
        return "roadmap"
    if rel.as_posix() in OPTIONAL_FILES:
        return OPTIONAL_FILES[rel.as_posix()]
    return FOLDERS.get(rel.parts[0]) if len(rel.parts) == 2 else None


def hostile_project(target: Path) -> tuple[Path, int]:
    """The example in `target`, every free-text field poisoned, in a git repository whose
    history has hostile commit subjects and authors. Returns (project, fields poisoned)."""
    copy_example(target)
    # Every theme feature an author may turn on: a payload must not run with any of them.
    settings = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    settings["theme"]["features"] = sorted(ALLOWED_FEATURES)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    git(target, "init", "-q", "-b", "main")
    commit(target, "First roadmap", {})
    poison = Poisoner()
    for path in sorted((target / "roadmap").rglob("*.yaml")):
        kind = _kind(path.relative_to(target / "roadmap"))
        if kind is None:
            continue
        head = path.read_text("utf-8").split("\n", 1)[0]
        data = yaml.safe_load(path.read_text("utf-8"))
        poisoned = poison.walk(data, validator(kind).schema)
        if kind == "initiative" and poisoned.get("requested_by"):
            poisoned["request_url"] = REQUEST_URLS[poison.count % len(REQUEST_URLS)]
        body = yaml.safe_dump(poisoned, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text((head + "\n" if head.startswith("#") else "") + body, "utf-8")
    git(target, "add", "-A")
    git(
        target,
        "commit",
        "-q",
        "--author",
        "Zq <img src=x onerror=alert(51)> <x@example.invalid>",
        "-m",
        "Zq <script>alert(52)</script> [x](javascript:alert(53))\n\nbody {: onclick=alert(54) }",
    )
    return target, poison.count
