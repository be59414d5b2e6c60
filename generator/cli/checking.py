"""`roadmap validate`: every data file against its schema, then every cross-file reference."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..words import plural
from .options import data_option, format_option, strict_option, time_limit_option, today_option
from .options import today as default_today
from .output import Reporting, report_diagnostics


@click.command()
@data_option
@format_option("text", "github", help="github prints workflow annotations.")
@strict_option
@today_option(
    "Check as if today were this date (YYYY-MM-DD): lints about a period that has ended "
    "are notes; given, check-ins dated more than a week later are warned about.  "
    "[default: today, or SOURCE_DATE_EPOCH when set]"
)
@time_limit_option
def validate(
    data_dir: Path, fmt: str, strict: bool, today: dt.date | None, time_limit: float | None
) -> None:
    """Check every data file against its schema and every cross-file reference."""
    from ..data.validate import load_roadmap
    from ..errors import DataError
    from ..planning.planner import DEFAULT_TIME_LIMIT, make_plan
    from ..planning.risks import plan_findings

    day = today or default_today()
    model, warnings = load_roadmap(
        data_dir, strict=strict, today=day, future_check_ins=today is not None
    )
    if model.objectives:  # what only the plan can tell: work ending after its key result
        plan = make_plan(model, today=day, time_limit=time_limit or DEFAULT_TIME_LIMIT)
        warnings = [*warnings, *plan_findings(model, plan, day)]
        if strict and any(w.severity == "warning" for w in warnings):
            raise DataError(warnings)
    report_diagnostics(warnings, Reporting(github=fmt == "github"))
    n_warn = sum(w.severity == "warning" for w in warnings)
    click.echo(
        f"{data_dir}: valid ({plural(len(model.initiatives), 'initiative')}, "
        f"{plural(len(model.objectives), 'objective')}, {plural(n_warn, 'warning')})",
        err=True,
    )
