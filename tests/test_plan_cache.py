"""Plans of earlier data versions come from a cache keyed by the data's content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, Build
from gitrepo import commit, git
from test_planner_exact import crowded

from generator.data.validate import load_roadmap
from generator.history import plan_cache
from generator.history.changelog import changelog
from generator.history.plan_cache import PlanCache, from_record, to_record
from generator.planning.planner import make_plan

SETTINGS = "title: Small roadmap\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 10}\n"


def item(id_: str, impact: int) -> str:
    return f"id: {id_}\ntitle: {id_}\nstatus: planned\nimpact: {impact}\neffort: 8\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "Start",
        {"roadmap/roadmap.yaml": SETTINGS, "roadmap/initiatives/a.yaml": item("a", 5)},
    )
    commit(repo, "Add b", {"roadmap/initiatives/b.yaml": item("b", 4)})
    commit(repo, "Raise b", {"roadmap/initiatives/b.yaml": item("b", 5)})
    return repo


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the roadmaps the cache had to plan."""
    calls: list[str] = []
    real = plan_cache.make_plan

    def counting(model, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(model.settings.title)
        return real(model, **kwargs)

    monkeypatch.setattr(plan_cache, "make_plan", counting)
    return calls


def test_a_second_build_plans_nothing_again(repo: Path, planned: list[str]) -> None:
    first = changelog(repo, Path("roadmap"))
    assert len(planned) == 3
    second = changelog(repo, Path("roadmap"))
    assert len(planned) == 3
    assert second == first
    assert len(list((repo / ".git" / "roadmap-cache" / "plans").glob("*.json"))) == 3
    # The cache ignores itself: the work tree stays clean.
    assert git(repo, "status", "--porcelain") == ""


def test_new_data_or_a_new_planner_plans_again(
    repo: Path, planned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    changelog(repo, Path("roadmap"))
    commit(repo, "Add c", {"roadmap/initiatives/c.yaml": item("c", 3)})
    changelog(repo, Path("roadmap"))
    assert len(planned) == 4  # only the new version
    monkeypatch.setattr(plan_cache, "PLANNER_VERSION", -1)
    changelog(repo, Path("roadmap"))
    assert len(planned) == 8


def test_an_unreadable_entry_is_planned_again(repo: Path, planned: list[str]) -> None:
    changelog(repo, Path("roadmap"))
    for path in (repo / ".git" / "roadmap-cache" / "plans").glob("*.json"):
        path.write_text("{not json", "utf-8")
    changelog(repo, Path("roadmap"))
    assert len(planned) == 6


def test_a_plan_cut_short_by_the_clock_is_not_kept(tmp_path: Path, build: Build) -> None:
    cache = PlanCache(tmp_path, time_limit=1e-6)
    plan = cache.plan("some-tree", crowded(build, 150))
    assert plan.solver.status == "time-limit"
    assert not (tmp_path / "plans").exists()
    kept = PlanCache(tmp_path).plan("some-tree", crowded(build, 20))
    assert kept.solver.status == "optimal"
    assert len(list((tmp_path / "plans").glob("*.json"))) == 1


def test_records_keep_every_detail_of_a_plan() -> None:
    model, _ = load_roadmap(ROOT / "roadmap")
    plan = make_plan(model)
    assert from_record(to_record(plan)) == plan


def test_a_cache_committed_to_the_work_tree_is_never_read(repo: Path, planned: list[str]) -> None:
    """A pull request can commit `.roadmap-cache/plans/<key>.json` (the key is computable
    from public data) with a forged plan; the cache lives in the git folder instead."""
    first = changelog(repo, Path("roadmap"))
    forged = repo / ".roadmap-cache" / "plans"
    forged.mkdir(parents=True)
    for path in (repo / ".git" / "roadmap-cache" / "plans").glob("*.json"):
        (forged / path.name).write_text(path.read_text("utf-8").replace('"a"', '"zz"'), "utf-8")
    again = changelog(repo, Path("roadmap"))
    assert again == first
    assert "zz" not in repr(again)


def test_a_malformed_or_foreign_entry_is_planned_again(repo: Path, planned: list[str]) -> None:
    changelog(repo, Path("roadmap"))
    # By the number of initiatives planned: {a}, then the two versions with a and b (the
    # order of the keys changes with the planner's version, so it is not relied on).
    entries = sorted(
        (repo / ".git" / "roadmap-cache" / "plans").glob("*.json"),
        key=lambda p: (len(json.loads(p.read_text("utf-8"))["scheduled"]), p.name),
    )
    entries[1].write_text('{"horizon": [1, 2], "scheduled": "x"}', "utf-8")  # crashed builds
    entries[2].write_text(entries[0].read_text("utf-8"), "utf-8")  # another version's plan
    before = len(planned)
    changelog(repo, Path("roadmap"))
    assert len(planned) == before + 2


def test_a_linked_cache_folder_is_neither_read_nor_written(tmp_path: Path, build: Build) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "cache").symlink_to(outside)
    PlanCache(tmp_path / "cache").plan("some-tree", crowded(build, 20))
    assert list(outside.iterdir()) == []
