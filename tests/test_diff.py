"""`roadmap diff` on a scripted git history: move, add, drop, remove, retarget, risks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Build, RunCli
from gitrepo import GIT_ENV, git
from gitrepo import commit as commit_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_planner_pools import of, pooled, pooled_roadmaps

from generator.data.model import Quarter, Roadmap
from generator.history.diff import PlanDiff, compare, diff_revisions, snapshot

SETTINGS = """\
title: Small roadmap
horizon: {start: 2027-Q1, quarters: 4}
capacity: {default: 10}
"""
OKRS = """\
objectives:
  - id: faster
    title: Answer customers faster
    level: function
    period: 2027
    key_results:
      - {id: reply-time, title: Hours to first reply, unit: hours, baseline: 8, target: 4}
      - {id: csat, title: CSAT after a reply, baseline: 4.1, target: 4.4}
      - {id: fcr, title: Resolved on first contact, unit: "%", baseline: 60, target: 70}
"""


def initiative(id_: str, impact: int, *extra: str, title: str | None = None) -> str:
    lines = [
        f"id: {id_}",
        f"title: {title or id_.capitalize() + ' work'}",
        "status: planned",
        f"impact: {impact}",
        "effort: 8",
        "supports: [faster.reply-time]",
        *extra,
    ]
    return "\n".join(lines) + "\n"


def commit(repo: Path, tag: str, message: str, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files, commit them and tag the commit."""
    commit_files(repo, message, files)
    git(repo, "tag", tag)


def build_history(repo: Path) -> None:
    """Each quarter holds one 8-point initiative (capacity 10): alpha, beta, gamma, delta."""
    repo.mkdir(exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "c1",
        "Initial roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/okrs/faster.yaml": OKRS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
            "roadmap/initiatives/beta.yaml": initiative("beta", 4),
            "roadmap/initiatives/gamma.yaml": initiative("gamma", 3),
            "roadmap/initiatives/delta.yaml": initiative("delta", 2),
        },
    )
    commit(
        repo,
        "c2",
        "Pin delta to the first quarter",
        {"roadmap/initiatives/delta.yaml": initiative("delta", 2, "quarter: 2027-Q1")},
    )
    commit(
        repo, "c3", "Add epsilon", {"roadmap/initiatives/epsilon.yaml": initiative("epsilon", 5)}
    )
    commit(
        repo,
        "c4",
        "Drop beta",
        {
            "roadmap/initiatives/beta.yaml": initiative(
                "beta", 4, "reason: Product covers it"
            ).replace("status: planned", "status: dropped")
        },
    )
    commit(repo, "c5", "Remove alpha", {"roadmap/initiatives/alpha.yaml": None})
    commit(
        repo,
        "c6",
        "Aim for two-hour replies",
        {
            "roadmap/okrs/faster.yaml": OKRS.replace(
                "baseline: 8, target: 4", "baseline: 8, target: 2"
            )
        },
    )
    commit(repo, "c7", "Document the project", {"README.md": "# Our roadmap\n"})
    commit(
        repo,
        "c8",
        "Describe gamma",
        {"roadmap/initiatives/gamma.yaml": initiative("gamma", 3, "description: Why it matters")},
    )
    commit(
        repo,
        "c9",
        "Gamma has a regulatory deadline",
        {
            "roadmap/initiatives/gamma.yaml": initiative(
                "gamma",
                3,
                "description: Why it matters",
                "urgency: {deadline: 2027-Q1, reason: The regulation applies from January}",
            )
        },
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("history") / "repo"
    build_history(repo)
    return repo


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands under test run git too: give them the same isolated identity."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def copied_history(tmp_path: Path, history: Path, git_env: None) -> Path:
    """A private copy of the scripted history, for tests that add commits."""
    repo = tmp_path / "repo"
    shutil.copytree(history, repo)
    return repo


@pytest.fixture
def in_repo(history: Path, monkeypatch: pytest.MonkeyPatch, git_env: None) -> Iterator[Path]:
    monkeypatch.chdir(history)
    yield history
    # Nothing the diff does may leave a trace in the working tree.
    assert git(history, "status", "--porcelain") == ""


def changes(diff: PlanDiff) -> dict[str, tuple[str, str | None, str | None]]:
    """id -> (change kind, before, after) with slots as text."""
    return {
        c.id: (c.kind, str(c.before) if c.before else None, str(c.after) if c.after else None)
        for c in diff.initiatives
    }


def test_base_plan_is_one_initiative_per_quarter(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c1", "c1")
    assert diff.empty
    assert diff.summary() == "no change to the plan"


def test_move_by_pinning_elsewhere(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c1", "c2")
    found = changes(diff)
    assert found["delta"] == ("moved", "2027-Q4", "2027-Q1")
    later = [c for c in diff.of_kind("moved") if c.id != "delta"]
    assert later, "something had to make room in 2027-Q1"
    for c in later:
        assert c.after and c.before and c.after.start and c.before.start
        assert c.after.start > c.before.start
    # Each is displaced by the work that now holds its old quarter, not by the pin at the
    # head of the chain: alpha gave up 2027-Q1 to delta, beta its quarter to alpha, ...
    holder = {str(c.after.start): c.id for c in diff.initiatives if c.after and c.after.start}
    for c in later:
        assert c.before and c.before.start
        assert c.displaced_by == (holder[str(c.before.start)],)
    assert next(c for c in later if c.id == "alpha").displaced_by == ("delta",)
    assert diff.base == "c1" and diff.head == "c2"


def test_add_pushes_the_lowest_priority_into_not_doing(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c2", "c3")
    (added,) = diff.of_kind("added")
    assert added.id == "epsilon" and added.after and added.after.state == "scheduled"
    (pushed,) = diff.of_kind("pushed-out")
    assert pushed.after and pushed.after.kind == "no-capacity"
    assert pushed.before and pushed.before.state == "scheduled"
    # Displaced by what now holds its old quarter; the chain of moves starts at epsilon.
    assert pushed.before.start
    (holder,) = (c for c in diff.initiatives if c.after and c.after.start == pushed.before.start)
    assert pushed.displaced_by == (holder.id,)
    assert any(c.displaced_by == ("epsilon",) for c in diff.initiatives)
    assert pushed.after.reason  # the planner says why, and the diff passes it on


def test_drop_is_a_decision_not_a_displacement(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c3", "c4")
    beta = next(c for c in diff.initiatives if c.id == "beta")
    assert beta.kind == "pushed-out"
    assert beta.after and beta.after.kind == "dropped" and beta.displaced_by == ()
    assert [(s.id, s.before, s.after) for s in diff.statuses] == [("beta", "planned", "dropped")]
    assert diff.of_kind("scheduled"), "the freed quarter brings back what did not fit"


def test_remove(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c4", "c5")
    (removed,) = diff.of_kind("removed")
    assert removed.id == "alpha" and removed.after is None
    assert removed.title == "Alpha work"


def test_retarget_a_key_result(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c5", "c6")
    assert [(t.ref, t.before, t.after) for t in diff.targets] == [("faster.reply-time", 4, 2)]
    assert diff.initiatives == ()
    assert diff.summary() == "no change to the plan; 1 key-result target changed"


def test_unrelated_commits_change_nothing(in_repo: Path) -> None:
    assert diff_revisions(Path("roadmap"), "c6", "c8").empty


def test_risks_introduced_and_cleared(in_repo: Path) -> None:
    introduced = diff_revisions(Path("roadmap"), "c8", "c9")
    assert ("gamma", "deadline") in {(r.id, r.kind) for r in introduced.risks_introduced}
    cleared = diff_revisions(Path("roadmap"), "c9", "c8")
    assert ("gamma", "deadline") in {(r.id, r.kind) for r in cleared.risks_cleared}


def test_head_defaults_to_the_working_tree(in_repo: Path) -> None:
    path = in_repo / "roadmap/initiatives/gamma.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("impact: 3", "impact: 5"), encoding="utf-8")
    try:
        diff = diff_revisions(Path("roadmap"), "HEAD")
        assert diff.head == "working tree"
        assert not diff.empty
    finally:
        path.write_text(original, encoding="utf-8")
    assert git(in_repo, "rev-parse", "HEAD") == git(in_repo, "rev-parse", "c9")


def test_cli_text(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "c1", "c2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Plan changes from c1 to c2: ")
    assert "  delta Delta work: 2027-Q4 -> 2027-Q1\n" in result.stdout
    assert "displaced by delta" in result.stdout


def test_cli_markdown_for_the_job_summary(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "c2", "c3", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Roadmap plan: c2 → c3\n")
    assert "### Newly in the not-doing list" in result.stdout
    assert "### Added" in result.stdout
    assert "displaced by `epsilon`" in result.stdout


def test_cli_json(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "c4", "c5", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["base"] == "c4" and data["head"] == "c5"
    removed = [c for c in data["initiatives"] if c["change"] == "removed"]
    assert removed == [
        {
            "id": "alpha",
            "title": "Alpha work",
            "change": "removed",
            "before": removed[0]["before"],
            "after": None,
            "displaced_by": [],
        }
    ]
    assert removed[0]["before"]["state"] == "scheduled"


def test_cli_bad_revision(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "no-such-branch")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: unknown revision 'no-such-branch'")
    assert "Traceback" not in result.stderr
    result = run_cli("diff", "--", "--output=x")
    assert result.exit_code == 1 and "'--output=x' is not a revision" in result.stderr


def test_cli_invalid_data_at_a_revision(
    run_cli: RunCli, copied_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = copied_history
    commit(
        repo,
        "broken",
        "Impact in words",
        {
            "roadmap/initiatives/gamma.yaml": initiative("gamma", 3).replace(
                "impact: 3", "impact: high"
            )
        },
    )
    monkeypatch.chdir(repo)
    result = run_cli("diff", "broken", "c9")
    assert result.exit_code == 1 and result.stdout == ""
    assert "broken:roadmap/initiatives/gamma.yaml:4:9: error: " in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_outside_a_repository(
    run_cli: RunCli, tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(history / "roadmap", tmp_path / "roadmap")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "HEAD")
    assert result.exit_code == 1
    assert "not inside a git repository" in result.stderr


def test_revision_without_data(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_env: None
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "empty", "Start", {"README.md": "later\n"})
    commit(
        repo,
        "data",
        "Roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/okrs/faster.yaml": OKRS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
        },
    )
    monkeypatch.chdir(repo)
    # The pull request that creates the roadmap: everything in it is new.
    result = run_cli("diff", "empty", "data")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Plan changes from empty to data: 1 added\n")
    result = run_cli("diff", "data", "empty")
    assert result.exit_code == 1
    assert result.stderr == "error: empty: there is no roadmap/ folder at this revision\n"


def test_markdown_escapes_text_from_the_data(
    run_cli: RunCli, copied_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = copied_history
    commit(
        repo,
        "html",
        "Sneaky title",
        {
            "roadmap/initiatives/zeta.yaml": initiative(
                "zeta", 5, title="'<img src=x onerror=alert(1)> [x](javascript:alert(1))'"
            )
        },
    )
    monkeypatch.chdir(repo)
    result = run_cli("diff", "c9", "html", "--format", "markdown")
    assert result.exit_code == 0
    assert "<img" not in result.stdout and "](javascript" not in result.stdout
    assert "&lt;img" in result.stdout


def test_quarter_ranges_in_reports(in_repo: Path) -> None:
    diff = diff_revisions(Path("roadmap"), "c1", "c2")
    delta = next(c for c in diff.initiatives if c.id == "delta")
    assert delta.after and delta.after.quarters == (Quarter(2027, 1),)


def test_an_edit_that_moves_nothing_is_still_reported(
    run_cli: RunCli, copied_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = copied_history
    smaller = initiative("delta", 2, "quarter: 2027-Q1").replace("effort: 8", "effort: 6")
    commit(repo, "c10", "Delta is smaller", {"roadmap/initiatives/delta.yaml": smaller})
    monkeypatch.chdir(repo)
    result = run_cli("diff", "c9", "c10")
    assert result.exit_code == 0
    assert result.stdout == (
        "Plan changes from c9 to c10: no change to the plan; 1 initiative edited\n"
        "\n"
        "Edited:\n"
        "  delta Delta work: effort 8 -> 6\n"
    )
    result = run_cli("diff", "c9", "c10", "--format", "json")
    assert json.loads(result.stdout)["edits"] == [
        {
            "id": "delta",
            "title": "Delta work",
            "fields": [{"field": "effort", "before": "8", "after": "6"}],
        }
    ]
    # The changelog keeps the edit too, though nothing moved.
    from generator.history.changelog import changelog

    (latest, *_) = changelog(repo, Path("roadmap"))
    assert latest.subject == "Delta is smaller"
    assert latest.diff.summary() == "no change to the plan; 1 initiative edited"


def test_nothing_changed_says_so(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "c6", "c8")
    assert (result.exit_code, result.stdout) == (
        0,
        "Plan changes from c6 to c8: no change to the plan\n",
    )


def test_edits_and_displacement_name_initiatives_by_title(run_cli: RunCli, in_repo: Path) -> None:
    result = run_cli("diff", "c8", "c9")
    assert result.exit_code == 0
    assert "Edited:\n  gamma Gamma work: deadline none -> 2027-Q1\n" in result.stdout
    assert "Risks introduced:\n  gamma Gamma work (deadline): " in result.stdout
    result = run_cli("diff", "c2", "c3")
    assert result.exit_code == 0
    assert "; displaced by epsilon Epsilon work\n" in result.stdout


def test_a_change_of_the_published_edition_is_called_out(tmp_path: Path) -> None:
    """One line in roadmap.yaml decides what goes to the public site: reviewers must see it."""
    from generator.data.validate import load_roadmap
    from generator.history.diff import compare, snapshot
    from generator.history.report import format_markdown

    data = tmp_path / "roadmap"
    shutil.copytree(Path(__file__).resolve().parent.parent / "roadmap", data)
    base = snapshot(load_roadmap(data)[0])
    settings = data / "roadmap.yaml"
    settings.write_text(settings.read_text("utf-8") + "publish: {audience: leadership}\n")
    diff = compare(base, snapshot(load_roadmap(data)[0]))
    assert diff.edition == ("team", "leadership")
    assert "published edition team -> leadership" in diff.summary()
    report = format_markdown(diff)
    assert "### Published edition" in report
    assert "team → leadership" in report
    assert "holds internal notes" in report


# --- blame follows causes: a property over generated roadmaps with several pools -----------


@st.composite
def one_more_initiative(draw: st.DrawFn) -> tuple[Roadmap, Roadmap]:
    """A roadmap with team and person pools, and the same roadmap with one more item."""
    base = draw(pooled_roadmaps())
    item = Build().item(
        "newcomer",
        draw(st.integers(3, 5)),
        draw(st.sampled_from((2, 3, 4, 6))),
        duration=draw(st.integers(1, 2)),
    )
    item = replace(
        item,
        team=draw(st.sampled_from((None, "ops", "kb"))),
        owner=draw(st.sampled_from((None, "maria", "jonas"))),
    )
    return base, replace(base, initiatives=(*base.initiatives, item))


def _pool_keys(model: Roadmap, initiative: str) -> set[str]:
    """The pools an initiative draws on, written out from docs/planning.md's rule."""
    item = model.initiative_by_id[initiative]
    teams = {t.team for t in model.settings.team_capacity}
    people = {p.id for p in model.people if p.capacity is not None}
    keys = {f"team:{item.team}" if item.team in teams else "function"}
    return keys | ({f"person:{item.owner}"} if item.owner in people else set())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_more_initiative())
def test_every_named_displacer_holds_the_full_pool_in_the_quarter_that_was_lost(
    models: tuple[Roadmap, Roadmap],
) -> None:
    base, head = (snapshot(m) for m in models)
    diff = compare(base, head)
    free = {(c.quarter, p.pool): p.available - p.used for c in head.plan.capacity for p in c.pools}
    for change in diff.initiatives:
        if not change.displaced_by:
            continue
        assert change.before and change.after
        item = head.model.initiative_by_id[change.id]
        need = item.effort / item.duration
        lost = set(change.before.quarters) - set(change.after.quarters)
        mine = _pool_keys(head.model, change.id)
        for d in change.displaced_by:
            place = head.plan.placement(d)
            assert place is not None, f"{d} displaced {change.id} but is not in the plan"
            held = {place.start + k for k in range(place.end - place.start + 1)}
            shared = mine & _pool_keys(head.model, d)
            binding = [
                (q, pool) for q in held & lost for pool in shared if free[(q, pool)] + 1e-9 < need
            ]
            assert binding, (
                f"{d} is named as displacing {change.id} but holds no full pool of it "
                f"in a quarter it lost ({sorted(map(str, lost))})"
            )


def test_work_in_another_pool_is_never_named_as_the_cause(build: Build) -> None:
    """New Billing work starts early too, but only the new tech work took tech room."""
    items = [of(build.item("t1", 4, 6), team="tech"), of(build.item("t2", 3, 6), team="tech")]
    pools = {"tech": 8, "billing": 8}
    base = pooled(build, items, teams=pools, capacity=4)
    added = [
        of(build.item("tnew", 5, 6), team="tech"),
        of(build.item("bnew", 5, 4), team="billing"),
    ]
    head = pooled(build, items + added, teams=pools, capacity=4)
    diff = compare(snapshot(base), snapshot(head))
    moved = {c.id: c.displaced_by for c in diff.of_kind("moved")}
    assert moved == {"t1": ("tnew",), "t2": ("t1",)}
