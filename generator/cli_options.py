"""The planner's command-line options, shared by `plan`, `build` and `propose`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

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


def today_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help=help,
    )


def plan_options(today: dt.datetime | None, time_limit: float | None) -> dict[str, Any]:
    """The planner's keyword arguments: the build date and the time limit."""
    from .planning.milp import DEFAULT_TIME_LIMIT
    from .site.build import build_date

    return {
        "today": today.date() if today else build_date(),
        "time_limit": DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
    }
