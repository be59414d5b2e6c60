"""The current state: friction points in the model, and the "Where we start" page."""

from __future__ import annotations

import datetime as dt

from rendered import page, section

from generator.data.model import Roadmap
from generator.site.build import Prepared

D = dt.date


def test_current_state_and_the_stale_setting(recorded: Roadmap) -> None:
    state = recorded.current_state
    assert state is not None and state.as_of == D(2026, 11, 20)
    (friction,) = state.friction
    assert (friction.id, friction.metric, friction.kpi) == ("repeat-contacts", "FCR 68%", "fcr")
    assert recorded.friction_by_id == {"repeat-contacts": friction}
    assert recorded.settings.stale_after_weeks == 4


def test_where_we_start_lists_friction_with_its_work_and_the_gaps(
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "where-we-start/index.md", "organisation")
    assert (
        '!!! note "Gaps"\n'
        "    - Not addressed by any initiative in the plan: [The phone menu sends callers to the "
        "wrong queue](#misrouted\\-calls), [Billing questions bounce between CS and Finance]"
        "(#billing\\-handoffs).\n"
        "    - Work that addresses no friction point: [CSAT survey redesign]"
        "(../initiatives/csat-survey-redesign.md), [Payroll 3\\.0 support readiness]"
        "(../initiatives/payroll3-readiness.md).\n"
    ) in text
    assert section(text, "## Severity\\-1 cases wait in silence {#silent-escalations}")[-4:] == [
        "**Addressed by:**",
        "- [S1 escalation path](../initiatives/s1-escalation-path.md) (in progress, 2027\\-Q1 "
        "to 2027\\-Q2)",
        "- [Tier\\-2 hiring](../initiatives/tier2-hiring.md) (proposed, 2027\\-Q4)",
        "- [Zendesk trigger and routing clean\\-up](../initiatives/zendesk-triggers.md) (done)",
    ]
    assert (
        section(text, "## Billing questions bounce between CS and Finance {#billing-handoffs}")[-1]
        == "**Not addressed by any initiative in the plan.**"
    )
    # the leadership edition also names the work that addresses it but is left out
    lead = page(prepared, "where-we-start/index.md")
    heading = "## The phone menu sends callers to the wrong queue {#misrouted-calls}"
    assert section(lead, heading)[-2:] == [
        "**Not addressed by any initiative in the plan.**",
        "**Left out of the plan:** [Legacy IVR rebuild](../initiatives/legacy-ivr-rebuild.md) "
        "(ballast: low impact for high effort).",
    ]
    assert {"Where we start": "where-we-start/index.md"} in prepared["team"].config["nav"]
