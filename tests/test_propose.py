"""`roadmap propose`: a new request against the current plan, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Build, RunCli, copy_example

from generator.planning.propose import evaluate, proposal_as_text


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the example roadmap, so a test can prove nothing was written."""
    return copy_example(tmp_path, settings=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_displaced_work_and_broken_deadlines_are_listed(build: Build) -> None:
    base = [build.item("kb", 4, 8), build.item("sso", 3, 2, deadline=0), build.item("dash", 2, 4)]
    model = build.roadmap(base, capacity=10, quarters=2)
    new = build.item("voice-bot", 5, 6, deadline=0)
    candidate = build.roadmap([*base, new], capacity=10, quarters=2)
    proposal = evaluate(model, candidate, "voice-bot", replaces=False)
    assert proposal.placement is not None and str(proposal.placement.start) == "2027-Q1"
    effects = {c.id: (c.before, c.after, c.effect) for c in proposal.changes}
    assert effects == {
        "kb": ("2027-Q1", "2027-Q2", "later"),
        "dash": ("2027-Q2", "no-capacity", "dropped out"),
    }
    assert [(r.id, r.kind) for r in proposal.new_risks] == []
    text = proposal_as_text(model, proposal)
    assert "  it would be scheduled 2027-Q1: earliest quarter; quick win" in text
    assert "  - dash: 2027-Q2 -> no-capacity (dropped out); no capacity" in text
    assert f"Plan value: {proposal.objective_before:g}"[:16] in text


def test_a_request_that_breaks_a_deadline_says_so(build: Build) -> None:
    base = [build.item("reg", 3, 8, deadline=0)]
    model = build.roadmap(base, capacity=10, quarters=2)
    candidate = build.roadmap(
        [*base, build.item("shiny", 5, 8, deadline=0)], capacity=10, quarters=2
    )
    proposal = evaluate(model, candidate, "shiny", replaces=False)
    assert [c.effect for c in proposal.changes] == ["later"]
    assert [(r.id, r.kind) for r in proposal.new_risks] == [("reg", "deadline")]
    assert "Deadlines and dependencies it breaks (1)" in proposal_as_text(model, proposal)


def test_cli_propose_text_and_json_write_nothing(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    request = tmp_path / "voice-bot.yaml"
    request.write_text(
        "id: voice-bot\ntitle: Voice bot for password resets\n"
        "status: proposed\nimpact: 4\neffort: 8\n"
        "depends_on: [contact-driver-analysis]\n"
        "urgency: {deadline: 2027-Q2, reason: Telephony contract renewal}\n"
    )
    before = snapshot(data)
    result = run_cli("propose", str(request), "--data", str(data))
    assert result.exit_code == 0
    assert result.stdout.startswith("Proposal: adding voice-bot\n  it would be scheduled ")
    assert "Plan value: " in result.stdout
    result = run_cli("propose", str(request), "--data", str(data), "--format", "json")
    assert result.exit_code == 0
    result = json.loads(result.stdout)
    assert result["id"] == "voice-bot"
    assert set(result) >= {"placement", "not_doing", "changes", "new_risks", "objective"}
    assert snapshot(data) == before


def test_cli_propose_reports_bad_files_with_their_location(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nstatus: proposed\nimpact: 9\neffort: 2\n")
    result = run_cli("propose", str(bad), "--data", str(data))
    assert result.exit_code == 1
    assert f"{bad}:4:9: error: impact: 9 is out of range; expected at most 5" in result.stderr
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        "id: typo\ntitle: Typo\nstatus: proposed\nimpact: 2\neffort: 2\ndepends_on: [kb-overhal]\n"
    )
    result = run_cli("propose", str(typo), "--data", str(data))
    assert result.exit_code == 1
    assert (
        "depends_on: unknown initiative 'kb-overhal'; did you mean 'kb-overhaul'?" in result.stderr
    )
    # A file that is not there is a wrong command line (exit 2), not invalid data.
    result = run_cli("propose", str(tmp_path / "missing.yaml"), "--data", str(data))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "missing.yaml' does not exist" in result.stderr
    assert "the roadmap data is invalid" not in result.stderr


def test_cli_propose_a_change_to_an_existing_initiative(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    text = (data / "initiatives" / "kb-overhaul.yaml").read_text()
    changed = tmp_path / "kb-overhaul.yaml"
    changed.write_text(text.replace("effort: ", "effort: 1", 1))
    result = run_cli("propose", str(changed), "--data", str(data))
    assert result.exit_code == 0
    assert result.stdout.startswith("Proposal: replacing the current definition of kb-overhaul")


def test_what_it_would_take_to_fit_without_displacing_anything(build: Build) -> None:
    base = [build.item("a", 4, 8), build.item("b", 3, 8)]
    model = build.roadmap(base, quarters=2, capacity=10)
    # x outranks both: it takes 2027-Q1, pushes a later and b out, unless 2027-Q1 has
    # the 4 more points it lacks there.
    wins = evaluate(model, build.roadmap([*base, build.item("x", 5, 6)], quarters=2), "x", False)
    assert [(c.id, c.effect) for c in wins.changes] == [("b", "dropped out"), ("a", "later")]
    assert wins.to_fit == "raise the function's points in 2027-Q1 from 10 to 14"
    assert wins.to_json()["to_fit"] == wins.to_fit
    # y stays out for capacity: the same change brings it in with nothing displaced.
    out = evaluate(model, build.roadmap([*base, build.item("y", 1, 6)], quarters=2), "y", False)
    assert out.omission and out.omission.kind == "no-capacity" and out.changes == ()
    assert out.to_fit == "raise the function's points in 2027-Q1 from 10 to 14"
    # Nothing to say when it fits as it is.
    fits = evaluate(model, build.roadmap([*base, build.item("z", 1, 2)], quarters=2), "z", False)
    assert fits.placement and fits.changes == () and fits.to_fit == ""
    assert fits.to_json()["to_fit"] is None
