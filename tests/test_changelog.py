"""The changelog: the commits on main that moved the plan, from a scripted git history."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from gitrepo import commit, git

from generator.history.changelog import changelog

SETTINGS = "title: Small roadmap\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 10}\n"


def initiative(id_: str, impact: int | str, *extra: str) -> str:
    return (
        "\n".join(
            [
                f"id: {id_}",
                f"title: {id_.capitalize()} work",
                "status: planned",
                f"impact: {impact}",
                "effort: 8",
                *extra,
            ]
        )
        + "\n"
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("changelog") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    ids = {"readme": commit(repo, "Start the repository", {"README.md": "# Roadmap\n"})}
    ids["initial"] = commit(
        repo,
        "Initial roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
            "roadmap/initiatives/beta.yaml": initiative("beta", 4),
            "roadmap/initiatives/gamma.yaml": initiative("gamma", 3),
        },
    )
    # A pull request, merged the way GitHub merges: the PR title is the body's first line.
    git(repo, "checkout", "-q", "-b", "pin-gamma")
    commit(
        repo, "wip", {"roadmap/initiatives/gamma.yaml": initiative("gamma", 3, "quarter: 2027-Q1")}
    )
    git(repo, "checkout", "-q", "main")
    git(
        repo,
        "merge",
        "-q",
        "--no-ff",
        "pin-gamma",
        "-m",
        "Merge pull request #7 from maria/pin-gamma\n\nPin gamma to the first quarter",
    )
    ids["merge"] = git(repo, "rev-parse", "HEAD")
    ids["docs"] = commit(repo, "Explain the process", {"README.md": "# Roadmap\n\nHow.\n"})
    ids["wording"] = commit(
        repo,
        "Describe alpha",
        {"roadmap/initiatives/alpha.yaml": initiative("alpha", 5, "description: Why")},
    )
    ids["broken"] = commit(
        repo, "Impact in words", {"roadmap/initiatives/beta.yaml": initiative("beta", "high")}
    )
    ids["fixed"] = commit(
        repo,
        "Fix beta and add delta",
        {
            "roadmap/initiatives/beta.yaml": initiative("beta", 4),
            "roadmap/initiatives/delta.yaml": initiative("delta", 5),
        },
    )
    ids["removed"] = commit(repo, "Remove beta", {"roadmap/initiatives/beta.yaml": None})
    return repo, ids


def test_entries_are_the_commits_that_moved_the_plan(history: tuple[Path, dict[str, str]]) -> None:
    repo, ids = history
    entries = changelog(repo, Path("roadmap"))
    assert [e.commit for e in entries] == [
        ids["removed"],
        ids["fixed"],
        ids["merge"],
        ids["initial"],
    ]
    assert [e.subject for e in entries] == [
        "Remove beta",
        "Fix beta and add delta",
        "Pin gamma to the first quarter",
        "Initial roadmap",
    ]


def test_what_moved(history: tuple[Path, dict[str, str]]) -> None:
    repo, ids = history
    removed, fixed, merge, initial = changelog(repo, Path("roadmap"))
    assert [(c.id, c.kind) for c in removed.diff.of_kind("removed")] == [("beta", "removed")]
    # The broken commit is skipped: the fix is compared with the last valid version.
    assert fixed.diff.base == ids["wording"][:7]
    assert [c.id for c in fixed.diff.of_kind("added")] == ["delta"]
    gamma = next(c for c in merge.diff.initiatives if c.id == "gamma")
    assert gamma.kind == "moved" and str(gamma.after) == "2027-Q1"
    assert initial.initial and not merge.initial
    assert {c.id for c in initial.diff.initiatives} == {"alpha", "beta", "gamma"}
    assert all(c.kind == "added" for c in initial.diff.initiatives)


def test_entry_metadata(history: tuple[Path, dict[str, str]]) -> None:
    repo, ids = history
    entry = changelog(repo, Path("roadmap"))[0]
    assert entry.author == "Maria Keller"
    assert entry.short == ids["removed"][:7]
    assert isinstance(entry.date, dt.datetime) and entry.date.tzinfo is not None
    assert entry.diff.head == entry.short


def test_limit(history: tuple[Path, dict[str, str]]) -> None:
    repo, ids = history
    assert [e.commit for e in changelog(repo, Path("roadmap"), limit=2)] == [
        ids["removed"],
        ids["fixed"],
    ]


def test_absolute_data_dir(history: tuple[Path, dict[str, str]]) -> None:
    repo, _ = history
    assert len(changelog(repo, repo / "roadmap")) == 4


def test_no_repository_no_changelog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "roadmap").mkdir()
    (tmp_path / "roadmap" / "roadmap.yaml").write_text(SETTINGS, encoding="utf-8")
    assert changelog(tmp_path, Path("roadmap")) == []


def test_repository_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "roadmap").mkdir()
    assert changelog(tmp_path, Path("roadmap")) == []


def _raw_commit(repo: Path, parent: str, author: bytes, message: bytes) -> str:
    """A commit object written byte for byte, as any git client could have made it."""
    tree = git(repo, "write-tree")
    body = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author "
        + author
        + b" <x@example.invalid> 1800000000 +0200\n"
        + b"committer C <c@example.invalid> 1800000000 +0200\n\n"
        + message
    )
    path = repo / "raw-commit"
    path.write_bytes(body)
    made = git(repo, "hash-object", "-t", "commit", "-w", "--literally", str(path))
    path.unlink()
    git(repo, "update-ref", "HEAD", made)
    return made


def _roadmap_with_beta_staged(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose first commit holds `alpha`, with `beta` added and staged."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    first = commit(
        repo,
        "Initial roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
        },
    )
    (repo / "roadmap/initiatives/beta.yaml").write_text(initiative("beta", 4), "utf-8")
    git(repo, "add", "-A")
    return repo, first


def test_any_byte_in_commit_metadata_is_shown_as_text(tmp_path: Path) -> None:
    repo, first = _roadmap_with_beta_staged(tmp_path)
    made = _raw_commit(
        repo,
        first,
        b"Eve \x1e\x1f\x1b[31mRed\xff",
        b"Add beta \x1f with \x1e separators \x1b]8;;x\x07 and \xfe bytes\n\nbody \x1f\x1e\n",
    )
    entries = changelog(repo, Path("roadmap"))
    assert [e.commit for e in entries] == [made, first]
    newest = entries[0]
    assert newest.author == "Eve    [31mRed\ufffd"
    assert newest.subject == "Add beta   with   separators  ]8;;x  and \ufffd bytes"
    assert newest.date == dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_only_the_newest_commits_are_examined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.history.changelog as module

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "Initial roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
        },
    )
    for n in range(1, 7):
        pin = f"quarter: 2027-Q{1 + n % 4}"  # each edit moves the plan
        commit(repo, f"Edit {n}", {"roadmap/initiatives/alpha.yaml": initiative("alpha", 5, pin)})
    monkeypatch.setattr(module, "MAX_COMMITS", 3)
    subjects = [e.subject for e in changelog(repo, Path("roadmap"))]
    assert subjects[0] == "Edit 6"
    assert "Initial roadmap" not in subjects and "Edit 2" not in subjects
    assert len(subjects) <= 3


def test_a_pull_request_check_names_the_pull_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pull-request workflow builds from GitHub's merge commit `Merge <head> into
    <base>`; its entry says what it is, and the history under it is main's."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    base = commit(
        repo,
        "Initial roadmap",
        {
            "roadmap/roadmap.yaml": SETTINGS,
            "roadmap/initiatives/alpha.yaml": initiative("alpha", 5),
        },
    )
    git(repo, "checkout", "-q", "-b", "add-beta")
    head = commit(repo, "wip", {"roadmap/initiatives/beta.yaml": initiative("beta", 4)})
    git(repo, "checkout", "-q", "--detach", base)
    git(repo, "merge", "-q", "--no-ff", head, "-m", f"Merge {head} into {base}")
    entries = changelog(repo, Path("roadmap"))
    assert [e.subject for e in entries] == [
        "This pull request, once merged",
        "Initial roadmap",
    ]
    assert [c.id for c in entries[0].diff.of_kind("added")] == ["beta"]


def test_a_commit_with_an_impossible_time_zone_breaks_nothing(tmp_path: Path) -> None:
    from generator.history.git import open_repository
    from generator.history.reviews import _data_commits

    repo, first = _roadmap_with_beta_staged(tmp_path)
    tree = git(repo, "write-tree")
    raw = (
        f"tree {tree}\nparent {first}\nauthor A <a@b> 1700000000 +9999\n"
        "committer A <a@b> 1700000000 +9999\n\nodd zone\n"
    )
    (repo / "raw").write_text(raw, "utf-8")
    made = git(repo, "hash-object", "-t", "commit", "-w", "--literally", "raw")
    (repo / "raw").unlink()
    git(repo, "update-ref", "HEAD", made)
    assert next(e.commit for e in changelog(repo, Path("roadmap"))) == made
    commits = _data_commits(open_repository(repo / "roadmap"))
    assert [c for c, _ in commits] == [first, made]
