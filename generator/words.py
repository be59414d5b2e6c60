"""The words and numbers people read: one formatter per kind of number, one table per set
of words, one badge builder.

Every stage that writes text for people (the checks' messages, the planner's reasons, the
OKR report, the command line, the pages) takes its numbers, units, plurals and state
words from here, so that the same value reads the same everywhere: "68%" on every page,
"1 hour" and "2 hours", "1 percentage point". Nothing here knows the model; a leaf module
that every stage may import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from markupsafe import Markup, escape

# -- numbers -----------------------------------------------------------------------------


def number(x: float) -> str:
    """A number as people write it: 2.4, 12, 0.25 (at most two decimals, no trailing 0)."""
    return f"{round(x, 2):g}"


def signed(x: float) -> str:
    """A change with its sign: +5, -2.5, +0."""
    return ("+" if x >= 0 else "-") + number(abs(x))


def score(value: float | None) -> str:
    """An OKR score on the 0-1 scale, always with two decimals: 0.70; '–' when unscored."""
    return "–" if value is None else f"{value:.2f}"


def percent(share: float) -> str:
    """A share of 1 as a whole percentage: 0.333 -> '33%'."""
    return f"{round(share * 100):g}%"


def plural(n: float, word: str, many: str | None = None) -> str:
    """'1 objective', '2 objectives', '1.5 points'; `many` for irregular plurals."""
    return f"{number(n)} {word if n == 1 else many or word + 's'}"


def points(x: float) -> str:
    """An amount of effort or capacity: '1 point', '2.5 points'."""
    return plural(x, "point")


def _unit_for(value: float, unit: str) -> str:
    """A unit written as a plural word ('hours', 'tickets') reads singular for exactly 1."""
    word = len(unit) > 3 and unit.isalpha() and unit.endswith("s") and not unit.endswith("ss")
    return unit[:-1] if value == 1 and word else unit


def quantity(value: float, unit: str = "") -> str:
    """A measured value with its unit: '68%', '4 hours', '1 hour', '4.3'."""
    if not unit:
        return number(value)
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {_unit_for(value, unit)}"


def difference(value: float, unit: str = "") -> str:
    """The distance between two values: a change in a percentage is in percentage points."""
    if unit == "%":
        return plural(value, "percentage point")
    return quantity(value, unit)


def bound(direction: str, value: float, unit: str = "") -> str:
    """A floor in words: 'at least 72%' (higher is better), 'at most 4 hours'."""
    return f"{'at least' if direction == 'higher' else 'at most'} {quantity(value, unit)}"


def is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def series(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(items)
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def only(names: Iterable[str]) -> str:
    """What something scoped is for: 'Billing only', 'Billing and Payroll only'."""
    return f"{series(names)} only"


# -- dates -------------------------------------------------------------------------------


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: dt.date) -> str:
    """A day with its weekday, in English whatever the locale: 'Mon 15 Mar 2027'."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def days(first: dt.date, last: dt.date) -> str:
    """'Mon 15 Mar 2027', or 'Mon 13 Dec 2027 to Fri 7 Jan 2028' for several days."""
    return day(first) if first == last else f"{day(first)} to {day(last)}"


# -- word tables: one per set of states --------------------------------------------------

INITIATIVE_STATUS = {
    "proposed": "Proposed",
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "postponed": "Postponed",
    "dropped": "Dropped",
}
PROGRESS = {"on-track": "On track", "at-risk": "At risk", "off-track": "Off track"}
PROGRESS_FLAGS = {"late": "Late", "stale": "Stale"}
PACE = {"ahead": "Ahead", "on-pace": "On pace", "behind": "Behind"}
KPI_HEALTH = {"healthy": "Healthy", "breached": "Breached", "no data": "No reading"}
QUADRANT = {
    "quick-win": "Quick win",
    "strategic": "Strategic",
    "fill-in": "Fill-in",
    "ballast": "Ballast",
}
NOT_DOING = {
    "ballast": "Ballast: low impact for high effort",
    "postponed": "Postponed by decision",
    "dropped": "Dropped by decision",
    "blocked": "Blocked",
    "no-capacity": "No capacity left",
    "beyond-horizon": "Cannot finish inside the horizon",
}
# An ask to another function (`needs:`): where it stands, and what the plan makes of it.
ASK_STATUS = {
    "requested": "Requested",
    "agreed": "Agreed",
    "delivered": "Delivered",
    "declined": "Declined",
}
ASK_RISK = {
    "need-declined": "Work at risk",
    "need-late": "Late",
    "need-unconfirmed": "Not agreed yet",
}
# Why each of them matters, in a sentence for the organisation ({start}: the work's start).
ASK_RISK_NOTE = {
    "need-declined": "the work that needs it is still in the plan",
    "need-late": "the work starts {start}, before that date",
    "need-late-passed": "the date has passed",
    "need-unconfirmed": "the work starts {start} and nobody has agreed yet",
}
ASK_AGREED = "agreed on {day}"
# An ask's due date in the calendar file.
ASK_DUE_TITLE = "Due from {function}: {what}"
ASK_DUE_DESCRIPTION = "For {work} (by {by}). {status}{contact}."
ASK_DUE_CONTACT = "; owner in CS: {name}"
# The leadership page's groups of open asks, most urgent first; "on-track" has no risk.
ASK_GROUPS = {
    "need-declined": "Declined, while the work that needs them is planned",
    "need-late": "Late",
    "need-unconfirmed": "Not agreed yet, for work that has started or starts next quarter",
    "on-track": "On track",
}

# The not-doing register of every edition: what kind of "no" it is, and the reason the
# tool writes when the data gives none (plain words: no scores or planner terms).
NOT_DOING_PUBLIC = {
    "postponed": "Postponed",
    "dropped": "Dropped",
    "ballast": "Not worth the effort for now",
    "no-capacity": "No room in this roadmap",
    "blocked": "Waits for other work",
    "beyond-horizon": "Too long for this roadmap",
}
NOT_DOING_WHY = {
    "postponed": "Postponed by decision.",
    "dropped": "Dropped by decision.",
    "ballast": "The benefit is small for the work it would take, so other work comes first.",
    "no-capacity": (
        "The time we have for this kind of work until {end} goes to work that matters more."
    ),
    "blocked": "It cannot start before {waits_for}, which is not being done either.",
    "blocked-calendar": "The business calendar leaves it no time before {end}.",
    "beyond-horizon": "It could not be finished before this roadmap ends ({end}).",
}
REVISIT = {"due": "Revisit due"}


def revisit_words(when: str, on_day: bool) -> str:
    """'2027-Q3' -> 'in 2027-Q3'; a date -> 'by 2027-09-30'."""
    return f"by {when}" if on_day else f"in {when}"


# How a request from another function is answered ({when}: quarters, {reason}: why not).
REQUEST_ANSWER = {
    "planned": "Planned for {when}",
    "proposed": "Proposed for {when}, not committed yet",
    "in-progress": "In progress, planned until {end}",
    "done": "Done",
    "not-doing": "Not doing: {reason}",
}

REQUEST_LINK = "the request"

REVIEW_KIND = {
    "roadmap": "Roadmap review",
    "mid-quarter": "Mid-quarter OKR review",
    "okr-close": "OKR closing",
}


# The columns of `roadmap export plan`, in order, with the heading each has in the file.
PLAN_COLUMNS = {
    "id": "ID",
    "title": "Title",
    "status": "Status",
    "owner": "Owner",
    "team": "Team",
    "start": "Start quarter",
    "end": "End quarter",
    "impact": "Impact",
    "effort": "Effort (points)",
    "quadrant": "Quadrant",
    "score": "Score",
    "key_results": "Key results",
    "depends_on": "Dependencies",
    "risks": "Risks",
}


def quadrant_word(quadrant: str) -> str:
    """The quadrant inside a sentence: 'quick win', 'fill-in'."""
    return QUADRANT[quadrant].lower()


# How an entry an issue form brought in is added: the sentence closing the intake answer.
INTAKE_HOW_TO_ADD = (
    "a maintainer adds it with the label `roadmap:accept` on the issue (the intake "
    "workflow opens a pull request) or with `roadmap intake FORM.md --write`"
)

# -- badges ------------------------------------------------------------------------------

# family -> (CSS class prefix, words by state, CSS suffix by state where it differs)
_BADGES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "status": ("rm-status", INITIATIVE_STATUS, {}),
    "progress": ("rm-signal", {**PROGRESS, **PROGRESS_FLAGS}, {}),
    "health": ("rm-health", KPI_HEALTH, {"no data": "none"}),
    "ask": ("rm-ask", ASK_STATUS, {}),
    "ask-risk": ("rm-ask", ASK_RISK, {}),
    "revisit": ("rm-ask", REVISIT, {"due": "need-late"}),
    "pace": ("rm-pace", PACE, {}),
}
NO_CHECK_IN = "No check-in yet"


def badge(family: str, state: str | None) -> Markup:
    """A state in words and in form: `<span class="rm-status rm-status-planned">Planned</span>`.

    The stylesheet gives each state its own outline or fill, so the state reads in
    greyscale too; the words alone carry the meaning. A progress badge with no state is
    'No check-in yet'.
    """
    prefix, words, css = _BADGES[family]
    if state is None:
        return Markup(f'<span class="{prefix} {prefix}-none">{NO_CHECK_IN}</span>')
    label = words.get(state, state)
    return Markup(
        f'<span class="{prefix} {prefix}-{escape(css.get(state, state))}">{escape(label)}</span>'
    )
