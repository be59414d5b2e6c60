"""View models for the home page: what needs attention first."""

from __future__ import annotations

from dataclasses import dataclass

from .initiatives import ProgressView, StartedView, UnstartedView
from .kpis import KPIsView, KPIView


@dataclass(frozen=True)
class NeedsAttention:
    """Breached KPIs, and (in an edition with the team view) work off track or not started."""

    kpis: tuple[KPIView, ...]
    work: tuple[StartedView, ...]
    unstarted: tuple[UnstartedView, ...]

    @property
    def any(self) -> bool:
        return bool(self.kpis or self.work or self.unstarted)


def needs_attention(kpis: KPIsView, progress: ProgressView, *, work_shown: bool) -> NeedsAttention:
    if not work_shown:
        return NeedsAttention(kpis.breaches, (), ())
    return NeedsAttention(kpis.breaches, progress.attention, progress.unstarted)
