"""GitHub issue forms: the form definitions, and the answers in a submitted issue's body.

GitHub writes a submitted form as Markdown: for each field, `### <label>`, a blank
line, then the answer (`_No response_` for an empty one). The labels are for people
and may change; the tool reads fields by their ids. So a body is read back through
the form definitions (`.github/ISSUE_TEMPLATE/*.yml`): each heading's label names a
field id of the form whose labels the headings match. Which form it is (a request, a
progress check-in, a KPI reading) follows from the ids it has (`problem`, `initiative`,
`kpi`). Nothing in the body is run or fetched; it is only text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import DataError, Diagnostic, RoadmapError, display_path

FormKind = Literal["request", "checkin", "reading"]
NO_RESPONSE = "_No response_"
MAX_BODY = 65_536  # GitHub's limit on an issue body
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
# The ids each kind of form must have (the request's are binding), which tell them apart.
KINDS: dict[FormKind, frozenset[str]] = {
    "request": frozenset(
        {
            "title",
            "problem",
            "requested_by",
            "impact",
            "effort",
            "duration",
            "deadline",
            "deadline_reason",
            "depends_on",
        }
    ),
    "checkin": frozenset({"initiative", "status", "note"}),
    "reading": frozenset({"kpi", "value"}),
}
SKELETON_FORMS = Path(__file__).resolve().parent.parent / "scaffold" / "skeleton" / "dot-github"


@dataclass(frozen=True)
class Form:
    """One issue form: its file, its kind and its fields (label -> id), in order."""

    path: Path
    kind: FormKind
    fields: dict[str, str]


@dataclass(frozen=True)
class Answers:
    """A submitted form: which form, and each field's answer (None when left empty)."""

    form: Form
    values: dict[str, str | None]
    lines: dict[str, int]  # the line of each field's heading, for messages
    shown: str  # the body's file, as messages name it

    def get(self, field: str) -> str | None:
        return self.values.get(field)

    def problem(self, field: str, message: str) -> Diagnostic:
        label = next((k for k, v in self.form.fields.items() if v == field), field)
        return Diagnostic(self.shown, self.lines.get(field, 1), 1, "error", f"{label}: {message}")


class NotAForm(RoadmapError):
    """The text is not the body of a submitted issue form."""


def forms_folder(project: Path) -> Path:
    """The repository's issue forms, else the ones `roadmap init` writes."""
    own = project / ".github" / "ISSUE_TEMPLATE"
    return own if own.is_dir() else SKELETON_FORMS / "ISSUE_TEMPLATE"


def load_forms(folder: Path) -> list[Form]:
    """The issue forms in `folder` that the tool knows (by their field ids)."""
    forms = []
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RoadmapError(f"{display_path(path)}: cannot read the issue form: {exc}") from None
        body = data.get("body") if isinstance(data, dict) else None
        if not isinstance(body, list):
            continue  # config.yml, or not a form
        fields: dict[str, str] = {}
        for item in body:
            attributes = item.get("attributes") if isinstance(item, dict) else None
            if isinstance(attributes, dict) and isinstance(item.get("id"), str):
                label = attributes.get("label")
                if isinstance(label, str):
                    fields[label.strip()] = item["id"]
        ids = set(fields.values())
        kind = next((k for k, need in KINDS.items() if need <= ids), None)
        if kind is not None:
            forms.append(Form(path, kind, fields))
    return forms


def read_answers(body: str, forms: Iterable[Form], shown: str) -> Answers:
    """The form a body was written from and its answers; NotAForm when it is none of them."""
    if len(body) > MAX_BODY:
        raise NotAForm(f"{shown}: over {MAX_BODY:,} characters; not an issue body")
    sections = _sections(body.replace("\r\n", "\n").replace("\r", "\n"))
    known = list(forms)
    if not sections:
        raise NotAForm(
            f"{shown} is not an issue form: it has no `### <label>` headings; open the "
            f"issue with one of the forms ({_names(known)})"
        )
    labels = [label for label, _, _ in sections]
    for form in known:
        if all(label in form.fields for label in labels):
            values: dict[str, str | None] = {}
            lines: dict[str, int] = {}
            for label, text, line in sections:
                values[form.fields[label]] = None if text in ("", NO_RESPONSE) else text
                lines[form.fields[label]] = line
            return Answers(form, values, lines, shown)
    raise NotAForm(
        f"{shown} is not an issue form: its headings ({', '.join(labels)}) match none of "
        f"the forms ({_names(known)})"
    )


def _names(forms: list[Form]) -> str:
    return ", ".join(f.path.name for f in forms) or "none found"


def _sections(body: str) -> list[tuple[str, str, int]]:
    """(label, answer, line of the heading) for each `### label` heading, in order."""
    sections: list[tuple[str, list[str], int]] = []
    fence = False
    for n, line in enumerate(body.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _HEADING.match(line)
        if m:
            sections.append((m.group(1).strip(), [], n))
        elif sections:
            sections[-1][1].append(line)
    return [(label, "\n".join(lines).strip(), n) for label, lines, n in sections]


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return words[:48].rstrip("-") or "request"


def request_fields(answers: Answers, taken: Iterable[str]) -> dict[str, Any]:
    """The new initiative a request asks for (status proposed, source request), in the
    order of its file; its id made from the title, with a number added if taken.
    DataError with every answer that cannot be read."""
    problems: list[Diagnostic] = []
    get = answers.get
    title = get("title") or ""
    used = set(taken)
    base = _slug(title)
    initiative_id, n = base, 2
    while initiative_id in used:
        initiative_id, n = f"{base}-{n}", n + 1
    fields: dict[str, Any] = {"id": initiative_id, "title": " ".join(title.split())}
    for key in ("problem", "requested_by"):
        if not get(key):
            problems.append(answers.problem(key, "no answer; it is required"))
    if get("problem"):
        fields["description"] = get("problem")
    if get("requested_by"):
        fields["requested_by"] = " ".join((get("requested_by") or "").split())
    fields["status"] = "proposed"
    for key, kind in (("impact", int), ("effort", float), ("duration", int)):
        text = get(key)
        if text is None:
            if key != "duration":
                problems.append(answers.problem(key, "no answer; it is required"))
            continue
        value = _number(text)
        if value is None or (kind is int and not float(value).is_integer()):
            what = "a whole number" if kind is int else "a number"
            problems.append(answers.problem(key, f"'{text}' is not {what}"))
            continue
        fields[key] = int(value) if kind is int or float(value).is_integer() else value
    if get("depends_on"):
        fields["depends_on"] = [t for t in re.split(r"[,;\s]+", get("depends_on") or "") if t]
    deadline, reason = get("deadline"), get("deadline_reason")
    if deadline and not reason:
        problems.append(answers.problem("deadline_reason", "a deadline needs its reason"))
    elif reason and not deadline:
        problems.append(answers.problem("deadline", "a reason given, but no deadline"))
    elif deadline and reason:
        fields["urgency"] = {"deadline": deadline.strip(), "reason": reason}
    fields["source"] = "request"
    if not title.strip():
        problems.append(answers.problem("title", "no answer; it is required"))
    if problems:
        raise DataError(problems)
    return fields


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def answer_number(answers: Answers, field: str, low: float, high: float) -> float | None:
    """An optional number answer within [low, high]; DataError when it is not one."""
    text = answers.get(field)
    if text is None:
        return None
    value = _number(text)
    if value is None or not low <= value <= high:
        raise DataError(
            [answers.problem(field, f"'{text}' is not a number from {low:g} to {high:g}")]
        )
    return int(value) if value.is_integer() else value


def answer_date(answers: Answers, field: str) -> dt.date | None:
    """An optional YYYY-MM-DD answer; DataError when it is not one."""
    text = answers.get(field)
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise DataError([answers.problem(field, f"'{text}' is not a date written YYYY-MM-DD")])


def answer(answers: Answers, field: str) -> str:
    """A required answer; DataError when it was left empty."""
    text = answers.get(field)
    if text is None:
        raise DataError([answers.problem(field, "no answer; it is required")])
    return text
