"""The options that several commands share, each declared once, and the values they parse into.

A command takes its options from here, so `--data` or `--format` reads and behaves the
same everywhere. The lists of choices (editions, builders, review kinds) belong to the
modules that act on them and are read from there only when an option is used or shown:
importing those modules up front would slow every command, `roadmap --help` included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .output import REPORTING, Reporting

if TYPE_CHECKING:
    _Choice = click.Choice[str]
    _NumberType = click.ParamType[float]
else:  # click.Choice and click.ParamType are generic only from click 8.4 on
    _Choice = click.Choice
    _NumberType = click.ParamType

F = TypeVar("F", bound=Callable[..., Any])


class LazyChoice(_Choice):
    """A choice among names that another module defines, read the first time they are needed."""

    def __init__(self, names: Callable[[], Sequence[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @cached_property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._names())


def _editions() -> tuple[str, ...]:
    from ..site.editions import ALIASES, EDITIONS

    return (*EDITIONS, *ALIASES)


def _builders() -> tuple[str, ...]:
    from ..site.build import BUILDERS

    return BUILDERS


def _review_kinds() -> tuple[str, ...]:
    from ..scaffold.new import REVIEW_KINDS

    return REVIEW_KINDS


REVIEW_KIND = LazyChoice(_review_kinds)


@dataclass(frozen=True)
class PlanSettings:
    """What the planner is told besides the data: the day it plans as of and its time limit."""

    today: dt.date
    time_limit: float


def plan_settings(today: dt.date | None, time_limit: float | None) -> PlanSettings:
    """The planner's settings from `--today` and `--time-limit`, defaults filled in."""
    from ..clock import build_date
    from ..planning.milp import DEFAULT_TIME_LIMIT

    return PlanSettings(
        today=today or build_date(),
        time_limit=DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
    )


def _remember(ctx: click.Context, **changes: bool) -> None:
    """Note how diagnostics are to be reported, for the error boundary in `main`."""
    ctx.meta[REPORTING] = replace(ctx.meta.get(REPORTING, Reporting()), **changes)


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),  # checked by validate(), which explains a wrong path
    default=Path("roadmap"),
    show_default=True,
    help="The roadmap data directory.",
)


def format_option(*choices: str, help: str | None = None) -> Callable[[F], F]:
    """`--format`, one of `choices`, the first by default; `github` reports as annotations."""

    def note(ctx: click.Context, _: click.Parameter, value: str) -> str:
        _remember(ctx, github=value == "github")
        return value

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
        callback=note,
    )


def output_option(help: str) -> Callable[[F], F]:
    """`--output FILE` of an export: any path here; the export itself checks the name, the
    folder and the file, and exits 1 with the reason."""
    return click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help=help)


def _note_strict(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
    _remember(ctx, strict=value)
    return value


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors.", callback=_note_strict
)


def audience_option(verb: str) -> Callable[[F], F]:
    """`--audience`: the edition to `verb` (build, serve)."""
    return click.option(
        "--audience",
        type=LazyChoice(_editions),
        default=None,
        help=f"The edition to {verb}; all is the same as leadership.  [default: "
        "publish.audience in roadmap.yaml, else team]",
    )


def _as_date(_: click.Context, __: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def today_option(help: str) -> Callable[[F], F]:
    """`--today YYYY-MM-DD`, parsed into a date; None when not given."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help=help,
        callback=_as_date,
    )


def date_option(help: str) -> Callable[[F], F]:
    """`--date YYYY-MM-DD`, the day an entry is for, parsed into a date; None when not given."""
    return click.option(
        "--date",
        "day",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help=help,
        callback=_as_date,
    )


def today() -> dt.date:
    """The day a `--today` or `--date` left out stands for: today, or SOURCE_DATE_EPOCH's."""
    from ..clock import build_date

    return build_date()


class Number(_NumberType):
    """A number as YAML writes it: `60` stays an integer, `4.25` a decimal; within a range."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None) -> None:
        self.low, self.high = low, high

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, (int, float)):
            number: float = value
        else:
            try:
                number = int(value)
            except ValueError:
                try:
                    number = float(value)
                except ValueError:
                    self.fail(f"{value!r} is not a number", param, ctx)
        if number != number or number in (float("inf"), float("-inf")):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            self.fail(f"{value} is not between {self.low:g} and {self.high:g}", param, ctx)
        return number


PLAN_TODAY = (
    "Plan as of this date (YYYY-MM-DD): in the horizon's first quarter only the days left are "
    "open to work not yet started, and progress (late and stale work) is judged as of it.  "
    "[default: today, or SOURCE_DATE_EPOCH when set]"
)

time_limit_option = click.option(
    "--time-limit",
    type=click.FloatRange(0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop the exact planner after this many seconds (a safety net: the plan says when "
    "it was used).  [default: 8]",
)

builder_option = click.option(
    "--builder",
    type=LazyChoice(_builders),
    default="mkdocs",
    show_default=True,
    help="The static-site builder; zensical needs the `zensical` extra installed.",
)

scenario_option = click.option(
    "--scenario",
    "scenario_id",
    default=None,
    metavar="ID",
    help="Plan under the scenario scenarios/ID.yaml instead of the data as it is.",
)
