"""`roadmap plan`, `propose`, `diff` and `compare`: the plan, a proposal against it, what
changed in it, and the plans of what-if scenarios beside it."""

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
    scenario_option,
    time_limit_option,
    today_option,
)


@click.command()
@data_option
@format_option("text", "json")
@today_option(PLAN_TODAY)
@time_limit_option
@scenario_option
def plan(
    data_dir: Path,
    fmt: str,
    today: dt.date | None,
    time_limit: float | None,
    scenario_id: str | None,
) -> None:
    """Prioritise the initiatives and sequence them into the horizon's quarters."""
    settings = plan_settings(today, time_limit)
    click.echo(plan_report(data_dir, fmt, settings, scenario_id), nl=False)


def plan_report(
    data_dir: Path, fmt: str, settings: PlanSettings, scenario_id: str | None = None
) -> str:
    """The plan with its progress risks (under a scenario when one is named), as text or JSON."""
    from ..data.validate import load_roadmap
    from ..planning.fit import with_fits
    from ..planning.scenario import find_scenario, plan_under
    from ..planning.text import plan_as_text

    model, _ = load_roadmap(data_dir)
    scenario = None if scenario_id is None else find_scenario(model, scenario_id)
    target, result = plan_under(
        model, scenario, today=settings.today, time_limit=settings.time_limit
    )
    result = with_fits(target, result, today=settings.today, time_limit=settings.time_limit)
    return result.dumps() if fmt == "json" else plan_as_text(target, result)


@click.command()
@click.argument("scenario_ids", nargs=-1, metavar="[ID]...")
@data_option
@format_option("text", "json")
@today_option(PLAN_TODAY)
@time_limit_option
def compare(
    scenario_ids: tuple[str, ...],
    data_dir: Path,
    fmt: str,
    today: dt.date | None,
    time_limit: float | None,
) -> None:
    """Plan each scenario ID (default: every scenario) and show it beside the main plan."""
    from ..data.validate import load_roadmap
    from ..history.scenarios import compare as compare_scenarios
    from ..history.scenarios import comparison_as_text

    settings = plan_settings(today, time_limit)
    model, _ = load_roadmap(data_dir)
    result = compare_scenarios(
        model, scenario_ids, today=settings.today, time_limit=settings.time_limit
    )
    click.echo(result.dumps() if fmt == "json" else comparison_as_text(result), nl=False)


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
