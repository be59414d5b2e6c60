"""`roadmap plan`, `propose` and `diff`: the plan, a proposal against it, what changed in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .options import (
    PLAN_TODAY,
    PlanSettings,
    data_option,
    format_option,
    plan_settings,
    time_limit_option,
    today_option,
)


@click.command()
@data_option
@format_option("text", "json")
@today_option(PLAN_TODAY)
@time_limit_option
def plan(data_dir: Path, fmt: str, today: dt.date | None, time_limit: float | None) -> None:
    """Prioritise the initiatives and sequence them into the horizon's quarters."""
    click.echo(plan_report(data_dir, fmt, plan_settings(today, time_limit)), nl=False)


def plan_report(data_dir: Path, fmt: str, settings: PlanSettings) -> str:
    """The plan with its progress risks, as text or as JSON."""
    from ..data.validate import load_roadmap
    from ..planning.planner import make_plan
    from ..planning.progress import with_progress_risks
    from ..planning.text import plan_as_text

    model, _ = load_roadmap(data_dir)
    made = make_plan(model, today=settings.today, time_limit=settings.time_limit)
    result = with_progress_risks(model, made, settings.today)
    return result.dumps() if fmt == "json" else plan_as_text(model, result)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@data_option
@format_option("text", "json")
@today_option(PLAN_TODAY)
@time_limit_option
def propose(
    file: Path, data_dir: Path, fmt: str, today: dt.date | None, time_limit: float | None
) -> None:
    """Evaluate a new initiative FILE against the current plan: what it would displace."""
    click.echo(proposal_report(data_dir, file, fmt, plan_settings(today, time_limit)), nl=False)


def proposal_report(data_dir: Path, file: Path, fmt: str, settings: PlanSettings) -> str:
    """What the initiative in `file` would displace, as text or as JSON."""
    from ..data.validate import load_roadmap
    from ..planning.propose import proposal_as_text
    from ..planning.propose import propose as evaluate

    model, _ = load_roadmap(data_dir)
    result = evaluate(model, file, today=settings.today, time_limit=settings.time_limit)
    return result.dumps() if fmt == "json" else proposal_as_text(model, result)


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@data_option
@format_option("text", "markdown", "json", help="markdown suits a pull request's job summary.")
def diff(base: str, head: str | None, data_dir: Path, fmt: str) -> None:
    """Show what changed in the plan from git revision BASE to HEAD (default: working tree)."""
    from ..history.diff import diff_revisions
    from ..history.report import FORMATS

    click.echo(FORMATS[fmt](diff_revisions(data_dir, base, head)), nl=False)
