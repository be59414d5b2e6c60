"""What if: scenario files, `roadmap plan --scenario` and `roadmap compare`.

The moves each example scenario makes are computed from the two plans, never written
down by hand: a test fails when a scenario changes nothing, and when `compare` reports
anything but what the plans themselves say.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, cli

from generator.data.model import UNPIN, InitiativeChange, Quarter, Scenario
from generator.data.scenarios import apply_scenario
from generator.data.validate import load_roadmap

TODAY = "2027-01-15"
SCENARIOS = ("freeze-two-quarters", "knowledge-manager-leaves")


def _plan(*options: str, data: Path = EXAMPLE) -> dict[str, Any]:
    result = cli("plan", "--data", data, "--today", TODAY, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def _slots(plan: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    out = {x: ("done",) for x in plan["done"]}
    out |= {o["id"]: ("not-doing", o["kind"]) for o in plan["not_doing"]}
    out |= {p["id"]: ("scheduled", p["start"], p["end"]) for p in plan["scheduled"]}
    return out


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    b, a = _slots(before), _slots(after)
    return {x for x in b.keys() | a.keys() if b.get(x) != a.get(x)}


@pytest.fixture(scope="module")
def main_plan() -> dict[str, Any]:
    return _plan()


@pytest.fixture(scope="module")
def compared() -> dict[str, Any]:
    result = cli("compare", "--data", EXAMPLE, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_the_example_scenarios_are_valid() -> None:
    model, notes = load_roadmap(EXAMPLE)
    assert [s.id for s in model.scenarios] == list(SCENARIOS)
    assert not [d for d in notes if d.severity == "warning"]


def test_scenarios_leave_the_main_plan_byte_identical(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "roadmap", ignore=shutil.ignore_patterns("scenarios"))
    args = ("plan", "--today", TODAY, "--format", "json")
    without = cli(*args, "--data", tmp_path / "roadmap")
    with_them = cli(*args, "--data", EXAMPLE)
    assert without.exit_code == with_them.exit_code == 0
    assert without.stdout == with_them.stdout


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_plan_under_a_scenario_changes_what_the_compare_says(
    scenario: str, main_plan: dict[str, Any], compared: dict[str, Any]
) -> None:
    under = _plan("--scenario", scenario)
    changed = _changed(main_plan, under)
    assert changed  # the scenario makes a difference
    (reported,) = [s for s in compared["scenarios"] if s["id"] == scenario]
    listed = {c["id"] for key in ("moved", "added", "left_out") for c in reported[key]}
    assert listed == changed
    assert reported["objective"] == round(under["objective"], 6)
    assert reported["optimal"] == under["optimal"]
    after = _slots(under)
    for c in reported["moved"]:
        assert after[c["id"]] == ("scheduled", c["after"]["start"], c["after"]["end"])
    for c in reported["left_out"]:
        assert after.get(c["id"], ("gone",))[0] != "scheduled"
        assert c["after"] is None or c["after"]["kind"] == after[c["id"]][1]


def test_the_hiring_freeze_leaves_out_only_hiring_work(main_plan: dict[str, Any]) -> None:
    model, _ = load_roadmap(EXAMPLE)
    changed = _changed(main_plan, _plan("--scenario", "freeze-two-quarters"))
    out = {o["id"]: o["kind"] for o in _plan("--scenario", "freeze-two-quarters")["not_doing"]}
    left = {x for x in changed if x in out}
    assert left and all(out[x] == "blocked" for x in left)
    assert all("hiring" in model.initiative_by_id[x].requires for x in left)


def test_the_knowledge_scenario_touches_knowledge_work(main_plan: dict[str, Any]) -> None:
    model, _ = load_roadmap(EXAMPLE)
    changed = _changed(main_plan, _plan("--scenario", "knowledge-manager-leaves"))
    assert {model.initiative_by_id[x].team for x in changed} == {"knowledge"}


def test_compare_json_holds_the_main_plan(
    main_plan: dict[str, Any], compared: dict[str, Any]
) -> None:
    main = compared["main"]
    assert main["objective"] == round(main_plan["objective"], 6)
    assert main["optimal"] is main_plan["optimal"] is True
    assert [q["quarter"] for q in main["capacity"]] == main_plan["horizon"]
    pools = {p["pool"] for q in main["capacity"] for p in q["pools"]}
    assert {"function", "team:knowledge", "person:sofia"} <= pools
    assert sorted(main["deadlines"]["met"] + main["deadlines"]["missed"]) == sorted(
        i.id
        for i in load_roadmap(EXAMPLE)[0].initiatives
        if i.urgency and i.status not in ("done", "dropped", "postponed")
    )
    knowledge = next(s for s in compared["scenarios"] if s["id"] == "knowledge-manager-leaves")
    q3 = next(q for q in knowledge["capacity"] if q["quarter"] == "2027-Q3")
    team = next(p for p in q3["pools"] if p["pool"] == "team:knowledge")
    assert team["available"] == pytest.approx(4 * 0.7)  # the Payroll 3.0 release still scales it


def test_compare_text_sets_each_scenario_beside_the_main_plan(compared: dict[str, Any]) -> None:
    result = cli("compare", "knowledge-manager-leaves", "--data", EXAMPLE, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Scenario knowledge-manager-leaves: ")
    assert "freeze-two-quarters" not in text
    for word in ("plan value", "deadlines met", "deadlines missed", "Moved:", "Left out:"):
        assert word in text
    (scenario,) = [s for s in compared["scenarios"] if s["id"] == "knowledge-manager-leaves"]
    for c in scenario["left_out"] + scenario["moved"]:
        assert f"    {c['id']}: " in text
    assert "team:knowledge" in text


@pytest.mark.parametrize("command", [("plan", "--scenario"), ("compare",)])
def test_an_unknown_scenario_exits_1_with_the_closest_id(command: tuple[str, ...]) -> None:
    result = cli(*command, "freeze-two-quarter", "--data", EXAMPLE, "--today", TODAY)
    assert result.exit_code == 1
    assert "did you mean 'freeze-two-quarters'?" in result.stderr
    assert "Traceback" not in result.output


def test_no_scenarios_folder_is_fine(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "roadmap", ignore=shutil.ignore_patterns("scenarios"))
    result = cli("compare", "--data", tmp_path / "roadmap", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("No scenarios")


def test_apply_scenario_is_pure_and_applies_every_kind_of_change() -> None:
    model, _ = load_roadmap(EXAMPLE)
    origin = model.settings.origin
    freeze = model.scenario_by_id["freeze-two-quarters"]
    scenario = Scenario(
        "test",
        "Test",
        "",
        origin,
        events=freeze.events,
        changes=(
            InitiativeChange("payroll3-readiness", origin, pin=UNPIN),
            InitiativeChange("kb-overhaul", origin, status="postponed", effort=3.0),
        ),
    )
    knowledge = model.scenario_by_id["knowledge-manager-leaves"]
    applied = apply_scenario(apply_scenario(model, scenario), knowledge)
    assert model.initiative_by_id["payroll3-readiness"].pin == Quarter(2027, 2)  # untouched
    assert applied.initiative_by_id["payroll3-readiness"].pin is None
    kb = applied.initiative_by_id["kb-overhaul"]
    assert (kb.status, kb.effort) == ("postponed", 3.0)
    assert [e.id for e in applied.events] == [e.id for e in model.events] + ["freeze-extension"]
    pools = {t.team: t for t in applied.settings.team_capacity}
    assert pools["knowledge"].base(Quarter(2027, 3)) == 4
    assert pools["knowledge"].base(Quarter(2027, 2)) == 8
    sofia = applied.person_by_id["sofia"]
    assert (sofia.limit(Quarter(2027, 3)), sofia.limit(Quarter(2027, 4))) == (3, 7)
    assert applied.scenarios == ()


def test_the_data_as_a_scenario_has_it_is_checked(tmp_path: Path) -> None:
    data = tmp_path / "roadmap"
    shutil.copytree(EXAMPLE, data)
    (data / "scenarios" / "late.yaml").write_text(
        "title: Late\n"
        "changes:\n"
        "  initiatives:\n"
        "    kb-overhaul: {quarter: 2031-Q1}\n"
        "  add:\n"
        "    - {id: chat-pilot, title: Chat, status: proposed, impact: 3, effort: 4,"
        " supports: [nope.kr]}\n",
        "utf-8",
    )
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2
    pin, supports = errors
    assert pin.startswith(f"{data / 'scenarios' / 'late.yaml'}:4:5: error: scenario 'late': ")
    assert "2031-Q1 is outside the horizon" in pin
    assert "initiatives/kb-overhaul.yaml" in pin
    assert ":6:" in supports and "unknown objective 'nope'" in supports
    assert "does not match the file name" not in result.stderr


# --- the Scenarios page of the leadership edition ------------------------------------------


def _rendered(edition: str, data: Path = EXAMPLE) -> dict[str, str | bytes]:
    import datetime as dt

    from generator.history.scenarios import compare
    from generator.planning.planner import make_plan
    from generator.planning.progress import with_progress_risks
    from generator.site.render import render_site

    model, _ = load_roadmap(data)
    day = dt.date.fromisoformat(TODAY)
    plan = with_progress_risks(model, make_plan(model, today=day), day)
    comparison = compare(model, today=day, main_plan=plan)
    site = render_site(model, plan, edition, today=day, comparison=comparison)  # type: ignore[arg-type]
    assert ("scenarios.md" in site.files) == any("Scenarios" in n for n in site.nav)
    return site.files


def test_the_leadership_edition_shows_each_scenario_against_the_plan() -> None:
    page = str(_rendered("leadership")["scenarios.md"])
    freeze, knowledge = page.split("## The knowledge team loses a manager in Q3")
    assert "## The hiring freeze lasts two quarters" in freeze
    assert (
        "| [Agent onboarding academy](initiatives/agent-onboarding-academy.md) | "
        "2027\\-Q3 to 2027\\-Q4 | not doing: blocked | – | blocked: " in freeze
    )
    assert "**1 initiative would drop out\\.**" in knowledge
    assert (
        "| [Knowledge base overhaul](initiatives/kb-overhaul.md) | 2027\\-Q2 to 2027\\-Q3 | "
        "not doing: no capacity left | – | no capacity: " in knowledge
    )
    assert page.count('class="rm-chart rm-timeline"') >= 2  # a timeline per scenario


@pytest.mark.parametrize("edition", ["team", "organisation"])
def test_scenarios_never_reach_the_team_or_organisation_edition(edition: str) -> None:
    files = _rendered(edition)
    assert "scenarios.md" not in files
    model, _ = load_roadmap(EXAMPLE)
    for s in model.scenarios:
        for text in (s.title, s.description.split("\n")[0]):
            leaked = [name for name, body in files.items() if text in str(body)]
            assert not leaked, f"{text!r} in {leaked}"


@pytest.mark.slow
def test_a_hostile_scenario_is_escaped_for_leadership_and_absent_elsewhere(
    tmp_path: Path,
) -> None:
    from conftest import build_site, copy_example

    data = copy_example(tmp_path)
    (data / "scenarios" / "hostile.yaml").write_text(
        "title: <script>alert('SCENARIO-TITLE')</script>\n"
        "description: '<img src=x onerror=alert(1)> SCENARIO-BODY'\n"
        "changes:\n  capacity:\n    default: 6\n",
        encoding="utf-8",
    )
    for edition in ("team", "organisation"):
        site = build_site(data, tmp_path / edition, "--audience", edition, "--today", TODAY)
        for f in site.rglob("*"):
            if f.is_file() and f.suffix in (".html", ".json", ".xml", ".ics", ".svg"):
                body = f.read_text("utf-8", errors="replace")
                assert "SCENARIO-" not in body, f"{f.relative_to(site)}"
        assert not (site / "scenarios").exists()
    site = build_site(data, tmp_path / "lead", "--audience", "leadership", "--today", TODAY)
    page = (site / "scenarios" / "index.html").read_text("utf-8")
    assert "SCENARIO-TITLE" in page and "SCENARIO-BODY" in page
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert 'href="scenarios/"' in (site / "index.html").read_text("utf-8")  # in the nav
