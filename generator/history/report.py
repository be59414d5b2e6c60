"""The plan diff as a report: plain text for terminals, Markdown for job summaries and
the changelog page, JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..planning.plan import Risk
from ..textsafe import md_text
from ..words import number, points, quantity
from .diff import KIND_TITLES, PlanDiff


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "none"
    return quantity(value, unit)


Item = tuple[str, str]  # a line, and a detail shown beneath it ("" for none)


def _lines(
    diff: PlanDiff, code: Callable[[str], str], text: Callable[[str], str], arrow: str
) -> list[tuple[str, list[Item]]]:
    """The report as (heading, items); `code` formats ids, `text` formats data text."""
    sections: list[tuple[str, list[Item]]] = []

    def label(id: str, title: str) -> str:
        """An initiative or key result by id and title; by title alone when `code` shows
        no ids (the site's pages), by id alone when it has no title."""
        shown = code(id)
        if not title:
            return shown or text(id)
        return f"{shown} {text(title)}" if shown else text(title)

    def named(id: str) -> str:
        return label(id, diff.title_of(id) or "")

    for kind, heading in KIND_TITLES.items():
        items = []
        for c in diff.of_kind(kind):
            name = label(c.id, c.title)
            b, a = c.before, c.after
            if a is None:
                items.append((f"{name}: was {b}", ""))
                continue
            line = f"{name}: {a}" if b is None else f"{name}: {b} {arrow} {a}"
            if c.displaced_by:
                line += f"; displaced by {', '.join(named(x) for x in c.displaced_by)}"
            items.append((line, text(a.reason) if a.reason else ""))
        if items:
            sections.append((heading, items))
    if diff.statuses:
        sections.append(
            (
                "Status changes",
                [
                    (f"{label(s.id, s.title)}: {s.before} {arrow} {s.after}", "")
                    for s in diff.statuses
                ],
            )
        )
    if diff.edits:
        sections.append(
            (
                "Edited",
                [
                    (
                        f"{label(e.id, e.title)}: "
                        + "; ".join(
                            f"{f.field} {text(f.before)} {arrow} {text(f.after)}" for f in e.fields
                        ),
                        "",
                    )
                    for e in diff.edits
                ],
            )
        )
    if diff.targets:
        sections.append(
            (
                "Key-result targets",
                [
                    (
                        f"{label(t.ref, t.title)}: "
                        f"{text(_num(t.before, t.unit))} {arrow} {text(_num(t.after, t.unit))}",
                        "",
                    )
                    for t in diff.targets
                ],
            )
        )
    for heading, risks in (
        ("Risks introduced", diff.risks_introduced),
        ("Risks cleared", diff.risks_cleared),
    ):
        if risks:
            sections.append(
                (heading, [(f"{named(r.id)} ({r.kind}): {text(r.message)}", "") for r in risks])
            )
    if diff.capacity:
        sections.append(
            (
                "Capacity",
                [
                    (f"{c.quarter}: {number(c.before)} {arrow} {points(c.after)}", "")
                    for c in diff.capacity
                ],
            )
        )
    if diff.edition:
        before, after = diff.edition
        warning = (
            "the leadership edition holds internal notes, the planner's reasons and the "
            "work left out: publish it only where leadership alone can read it"
            if after == "leadership"
            else ""
        )
        sections.append(("Published edition", [(f"{before} {arrow} {after}", warning)]))
    if diff.horizon:
        old, new = diff.horizon
        sections.append(("Horizon", [(f"{old[0]}..{old[-1]} {arrow} {new[0]}..{new[-1]}", "")]))
    return sections


def format_text(diff: PlanDiff) -> str:
    out = [f"Plan changes from {diff.base} to {diff.head}: {diff.summary()}"]
    for heading, items in _lines(diff, str, lambda t: " ".join(t.split()), "->"):
        out += ["", f"{heading}:"]
        for line, detail in items:
            out += [f"  {line}", *([f"      {detail}"] if detail else [])]
    return "\n".join(out) + "\n"


def markdown_sections(diff: PlanDiff, *, ids: bool = True) -> list[tuple[str, list[Item]]]:
    """The report as (heading, [(line, detail)]), every piece ready for Markdown; without
    `ids` (the site's pages), initiatives and key results are named by title alone."""
    return _lines(diff, (lambda s: f"`{s}`") if ids else (lambda s: ""), md_text, "→")


def format_markdown(diff: PlanDiff) -> str:
    """GitHub-flavoured Markdown for a job summary; text from the data is escaped."""
    out = [
        f"## Roadmap plan: {md_text(diff.base)} → {md_text(diff.head)}",
        "",
        f"**{md_text(diff.summary())}**",
    ]
    for heading, items in markdown_sections(diff):
        out += ["", f"### {heading}", ""]
        for line, detail in items:
            out += [f"- {line}", *([f"  - {detail}"] if detail else [])]
    return "\n".join(out) + "\n"


def diff_as_json(diff: PlanDiff) -> dict[str, Any]:
    """The diff as JSON-ready values (`roadmap diff --format json`)."""

    def risk(r: Risk) -> dict[str, str]:
        return {"id": r.id, "kind": r.kind, "message": r.message}

    return {
        "base": diff.base,
        "head": diff.head,
        "summary": diff.summary(),
        "initiatives": [
            {
                "id": c.id,
                "title": c.title,
                "change": c.kind,
                "before": c.before.to_json() if c.before else None,
                "after": c.after.to_json() if c.after else None,
                "displaced_by": list(c.displaced_by),
            }
            for c in diff.initiatives
        ],
        "statuses": [{"id": s.id, "before": s.before, "after": s.after} for s in diff.statuses],
        "edits": [
            {
                "id": e.id,
                "title": e.title,
                "fields": [
                    {"field": f.field, "before": f.before, "after": f.after} for f in e.fields
                ],
            }
            for e in diff.edits
        ],
        "key_result_targets": [
            {"ref": t.ref, "unit": t.unit, "before": t.before, "after": t.after}
            for t in diff.targets
        ],
        "risks_introduced": [risk(r) for r in diff.risks_introduced],
        "risks_cleared": [risk(r) for r in diff.risks_cleared],
        "capacity": [
            {"quarter": str(c.quarter), "before": c.before, "after": c.after} for c in diff.capacity
        ],
        "horizon": None
        if diff.horizon is None
        else {
            "before": [str(q) for q in diff.horizon[0]],
            "after": [str(q) for q in diff.horizon[1]],
        },
        "published_edition": None
        if diff.edition is None
        else {"before": diff.edition[0], "after": diff.edition[1]},
    }


def format_json(diff: PlanDiff) -> str:
    return json.dumps(diff_as_json(diff), indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
