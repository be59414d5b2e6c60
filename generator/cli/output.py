"""How the commands speak: diagnostics and notes on stderr, results on stdout."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from ..errors import Diagnostic, display_path

if TYPE_CHECKING:
    from ..scaffold.new import Scaffold

REPORTING = "roadmap.reporting"  # the key of the command's Reporting in click's ctx.meta


@dataclass(frozen=True)
class Reporting:
    """How the command was asked to report diagnostics (`--format github`, `--strict`)."""

    github: bool = False
    strict: bool = False


def report_diagnostics(diagnostics: Iterable[Diagnostic], how: Reporting = Reporting()) -> None:
    """Each diagnostic on its own line of stderr; under `--strict` warnings read as errors."""
    for d in diagnostics:
        if how.strict and d.severity == "warning":
            d = Diagnostic(d.path, d.line, d.col, "error", d.message)
        click.echo(d.format_github() if how.github else d.format(), err=True)


def created(result: Scaffold) -> None:
    """What `roadmap new` wrote and what to do next."""
    report_diagnostics(result.warnings)
    click.echo(
        f"created {display_path(result.path)}: fill it in, then run `roadmap validate`", err=True
    )
