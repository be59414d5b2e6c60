"""Checks of initiatives: dependencies and supported key results resolve, dependencies
form no cycle, pins, deadlines, asks and revisits fit the horizon, and status, delivery,
progress and the state of each ask agree with each other."""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..model import Horizon, Initiative, Quarter, Roadmap
from .references import cycles
from .suggest import Hint


def check_initiatives(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = _initiative_refs(m, hint)
    out += cycles(
        {i.id: [d.id for d in i.depends_on] for i in m.initiatives},
        {i.id: i.origin for i in m.initiatives},
        "dependency cycle",
        "depends_on",
        indexed=True,
    )
    out += _horizon(m)
    out += _progress(m)
    out += _asks(m)
    return out


def _initiative_refs(m: Roadmap, hint: Hint) -> list[Diagnostic]:
    out = []
    ids = m.initiative_by_id
    for i in m.initiatives:
        seen: set[str] = set()
        for n, dep in enumerate(i.depends_on):
            if dep.id == i.id:
                out.append(i.origin.diagnostic(f"'{i.id}' depends on itself", "depends_on", n))
            elif dep.id not in ids:
                out.append(
                    i.origin.diagnostic(
                        f"depends_on: unknown initiative '{dep.id}'{hint(dep.id, ids)}",
                        "depends_on",
                        n,
                    )
                )
            if dep.id in seen:
                out.append(
                    i.origin.diagnostic(f"depends_on lists '{dep.id}' twice", "depends_on", n)
                )
            seen.add(dep.id)
        for n, ref in enumerate(i.supports):
            obj_id, _, kr_id = ref.partition(".")
            if obj_id not in m.objective_by_id:
                out.append(
                    i.origin.diagnostic(
                        f"supports: unknown objective '{obj_id}' in '{ref}'"
                        f"{hint(obj_id, m.objective_by_id)}",
                        "supports",
                        n,
                    )
                )
            elif ref not in m.key_result_by_ref:
                krs = [k.id for k in m.objective_by_id[obj_id].key_results]
                out.append(
                    i.origin.diagnostic(
                        f"supports: objective '{obj_id}' has no key result '{kr_id}'"
                        f"{hint(kr_id, krs)}",
                        "supports",
                        n,
                    )
                )
        if i.status in ("postponed", "dropped") and not i.reason:
            out.append(
                i.origin.diagnostic(
                    f"a {i.status} initiative needs a `reason:` saying why", "status"
                )
            )
    return out


def _horizon(m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    out = []
    for i in m.initiatives:
        out += _pin(i, m)
        if (
            i.urgency
            and i.urgency.deadline < h.start
            and i.status not in ("done", "dropped", "postponed")
        ):
            out.append(
                i.origin.diagnostic(
                    f"urgency.deadline {i.urgency.deadline} is before the horizon starts "
                    f"({h.start}); move the deadline or mark the initiative done",
                    "urgency",
                    "deadline",
                )
            )
    return out


def _pin(i: Initiative, m: Roadmap) -> list[Diagnostic]:
    h = m.settings.horizon
    if i.pin is None or i.status in ("done", "postponed", "dropped"):
        return []
    if i.pin not in h:
        return [
            i.origin.diagnostic(
                f"quarter {i.pin} is outside the horizon {h.start}..{h.end}; "
                "pin it inside the horizon or remove the pin",
                "quarter",
            )
        ]
    end = i.pin + (i.duration - 1)
    if end not in h:
        return [
            i.origin.diagnostic(
                f"pinned to {i.pin} with duration {i.duration}, it would end in {end}, after "
                f"the horizon ends ({h.end})",
                "quarter",
            )
        ]
    return []


def _out_of_range(when: Quarter | dt.date, h: Horizon) -> str:
    """Why a `by:` or `revisit:` is most likely a typo, or "": more than a year before the
    horizon starts, or after it ends."""
    first, last = h.start.first_day, h.end.last_day
    day_before, day_after = (
        (when.first_day, when.last_day) if isinstance(when, Quarter) else (when, when)
    )
    if day_after < first.replace(year=first.year - 1):
        return f"more than a year before the horizon starts ({h.start})"
    if day_before > last:
        return f"after the horizon ends ({h.end})"
    return ""


def _asks(m: Roadmap) -> list[Diagnostic]:
    """Asks and revisits: dates in a sensible range, `agreed_on` only once agreed."""
    h = m.settings.horizon
    out = []
    for i in m.initiatives:
        for n in i.needs:
            where = f"needs[{n.index}]"
            by = n.by_date or n.by
            far = _out_of_range(by, h) if by is not None else ""
            if far:
                out.append(
                    i.origin.diagnostic(
                        f"{where}.by {n.by_text} is {far}; check the year",
                        "needs",
                        n.index,
                        "by",
                        severity="warning",
                    )
                )
            if n.agreed_on is not None and n.status not in ("agreed", "delivered"):
                out.append(
                    i.origin.diagnostic(
                        f"{where}.agreed_on: the ask's status is {n.status}; set "
                        "`status: agreed` (or delivered) or remove `agreed_on:`",
                        "needs",
                        n.index,
                        "agreed_on",
                        severity="warning",
                    )
                )
        far = _out_of_range(i.revisit, h) if i.revisit is not None else ""
        if far:
            out.append(
                i.origin.diagnostic(
                    f"revisit {i.revisit} is {far}; check the year", "revisit", severity="warning"
                )
            )
    return out


def _progress(m: Roadmap) -> list[Diagnostic]:
    out = []
    for i in m.initiatives:
        if i.delivered is not None and i.status != "done":
            out.append(
                i.origin.diagnostic(
                    f"delivered: only done work has a delivery date, but the status is "
                    f"{i.status}; set `status: done` or remove `delivered:`",
                    "delivered",
                )
            )
        if i.progress and i.status in ("proposed", "planned"):
            out.append(
                i.origin.diagnostic(
                    f"initiative '{i.id}' has progress check-ins but its status is {i.status}; "
                    "set `status: in-progress` once the work has started",
                    "progress",
                    key=True,
                    severity="warning",
                )
            )
    return out


# A check-in this far after the day the data is read for is most likely a typo (a year
# off); a day or two ahead is someone writing up a meeting in advance.
FUTURE_GRACE = dt.timedelta(days=7)


def lint_progress_dates(m: Roadmap, today: dt.date) -> list[Diagnostic]:
    """Progress check-ins dated more than a week after `today`."""
    out = []
    for i in m.initiatives:
        for n, c in enumerate(i.progress):
            if c.date > today + FUTURE_GRACE:
                out.append(
                    i.origin.diagnostic(
                        future_words(c.date, today), "progress", n, "date", severity="warning"
                    )
                )
    return out


def future_words(day: dt.date, today: dt.date) -> str:
    """The warning for a check-in dated `day`, well after `today`."""
    text = f"check-in dated {day}, more than a week after today ({today}); it does not count yet"
    try:
        year_before = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return text
    if year_before <= today:
        text += f"; did you mean {year_before}?"
    return text
